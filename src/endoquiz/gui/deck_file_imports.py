"""Deck files, shared decks and Anki packages imported from the window:
chosen in File → Import… or dropped on it, one import at a time, each file's
errors shown, the outcome said."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QUrl
from PySide6.QtWidgets import QFileDialog, QMessageBox

from endoquiz import DECK_SUFFIXES, SHARED_DECK_SUFFIX, DeckError, StoreError, isolated
from endoquiz.gui.deck_import import ImportWorker, run_import
from endoquiz.gui.dialogs import DeckErrorsDialog

if TYPE_CHECKING:
    from endoquiz.gui.main_window import MainWindow


# Files offered as Anki's in the file dialog (packages, Anki's notes as text,
# tables); which format one is, the core tells from its content. A drop takes
# packages only: a text file dropped is more often a mistake than notes.
PACKAGE_SUFFIXES = (".apkg", ".colpkg")
ANKI_SUFFIXES = (*PACKAGE_SUFFIXES, ".txt", ".csv", ".tsv")


def import_from_dialog(window: MainWindow) -> None:
    """File → Import…: the files chosen, imported: deck files together,
    then each shared deck and Anki package."""
    anki = " ".join(f"*{suffix}" for suffix in ANKI_SUFFIXES)
    decks = " ".join(f"*{suffix}" for suffix in DECK_SUFFIXES)
    shared = f"*{SHARED_DECK_SUFFIX}"
    paths, _ = QFileDialog.getOpenFileNames(
        window,
        "Import decks or Anki packages",
        str(Path.home()),
        f"Decks and Anki files ({decks} {shared} {anki});;Decks ({decks});;"
        f"Shared decks ({shared});;"
        f"Anki packages, notes as text, tables ({anki});;All files (*)",
    )
    import_files(window, [Path(path) for path in paths])


def import_files(window: MainWindow, paths: list[Path]) -> None:
    """Deck files installed together, shared decks opened, any other file
    imported as Anki's; then what became of every file said at once, in the
    status bar."""
    from endoquiz.gui.deck_sharing import open_shared_deck

    said: list[str] = []
    deck_files = [path for path in paths if path.suffix in DECK_SUFFIXES]
    if deck_files:
        import_decks(window, deck_files, said)
    for path in paths:
        if path.suffix.lower() == SHARED_DECK_SUFFIX:
            open_shared_deck(window, path, said)
        elif path not in deck_files:
            import_anki_package(window, path, said)
    say_outcome(window, said)


def say_outcome(window: MainWindow, said: list[str]) -> None:
    """The outcome of an import, file by file, in the status bar: longer
    for more files, so that it can be read to the end."""
    if said:
        window.statusBar().showMessage("; ".join(said), 8000 + 2000 * (len(said) - 1))


def import_anki_package(window: MainWindow, path: Path, said: list[str] | None = None) -> bool:
    """Import an Anki package in a worker thread: its summary confirmed by
    the learner, a progress dialog that can cancel, the outcome said (or
    added to `said`, for the caller to say with other files'); whether it
    was imported."""
    from endoquiz.gui.anki_import import AnkiImportWorker, run_anki_import

    if window.importing is not None:
        window.statusBar().showMessage("An import is running: wait for it to end", 5000)
        return False
    worker = AnkiImportWorker(window.library, path)
    window.importing = worker
    with window.deck_files.held():
        try:
            result = run_anki_import(worker, window, window.import_started.emit)
        except StoreError as error:
            QMessageBox.warning(window, "Not imported", f"Nothing was imported: {error}")
            return False
        finally:
            window.importing = None
    outcome = [] if said is None else said
    if result.cancelled:
        outcome.append(f"Import cancelled: nothing of {isolated(path.name)} was written")
    else:
        window.reload_decks(select=result.decks[0].id if result.decks else None)
        outcome.append(
            f"Imported {isolated(path.name)}: {len(result.decks)} deck(s), "
            f"{result.summary.endoquiz_cards} card(s), {result.answers_added} answer(s)"
        )
    if said is None:
        say_outcome(window, outcome)
    return not result.cancelled


def import_decks(window: MainWindow, paths: list[Path], said: list[str] | None = None) -> bool:
    """Install deck files in a worker thread, behind a progress dialog
    that can cancel; then show each file's errors (nothing of a file with
    errors is installed), the warnings of those installed, and say what
    was imported (or add it to `said`, as `import_anki_package`). Whether
    all were."""
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
    if result.warnings:
        # Not modal: the decks are installed and can be studied meanwhile.
        warnings = DeckErrorsDialog(
            "Imported with warnings", result.warnings, window, imported=True
        )
        warnings.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        warnings.show()
    outcome = [] if said is None else said
    for deck in result.installed:
        count = sum(1 for d in result.warnings if d.path == deck.path)
        note = f", {count} warning(s)" if count else ""
        outcome.append(f"Imported {isolated(deck.title)} ({len(deck.cards)} cards{note})")
    outcome += [f"{isolated(path.name)} not imported" for path, _error in result.failed]
    if result.cancelled is not None:
        outcome.append(f"Import cancelled: nothing of {isolated(result.cancelled.name)} was saved")
    if said is None:
        say_outcome(window, outcome)
    return not result.failed and result.cancelled is None


def deck_file(url: QUrl) -> Path | None:
    """The deck file, shared deck or Anki package a dropped URL names; None
    for anything else."""
    if not url.isLocalFile():
        return None
    path = Path(url.toLocalFile())
    suffixes = (*DECK_SUFFIXES, SHARED_DECK_SUFFIX, *PACKAGE_SUFFIXES)
    return path if path.suffix.lower() in suffixes and path.is_file() else None
