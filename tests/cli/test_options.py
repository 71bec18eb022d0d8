"""The `endoquiz` command's options: where the data folder options may stand."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from endoquiz.cli import main


@pytest.mark.parametrize(
    "argv",
    [
        ["stats", "--json", "--data-dir", "{dir}"],
        ["stats", "--data-dir", "{dir}", "--json"],
        ["--data-dir", "{dir}", "stats", "--json"],
        # Given twice, the one after the command wins, as the nearer one.
        ["--data-dir", "{elsewhere}", "stats", "--json", "--data-dir", "{dir}"],
    ],
)
def test_the_data_folder_may_be_named_before_or_after_the_command(
    studied: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], argv: list[str]
) -> None:
    names = {"dir": str(studied), "elsewhere": str(tmp_path / "elsewhere")}
    assert main([word.format(**names) for word in argv]) == 0
    figures = json.loads(capsys.readouterr().out)
    assert figures["today"]["answers"] == 1
    assert figures["total"]["new"] == 1
    assert not (tmp_path / "elsewhere").exists()
    assert not (tmp_path / "env-data").exists()  # $ENDOQUIZ_DATA_DIR, untouched


@pytest.mark.parametrize(
    "argv",
    [
        ["cards", "is:learning", "--data-dir", "{dir}"],
        ["backups", "--data-dir", "{dir}"],
        ["check", "--data-dir", "{dir}"],
        ["optimize", "--data-dir", "{dir}"],  # too few answers: says so, exits 1
        ["export-progress", "{out}", "--data-dir", "{dir}"],
    ],
)
def test_every_command_on_the_progress_takes_the_data_folder_after_its_name(
    studied: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], argv: list[str]
) -> None:
    names = {"dir": str(studied), "out": str(tmp_path / "me.endoquiz-progress")}
    status = main([word.format(**names) for word in argv])
    out, err = capsys.readouterr()
    assert status == (1 if argv[0] == "optimize" else 0), err
    assert "unrecognized arguments" not in err
    if argv[0] == "cards":
        assert out.startswith("bio\ta\tbasic\tlearning")
    if argv[0] == "optimize":
        assert "1 reviews so far; personal parameters need at least 400" in err
    assert not (tmp_path / "env-data").exists()


def test_portable_after_the_command_is_taken_too(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # Portable mode keeps progress in data/ beside the program.
    program = tmp_path / "stick" / "endoquiz"
    program.parent.mkdir()
    monkeypatch.setattr("sys.argv", [str(program)])
    assert main(["backup", "--portable"]) == 0
    assert "Backed up to " + str(tmp_path / "stick" / "data" / "backups") in capsys.readouterr().out
