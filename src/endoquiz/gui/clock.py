"""The clock the pages read the time from: the wall clock, unless a test fixes it."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

# A function rather than a moment: a page reads it at each refresh, so a
# window left open past midnight shows the new day's figures.
Clock = Callable[[], datetime]


def wall_clock() -> datetime:
    """The present moment, in UTC."""
    return datetime.now(UTC)
