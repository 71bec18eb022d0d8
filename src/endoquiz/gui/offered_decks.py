"""Settings → Sync → Install decks…: the decks another computer put in the sync
folder, each with its title, cards and whether it is new here, installed
through the one seam; a file that cannot be read or installed is said
beside the others, which install all the same."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from endoquiz import OfferedDeck, SharedDeck, StoreError
from endoquiz.gui.accessibility import announce, describe
from endoquiz.gui.library_changes import LibraryChanges
from endoquiz.gui.wording import (
    installed_decks_text,
    offered_deck_text,
    offered_decks_line,
    unreadable_deck_text,
)

# The item's role holding its deck's place in `OfferedDecksDialog.offered`.
_OFFERED_ROLE = Qt.ItemDataRole.UserRole


def refusal_reason(error: StoreError, offered: OfferedDeck) -> str:
    """Why a deck's file was refused, without its file's name: a name made
    of the file's hash says nothing to the learner, the deck's id does."""
    return str(error).removeprefix(f"{offered.path.name} cannot be opened as a shared deck: ")


class OfferedDecksDialog(QDialog):
    """The decks to install, checked; Install installs the checked ones,
    each in its own transaction, and lists again what is left.

    Signals:
        installed(): at least one deck was installed.
    """

    installed = Signal()

    def __init__(self, changes: LibraryChanges, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.changes = changes
        self.offered: list[OfferedDeck] = []
        self.setWindowTitle("Decks from your other computers")
        intro = QLabel(
            "Your other computers put these decks in the sync folder. The checked ones are "
            "installed here, with the progress made on the others."
        )
        intro.setWordWrap(True)
        self.summary = QLabel()
        describe(self.summary, "Decks to install")
        self.decks = QListWidget()
        self.decks.setAccessibleName("Decks from your other computers")
        self.decks.setAccessibleDescription("Space checks or unchecks a deck to install")
        heading = QLabel("&Decks:")
        heading.setBuddy(self.decks)
        self.outcome = QLabel()
        self.outcome.setWordWrap(True)
        describe(self.outcome, "What was installed")
        self.outcome.hide()  # until something was installed or refused
        self.install_button = QPushButton("&Install")
        self.install_button.setToolTip("Install the checked decks")
        self.install_button.clicked.connect(self.install_checked)
        self.install_button.setDefault(True)
        close = QPushButton("Close")
        close.setToolTip("Close (Esc)")
        close.clicked.connect(self.reject)
        # A row of its own, in the order Tab takes: from the list to what it
        # is for, then away (a button box orders its buttons by platform).
        buttons = QHBoxLayout()
        buttons.addStretch()
        buttons.addWidget(self.install_button)
        buttons.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.summary)
        layout.addWidget(heading)
        layout.addWidget(self.decks, 1)
        layout.addWidget(self.outcome)
        layout.addLayout(buttons)
        self.show_offered()
        self.decks.setCurrentRow(0)
        self.decks.setFocus()

    def show_offered(self) -> None:
        """List the decks in the folder not here in their version, each read
        for its title and cards (a file that cannot be, unchecked with why)."""
        library = self.changes.library
        self.offered = library.offered_decks()
        self.decks.clear()
        for place, offered in enumerate(self.offered):
            item = QListWidgetItem()
            item.setData(_OFFERED_ROLE, place)
            try:
                read: SharedDeck = library.read_deck_file(offered.path)
            except StoreError as error:  # still being copied, or damaged
                item.setText(unreadable_deck_text(offered.deck_id, refusal_reason(error, offered)))
                item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
            else:
                item.setText(offered_deck_text(read.title, read.cards, offered.update))
                item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
                item.setCheckState(Qt.CheckState.Checked)
            self.decks.addItem(item)
        self.summary.setText(offered_decks_line(len(self.offered)))
        self.install_button.setEnabled(bool(self._checkable()))

    def _checkable(self) -> list[QListWidgetItem]:
        items = [self.decks.item(row) for row in range(self.decks.count())]
        return [item for item in items if item.flags() & Qt.ItemFlag.ItemIsUserCheckable]

    def install_checked(self) -> None:
        """Install every checked deck, one after the other: one that fails
        (its file damaged in the folder) is said, and the others install."""
        chosen = [
            self.offered[item.data(_OFFERED_ROLE)]
            for item in self._checkable()
            if item.checkState() == Qt.CheckState.Checked
        ]
        installed: list[str] = []
        refused: list[tuple[str, str]] = []
        for offered in chosen:
            try:
                shared = self.changes.install_offered_deck(offered)
            except StoreError as error:
                refused.append((offered.deck_id, refusal_reason(error, offered)))
            else:
                installed.append(shared.title)
        said = installed_decks_text(installed, refused)
        self.outcome.setText(said)
        self.outcome.show()
        announce(self.outcome, said)
        self.show_offered()
        self.decks.setFocus()
        if installed:
            self.installed.emit()
