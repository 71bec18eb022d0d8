"""The card search language (docs/search.md), read into terms the store compiles to SQL.

A query is terms separated by spaces, all of which must hold:

    insulin "blood sugar" deck:bio tag:hormones -kind:cloze is:due prop:ivl>=10 rated:7

Free words and quoted phrases match any text of a card, ignoring case and
accents; `field:value` terms filter by deck (with its children), tag, kind,
state, a numeric property, or recent answers; a leading `-` negates a term.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import overload

from endoquiz.common.clock import DAY_MS, from_ms
from endoquiz.decks.deck_model import Card, CardKind, card_from_json
from endoquiz.scheduling import LEECH_LAPSES, State
from endoquiz.scheduling import retrievability as recall
from endoquiz.store.rows import SearchRow
from endoquiz.store.search_index import search_text
from endoquiz.store.search_queries import SearchQueries
from endoquiz.store.search_sql import (
    OPERATORS,
    PROP_NAMES,
    SORT_COLUMNS,
    STATE_NAMES,
    CompiledOrder,
    CompiledQuery,
    Condition,
    DeckTerm,
    KindTerm,
    PropTerm,
    RatedTerm,
    StateTerm,
    TagTerm,
    Term,
    TextTerm,
    compile_conditions,
)
from endoquiz.store.search_sql import compile_order as compile_sql_order

__all__ = [
    "MAX_QUERY_CHARS",
    "MAX_QUERY_TERMS",
    "SORT_COLUMNS",
    "CardMatch",
    "CompiledOrder",
    "SearchError",
    "SearchResult",
    "compile_order",
    "compile_query",
]

KINDS = tuple(CardKind)
# Cards a whole-result iteration (`endoquiz cards`) reads per statement.
_READ_TOGETHER = 256

# token: optional '-', then field:"quoted value", field:value, "phrase" or word
_TOKEN = re.compile(r'\s*(-?)(?:([a-z]+):(?:"([^"]*)"|(\S*))|"([^"]*)"|(\S+))')
_PROP = re.compile(rf"({'|'.join(PROP_NAMES)})({'|'.join(OPERATORS)})(-?\d+(?:\.\d+)?)\Z")
# ASCII digits only: str.isdigit() also takes '²', which int() refuses, and
# a day count of many digits overflows SQLite's 64-bit integers.
_DAYS = re.compile(r"[0-9]{1,6}\Z")
# SQLite refuses a LIKE pattern over 50,000 bytes and an expression nested
# 1,000 deep (each term adds a level), with an OperationalError instead of
# a readable message. A query within these limits stays far below both,
# even when folding accents multiplies its length (U+FDFA becomes 18
# letters).
MAX_QUERY_CHARS = 1_000
MAX_QUERY_TERMS = 100


class SearchError(ValueError):
    """A query that cannot be understood; the message says what to write instead."""


@dataclass(frozen=True, slots=True)
class CardMatch:
    """A card a search found, with what a card browser shows of it.

    Attributes:
        interval_days: days from the last answer to the due date (review cards).
        retrievability: probability of recall now, for studied cards.
        flag: 0 for none, 1-4 for red, orange, green, blue.
    """

    deck_id: str
    card_id: str
    kind: CardKind
    state: State
    due: datetime | None
    interval_days: float | None
    stability: float | None
    difficulty: float | None
    retrievability: float | None
    lapses: int
    reps: int
    suspended: bool
    tags: tuple[str, ...]
    content: str
    flag: int

    @property
    def is_leech(self) -> bool:
        """Forgotten LEECH_LAPSES times or more, as `is:leech` finds it."""
        return self.lapses >= LEECH_LAPSES

    @property
    def front(self) -> str:
        """The card's question side (its content is parsed only when asked)."""
        return str(json.loads(self.content)["front"])

    def card(self) -> Card:
        """The card itself, to render (its note and position are not kept)."""
        return card_from_json(self.deck_id, self.card_id, "", 0, self.content)


class SearchResult(Sequence[CardMatch]):
    """The cards a search found, in order: their integer ids come at once
    (the store's `card.id`, valid while the library is open), and what a
    browser shows of each card (keys, text, state, retrievability) is read
    when that card is read, so a search over thousands of matches stays
    quick and a table model pays only for the rows it shows. It reads from
    the library, which must stay open while it is used."""

    def __init__(
        self,
        ids: list[int],
        load_rows: Callable[[Sequence[int]], list[SearchRow]],
        queries: SearchQueries,
        *,
        now: datetime,
        factor: float,
        decay: float,
    ) -> None:
        self._ids = ids
        self._load_rows = load_rows
        self._queries = queries
        self._now_ms = now.timestamp() * 1000
        self._factor = factor
        self._decay = decay

    def __len__(self) -> int:
        return len(self._ids)

    @overload
    def __getitem__(self, index: int) -> CardMatch: ...

    @overload
    def __getitem__(self, index: slice) -> list[CardMatch]: ...

    def __getitem__(self, index: int | slice) -> CardMatch | list[CardMatch]:
        """A card, or a slice of them read together (a page of a table)."""
        if isinstance(index, slice):
            return [self._match(row) for row in self._load_rows(self._ids[index])]
        return self._match(self._load_rows([self._ids[index]])[0])

    def __iter__(self) -> Iterator[CardMatch]:
        for start in range(0, len(self._ids), _READ_TOGETHER):
            yield from self[start : start + _READ_TOGETHER]

    def keys(self) -> list[tuple[str, str]]:
        """(deck id, card id) of every match, without reading the cards' text."""
        return self._queries.keys(self._ids)

    def keys_at(self, indexes: Iterable[int]) -> list[tuple[str, str]]:
        """(deck id, card id) of the matches at these places, read together."""
        return self._queries.keys([self._ids[index] for index in indexes])

    def index_of(self, key: tuple[str, str]) -> int | None:
        """Where a card, by (deck id, card id), is among the matches; None
        when it is not one of them."""
        try:
            return self._ids.index(self._queries.ids_of([key])[0])
        except (KeyError, ValueError):
            return None

    def _match(self, row: SearchRow) -> CardMatch:
        retrievability = None
        if row.stability and row.last_review is not None:
            elapsed = (self._now_ms - row.last_review) / DAY_MS
            retrievability = recall(elapsed, row.stability, self._factor, self._decay)
        last_review, due = row.last_review, row.due
        return CardMatch(
            deck_id=row.deck_id,
            card_id=row.card_id,
            # The library hands over rows whose stored text is readable.
            kind=CardKind(row.kind or CardKind.BASIC),
            state=State(row.state),
            due=from_ms(due) if due is not None and row.state else None,
            interval_days=(due - last_review) / DAY_MS
            if last_review is not None and due is not None
            else None,
            stability=row.stability,
            difficulty=row.difficulty,
            retrievability=retrievability,
            lapses=row.lapses,
            reps=row.reps,
            suspended=bool(row.suspended),
            tags=tuple((row.tags or "").split()),
            content=row.content or "",
            flag=row.flag,
        )


