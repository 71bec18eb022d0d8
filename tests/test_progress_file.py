"""Moving progress to another machine: one file out, merged in there."""

from __future__ import annotations

import gzip
import json
import re
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest

from endoquiz import Library, Rating
from endoquiz.cli import main
from endoquiz.progress_file import ProgressFileError
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
    with pytest.raises(ProgressFileError, match="review_log entry 3: 'rating' cannot be 'five'"):
        home.import_progress(path)
    assert len(home.review_log()) == 4


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
