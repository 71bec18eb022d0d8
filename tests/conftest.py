"""Shared fixtures: a temporary data folder, deck files written on demand, a fixed clock."""

from __future__ import annotations

import json
import os

# Headless unless told otherwise, also when pytest is run without `make test`:
# Qt aborts the whole process when it finds no display.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import textwrap
from collections.abc import Callable, Iterator
from contextlib import closing, contextmanager
from datetime import UTC, datetime
from pathlib import Path

import pytest
from hypothesis import settings

from endoquiz import Library, Rating
from endoquiz.progress.instance_lock import InstanceLock

# Property tests draw the same examples on every run unless told otherwise, so
# that `make test` passes or fails alike on every fresh clone with the locked
# versions. `HYPOTHESIS_PROFILE=explore` draws new ones (and keeps failures in
# .hypothesis/ to replay): run it to look for new bugs (docs/dependencies.md).
settings.register_profile("repeatable", derandomize=True, database=None)
settings.register_profile("explore")
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "repeatable"))

# A fixed moment, mid-morning so the 04:00 rollover is far away.
T0 = datetime(2024, 3, 5, 10, 0, tzinfo=UTC)

WriteDeck = Callable[..., Path]

# A deck of every kind a learner answers differently: reveal, pick, type.
MIXED_DECK = """\
endoquiz: 1
id: mix
title: Mixed kinds
cards:
  - id: basic
    front: Which hormone lowers blood glucose?
    back: Insulin
  - id: gland
    kind: choice
    question: Which gland secretes cortisol?
    choices: [Adrenal cortex, Adrenal medulla, Thyroid]
    answer: Adrenal cortex
  - id: homa
    kind: typed
    front: Which index is computed from fasting insulin and glucose?
    answer: HOMA-IR
"""


@pytest.fixture(autouse=True)
def _isolated_dirs(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, request: pytest.FixtureRequest
) -> None:
    """No test may touch the real user data folder, nor the user's runtime
    folder, where a running endoquiz listens for a second start."""
    # Short, as a real runtime folder is: a socket's path has at most 107 bytes.
    runtime = tempfile.mkdtemp(prefix="eq-run-")  # mode 0700
    request.addfinalizer(lambda: shutil.rmtree(runtime, ignore_errors=True))
    monkeypatch.setenv("XDG_RUNTIME_DIR", runtime)
    monkeypatch.setenv("ENDOQUIZ_DATA_DIR", str(tmp_path / "env-data"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg-data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg-config"))


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    return tmp_path / "data"


@pytest.fixture
def write_deck(tmp_path: Path) -> WriteDeck:
    """Write a deck file from YAML text (dedented) and return its path."""

    def write(text: str, name: str = "deck.yaml") -> Path:
        path = tmp_path / "decks" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text).lstrip(), encoding="utf-8")
        return path

    return write


def basic_deck(deck_id: str, card_ids: list[str], title: str = "Test deck") -> str:
    """YAML of a deck of basic cards with the given ids."""
    lines = ["endoquiz: 1", f"id: {deck_id}", f"title: {json.dumps(title)}", "cards:"]
    for card_id in card_ids:
        lines += [
            f"  - id: {card_id}",
            f"    front: Question {card_id}?",
            f"    back: Answer {card_id}",
        ]
    return "\n".join(lines) + "\n"


@pytest.fixture
def library(data_dir: Path) -> Iterator[Library]:
    with Library.open(data_dir, fuzz=False, timezone=UTC) as lib:
        yield lib


def study(library: Library, deck_id: str, now: datetime, ratings: list[Rating]) -> None:
    """Answer a deck's next cards with these ratings, five seconds each."""
    session = library.review(deck_id, now=now)
    for rating in ratings:
        card = session.next_card(now)
        assert card is not None
        session.answer(card, rating, now, duration_ms=5000)


@contextmanager
def app_running(data_dir: Path) -> Iterator[InstanceLock]:
    """Hold the data folder's app lock for the block, as a running app does."""
    lock = InstanceLock.acquire(data_dir)
    assert lock is not None, "another app holds the lock"
    with lock:
        yield lock


def run_until_killed(child_code: str, *args: str, marker: str) -> None:
    """Run `child_code` in a new process until it prints `marker`, then SIGKILL it."""
    child = subprocess.Popen(
        [sys.executable, "-c", textwrap.dedent(child_code), *args],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert child.stdout is not None and child.stdin is not None
    try:
        line = child.stdout.readline()
        assert line == f"{marker}\n", f"child said {line!r}"
        child.send_signal(signal.SIGKILL)
    finally:
        child.wait(timeout=30)
        child.stdout.close()
        child.stdin.close()
    assert child.returncode == -signal.SIGKILL


def text_rotted(data_dir: Path, write_deck: WriteDeck, table: str, column: str, where: str) -> None:
    """A library of deck "txt" (3 cards, 2 answers, a backup, then a third
    answer), `table.column` of the rows `where` then no longer UTF-8: a
    flipped high bit, which SQLite's checks do not see (it stores text as
    given)."""
    with Library.open(data_dir) as library:
        library.add_deck(write_deck(basic_deck("txt", ["a", "b", "c"])))
        study(library, "txt", T0, [Rating.GOOD] * 2)
        library.backup(T0)
        study(library, "txt", T0, [Rating.GOOD])
    with closing(sqlite3.connect(data_dir / "progress.sqlite3")) as db, db:
        changed = db.execute(
            f"UPDATE {table} SET {column} = CAST(CAST({column} AS BLOB) || X'FF' AS TEXT) "
            f"WHERE {where}"
        ).rowcount
    assert changed >= 1


def rotted_after_a_clean_close(
    data_dir: Path, write_deck: WriteDeck, *, schema: bool = False
) -> None:
    """A library of 3,000 cards, 3 answers and a backup, closed cleanly, then
    rotted in the middle of its database (not its first or last 64 KB, which
    the clean-close note hashes) with the file's time kept, as bit rot keeps
    it: the next open takes the quick path. Rotted are the pages of its
    schema alone with `schema` (opening reads them), else every page in the
    middle but those (the damage is met on reading)."""
    with Library.open(data_dir) as library:
        library.add_deck(write_deck(basic_deck("rot", [f"c{n:04}" for n in range(3000)])))
        study(library, "rot", T0, [Rating.GOOD] * 3)
        library.backup(T0)
    db_path = data_dir / "progress.sqlite3"
    times = db_path.stat()
    assert times.st_size > 4 * 64 * 1024
    with closing(sqlite3.connect(db_path)) as db:
        (page_size,) = db.execute("PRAGMA page_size").fetchone()
        schema_pages = {
            page for (page,) in db.execute("SELECT pageno FROM dbstat WHERE name = 'sqlite_schema'")
        }
    middle = range(64 * 1024 // page_size + 2, (times.st_size - 64 * 1024) // page_size + 1)
    rotted = [page for page in middle if (page in schema_pages) == schema]
    assert rotted
    with db_path.open("r+b") as file:
        for page in rotted:
            file.seek((page - 1) * page_size)
            file.write(b"\xde\xad\xbe\xef" * (page_size // 4))
    os.utime(db_path, ns=(times.st_atime_ns, times.st_mtime_ns))


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """A sync folder the computers of a test share (a Syncthing folder, say)."""
    path = tmp_path / "Sync"
    path.mkdir()
    return path
