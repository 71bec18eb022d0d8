"""The note of a clean close, which lets the next open skip reading the whole
progress database, and the request for a thorough check that drops it."""

from __future__ import annotations

import contextlib
import hashlib
import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

__all__ = [
    "FULL_CHECK_EVERY",
    "check_whole_requested",
    "forget_clean_close",
    "last_check_if_closed_cleanly",
    "mark_closed_cleanly",
]

# A database closed cleanly, and unchanged since, was sound when it was last
# checked: its next open skips `quick_check` (which reads the whole file,
# 0.2 s for 100,000 cards), unless that check is a week old.
FULL_CHECK_EVERY = timedelta(days=7)
_CLEAN_SUFFIX = ".clean"
_CHECK_SUFFIX = ".check-whole"
# The parts of the file whose hash tells it was not changed in place.
_FINGERPRINT_BYTES = 64 * 1024


def _fingerprint(path: Path) -> dict[str, object]:
    stat = path.stat()
    digest = hashlib.blake2b(digest_size=16)
    with path.open("rb") as file:
        digest.update(file.read(_FINGERPRINT_BYTES))
        file.seek(max(0, stat.st_size - _FINGERPRINT_BYTES))
        digest.update(file.read(_FINGERPRINT_BYTES))
    return {
        "size": stat.st_size,
        "mtime_ns": stat.st_mtime_ns,
        "inode": stat.st_ino,
        "hash": digest.hexdigest(),
    }


def _has_journal(db_path: Path) -> bool:
    """Whether answers may wait in the WAL, outside the file fingerprinted."""
    return Path(f"{db_path}-wal").exists()


def mark_closed_cleanly(db_path: Path, checked_at: datetime) -> None:
    """Note that the database was closed cleanly (its WAL folded in), last
    checked whole at `checked_at`. Best effort: without the note, the next
    open checks the whole file."""
    if _has_journal(db_path) or not db_path.exists():
        return
    note = {**_fingerprint(db_path), "checked_at": checked_at.astimezone(UTC).isoformat()}
    with contextlib.suppress(OSError):
        Path(f"{db_path}{_CLEAN_SUFFIX}").write_text(json.dumps(note), encoding="utf-8")


def forget_clean_close(db_path: Path) -> None:
    """Drop the note of a clean close, and ask the next open to check the
    whole file thoroughly (`check_whole_requested`): a read has found damage
    that the note, or the quick check, would let through."""
    with contextlib.suppress(OSError):
        Path(f"{db_path}{_CLEAN_SUFFIX}").unlink(missing_ok=True)
    with contextlib.suppress(OSError):
        Path(f"{db_path}{_CHECK_SUFFIX}").touch()


def check_whole_requested(db_path: Path, *, done: bool = False) -> bool:
    """Whether a read asked for a thorough check at the next open; with
    `done`, the check has run (passed, or recovered the file): forget it."""
    request = Path(f"{db_path}{_CHECK_SUFFIX}")
    if done:
        with contextlib.suppress(OSError):
            request.unlink(missing_ok=True)
        return False
    return request.exists()


def last_check_if_closed_cleanly(db_path: Path, now: datetime) -> datetime | None:
    """When the database was last checked whole, if it was closed cleanly
    since, is unchanged, and that check is less than FULL_CHECK_EVERY old;
    else None (check it now). The note serves one open only."""
    note_path = Path(f"{db_path}{_CLEAN_SUFFIX}")
    try:
        note = json.loads(note_path.read_text(encoding="utf-8"))
        note_path.unlink()
        checked_at = datetime.fromisoformat(note.pop("checked_at"))
        unchanged = note == _fingerprint(db_path) and not _has_journal(db_path)
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None
    if not unchanged or not timedelta(0) <= now - checked_at < FULL_CHECK_EVERY:
        return None
    return checked_at
