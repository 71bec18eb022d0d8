"""endoquiz: flashcards and quizzes with FSRS spaced repetition, on decks written in YAML.

The public API (documented in docs/api.md) is re-exported here; nothing in
this package outside `endoquiz.gui` imports Qt.
"""

from typing import TYPE_CHECKING, Any

from endoquiz.decks.cloze import BLANK as CLOZE_GAP
from endoquiz.decks.deck_model import Card, CardKind, CardSource, Deck, DeckSource
from endoquiz.decks.diagnostics import DeckError, Diagnostic, Severity
from endoquiz.library.appearance import Appearance
from endoquiz.library.front_door import Library
from endoquiz.library.installed_decks import DeckImport, DeckStatus, InstalledDeck
from endoquiz.progress.backups import Backup, BackupError, Recovery
from endoquiz.scheduling import (
    CardState,
    Rating,
    State,
    StudySettings,
    format_interval,
    workload_note,
)
from endoquiz.store.errors import (
    CardChangedError,
    DatabaseDamageError,
    StoreError,
    StoreWriteError,
    describe_error,
)
from endoquiz.store.rows import ReviewEntry
from endoquiz.study.review_session import ReviewSession, SessionCounts, SessionSummary

if TYPE_CHECKING:
    from endoquiz.decks.deck_loader import DeckCheck, check_deck, check_decks, load_deck
    from endoquiz.progress.progress_file import progress_file_path
    from endoquiz.study.answer_checking import AnswerCheck, DiffSegment, check_choice, check_typed
    from endoquiz.study.quiz_session import (
        QuestionKind,
        QuizQuestion,
        QuizReport,
        QuizResult,
        QuizSession,
    )
    from endoquiz.study.short_answers import short_answer_forms
    from endoquiz.study.statistics import DeckOverview
    from endoquiz.study.study_controller import StudyController, Verdict

# Public names whose modules load on first use (module: names), keeping
# start-up fast: the YAML parser, quizzes and answer checking (which the study
# controller uses) are not needed to show the deck list.
_LAZY = {
    "decks.deck_loader": ("DeckCheck", "check_deck", "check_decks", "load_deck"),
    "study.answer_checking": ("AnswerCheck", "DiffSegment", "check_choice", "check_typed"),
    "study.quiz_session": (
        "QuestionKind",
        "QuizQuestion",
        "QuizReport",
        "QuizResult",
        "QuizSession",
    ),
    "progress.progress_file": ("progress_file_path",),
    "study.statistics": ("DeckOverview",),
    "study.short_answers": ("short_answer_forms",),
    "study.study_controller": ("StudyController", "Verdict"),
}


def __getattr__(name: str) -> Any:
    """Names whose import costs start-up time, loaded on first use: the deck
    loader (with the YAML parser, not needed to start with unchanged decks)
    and `__version__` (importlib.metadata)."""
    for module, names in _LAZY.items():
        if name in names:
            import importlib

            return getattr(importlib.import_module(f"endoquiz.{module}"), name)
    if name == "__version__":
        from importlib.metadata import PackageNotFoundError, version

        try:
            return version("endoquiz")
        except PackageNotFoundError:  # pragma: no cover - an unpacked source tree
            return "0+unknown"
    raise AttributeError(f"module 'endoquiz' has no attribute {name!r}")


__all__ = [
    "CLOZE_GAP",
    "AnswerCheck",
    "Appearance",
    "Backup",
    "BackupError",
    "Card",
    "CardChangedError",
    "CardKind",
    "CardSource",
    "CardState",
    "DatabaseDamageError",
    "Deck",
    "DeckCheck",
    "DeckError",
    "DeckImport",
    "DeckOverview",
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
    "Recovery",
    "ReviewEntry",
    "ReviewSession",
    "SessionCounts",
    "SessionSummary",
    "Severity",
    "State",
    "StoreError",
    "StoreWriteError",
    "StudyController",
    "StudySettings",
    "Verdict",
    "__version__",
    "check_choice",
    "check_deck",
    "check_decks",
    "check_typed",
    "describe_error",
    "format_interval",
    "load_deck",
    "progress_file_path",
    "short_answer_forms",
    "workload_note",
]
