"""The statistics window: today, a year of reviews, the forecast, retention, cards by state."""

from __future__ import annotations

from datetime import date, timedelta

from PySide6.QtCore import QEvent, QSize, Qt
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QBoxLayout,
    QComboBox,
    QDialog,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from endoquiz import HEATMAP_DAYS, Library, StateCounts, Statistics
from endoquiz.gui.accessibility import describe
from endoquiz.gui.bar_chart import BarChart
from endoquiz.gui.clock import Clock, wall_clock
from endoquiz.gui.fitted_table import FittedTable
from endoquiz.gui.heatmap import Heatmap
from endoquiz.gui.keys import close_with_keys
from endoquiz.gui.scaled_font import scale_font
from endoquiz.gui.screen_fit import fit_to_screen
from endoquiz.gui.wording import day_text

__all__ = ["COUNT_COLUMNS", "TODAY_FIELDS", "StatisticsWindow"]

NO_DATA = "—"
ALL_DECKS = "All decks"
# Key and caption of each figure in the Today box, in order.
TODAY_FIELDS = (
    ("answers", "answers"),
    ("cards", "cards studied"),
    ("time", "time spent"),
    ("again_rate", "answered Again"),
    ("streak_days", "day streak"),
)
COUNT_COLUMNS = ("Deck", "New", "Learning", "Young", "Mature", "Suspended", "Total")
RETENTION_COLUMNS = ("Period", "True retention", "Reviews", "Desired")
RETRIEVABILITY_LABELS = tuple(f"{10 * n}–{10 * n + 10}" for n in range(10))


def duration_text(time: timedelta) -> str:
    """'45 s', '12 min', '1 h 05 min'."""
    seconds = round(time.total_seconds())
    if seconds < 60:
        return f"{seconds} s"
    minutes = round(seconds / 60)
    if minutes < 60:
        return f"{minutes} min"
    return f"{minutes // 60} h {minutes % 60:02d} min"


def percent(share: float | None, digits: int = 0) -> str:
    return f"{share:.{digits}%}" if share is not None else NO_DATA


def plural(count: int, one: str, many: str) -> str:
    return f"{count} {one if count == 1 else many}"


def period_name(days: int) -> str:
    return "Last year" if days == HEATMAP_DAYS else f"Last {days} days"


