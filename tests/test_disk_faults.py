"""A full disk and a read-only data folder, made real: the library runs in a
child process on a small tmpfs, in a user and mount namespace of its own
(`unshare -rm`, no privileges needed), that fills up or is remounted read-only."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

import pytest

from endoquiz.store.schema import SCHEMA_VERSION
from tests.conftest import WriteDeck, basic_deck


def _namespaces_work() -> bool:
    if shutil.which("unshare") is None:
        return False
    probe = subprocess.run(["unshare", "-rm", "true"], capture_output=True)
    return probe.returncode == 0


pytestmark = pytest.mark.skipif(
    not _namespaces_work(), reason="needs unshare -rm (user and mount namespaces)"
)

# Runs inside the namespace: mounts a tmpfs of SIZE at MOUNT, then runs BODY
# (which sets `result`), and prints `result` as JSON.
CHILD = """
import json, os, subprocess, sys
from datetime import timedelta
from pathlib import Path
from endoquiz import Library, Rating, StoreError
from tests.conftest import T0

mount, size, deck = Path(sys.argv[1]), sys.argv[2], sys.argv[3]
subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "none", str(mount)], check=True)
data = mount / "data"
result = {}
"""


def run_in_namespace(body: str, mount: Path, size: str, deck: Path) -> dict[str, Any]:
    mount.mkdir()
    script = textwrap.dedent(CHILD) + textwrap.dedent(body) + "\nprint(json.dumps(result))\n"
    done = subprocess.run(
        ["unshare", "-rm", sys.executable, "-c", script, str(mount), size, str(deck)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def test_a_full_disk_refuses_the_answer_and_keeps_every_answer_before(
    tmp_path: Path, write_deck: WriteDeck
) -> None:
    deck = write_deck(basic_deck("full", [f"c{n}" for n in range(30)]))
    result = run_in_namespace(
        """
        library = Library.open(data)
        library.add_deck(deck)
        session = library.review("full", now=T0)
        saved, now = 0, T0
        try:
            while True:  # Again, again: learning cards come back, the log grows
                now += timedelta(minutes=2)
                card = session.next_card(now)
                session.answer(card, Rating.AGAIN, now)
                saved += 1
        except StoreError as error:
            result["error"] = str(error)
        result["saved"] = saved
        try:
            library.backup(now)
        except StoreError as error:
            result["backup_error"] = str(error)
        result["partial"] = [p.name for p in (data / "backups").glob("*")]
        library.close()
        with Library.open(data) as again:  # the disk is still full
            result["logged"] = len(again.review_log("full"))
            result["recovery"] = again.recovery is not None
        """,
        tmp_path / "mnt",
        "900k",  # the empty database and its journal take most: full after a few answers
        deck,
    )
    assert result["saved"] > 5
    assert "the disk is full" in result["error"]
    assert result["logged"] == result["saved"]  # no half-written answer, none lost
    assert not result["recovery"]
    assert "cannot write a backup" in result["backup_error"]
    assert result["partial"] == []


def test_a_read_only_data_folder_is_said_and_its_progress_kept(
    tmp_path: Path, write_deck: WriteDeck
) -> None:
    deck = write_deck(basic_deck("ro", [f"c{n}" for n in range(10)]))
    result = run_in_namespace(
        """
        with Library.open(data) as library:
            library.add_deck(deck)
            session = library.review("ro", now=T0)
            for n in range(3):
                session.answer(session.next_card(T0), Rating.GOOD, T0)
        subprocess.run(["mount", "-o", "remount,ro", str(mount)], check=True)
        try:
            Library.open(data)
        except StoreError as error:
            result["error"] = str(error)
        result["files"] = sorted(p.name for p in data.iterdir())
        import sqlite3
        db = sqlite3.connect(f"{(data / 'progress.sqlite3').as_uri()}?immutable=1", uri=True)
        result["logged"] = db.execute("SELECT count(*) FROM review_log").fetchone()[0]
        """,
        tmp_path / "mnt",
        "4m",
        deck,
    )
    assert "is read-only" in result["error"] and "--data-dir" in result["error"]
    assert result["files"] == ["progress.sqlite3", "progress.sqlite3.clean"]  # none moved
    assert result["logged"] == 3


def test_restore_and_import_on_a_read_only_folder_say_so(
    tmp_path: Path, write_deck: WriteDeck
) -> None:
    # They printed a traceback: taking the app's lock creates endoquiz.lock.
    deck = write_deck(basic_deck("ro", ["a", "b"]))
    outside = tmp_path / "outside"
    outside.mkdir()
    result = run_in_namespace(
        f"""
        import contextlib, io
        from endoquiz.cli import main
        outside = Path({str(outside)!r})
        with Library.open(data) as library:
            library.add_deck(deck)
            backup = library.backup()
            library.export_progress(outside / "me.endoquiz-progress")
        (data / "endoquiz.lock").unlink(missing_ok=True)
        subprocess.run(["mount", "-o", "remount,ro", str(mount)], check=True)
        for argv in (["restore", str(backup)],
                     ["import-progress", str(outside / "me.endoquiz-progress")]):
            err = io.StringIO()
            with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
                status = main(["--data-dir", str(data), *argv])
            result[argv[0]] = [status, err.getvalue()]
        """,
        tmp_path / "mnt",
        "4m",
        deck,
    )
    for command in ("restore", "import-progress"):
        status, err = result[command]
        assert status == 1
        assert err.startswith(f"endoquiz {command}: error: cannot use the data folder ")
        assert "Read-only file system" in err and "Traceback" not in err


GUI_START = """
import os
os.environ["QT_QPA_PLATFORM"] = "offscreen"
from PySide6.QtWidgets import QApplication, QMessageBox
from endoquiz.gui.app import run_app
from endoquiz.progress.instance_lock import InstanceLock

