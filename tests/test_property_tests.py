"""The property tests (hypothesis) draw the same examples on every run."""

from __future__ import annotations

import os

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

# `HYPOTHESIS_PROFILE=explore` draws new examples on purpose (docs/dependencies.md).
pytestmark = pytest.mark.skipif(
    os.environ.get("HYPOTHESIS_PROFILE", "repeatable") != "repeatable",
    reason="another hypothesis profile was asked for",
)


def examples_drawn() -> list[str]:
    """The texts one run of a property test draws."""
    drawn: list[str] = []

    @given(st.text())
    def draw(text: str) -> None:
        drawn.append(text)

    draw()
    return drawn


def test_a_property_test_draws_the_same_examples_on_every_run() -> None:
    # The same test run twice in one process stands for two runs of the
    # suite: a failure found once must be found again, on every clone.
    first = examples_drawn()
    assert len(set(first)) > 10
    assert examples_drawn() == first


def test_no_example_database_makes_one_run_differ_from_the_next() -> None:
    # Failures kept in .hypothesis/ would be replayed first on this machine
    # alone; derandomized runs find them again without it.
    assert settings().database is None
    assert settings().derandomize
