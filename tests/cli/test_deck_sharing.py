"""`endoquiz export-deck` shares a deck as one .endoquiz file and `endoquiz
import` opens it; every refusal is one line and an exit status."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from endoquiz import Library, Rating
from endoquiz.cli import main
from tests.conftest import T0, WriteDeck, basic_deck, study


@pytest.fixture
def teacher(tmp_path: Path, write_deck: WriteDeck) -> Path:
    """A data folder with a deck the teacher studied."""
    folder = tmp_path / "teacher"
    with Library.open(folder, fuzz=False) as library:
        library.add_deck(write_deck(basic_deck("bio", ["a", "b"], "Biology")))
        study(library, "bio", T0, [Rating.GOOD])
    return folder


def test_a_deck_is_shared_and_opened_by_a_learner(
    teacher: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "bio.endoquiz"
    assert main(["export-deck", "--data-dir", str(teacher), "bio", str(out)]) == 0
    assert capsys.readouterr().out == (
        f"Shared bio (2 card(s), 0 image(s)) as {out}; progress is not included\n"
    )
    with zipfile.ZipFile(out) as archive:
        assert archive.namelist() == ["manifest.json", "deck/deck.yaml"]
    learner = tmp_path / "learner"
    assert main(["import", "--data-dir", str(learner), str(out)]) == 0
    installed = learner / "decks" / "bio" / "deck.yaml"
    assert capsys.readouterr().out == (
        f"Installed bio (2 card(s), 0 image(s)) from bio.endoquiz as {installed}\n"
    )
    assert main(["import", "--data-dir", str(learner), str(out)]) == 0
    assert capsys.readouterr().out.startswith("Updated bio (2 card(s), 0 image(s))")
    with Library.open(learner) as library:
        assert [deck.id for deck in library.decks()] == ["bio"]
        assert library.review_log() == []


REFUSED = {
    "bio.zip": ("bio", 2, "endoquiz export-deck: error: bio.zip: name the file .endoquiz"),
    "not installed": ("nowhere", 1, "endoquiz export-deck: error: no deck 'nowhere' is"),
    "missing/x.endoquiz": ("bio", 1, "endoquiz export-deck: error: x.endoquiz cannot be"),
}


@pytest.mark.parametrize("out", list(REFUSED))
def test_what_cannot_be_shared_is_said_in_one_line(
    teacher: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], out: str
) -> None:
    deck_id, status, error = REFUSED[out]
    target = tmp_path / ("x.endoquiz" if out == "not installed" else out)
    assert main(["export-deck", "--data-dir", str(teacher), deck_id, str(target)]) == status
    said, err = capsys.readouterr()
    assert said == "" and err.startswith(error)
    assert err.count("\n") == 1 and "Traceback" not in err
    assert list(tmp_path.glob("*.endoquiz")) == [] and list(tmp_path.glob("*.zip")) == []


def test_a_file_that_is_not_a_shared_deck_is_refused_in_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "notes.endoquiz"
    bad.write_text("not a zip")
    learner = tmp_path / "learner"
    assert main(["import", "--data-dir", str(learner), str(bad)]) == 1
    out, err = capsys.readouterr()
    assert out == ""
    assert err == (
        "endoquiz import: error: notes.endoquiz cannot be opened as a shared deck: "
        "it is not a zip file\n"
    )
    assert not (learner / "decks").exists()


def test_dry_run_writes_nothing_and_says_why(
    teacher: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "bio.endoquiz"
    assert main(["export-deck", "--data-dir", str(teacher), "bio", str(out)]) == 0
    learner = tmp_path / "learner"
    assert main(["import", "--dry-run", "--data-dir", str(learner), str(out)]) == 1
    assert "--dry-run reads Anki files" in capsys.readouterr().err
    assert not (learner / "decks").exists()
