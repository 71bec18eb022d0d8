"""A parsed search query as SQL over the store's tables: `card c`, and its text `card_text t`.

`study.card_search` reads the query language (docs/search.md) into the
terms below, checking every value; this module alone knows the tables and
columns they test.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from endoquiz.common.clock import DAY_MS, to_ms
from endoquiz.scheduling import LEECH_LAPSES
from endoquiz.store.expressions import STUDIED, retrievability_sql


@dataclass(frozen=True, slots=True)
class TextTerm:
    """Any text of the card holds `key` (folded as `search_text` folds)."""

    key: str


@dataclass(frozen=True, slots=True)
class DeckTerm:
    """The card is in this deck or one of its children."""

    deck_id: str


@dataclass(frozen=True, slots=True)
class TagTerm:
    """The card has this tag (folded), or with `prefix` one that starts with it."""

    tag: str
    prefix: bool = False


@dataclass(frozen=True, slots=True)
class KindTerm:
    """The card is of this kind ("basic", "cloze", ...)."""

    kind: str


@dataclass(frozen=True, slots=True)
class StateTerm:
    """The card is in this state, one of `STATE_NAMES`."""

    state: str


@dataclass(frozen=True, slots=True)
class PropTerm:
    """A property of `PROP_NAMES` compared with a number (days for ivl, due)."""

    name: str
    operator: str
    number: float


@dataclass(frozen=True, slots=True)
class RatedTerm:
    """The card was answered in study within the last `days` days."""

    days: int


Term = TextTerm | DeckTerm | TagTerm | KindTerm | StateTerm | PropTerm | RatedTerm


@dataclass(frozen=True, slots=True)
class Condition:
    """A term that must hold, or with `negated` must not."""

    term: Term
    negated: bool = False


@dataclass(frozen=True, slots=True)
class CompiledQuery:
    """A query as an SQL condition over `card c` joined to `card_text t`;
    `in_parts`, whether a sort may read its matches in parts
    (`CompiledOrder.parts`)."""

    where: str
    params: tuple[object, ...]
    in_parts: bool = True


@dataclass(frozen=True, slots=True)
class SortPart:
    """The matches that hold `condition`, which `index` holds in `order`
    with what a search tests of each (tags and texts aside)."""

    condition: str
    order: str
    index: str


@dataclass(frozen=True, slots=True)
class CompiledOrder:
    """An SQL ORDER BY list and its parameters; `parts`, when the same order
    can be read as consecutive parts, each in order off an index, where
    sorting every match took most of a search."""

    order_by: str
    params: tuple[object, ...] = ()
    parts: tuple[SortPart, ...] = ()


_STATES: dict[str, str] = {
    "new": "c.state = 0",
    "learning": "c.state IN (1, 3)",
    "review": "c.state = 2",
    "due": "c.state != 0 AND c.suspended = 0 AND c.due < :day_end",
    "suspended": "c.suspended = 1",
    "leech": f"c.lapses >= {LEECH_LAPSES}",
}
STATE_NAMES = tuple(_STATES)
# What each property is, in SQL. Intervals and due dates are in days.
_PROPS = {
    "ivl": f"((c.due - c.last_review) / {DAY_MS}.0)",
    "lapses": "c.lapses",
    "reps": "c.reps",
    "s": "c.stability",
    "d": "c.difficulty",
    "r": retrievability_sql("c.last_review", "c.stability"),
    # Days until due, of studied cards only (new ones have no due date).
    "due": f"((c.due - ?) / {DAY_MS}.0)",
}
PROP_NAMES = tuple(_PROPS)
OPERATORS = ("<=", ">=", "!=", "<", ">", "=")


def compile_conditions(
    conditions: Sequence[Condition],
    *,
    now: datetime,
    day_end: datetime,
    factor: float,
    decay: float,
) -> CompiledQuery:
    """The SQL condition that all `conditions` hold.

    Args:
        now: the time retrievability (`prop:r`) and `rated:N` are measured at.
        day_end: the end of the study day, for `is:due`.
        factor, decay: FSRS's forgetting curve, for `prop:r`.
    """
    sqls: list[str] = []
    params: list[object] = []
    for condition in conditions:
        sql, values = _term_sql(condition.term, to_ms(now), to_ms(day_end), factor, decay)
        sqls.append(f"NOT ({sql})" if condition.negated else f"({sql})")
        params.extend(values)
    # In parts (see `CompiledOrder.parts`) unless a term reads what the parts'
    # indexes do not hold (a text, tags), or narrows the cards read through
    # an index of its own, after which sorting the few found costs less than
    # reading every studied card in order (`deck:`, `kind:`, `is:suspended`,
    # and `rated:`, found through the review log: on 100,000 cards, rated:7
    # by due 16 -> 33 ms read in parts).
    in_parts = not any(
        isinstance(condition.term, TagTerm)
        or (isinstance(condition.term, TextTerm) and condition.term.key)
        or (not condition.negated and _narrows(condition.term))
        for condition in conditions
    )
    return CompiledQuery(" AND ".join(sqls) or "1", tuple(params), in_parts)


def _narrows(term: Term) -> bool:
    """Whether the cards that hold `term` are found through an index of their own."""
    return isinstance(term, DeckTerm | KindTerm | RatedTerm) or term == StateTerm("suspended")


def _term_sql(
    term: Term, now_ms: int, end_ms: int, factor: float, decay: float
) -> tuple[str, list[object]]:
    match term:
        case TextTerm(key):
            if not key:
                return "1", []
            return "t.search_text LIKE ? ESCAPE '\\'", [f"%{_escape_like(key)}%"]
        case DeckTerm(deck_id):
            # The deck and its children lie between its id and that id with
            # '0' (the character after '/') in place of the children's '/':
            # a range of the deck-order index, read in order rather than
            # every card tested (on 100,000 cards, 20,000 of them 11 ->
            # 2.6 ms). Stored deck ids are lower case (deck_format.DECK_ID),
            # so the range is of the lowered id; LIKE, which ignores ASCII
            # case, keeps the results as they were.
            lowered = deck_id.lower()
            return (
                "c.deck_id >= ? AND c.deck_id < ? "
                "AND (c.deck_id = ? OR c.deck_id LIKE ? ESCAPE '\\')"
            ), [lowered, f"{lowered}0", deck_id, f"{_escape_like(deck_id)}/%"]
        case TagTerm(tag, prefix):
            # Tags are stored as ' a b c ', so a whole tag matches ' tag '.
            end = "%" if prefix else " %"
            # The card's own copy of its tags: no join to the content.
            return "c.tags LIKE ? ESCAPE '\\'", [f"% {_escape_like(tag)}{end}"]
        case KindTerm(kind):
            # The card's own copy of its kind: no join to the content.
            return "c.kind = ?", [kind]
        case StateTerm(state):
            sql = _STATES[state]
            if ":day_end" in sql:
                return sql.replace(":day_end", "?"), [end_ms]
            return sql, []
        case PropTerm(name, operator, number):
            comparison = f"{_PROPS[name]} {operator} ?"
            if name == "r":
                return comparison, [factor, now_ms, decay, number]
            if name == "due":
                return f"c.state != 0 AND {comparison}", [now_ms, number]
            return comparison, [number]
        case RatedTerm(days):
            # The cards answered since then, found once through the time
            # index, which holds each answer's integer card id (schema 14).
            return (
                "c.id IN (SELECT card_ref FROM review_log "
                f"WHERE reviewed_at >= ? AND mode = '{STUDIED}')",
                [now_ms - days * DAY_MS],
            )


def _escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


# What each sort column orders by, in SQL (retrievability takes its curve's
# parameters). Cards without a value (new cards have no due date, interval,
# stability...) come last in either direction; ties keep deck order.
_ORDERS: dict[str, tuple[str, ...]] = {
    "deck": ("c.deck_id", "c.position"),
    "card": ("c.card_id",),
    # The searched text starts with the front, case and accents folded.
    "front": ("t.search_text",),
    "kind": ("c.kind",),
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
    "tags": ("c.tags",),
    "flag": ("c.flag",),
}
SORT_COLUMNS = tuple(_ORDERS)
DECK_ORDER = "c.deck_id, c.position"
# Columns every card has a value in: no NULL test before them, which would
# keep SQLite from reading the order off an index.
_NEVER_NULL = {"deck", "card", "front", "state", "lapses", "reps", "flag"}


def compile_order(order: str | None, *, descending: bool = False, now: datetime) -> CompiledOrder:
    """The SQL ORDER BY list that sorts matches by a column of `SORT_COLUMNS`
    (checked by the caller); None keeps deck order (decks, then cards as
    written)."""
    if order is None:
        return CompiledOrder(DECK_ORDER)
    direction = "DESC" if descending != (order == "retrievability") else "ASC"
    if order == "due":
        return _due_order(direction)
    terms = []
    for expression in _ORDERS[order]:
        if order not in _NEVER_NULL:
            terms.append(f"({expression}) IS NULL")
        terms.append(f"{expression} {direction}")
    params: tuple[object, ...] = ()
    if order == "retrievability":
        # The expression appears twice: for its NULL test and its value.
        params = (to_ms(now),) * 2
    return CompiledOrder(", ".join([*terms, DECK_ORDER]), params)


def _due_order(direction: str) -> CompiledOrder:
    """Studied cards by due date, then new cards, then studied cards without
    a due date (none but in a damaged file), each in deck order where they
    tie: in three parts, each read in order off an index of its own (on
    100,000 cards, all cards by due 68 -> 25 ms, where every match was
    sorted). Installed cards are new: installing writes nothing to the
    first index, nor to the last (`schema._migrate_to_14`)."""
    parts = (
        SortPart(
            "c.state != 0 AND c.due IS NOT NULL",
            # Descending, SQLite reads the index backwards and sorts only
            # the cards due at the same moment.
            f"c.due {direction}, {DECK_ORDER}",
            "card_by_due_order",
        ),
        SortPart("c.state = 0", DECK_ORDER, "card_by_state_in_deck_order"),
        SortPart("c.state != 0 AND c.due IS NULL", DECK_ORDER, "card_unscheduled_in_deck_order"),
    )
    return CompiledOrder(
        "CASE WHEN c.state = 0 THEN 1 WHEN c.due IS NULL THEN 2 ELSE 0 END, "
        f"CASE WHEN c.state != 0 THEN c.due END {direction}, {DECK_ORDER}",
        parts=parts,
    )
