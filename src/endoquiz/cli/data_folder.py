"""A sub-command's library: opened under the app's lock if asked, what its open repaired said."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from endoquiz import InstanceLock, Library


class CommandError(Exception):
    """A sub-command stopped after saying why on stderr: `endoquiz` exits with
    EXIT_INVALID."""


@contextmanager
def opened_library(
    data_dir: Path, command: str, *, under_app_lock: bool = False, full_check: bool = False
) -> Iterator[Library]:
    """The library of `data_dir`, open while the block runs. A library that
    cannot be opened or read (a StoreError), or an app holding the data folder
    when `under_app_lock`, is said as an error of `command` and raises
    CommandError."""
    from endoquiz import Library, StoreError

    lock = _app_lock(data_dir, command) if under_app_lock else None
    if under_app_lock and lock is None:
        raise CommandError
    try:
        with Library.open(data_dir, exclusive=lock is not None, full_check=full_check) as library:
            _report_recovery(library)
            yield library
    except StoreError as error:
        print(f"endoquiz {command}: error: {error}", file=sys.stderr)
        raise CommandError from error
    finally:
        if lock is not None:
            lock.release()


def _app_lock(data_dir: Path, command: str) -> InstanceLock | None:
    """The app's lock, for a command that replaces, merges or repairs progress:
    under a running app it would change the database the app holds. None
    (having said so) while the app runs."""
    from endoquiz import InstanceLock, describe_error

    try:
        lock = InstanceLock.acquire(data_dir)
    except OSError as error:
        # A read-only or full data folder: the lock file cannot be made.
        print(
            f"endoquiz {command}: error: cannot use the data folder {data_dir}: "
            f"{describe_error(error, data_dir)}",
            file=sys.stderr,
        )
        return None
    if lock is None:
        print(
            f"endoquiz {command}: error: endoquiz is running with the data folder {data_dir}; "
            "quit it first (or use its File menu)",
            file=sys.stderr,
        )
    return lock


def _report_recovery(library: Library) -> None:
    """Say what was done or found at open, if anything."""
    for note in library.open_notes():
        print(f"endoquiz: {note}", file=sys.stderr)
