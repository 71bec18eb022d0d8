"""Reading sync events from outside: each line checked against the event format, in one pass.

A journal segment's events come from another computer, through a folder
anyone could write to: every field is checked before anything is kept.
msgspec decodes and checks the whole segment against typed structures in C
(a merge of 100,000 answers reads them in a fraction of a second, where
Python's `json` and a check of each field took seconds), and what a schema
cannot say (ids of hex digits, clock stamps) is checked over all the lines
at once. Fields a newer endoquiz adds are ignored; an unknown kind of event
is an error.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from typing import Annotated, Any, Literal

import msgspec
from msgspec import Meta, Struct

from endoquiz.scheduling import State
from endoquiz.store.clock_stamps import Stamp
from endoquiz.store.sync_events import EventKind, SyncEvent

__all__ = ["InvalidEventError", "event_from_json", "events_from_lines"]

_MAX_LINE = 50_000  # an event's whole line
_MAX_VALUE = 20_000  # a setting's JSON

# What the schema checks in C: lengths and ranges. The ids' and stamps'
# digits are checked over all the lines at once (`_check_texts`): msgspec
# checks a pattern by calling back into Python for each string.
_Id = Annotated[str, Meta(min_length=32, max_length=32)]
_Hlc = Annotated[str, Meta(min_length=37, max_length=37)]
_Key = Annotated[str, Meta(min_length=1, max_length=200)]
_Ms = Annotated[int, Meta(ge=0, le=10**14)]  # moments in milliseconds: until the year 5138
_Count = Annotated[int, Meta(ge=0, le=10**7)]  # reps and lapses
_StateNumber = Annotated[int, Meta(ge=0, le=int(max(State)))]
_Number = Annotated[float, Meta(ge=0, lt=1e9)]  # stability, difficulty
_Step = Annotated[int, Meta(ge=0, le=1000)]
# state, due, stability, difficulty, step, last review, reps, lapses
_Schedule = tuple[
    _StateNumber,
    _Ms | None,
    _Number | None,
    _Number | None,
    _Step | None,
    _Ms | None,
    _Count,
    _Count,
]

# An answer's mode as text (`AnswerMode`'s values, tests/sync check they agree).
_Mode = Literal["review", "quiz"]

_ID_DIGITS = re.compile(r"(?:[0-9a-f]{32}\n)*")
_STAMPS = re.compile(r"(?:\d{13}-\d{6}-[0-9a-f]{16}\n)*")


class _Envelope(Struct, tag_field="kind"):
    """What every event has: its id and clock stamp (its kind is the tag)."""

    id: _Id
    hlc: _Hlc


class _CardEvent(_Envelope):
    """An event about one card."""

    deck: _Key
    card: _Key


class _Answer(_CardEvent, tag="answer"):
    rating: Annotated[int, Meta(ge=1, le=4)]
    answered: _Ms
    duration: _Ms | None
    mode: _Mode
    tz: Annotated[int, Meta(ge=-24 * 60, le=24 * 60)]
    before: tuple[_StateNumber, _Count, _Ms | None]
    after: _Schedule
    suspends: bool
    replaces: _Id | None
    history: bool = False


class _Undo(_Envelope, tag="undo"):
    target: _Id


class _Suspend(_CardEvent, tag="suspend"):
    value: Annotated[int, Meta(ge=0, le=1)]


class _Flag(_CardEvent, tag="flag"):
    value: Annotated[int, Meta(ge=0, le=4)]


class _Reset(_CardEvent, tag="reset"):
    # When it was made, by its computer's clock, as an answer's `answered`
    # (absent from a reset of an endoquiz before it: its stamp's time then).
    at: _Ms | None = None


class _State(_CardEvent, tag="state"):
    after: _Schedule


class _Setting(_Envelope, tag="setting"):
    key: _Key
    value: Any


_Event = _Answer | _Undo | _Suspend | _Flag | _Reset | _State | _Setting
_ONE = msgspec.json.Decoder(_Event)


class InvalidEventError(ValueError):
    """A line that is no valid event; `number` counts from the first line given."""

    def __init__(self, number: int, reason: str) -> None:
        super().__init__(reason)
        self.number = number


def event_from_json(line: str) -> SyncEvent:
    """The event a line holds, every field checked.

    Raises:
        InvalidEventError: saying what is wrong, for anything but a valid event.
    """
    return events_from_lines([line])[0]


def events_from_lines(lines: Sequence[str]) -> list[SyncEvent]:
    """The events the lines hold (one JSON object each), every field checked.

    Raises:
        InvalidEventError: for the first line that is no valid event, with
            its number (1 for the first line given) and what is wrong.
    """
    for number, line in enumerate(lines, start=1):
        if len(line) > _MAX_LINE:
            raise InvalidEventError(number, f"a line of {len(line)} characters is no event")
        if not (line.startswith("{") and line.endswith("}")):
            raise InvalidEventError(number, "not a JSON object")
    # All lines in one call. msgspec reads them as a stream of JSON values,
    # which may span lines; here none can: a line ends with "}" outside a
    # string (a string cannot hold a raw line break), so the next line's
    # "{" would follow a finished value, which JSON allows only at the top
    # level. A line holding two values shows in the count.
    try:
        decoded = _ONE.decode_lines("\n".join(lines))
    except (msgspec.DecodeError, RecursionError):  # the latter: arrays in arrays…
        decoded = []
    if len(decoded) != len(lines):
        _raise_for_bad_line(lines)
    _check_texts(decoded)
    return [_event(item, line) for item, line in zip(decoded, lines, strict=True)]


def _raise_for_bad_line(lines: Sequence[str]) -> None:
    """Say which line is no event, once the lines together failed."""
    for number, line in enumerate(lines, start=1):
        try:
            _ONE.decode(line)
        except msgspec.DecodeError as error:
            # msgspec says "Expected `int` >= 1, got `0` - at `$.rating`".
            reason = str(error).replace("`$.", "`").replace(" - at ", " at ")
            raise InvalidEventError(number, reason) from None
        except RecursionError:
            raise InvalidEventError(number, "values nested too deeply") from None
    raise InvalidEventError(1, "the lines are no events")  # a line holding two


def _check_texts(decoded: Sequence[_Event]) -> None:
    """Ids are 32 hex digits and stamps clock stamps (checked over all the
    events at once: the usual case costs one match each); a setting's value
    is not too long."""
    ids = [item.id for item in decoded]
    ids += [item.target for item in decoded if type(item) is _Undo]
    ids += [item.replaces for item in decoded if type(item) is _Answer and item.replaces]
    if not (
        _ID_DIGITS.fullmatch("".join(f"{i}\n" for i in ids))
        and _STAMPS.fullmatch("".join(f"{item.hlc}\n" for item in decoded))
    ):
        for number, item in enumerate(decoded, start=1):
            if not _STAMPS.fullmatch(f"{item.hlc}\n"):
                raise InvalidEventError(number, f"not a clock stamp: {item.hlc!r}")
            named = (item.id, getattr(item, "target", None), getattr(item, "replaces", None))
            for event_id in named:
                if event_id is not None and not _ID_DIGITS.fullmatch(f"{event_id}\n"):
                    raise InvalidEventError(number, f"bad event id {event_id!r}")
    for number, item in enumerate(decoded, start=1):
        if type(item) is _Setting:
            if _nested_deeper_than(item.value, _MAX_DEPTH):
                raise InvalidEventError(number, f"setting {item.key!r}: value nested too deeply")
            if len(json.dumps(item.value)) > _MAX_VALUE:
                raise InvalidEventError(number, f"setting {item.key!r}: value too long")


# A setting's value is a few levels deep at most (study settings: an object
# of lists); deeper is no setting, and would strain every reader after.
_MAX_DEPTH = 16


def _nested_deeper_than(value: Any, limit: int) -> bool:
    """Whether lists and objects in `value` nest more than `limit` deep
    (walked without recursion: the value comes from outside)."""
    level: list[Any] = [value]
    for _ in range(limit):
        containers = [v for v in level if isinstance(v, (list, dict))]
        if not containers:
            return False
        level = [
            inner
            for outer in containers
            for inner in (outer.values() if isinstance(outer, dict) else outer)
        ]
    return any(isinstance(v, (list, dict)) for v in level)


def _event(item: _Event, line: str) -> SyncEvent:
    """The event as merged: its stamp, its kind, its body's fields (the
    schedules as tuples). Built with as few steps as can be: a merge builds
    100,000 of them."""
    text = item.hlc
    stamp = _new_stamp(Stamp, (int(text[:13]), int(text[14:20]), text[21:]))
    if isinstance(item, _Answer):
        body: dict[str, Any] = {
            "rating": item.rating,
            "answered": item.answered,
            "duration": item.duration,
            "mode": item.mode,
            "tz": item.tz,
            "before": item.before,
            "after": item.after,
            "suspends": item.suspends,
            "replaces": item.replaces,
        }
        if item.history:
            body["history"] = True
        return SyncEvent(item.id, stamp, _ANSWER, item.deck, item.card, body, line)
    if isinstance(item, _Undo):
        return SyncEvent(item.id, stamp, EventKind.UNDO, None, None, {"target": item.target}, line)
    if isinstance(item, _Setting):
        body = {"key": item.key, "value": item.value}
        return SyncEvent(item.id, stamp, EventKind.SETTING, None, None, body, line)
    if isinstance(item, _Suspend):
        kind, body = EventKind.SUSPEND, {"value": item.value}
    elif isinstance(item, _Flag):
        kind, body = EventKind.FLAG, {"value": item.value}
    elif isinstance(item, _State):
        kind, body = EventKind.STATE, {"after": item.after}
    else:
        assert isinstance(item, _Reset)
        kind, body = EventKind.RESET, ({} if item.at is None else {"at": item.at})
    return SyncEvent(item.id, stamp, kind, item.deck, item.card, body, line)


_ANSWER = EventKind.ANSWER
# A stamp from its three checked parts, without NamedTuple's keyword handling.
_new_stamp = tuple.__new__
