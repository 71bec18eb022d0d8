"""Backups of the progress database: made with SQLite's online backup API,
checked before they are kept, named by the time they were made, listed, and
thinned to daily, weekly and monthly copies."""

from __future__ import annotations

import contextlib
import os
import re
import sqlite3
import sys
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta, tzinfo
from pathlib import Path

from endoquiz.common.clock import moment_or_now
from endoquiz.progress.database_problems import (
    connect_database,
    first_problem,
    unreadable_database,
)
from endoquiz.progress.file_stamps import STAMP_PATTERN, file_stamp, read_file_stamp
from endoquiz.store.errors import StoreError
from endoquiz.store.schema import SCHEMA_VERSION

__all__ = [
    "BACKUP_FOLDER",
    "BACKUP_INTERVAL",
    "Backup",
    "BackupError",
    "backup_before_upgrade",
    "backups_to_keep",
    "list_backups",
    "make_backup",
]

BACKUP_FOLDER = "backups"
# While the learner studies, a backup at most this often (and one at quit).
BACKUP_INTERVAL = timedelta(minutes=30)
# Every backup of the last day, then as Anki keeps them: the newest backup
# of each of the last 12 days with one, of the last 10 weeks and of the last
# 9 months.
KEEP_ALL_FOR = timedelta(days=1)
KEEP_DAILY = 12
KEEP_WEEKLY = 10
KEEP_MONTHLY = 9

_NAME = re.compile(rf"progress-({STAMP_PATTERN})(?:-(\d+))?\.sqlite3\Z")
# A backup being written; a process killed mid-copy leaves one, never listed.
_PARTIAL = ".partial"


class BackupError(StoreError):
    """A backup cannot be made, read or restored; the message says why."""


@dataclass(frozen=True, slots=True)
class Backup:
    """A backup file; `created` (UTC) is read from its name."""

    path: Path
    created: datetime
    size: int


def list_backups(folder: Path, now: datetime | None = None) -> list[Backup]:
    """The backups in a folder, newest first.

    A backup whose name is later than `now` (default: the clock) was made
    while the clock was ahead: its time says nothing of when it was made, so
    it comes after every other, rather than passing for the newest forever
    (which stopped backups and made recovery restore it over newer ones).
    """
    moment = moment_or_now(now)
    backups = []
    with contextlib.suppress(FileNotFoundError):
        for path in folder.iterdir():
            match = _NAME.match(path.name)
            if match is None or not path.is_file():
                continue
            created = read_file_stamp(match[1])
            backups.append(
                (
                    created <= moment,
                    created,
                    int(match[2] or 0),
                    Backup(path, created, path.stat().st_size),
                )
            )
    return [backup for *_, backup in sorted(backups, key=lambda b: b[:3], reverse=True)]


def make_backup(
    copy_into: Callable[[sqlite3.Connection], None],
    folder: Path,
    now: datetime,
    *,
    zone: tzinfo | None = None,
    protect: Path | None = None,
) -> Path:
    """Copy a live database into `folder` (`copy_into` writes it into a new
    connection, e.g. `ProgressStore.backup_into`) and thin the backups there
    (never `protect`, a backup about to be restored).

    The copy is written under a temporary name, checked, flushed to disk and
    only then renamed: a backup that is listed is whole.

    Raises:
        BackupError: when the copy cannot be written or fails its check.
    """
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise _cannot_write(folder, error) from error
    with _lock_folder(folder):
        return _make_backup(copy_into, folder, now, zone, protect)


