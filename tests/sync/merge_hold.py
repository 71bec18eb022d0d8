"""A merge held open inside its transaction, for tests of what happens meanwhile."""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

import pytest

from endoquiz import Library
from endoquiz.store.sync_events import SyncEvent
from endoquiz.store.sync_log import SyncLog

# Only a safety net for a test that goes wrong: nothing waits this long.
NEVER_MS = 30_000


@dataclass
class HeldMerge:
    """`holding` is set once a merge has written its events, its
    transaction open and the database's write lock held; it goes on when
    `release` is set."""

    holding: threading.Event = field(default_factory=threading.Event)
    release: threading.Event = field(default_factory=threading.Event)


def hold_merges(monkeypatch: pytest.MonkeyPatch) -> HeldMerge:
    """Make every merge wait, inside its transaction, for `release`."""
    held = HeldMerge()
    original = SyncLog.record_merged

    def record_then_wait(db: sqlite3.Connection, events: Sequence[SyncEvent], aliases: Any) -> None:
        original(db, events, aliases)
        held.holding.set()
        if not held.release.wait(NEVER_MS / 1000):
            raise AssertionError("the held merge was never released")

    monkeypatch.setattr(SyncLog, "record_merged", staticmethod(record_then_wait))
    return held


def write_lock_held(library: Library) -> bool:
    """Whether another connection holds the database's write lock now (a
    connection that does not wait is refused it)."""
    probe = sqlite3.connect(library.db_path, isolation_level=None, timeout=0)
    try:
        probe.execute("BEGIN IMMEDIATE")
    except sqlite3.OperationalError as error:
        return "locked" in str(error)
    finally:
        probe.close()
    return False


@contextmanager
def released_at_next_write(connection: sqlite3.Connection, held: HeldMerge) -> Iterator[None]:
    """Release the held merge as `connection` begins its next write, in
    the block: that write starts while the merge still holds the lock, and
    has to wait for its commit."""

    def traced(statement: str) -> None:
        if statement.startswith("BEGIN IMMEDIATE"):
            held.release.set()

    connection.set_trace_callback(traced)
    try:
        yield
    finally:
        connection.set_trace_callback(None)
