"""Computers syncing through one folder: answers, undo, card actions, settings, faults."""

from __future__ import annotations

import gc
import json
import os
import shutil
import sqlite3
from datetime import UTC, timedelta
from pathlib import Path
from typing import Any

import pytest

from endoquiz import Library, Rating, ReviewSession, State, StoreError, SyncFolderError
from endoquiz.store.clock_stamps import Stamp
from endoquiz.store.sync_events import EventKind, SyncEvent, new_event_id
from endoquiz.store.sync_log import SyncLog
from endoquiz.sync import folder_sync, journal
from endoquiz.sync.journal import write_segment
from tests.conftest import T0, basic_deck

CARDS = ["a", "b", "c", "d"]
# A moment after every event these tests make (the year 2286).
T0_MS_LATER = 9_999_999_999_999


def computer(tmp_path: Path, name: str) -> Library:
    deck = tmp_path / f"{name}-decks" / "deck.yaml"
    deck.parent.mkdir(parents=True)
    deck.write_text(basic_deck("d", CARDS), encoding="utf-8")
    library = Library.open(tmp_path / name, fuzz=False, timezone=UTC)
    library.add_deck(deck, now=T0)
    return library


def answer(library: Library, card_id: str, rating: Rating, minutes: float) -> ReviewSession:
    """Answer one card of deck "d"; the session, to undo it."""
    moment = T0 + timedelta(minutes=minutes)
    session = library.review(
        "d", now=moment, focus=[c for c in library.deck("d").cards if c.id == card_id]
    )
    card = session.next_card(moment)
    assert card is not None and card.id == card_id
    session.answer(card, rating, moment)
    return session


def states(library: Library) -> list[tuple[object, ...]]:
    return [
        (s.card_id, s.state, s.reps, s.lapses, s.due, s.stability, s.difficulty, s.suspended)
        for s in (library.card_state("d", c) for c in CARDS)
    ]


def log(library: Library) -> list[tuple[object, ...]]:
    return sorted((e.card_id, e.rating, e.reviewed_at) for e in library.review_log())


def test_answers_on_one_computer_reach_the_other(
    two: tuple[Library, Library], folder: Path
) -> None:
    home, work = two
    answer(home, "a", Rating.GOOD, 0)
    answer(home, "b", Rating.AGAIN, 1)

    sent = home.sync(folder)
    got = work.sync(folder)

    assert (sent.sent, got.received, got.computers) == (2, 2, 1)
    assert log(work) == log(home)
    assert states(work) == states(home)


def test_the_same_card_answered_on_both_while_offline_is_replayed_in_time_order(
    two: tuple[Library, Library], folder: Path
) -> None:
    home, work = two
    answer(home, "a", Rating.GOOD, 0)
    answer(work, "a", Rating.AGAIN, 30)
    for _ in range(2):
        home.sync(folder)
        work.sync(folder)

    assert log(home) == log(work) and len(log(home)) == 2
    assert states(home) == states(work)
    a = home.card_state("d", "a")
    assert a.reps == 2 and a.lapses == 0  # GOOD from new, then AGAIN in learning


def test_an_undo_on_one_computer_takes_the_answer_back_on_the_other(
    two: tuple[Library, Library], folder: Path
) -> None:
    home, work = two
    moment = T0
    session = home.review("d", now=moment)
    card = session.next_card(moment)
    assert card is not None
    session.answer(card, Rating.GOOD, moment)
    home.sync(folder)
    work.sync(folder)
    assert len(work.review_log()) == 1

    session.undo(moment)
    home.sync(folder)
    work.sync(folder)

    assert work.review_log() == [] and home.review_log() == []
    assert states(work) == states(home)
    assert work.card_state("d", card.id).reps == 0


def test_suspend_flag_and_settings_go_to_the_latest_change(
    two: tuple[Library, Library], folder: Path
) -> None:
    home, work = two
    home.set_suspended([("d", "a")])
    work.set_flag([("d", "b")], 2)
    work.update_settings(desired_retention=0.85)
    home.sync(folder)
    work.sync(folder)
    home.sync(folder)

    for library in (home, work):
        assert library.card_state("d", "a").suspended
        assert library.flag("d", "b") == 2
        assert library.settings.desired_retention == 0.85


