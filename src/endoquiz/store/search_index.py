"""What the store keeps of a card's text to search: case and accents folded."""

from __future__ import annotations

import unicodedata
from typing import Any


class _WithoutMarks(dict[int, int | None]):
    """A `str.translate` table that drops combining marks (accents once
    NFKD has split them off), filled in as characters are first met: a
    Python test per character took 40% of installing a deck."""

    def __missing__(self, code: int) -> int | None:
        kept = None if unicodedata.combining(chr(code)) else code
        self[code] = kept
        return kept


_WITHOUT_MARKS = _WithoutMarks()


def search_text(text: str) -> str:
    """Text as searched: case and accents ignored, spaces collapsed."""
    if text.isascii():
        # No accents to fold, and NFKD leaves ASCII as it is.
        return " ".join(text.lower().split())
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return " ".join(decomposed.translate(_WITHOUT_MARKS).split())


def index_fields(content: dict[str, Any]) -> tuple[str, str, str]:
    """(kind, tags as ' a b ', search text) of a card's stored content: what
    queries filter on in SQL."""
    # What the card says, and where in its source: not the article's title
    # or the tags, which every card of a deck shares (tags have tag:).
    _article, section, quote = content.get("source") or [None, None, None]
    texts = [
        content.get("front") or "",
        content.get("back") or "",
        content.get("answer") or "",
        content.get("explanation") or "",
        *content.get("choices", []),
        *content.get("accept", []),
        section or "",
        quote or "",
    ]
    tags = content.get("tags", [])
    tag_field = " " + " ".join(search_text(tag) for tag in tags) + " "
    return content["kind"], tag_field, search_text(" ".join(texts))
