"""A card's state from its merged events: the scheduler's replay, in answer-time order.

Every computer computes the same state from the same events. An answer
that follows the state the events before it leave (the usual case: one
computer, or computers that synced between answers) is taken as its
computer recorded it; one that does not (the same card answered on two
computers while both were offline) is replayed by the scheduler from the
state before it, at its own answer time and in its own computer's zone.
A reset makes the card new again; suspension and flags go to the latest
event by clock stamp.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from typing import Any

from endoquiz.common.clock import from_ms
from endoquiz.scheduling import CardState, State, answer_time
from endoquiz.scheduling.scheduler import Scheduler
from endoquiz.store.clock_stamps import Stamp
from endoquiz.store.sync_events import AnswerBody, EventKind, SyncEvent, fingerprint

__all__ = ["MergedCard", "merge_card"]


@dataclass(frozen=True, slots=True)
class MergedCard:
    """What a card's events come to."""

    state: CardState
    flag: int | None  # None: no flag event


def merge_card(
    base: CardState,
    events: Sequence[SyncEvent],
    taken_back: set[str],
    scheduler_for: Callable[[int], Scheduler],
) -> MergedCard:
    """The card's state after its events (in clock order), from `base` (the
    card as installed: new, with its ids and whether it is active).
    `taken_back` holds the answers an undo or a replacing answer removed;
    `scheduler_for(tz_minutes)` is the learner's scheduler in a zone."""
    state = _new(base)
    suspended: tuple[object, bool] | None = None
    flag: tuple[object, int] | None = None
    for event in sorted(events, key=_when):
        if event.kind is EventKind.RESET:
            state = replace(_new(base), suspended=state.suspended)
        elif event.kind is EventKind.STATE:
            state = _placed(state, tuple(event.body["after"]))
        elif event.kind is EventKind.ANSWER and event.id not in taken_back:
            answer = event.answer
            if answer.history:
                continue
            state = _answered(state, answer, scheduler_for)
            if answer.suspends:
                suspended = (event.stamp, True)
        elif event.kind is EventKind.SUSPEND:
            suspended = (event.stamp, bool(event.body["value"]))
        elif event.kind is EventKind.FLAG:
            flag = (event.stamp, int(event.body["value"]))
    if suspended is not None:
        state = replace(state, suspended=suspended[1])
    else:
        state = replace(state, suspended=base.suspended)
    return MergedCard(state, flag[1] if flag is not None else None)


def _when(event: SyncEvent) -> tuple[int, Stamp]:
    """Where an event stands in a card's history: an answer at the time it
    was given (the log is replayed in answer-time order), any other event
    at its stamp's time; the stamp breaks ties, the same on every computer."""
    if event.kind is EventKind.ANSWER:
        return (int(event.body["answered"]), event.stamp)
    return (event.stamp.physical, event.stamp)


def _new(base: CardState) -> CardState:
    return replace(
        base,
        state=State.NEW,
        due=None,
        stability=None,
        difficulty=None,
        step=None,
        last_review=None,
        reps=0,
        lapses=0,
    )


def _answered(
    state: CardState, answer: AnswerBody, scheduler_for: Callable[[int], Scheduler]
) -> CardState:
    if fingerprint(state) == tuple(answer.before):
        return _recorded(state, answer)
    if not answer.moves:
        return state
    # Given to another state of the card than the events before it leave:
    # the scheduler answers it again, from that state.
    at = answer_time(state, from_ms(answer.answered_ms))
    replayed = scheduler_for(answer.tz_minutes).answer(state, answer.rating, at)
    return replace(replayed, suspended=state.suspended)


def _recorded(state: CardState, answer: AnswerBody) -> CardState:
    return _placed(state, answer.after)


def _placed(state: CardState, fields: tuple[Any, ...]) -> CardState:
    """The card with the eight recorded fields of a state."""
    kind, due, stability, difficulty, step, last, reps, lapses = fields
    return replace(
        state,
        state=State(kind),
        due=from_ms(due) if due is not None else None,
        stability=stability,
        difficulty=difficulty,
        step=step,
        last_review=from_ms(last) if last is not None else None,
        reps=reps,
        lapses=lapses,
    )
