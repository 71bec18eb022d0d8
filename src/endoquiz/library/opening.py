"""Opening a data folder: the progress database checked, and recovered from a backup if damaged."""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from endoquiz.progress.backups import BACKUP_FOLDER, backup_before_upgrade
from endoquiz.progress.clean_close import check_whole_requested, last_check_if_closed_cleanly
from endoquiz.progress.database_problems import database_problem, is_damage
from endoquiz.progress.recovery import (
    Recovery,
    lost_database_problem,
    rebuild_damaged_indexes,
    recover,
)
from endoquiz.progress.wal_check import keep_a_damaged_journal
from endoquiz.store.errors import StoreError
from endoquiz.store.progress_store import DB_FILENAME, ProgressStore


@dataclass(frozen=True, slots=True)
class OpenedStore:
    """A data folder's progress store, checked, and what opening it found.

    Attributes:
        recovery: what was done with a damaged database, or None.
        checked_at: when the database was last checked whole.
        journal_problem: changes the journal (WAL) held that SQLite dropped.
    """

    folder: Path
    store: ProgressStore
    recovery: Recovery | None
    checked_at: datetime
    journal_problem: str | None


def open_checked(folder: Path, *, exclusive: bool, full_check: bool) -> OpenedStore:
    """Open (creating if needed) the progress store in `folder`, checked
    first: a damaged database is moved aside and the newest sound backup
    takes its place (see `Library.open` for the arguments).

    Raises:
        StoreError: when the progress database cannot be used.
    """
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise StoreError(f"cannot create the data folder {folder}: {error}") from error
    if not os.access(folder, os.W_OK):
        raise StoreError(
            f"the data folder {folder} is read-only: endoquiz cannot save progress there. "
            "Make it writable, or start endoquiz with --data-dir and a writable folder; "
            "the progress in it is unchanged."
        )
    db_path = folder / DB_FILENAME
    recovery = None
    now = datetime.now(UTC)
    checked_at = now
    # Read before SQLite does, which drops what follows a damaged frame
    # without a word; only when no app has the folder (it may be writing).
    journal_problem = (
        keep_a_damaged_journal(db_path, now)
        if _has_journal(db_path) and (exclusive or _idle(folder))
        else None
    )
    # Checked before use: a damaged database is moved aside and the newest
    # sound backup takes its place, rather than failing at some later read.
    # One closed cleanly and unchanged since a recent check is not read
    # whole again (see `clean_close.FULL_CHECK_EVERY`).
    # A read that found damage asks for the text to be read back too.
    thorough = full_check or check_whole_requested(db_path)
    lost = lost_database_problem(db_path, folder / BACKUP_FOLDER)
    earlier = None
    if lost is not None:
        recovery = recover(db_path, folder / BACKUP_FOLDER, lost, now)
    elif db_path.exists():
        earlier = None if thorough else last_check_if_closed_cleanly(db_path, now)
        problem = database_problem(db_path, thorough=thorough) if earlier is None else None
        checked_at = earlier or now
        if problem is not None:
            recovery = _recover(db_path, folder, problem, now)
        else:
            backup_before_upgrade(db_path, folder / BACKUP_FOLDER, now)
    if thorough:
        check_whole_requested(db_path, done=True)
    try:
        store = ProgressStore(db_path)
    except StoreError as error:
        # Trusted unread after a clean close, the file rotted since where
        # opening reads it (its schema): checked whole now, and recovered
        # like any damage found at the start, rather than refused.
        if earlier is None or not is_damage(error.__cause__):
            raise
        problem = database_problem(db_path, thorough=True)
        if problem is None:
            raise
        recovery = _recover(db_path, folder, problem, now)
        checked_at = now
        store = ProgressStore(db_path)
    return OpenedStore(folder, store, recovery, checked_at, journal_problem)


def _recover(db_path: Path, folder: Path, problem: str, now: datetime) -> Recovery:
    """Damaged indexes built again from their tables; other damage set aside
    and the newest sound backup put in its place."""
    return rebuild_damaged_indexes(db_path, problem, now) or recover(
        db_path, folder / BACKUP_FOLDER, problem, now
    )


def _has_journal(db_path: Path) -> bool:
    """Whether the database has a journal (WAL) with anything in it."""
    try:
        return Path(f"{db_path}-wal").stat().st_size > 0
    except OSError:
        return False


def _idle(folder: Path) -> bool:
    """Whether no app holds the data folder now (its lock is free)."""
    from endoquiz.progress.instance_lock import InstanceLock

    try:
        lock = InstanceLock.acquire(folder)
    except OSError:  # a read-only folder: cannot tell
        return False
    if lock is None:
        return False
    lock.release()
    return True
