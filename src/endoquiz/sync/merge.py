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
from dataclasses import dataclass, field, replace
from typing import Any

from endoquiz.common.clock import from_ms
from endoquiz.scheduling import CardState, State, answer_time
from endoquiz.scheduling.scheduler import Scheduler
from endoquiz.store.clock_stamps import Stamp
from endoquiz.store.rows import schedule_fields
from endoquiz.store.sync_events import AnswerBody, EventKind, SyncEvent

__all__ = ["MergedCard", "merge_card"]


@dataclass(frozen=True, slots=True)
class MergedCard:
    """What a card's events come to: its schedule as its eight stored
    fields (a merge of 100,000 answers writes them as they are, with no
    state object in between), its suspension and its flag."""

    schedule: tuple[Any, ...]
    suspended: bool
    flag: int | None  # None: no flag event
    # The answers replayed here, each with the state it was given to and the
    # schedule it left (its log row must say the same: the database check
    # derives a card's schedule from its latest answer's row), and the
    # answers taken as recorded (a row replayed in an earlier merge goes back).
    replayed: dict[str, tuple[int, tuple[Any, ...]]] = field(default_factory=dict)
    recorded: list[SyncEvent] = field(default_factory=list)


def merge_card(
    base: CardState,
    events: Sequence[SyncEvent],
    taken_back: set[str],
    scheduler_for: Callable[[int], Scheduler],
) -> MergedCard:
    """The card's state after its events, from `base` (the card as
    installed: its ids and whether it is active). `taken_back` holds the
    answers an undo or a replacing answer removed; `scheduler_for(tz_minutes)`
    is the learner's scheduler in a zone."""
    # The schedule as its eight stored fields while answers follow one
    # another (the usual case, and a merge of 100,000 answers must be
    # quick); a CardState only where one has to be replayed.
    schedule: tuple[Any, ...] = _NEW
    suspended: tuple[object, bool] | None = None
    flag: tuple[object, int] | None = None
    replayed: dict[str, tuple[int, tuple[Any, ...]]] = {}
    recorded: list[SyncEvent] = []
    for event in sorted(events, key=_when):
        kind, body = event.kind, event.body
        if kind is EventKind.RESET:
            schedule = _NEW
        elif kind is EventKind.STATE:
            schedule = tuple(body["after"])
        elif kind is EventKind.ANSWER and event.id not in taken_back:
            if body.get("history"):
                continue
            if (schedule[0], schedule[6], schedule[5]) == tuple(body["before"]):
                schedule = tuple(body["after"])
                recorded.append(event)
            elif body["after"][6] != body["before"][1]:  # it moved the schedule
                given_to = schedule[0]
                schedule = _replayed(base, schedule, event.answer, scheduler_for)
                replayed[event.id] = (given_to, schedule)
            if body["suspends"]:
                suspended = (event.stamp, True)
        elif kind is EventKind.SUSPEND:
            suspended = (event.stamp, bool(body["value"]))
        elif kind is EventKind.FLAG:
            flag = (event.stamp, int(body["value"]))
    return MergedCard(
        schedule,
        suspended[1] if suspended is not None else base.suspended,
        flag[1] if flag is not None else None,
        replayed,
        recorded,
    )


# A new card's eight schedule fields.
_NEW: tuple[Any, ...] = (int(State.NEW), None, None, None, None, None, 0, 0)


def _replayed(
    base: CardState,
    schedule: tuple[Any, ...],
    answer: AnswerBody,
    scheduler_for: Callable[[int], Scheduler],
) -> tuple[Any, ...]:
    """An answer given to another state of the card than the events before
    it leave (the card answered on two computers while both were offline):
    the scheduler answers it again, from that state, at its own time and
    in its computer's zone."""
    state = _placed(base, schedule)
    at = answer_time(state, from_ms(answer.answered_ms))
    return schedule_fields(scheduler_for(answer.tz_minutes).answer(state, answer.rating, at))


def _when(event: SyncEvent) -> tuple[int, Stamp, str]:
    """Where an event stands in a card's history: an answer at the time it
    was given (the log is replayed in answer-time order), a reset at the
    time it was made (by its computer's clock, as answers are), a state at
    the time of the card's last answer it includes, any other event at its
    stamp's time; the stamp breaks ties, then the event's id: two
    copies of one data folder stamp with one device id and can make equal
    stamps, and every computer must still put their events in one order."""
    if event.kind is EventKind.ANSWER:
        return (int(event.body["answered"]), event.stamp, event.id)
    if event.kind is EventKind.RESET and event.body.get("at") is not None:
        return (int(event.body["at"]), event.stamp, event.id)  # when it was made
    if event.kind is EventKind.STATE and event.body["after"][5] is not None:
        # The card as it stood at its last answer then: an answer given
        # later elsewhere (to the state a progress file carried there, say)
        # follows it, where at the stamp's time (the first sync, maybe
        # months on) it would be undone by it.
        return (int(event.body["after"][5]), event.stamp, event.id)
    return (event.stamp.physical, event.stamp, event.id)


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
