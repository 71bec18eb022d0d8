"""The statistics window: the figures a learner reads, hover values, deck choice, PNG export."""
# mypy: disable-error-code="no-untyped-call"
# (pytest-qt's keyClick and mouseMove have no type hints)

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QColor, QImage, QPalette
from PySide6.QtWidgets import QApplication, QFileDialog, QToolTip
from pytestqt.qtbot import QtBot

from endoquiz import Appearance, Library, Rating
from endoquiz.gui.bar_chart import BarChart
from endoquiz.gui.heatmap import Heatmap
from endoquiz.gui.stats_page import StatisticsWindow, duration_text
from endoquiz.gui.theme import apply_appearance
from tests.conftest import WriteDeck, basic_deck, study
from tests.gui.conftest import press

# Mid-morning UTC, far from the 04:00 rollover; the library's zone is UTC.
DAY1 = datetime(2024, 5, 1, 10, 0, tzinfo=UTC)
# The 4th, two hours after that day's one answer.
NOW = DAY1 + timedelta(days=3, hours=2)


@pytest.fixture
def history(library: Library, write_deck: WriteDeck) -> Library:
    """Study on 1, 2 and 4 May (none on the 3rd): 3, 2 and 1 answers."""
    cells = basic_deck("bio/cells", [f"c{i}" for i in range(10)], title="Cells")
    library.add_deck(write_deck(cells, "c.yaml"))
    library.add_deck(write_deck(basic_deck("bio/genes", ["g0", "g1"], title="Genes"), "g.yaml"))
    study(library, "bio/cells", DAY1, [Rating.EASY, Rating.EASY, Rating.EASY])
    study(library, "bio/cells", DAY1 + timedelta(days=1), [Rating.EASY, Rating.AGAIN])
    study(library, "bio/genes", DAY1 + timedelta(days=3), [Rating.EASY])
    return library


def open_window(qtbot: QtBot, library: Library, deck_id: str | None = None) -> StatisticsWindow:
    window = StatisticsWindow(library, deck_id, clock=lambda: NOW)
    qtbot.addWidget(window)
    with qtbot.waitActive(window):
        window.show()
        window.activateWindow()
    return window


def hover(qtbot: QtBot, chart: BarChart | Heatmap, point: QPoint) -> str:
    """Move the mouse onto a chart: the tool tip's text."""
    qtbot.mouseMove(chart, point)
    qtbot.waitUntil(lambda: QToolTip.isVisible() and chart.hover_text != "")
    return QToolTip.text()


def today_figures(window: StatisticsWindow) -> list[str]:
    keys = ("answers", "cards", "time", "again_rate", "streak_days")
    return [window.today_text(key) for key in keys]


def test_figures_of_all_decks(qtbot: QtBot, history: Library) -> None:
    window = open_window(qtbot, history)
    assert window.deck_chooser.currentText() == "All decks"
    # Today (the 4th): one Good answer on one card, 5 s; streak broken on the 3rd.
    assert today_figures(window) == ["1", "1", "5 s", "0%", "1"]
    heatmap = window.heatmap
    assert [heatmap.count_on(date(2024, 5, d)) for d in (1, 2, 3, 4)] == [3, 2, 0, 1]
    assert heatmap.days[-1] == date(2024, 5, 4)
    assert len(heatmap.days) == 365
    # Busier days are shaded darker; a day without answers is not shaded.
    levels = [heatmap.level_on(date(2024, 5, d)) for d in (1, 2, 3, 4)]
    assert levels[2] == 0
    assert levels[0] > levels[1] > levels[3] > 0
    assert window.heatmap_summary.text() == "6 reviews on 3 days"

    stats = history.statistics(now=NOW)
    forecast = window.forecast
    assert forecast.values == stats.forecast
    assert sum(forecast.values) == 6  # every studied card is due within 30 days
    assert forecast.labels[:3] == ("Today", "5/5", "6/5")
    # Six studied cards, all recalled recently: in the top buckets.
    assert window.retrievability.values == stats.retrievability
    assert sum(window.retrievability.values) == 6
    assert window.retrievability.labels[0] == "0–10"

    # No answer to a review-state card yet: no retention to show.
    assert window.table_rows(window.retention_table) == [
        ["Last 7 days", "—", "0", "90%"],
        ["Last 30 days", "—", "0", "90%"],
        ["Last year", "—", "0", "90%"],
    ]
    assert window.table_rows(window.counts_table) == [
        ["Cells", "5", "1", "4", "0", "0", "10"],
        ["Genes", "1", "0", "1", "0", "0", "2"],
        ["Total", "6", "1", "5", "0", "0", "12"],
    ]


