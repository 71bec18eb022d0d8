"""File → Import off the window's thread: the core installs the decks in a
worker thread (`Library.install_decks`) while a progress dialog says which
file is being read or saved and can cancel it; the window stays responsive.
The dialog and the running behind it serve the Anki import too."""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from pathlib import Path

from PySide6.QtCore import QEventLoop, QObject, Qt, QThread, Signal, Slot
from PySide6.QtWidgets import QProgressDialog, QWidget

from endoquiz import DeckImport, Library, isolated

# Imports that end sooner show no dialog at all (no flash for a small deck).
SHOW_AFTER_MS = 400


class ImportWorker(QThread):
    """Runs `Library.install_decks` in its own thread.

    Signals:
        step: ("reading" or "saving", the file's name), emitted in the
            worker's thread before each step.
    """

    step = Signal(str, str)

    def __init__(self, library: Library, paths: Sequence[Path], *, copy: bool) -> None:
        super().__init__()
        self.library = library
        self.paths = list(paths)
        self.copy = copy
        self.cancel = threading.Event()
        self.result: DeckImport | None = None
        self.error: BaseException | None = None

    def run(self) -> None:  # in the worker's thread
        try:
            self.result = self.library.install_decks(
                self.paths,
                copy=self.copy,
                cancel=self.cancel,
                on_step=lambda step, path: self.step.emit(step, path.name),
            )
        except BaseException as error:  # handed to the window's thread, raised there
            self.error = error


class _Progress(QObject):
    """The dialog's side, in the window's thread: the worker's signals are
    queued to it, so the dialog is only ever touched from its own thread."""

    def __init__(self, worker: ImportWorker, dialog: QProgressDialog) -> None:
        super().__init__(dialog)
        self.worker = worker
        self.dialog = dialog

    @Slot(str, str)
    def stepped(self, step: str, name: str) -> None:
        if not self.worker.cancel.is_set():
            verb = "Reading" if step == "reading" else "Saving"
            self.dialog.setLabelText(f"{verb} {isolated(name)}…")

    @Slot()
    def cancelled(self) -> None:
        self.worker.cancel.set()


def run_import(
    worker: ImportWorker, parent: QWidget, started: Callable[[ImportWorker], None]
) -> DeckImport:
    """Run the worker to its end behind a cancellable progress dialog, the
    window's events still served; its result. `started` is called with the
    worker just before it starts, its dialog connected.

    Raises:
        whatever `install_decks` raised (a StoreError when the database
        cannot be opened), in this thread.
    """
    dialog = progress_dialog(parent, "Reading…", "Importing decks", 0)
    progress = _Progress(worker, dialog)
    worker.step.connect(progress.stepped)
    run_behind(worker, dialog, progress.cancelled, lambda: started(worker))
    if worker.error is not None:
        raise worker.error
    assert worker.result is not None
    return worker.result


def progress_dialog(parent: QWidget, label: str, title: str, steps: int) -> QProgressDialog:
    """A window-modal progress dialog that can cancel, shown only if the
    work lasts SHOW_AFTER_MS; `steps` 0 for a busy indicator."""
    dialog = QProgressDialog(label, "Cancel", 0, steps, parent)
    dialog.setWindowTitle(title)
    dialog.setWindowModality(Qt.WindowModality.WindowModal)
    dialog.setAutoClose(False)
    dialog.setAutoReset(False)
    dialog.setMinimumDuration(SHOW_AFTER_MS)
    # At its minimum value, the dialog counts its delay from now (else from
    # its creation, and with Qt's default of 4 s).
    dialog.setValue(0)
    dialog.setAccessibleName(title)
    dialog.setMinimumWidth(380)  # room for a long file name
    return dialog


def run_behind(
    worker: QThread,
    dialog: QProgressDialog,
    cancel: Callable[[], None],
    started: Callable[[], None],
) -> None:
    """Run the worker to its end behind `dialog`, the window's events still
    served: Cancel and Escape call `cancel`; `started` is called just before
    the worker starts. The dialog is closed at the end."""
    dialog.canceled.connect(cancel)
    dialog.rejected.connect(cancel)  # Esc, even where Qt emits no `canceled`
    loop = QEventLoop()
    worker.finished.connect(loop.quit)
    started()
    worker.start()
    # Until the worker ends; its `finished` is queued, so it is seen here
    # even if the worker ended before the loop started.
    loop.exec()
    worker.wait()
    dialog.canceled.disconnect(cancel)
    dialog.rejected.disconnect(cancel)
    dialog.close()
    dialog.deleteLater()
