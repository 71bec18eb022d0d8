"""Backups of the progress database: made with SQLite's online backup API,
checked before they are kept, thinned to daily, weekly and monthly copies,
and used to recover from a damaged database."""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import sqlite3
import sys
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, tzinfo
from pathlib import Path

from endoquiz.common.clock import moment_or_now
from endoquiz.store.errors import StoreError, describe_error, is_decode_error
from endoquiz.store.schema import SCHEMA_VERSION

__all__ = [
    "BACKUP_FOLDER",
    "BACKUP_INTERVAL",
    "Backup",
    "BackupError",
    "Recovery",
    "backup_before_upgrade",
    "backups_to_keep",
    "check_whole_requested",
    "database_problem",
    "last_check_if_closed_cleanly",
    "list_backups",
    "make_backup",
    "mark_closed_cleanly",
    "rebuild_damaged_indexes",
    "recover",
    "restore_backup",
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

_NAME = re.compile(r"progress-(\d{8}-\d{6})(?:-(\d+))?\.sqlite3\Z")
# A backup being written; a process killed mid-copy leaves one, never listed.
_PARTIAL = ".partial"
# SQLite's result codes for a damaged file and for one that is not a database.
_DAMAGED = {"SQLITE_CORRUPT", "SQLITE_NOTADB"}


class BackupError(StoreError):
    """A backup cannot be made, read or restored; the message says why."""


@dataclass(frozen=True, slots=True)
class Backup:
    """A backup file; `created` (UTC) is read from its name."""

    path: Path
    created: datetime
    size: int


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
            created = datetime.strptime(match[1], "%Y%m%d-%H%M%S").replace(tzinfo=UTC)
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
        raise BackupError(f"cannot write a backup in {folder}: {error}") from error
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
        raise BackupError(f"cannot write a backup in {folder}: {error}") from error
    try:
        target = sqlite3.connect(partial)
        try:
            copy_into(target)
            # One file, readable without the WAL's side files.
            target.execute("PRAGMA journal_mode = DELETE")
            problem = _check(target)
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
        raise BackupError(f"cannot write a backup in {folder}: {error}") from error
    backups = list_backups(folder, now)
    # The backup just made is kept whatever the others' names say.
    keep = backups_to_keep(backups, zone, now) | {final}
    for backup in backups:
        if backup.path not in keep and backup.path != protect:
            backup.path.unlink(missing_ok=True)
    return final


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
        raise BackupError(f"cannot write a backup in {folder}: {error}") from error
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)


def _free_name(folder: Path, now: datetime) -> Path:
    stamp = now.astimezone(UTC).strftime("%Y%m%d-%H%M%S")
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


def _check(db: sqlite3.Connection, *, thorough: bool = False) -> str | None:
    """None for a sound database, else the first problem SQLite's check found:
    `quick_check`, and with `thorough` `integrity_check`, which also compares
    every index with its table (0.8 s more on 100,000 cards and 500,000
    answers; a flipped bit in an index passes the quick one), then every
    text that must be UTF-8 read back (`_text_problem`)."""
    for pragma in ("quick_check", "integrity_check(1)") if thorough else ("quick_check",):
        # The quick check first: its words for a damaged page are plainer.
        result = str(db.execute(f"PRAGMA {pragma}").fetchone()[0])
        if result != "ok":
            return result.removeprefix("*** in database main ***\n").replace("\n", "; ")
    return _text_problem(db) if thorough else None


# Stored card text is a copy of the deck files', read again when damaged
# (see `Library._card`); every other text must read back as UTF-8.
_REREAD_TABLES = ("card_content",)


