"""A file written beside its place and put there whole, or not at all: exports and shared decks."""

from __future__ import annotations

import sqlite3
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from endoquiz.store.errors import StoreWriteError, describe_error

__all__ = ["written_whole"]


@contextmanager
def written_whole(path: Path) -> Iterator[tuple[Path, Path]]:
    """A scratch folder and a temporary file beside `path`, which takes its
    place when the block ends without an error; else both are removed and
    `path` is as it was.

    Raises:
        StoreWriteError: when the folder cannot be written (read-only, full,
            missing), in the learner's words.
    """
    folder = path.parent
    try:
        with tempfile.TemporaryDirectory(prefix=".endoquiz-export-", dir=folder) as scratch:
            target = Path(scratch) / path.name
            yield Path(scratch), target
            target.replace(path)
    except (OSError, sqlite3.Error) as error:
        raise StoreWriteError(
            f"{path.name} cannot be written: {describe_error(error, folder)}"
        ) from None
