"""File → Import of an Anki package: read off the window's thread, its summary
confirmed by the learner, then imported behind a progress dialog that can cancel."""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, QSize, QThread, Signal, Slot
from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPlainTextEdit,
    QProgressDialog,
    QVBoxLayout,
    QWidget,
)

from endoquiz import AnkiImport, AnkiImportSummary, Library, isolated
from endoquiz.gui.deck_import import progress_dialog, run_behind
from endoquiz.gui.screen_fit import fit_to_screen

# What the progress dialog says at each of the import's steps.
STEP_LABELS = {
    "reading": "Reading the Anki package…",
    "converting": "Converting its notes and progress…",
    "writing": "Writing the deck files and media…",
    "saving": "Saving the decks and progress…",
}


class AnkiImportWorker(QThread):
    """Runs `Library.import_anki` in its own thread; asks the window's
    thread to confirm the summary, and waits for the answer.

    Signals:
        step: the step beginning ("reading", ...), from the worker's thread.
        summary_ready: the package's AnkiImportSummary, to confirm (`answer`).
    """

    step = Signal(str)
    summary_ready = Signal(object)

    def __init__(self, library: Library, path: Path) -> None:
        super().__init__()
        self.library = library
        self.path = path
        self.cancel = threading.Event()
        self.result: AnkiImport | None = None
        self.error: BaseException | None = None
        self._answered = threading.Event()
        self._confirmed = False

    def run(self) -> None:  # in the worker's thread
        try:
            self.result = self.library.import_anki(
                self.path, cancel=self.cancel, on_step=self.step.emit, on_summary=self._confirm
            )
        except BaseException as error:  # handed to the window's thread, raised there
            self.error = error

    def _confirm(self, summary: AnkiImportSummary) -> bool:  # in the worker's thread
        self.summary_ready.emit(summary)
        self._answered.wait()
        return self._confirmed

    def answer(self, confirmed: bool) -> None:
        """The learner's answer to the summary (from the window's thread)."""
        self._confirmed = confirmed
        self._answered.set()


class AnkiSummaryDialog(QDialog):
    """What the package holds and what importing it makes and leaves out,
    read before anything is written: Import or Cancel."""

    def __init__(self, summary: AnkiImportSummary, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"Import {summary.source.name} from Anki")
        intro = QLabel(
            "Read what the import brings and what it leaves out. Nothing is written until "
            "you choose Import; your progress is backed up first, and importing the same "
            "package again later updates these decks."
        )
        intro.setWordWrap(True)
        self.text = QPlainTextEdit("\n".join(summary.lines()))
        self.text.setReadOnly(True)
        self.text.setAccessibleName("What the import brings and leaves out")
        self.text.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.text.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.import_button = buttons.addButton("&Import", QDialogButtonBox.ButtonRole.AcceptRole)
        self.import_button.setDefault(True)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.text)
        layout.addWidget(buttons)
        fit_to_screen(self, QSize(680, 460))
        self.import_button.setFocus()


class _Progress(QObject):
    """The dialogs' side, in the window's thread: the worker's signals are
    queued to it."""

    def __init__(self, worker: AnkiImportWorker, dialog: QProgressDialog) -> None:
        super().__init__(dialog)
        self.worker = worker
        self.dialog = dialog

    @Slot(str)
    def stepped(self, step: str) -> None:
        if not self.worker.cancel.is_set() and step in STEP_LABELS:
            self.dialog.setLabelText(STEP_LABELS[step])
            self.dialog.setValue(list(STEP_LABELS).index(step))

    @Slot(object)
    def confirm(self, summary: AnkiImportSummary) -> None:
        self.dialog.hide()
        confirmed = AnkiSummaryDialog(summary, self.dialog.parentWidget()).exec()
        self.worker.answer(confirmed == QDialog.DialogCode.Accepted)
        if confirmed == QDialog.DialogCode.Accepted:
            self.dialog.show()

    @Slot()
    def cancelled(self) -> None:
        self.worker.cancel.set()


def run_anki_import(
    worker: AnkiImportWorker,
    parent: QWidget,
    started: Callable[[AnkiImportWorker], None] = lambda _worker: None,
) -> AnkiImport:
    """Run the worker to its end, the window's events still served: a
    progress dialog that can cancel while it reads and while it writes, and
    the summary to confirm between; its result. `started` is called with the
    worker just before it starts, its dialogs connected.

    Raises:
        whatever `import_anki` raised (AnkiPackageError, StoreError), in this thread.
    """
    dialog = progress_dialog(
        parent,
        STEP_LABELS["reading"],
        f"Importing {isolated(worker.path.name)}",
        len(STEP_LABELS),
    )
    progress = _Progress(worker, dialog)
    worker.step.connect(progress.stepped)
    worker.summary_ready.connect(progress.confirm)
    run_behind(worker, dialog, progress.cancelled, lambda: started(worker))
    if worker.error is not None:
        raise worker.error
    assert worker.result is not None
    return worker.result