class StatisticsWindow(QDialog):
    """Every figure of `Library.statistics` for all decks or one deck tree.

    The widgets only show the `Statistics` object; `refresh` reads it again.
    `clock` gives the time of each refresh (tests and screenshots fix it).
    Esc and Ctrl+W close the window (it is a dialog, not modal).
    """

    def __init__(
        self,
        library: Library,
        deck_id: str | None = None,
        parent: QWidget | None = None,
        *,
        clock: Clock = wall_clock,
    ) -> None:
        super().__init__(parent)
        self.library = library
        self.clock = clock
        self.statistics: Statistics | None = None
        self._titles: dict[str, tuple[str, str]] = {}
        self.setWindowTitle("Statistics")

        self.deck_chooser = QComboBox()
        self.deck_chooser.setAccessibleName("Deck")
        self.deck_chooser.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        deck_label = QLabel("&Deck:")
        deck_label.setBuddy(self.deck_chooser)
        self.refresh_button = QPushButton("&Refresh")
        self.refresh_button.setAccessibleName("Refresh the statistics")
        self.refresh_button.setAutoDefault(False)  # Enter in the chooser must not refresh-close
        self.refresh_button.clicked.connect(self.refresh)
        top = QHBoxLayout()
        top.addWidget(deck_label)
        top.addWidget(self.deck_chooser)
        top.addStretch()
        top.addWidget(self.refresh_button)

        self.today_values: dict[str, QLabel] = {}
        today_box = QGroupBox("Today")
        today_grid = QGridLayout(today_box)
        for column, (key, caption) in enumerate(TODAY_FIELDS):
            value = QLabel(NO_DATA)
            scale_font(value, 1.6, bold=True)
            value.setAlignment(Qt.AlignmentFlag.AlignCenter)
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            describe(value, caption)
            text = QLabel(caption)
            text.setAlignment(Qt.AlignmentFlag.AlignCenter)
            today_grid.addWidget(value, 0, column)
            today_grid.addWidget(text, 1, column)
            self.today_values[key] = value

        self.heatmap = Heatmap("Reviews per day over the past year", "reviews-heatmap")
        self.heatmap_summary = QLabel()
        heatmap_box = QGroupBox("Reviews in the past year")
        heatmap_layout = QVBoxLayout(heatmap_box)
        heatmap_layout.addWidget(self.heatmap_summary)
        heatmap_layout.addWidget(self.heatmap)

        self.forecast = BarChart("Cards due per day", "forecast", "Nothing due")
        forecast_box = QGroupBox("Due in the next 30 days")
        QVBoxLayout(forecast_box).addWidget(self.forecast)
        self.retrievability = BarChart(
            "Cards by current retrievability", "retrievability", "No studied cards"
        )
        retrievability_box = QGroupBox("Current retrievability (%)")
        QVBoxLayout(retrievability_box).addWidget(self.retrievability)
        charts = QHBoxLayout()
        charts.addWidget(forecast_box, 3)
        charts.addWidget(retrievability_box, 2)

        self.retention_table = FittedTable(RETENTION_COLUMNS, "True retention")
        self.retention_box = retention_box = QGroupBox("True retention (review cards recalled)")
        retention_layout = QVBoxLayout(retention_box)
        retention_layout.addWidget(self.retention_table)
        retention_layout.addStretch()  # the table on top, beside a longer one
        self.counts_table = FittedTable(COUNT_COLUMNS, "Cards by state", max_rows=12)
        self.counts_box = counts_box = QGroupBox("Cards by state")
        counts_layout = QVBoxLayout(counts_box)
        counts_layout.addWidget(self.counts_table)
        counts_layout.addStretch()
        # Side by side when the window has room for both tables whole, else
        # one above the other (see _arrange_tables).
        self.tables = tables = QBoxLayout(QBoxLayout.Direction.LeftToRight)
        tables.addWidget(retention_box, 2)
        tables.addWidget(counts_box, 3)

        content = QWidget()
        self.content_layout = layout = QVBoxLayout(content)
        layout.addLayout(top)
        layout.addWidget(today_box)
        layout.addWidget(heatmap_box)
        layout.addLayout(charts)
        layout.addLayout(tables)
        layout.addStretch()
        # A small screen (or a big zoom) scrolls instead of squeezing the charts.
        self.scroll_area = scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setWidget(content)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scroll)

        self._fill_decks(deck_id)
        # Connected after filling; refilling blocks signals, so it never refreshes.
        self.deck_chooser.currentIndexChanged.connect(lambda _index: self.refresh())
        fit_to_screen(self, QSize(980, 760))
        close_with_keys(self)
        self.refresh()

    def _arrange_tables(self) -> None:
        """The two tables side by side when the window is wide enough for
        both, else one above the other: at 200% zoom side by side they
        needed a window wider than most screens."""
        margins = self.content_layout.contentsMargins()
        needed = (
            self.retention_box.minimumSizeHint().width()
            + self.tables.spacing()
            + self.counts_box.minimumSizeHint().width()
            + margins.left()
            + margins.right()
            + self.scroll_area.verticalScrollBar().sizeHint().width()
        )
        wide = self.width() >= needed
        direction = QBoxLayout.Direction.LeftToRight if wide else QBoxLayout.Direction.TopToBottom
        if self.tables.direction() != direction:
            self.tables.setDirection(direction)

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt's name
        self._arrange_tables()
        super().resizeEvent(event)

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt's name
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange:  # the zoom changed
            self._arrange_tables()

    # -- the deck chooser --------------------------------------------------

    def _fill_decks(self, select: str | None) -> None:
        """All decks, then every deck and group in tree order, indented."""
        titles = self._titles = self.library.deck_titles()
        ordered: list[str] = []
        # The deck list's order; groups that are only a prefix of ids come
        # before their first deck.
        for entry in self.library.decks():
            parts = entry.id.split("/")
            for depth in range(1, len(parts) + 1):
                node = "/".join(parts[:depth])
                if node not in ordered:
                    ordered.append(node)
        self.deck_chooser.blockSignals(True)
        self.deck_chooser.clear()
        self.deck_chooser.addItem(ALL_DECKS, None)
        for node in ordered:
            indent = "    " * (node.count("/") + 1)
            self.deck_chooser.addItem(indent + titles[node][1], node)
            self.deck_chooser.setItemData(
                self.deck_chooser.count() - 1, titles[node][0], Qt.ItemDataRole.ToolTipRole
            )
        index = self.deck_chooser.findData(select) if select is not None else 0
        self.deck_chooser.setCurrentIndex(max(index, 0))
        self.deck_chooser.blockSignals(False)

    def deck_id(self) -> str | None:
        """The chosen deck; None for all decks."""
        data = self.deck_chooser.currentData()
        return str(data) if data is not None else None

    def select_deck(self, deck_id: str | None) -> None:
        index = self.deck_chooser.findData(deck_id) if deck_id is not None else 0
        if index < 0:
            raise KeyError(deck_id)
        self.deck_chooser.setCurrentIndex(index)

    # -- the figures -------------------------------------------------------

    def refresh(self) -> None:
        """Read the statistics of the chosen deck again and show them."""
        now = self.clock()
        # Decks may have come or gone since the list was filled; a chosen
        # deck that is gone falls back to all decks.
        self._fill_decks(self.deck_id())
        stats = self.library.statistics(self.deck_id(), now=now)
        self.statistics = stats
        self._show_today(stats)
        self._show_heatmap(stats, stats.day)
        self._show_forecast(stats, stats.day)
        self._show_retention(stats)
        self._show_counts(stats)
        self._arrange_tables()
        self.retrievability.set_data(
            stats.retrievability,
            RETRIEVABILITY_LABELS,
            [
                f"Retrievability {label} %: {plural(count, 'card', 'cards')}"
                for label, count in zip(RETRIEVABILITY_LABELS, stats.retrievability, strict=True)
            ],
        )

    def _show_today(self, stats: Statistics) -> None:
        today = stats.today
        texts = {
            "answers": str(today.answers),
            "cards": str(today.cards),
            "time": duration_text(today.time),
            "again_rate": percent(today.again_rate),
            "streak_days": str(today.streak_days),
        }
        for key, text in texts.items():
            self.today_values[key].setText(text)

    def _show_heatmap(self, stats: Statistics, today: date) -> None:
        self.heatmap.set_data(stats.heatmap, today, HEATMAP_DAYS)
        total = sum(stats.heatmap.values())
        self.heatmap_summary.setText(
            f"{plural(total, 'review', 'reviews')} on {plural(len(stats.heatmap), 'day', 'days')}"
        )

    def _show_forecast(self, stats: Statistics, today: date) -> None:
        days = [today + timedelta(days=n) for n in range(len(stats.forecast))]
        labels = ["Today"] + [f"{day.day}/{day.month}" for day in days[1:]]
        tips = [
            f"{'Today (with overdue cards)' if n == 0 else day_text(day)}: "
            f"{plural(count, 'card', 'cards')} due"
            for n, (day, count) in enumerate(zip(days, stats.forecast, strict=True))
        ]
        self.forecast.set_data(stats.forecast, labels, tips)

    def _show_retention(self, stats: Statistics) -> None:
        desired = percent(stats.desired_retention)
        rows = []
        for period in stats.retention:
            reviews = f"{period.recalled} of {period.reviews}" if period.reviews else "0"
            cells = (period_name(period.days), percent(period.retention, 1), reviews, desired)
            rows.append([_cell(text, numeric=column > 0) for column, text in enumerate(cells)])
        self.retention_table.set_rows(rows)

    def _show_counts(self, stats: Statistics) -> None:
        titles = self._titles
        table = self.counts_table
        table.setSortingEnabled(False)
        rows = [
            (titles.get(deck, (deck, deck))[0], counts) for deck, counts in stats.counts.items()
        ]
        rows.sort(key=lambda row: row[0].casefold())
        rows.append(("Total", stats.total))
        cells = []
        for row, (title, counts) in enumerate(rows):
            items = [
                _cell(text, numeric=column > 0)
                for column, text in enumerate((title, *_count_cells(counts)))
            ]
            if row == len(rows) - 1:
                for item in items:
                    font = item.font()
                    font.setBold(True)
                    item.setFont(font)
            cells.append(items)
        table.set_rows(cells)

    # -- for tests and the integrator --------------------------------------

    def today_text(self, key: str) -> str:
        """A figure of the Today box as shown ('12', '4 min', '17%', '—')."""
        return self.today_values[key].text()

    @staticmethod
    def table_rows(table: QTableWidget) -> list[list[str]]:
        """A table's cells as shown, row by row."""
        rows = []
        for row in range(table.rowCount()):
            items = (table.item(row, column) for column in range(table.columnCount()))
            rows.append([item.text() if item is not None else "" for item in items])
        return rows


def _count_cells(counts: StateCounts) -> list[str]:
    values = (counts.new, counts.learning, counts.young, counts.mature, counts.suspended)
    return [str(value) for value in (*values, sum(values))]


def _cell(text: str, *, numeric: bool) -> QTableWidgetItem:
    item = QTableWidgetItem(text)
    if numeric:
        item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
    return item
