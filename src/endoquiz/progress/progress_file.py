"""The portable progress file: a learner's review log, card states and
settings in one gzip-compressed JSON file, to move to another machine."""

from __future__ import annotations

import gzip
import json
import os
import zlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from fsrs.scheduler import MAX_DIFFICULTY, MIN_DIFFICULTY, STABILITY_MIN

from endoquiz.common.clock import DAY_MS, moment_or_now, to_ms
from endoquiz.common.value_checks import choice, real, shown, whole
from endoquiz.decks.deck_format import DECK_ID, MAX_ID_LENGTH, STORED_CARD_ID
from endoquiz.scheduling import AnswerMode, State
from endoquiz.store.errors import StoreError
from endoquiz.store.rows import FLAGS, PROGRESS_CARD_COLUMNS, PROGRESS_LOG_COLUMNS

__all__ = [
    "FORMAT",
    "VERSION",
    "ProgressFile",
    "ProgressFileError",
    "card_row_problem",
    "log_row_problem",
    "progress_file_path",
    "read_progress",
    "write_progress",
]

FORMAT = "endoquiz-progress"
VERSION = 1
PROGRESS_FILE_SUFFIX = ".endoquiz-progress"
# Suffixes that promise a format the file is not: it is gzip-compressed JSON
# of endoquiz's own shape, which neither a JSON reader nor gunzip alone makes
# sense of.
_MISLEADING_SUFFIXES = (".json", ".gz", ".gzip")
# Uncompressed, a file may hold this much: about two million answers. A
# gzip bomb (gigabytes of one byte, a few megabytes packed) stops here.
MAX_BYTES = 256 * 1024 * 1024
# Times are milliseconds since 1970: none before 2000, none a century ahead.
_EARLIEST_MS = to_ms(datetime(2000, 1, 1, tzinfo=UTC))
_CENTURY_MS = 100 * 366 * DAY_MS
# Counts no one reaches: a bound for every whole number.
_MANY = 10_000_000


def _deck_id(name: str, value: Any, _now_ms: int) -> None:
    if not isinstance(value, str) or len(value) > MAX_ID_LENGTH or not DECK_ID.match(value):
        raise ValueError(f"'{name}' is not a deck id: {shown(value)}")


def _card_id(name: str, value: Any, _now_ms: int) -> None:
    stored = STORED_CARD_ID.match(value) if isinstance(value, str) else None
    if stored is None or len(stored.group(1)) > MAX_ID_LENGTH:
        raise ValueError(f"'{name}' is not a card id: {shown(value)}")


def _time(name: str, value: Any, now_ms: int) -> None:
    whole(f"'{name}' (a time in milliseconds)", value, _EARLIEST_MS, now_ms + _CENTURY_MS)


def _state(name: str, value: Any, _now_ms: int) -> None:
    choice(f"'{name}'", value, tuple(int(state) for state in State))


def _count(name: str, value: Any, _now_ms: int) -> None:
    whole(f"'{name}'", value, 0, _MANY)


def _ranged(low: float, high: float, *, integer: bool = False) -> _Check:
    def check(name: str, value: Any, _now_ms: int) -> None:
        if integer:
            whole(f"'{name}'", value, int(low), int(high))
        else:
            real(f"'{name}'", value, low, high)

    return check


def _one_of(allowed: tuple[Any, ...]) -> _Check:
    def check(name: str, value: Any, _now_ms: int) -> None:
        choice(f"'{name}'", value, allowed)

    return check


_Check = Callable[[str, Any, int], None]
_STABILITY = _ranged(STABILITY_MIN, 1e9)
_DIFFICULTY = _ranged(MIN_DIFFICULTY, MAX_DIFFICULTY)
# Each column's check, and whether it may be null (a new card's due date, an
# answer without a duration). Everything a file says is checked here, before
# any of it is merged: a value that passed cannot crash a later command.
_CARD_CHECKS: dict[str, tuple[_Check, bool]] = {
    "deck_id": (_deck_id, False),
    "card_id": (_card_id, False),
    "state": (_state, False),
    "step": (_ranged(0, 100, integer=True), True),
    "stability": (_STABILITY, True),
    "difficulty": (_DIFFICULTY, True),
    "due": (_time, True),
    "last_review": (_time, True),
    "reps": (_count, False),
    "lapses": (_count, False),
    "suspended": (_one_of((0, 1)), False),
    "flag": (_one_of(FLAGS), False),
}
_LOG_CHECKS: dict[str, tuple[_Check, bool]] = {
    "deck_id": (_deck_id, False),
    "card_id": (_card_id, False),
    "rating": (_one_of((1, 2, 3, 4)), False),
    "reviewed_at": (_time, False),
    "duration_ms": (_ranged(0, DAY_MS, integer=True), True),
    "mode": (_one_of(tuple(mode.value for mode in AnswerMode)), False),
    "state_before": (_state, False),
    "state_after": (_state, False),
    "due_after": (_time, False),
    "stability_after": (_STABILITY, True),
    "difficulty_after": (_DIFFICULTY, True),
}
# A card that has been answered has all of these: without them it could be
# neither scheduled nor shown.
_SCHEDULED = ("stability", "difficulty", "due", "last_review")


