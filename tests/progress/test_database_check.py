"""`endoquiz check`: the whole database checked, damaged card text read again
from the deck files, every other problem reported."""

from __future__ import annotations

import json
import sqlite3
from contextlib import closing
from datetime import timedelta
from pathlib import Path

import pytest

from endoquiz import Library, Rating
from endoquiz.cli import main
from tests.conftest import T0, WriteDeck, app_running, basic_deck, study


@pytest.fixture
def studied(data_dir: Path, write_deck: WriteDeck) -> Path:
    with Library.open(data_dir, fuzz=False) as library:
        library.add_deck(write_deck(basic_deck("chk", ["a", "b", "c", "d"])))
        study(library, "chk", T0, [Rating.GOOD] * 2)
    return data_dir


def sql(data_dir: Path, statement: str) -> None:
    with closing(sqlite3.connect(data_dir / "progress.sqlite3")) as db, db:
        db.execute(statement)


def test_a_sound_database_is_said_sound(studied: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--data-dir", str(studied), "check"]) == 0
    assert capsys.readouterr().out == "The progress database is sound: every check passed.\n"


def test_damaged_card_text_is_read_again_from_the_deck_file(
    studied: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # Not UTF-8 any more, and UTF-8 but not JSON: quick_check sees neither.
    sql(studied, "UPDATE card_content SET content = CAST(X'7BFF22' AS TEXT) WHERE card_id = 'a'")
    sql(studied, "UPDATE card_content SET content = '{\"kind\": 1' WHERE card_id = 'b'")
    assert main(["--data-dir", str(studied), "check"]) == 0
    assert capsys.readouterr().out == (
        "Card text of 2 card(s) could not be read; it is read again from the deck files.\n"
    )
    with Library.open(studied) as library:
        fronts = [card.front for card in library.deck("chk").cards]
        assert fronts == ["Question a?", "Question b?", "Question c?", "Question d?"]
        session = library.review("chk", now=T0)
        assert session.next_card(T0) is not None
    with closing(sqlite3.connect(studied / "progress.sqlite3")) as db:
        stored = dict(db.execute("SELECT card_id, content FROM card_content"))
    assert json.loads(stored["a"])["front"] == "Question a?"
    assert main(["--data-dir", str(studied), "check"]) == 0


def test_values_that_cannot_be_used_are_reported(
    studied: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    sql(studied, "UPDATE card SET state = 99 WHERE card_id = 'c'")
    sql(studied, "UPDATE review_log SET mode = 'cram' WHERE id = 1")
    sql(studied, "INSERT OR REPLACE INTO setting VALUES ('appearance', '{\"zoom\": 9}')")
    assert main(["--data-dir", str(studied), "check"]) == 1
    assert capsys.readouterr().out.splitlines() == [
        "Stored values that cannot be used: 3 problem(s)",
        "  card chk/c: 'state' must be one of 0, 1, 2, 3, not 99",
        f"  answer 1 (chk/{first_answered(studied)}): 'mode' must be one of review, quiz, "
        "not 'cram'",
        "  setting 'appearance': zoom (percent) must be from 50 to 300, not 9",
        "A backup made before the damage can be restored: File > Backups… in the app, "
        "or endoquiz backups and endoquiz restore FILE.",
    ]


def first_answered(data_dir: Path) -> str:
    with closing(sqlite3.connect(data_dir / "progress.sqlite3")) as db:
        return str(db.execute("SELECT card_id FROM review_log WHERE id = 1").fetchone()[0])


def test_check_waits_for_the_app_to_quit(studied: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with app_running(studied):
        assert main(["--data-dir", str(studied), "check"]) == 1
    assert "is running with the data folder" in capsys.readouterr().err


def schedules(data_dir: Path) -> dict[str, tuple[object, ...]]:
    with closing(sqlite3.connect(data_dir / "progress.sqlite3")) as db:
        rows = db.execute(
            "SELECT card_id, state, step, stability, difficulty, due, last_review FROM card"
        )
        return {row[0]: tuple(row[1:]) for row in rows}


def test_a_schedule_that_disagrees_with_the_log_is_set_from_it(
    studied: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # Plausible values, so no single value looks wrong: only the log shows it.
    answered = schedules(studied)
    a, b = sorted(key for key, value in answered.items() if value[0] != 0)
    sql(studied, f"UPDATE card SET due = due + 86400000 * 300 WHERE card_id = '{a}'")
    sql(studied, f"UPDATE card SET stability = stability * 2, state = 2 WHERE card_id = '{b}'")
    assert main(["--data-dir", str(studied), "check"]) == 0
    assert capsys.readouterr().out.splitlines() == [
        f"The schedule of 2 card(s) disagreed with their review log and was set from it: "
        f"chk/{a}, chk/{b}."
    ]
    # The log does not hold the learning step: a damaged state starts again
    # at the first one.
    assert schedules(studied) == {**answered, b: (answered[b][0], 0, *answered[b][2:])}
    # The stored schedules were backed up first, and the next check is clean.
    with Library.open(studied) as library:
        assert len(library.backups()) == 1
    assert main(["--data-dir", str(studied), "check"]) == 0
    assert capsys.readouterr().out.startswith("The progress database is sound")


def test_reset_cards_and_quiz_answers_that_keep_the_schedule_agree_with_the_log(
    studied: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    later = T0 + timedelta(days=3)
    with Library.open(studied, fuzz=False) as library:
        assert library.settings.quiz_schedule == "wrong-resets"
        quiz = library.quiz("chk", size=4, seed=1, now=later)
        for question in quiz.questions:
            quiz.answer(question, question.answer, later)  # right: nothing moves
        library.reset_progress([("chk", first_answered(studied))])
        study(library, "chk", later + timedelta(days=30), [Rating.HARD, Rating.EASY])
    assert main(["--data-dir", str(studied), "check"]) == 0
    assert capsys.readouterr().out.startswith("The progress database is sound")


def test_merged_progress_agrees_with_the_merged_log(
    tmp_path: Path, write_deck: WriteDeck, capsys: pytest.CaptureFixture[str]
) -> None:
    # Two computers answer the same cards at interleaved times, with quiz
    # answers that log the schedule they found; each imports the other's.
    deck = write_deck(basic_deck("chk", ["a", "b"]))
    homes = [tmp_path / "home", tmp_path / "work"]
    for offset, home in enumerate(homes):
        with Library.open(home, fuzz=False) as library:
            library.add_deck(deck)
            start = T0 + timedelta(hours=offset)
            study(library, "chk", start, [Rating.GOOD, Rating.AGAIN])
            quiz = library.quiz("chk", size=2, seed=1, now=start + timedelta(days=2 - offset))
            for question in quiz.questions:
                quiz.answer(question, question.answer, start + timedelta(days=2 - offset))
    for home, other in (homes, homes[::-1]):
        with Library.open(other) as library:
            library.export_progress(tmp_path / f"{other.name}.json")
        with Library.open(home) as library:
            library.import_progress(tmp_path / f"{other.name}.json")
        assert main(["--data-dir", str(home), "check"]) == 0
        assert capsys.readouterr().out.startswith("The progress database is sound")
