"""Hybrid logical clocks: an order of events that keeps cause before effect, whatever clocks say.

A stamp is the later of the wall clock and every stamp seen so far, a
counter for events within one millisecond, and the device that made it, so
no two devices ever make the same stamp. As text, stamps sort in their order.
"""

from __future__ import annotations

import re
from typing import NamedTuple

__all__ = ["Stamp", "next_stamp", "parse_stamp"]

_PATTERN = re.compile(r"^(\d{13})-(\d{6})-([0-9a-f]{16})$")
_MAX_COUNTER = 999_999


class Stamp(NamedTuple):
    """One event's place in the order: milliseconds, counter, device (a
    tuple: stamps compare in that order)."""

    physical: int
    counter: int
    device: str

    def __str__(self) -> str:
        return f"{self.physical:013d}-{self.counter:06d}-{self.device}"


def parse_stamp(text: str) -> Stamp:
    """The stamp written as `text`.

    Raises:
        ValueError: for text that is no stamp.
    """
    match = _PATTERN.match(text)
    if match is None:
        raise ValueError(f"not a clock stamp: {text[:60]!r}")
    return Stamp(int(match[1]), int(match[2]), match[3])


def next_stamp(last: Stamp | None, wall_ms: int, device: str) -> Stamp:
    """The stamp of a new event on `device`: later than `last` (the latest
    stamp this device has made or seen) and than the wall clock."""
    if last is None or wall_ms > last.physical:
        return Stamp(wall_ms, 0, device)
    if last.counter < _MAX_COUNTER:
        return Stamp(last.physical, last.counter + 1, device)
    return Stamp(last.physical + 1, 0, device)
