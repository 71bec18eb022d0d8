"""Recovering progress: a backup checked and restored, a lost or damaged
database set aside for the newest sound backup, damaged indexes rebuilt."""

from __future__ import annotations

import re
import sqlite3
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from endoquiz.progress.backups import Backup, BackupError, list_backups
from endoquiz.progress.database_problems import first_problem
from endoquiz.progress.file_stamps import aside_path
from endoquiz.store.schema import SCHEMA_VERSION

__all__ = [
    "Recovery",
    "lost_database_problem",
    "rebuild_damaged_indexes",
    "recover",
    "restore_backup",
]

# What a damaged database is renamed to, beside itself, with the time.
_DAMAGED_LABEL = "corrupt"
# integrity_check's words for an index that disagrees with its table: it can
# be built again from the table, with nothing lost.
_INDEX_PROBLEM = re.compile(
    r"(row \d+ missing from index|wrong # of entries in index|non-unique entry in index) "
)
# More problems than this and the file is not merely an index astray.
_INDEX_PROBLEMS_AT_MOST = 99


@dataclass(frozen=True, slots=True)
class Recovery:
    """What was done at start with a damaged progress database.

    Attributes:
        problem: what the check found.
        damaged: where the damaged file was moved (it is never deleted), or
            None when there was no file to move (it was missing).
        restored: the backup now in use, or None when no backup was sound
            (progress starts empty).
        rebuilt: only indexes were damaged, and were built again from the
            data in place: nothing was lost; `damaged` is a copy.
    """

    problem: str
    damaged: Path | None
    restored: Backup | None
    rebuilt: bool = False

    def message(self) -> str:
        """What to tell the learner, in a few sentences."""
        found = f"The progress database was damaged ({self.problem})."
        if self.rebuilt:
            return (
                f"{found} Only its indexes were damaged, and they were built again from its "
                f"data: nothing was lost. A copy of the damaged file is at {self.damaged}."
            )
        moved = f"It was moved aside to {self.damaged}; nothing was deleted."
        if self.damaged is None:
            moved = "Its folder holds backups, so it did not start afresh."
        if self.restored is None:
            return (
                f"{found} {moved} No backup could be read, so endoquiz starts with empty progress."
            )
        when = self.restored.created.astimezone().strftime("%Y-%m-%d %H:%M")
        return (
            f"{found} {moved} Your progress was restored from the backup of {when}; "
            "answers given after it are not in it."
        )


def _open_read_only(path: Path) -> sqlite3.Connection:
    """A connection that cannot change the file at `path` (a backup)."""
    return sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)


def _backup_problem(path: Path) -> str | None:
    """Why a backup cannot be restored (damaged, or from a newer endoquiz)."""
    try:
        db = _open_read_only(path)
    except sqlite3.Error as error:
        return str(error)
    try:
        # Thorough: a backup taken after damage the quick check does not
        # see must not be restored in place of that damage.
        problem = first_problem(db, thorough=True)
        if problem is None:
            version = int(db.execute("PRAGMA user_version").fetchone()[0])
            if version > SCHEMA_VERSION:
                problem = f"it was made by a newer endoquiz (schema {version})"
        return problem
    except sqlite3.DatabaseError as error:
        return str(error)
    finally:
        db.close()


def restore_backup(backup: Path, target: Path) -> None:
    """Copy a backup over the database at `target` (which must not be open
    elsewhere); it is migrated forward when next opened.

    Raises:
        BackupError: when the backup is damaged, from a newer endoquiz, or
            cannot be copied; `target` is then unchanged.
    """
    problem = _backup_problem(backup)
    if problem is not None:
        raise BackupError(f"cannot restore {backup.name}: {problem}")
    try:
        source = _open_read_only(backup)
        destination = sqlite3.connect(target)
        try:
            source.backup(destination)
        finally:
            destination.close()
            source.close()
    except sqlite3.Error as error:
        raise BackupError(f"cannot restore {backup.name}: {error}") from error


def lost_database_problem(db_path: Path, backup_folder: Path) -> str | None:
    """Why a database that is missing or empty while backups of it exist is
    damage, not a first start; None otherwise. SQLite would open either as a
    new, empty database, and the learner's progress would silently vanish."""
    if db_path.exists() and db_path.stat().st_size > 0:
        return None
    if not list_backups(backup_folder):
        return None
    return "the file is empty" if db_path.exists() else "the file is missing"


def rebuild_damaged_indexes(db_path: Path, problem: str, now: datetime) -> Recovery | None:
    """When the only damage is to indexes, keep a copy of the file aside and
    build them again from the tables (as Anki's Check Database does); the
    Recovery, or None when the damage is more than that (then `recover`)."""
    try:
        db = sqlite3.connect(db_path)
    except sqlite3.Error:
        return None
    try:
        found = [str(row[0]) for row in db.execute("PRAGMA integrity_check(100)")]
        if not found or len(found) > _INDEX_PROBLEMS_AT_MOST:
            return None
        if not all(_INDEX_PROBLEM.match(text) for text in found):
            return None
        aside = aside_path(db_path, _DAMAGED_LABEL, now)
        copy = sqlite3.connect(aside)
        try:
            db.backup(copy)
        finally:
            copy.close()
        db.execute("REINDEX")
        if first_problem(db, thorough=True) is not None:
            return None
    except sqlite3.Error:
        return None
    finally:
        db.close()
    return Recovery(problem, aside, None, rebuilt=True)


def recover(db_path: Path, backup_folder: Path, problem: str, now: datetime) -> Recovery:
    """Move a damaged database aside (with its WAL, which may hold the last
    answers) and put the newest sound backup in its place. A missing one has
    nothing to move: the backup takes its place all the same."""
    aside = aside_path(db_path, _DAMAGED_LABEL, now)
    damaged = aside if db_path.exists() else None
    for suffix in ("", "-wal", "-shm"):
        companion = Path(f"{db_path}{suffix}")
        if companion.exists():
            companion.replace(f"{aside}{suffix}")
    for backup in list_backups(backup_folder, now):
        try:
            # Checks the backup first, and refuses one that is not sound.
            restore_backup(backup.path, db_path)
        except BackupError:
            # Nothing is left in place from a copy that failed half way.
            db_path.unlink(missing_ok=True)
            continue
        return Recovery(problem, damaged, backup)
    return Recovery(problem, damaged, None)
