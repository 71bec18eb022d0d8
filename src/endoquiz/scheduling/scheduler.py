"""The scheduler: what each answer does to a card, as Anki 26.9 does it with FSRS.

Anki's rules (rslib/src/scheduler/states/), rule for rule: learning and
relearning steps, a step that passes the study day's rollover becoming a day,
graduation, Hard < Good < Easy and Good never below the last interval in
review, Easy at least a day above Good in (re)learning, the maximum interval,
and fuzz (`endoquiz.scheduling.fuzz`). FSRS's memory states and the intervals it
proposes come from fsrs-rs, the engine Anki uses, computed in single
precision as there; days between answers are study days (rollovers crossed),
counted as Anki counts them; a memory state is kept to 4 decimals
(stability) and 3 (difficulty), as Anki stores it.

The conformance kit (tests/conformance/) replays answer sequences run
through Anki's own scheduler and checks every interval and state.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from datetime import datetime, timedelta, tzinfo
from typing import TYPE_CHECKING

import fsrs_rs_python as fsrs_rs

from endoquiz.scheduling import (
    CardState,
    Rating,
    State,
    StudySettings,
    answer_time,
    next_study_day_start,
    study_date,
    study_day_start,
    study_day_start_after,
)
from endoquiz.scheduling.fuzz import (
    card_seed,
    fuzz_factor,
    learning_fuzz,
    minimum_review_fuzz_interval,
    with_review_fuzz,
)
from endoquiz.scheduling.single_precision import f32, f32_round, round_places

if TYPE_CHECKING:
    from collections.abc import Sequence

__all__ = ["Outcome", "Scheduler", "make_scheduler"]

DAY_SECONDS = 86_400
# A proposed interval under half a day keeps a card in (re)learning when it
# has no steps (FSRS's short-term scheduling).
_SHORT_TERM_DAYS = 0.5
# Decimals Anki keeps of a memory state (rslib/src/storage/card/data.rs).
_STABILITY_PLACES = 4
_DIFFICULTY_PLACES = 3
# FSRS-6 parameters 17 and 18 model same-day reviews; with either at zero
# (or an older parameter set) Anki never schedules a card within the day.
_SHORT_TERM_PARAMETERS = (17, 18)


@dataclass(frozen=True, slots=True)
class Outcome:
    """A card's state after an answer, and the interval as Anki shows it on
    the answer's button: whole days when the card is next due on a later study
    day, else the seconds of a learning step (before fuzz)."""

    state: CardState
    interval: timedelta


@dataclass(frozen=True, slots=True)
class _Next:
    """Anki's next state, before it is placed in time: a (re)learning step in
    seconds, or a number of days."""

    state: State
    step: int | None
    memory: fsrs_rs.MemoryState
    seconds: int | None = None
    days: int | None = None
    lapse: bool = False  # Again on a review card: one more lapse


class _Steps:
    """Learning or relearning steps, addressed as Anki does
    (rslib/src/scheduler/states/steps.rs), by the index of the current step
    (Anki keeps the steps remaining, which is the same)."""

    def __init__(self, minutes: Sequence[float]) -> None:
        # Minutes to whole seconds as Anki: (v * 60.0) as u32, in f32.
        self.seconds = [math.floor(f32(f32(m) * 60.0)) for m in minutes]

    def __bool__(self) -> bool:
        return bool(self.seconds)

    def index(self, step: int | None) -> int:
        return min(max(step or 0, 0), max(len(self.seconds) - 1, 0))

    def at(self, index: int) -> int | None:
        return self.seconds[index] if 0 <= index < len(self.seconds) else None

    def hard(self, step: int | None) -> int | None:
        """Hard repeats the current step; on the first, it is halfway to the
        second (or half again the first, at most a day more)."""
        index = self.index(step)
        current = self.at(index)
        if current is None:
            return None
        if index > 0:
            return current
        following = self.at(1)
        if following is not None:
            return _days_if_over_a_day((current + following) // 2)
        return _days_if_over_a_day(min(current * 3 // 2, current + DAY_SECONDS))


def _days_if_over_a_day(seconds: int) -> int:
    """A step over a day, rounded to whole days: the same result early or
    late in the day."""
    if seconds > DAY_SECONDS:
        return f32_round(f32(f32(seconds) / DAY_SECONDS)) * DAY_SECONDS
    return seconds


class Scheduler:
    """Schedules answers with a learner's settings.

    Args:
        fuzz: spread review intervals (and learning steps) as Anki does.
        zone: the zone in which study days roll over (None: the system's).
    """

    def __init__(self, settings: StudySettings, *, fuzz: bool, zone: tzinfo | None) -> None:
        self.settings = settings
        self.fuzz = fuzz
        self.zone = zone
        parameters = settings.parameters or tuple(fsrs_rs.DEFAULT_PARAMETERS)
        self._fsrs = fsrs_rs.FSRS(list(parameters))
        self._short_term = len(parameters) >= 19 and all(
            parameters[i] > 0 for i in _SHORT_TERM_PARAMETERS
        )
        self._learning = _Steps(settings.learning_steps)
        self._relearning = _Steps(settings.relearning_steps)
        self._maximum = max(settings.maximum_interval, 1)

    def answer(self, card: CardState, rating: Rating, now: datetime) -> CardState:
        """The card's state after answering it with `rating` at `now` (an
        answer before the card's last one counts as given at the last one)."""
        return self.outcomes(card, now, fuzzed=True)[rating].state

    def outcomes(
        self, card: CardState, now: datetime, *, fuzzed: bool = False
    ) -> dict[Rating, Outcome]:
        """What each rating would do to the card at `now`; `fuzzed` places
        learning steps as an answer does (their fuzz is left out of a
        preview, as Anki's buttons leave it out)."""
        now = answer_time(card, now)
        next_day = next_study_day_start(now, self.settings.day_starts_at, self.zone)
        seed = card_seed(card.deck_id, card.card_id, card.reps) if self.fuzz else None
        factor = fuzz_factor(seed) if seed is not None else None
        proposals = self._fsrs.next_states(
            _memory(card), self.settings.desired_retention, _elapsed_days(card, next_day)
        )
        if card.state is State.REVIEW:
            states = self._from_review(card, proposals, factor)
        elif card.state is State.RELEARNING:
            states = self._from_steps(
                self._relearning, State.RELEARNING, card.step, proposals, factor
            )
        else:
            step = 0 if card.state is State.NEW else card.step
            states = self._from_steps(self._learning, State.LEARNING, step, proposals, factor)
        return {
            rating: self._placed(card, state, now, next_day, seed if fuzzed else None)
            for rating, state in states.items()
        }

    # -- Anki's states -------------------------------------------------------

    def _from_steps(
        self,
        steps: _Steps,
        state: State,
        step: int | None,
        proposals: fsrs_rs.NextStates,
        factor: float | None,
    ) -> dict[Rating, _Next]:
        """A card on its learning steps (a new card is at the first) or its
        relearning steps: Anki's states/learning.rs and relearning.rs, which
        differ only in the steps they take."""
        index = steps.index(step)
        first, hard, following = steps.at(0), steps.hard(step), steps.at(index + 1)

        def stay(at: int | None, seconds: int | None, proposal: fsrs_rs.ItemState) -> _Next:
            """On step `at` for `seconds`; with no such step, past the steps."""
            if seconds is not None:
                return _Next(state, at, proposal.memory, seconds=seconds)
            return self._leave_steps(proposal, state, not steps, factor)

        return {
            Rating.AGAIN: stay(0, first, proposals.again),
            Rating.HARD: stay(step, hard, proposals.hard),
            Rating.GOOD: stay(index + 1, following, proposals.good),
            Rating.EASY: self._easy_from_steps(proposals, factor),
        }

    def _leave_steps(
        self, proposal: fsrs_rs.ItemState, state: State, no_steps: bool, factor: float | None
    ) -> _Next:
        """Past the last step: into review with FSRS's interval, or, with no
        steps at all and an interval under half a day, a step of that length
        (with no steps, a card is always at the first, 0)."""
        if self._short_term and no_steps and proposal.interval < _SHORT_TERM_DAYS:
            seconds = math.floor(f32(proposal.interval * DAY_SECONDS))
            return _Next(state, 0, proposal.memory, seconds=seconds)
        days = with_review_fuzz(factor, _whole_days(proposal.interval), 1, self._maximum)
        return _Next(State.REVIEW, None, proposal.memory, days=days)

    def _easy_from_steps(self, proposals: fsrs_rs.NextStates, factor: float | None) -> _Next:
        """Easy leaves the steps, at least a day after Good would."""
        good = with_review_fuzz(factor, proposals.good.interval, 1, self._maximum)
        easy = _whole_days(proposals.easy.interval)
        days = with_review_fuzz(factor, easy, good + 1, self._maximum)
        return _Next(State.REVIEW, None, proposals.easy.memory, days=days)

    def _from_review(
        self, card: CardState, proposals: fsrs_rs.NextStates, factor: float | None
    ) -> dict[Rating, _Next]:
        """A review card (states/review.rs): Again starts relearning; Hard,
        Good and Easy each at least a day longer than the one before, and not
        shorter than the last interval when FSRS proposes about as long."""
        previous = self._scheduled_days(card)
        lowest = 1
        passing: dict[Rating, _Next] = {}
        for rating, proposal in (
            (Rating.HARD, proposals.hard),
            (Rating.GOOD, proposals.good),
            (Rating.EASY, proposals.easy),
        ):
            minimum = max(
                minimum_review_fuzz_interval(proposal.interval, previous, self._maximum), lowest
            )
            minimum = min(max(minimum, 1), self._maximum)
            days = with_review_fuzz(factor, proposal.interval, minimum, self._maximum)
            passing[rating] = _Next(State.REVIEW, None, proposal.memory, days=days)
            lowest = days + 1
        return {Rating.AGAIN: self._lapse(proposals.again), **passing}

    def _lapse(self, proposal: fsrs_rs.ItemState) -> _Next:
        """Again on a review card: the relearning steps, else FSRS's interval
        (in the day when under half a day, else whole days, not fuzzed: fuzz
        comes when the card leaves relearning)."""
        first = self._relearning.at(0)
        if first is not None:
            return _Next(State.RELEARNING, 0, proposal.memory, seconds=first, lapse=True)
        if self._short_term and proposal.interval < _SHORT_TERM_DAYS:
            seconds = math.floor(f32(proposal.interval * DAY_SECONDS))
            return _Next(State.RELEARNING, 0, proposal.memory, seconds=seconds, lapse=True)
        days = _whole_days(proposal.interval)
        return _Next(State.REVIEW, None, proposal.memory, days=days, lapse=True)

    def _scheduled_days(self, card: CardState) -> int:
        """The interval a review card was given: study days from its last
        answer to its due day."""
        if card.due is None or card.last_review is None:
            return 0
        starts = self.settings.day_starts_at
        due_day = study_date(card.due, starts, self.zone)
        return max((due_day - study_date(card.last_review, starts, self.zone)).days, 0)

    # -- placing a state in time ---------------------------------------------

    def _placed(
        self,
        card: CardState,
        next_state: _Next,
        now: datetime,
        next_day: datetime,
        seed: int | None,
    ) -> Outcome:
        """The card's state with its due time. A step that passes the
        rollover is due at the start of a later study day, and counts in days
        (Anki's IntervalKind::maybe_as_days)."""
        starts = self.settings.day_starts_at
        days = next_state.days
        due: datetime
        if next_state.seconds is not None:
            until_rollover = _whole_seconds(next_day) - _whole_seconds(now)
            if next_state.seconds < until_rollover:
                interval = timedelta(seconds=next_state.seconds)
                due = now + timedelta(seconds=learning_fuzz(seed, next_state.seconds))
            else:
                days = (next_state.seconds - until_rollover) // DAY_SECONDS + 1
                interval = timedelta(days=days)
                due = study_day_start_after(now, days, starts, self.zone)
        else:
            assert days is not None
            interval = timedelta(days=days)
            # Due at the same time of day, `days` study days on (and within
            # that study day when a daylight-saving change shortened it).
            into_day = now - study_day_start(now, starts, self.zone)
            day_after = study_day_start_after(now, days + 1, starts, self.zone)
            due = min(
                study_day_start_after(now, days, starts, self.zone) + into_day,
                day_after - timedelta(milliseconds=1),
            )
        state = replace(
            card,
            state=next_state.state,
            due=due,
            stability=round_places(next_state.memory.stability, _STABILITY_PLACES),
            difficulty=round_places(next_state.memory.difficulty, _DIFFICULTY_PLACES),
            step=next_state.step if next_state.state is not State.REVIEW else None,
            last_review=now,
            reps=card.reps + 1,
            lapses=card.lapses + (1 if next_state.lapse else 0),
        )
        return Outcome(state, interval)


def _memory(card: CardState) -> fsrs_rs.MemoryState | None:
    if card.state is State.NEW or card.stability is None or card.difficulty is None:
        return None
    return fsrs_rs.MemoryState(card.stability, card.difficulty)


def _elapsed_days(card: CardState, next_day: datetime) -> int:
    """Study days since the card's last answer, as Anki counts them: whole
    days from that answer to the end of today's study day."""
    if card.last_review is None or card.state is State.NEW:
        return 0
    return max(_whole_seconds(next_day) - _whole_seconds(card.last_review), 0) // DAY_SECONDS


def _whole_seconds(moment: datetime) -> int:
    """A time in whole seconds, as Anki keeps times."""
    return math.floor(moment.timestamp())


def _whole_days(interval: float) -> int:
    """Anki's interval.round().max(1.0): days, at least one."""
    return max(f32_round(f32(interval)), 1)


def make_scheduler(settings: StudySettings, *, fuzz: bool, zone: tzinfo | None) -> Scheduler:
    """The scheduler of the learner's settings; `fuzz` is on only when the
    settings allow it too."""
    return Scheduler(settings, fuzz=fuzz and settings.fuzz, zone=zone)
