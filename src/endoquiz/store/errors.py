"""What can go wrong with the progress database, said for a person: the store's errors."""

from __future__ import annotations

import errno
import shutil
import sqlite3
from contextlib import suppress
from pathlib import Path


class StoreError(Exception):
    """The progress database cannot be used (newer version, not a database, a
    full disk, a read-only folder...); the message says why, for a person."""


class StoreWriteError(StoreError):
    """A write the database refused (a full disk, a read-only folder);
    nothing of it was written, each write being one transaction."""


class DatabaseDamageError(sqlite3.DatabaseError):
    """A read found the stored data inconsistent where SQLite raised nothing
    (a card an index lists that its table does not hold). A DatabaseError,
    so that the app and the commands take it for the damage it is: the
    whole file is checked, and recovered from a backup if damaged."""


class CardChangedError(StoreError):
    """An answer computed from a state of the card that is no longer the
    stored one: another window or process answered it meanwhile. Nothing was
    written; answering again starts from the stored state."""


# What a failed write means, by SQLite's result code, in the learner's words.
_WRITE_PROBLEMS = {
    "SQLITE_FULL": "the disk is full",
    "SQLITE_READONLY": "the data folder is read-only",
    "SQLITE_CANTOPEN": "the data folder cannot be written to",
    "SQLITE_IOERR": "the disk reported an error",
    "SQLITE_BUSY": "another program holds the database",
}


# The same, by the system's error number, for files endoquiz writes itself.
_OS_PROBLEMS = {
    errno.ENOSPC: "the disk is full",
    errno.EDQUOT: "the disk quota is used up",
    errno.EROFS: "the data folder is read-only",
    errno.EACCES: "the data folder cannot be written to",
    errno.EPERM: "the data folder cannot be written to",
}
# Free space below which a failure to create or grow a file is a full disk:
# SQLite reports one as "disk I/O error" when it cannot make its journal.
_NEARLY_FULL = 1024 * 1024


def describe_error(error: sqlite3.Error | OSError, path: Path) -> str:
    """The error's message, after what it means for the learner when known;
    `path` is the file or folder it concerns, whose disk is looked at when
    the error alone does not say that it is full."""
    if isinstance(error, OSError):
        problem = _OS_PROBLEMS.get(error.errno or 0)
        text = error.strerror or str(error)
    else:
        code = getattr(error, "sqlite_errorname", "") or ""
        known = (why for name, why in _WRITE_PROBLEMS.items() if code.startswith(name))
        problem = next(known, None)
        text = str(error)
    if problem is None or problem == _WRITE_PROBLEMS["SQLITE_IOERR"]:
        folder = path if path.is_dir() else path.parent
        with suppress(OSError):
            if shutil.disk_usage(folder).free < _NEARLY_FULL:
                problem = _WRITE_PROBLEMS["SQLITE_FULL"]
    return f"{problem} ({text})" if problem else text


def write_error(path: Path, error: sqlite3.Error) -> StoreWriteError:
    return StoreWriteError(f"cannot save to {path}: {describe_error(error, path)}")


def is_decode_error(error: sqlite3.Error) -> bool:
    """Whether SQLite's error is stored text that is no longer UTF-8."""
    return isinstance(error, sqlite3.OperationalError) and "decode to UTF-8" in str(error)


def utf8_or_none(data: bytes | None) -> str | None:
    """Stored text, or None where it is no longer UTF-8 (damaged on disk)."""
    if data is None:
        return None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return None
