"""An answer replayed by a merge is replayed with the settings every computer ends with."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from endoquiz import Library, Rating, StoreError
from endoquiz.store.sync_log import SyncLog
from tests.sync.test_folder_sync import answer, log, sound_and_unchanged, states

DAY = 24 * 60  # minutes


def answered_apart(home: Library, work: Library) -> None:
    """Card "a" answered on both computers while both were offline: the
    answers that do not follow the others are replayed by every merge."""
    answer(home, "a", Rating.GOOD, 0)
    answer(work, "a", Rating.GOOD, 5)
    answer(work, "a", Rating.EASY, 4 * DAY)


def test_a_setting_merged_after_an_answer_was_replayed_replays_it_again(
    two: tuple[Library, Library], folder: Path
) -> None:
    home, work = two
    answered_apart(home, work)
    work.sync(folder)
    home.sync(folder)  # home replays work's answers, at retention 0.9
    work.update_settings(desired_retention=0.7)
    work.sync(folder)  # work replays its own at 0.7

    home.sync(folder)  # the setting comes: no answer to the card with it

    assert home.settings.desired_retention == work.settings.desired_retention == 0.7
    assert log(home) == log(work) and states(home) == states(work)
    sound_and_unchanged(home)
    sound_and_unchanged(work)


def test_a_setting_changed_here_after_answers_were_replayed_replays_them_again(
    two: tuple[Library, Library], folder: Path
) -> None:
    home, work = two
    answered_apart(home, work)
    for library in (work, home, work):
        library.sync(folder)  # both replay, at retention 0.9
    assert states(home) == states(work)

    home.update_settings(desired_retention=0.7)
    home.sync(folder)
    work.sync(folder)

    assert work.settings.desired_retention == 0.7
    assert states(home) == states(work)
    sound_and_unchanged(home)
    sound_and_unchanged(work)


def test_a_merge_that_fails_after_reading_a_setting_leaves_the_setting_as_it_was(
    two: tuple[Library, Library], folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    home, work = two
    home.update_settings(desired_retention=0.8)
    answer(home, "a", Rating.GOOD, 0)
    home.sync(folder)

    def disk_full(*args: object) -> None:
        raise sqlite3.OperationalError("database or disk is full")

    monkeypatch.setattr(SyncLog, "add_answer_rows", staticmethod(disk_full))
    with pytest.raises(StoreError):
        work.sync(folder)  # read the setting inside the merge, then rolled back

    assert work.settings.desired_retention == 0.9
    monkeypatch.undo()
    work.sync(folder)
    assert work.settings.desired_retention == 0.8