def _text_problem(db: sqlite3.Connection) -> str | None:
    """The first text of the database that is no longer UTF-8, which SQLite's
    checks do not look at (it stores text as given): a flipped high bit in an
    id or a setting. 0.3 s on 100,000 cards and 500,000 answers."""
    tables = [
        name
        for (name,) in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
        if name not in _REREAD_TABLES and not name.startswith("sqlite_")
    ]
    for table in tables:
        # Names come from the file: quoted as identifiers, never run as SQL.
        columns = [
            _identifier(name)
            for _, name, kind, *_ in db.execute(f"PRAGMA table_info({_identifier(table)})")
            if str(kind).upper() == "TEXT"
        ]
        if not columns:
            continue
        try:
            for _ in db.execute(f"SELECT {', '.join(columns)} FROM {_identifier(table)}"):
                pass
        except sqlite3.OperationalError as error:
            if not is_decode_error(error):
                raise
            return f"text in the {table} table is no longer readable ({error})"
    return None


# A database closed cleanly, and unchanged since, was sound when it was last
# checked: its next open skips `quick_check` (which reads the whole file,
# 0.2 s for 100,000 cards), unless that check is a week old.
FULL_CHECK_EVERY = timedelta(days=7)
_CLEAN_SUFFIX = ".clean"
# The parts of the file whose hash tells it was not changed in place.
_FINGERPRINT_BYTES = 64 * 1024


def _fingerprint(path: Path) -> dict[str, object]:
    stat = path.stat()
    digest = hashlib.blake2b(digest_size=16)
    with path.open("rb") as file:
        digest.update(file.read(_FINGERPRINT_BYTES))
        file.seek(max(0, stat.st_size - _FINGERPRINT_BYTES))
        digest.update(file.read(_FINGERPRINT_BYTES))
    return {
        "size": stat.st_size,
        "mtime_ns": stat.st_mtime_ns,
        "inode": stat.st_ino,
        "hash": digest.hexdigest(),
    }


def mark_closed_cleanly(db_path: Path, checked_at: datetime) -> None:
    """Note that the database was closed cleanly (its WAL folded in), last
    checked whole at `checked_at`. Best effort: without the note, the next
    open checks the whole file."""
    if Path(f"{db_path}-wal").exists() or not db_path.exists():
        return
    note = {**_fingerprint(db_path), "checked_at": checked_at.astimezone(UTC).isoformat()}
    with contextlib.suppress(OSError):
        Path(f"{db_path}{_CLEAN_SUFFIX}").write_text(json.dumps(note), encoding="utf-8")


def forget_clean_close(db_path: Path) -> None:
    """Drop the note of a clean close, and ask the next open to check the
    whole file thoroughly (`check_whole_requested`): a read has found damage
    that the note, or the quick check, would let through."""
    with contextlib.suppress(OSError):
        Path(f"{db_path}{_CLEAN_SUFFIX}").unlink(missing_ok=True)
    with contextlib.suppress(OSError):
        Path(f"{db_path}{_CHECK_SUFFIX}").touch()


_CHECK_SUFFIX = ".check-whole"


def check_whole_requested(db_path: Path, *, done: bool = False) -> bool:
    """Whether a read asked for a thorough check at the next open; with
    `done`, the check has run (passed, or recovered the file): forget it."""
    request = Path(f"{db_path}{_CHECK_SUFFIX}")
    if done:
        with contextlib.suppress(OSError):
            request.unlink(missing_ok=True)
        return False
    return request.exists()


def last_check_if_closed_cleanly(db_path: Path, now: datetime) -> datetime | None:
    """When the database was last checked whole, if it was closed cleanly
    since, is unchanged, and that check is less than FULL_CHECK_EVERY old;
    else None (check it now). The note serves one open only."""
    note_path = Path(f"{db_path}{_CLEAN_SUFFIX}")
    try:
        note = json.loads(note_path.read_text(encoding="utf-8"))
        note_path.unlink()
        checked_at = datetime.fromisoformat(note.pop("checked_at"))
        unchanged = note == _fingerprint(db_path) and not Path(f"{db_path}-wal").exists()
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None
    if not unchanged or not timedelta(0) <= now - checked_at < FULL_CHECK_EVERY:
        return None
    return checked_at


def _identifier(name: str) -> str:
    """An SQL identifier, quoted: a name read from a file stays a name."""
    return '"' + name.replace('"', '""') + '"'


def _connect(path: Path) -> sqlite3.Connection:
    """A connection to the database at `path`; StoreError, in words, if none."""
    try:
        return sqlite3.connect(path)
    except sqlite3.Error as error:
        raise StoreError(
            f"cannot open progress database {path}: {describe_error(error, path)}"
        ) from error