def test_a_missing_folder_changes_nothing_and_says_so(
    two: tuple[Library, Library], tmp_path: Path
) -> None:
    home, _ = two
    answer(home, "a", Rating.GOOD, 0)
    with pytest.raises(SyncFolderError, match="is not there"):
        home.sync(tmp_path / "USB stick")
    assert len(home.review_log()) == 1


def test_a_damaged_segment_is_left_alone_and_read_once_it_arrives_whole(
    two: tuple[Library, Library], folder: Path
) -> None:
    home, work = two
    answer(home, "a", Rating.GOOD, 0)
    home.sync(folder)
    (segment,) = folder.rglob("*.jsonl")
    whole = segment.read_bytes()
    segment.write_bytes(whole.replace(b'"rating":3', b'"rating":4'))

    damaged = work.sync(folder)

    assert damaged.received == 0 and work.review_log() == []
    assert any("checksum" in problem for problem in damaged.problems)
    assert segment.read_bytes() != whole  # not deleted, not rewritten
    segment.write_bytes(whole)
    assert work.sync(folder).received == 1
    assert log(work) == log(home)


def test_a_journal_of_a_newer_endoquiz_is_not_read_and_the_learner_is_told(
    two: tuple[Library, Library], folder: Path
) -> None:
    home, work = two
    answer(home, "a", Rating.GOOD, 0)
    home.sync(folder)
    (segment,) = folder.rglob("*.jsonl")
    lines = segment.read_text(encoding="utf-8").split("\n")
    lines[0] = lines[0].replace('"endoquiz_journal": 1', '"endoquiz_journal": 2')
    segment.write_text("\n".join(lines), encoding="utf-8")

    report = work.sync(folder)

    assert report.newer and report.received == 0
    assert "newer endoquiz" in report.problems[0]
    assert work.review_log() == []


def test_a_folder_that_cannot_be_written_is_reported_and_nothing_is_lost(
    two: tuple[Library, Library], folder: Path
) -> None:
    home, _ = two
    answer(home, "a", Rating.GOOD, 0)
    # A file where the journal's folder should be: nothing can be written
    # under it, as in a read-only folder (which root, running the tests in
    # CI, could write anyway).
    blocker = folder / "endoquiz-sync"
    blocker.write_text("not a folder", encoding="utf-8")

    report = home.sync(folder)

    assert report.sent == 0 and "cannot write to the sync folder" in report.problems[0]
    assert len(home.review_log()) == 1
    blocker.unlink()
    assert home.sync(folder).sent == 1  # still waiting, sent once writable


def test_progress_made_before_syncing_reaches_the_other_computer(
    two: tuple[Library, Library], folder: Path, tmp_path: Path
) -> None:
    home, work = two
    answer(home, "a", Rating.GOOD, 0)
    answer(home, "b", Rating.EASY, 1)
    home.set_flag([("d", "c")], 3)
    moved = tmp_path / "progress.endoquiz-progress"
    home.export_progress(moved)
    # A third computer took that progress by a file, before sync existed:
    # its answers and states have no sync events.
    laptop = computer(tmp_path, "laptop")
    laptop.import_progress(moved)

    laptop.sync(folder)
    report = work.sync(folder)

    assert report.received > 0
    assert log(work) == log(laptop) and len(log(work)) == 2
    assert states(work) == states(laptop) == states(home)
    laptop.close()


def test_a_write_killed_halfway_leaves_a_temporary_file_that_is_ignored_then_removed(
    two: tuple[Library, Library], folder: Path
) -> None:
    home, work = two
    answer(home, "a", Rating.GOOD, 0)
    home.sync(folder)
    (segment,) = folder.rglob("*.jsonl")
    # What a write killed before its link leaves: a temporary file, half written.
    left = segment.parent / ".tmp-000000002-deadbeef"
    left.write_bytes(segment.read_bytes()[:40])
    hour_ago = left.stat().st_mtime - 2 * 3600
    os.utime(left, (hour_ago, hour_ago))

    report = work.sync(folder)
    assert report.received == 1 and report.problems == []  # never read
    answer(home, "b", Rating.GOOD, 1)
    home.sync(folder)

    assert not left.exists()
    assert work.sync(folder).received == 1


