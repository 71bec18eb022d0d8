"""Settings → Sync → Install decks…: the decks another computer put in the sync
folder, each with its title, cards and whether it is new here, installed
through the one seam; a file that cannot be read or installed is said
beside the others, which install all the same."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QColor, QPalette, QShowEvent
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QStyle,
    QVBoxLayout,
    QWidget,
)

from endoquiz import OfferedDeck, SharedDeck, StoreError
from endoquiz.gui.accessibility import announce, describe
from endoquiz.gui.library_changes import LibraryChanges
from endoquiz.gui.screen_fit import fit_to_screen
from endoquiz.gui.wording import (
    installed_decks_text,
    offered_deck_text,
    offered_decks_summary,
    own_file_deck_text,
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
        self.summary.setWordWrap(True)
        describe(self.summary, "Decks to install")
        self.decks = QListWidget()
        # A long title wraps rather than hiding the end of its line (new or
        # newer) past a horizontal scroll bar.
        self.decks.setWordWrap(True)
        self.decks.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
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
        # Room for a title and its cards on one line, and for a few decks,
        # within the screen (at 200% zoom too).
        metrics = self.fontMetrics()
        fit_to_screen(self, QSize(90 * metrics.averageCharWidth(), 22 * metrics.height()))
        self.decks.setCurrentRow(0)
        self.decks.setFocus()

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt's name
        super().showEvent(event)
        _visible_check_boxes(self.decks)

    def show_offered(self) -> None:
        """List the decks in the folder not here in their version, each read
        for its title and cards; one that cannot be installed (its file not
        readable, or a newer version of the learner's own file) says why,
        without a check box."""
        library = self.changes.library
        self.offered = library.offered_decks()
        self.decks.clear()
        for place, offered in enumerate(self.offered):
            item = QListWidgetItem()
            item.setData(_OFFERED_ROLE, place)
            installable = False
            try:
                read: SharedDeck = library.read_deck_file(offered.path)
            except StoreError as error:  # still being copied, or damaged
                item.setText(unreadable_deck_text(offered.deck_id, refusal_reason(error, offered)))
            else:
                installable = offered.own_file is None
                if offered.own_file is None:
                    item.setText(offered_deck_text(read.title, read.cards, offered.update))
                else:  # installing it would be refused: said before, not after
                    item.setText(own_file_deck_text(read.title, read.cards, offered.own_file))
            if installable:
                item.setCheckState(Qt.CheckState.Checked)
            else:
                item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
                # In the place of the others' check box: it cannot be checked.
                item.setIcon(self.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning))
            self.decks.addItem(item)
        installable_count = len(self._checkable())
        not_installable = len(self.offered) - installable_count
        self.summary.setText(offered_decks_summary(installable_count, not_installable))
        self.install_button.setEnabled(installable_count > 0)

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


def _visible_check_boxes(view: QListWidget) -> None:
    """Check boxes in `view` drawn with an edge that shows in either theme:
    Fusion draws an item's box in the window's colour darkened, which on
    the dark theme's list is its background, and an unchecked deck was an
    empty space. The edge is set between the text's colour and the list's."""
    palette = QApplication.palette()
    text, base = palette.color(QPalette.ColorRole.Text), palette.color(QPalette.ColorRole.Base)
    edge = QColor(
        (text.red() + base.red()) // 2,
        (text.green() + base.green()) // 2,
        (text.blue() + base.blue()) // 2,
    )
    palette.setColor(QPalette.ColorRole.Window, edge.lighter(140))  # Fusion darkens by 140
    view.setPalette(palette)
