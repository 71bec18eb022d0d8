"""Moments in time: aware UTC datetimes, and the milliseconds the database stores."""

from __future__ import annotations

from datetime import UTC, datetime

# Milliseconds in a day, for SQL that counts days between stored moments.
DAY_MS = 86_400_000


def as_utc(moment: datetime) -> datetime:
    """`moment` in UTC; naive datetimes are refused because their zone is unknown."""
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError(f"datetime must be timezone-aware, got naive {moment!r}")
    return moment.astimezone(UTC)


def to_ms(moment: datetime) -> int:
    """Milliseconds since the epoch, as the database stores moments."""
    return round(moment.timestamp() * 1000)


def from_ms(ms: int) -> datetime:
    """The moment (aware, UTC) `ms` milliseconds after the epoch."""
    return datetime.fromtimestamp(ms / 1000, UTC)


def moment_or_now(now: datetime | None) -> datetime:
    """`now` in UTC, or the current moment when None: every operation that
    takes an optional `now` (tests and scripts pass one) reads it this way."""
    return as_utc(now) if now is not None else datetime.now(UTC)
