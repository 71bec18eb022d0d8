"""The card browser: search the cards, sort them, look at one, and act on a selection.

The table is a model over a search (`Library.search_cards`): a search gives
the matching keys at once, and a row is read from the store only when the
view shows it, so tens of thousands of matches scroll without stalls.
"""

from __future__ import annotations

import html
import os
import re
import shlex
from collections import OrderedDict
from datetime import datetime, timedelta
from typing import NamedTuple

from PySide6.QtCore import (
    QAbstractTableModel,
    QItemSelectionModel,
    QModelIndex,
    QModelRoleData,
    QModelRoleDataSpan,
    QPersistentModelIndex,
    QProcess,
    QSize,
    Qt,
    QTimer,
    QUrl,
)
from PySide6.QtGui import QAction, QColor, QDesktopServices, QFont, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMenu,
    QMessageBox,
    QPushButton,
    QSplitter,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QTableWidget,
    QTableWidgetItem,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from endoquiz import (
    CardMatch,
    Library,
    Rating,
    SearchError,
    SearchResult,
    format_interval,
    revealed_markdown,
)
from endoquiz.gui.card_view import CardView
from endoquiz.gui.keys import close_with_keys
from endoquiz.gui.library_changes import LibraryChanges
from endoquiz.gui.screen_fit import fit_to_screen
from endoquiz.gui.theme import FLAG_COLOURS, text_colours, zoom_factor

__all__ = ["COLUMNS", "CardBrowser", "CardTableModel"]

# (header, sort column of `Library.search_cards`), in table order.
COLUMNS: tuple[tuple[str, str], ...] = (
    ("Deck", "deck"),
    ("Front", "front"),
    ("Kind", "kind"),
    ("State", "state"),
    ("Due", "due"),
    ("Interval", "interval"),
    ("Stability", "stability"),
    ("Difficulty", "difficulty"),
    ("Recall", "retrievability"),
    ("Lapses", "lapses"),
    ("Tags", "tags"),
)
_NUMERIC = {"due", "interval", "stability", "difficulty", "retrievability", "lapses"}
_RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
_DISPLAY = int(Qt.ItemDataRole.DisplayRole)
_ALIGNMENT = int(Qt.ItemDataRole.TextAlignmentRole)
_FOREGROUND = int(Qt.ItemDataRole.ForegroundRole)
_FONT = int(Qt.ItemDataRole.FontRole)
_DECORATION = int(Qt.ItemDataRole.DecorationRole)
_TOOLTIP = int(Qt.ItemDataRole.ToolTipRole)
# How many rows the model keeps read (the view asks only for those it
# shows), and how many it reads at a time.
ROW_CACHE = 400
ROW_BLOCK = 64
# Flags 1-4, as in Anki; 0 is none.
FLAG_NAMES = ("No flag", "Red", "Orange", "Green", "Blue")
# The Deck column's widest default, in pixels at 100% zoom: a full title in
# it leaves the Front column room, cut in the middle when longer (its tooltip
# has it whole).
DECK_COLUMN_MAX = 280
# A command that opens a file at a line, e.g. `code --goto {path}:{line}`.
EDITOR_VARIABLE = "ENDOQUIZ_EDITOR"


