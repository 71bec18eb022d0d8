"""Study days: a day runs from the learner's rollover hour to the same hour the next day."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta, tzinfo

from endoquiz.common.clock import as_utc


def study_day_start(now: datetime, day_starts_at: int, zone: tzinfo | None = None) -> datetime:
    """Start (in UTC) of the study day containing `now`.

    A study day runs from `day_starts_at` o'clock local time to the same hour
    the next day, so a session past midnight still counts as the evening's.
    `zone` None means the system's local time zone.
    """
    return study_day_start_after(now, 0, day_starts_at, zone)


def study_date(now: datetime, day_starts_at: int, zone: tzinfo | None = None) -> date:
    """The local date on which the study day containing `now` begins."""
    return (as_utc(now).astimezone(zone) - timedelta(hours=day_starts_at)).date()


def study_day_start_after(
    now: datetime, days: int, day_starts_at: int, zone: tzinfo | None = None
) -> datetime:
    """Start (in UTC) of the study day `days` after the one containing `now`
    (by the calendar, so a daylight-saving change moves nothing)."""
    day = study_date(now, day_starts_at, zone) + timedelta(days=days)
    start = datetime.combine(day, time(day_starts_at))
    start = start.replace(tzinfo=zone) if zone is not None else start.astimezone()
    return start.astimezone(UTC)


def next_study_day_start(now: datetime, day_starts_at: int, zone: tzinfo | None = None) -> datetime:
    """Start (in UTC) of the study day after the one containing `now`."""
    start = study_day_start(now, day_starts_at, zone)
    # Ask again a little more than a day later, so a DST change (a 23- or
    # 25-hour day) still lands in the next study day.
    return study_day_start(start + timedelta(hours=26), day_starts_at, zone)
