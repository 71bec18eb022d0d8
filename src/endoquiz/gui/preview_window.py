"""`endoquiz preview DECK.yaml`: every card of one deck, re-rendered on each save."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QFileSystemWatcher, QSize, QTimer
from PySide6.QtWidgets import QMainWindow

from endoquiz import check_deck, deck_preview_markdown
from endoquiz.gui.card_view import CardView
from endoquiz.gui.keys import close_with_keys
from endoquiz.gui.main_window import RELOAD_DELAY_MS
from endoquiz.gui.screen_fit import fit_to_screen


class PreviewWindow(QMainWindow):
    """Shows a deck file as its cards, with its errors first; refreshes when
    the file is saved (also by editors that replace it)."""

    def __init__(self, path: Path) -> None:
        super().__init__()
        self.path = path.resolve()
        self.setWindowTitle(f"Preview: {self.path.name}")
        self.view = CardView()
        self.view.setAccessibleName("Deck preview")
        self.setCentralWidget(self.view)
        self.watcher = QFileSystemWatcher([str(self.path), str(self.path.parent)], self)
        self.watcher.fileChanged.connect(self._changed)
        self.watcher.directoryChanged.connect(self._changed)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(RELOAD_DELAY_MS)
        self._timer.timeout.connect(self.refresh)
        fit_to_screen(self, QSize(820, 720))
        close_with_keys(self)
        self.refresh()

    def _changed(self, _path: str) -> None:
        if self.path.exists() and str(self.path) not in self.watcher.files():
            self.watcher.addPath(str(self.path))
        self._timer.start()

    def refresh(self) -> None:
        """Check the file as it is now and show it, keeping the scroll position."""
        scroll = self.view.verticalScrollBar().value()
        check = check_deck(self.path)
        self.view.show_markdown(deck_preview_markdown(check), self.path.parent)
        self.view.verticalScrollBar().setValue(scroll)
        errors = len(check.errors)
        self.statusBar().showMessage(
            f"{errors} error(s)"
            if errors
            else f"{len(check.deck.cards) if check.deck else 0} cards"
        )
