"""The card browser's table model: a search's cards, each read only when the view shows it.

A search gives the matching cards' ids at once (`Library.search_cards`), and
a row is read only when the view shows it, so tens of thousands of matches
scroll without stalls.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Sequence
from typing import NamedTuple

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QModelRoleData,
    QModelRoleDataSpan,
    QPersistentModelIndex,
    Qt,
    QTimer,
)
from PySide6.QtGui import QColor, QFont
from PySide6.QtWidgets import QWidget

from endoquiz import CardMatch, Library, SearchResult
from endoquiz.gui.card_columns import COLUMNS, NUMERIC_COLUMNS, column_text, column_tool_tip
from endoquiz.gui.theme import FLAG_COLOURS, text_colours

__all__ = ["ROW_BLOCK", "ROW_CACHE", "CardTableModel"]

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
        if self._count():
            last = self.index(self._count() - 1, len(COLUMNS) - 1)
            self.dataChanged.emit(self.index(0, 0), last)

    # -- rows --------------------------------------------------------------

    def _count(self) -> int:
        return len(self._result) if self._result is not None else 0

    def key(self, row: int) -> tuple[str, str]:
        """(deck id, card id) of a row."""
        return self.keys([row])[0]

    def keys(self, rows: Sequence[int]) -> list[tuple[str, str]]:
        """(deck id, card id) of some rows, read together."""
        return self._result.keys_at(rows) if self._result is not None else []

    def row_of(self, key: tuple[str, str]) -> int | None:
        """The row of a card, or None when the search did not find it."""
        return self._result.index_of(key) if self._result is not None else None

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
            if start < self._count() and start not in self._rows:
                self._read_block(start)

    def _prepare(self, match: CardMatch) -> _Row:
        """A card's row as the item delegate asks for it, role by role."""
        shared: dict[int, object] = {}
        if match.suspended:
            shared = {_FOREGROUND: self._suspended_colour, _FONT: self._suspended_font}
        title = self.deck_title(match.deck_id)
        cells = []
        for _, column in COLUMNS:
            cell = {**shared, _DISPLAY: column_text(match, column, title)}
            if column in NUMERIC_COLUMNS:
                cell[_ALIGNMENT] = _RIGHT
            if column == "front" and 0 < match.flag < len(FLAG_COLOURS):
                cell[_DECORATION] = self._flag_colours[match.flag]
            cells.append(cell)
        return _Row(match, tuple(cells))

    # -- Qt's model interface ----------------------------------------------

    def rowCount(  # noqa: N802 - Qt's name
        self, parent: QModelIndex | QPersistentModelIndex | None = None
    ) -> int:
        return 0 if parent is not None and parent.isValid() else self._count()

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
        if not 0 <= row < self._count():  # an invalid index has row -1
            return None
        role = int(role)
        if role == _TOOLTIP:
            match = self._row(row).match
            return column_tool_tip(match, COLUMNS[col][1], self.deck_title(match.deck_id))
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
        cell = self._row(row).cells[index.column()] if 0 <= row < self._count() else {}
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