def test_retention_against_desired(qtbot: QtBot, history: Library) -> None:
    # Three weeks on, the five young cards come back: three recalled.
    later = DAY1 + timedelta(days=20)
    ratings = [Rating.EASY, Rating.GOOD, Rating.AGAIN, Rating.GOOD, Rating.AGAIN, Rating.GOOD]
    study(history, "bio", later, ratings)
    history.update_settings(desired_retention=0.85)
    window = open_window(qtbot, history)
    window.clock = lambda: later
    window.refresh()
    rows = window.table_rows(window.retention_table)
    assert rows[0] == ["Last 7 days", "60.0%", "3 of 5", "85%"]
    assert [row[1] for row in rows] == ["60.0%", "60.0%", "60.0%"]
    assert window.today_text("again_rate") == "33%"  # two Again of six


def test_hover_shows_the_values(qtbot: QtBot, history: Library) -> None:
    window = open_window(qtbot, history)
    heatmap = window.heatmap
    assert hover(qtbot, heatmap, heatmap.cell_center(date(2024, 5, 1))) == "1 May 2024: 3 reviews"
    assert heatmap.hovered == heatmap.days.index(date(2024, 5, 1))
    assert hover(qtbot, heatmap, heatmap.cell_center(date(2024, 5, 4))) == "4 May 2024: 1 review"
    assert hover(qtbot, heatmap, heatmap.cell_center(date(2024, 5, 3))) == "3 May 2024: none"

    forecast = window.forecast
    due_today = forecast.values[0]
    assert due_today >= 1  # the learning card, overdue since the 2nd
    text = hover(qtbot, forecast, forecast.bar_center(0))
    cards = "card" if due_today == 1 else "cards"
    assert text == f"Today (with overdue cards): {due_today} {cards} due"
    tenth = forecast.values[10]
    text = hover(qtbot, forecast, forecast.bar_center(10))
    assert text.startswith(f"14 May 2024: {tenth} card")

    top = window.retrievability
    text = hover(qtbot, top, top.bar_center(9))
    assert text.startswith(f"Retrievability 90–100 %: {top.values[9]} card")


def test_choose_a_deck_with_the_keyboard(qtbot: QtBot, history: Library) -> None:
    window = open_window(qtbot, history)
    items = [window.deck_chooser.itemText(i).strip() for i in range(window.deck_chooser.count())]
    assert items == ["All decks", "Bio", "Cells", "Genes"]
    window.deck_chooser.setFocus()
    qtbot.waitUntil(window.deck_chooser.hasFocus)
    press(qtbot, Qt.Key.Key_Down)
    press(qtbot, Qt.Key.Key_Down)
    assert window.deck_id() == "bio/cells"
    # Cells alone: studied on the 1st and 2nd only, nothing today.
    assert window.heatmap.count_on(date(2024, 5, 4)) == 0
    assert window.heatmap.count_on(date(2024, 5, 1)) == 3
    # Nothing today, nothing on the 3rd: no streak.
    assert today_figures(window) == ["0", "0", "0 s", "—", "0"]
    assert window.table_rows(window.counts_table) == [
        ["Cells", "5", "1", "4", "0", "0", "10"],
        ["Total", "5", "1", "4", "0", "0", "10"],
    ]
    press(qtbot, Qt.Key.Key_Down)
    assert window.deck_id() == "bio/genes"
    assert window.heatmap_summary.text() == "1 review on 1 day"
    assert sum(window.forecast.values) == 1
    press(qtbot, Qt.Key.Key_Home)
    assert window.deck_id() is None
    assert window.heatmap_summary.text() == "6 reviews on 3 days"


def test_opens_on_a_given_deck_and_escape_closes(qtbot: QtBot, history: Library) -> None:
    window = open_window(qtbot, history, "bio/genes")
    assert window.deck_chooser.currentText().strip() == "Genes"
    assert window.statistics is not None
    assert window.statistics.deck_id == "bio/genes"
    assert today_figures(window) == ["1", "1", "5 s", "0%", "1"]
    press(qtbot, Qt.Key.Key_Escape)
    assert not window.isVisible()


