"""The card browser's table view: columns sized once, rows of one height, rows read ahead."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
)

from endoquiz.gui.card_table_model import CardTableModel
from endoquiz.gui.theme import zoom_factor

__all__ = ["DECK_COLUMN_MAX", "card_table", "read_ahead"]

# The Deck column's widest default, in pixels at 100% zoom: a full title in
# it leaves the Front column room, cut in the middle when longer (its tooltip
# has it whole).
DECK_COLUMN_MAX = 280
# Each column's width at 100% zoom, in table order.
_WIDTHS = (105, 250, 55, 80, 85, 65, 72, 72, 58, 55, 100)


class _MiddleElided(QStyledItemDelegate):
    """Draws a cell's text cut in the middle when it does not fit."""

    def initStyleOption(  # noqa: N802 - Qt's name
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> None:
        super().initStyleOption(option, index)
        option.textElideMode = Qt.TextElideMode.ElideMiddle


def card_table(model: CardTableModel, deck_titles: list[str], metrics: QFontMetrics) -> QTableView:
    """A view of `model`'s cards, whole rows selected, sized for `metrics`
    (the window's font) and the deck titles it will show."""
    # A plain QTableView, not a subclass: each of Qt's virtual calls into a
    # Python subclass costs time while a page of cells is painted.
    table = QTableView()
    table.setAccessibleName("Cards")
    # One tab stop: Tab moves on, the arrow keys move inside.
    table.setTabKeyNavigation(False)
    table.setModel(model)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setAlternatingRowColors(True)
    table.setWordWrap(False)
    table.setTextElideMode(Qt.TextElideMode.ElideRight)
    table.verticalScrollBar().valueChanged.connect(lambda _value: read_ahead(table, model))
    table.verticalHeader().hide()
    # Rows of one height: the view need not measure each one.
    table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
    table.verticalHeader().setDefaultSectionSize(metrics.height() + 8)
    header = table.horizontalHeader()
    header.setSectionsMovable(True)
    # Widths set once: measuring contents would read every row.
    header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    header.setStretchLastSection(True)
    # Widths for 100% zoom, larger by the zoom: at 200% the kinds and
    # states were cut to "b…" and "revi…".
    zoom = zoom_factor()
    for column, width in enumerate(_WIDTHS):
        header.resizeSection(column, round(width * zoom))
    # Deck titles are few, and what tells decks apart is at both ends of
    # one ("Insulin Resistance and ...: Academic"): the column is as wide
    # as the longest (within DECK_COLUMN_MAX), and cuts the middle out of
    # one that does not fit.
    if deck_titles:
        longest = max(metrics.horizontalAdvance(t) for t in deck_titles)
        header.resizeSection(0, min(longest + 24, round(DECK_COLUMN_MAX * zoom)))
    table.setItemDelegateForColumn(0, _MiddleElided(table))
    # Deck order until a header is clicked.
    header.setSortIndicatorShown(False)
    return table


def read_ahead(table: QTableView, model: CardTableModel) -> None:
    """Have the model read the rows around those the table shows."""
    first = table.rowAt(0)
    if first < 0:
        return
    last = table.rowAt(table.viewport().height() - 1)
    model.read_ahead(first, last if last >= 0 else model.rowCount() - 1)
