"""What the deck list counts: cards each deck's session would queue today, and answers given."""

from __future__ import annotations

import sqlite3
from datetime import datetime

from endoquiz.common.clock import to_ms
from endoquiz.store.expressions import STUDIED


class DeckCountQueries:
    """Read-only counts per deck for today's deck list (`library.deck_counts`)."""

    def __init__(self, db: sqlite3.Connection) -> None:
        self._db = db

    def waiting(
        self,
        day_start: datetime,
        day_end: datetime,
        learn_cutoff: datetime,
        *,
        new_limit: int | None = None,
    ) -> dict[str, tuple[int, int, int]]:
        """Per installed deck: (new, learning, review) cards a study session of
        today would queue, before the daily limits (`review_session` gives the
        rules). Among active, unsuspended cards: learning ones due by
        `learn_cutoff`, and one new or review card per deck entry, none for
        an entry answered in review mode since `day_start` or with a card in
        learning due before `day_end`; reviews due before `day_end` come
        before new cards. New entries are counted up to `new_limit` per deck
        (no daily limit can show more, and counting stops there instead of
        reading every new card of a big deck)."""
        rows = self._db.execute(
            # Every count goes through the deck's index range: the few cards
            # in learning or due once (deck_id IN decks lets the index be
            # used), then each deck's new cards until the limit is reached.
            f"""
            WITH open_card AS MATERIALIZED (
                SELECT deck_id, note_id, state, due FROM card INDEXED BY card_by_deck_state
                WHERE deck_id IN (SELECT id FROM deck) AND active = 1 AND suspended = 0
                AND state IN (1, 2, 3) AND due < :end
            ),
            taken(deck_id, note_id) AS MATERIALIZED (
                SELECT c.deck_id, c.note_id FROM review_log r
                JOIN card c ON c.deck_id = r.deck_id AND c.card_id = r.card_id
                WHERE r.reviewed_at >= :start AND r.mode = '{STUDIED}' AND c.active = 1
                UNION SELECT deck_id, note_id FROM open_card WHERE state IN (1, 3)
            ),
            taken_or_due(deck_id, note_id) AS MATERIALIZED (
                SELECT deck_id, note_id FROM taken
                UNION SELECT deck_id, note_id FROM open_card WHERE state = 2
            )
            SELECT d.id,
                (SELECT count(*) FROM (
                    SELECT DISTINCT c.note_id FROM card c INDEXED BY card_by_deck_state
                    WHERE c.deck_id = d.id AND c.active = 1 AND c.suspended = 0
                    AND c.state = 0 AND NOT EXISTS (
                        SELECT 1 FROM taken_or_due t
                        WHERE t.deck_id = c.deck_id AND t.note_id = c.note_id
                    ) LIMIT :new_limit
                )),
                (SELECT count(*) FROM open_card o
                    WHERE o.deck_id = d.id AND o.state IN (1, 3) AND o.due <= :cutoff),
                (SELECT count(DISTINCT o.note_id) FROM open_card o
                    WHERE o.deck_id = d.id AND o.state = 2 AND NOT EXISTS (
                        SELECT 1 FROM taken t
                        WHERE t.deck_id = o.deck_id AND t.note_id = o.note_id
                    ))
            FROM deck d
            """,
            {
                "start": to_ms(day_start),
                "end": to_ms(day_end),
                "cutoff": to_ms(learn_cutoff),
                # SQLite reads a negative limit as none.
                "new_limit": -1 if new_limit is None else max(0, new_limit),
            },
        )
        return {row[0]: (row[1], row[2], row[3]) for row in rows}

    def answered(self, since: datetime) -> dict[str, tuple[int, int]]:
        """Per deck: (new cards answered, review cards answered) since a moment,
        in review mode."""
        rows = self._db.execute(
            "SELECT deck_id, sum(state_before = 0), sum(state_before = 2) FROM review_log "
            f"WHERE reviewed_at >= ? AND mode = '{STUDIED}' GROUP BY deck_id",
            (to_ms(since),),
        )
        return {row[0]: (row[1], row[2]) for row in rows}
