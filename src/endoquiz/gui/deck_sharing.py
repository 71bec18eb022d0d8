"""File → Share deck…: the selected deck written as one .endoquiz file for a
learner; and such a file, chosen in File → Import… or dropped, opened."""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QFileDialog, QMessageBox

from endoquiz import SHARED_DECK_SUFFIX, DeckError, SharedDeck, StoreError, isolated
from endoquiz.gui.deck_file_imports import say_outcome

if TYPE_CHECKING:
    from endoquiz.gui.main_window import MainWindow

FILE_FILTER = f"Shared deck (*{SHARED_DECK_SUFFIX})"
# What a file name cannot hold on one system or another.
_NOT_IN_FILE_NAMES = re.compile(r'[\\/:*?"<>|\x00-\x1f\x7f]+')


def share_deck(window: MainWindow, path: Path | None = None) -> None:
    """Ask where (unless `path` is given, the deck's title suggested), write
    the selected deck there, and say what was written."""
    deck_id = window.deck_list.current_deck_id()
    if deck_id is None:
        window.statusBar().showMessage("Select a deck to share first", 5000)
        return
    title = window.deck_list.title_of(deck_id)
    if not path:  # None, or the `checked` a menu action's signal passes
        suggested = Path.home() / file_name(title, deck_id)
        chosen, _ = QFileDialog.getSaveFileName(
            window, f"Share {title}", str(suggested), FILE_FILTER
        )
        if not chosen:
            return
        path = Path(chosen)
    if path.suffix.lower() != SHARED_DECK_SUFFIX:  # a name typed without it
        path = path.with_name(path.name + SHARED_DECK_SUFFIX)
    QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
    try:
        shared = window.library.export_deck_file(deck_id, path)
    except (KeyError, DeckError, StoreError) as error:
        QGuiApplication.restoreOverrideCursor()
        QMessageBox.warning(window, "Not shared", f"Nothing was written: {reason(error)}")
        return
    QGuiApplication.restoreOverrideCursor()
    window.statusBar().showMessage(f"Shared {isolated(title)} as {isolated(str(path))}", 10_000)
    QMessageBox.information(window, "Deck shared", said(shared))


def file_name(title: str, deck_id: str) -> str:
    """The file name a deck is suggested under: its title, without what a
    file name cannot hold; its id's last part for a title of nothing else."""
    name = " ".join(_NOT_IN_FILE_NAMES.sub(" ", title).split()).strip(" .")
    return (name or deck_id.rpartition("/")[2]) + SHARED_DECK_SUFFIX


def reason(error: BaseException) -> str:
    if isinstance(error, KeyError):
        return (
            "this deck has no file of its own (it is a group of other decks); share each deck in it"
        )
    if isinstance(error, DeckError) and error.diagnostics:
        return str(error.diagnostics[0])
    return str(error)


def said(shared: SharedDeck) -> str:
    """What the dialog after sharing says."""
    cards = f"{shared.cards} card{'s' if shared.cards != 1 else ''}"
    images = f"{shared.images} image{'s' if shared.images != 1 else ''}"
    return (
        f"Wrote {isolated(shared.path.name)}: {cards}, {images}; progress is not included.\n\n"
        "A learner opens it with File → Import…; opening a newer version of it "
        "later keeps their progress."
    )


def open_shared_deck(window: MainWindow, path: Path, said: list[str] | None = None) -> bool:
    """Open a shared deck file (checked whole before anything is written)
    and select its deck; a refusal said in a dialog, the outcome in the
    status bar (or added to `said`, as `import_anki_package` does). Whether
    it was opened."""
    if window.importing is not None:
        window.statusBar().showMessage("An import is running: wait for it to end", 5000)
        return False
    with window.deck_files.held():  # the deck's copy is written under the watcher
        QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            opened = window.library.import_deck_file(path)
        except StoreError as error:
            QGuiApplication.restoreOverrideCursor()
            QMessageBox.warning(window, "Not imported", f"Nothing was imported: {error}")
            return False
        QGuiApplication.restoreOverrideCursor()
    window.reload_decks(select=opened.deck_id)
    verb = "Updated" if opened.updated else "Imported"
    kept = "; your progress is kept" if opened.updated else ""
    outcome = (
        f"{verb} {isolated(opened.title)} ({opened.cards} cards, {opened.images} images){kept}"
    )
    if said is None:
        say_outcome(window, [outcome])
    else:
        said.append(outcome)
    return True
