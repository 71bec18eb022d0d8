"""The main window: the installed decks as a tree with their counts for today."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QLabel,
    QMainWindow,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from endoquiz import DeckStatus, Library

COLUMNS = ("Deck", "New", "Learning", "Due")


class MainWindow(QMainWindow):
    """Lists the library's decks; study and quiz screens come with the GUI issue."""

    def __init__(self, library: Library) -> None:
        super().__init__()
        self.library = library
        self.setWindowTitle("endoquiz")
        self.deck_tree = QTreeWidget()
        self.deck_tree.setAccessibleName("Decks")
        self.deck_tree.setHeaderLabels(list(COLUMNS))
        self.status_label = QLabel()
        layout = QVBoxLayout()
        layout.addWidget(self.deck_tree)
        layout.addWidget(self.status_label)
        central = QWidget()
        central.setLayout(layout)
        self.setCentralWidget(central)
        self.resize(720, 480)
        self.refresh()

    def refresh(self) -> None:
        self.deck_tree.clear()
        decks = self.library.decks()
        for installed in decks:
            item = QTreeWidgetItem([installed.title])
            if installed.status is DeckStatus.OK:
                counts = self.library.review(installed.id).counts()
                for column, value in enumerate(counts, start=1):
                    item.setText(column, str(value))
            else:
                item.setText(1, installed.status.value)
            self.deck_tree.addTopLevelItem(item)
        self.deck_tree.resizeColumnToContents(0)
        self.status_label.setText(
            f"{len(decks)} deck(s). Progress is kept in {self.library.data_dir}"
        )
