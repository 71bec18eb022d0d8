"""`endoquiz sync`: two data folders in step through one folder, from the command line."""

from __future__ import annotations

from pathlib import Path

import pytest

from endoquiz import Library
from endoquiz.cli import main
from tests.conftest import WriteDeck, basic_deck


def test_sync_remembers_the_folder_and_brings_answers_across(
    studied: Path, tmp_path: Path, write_deck: WriteDeck, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "Sync"
    folder.mkdir()
    laptop = tmp_path / "laptop"
    with Library.open(laptop) as library:
        library.add_deck(write_deck(basic_deck("bio", ["a", "b"]), name="bio.yaml"))

    assert main(["sync", "--data-dir", str(studied), "--folder", str(folder)]) == 0
    assert main(["sync", "--data-dir", str(laptop), "--folder", str(folder)]) == 0
    said = capsys.readouterr().out

    assert "Synced with 1 other computer through" in said
    assert "1 received" not in said.splitlines()[0]
    with Library.open(laptop) as library:
        assert [e.card_id for e in library.review_log()] == ["a"]
        assert library.sync_folder == folder.resolve()
    # Remembered: no --folder the second time.
    assert main(["sync", "--data-dir", str(laptop)]) == 0


def test_sync_without_a_folder_says_how_to_choose_one(
    studied: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["sync", "--data-dir", str(studied)]) == 1
    assert "no sync folder is set" in capsys.readouterr().err


def test_a_missing_folder_is_an_error_not_a_traceback(
    studied: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(["sync", "--data-dir", str(studied), "--folder", str(tmp_path / "USB")])
    err = capsys.readouterr().err
    assert code == 1
    assert "is not there (is its drive connected?)" in err and "Traceback" not in err