def database_problem(path: Path, *, thorough: bool = False) -> str | None:
    """What is wrong with the database file at `path`, None when it is sound;
    `thorough` also reads back its text (for a database a read found damaged).

    Raises:
        StoreError: when the file cannot be read at all (permissions, locks),
            which is not damage and must not be treated as such.
    """
    db = _connect(path)
    try:
        return _check(db, thorough=thorough)
    except sqlite3.DatabaseError as error:
        if getattr(error, "sqlite_errorname", None) in _DAMAGED:
            return str(error)
        raise StoreError(
            f"cannot read progress database {path}: {describe_error(error, path)}"
        ) from error
    finally:
        db.close()


def _backup_problem(path: Path) -> str | None:
    """Why a backup cannot be restored (damaged, or from a newer endoquiz)."""
    try:
        db = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    except sqlite3.Error as error:
        return str(error)
    try:
        # Thorough: a backup taken after damage the quick check does not
        # see must not be restored in place of that damage.
        problem = _check(db, thorough=True)
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
        source = sqlite3.connect(f"{backup.resolve().as_uri()}?mode=ro", uri=True)
        destination = sqlite3.connect(target)
        try:
            source.backup(destination)
        finally:
            destination.close()
            source.close()
    except sqlite3.Error as error:
        raise BackupError(f"cannot restore {backup.name}: {error}") from error


def backup_before_upgrade(db_path: Path, folder: Path, now: datetime) -> Path | None:
    """Back up a database that this version will migrate, before it does;
    None when it needs no migration.

    Raises:
        BackupError: when the backup cannot be written (then do not migrate).
    """
    db = _connect(db_path)
    try:
        version = int(db.execute("PRAGMA user_version").fetchone()[0])
        if not 0 < version < SCHEMA_VERSION:
            return None
        return make_backup(db.backup, folder, now)
    except sqlite3.Error as error:
        # A disk error while reading it: said, not a traceback.
        raise StoreError(
            f"cannot read progress database {db_path}: {describe_error(error, db_path)}"
        ) from error
    finally:
        db.close()


def lost_database_problem(db_path: Path, backup_folder: Path) -> str | None:
    """Why a database that is missing or empty while backups of it exist is
    damage, not a first start; None otherwise. SQLite would open either as a
    new, empty database, and the learner's progress would silently vanish."""
    if db_path.exists() and db_path.stat().st_size > 0:
        return None
    if not list_backups(backup_folder):
        return None
    return "the file is empty" if db_path.exists() else "the file is missing"


# integrity_check's words for an index that disagrees with its table: it can
# be built again from the table, with nothing lost.
_INDEX_PROBLEM = re.compile(
    r"(row \d+ missing from index|wrong # of entries in index|non-unique entry in index) "
)
# More problems than this and the file is not merely an index astray.
_INDEX_PROBLEMS_AT_MOST = 99


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
        stamp = now.astimezone(UTC).strftime("%Y%m%d-%H%M%S")
        aside = db_path.with_name(f"{db_path.name}.corrupt-{stamp}")
        copy = sqlite3.connect(aside)
        try:
            db.backup(copy)
        finally:
            copy.close()
        db.execute("REINDEX")
        if _check(db, thorough=True) is not None:
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
    stamp = now.astimezone(UTC).strftime("%Y%m%d-%H%M%S")
    aside = db_path.with_name(f"{db_path.name}.corrupt-{stamp}")
    damaged = aside if db_path.exists() else None
    for suffix in ("", "-wal", "-shm"):
        companion = Path(f"{db_path}{suffix}")
        if companion.exists():
            companion.replace(f"{aside}{suffix}")
    for backup in list_backups(backup_folder, now):
        if _backup_problem(backup.path) is None:
            try:
                restore_backup(backup.path, db_path)
            except BackupError:
                db_path.unlink(missing_ok=True)
                continue
            return Recovery(problem, damaged, backup)
    return Recovery(problem, damaged, None)