def test_a_deck_installed_on_one_computer_is_offered_on_the_other(
    two: tuple[Library, Library], folder: Path, tmp_path: Path
) -> None:
    home, work = two
    own = tmp_path / "own" / "notes.yaml"
    own.parent.mkdir()
    own.write_text(basic_deck("notes/thyroid", ["t1", "t2"], title="My thyroid notes"), "utf-8")
    home.add_deck_copy(own)
    answer_deck = home.review("notes/thyroid", now=T0)
    card = answer_deck.next_card(T0)
    assert card is not None
    answer_deck.answer(card, Rating.GOOD, T0)

    home.sync(folder)
    report = work.sync(folder)

    # The shared deck "d" both have is not offered; the new one is.
    assert report.offered == 1
    (offered,) = work.offered_decks(folder)
    assert (offered.deck_id, offered.update) == ("notes/thyroid", False)
    work.install_offered_deck(offered)
    assert work.offered_decks(folder) == []
    # Its progress came with the answers, merged already: the card answered
    # at home is answered here as soon as the deck is.
    assert work.card_state("notes/thyroid", card.id).reps == 1


def test_answers_merged_before_their_deck_is_installed_apply_once_it_is(
    two: tuple[Library, Library], folder: Path, tmp_path: Path
) -> None:
    home, work = two
    deck = tmp_path / "extra.yaml"
    deck.write_text(basic_deck("extra", ["x1"]), "utf-8")
    home.add_deck(deck, now=T0)
    session = home.review("extra", now=T0)
    card = session.next_card(T0)
    assert card is not None
    session.answer(card, Rating.EASY, T0)
    home.sync(folder)
    work.sync(folder)  # the answer is merged; its deck is not here yet

    work.add_deck(deck, now=T0)  # installed by hand, from the same file
    work.sync(folder)

    assert states(work) == states(home)
    assert work.card_state("extra", "x1") == home.card_state("extra", "x1")


def test_a_setting_this_endoquiz_cannot_use_is_kept_out(
    two: tuple[Library, Library], folder: Path
) -> None:
    _, work = two
    work.update_settings(desired_retention=0.85)
    wanted = dict(work.settings.to_json_dict(), desired_retention=7.0)  # out of range
    lines = [
        SyncEvent(
            new_event_id(),
            Stamp(T0_MS_LATER, 0, "c0c0c0c0c0c0c0c0"),
            EventKind.SETTING,
            None,
            None,
            {"key": "study_settings", "value": wanted},
        ).to_json(),
        SyncEvent(
            new_event_id(),
            Stamp(T0_MS_LATER, 1, "c0c0c0c0c0c0c0c0"),
            EventKind.SETTING,
            None,
            None,
            {"key": "a_setting_of_a_newer_version", "value": 1},
        ).to_json(),
    ]
    write_segment(folder, "c0c0c0c0c0c0c0c0", lines)

    report = work.sync(folder)

    assert report.received == 2
    assert work.settings.desired_retention == 0.85 and work.settings_problem is None


def test_each_log_row_says_the_schedule_the_merge_gave_its_answer(
    two: tuple[Library, Library], folder: Path
) -> None:
    home, work = two
    session = answer(home, "a", Rating.GOOD, 0)
    answer(work, "a", Rating.AGAIN, 30)  # the same card, offline: replayed after GOOD
    for library in (home, work, home):
        library.sync(folder)
    assert [c.derived for c in (home.check_database(), work.check_database())] == [[], []]

    # GOOD taken back: AGAIN follows a new card again, as work recorded it,
    # and its row, replayed before, says so again.
    session.undo(T0)
    for library in (home, work, home):
        library.sync(folder)

    assert [c.derived for c in (home.check_database(), work.check_database())] == [[], []]
    assert states(home) == states(work)
    assert home.card_state("d", "a").reps == 1


def sound_and_unchanged(library: Library) -> None:
    """The database check finds the card states the review log's rows say,
    so it has nothing to set from the log (which would undo the merge)."""
    before = states(library)
    check = library.check_database()
    assert check.sound, check.report()
    assert states(library) == before


