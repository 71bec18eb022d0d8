"""What each column of the card browser shows of a card: its header, its text, its tooltip."""

from __future__ import annotations

import re
from datetime import datetime, timedelta

from endoquiz import CardMatch, format_interval

__all__ = [
    "COLUMNS",
    "FLAG_NAMES",
    "NUMERIC_COLUMNS",
    "column_text",
    "column_tool_tip",
    "local_minute",
    "one_line",
    "state_name",
]

# (header, sort column of `Library.search_cards`), in table order.
COLUMNS: tuple[tuple[str, str], ...] = (
    ("Deck", "deck"),
    ("Front", "front"),
    ("Kind", "kind"),
    ("State", "state"),
    ("Due", "due"),
    ("Interval", "interval"),
    ("Stability", "stability"),
    ("Difficulty", "difficulty"),
    ("Recall", "retrievability"),
    ("Lapses", "lapses"),
    ("Tags", "tags"),
)
NUMERIC_COLUMNS = frozenset(
    {"due", "interval", "stability", "difficulty", "retrievability", "lapses"}
)
# Flags 1-4, as in Anki; 0 is none.
FLAG_NAMES = ("No flag", "Red", "Orange", "Green", "Blue")


def one_line(markdown: str, limit: int = 160) -> str:
    """Card text on one table line: emphasis marks and line breaks gone."""
    text = " ".join(re.sub(r"[*_`#>]", "", markdown).split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def state_name(match: CardMatch) -> str:
    """A card's state as the table names it."""
    name = match.state.label
    # Leeches stand out, as `is:leech` finds them.
    return f"{name}, leech" if match.is_leech else name


def local_minute(moment: datetime) -> str:
    """A moment in the learner's time zone, to the minute."""
    return moment.astimezone().strftime("%Y-%m-%d %H:%M")


def column_tool_tip(match: CardMatch, column: str, deck_title: str) -> str | None:
    """The tooltip of a card's cell in `column`, if that column has one."""
    flag = match.flag
    if column == "deck":
        return f"{deck_title}\n{match.deck_id}"
    if column == "front":
        return one_line(match.front, 1000)
    if column == "state":
        flagged = f", {FLAG_NAMES[flag].lower()} flag" if flag else ""
        suspended = ", suspended" if match.suspended else ""
        return f"{state_name(match)}{suspended}{flagged}"
    return None


def column_text(match: CardMatch, column: str, deck_title: str) -> str:
    """The text of a card's cell in `column`."""
    if column == "deck":
        # The full title: the title as a child ("Academic") is the same in
        # every article's tree.
        return deck_title
    if column == "front":
        return one_line(match.front)
    if column == "kind":
        return match.kind
    if column == "state":
        return "suspended" if match.suspended else state_name(match)
    if column == "due":
        return match.due.astimezone().strftime("%Y-%m-%d") if match.due else ""
    if column == "interval":
        days = match.interval_days
        return format_interval(timedelta(days=days)) if days else ""
    if column == "stability":
        return f"{match.stability:.1f} d" if match.stability is not None else ""
    if column == "difficulty":
        return f"{match.difficulty:.1f}" if match.difficulty is not None else ""
    if column == "retrievability":
        r = match.retrievability
        return f"{r:.0%}" if r is not None else ""
    if column == "lapses":
        return str(match.lapses)
    if column == "tags":
        return " ".join(match.tags)
    return ""
