"""Today's counts of the deck tree, as the deck list shows them, from the store alone."""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import UTC, datetime, tzinfo
from typing import Any

from endoquiz.common.clock import as_utc
from endoquiz.decks.deck_tree import counts_in_tree, in_tree
from endoquiz.scheduling import StudySettings, next_study_day_start, study_day_start
from endoquiz.store.progress_store import ProgressStore
from endoquiz.study.review_session import LEARN_AHEAD, SessionCounts


class DeckCounts:
    """The (new, learning, review) counts of every deck and parent today."""

    def __init__(
        self, store: ProgressStore, settings: Callable[[], StudySettings], zone: tzinfo | None
    ) -> None:
        self._store = store
        self._settings = settings  # the library's, as they are now
        self._zone = zone
        # (key, counts) of the last `counts()` asked for now.
        self._cache: tuple[tuple[Any, ...], dict[str, SessionCounts]] | None = None

    def counts(self, now: datetime | None = None) -> dict[str, SessionCounts]:
        """Today's (new, learning, review) counts of every installed deck and
        of every parent in the tree (a parent counts its children), within the
        daily limits, as the deck list shows them: the cards a study session
        opened now would show (see `ReviewSession.counts`), siblings held
        back for the day left out.

        Computed from the store alone, without reading deck files. Asked for
        now, the counts of the last call within the same second are given
        again while the database is unchanged (by this connection or any
        other): the deck list, its overview and the self-test all ask at
        start.
        """
        if now is None:
            key = (
                int(time.monotonic()),
                self._store.data_version(),
                self._store.changes,
                self._settings(),
                self._zone,
            )
            if self._cache is not None and self._cache[0] == key:
                return dict(self._cache[1])
            counts = self._counts_at(datetime.now(UTC))
            self._cache = (key, counts)
            return dict(counts)
        return self._counts_at(as_utc(now))

    def _counts_at(self, moment: datetime) -> dict[str, SessionCounts]:
        day_start = study_day_start(moment, self._settings().day_starts_at, self._zone)
        day_end = next_study_day_start(moment, self._settings().day_starts_at, self._zone)
        ids = [row.id for row in self._store.installed_decks()]
        raw = self._store.deck_counts.waiting(
            day_start, day_end, moment + LEARN_AHEAD, new_limit=self._settings().new_per_day
        )
        done = self._store.deck_counts.answered(day_start)
        counts = counts_in_tree(
            ids, raw, done, self._settings().new_per_day, self._settings().reviews_per_day
        )
        return {node: SessionCounts(*numbers) for node, numbers in counts.items()}

    def next_deck_due(self, studied: str, now: datetime | None = None) -> str | None:
        """The first installed deck (in id order) outside `studied` and its
        children with cards to study now (`deck_counts`), for the end of a
        session to offer; None when there is none."""
        counts = self.counts(now)
        for row in sorted(self._store.installed_decks(), key=lambda row: row.id):
            inside = in_tree(row.id, studied)
            if not inside and sum(counts.get(row.id, (0, 0, 0))) > 0:
                return row.id
        return None
