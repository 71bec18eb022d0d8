"""The portable progress file: a learner's review log, card states and
settings in one gzip-compressed JSON file, to move to another machine."""

from __future__ import annotations

import gzip
import json
import zlib
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from endoquiz.progress_store import PROGRESS_CARD_COLUMNS, PROGRESS_LOG_COLUMNS, StoreError

__all__ = [
    "FORMAT",
    "VERSION",
    "ProgressFile",
    "ProgressFileError",
    "read_progress",
    "write_progress",
]

FORMAT = "endoquiz-progress"
VERSION = 1
SUFFIX = ".endoquiz-progress"
# Typed columns of each row, to refuse a file edited into nonsense before any
# of it is merged: (name, allowed JSON types).
_TEXT, _INT, _REAL = (str,), (int,), (int, float)
_CARD_TYPES = (_TEXT, _TEXT, _INT, _INT, _REAL, _REAL, _INT, _INT, _INT, _INT, _INT, _INT)
_LOG_TYPES = (_TEXT, _TEXT, _INT, _INT, _INT, _TEXT, _INT, _INT, _INT, _REAL, _REAL)
# Columns that may be null (a new card's due date, an answer without a duration).
_CARD_NULLABLE = {"step", "stability", "difficulty", "due", "last_review"}
_LOG_NULLABLE = {"duration_ms", "stability_after", "difficulty_after"}


class ProgressFileError(StoreError):
    """A progress file that cannot be read; the message says what is wrong."""


@dataclass(frozen=True, slots=True)
class ProgressFile:
    """What a progress file holds (rows in the store's column order)."""

    exported_at: str
    cards: list[list[Any]]
    review_log: list[list[Any]]
    settings: dict[str, Any]


def write_progress(
    path: Path,
    cards: list[tuple[Any, ...]],
    review_log: list[tuple[Any, ...]],
    settings: dict[str, Any],
    now: datetime,
) -> None:
    """Write the file (through a temporary name, so a failure leaves none)."""
    document = {
        "format": FORMAT,
        "version": VERSION,
        "exported_at": now.isoformat(),
        "card_columns": list(PROGRESS_CARD_COLUMNS),
        "cards": cards,
        "log_columns": list(PROGRESS_LOG_COLUMNS),
        "review_log": review_log,
        "settings": settings,
    }
    partial = path.with_name(path.name + ".partial")
    try:
        with gzip.open(partial, "wt", encoding="utf-8") as file:
            json.dump(document, file, separators=(",", ":"))
        partial.replace(path)
    except OSError as error:
        partial.unlink(missing_ok=True)
        raise ProgressFileError(f"cannot write {path}: {error}") from error


def read_progress(path: Path) -> ProgressFile:
    """Read and check a progress file.

    Raises:
        ProgressFileError: for a file that is missing, not one of ours, from
            a newer endoquiz, or damaged; nothing has been merged then.
    """
    try:
        with gzip.open(path, "rt", encoding="utf-8") as file:
            document = json.load(file)
    except FileNotFoundError as error:
        raise ProgressFileError(f"no such file: {path}") from error
    except (OSError, EOFError, zlib.error, UnicodeDecodeError, json.JSONDecodeError) as error:
        raise ProgressFileError(
            f"{path.name} is not an endoquiz progress file (or it is damaged): {error}"
        ) from error
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise ProgressFileError(f"{path.name} is not an endoquiz progress file")
    version = document.get("version")
    if not isinstance(version, int) or version > VERSION:
        raise ProgressFileError(
            f"{path.name} was written by a newer endoquiz (format {version}); update endoquiz"
        )
    cards = _rows(document, "cards", PROGRESS_CARD_COLUMNS, _CARD_TYPES, _CARD_NULLABLE, path)
    log = _rows(document, "review_log", PROGRESS_LOG_COLUMNS, _LOG_TYPES, _LOG_NULLABLE, path)
    settings = document.get("settings")
    if not isinstance(settings, dict):
        raise ProgressFileError(f"{path.name}: 'settings' must be an object")
    return ProgressFile(str(document.get("exported_at", "")), cards, log, settings)


def _rows(
    document: dict[str, Any],
    key: str,
    columns: tuple[str, ...],
    types: tuple[tuple[type, ...], ...],
    nullable: set[str],
    path: Path,
) -> list[list[Any]]:
    columns_key = "card_columns" if key == "cards" else "log_columns"
    if document.get(columns_key) != list(columns):
        raise ProgressFileError(f"{path.name}: unexpected '{columns_key}'")
    rows = document.get(key)
    if not isinstance(rows, list):
        raise ProgressFileError(f"{path.name}: '{key}' must be a list")
    for number, row in enumerate(rows, 1):
        if not isinstance(row, list) or len(row) != len(columns):
            raise ProgressFileError(f"{path.name}: {key} entry {number} is malformed")
        for value, name, allowed in zip(row, columns, types, strict=True):
            ok = (value is None and name in nullable) or (
                isinstance(value, allowed) and not isinstance(value, bool)
            )
            if not ok:
                raise ProgressFileError(
                    f"{path.name}: {key} entry {number}: '{name}' cannot be {value!r}"
                )
    return rows
