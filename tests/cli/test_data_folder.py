"""The sub-commands on the progress: which wait for the app to quit, and how each
says a data folder it cannot use."""

from __future__ import annotations

from pathlib import Path

import pytest

from endoquiz import Library
from endoquiz.cli import main
from tests.conftest import app_running

# Every sub-command that reads or writes the progress, with its arguments.
COMMANDS = {
    "stats": [],
    "cards": ["is:new"],
    "optimize": [],
    "backup": [],
    "backups": [],
    "check": [],
    "restore": ["{backup}"],
    "export-progress": ["{out}"],
    "import-progress": ["{file}"],
    "export": ["bio", "{out}.apkg"],
}
# Those that replace, merge or repair the progress the app holds.
WAIT_FOR_THE_APP = {"check", "restore", "import-progress"}


@pytest.fixture
def names(studied: Path, tmp_path: Path) -> dict[str, str]:
    """The names the commands' arguments use: a data folder with progress in
    it, a backup of it and a progress file of it."""
    file = tmp_path / "me.endoquiz-progress"
    with Library.open(studied) as library:
        backup = library.backup()
        library.export_progress(file)
    return {
        "dir": str(studied),
        "backup": str(backup),
        "out": str(tmp_path / "out.endoquiz-progress"),
        "file": str(file),
    }


def argv(command: str, names: dict[str, str]) -> list[str]:
    return ["--data-dir", names["dir"], command, *(a.format(**names) for a in COMMANDS[command])]


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_only_the_commands_that_change_what_the_app_holds_wait_for_it(
    names: dict[str, str], capsys: pytest.CaptureFixture[str], command: str
) -> None:
    with app_running(Path(names["dir"])):
        status = main(argv(command, names))
    out, err = capsys.readouterr()
    refusal = (
        f"endoquiz {command}: error: endoquiz is running with the data folder {names['dir']}; "
        "quit it first (or use its File menu)\n"
    )
    if command in WAIT_FOR_THE_APP:
        assert (status, out, err) == (1, "", refusal)
    else:
        # optimize runs, and says it has too few answers to fit.
        assert status == (1 if command == "optimize" else 0), err
        assert "is running" not in err


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_a_data_folder_that_cannot_be_made_is_the_commands_own_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], command: str
) -> None:
    # A file where the data folder should be: nothing can be made in it.
    not_a_folder = tmp_path / "data"
    not_a_folder.write_text("a file")
    names = {"dir": str(not_a_folder), "backup": "b", "out": "o", "file": "f"}
    status = main(argv(command, names))
    out, err = capsys.readouterr()
    assert (status, out) == (1, "")
    assert err.startswith(f"endoquiz {command}: error: cannot ")
    assert str(not_a_folder) in err and err.count("\n") == 1
    assert "Traceback" not in err
