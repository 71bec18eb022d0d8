"""Small QPainter charts for the statistics page: labelled bars and a year's heatmap."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from datetime import date, timedelta
from itertools import pairwise
from pathlib import Path

from PySide6.QtCore import QEvent, QPoint, QPointF, QRectF, QSize, Qt
from PySide6.QtGui import (
    QColor,
    QContextMenuEvent,
    QFontMetrics,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPalette,
    QResizeEvent,
)
from PySide6.QtWidgets import (
    QFileDialog,
    QMenu,
    QMessageBox,
    QSizePolicy,
    QToolTip,
    QWidget,
)

__all__ = ["BarChart", "Heatmap", "day_text"]

# English names, not strftime's: Qt sets the C locale from the environment,
# and the rest of the interface is English.
MONTHS = (
    "January February March April May June July August September October November December".split()
)
WEEKDAYS = "Mon Tue Wed Thu Fri Sat Sun".split()
# Pixels kept free between two labels under a bar chart.
LABEL_GAP = 6


def day_text(day: date) -> str:
    """'3 May 2024'."""
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def mix(a: QColor, b: QColor, share: float) -> QColor:
    """`share` of `b` over `a`: shades that sit between two palette colours,
    so they work on a light and a dark background alike."""
    return QColor.fromRgbF(
        a.redF() + (b.redF() - a.redF()) * share,
        a.greenF() + (b.greenF() - a.greenF()) * share,
        a.blueF() + (b.blueF() - a.blueF()) * share,
    )


class _Chart(QWidget):
    """What both charts share: hover values, PNG export, theme changes.

    Subclasses compute their geometry in `_layout` (on new data and on
    resize) into `_hit_rects`, one per item, so painting and hovering only
    walk precomputed lists.
    """

    def __init__(self, name: str, file_stem: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName(name)
        self.setMouseTracking(True)  # hover values without a pressed button
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self._file_stem = file_stem
        self._hit_rects: list[QRectF] = []
        self.hovered: int | None = None
        self.hover_text = ""

    # -- for subclasses ----------------------------------------------------

    def _layout(self) -> None:
        raise NotImplementedError

    def item_text(self, index: int) -> str:
        """What hovering item `index` shows."""
        raise NotImplementedError

    # -- hover -------------------------------------------------------------

    def item_at(self, pos: QPointF) -> int | None:
        """The item under a point of the widget, if any."""
        for index, rect in enumerate(self._hit_rects):
            if rect.contains(pos):
                return index
        return None

    def mouseMoveEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt's name
        index = self.item_at(event.position())
        if index != self.hovered:
            self.hovered = index
            self.update()
        self.hover_text = self.item_text(index) if index is not None else ""
        if self.hover_text:
            # Shown at once (not after the tool-tip delay) and tied to the
            # item's rectangle, so it follows the pointer from item to item.
            QToolTip.showText(
                event.globalPosition().toPoint(),
                self.hover_text,
                self,
                self._hit_rects[index].toAlignedRect() if index is not None else self.rect(),
            )
        else:
            QToolTip.hideText()
        super().mouseMoveEvent(event)

    def leaveEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt's name
        self.hovered, self.hover_text = None, ""
        self.update()
        super().leaveEvent(event)

    # -- export ------------------------------------------------------------

    def save_png(self, path: str | Path) -> bool:
        """Save the chart as drawn (in the current theme) as a PNG; False if
        the file could not be written."""
        return self.grab().save(str(path), "PNG")

    def context_menu(self) -> QMenu:
        menu = QMenu(self)
        save = menu.addAction("Save as PNG…")
        save.triggered.connect(self.save_as)
        return menu

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:  # noqa: N802 - Qt's name
        menu = self.context_menu()
        menu.exec(event.globalPos())
        menu.deleteLater()

    def save_as(self) -> None:
        """Ask where, then save as PNG."""
        path, _ = QFileDialog.getSaveFileName(
            self, "Save chart as PNG", f"{self._file_stem}.png", "PNG images (*.png)"
        )
        if not path:
            return
        if not path.lower().endswith(".png"):
            path += ".png"
        if not self.save_png(path):
            QMessageBox.warning(self, "Save as PNG", f"Could not write {path}.")

    # -- geometry and theme ------------------------------------------------

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt's name
        self._layout()
        super().resizeEvent(event)

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt's name
        # Colours are read from the palette at paint time; a new font changes
        # the room labels take.
        if event.type() in (QEvent.Type.PaletteChange, QEvent.Type.FontChange):
            self._layout()
            self.update()
        super().changeEvent(event)

    def _colour(self, role: QPalette.ColorRole) -> QColor:
        return self.palette().color(role)


class BarChart(_Chart):
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


class Heatmap(_Chart):
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
        self._start = date.today()
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
