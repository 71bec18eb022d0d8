"""The selected deck's overview in the deck list: today's counts in large
figures, when it was last studied, its true retention."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import Qt
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QGridLayout, QLabel, QWidget

from endoquiz import DeckOverview
from endoquiz.gui.accessibility import describe
from endoquiz.gui.scaled_font import scale_font
from endoquiz.gui.theme import text_colours
from endoquiz.gui.wording import day_text

# The overview's figures: (key, caption), as the tree's columns name them.
OVERVIEW_COUNTS = (("new", "New"), ("learning", "Learning"), ("due", "Due"))


def last_studied_text(when: datetime | None, now: datetime) -> str:
    """'Last studied today', '... yesterday', '... 5 days ago (3 May 2024)',
    in local days; 'Not studied yet'."""
    if when is None:
        return "Not studied yet"
    days = (now.astimezone().date() - when.astimezone().date()).days
    if days <= 0:
        return "Last studied today"
    if days == 1:
        return "Last studied yesterday"
    return f"Last studied {days} days ago ({day_text(when.astimezone().date())})"


class OverviewPanel(QWidget):
    """What a learner wants to know of a deck before studying it: today's
    New, Learning and Due cards in large figures, when it was last studied,
    and its true retention over the last 30 days."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 8, 0, 8)
        self.figures: dict[str, QLabel] = {}
        for column, (key, caption) in enumerate(OVERVIEW_COUNTS):
            figure = QLabel("0")
            scale_font(figure, 2, bold=True)
            figure.setAlignment(Qt.AlignmentFlag.AlignCenter)
            describe(figure, f"{caption} today")
            grid.addWidget(figure, 0, column)
            label = QLabel(caption)
            label.setAlignment(Qt.AlignmentFlag.AlignCenter)
            grid.addWidget(label, 1, column)
            self.figures[key] = figure
        self.last_studied = QLabel()
        describe(self.last_studied, "Last studied")
        self.retention = QLabel()
        describe(self.retention, "True retention")
        for row, label in enumerate((self.last_studied, self.retention), start=2):
            label.setWordWrap(True)
            label.setAlignment(Qt.AlignmentFlag.AlignCenter)
            grid.addWidget(label, row, 0, 1, len(OVERVIEW_COUNTS))
        self.grid = grid
        self._fit_rows()

    def show_overview(self, overview: DeckOverview, desired: float, now: datetime) -> None:
        """Show a deck's overview; `desired` is the desired retention."""
        colours = text_colours()
        values = zip(overview.counts, (colours.new, colours.learning, colours.due), strict=True)
        for (key, _), (count, colour) in zip(OVERVIEW_COUNTS, values, strict=True):
            self.figures[key].setText(str(count))
            self.figures[key].setStyleSheet(f"color: {colour};")
        self.last_studied.setText(last_studied_text(overview.last_studied, now))
        month = overview.retention
        if month.retention is None:
            said = "no reviews yet"
        else:
            reviews = f"{month.reviews} review{'s' * (month.reviews != 1)}"
            said = f"{month.retention:.0%} of {reviews} (desired {desired:.0%})"
        self.retention.setText(f"True retention, last {month.days} days: {said}")
        self._fit_rows()

    def _fit_rows(self) -> None:
        """The wrapped lines' rows as tall as their text at this width (two
        lines before the width is known): the grid does not grow a row for a
        label that wraps, and at 200% zoom the retention line was cut to one."""
        for row, label in ((2, self.last_studied), (3, self.retention)):
            lines = label.heightForWidth(self.width()) if self.width() > 1 else -1
            self.grid.setRowMinimumHeight(row, max(lines, self.fontMetrics().height() * 2))

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt's name
        super().resizeEvent(event)
        self._fit_rows()
