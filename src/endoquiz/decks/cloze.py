"""Cloze deletions in Anki's syntax, `{{c1::text}}` and `{{c1::text::hint}}`."""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

__all__ = [
    "BLANK",
    "ClozeDeletion",
    "cloze_answer",
    "cloze_back",
    "cloze_front",
    "cloze_problems",
    "find_deletions",
    "malformed_cloze",
]

# At most nine digits: a longer number would exceed int()'s digit limit. The
# hidden text may not contain `{{`, `}}` or `::`, nor the hint `{{` or `}}`: so
# `{{c1::a} then {{c2::b}}` is malformed rather than one deletion hiding
# "a} then {{c2", and matching cannot run across other deletions.
_DELETION = re.compile(
    r"\{\{c(\d{1,9})::((?:(?!\{\{|\}\}|::).)*)(?:::((?:(?!\{\{|\}\}).)*))?\}\}", re.DOTALL
)
# Anything that opens like a deletion but does not parse as one. Possessive
# quantifiers: the runs of spaces must not be re-split on every failed match.
_OPENING = re.compile(r"\{\{\s*+[cC]\s*+\d*+\s*+:")

# Shown in place of the hidden text on the front of a card.
BLANK = "[…]"


@dataclass(frozen=True, slots=True)
class ClozeDeletion:
    """One `{{cN::text::hint}}` in a cloze text; `start` is its offset in the text."""

    ordinal: int
    text: str
    hint: str | None
    start: int


def find_deletions(text: str) -> list[ClozeDeletion]:
    """Every deletion in a cloze text, in order of appearance."""
    return [
        ClozeDeletion(int(match[1]), match[2], match[3], match.start())
        for match in _DELETION.finditer(text)
    ]


def malformed_cloze(text: str) -> int | None:
    """Offset of a `{{c...:` that is not a well-formed deletion, if there is one."""
    deletions = list(_DELETION.finditer(text))
    starts = [m.start() for m in deletions]
    for match in _OPENING.finditer(text):
        # Deletions do not overlap: only the last one starting at or before
        # this opening can cover it.
        index = bisect.bisect_right(starts, match.start()) - 1
        if index < 0 or match.start() >= deletions[index].end():
            return match.start()
    return None


def cloze_problems(text: str) -> list[str]:
    """What keeps a cloze text from making cards, in words (empty when it is
    sound): the deck checks report each, an Anki import leaves the note out."""
    offset = malformed_cloze(text)
    if offset is not None:
        snippet = text[offset : offset + 20]
        return [
            f"malformed cloze deletion near '{snippet}'; write {{{{c1::text}}}} "
            "or {{c1::text::hint}}"
        ]
    deletions = find_deletions(text)
    if not deletions:
        return ["cloze text has no deletion; mark one like {{c1::hidden text}}"]
    problems = []
    for deletion in deletions:
        if deletion.ordinal < 1:
            problems.append(f"cloze numbers start at c1, found c{deletion.ordinal}")
        if not deletion.text.strip():
            problems.append(f"cloze deletion c{deletion.ordinal} hides nothing")
    return problems


def cloze_front(text: str, ordinal: int) -> str:
    """The text with deletion `ordinal` hidden (as its hint when it has one)."""

    def replace(match: re.Match[str]) -> str:
        if int(match[1]) == ordinal:
            return f"[{match[3]}]" if match[3] else BLANK
        return match[2]

    return _DELETION.sub(replace, text)


def cloze_back(text: str, ordinal: int) -> str:
    """The full text with deletion `ordinal` in bold, so the answer stands out."""

    def replace(match: re.Match[str]) -> str:
        if int(match[1]) == ordinal:
            return f"**{match[2]}**"
        return match[2]

    return _DELETION.sub(replace, text)


def cloze_answer(text: str, ordinal: int) -> str:
    """The hidden text of deletion `ordinal` (joined when it occurs more than once)."""
    return " … ".join(d.text for d in find_deletions(text) if d.ordinal == ordinal)
