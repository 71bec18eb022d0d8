"""`endoquiz check`: the whole progress database checked, as Anki's Check
Database does: SQLite's integrity check, every stored value read back and
checked as a progress file's are, every card's state derived again from its
review log, and a report in the learner's words."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from endoquiz.decks.deck_model import stored_card_usable
from endoquiz.progress.progress_file import card_row_problem, log_row_problem
from endoquiz.scheduling import State
from endoquiz.store.rows import PROGRESS_CARD_COLUMNS, PROGRESS_LOG_COLUMNS

__all__ = ["DatabaseCheck", "DerivedState", "check_database", "damaged_card_contents"]

# Problems listed one by one before the rest is counted.
MAX_LISTED = 20


@dataclass(frozen=True, slots=True)
class DerivedState:
    """A card's schedule as its review log says it is, where the stored one
    disagrees: the after-values of its latest answer. Times in ms.

    Attributes:
        step: the learning step, which the log does not hold: the stored one
            when the state agrees, else the first step.
    """

    deck_id: str
    card_id: str
    state: State
    step: int | None
    stability: float | None
    difficulty: float | None
    due: int
    last_review: int


@dataclass(slots=True)
class DatabaseCheck:
    """What the check found.

    Attributes:
        integrity: what SQLite's integrity check reported (empty when sound).
        problems: stored values that cannot be used, one sentence each.
        damaged_content: (deck id, card id) of stored card text that cannot
            be read ("?" for an id that cannot); it is a copy of the deck
            file's, which can be read again.
        damaged_content_keys: the same cards' keys as stored (bytes), to
            drop their rows even where the ids themselves are damaged.
        derived: cards whose stored schedule disagrees with their review
            log, with the schedule the log gives (the log is the record of
            what the learner did; the card row only its latest result).
    """

    integrity: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    damaged_content: list[tuple[str, str]] = field(default_factory=list)
    damaged_content_keys: list[tuple[bytes, bytes]] = field(default_factory=list)
    derived: list[DerivedState] = field(default_factory=list)

    @property
    def sound(self) -> bool:
        return not (self.integrity or self.problems or self.damaged_content or self.derived)

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
        if self.derived:
            names = ", ".join(f"{d.deck_id}/{d.card_id}" for d in self.derived[:MAX_LISTED])
            extra = len(self.derived) - MAX_LISTED
            more = f" and {extra} more" if extra > 0 else ""
            lines.append(
                f"The schedule of {len(self.derived)} card(s) disagreed with their review log "
                f"and was set from it: {names}{more}."
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
    # Each card's latest answer that moved its schedule, and every schedule
    # its answers left. An answer that does not move the schedule (a quiz
    # answer, as the learner chose in Settings) logs the one it found, which
    # an earlier answer gave; an answer that moves it always gives a new one.
    moved: dict[tuple[Any, Any], list[Any]] = {}
    seen: dict[tuple[Any, Any], set[tuple[Any, ...]]] = {}
    log_problems = []  # reported after the cards'
    # In the order a merge replays them (sync/merge.py): by answer time,
    # then by their sync event's clock stamp and id. Two answers at one
    # time (one counted at the time of the card's last answer, merged from
    # a computer whose clock is ahead) follow each other as they were given,
    # whatever order a merge wrote their rows in.
    columns = ", ".join(f"r.{name}" for name in PROGRESS_LOG_COLUMNS)
    for row in db.execute(
        f"SELECT r.id, {columns} FROM review_log r LEFT JOIN sync_event e ON e.id = r.event_id "
        "ORDER BY r.reviewed_at, e.hlc, r.event_id, r.id"
    ):
        values = [_text(value) if isinstance(value, bytes) else value for value in row[1:]]
        problem = log_row_problem(values, now)
        if problem is not None:
            log_problems.append(f"answer {row[0]} ({values[0]}/{values[1]}): {problem}")
            continue
        key = (values[0], values[1])
        schedule = _schedule_logged(values)
        schedules = seen.setdefault(key, set())
        if schedule[0] != State.NEW and schedule not in schedules:
            moved[key] = values
        schedules.add(schedule)
    for row in db.execute(f"SELECT {', '.join(PROGRESS_CARD_COLUMNS)} FROM card"):
        values = [_text(value) if isinstance(value, bytes) else value for value in row]
        problem = card_row_problem(values, now)
        if problem is not None:
            found.problems.append(f"card {values[0]}/{values[1]}: {problem}")
            continue
        latest = moved.get((values[0], values[1]))
        if latest is not None:
            derived = _derived_state(values, latest)
            if derived is not None:
                found.derived.append(derived)
    found.problems += log_problems
    found.damaged_content_keys = damaged_card_contents(db)
    found.damaged_content = [
        (_text(deck_id) or "?", _text(card_id) or "?")
        for deck_id, card_id in found.damaged_content_keys
    ]
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


def _schedule_logged(log_row: list[Any]) -> tuple[Any, ...]:
    """State, due, stability and difficulty after a logged answer."""
    return tuple(log_row[7:11])


def _derived_state(card: list[Any], latest: list[Any]) -> DerivedState | None:
    """The schedule `card` (`PROGRESS_CARD_COLUMNS`) should have after the
    `latest` answer that moved it (`PROGRESS_LOG_COLUMNS`), or None when it
    has it.

    A new card is left alone: resetting a card's progress keeps its log
    (as it keeps its history in the statistics), so a new card with answers
    is what a reset leaves.
    """
    state, step, stability, difficulty, due, last_review = card[2:8]
    if state == State.NEW:
        return None
    stored = (state, due, stability, difficulty, last_review)
    logged_state, logged_due, logged_stability, logged_difficulty = _schedule_logged(latest)
    moved_at = latest[3]
    if stored == (logged_state, logged_due, logged_stability, logged_difficulty, moved_at):
        return None
    if logged_state == State.REVIEW:
        logged_step = None
    else:
        logged_step = step if state == logged_state and isinstance(step, int) else 0
    return DerivedState(
        deck_id=card[0],
        card_id=card[1],
        state=State(logged_state),
        step=logged_step,
        stability=logged_stability,
        difficulty=logged_difficulty,
        due=logged_due,
        last_review=moved_at,
    )


def _text(value: object) -> str | None:
    """Stored text as a string; None when it is not UTF-8 (damaged)."""
    if isinstance(value, bytes):
        try:
            return value.decode("utf-8")
        except UnicodeDecodeError:
            return None
    return None if value is None else str(value)


def damaged_card_contents(db: sqlite3.Connection) -> list[tuple[bytes, bytes]]:
    """(deck id, card id) as stored, in bytes, of every card whose stored
    text cannot be used: content that is not UTF-8 or not a card, or search
    fields that are not UTF-8. `db`'s `text_factory` must be `bytes`."""
    damaged = []
    for deck_id, card_id, content, kind, tags, words in db.execute(
        "SELECT CAST(deck_id AS BLOB), CAST(card_id AS BLOB), content, kind, tags, "
        "search_text FROM card_content"
    ):
        usable = (
            _text(deck_id) is not None
            and _text(card_id) is not None
            and all(value is None or _text(value) is not None for value in (kind, tags, words))
            and stored_card_usable(_text(content))
        )
        if not usable:
            damaged.append((deck_id, card_id))
    return damaged
