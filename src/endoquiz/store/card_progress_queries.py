"""What progress a deck's entries hold, read to carry it over renamed card ids."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Collection, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from endoquiz.store.expressions import in_clause

__all__ = ["HAS_PROGRESS", "CardProgress", "CardProgressQueries", "read_only_queries"]

# A card row (named `card`) that holds something of the learner's: answers,
# a schedule, a suspension or a flag. As `transfer` counts progress, with
# the review log too (a reset card keeps its answers).
HAS_PROGRESS = (
    "(card.reps > 0 OR card.state != 0 OR card.suspended != 0 OR card.flag != 0 OR EXISTS "
    "(SELECT 1 FROM review_log r WHERE r.deck_id = card.deck_id AND r.card_id = card.card_id))"
)
# SQLite allows 32,766 parameters; one chunk of ids stays far below.
_CHUNK = 500


@dataclass(frozen=True, slots=True)
class CardProgress:
    """A stored card that holds progress: its entry and how many answers it has."""

    card_id: str
    note_id: str
    answers: int


class CardProgressQueries:
    """Read-only queries on one connection (the store's, or a read-only one
    that `endoquiz validate` opens, which must not migrate the file)."""

    def __init__(self, db: sqlite3.Connection) -> None:
        self._db = db

    def entry_ids(self, deck_id: str) -> dict[str, bool]:
        """Every entry id the deck ever had in the store, and whether its
        cards are in the file as last installed (active)."""
        rows = self._db.execute(
            "SELECT note_id, max(active) FROM card WHERE deck_id = ? GROUP BY note_id", (deck_id,)
        )
        return {note_id: bool(active) for note_id, active in rows}

    def answered_entries(self, deck_id: str) -> dict[str, bool]:
        """The entries of the deck with answers in the log, and whether their
        cards are in the file as last installed (active): read from the
        answered cards up, off the log's index, not from every card."""
        rows = self._db.execute(
            "SELECT c.note_id, max(c.active) FROM "
            "(SELECT DISTINCT card_id FROM review_log WHERE deck_id = ?) AS r "
            "JOIN card c ON c.deck_id = ? AND c.card_id = r.card_id GROUP BY c.note_id",
            (deck_id, deck_id),
        )
        return {note_id: bool(active) for note_id, active in rows}

    def progress_of(self, deck_id: str, note_ids: Collection[str]) -> dict[str, CardProgress]:
        """The cards of these entries that hold progress, by card id."""
        rows = self._rows_of(
            "SELECT card.card_id, card.note_id, (SELECT count(*) FROM review_log r "
            "WHERE r.deck_id = card.deck_id AND r.card_id = card.card_id) FROM card "
            "WHERE card.deck_id = ? AND card.note_id IN {ids} AND " + HAS_PROGRESS,
            deck_id,
            note_ids,
        )
        return {row[0]: CardProgress(row[0], row[1], row[2]) for row in rows}

    def texts(self, deck_id: str, card_ids: Collection[str]) -> dict[str, str]:
        """The front and back of these stored cards, as one text each, to
        tell which new card an old one most resembles."""
        texts: dict[str, str] = {}
        rows = self._rows_of(
            "SELECT card_id, content FROM card_content WHERE deck_id = ? AND card_id IN {ids}",
            deck_id,
            card_ids,
        )
        for card_id, content in rows:
            try:
                loaded = json.loads(content)
                texts[card_id] = f"{loaded['front']}\n{loaded['back']}"
            except (ValueError, KeyError, TypeError):
                continue  # damaged text: compared as nothing
        return texts

    def _rows_of(self, query: str, deck_id: str, ids: Collection[str]) -> list[tuple[Any, ...]]:
        """The rows of `query` (its `{ids}` an IN list) for every id, a
        chunk of ids at a time."""
        ordered = sorted(ids)
        rows: list[tuple[Any, ...]] = []
        for start in range(0, len(ordered), _CHUNK):
            chunk = ordered[start : start + _CHUNK]
            rows += self._db.execute(query.format(ids=in_clause(chunk)), (deck_id, *chunk))
        return rows


@contextmanager
def read_only_queries(db_path: Path) -> Iterator[CardProgressQueries | None]:
    """The queries over a progress database opened read-only (never
    created, migrated or written), while the block runs; None when there is
    no such file.

    Raises:
        sqlite3.Error: when it cannot be read.
    """
    if not db_path.is_file():
        yield None
        return
    db = sqlite3.connect(f"{db_path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        db.execute("PRAGMA busy_timeout = 5000")  # the app may be writing an answer
        yield CardProgressQueries(db)
    finally:
        db.close()
