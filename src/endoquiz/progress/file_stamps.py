"""The time in the names of the files written beside the progress database:
backups, and damaged files set aside."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

__all__ = ["STAMP_PATTERN", "aside_path", "file_stamp", "read_file_stamp"]

# UTC to the second: names sort as the moments they hold, in any zone.
_FORMAT = "%Y%m%d-%H%M%S"
# What `file_stamp` writes, as a regular expression.
STAMP_PATTERN = r"\d{8}-\d{6}"


def file_stamp(moment: datetime) -> str:
    """`moment` as a file's name holds it, e.g. `20260130-142501` (UTC)."""
    return moment.astimezone(UTC).strftime(_FORMAT)


def read_file_stamp(stamp: str) -> datetime:
    """The UTC moment that `file_stamp` wrote as `stamp`."""
    return datetime.strptime(stamp, _FORMAT).replace(tzinfo=UTC)


def aside_path(path: Path, label: str, moment: datetime) -> Path:
    """Where a damaged `path` (or its copy) is kept at `moment`, beside it:
    `<name>.<label>-<stamp>`."""
    return path.with_name(f"{path.name}.{label}-{file_stamp(moment)}")
