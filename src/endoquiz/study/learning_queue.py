"""A study session's learning queue: the first cards held, the others counted in SQL.

Thousands of cards can be in learning on a big collection, and a session
shows one at a time: it holds the first `READ_AHEAD` by due time (then
key), reads the next ones from the store when those are answered, and
counts the others over an index. The store is the truth: every answer is
committed before the queue hears of it, so the cards past those held are
read with their latest state.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Sequence
from datetime import datetime

from endoquiz.common.clock import from_ms
from endoquiz.store.session_queries import SessionQueries

# Enough for a stretch of answers between reads; few enough that opening
# a session with thousands in learning reads next to nothing.
READ_AHEAD = 10

Key = tuple[str, str]  # (deck id, card id)
Entry = tuple[datetime, Key]  # (due, key): in this order, entries sort as they are shown


class LearningQueue:
    """Cards in learning due before the day ends, in due order.

    Read from the store (`stored`) for a session's decks, or a fixed set of
    entries held whole (a focus session's, which shows only its cards).
    """

    def __init__(self, entries: Iterable[Entry] = (), *, more: bool = False) -> None:
        self._held = sorted(entries)
        # Whether the store holds learning cards due today past those held.
        self._more = more
        self._queries: SessionQueries | None = None
        self._deck_ids: Sequence[str] = ()
        self._day_end = datetime.max

    @classmethod
    def stored(
        cls, queries: SessionQueries, deck_ids: Sequence[str], day_end: datetime
    ) -> LearningQueue:
        """The learning cards of these decks due before `day_end`."""
        queue = cls(more=True)
        queue._queries, queue._deck_ids, queue._day_end = queries, deck_ids, day_end
        queue._read()
        return queue

    def _read(self) -> None:
        """Hold the first cards of the store's queue (called when none is held)."""
        if self._queries is None:
            return
        rows = self._queries.learning(self._deck_ids, self._day_end, READ_AHEAD + 1)
        self._held = [(from_ms(row.due or 0), (row.deck_id, row.card_id)) for row in rows]
        self._more = len(rows) > READ_AHEAD

    def first(self) -> Entry | None:
        """The card due first, with its due time; None when none is left."""
        if not self._held and self._more:
            self._read()
        return self._held[0] if self._held else None

    def remove(self, key: Key) -> None:
        """Take out an answered card (if held: the store has the others' states)."""
        self._held = [entry for entry in self._held if entry[1] != key]

    def add(self, due: datetime, key: Key) -> None:
        """Queue a card answered back into learning, due at `due`."""
        # Held only if it comes before the last held card: past it, the
        # store gives it when the held ones are used up.
        if not self._more or (self._held and (due, key) < self._held[-1]):
            bisect.insort(self._held, (due, key))

    def due_by(self, moment: datetime) -> int:
        """How many cards are due by `moment` (those overdue included)."""
        if self._more and self._queries is not None:
            return self._queries.learning_count(self._deck_ids, self._day_end, by=moment)
        return bisect.bisect_right(self._held, moment, key=lambda entry: entry[0])

    def due_after(self, moment: datetime) -> int:
        """How many cards are due after `moment`, before the day ends."""
        if self._more and self._queries is not None:
            return self._queries.learning_count(self._deck_ids, self._day_end, after=moment)
        return len(self._held) - self.due_by(moment)
