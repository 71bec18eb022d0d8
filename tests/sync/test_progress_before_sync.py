"""Progress carried between computers before they synced: each answer counted once, none undone."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from endoquiz import Library, Rating
from tests.anki.fixture_files import FIXTURES
from tests.sync.test_folder_sync import answer, log, sound_and_unchanged, states

DAY = 24 * 60  # minutes


def carried_by_progress_file(home: Library, work: Library, tmp_path: Path) -> None:
    """Two answers on home, carried to work by a progress file (the way
    across before sync): work logs them without their sync events."""
    answer(home, "a", Rating.GOOD, 0)
    answer(home, "b", Rating.AGAIN, 1)
    path = tmp_path / "home.endoquiz-progress"
    home.export_progress(path)
    work.import_progress(path)


def test_answers_carried_by_a_progress_file_are_counted_once_when_both_sync(
    two: tuple[Library, Library], folder: Path, tmp_path: Path
) -> None:
    home, work = two
    carried_by_progress_file(home, work, tmp_path)

    for library in (home, work, home):
        library.sync(folder)

    assert len(home.review_log()) == len(work.review_log()) == 2
    assert log(home) == log(work) and states(home) == states(work)


def test_an_answer_given_after_the_progress_file_is_not_undone_by_the_other_s_first_sync(
    two: tuple[Library, Library], folder: Path, tmp_path: Path
) -> None:
    home, work = two
    carried_by_progress_file(home, work, tmp_path)
    home.sync(folder)
    answer(home, "a", Rating.GOOD, 3 * DAY)  # after the file was made

    # work's first sync: its progress goes out as the cards stood at their
    # last answers there, which home's later answer follows.
    for library in (work, home, work):
        library.sync(folder)

    assert home.card_state("d", "a").reps == work.card_state("d", "a").reps == 2
    assert len(home.review_log()) == len(work.review_log()) == 3
    assert log(home) == log(work) and states(home) == states(work)
    for library in (home, work):
        sound_and_unchanged(library)


def test_one_anki_package_imported_on_both_computers_is_logged_once(
    two: tuple[Library, Library], folder: Path
) -> None:
    home, work = two
    now = datetime(2026, 11, 30, 12, tzinfo=UTC)
    home.import_anki(FIXTURES / "modern.apkg", now)
    work.import_anki(FIXTURES / "modern.apkg", now)
    imported = len(home.review_log())
    assert imported > 0

    for library in (home, work, home):
        library.sync(folder)

    assert len(home.review_log()) == len(work.review_log()) == imported
