"""The diagnostics of checking one deck file, within the limits on how many are listed."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from endoquiz.decks.deck_model import Deck
from endoquiz.decks.diagnostics import Diagnostic, Severity, in_file_order
from endoquiz.decks.yaml_tree import Node

__all__ = ["MAX_ERRORS", "MAX_WARNINGS", "CheckReport", "DeckCheck", "ErrorLimitError"]

# After this many errors checking stops: a file with thousands of broken
# cards would otherwise take seconds and gigabytes to list them all, and
# nobody reads past the first screenful. Warnings beyond it are counted.
MAX_ERRORS = 100
MAX_WARNINGS = 100


class ErrorLimitError(Exception):
    """Raised by the report at its MAX_ERRORS-th error, to stop checking."""


@dataclass(frozen=True, slots=True)
class DeckCheck:
    """The outcome of checking a deck file: the deck when it is valid, and every diagnostic."""

    path: Path
    deck: Deck | None
    diagnostics: tuple[Diagnostic, ...]

    @property
    def errors(self) -> tuple[Diagnostic, ...]:
        return tuple(d for d in self.diagnostics if d.is_error)

    @property
    def warnings(self) -> tuple[Diagnostic, ...]:
        return tuple(d for d in self.diagnostics if not d.is_error)

    def with_diagnostics(self, more: tuple[Diagnostic, ...]) -> DeckCheck:
        """This check with `more` problems found beside the file (those of
        renamed cards, against a learner's progress), all in line order,
        as the author reads the file."""
        if not more:
            return self
        return DeckCheck(self.path, self.deck, in_file_order((*self.diagnostics, *more)))


class CheckReport:
    """Collects one deck file's diagnostics as its checks find them.

    Attributes:
        error_count: errors reported so far; a check compares it before and
            after a part to tell whether that part had any.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self.diagnostics: list[Diagnostic] = []
        self.error_count = 0
        self.warning_count = 0
        self._last_warning: Node | None = None

    def error_at(self, line: int, column: int, message: str) -> None:
        self.error_count += 1
        if self.error_count > MAX_ERRORS:
            self.diagnostics.append(
                Diagnostic(
                    self.path,
                    line,
                    column,
                    Severity.ERROR,
                    f"more than {MAX_ERRORS} errors; checking stopped here: "
                    "fix these and check the file again",
                )
            )
            raise ErrorLimitError
        self.diagnostics.append(Diagnostic(self.path, line, column, Severity.ERROR, message))

    def error(self, node: Node, message: str) -> None:
        self.error_at(node.line, node.column, message)

    def warning(self, node: Node, message: str) -> None:
        self.warning_count += 1
        if self.warning_count > MAX_WARNINGS:
            self._last_warning = node
            return
        self.diagnostics.append(
            Diagnostic(self.path, node.line, node.column, Severity.WARNING, message)
        )

    def result(self, deck: Deck | None) -> DeckCheck:
        """The outcome, in file order: the deck only when no error was reported."""
        hidden = self.warning_count - MAX_WARNINGS
        if hidden > 0 and self._last_warning is not None:
            self.diagnostics.append(
                Diagnostic(
                    self.path,
                    self._last_warning.line,
                    self._last_warning.column,
                    Severity.WARNING,
                    f"{hidden} more warning(s) up to here not listed",
                )
            )
        ordered = sorted(self.diagnostics, key=lambda d: (d.line, d.column))
        has_error = any(d.is_error for d in ordered)
        return DeckCheck(self.path, None if has_error else deck, tuple(ordered))
