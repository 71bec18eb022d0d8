"""`endoquiz export`: a deck to an Anki package or CSV, and every refusal in one line."""

from __future__ import annotations

from pathlib import Path

import pytest

from endoquiz import Library
from endoquiz.anki.collection_reading import read_collection
from endoquiz.anki.package_files import open_package
from endoquiz.cli import main
from tests.anki.export_decks import install_and_study


@pytest.fixture
def data(tmp_path: Path) -> Path:
    folder = tmp_path / "data"
    with Library.open(folder, fuzz=False) as library:
        install_and_study(library, tmp_path / "decks")
    return folder


def export(data: Path, *words: str) -> int:
    return main(["export", "--data-dir", str(data), *words])


def test_a_deck_with_its_progress_to_an_apkg(
    data: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "biology.apkg"
    assert export(data, "biology", str(out), "--with-progress") == 0
    said = capsys.readouterr().out
    assert said.startswith(
        f"Exported 6 note(s), 8 card(s), 2 media file(s) and 12 answer(s) from 2 deck(s) to {out}"
    )
    assert "1 × choice cards: basic cards with the options listed" in said
    with open_package(out, tmp_path) as package:
        assert len(read_collection(package.collection_path).reviews) == 12


@pytest.mark.parametrize(("suffix", "separator"), [(".csv", ","), (".tsv", "\t"), (".txt", "\t")])
def test_a_deck_to_a_table(
    data: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], suffix: str, separator: str
) -> None:
    out = tmp_path / f"cells{suffix}"
    assert export(data, "biology/cells", str(out)) == 0
    assert capsys.readouterr().out == f"Exported 1 card(s) to {out}\n"
    assert out.read_text(encoding="utf-8-sig").splitlines()[3] == separator.join(
        ["#columns:Front", "Back", "Tags"]
    )


@pytest.mark.parametrize(
    ("words", "status", "error"),
    [
        (["biology", "out.zip"], 2, "out.zip: name the file .apkg (an Anki package) or .csv"),
        (["biology", "out.csv", "--with-progress"], 2, "--with-progress needs an .apkg file"),
        (["nowhere", "out.apkg"], 1, "no deck 'nowhere' is installed"),
        (["biology", "missing/out.apkg"], 1, "out.apkg cannot be written: "),
    ],
)
def test_what_cannot_be_exported_is_said_in_one_line(
    data: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    words: list[str],
    status: int,
    error: str,
) -> None:
    words = [words[0], str(tmp_path / words[1]), *words[2:]]
    assert export(data, *words) == status
    out, err = capsys.readouterr()
    assert out == ""
    assert err.startswith(f"endoquiz export: error: {error}")
    assert err.count("\n") == 1 and "Traceback" not in err
    assert not (tmp_path / "out.zip").exists() and not (tmp_path / "out.csv").exists()


def test_an_invalid_deck_file_names_its_first_error(
    data: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "decks" / "cells.yaml").write_text("endoquiz: 1\n", encoding="utf-8")
    assert export(data, "biology", str(tmp_path / "out.apkg")) == 1
    err = capsys.readouterr().err
    assert err.startswith("endoquiz export: error: ") and "cells.yaml:1:1: error:" in err
    assert err.count("\n") == 1
    assert not (tmp_path / "out.apkg").exists()
