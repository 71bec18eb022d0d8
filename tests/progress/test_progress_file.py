"""Moving progress to another machine: one file out, merged in there."""

from __future__ import annotations

import gzip
import json
import re
import sqlite3
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

from endoquiz import Library, Rating, StudySettings
from endoquiz.cli import main
from endoquiz.progress.progress_file import ProgressFileError
from tests.conftest import T0, WriteDeck, app_running, basic_deck, study

DECK = basic_deck("move", [f"c{n}" for n in range(8)])


def log_of(library: Library) -> list[tuple[object, ...]]:
    return [
        (e.deck_id, e.card_id, e.rating, e.reviewed_at, e.mode, e.due_after)
        for e in library.review_log()
    ]


@pytest.fixture
def home(tmp_path: Path, write_deck: WriteDeck) -> Iterator[Library]:
    """The first machine: a deck studied twice, a flag, a setting."""
    # Closed after the test: Python 3.13 warns of (and the suite fails on) a
    # database left open for the garbage collector.
    with Library.open(tmp_path / "home", fuzz=False) as library:
        library.add_deck(write_deck(DECK, "home/move.yaml"))
        study(library, "move", T0, [Rating.GOOD, Rating.AGAIN, Rating.EASY])
        study(library, "move", T0 + timedelta(days=3), [Rating.GOOD])
        library.set_flag([("move", "c1")], 2)
        library.update_settings(new_per_day=33, desired_retention=0.85)
        yield library


def test_progress_moves_whole_to_another_machine(
    home: Library, tmp_path: Path, write_deck: WriteDeck
) -> None:
    exported = tmp_path / "me.endoquiz-progress"
    assert home.export_progress(exported) == 4
    with Library.open(tmp_path / "away", fuzz=False) as away:
        # The same deck, at another path on the other machine.
        away.add_deck(write_deck(DECK, "away/elsewhere/move.yaml"))
        updated, added, safety = away.import_progress(exported)
        studied = {entry.card_id for entry in home.review_log()}
        assert (updated, added) == (len(studied | {"c1"}), 4)
        assert safety.exists()
        assert log_of(away) == log_of(home)
        for card in ("c0", "c1", "c2", "c5"):
            assert away.card_state("move", card) == home.card_state("move", card)
        assert away.flag("move", "c1") == 2
        assert (away.settings.new_per_day, away.settings.desired_retention) == (33, 0.85)
        # Importing again adds nothing twice.
        assert away.import_progress(exported)[:2] == (0, 0)
        assert len(away.review_log()) == 4


def test_progress_of_reverse_and_cloze_cards_moves_too(
    tmp_path: Path, write_deck: WriteDeck
) -> None:
    """Their cards' ids are the entry's and a suffix (`:reverse`, `:c2`),
    which an entry's id may not hold: the file takes them all the same."""
    deck = write_deck(
        """\
        endoquiz: 1
        id: two-sided
        title: Two cards an entry
        cards:
          - id: term
            kind: reverse
            front: HOMA-IR
            back: An index of insulin resistance
          - id: islets
            kind: cloze
            text: "{{c1::Beta}} cells make {{c2::insulin}}."
        """
    )
    exported = tmp_path / "me.endoquiz-progress"
    with Library.open(tmp_path / "home", fuzz=False) as home:
        home.add_deck(deck)
        # A card's siblings wait for the next day.
        study(home, "two-sided", T0, [Rating.EASY] * 2)
        study(home, "two-sided", T0 + timedelta(days=1), [Rating.EASY] * 2)
        studied = {entry.card_id for entry in home.review_log()}
        assert studied == {"term", "term:reverse", "islets:c1", "islets:c2"}
        home.export_progress(exported)
        with Library.open(tmp_path / "away", fuzz=False) as away:
            away.add_deck(deck)
            assert away.import_progress(exported)[:2] == (4, 4)
            for card in studied:
                assert away.card_state("two-sided", card) == home.card_state("two-sided", card)