def _make_backup(
    copy_into: Callable[[sqlite3.Connection], None],
    folder: Path,
    now: datetime,
    zone: tzinfo | None,
    protect: Path | None,
) -> Path:
    """`make_backup`, with the folder locked: no other backup is under way."""
    try:
        # What a killed backup left: its copy and SQLite's side files.
        for leftover in folder.glob(f"*{_PARTIAL}*"):
            leftover.unlink()
        final = _free_name(folder, now)
        partial = final.with_name(final.name + _PARTIAL)
    except OSError as error:
        raise _cannot_write(folder, error) from error
    try:
        target = sqlite3.connect(partial)
        try:
            copy_into(target)
            # One file, readable without the WAL's side files.
            target.execute("PRAGMA journal_mode = DELETE")
            problem = first_problem(target)
        finally:
            target.close()
        if problem is not None:
            raise BackupError(f"the progress database failed its check while copied: {problem}")
        _sync(partial)
        partial.replace(final)
        _sync(folder)
    except (OSError, sqlite3.Error, BackupError) as error:
        # A half copy (a full disk) is not left to fill the disk further.
        for leftover in (partial, Path(f"{partial}-journal")):
            leftover.unlink(missing_ok=True)
        if isinstance(error, BackupError):
            raise
        raise _cannot_write(folder, error) from error
    backups = list_backups(folder, now)
    # The backup just made is kept whatever the others' names say.
    keep = backups_to_keep(backups, zone, now) | {final}
    for backup in backups:
        if backup.path not in keep and backup.path != protect:
            backup.path.unlink(missing_ok=True)
    return final


def _cannot_write(folder: Path, error: OSError | sqlite3.Error) -> BackupError:
    """The error for a backup that could not be written in `folder`."""
    return BackupError(f"cannot write a backup in {folder}: {error}")


@contextlib.contextmanager
def _lock_folder(folder: Path) -> Iterator[None]:
    """Hold the backups folder for one backup at a time, across processes (a
    CLI backup beside the app's): each would otherwise delete the other's
    half-made copy as a leftover. The lock is on the folder itself, so no
    file is added to it; the system releases it if the process is killed."""
    if sys.platform == "win32":  # pragma: no cover - Windows only
        yield
        return
    import fcntl

    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError as error:
        raise _cannot_write(folder, error) from error
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)


def _free_name(folder: Path, now: datetime) -> Path:
    stamp = file_stamp(now)
    path = folder / f"progress-{stamp}.sqlite3"
    n = 0
    while path.exists():
        n += 1
        path = folder / f"progress-{stamp}-{n}.sqlite3"
    return path


def _sync(path: Path) -> None:
    """Flush a file, or a folder's entries, to disk (where the system allows)."""
    flags = os.O_RDONLY | getattr(os, "O_DIRECTORY", 0) if path.is_dir() else os.O_RDONLY
    try:
        fd = os.open(path, flags)
    except OSError:  # folders cannot be opened on Windows
        return
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def backups_to_keep(
    backups: Iterable[Backup], zone: tzinfo | None = None, now: datetime | None = None
) -> set[Path]:
    """Every backup made within KEEP_ALL_FOR of the newest, and the newest of
    each of the last KEEP_DAILY days, KEEP_WEEKLY weeks and KEEP_MONTHLY
    months that have one (in `zone`, the learner's; None for the system's).

    A backup named after `now` counts as made `now`: days, weeks and months
    that have not come yet would otherwise take every place, and each new
    backup would be thinned away as soon as it was made.
    """

    def made(backup: Backup) -> datetime:
        return min(backup.created, now) if now is not None else backup.created

    ordered = sorted(backups, key=made, reverse=True)
    if not ordered:
        return set()
    recent = made(ordered[0]) - KEEP_ALL_FOR
    keep = {backup.path for backup in ordered if made(backup) > recent}
    for period, count in (
        (lambda moment: moment.date(), KEEP_DAILY),
        (lambda moment: moment.isocalendar()[:2], KEEP_WEEKLY),
        (lambda moment: (moment.year, moment.month), KEEP_MONTHLY),
    ):
        seen: set[object] = set()
        for backup in ordered:
            key = period(made(backup).astimezone(zone))
            if key not in seen and len(seen) < count:
                seen.add(key)
                keep.add(backup.path)
    return keep


def backup_before_upgrade(db_path: Path, folder: Path, now: datetime) -> Path | None:
    """Back up a database that this version will migrate, before it does;
    None when it needs no migration.

    Raises:
        BackupError: when the backup cannot be written (then do not migrate).
    """
    db = connect_database(db_path)
    try:
        version = int(db.execute("PRAGMA user_version").fetchone()[0])
        if not 0 < version < SCHEMA_VERSION:
            return None
        return make_backup(db.backup, folder, now)
    except sqlite3.Error as error:
        # A disk error while reading it: said, not a traceback.
        raise unreadable_database(db_path, error) from error
    finally:
        db.close()
