"""A bar chart drawn with QPainter: labelled bars whose labels thin out to fit."""

from __future__ import annotations

import math
from collections.abc import Sequence
from itertools import pairwise

from PySide6.QtCore import QPoint, QRectF, QSize, Qt
from PySide6.QtGui import QFontMetrics, QPainter, QPaintEvent, QPalette
from PySide6.QtWidgets import QWidget

from endoquiz.gui.chart_widget import ChartWidget, mix

# Pixels kept free between two labels under a bar chart.
LABEL_GAP = 6


class BarChart(ChartWidget):
    """Labelled vertical bars, one per value. Labels that would overlap are
    thinned out (every n-th is drawn); every value shows on hover."""

    def __init__(
        self,
        name: str,
        file_stem: str = "chart",
        empty_text: str = "No data",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(name, file_stem, parent)
        self.empty_text = empty_text
        self.values: tuple[int, ...] = ()
        self.labels: tuple[str, ...] = ()
        self.tips: tuple[str, ...] = ()
        self._bars: list[QRectF] = []
        self._labels_drawn: list[tuple[str, QRectF]] = []
        self._plot = QRectF()
        self._values_fit = False
        self.setMinimumHeight(self._line() * 9)

    def set_data(
        self, values: Sequence[int], labels: Sequence[str], tips: Sequence[str] | None = None
    ) -> None:
        """Bars for `values`, named by `labels` under them; `tips` (default
        'label: value') show on hover."""
        if len(labels) != len(values) or (tips is not None and len(tips) != len(values)):
            raise ValueError("one label (and tip) per value")
        self.values, self.labels = tuple(values), tuple(labels)
        self.tips = (
            tuple(tips)
            if tips is not None
            else tuple(f"{label}: {value}" for label, value in zip(labels, values, strict=True))
        )
        self.hovered, self.hover_text = None, ""
        self._layout()
        self.update()

    def item_text(self, index: int) -> str:
        return self.tips[index]

    def bar_center(self, index: int) -> QPoint:
        """Middle of bar `index`'s column, where hovering shows its value."""
        return self._hit_rects[index].center().toPoint()

    def bar_rect(self, index: int) -> QRectF:
        """Bar `index` as drawn (empty for a zero value)."""
        return QRectF(self._bars[index])

    @property
    def values_shown(self) -> bool:
        """Whether every bar's value is drawn over it (else only on hover)."""
        return self._values_fit

    def labels_drawn(self) -> list[tuple[str, QRectF]]:
        """The labels drawn under the bars (every n-th, as room allows) and
        the rectangle each is drawn in."""
        return list(self._labels_drawn)

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        return QSize(360, self._line() * 11)

    def _line(self) -> int:
        return QFontMetrics(self.font()).height()

    def _layout(self) -> None:
        metrics = QFontMetrics(self.font())
        line = metrics.height()
        top_value = max(self.values, default=0)
        left = metrics.horizontalAdvance(str(top_value)) + 8
        # A line above the bars for the value of the hovered (or every) bar.
        self._plot = QRectF(left, line + 4, max(1, self.width() - left - 4), 0)
        self._plot.setBottom(self.height() - line - 6)
        count = len(self.values)
        self._bars, self._hit_rects, self._labels_drawn = [], [], []
        if not count:
            return
        slot = self._plot.width() / count
        width = max(1.0, slot * 0.72)
        for index, value in enumerate(self.values):
            x = self._plot.left() + index * slot
            height = self._plot.height() * value / top_value if top_value else 0.0
            if value and height < 1:
                height = 1.0  # a non-zero value is never invisible
            self._bars.append(
                QRectF(x + (slot - width) / 2, self._plot.bottom() - height, width, height)
            )
            # The whole column hovers, not just the (maybe tiny) bar.
            self._hit_rects.append(QRectF(x, 0, slot, self.height()))
        self._labels_drawn = self._place_labels(metrics, slot)
        # Every value over its bar only with half a digit between neighbours:
        # "1" beside "1" with less read as 11 at 200% zoom.
        widest_value = max(metrics.horizontalAdvance(str(value)) for value in self.values)
        self._values_fit = widest_value + metrics.horizontalAdvance("0") / 2 <= slot

    def _place_labels(self, metrics: QFontMetrics, slot: float) -> list[tuple[str, QRectF]]:
        """Every n-th label, centred under its bar but kept inside the
        widget, for the smallest n at which no two drawn labels come closer
        than LABEL_GAP. Keeping the end labels inside shifts them towards
        their neighbours: spacing by the widest label alone let "90–100" run
        into "60–70" at 200% zoom."""
        widest = max((metrics.horizontalAdvance(label) for label in self.labels), default=0)
        step = max(1, math.ceil((widest + LABEL_GAP) / slot))
        while True:
            placed = [
                (self.labels[index], self._label_rect(metrics, index))
                for index in range(0, len(self.labels), step)
            ]
            apart = all(a.right() + LABEL_GAP <= b.left() for (_, a), (_, b) in pairwise(placed))
            if apart or step >= len(self.labels):
                return placed
            step += 1

    def _label_rect(self, metrics: QFontMetrics, index: int) -> QRectF:
        width = metrics.horizontalAdvance(self.labels[index]) + 2
        center = self._hit_rects[index].center().x()
        x = min(max(center - width / 2, 0), self.width() - width)
        return QRectF(x, self._plot.bottom() + 3, width, metrics.height())

    def paintEvent(self, _event: QPaintEvent) -> None:  # noqa: N802 - Qt's name
        painter = QPainter(self)
        text = self._colour(QPalette.ColorRole.WindowText)
        grid = mix(self._colour(QPalette.ColorRole.Window), text, 0.25)
        bar = self._colour(QPalette.ColorRole.Highlight)
        hover = mix(bar, text, 0.35)
        metrics = painter.fontMetrics()
        plot = self._plot
        painter.setPen(grid)
        painter.drawLine(plot.bottomLeft(), plot.bottomRight())
        top_value = max(self.values, default=0)
        if not top_value:
            painter.setPen(text)
            painter.drawText(plot, Qt.AlignmentFlag.AlignCenter, self.empty_text)
        else:
            painter.drawLine(plot.topLeft(), plot.topRight())
            painter.setPen(text)
            painter.drawText(
                QRectF(0, plot.top() - metrics.height() / 2, plot.left() - 4, metrics.height()),
                Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                str(top_value),
            )
        painter.setPen(Qt.PenStyle.NoPen)
        for index, rect in enumerate(self._bars):
            painter.fillRect(rect, hover if index == self.hovered else bar)
        painter.setPen(text)
        for label, label_rect in self._labels_drawn:
            painter.drawText(label_rect, Qt.AlignmentFlag.AlignCenter, label)
        for index, rect in enumerate(self._bars):
            column = self._hit_rects[index]
            value = self.values[index]
            if value and (self._values_fit or index == self.hovered):
                value_text = str(value)
                width = metrics.horizontalAdvance(value_text) + 2
                x = min(max(column.center().x() - width / 2, 0), self.width() - width)
                painter.drawText(
                    QRectF(x, rect.top() - metrics.height() - 1, width, metrics.height()),
                    Qt.AlignmentFlag.AlignCenter,
                    value_text,
                )
        painter.end()