def test_an_answer_replayed_in_a_merge_is_logged_as_replayed(
    two: tuple[Library, Library], folder: Path
) -> None:
    home, work = two
    answer(home, "a", Rating.GOOD, 0)
    answer(work, "a", Rating.AGAIN, 30)  # given to the card as new, replayed in learning
    for _ in range(2):
        home.sync(folder)
        work.sync(folder)

    for library in (home, work):
        last = max(library.review_log(card_id="a"), key=lambda e: e.reviewed_at)
        a = library.card_state("d", "a")
        assert (last.state_after, last.due_after, last.stability_after) == (
            a.state,
            a.due,
            a.stability,
        )
        sound_and_unchanged(library)
    assert states(home) == states(work)


def test_an_answer_replayed_then_taken_as_recorded_is_logged_as_recorded(
    two: tuple[Library, Library], folder: Path
) -> None:
    home, work = two
    session = answer(home, "a", Rating.GOOD, 0)
    home.sync(folder)
    answer(work, "a", Rating.AGAIN, 30)
    work.sync(folder)  # work's AGAIN replayed after home's GOOD

    session.undo(T0)  # without home's GOOD, work's AGAIN stands as given
    for _ in range(2):
        home.sync(folder)
        work.sync(folder)

    for library in (home, work):
        assert [e.rating for e in library.review_log()] == [Rating.AGAIN]
        sound_and_unchanged(library)
    assert states(home) == states(work)


def test_an_undo_after_a_merge_of_the_same_card_keeps_the_merged_answer(
    two: tuple[Library, Library], folder: Path
) -> None:
    home, work = two
    session = answer(home, "a", Rating.GOOD, 0)
    answer(work, "a", Rating.AGAIN, 30)
    home.sync(folder)
    work.sync(folder)
    home.sync(folder)  # home holds work's AGAIN, replayed after its GOOD

    session.undo(T0)
    for _ in range(2):
        home.sync(folder)
        work.sync(folder)

    assert [e.rating for e in home.review_log()] == [Rating.AGAIN]
    assert states(home) == states(work)


