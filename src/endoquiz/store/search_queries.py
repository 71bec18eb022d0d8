"""Searching the cards: keys of the cards a compiled query matches, and the rows a browser shows."""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Sequence

from endoquiz.store.errors import is_decode_error, utf8_or_none
from endoquiz.store.rows import SearchRow

# A column of `card_content t` in SQL from `card_search` (whose alias it is).
_READS_CONTENT = re.compile(r"\bt\.")
_ON_CARD = "ON t.deck_id = c.deck_id AND t.card_id = c.card_id"
_CARD_FIRST = f"card c JOIN card_content t {_ON_CARD}"
# CROSS JOIN fixes SQLite's join order: content scanned first.
_CONTENT_FIRST = f"card_content t CROSS JOIN card c {_ON_CARD}"


# Keys per statement in `rows`, well under SQLite's bound on parameters.
_ROWS_PER_QUERY = 500


class SearchQueries:
    """The SQL of a search (`study.card_search` compiles the query)."""

    def __init__(self, db: sqlite3.Connection) -> None:
        self._db = db

    def keys(
        self,
        where: str,
        params: Sequence[object],
        *,
        content_first: bool = False,
        order_by: str = "c.deck_id, c.position",
        order_params: Sequence[object] = (),
    ) -> list[tuple[str, str]]:
        """(deck id, card id) of the active cards matching an SQL condition
        from `search_sql.compile_conditions`, in deck and card order or by
        `order_by` (from `search_sql.compile_order`). What a card browser
        shows of each is read by `rows` for the rows shown.

        With `content_first`, the content table is scanned first (CROSS JOIN
        fixes SQLite's join order): SQLite cannot tell how few cards a LIKE
        keeps, and would otherwise look each card's text up one by one.
        A search that reads no content column (all cards, `is:due`) skips the
        join: on 50,000 cards it is most of the time."""
        if _READS_CONTENT.search(where) or _READS_CONTENT.search(order_by):
            tables = _CONTENT_FIRST if content_first else _CARD_FIRST
        else:
            tables = "card c"
        return list(
            self._db.execute(
                f"SELECT c.deck_id, c.card_id FROM {tables} "
                f"WHERE c.active = 1 AND ({where}) ORDER BY {order_by}",
                (*params, *order_params),
            )
        )

    def rows(self, keys: Sequence[tuple[str, str]]) -> list[SearchRow]:
        """The `SearchRow` of each card, in the order of `keys`, read in one
        query per few hundred cards (a table reading a page of rows pays one
        statement, not one per row).

        Raises:
            KeyError: for a card that is not installed.
        """
        rows: dict[tuple[str, str], SearchRow] = {}
        for start in range(0, len(keys), _ROWS_PER_QUERY):
            chunk = keys[start : start + _ROWS_PER_QUERY]
            values = ",".join(["(?, ?)"] * len(chunk))
            # The keys as a table joined by primary key: SQLite would scan
            # for `(deck_id, card_id) IN (VALUES ...)` instead.
            query = (
                f"WITH wanted(deck_id, card_id) AS (VALUES {values}) "
                "SELECT c.deck_id, c.card_id, t.kind, c.state, c.due, c.last_review, "
                "c.stability, c.difficulty, c.lapses, c.reps, c.suspended, t.tags, t.content, "
                "c.flag FROM wanted w "
                "CROSS JOIN card c ON c.deck_id = w.deck_id AND c.card_id = w.card_id "
                "LEFT JOIN card_content t ON t.deck_id = c.deck_id AND t.card_id = c.card_id"
            )
            params = [part for key in chunk for part in key]
            try:
                found = self._db.execute(query, params).fetchall()
            except sqlite3.OperationalError as error:
                if not is_decode_error(error):
                    raise
                # The slow way, only when damage was met.
                for text in ("t.kind", "t.tags", "t.content"):
                    query = query.replace(f" {text},", f" CAST({text} AS BLOB),")
                found = [
                    (*row[:2], utf8_or_none(row[2]), *row[3:11], utf8_or_none(row[11]),
                     utf8_or_none(row[12]), row[13])
                    for row in self._db.execute(query, params)
                ]  # fmt: skip
            for row in found:
                rows[row[0], row[1]] = SearchRow._make(row)
        try:
            return [rows[key] for key in keys]
        except KeyError as missing:
            deck_id, card_id = missing.args[0]
            raise KeyError(f"no card '{card_id}' in deck '{deck_id}'") from None