def parse_query(query: str) -> list[Condition]:
    """The terms of a query, each value checked.

    Raises:
        SearchError: for a query that cannot be understood, or longer than
            MAX_QUERY_CHARS or MAX_QUERY_TERMS.
    """
    text = query.strip()
    if len(text) > MAX_QUERY_CHARS:
        raise SearchError(
            f"the search is {len(text):,} characters long; write at most {MAX_QUERY_CHARS:,}"
        )
    conditions: list[Condition] = []
    position = 0
    while position < len(text):
        match = _TOKEN.match(text, position)
        if (
            match is None or match.end() == position
        ):  # pragma: no cover - the pattern takes anything
            raise SearchError(f"cannot read the query from: {text[position:]!r}")
        position = match.end()
        negate, field, quoted_value, value, phrase, word = match.groups()
        if field is not None:
            term = _field_term(field, quoted_value if quoted_value is not None else value)
        else:
            words = phrase if phrase is not None else word
            if not words or words == "-":
                continue
            term = TextTerm(search_text(words))
        conditions.append(Condition(term, negated=bool(negate)))
        if len(conditions) > MAX_QUERY_TERMS:
            raise SearchError(f"the search has more than {MAX_QUERY_TERMS} terms; use fewer")
    return conditions


def compile_query(
    query: str,
    *,
    now: datetime,
    day_end: datetime,
    factor: float,
    decay: float,
) -> CompiledQuery:
    """A query as the store's SQL (`store.search_sql`).

    Args:
        now: the time retrievability (`prop:r`) and `rated:N` are measured at.
        day_end: the end of the study day, for `is:due`.
        factor, decay: FSRS's forgetting curve, for `prop:r`.

    Raises:
        SearchError: for a query that cannot be understood, or longer than
            MAX_QUERY_CHARS or MAX_QUERY_TERMS.
    """
    return compile_conditions(
        parse_query(query), now=now, day_end=day_end, factor=factor, decay=decay
    )


def _field_term(field: str, value: str) -> Term:
    if not value:
        raise SearchError(f"'{field}:' needs a value, e.g. {_EXAMPLES.get(field, field + ':x')}")
    if field == "deck":
        return DeckTerm(value.strip("/"))
    if field == "tag":
        # A trailing * matches tags that start with the text.
        tag = search_text(value)
        return TagTerm(tag[:-1], prefix=True) if tag.endswith("*") else TagTerm(tag)
    if field == "kind":
        if value not in KINDS:
            raise SearchError(f"unknown kind '{value}'; kinds are {', '.join(KINDS)}")
        return KindTerm(value)
    if field == "is":
        if value not in STATE_NAMES:
            raise SearchError(f"unknown state 'is:{value}'; use is:{', is:'.join(STATE_NAMES)}")
        return StateTerm(value)
    if field == "prop":
        match = _PROP.match(value)
        if match is None:
            raise SearchError(
                f"cannot read 'prop:{value}'; write a property, a comparison and a number, "
                "e.g. prop:ivl>=10, prop:lapses>3, prop:r<0.8 (properties: ivl, due, lapses, "
                "reps, r, s, d)"
            )
        name, operator, number = match.groups()
        return PropTerm(name, operator, float(number))
    if field == "rated":
        if not _DAYS.match(value) or int(value) < 1:
            raise SearchError(f"'rated:' takes a number of days, e.g. rated:7, not '{value}'")
        return RatedTerm(int(value))
    raise SearchError(
        f"unknown search field '{field}:'; fields are deck:, tag:, kind:, is:, prop:, rated:"
    )


def compile_order(order: str | None, *, descending: bool = False, now: datetime) -> CompiledOrder:
    """The SQL ORDER BY list that sorts matches by a column of
    `SORT_COLUMNS`; None keeps deck order (decks, then cards as written).

    Raises:
        SearchError: for an unknown column.
    """
    if order is not None and order not in SORT_COLUMNS:
        raise SearchError(f"cannot sort by '{order}'; sort by {', '.join(SORT_COLUMNS)}")
    return compile_sql_order(order, descending=descending, now=now)


_EXAMPLES = {
    "deck": "deck:biology",
    "tag": "tag:hormones",
    "kind": "kind:cloze",
    "is": "is:due",
    "prop": "prop:ivl>=10",
    "rated": "rated:7",
}
