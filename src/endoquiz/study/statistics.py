"""A learner's progress in numbers, for the statistics page and `endoquiz stats`.

Everything is computed from the review log and the card states the review
core writes, in a few grouped SQL queries, so the page opens quickly on a
large collection. Answers given in quizzes are not study: only mode "review"
counts here.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, astuple, dataclass
from datetime import date, datetime, timedelta, tzinfo
from typing import Any

from endoquiz.common.clock import DAY_MS, as_utc, to_ms
from endoquiz.scheduling import StudySettings, forgetting_curve, study_day_start
from endoquiz.store.progress_store import ProgressStore
from endoquiz.study.review_session import SessionCounts

__all__ = [
    "FORECAST_DAYS",
    "HEATMAP_DAYS",
    "MATURE_DAYS",
    "OVERVIEW_RETENTION_DAYS",
    "DeckOverview",
    "RetentionStats",
    "StateCounts",
    "Statistics",
    "TodayStats",
    "compute_deck_overview",
    "compute_statistics",
]

HEATMAP_DAYS = 365
FORECAST_DAYS = 30
RETENTION_PERIODS = (7, 30, 365)
# The period of a deck's true retention in its overview, before studying.
OVERVIEW_RETENTION_DAYS = 30
# As in Anki: a review card with an interval of three weeks or more is mature.
MATURE_DAYS = 21


@dataclass(frozen=True, slots=True)
class TodayStats:
    """This study day: answers, different cards, time, share of Again, and the
    streak of consecutive study days up to today (or yesterday, when today
    has no answers yet)."""

    answers: int
    cards: int
    time: timedelta
    again_rate: float | None
    streak_days: int


@dataclass(frozen=True, slots=True)
class RetentionStats:
    """True retention over the last `days`: the share of answers to
    review-state cards that were recalled (not Again)."""

    days: int
    reviews: int
    recalled: int

    @property
    def retention(self) -> float | None:
        return self.recalled / self.reviews if self.reviews else None


@dataclass(frozen=True, slots=True)
class StateCounts:
    """Active cards by state; young and mature are review cards below and from
    an interval of three weeks; suspended cards count only as suspended."""

    new: int = 0
    learning: int = 0
    young: int = 0
    mature: int = 0
    suspended: int = 0

    def __add__(self, other: StateCounts) -> StateCounts:
        return StateCounts(*(a + b for a, b in zip(astuple(self), astuple(other), strict=True)))


@dataclass(frozen=True, slots=True)
class Statistics:
    """Every figure of the statistics page.

    Attributes:
        deck_id: the deck (with its children) the figures cover; None for all.
        day: the study day the figures are for (the date its rollover hour
            starts, in the learner's zone): the heatmap's last day and the
            forecast's day 0.
        heatmap: answers per study day over the last year, days without
            answers left out.
        forecast: studied cards due on each of the next 30 study days; day 0
            (today) includes every overdue card.
        retention: true retention for the last 7, 30 and 365 days.
        counts: cards by state per deck; `total` sums them.
        retrievability: studied cards in ten buckets of current recall
            probability, 0-10 % up to 90-100 %.
    """

    deck_id: str | None
    day: date
    today: TodayStats
    heatmap: dict[date, int]
    forecast: tuple[int, ...]
    retention: tuple[RetentionStats, ...]
    desired_retention: float
    counts: dict[str, StateCounts]
    retrievability: tuple[int, ...]

    @property
    def total(self) -> StateCounts:
        result = StateCounts()
        for counts in self.counts.values():
            result = result + counts
        return result

    def to_json_dict(self) -> dict[str, Any]:
        """The figures as plain JSON values, for `endoquiz stats --json`."""
        return {
            "deck": self.deck_id,
            "day": self.day.isoformat(),
            "today": {
                "answers": self.today.answers,
                "cards": self.today.cards,
                "seconds": round(self.today.time.total_seconds()),
                "again_rate": self.today.again_rate,
                "streak_days": self.today.streak_days,
            },
            "heatmap": {day.isoformat(): count for day, count in sorted(self.heatmap.items())},
            "forecast": list(self.forecast),
            "retention": [
                {
                    "days": r.days,
                    "reviews": r.reviews,
                    "recalled": r.recalled,
                    "retention": r.retention,
                }
                for r in self.retention
            ],
            "desired_retention": self.desired_retention,
            "counts": {deck: asdict(c) for deck, c in sorted(self.counts.items())},
            "total": asdict(self.total),
            "retrievability": list(self.retrievability),
        }


@dataclass(frozen=True, slots=True)
class DeckOverview:
    """What a learner wants to know of a deck (and its children) before
    studying it: the deck list shows it beside the tree.

    Attributes:
        deck_id: the deck; its children are counted with it.
        counts: today's new, learning and review cards within the daily
            limits, as the deck list's columns count them.
        last_studied: when a card of it was last answered in study (not in
            a quiz), or None if never.
        retention: true retention over the last 30 study days.
    """

    deck_id: str
    counts: SessionCounts
    last_studied: datetime | None
    retention: RetentionStats


def day_shift_ms(now: datetime, settings: StudySettings, zone: tzinfo | None) -> int:
    """Milliseconds to add to a UTC time before cutting whole days, so that
    days start at the rollover hour of local time. The zone's offset now is
    used for every day: a day on the other side of a daylight-saving change
    is off by an hour at most, which a heatmap can live with."""
    local = as_utc(now).astimezone(zone) if zone is not None else as_utc(now).astimezone()
    offset = local.utcoffset() or timedelta(0)
    return int((offset - timedelta(hours=settings.day_starts_at)).total_seconds() * 1000)


_EPOCH = date(1970, 1, 1)


def compute_statistics(
    store: ProgressStore,
    settings: StudySettings,
    zone: tzinfo | None,
    deck_ids: Sequence[str] | None,
    now: datetime,
    *,
    deck_id: str | None = None,
) -> Statistics:
    """The statistics of some decks (None: all) at `now`."""
    now = as_utc(now)
    shift, today_number, today_start = _study_day(now, settings, zone)
    today = _EPOCH + timedelta(days=today_number)

    queries = store.statistics
    by_day = queries.answers_by_day(deck_ids, today_start - timedelta(days=HEATMAP_DAYS), shift)
    heatmap = {_EPOCH + timedelta(days=day): values[0] for day, values in by_day.items()}
    answers, again, millis, _, _ = by_day.get(today_number, (0, 0, 0, 0, 0))
    streak, day = 0, today if today in heatmap else today - timedelta(days=1)
    while day in heatmap:
        streak += 1
        day -= timedelta(days=1)
    today_stats = TodayStats(
        answers=answers,
        cards=queries.cards_answered(deck_ids, today_start) if answers else 0,
        time=timedelta(milliseconds=millis),
        again_rate=again / answers if answers else None,
        streak_days=streak,
    )

    due = queries.due_by_day(deck_ids, today_start + timedelta(days=FORECAST_DAYS + 1), shift)
    forecast = [0] * FORECAST_DAYS
    for day_number, count in due.items():
        offset = day_number - today_number
        if offset < FORECAST_DAYS:
            forecast[max(0, offset)] += count

    # True retention from the same pass.
    retention = tuple(_retention(by_day, today_number, days) for days in RETENTION_PERIODS)
    counts = {
        deck: StateCounts(*values)
        for deck, values in queries.state_counts(deck_ids, MATURE_DAYS).items()
    }
    factor, decay = forgetting_curve(settings)
    histogram = queries.retrievability_histogram(deck_ids, now, factor, decay)
    return Statistics(
        deck_id=deck_id,
        day=today,
        today=today_stats,
        heatmap=heatmap,
        forecast=tuple(forecast),
        retention=retention,
        desired_retention=settings.desired_retention,
        counts=counts,
        retrievability=tuple(histogram),
    )


def compute_deck_overview(
    store: ProgressStore,
    settings: StudySettings,
    zone: tzinfo | None,
    deck_id: str,
    deck_ids: Sequence[str],
    counts: SessionCounts,
    now: datetime,
) -> DeckOverview:
    """The overview of a deck tree (`deck_ids`: the deck and its children) at
    `now`, with its `counts` for today."""
    shift, today_number, today_start = _study_day(as_utc(now), settings, zone)
    since = today_start - timedelta(days=OVERVIEW_RETENTION_DAYS)
    by_day = store.statistics.answers_by_day(deck_ids, since, shift)
    return DeckOverview(
        deck_id=deck_id,
        counts=counts,
        last_studied=store.statistics.last_study_answer(deck_ids, recent=since),
        retention=_retention(by_day, today_number, OVERVIEW_RETENTION_DAYS),
    )


def _study_day(
    now: datetime, settings: StudySettings, zone: tzinfo | None
) -> tuple[int, int, datetime]:
    """The study day `now` (UTC) falls in: the shift that cuts days at the
    rollover (see `day_shift_ms`), the day's number, and when it started."""
    shift = day_shift_ms(now, settings, zone)
    today_number = (to_ms(now) + shift) // DAY_MS
    return shift, today_number, study_day_start(now, settings.day_starts_at, zone)


def _retention(
    by_day: dict[int, tuple[int, int, int, int, int]], today_number: int, days: int
) -> RetentionStats:
    """True retention over the last `days` study days, today included, from
    `ProgressStore.answers_by_day`'s figures."""
    recent = [values for day, values in by_day.items() if day > today_number - days]
    return RetentionStats(days, sum(v[3] for v in recent), sum(v[4] for v in recent))
