"""A read-only table showing every cell whole: columns as wide as they need, rows as tall."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QFontMetrics, QResizeEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QStyle,
    QTableWidget,
    QTableWidgetItem,
    QWidget,
)

__all__ = ["FittedTable"]


class FittedTable(QTableWidget):
    """A table of text whose first column takes the room left and wraps its
    text between words; every other column is as wide as its header and
    cells. Its minimum width is what the columns need (the first as wide as
    its longest word), so a layout never squeezes a column and cuts its
    header or cells, as a stretched column did at 200% zoom. It is as tall
    as its rows, up to `max_rows` (then it scrolls): inside a window that
    scrolls as a whole, a table with empty space below it looks broken.

    Tab moves on to the next control and the arrow keys move inside (one
    tab stop).
    """

    def __init__(
        self,
        columns: tuple[str, ...],
        name: str,
        *,
        max_rows: int | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(0, len(columns), parent)
        self.max_rows = max_rows
        self.setAccessibleName(name)
        self.setTabKeyNavigation(False)
        self.setHorizontalHeaderLabels(list(columns))
        self.verticalHeader().hide()
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setAlternatingRowColors(True)
        self.setWordWrap(True)
        self.setTextElideMode(Qt.TextElideMode.ElideNone)
        # The widths are set here, from the text, rather than by the header's
        # resize modes, which stretch the first column to nothing when room is short.
        self.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.horizontalHeader().setStretchLastSection(False)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)

    def set_rows(self, rows: list[list[QTableWidgetItem]]) -> None:
        """Replace the cells, then fit the table to them."""
        self.setRowCount(len(rows))
        for row, items in enumerate(rows):
            for column, item in enumerate(items):
                self.setItem(row, column, item)
        self.fit()

    def needed_width(self, column: int) -> int:
        """The narrowest `column` can be with its header and cells whole:
        for the first column, which wraps, its longest word."""
        header = self.horizontalHeader()
        # The padding a cell's text has on each side (the view's focus margin),
        # and the grid line.
        margin = self.style().pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, None, self)
        padding = 2 * (margin + 1) + 1
        widest = 0
        for row in range(self.rowCount()):
            item = self.item(row, column)
            if item is None:
                continue
            # A cell's font sets only what differs (bold), over the table's.
            metrics = QFontMetrics(item.font().resolve(self.font()))
            texts = item.text().split() if column == 0 else [item.text()]
            widest = max([widest, *(metrics.horizontalAdvance(text) for text in texts)])
        return max(header.sectionSizeHint(column), widest + padding)

    def fit(self) -> None:
        """Set the minimum width from the columns' needs, then lay the
        columns and rows out in the width the table has."""
        needed = sum(self.needed_width(column) for column in range(self.columnCount()))
        self.setMinimumWidth(needed + 2 * self.frameWidth() + self._scroll_bar_width())
        self._lay_out()

    def _scroll_bar_width(self) -> int:
        scrolls = self.max_rows is not None and self.rowCount() > self.max_rows
        return self.verticalScrollBar().sizeHint().width() if scrolls else 0

    def _lay_out(self) -> None:
        header = self.horizontalHeader()
        others = 0
        for column in range(1, self.columnCount()):
            width = self.needed_width(column)
            header.resizeSection(column, width)
            others += width
        room = self.width() - 2 * self.frameWidth() - self._scroll_bar_width()
        header.resizeSection(0, max(self.needed_width(0), room - others))
        self.resizeRowsToContents()
        rows = self.rowCount() if self.max_rows is None else min(self.rowCount(), self.max_rows)
        height = header.sizeHint().height() + 2 * self.frameWidth()
        height += sum(self.rowHeight(row) for row in range(rows))
        self.setFixedHeight(height + 2)

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt's name
        super().resizeEvent(event)
        # A new width wraps the first column's text anew.
        self._lay_out()

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt's name
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange:  # the zoom changed
            self.fit()
