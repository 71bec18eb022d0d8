"""What a study session queues today, read in SQL in queue order and only up to its limits.

`study.review_session` gives the rules; `deck_count_queries` counts the
same cards for the deck list. Each queue is read through an index in the
order the session shows it, one card per deck entry kept as its rows are
read, and stops at its limit: opening a session costs about the same for a
deck of 1,000 cards as for one of 100,000.
"""

from __future__ import annotations

import heapq
import itertools
import json
import math
import sqlite3
from collections.abc import Iterable, Iterator, Sequence, Set
from contextlib import ExitStack, closing
from datetime import datetime
from typing import Any, NamedTuple

from endoquiz.common.clock import to_ms
from endoquiz.store.expressions import STUDIED, in_clause

# Active, unsuspended cards: the only ones a session queues or counts.
_OPEN = "{c}.active = 1 AND {c}.suspended = 0"

Key = tuple[str, str]


class QueuedCard(NamedTuple):
    """A card of a session's queues: its due time (ms), key and deck entry;
    in this order, rows of reviews sort as their queue does."""

    due: int | None
    deck_id: str
    card_id: str
    note_id: str


class AnsweredCard(NamedTuple):
    """An answer given today in study: the card, its deck entry (None for a
    card no longer in its deck file) and its state before the answer."""

    deck_id: str
    card_id: str
    note_id: str | None
    state_before: int


