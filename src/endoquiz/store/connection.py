"""The progress database's connection: opened and migrated, one transaction per write.

Every answer is one transaction, committed (and, in WAL mode with
`synchronous=FULL`, on disk) before the caller moves on, so a crash loses at
most the answer in flight. The schema version is `PRAGMA user_version`; the
migrations (`schema.py`) only ever move it forward.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

from endoquiz.store.errors import StoreError, describe_error, write_error
from endoquiz.store.schema import MIGRATIONS, SCHEMA_VERSION

# How long a write waits for another connection's transaction to end before
# it fails as "database is locked": longer than the longest merge a sync in
# a worker thread holds the database for (seconds for 100,000 answers on a
# slow machine, docs/sync.md), so that an answer given meanwhile waits and
# is saved, never refused. Readers never wait (WAL).
BUSY_TIMEOUT_MS = 120_000


class StoreConnection:
    """The progress database's one connection: opened (migrated), written in
    transactions, watched for other writers, closed."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._depth = 0  # transactions open, one inside another
        try:
            self._db = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
            self._db.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            self._db.execute("PRAGMA journal_mode = WAL")
            self._db.execute("PRAGMA synchronous = FULL")
            self._migrate()
        except StoreError:
            self._close_quietly()
            raise
        except sqlite3.DatabaseError as error:
            self._close_quietly()
            message = f"cannot open progress database {path}: {describe_error(error, path)}"
            raise StoreError(message) from error

    def _close_quietly(self) -> None:
        db = getattr(self, "_db", None)
        if db is not None:
            db.close()

    @property
    def db(self) -> sqlite3.Connection:
        """The connection itself, for the store's query parts."""
        return self._db

    def close(self) -> None:
        self._db.close()

    def backup_into(self, target: sqlite3.Connection) -> None:
        """Copy the whole database into another connection's (SQLite's online
        backup: a consistent copy, even of a database in use)."""
        self._db.backup(target)

    def data_version(self) -> int:
        """SQLite's `data_version`: it changes when another connection
        commits, so a value computed before can tell it is stale."""
        return int(self._db.execute("PRAGMA data_version").fetchone()[0])

    @property
    def changes(self) -> int:
        """Rows written through this store since it was opened."""
        return self._db.total_changes

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """All or nothing: a write that fails (a full disk, a read-only
        folder) leaves the database as it was and raises StoreError.

        A transaction opened inside another joins it: the outermost commits,
        and a failure anywhere rolls back the whole (an Anki import installs
        its decks and merges their progress as one change)."""
        if self._depth:
            self._depth += 1
            try:
                yield self._db
            finally:
                self._depth -= 1
            return
        try:
            self._db.execute("BEGIN IMMEDIATE")
        except sqlite3.Error as error:
            raise write_error(self.path, error) from error
        self._depth = 1
        try:
            yield self._db
            self._db.execute("COMMIT")
        except BaseException as error:
            if self._db.in_transaction:  # SQLite may have rolled back already
                with suppress(sqlite3.Error):
                    self._db.execute("ROLLBACK")
            if isinstance(error, sqlite3.Error):
                raise write_error(self.path, error) from error
            raise
        finally:
            self._depth = 0

    @contextmanager
    def stopping_when(self, stop: Callable[[], bool]) -> Iterator[None]:
        """Stop the statements run in the block as soon as `stop()` is true
        (checked every few thousand SQLite instructions): a long write that
        can be cancelled. A stopped write is rolled back whole and raises
        StoreError, as any failed write does."""
        self._db.set_progress_handler(lambda: 1 if stop() else 0, 10_000)
        try:
            yield
        finally:
            self._db.set_progress_handler(None, 0)

    def _migrate(self) -> None:
        version: int = self._db.execute("PRAGMA user_version").fetchone()[0]
        if version > SCHEMA_VERSION:
            raise StoreError(
                f"{self.path} was written by a newer endoquiz (schema {version}, this version "
                f"reads up to {SCHEMA_VERSION}); update endoquiz to open it"
            )
        for target in range(version + 1, SCHEMA_VERSION + 1):
            with self.transaction() as db:
                MIGRATIONS[target - 1](db)
                db.execute(f"PRAGMA user_version = {target}")

    @property
    def schema_version(self) -> int:
        version: int = self._db.execute("PRAGMA user_version").fetchone()[0]
        return version
