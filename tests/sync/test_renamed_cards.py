"""Cards renamed in their deck file (`renamed_from:`) keep their whole history through sync."""

from __future__ import annotations

from pathlib import Path

from endoquiz import Library, Rating
from endoquiz.store.clock_stamps import Stamp
from endoquiz.store.sync_events import EventKind, SyncEvent, new_event_id
from endoquiz.sync.journal import write_segment
from tests.conftest import basic_deck
from tests.sync.test_folder_sync import answer, computer, log

DAY = 24 * 60  # minutes


def rename_a(library: Library) -> None:
    """The deck file edited: card "a" is "a2" now, and says so."""
    path = library.deck_path("d")
    renamed = basic_deck("d", ["a2", "b", "c", "d"]).replace(
        "  - id: a2\n", "  - id: a2\n    renamed_from: [a]\n"
    )
    path.write_text(renamed, encoding="utf-8")
    library.add_deck(path)


def a2(library: Library) -> tuple[object, ...]:
    s = library.card_state("d", "a2")
    return (s.state, s.reps, s.lapses, s.due, s.stability, s.difficulty, s.step)


def answered_on_both_then_renamed_on(home: Library, work: Library, folder: Path) -> None:
    """Card "a" answered on `home`, synced to `work`; then renamed on `home`."""
    answer(home, "a", Rating.GOOD, 0)
    home.sync(folder)
    work.sync(folder)
    rename_a(home)


def sound_and_unchanged(library: Library) -> None:
    """The database check finds the renamed card's state its log gives."""
    before = a2(library)
    check = library.check_database()
    assert check.sound, check.report()
    assert a2(library) == before


def test_a_card_renamed_on_each_computer_in_turn_keeps_its_whole_history(
    two: tuple[Library, Library], folder: Path
) -> None:
    home, work = two
    answered_on_both_then_renamed_on(home, work, folder)
    answer(home, "a2", Rating.GOOD, 3 * DAY)
    home.sync(folder)
    work.sync(folder)  # "a2" is not in work's deck yet: its answer waits

    rename_a(work)
    work.sync(folder)
    home.sync(folder)

    # Worked out from the answers under both ids, not from "a2"'s alone.
    assert home.card_state("d", "a2").reps == work.card_state("d", "a2").reps == 2
    assert a2(home) == a2(work)
    assert log(home) == log(work)
    assert [(card, rating) for card, rating, _ in log(home)] == [("a2", Rating.GOOD)] * 2
    sound_and_unchanged(home)
    sound_and_unchanged(work)


def test_an_answer_to_the_old_id_from_a_computer_not_renamed_yet_counts_for_the_new_one(
    two: tuple[Library, Library], folder: Path
) -> None:
    home, work = two
    answered_on_both_then_renamed_on(home, work, folder)
    answer(work, "a", Rating.AGAIN, 3 * DAY)  # work still has "a"
    work.sync(folder)
    home.sync(folder)

    assert home.card_state("d", "a2").reps == 2
    assert [(card, rating) for card, rating, _ in log(home)] == [
        ("a2", Rating.AGAIN),
        ("a2", Rating.GOOD),
    ]
    sound_and_unchanged(home)

    rename_a(work)
    work.sync(folder)
    assert a2(work) == a2(home) and log(work) == log(home)


def test_a_computer_that_never_had_the_old_id_counts_its_answers_for_the_new_one(
    two: tuple[Library, Library], folder: Path, tmp_path: Path
) -> None:
    home, _ = two
    answer(home, "a", Rating.GOOD, 0)
    answer(home, "a", Rating.GOOD, 2 * DAY)
    home.sync(folder)
    third = computer(tmp_path, "third")
    rename_a(third)  # installed as renamed, before any sync: nothing to move

    third.sync(folder)

    assert third.card_state("d", "a2").reps == 2
    rename_a(home)
    home.sync(folder)
    assert a2(third) == a2(home) and log(third) == log(home)
    third.close()


def test_an_old_id_given_to_a_new_card_later_is_that_card_s_again(
    two: tuple[Library, Library], folder: Path
) -> None:
    home, work = two
    answered_on_both_then_renamed_on(home, work, folder)
    before = a2(home)
    # A later version drops `renamed_from` and gives "a" to a new card.
    path = home.deck_path("d")
    path.write_text(basic_deck("d", ["a2", "b", "c", "d", "a"]), encoding="utf-8")
    home.add_deck(path)
    laptop = "b0b0b0b0b0b0b0b0"
    at = 9_000_000_000_000
    event = SyncEvent(new_event_id(), Stamp(at, 0, laptop), EventKind.ANSWER, "d", "a", {
        "rating": 3, "answered": at, "duration": 4000, "mode": "review", "tz": 0,
        "before": [0, 0, None], "after": [1, at + 600_000, 2.3, 2.1, 1, at, 1, 0],
        "suspends": False, "replaces": None,
    })  # fmt: skip
    write_segment(folder, laptop, [event.to_json()])

    home.sync(folder)

    assert home.card_state("d", "a").reps == 1
    assert a2(home) == before
