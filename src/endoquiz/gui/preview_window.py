"""`endoquiz preview DECK.yaml`: every card of one deck, re-rendered on each save."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSize
from PySide6.QtWidgets import QMainWindow

from endoquiz import check_deck, deck_preview_markdown, rename_warnings
from endoquiz.gui.card_view import CardView
from endoquiz.gui.deck_file_watcher import DeckFileWatcher
from endoquiz.gui.keys import close_with_keys
from endoquiz.gui.screen_fit import fit_to_screen


class PreviewWindow(QMainWindow):
    """Shows a deck file as its cards, with its errors first; refreshes when
    the file is saved (also by editors that replace it)."""

    def __init__(self, path: Path, data_dir: Path | None = None) -> None:
        """`data_dir`: the learner's data folder, whose progress (read only)
        tells of a card renamed without `renamed_from`."""
        super().__init__()
        self.path = path.resolve()
        self.data_dir = data_dir
        self.setWindowTitle(f"Preview: {self.path.name}")
        self.view = CardView()
        self.view.setAccessibleName("Deck preview")
        self.setCentralWidget(self.view)
        self.deck_file = DeckFileWatcher(self)
        self.deck_file.watch([self.path])
        self.deck_file.settled.connect(self.refresh)
        fit_to_screen(self, QSize(820, 720))
        close_with_keys(self)
        self.refresh()

    def refresh(self) -> None:
        """Check the file as it is now and show it, keeping the scroll position."""
        scroll = self.view.verticalScrollBar().value()
        check = check_deck(self.path)
        if check.deck is not None and self.data_dir is not None:
            check = check.with_diagnostics(rename_warnings(check.deck, self.data_dir))
        self.view.show_markdown(deck_preview_markdown(check), self.path.parent)
        self.view.verticalScrollBar().setValue(scroll)
        errors = len(check.errors)
        self.statusBar().showMessage(
            f"{errors} error(s)"
            if errors
            else f"{len(check.deck.cards) if check.deck else 0} cards"
        )
