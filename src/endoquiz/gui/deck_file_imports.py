"""Deck files imported from the window: chosen in File → Import deck… or
dropped on it, one import at a time, each file's errors shown, the outcome said."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QUrl
from PySide6.QtWidgets import QFileDialog, QMessageBox

from endoquiz import DECK_SUFFIXES, DeckError, isolated
from endoquiz.gui.deck_import import ImportWorker, run_import
from endoquiz.gui.dialogs import DeckErrorsDialog

if TYPE_CHECKING:
    from endoquiz.gui.main_window import MainWindow


def import_from_dialog(window: MainWindow) -> None:
    """File → Import deck…: the files chosen, imported."""
    paths, _ = QFileDialog.getOpenFileNames(
        window, "Import deck", str(Path.home()), "Decks (*.yaml *.yml);;All files (*)"
    )
    if paths:
        import_decks(window, [Path(path) for path in paths])


def import_decks(window: MainWindow, paths: list[Path]) -> bool:
    """Install deck files in a worker thread, behind a progress dialog
    that can cancel; then show each file's errors (nothing of a file with
    errors is installed) and say what was imported. Whether all were."""
    if window.importing is not None:
        window.statusBar().showMessage("An import is running: wait for it to end", 5000)
        return False
    window.importing = ImportWorker(window.library, paths, copy=window.copy_imports)
    # The watched files may change under the import: read them after it.
    with window.deck_files.held():
        try:
            result = run_import(window.importing, window, window.import_started.emit)
        finally:
            window.importing = None
    for path, error in result.failed:
        if isinstance(error, DeckError):
            DeckErrorsDialog(f"Cannot import {path.name}", error.diagnostics, window).exec()
        else:
            QMessageBox.warning(
                window, "Not imported", f"{isolated(path.name)} was not imported: {error}."
            )
    last = result.installed[-1].id if result.installed else None
    window.reload_decks(select=last)
    said = [
        f"Imported {isolated(deck.title)} ({len(deck.cards)} cards)" for deck in result.installed
    ]
    if result.cancelled is not None:
        said.append(f"Import cancelled: nothing of {isolated(result.cancelled.name)} was saved")
    if said:
        window.statusBar().showMessage("; ".join(said), 8000)
    return not result.failed and result.cancelled is None


def deck_file(url: QUrl) -> Path | None:
    """The deck file a dropped URL names; None for anything else."""
    if not url.isLocalFile():
        return None
    path = Path(url.toLocalFile())
    return path if path.suffix in DECK_SUFFIXES and path.is_file() else None
