"""A sync in a worker thread on a connection of its own, while the library's
own connection goes on answering: what the library keeps in memory follows,
an answer given meanwhile waits and is saved, and a card both changed
converges."""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

import pytest

from endoquiz import Library, Rating, SyncReport
from endoquiz.store.connection import BUSY_TIMEOUT_MS
from tests.conftest import T0
from tests.sync.merge_hold import (
    NEVER_MS,
    hold_merges,
    released_at_next_write,
    write_lock_held,
)
from tests.sync.test_folder_sync import answer, log, states


class Worker:
    """`Library.sync(folder, own_connection=True)` in a thread of its own,
    as the app's window runs it."""

    def __init__(self, library: Library, folder: Path | None) -> None:
        self.report: SyncReport | None = None
        self.error: BaseException | None = None
        self._thread = threading.Thread(target=self._run, args=(library, folder))
        self._thread.start()

    def _run(self, library: Library, folder: Path | None) -> None:
        try:
            self.report = library.sync(folder, own_connection=True)
        except BaseException as error:  # raised in the test's thread, by `done`
            self.error = error

    def done(self) -> SyncReport:
        self._thread.join(NEVER_MS / 1000)
        assert not self._thread.is_alive(), "the sync never ended"
        if self.error is not None:
            raise self.error
        assert self.report is not None
        return self.report


def synced_in_worker(library: Library, folder: Path | None) -> SyncReport:
    return Worker(library, folder).done()


def test_a_sync_on_its_own_connection_brings_answers_settings_and_looks(
    two: tuple[Library, Library], folder: Path
) -> None:
    home, work = two
    home.sync(folder)
    home.backup(T0)
    counts_before = home.deck_counts(T0 + timedelta(minutes=5))["d"]
    assert (home.appearance.theme, home.settings.desired_retention) == ("system", 0.9)
    answer(work, "a", Rating.GOOD, 0)
    work.update_appearance(theme="dark")  # chosen on the other computer
    work.update_settings(desired_retention=0.85)
    work.sync(folder)

    report = synced_in_worker(home, folder)

    assert report.received == 3
    # Read again on the library's own connection, with nothing asked of it.
    assert home.appearance.theme == "dark"
    assert home.settings.desired_retention == 0.85
    assert log(home) == log(work)
    assert states(home) == states(work)
    assert home.deck_counts(T0 + timedelta(minutes=5))["d"] != counts_before
    # What the sync wrote is a change of the library's: the quit's backup keeps it.
    assert home.backup_if_due(T0 + timedelta(minutes=6), quitting=True) is not None


def test_a_sync_on_its_own_connection_sends_what_the_library_answered(
    two: tuple[Library, Library], folder: Path
) -> None:
    home, work = two
    home.set_sync_folder(folder)
    answer(home, "a", Rating.GOOD, 0)

    report = synced_in_worker(home, None)  # the folder set

    assert (report.sent, report.computers) == (1, 0)
    # The device id the sync made is the library's: its own connection
    # syncs as the same computer, read from the database, never cached.
    answer(home, "b", Rating.GOOD, 1)
    assert home.sync(folder).sent == 1
    assert len([p for p in (folder / "endoquiz-sync" / "v1").iterdir() if p.is_dir()]) == 1
    work.sync(folder)
    assert log(work) == log(home)


def test_the_library_waits_for_writes_longer_than_a_long_merge_takes(
    two: tuple[Library, Library],
) -> None:
    home, _ = two
    # 100,000 answers merge in seconds (docs/sync.md, Speed); an answer given
    # meanwhile must wait for them, not fail as "database is locked".
    (timeout,) = home._store.db.execute("PRAGMA busy_timeout").fetchone()
    assert timeout == BUSY_TIMEOUT_MS >= 60_000


def test_an_answer_given_while_a_merge_holds_the_database_waits_then_commits(
    two: tuple[Library, Library], folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    home, work = two
    answer(work, "a", Rating.GOOD, 0)
    work.sync(folder)
    moment = T0 + timedelta(minutes=10)
    session = home.review("d", now=moment, focus=[c for c in home.deck("d").cards if c.id == "b"])
    held = hold_merges(monkeypatch)

    worker = Worker(home, folder)
    assert held.holding.wait(NEVER_MS / 1000)
    assert write_lock_held(home)
    shown = session.next_card(moment)  # reading goes on meanwhile
    assert shown is not None and shown.id == "b"
    with released_at_next_write(home._store.db, held):
        session.answer(shown, Rating.GOOD, moment)  # waits for the merge's commit
    report = worker.done()

    assert report.received == 1
    assert sorted(entry.card_id for entry in home.review_log()) == ["a", "b"]
    assert home.card_state("d", "b").reps == 1


def answered_while_merging(
    home: Library, folder: Path, held_answer: Callable[[], object], monkeypatch: pytest.MonkeyPatch
) -> SyncReport:
    """Run `held_answer` on the library's connection while a sync's merge,
    in a worker thread, holds the database; the sync's report."""
    held = hold_merges(monkeypatch)
    worker = Worker(home, folder)
    assert held.holding.wait(NEVER_MS / 1000)
    with released_at_next_write(home._store.db, held):
        held_answer()
    report = worker.done()
    monkeypatch.undo()
    return report


def test_an_answer_given_while_a_merge_changes_its_card_is_kept_and_converges(
    two: tuple[Library, Library], folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    home, work = two
    home.sync(folder)
    answer(work, "a", Rating.GOOD, 0)  # the other computer, first
    work.sync(folder)
    moment = T0 + timedelta(minutes=30)
    session = home.review("d", now=moment, focus=[c for c in home.deck("d").cards if c.id == "a"])
    card = session.next_card(moment)  # shown new: the merge has not come yet
    assert card is not None and card.id == "a"

    answered_while_merging(
        home, folder, lambda: session.answer(card, Rating.AGAIN, moment), monkeypatch
    )

    # Both answers are here: the one merged, and the learner's, not refused.
    assert [(e.card_id, e.rating) for e in home.review_log()] == [
        ("a", Rating.GOOD),
        ("a", Rating.AGAIN),
    ]
    settled = home.sync(folder)  # sends it, and works the card out again
    assert settled.settled == 1
    work.sync(folder)
    assert log(home) == log(work) and len(log(home)) == 2
    assert states(home) == states(work)
    # As two computers offline: GOOD from new, then AGAIN replayed in learning.
    a = home.card_state("d", "a")
    assert (a.reps, a.lapses) == (2, 0)
    assert home.check_database().sound
