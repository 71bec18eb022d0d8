"""The cycle collector paused while decks are read: back on after, also when nested or failing."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from pathlib import Path

import pytest

from endoquiz import Library, check_deck
from endoquiz.common.gc_pause import collector_paused
from tests.conftest import WriteDeck, basic_deck


@pytest.fixture(autouse=True)
def _collector_restored() -> Iterator[None]:
    was_enabled = gc.isenabled()
    yield
    if was_enabled:
        gc.enable()


def test_the_collector_is_off_inside_and_on_after_the_outermost_pause() -> None:
    gc.enable()
    with collector_paused():
        assert not gc.isenabled()
        with collector_paused():
            assert not gc.isenabled()
        assert not gc.isenabled()
    assert gc.isenabled()


def test_a_failing_block_turns_the_collector_back_on() -> None:
    gc.enable()
    with pytest.raises(ValueError), collector_paused():
        raise ValueError("a deck that fails")
    assert gc.isenabled()


def test_a_collector_turned_off_by_someone_else_stays_off() -> None:
    gc.disable()
    with collector_paused():
        pass
    assert not gc.isenabled()


def test_checking_and_installing_a_deck_leave_the_collector_on(
    write_deck: WriteDeck, data_dir: Path
) -> None:
    gc.enable()
    path = write_deck(basic_deck("paused", ["one", "two"]))
    assert check_deck(path).deck is not None
    with Library.open(data_dir) as library:
        library.add_deck(path)
    assert gc.isenabled()
