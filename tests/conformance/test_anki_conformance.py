"""Scheduling as Anki 26.9.3 does it: each answer sequence that Anki's own
scheduler ran (anki_reference.json, made by make_reference.py) gives, through
`Library` at the same times, the same state, interval, answer-button
intervals and memory state after every answer."""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from tests.conformance.replay import LONG_INTERVAL_DAYS, load_reference, replay

REFERENCE = load_reference()
SEQUENCES: list[dict[str, Any]] = REFERENCE["sequences"]


@pytest.mark.parametrize("sequence", SEQUENCES, ids=[s["name"] for s in SEQUENCES])
def test_answers_schedule_as_in_anki(sequence: dict[str, Any], tmp_path: Path) -> None:
    replayed = replay(sequence, tmp_path)
    assert [str(answer) for answer in replayed if not answer.equal] == []
    assert len(replayed) == sum("stopped" not in answer for answer in sequence["answers"])


def test_the_reference_covers_every_rule() -> None:
    """What the reference must hold for the comparison to mean something:
    Anki's version, every state and rating, long intervals, steps past the
    rollover, rollover hours, maximum intervals, zones, early and late answers."""
    assert REFERENCE["anki"] == "26.9.3"
    answers = [a for s in SEQUENCES for a in s["answers"] if "stopped" not in a]
    assert len(answers) >= 1000
    assert Counter(a["state"] for a in answers).keys() == {"learning", "review", "relearning"}
    assert set(Counter(a["rating"] for a in answers)) == {1, 2, 3, 4}
    days = [int(a["interval"][:-1]) for a in answers if a["interval"].endswith("d")]
    assert sum(d > LONG_INTERVAL_DAYS for d in days) >= 50
    # A learning step that passed the rollover: a day, in (re)learning.
    assert any(a["state"] != "review" and a["interval"].endswith("d") for a in answers)
    settings = [s["settings"] for s in SEQUENCES]
    assert {s["day_starts_at"] for s in settings} >= {0, 4, 6, 23}
    assert {s["maximum_interval"] for s in settings} >= {3, 30, 365, 36500}
    assert {s["zone"] for s in settings} >= {"UTC", "Asia/Tokyo", "America/New_York"}
    names = {s["name"] for s in SEQUENCES}
    assert {"early-reviews", "late-reviews", "good-x8-at-05:00"} <= names
