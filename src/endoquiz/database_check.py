"""`endoquiz check`: the whole progress database checked, as Anki's Check
Database does: SQLite's integrity check, then every stored value read back
and checked as a progress file's are, and a report in the learner's words."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from endoquiz.progress_file import card_row_problem, log_row_problem
from endoquiz.progress_store import PROGRESS_CARD_COLUMNS, PROGRESS_LOG_COLUMNS

__all__ = ["DatabaseCheck", "check_database"]

# Problems listed one by one before the rest is counted.
MAX_LISTED = 20


@dataclass(slots=True)
class DatabaseCheck:
    """What the check found.

    Attributes:
        integrity: what SQLite's integrity check reported (empty when sound).
        problems: stored values that cannot be used, one sentence each.
        damaged_content: (deck id, card id) of stored card text that cannot
            be read; it is a copy of the deck file's, which can be read again.
    """

    integrity: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    damaged_content: list[tuple[str, str]] = field(default_factory=list)

    @property
    def sound(self) -> bool:
        return not (self.integrity or self.problems or self.damaged_content)

    def report(self) -> list[str]:
        """The report, a line each, the first few problems of each kind listed."""
        if self.sound:
            return ["The progress database is sound: every check passed."]
        lines = []
        for title, items in (
            ("SQLite's integrity check", self.integrity),
            ("Stored values that cannot be used", self.problems),
        ):
            if items:
                lines.append(f"{title}: {len(items)} problem(s)")
                lines += [f"  {item}" for item in items[:MAX_LISTED]]
                if len(items) > MAX_LISTED:
                    lines.append(f"  ... and {len(items) - MAX_LISTED} more")
        if self.damaged_content:
            lines.append(
                f"Card text of {len(self.damaged_content)} card(s) could not be read; "
                "it is read again from the deck files."
            )
        if self.integrity or self.problems:
            lines.append(
                "A backup made before the damage can be restored: File > Backups… in the "
                "app, or endoquiz backups and endoquiz restore FILE."
            )
        return lines


def check_database(
    db: sqlite3.Connection, now: datetime, settings: Mapping[str, Callable[[Any], object]]
) -> DatabaseCheck:
    """Check the database behind `db`, whose `text_factory` must be `bytes`
    (text that is no longer UTF-8 is then found, rather than raising);
    `settings` reads each known setting back, raising for one that cannot be
    used."""
    found = DatabaseCheck()
    for (result,) in db.execute("PRAGMA integrity_check(100)"):
        text = _text(result) or "unreadable"
        if text != "ok":
            found.integrity.append(text)
    for row in db.execute(f"SELECT {', '.join(PROGRESS_CARD_COLUMNS)} FROM card"):
        values = [_text(value) if isinstance(value, bytes) else value for value in row]
        problem = card_row_problem(values, now)
        if problem is not None:
            found.problems.append(f"card {values[0]}/{values[1]}: {problem}")
    for row in db.execute(f"SELECT id, {', '.join(PROGRESS_LOG_COLUMNS)} FROM review_log"):
        values = [_text(value) if isinstance(value, bytes) else value for value in row[1:]]
        problem = log_row_problem(values, now)
        if problem is not None:
            found.problems.append(f"answer {row[0]} ({values[0]}/{values[1]}): {problem}")
    for deck_id, card_id, content in db.execute(
        "SELECT deck_id, card_id, content FROM card_content"
    ):
        if not _card_content_readable(content):
            found.damaged_content.append((_text(deck_id) or "?", _text(card_id) or "?"))
    for key, value in db.execute("SELECT key, value FROM setting"):
        name = _text(key)
        reader = settings.get(name or "")
        try:
            data = json.loads(_text(value) or "")
            if reader is not None:
                reader(data)
        except (ValueError, TypeError) as error:
            found.problems.append(f"setting '{name}': {error}")
    return found


def _text(value: object) -> str | None:
    """Stored text as a string; None when it is not UTF-8 (damaged)."""
    if isinstance(value, bytes):
        try:
            return value.decode("utf-8")
        except UnicodeDecodeError:
            return None
    return None if value is None else str(value)


def _card_content_readable(content: object) -> bool:
    text = _text(content)
    if text is None:
        return False
    try:
        data = json.loads(text)
    except ValueError:
        return False
    return isinstance(data, dict) and isinstance(data.get("kind"), str)
