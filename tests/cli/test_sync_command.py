"""`endoquiz sync`: two data folders in step through one folder, from the command line."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from endoquiz import Library, Rating
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


def test_a_copied_data_folder_is_told_it_has_a_new_sync_id(
    studied: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "Sync"
    folder.mkdir()
    assert main(["sync", "--data-dir", str(studied), "--folder", str(folder)]) == 0
    copy = tmp_path / "copy"
    shutil.copytree(studied, copy)
    for data_dir in (studied, copy):
        with Library.open(data_dir) as library:
            session = library.review("bio")
            card = session.next_card()
            assert card is not None
            session.answer(card, Rating.EASY)
    assert main(["sync", "--data-dir", str(studied)]) == 0
    capsys.readouterr()

    assert main(["sync", "--data-dir", str(copy)]) == 0
    said = capsys.readouterr()

    assert "had the same sync id as another copy of its data folder" in said.out
    assert "it has a new one" in said.out and said.err == ""
    assert main(["sync", "--data-dir", str(studied)]) == 0
    with Library.open(studied) as library:
        assert len(library.review_log()) == 3