def test_progress_of_a_deck_not_installed_waits_for_it(
    home: Library, tmp_path: Path, write_deck: WriteDeck
) -> None:
    exported = tmp_path / "me.endoquiz-progress"
    home.export_progress(exported)
    with Library.open(tmp_path / "away", fuzz=False) as away:
        away.import_progress(exported)
        assert away.decks() == []
        away.add_deck(write_deck(DECK, "away/move.yaml"))
        assert away.card_state("move", "c0") == home.card_state("move", "c0")
        counts = away.deck_counts(T0 + timedelta(days=3))["move"]
        assert counts == home.deck_counts(T0 + timedelta(days=3))["move"]


def test_merging_keeps_the_later_answer_of_each_card(
    home: Library, tmp_path: Path, write_deck: WriteDeck
) -> None:
    with Library.open(tmp_path / "away", fuzz=False) as away:
        away.add_deck(write_deck(DECK, "away/move.yaml"))
        # Away, c0 was answered later than at home; c7 only here.
        later = T0 + timedelta(days=10)
        session = away.review("move", now=later)
        cards = {card.id: card for card in away.deck("move").cards}
        session.answer(cards["c0"], Rating.HARD, later)
        session.answer(cards["c7"], Rating.GOOD, later)
        mine = away.card_state("move", "c0")
        exported = tmp_path / "home.endoquiz-progress"
        home.export_progress(exported)
        away.import_progress(exported)
        assert away.card_state("move", "c0") == mine  # its own, later answer
        assert away.card_state("move", "c1") == home.card_state("move", "c1")
        assert away.card_state("move", "c7").reps == 1
        assert len(away.review_log()) == 6


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"plain text, not gzip", "is not an endoquiz progress file (or it is damaged)"),
        (gzip.compress(b"{not json"), "is not an endoquiz progress file (or it is damaged)"),
        (gzip.compress(b'{"format": "other"}'), "is not an endoquiz progress file"),
        (gzip.compress(b'{"format": "endoquiz-progress", "version": 9}'), "newer endoquiz"),
    ],
)
def test_a_bad_file_is_refused_and_nothing_changes(
    home: Library, tmp_path: Path, content: bytes, message: str
) -> None:
    path = tmp_path / "bad.endoquiz-progress"
    path.write_bytes(content)
    with pytest.raises(ProgressFileError, match=re.escape(message)):
        home.import_progress(path)
    assert len(home.review_log()) == 4 and home.backups() == []


def test_an_edited_row_is_refused_before_anything_is_merged(home: Library, tmp_path: Path) -> None:
    path = tmp_path / "me.endoquiz-progress"
    home.export_progress(path)
    document = json.loads(gzip.decompress(path.read_bytes()))
    document["review_log"][2][2] = "five"  # a rating
    path.write_bytes(gzip.compress(json.dumps(document).encode()))
    with pytest.raises(
        ProgressFileError,
        match="review_log entry 3: 'rating' must be one of 1, 2, 3, 4, not 'five'",
    ):
        home.import_progress(path)
    assert len(home.review_log()) == 4


def _edit(document: dict[str, Any], where: str, value: Any) -> None:
    """Set the value at `where`: "settings.appearance.zoom", or a row's
    column, "cards.0.state" (the first card's state)."""
    first, *middle, last = where.split(".")
    if first in ("cards", "review_log"):
        columns = document["card_columns" if first == "cards" else "log_columns"]
        document[first][int(middle[0])][columns.index(last)] = value
        return
    target: dict[str, Any] = document[first]
    for step in middle:
        target = target.setdefault(step, {})
    target[last] = value


