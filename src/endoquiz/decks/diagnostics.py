"""Problems found in a deck file, each pinned to a file, line and column."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

__all__ = ["MAX_MESSAGE_CHARS", "DeckError", "Diagnostic", "Severity", "in_file_order"]

# A message quotes at most a few lines' worth of the deck (an unknown key,
# an invalid id): one of a megabyte would flood a terminal or a dialog.
MAX_MESSAGE_CHARS = 400


class Severity(StrEnum):
    """How bad a diagnostic is: errors make a deck unusable, warnings do not."""

    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, slots=True)
class Diagnostic:
    """One problem in a deck file.

    Attributes:
        path: the deck file.
        line: 1-based line of the offending node.
        column: 1-based column of the offending node.
        severity: error or warning.
        message: what is wrong, in words an educator understands.
    """

    path: Path
    line: int
    column: int
    severity: Severity
    message: str

    def __post_init__(self) -> None:
        # Messages quote the deck's text; keep each diagnostic one printable
        # line of bounded length. Cut before escaping too, so that a message
        # quoting megabytes costs no more than a short one.
        message = shorten(printable(shorten(self.message)))
        object.__setattr__(self, "message", message)

    def __str__(self) -> str:
        # The file name is the deck author's too: a newline or a right-to-left
        # override in it must not forge or disguise a FILE:LINE:COL line.
        where = printable(str(self.path))
        return f"{where}:{self.line}:{self.column}: {self.severity.value}: {self.message}"

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR


def in_file_order(diagnostics: Iterable[Diagnostic]) -> tuple[Diagnostic, ...]:
    """Diagnostics by line and column, as the author reads the file: those
    found beside it (renamed cards) among the file's own."""
    return tuple(sorted(diagnostics, key=lambda d: (d.line, d.column)))


def printable(text: str) -> str:
    """`text` with every character Python does not call printable escaped:
    controls, formats (e.g. right-to-left override), line separators, spaces
    other than ' ', surrogates, private-use and unassigned code points. Quoted
    deck text then cannot break or disguise a message, and what cannot be seen
    or drawn is shown as its code."""
    if text.isprintable():
        return text
    return "".join(
        ch if ch.isprintable() else ch.encode("unicode_escape").decode("ascii") for ch in text
    )


# Bidirectional classes that can reorder the text around them.
_BIDI_ACTIVE = {"R", "AL", "AN", "RLE", "RLO", "LRE", "LRO", "PDF", "RLI", "LRI", "FSI", "PDI"}


def isolated(text: str) -> str:
    """`text` (a deck's title, say) to show beside other text: wrapped in
    first-strong isolates (U+2068 ... U+2069) when it holds right-to-left
    letters or direction marks, which could otherwise reorder the words
    around it; left as it is otherwise."""
    if any(unicodedata.bidirectional(ch) in _BIDI_ACTIVE for ch in text):
        return f"\u2068{text}\u2069"
    return text


def shorten(text: str, limit: int = MAX_MESSAGE_CHARS) -> str:
    """`text`, or its start and end around ' … ' when longer than `limit`:
    what a message quotes from a deck sits in its middle, what to do about it
    at its end."""
    if len(text) <= limit:
        return text
    tail = limit // 3
    return text[: limit - tail - 3] + " … " + text[-tail:]


class DeckError(Exception):
    """A deck file cannot be used; carries every problem found in it.

    Attributes:
        path, line, column, message: those of the first error, for callers that
            show only one.
        diagnostics: every error and warning, in file order.
    """

    def __init__(self, diagnostics: Iterable[Diagnostic]) -> None:
        self.diagnostics: tuple[Diagnostic, ...] = tuple(diagnostics)
        errors = [d for d in self.diagnostics if d.is_error]
        if not errors:
            raise ValueError("DeckError needs at least one error diagnostic")
        first = errors[0]
        self.path: Path = first.path
        self.line: int = first.line
        self.column: int = first.column
        self.message: str = first.message
        super().__init__(str(first))

    @property
    def errors(self) -> tuple[Diagnostic, ...]:
        return tuple(d for d in self.diagnostics if d.is_error)

    def __str__(self) -> str:
        return "\n".join(str(d) for d in self.diagnostics)
