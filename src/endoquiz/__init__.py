"""endoquiz: flashcards and quizzes with FSRS spaced repetition, on decks written in YAML.

The public API (documented in docs/api.md) is re-exported here; nothing in
this package outside `endoquiz.gui` imports Qt.
"""

from typing import TYPE_CHECKING, Any

from endoquiz.decks.card_text import (
    back_markdown,
    deck_preview_markdown,
    revealed_markdown,
    source_markdown,
)
from endoquiz.decks.cloze import BLANK as CLOZE_GAP
from endoquiz.decks.deck_model import Card, CardKind, CardSource, Deck, DeckSource, Rename
from endoquiz.decks.diagnostics import DeckError, Diagnostic, Severity, isolated, printable
from endoquiz.library.appearance import THEMES, Appearance
from endoquiz.library.deck_files import DECK_SUFFIXES
from endoquiz.library.deck_status import DeckImport, DeckStatus, InstalledDeck, TreeStatus
from endoquiz.library.front_door import Library
from endoquiz.progress.backups import Backup, BackupError
from endoquiz.progress.recovery import Recovery
from endoquiz.scheduling import (
    LEECH_LAPSES,
    MAX_RETENTION,
    MIN_RETENTION,
    QUIZ_SCHEDULES,
    AnswerMode,
    CardState,
    QuizSchedule,
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
    from endoquiz.anki.errors import AnkiPackageError
    from endoquiz.decks.deck_editing import CardEdit, DeckEditError, DeckEntry
    from endoquiz.decks.deck_loader import DeckCheck, check_deck, check_decks, load_deck
    from endoquiz.library.anki_export import AnkiExportSummary
    from endoquiz.library.anki_import import AnkiImport, AnkiImportSummary
    from endoquiz.library.card_renames import rename_warnings
    from endoquiz.library.deck_sharing import SHARED_DECK_SUFFIX, SharedDeck, SharedDeckError
    from endoquiz.paths import (
        DATA_DIR_ENV,
        bundled_decks_dir,
        find_doc,
        portable_data_dir,
        resolve_data_dir,
    )
    from endoquiz.progress.database_check import DatabaseCheck
    from endoquiz.progress.instance_lock import ActivationListener, InstanceLock, ask_to_activate
    from endoquiz.progress.progress_file import (
        PROGRESS_FILE_SUFFIX,
        ProgressFileError,
        progress_file_path,
    )
    from endoquiz.study.answer_checking import AnswerCheck, DiffSegment, check_choice, check_typed
    from endoquiz.study.card_search import CardMatch, SearchError, SearchResult
    from endoquiz.study.optimizer import (
        KEPT_CURRENT,
        MIN_REVIEWS,
        NotEnoughReviewsError,
        Optimization,
        optimize_command,
    )
    from endoquiz.study.quiz_questions import QuestionKind, QuizQuestion
    from endoquiz.study.quiz_session import QuizReport, QuizResult, QuizSession
    from endoquiz.study.short_answers import short_answer_forms
    from endoquiz.study.statistics import HEATMAP_DAYS, DeckOverview, StateCounts, Statistics
    from endoquiz.study.study_controller import StudyController, Verdict

# Public names whose modules load on first use (module: names), keeping
# start-up fast: the YAML parser, quizzes and answer checking (which the study
# controller uses) are not needed to show the deck list, nor search,
# statistics, the optimizer (fsrs-rs), progress files, the database check or
# the instance lock (sockets, threads); `import endoquiz` in a script needs
# none of the data-folder helpers either.
_LAZY = {
    "anki.errors": ("AnkiPackageError",),
    "library.anki_import": ("AnkiImport", "AnkiImportSummary"),
    "library.anki_export": ("AnkiExportSummary",),
    "library.deck_sharing": ("SHARED_DECK_SUFFIX", "SharedDeck", "SharedDeckError"),
    "library.card_renames": ("rename_warnings",),
    "decks.deck_loader": ("DeckCheck", "check_deck", "check_decks", "load_deck"),
    # The card editor's, with ruamel.yaml: not needed until a card is edited.
    "decks.deck_editing": ("CardEdit", "DeckEditError", "DeckEntry"),
    "study.answer_checking": ("AnswerCheck", "DiffSegment", "check_choice", "check_typed"),
    "study.quiz_questions": ("QuestionKind", "QuizQuestion"),
    "study.quiz_session": ("QuizReport", "QuizResult", "QuizSession"),
    "progress.progress_file": ("PROGRESS_FILE_SUFFIX", "ProgressFileError", "progress_file_path"),
    "study.statistics": ("HEATMAP_DAYS", "DeckOverview", "StateCounts", "Statistics"),
    "study.short_answers": ("short_answer_forms",),
    "study.study_controller": ("StudyController", "Verdict"),
    "study.card_search": ("CardMatch", "SearchError", "SearchResult"),
    "progress.database_check": ("DatabaseCheck",),
    "sync.folder_sync": ("SyncFolderError", "SyncReport"),
    "library.synced_decks": ("OfferedDeck",),
    "study.optimizer": (
        "KEPT_CURRENT",
        "MIN_REVIEWS",
        "NotEnoughReviewsError",
        "Optimization",
        "optimize_command",
    ),
    "progress.instance_lock": ("ActivationListener", "InstanceLock", "ask_to_activate"),
    "paths": (
        "DATA_DIR_ENV",
        "bundled_decks_dir",
        "find_doc",
        "portable_data_dir",
        "resolve_data_dir",
    ),
}


def __getattr__(name: str) -> Any:
    """Names whose import costs start-up time, loaded on first use: those of
    `_LAZY` (the deck loader, with the YAML parser, is not needed to start
    with unchanged decks) and `__version__` (importlib.metadata)."""
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
    "DATA_DIR_ENV",
    "DECK_SUFFIXES",
    "HEATMAP_DAYS",
    "KEPT_CURRENT",
    "LEECH_LAPSES",
    "MAX_RETENTION",
    "MIN_RETENTION",
    "MIN_REVIEWS",
    "PROGRESS_FILE_SUFFIX",
    "QUIZ_SCHEDULES",
    "SHARED_DECK_SUFFIX",
    "THEMES",
    "ActivationListener",
    "AnkiExportSummary",
    "AnkiImport",
    "AnkiImportSummary",
    "AnkiPackageError",
    "AnswerCheck",
    "AnswerMode",
    "Appearance",
    "Backup",
    "BackupError",
    "Card",
    "CardChangedError",
    "CardEdit",
    "CardKind",
    "CardMatch",
    "CardSource",
    "CardState",
    "DatabaseCheck",
    "DatabaseDamageError",
    "Deck",
    "DeckCheck",
    "DeckEditError",
    "DeckEntry",
    "DeckError",
    "DeckImport",
    "DeckOverview",
    "DeckSource",
    "DeckStatus",
    "Diagnostic",
    "DiffSegment",
    "InstalledDeck",
    "InstanceLock",
    "Library",
    "NotEnoughReviewsError",
    "OfferedDeck",
    "Optimization",
    "ProgressFileError",
    "QuestionKind",
    "QuizQuestion",
    "QuizReport",
    "QuizResult",
    "QuizSchedule",
    "QuizSession",
    "Rating",
    "Recovery",
    "Rename",
    "ReviewEntry",
    "ReviewSession",
    "SearchError",
    "SearchResult",
    "SessionCounts",
    "SessionSummary",
    "Severity",
    "SharedDeck",
    "SharedDeckError",
    "State",
    "StateCounts",
    "Statistics",
    "StoreError",
    "StoreWriteError",
    "StudyController",
    "StudySettings",
    "SyncFolderError",
    "SyncReport",
    "TreeStatus",
    "Verdict",
    "__version__",
    "ask_to_activate",
    "back_markdown",
    "bundled_decks_dir",
    "check_choice",
    "check_deck",
    "check_decks",
    "check_typed",
    "deck_preview_markdown",
    "describe_error",
    "find_doc",
    "format_interval",
    "isolated",
    "load_deck",
    "optimize_command",
    "portable_data_dir",
    "printable",
    "progress_file_path",
    "rename_warnings",
    "resolve_data_dir",
    "revealed_markdown",
    "short_answer_forms",
    "source_markdown",
    "workload_note",
]
