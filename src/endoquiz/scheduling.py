"""Study settings, card states and study-day boundaries (`endoquiz.scheduler` applies them)."""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass, fields, replace
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from enum import IntEnum
from typing import Any

import fsrs

from endoquiz.value_checks import choice, real, shown, whole

__all__ = [
    "CardState",
    "Rating",
    "State",
    "StudySettings",
    "format_interval",
    "study_day_start",
]


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


@dataclass(frozen=True, slots=True)
class CardState:
    """The scheduling state of one card.

    Attributes:
        due: when the card is next due (aware, UTC); None for a card never
            studied. A review `n` days on is due at the answer's time of day,
            `n` study days later; a learning step past the rollover, at the
            start of its study day (`endoquiz.scheduler`).
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


# A card forgotten this many times is a leech, as in Anki.
LEECH_LAPSES = 8
MIN_RETENTION = 0.70
MAX_RETENTION = 0.97
QUIZ_SCHEDULES = ("wrong-resets", "always", "never")
# Bounds of the other settings: a hundred years, as Anki's maximum interval;
# limits no one studies past; steps of up to a year.
MAX_INTERVAL_DAYS = 36500
MAX_PER_DAY = 100_000
MAX_STEPS = 20
MAX_STEP_MINUTES = 525_600


@dataclass(frozen=True, slots=True)
class StudySettings:
    """What a learner can tune; defaults are those Anki learners expect.

    Attributes:
        desired_retention: probability of recall the scheduler aims for.
        learning_steps / relearning_steps: minutes between the first answers
            of a new card, and after a lapse.
        maximum_interval: longest interval in days.
        day_starts_at: hour (local time) at which a study day rolls over.
        new_per_day / reviews_per_day: limits per studied deck tree.
        quiz_schedule: what quiz answers do to the schedule: "wrong-resets"
            (a wrong answer makes the card due again, a right one changes
            nothing), "always" (right counts as Good, wrong as Again) or
            "never" (quiz answers are only logged).
        suspend_leeches: suspend a card when it becomes a leech (forgotten
            LEECH_LAPSES times), so it stops taking study time until fixed.
        fuzz: spread review intervals a little, as Anki does, so that cards
            learned together do not stay due together.
        parameters: personal FSRS-6 parameters fitted to the learner's history
            (`Library.optimize`), or None for FSRS's defaults.
    """

    desired_retention: float = 0.9
    learning_steps: tuple[float, ...] = (1.0, 10.0)
    relearning_steps: tuple[float, ...] = (10.0,)
    maximum_interval: int = 36500
    day_starts_at: int = 4
    new_per_day: int = 20
    reviews_per_day: int = 200
    quiz_schedule: str = "wrong-resets"
    suspend_leeches: bool = False
    parameters: tuple[float, ...] | None = None
    fuzz: bool = True

    def __post_init__(self) -> None:
        # Every field is checked for its type as well as its range: settings
        # are read back from the database and from progress files, where a
        # string or a huge number must be refused, not crash a later step.
        real("desired_retention", self.desired_retention, MIN_RETENTION, MAX_RETENTION)
        for name in ("learning_steps", "relearning_steps"):
            steps = getattr(self, name)
            if not isinstance(steps, tuple) or len(steps) > MAX_STEPS:
                raise TypeError(f"{name} must be a list of at most {MAX_STEPS} numbers of minutes")
            for step in steps:
                if real(name, step, 0, MAX_STEP_MINUTES) <= 0:
                    raise ValueError("learning steps must be positive numbers of minutes")
        whole("maximum_interval", self.maximum_interval, 1, MAX_INTERVAL_DAYS)
        whole("day_starts_at", self.day_starts_at, 0, 23)
        whole("new_per_day", self.new_per_day, 0, MAX_PER_DAY)
        whole("reviews_per_day", self.reviews_per_day, 0, MAX_PER_DAY)
        choice("quiz_schedule", self.quiz_schedule, QUIZ_SCHEDULES)
        choice("suspend_leeches", self.suspend_leeches, (False, True))
        choice("fuzz", self.fuzz, (False, True))
        if self.parameters is not None:
            if not isinstance(self.parameters, tuple):
                raise TypeError("parameters must be a list of numbers")
            for parameter in self.parameters:
                real("parameters", parameter, -math.inf, math.inf)
            # py-fsrs checks the count and the bounds of every parameter.
            fsrs.Scheduler(parameters=self.parameters)

    def to_json_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_json_dict(cls, data: Any) -> StudySettings:
        """Settings from stored JSON; unknown keys (from a newer version) are ignored.

        Raises:
            TypeError, ValueError: for a value of the wrong type or out of range.
        """
        if not isinstance(data, dict):
            raise TypeError(f"study settings must be an object, not {shown(data)}")
        known = {f.name for f in fields(cls)}
        values = {key: value for key, value in data.items() if key in known}
        for key in ("learning_steps", "relearning_steps", "parameters"):
            if isinstance(values.get(key), list):
                values[key] = tuple(values[key])
        return replace(cls(), **values)


def forgetting_curve(settings: StudySettings) -> tuple[float, float]:
    """(factor, decay) of the forgetting curve R(t) = (1 + factor * t / S) ** decay
    of the parameters in use, for SQL that computes retrievability."""
    decay = -(settings.parameters or fsrs.scheduler.DEFAULT_PARAMETERS)[20]
    return 0.9 ** (1 / decay) - 1, decay


def answer_time(state: CardState, now: datetime) -> datetime:
    """When an answer given at `now` counts as given, in UTC: `now`, or the
    card's last review when `now` is earlier (the clock was moved back), so
    a card's answers, and the intervals measured from them, never go back
    in time."""
    now = as_utc(now)
    if state.last_review is not None and now < state.last_review:
        return state.last_review
    return now


def as_utc(moment: datetime) -> datetime:
    """`moment` in UTC; naive datetimes are refused because their zone is unknown."""
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError(f"datetime must be timezone-aware, got naive {moment!r}")
    return moment.astimezone(UTC)


def study_day_start(now: datetime, day_starts_at: int, zone: tzinfo | None = None) -> datetime:
    """Start (in UTC) of the study day containing `now`.

    A study day runs from `day_starts_at` o'clock local time to the same hour
    the next day, so a session past midnight still counts as the evening's.
    `zone` None means the system's local time zone.
    """
    return study_day_start_after(now, 0, day_starts_at, zone)


def study_date(now: datetime, day_starts_at: int, zone: tzinfo | None = None) -> date:
    """The local date on which the study day containing `now` begins."""
    return (as_utc(now).astimezone(zone) - timedelta(hours=day_starts_at)).date()


def study_day_start_after(
    now: datetime, days: int, day_starts_at: int, zone: tzinfo | None = None
) -> datetime:
    """Start (in UTC) of the study day `days` after the one containing `now`
    (by the calendar, so a daylight-saving change moves nothing)."""
    day = study_date(now, day_starts_at, zone) + timedelta(days=days)
    start = datetime.combine(day, time(day_starts_at))
    start = start.replace(tzinfo=zone) if zone is not None else start.astimezone()
    return start.astimezone(UTC)


def next_study_day_start(now: datetime, day_starts_at: int, zone: tzinfo | None = None) -> datetime:
    """Start (in UTC) of the study day after the one containing `now`."""
    start = study_day_start(now, day_starts_at, zone)
    # Ask again a little more than a day later, so a DST change (a 23- or
    # 25-hour day) still lands in the next study day.
    return study_day_start(start + timedelta(hours=26), day_starts_at, zone)


def interval_ratio(retention: float, reference: float = 0.9) -> float:
    """How much longer intervals are at a desired retention than at `reference`.

    With FSRS's forgetting curve R(t) = (1 + F t / S) ** D, the interval that
    keeps recall at r is proportional to r ** (1 / D) - 1.
    """
    decay = -fsrs.scheduler.DEFAULT_PARAMETERS[20]

    def interval_factor(r: float) -> float:
        return float(r ** (1 / decay) - 1)

    return interval_factor(retention) / interval_factor(reference)


def workload_note(retention: float) -> str:
    """One line on what a desired retention means for a learner's workload.

    It states only what the model says: how intervals change, and the share of
    cards forgotten by the time they come due (each of which costs relearning).
    """
    ratio = interval_ratio(retention)
    forgotten = f"about {1 - retention:.0%} of cards forgotten by the time they are due"
    if abs(ratio - 1) < 0.05:
        return f"The default: {forgotten}."
    if ratio > 1:
        return f"Fewer reviews (intervals about {ratio:.1f}× as long as at 90%), but {forgotten}."
    return f"More reviews (intervals about {ratio:.2f}× as long as at 90%), with {forgotten}."


def format_interval(interval: timedelta) -> str:
    """An interval as Anki shows it on its buttons: 45s, 10m, 3h, 4d, 3mo, 1.5y."""
    seconds = max(0.0, interval.total_seconds())
    if seconds < 60:
        return f"{round(seconds)}s"
    if seconds < 3600:
        return f"{round(seconds / 60)}m"
    if seconds < 86400:
        return f"{round(seconds / 3600)}h"
    days = seconds / 86400
    if days < 30:
        return f"{round(days)}d"
    if days < 365:
        months = days / 30
        return f"{months:.1f}".rstrip("0").rstrip(".") + "mo"
    years = days / 365
    return f"{years:.1f}".rstrip("0").rstrip(".") + "y"
