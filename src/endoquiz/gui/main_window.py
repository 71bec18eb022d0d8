"""The main window: the deck list, study and quiz pages, menus, live reload of deck files."""

from __future__ import annotations

from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QSettings, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QCloseEvent, QDragEnterEvent, QDropEvent, QKeySequence
from PySide6.QtWidgets import QApplication, QMainWindow, QStackedWidget, QWidget

from endoquiz import Card, DeckStatus, InstalledDeck, Library
from endoquiz.gui.accessibility import show_focus_ring
from endoquiz.gui.clock import Clock, wall_clock
from endoquiz.gui.deck_file_watcher import DeckFileWatcher
from endoquiz.gui.deck_list import DeckListPage, decks_status
from endoquiz.gui.folder_sync import FolderSync
from endoquiz.gui.library_changes import LibraryChanges
from endoquiz.gui.screen_fit import fit_to_screen
from endoquiz.gui.study_page import StudyPage
from endoquiz.gui.theme import apply_appearance

if TYPE_CHECKING:
    from endoquiz.gui.anki_import import AnkiImportWorker
    from endoquiz.gui.browser import CardBrowser
    from endoquiz.gui.deck_import import ImportWorker
    from endoquiz.gui.dialogs import DeckErrorsDialog
    from endoquiz.gui.quiz_page import QuizPage
    from endoquiz.gui.stats_page import StatisticsWindow

# The window's own settings (its size and place, the last deck selected),
# in the data folder: a portable copy or a --data-dir keeps them with the
# progress, and leaves nothing in the host's ~/.config.
WINDOW_SETTINGS_FILE = "window.ini"
# How often to ask whether a backup is due (the core makes one at most every
# 30 minutes, and only after progress changed).
BACKUP_CHECK_MS = 60_000


def _showing(pages: QStackedWidget, page: QWidget) -> bool:
    return pages.currentWidget() is page


