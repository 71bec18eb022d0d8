"""File → Export deck…: the selected deck and its subdecks written as an Anki
package (with the learner's progress if asked) or a CSV table, off the
window's thread."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEventLoop, Qt, QThread
from PySide6.QtWidgets import QFileDialog, QMessageBox, QProgressDialog

from endoquiz import DeckError, Library, StoreError, isolated

if TYPE_CHECKING:
    from endoquiz.gui.main_window import MainWindow

# The file dialog's formats, by the suffix each writes; a TSV is a CSV with tabs.
FORMATS = {
    ".apkg": "Anki package (*.apkg)",
    ".csv": "CSV table: front, back, tags (*.csv)",
    ".tsv": "Tab-separated table (*.tsv)",
}
# Exports that end sooner show no progress dialog.
SHOW_AFTER_MS = 400


class ExportWorker(QThread):
    """Runs one export in its own thread; its result or its error."""

    def __init__(self, library: Library, deck_id: str, path: Path, with_progress: bool) -> None:
        super().__init__()
        self.library = library
        self.deck_id = deck_id
        self.path = path
        self.with_progress = with_progress
        self.result: Any = None
        self.error: BaseException | None = None

    def run(self) -> None:  # in the worker's thread
        try:
            if self.path.suffix == ".apkg":
                self.result = self.library.export_anki(
                    self.deck_id, self.path, with_progress=self.with_progress
                )
            else:
                delimiter = "\t" if self.path.suffix == ".tsv" else ","
                self.result = self.library.export_csv(self.deck_id, self.path, delimiter=delimiter)
        except BaseException as error:  # handed to the window's thread
            self.error = error


def export_deck(window: MainWindow, path: Path | None = None) -> None:
    """Ask where (unless `path` is given) and, for an Anki package, whether
    with the learner's progress; export the selected deck and its subdecks,
    and say what was written."""
    deck_id = window.deck_list.current_deck_id()
    if deck_id is None:
        window.statusBar().showMessage("Select a deck to export first", 5000)
        return
    if not path:  # None, or the `checked` a menu action's signal passes
        title = window.deck_list.title_of(deck_id)
        suggested = Path.home() / f"{deck_id.replace('/', '-')}.apkg"
        chosen, selected = QFileDialog.getSaveFileName(
            window, f"Export {title}", str(suggested), ";;".join(FORMATS.values())
        )
        if not chosen:
            return
        path = target_path(Path(chosen), selected)
    with_progress = False
    if path.suffix == ".apkg":
        answer = QMessageBox.question(
            window,
            "Include your progress?",
            "Include your answers and each card's schedule, so that Anki goes on where "
            "you left off? Choose No to share the deck with others.",
            QMessageBox.StandardButton.Yes
            | QMessageBox.StandardButton.No
            | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.No,
        )
        if answer == QMessageBox.StandardButton.Cancel:
            return
        with_progress = answer == QMessageBox.StandardButton.Yes
    worker = ExportWorker(window.library, deck_id, path, with_progress)
    run_export(worker, window)
    if worker.error is not None:
        if not isinstance(worker.error, (StoreError, DeckError, KeyError, OSError)):
            raise worker.error
        QMessageBox.warning(window, "Not exported", f"Nothing was exported: {reason(worker.error)}")
        return
    window.statusBar().showMessage(said(worker, path), 10_000)


def target_path(chosen: Path, selected_filter: str) -> Path:
    """The file to write: the suffix of the format chosen added when the
    name has none of ours (a name typed without one)."""
    if chosen.suffix.lower() in FORMATS:
        return chosen.with_suffix(chosen.suffix.lower())
    suffix = next((s for s, name in FORMATS.items() if name == selected_filter), ".apkg")
    return chosen.with_name(chosen.name + suffix)


def reason(error: BaseException) -> str:
    if isinstance(error, DeckError) and error.diagnostics:
        return str(error.diagnostics[0])
    if isinstance(error, KeyError):
        return "the deck is no longer installed"
    return str(error)


def said(worker: ExportWorker, path: Path) -> str:
    """The status line after an export."""
    if path.suffix != ".apkg":
        return f"Exported {worker.result} card(s) to {isolated(str(path))}"
    summary = worker.result
    progress = f", {summary.answers} answer(s)" if worker.with_progress else ""
    return (
        f"Exported {summary.notes} note(s), {summary.cards} card(s){progress} "
        f"to {isolated(str(path))}"
    )


def run_export(worker: ExportWorker, window: MainWindow) -> None:
    """Run the worker to its end behind a progress dialog, the window's
    events still served."""
    dialog = QProgressDialog(f"Writing {isolated(worker.path.name)}…", "", 0, 0, window)
    dialog.setCancelButton(None)  # written beside the file and put in place whole
    dialog.setWindowTitle("Exporting")
    dialog.setWindowModality(Qt.WindowModality.WindowModal)
    dialog.setMinimumDuration(SHOW_AFTER_MS)
    dialog.setAccessibleName("Exporting")
    dialog.setValue(0)
    loop = QEventLoop()
    worker.finished.connect(loop.quit)
    worker.start()
    loop.exec()
    worker.wait()
    dialog.close()
    dialog.deleteLater()