class ProgressFileError(StoreError):
    """A progress file that cannot be read; the message says what is wrong."""


@dataclass(frozen=True, slots=True)
class ProgressFile:
    """What a progress file holds (rows in the store's column order)."""

    exported_at: str
    cards: list[list[Any]]
    review_log: list[list[Any]]
    settings: dict[str, Any]


def progress_file_path(path: str | os.PathLike[str]) -> Path:
    """The name to export progress under, for `path` as the learner gave it:
    with the suffix .endoquiz-progress, which names the format honestly.
    `.json`, `.gz` (and `.json.gz`) are replaced; any other suffix is kept
    and .endoquiz-progress added ("me.2024" gives "me.2024.endoquiz-progress")."""
    path = Path(path)
    if path.name.endswith(PROGRESS_FILE_SUFFIX):
        return path
    while path.suffix.lower() in _MISLEADING_SUFFIXES and path.stem:
        path = path.with_suffix("")
    return path.with_name(path.name + PROGRESS_FILE_SUFFIX)


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


def read_progress(path: Path, now: datetime | None = None) -> ProgressFile:
    """Read and check a progress file: every row, every value.

    Raises:
        ProgressFileError: for a file that is missing, not one of ours, from
            a newer endoquiz, damaged, too large, or holding a value endoquiz
            cannot use; nothing has been merged then.
    """
    try:
        with gzip.open(path, "rb") as file:
            data = file.read(MAX_BYTES + 1)
    except FileNotFoundError as error:
        raise ProgressFileError(f"no such file: {path}") from error
    except (OSError, EOFError, zlib.error) as error:
        raise ProgressFileError(
            f"{path.name} is not an endoquiz progress file (or it is damaged): {error}"
        ) from error
    if len(data) > MAX_BYTES:
        raise ProgressFileError(
            f"{path.name} unpacks to more than {MAX_BYTES // (1024 * 1024)} MB; "
            "progress files are limited to that"
        )
    try:
        document = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError) as error:
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
    now_ms = to_ms(moment_or_now(now))
    cards = _rows(document, "cards", PROGRESS_CARD_COLUMNS, _CARD_CHECKS, now_ms, path)
    log = _rows(document, "review_log", PROGRESS_LOG_COLUMNS, _LOG_CHECKS, now_ms, path)
    settings = document.get("settings")
    if not isinstance(settings, dict):
        raise ProgressFileError(f"{path.name}: 'settings' must be an object")
    return ProgressFile(str(document.get("exported_at", ""))[:40], cards, log, settings)


def card_row_problem(row: Sequence[Any], now: datetime) -> str | None:
    """What is wrong with a card row (`PROGRESS_CARD_COLUMNS`), None if nothing:
    the checks a progress file's rows pass, for `endoquiz check` too."""
    return _row_problem(row, PROGRESS_CARD_COLUMNS, _CARD_CHECKS, to_ms(now), cards=True)


def log_row_problem(row: Sequence[Any], now: datetime) -> str | None:
    """What is wrong with a review log row (`PROGRESS_LOG_COLUMNS`), None if nothing."""
    return _row_problem(row, PROGRESS_LOG_COLUMNS, _LOG_CHECKS, to_ms(now), cards=False)


def _row_problem(
    row: Sequence[Any],
    columns: tuple[str, ...],
    checks: dict[str, tuple[_Check, bool]],
    now_ms: int,
    *,
    cards: bool,
) -> str | None:
    if len(row) != len(columns):
        return "malformed"
    for value, name in zip(row, columns, strict=True):
        check, nullable = checks[name]
        if value is None and nullable:
            continue
        try:
            if value is None:
                raise ValueError(f"'{name}' cannot be empty")
            check(name, value, now_ms)
        except (TypeError, ValueError) as error:
            return str(error)
    if cards:
        values = dict(zip(columns, row, strict=True))
        if values["state"] != State.NEW and any(values[name] is None for name in _SCHEDULED):
            missing = ", ".join(f"'{name}'" for name in _SCHEDULED if values[name] is None)
            return f"an answered card needs {missing}"
    return None


def _rows(
    document: dict[str, Any],
    key: str,
    columns: tuple[str, ...],
    checks: dict[str, tuple[_Check, bool]],
    now_ms: int,
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
        problem = _row_problem(row, columns, checks, now_ms, cards=key == "cards")
        if problem is not None:
            raise ProgressFileError(f"{path.name}: {key} entry {number}: {problem}")
    return rows
