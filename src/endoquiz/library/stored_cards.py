"""Stored card text, damaged on disk: found where it is read, and read again from the deck files.

Card text in the database is a copy of the deck files', kept so that an
unchanged deck is not parsed again. Text that damage on disk changed (no
longer UTF-8, or no longer a card) is read again from its deck file, rather
than failing the session or search that met it.
"""

from __future__ import annotations

import contextlib
from collections.abc import Sequence

from endoquiz.decks.deck_model import (
    Card,
    CardKind,
    card_to_json,
    read_stored_card,
    stored_card_usable,
)
from endoquiz.library.installed_decks import InstalledDecks
from endoquiz.store.errors import DatabaseDamageError, StoreError
from endoquiz.store.progress_store import ProgressStore
from endoquiz.store.rows import SearchRow


class StoredCardTexts:
    """Reads cards and search rows from the store, mending damaged text."""

    def __init__(self, store: ProgressStore, installed: InstalledDecks) -> None:
        self._store = store
        self._installed = installed
        # Damaged text is looked for once per open (see `repair`).
        self._content_repaired = False

    def card(self, deck_id: str, card_id: str, note_id: str, position: int, text: str) -> Card:
        """A card from its stored text, read again from the deck file if damaged.

        Raises:
            StoreError: when it is damaged and the deck file cannot be read.
        """
        card = read_stored_card(deck_id, card_id, note_id, position, text)
        if card is None:
            self.repair()
            ids = self._store.search.ids_of([(deck_id, card_id)])
            again = self._store.search.rows(ids)[0].content
            card = read_stored_card(deck_id, card_id, note_id, position, again)
        if card is None:
            raise StoreError(
                f"the stored text of card {deck_id}/{card_id} was damaged on disk, and its "
                "deck file cannot be read to replace it. Restore or fix the file"
            )
        return card

    def search_rows(self, ids: Sequence[int]) -> list[SearchRow]:
        """The store's search rows of cards by `card.id` (`SearchQueries.rows`),
        with damaged card text read again; a card whose deck file cannot be
        read then says so in its text (the deck list says why), so that a
        search still shows every other card."""
        rows = self._store.search.rows(ids)
        if all(_usable_row(row) for row in rows):
            return rows
        if not self._content_repaired:
            with contextlib.suppress(StoreError):
                self.repair()
            rows = self._store.search.rows(ids)
        return [row if _usable_row(row) else _unreadable_row(row) for row in rows]

    def rows_of_found_cards(self, ids: Sequence[int]) -> list[SearchRow]:
        """`search_rows` of cards a search just found: one that is not there
        is damage (an index that disagrees with its table), not a wrong key."""
        try:
            return self.search_rows(ids)
        except KeyError as missing:
            raise DatabaseDamageError(
                f"a card the search found cannot be read ({missing.args[0]})"
            ) from None

    def repair(self) -> None:
        """Drop every damaged stored card text and read those decks again.

        Raises:
            StoreError: when a deck with damaged text cannot be read (its file
                missing or invalid): its cards cannot be shown until it can.
        """
        from endoquiz.progress.database_check import damaged_card_contents

        self._content_repaired = True
        with self._store.reading_raw_text() as db:
            damaged = damaged_card_contents(db)
        if damaged:
            self._store.forget_card_contents(damaged)
        self._installed.reread_missing_contents()


_KINDS = frozenset(CardKind)


def _usable_row(row: SearchRow) -> bool:
    """Whether a search row's stored text can be shown: its kind one of
    `CardKind` (a flipped bit makes "basac"), its tags and card readable."""
    return row.kind in _KINDS and row.tags is not None and stored_card_usable(row.content)


# What a search shows of a card whose stored text was damaged and whose deck
# file cannot be read to replace it.
_UNREADABLE_CARD = card_to_json(
    Card(
        deck_id="",
        id="",
        note_id="",
        kind=CardKind.BASIC,
        position=0,
        front="(The text of this card cannot be read: its deck file is missing or invalid.)",
        back="",
    )
)


def _unreadable_row(row: SearchRow) -> SearchRow:
    return row._replace(kind="basic", tags=" ", content=_UNREADABLE_CARD)
