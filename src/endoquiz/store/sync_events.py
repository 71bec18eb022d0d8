"""Sync events: every change a computer makes to a learner's progress, as one line of JSON.

An answer, its undo, a card suspended, flagged or reset, a setting changed:
each has a globally unique id (an event seen twice counts once), the clock
stamp that orders it (`hlc`), and what the change was. Events read from a
sync folder come from outside: every field is checked before anything is
written (`event_from_json`).
"""

from __future__ import annotations

import json
import re
import secrets
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from endoquiz.common.clock import to_ms
from endoquiz.scheduling import AnswerMode, CardState, Rating, State
from endoquiz.store.clock_stamps import Stamp, parse_stamp

__all__ = [
    "AnswerBody",
    "EventKind",
    "SyncEvent",
    "event_from_json",
    "fingerprint",
    "new_event_id",
]

_ID = re.compile(r"^[0-9a-f]{32}$")
_MAX_KEY = 200  # deck and card ids, setting keys
_MAX_VALUE = 20_000  # a setting's JSON
_MAX_LINE = 50_000  # an event's whole line
_MAX_MS = 10**14  # moments in milliseconds: until the year 5138
_MAX_COUNT = 10**7  # reps and lapses
_MAX_STATE = int(max(State))
_MODES = frozenset(mode.value for mode in AnswerMode)


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


class _InvalidEventError(ValueError):
    pass


def event_from_json(line: str) -> SyncEvent:
    """The event a line of a journal holds, every field checked.

    Raises:
        ValueError: saying what is wrong, for anything but a valid event.
    """
    if len(line) > _MAX_LINE:
        raise _InvalidEventError(f"a line of {len(line)} characters is no event")
    try:
        record = json.loads(line)
    except (json.JSONDecodeError, RecursionError) as error:
        raise _InvalidEventError(f"not JSON: {error}") from None
    if not isinstance(record, dict):
        raise _InvalidEventError("not a JSON object")
    event_id = _text(record, "id")
    if not _ID.match(event_id):
        raise _InvalidEventError(f"bad event id {event_id[:40]!r}")
    stamp = parse_stamp(_text(record, "hlc"))
    try:
        kind = EventKind(str(record.get("kind")))
    except ValueError:
        raise _InvalidEventError(f"unknown event kind {str(record.get('kind'))[:40]!r}") from None
    deck_id = card_id = None
    if kind is not EventKind.SETTING and kind is not EventKind.UNDO:
        deck_id, card_id = _text(record, "deck"), _text(record, "card")
    body = _BODY_CHECKS[kind](record)
    return SyncEvent(event_id, stamp, kind, deck_id, card_id, body, line)


def _text(record: dict[str, Any], key: str, limit: int = _MAX_KEY) -> str:
    value = record.get(key)
    if not isinstance(value, str) or not value or len(value) > limit:
        raise _InvalidEventError(f"{key!r} must be a non-empty text of at most {limit} characters")
    return value


def _int(value: Any, key: str, low: int, high: int, *, optional: bool = False) -> Any:
    if value is None and optional:
        return None
    # type() is not isinstance(): a bool is no whole number here.
    if type(value) is not int or not low <= value <= high:
        raise _InvalidEventError(f"{key!r} must be a whole number from {low} to {high}")
    return value


def _float(value: Any, key: str) -> float | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 <= value < 1e9:
        raise _InvalidEventError(f"{key!r} must be a number")
    return float(value)


def _check_answer(record: dict[str, Any]) -> dict[str, Any]:
    before, after = record.get("before"), record.get("after")
    if not isinstance(before, list) or len(before) != 3:
        raise _InvalidEventError("'before' must be [state, reps, last review]")
    if not isinstance(after, list) or len(after) != 8:
        raise _InvalidEventError("'after' must be the eight fields of a card state")
    checked_before = [
        _int(before[0], "before.state", 0, _MAX_STATE),
        _int(before[1], "before.reps", 0, _MAX_COUNT),
        _int(before[2], "before.last_review", 0, _MAX_MS, optional=True),
    ]
    checked_after = _schedule(after)
    mode = record.get("mode")
    if mode not in _MODES:
        raise _InvalidEventError(f"unknown answer mode {str(mode)[:40]!r}")
    replaces = record.get("replaces")
    if replaces is not None and (not isinstance(replaces, str) or not _ID.match(replaces)):
        raise _InvalidEventError("'replaces' must be an event id")
    suspends = record.get("suspends")
    if not isinstance(suspends, bool):
        raise _InvalidEventError("'suspends' must be true or false")
    history = record.get("history", False)
    if not isinstance(history, bool):
        raise _InvalidEventError("'history' must be true or false")
    return {
        **({"history": True} if history else {}),
        "rating": _int(record.get("rating"), "rating", 1, 4),
        "answered": _int(record.get("answered"), "answered", 0, _MAX_MS),
        "duration": _int(record.get("duration"), "duration", 0, _MAX_MS, optional=True),
        "mode": mode,
        "tz": _int(record.get("tz"), "tz", -24 * 60, 24 * 60),
        "before": checked_before,
        "after": checked_after,
        "suspends": suspends,
        "replaces": replaces,
    }


def _check_state(record: dict[str, Any]) -> dict[str, Any]:
    after = record.get("after")
    if not isinstance(after, list) or len(after) != 8:
        raise _InvalidEventError("'after' must be the eight fields of a card state")
    return {"after": _schedule(after)}


def _schedule(after: list[Any]) -> list[Any]:
    """The eight fields of a card's schedule, each checked."""
    return [
        _int(after[0], "after.state", 0, _MAX_STATE),
        _int(after[1], "after.due", 0, _MAX_MS, optional=True),
        _float(after[2], "after.stability"),
        _float(after[3], "after.difficulty"),
        _int(after[4], "after.step", 0, 1000, optional=True),
        _int(after[5], "after.last_review", 0, _MAX_MS, optional=True),
        _int(after[6], "after.reps", 0, _MAX_COUNT),
        _int(after[7], "after.lapses", 0, _MAX_COUNT),
    ]


def _check_undo(record: dict[str, Any]) -> dict[str, Any]:
    target = _text(record, "target")
    if not _ID.match(target):
        raise _InvalidEventError("'target' must be an event id")
    return {"target": target}


def _check_flag_like(high: int, key: str) -> Any:
    def check(record: dict[str, Any]) -> dict[str, Any]:
        return {"value": _int(record.get("value"), key, 0, high)}

    return check


def _check_reset(record: dict[str, Any]) -> dict[str, Any]:
    return {}


def _check_setting(record: dict[str, Any]) -> dict[str, Any]:
    key = _text(record, "key")
    if "value" not in record:
        raise _InvalidEventError("a setting event needs a 'value'")
    if len(json.dumps(record["value"])) > _MAX_VALUE:
        raise _InvalidEventError(f"setting {key!r}: value too long")
    return {"key": key, "value": record["value"]}


_BODY_CHECKS = {
    EventKind.ANSWER: _check_answer,
    EventKind.UNDO: _check_undo,
    EventKind.SUSPEND: _check_flag_like(1, "value"),
    EventKind.FLAG: _check_flag_like(4, "value"),
    EventKind.RESET: _check_reset,
    EventKind.STATE: _check_state,
    EventKind.SETTING: _check_setting,
}
