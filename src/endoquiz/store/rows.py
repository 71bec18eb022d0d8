"""The store's rows as typed values: card states, answers, decks and cards installed, searches."""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any, NamedTuple

from endoquiz.common.clock import from_ms, to_ms
from endoquiz.scheduling import AnswerMode, CardState, Rating, State


@dataclass(frozen=True, slots=True)
class ReviewEntry:
    """One answer in the review log.

    Attributes:
        mode: in study (spaced repetition) or in a quiz.
        state_before / state_after: the card's state around the answer.
        due_after: when the answer made the card due.
    """

    id: int
    deck_id: str
    card_id: str
    rating: Rating
    reviewed_at: datetime
    duration_ms: int | None
    mode: AnswerMode
    state_before: State
    state_after: State
    due_after: datetime
    stability_after: float | None
    difficulty_after: float | None

    @property
    def interval(self) -> timedelta:
        """Time from this answer to the due date it gave."""
        return self.due_after - self.reviewed_at


@dataclass(frozen=True, slots=True)
class InstalledDeckRow:
    """What the store remembers of an installed deck file: enough to list it
    without parsing it again while the file is unchanged.

    Attributes:
        stamp: (mtime in ns, size) of the file when it was last read.
    """

    id: str
    path: Path
    content_hash: str
    title: str
    order: int | None = None
    description: str | None = None
    disclaimer: str | None = None
    stamp: tuple[int, int] | None = None
    card_count: int = 0


class CardToStore(NamedTuple):
    """A card of a deck being installed, as stored: its content as JSON
    (`deck_model.content_json`) and what searches filter on
    (`search_index.index_fields`), each made once from the card."""

    card_id: str
    note_id: str
    content: str
    kind: str
    tags: str
    search_text: str


class ProgressMove(NamedTuple):
    """A card renamed in its deck file: the progress of `old_card_id` goes
    to `new_card_id` (see `ProgressStore.sync_deck`)."""

    old_card_id: str
    new_card_id: str


CARD_COLUMNS = (
    "deck_id, card_id, state, due, stability, difficulty, step, last_review, "
    "reps, lapses, suspended, active"
)
LOG_COLUMNS = (
    "id, deck_id, card_id, rating, reviewed_at, duration_ms, mode, state_before, "
    "state_after, due_after, stability_after, difficulty_after"
)


class StateRow(NamedTuple):
    """A card's row of CARD_COLUMNS, as stored (moments in milliseconds):
    what a session keeps of each card until it shows it (`state_from_row`)."""

    deck_id: str
    card_id: str
    state: int
    due: int | None
    stability: float | None
    difficulty: float | None
    step: int | None
    last_review: int | None
    reps: int
    lapses: int
    suspended: int
    active: int


def state_from_row(row: Sequence[Any]) -> CardState:
    """The CardState of a row of CARD_COLUMNS."""
    row = StateRow._make(row)
    return CardState(
        deck_id=row.deck_id,
        card_id=row.card_id,
        state=State(row.state),
        due=from_ms(row.due) if row.due is not None else None,
        stability=row.stability,
        difficulty=row.difficulty,
        step=row.step,
        last_review=from_ms(row.last_review) if row.last_review is not None else None,
        reps=row.reps,
        lapses=row.lapses,
        suspended=bool(row.suspended),
        active=bool(row.active),
    )


def entry_from_row(row: Sequence[Any]) -> ReviewEntry:
    return ReviewEntry(
        id=row[0],
        deck_id=row[1],
        card_id=row[2],
        rating=Rating(row[3]),
        reviewed_at=from_ms(row[4]),
        duration_ms=row[5],
        mode=AnswerMode(row[6]),
        state_before=State(row[7]),
        state_after=State(row[8]),
        due_after=from_ms(row[9]),
        stability_after=row[10],
        difficulty_after=row[11],
    )


# Card flags: none, then four colours.
FLAGS = (0, 1, 2, 3, 4)
# What an exported progress file holds of each card and answer, in order.
PROGRESS_CARD_COLUMNS = (
    "deck_id", "card_id", "state", "step", "stability", "difficulty", "due", "last_review",
    "reps", "lapses", "suspended", "flag",
)  # fmt: skip
PROGRESS_LOG_COLUMNS = (
    "deck_id", "card_id", "rating", "reviewed_at", "duration_ms", "mode", "state_before",
    "state_after", "due_after", "stability_after", "difficulty_after",
)  # fmt: skip


class SearchRow(NamedTuple):
    """What a search result shows of one card, read in one query
    (`SearchQueries.rows`). Moments are milliseconds since the epoch.
    `kind`, `tags` and `content` are None where not stored, or no longer
    UTF-8 (damaged on disk): copies of the deck file's, to be read again."""

    deck_id: str
    card_id: str
    kind: str | None
    state: int
    due: int | None
    last_review: int | None
    stability: float | None
    difficulty: float | None
    lapses: int
    reps: int
    suspended: int
    tags: str | None
    content: str | None
    flag: int


ScheduleFields = tuple[
    int, int | None, float | None, float | None, int | None, int | None, int, int
]


def schedule_fields(state: CardState) -> ScheduleFields:
    """A card's schedule as stored: state, due, stability, difficulty, step,
    last review, reps, lapses (moments in milliseconds)."""
    return (
        int(state.state),
        to_ms(state.due) if state.due else None,
        state.stability,
        state.difficulty,
        state.step,
        to_ms(state.last_review) if state.last_review else None,
        state.reps,
        state.lapses,
    )


def write_schedules(
    db: sqlite3.Connection,
    cards: Sequence[tuple[CardState, bool | None, int | None]],
) -> None:
    """Store cards' schedules, each (state, suspended, flag): its suspension
    and flag only when given (None keeps the stored one)."""
    write_schedule_fields(
        db,
        [
            ((state.deck_id, state.card_id), schedule_fields(state), suspended, flag)
            for state, suspended, flag in cards
        ],
    )


def write_schedule_fields(
    db: sqlite3.Connection,
    cards: Sequence[tuple[tuple[str, str], tuple[Any, ...], bool | None, int | None]],
) -> None:
    """Store cards' schedules as their stored fields, each ((deck id, card
    id), schedule fields, suspended, flag): suspension and flag only when
    given (None keeps the stored one)."""
    db.executemany(
        "UPDATE card SET state = ?, due = ?, stability = ?, difficulty = ?, step = ?, "
        "last_review = ?, reps = ?, lapses = ?, suspended = coalesce(?, suspended), "
        "flag = coalesce(?, flag) WHERE deck_id = ? AND card_id = ?",
        [
            (*fields, None if suspended is None else int(suspended), flag, *key)
            for key, fields, suspended, flag in cards
        ],
    )
