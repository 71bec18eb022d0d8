"""Searching the cards: keys of the cards a compiled query matches, and the rows a browser shows."""

from __future__ import annotations

import json
import re
import sqlite3
from collections.abc import Sequence
from typing import TypeVar

from endoquiz.store.errors import is_decode_error, utf8_or_none
from endoquiz.store.rows import SearchRow
from endoquiz.store.search_sql import DECK_ORDER, SortPart

# A column of `card_text t` in SQL from `card_search` (whose alias it is).
_READS_TEXT = re.compile(r"\bt\.")
# Each card's text looked up by integer id, the cards read in deck order off
# their index; sorted otherwise, the texts are scanned first (CROSS JOIN fixes
# SQLite's join order), as SQLite would pick an index that reads each card's
# row (on 100,000 cards, a word by due 105 -> 34 ms).
_TEXT_BY_CARD = "card c JOIN card_text t ON t.id = c.id"
_CARD_BY_TEXT = "card_text t CROSS JOIN card c ON c.id = t.id"

_T = TypeVar("_T")
# Keys per statement in `rows`, well under SQLite's bound on parameters.
_ROWS_PER_QUERY = 500


class SearchQueries:
    """The SQL of a search (`study.card_search` compiles the query)."""

    def __init__(self, db: sqlite3.Connection) -> None:
        self._db = db

    def ids(
        self,
        where: str,
        params: Sequence[object],
        *,
        order_by: str = DECK_ORDER,
        order_params: Sequence[object] = (),
        parts: Sequence[SortPart] = (),
    ) -> list[int]:
        """`card.id` of the active cards matching an SQL condition from
        `search_sql.compile_conditions`, in deck and card order or by
        `order_by` (from `search_sql.compile_order`). What a card browser
        shows of each is read by `rows` for the rows shown.

        The ids come as one JSON array, which SQLite builds and `json.loads`
        reads in C: on 100,000 cards, 14 ms against 24 ms for a row per card
        through the cursor, and 48 ms for the (deck id, card id) pairs.

        A search that reads no text (all cards, `is:due`) skips the join to
        the texts: on 50,000 cards it is most of the time.

        With `parts` (for a query whose terms their indexes hold: see
        `CompiledQuery.in_parts`), the matches are read part after part, each
        in its order off its index: the order `order_by` gives, with nothing
        sorted."""
        tables = "card c"
        if _READS_TEXT.search(where) or _READS_TEXT.search(order_by):
            tables = _TEXT_BY_CARD if order_by == DECK_ORDER else _CARD_BY_TEXT
        elif parts:
            # Each part's own test first: SQLite tests the terms in the order
            # written, and the query's may cost more (`prop:r` computes a
            # power per card).
            return [
                card
                for part in parts
                for card in self._ids(
                    f"card c INDEXED BY {part.index}",
                    f"{part.condition} AND ({where})",
                    part.order,
                    params,
                )
            ]
        return self._ids(tables, where, order_by, (*params, *order_params))

    def _ids(self, tables: str, where: str, order_by: str, params: Sequence[object]) -> list[int]:
        # `+c.active`: unindexed, the test leads SQLite to no index whose
        # second column is `active` (card_by_deck_state), which it would read
        # with every card's row for a sorted search, rather than the covering
        # deck-order index (on 100,000 cards, is:review by due 60 -> 43 ms).
        (found,) = self._db.execute(
            f"SELECT json_group_array(id) FROM (SELECT c.id AS id FROM {tables} "
            f"WHERE +c.active = 1 AND ({where}) ORDER BY {order_by})",
            params,
        ).fetchone()
        ids: list[int] = json.loads(found)
        return ids

    def keys(self, ids: Sequence[int]) -> list[tuple[str, str]]:
        """(deck id, card id) of each card, in the order of `ids`.

        Raises:
            KeyError: for an id no card has.
        """
        found: dict[int, tuple[str, str]] = {}
        for start in range(0, len(ids), _ROWS_PER_QUERY):
            chunk = ids[start : start + _ROWS_PER_QUERY]
            marks = ", ".join("?" * len(chunk))
            query = f"SELECT id, deck_id, card_id FROM card WHERE id IN ({marks})"
            for card, deck_id, card_id in self._db.execute(query, chunk):
                found[card] = deck_id, card_id
        return [_known(found, card) for card in ids]

    def ids_of(self, keys: Sequence[tuple[str, str]]) -> list[int]:
        """`card.id` of each (deck id, card id), in order.

        Raises:
            KeyError: for a card that is not installed.
        """
        ids = []
        for deck_id, card_id in keys:
            row = self._db.execute(
                "SELECT id FROM card WHERE deck_id = ? AND card_id = ?", (deck_id, card_id)
            ).fetchone()
            if row is None:
                raise KeyError(f"no card '{card_id}' in deck '{deck_id}'")
            ids.append(row[0])
        return ids

    def rows(self, ids: Sequence[int]) -> list[SearchRow]:
        """The `SearchRow` of each card, in the order of `ids` (`card.id`),
        read in one query per few hundred cards (a table reading a page of
        rows pays one statement, not one per row).

        Raises:
            KeyError: for an id no card has.
        """
        rows: dict[int, SearchRow] = {}
        for start in range(0, len(ids), _ROWS_PER_QUERY):
            chunk = ids[start : start + _ROWS_PER_QUERY]
            query = (
                "SELECT c.id, c.deck_id, c.card_id, t.kind, c.state, c.due, c.last_review, "
                "c.stability, c.difficulty, c.lapses, c.reps, c.suspended, t.tags, t.content, "
                "c.flag FROM card c "
                "LEFT JOIN card_content t ON t.deck_id = c.deck_id AND t.card_id = c.card_id "
                f"WHERE c.id IN ({', '.join('?' * len(chunk))})"
            )
            try:
                found = self._db.execute(query, chunk).fetchall()
            except sqlite3.OperationalError as error:
                if not is_decode_error(error):
                    raise
                # The slow way, only when damage was met.
                for text in ("t.kind", "t.tags", "t.content"):
                    query = query.replace(f" {text},", f" CAST({text} AS BLOB),")
                found = [
                    (*row[:3], utf8_or_none(row[3]), *row[4:12], utf8_or_none(row[12]),
                     utf8_or_none(row[13]), row[14])
                    for row in self._db.execute(query, chunk)
                ]  # fmt: skip
            for row in found:
                rows[row[0]] = SearchRow._make(row[1:])
        return [_known(rows, card) for card in ids]


def _known(found: dict[int, _T], card: int) -> _T:
    try:
        return found[card]
    except KeyError:
        raise KeyError(f"no card with id {card}") from None