class SessionQueries:
    """Read-only queries a `ReviewSession` builds its queues from."""

    def __init__(self, db: sqlite3.Connection) -> None:
        self._db = db

    def answered(self, deck_ids: Sequence[str], since: datetime) -> list[AnsweredCard]:
        """Every answer given in study in these decks since `since`."""
        if not deck_ids:
            return []
        rows = self._db.execute(
            "SELECT r.deck_id, r.card_id, CASE WHEN c.active = 1 THEN c.note_id END, "
            "r.state_before FROM review_log r "
            # Today's answers off the time index, not every answer of the decks.
            "INDEXED BY review_log_by_time "
            "LEFT JOIN card c ON c.deck_id = r.deck_id AND c.card_id = r.card_id "
            f"WHERE r.reviewed_at >= ? AND r.mode = '{STUDIED}' "
            f"AND r.deck_id IN {in_clause(deck_ids)}",
            (to_ms(since), *deck_ids),
        )
        return [AnsweredCard._make(row) for row in rows]

    def learning(self, deck_ids: Sequence[str], day_end: datetime, limit: int) -> list[QueuedCard]:
        """Up to `limit` cards in learning due before `day_end`, by due time
        (then key): the first of today's learning queue."""
        # As the reviews: one cursor per deck off its index range, merged and
        # read only as far as the limit (thousands can be in learning).
        query = (
            "SELECT c.due, c.deck_id, c.card_id, c.note_id FROM card c "
            "INDEXED BY card_learning_by_due "
            f"WHERE c.deck_id = :deck AND {_OPEN.format(c='c')} AND c.state IN (1, 3) "
            "AND c.due < :end ORDER BY c.due, c.card_id"
        )
        with ExitStack() as cursors:
            per_deck = [
                self._rows(cursors, query, {"deck": deck_id, "end": to_ms(day_end)})
                for deck_id in (deck_ids if limit > 0 else ())
            ]
            rows = itertools.islice(heapq.merge(*per_deck), limit)
            return [QueuedCard._make(row) for row in rows]

    def learning_count(
        self,
        deck_ids: Sequence[str],
        day_end: datetime,
        *,
        after: datetime | None = None,
        by: datetime | None = None,
    ) -> int:
        """How many cards in learning due before `day_end` are due after
        `after` and by `by` (each bound optional): counted over the index,
        one range of it, never read."""
        if not deck_ids:
            return 0
        # Bounds in whole milliseconds, as dues are stored: a card due in
        # the millisecond of `by` is due by it, one due in that of `after`
        # not after it.
        before = to_ms(day_end) if by is None else min(_floor_ms(by) + 1, to_ms(day_end))
        row = self._db.execute(
            "SELECT count(*) FROM card c INDEXED BY card_learning_by_due "
            f"WHERE c.deck_id IN {_deck_params(deck_ids)} AND {_OPEN.format(c='c')} "
            "AND c.state IN (1, 3) AND c.due > :after AND c.due < :before",
            self._named(
                deck_ids, before=before, after=-(2**62) if after is None else _floor_ms(after)
            ),
        ).fetchone()
        return int(row[0])

    def reviews(
        self, deck_ids: Sequence[str], day_end: datetime, limit: int, taken: Set[Key]
    ) -> list[QueuedCard]:
        """Up to `limit` reviews due before `day_end`, by due time (then key):
        of each deck entry the first due, none of an entry in `taken` (deck
        id, note id: those answered today) or with a card in learning due
        before `day_end`."""
        # Each deck's reviews in due order off its index range, merged by
        # SQLite (a compound SELECT of ordered arms is merged, not sorted):
        # rows are read only as far as the queue takes them, where one query
        # over all the decks would sort every due review first.
        if limit <= 0 or not deck_ids:
            return []
        arm = (
            "SELECT * FROM (SELECT c.due, c.deck_id, c.card_id, c.note_id FROM card c "
            "INDEXED BY card_review_by_due "
            f"WHERE c.deck_id = :deck{{n}} AND {_OPEN.format(c='c')} AND c.state = 2 "
            "AND c.due < :end AND NOT EXISTS (SELECT 1 FROM card s INDEXED BY card_by_note "
            "WHERE s.deck_id = c.deck_id AND s.note_id = c.note_id "
            # +state: one seek to the entry's few cards, not one per state.
            f"AND {_OPEN.format(c='s')} AND +s.state IN (1, 3) AND s.due < :end) "
            "ORDER BY c.due, c.deck_id, c.card_id)"
        )
        query = " UNION ALL ".join(arm.format(n=n) for n in range(1, len(deck_ids) + 1))
        with ExitStack() as cursors:
            rows = self._rows(
                cursors,
                f"{query} ORDER BY 1, 2, 3",
                self._named(deck_ids, end=to_ms(day_end)),
            )
            return _first_per_entry(rows, taken, limit)

    def new_cards(
        self, deck_ids: Sequence[str], day_end: datetime, limit: int, taken: Set[Key]
    ) -> list[QueuedCard]:
        """Up to `limit` new cards, in deck order (the decks in the order
        given, then position): of each deck entry the first, none of an entry
        in `taken` (deck id, note id) or with a card in learning or a review
        due before `day_end`."""
        # The entries with a due review are not all in the review queue (it
        # stops at its limit): they are looked up for each new card read.
        query = (
            "SELECT c.due, c.deck_id, c.card_id, c.note_id FROM card c "
            "INDEXED BY card_new_by_position "
            f"WHERE c.deck_id = :deck AND {_OPEN.format(c='c')} AND c.state = 0 "
            "AND NOT EXISTS (SELECT 1 FROM card s INDEXED BY card_by_note "
            "WHERE s.deck_id = c.deck_id AND s.note_id = c.note_id "
            f"AND {_OPEN.format(c='s')} AND s.state IN (1, 2, 3) AND s.due < :end) "
            "ORDER BY c.position, c.card_id"
        )

        def in_deck_order(cursors: ExitStack) -> Iterator[tuple[Any, ...]]:
            # A deck's query runs only once the decks before it are used up.
            for deck_id in deck_ids:
                yield from self._rows(cursors, query, {"deck": deck_id, "end": to_ms(day_end)})

        with ExitStack() as cursors:
            return _first_per_entry(in_deck_order(cursors), taken, limit)

    def _rows(self, cursors: ExitStack, query: str, params: dict[str, object]) -> sqlite3.Cursor:
        """The rows of a query, stepped as they are taken; the cursor is
        closed with `cursors` (a statement left half read would hold the
        database's read snapshot open)."""
        return cursors.enter_context(closing(self._db.execute(query, params)))

    def held_back(
        self, deck_ids: Sequence[str], day_end: datetime, answered: Sequence[tuple[str, str]]
    ) -> int:
        """New cards and reviews due before `day_end`, other than `answered`,
        that share a deck entry with one of `answered` (deck id, card id)."""
        if not deck_ids or not answered:
            return 0
        row = self._db.execute(
            "WITH answered(deck_id, card_id) AS (SELECT json_extract(value, '$[0]'), "
            "json_extract(value, '$[1]') FROM json_each(:answered)), "
            "entry(deck_id, note_id) AS (SELECT DISTINCT a.deck_id, k.note_id FROM answered a "
            "JOIN card k ON k.deck_id = a.deck_id AND k.card_id = a.card_id) "
            "SELECT count(*) FROM entry e JOIN card c INDEXED BY card_by_note "
            "ON c.deck_id = e.deck_id AND c.note_id = e.note_id "
            f"WHERE c.deck_id IN {_deck_params(deck_ids)} AND {_OPEN.format(c='c')} "
            "AND (c.state = 0 OR c.state = 2 AND c.due < :end) "
            "AND (c.deck_id, c.card_id) NOT IN (SELECT deck_id, card_id FROM answered)",
            self._named(deck_ids, end=to_ms(day_end), answered=json.dumps(list(answered))),
        ).fetchone()
        return int(row[0])

    def active_keys(
        self, deck_ids: Sequence[str], keys: Sequence[tuple[str, str]]
    ) -> set[tuple[str, str]]:
        """Those of `keys` (deck id, card id) that are active cards of these decks."""
        if not deck_ids or not keys:
            return set()
        rows = self._db.execute(
            "WITH wanted(deck_id, card_id) AS (SELECT json_extract(value, '$[0]'), "
            "json_extract(value, '$[1]') FROM json_each(:keys)) "
            "SELECT c.deck_id, c.card_id FROM wanted w "
            "CROSS JOIN card c ON c.deck_id = w.deck_id AND c.card_id = w.card_id "
            f"WHERE c.active = 1 AND c.deck_id IN {_deck_params(deck_ids)}",
            self._named(deck_ids, keys=json.dumps(list(keys))),
        )
        return {(row[0], row[1]) for row in rows}

    @staticmethod
    def _named(deck_ids: Sequence[str], **params: object) -> dict[str, object]:
        """Named parameters, the deck ids among them as :deck1, :deck2, ...
        (sqlite3 binds a dict only to named parameters, never a bare `?`)."""
        return {f"deck{i}": deck_id for i, deck_id in enumerate(deck_ids, 1)} | params


def _floor_ms(moment: datetime) -> int:
    """`moment` in whole milliseconds since the epoch, rounded down."""
    return math.floor(moment.timestamp() * 1000)


def _deck_params(values: Sequence[object]) -> str:
    """`(:deck1,:deck2,…)`, one named parameter per deck id (see `_named`)."""
    return "(" + ",".join(f":deck{i}" for i in range(1, len(values) + 1)) + ")"


def _first_per_entry(
    rows: Iterable[tuple[Any, ...]], taken: Set[Key], limit: int
) -> list[QueuedCard]:
    """Of rows in queue order, the first of each deck entry not `taken`, up
    to `limit`, read no further. Plain tuples until kept: most of the time
    goes to the rows read, not to those kept."""
    seen = set(taken)
    kept: list[QueuedCard] = []
    for row in rows if limit > 0 else ():
        entry = (row[1], row[3])
        if entry not in seen:
            seen.add(entry)
            kept.append(QueuedCard._make(row))
            if len(kept) == limit:
                break
    return kept
