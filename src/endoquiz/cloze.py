"""Cloze deletions in Anki's syntax, `{{c1::text}}` and `{{c1::text::hint}}`."""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["ClozeDeletion", "cloze_back", "cloze_front", "find_deletions", "malformed_cloze"]

_DELETION = re.compile(r"\{\{c(\d+)::(.*?)(?:::(.*?))?\}\}", re.DOTALL)
# Anything that opens like a deletion but does not parse as one.
_OPENING = re.compile(r"\{\{\s*[cC]\s*\d*\s*:")

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
    covered = [(m.start(), m.end()) for m in _DELETION.finditer(text)]
    for match in _OPENING.finditer(text):
        if not any(start <= match.start() < end for start, end in covered):
            return match.start()
    return None


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