# Found by an adversarial test: each of these was merged, then crashed every
# later start and command (or raised OverflowError on the way in).
CRAFTED = {
    "retention 5": (
        "settings.study_settings.desired_retention",
        5,
        "desired_retention must be from 0.7 to 0.97, not 5",
    ),
    "settings a string": (
        "settings.study_settings",
        "fast",
        "study settings must be an object, not 'fast'",
    ),
    "limit as text": (
        "settings.study_settings.new_per_day",
        "20",
        "new_per_day must be a whole number, not '20'",
    ),
    "steps as text": (
        "settings.study_settings.learning_steps",
        "1m",
        "learning_steps must be a list",
    ),
    "zoom 1e6": (
        "settings.appearance.zoom",
        1_000_000,
        "zoom (percent) must be from 50 to 300",
    ),
    "zoom as a float": (
        "settings.appearance.zoom",
        1e6,
        "zoom (percent) must be a whole number",
    ),
    "parameters 1e9": (
        "settings.study_settings.parameters",
        [1e9] * 21,
        "out of bounds",
    ),
    "parameters as text": (
        "settings.study_settings.parameters",
        ["a"] * 21,
        "parameters must be a number, not 'a'",
    ),
    "card state 99": (
        "cards.0.state",
        99,
        "cards entry 1: 'state' must be one of 0, 1, 2, 3, not 99",
    ),
    "review card without due": (
        "cards.0.due",
        None,
        "cards entry 1: an answered card needs 'due'",
    ),
    "negative time": (
        "cards.0.last_review",
        -5,
        "'last_review' (a time in milliseconds) must be from",
    ),
    "year 9999": (
        "cards.0.due",
        253_402_300_799_000,
        "'due' (a time in milliseconds) must be from",
    ),
    "time 1e20": (
        "review_log.0.reviewed_at",
        1e20,
        "'reviewed_at' (a time in milliseconds) must be a whole number",
    ),
    "huge whole time": (
        "review_log.0.reviewed_at",
        10**20,
        "'reviewed_at' (a time in milliseconds) must be from",
    ),
    "state_before 99": (
        "review_log.1.state_before",
        99,
        "review_log entry 2: 'state_before' must be one of",
    ),
    "mode unknown": (
        "review_log.0.mode",
        "cram",
        "'mode' must be one of review, quiz, not 'cram'",
    ),
    "deck id climbing out": (
        "cards.0.deck_id",
        "../etc",
        "'deck_id' is not a deck id: '../etc'",
    ),
    "flag 9": (
        "cards.0.flag",
        9,
        "'flag' must be one of 0, 1, 2, 3, 4, not 9",
    ),
    "suspended true": (
        "cards.0.suspended",
        True,
        "'suspended' must be one of 0, 1, not True",
    ),
    "stability infinite": (
        "cards.0.stability",
        1e400,
        "'stability' must be from",
    ),
    "difficulty 11": (
        "review_log.0.difficulty_after",
        11.0,
        "'difficulty_after' must be from 1 to 10",
    ),
    "negative reps": (
        "cards.0.reps",
        -1,
        "'reps' must be from 0 to",
    ),
}


@pytest.mark.parametrize(("where", "value", "message"), CRAFTED.values(), ids=CRAFTED.keys())
def test_a_crafted_file_is_refused_whole_before_anything_is_written(
    home: Library, tmp_path: Path, where: str, value: Any, message: str
) -> None:
    path = tmp_path / "crafted.endoquiz-progress"
    home.export_progress(path)
    document = json.loads(gzip.decompress(path.read_bytes()))
    _edit(document, where, value)
    path.write_bytes(gzip.compress(json.dumps(document).encode()))
    settings, log = home.settings, len(home.review_log())
    with pytest.raises(ProgressFileError, match=re.escape(message)):
        home.import_progress(path)
    # Nothing written: no backup, no answer, no setting; and the folder
    # opens as before.
    assert (home.backups(), len(home.review_log()), home.settings) == ([], log, settings)
    home.close()
    with Library.open(home.data_dir, fuzz=False) as again:
        assert (again.settings, again.settings_problem) == (settings, None)
        assert len(again.review_log()) == log


def test_a_gzip_bomb_is_refused_without_unpacking_it_whole(home: Library, tmp_path: Path) -> None:
    # 1 GB of spaces packs into about 1 MB; reading stops at the bound.
    path = tmp_path / "bomb.endoquiz-progress"
    with gzip.open(path, "wb", compresslevel=9) as file:
        block = b" " * (64 * 1024 * 1024)
        for _ in range(16):
            file.write(block)
    assert path.stat().st_size < 4 * 1024 * 1024
    with pytest.raises(ProgressFileError, match="unpacks to more than 256 MB"):
        home.import_progress(path)
    assert home.backups() == []


