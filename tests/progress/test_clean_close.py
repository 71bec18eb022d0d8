"""The note of a clean close: trusted by one open, within a week, for a file unchanged."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

from endoquiz import Library
from endoquiz.store.progress_store import DB_FILENAME


def test_a_database_closed_cleanly_and_unchanged_is_not_read_whole_again(
    data_dir: Path,
) -> None:
    with Library.open(data_dir) as library:
        first_check = library.checked_at
    note = data_dir / "progress.sqlite3.clean"
    assert note.exists()
    with Library.open(data_dir) as library:
        assert library.checked_at == first_check  # trusted, not checked again
        assert not note.exists()  # the note serves one open only
    # A week after the last whole check, the next open checks again.
    stale = json.loads(note.read_text(encoding="utf-8"))
    stale["checked_at"] = (datetime.now(UTC) - timedelta(days=8)).isoformat()
    note.write_text(json.dumps(stale), encoding="utf-8")
    with Library.open(data_dir) as library:
        assert library.checked_at > first_check
        second_check = library.checked_at
    # Changed after the clean close (the same size, the same header): checked.
    with (data_dir / DB_FILENAME).open("r+b") as file:
        file.seek(-100, 2)
        tail = file.read(100)
        file.seek(-100, 2)
        file.write(bytes(byte ^ 0xFF for byte in tail))
    with Library.open(data_dir) as library:
        assert library.checked_at > second_check
