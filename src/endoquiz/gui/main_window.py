"""The main window: deck list, study and quiz pages, menus, drag and drop, live reload."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QFileSystemWatcher, QSettings, QSize, QTimer, QUrl, Signal
from PySide6.QtGui import QAction, QCloseEvent, QDragEnterEvent, QDropEvent, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QFileDialog,
    QMainWindow,
    QMessageBox,
    QStackedWidget,
    QWidget,
)

from endoquiz import (
    DECK_SUFFIXES,
    Card,
    DeckError,
    DeckStatus,
    Library,
    StoreError,
    find_doc,
    isolated,
)
from endoquiz.gui.accessibility import show_focus_ring
from endoquiz.gui.clock import Clock, wall_clock
from endoquiz.gui.deck_list import DeckListPage
from endoquiz.gui.dialogs import DeckErrorsDialog, MarkdownDialog, about_markdown
from endoquiz.gui.library_changes import LibraryChanges
from endoquiz.gui.screen_fit import fit_to_screen
from endoquiz.gui.study_page import StudyPage
from endoquiz.gui.theme import apply_appearance

if TYPE_CHECKING:
    from endoquiz.gui.browser import CardBrowser
    from endoquiz.gui.deck_import import ImportWorker
    from endoquiz.gui.quiz_page import QuizPage
    from endoquiz.gui.stats_page import StatisticsWindow

# Editors save in bursts (write, rename, touch): wait for the last event.
RELOAD_DELAY_MS = 250
# The window's own settings (its size and place, the last deck selected),
# in the data folder: a portable copy or a --data-dir keeps them with the
# progress, and leaves nothing in the host's ~/.config.
WINDOW_SETTINGS_FILE = "window.ini"
# How often to ask whether a backup is due (the core makes one at most every
# 30 minutes, and only after progress changed).
BACKUP_CHECK_MS = 60_000


class MainWindow(QMainWindow):
    """The app's one window: the deck list, and the study and quiz pages.

    Signals:
        import_started: an import's `ImportWorker`, before it starts.
    """

    import_started = Signal(object)

    def __init__(
        self,
        library: Library,
        settings: QSettings | None = None,
        *,
        copy_imports: bool = False,
        auto_backup: bool = True,
        clock: Clock = wall_clock,
    ) -> None:
        """`settings`: where the window keeps its size and the last deck (default:
        WINDOW_SETTINGS_FILE in the library's data folder).
        `copy_imports`: imported decks are copied into the data folder (in
        portable mode, so they travel with it) instead of used where they are.
        `auto_backup`: back progress up while studying and at quit (not in the
        self-test, which leaves the learner's folder as it was).
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
        self.importing: ImportWorker | None = None
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

        self._build_menus()
        self.watcher = QFileSystemWatcher(self)
        self.watcher.fileChanged.connect(self._file_changed)
        self.watcher.directoryChanged.connect(self._folder_changed)
        self._reload_timer = QTimer(self)
        self._reload_timer.setSingleShot(True)
        self._reload_timer.setInterval(RELOAD_DELAY_MS)
        self._reload_timer.timeout.connect(self.reload_decks)
        self.backup_timer = QTimer(self)
        self.backup_timer.setInterval(BACKUP_CHECK_MS)
        self.backup_timer.timeout.connect(self.back_up_if_due)
        self.auto_backup = auto_backup

        geometry = self.qsettings.value("window/geometry")
        if geometry is None or not self.restoreGeometry(geometry):
            fit_to_screen(self, QSize(980, 640))
        last = self.qsettings.value("window/last_deck")
        self.reload_decks(select=str(last) if last else None)
        # Only once the first reads passed: a window whose reads found the
        # database damaged is dropped half-built (the app opens another on
        # the checked file), and its timer would back up the closed library.
        if auto_backup:
            self.backup_timer.start()

    # -- menus -------------------------------------------------------------

    def _build_menus(self) -> None:
        file_menu = self.menuBar().addMenu("&File")
        self._action(file_menu, "&Import deck…", QKeySequence.StandardKey.Open, self.import_dialog)
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
        on its own)."""
        self.deck_list.follow_changes()
        if self.statistics_window is not None and self.statistics_window.isVisible():
            self.statistics_window.refresh()

    def _usable(self, deck_id: str, what: str) -> bool:
        """Whether a deck (tree) has a usable file; if none has, say why."""
        tree = set(self.library.deck_tree(deck_id))
        entries = [e for e in self.library.decks() if e.id in tree]
        broken = [e for e in entries if e.status is not DeckStatus.OK]
        if broken and len(broken) == len(entries):
            diagnostics = [d for e in broken for d in e.diagnostics]
            title = f"{self.deck_list.title_of(deck_id)} cannot be {what}"
            DeckErrorsDialog(title, diagnostics, self).exec()
            return False
        if broken:
            names = ", ".join(e.id for e in broken)
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
            page.study_missed.connect(self._study_missed)
            self.pages.addWidget(page)
            self._quiz_page = page
        return self._quiz_page

    def _study_missed(self, deck_id: str, cards: list[Card]) -> None:
        self.pages.setCurrentWidget(self.study_page)
        self.study_page.start(deck_id, focus=cards)

    # -- decks -------------------------------------------------------------

    def reload_decks(self, select: str | None = None) -> None:
        """Store what changed in the deck files, refresh the list, and watch every file."""
        self.changes.apply(self, self.library.sync_decks, what="Reading the changed decks")
        entries = self.deck_list.refresh(select=select)
        paths = [str(entry.path) for entry in entries if entry.path.exists()]
        # Their folders too: a deck file deleted or renamed away is no longer
        # watched, and the folder is what tells that it came back.
        folders = {str(entry.path.parent) for entry in entries if entry.path.parent.is_dir()}
        watched = set(self.watcher.files()) | set(self.watcher.directories())
        unwatched = [p for p in [*paths, *sorted(folders)] if p not in watched]
        if unwatched:
            self.watcher.addPaths(unwatched)
        problems = [e for e in entries if e.status is not DeckStatus.OK]
        # The data folder is in Help → About: a path here is noise to a learner.
        message = f"{len(entries)} deck{'s' * (len(entries) != 1)}"
        if problems:
            message += " · " + ", ".join(f"{e.id} is {e.status.value}" for e in problems)
        self.statusBar().showMessage(message)
        # Edited decks change the cards the other windows show.
        if self.browser is not None and self.browser.isVisible():
            self.browser.model.refresh()
        if self.statistics_window is not None and self.statistics_window.isVisible():
            self.statistics_window.refresh()

    def _file_changed(self, path: str) -> None:
        # An editor that saves by replacing the file ends the watch: renew it.
        if Path(path).exists() and path not in self.watcher.files():
            self.watcher.addPath(path)
        self._reload_timer.start()

    def _folder_changed(self, _folder: str) -> None:
        self._reload_timer.start()

    def import_dialog(self) -> None:
        paths, _ = QFileDialog.getOpenFileNames(
            self, "Import deck", str(Path.home()), "Decks (*.yaml *.yml);;All files (*)"
        )
        if paths:
            self.import_decks([Path(path) for path in paths])

    def import_deck(self, path: Path) -> bool:
        """Install a deck file (see `import_decks`); whether it was installed."""
        return self.import_decks([path])

    def import_decks(self, paths: list[Path]) -> bool:
        """Install deck files in a worker thread, behind a progress dialog
        that can cancel; then show each file's errors (nothing of a file with
        errors is installed) and say what was imported. Whether all were."""
        from endoquiz.gui.deck_import import ImportWorker, run_import

        if self.importing is not None:
            self.statusBar().showMessage("An import is running: wait for it to end", 5000)
            return False
        self.importing = ImportWorker(self.library, paths, copy=self.copy_imports)
        # The watched files may change under the import: read them after it.
        self._reload_timer.blockSignals(True)
        try:
            result = run_import(self.importing, self, self.import_started.emit)
        finally:
            self.importing = None
            self._reload_timer.blockSignals(False)
        for path, error in result.failed:
            if isinstance(error, DeckError):
                DeckErrorsDialog(f"Cannot import {path.name}", error.diagnostics, self).exec()
            else:
                QMessageBox.warning(
                    self, "Not imported", f"{isolated(path.name)} was not imported: {error}."
                )
        last = result.installed[-1].id if result.installed else None
        self.reload_decks(select=last)
        said = [
            f"Imported {isolated(deck.title)} ({len(deck.cards)} cards)"
            for deck in result.installed
        ]
        if result.cancelled is not None:
            said.append(f"Import cancelled: nothing of {isolated(result.cancelled.name)} was saved")
        if said:
            self.statusBar().showMessage("; ".join(said), 8000)
        return not result.failed and result.cancelled is None

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:  # noqa: N802 - Qt's name
        if any(_deck_file(url) for url in event.mimeData().urls()):
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:  # noqa: N802 - Qt's name
        paths = [p for p in map(_deck_file, event.mimeData().urls()) if p is not None]
        event.acceptProposedAction()
        # Import after the drop has finished: an error dialog opened inside
        # the drop event would keep the file manager's drag waiting.
        QTimer.singleShot(0, lambda: self.import_decks(paths))

    # -- dialogs -----------------------------------------------------------

    def open_settings(self) -> None:
        from endoquiz.gui.settings_dialog import SettingsDialog

        dialog = SettingsDialog(self.library, self)
        dialog.applied.connect(self._settings_applied)
        dialog.exec()

    def open_browser(self) -> CardBrowser:
        """Show the card browser (one window, kept while the app runs)."""
        from endoquiz.gui.browser import CardBrowser

        if self.browser is None:
            self.browser = CardBrowser(self.library, self.changes, parent=self)
        self.browser.show()
        self.browser.show_changes()  # what changed while it was closed
        self.browser.raise_()
        self.browser.activateWindow()
        return self.browser

    def open_statistics(self) -> StatisticsWindow:
        """Show the statistics of the selected deck tree (or all decks), fresh."""
        from endoquiz.gui.stats_page import StatisticsWindow

        if self.statistics_window is None:
            self.statistics_window = StatisticsWindow(
                self.library, self.deck_list.current_deck_id(), self, clock=self.clock
            )
        else:
            self.statistics_window.refresh()
        self.statistics_window.show()
        self.statistics_window.raise_()
        self.statistics_window.activateWindow()
        return self.statistics_window

    def bring_to_front(self) -> None:
        """Show the window on top (endoquiz was started again)."""
        if self.isMinimized():
            self.showNormal()
        self.show()
        self.raise_()
        self.activateWindow()

    def check_database(self) -> None:
        """Tools → Check database, as in Anki: the whole database checked,
        damaged card text read again from the deck files, schedules set from
        the review log where they disagree, and the report."""
        try:
            found = self.library.check_database()
        except StoreError as error:
            QMessageBox.warning(self, "Check database", f"The check could not run: {error}.")
            return
        report = "\n".join(found.report())
        if found.integrity or found.problems:
            QMessageBox.warning(self, "Check database", report)
        else:
            QMessageBox.information(self, "Check database", report)
        if found.damaged_content or found.derived:
            self.reload_decks()

    def open_backups(self) -> None:
        from endoquiz.gui.backups_dialog import BackupsDialog

        dialog = BackupsDialog(self.library, self)
        dialog.restored.connect(self._progress_replaced)
        dialog.exec()

    def _progress_replaced(self) -> None:
        """After a restore: no page may go on with the replaced progress."""
        self.show_decks()
        self.reload_decks()
        if self.browser is not None:
            self.browser.run_search()  # its rows were read from the old database
        apply_appearance(self.library.appearance)

    def export_progress(self, path: Path | None = None) -> None:
        """Write the progress to one file, to take to another machine."""
        from endoquiz import PROGRESS_FILE_SUFFIX, progress_file_path

        if path is None:
            name, _ = QFileDialog.getSaveFileName(
                self,
                "Export progress",
                str(Path.home() / f"endoquiz{PROGRESS_FILE_SUFFIX}"),
                f"endoquiz progress (*{PROGRESS_FILE_SUFFIX})",
            )
            if not name:
                return
            path = Path(name)
        path = progress_file_path(path)  # the format's own suffix, whatever was typed
        try:
            answers = self.library.export_progress(path)
        except StoreError as error:
            QMessageBox.warning(self, "Export progress", f"Nothing was exported: {error}")
            return
        QMessageBox.information(
            self,
            "Export progress",
            f"{answers} answers, your cards' progress and your settings are in {path}.\n\n"
            "On the other machine: File > Import progress….",
        )

    def import_progress(self, path: Path | None = None) -> None:
        """Merge a progress file from another machine (backing up first)."""
        from endoquiz import PROGRESS_FILE_SUFFIX

        if path is None:
            name, _ = QFileDialog.getOpenFileName(
                self,
                "Import progress",
                str(Path.home()),
                f"endoquiz progress (*{PROGRESS_FILE_SUFFIX});;All files (*)",
            )
            if not name:
                return
            path = Path(name)
        self.show_decks()  # no session goes on over the merged progress
        try:
            updated, added, safety = self.library.import_progress(path)
        except StoreError as error:
            QMessageBox.warning(self, "Import progress", f"Nothing was changed: {error}")
            return
        self._progress_replaced()
        QMessageBox.information(
            self,
            "Import progress",
            f"{added} answers added and {updated} cards updated from {path.name}.\n\n"
            f"Your progress before the import is in the backup {safety.name}.",
        )

    def back_up_if_due(self, *, quitting: bool = False) -> None:
        """A backup when one is due; a failure is said, never raised: the
        answers themselves are already saved."""
        try:
            made = self.library.backup_if_due(quitting=quitting)
        except StoreError as error:
            self.statusBar().showMessage(f"Backup failed: {error}")
            print(f"endoquiz: backup failed: {error}", file=sys.stderr)
            return
        if made is not None:
            self.statusBar().showMessage(f"Progress backed up to {made.name}", 5000)

    def _settings_applied(self) -> None:
        apply_appearance(self.library.appearance)
        self.deck_list.refresh()

    def show_deck_format(self) -> None:
        doc = find_doc("deck-format.md")
        if doc is None:
            QMessageBox.information(self, "Deck format", "The deck format document is missing.")
            return
        MarkdownDialog("Deck format", doc.read_text(encoding="utf-8"), doc.parent, self).exec()

    def show_about(self) -> None:
        MarkdownDialog("About endoquiz", about_markdown(self.library.data_dir), None, self).exec()

    # -- state -------------------------------------------------------------

    def _remember_deck(self, deck_id: str) -> None:
        self.qsettings.setValue("window/last_deck", deck_id)

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt's name
        self.backup_timer.stop()
        if self.auto_backup:
            self.back_up_if_due(quitting=True)
        self.qsettings.setValue("window/geometry", self.saveGeometry())
        self.qsettings.sync()
        super().closeEvent(event)


def _deck_file(url: QUrl) -> Path | None:
    if not url.isLocalFile():
        return None
    path = Path(url.toLocalFile())
    return path if path.suffix in DECK_SUFFIXES and path.is_file() else None
