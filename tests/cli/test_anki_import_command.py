"""`endoquiz import`: Anki packages summarised, imported, or refused in one line."""

from __future__ import annotations

from pathlib import Path

import pytest

from endoquiz import InstanceLock, Library
from endoquiz.cli import main
from tests.anki.fixture_files import FIXTURES


def test_dry_run_says_what_would_come_and_writes_nothing(
    data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert (
        main(["--data-dir", str(data_dir), "import", "--dry-run", str(FIXTURES / "modern.apkg")])
        == 0
    )
    out = capsys.readouterr().out
    assert "modern.apkg (Anki 2.1.50+ package): 12 notes, 15 cards, 46 answers" in out
    assert "  biology/cells  'Cells': 5 entries" in out
    assert "purple flags: endoquiz has red, orange, green, blue" in out
    assert "Nothing was written (--dry-run)." in out
    assert not (data_dir / "decks").exists()
    with Library.open(data_dir) as library:
        assert library.decks() == [] and library.review_log() == []


def test_import_installs_the_decks_and_says_what_came(
    data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["--data-dir", str(data_dir), "import", str(FIXTURES / "legacy.apkg")]) == 0
    out = capsys.readouterr().out
    assert "Imported legacy.apkg: 2 deck(s) installed, 46 answer(s) added" in out
    with Library.open(data_dir) as library:
        assert [deck.id for deck in library.decks()] == ["biology", "biology/cells"]
        assert len(library.review_log()) == 46


def test_a_file_that_is_no_package_is_said_in_one_line_and_the_others_imported(
    data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = tmp_path / "notes.apkg"
    text.write_text("not a package\n", encoding="utf-8")
    status = main(["--data-dir", str(data_dir), "import", str(text), str(FIXTURES / "modern.apkg")])
    assert status == 1
    captured = capsys.readouterr()
    errors = captured.err.strip().splitlines()
    assert len(errors) == 1 and errors[0].startswith("endoquiz import: error: ")
    assert "notes.apkg" in errors[0] and "Traceback" not in captured.err
    assert "Imported modern.apkg" in captured.out


def test_import_waits_for_the_app_to_quit(
    data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data_dir.mkdir(parents=True)
    lock = InstanceLock.acquire(data_dir)
    assert lock is not None
    try:
        assert main(["--data-dir", str(data_dir), "import", str(FIXTURES / "modern.apkg")]) == 1
    finally:
        lock.release()
    assert "quit it first" in capsys.readouterr().err
    assert not (data_dir / "decks").exists()
