"""Sync events: every change a computer makes to a learner's progress, as one line of JSON.

An answer, its undo, a card suspended, flagged or reset, a setting changed:
each has a globally unique id (an event seen twice counts once), the clock
stamp that orders it (`hlc`), and what the change was. Events read from a
sync folder come from outside: every field is checked before anything is
written (`event_schema`).
"""

from __future__ import annotations

import json
import secrets
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from endoquiz.common.clock import to_ms
from endoquiz.scheduling import AnswerMode, CardState, Rating
from endoquiz.store.clock_stamps import Stamp

__all__ = [
    "AnswerBody",
    "EventKind",
    "SyncEvent",
    "fingerprint",
    "new_event_id",
]


class EventKind(StrEnum):
    """What an event changes."""

    ANSWER = "answer"
    UNDO = "undo"  # of an answer, by id
    SUSPEND = "suspend"
    FLAG = "flag"
    RESET = "reset"  # the card is new again; its answers stay in the log
    STATE = "state"  # the card's state as it stood when this computer began to sync
    SETTING = "setting"


def fingerprint(state: CardState) -> tuple[int, int, int | None]:
    """What tells one state of a card from the next: state, reps, last
    answer (ms). An answer records its card's, to tell whether it follows
    the answers merged before it."""
    last = to_ms(state.last_review) if state.last_review else None
    return (int(state.state), state.reps, last)


def new_event_id() -> str:
    """A fresh, globally unique event id."""
    return secrets.token_hex(16)  # 128 random bits, as a UUID4 has (122)


@dataclass(frozen=True, slots=True)
class AnswerBody:
    """What an answer event records: enough to log it, to check that it
    follows the answers merged before it (`before`), and to replay it.

    Attributes:
        before: (state, reps, last review in ms) of the card it was given to.
        after: (state, due, stability, difficulty, step, last review, reps,
            lapses) it left the card in; equal to the state before when the
            answer did not move the schedule (a quiz answer, by setting).
        tz_minutes: the answering computer's offset from UTC, in minutes:
            study days roll over in its zone, on every computer that replays it.
    """

    rating: Rating
    answered_ms: int
    duration_ms: int | None
    mode: AnswerMode
    tz_minutes: int
    before: tuple[int, int, int | None]
    after: tuple[int, int | None, float | None, float | None, int | None, int | None, int, int]
    suspends: bool
    replaces: str | None
    # Given before this computer began to sync: logged everywhere, but the
    # card's state is the STATE event that came with it, not its replay.
    history: bool = False

    @property
    def moves(self) -> bool:
        """Whether the answer moved the card's schedule."""
        return self.after[6] != self.before[1]


@dataclass(frozen=True, slots=True)
class SyncEvent:
    """One change, as merged: `body` is the kind's own fields, checked."""

    id: str
    stamp: Stamp
    kind: EventKind
    deck_id: str | None
    card_id: str | None
    body: dict[str, Any]
    # The line it was read from, kept as the journal wrote it.
    line: str | None = field(default=None, compare=False, repr=False)

    def to_json(self) -> str:
        """The event as one line of JSON (keys sorted: the same event is
        always the same text); the line it was read from, when it was read."""
        if self.line is not None:
            return self.line
        record: dict[str, Any] = {"id": self.id, "hlc": str(self.stamp), "kind": self.kind.value}
        if self.deck_id is not None:
            record["deck"] = self.deck_id
            record["card"] = self.card_id
        record.update(self.body)
        return json.dumps(record, sort_keys=True, ensure_ascii=False, separators=(",", ":"))

    @property
    def answer(self) -> AnswerBody:
        """An answer event's fields.

        Raises:
            ValueError: for an event of another kind.
        """
        if self.kind is not EventKind.ANSWER:
            raise ValueError(f"a {self.kind} event has no answer")
        b = self.body
        return AnswerBody(
            Rating(b["rating"]),
            b["answered"],
            b["duration"],
            AnswerMode(b["mode"]),
            b["tz"],
            tuple(b["before"]),
            tuple(b["after"]),
            b["suspends"],
            b["replaces"],
            b.get("history", False),
        )


def answer_body(body: AnswerBody) -> dict[str, Any]:
    """The JSON fields of an answer."""
    return {
        "rating": int(body.rating),
        "answered": body.answered_ms,
        "duration": body.duration_ms,
        "mode": body.mode.value,
        "tz": body.tz_minutes,
        "before": list(body.before),
        "after": list(body.after),
        "suspends": body.suspends,
        "replaces": body.replaces,
        **({"history": True} if body.history else {}),
    }
