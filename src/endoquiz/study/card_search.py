"""The card search language (docs/search.md), compiled to SQL over the progress store.

A query is terms separated by spaces, all of which must hold:

    insulin "blood sugar" deck:bio tag:hormones -kind:cloze is:due prop:ivl>=10 rated:7

Free words and quoted phrases match any text of a card, ignoring case and
accents; `field:value` terms filter by deck (with its children), tag, kind,
state, a numeric property, or recent answers; a leading `-` negates a term.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import overload

from endoquiz.common.clock import DAY_MS, from_ms, to_ms
from endoquiz.decks.deck_model import Card, CardKind, card_from_json
from endoquiz.scheduling import LEECH_LAPSES, State
from endoquiz.scheduling import retrievability as recall
from endoquiz.store.expressions import STUDIED, retrievability_sql
from endoquiz.store.rows import SearchRow
from endoquiz.store.search_index import search_text

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

KINDS = ("basic", "reverse", "cloze", "choice", "typed")
STATES = ("new", "learning", "review", "due", "suspended", "leech")
_RATED = "(c.deck_id, c.card_id) IN"
# Cards a whole-result iteration (`endoquiz cards`) reads per statement.
_READ_TOGETHER = 256

# token: optional '-', then field:"quoted value", field:value, "phrase" or word
_TOKEN = re.compile(r'\s*(-?)(?:([a-z]+):(?:"([^"]*)"|(\S*))|"([^"]*)"|(\S+))')
_PROP = re.compile(r"(ivl|lapses|reps|r|s|d|due)(<=|>=|!=|<|>|=)(-?\d+(?:\.\d+)?)\Z")
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
    """The cards a search found, in order: their keys come at once, and what
    a browser shows of each card (text, state, retrievability) is read when
    that card is read, so a search over thousands of matches stays quick and
    a table model pays only for the rows it shows. It reads from the library,
    which must stay open while it is used."""

    def __init__(
        self,
        keys: list[tuple[str, str]],
        load_rows: Callable[[Sequence[tuple[str, str]]], list[SearchRow]],
        *,
        now: datetime,
        factor: float,
        decay: float,
    ) -> None:
        self._keys = keys
        self._load_rows = load_rows
        self._now_ms = now.timestamp() * 1000
        self._factor = factor
        self._decay = decay

    def __len__(self) -> int:
        return len(self._keys)

    @overload
    def __getitem__(self, index: int) -> CardMatch: ...

    @overload
    def __getitem__(self, index: slice) -> list[CardMatch]: ...

    def __getitem__(self, index: int | slice) -> CardMatch | list[CardMatch]:
        """A card, or a slice of them read together (a page of a table)."""
        if isinstance(index, slice):
            return [self._match(row) for row in self._load_rows(self._keys[index])]
        return self._match(self._load_rows([self._keys[index]])[0])

    def __iter__(self) -> Iterator[CardMatch]:
        for start in range(0, len(self._keys), _READ_TOGETHER):
            yield from self[start : start + _READ_TOGETHER]

    def keys(self) -> list[tuple[str, str]]:
        """(deck id, card id) of every match, without reading the cards."""
        return list(self._keys)

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


@dataclass(frozen=True, slots=True)
class CompiledQuery:
    """A query as an SQL condition over `card c` joined to `card_content t`.

    Attributes:
        content_first: the query filters on card text, tags or kind, so the
            search should scan the content table first (a text match rules out
            most cards before any state is looked up).
    """

    where: str
    params: tuple[object, ...]
    content_first: bool = False


def compile_query(
    query: str,
    *,
    now: datetime,
    day_end: datetime,
    factor: float,
    decay: float,
) -> CompiledQuery:
    """Translate a query into SQL.

    Args:
        now: the time retrievability (`prop:r`) and `rated:N` are measured at.
        day_end: the end of the study day, for `is:due`.
        factor, decay: FSRS's forgetting curve, for `prop:r`.

    Raises:
        SearchError: for a query that cannot be understood, or longer than
            MAX_QUERY_CHARS or MAX_QUERY_TERMS.
    """
    now_ms = to_ms(now)
    end_ms = to_ms(day_end)
    conditions: list[str] = []
    params: list[object] = []
    content_first = False
    position = 0
    text = query.strip()
    if len(text) > MAX_QUERY_CHARS:
        raise SearchError(
            f"the search is {len(text):,} characters long; write at most {MAX_QUERY_CHARS:,}"
        )
    while position < len(text):
        match = _TOKEN.match(text, position)
        if (
            match is None or match.end() == position
        ):  # pragma: no cover - the pattern takes anything
            raise SearchError(f"cannot read the query from: {text[position:]!r}")
        position = match.end()
        negate, field, quoted_value, value, phrase, word = match.groups()
        if field is not None:
            sql, values = _field_term(
                field,
                quoted_value if quoted_value is not None else value,
                now_ms,
                end_ms,
                factor,
                decay,
            )
        else:
            term = phrase if phrase is not None else word
            if not term or term == "-":
                continue
            sql, values = _text_term(term)
        conditions.append(f"NOT ({sql})" if negate else f"({sql})")
        if len(conditions) > MAX_QUERY_TERMS:
            raise SearchError(f"the search has more than {MAX_QUERY_TERMS} terms; use fewer")
        params.extend(values)
        content_first = content_first or (not negate and sql.startswith("t."))
    where = " AND ".join(conditions) or "1"
    if content_first:
        # The content index is scanned first and each card tested against the
        # answered cards: `+` keeps SQLite from driving the search from that
        # list instead, which looks each card's content row up (on 50,000
        # cards, `tag:T rated:30` 100 -> 60 ms).
        where = where.replace(_RATED, "(+c.deck_id, +c.card_id) IN")
    return CompiledQuery(where, tuple(params), content_first)


def _text_term(term: str) -> tuple[str, list[object]]:
    key = search_text(term)
    if not key:
        return "1", []
    return "t.search_text LIKE ? ESCAPE '\\'", [f"%{_escape_like(key)}%"]


def _escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _field_term(
    field: str, value: str, now_ms: int, end_ms: int, factor: float, decay: float
) -> tuple[str, list[object]]:
    if not value:
        raise SearchError(f"'{field}:' needs a value, e.g. {_EXAMPLES.get(field, field + ':x')}")
    if field == "deck":
        deck = value.strip("/")
        return "(c.deck_id = ? OR c.deck_id LIKE ? ESCAPE '\\')", [
            deck,
            f"{_escape_like(deck)}/%",
        ]
    if field == "tag":
        # Tags are stored as ' a b c ', so a whole tag matches ' tag '; a
        # trailing * matches tags that start with the text.
        tag = search_text(value)
        if tag.endswith("*"):
            return "t.tags LIKE ? ESCAPE '\\'", [f"% {_escape_like(tag[:-1])}%"]
        return "t.tags LIKE ? ESCAPE '\\'", [f"% {_escape_like(tag)} %"]
    if field == "kind":
        if value not in KINDS:
            raise SearchError(f"unknown kind '{value}'; kinds are {', '.join(KINDS)}")
        return "t.kind = ?", [value]
    if field == "is":
        return _state_term(value, end_ms)
    if field == "prop":
        return _prop_term(value, now_ms, factor, decay)
    if field == "rated":
        if not _DAYS.match(value) or int(value) < 1:
            raise SearchError(f"'rated:' takes a number of days, e.g. rated:7, not '{value}'")
        since = now_ms - int(value) * DAY_MS
        # The cards answered since then, found once through the time index.
        return (
            f"{_RATED} (SELECT deck_id, card_id FROM review_log "
            f"WHERE reviewed_at >= ? AND mode = '{STUDIED}')",
            [since],
        )
    raise SearchError(
        f"unknown search field '{field}:'; fields are deck:, tag:, kind:, is:, prop:, rated:"
    )


def _state_term(value: str, end_ms: int) -> tuple[str, list[object]]:
    terms: dict[str, tuple[str, list[object]]] = {
        "new": ("c.state = 0", []),
        "learning": ("c.state IN (1, 3)", []),
        "review": ("c.state = 2", []),
        "due": ("c.state != 0 AND c.suspended = 0 AND c.due < ?", [end_ms]),
        "suspended": ("c.suspended = 1", []),
        "leech": ("c.lapses >= ?", [LEECH_LAPSES]),
    }
    if value not in terms:
        raise SearchError(f"unknown state 'is:{value}'; use is:{', is:'.join(STATES)}")
    return terms[value]


# What each property is, in SQL. Intervals and due dates are in days.
_PROPS = {
    "ivl": f"((c.due - c.last_review) / {DAY_MS}.0)",
    "lapses": "c.lapses",
    "reps": "c.reps",
    "s": "c.stability",
    "d": "c.difficulty",
}


def _prop_term(value: str, now_ms: int, factor: float, decay: float) -> tuple[str, list[object]]:
    match = _PROP.match(value)
    if match is None:
        raise SearchError(
            f"cannot read 'prop:{value}'; write a property, a comparison and a number, "
            "e.g. prop:ivl>=10, prop:lapses>3, prop:r<0.8 (properties: ivl, due, lapses, "
            "reps, r, s, d)"
        )
    name, operator, number = match.groups()
    if name == "r":
        expression = retrievability_sql("c.last_review", "c.stability")
        return f"{expression} {operator} ?", [factor, now_ms, decay, float(number)]
    if name == "due":
        return f"c.state != 0 AND ((c.due - ?) / {DAY_MS}.0) {operator} ?", [now_ms, float(number)]
    return f"{_PROPS[name]} {operator} ?", [float(number)]


# What each sort column orders by, in SQL (retrievability takes its curve's
# parameters). Cards without a value (new cards have no due date, interval,
# stability...) come last in either direction; ties keep deck order.
_ORDERS: dict[str, tuple[str, ...]] = {
    "deck": ("c.deck_id", "c.position"),
    "card": ("c.card_id",),
    # The searched text starts with the front, case and accents folded; an
    # index on it gives the cards in this order without sorting them.
    "front": ("t.search_text",),
    "kind": ("t.kind",),
    "state": ("c.suspended", "c.state"),
    "due": ("CASE WHEN c.state != 0 THEN c.due END",),
    "interval": ("(c.due - c.last_review)",),
    "stability": ("c.stability",),
    "difficulty": ("c.difficulty",),
    # Recall falls as time since the last answer grows against stability,
    # whatever the curve's parameters: the cards sort by that ratio, the
    # other way round, with no power computed per card.
    "retrievability": (
        "(CASE WHEN c.stability > 0 AND c.last_review IS NOT NULL THEN "
        "max(0, ? - c.last_review) / c.stability END)",
    ),
    "lapses": ("c.lapses",),
    "reps": ("c.reps",),
    "tags": ("t.tags",),
    "flag": ("c.flag",),
}
SORT_COLUMNS = tuple(_ORDERS)
_DECK_ORDER = "c.deck_id, c.position"
# Columns every card has a value in: no NULL test before them, which would
# keep SQLite from reading the order off an index.
_NEVER_NULL = {"deck", "card", "front", "state", "lapses", "reps", "flag"}


@dataclass(frozen=True, slots=True)
class CompiledOrder:
    """An SQL ORDER BY list and its parameters.

    Attributes:
        content_first: the order is read off the content table's text index,
            so the search should scan the content table first.
    """

    order_by: str
    params: tuple[object, ...] = ()
    content_first: bool = False


def compile_order(
    order: str | None,
    *,
    descending: bool = False,
    now: datetime,
) -> CompiledOrder:
    """The SQL ORDER BY list that sorts matches by a column of
    `SORT_COLUMNS`; None keeps deck order (decks, then cards as written).

    Raises:
        SearchError: for an unknown column.
    """
    if order is None:
        return CompiledOrder(_DECK_ORDER)
    if order not in _ORDERS:
        raise SearchError(f"cannot sort by '{order}'; sort by {', '.join(SORT_COLUMNS)}")
    direction = "DESC" if descending != (order == "retrievability") else "ASC"
    terms = []
    for expression in _ORDERS[order]:
        if order not in _NEVER_NULL:
            terms.append(f"({expression}) IS NULL")
        terms.append(f"{expression} {direction}")
    params: tuple[object, ...] = ()
    if order == "retrievability":
        # The expression appears twice: for its NULL test and its value.
        params = (to_ms(now),) * 2
    return CompiledOrder(", ".join([*terms, _DECK_ORDER]), params, order == "front")


_EXAMPLES = {
    "deck": "deck:biology",
    "tag": "tag:hormones",
    "kind": "kind:cloze",
    "is": "is:due",
    "prop": "prop:ivl>=10",
    "rated": "rated:7",
}