shown = []
for kind in ("critical", "warning", "information"):
    setattr(QMessageBox, kind, lambda _parent, title, text, *_a, kind=kind: shown.append(
        [kind, title, text]) or QMessageBox.StandardButton.Ok)
QApplication.exec = lambda *_args: 0  # the window is up: return

def fill_the_disk():
    with open(mount / "filler", "wb") as filler:
        try:
            while True:
                filler.write(b"x" * 65536)
                filler.flush()
        except OSError:
            pass
"""


@pytest.mark.parametrize("lock_made", [True, False], ids=["started-before", "first-start"])
@pytest.mark.parametrize("schema", ["older", "current"])
def test_the_window_starts_or_says_why_on_a_full_disk(
    tmp_path: Path, write_deck: WriteDeck, schema: str, lock_made: bool
) -> None:
    # A database to migrate on a full disk: the backup made before migrating
    # failed with "disk I/O error", a traceback at every start.
    deck = write_deck(basic_deck("full", [f"c{n}" for n in range(30)]))
    result = run_in_namespace(
        GUI_START
        + textwrap.dedent(f"""
        with Library.open(data) as library:
            library.add_deck(deck)
            session = library.review("full", now=T0)
            for n in range(3):
                session.answer(session.next_card(T0), Rating.GOOD, T0)
        import sqlite3
        if {schema!r} == "older":
            db = sqlite3.connect(data / "progress.sqlite3")
            for index in ("text", "tags", "kind"):  # back to schema 7
                db.execute(f"DROP INDEX IF EXISTS card_content_by_{{index}}")
            db.execute("PRAGMA user_version = 7")
            db.close()
        if {lock_made!r}:  # as an earlier start of the app left it
            InstanceLock.acquire(data).release()
        fill_the_disk()
        result["status"] = run_app(data)
        result["shown"] = shown
        (mount / "filler").unlink()
        db = sqlite3.connect(data / "progress.sqlite3")
        result["logged"] = db.execute("SELECT count(*) FROM review_log").fetchone()[0]
        result["version"] = db.execute("PRAGMA user_version").fetchone()[0]
        db.close()
        """),
        tmp_path / "mnt",
        "4m",
        deck,
    )
    # Never migrated without its backup, nothing lost, and said in words.
    assert result["logged"] == 3
    assert result["version"] == (7 if schema == "older" else SCHEMA_VERSION)
    assert result["status"] == 1
    ((kind, title, text),) = result["shown"]
    assert (kind, title) == ("critical", "endoquiz cannot start")
    assert "the disk is full" in text
    assert text.endswith("start endoquiz again: your progress is unchanged")