def test_settings_that_cannot_be_used_fall_back_to_the_defaults_and_say_so(
    home: Library, capsys: pytest.CaptureFixture[str]
) -> None:
    # Written by an older endoquiz that merged a crafted file, or by hand:
    # every start and command died with a traceback.
    home.close()
    with sqlite3.connect(home.data_dir / "progress.sqlite3") as db:
        db.execute(
            "UPDATE setting SET value = '{\"desired_retention\": 5}' WHERE key = 'study_settings'"
        )
        db.execute("INSERT OR REPLACE INTO setting (key, value) VALUES ('appearance', '\"big\"')")
    db.close()
    with Library.open(home.data_dir, fuzz=False) as again:
        assert again.settings == StudySettings()
        assert again.settings_problem == (
            "the stored study settings (desired_retention must be from 0.7 to 0.97, not 5) and "
            "appearance (appearance must be an object, not 'big') could not be used; the "
            "defaults apply until you change them in Settings"
        )
        assert len(again.review_log()) == 4
        # What both front ends say at open: the one problem, once.
        assert again.open_notes() == [again.settings_problem]
        again.update_settings(new_per_day=5)
    with Library.open(home.data_dir, fuzz=False) as fixed:
        assert fixed.settings.new_per_day == 5
    assert main(["--data-dir", str(home.data_dir), "backups"]) == 0
    assert "could not be used; the defaults apply" in capsys.readouterr().err


def test_cli_exports_and_imports_and_waits_for_the_app_to_quit(
    home: Library, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    home.close()
    path = tmp_path / "me.endoquiz-progress"
    assert main(["--data-dir", str(tmp_path / "home"), "export-progress", str(path)]) == 0
    assert capsys.readouterr().out.startswith("Exported 4 answer(s) to ")
    away = str(tmp_path / "away")
    with app_running(tmp_path / "away"):
        assert main(["--data-dir", away, "import-progress", str(path)]) == 1
    assert "is running with the data folder" in capsys.readouterr().err
    assert main(["--data-dir", away, "import-progress", str(path)]) == 0
    assert "4 answer(s) added" in capsys.readouterr().out
    assert main(["--data-dir", away, "import-progress", str(tmp_path / "none")]) == 1
    assert "no such file" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("asked", "written"),
    [
        ("me.json", "me.endoquiz-progress"),
        ("me.JSON.gz", "me.endoquiz-progress"),
        ("me", "me.endoquiz-progress"),
        ("me.endoquiz-progress", "me.endoquiz-progress"),
        ("me.2024-05", "me.2024-05.endoquiz-progress"),
    ],
)
def test_cli_export_names_the_file_by_its_format(
    home: Library, tmp_path: Path, capsys: pytest.CaptureFixture[str], asked: str, written: str
) -> None:
    # A learner who asked for me.json got gzip data under that name, which no
    # JSON reader opens: the file is named for what it is.
    home.close()
    out = tmp_path / "out"
    out.mkdir()
    assert main(["export-progress", str(out / asked), "--data-dir", str(home.data_dir)]) == 0
    assert [p.name for p in out.iterdir()] == [written]
    assert capsys.readouterr().out == f"Exported 4 answer(s) to {out / written}\n"
    with Library.open(tmp_path / "away") as away:
        assert away.import_progress(out / written)[1] == 4


def test_cli_help_says_what_an_exported_file_is(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "400")  # no line wrapped at a hyphen
    with pytest.raises(SystemExit):
        main(["export-progress", "--help"])
    described = " ".join(capsys.readouterr().out.split())
    assert "gzip-compressed JSON" in described
    assert "named with the suffix .endoquiz-progress" in described
    with pytest.raises(SystemExit):
        main(["--help"])
    assert "FILE.endoquiz-progress" in " ".join(capsys.readouterr().out.split())
