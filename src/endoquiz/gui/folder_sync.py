"""When the app syncs through the sync folder (at start, after a study session,
every few minutes, at quit, and on Sync now), in a worker thread, and what
the status bar says of it."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QThread, QTimer, Signal
from PySide6.QtWidgets import QLabel

from endoquiz import StoreError
from endoquiz.gui.accessibility import describe
from endoquiz.gui.library_changes import LibraryChanges
from endoquiz.gui.theme import apply_appearance
from endoquiz.gui.wording import sync_folder_missing, sync_text

if TYPE_CHECKING:  # the sync's modules load with the first sync, not at start
    from endoquiz import SyncReport

# How often an open window syncs: often enough that a computer left open
# sees the other's answers within minutes, rarely enough to cost nothing
# (a sync with nothing new lists the folder and reads no segment).
SYNC_EVERY_MS = 5 * 60_000
SYNCING = "Syncing…"

# Every sync worker not known to have ended: a QThread destroyed while it
# runs aborts the process, and a window dropped without closing would drop
# its running worker with it. A worker leaves when its end is handled.
_RUNNING: set[SyncWorker] = set()


class SyncWorker(QThread):
    """One sync through `folder`, on a connection of its own
    (`LibraryChanges.sync_in_worker`); its report, or what it raised, for
    the window's thread to say once `finished` comes."""

    def __init__(self, changes: LibraryChanges, folder: Path) -> None:
        super().__init__()
        self.changes = changes
        self.folder = folder
        self.report: SyncReport | None = None
        self.error: BaseException | None = None

    def run(self) -> None:  # in the worker's thread
        try:
            self.report = self.changes.sync_in_worker(self.folder)
        except BaseException as error:  # said or raised in the window's thread
            self.error = error


class FolderSync(QObject):
    """Runs the app's syncs, and shows the last one's outcome in `label`
    (a permanent part of the status bar).

    A sync runs in a worker thread (`SyncWorker`), through a database
    connection of its own (`Library.sync(own_connection=True)`), as deck
    imports do: the window stays usable through a first merge of a long
    history (seconds for 100,000 answers, docs/sync.md), and the status bar
    says "Syncing…" meanwhile. An answer given meanwhile waits for the
    merge's transaction, then is saved (and if the merge changed its card,
    the next sync works the card out from both, as for two computers
    offline). When the sync ends, on the window's thread: its outcome in
    the label, `LibraryChanges.synced` (the one `changed` signal, for every
    view to read again), the appearance applied if another computer's
    changed it.

    One sync at a time: a request while one runs becomes one more sync
    after it, however many come (a session that ended during a sync has
    answers the running sync did not send, and Sync now pressed during it
    means "after what arrived just now"); a coalesced rerun with nothing
    new costs milliseconds. The timed sync waits while a study session or
    a quiz is on: a merge there would change the card on screen under the
    learner's answer. At quit (`finish`, then `run_here`) a running sync
    is waited for and the last one runs to its end before the last backup
    and before the window closes the library.

    Signals:
        synced(str): a sync ended (or could not run); what the status bar says.
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
        self.worker: SyncWorker | None = None  # the sync running, if one is
        self._again = False  # asked for while one ran: once more after it
        self._holds = 0  # `held` blocks open: no sync starts
        self._appearance = changes.library.appearance  # as the running sync found it

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

    @property
    def running(self) -> bool:
        return self.worker is not None

    def _timed(self) -> None:
        if self._idle():
            self.run()

    def run(self) -> str | None:
        """Start a sync in a worker thread if a folder is set; what the
        status bar says now ("Syncing…"; None: no folder, nothing done).
        Asked for while one runs, one more follows it. Its outcome comes
        with `synced`; it never raises for a folder that is not there or a
        database that cannot be written: the next sync tries again, and a
        learner studying on does not need a dialog for it."""
        folder = self.changes.library.sync_folder
        if folder is None:
            if not self.running:
                self.label.hide()
            return None
        if self.running or self._holds:
            self._again = True
            return self.label.text() if self.running else None
        self._appearance = self.changes.library.appearance
        worker = SyncWorker(self.changes, folder)
        worker.finished.connect(self._ended)  # queued to this thread
        self.worker = worker
        _RUNNING.add(worker)
        self._show(SYNCING, folder)
        worker.start()
        return SYNCING

    def _ended(self) -> None:
        """The running sync ended: its outcome said, here on the window's
        thread; the sync asked for meanwhile started."""
        worker = self.worker
        if worker is None or not worker.isFinished():
            return  # its end was handled already (`settle`)
        self.worker = None
        _RUNNING.discard(worker)
        if worker.error is not None:
            text = self._failure(worker.error, worker.folder)
        else:
            assert worker.report is not None
            text = self._followed(worker.report)
        self._say(text, worker.folder)
        if self._again and not self._holds:
            self._again = False
            self.run()

    def settle(self) -> None:
        """Wait for the running sync, if any, and say its outcome now; no
        further sync starts from it (`finish`, `held`)."""
        worker = self.worker
        if worker is not None:
            worker.wait()
            again, self._again = self._again, False
            self._ended()
            self._again = again

    def finish(self) -> None:
        """At quit: no sync of its own any more, and the running one waited
        for, its outcome said. The window closes the library only after:
        the worker's connection must not outlive it, nor its thread the
        window."""
        self.stop()
        self._again = False
        self.settle()

    @contextmanager
    def held(self) -> Iterator[None]:
        """No sync runs in the block (a backup restored: the file replaced
        under a worker's connection would be lost to it): a running one is
        waited for first, and one asked for meanwhile runs after."""
        self._holds += 1
        try:
            self.settle()
            yield
        finally:
            self._holds -= 1
        if not self._holds and self._again:
            self._again = False
            self.run()

    def run_here(self) -> str | None:
        """Sync on the window's thread, to its end: the quit's sync, which
        the last backup must hold, after `finish`. What the status bar
        says (None: no folder, nothing done)."""
        folder = self.changes.library.sync_folder
        if folder is None:
            return None
        self._appearance = self.changes.library.appearance
        self._show(SYNCING, folder)
        self.label.repaint()  # painted now: the merge holds the window's thread
        try:
            text = self._followed(self.changes.sync())
        except Exception as error:
            text = self._failure(error, folder)
        self._say(text, folder)
        return text

    def _followed(self, report: SyncReport) -> str:
        """What a sync did, followed on the window's thread: every view
        told, and a theme chosen on another computer applied."""
        self.changes.synced(report)
        appearance = self.changes.library.appearance  # read again: the sync committed
        if appearance != self._appearance:
            apply_appearance(appearance)
        return sync_text(report)

    @staticmethod
    def _failure(error: BaseException, folder: Path) -> str:
        """What the status bar says of a sync that could not run; anything
        but a missing folder or an unwritable database (a damaged one) goes
        on to the app's handler, raised here on the window's thread."""
        from endoquiz import SyncFolderError  # loaded with the sync's modules

        if isinstance(error, SyncFolderError):
            return sync_folder_missing(folder)
        if isinstance(error, StoreError):
            print(f"endoquiz: sync failed: {error}", file=sys.stderr)
            return f"Sync failed: {error}"
        raise error

    def _show(self, text: str, folder: Path) -> None:
        self.label.setText(text)
        self.label.setToolTip(f"Sync folder: {folder}")
        self.label.show()

    def _say(self, text: str, folder: Path) -> None:
        """A sync's outcome in the label and to `synced`, unless syncing
        was stopped while it ran (the label then stays hidden)."""
        if self.changes.library.sync_folder is None:
            self.label.hide()
            return
        self._show(text, folder)
        self.synced.emit(text)