def one_line(markdown: str, limit: int = 160) -> str:
    """Card text on one table line: emphasis marks and line breaks gone."""
    text = " ".join(re.sub(r"[*_`#>]", "", markdown).split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _state_name(match: CardMatch) -> str:
    name = match.state.label
    # Leeches stand out, as `is:leech` finds them.
    return f"{name}, leech" if match.is_leech else name


def _local(moment: datetime) -> str:
    return moment.astimezone().strftime("%Y-%m-%d %H:%M")


class _Row(NamedTuple):
    """A read row: its card, and each column's {role: value}."""

    match: CardMatch
    cells: tuple[dict[int, object], ...]


class CardTableModel(QAbstractTableModel):
    """The cards of one search, sorted in SQL by the column clicked."""

    def __init__(self, library: Library, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.library = library
        self.query = ""
        self.order: str | None = None
        self.descending = False
        self._result: SearchResult | None = None
        self._keys: list[tuple[str, str]] = []
        # Row -> (card, each column's {role: value}): scrolling repaints
        # a page of cells many times over, so each row is read and formatted
        # once, into what the item delegate asks for.
        self._rows: OrderedDict[int, _Row] = OrderedDict()
        # The blocks around the rows in view are read when the event loop is
        # idle (between a user's scroll steps), not while a page is painted.
        self._blocks_wanted: set[int] = set()
        self._prefetch_timer = QTimer(self)
        self._prefetch_timer.setSingleShot(True)
        self._prefetch_timer.setInterval(0)
        self._prefetch_timer.timeout.connect(self._prefetch)
        self._suspended_colour = QColor(text_colours().muted)
        self._suspended_font = QFont()
        self._suspended_font.setItalic(True)
        self._flag_colours = [QColor(colour) if colour else None for colour in FLAG_COLOURS]
        self._deck_titles: dict[str, tuple[str, str]] = {}

    # -- searching -------------------------------------------------------

    def search(self, query: str) -> None:
        """Show the cards matching `query`, in the current sort order.

        Raises:
            SearchError: for a query that cannot be understood; the table
                keeps the previous search.
        """
        result = self.library.search_cards(query, order=self.order, descending=self.descending)
        self.beginResetModel()
        self.query = query
        self._result = result
        self._keys = result.keys()
        self._rows.clear()
        self._deck_titles = self.library.deck_titles()
        self._suspended_colour = QColor(text_colours().muted)  # the theme may have changed
        self.endResetModel()

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Sort by a column: the search runs again with SQL's ORDER BY."""
        if not 0 <= column < len(COLUMNS):
            return
        self.layoutAboutToBeChanged.emit()
        self.order = COLUMNS[column][1]
        self.descending = order == Qt.SortOrder.DescendingOrder
        result = self.library.search_cards(self.query, order=self.order, descending=self.descending)
        self._result = result
        self._keys = result.keys()
        self._rows.clear()
        # The rows are the same cards in a new order: a new layout, and the
        # view's persistent indexes (selection, current) are dropped.
        for index in self.persistentIndexList():
            self.changePersistentIndex(index, QModelIndex())
        self.layoutChanged.emit()

    def refresh(self) -> None:
        """Read the shown rows again (after an action changed cards); the
        rows stay where they are, even those the query no longer matches."""
        self._rows.clear()
        if self._keys:
            last = self.index(len(self._keys) - 1, len(COLUMNS) - 1)
            self.dataChanged.emit(self.index(0, 0), last)

    # -- rows --------------------------------------------------------------

    def key(self, row: int) -> tuple[str, str]:
        """(deck id, card id) of a row."""
        return self._keys[row]

    def row_of(self, key: tuple[str, str]) -> int | None:
        try:
            return self._keys.index(key)
        except ValueError:
            return None

    def card_at(self, row: int) -> CardMatch:
        """What the table shows of a row's card, read once and kept while
        the row is among the last few hundred shown."""
        return self._row(row)[0]

    def _row(self, row: int) -> _Row:
        cached = self._rows.get(row)
        if cached is not None:
            return cached  # oldest read goes first: the rows in view are the newest
        self._read_block(row - row % ROW_BLOCK)
        return self._rows[row]

    def read_ahead(self, first: int, last: int) -> None:
        """Read the rows from a block above `first` to a block below `last`
        (the rows in view) once the event loop is idle, so that the next
        scroll step paints rows already read."""
        start = max(0, first - ROW_BLOCK)
        self._blocks_wanted = set(range(start - start % ROW_BLOCK, last + ROW_BLOCK, ROW_BLOCK))
        self._prefetch_timer.start()

    def _read_block(self, start: int) -> None:
        """Read and prepare rows `start` to `start + ROW_BLOCK` in one query."""
        assert self._result is not None
        for offset, match in enumerate(self._result[start : start + ROW_BLOCK]):
            self._rows[start + offset] = self._prepare(match)
        while len(self._rows) > ROW_CACHE:
            self._rows.popitem(last=False)

    def _prefetch(self) -> None:
        wanted, self._blocks_wanted = self._blocks_wanted, set()
        for start in sorted(wanted):
            if start < len(self._keys) and start not in self._rows:
                self._read_block(start)

    def _prepare(self, match: CardMatch) -> _Row:
        """A card's row as the item delegate asks for it, role by role."""
        shared: dict[int, object] = {}
        if match.suspended:
            shared = {_FOREGROUND: self._suspended_colour, _FONT: self._suspended_font}
        cells = []
        for _, column in COLUMNS:
            cell = {**shared, _DISPLAY: self._display(match, column)}
            if column in _NUMERIC:
                cell[_ALIGNMENT] = _RIGHT
            if column == "front" and 0 < match.flag < len(FLAG_COLOURS):
                cell[_DECORATION] = self._flag_colours[match.flag]
            cells.append(cell)
        return _Row(match, tuple(cells))

    # -- Qt's model interface ----------------------------------------------

    def rowCount(  # noqa: N802 - Qt's name
        self, parent: QModelIndex | QPersistentModelIndex | None = None
    ) -> int:
        return 0 if parent is not None and parent.isValid() else len(self._keys)

    def columnCount(  # noqa: N802 - Qt's name
        self, parent: QModelIndex | QPersistentModelIndex | None = None
    ) -> int:
        return 0 if parent is not None and parent.isValid() else len(COLUMNS)

    def headerData(  # noqa: N802 - Qt's name
        self,
        section: int,
        orientation: Qt.Orientation,
        role: int = Qt.ItemDataRole.DisplayRole,
    ) -> object:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return COLUMNS[section][0] if 0 <= section < len(COLUMNS) else None
        return None

    def data(
        self,
        index: QModelIndex | QPersistentModelIndex,
        role: int = Qt.ItemDataRole.DisplayRole,
    ) -> object:
        row, col = index.row(), index.column()
        if not 0 <= row < len(self._keys):  # an invalid index has row -1
            return None
        role = int(role)
        if role == _TOOLTIP:
            return self._tool_tip(row, col)
        return self._row(row).cells[col].get(role)

    def multiData(  # noqa: N802 - Qt's name
        self,
        index: QModelIndex | QPersistentModelIndex,
        role_data_span: QModelRoleDataSpan | QModelRoleData,
    ) -> None:
        # The item delegate asks for seven roles of every cell it paints: one
        # call per cell, answered from the cell's prepared roles, rather than
        # seven through `data()` keeps a page of the table quick to paint.
        # Every role is set or cleared: the delegate reuses one span for all
        # cells, so a role left alone would keep the previous cell's value.
        row = index.row()
        cell = self._row(row).cells[index.column()] if 0 <= row < len(self._keys) else {}
        # Qt passes a span, which PySide6 iterates (its stubs do not say so).
        for role_data in role_data_span:  # type: ignore[union-attr]
            value = cell.get(role_data.role())
            if value is None:
                role_data.clearData()
            else:
                role_data.setData(value)

    def deck_title(self, deck_id: str) -> str:
        """A deck's full title, as the Deck column shows it."""
        return self._deck_titles.get(deck_id, (deck_id,))[0]

    def _tool_tip(self, row: int, col: int) -> str | None:
        match = self._row(row).match
        flag = match.flag
        column = COLUMNS[col][1]
        if column == "deck":
            return f"{self.deck_title(match.deck_id)}\n{match.deck_id}"
        if column == "front":
            return one_line(match.front, 1000)
        if column == "state":
            flagged = f", {FLAG_NAMES[flag].lower()} flag" if flag else ""
            suspended = ", suspended" if match.suspended else ""
            return f"{_state_name(match)}{suspended}{flagged}"
        return None

    def _display(self, match: CardMatch, column: str) -> str:
        if column == "deck":
            # The full title: the title as a child ("Academic") is the same in
            # every article's tree.
            return self.deck_title(match.deck_id)
        if column == "front":
            return one_line(match.front)
        if column == "kind":
            return match.kind
        if column == "state":
            return "suspended" if match.suspended else _state_name(match)
        if column == "due":
            return match.due.astimezone().strftime("%Y-%m-%d") if match.due else ""
        if column == "interval":
            days = match.interval_days
            return format_interval(timedelta(days=days)) if days else ""
        if column == "stability":
            return f"{match.stability:.1f} d" if match.stability is not None else ""
        if column == "difficulty":
            return f"{match.difficulty:.1f}" if match.difficulty is not None else ""
        if column == "retrievability":
            r = match.retrievability
            return f"{r:.0%}" if r is not None else ""
        if column == "lapses":
            return str(match.lapses)
        if column == "tags":
            return " ".join(match.tags)
        return ""


class _MiddleElided(QStyledItemDelegate):
    """Draws a cell's text cut in the middle when it does not fit."""

    def initStyleOption(  # noqa: N802 - Qt's name
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> None:
        super().initStyleOption(option, index)
        option.textElideMode = Qt.TextElideMode.ElideMiddle


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
        self.table = QTableView()
        self.table.setAccessibleName("Cards")
        # One tab stop: Tab moves on, the arrow keys move inside.
        self.table.setTabKeyNavigation(False)
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.table.verticalScrollBar().valueChanged.connect(self._read_ahead)
        self.table.verticalHeader().hide()
        # Rows of one height: the view need not measure each one.
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)
        header = self.table.horizontalHeader()
        header.setSectionsMovable(True)
        # Widths set once: measuring contents would read every row.
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        # Widths for 100% zoom, larger by the zoom: at 200% the kinds and
        # states were cut to "b…" and "revi…".
        zoom = zoom_factor()
        widths = (105, 250, 55, 80, 85, 65, 72, 72, 58, 55, 100)
        for column, width in enumerate(widths):
            header.resizeSection(column, round(width * zoom))
        # Deck titles are few, and what tells decks apart is at both ends of
        # one ("Insulin Resistance and ...: Academic"): the column is as wide
        # as the longest (within DECK_COLUMN_MAX), and cuts the middle out of
        # one that does not fit.
        titles = [title for title, _ in library.deck_titles().values()]
        if titles:
            longest = max(self.fontMetrics().horizontalAdvance(t) for t in titles)
            header.resizeSection(0, min(longest + 24, round(DECK_COLUMN_MAX * zoom)))
        self.table.setItemDelegateForColumn(0, _MiddleElided(self.table))
        # Deck order until a header is clicked.
        header.setSortIndicatorShown(False)
        header.sectionClicked.connect(self._header_clicked)
        self.table.selectionModel().currentRowChanged.connect(self._show_current)
        self.table.selectionModel().selectionChanged.connect(self._update_actions)

        # The side panel: the card, where it is written, its history, actions.
        self.card_title = QLabel()
        self.card_title.setObjectName("cardTitle")
        self.card_title.setWordWrap(True)
        self.card_title.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.card_view = CardView()
        self.card_view.setAccessibleName("Card")
        self.location_label = QLabel()
        self.location_label.setObjectName("cardLocation")
        self.location_label.setWordWrap(True)
        self.location_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.history = QTableWidget(0, 4)
        self.history.setAccessibleName("Review history")
        self.history.setTabKeyNavigation(False)
        self.history.setHorizontalHeaderLabels(["Date", "Rating", "Interval", "Mode"])
        self.history.verticalHeader().hide()
        self.history.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.history.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.history.setWordWrap(False)
        self.history.setAlternatingRowColors(True)
        history_header = self.history.horizontalHeader()
        history_header.setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        history_header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        self.history_label = QLabel("Review history")

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
        self.edit_button = QPushButton("Open in &editor")
        self.edit_button.setToolTip("Open the card's deck file at its line (Ctrl+E)")
        self.edit_button.clicked.connect(self.open_in_editor)
        QShortcut(QKeySequence("Ctrl+J"), self).activated.connect(self.toggle_suspended)
        QShortcut(QKeySequence("Ctrl+Alt+N"), self).activated.connect(self.reset_progress)
        QShortcut(QKeySequence("Ctrl+E"), self).activated.connect(self.open_in_editor)
        QShortcut(QKeySequence("Ctrl+F"), self).activated.connect(self._focus_search)
        close_with_keys(self)

        actions = QHBoxLayout()
        for button in (self.suspend_button, self.reset_button, self.flag_button):
            actions.addWidget(button)
        actions.addWidget(self.edit_button)
        actions.addStretch()

        panel = QWidget()
        side = QVBoxLayout(panel)
        side.setContentsMargins(0, 0, 0, 0)
        side.addWidget(self.card_title)
        side.addWidget(self.card_view, 3)
        side.addLayout(actions)
        side.addWidget(self.location_label)
        side.addWidget(self.history_label)
        side.addWidget(self.history, 2)

        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(self.table)
        splitter.addWidget(panel)
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
        self._read_ahead()

    def _read_ahead(self) -> None:
        first = self.table.rowAt(0)
        if first < 0:
            return
        last = self.table.rowAt(self.table.viewport().height() - 1)
        self.model.read_ahead(first, last if last >= 0 else self.model.rowCount() - 1)

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
            self.card_title.setText("No card selected")
            self.card_view.show_markdown("")
            self.location_label.clear()
            self.history.setRowCount(0)
            self.history_label.setText("Review history")
            return
        match = self.model.card_at(row)
        card = match.card()
        folder = self.library.deck_folder(match.deck_id)
        self.card_view.show_markdown(revealed_markdown(card), folder)
        # The state with "suspended" and the flag, as the state's tooltip.
        state = self.model.data(self.model.index(row, 3), Qt.ItemDataRole.ToolTipRole)
        self.card_title.setText(
            f"<b>{html.escape(match.deck_id)}</b> · <code>{html.escape(match.card_id)}</code>"
            f" · {match.kind} · {state} · {match.reps} answer{'s' * (match.reps != 1)}, "
            f"{match.lapses} lapse{'s' * (match.lapses != 1)}"
        )
        try:
            path, line = self.library.card_location(match.deck_id, match.card_id)
            self.location_label.setText(f"{path}:{line}")
        except KeyError:
            self.location_label.clear()
        entries = self.library.review_log(match.deck_id, match.card_id)
        self.history_label.setText(f"Review history ({len(entries)} answers)")
        self.history.setRowCount(len(entries))
        for number, entry in enumerate(reversed(entries)):  # newest first
            cells = (
                _local(entry.reviewed_at),
                Rating(entry.rating).name.capitalize(),
                format_interval(entry.interval) if entry.interval > timedelta(0) else "now",
                entry.mode,
            )
            for column, text in enumerate(cells):
                self.history.setItem(number, column, QTableWidgetItem(text))
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
        return [self.model.key(row) for row in self._selected_rows()]

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
        self.location_label.setText(f"{path}:{line}")
        command = os.environ.get(EDITOR_VARIABLE, "").strip()
        if command:
            words = [w.format(path=path, line=line) for w in shlex.split(command)]
            if "{path}" not in command:
                words.append(str(path))
            if QProcess.startDetached(words[0], words[1:])[0]:
                return
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))

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
