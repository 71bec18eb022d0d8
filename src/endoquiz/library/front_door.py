"""The learner's library: installed decks, their progress, and study sessions.

This is the public entry point of the core, used alike by the GUI, the CLI and
scripts (see docs/api.md). It is a front door, as Anki's `Collection` is: one
documented method per operation, each a few lines that delegate to the parts
in this package and the layers below; its length is the API's documentation.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Iterable, Mapping
from dataclasses import replace
from datetime import UTC, datetime, timedelta, tzinfo
from datetime import timezone as fixed_offset
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any

from endoquiz.library.appearance import Appearance
from endoquiz.progress.backups import (
    BACKUP_FOLDER,
    BACKUP_INTERVAL,
    Backup,
    list_backups,
    make_backup,
)
from endoquiz.progress.clean_close import forget_clean_close, mark_closed_cleanly
from endoquiz.progress.recovery import Recovery, restore_backup

if TYPE_CHECKING:
    from endoquiz.decks.deck_editing import CardEdit, DeckEntry, FieldValue
    from endoquiz.library.anki_export import AnkiExportSummary
    from endoquiz.library.anki_import import AnkiImport, AnkiImportSummary
    from endoquiz.library.deck_sharing import SharedDeck
    from endoquiz.library.synced_decks import OfferedDeck
    from endoquiz.progress.database_check import DatabaseCheck
    from endoquiz.study.card_search import SearchResult
    from endoquiz.study.optimizer import Optimization
    from endoquiz.study.quiz_session import QuizSession
    from endoquiz.study.statistics import DeckOverview, Statistics
    from endoquiz.sync.folder_sync import SyncReport
from endoquiz.common.clock import moment_or_now
from endoquiz.decks.deck_model import (
    Card,
    Deck,
    read_stored_card,
)
from endoquiz.decks.deck_tree import subtree, tree_order, tree_titles
from endoquiz.decks.diagnostics import DeckError
from endoquiz.library.deck_counts import DeckCounts
from endoquiz.library.deck_status import DeckImport, InstalledDeck, TreeStatus
from endoquiz.library.installed_decks import InstalledDecks
from endoquiz.library.opening import open_checked
from endoquiz.library.stored_cards import StoredCardTexts
from endoquiz.library.stored_settings import SETTING_READERS, StoredSettings
from endoquiz.scheduling import (
    CardState,
    StudySettings,
    forgetting_curve,
    next_study_day_start,
)
from endoquiz.scheduling.scheduler import Scheduler, make_scheduler
from endoquiz.store.errors import StoreError
from endoquiz.store.progress_store import DB_FILENAME, ProgressStore
from endoquiz.store.rows import FLAGS, InstalledDeckRow, ReviewEntry
from endoquiz.store.sync_settings import SYNC_FOLDER_KEY
from endoquiz.study.review_session import ReviewSession, SessionCounts

__all__ = ["Library"]


class Library:
    """A learner's decks and progress, kept in a data folder. Use `Library.open`."""

    def __init__(
        self,
        data_dir: Path,
        store: ProgressStore,
        *,
        fuzz: bool,
        zone: tzinfo | None,
        recovery: Recovery | None = None,
    ):
        self.data_dir = data_dir
        self._fuzz = fuzz
        self._zone = zone
        # What was done at open with a damaged database, to tell the learner.
        self.recovery = recovery
        # Set by `open` when the journal (WAL) held changes SQLite dropped.
        self.journal_problem: str | None = None
        # When the database was last checked whole (quick_check).
        self.checked_at = datetime.now(UTC)
        # Commits seen made through other connections (`changes`).
        self._changes_elsewhere = 0
        self._attach(store)
        # The write count at the last backup: no change, no new backup.
        self._changes_backed_up = self.changes

    def _attach(self, store: ProgressStore) -> None:
        """Use `store`, and build on it the parts the library's operations
        delegate to (again after a restore puts another file in place)."""
        self._store = store
        store.zone = self._zone
        # Commits through other connections are counted from here on (`changes`).
        self._seen_version = store.data_version()
        self._installed = InstalledDecks(self.data_dir, store)
        self._texts = StoredCardTexts(store, self._installed)
        self._stored = StoredSettings(store)
        self._counts = DeckCounts(store, lambda: self._stored.study, self._zone)

    @classmethod
    def open(
        cls,
        data_dir: str | os.PathLike[str],
        *,
        fuzz: bool = True,
        timezone: tzinfo | None = None,
        exclusive: bool = False,
        full_check: bool = False,
    ) -> Library:
        """Open (creating if needed) the library in `data_dir`.

        Args:
            fuzz: spread intervals a little, as Anki does, so cards learned
                together do not stay together; off for reproducible tests.
            timezone: zone in which study days roll over; None for the system's.
            exclusive: the caller holds the data folder's lock (the app does),
                so no other process can be writing the database's journal.
            full_check: check the whole file, its text read back too, even
                when it was closed cleanly and looks unchanged (a read has
                just found it damaged); `check_whole_at_next_open` asks the
                next open for the same.

        Raises:
            StoreError: when the progress database cannot be used.
        """
        opened = open_checked(Path(data_dir), exclusive=exclusive, full_check=full_check)
        library = cls(
            opened.folder, opened.store, fuzz=fuzz, zone=timezone, recovery=opened.recovery
        )
        library.checked_at = opened.checked_at
        library.journal_problem = opened.journal_problem
        return library

    def open_notes(self) -> list[str]:
        """What `open` did or found that the learner must be told, in words:
        a database recovered from a backup, answers the journal lost,
        stored settings that could not be used."""
        notes = [self.recovery.message()] if self.recovery is not None else []
        return notes + [
            problem
            for problem in (self.settings_problem, self.journal_problem)
            if problem is not None
        ]

    @staticmethod
    def check_whole_at_next_open(data_dir: str | os.PathLike[str]) -> None:
        """Make the next `open` of `data_dir` check the whole database (and
        recover it from a backup if damaged), even if it was closed cleanly:
        for a read that found damage."""
        forget_clean_close(Path(data_dir) / DB_FILENAME)

    @property
    def db_path(self) -> Path:
        return self._store.path

    @property
    def changes(self) -> int:
        """How many rows this library has written to its database since it
        was opened (or restored), and how many times it has seen another
        connection commit (a sync, a deck install or an Anki import in a
        worker thread, another process): compared before and after an
        action, it tells whether anything changed, and the quit's backup
        keeps what did."""
        # Another connection's commit moves SQLite's data_version.
        version = self._store.data_version()
        if version != self._seen_version:
            self._seen_version = version
            self._changes_elsewhere += 1
        return self._store.changes + self._changes_elsewhere

    def close(self) -> None:
        self._store.close()
        mark_closed_cleanly(self.db_path, self.checked_at)

    # -- backups -------------------------------------------------------------

    @property
    def backup_folder(self) -> Path:
        return self.data_dir / BACKUP_FOLDER

    def backups(self) -> list[Backup]:
        """The backups of the progress database, newest first."""
        return list_backups(self.backup_folder)

    def backup(self, now: datetime | None = None) -> Path:
        """Back up the progress database now, and thin the older backups
        (every one of the last day, then 12 daily, 10 weekly, 9 monthly).
        Returns the new backup's path.

        Raises:
            BackupError: when it cannot be written (a full disk, say).
        """
        return self._backup(now)

    def _backup(self, now: datetime | None, *, protect: Path | None = None) -> Path:
        """A backup, thinning the others but never `protect`."""
        moment = moment_or_now(now)
        changes = self.changes
        path = make_backup(
            self._store.backup_into, self.backup_folder, moment, zone=self._zone, protect=protect
        )
        self._changes_backed_up = changes
        return path

    def backup_if_due(self, now: datetime | None = None, *, quitting: bool = False) -> Path | None:
        """A backup when progress changed since the last one and the newest
        is `BACKUP_INTERVAL` old (at any age when `quitting`); else None."""
        moment = moment_or_now(now)
        if self._changes_backed_up == self.changes:
            return None
        # Only a backup made before now says when the last one was: one
        # named later was made while the clock was ahead.
        newest = [b for b in list_backups(self.backup_folder, moment) if b.created <= moment][:1]
        if newest and not quitting and moment - newest[0].created < BACKUP_INTERVAL:
            return None
        return self.backup(moment)

    def restore(self, backup: Path, now: datetime | None = None) -> Path:
        """Put a backup's progress in place of the current one, after backing
        the current one up (returned, so that the restore can be undone).
        Sessions and search results of this library must not be used after.

        Raises:
            BackupError: when the backup is damaged or from a newer endoquiz;
                nothing changes then.
        """
        safety = self._backup(now, protect=backup)
        self._store.close()
        try:
            restore_backup(backup, self.db_path)
        finally:
            self._attach(ProgressStore(self.db_path))
        self._changes_backed_up = self.changes
        return safety

    def __enter__(self) -> Library:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()

    # -- Anki packages -------------------------------------------------------

    def preview_anki_import(self, path: str | os.PathLike[str]) -> AnkiImportSummary:
        """What importing the Anki package at `path` would bring (its decks,
        notes, cards, media and answers, and what would be left out or
        changed), read and converted with nothing written to the library:
        the summary a learner reads before importing (`endoquiz import
        --dry-run`, File → Import). Its collection is extracted into a
        scratch folder in the data folder, removed before returning. Anki's
        plain-text notes export and CSV/TSV files with a header row are read
        too, told from the content (docs/anki.md).

        Raises:
            AnkiPackageError: for a file that is not a package endoquiz can
                read, in one line (a StoreError).
        """
        from endoquiz.library.anki_import import preview_anki_import

        return preview_anki_import(
            Path(path), self.data_dir, self._anki_parameters(), steps=self._anki_steps()
        )

    def import_anki(
        self,
        path: str | os.PathLike[str],
        now: datetime | None = None,
        *,
        cancel: threading.Event | None = None,
        on_step: Callable[[str], None] | None = None,
        on_summary: Callable[[AnkiImportSummary], bool] | None = None,
    ) -> AnkiImport:
        """Import the Anki package at `path`, once it is read (and confirmed,
        with `on_summary`) and the library backed up:
        each of its decks written as a deck file (with the images its cards
        show) in `decks/anki/` of the data folder, installed, and its
        progress merged, all as one change. Importing the same package again
        updates those decks: entries keep their ids (from Anki's note GUIDs),
        answers already imported are not added twice, and entries the
        learner added to an imported deck file stay.

        A failure, or `cancel` set from any thread (a window runs this in a
        worker), leaves the library and its files exactly as they were;
        `on_step` is called with "reading", "converting", "writing" and
        "saving" as each begins, in the calling thread; `on_summary` with
        the summary `preview_anki_import` gives, once the package is read
        and nothing is written yet: the import goes on only if it returns
        True (the learner read it and confirmed).

        Raises:
            AnkiPackageError: for a package that cannot be read or imported,
                in one line (a StoreError); nothing is written then.
            StoreError: when the library cannot be written (a full disk).
        """
        from endoquiz.library.anki_import import import_anki

        return import_anki(
            Path(path),
            self._installed,
            self._store.path,
            self._anki_parameters(),
            now=now,
            cancel=cancel,
            on_step=on_step,
            on_summary=on_summary,
            steps=self._anki_steps(),
            back_up=lambda: self.backup(now),
        )

    def _anki_steps(self) -> tuple[int, int]:
        """How many learning and relearning steps a card in learning from
        Anki goes on through here."""
        settings = self.settings
        return len(settings.learning_steps), len(settings.relearning_steps)

    def _anki_parameters(self) -> tuple[float, ...]:
        """FSRS's weights for Anki cards without a memory state: those
        fitted to the learner, else FSRS's own."""
        import fsrs_rs_python

        return tuple(self.settings.parameters or fsrs_rs_python.DEFAULT_PARAMETERS)

    def export_anki(
        self, deck_id: str, path: str | os.PathLike[str], *, with_progress: bool = False
    ) -> AnkiExportSummary:
        """Write the deck `deck_id` and its subdecks to an Anki package
        (`.apkg`) at `path`, which Anki imports (docs/anki.md says what each
        card kind becomes and what is not carried); `with_progress` carries
        card states and the review log too. The file is written whole beside
        `path`, then put in its place: a failed export leaves it as it was.

        Raises:
            KeyError: when no deck is installed at or below `deck_id`.
            DeckError: when one of the decks' files is missing or invalid.
            StoreWriteError: when the file cannot be written (a read-only
                folder, a full disk), in one line.
        """
        from endoquiz.library.anki_export import export_anki

        return export_anki(self, deck_id, Path(path), with_progress=with_progress, zone=self._zone)

    def export_csv(
        self, deck_id: str, path: str | os.PathLike[str], *, delimiter: str = ","
    ) -> int:
        """Write the cards of `deck_id` and its subdecks to a CSV file (front,
        back, tags; a tab `delimiter` for TSV), for a spreadsheet or Anki's
        text import, written whole as `export_anki` writes. Returns the cards
        written.

        Raises:
            KeyError, DeckError, StoreWriteError: as `export_anki`.
        """
        from endoquiz.library.anki_export import export_csv

        return export_csv(self, deck_id, Path(path), delimiter)

    def export_deck_file(self, deck_id: str, path: str | os.PathLike[str]) -> SharedDeck:
        """Write the deck `deck_id` to a shared deck file (`.endoquiz`) at
        `path`: its YAML file as written, the images its cards show and a
        manifest, never progress; in stable bytes, written whole as
        `export_anki` writes. Its children are not in it (share each).

        Raises:
            KeyError: when no deck file of that id is installed.
            DeckError: when the deck's file is missing or invalid.
            StoreWriteError: when the file cannot be written, in one line.
        """
        from endoquiz.library.deck_sharing import export_deck_file

        return export_deck_file(self.deck(deck_id), Path(path))

    def import_deck_file(
        self, path: str | os.PathLike[str], now: datetime | None = None
    ) -> SharedDeck:
        """Open a shared deck file: checked whole (the zip as an Anki
        package is, its manifest, the deck as any deck file) before
        anything is written, then installed as a copy in `decks/` of the
        data folder with its images; a deck opened again is updated, its
        progress kept.

        Raises:
            SharedDeckError: for a file that cannot be opened, in one line;
                nothing is written then.
            StoreWriteError: when the deck cannot be copied into the data
                folder (a full disk).
            StoreError: when the database cannot be written.
        """
        from endoquiz.library.deck_sharing import import_deck_file

        return import_deck_file(Path(path), self._installed, now)

    def read_deck_file(self, path: str | os.PathLike[str]) -> SharedDeck:
        """What a shared deck file holds (its deck's id, title, cards and
        images), read without opening it: nothing is written.

        Raises:
            SharedDeckError: for a file that cannot be opened, in one line.
        """
        from endoquiz.library.deck_sharing import read_deck_file

        return read_deck_file(Path(path))

    # -- moving progress -----------------------------------------------------

    def export_progress(self, path: str | os.PathLike[str], now: datetime | None = None) -> int:
        """Write the review log, card states and settings to one portable file
        (gzip-compressed JSON), to import on another machine. Returns the
        number of answers written.

        Raises:
            ProgressFileError: when the file cannot be written.
        """
        from endoquiz.progress.progress_file import write_progress

        cards, log, settings = self._store.transfer.rows()
        moment = moment_or_now(now)
        write_progress(Path(path), cards, log, settings, moment)
        return len(log)

    def import_progress(
        self, path: str | os.PathLike[str], now: datetime | None = None
    ) -> tuple[int, int, Path]:
        """Merge a progress file into this library, after backing it up: each
        card takes the state answered last (here or there), answers not here
        yet are added, and the file's settings are taken. Cards of decks not
        installed here keep their progress until the deck is. Returns (cards
        updated, answers added, the backup made first).

        Raises:
            ProgressFileError: for a file that is not a sound progress file;
                nothing changes then.
        """
        from endoquiz.progress.progress_file import ProgressFileError, read_progress

        progress = read_progress(Path(path))
        try:
            settings = StoredSettings.checked(progress.settings)
        except ValueError as error:
            raise ProgressFileError(f"{Path(path).name}: {error}") from None
        safety = self.backup(now)
        updated, added = self._store.transfer.merge(progress.cards, progress.review_log, settings)
        self._stored.load()
        return updated, added, safety

    # -- settings ----------------------------------------------------------

    @property
    def settings(self) -> StudySettings:
        return self._stored.study

    @property
    def settings_problem(self) -> str | None:
        """Why stored settings could not be used (the defaults apply), or None."""
        return self._stored.problem

    def update_settings(self, **changes: Any) -> StudySettings:
        """Change study settings (see `StudySettings`); saved at once.

        Raises:
            ValueError: for an unknown setting or a value out of range.
            TypeError: for an unknown setting name.
        """
        return self._stored.update_study(**changes)

    @property
    def appearance(self) -> Appearance:
        return self._stored.appearance

    def update_appearance(self, **changes: Any) -> Appearance:
        """Change the theme or zoom; saved at once.

        Raises:
            ValueError: for a value out of range.
            TypeError: for an unknown setting name.
        """
        return self._stored.update_appearance(**changes)

    # -- sync --------------------------------------------------------------

    @property
    def sync_folder(self) -> Path | None:
        """The folder this computer syncs through (docs/sync.md), or None."""
        stored = self._store.setting(SYNC_FOLDER_KEY)
        return Path(stored) if isinstance(stored, str) and stored else None

    def set_sync_folder(self, folder: str | os.PathLike[str] | None) -> None:
        """Sync through `folder` from now on (None: stop syncing). A setting
        of this computer alone: each computer chooses its own path."""
        value = str(Path(folder).expanduser().resolve()) if folder is not None else ""
        self._store.set_setting(SYNC_FOLDER_KEY, value)

    def sync(
        self,
        folder: str | os.PathLike[str] | None = None,
        now: datetime | None = None,
        *,
        own_connection: bool = False,
    ) -> SyncReport:
        """Write this computer's new answers and changes to its journal in the
        sync folder (`folder`, else `sync_folder`) and merge every other
        computer's (docs/sync.md).

        With `own_connection`, the whole sync runs on a database connection
        of its own, opened and closed here, and touches nothing of this
        library's: a window runs it in a worker thread while it goes on
        answering on its own connection (an answer given meanwhile waits
        for the merge's transaction, then commits). What the library keeps
        in memory follows on the library's own connection once the sync has
        committed: the settings are read again (one merged from another
        computer, the appearance say), and `changes` counts the sync's rows.

        Raises:
            SyncFolderError: for no folder set, or one that is missing;
                nothing was changed. A folder that cannot be written is
                still read, and the report says why nothing was sent.
            StoreError: when the progress database cannot be written (or,
                with `own_connection`, opened).
        """
        if own_connection:
            return self._sync_on_own_connection(folder, now)
        # Loaded on first sync: start-up needs none of it.
        from endoquiz.sync.folder_sync import SyncFolderError, sync_with_folder

        chosen = Path(folder) if folder is not None else self.sync_folder
        if chosen is None:
            raise SyncFolderError("no sync folder is set: choose one in Settings → Sync")
        try:
            report = sync_with_folder(
                self._store,
                chosen,
                self._scheduler_in,
                moment_or_now(now),
                _usable_setting,
                # Read again on this connection, inside the merge: answers it
                # replays are replayed with the settings it merged.
                self._stored.load,
            )
        except BaseException:
            self._stored.load()  # as committed: a failed merge rolled back what it read
            raise
        if report.received:
            self._stored.load()  # a setting may have come from another computer
        from endoquiz.common.bundled_decks import bundled_decks_dir
        from endoquiz.library.synced_decks import offered_decks, publish_decks

        problems = list(report.problems)
        installed = self.decks()
        try:
            publish_decks(self, installed, chosen, self._store.sync.device(), bundled_decks_dir())
        except (OSError, StoreError) as error:
            problems.append(f"cannot put a deck in the sync folder: {error}")
        offered = offered_decks(installed, chosen, self.data_dir / "decks")
        # The status bar counts what can be installed: a newer version of the
        # learner's own file would say "to install" at every sync, forever.
        installable = sum(1 for deck in offered if deck.installable)
        return replace(report, problems=problems, offered=installable)

    def _sync_on_own_connection(
        self, folder: str | os.PathLike[str] | None, now: datetime | None
    ) -> SyncReport:
        """`sync` through a library of its own on the same data folder: its
        own connection, deck list and settings, so that nothing this
        library's thread uses is touched from the sync's. What it commits,
        this library's `changes` counts when it next reads it."""
        syncing = Library(
            self.data_dir, ProgressStore(self.db_path), fuzz=self._fuzz, zone=self._zone
        )
        try:
            return syncing.sync(folder, now)
        finally:
            # Its connection only: the clean-close note is this library's to write.
            syncing._store.close()

    def _scheduler_in(self, tz_minutes: int) -> Scheduler:
        """The learner's scheduler in a zone `tz_minutes` east of UTC: an
        answer merged from another computer is replayed in that computer's."""
        zone = fixed_offset(timedelta(minutes=tz_minutes))
        return make_scheduler(self.settings, fuzz=self._fuzz, zone=zone)

    def offered_decks(self, folder: str | os.PathLike[str] | None = None) -> list[OfferedDeck]:
        """The decks another computer put in the sync folder that this one
        does not have, or has in another version (docs/sync.md)."""
        from endoquiz.library.synced_decks import offered_decks

        chosen = Path(folder) if folder is not None else self.sync_folder
        if chosen is None or not chosen.is_dir():
            return []
        return offered_decks(self.decks(), chosen, self.data_dir / "decks")

    def install_offered_deck(self, offered: OfferedDeck, now: datetime | None = None) -> SharedDeck:
        """Install (or update) a deck from the sync folder, as a shared deck
        file is opened: checked whole first, progress kept (see
        `import_deck_file`)."""
        from endoquiz.sync.folder_sync import apply_pending

        shared = self.import_deck_file(offered.path, now)
        apply_pending(self._store, self._scheduler_in)  # its progress, merged already
        return shared

    # -- decks -------------------------------------------------------------

    def add_deck(self, path: str | os.PathLike[str], now: datetime | None = None) -> Deck:
        """Install a deck file, or refresh it if already installed (see
        `InstalledDecks.add_deck`)."""
        return self._installed.add_deck(path, now)

    def install_decks(
        self,
        paths: Iterable[str | os.PathLike[str]],
        *,
        copy: bool = False,
        now: datetime | None = None,
        cancel: threading.Event | None = None,
        on_step: Callable[[str, Path], None] | None = None,
    ) -> DeckImport:
        """Install deck files in one transaction each, through a connection
        of their own, for a worker thread (see `InstalledDecks.install_decks`)."""
        return self._installed.install_decks(
            paths, copy=copy, now=now, cancel=cancel, on_step=on_step
        )

    def add_deck_copy(self, path: str | os.PathLike[str], now: datetime | None = None) -> Deck:
        """Copy a deck file and its images into the data folder, and install
        the copy (see `InstalledDecks.add_deck_copy`)."""
        return self._installed.add_deck_copy(path, now)

    def add_decks_in(
        self,
        folder: str | os.PathLike[str],
        now: datetime | None = None,
        *,
        only_new: bool = False,
    ) -> tuple[list[Deck], list[DeckError]]:
        """Install every deck file below a folder (see `InstalledDecks.add_decks_in`)."""
        return self._installed.add_decks_in(folder, now, only_new=only_new)

    def decks(self) -> list[InstalledDeck]:
        """Every installed deck in tree order, as its file is now; nothing is
        written (see `InstalledDecks.decks`, and `sync_decks`)."""
        return self._installed.decks()

    def sync_decks(self) -> list[InstalledDeck]:
        """Store what changed in the installed deck files since they were
        last read (cards, titles), and list the decks as `decks` does: the
        app does it at start and when a watched file changes, and a study
        session or quiz does it for its decks."""
        return self._installed.sync()

    def deck(self, deck_id: str) -> Deck:
        """An installed deck, loaded (see `InstalledDecks.deck`)."""
        return self._installed.deck(deck_id)

    def deck_path(self, deck_id: str) -> Path:
        """Where an installed deck's file is (see `InstalledDecks.deck_path`)."""
        return self._installed.deck_path(deck_id)

    def deck_folder(self, deck_id: str) -> Path | None:
        """The folder of a deck's file, where its cards' images come from;
        None for a deck not installed (say, removed while shown)."""
        try:
            return self._installed.deck_path(deck_id).parent
        except KeyError:
            return None

    def deck_tree(self, deck_id: str) -> list[str]:
        """The deck and its descendants in tree order: parents first, siblings
        by their `order`, then by id. New cards come in this order."""
        return _tree_of(deck_id, self._store.installed_decks())

    def tree_status(self, deck_id: str) -> TreeStatus:
        """Whether the tree of `deck_id` can be studied, and which of its
        decks a session would leave out (their files missing or invalid).

        Raises:
            KeyError: when no deck is installed at or below `deck_id`.
        """
        tree = set(self.deck_tree(deck_id))
        return TreeStatus(tuple(deck for deck in self.decks() if deck.id in tree))

    def deck_titles(self) -> dict[str, tuple[str, str]]:
        """For every installed deck and every parent in the tree: (full title,
        title as a child in the tree).

        A parent that is only a prefix of ids takes the title its children
        share before a colon ("Insulin Resistance and Hormonal Balance: Glossary"
        and "...: Academic" give "Insulin Resistance and Hormonal Balance"), or
        else its last id segment; a child whose title repeats its parent's
        shows only the rest ("Glossary").
        """
        return tree_titles({row.id: row.title for row in self._store.installed_decks()})

    def deck_counts(self, now: datetime | None = None) -> dict[str, SessionCounts]:
        """Today's (new, learning, review) counts of every installed deck and
        of every parent in the tree, within the daily limits, as the deck
        list shows them (see `DeckCounts.counts`)."""
        return self._counts.counts(now)

    def next_deck_due(self, studied: str, now: datetime | None = None) -> str | None:
        """The first installed deck outside `studied` with cards to study now,
        for the end of a session to offer (see `DeckCounts.next_deck_due`)."""
        return self._counts.next_deck_due(studied, now)

    # -- study -------------------------------------------------------------

    def review(
        self,
        deck_id: str,
        now: datetime | None = None,
        *,
        focus: Iterable[Card] | None = None,
    ) -> ReviewSession:
        """A study session over `deck_id` and its children (missing or invalid
        files are left out until they are fixed).

        Args:
            focus: study just these cards (say, those missed in a quiz), now,
                whatever their due dates and the daily limits; answers
                schedule them as usual.

        Raises:
            KeyError: when no such deck (or child deck) is installed.
        """
        moment = moment_or_now(now)
        rows = self._store.installed_decks()  # read once for the tree and its sync
        return ReviewSession(
            store=self._store,
            scheduler=make_scheduler(self.settings, fuzz=self._fuzz, zone=self._zone),
            preview_scheduler=make_scheduler(self.settings, fuzz=False, zone=self._zone),
            settings=self.settings,
            zone=self._zone,
            deck_id=deck_id,
            deck_ids=self._installed.synced_tree(_tree_of(deck_id, rows), rows),
            load=self._stored_card,
            now=moment,
            focus=[(card.deck_id, card.id) for card in focus] if focus is not None else None,
        )

    def _stored_card(self, deck_id: str, card_id: str) -> Card:
        """A card of the store, built from its stored text (read again from
        its deck file if that text is missing or damaged)."""
        note_id, position, content = self._store.card_content(deck_id, card_id)
        return self._texts.card(deck_id, card_id, note_id, position, content or "")

    def quiz(
        self,
        deck_id: str,
        size: int = 20,
        *,
        timed: bool = False,
        seed: int | None = None,
        now: datetime | None = None,
    ) -> QuizSession:
        """A quiz of up to `size` questions drawn from `deck_id` and its children.

        Args:
            timed: give each question a time limit (`seconds_per_question`).
            seed: make the choice and order of questions reproducible.

        Raises:
            KeyError: when no such deck is installed.
            ValueError: when `size` is below 1.
        """
        from endoquiz.study.quiz_session import QuizSession  # only when quizzing

        moment = moment_or_now(now)
        cards = [
            self._texts.card(tree_id, card_id, note_id, position, content)
            for tree_id, rows in self._tree_rows(deck_id)
            for card_id, note_id, position, content in rows
        ]
        return QuizSession(
            store=self._store,
            scheduler=make_scheduler(self.settings, fuzz=self._fuzz, zone=self._zone),
            settings=self.settings,
            cards=cards,
            size=size,
            timed=timed,
            seed=seed,
            now=moment,
        )

    def _tree_rows(self, deck_id: str) -> list[tuple[str, list[tuple[str, str, int, str]]]]:
        """(card id, note id, position, content JSON) of the cards of every
        usable deck in a tree, in tree order, from the progress store: a deck
        file is read only if it changed (or its cards were stored before their
        content was kept)."""
        return self._installed.card_rows(self.deck_tree(deck_id))

    def search_cards(
        self,
        query: str,
        now: datetime | None = None,
        *,
        order: str | None = None,
        descending: bool = False,
    ) -> SearchResult:
        """Cards matching a search query (see docs/search.md), in deck order
        or sorted by a column.

        Args:
            order: a column of `card_search.SORT_COLUMNS` ("due", "interval",
                "lapses", "retrievability", "deck", "front", ...) to sort by,
                in SQL; cards without a value (a new card's due date) come
                last, ties in deck order. None: deck order.
            descending: sort from the largest value down.

        Raises:
            SearchError: for a query that cannot be understood, or an unknown
                sort column, with a message that says what to write instead.
        """
        from endoquiz.study.card_search import SearchResult, compile_order, compile_query

        moment = moment_or_now(now)
        factor, decay = forgetting_curve(self.settings)
        day_end = next_study_day_start(moment, self.settings.day_starts_at, self._zone)
        compiled = compile_query(query, now=moment, day_end=day_end, factor=factor, decay=decay)
        sort = compile_order(order, descending=descending, now=moment)
        ids = self._store.search.ids(
            compiled.where,
            compiled.params,
            order_by=sort.order_by,
            order_params=sort.params,
            parts=sort.parts if compiled.in_parts else (),
        )
        return SearchResult(
            ids,
            self._texts.rows_of_found_cards,
            self._store.search,
            now=moment,
            factor=factor,
            decay=decay,
        )

    def optimize(self, now: datetime | None = None) -> Optimization:
        """Fit FSRS-6 parameters to this learner's review history, as Anki does
        (a fit no better than the parameters in use keeps those), and compare
        them with the defaults on it. Nothing changes until the learner accepts
        them with `update_settings(parameters=result.parameters)`. Takes seconds
        on a large history and holds the GIL: a GUI runs it in another process
        (`optimizer.optimize_command`).

        Raises:
            NotEnoughReviewsError: with fewer than 400 study answers.
        """
        from endoquiz.study.optimizer import optimize
        from endoquiz.study.statistics import day_shift_ms

        moment = moment_or_now(now)
        shift = timedelta(milliseconds=day_shift_ms(moment, self.settings, self._zone))
        return optimize(
            self._store.review_log(),
            shift,
            current=self.settings.parameters,
            relearning_steps=len(self.settings.relearning_steps),
        )

    def study_answer_count(self) -> int:
        """How many study answers (not quiz answers) the log holds: what
        `optimize` needs 400 of."""
        return self._store.study_answer_count()

    def statistics(self, deck_id: str | None = None, now: datetime | None = None) -> Statistics:
        """The figures of the statistics page, for a deck and its children or
        (None) for every deck. See `endoquiz.study.statistics`.

        Raises:
            KeyError: when no such deck is installed.
        """
        from endoquiz.study.statistics import compute_statistics

        moment = moment_or_now(now)
        deck_ids = self.deck_tree(deck_id) if deck_id is not None else None
        return compute_statistics(
            self._store, self.settings, self._zone, deck_ids, moment, deck_id=deck_id
        )

    def deck_overview(self, deck_id: str, now: datetime | None = None) -> DeckOverview:
        """What a learner wants to know of a deck (and its children) before
        studying it: today's counts (as `deck_counts`), when it was last
        studied, and its true retention over the last 30 study days. See
        `endoquiz.study.statistics.DeckOverview`.

        Raises:
            KeyError: when no such deck, nor any deck below it, is installed.
        """
        from endoquiz.study.statistics import compute_deck_overview

        moment = moment_or_now(now)
        deck_ids = self.deck_tree(deck_id)
        counts = self.deck_counts(now)[deck_id]
        return compute_deck_overview(
            self._store, self.settings, self._zone, deck_id, deck_ids, counts, moment
        )

    # -- card browser actions ------------------------------------------------

    def set_suspended(self, cards: Iterable[tuple[str, str]], suspended: bool = True) -> None:
        """Suspend (or unsuspend) cards, given as (deck id, card id): suspended
        cards are not scheduled, and keep their progress."""
        self._store.set_suspended(list(cards), suspended)

    def reset_progress(self, cards: Iterable[tuple[str, str]], now: datetime | None = None) -> None:
        """Make cards new again, forgetting their scheduling state; their review
        log stays, for statistics and history. `now` is when (a sync places
        the reset among the cards' answers by it)."""
        self._store.reset_progress(list(cards), moment_or_now(now))

    def set_flag(self, cards: Iterable[tuple[str, str]], flag: int) -> None:
        """Flag cards with 1-4 (a colour each in the browser), or 0 for none.

        Raises:
            ValueError: for a flag outside 0-4.
        """
        if flag not in FLAGS:
            raise ValueError(f"a flag is one of {', '.join(map(str, FLAGS))}, not {flag}")
        self._store.set_flag(list(cards), flag)

    def flag(self, deck_id: str, card_id: str) -> int:
        return self._store.flag(deck_id, card_id)

    def card_location(self, deck_id: str, card_id: str) -> tuple[Path, int]:
        """The deck file and line where a card is written, to open it in an editor.

        Raises:
            KeyError: when the card is not installed.
        """
        ids = self._store.search.ids_of([(deck_id, card_id)])
        content = self._texts.search_rows(ids)[0].content
        card = read_stored_card(deck_id, card_id, "", 0, content)
        return self.deck_path(deck_id), (card.line if card is not None else 0) or 1

    # -- the card editor ---------------------------------------------------

    def card_entry(self, deck_id: str, entry_id: str) -> DeckEntry:
        """The entry `entry_id` of a deck's file as written, for the card
        editor: its kind, its fields, and the hash of the bytes read, which
        an edit made from it passes as `expected_hash`.

        Raises:
            KeyError: for a deck not installed.
            DeckEditError: for a file that cannot be read, or no such entry.
        """
        from endoquiz.decks.deck_editing import read_entry

        return read_entry(self.deck_path(deck_id), entry_id)

    def update_card(
        self,
        deck_id: str,
        entry_id: str,
        fields: Mapping[str, FieldValue],
        *,
        expected_hash: str | None = None,
        dry_run: bool = False,
        now: datetime | None = None,
    ) -> CardEdit:
        """Change one entry of a deck's file (see `deck_editing.update_entry`):
        written, keeping every other byte, only when the deck then has no
        error, and synced, its cards' progress kept; `dry_run` only checks.

        Raises:
            KeyError: for a deck not installed.
            DeckEditError: the file changed since `expected_hash`, has no
                such entry or a layout that cannot be kept, or the id changes.
        """
        from endoquiz.decks.deck_editing import update_entry

        path = self.deck_path(deck_id)
        edit = update_entry(path, entry_id, fields, expected_hash=expected_hash, write=not dry_run)
        return self._synced_after(edit, now)

    def add_card(
        self,
        deck_id: str,
        fields: Mapping[str, FieldValue],
        *,
        after: str | None = None,
        expected_hash: str | None = None,
        dry_run: bool = False,
        now: datetime | None = None,
    ) -> CardEdit:
        """Add an entry to a deck's file, at the end of its cards or after
        the entry `after` (see `deck_editing.add_entry`), as `update_card`
        writes and syncs.

        Raises:
            KeyError, DeckEditError: as `update_card`.
        """
        from endoquiz.decks.deck_editing import add_entry

        path = self.deck_path(deck_id)
        edit = add_entry(path, fields, after=after, expected_hash=expected_hash, write=not dry_run)
        return self._synced_after(edit, now)

    def _synced_after(self, edit: CardEdit, now: datetime | None) -> CardEdit:
        """`edit`, its deck installed again when it was written: the cards
        the library shows are the file's at once, not at the next sync."""
        if edit.written:
            self._installed.add_deck(edit.path, now)
        return edit

    def card_state(self, deck_id: str, card_id: str) -> CardState:
        """The scheduling state of one card.

        Raises:
            KeyError: when the card was never installed.
        """
        state = self._store.card_state(deck_id, card_id)
        if state is None:
            raise KeyError(f"no card '{card_id}' in deck '{deck_id}'")
        return state

    def check_database(self, now: datetime | None = None) -> DatabaseCheck:
        """Check the whole progress database, as Anki's Check Database does:
        SQLite's integrity check, every stored value read back and checked,
        every card's schedule derived again from its review log. Stored card
        text that cannot be read (a copy of the deck file's) is dropped, to
        be read from the deck file again; a schedule that disagrees with the
        log is set from the log, after a backup; the rest is reported. See
        `endoquiz.progress.database_check`.

        Raises:
            StoreError: when a repair cannot be saved (BackupError when its
                backup cannot be made); nothing is repaired then.
        """
        from endoquiz.progress.database_check import check_database

        moment = moment_or_now(now)
        with self._store.reading_raw_text() as db:
            found = check_database(db, moment, SETTING_READERS)
        if found.derived:
            # The stored schedules are the learner's: the backup keeps them.
            self._backup(moment)
            self._store.set_schedules(
                [
                    (d.deck_id, d.card_id, int(d.state), d.step, d.stability, d.difficulty,
                     d.due, d.last_review)
                    for d in found.derived
                ]
            )  # fmt: skip
        if found.damaged_content_keys:
            self._store.forget_card_contents(found.damaged_content_keys)
            try:
                self._installed.reread_missing_contents()
            except StoreError as error:
                found.problems.append(str(error))
        return found

    def review_log(
        self, deck_id: str | None = None, card_id: str | None = None
    ) -> list[ReviewEntry]:
        """Every answer given, oldest first; optionally of one deck or card."""
        return self._store.review_log(deck_id, card_id)


def _tree_of(deck_id: str, rows: list[InstalledDeckRow]) -> list[str]:
    """`deck_id` and its descendants among the installed decks, in tree order.

    Raises:
        KeyError: when no deck is installed at or below `deck_id`.
    """
    tree = subtree(tree_order({row.id: row.order for row in rows}), deck_id)
    if not tree:
        raise KeyError(f"no deck '{deck_id}' is installed")
    return tree


def _usable_setting(key: str, value: Any) -> bool:
    """Whether a setting merged from another computer is one this endoquiz
    knows, with a value it can use (checked as a progress file's are)."""
    if key not in SETTING_READERS:
        return False
    try:
        StoredSettings.checked({key: value})
    except ValueError:
        return False
    return True
