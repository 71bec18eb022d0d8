"""A year's heatmap drawn with QPainter: one square a day, shaded by its count."""

from __future__ import annotations

import math
from collections.abc import Mapping
from datetime import date, timedelta

from PySide6.QtCore import QPoint, QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QFontMetrics, QPainter, QPaintEvent, QPalette
from PySide6.QtWidgets import QWidget

from endoquiz.gui.chart_widget import ChartWidget, mix
from endoquiz.gui.wording import MONTHS, WEEKDAYS, day_text


class Heatmap(ChartWidget):
    """A calendar of days as small squares, weeks as columns (Monday on top),
    shaded by a count: darker (more highlight colour) is more."""

    LEVELS = 4

    def __init__(
        self,
        name: str,
        file_stem: str = "heatmap",
        unit: tuple[str, str] = ("review", "reviews"),
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(name, file_stem, parent)
        self.unit = unit
        self.days: list[date] = []
        self.counts: list[int] = []
        self.levels: list[int] = []
        self._index: dict[date, int] = {}
        # The first day drawn comes with the data (`set_data`); until then
        # no day is, and the wall clock is not read here.
        self._start = date.min
        self._cell = 12.0
        self._origin = QPointF()
        self._month_labels: list[tuple[float, str]] = []
        self.setFixedHeight(self._natural_height())

    def set_data(self, counts: Mapping[date, int], last_day: date, days: int = 365) -> None:
        """Show `days` days up to `last_day`; days missing in `counts` have 0."""
        first = last_day - timedelta(days=days - 1)
        self._start = first - timedelta(days=first.weekday())  # the Monday of its week
        self.days = [first + timedelta(days=n) for n in range(days)]
        self.counts = [counts.get(day, 0) for day in self.days]
        self._index = {day: n for n, day in enumerate(self.days)}
        # Shades by quartiles of the study days rather than by the maximum:
        # one marathon day would otherwise wash every other day out.
        studied = sorted(count for count in self.counts if count)
        cuts = [studied[len(studied) * k // self.LEVELS] for k in range(1, self.LEVELS) if studied]
        self.levels = [
            0 if not count else 1 + sum(count >= cut for cut in cuts) for count in self.counts
        ]
        self.hovered, self.hover_text = None, ""
        self._layout()
        self.update()

    def count_on(self, day: date) -> int:
        index = self._index.get(day)
        return self.counts[index] if index is not None else 0

    def level_on(self, day: date) -> int:
        """The shade of a day: 0 (none) to LEVELS (the busiest quarter)."""
        index = self._index.get(day)
        return self.levels[index] if index is not None else 0

    def cell_center(self, day: date) -> QPoint:
        return self._hit_rects[self._index[day]].center().toPoint()

    def item_text(self, index: int) -> str:
        count = self.counts[index]
        amount = f"{count} {self.unit[0] if count == 1 else self.unit[1]}" if count else "none"
        return f"{day_text(self.days[index])}: {amount}"

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        metrics = QFontMetrics(self.font())
        left = metrics.horizontalAdvance("Wed") + 6
        return QSize(int(left + 53 * self._max_cell()) + 4, self._natural_height())

    def _max_cell(self) -> float:
        return max(12.0, QFontMetrics(self.font()).height() * 0.95)

    def _natural_height(self, cell: float | None = None) -> int:
        """Month names, seven rows of `cell` (default: the largest), the legend."""
        line = QFontMetrics(self.font()).height()
        rows = 7 * (cell if cell is not None else self._max_cell())
        return int(line + 2 + rows + 6 + line + 2)

    def _layout(self) -> None:
        metrics = QFontMetrics(self.font())
        line = metrics.height()
        left = metrics.horizontalAdvance("Wed") + 6
        weeks = (self.days[-1] - self._start).days // 7 + 1 if self.days else 53
        # Cells shrink to fit a narrow window, and never grow past a size
        # where the year stops reading as one block; then the grid is centred.
        self._cell = max(4.0, min(self._max_cell(), (self.width() - left - 4) / weeks))
        spare = max(0.0, self.width() - left - 4 - weeks * self._cell)
        self._origin = QPointF(left + spare / 2, line + 2)
        cell, gap = self._cell, max(1.0, self._cell / 8)
        self._hit_rects = []
        self._month_labels = []
        last_label_end = -math.inf
        for day in self.days:
            offset = (day - self._start).days
            x = self._origin.x() + (offset // 7) * cell
            y = self._origin.y() + day.weekday() * cell
            self._hit_rects.append(QRectF(x, y, cell - gap, cell - gap))
            if day.day == 1 or day == self.days[0]:
                name = MONTHS[day.month - 1][:3]
                # A month's name over the column of its first day, when there
                # is room after the previous name; the partial month the year
                # starts in gives way to the next full one.
                if x < last_label_end and len(self._month_labels) == 1:
                    self._month_labels.clear()
                    last_label_end = -math.inf
                if x >= last_label_end:
                    self._month_labels.append((x, name))
                    last_label_end = x + metrics.horizontalAdvance(name) + 6
        # As tall as the cells drawn at this width: the height of the
        # largest cells left an empty band under a narrowed year at 200% zoom.
        self.setFixedHeight(self._natural_height(self._cell))

    def paintEvent(self, _event: QPaintEvent) -> None:  # noqa: N802 - Qt's name
        painter = QPainter(self)
        text = self._colour(QPalette.ColorRole.WindowText)
        background = self._colour(QPalette.ColorRole.Window)
        empty = mix(background, text, 0.1)
        highlight = self._colour(QPalette.ColorRole.Highlight)
        if background.lightnessF() < 0.5:
            # On a dark background more must be brighter, and a dark theme's
            # highlight is too close to the empty shade to show four steps.
            highlight = mix(highlight, text, 0.3)
        # Level 1 already clearly off the empty shade, the top level the full colour.
        steps = range(1, self.LEVELS + 1)
        shades = [empty] + [mix(empty, highlight, (k / self.LEVELS) ** 0.8) for k in steps]
        metrics = painter.fontMetrics()
        line = metrics.height()
        painter.setPen(text)
        for x, name in self._month_labels:
            painter.drawText(QPointF(x, metrics.ascent()), name)
        for row in (0, 2, 4):
            y = self._origin.y() + row * self._cell
            # A line tall, centred on its row: a row's height cut the
            # weekday's top and bottom off once the zoom made text taller.
            painter.drawText(
                QRectF(0, y + (self._cell - line) / 2, self._origin.x() - 4, line),
                Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                WEEKDAYS[row],
            )
        for rect, level in zip(self._hit_rects, self.levels, strict=True):
            painter.fillRect(rect, shades[level])
        if self.hovered is not None:
            painter.setPen(text)
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRect(self._hit_rects[self.hovered])
        # The legend, "Less ▪▪▪▪▪ More", under the grid at its right end.
        if self.days:
            step = self._cell
            size = step - max(1.0, step / 8)
            y = self._origin.y() + 7 * step + 4
            weeks = (self.days[-1] - self._start).days // 7 + 1
            right = self._origin.x() + weeks * step
            more, less = metrics.horizontalAdvance("More"), metrics.horizontalAdvance("Less")
            squares = right - more - 6 - len(shades) * step
            painter.setPen(text)
            align = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
            painter.drawText(QRectF(right - more, y, more + 2, line), align, "More")
            painter.drawText(QRectF(squares - less - 6, y, less + 2, line), align, "Less")
            for level, shade in enumerate(shades):
                painter.fillRect(
                    QRectF(squares + level * step, y + (line - size) / 2, size, size), shade
                )
        painter.end()
