"""The statistics page's queries: answers per study day, the forecast, cards by state, recall."""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from endoquiz.common.clock import DAY_MS, from_ms, to_ms
from endoquiz.store.expressions import STUDIED, in_clause, retrievability_sql


class StatisticsQueries:
    """Read-only counts over the review log and the cards, for `study.statistics`."""

    def __init__(self, db: sqlite3.Connection) -> None:
        self._db = db

    # Study days are whole days counted from the epoch after shifting UTC by
    # `shift_ms` (the learner's UTC offset less the rollover hour): integer
    # arithmetic that scans half a million answers quickly.

    def _deck_filter(self, column: str, deck_ids: Sequence[str] | None) -> tuple[str, list[Any]]:
        if deck_ids is None:
            return "1", []
        return f"{column} IN {in_clause(deck_ids)}", list(deck_ids)

    def answers_by_day(
        self, deck_ids: Sequence[str] | None, since: datetime, shift_ms: int
    ) -> dict[int, tuple[int, int, int, int, int]]:
        """Per study day number since a moment, review mode: (answers, Again
        answers, milliseconds spent, answers to review-state cards, of which
        recalled). Read from the time index alone, which holds every column
        counted here (a narrower pass than the log's rows)."""
        where, params = self._deck_filter("deck_id", deck_ids)
        rows = self._db.execute(
            f"SELECT (reviewed_at + ?) / {DAY_MS} AS day, count(*), sum(rating = 1), "
            "coalesce(sum(duration_ms), 0), sum(state_before = 2), "
            "sum(state_before = 2 AND rating > 1) FROM review_log INDEXED BY review_log_by_time "
            f"WHERE mode = '{STUDIED}' AND reviewed_at >= ? AND {where} GROUP BY day",
            (shift_ms, to_ms(since), *params),
        )
        return {row[0]: (row[1], row[2], row[3], row[4], row[5]) for row in rows}

    def last_study_answer(self, deck_ids: Sequence[str], recent: datetime) -> datetime | None:
        """When one of these decks' cards was last answered in study (review
        mode), or None. Looked for among the answers since `recent` first,
        newest first by the time index, then among the decks' own answers by
        the card index: neither reads the whole log (each alone would, for
        a deck never studied or one studied long ago)."""
        where, params = self._deck_filter("deck_id", deck_ids)
        for query, args in (
            (
                "SELECT reviewed_at FROM review_log INDEXED BY review_log_by_time "
                f"WHERE reviewed_at >= ? AND mode = '{STUDIED}' AND {where} "
                "ORDER BY reviewed_at DESC LIMIT 1",
                [to_ms(recent), *params],
            ),
            (
                "SELECT max(reviewed_at) FROM review_log INDEXED BY review_log_by_card "
                f"WHERE mode = '{STUDIED}' AND {where}",
                params,
            ),
        ):
            row = self._db.execute(query, args).fetchone()
            if row is not None and row[0] is not None:
                return from_ms(row[0])
        return None

    def cards_answered(self, deck_ids: Sequence[str] | None, since: datetime) -> int:
        """Different cards answered (review mode) since a recent moment."""
        where, params = self._deck_filter("deck_id", deck_ids)
        row = self._db.execute(
            "SELECT count(*) FROM (SELECT DISTINCT deck_id, card_id FROM review_log "
            "INDEXED BY review_log_by_time "
            f"WHERE mode = '{STUDIED}' AND reviewed_at >= ? AND {where})",
            (to_ms(since), *params),
        ).fetchone()
        return int(row[0])

    def due_by_day(
        self, deck_ids: Sequence[str] | None, until: datetime, shift_ms: int
    ) -> dict[int, int]:
        """Studied cards due per study day number (overdue ones on their due
        day) up to a moment."""
        where, params = self._deck_filter("deck_id", deck_ids)
        rows = self._db.execute(
            f"SELECT (due + ?) / {DAY_MS} AS day, count(*) FROM card "
            f"WHERE active = 1 AND suspended = 0 AND state != 0 AND due < ? AND {where} "
            "GROUP BY day",
            (shift_ms, to_ms(until), *params),
        )
        return {row[0]: row[1] for row in rows}

    def state_counts(
        self, deck_ids: Sequence[str] | None, mature_days: int
    ) -> dict[str, tuple[int, int, int, int, int]]:
        """Per deck, its active cards: (new, learning, young, mature,
        suspended); a review card is mature from an interval of `mature_days`."""
        where, params = self._deck_filter("deck_id", deck_ids)
        rows = self._db.execute(
            "SELECT deck_id, "
            "sum(suspended = 0 AND state = 0), "
            "sum(suspended = 0 AND state IN (1, 3)), "
            "sum(suspended = 0 AND state = 2 AND due - last_review < ?), "
            "sum(suspended = 0 AND state = 2 AND due - last_review >= ?), "
            "sum(suspended = 1) "
            f"FROM card WHERE active = 1 AND {where} GROUP BY deck_id",
            (mature_days * DAY_MS, mature_days * DAY_MS, *params),
        )
        return {row[0]: (row[1], row[2], row[3], row[4], row[5]) for row in rows}

    def retrievability_histogram(
        self, deck_ids: Sequence[str] | None, now: datetime, factor: float, decay: float
    ) -> list[int]:
        """Studied, unsuspended cards in ten buckets of current retrievability
        (0-10 %, ..., 90-100 %), from FSRS's forgetting curve
        R = (1 + factor * elapsed_days / stability) ** decay."""
        where, params = self._deck_filter("deck_id", deck_ids)
        rows = self._db.execute(
            f"SELECT min(9, CAST(10 * {retrievability_sql('last_review', 'stability')} "
            "AS INTEGER)) AS bucket, count(*) FROM card "
            "WHERE active = 1 AND suspended = 0 AND state != 0 AND stability > 0 "
            f"AND last_review IS NOT NULL AND {where} GROUP BY bucket",
            (factor, to_ms(now), decay, *params),
        )
        buckets = [0] * 10
        for bucket, count in rows:
            buckets[int(bucket)] += count
        return buckets
