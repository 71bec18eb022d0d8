"""When the app syncs through the sync folder (at start, after a study session,
every few minutes, at quit, and on Sync now) and what the status bar says of it."""

from __future__ import annotations

import sys
from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import QLabel

from endoquiz import StoreError
from endoquiz.gui.accessibility import describe
from endoquiz.gui.library_changes import LibraryChanges
from endoquiz.gui.theme import apply_appearance
from endoquiz.gui.wording import sync_folder_missing, sync_text

# How often an open window syncs: often enough that a computer left open
# sees the other's answers within minutes, rarely enough to cost nothing
# (a sync with nothing new lists the folder and reads no segment).
SYNC_EVERY_MS = 5 * 60_000


class FolderSync(QObject):
    """Runs the app's syncs, and shows the last one's outcome in `label`
    (a permanent part of the status bar).

    A sync runs on the window's thread, as every other change made through
    `LibraryChanges` does. The library has one SQLite connection, shared by
    everything the window does (`check_same_thread=False` lets another
    thread use it, not two at once): a sync in a worker thread would run its
    merge transaction on that connection while the learner's answer opens
    its own, and the one-transaction-per-write rule would break. The
    imports and exports that run off the thread either open a connection of
    their own in the core (`install_decks`, `import_anki`) or run behind a
    window-modal dialog that stops every other change meanwhile; a sync that
    comes every few minutes can do neither without a core of its own for it.
    A sync with nothing new takes milliseconds (the benchmark holds it under
    50 ms); the long merge (seconds for 100,000 answers, docs/sync.md)
    happens once, when a computer first meets the others' history, and the
    status bar says "Syncing…" meanwhile. The timed sync
    waits while a study session or a quiz is on: a merge there would change
    the card on screen under the learner's answer.

    Signals:
        synced(str): a sync ran (or could not); what the status bar says.
    """

    synced = Signal(str)

    def __init__(
        self, changes: LibraryChanges, idle: Callable[[], bool], parent: QObject | None = None
    ) -> None:
        """`idle`: whether no study session or quiz is on, for the timed sync."""
        super().__init__(parent)
        self.changes = changes
        self._idle = idle
        self.label = QLabel()
        describe(self.label, "Sync")
        # A long folder path is cut at the status bar's edge rather than
        # making the window wider than a laptop's screen (the tooltip has it).
        self.label.setMinimumWidth(1)
        self.label.hide()  # until a folder is set and a sync has run
        self.timer = QTimer(self)
        self.timer.setInterval(SYNC_EVERY_MS)
        self.timer.timeout.connect(self._timed)
        self._first = QTimer(self)  # the start's sync: a timer `stop` can stop
        self._first.setSingleShot(True)
        self._first.setInterval(0)
        self._first.timeout.connect(self.run)

    def start(self) -> None:
        """Sync once the window is up (not before: it shows first), then
        every SYNC_EVERY_MS."""
        self._first.start()
        self.timer.start()

    def stop(self) -> None:
        """No sync of its own any more (a window closed before its first
        sync ran must not sync a library closed after it)."""
        self._first.stop()
        self.timer.stop()

    def _timed(self) -> None:
        if self._idle():
            self.run()

    def run(self) -> str | None:
        """Sync if a folder is set; what the status bar now says (None: no
        folder, nothing done). Never raises for a folder that is not there
        or a database that cannot be written: the next sync tries again,
        and a learner studying on does not need a dialog for it."""
        library = self.changes.library
        folder = library.sync_folder
        if folder is None:
            self.label.hide()
            return None
        from endoquiz import SyncFolderError  # loads the sync's modules: first sync only

        appearance = library.appearance
        # Painted now: the merge holds the window's thread, and a first merge
        # of a long history takes seconds (docs/sync.md, Speed).
        self.label.setText("Syncing…")
        self.label.show()
        self.label.repaint()
        try:
            text = sync_text(self.changes.sync())
        except SyncFolderError:
            text = sync_folder_missing(folder)
        except StoreError as error:
            text = f"Sync failed: {error}"
            print(f"endoquiz: sync failed: {error}", file=sys.stderr)
        if library.appearance != appearance:  # a theme chosen on another computer
            apply_appearance(library.appearance)
        self.label.setText(text)
        self.label.setToolTip(f"Sync folder: {folder}")
        self.label.show()
        self.synced.emit(text)
        return text
