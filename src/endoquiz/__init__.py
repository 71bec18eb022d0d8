"""endoquiz: flashcards and quizzes with FSRS spaced repetition, on decks written in YAML.

The public API (documented in docs/api.md) is re-exported here; nothing in
this package outside `endoquiz.gui` imports Qt.
"""

from typing import TYPE_CHECKING, Any

from endoquiz.answer_checking import AnswerCheck, DiffSegment, check_choice, check_typed
from endoquiz.appearance import Appearance
from endoquiz.deck_model import Card, CardKind, CardSource, Deck, DeckSource
from endoquiz.diagnostics import DeckError, Diagnostic, Severity
from endoquiz.library import DeckStatus, InstalledDeck, Library
from endoquiz.progress_store import ReviewEntry, StoreError
from endoquiz.quiz_session import QuestionKind, QuizQuestion, QuizReport, QuizResult, QuizSession
from endoquiz.review_session import ReviewSession, SessionCounts, SessionSummary
from endoquiz.scheduling import (
    CardState,
    Rating,
    State,
    StudySettings,
    format_interval,
    workload_note,
)

if TYPE_CHECKING:
    from endoquiz.deck_loader import DeckCheck, check_deck, load_deck

_LAZY = {"DeckCheck", "check_deck", "load_deck"}


def __getattr__(name: str) -> Any:
    """Names whose import costs start-up time, loaded on first use: the deck
    loader (with the YAML parser, not needed to start with unchanged decks)
    and `__version__` (importlib.metadata)."""
    if name in _LAZY:
        from endoquiz import deck_loader

        return getattr(deck_loader, name)
    if name == "__version__":
        from importlib.metadata import PackageNotFoundError, version

        try:
            return version("endoquiz")
        except PackageNotFoundError:  # pragma: no cover - an unpacked source tree
            return "0+unknown"
    raise AttributeError(f"module 'endoquiz' has no attribute {name!r}")


__all__ = [
    "AnswerCheck",
    "Appearance",
    "Card",
    "CardKind",
    "CardSource",
    "CardState",
    "Deck",
    "DeckCheck",
    "DeckError",
    "DeckSource",
    "DeckStatus",
    "Diagnostic",
    "DiffSegment",
    "InstalledDeck",
    "Library",
    "QuestionKind",
    "QuizQuestion",
    "QuizReport",
    "QuizResult",
    "QuizSession",
    "Rating",
    "ReviewEntry",
    "ReviewSession",
    "SessionCounts",
    "SessionSummary",
    "Severity",
    "State",
    "StoreError",
    "StudySettings",
    "__version__",
    "check_choice",
    "check_deck",
    "check_typed",
    "format_interval",
    "load_deck",
    "workload_note",
]
