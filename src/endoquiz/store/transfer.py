"""Progress that moves with a learner to another machine: read out whole, merged in."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from endoquiz.store.connection import StoreConnection
from endoquiz.store.rows import PROGRESS_CARD_COLUMNS, PROGRESS_LOG_COLUMNS


class ProgressTransfer:
    """The rows a progress file carries, and their merge into this database."""

    def __init__(self, connection: StoreConnection) -> None:
        self._connection = connection

    def rows(self) -> tuple[list[tuple[Any, ...]], list[tuple[Any, ...]], dict[str, Any]]:
        """What moves with a learner: cards with progress (`PROGRESS_CARD_COLUMNS`),
        the review log in order (`PROGRESS_LOG_COLUMNS`), and the settings."""
        cards = self._connection.db.execute(
            f"SELECT {', '.join(PROGRESS_CARD_COLUMNS)} FROM card "
            "WHERE reps > 0 OR suspended != 0 OR flag != 0 ORDER BY deck_id, card_id"
        ).fetchall()
        log = self._connection.db.execute(
            f"SELECT {', '.join(PROGRESS_LOG_COLUMNS)} FROM review_log ORDER BY id"
        ).fetchall()
        stored = self._connection.db.execute("SELECT key, value FROM setting")
        settings = {key: json.loads(value) for key, value in stored}
        return cards, log, settings

    def merge(
        self,
        cards: Sequence[Sequence[Any]],
        log: Sequence[Sequence[Any]],
        settings: dict[str, Any],
    ) -> tuple[int, int]:
        """Merge progress from another machine, in one transaction: a card
        takes the imported state when that was answered later than its own
        (a card not installed here waits, inactive, for its deck); answers
        not in the log yet are added; the settings are taken. Returns (cards
        updated, answers added)."""
        columns = ", ".join(PROGRESS_CARD_COLUMNS)
        updates = ", ".join(f"{c} = excluded.{c}" for c in PROGRESS_CARD_COLUMNS[2:])
        with self._connection.transaction() as db:
            before = db.total_changes
            db.executemany(
                f"INSERT INTO card (note_id, position, active, {columns}) "
                f"VALUES ('', 0, 0, {', '.join('?' * len(PROGRESS_CARD_COLUMNS))}) "
                f"ON CONFLICT (deck_id, card_id) DO UPDATE SET {updates} "
                "WHERE coalesce(excluded.last_review, -1) > coalesce(card.last_review, -1)",
                cards,
            )
            updated = db.total_changes - before
            before = db.total_changes
            log_columns = ", ".join(PROGRESS_LOG_COLUMNS)
            # card_ref: the card's integer id (its row is written above if
            # it was not there), which `rated:` searches by.
            db.executemany(
                f"INSERT INTO review_log ({log_columns}, card_ref) "
                f"SELECT {', '.join('?' * len(PROGRESS_LOG_COLUMNS))}, "
                "(SELECT id FROM card WHERE deck_id = ? AND card_id = ?) WHERE NOT EXISTS ("
                "SELECT 1 FROM review_log WHERE deck_id = ? AND card_id = ? "
                "AND reviewed_at = ? AND mode = ?)",
                [
                    (*entry, entry[0], entry[1], entry[0], entry[1], entry[3], entry[5])
                    for entry in log
                ],
            )
            added = db.total_changes - before
            db.executemany(
                "INSERT INTO setting (key, value) VALUES (?, ?) "
                "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                [(key, json.dumps(value, sort_keys=True)) for key, value in settings.items()],
            )
        return updated, added
