"""`endoquiz validate`: exit status and FILE:LINE:COL output."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from endoquiz.cli import main
from endoquiz.decks.deck_loader import check_deck

DATA = Path(__file__).parent.parent / "data"
MALFORMED = DATA / "malformed"
VALID = DATA / "valid"

# One diagnostic: FILE:LINE:COL: SEVERITY: MESSAGE
_DIAGNOSTIC = re.compile(
    r"(?P<file>.+?):(?P<line>\d+):(?P<column>\d+): (?P<severity>error|warning): "
)


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(["validate", *args])
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return code, out, err


def diagnostic_lines(out: str) -> list[str]:
    lines = out.splitlines()
    for line in lines:
        assert _DIAGNOSTIC.match(line), f"not FILE:LINE:COL: severity: ...: {line!r}"
    return lines


def test_valid_deck_exits_0(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, str(VALID / "all_kinds.yaml"))
    assert code == 0
    assert out == ""
    assert "1 file checked: 0 error(s), 0 warning(s), 7 card(s) in valid decks" in err


def test_warnings_are_printed_and_still_exit_0(capsys: pytest.CaptureFixture[str]) -> None:
    path = VALID / "card_without_id.yaml"
    code, out, err = run(capsys, str(path))
    assert code == 0
    [line] = diagnostic_lines(out)
    assert line.startswith(f"{path}:5:5: warning: card has no 'id'")
    assert "0 error(s), 1 warning(s)" in err


def test_quiet_prints_problems_only(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "-q", str(VALID / "card_without_id.yaml"))
    assert code == 0
    assert len(diagnostic_lines(out)) == 1
    assert err == ""


def test_invalid_deck_exits_1_and_prints_every_error(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = tmp_path / "deck.yaml"
    path.write_text(
        "endoquiz: 1\nid: t\ntitle: T\ncards:\n  - id: a\n    front: F\n    bakc: B\n"
        "  - id: a\n    front: G\n    back: H\n",
        encoding="utf-8",
    )
    code, out, err = run(capsys, str(path))
    assert code == 1
    assert diagnostic_lines(out) == [
        f"{path}:7:5: error: unknown key 'bakc' in a basic card; did you mean 'back'?",
        f"{path}:8:9: error: duplicate card id 'a' (first used at line 5); "
        "card ids must be unique in a deck",
    ]
    assert "1 file checked: 2 error(s), 0 warning(s), 0 card(s)" in err


@pytest.mark.parametrize("name", sorted(p.name for p in MALFORMED.iterdir()))
def test_each_malformed_deck_exits_1(capsys: pytest.CaptureFixture[str], name: str) -> None:
    path = MALFORMED / name
    code, out, _ = run(capsys, str(path))
    assert code == 1
    expected = [str(d) for d in check_deck(path).diagnostics]
    # Messages quote the file's text, which may hold a NUL or a line break;
    # compare the whole output, then check each line where that is safe.
    assert out == "".join(f"{line}\n" for line in expected)
    if "\x00" not in out:
        for line in diagnostic_lines(out):
            assert f"{path}:" in line
    assert any(f"{path}:" in line and ": error: " in line for line in expected)


def test_folder_validates_every_deck_below_it(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    shutil.copy(VALID / "all_kinds.yaml", tmp_path / "a.yaml")
    shutil.copytree(VALID / "images", tmp_path / "images")
    (tmp_path / "sub" / "deeper").mkdir(parents=True)
    shutil.copy(VALID / "card_without_id.yaml", tmp_path / "sub" / "b.yml")
    shutil.copy(MALFORMED / "duplicate_card_id.yaml", tmp_path / "sub" / "deeper" / "c.yaml")
    shutil.copy(MALFORMED / "empty.yaml", tmp_path / "sub" / "deeper" / "d.yaml")
    (tmp_path / "notes.txt").write_text("not a deck: ignored\n", encoding="utf-8")
    code, out, err = run(capsys, str(tmp_path))
    assert code == 1
    lines = diagnostic_lines(out)
    expected = [
        f"{tmp_path / 'sub' / 'b.yml'}:5:5: warning: card has no 'id'",
        f"{tmp_path / 'sub' / 'deeper' / 'c.yaml'}:11:9: error: duplicate card id 'a'",
        f"{tmp_path / 'sub' / 'deeper' / 'd.yaml'}:1:1: error: the file is empty",
    ]
    assert len(lines) == len(expected), out
    for line, start in zip(lines, expected, strict=True):
        assert line.startswith(start)
    assert "4 files checked: 2 error(s), 1 warning(s), 8 card(s) in valid decks" in err


def test_folder_of_valid_decks_exits_0(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, str(VALID))
    assert code == 0
    [warning] = diagnostic_lines(out)
    assert ": warning: " in warning
    assert f"{len(list(VALID.glob('*.yaml')))} files checked: 0 error(s)" in err


def test_several_paths_are_all_checked(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, str(VALID / "all_kinds.yaml"), str(MALFORMED / "cards_empty.yaml"))
    assert code == 1
    assert diagnostic_lines(out) == [
        f"{MALFORMED / 'cards_empty.yaml'}:4:8: error: "
        "'cards' is empty; a deck needs at least one card"
    ]
    assert "2 files checked: 1 error(s)" in err


def test_nonexistent_path_exits_2(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    missing = tmp_path / "nowhere.yaml"
    code, out, err = run(capsys, str(VALID / "all_kinds.yaml"), str(missing))
    assert code == 2
    assert out == ""
    assert f"no such file or folder: {missing}" in err


def test_folder_without_decks_exits_2(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    (tmp_path / "readme.txt").write_text("no decks here\n", encoding="utf-8")
    code, out, err = run(capsys, str(tmp_path))
    assert code == 2
    assert out == ""
    assert "no deck files" in err


def test_no_arguments_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as caught:
        main(["validate"])
    assert caught.value.code == 2
    out, err = capsys.readouterr()
    assert "the following arguments are required: PATH" in err
    assert "Traceback" not in out + err


# -- as a real command -----------------------------------------------------------


def command(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    done = subprocess.run(
        [sys.executable, "-m", "endoquiz", "validate", *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        errors="replace",
        timeout=120,
        check=False,
        env=env,
    )
    assert "Traceback" not in done.stdout + done.stderr, done.stderr
    return done


def test_command_exit_status_and_output(tmp_path: Path) -> None:
    valid = command(str(VALID / "card_without_id.yaml"))
    assert valid.returncode == 0, valid.stderr
    assert valid.stdout.startswith(f"{VALID / 'card_without_id.yaml'}:5:5: warning: ")

    invalid = command(str(MALFORMED / "duplicate_key.yaml"))
    assert invalid.returncode == 1
    assert invalid.stdout == (
        f"{MALFORMED / 'duplicate_key.yaml'}:8:5: error: duplicate key 'front' "
        "(first given at line 6, column 5); only one is allowed\n"
    )
    assert "1 file checked: 1 error(s)" in invalid.stderr

    hostile = tmp_path / "deep.yaml"
    hostile.write_text("[" * 100_000, encoding="utf-8")
    deep = command(str(hostile))
    assert deep.returncode == 1, f"crashed with status {deep.returncode}: {deep.stderr}"
    assert f"{hostile}:1:65: error: nesting deeper than 64 levels" in deep.stdout

    assert command(str(tmp_path / "nowhere.yaml")).returncode == 2
    assert command().returncode == 2


def test_command_on_the_malformed_folder_prints_every_error() -> None:
    done = command(str(MALFORMED))
    assert done.returncode == 1
    files = sorted(MALFORMED.iterdir())
    for path in files:
        for diagnostic in check_deck(path).diagnostics:
            text = str(diagnostic)
            if "\x00" not in text:
                assert text in done.stdout
    assert f"{len(files)} files checked" in done.stderr


def test_command_survives_an_ascii_stdout(tmp_path: Path) -> None:
    path = tmp_path / "deck.yaml"
    path.write_text(
        "endoquiz: 1\nid: t\ntitle: T\ncards:\n  - {id: a, front: F, back: B, bäck: x}\n",
        encoding="utf-8",
    )
    done = command(str(path), env={**os.environ, "PYTHONIOENCODING": "ascii"})
    assert done.returncode == 1


def test_each_diagnostic_is_one_line(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = tmp_path / "deck.yaml"
    path.write_text(
        'endoquiz: 1\nid: t\ntitle: T\n"ti\\ntle": x\ncards:\n  - {id: a, front: F, back: B}\n',
        encoding="utf-8",
    )
    code, out, _ = run(capsys, str(path))
    assert code == 1
    diagnostic_lines(out)


def test_a_closed_pipe_ends_quietly(tmp_path: Path) -> None:
    """`endoquiz validate ... | head -1` must not print a traceback."""
    path = tmp_path / "deck.yaml"
    cards = "".join(f"  - {{id: c{i}, front: F, bakc: B}}\n" for i in range(3000))
    path.write_text(f"endoquiz: 1\nid: t\ntitle: T\ncards:\n{cards}", encoding="utf-8")
    validate = subprocess.Popen(
        [sys.executable, "-m", "endoquiz", "validate", str(path)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert validate.stdout is not None and validate.stderr is not None
    first = validate.stdout.readline()
    validate.stdout.close()  # like `head -1` exiting
    err = validate.stderr.read().decode()
    validate.stderr.close()
    assert validate.wait(timeout=60) == 1
    assert b"error: unknown key 'bakc'" in first
    assert "Traceback" not in err


def test_a_hostile_folder_prints_one_honest_line_per_problem(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    # A downloaded folder whose file name would print a forged "all fine"
    # line, and decks hiding right-to-left overrides and terminal escapes.
    folder = tmp_path / "downloaded"
    shutil.copytree(DATA / "hostile", folder)
    forged = folder / "deck.yaml:1:1: warning: fine\nreal.yaml"
    forged.write_text("endoquiz: 1\nid: t\ntitle: T\ncards: []\n", encoding="utf-8")
    code, out, err = run(capsys, "-q", str(folder))
    assert (code, err) == (1, "")
    lines = diagnostic_lines(out)
    assert len(lines) == 8  # seven hostile decks with one error each, and the forged name
    assert f"{folder}/deck.yaml:1:1: warning: fine\\nreal.yaml:4:8: error: 'cards' is empty" in out
    assert all(line.isprintable() for line in lines)
    assert "\x1b" not in out and "\u202e" not in out
