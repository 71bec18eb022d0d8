"""The card browser window: search the cards, sort them, look at one, and act on a selection.

Its parts live beside it: the columns' text (`card_columns.py`), the table's
model (`card_table_model.py`) and view (`card_table.py`), the side panel
(`card_panel.py`) and the editor it opens (`editor_launch.py`).
"""

from __future__ import annotations

from PySide6.QtCore import QItemSelectionModel, QModelIndex, QSize, Qt
from PySide6.QtGui import QAction, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMenu,
    QMessageBox,
    QPushButton,
    QSplitter,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from endoquiz import Library, SearchError
from endoquiz.gui.card_columns import COLUMNS, FLAG_NAMES
from endoquiz.gui.card_panel import CardPanel
from endoquiz.gui.card_table import card_table, read_ahead
from endoquiz.gui.card_table_model import CardTableModel
from endoquiz.gui.editor_launch import open_at_line
from endoquiz.gui.keys import close_with_keys
from endoquiz.gui.library_changes import LibraryChanges
from endoquiz.gui.screen_fit import fit_to_screen
from endoquiz.gui.theme import text_colours

__all__ = ["CardBrowser"]


class CardBrowser(QWidget):
    """A window to find cards with the search language (docs/search.md), sort
    them by any column, see one with its review history, and suspend, reset,
    flag or edit the selected cards. Its actions go through `changes`, and
    it shows what any change saved there (an answer given while it is open)."""

    def __init__(
        self,
        library: Library,
        changes: LibraryChanges | None = None,
        query: str = "",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.library = library
        self.changes = changes or LibraryChanges(library, self)
        self.changes.changed.connect(self.show_changes)
        self.setWindowFlag(Qt.WindowType.Window)
        self.setWindowTitle("Card browser - endoquiz")
        fit_to_screen(self, QSize(1400, 800))

        self.search_field = QLineEdit(query)
        self.search_field.setPlaceholderText(
            'Search: words, "a phrase", deck:ID, tag:T, kind:cloze, is:due, prop:ivl>=10, rated:7'
        )
        self.search_field.setAccessibleName("Search cards")
        self.search_field.setClearButtonEnabled(True)
        self.search_field.returnPressed.connect(self.run_search)
        self.search_button = QPushButton("Searc&h")
        self.search_button.clicked.connect(self.run_search)
        self.error_label = QLabel()
        self.error_label.setObjectName("searchError")
        self.error_label.setWordWrap(True)
        self.error_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.error_label.hide()
        self.status_label = QLabel()
        self.status_label.setObjectName("cardCount")

        self.model = CardTableModel(library, self)
        titles = [title for title, _ in library.deck_titles().values()]
        self.table = card_table(self.model, titles, self.fontMetrics())
        self.table.horizontalHeader().sectionClicked.connect(self._header_clicked)
        self.table.selectionModel().currentRowChanged.connect(self._show_current)
        self.table.selectionModel().selectionChanged.connect(self._update_actions)

        self.suspend_button = QPushButton("&Suspend")
        self.suspend_button.setToolTip("Suspend or unsuspend the selected cards (Ctrl+J)")
        self.suspend_button.clicked.connect(self.toggle_suspended)
        self.reset_button = QPushButton("&Reset progress…")
        self.reset_button.setToolTip("Make the selected cards new again (Ctrl+Alt+N)")
        self.reset_button.clicked.connect(self.reset_progress)
        self.flag_button = QToolButton()
        self.flag_button.setText("&Flag")
        self.flag_button.setToolTip("Flag the selected cards (Ctrl+1 to Ctrl+4; Ctrl+0: none)")
        self.flag_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        flag_menu = QMenu(self.flag_button)
        self.flag_actions: list[QAction] = []
        for flag, name in enumerate(FLAG_NAMES):
            action = flag_menu.addAction(name)
            action.setShortcut(QKeySequence(f"Ctrl+{flag}"))
            action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
            action.triggered.connect(lambda _checked=False, f=flag: self.set_flag(f))
            self.flag_actions.append(action)
        # The window holds the flag actions too, so their keys work while the
        # menu is closed (and the menu shows them).
        self.addActions(self.flag_actions)
        self.flag_button.setMenu(flag_menu)
        self.edit_card_button = QPushButton("Edit card… (F2)")
        self.edit_card_button.setToolTip("Change the card here; its deck file keeps its layout")
        self.edit_card_button.clicked.connect(self.edit_card)
        self.edit_button = QPushButton("Open in &editor")
        self.edit_button.setToolTip("Open the card's deck file at its line (Ctrl+E)")
        self.edit_button.clicked.connect(self.open_in_editor)
        QShortcut(QKeySequence("Ctrl+J"), self).activated.connect(self.toggle_suspended)
        QShortcut(QKeySequence("Ctrl+Alt+N"), self).activated.connect(self.reset_progress)
        QShortcut(QKeySequence("Ctrl+E"), self).activated.connect(self.open_in_editor)
        QShortcut(QKeySequence("F2"), self).activated.connect(self.edit_card)
        QShortcut(QKeySequence("Ctrl+F"), self).activated.connect(self._focus_search)
        close_with_keys(self)

        # Two rows: the progress actions, then the two ways to edit the card
        # (on one row they made the window wider than a screen at 200% zoom).
        progress_row = QHBoxLayout()
        for button in (self.suspend_button, self.reset_button, self.flag_button):
            progress_row.addWidget(button)
        progress_row.addStretch()
        editing_row = QHBoxLayout()
        editing_row.addWidget(self.edit_card_button)
        editing_row.addWidget(self.edit_button)
        editing_row.addStretch()
        actions = QVBoxLayout()
        actions.addLayout(progress_row)
        actions.addLayout(editing_row)

        # The side panel: the card, where it is written, its history, actions.
        self.panel = CardPanel(library, actions)
        # Its parts, named from the window as before the panel was its own class.
        self.card_title = self.panel.card_title
        self.card_view = self.panel.card_view
        self.location_label = self.panel.location_label
        self.history = self.panel.history
        self.history_label = self.panel.history_label

        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(self.table)
        splitter.addWidget(self.panel)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        splitter.setSizes([920, 480])

        top = QHBoxLayout()
        top.addWidget(self.search_field, 1)
        top.addWidget(self.search_button)
        top.addWidget(self.status_label)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.error_label)
        layout.addWidget(splitter, 1)

        self.run_search()
        self.search_field.setFocus()

    # -- searching -----------------------------------------------------------

    def run_search(self) -> None:
        """Search with the query typed; a query the language cannot read
        shows what to write instead, and the table keeps its cards."""
        try:
            self.model.search(self.search_field.text())
        except SearchError as error:
            self.error_label.setStyleSheet(f"color: {text_colours().error};")
            self.error_label.setText(str(error))
            self.error_label.show()
            return
        self.error_label.hide()
        self._searched()

    def _header_clicked(self, column: int) -> None:
        """A click sorts by the column, ascending first; again flips it."""
        header = self.table.horizontalHeader()
        if self.model.order == COLUMNS[column][1] and not self.model.descending:
            order = Qt.SortOrder.DescendingOrder
        else:
            order = Qt.SortOrder.AscendingOrder
        current = self._current_key()
        self.model.sort(column, order)
        header.setSortIndicatorShown(True)
        header.setSortIndicator(column, order)
        self._searched(keep=current)

    def _searched(self, keep: tuple[str, str] | None = None) -> None:
        count = self.model.rowCount()
        self.status_label.setText(f"{count} card{'' if count == 1 else 's'}")
        row = self.model.row_of(keep) if keep is not None else None
        if row is None and count:
            row = 0
        if row is not None:
            self.select_row(row)
        else:
            self._show_card(None)
        self._update_actions()
        read_ahead(self.table, self.model)

    def select_row(self, row: int) -> None:
        """Make a row the current and only selected one, and show its card."""
        index = self.model.index(row, 0)
        self.table.selectionModel().setCurrentIndex(
            index,
            QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows,
        )
        self.table.scrollTo(index)
        self._show_card(row)

    def _focus_search(self) -> None:
        self.search_field.setFocus()
        self.search_field.selectAll()

    # -- the side panel ------------------------------------------------------

    def _current_key(self) -> tuple[str, str] | None:
        index = self.table.currentIndex()
        return self.model.key(index.row()) if index.isValid() else None

    def _show_current(self, current: QModelIndex, _previous: QModelIndex) -> None:
        self._show_card(current.row() if current.isValid() else None)

    def _show_card(self, row: int | None) -> None:
        if row is None:
            self.panel.show_card(None)
            return
        # The state with "suspended" and the flag, as the state's tooltip.
        state = self.model.data(self.model.index(row, 3), Qt.ItemDataRole.ToolTipRole)
        self.panel.show_card(self.model.card_at(row), str(state))
        self._update_actions()

    def _update_actions(self) -> None:
        keys = self.selected_keys()
        for widget in (self.suspend_button, self.reset_button, self.flag_button):
            widget.setEnabled(bool(keys))
        self.edit_button.setEnabled(self._current_key() is not None)
        rows = self._selected_rows()
        all_suspended = bool(rows) and all(self.model.card_at(r).suspended for r in rows[:200])
        self.suspend_button.setText("Un&suspend" if all_suspended else "&Suspend")

    # -- actions on the selected cards ---------------------------------------

    def _selected_rows(self) -> list[int]:
        return sorted(index.row() for index in self.table.selectionModel().selectedRows())

    def selected_keys(self) -> list[tuple[str, str]]:
        """(deck id, card id) of the selected cards, in table order."""
        return self.model.keys(self._selected_rows())

    def toggle_suspended(self) -> None:
        """Suspend the selected cards, or unsuspend them when all are suspended."""
        rows = self._selected_rows()
        if not rows:
            return
        suspend = not all(self.model.card_at(row).suspended for row in rows)
        keys = self.selected_keys()
        what = "Suspending" if suspend else "Unsuspending"
        self.changes.apply(self, lambda: self.library.set_suspended(keys, suspend), what=what)

    def reset_progress(self) -> None:
        """Make the selected cards new again, after the learner confirms."""
        keys = self.selected_keys()
        if not keys:
            return
        what = "this card" if len(keys) == 1 else f"these {len(keys)} cards"
        answer = QMessageBox.question(
            self,
            "Reset progress",
            f"Make {what} new again? Their scheduling is forgotten; the review history is kept.",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        self.changes.apply(
            self, lambda: self.library.reset_progress(keys), what="Resetting the progress"
        )

    def set_flag(self, flag: int) -> None:
        """Flag the selected cards (0 takes the flag off)."""
        keys = self.selected_keys()
        if keys:
            self.changes.apply(self, lambda: self.library.set_flag(keys, flag), what="The flag")

    def edit_card(self) -> None:
        """Open the current card's entry in the card editor (F2); the table
        and the panel show it as saved (they follow `changes`)."""
        key = self._current_key()
        if key is None:
            return
        from endoquiz.gui.card_editor import open_card_editor

        deck_id, card_id = key
        entry_id = card_id.partition(":")[0]  # `x:reverse`, `x:c2` are entry x's
        open_card_editor(self, self.library, self.changes, deck_id, entry_id=entry_id)

    def open_in_editor(self) -> None:
        """Open the current card's deck file: with the command in
        ENDOQUIZ_EDITOR (`{path}` and `{line}` filled in) at the card's line,
        or else with the desktop's program for the file. Its path and line
        are shown either way."""
        key = self._current_key()
        if key is None:
            return
        try:
            path, line = self.library.card_location(*key)
        except KeyError:
            return
        self.panel.show_location(path, line)
        open_at_line(path, line)

    def show_changes(self) -> None:
        """Show the cards as they are now, after a change saved (an action
        here, an answer given while the browser is open): the rows read
        again where they are, the current card with its history. A closed
        browser does it when shown again."""
        if not self.isVisible():
            return
        self.model.refresh()
        key = self._current_key()
        row = self.model.row_of(key) if key is not None else None
        self._show_card(row)