def test_a_long_history_goes_out_in_segments_of_bounded_size(
    two: tuple[Library, Library], folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    home, work = two
    # As a first sync after years of answers would, at a scale a test affords.
    monkeypatch.setattr(folder_sync, "EVENTS_PER_SEGMENT", 3)
    for minutes, card_id in enumerate(["a", "b", "c", "d", "a", "b", "c"]):
        answer(home, card_id, Rating.GOOD, minutes * 10)

    report = home.sync(folder)

    (own,) = (folder / "endoquiz-sync" / "v1").iterdir()
    segments = sorted(p.name for p in own.glob("*.jsonl"))
    assert report.sent == 7
    assert segments == ["000000001.jsonl", "000000002.jsonl", "000000003.jsonl"]
    assert work.sync(folder).received == report.sent
    assert log(work) == log(home) and states(work) == states(home)


def test_a_long_history_is_merged_in_transactions_of_bounded_size_and_each_is_kept(
    two: tuple[Library, Library], folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    home, work = two
    monkeypatch.setattr(folder_sync, "EVENTS_PER_SEGMENT", 2)
    monkeypatch.setattr(folder_sync, "EVENTS_PER_MERGE", 3)  # two segments a merge
    cards = ["a", "b", "c", "d", "a", "b", "c", "d", "a"]
    for minutes, card_id in enumerate(cards):
        answer(home, card_id, Rating.GOOD if minutes % 3 else Rating.AGAIN, minutes * 10)
    assert home.sync(folder).sent == 9  # five segments
    merges: list[int] = []
    real_add = SyncLog.add_answer_rows

    def full_at_the_second(db: sqlite3.Connection, events: Any, *rest: Any) -> None:
        merges.append(len(events))
        if len(merges) == 2:
            raise sqlite3.OperationalError("database or disk is full")
        real_add(db, events, *rest)

    monkeypatch.setattr(SyncLog, "add_answer_rows", staticmethod(full_at_the_second))
    with pytest.raises(StoreError):
        work.sync(folder)
    # The first merge's four answers are kept, and their cards are as those
    # answers leave them: the database check finds nothing to set right.
    assert merges == [4, 4] and len(work.review_log()) == 4
    sound_and_unchanged(work)

    monkeypatch.setattr(SyncLog, "add_answer_rows", staticmethod(real_add))
    assert work.sync(folder).received == 5
    assert log(work) == log(home) and states(work) == states(home)


def test_a_merge_that_works_the_cards_out_one_at_a_time_ends_as_one_that_takes_all(
    two: tuple[Library, Library],
    folder: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    home, work = two
    for minutes, card_id in enumerate(["a", "b", "c", "d", "a"]):
        answer(home, card_id, Rating.GOOD, minutes * 10)
    for minutes, card_id in enumerate(["a", "b", "c"]):  # offline too: replayed
        session = answer(work, card_id, Rating.AGAIN, 5 + minutes * 10)
    session.undo(T0)  # "c", taken back
    for library in (home, work, home):
        library.sync(folder)
    assert states(home) == states(work)

    third = computer(tmp_path, "third")
    monkeypatch.setattr(folder_sync, "CARDS_PER_STEP", 1)
    assert third.sync(folder).received == 9  # 8 answers and an undo
    assert log(third) == log(home) and states(third) == states(home)
    sound_and_unchanged(third)
    third.close()


def test_segments_written_before_the_folder_filled_up_are_kept_and_the_rest_waits(
    two: tuple[Library, Library], folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    home, work = two
    monkeypatch.setattr(folder_sync, "EVENTS_PER_SEGMENT", 2)
    for minutes, card_id in enumerate(["a", "b", "c", "d"]):
        answer(home, card_id, Rating.GOOD, minutes * 10)
    real_write = journal.write_segment
    written: list[int] = []

    def full_after_one(*args: Any) -> Any:
        if written:
            raise OSError(28, "No space left on device")
        written.append(1)
        return real_write(*args)

    monkeypatch.setattr(folder_sync, "write_segment", full_after_one)
    report = home.sync(folder)
    assert report.sent == 2 and "No space left on device" in report.problems[0]
    monkeypatch.undo()

    assert home.sync(folder).sent >= 2  # the rest, once there is room
    work.sync(folder)
    assert log(work) == log(home) and states(work) == states(home)


def with_device(library: Library, device: str) -> Library:
    """The library, syncing as `device` from now on (a journal's folder name:
    segments are merged in the order of their computers' ids)."""
    with sqlite3.connect(library.db_path) as db:
        db.execute(
            "INSERT OR REPLACE INTO setting (key, value) VALUES ('sync.device', ?)",
            (json.dumps(device),),
        )
    return library


@pytest.mark.parametrize("fast_id", ["0" * 16, "f" * 16])
def test_a_clock_hours_ahead_orders_the_card_s_answers_as_given_everywhere(
    tmp_path: Path, folder: Path, fast_id: str
) -> None:
    """The laptop's clock is three hours fast: its answer is logged three
    hours ahead, and the desktop's answer to the same card a little later
    (in truth) counts at that time too, since a card's answers never go back
    in time. Merged in either order of the computers' ids, the desktop's
    comes second: the schedule, and the database check, agree."""
    laptop = with_device(computer(tmp_path, "laptop"), fast_id)
    desktop = with_device(computer(tmp_path, "desktop"), "7" * 16)
    third = computer(tmp_path, "third")
    try:
        answer(laptop, "a", Rating.EASY, 180)  # at 10:00 by a clock three hours fast
        laptop.sync(folder)
        desktop.sync(folder)
        answer(desktop, "a", Rating.AGAIN, 5)  # at 10:05 by the right clock: counts at 13:00
        desktop.sync(folder)
        laptop.sync(folder)
        third.sync(folder)

        for library in (laptop, desktop, third):
            (easy, again) = sorted(library.review_log(), key=lambda e: e.rating, reverse=True)
            assert easy.reviewed_at == again.reviewed_at == T0 + timedelta(minutes=180)
            found = library.check_database()
            assert (found.problems, found.derived) == ([], [])
        # Forgotten after the Easy: relearning, one lapse, on every computer.
        assert states(laptop) == states(desktop) == states(third)
        card = third.card_state("d", "a")
        assert (card.state, card.lapses) == (State.RELEARNING, 1)
    finally:
        laptop.close()
        desktop.close()
        third.close()


def test_a_merge_that_cannot_be_written_keeps_nothing_of_it_and_is_merged_next_time(
    two: tuple[Library, Library], folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    home, work = two
    answer(home, "a", Rating.GOOD, 0)
    answer(home, "b", Rating.AGAIN, 1)
    home.sync(folder)

    def disk_full(db: sqlite3.Connection, *events: object) -> None:
        raise sqlite3.OperationalError("database or disk is full")

    monkeypatch.setattr(SyncLog, "add_answer_rows", staticmethod(disk_full))
    with pytest.raises(StoreError, match="full"):
        work.sync(folder)
    # The whole merge was one transaction: none of it is kept; and the cycle
    # collector, paused while the merge built its objects, runs again.
    assert work.review_log() == [] and [s[1] for s in states(work)] == [State.NEW] * 4
    assert gc.isenabled()

    monkeypatch.undo()
    assert work.sync(folder).received == 2
    assert log(work) == log(home) and states(work) == states(home)


def deliver(segment: Path, folder: Path, to: Path) -> None:
    """Copy one segment of `folder` into `to`, as a sync tool that brings
    segments in its own order."""
    target = to / segment.relative_to(folder)
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy2(segment, target)


def test_an_undo_that_arrives_before_its_answer_keeps_the_answer_out_of_the_log(
    two: tuple[Library, Library], folder: Path, tmp_path: Path
) -> None:
    home, work = two
    session = answer(home, "a", Rating.GOOD, 0)
    home.sync(folder)  # the answer's segment
    session.undo(T0)
    home.sync(folder)  # the undo's
    first, second = sorted(folder.rglob("*.jsonl"))
    late = tmp_path / "Late"  # where the sync tool brings the undo first

    deliver(second, folder, late)
    assert work.sync(late).received == 1
    deliver(first, folder, late)
    assert work.sync(late).received == 1

    assert work.review_log() == [] and home.review_log() == []
    assert states(work) == states(home) and work.card_state("d", "a").reps == 0
    sound_and_unchanged(work)


def test_a_replacing_answer_that_arrives_before_the_one_it_replaces_keeps_that_one_out(
    two: tuple[Library, Library], folder: Path, tmp_path: Path
) -> None:
    home, work = two
    laptop = "b0b0b0b0b0b0b0b0"
    at = int(T0.timestamp() * 1000)
    new = [int(State.NEW), 0, None]
    wrong = SyncEvent(new_event_id(), Stamp(at, 0, laptop), EventKind.ANSWER, "d", "a", {
        "rating": 1, "answered": at, "duration": 4000, "mode": "quiz", "tz": 0,
        "before": new, "after": [1, at + 60_000, 0.2, 7.0, 0, at, 1, 0],
        "suspends": False, "replaces": None,
    })  # fmt: skip
    # The learner said the typed answer was right after all: it replaces the first.
    right = SyncEvent(new_event_id(), Stamp(at + 5000, 0, laptop), EventKind.ANSWER, "d", "a", {
        "rating": 3, "answered": at, "duration": 4000, "mode": "quiz", "tz": 0,
        "before": new, "after": [1, at + 600_000, 2.3, 2.1, 1, at, 1, 0],
        "suspends": False, "replaces": wrong.id,
    })  # fmt: skip
    write_segment(folder, laptop, [wrong.to_json()])
    write_segment(folder, laptop, [right.to_json()])
    first, second = sorted(folder.rglob("*.jsonl"))
    late = tmp_path / "Late"

    home.sync(folder)  # both, in order
    deliver(second, folder, late)
    work.sync(late)
    deliver(first, folder, late)
    work.sync(late)

    assert [(e.card_id, e.rating) for e in work.review_log()] == [("a", Rating.GOOD)]
    assert log(work) == log(home) and states(work) == states(home)


def test_a_reset_stands_before_the_answers_given_after_it_whatever_the_stamps(
    two: tuple[Library, Library], folder: Path
) -> None:
    home, work = two
    answer(work, "b", Rating.GOOD, 3 * 60)  # work's clock is three hours fast
    work.sync(folder)
    home.sync(folder)  # home's stamps follow: three hours ahead of its clock
    answer(home, "a", Rating.GOOD, 0)
    home.reset_progress([("d", "a")], T0 + timedelta(minutes=5))  # stamped hours ahead
    answer(home, "a", Rating.EASY, 10)  # after the reset, by home's clock

    home.sync(folder)
    work.sync(folder)  # works the card out from its events

    assert home.card_state("d", "a").reps == work.card_state("d", "a").reps == 1
    assert states(home) == states(work)
    sound_and_unchanged(work)
