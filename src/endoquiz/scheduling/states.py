"""A card's scheduling state and the answers that move it: Rating, State, CardState."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import IntEnum, StrEnum

from endoquiz.common.clock import as_utc

# A card forgotten this many times is a leech, as in Anki.
LEECH_LAPSES = 8


class AnswerMode(StrEnum):
    """Why an answer was given: in study (spaced repetition), or in a quiz;
    the value is what the review log stores."""

    REVIEW = "review"
    QUIZ = "quiz"


class Rating(IntEnum):
    """How well a card was recalled, as on Anki's four buttons."""

    AGAIN = 1
    HARD = 2
    GOOD = 3
    EASY = 4


class State(IntEnum):
    """Where a card is in its life; the values of py-fsrs's State, plus NEW."""

    NEW = 0
    LEARNING = 1
    REVIEW = 2
    RELEARNING = 3

    @property
    def label(self) -> str:
        """The state as a learner reads it: "new", "learning", "review", "relearning"."""
        return self.name.lower()


@dataclass(frozen=True, slots=True)
class CardState:
    """The scheduling state of one card.

    Attributes:
        due: when the card is next due (aware, UTC); None for a card never
            studied. A review `n` days on is due at the answer's time of day,
            `n` study days later; a learning step past the rollover, at the
            start of its study day (`endoquiz.scheduling.scheduler`).
        stability, difficulty: FSRS memory state, kept to 4 and 3 decimals
            as Anki keeps it; None for a new card.
        step: index of the current (re)learning step, None otherwise.
        last_review: time of the last answer, None for a new card.
        reps, lapses: answers given, and times a review card was forgotten.
        active: False when the card was removed from its deck file (its
            history is kept, but it is no longer scheduled).
    """

    deck_id: str
    card_id: str
    state: State
    due: datetime | None
    stability: float | None
    difficulty: float | None
    step: int | None
    last_review: datetime | None
    reps: int
    lapses: int
    suspended: bool
    active: bool

    @property
    def is_leech(self) -> bool:
        """Forgotten LEECH_LAPSES times or more: worth rewording or splitting."""
        return self.lapses >= LEECH_LAPSES


def answer_time(state: CardState, now: datetime) -> datetime:
    """When an answer given at `now` counts as given, in UTC: `now`, or the
    card's last review when `now` is earlier (the clock was moved back), so
    a card's answers, and the intervals measured from them, never go back
    in time."""
    now = as_utc(now)
    if state.last_review is not None and now < state.last_review:
        return state.last_review
    return now