class MainWindow(QMainWindow):
    """The app's one window: the deck list, and the study and quiz pages.

    Signals:
        import_started: an import's worker (`ImportWorker`, `AnkiImportWorker`),
            before it starts.
    """

    import_started = Signal(object)

    def __init__(
        self,
        library: Library,
        settings: QSettings | None = None,
        *,
        copy_imports: bool = False,
        auto_backup: bool = True,
        auto_sync: bool = True,
        clock: Clock = wall_clock,
    ) -> None:
        """`settings`: where the window keeps its size and the last deck (default:
        WINDOW_SETTINGS_FILE in the library's data folder).
        `copy_imports`: imported decks are copied into the data folder (in
        portable mode, so they travel with it) instead of used where they are.
        `auto_backup`: back progress up while studying and at quit (not in the
        self-test, which leaves the learner's folder as it was).
        `auto_sync`: sync through the sync folder, when one is set, at start,
        after a study session, every few minutes and at quit (not in the
        self-test, for the same reason).
        `clock`: the time the deck list and the statistics are read at."""
        super().__init__()
        self.library = library
        self.clock = clock
        self.copy_imports = copy_imports
        self.qsettings = settings or QSettings(
            str(library.data_dir / WINDOW_SETTINGS_FILE), QSettings.Format.IniFormat
        )
        self.setWindowTitle("endoquiz")
        self.setAcceptDrops(True)
        app = QApplication.instance()
        if isinstance(app, QApplication):
            show_focus_ring(app)

        # Every change the window makes to the library goes through here.
        self.changes = LibraryChanges(library, self)
        self.deck_list = DeckListPage(library, clock=clock)
        self.study_page = StudyPage(library, self.changes)
        self._quiz_page: QuizPage | None = None  # built when first needed
        self.browser: CardBrowser | None = None
        self.warnings_dialog: DeckErrorsDialog | None = None
        # The warnings that dialog says (empty when none): not said twice.
        self._warnings_said: tuple[str, ...] = ()
        self.importing: ImportWorker | AnkiImportWorker | None = None
        self.statistics_window: StatisticsWindow | None = None
        self.pages = QStackedWidget()
        for page in (self.deck_list, self.study_page):
            self.pages.addWidget(page)
        self.setCentralWidget(self.pages)
        self.pages.currentChanged.connect(self._status_for_page)

        self.deck_list.study_requested.connect(self.study)
        self.deck_list.quiz_requested.connect(self.start_quiz)
        self.deck_list.deck_selected.connect(self._remember_deck)
        self.study_page.closed.connect(self.show_decks)
        self.changes.changed.connect(self._follow_changes)
        # Idle while the deck list shows; asked of the pages, not of `self`:
        # a closure over the window, kept by its child, would keep a window
        # dropped unclosed alive until the cycle collector came.
        self.folder_sync = FolderSync(
            self.changes, partial(_showing, self.pages, self.deck_list), self
        )
        self.statusBar().addPermanentWidget(self.folder_sync.label)
        self.auto_sync = auto_sync
        # A session's answers go to the other computers as it ends.
        self.study_page.closed.connect(self._session_ended)

        self._build_menus()
        self.deck_files = DeckFileWatcher(self)
        self.deck_files.settled.connect(self._deck_files_saved)
        self.backup_timer = QTimer(self)
        self.backup_timer.setInterval(BACKUP_CHECK_MS)
        self.backup_timer.timeout.connect(self.back_up_if_due)
        self.auto_backup = auto_backup

        geometry = self.qsettings.value("window/geometry")
        if geometry is None or not self.restoreGeometry(geometry):
            fit_to_screen(self, QSize(980, 640))
        last = self.qsettings.value("window/last_deck")
        started = self.reload_decks(select=str(last) if last else None)
        # Files edited while the app was closed were stored just now: their
        # warnings, once the window is up.
        if any(entry.diagnostics for entry in started):
            QTimer.singleShot(0, self, lambda: self._say_warnings(started))
        # Only once the first reads passed: a window whose reads found the
        # database damaged is dropped half-built (the app opens another on
        # the checked file), and its timer would back up the closed library.
        if auto_backup:
            self.backup_timer.start()
        if auto_sync:
            self.folder_sync.start()

    # -- menus -------------------------------------------------------------

    def _build_menus(self) -> None:
        file_menu = self.menuBar().addMenu("&File")
        self._action(file_menu, "&Import…", QKeySequence.StandardKey.Open, self.import_dialog)
        self._action(file_menu, "E&xport deck…", QKeySequence("Ctrl+E"), self.export_deck)
        self._action(file_menu, "S&hare deck…", QKeySequence("Ctrl+Shift+E"), self.share_deck)
        self._action(file_menu, "&Reload decks", QKeySequence("F5"), self.reload_decks)
        file_menu.addSeparator()
        self._action(file_menu, "&Backups…", None, self.open_backups)
        self._action(file_menu, "&Export progress…", None, self.export_progress)
        self._action(file_menu, "I&mport progress…", None, self.import_progress)
        file_menu.addSeparator()
        self._action(
            file_menu,
            "&Settings…",
            QKeySequence.StandardKey.Preferences,
            self.open_settings,
            fallback=QKeySequence("Ctrl+,"),
        )
        file_menu.addSeparator()
        self._action(
            file_menu,
            "&Quit",
            QKeySequence.StandardKey.Quit,
            self.close,
            fallback=QKeySequence("Ctrl+Q"),
        )
        tools_menu = self.menuBar().addMenu("&Tools")
        self._action(tools_menu, "&Add card…", QKeySequence("Ctrl+N"), self.add_card)
        self._action(tools_menu, "&Browse cards…", QKeySequence("Ctrl+B"), self.open_browser)
        self._action(tools_menu, "S&tatistics…", QKeySequence("Ctrl+T"), self.open_statistics)
        self._action(tools_menu, "Check &database", None, self.check_database)
        help_menu = self.menuBar().addMenu("&Help")
        self._action(
            help_menu,
            "&Deck format",
            QKeySequence.StandardKey.HelpContents,
            self.show_deck_format,
            fallback=QKeySequence("F1"),
        )
        self._action(help_menu, "&About endoquiz", None, self.show_about)

    def _action(
        self,
        menu: QWidget,
        text: str,
        shortcut: QKeySequence | QKeySequence.StandardKey | None,
        slot: object,
        *,
        fallback: QKeySequence | None = None,
    ) -> QAction:
        action = QAction(text, self)
        keys = (
            QKeySequence.keyBindings(shortcut)
            if isinstance(shortcut, QKeySequence.StandardKey)
            else ([shortcut] if shortcut is not None else [])
        )
        if not keys and fallback is not None:
            keys = [fallback]
        action.setShortcuts(keys)
        action.triggered.connect(slot)
        menu.addAction(action)
        self.addAction(action)  # shortcuts work on every page
        return action

    # -- pages -------------------------------------------------------------

    def _status_for_page(self) -> None:
        """The status bar (the decks, the data folder) only with the deck
        list: while studying or in a quiz it is chrome a learner does not need."""
        self.statusBar().setVisible(self.pages.currentWidget() is self.deck_list)

    def show_decks(self) -> None:
        self.pages.setCurrentWidget(self.deck_list)
        self.deck_list.refresh()
        self.deck_list.tree.setFocus()

    def study(self, deck_id: str) -> None:
        if not self._usable(deck_id, "studied"):
            return
        self.pages.setCurrentWidget(self.study_page)
        self.study_page.start(deck_id)

    def _follow_changes(self) -> None:
        """After the library saved a change: the deck list's counts and the
        statistics are read again where they show (the card browser follows
        on its own). A deck installed or retitled (one from another computer,
        through Settings → Sync) is a new row: the list is read again whole."""
        if self.deck_list.lists_other_decks():
            self.reload_decks()
            return
        self.deck_list.follow_changes()
        self._refresh_statistics()

    def _refresh_statistics(self) -> None:
        if self.statistics_window is not None and self.statistics_window.isVisible():
            self.statistics_window.refresh()

    def _usable(self, deck_id: str, what: str) -> bool:
        """Whether a deck (tree) can be studied; if not, say why."""
        status = self.library.tree_status(deck_id)
        if not status.usable:
            from endoquiz.gui.dialogs import DeckErrorsDialog

            title = f"{self.deck_list.title_of(deck_id)} cannot be {what}"
            DeckErrorsDialog(title, list(status.diagnostics), self, installed=True).exec()
            return False
        if status.broken:
            names = ", ".join(deck.id for deck in status.broken)
            self.statusBar().showMessage(f"Left out, until their files are fixed: {names}", 8000)
        return True

    def start_quiz(self, deck_id: str) -> None:
        if not self._usable(deck_id, "quizzed"):
            return
        from endoquiz.gui.quiz_setup import QuizSetupDialog

        title = self.deck_list.title_of(deck_id)
        setup = QuizSetupDialog(title, self)
        accepted = setup.exec()
        size, timed = setup.question_count.value(), setup.timed.isChecked()
        setup.deleteLater()
        if not accepted:
            return
        self.pages.setCurrentWidget(self.quiz_page)
        self.quiz_page.start(deck_id, size, timed)

    @property
    def quiz_page(self) -> QuizPage:
        """The quiz page, built on first use: most starts never quiz, and
        start-up time matters."""
        if self._quiz_page is None:
            from endoquiz.gui.quiz_page import QuizPage

            page = QuizPage(self.library, self.changes)
            page.closed.connect(self.show_decks)
            page.closed.connect(self._session_ended)
            page.study_missed.connect(self._study_missed)
            self.pages.addWidget(page)
            self._quiz_page = page
        return self._quiz_page

    def _study_missed(self, deck_id: str, cards: list[Card]) -> None:
        self.pages.setCurrentWidget(self.study_page)
        self.study_page.start(deck_id, focus=cards)

    def _session_ended(self) -> None:
        if self.auto_sync:
            self.folder_sync.run()

    # -- decks -------------------------------------------------------------

    def reload_decks(self, select: str | None = None) -> list[InstalledDeck]:
        """Store what changed in the deck files, refresh the list, and watch
        every file; the decks as synced (none when that failed)."""
        synced = self.changes.apply(self, self.library.sync_decks, what="Reading the changed decks")
        entries = self.deck_list.refresh(select=select)
        self.deck_files.watch(entry.path for entry in entries)
        self.statusBar().showMessage(decks_status(entries))
        # Edited decks change the cards the other windows show.
        if self.browser is not None and self.browser.isVisible():
            self.browser.model.refresh()
        self._refresh_statistics()
        return synced or []

    def _deck_files_saved(self) -> None:
        """A watched deck file was saved: read it, and say its warnings."""
        self._say_warnings(self.reload_decks())

    def _say_warnings(self, synced: list[InstalledDeck]) -> None:
        """Show the warnings of the decks just stored (a card renamed without
        `renamed_from` would lose its progress), which nothing else shows
        of a valid deck; close those said of an earlier version."""
        # An invalid deck's errors show in the deck list already.
        warned = [entry for entry in synced if entry.status is DeckStatus.OK and entry.diagnostics]
        diagnostics = [d for entry in warned for d in entry.diagnostics]
        said = tuple(str(d) for d in diagnostics)
        if said == self._warnings_said:
            # Saved again with the same warnings: said already (and perhaps
            # closed by the teacher), not said again at every save.
            return
        self._warnings_said = said
        if self.warnings_dialog is not None:  # said of the file as it was
            self.warnings_dialog.close()
        if not warned:
            return
        from endoquiz.gui.dialogs import DeckErrorsDialog

        title = "Warnings in " + ", ".join(entry.title for entry in warned)
        # Not modal: the teacher goes on editing; the next save closes it.
        self.warnings_dialog = DeckErrorsDialog(title, diagnostics, self, installed=True)
        # Nor does it take the keyboard from the editor the file was saved in.
        self.warnings_dialog.setAttribute(Qt.WidgetAttribute.WA_ShowWithoutActivating)
        self.warnings_dialog.show()

    def import_dialog(self) -> None:
        from endoquiz.gui.deck_file_imports import import_from_dialog

        import_from_dialog(self)

    def export_deck(self, path: Path | None = None) -> None:
        """Export the selected deck to Anki or a table (see `deck_export`)."""
        from endoquiz.gui.deck_export import export_deck

        export_deck(self, path)

    def share_deck(self, path: Path | None = None) -> None:
        """Share the selected deck as one file for a learner (see `deck_sharing`)."""
        from endoquiz.gui.deck_sharing import share_deck

        share_deck(self, path)

    def import_deck(self, path: Path) -> bool:
        """Install a deck file (see `import_decks`); whether it was installed."""
        return self.import_decks([path])

    def import_decks(self, paths: list[Path]) -> bool:
        """Install deck files, each file's errors shown; whether all were."""
        from endoquiz.gui.deck_file_imports import import_decks

        return import_decks(self, paths)

    def import_files(self, paths: list[Path]) -> None:
        """Install deck files and import Anki packages (see `import_files`)."""
        from endoquiz.gui.deck_file_imports import import_files

        import_files(self, paths)

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:  # noqa: N802 - Qt's name
        from endoquiz.gui.deck_file_imports import deck_file

        if any(deck_file(url) for url in event.mimeData().urls()):
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:  # noqa: N802 - Qt's name
        from endoquiz.gui.deck_file_imports import deck_file

        paths = [p for p in map(deck_file, event.mimeData().urls()) if p is not None]
        event.acceptProposedAction()
        # Import after the drop has finished: an error dialog opened inside
        # the drop event would keep the file manager's drag waiting.
        QTimer.singleShot(0, lambda: self.import_files(paths))

    # -- dialogs -----------------------------------------------------------

    def open_settings(self) -> None:
        from endoquiz.gui import tool_windows

        tool_windows.open_settings(self)

    def add_card(self) -> None:
        """Add a card to the deck selected in the list (Ctrl+N), or to the
        deck of the card being studied (as A does there)."""
        if self.pages.currentWidget() is self.study_page:
            self.study_page.add_card()
            return
        deck_id = self.deck_list.current_deck_id()
        if deck_id is None:
            self.statusBar().showMessage("Select a deck to add a card to", 5000)
            return
        from endoquiz.gui.card_editor import open_card_editor

        open_card_editor(self, self.library, self.changes, deck_id)

    def open_browser(self) -> CardBrowser:
        """Show the card browser (one window, kept while the app runs)."""
        from endoquiz.gui import tool_windows

        return tool_windows.open_browser(self)

    def open_statistics(self) -> StatisticsWindow:
        """Show the statistics of the selected deck tree (or all decks), fresh."""
        from endoquiz.gui import tool_windows

        return tool_windows.open_statistics(self)

    def bring_to_front(self) -> None:
        """Show the window on top (endoquiz was started again)."""
        from endoquiz.gui.tool_windows import show_on_top

        if self.isMinimized():
            self.showNormal()
        show_on_top(self)

    def check_database(self) -> None:
        from endoquiz.gui import progress_actions

        progress_actions.check_database(self)

    def open_backups(self) -> None:
        from endoquiz.gui import progress_actions

        progress_actions.open_backups(self)

    def export_progress(self, path: Path | None = None) -> None:
        """Write the progress to one file, to take to another machine."""
        from endoquiz.gui import progress_actions

        progress_actions.export_progress(self, path)

    def import_progress(self, path: Path | None = None) -> None:
        """Merge a progress file from another machine (backing up first)."""
        from endoquiz.gui import progress_actions

        progress_actions.import_progress(self, path)

    def back_up_if_due(self, *, quitting: bool = False) -> None:
        from endoquiz.gui import progress_actions

        progress_actions.back_up_if_due(self, quitting=quitting)

    def settings_applied(self) -> None:
        apply_appearance(self.library.appearance)
        self.deck_list.refresh()

    def show_deck_format(self) -> None:
        from endoquiz.gui import tool_windows

        tool_windows.show_deck_format(self)

    def show_about(self) -> None:
        from endoquiz.gui import tool_windows

        tool_windows.show_about(self)

    # -- state -------------------------------------------------------------

    def _remember_deck(self, deck_id: str) -> None:
        self.qsettings.setValue("window/last_deck", deck_id)

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt's name
        self.backup_timer.stop()
        # A sync running in its worker ends first: the library closes after.
        self.folder_sync.finish()
        if self.auto_sync:
            self.folder_sync.run_here()  # before the backup, which then holds what it merged
        if self.auto_backup:
            self.back_up_if_due(quitting=True)
        self.qsettings.setValue("window/geometry", self.saveGeometry())
        self.qsettings.sync()
        super().closeEvent(event)