def test_refresh_reads_the_library_again(qtbot: QtBot, history: Library) -> None:
    window = open_window(qtbot, history)
    study(history, "bio/cells", NOW, [Rating.AGAIN, Rating.GOOD])
    assert window.today_text("answers") == "1"  # not yet
    qtbot.mouseClick(window.refresh_button, Qt.MouseButton.LeftButton)
    assert today_figures(window) == ["3", "3", "15 s", "33%", "1"]
    assert window.heatmap.count_on(date(2024, 5, 4)) == 3


def test_a_library_without_history(qtbot: QtBot, library: Library, write_deck: WriteDeck) -> None:
    library.add_deck(write_deck(basic_deck("solo", ["a", "b"], title="Solo")))
    window = open_window(qtbot, library)
    assert today_figures(window) == ["0", "0", "0 s", "—", "0"]
    assert not any(window.heatmap.counts)
    assert window.heatmap_summary.text() == "0 reviews on 0 days"
    assert window.forecast.values == (0,) * 30
    assert window.retrievability.values == (0,) * 10
    assert [row[1] for row in window.table_rows(window.retention_table)] == ["—"] * 3
    assert window.table_rows(window.counts_table)[-1] == ["Total", "2", "0", "0", "0", "0", "2"]


def test_save_png(qtbot: QtBot, history: Library, tmp_path: Path) -> None:
    window = open_window(qtbot, history)
    forecast = window.forecast
    path = tmp_path / "forecast.png"
    assert forecast.save_png(path)
    image = QImage(str(path))
    assert not image.isNull()
    assert (image.width(), image.height()) == (forecast.width(), forecast.height())
    # The tallest bar is drawn in the palette's highlight colour.
    tallest = forecast.values.index(max(forecast.values))
    centre = forecast.bar_rect(tallest).center().toPoint()
    highlight = forecast.palette().color(QPalette.ColorRole.Highlight)
    assert image.pixelColor(centre).name() == highlight.name()
    # An unwritable place is reported, not raised.
    assert not forecast.save_png(tmp_path / "missing" / "x.png")


def test_save_as_png_from_the_context_menu(
    qtbot: QtBot, history: Library, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    window = open_window(qtbot, history)
    asked: list[str] = []

    def choose(_parent: object, _caption: str, name: str, _filter: str) -> tuple[str, str]:
        asked.append(name)
        return str(tmp_path / "year"), "PNG images (*.png)"

    monkeypatch.setattr(QFileDialog, "getSaveFileName", choose)
    menu = window.heatmap.context_menu()
    actions = [action.text() for action in menu.actions()]
    assert actions == ["Save as PNG…"]
    menu.actions()[0].trigger()
    assert asked == ["reviews-heatmap.png"]
    image = QImage(str(tmp_path / "year.png"))  # the extension is added
    assert not image.isNull()
    assert image.width() == window.heatmap.width()


def test_charts_follow_the_theme(qtbot: QtBot, history: Library) -> None:
    window = open_window(qtbot, history)
    heatmap = window.heatmap

    def shade(day: date) -> QColor:
        return heatmap.grab().toImage().pixelColor(heatmap.cell_center(day))

    apply_appearance(Appearance(theme="light"))
    QApplication.processEvents()
    light_empty, light_busy = shade(date(2024, 5, 3)), shade(date(2024, 5, 1))
    assert light_empty.lightnessF() > 0.7
    assert light_busy.lightnessF() < light_empty.lightnessF()
    apply_appearance(Appearance(theme="dark"))
    QApplication.processEvents()
    dark_empty, dark_busy = shade(date(2024, 5, 3)), shade(date(2024, 5, 1))
    assert dark_empty.lightnessF() < 0.3
    # On a dark background more is brighter.
    assert dark_busy.lightnessF() > dark_empty.lightnessF()


@pytest.mark.parametrize(
    ("seconds", "text"),
    [(0, "0 s"), (59, "59 s"), (60, "1 min"), (3540, "59 min"), (3600, "1 h 00 min"),
     (5460, "1 h 31 min")],
)  # fmt: skip
def test_duration_text(seconds: int, text: str) -> None:
    assert duration_text(timedelta(seconds=seconds)) == text
