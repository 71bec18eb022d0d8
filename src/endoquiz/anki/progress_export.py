"""endoquiz's progress as Anki keeps it: a card's scheduling columns and its review log entries."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, tzinfo

from endoquiz.anki.anki_model import AnkiReview
from endoquiz.anki.collection_writing import COLLECTION_CREATED_S, ExportCard
from endoquiz.scheduling import AnswerMode, CardState, State
from endoquiz.scheduling.intervals import decay_of
from endoquiz.store.rows import ReviewEntry

__all__ = ["ScheduleContext", "exported_card"]

# Anki's card types and queues (rslib/src/card/mod.rs: CardType, CardQueue).
_NEW, _LEARN, _REVIEW, _RELEARN = 0, 1, 2, 3
_QUEUE_NEW, _QUEUE_LEARN, _QUEUE_REVIEW, _QUEUE_DAY_LEARN, _QUEUE_SUSPENDED = 0, 1, 2, 3, -1
# Anki's review log kinds (revlog.type): an answer in learning, review,
# relearning, or in a filtered deck (endoquiz's quiz answers: given outside
# the schedule, as an answer in Anki's filtered decks may be).
_LOG_LEARN, _LOG_REVIEW, _LOG_RELEARN, _LOG_FILTERED = 0, 1, 2, 3
_LOG_KIND = {
    State.NEW: _LOG_LEARN,
    State.LEARNING: _LOG_LEARN,
    State.REVIEW: _LOG_REVIEW,
    State.RELEARNING: _LOG_RELEARN,
}
# SM-2's starting ease, which Anki gives every card it schedules; with FSRS
# on it schedules from the memory state instead.
_DEFAULT_FACTOR = 2500
_DAY = timedelta(days=1)
# Review cards' due days count from the collection's creation day.
_CREATED_DAY = datetime.fromtimestamp(COLLECTION_CREATED_S, UTC).date()
_MAX_DURATION_MS = 2**31 - 1  # revlog.time is a 32-bit integer in Anki


@dataclass(frozen=True, slots=True)
class ScheduleContext:
    """What a card's schedule is read with: where study days start (the
    learner's timezone, None for the system's, and rollover hour), the
    steps, and FSRS's settings."""

    timezone: tzinfo | None
    day_starts_at: int
    learning_steps: Sequence[float]
    relearning_steps: Sequence[float]
    desired_retention: float
    parameters: Sequence[float] | None

    def day_number(self, moment: datetime) -> int:
        """The study day of `moment`, counted from the collection's creation."""
        local = moment.astimezone(self.timezone) - timedelta(hours=self.day_starts_at)
        return (local.date() - _CREATED_DAY).days


def exported_card(
    ordinal: int,
    position: int,
    state: CardState | None,
    flag: int,
    log: Sequence[ReviewEntry],
    context: ScheduleContext,
) -> ExportCard:
    """The Anki card of one endoquiz card: its state, due, FSRS memory,
    suspension and flag, and its answers (oldest first) as review log
    entries; `position` orders new cards."""
    reviews = _reviews(log)
    if state is None or state.state is State.NEW or state.due is None:
        queue = _QUEUE_SUSPENDED if state is not None and state.suspended else _QUEUE_NEW
        reps, lapses = (state.reps, state.lapses) if state is not None else (0, 0)
        return ExportCard(
            ordinal, queue=queue, due=position, reps=reps, lapses=lapses, flags=flag,
            reviews=reviews,
        )  # fmt: skip
    last = state.last_review or state.due
    if state.state is State.REVIEW:
        kind, queue, due = _REVIEW, _QUEUE_REVIEW, context.day_number(state.due)
        interval, left = max(1, round((state.due - last) / _DAY)), 0
    else:
        learning = state.state is State.LEARNING
        kind = _LEARN if learning else _RELEARN
        steps = context.learning_steps if learning else context.relearning_steps
        left = max(1, len(steps) - (state.step or 0))
        # Anki keeps a step that ends today in seconds, a longer one in days.
        if context.day_number(state.due) <= context.day_number(last):
            queue, due = _QUEUE_LEARN, int(state.due.timestamp())
        else:
            queue, due = _QUEUE_DAY_LEARN, context.day_number(state.due)
        interval = 0 if learning else 1
    return ExportCard(
        ordinal,
        type=kind,
        queue=_QUEUE_SUSPENDED if state.suspended else queue,
        due=due,
        interval=interval,
        factor=_DEFAULT_FACTOR,
        reps=state.reps,
        lapses=state.lapses,
        left=left,
        flags=flag,
        data=_memory(state, context),
        reviews=reviews,
    )


def _memory(state: CardState, context: ScheduleContext) -> str:
    """FSRS's memory state in a card's `data`, as Anki keeps it there."""
    if state.stability is None or state.difficulty is None:
        return ""
    memory = {
        "s": round(state.stability, 4),
        "d": round(state.difficulty, 3),
        "dr": context.desired_retention,
        "decay": round(-decay_of(context.parameters), 4),
    }
    if state.last_review is not None:
        memory["lrt"] = int(state.last_review.timestamp())
    return json.dumps(memory, separators=(",", ":"))


def _reviews(log: Sequence[ReviewEntry]) -> tuple[AnkiReview, ...]:
    """Each answer as a review log entry: its time (the entry's id), the
    button, the interval it gave (days, or negative seconds for a step) and
    the one before, and its kind."""
    reviews = []
    last_interval = 0
    for entry in sorted(log, key=lambda entry: entry.reviewed_at):
        seconds = (entry.due_after - entry.reviewed_at).total_seconds()
        if entry.state_after is State.REVIEW:
            interval = max(1, round(seconds / 86_400))
        else:
            interval = -max(1, round(seconds))
        kind = _LOG_FILTERED if entry.mode is AnswerMode.QUIZ else _LOG_KIND[entry.state_before]
        reviews.append(
            AnkiReview(
                id=round(entry.reviewed_at.timestamp() * 1000),
                card_id=0,  # the card's id in the package, given when written
                ease=int(entry.rating),
                interval=interval,
                last_interval=last_interval,
                # Anki's revlog factor with FSRS on: difficulty times 100.
                factor=round(entry.difficulty_after * 100) if entry.difficulty_after else 0,
                duration_ms=min(max(entry.duration_ms or 0, 0), _MAX_DURATION_MS),
                kind=kind,
            )
        )
        last_interval = interval
    return tuple(reviews)
