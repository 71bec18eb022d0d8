"""Every window lays out at 200% zoom: no label or button shows less than its
text needs, and no window opens larger than the screen."""
# mypy: disable-error-code="no-untyped-call"
# (pytest-qt's keyClick and mouseClick have no type hints)

from __future__ import annotations

import contextlib
from collections.abc import Callable
from datetime import UTC, datetime
from itertools import pairwise
from pathlib import Path

import pytest
from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QColor, QFontMetrics, QImage
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QLabel,
    QTableWidget,
    QWidget,
)
from pytestqt.qtbot import QtBot

from endoquiz import Appearance, Library, Rating
from endoquiz.gui.backups_dialog import BackupsDialog
from endoquiz.gui.bar_chart import BarChart
from endoquiz.gui.browser import CardBrowser
from endoquiz.gui.card_editor import CardEditor
from endoquiz.gui.dialogs import MarkdownDialog
from endoquiz.gui.main_window import MainWindow
from endoquiz.gui.preview_window import PreviewWindow
from endoquiz.gui.settings_dialog import SettingsDialog
from endoquiz.gui.stats_page import RETRIEVABILITY_LABELS, StatisticsWindow
from endoquiz.gui.theme import apply_appearance
from tests.conftest import WriteDeck, basic_deck, study
from tests.gui.conftest import MIXED_DECK, MakeWindow, press
from tests.gui.test_quiz_page import accept_setup


def clipped_texts(root: QWidget) -> list[str]:
    """The labels and buttons under `root`, shown, that are smaller than
    their text needs (their size hint, or for wrapped text the height it
    takes at their width): what a user would see cut."""
    cut = []
    widgets: list[QLabel | QAbstractButton] = [
        *root.findChildren(QLabel),
        *root.findChildren(QAbstractButton),
    ]
    for widget in widgets:
        if not widget.isVisibleTo(root) or widget.objectName().startswith("qt_"):
            continue
        text = widget.text()
        if not text:
            continue
        hint = widget.sizeHint()
        size = widget.size()
        wraps = widget.wordWrap() if isinstance(widget, QLabel) else widget.hasHeightForWidth()
        if wraps:  # a wrapped label, or a button whose text wraps (a quiz option)
            needed_height = widget.heightForWidth(size.width())
            if size.height() < needed_height:
                cut.append(f"{text[:40]!r}: {size.height()} px tall, needs {needed_height}")
            continue
        if size.width() < hint.width() or size.height() < hint.height():
            cut.append(
                f"{text[:40]!r}: {size.width()}x{size.height()}, needs "
                f"{hint.width()}x{hint.height()}"
            )
    return cut


@pytest.fixture
def zoomed_library(library: Library, write_deck: WriteDeck) -> Library:
    library.add_deck(write_deck(basic_deck("bio/cells", [f"c{n}" for n in range(6)]), "c.yaml"))
    library.add_deck(write_deck(basic_deck("bio/genes", ["g0", "g1"]), "g.yaml"))
    study(library, "bio/cells", datetime(2026, 11, 20, 9, tzinfo=UTC), [Rating.GOOD] * 4)
    library.update_appearance(zoom=200)
    apply_appearance(library.appearance)
    return library


def laid_out(qtbot: QtBot, window: QWidget) -> QWidget:
    """A window shown at the size it opens at, its layouts settled."""
    window.show()
    qtbot.waitExposed(window)
    QApplication.processEvents()
    return window


def test_the_main_window_lays_out_at_200_percent(
    qtbot: QtBot, zoomed_library: Library, make_window: MakeWindow
) -> None:
    window = laid_out(qtbot, make_window(zoomed_library))
    # The deck's figures come a moment after the window shows, and their
    # wrapped lines take their height at the next layout.
    with contextlib.suppress(qtbot.TimeoutError):  # then the assert says what is cut
        qtbot.waitUntil(lambda: not clipped_texts(window), timeout=1000)
    assert clipped_texts(window) == []


def test_study_and_quiz_pages_lay_out_at_200_percent(
    qtbot: QtBot, zoomed_library: Library, make_window: MakeWindow
) -> None:
    window = make_window(zoomed_library)
    window.study("bio/genes")
    press(qtbot, Qt.Key.Key_Space)
    assert clipped_texts(window) == []
    press(qtbot, Qt.Key.Key_Escape)
    accept_setup(qtbot, "3")
    window.start_quiz("bio/cells")
    assert window.pages.currentWidget() is window.quiz_page
    assert clipped_texts(window) == []


@pytest.mark.parametrize(
    "open_window",
    [MainWindow.open_browser, MainWindow.open_statistics],
    ids=["browser", "statistics"],
)
def test_browser_and_statistics_lay_out_at_200_percent(
    qtbot: QtBot,
    zoomed_library: Library,
    make_window: MakeWindow,
    open_window: Callable[[MainWindow], QWidget],
) -> None:
    window = make_window(zoomed_library)
    opened = laid_out(qtbot, open_window(window))
    assert clipped_texts(opened) == []


def test_settings_lays_out_at_200_percent(qtbot: QtBot, zoomed_library: Library) -> None:
    dialog = SettingsDialog(zoomed_library)
    qtbot.addWidget(dialog)
    assert clipped_texts(laid_out(qtbot, dialog)) == []


def test_settings_show_whole_without_scrolling_at_100_percent(
    qtbot: QtBot, library: Library
) -> None:
    """What does not fit the screen scrolls; at 100% everything fits."""
    dialog = SettingsDialog(library)
    qtbot.addWidget(dialog)
    laid_out(qtbot, dialog)
    assert dialog.scroll_area.verticalScrollBar().maximum() == 0
    assert dialog.scroll_area.horizontalScrollBar().maximum() == 0
    # No empty line kept for an error while there is none.
    assert not dialog.error.isVisible()


@pytest.mark.parametrize(
    "open_window",
    [
        lambda window: window,
        MainWindow.open_statistics,
        MainWindow.open_browser,
        lambda window: SettingsDialog(window.library, window),
        lambda window: CardEditor(window.library, window.changes, "bio/cells", entry_id="c0"),
    ],
    ids=["main", "statistics", "browser", "settings", "card editor"],
)
def test_windows_open_no_larger_than_the_screen(
    qtbot: QtBot,
    zoomed_library: Library,
    make_window: MakeWindow,
    open_window: Callable[[MainWindow], QWidget],
) -> None:
    window = make_window(zoomed_library)
    opened = laid_out(qtbot, open_window(window))
    room = opened.screen().availableGeometry().size()
    assert opened.width() <= room.width() and opened.height() <= room.height()


@pytest.mark.parametrize(
    "open_window",
    [
        lambda path: PreviewWindow(path),
        lambda path: MarkdownDialog("Deck format", path.read_text(encoding="utf-8")),
    ],
    ids=["deck preview", "deck format"],
)
def test_document_windows_open_no_larger_than_the_screen(
    qtbot: QtBot, write_deck: WriteDeck, open_window: Callable[[Path], QWidget]
) -> None:
    apply_appearance(Appearance(zoom=200))
    opened = open_window(write_deck(MIXED_DECK))
    qtbot.addWidget(opened)
    laid_out(qtbot, opened)
    room = opened.screen().availableGeometry().size()
    assert opened.width() <= room.width() and opened.height() <= room.height()


def ink_rows(image: QImage, right: int) -> list[int]:
    """The pixel rows with dark ink left of `right`: where text is drawn."""
    return [
        y
        for y in range(image.height())
        if any(QColor(image.pixel(x, y)).lightnessF() < 0.5 for x in range(right))
    ]


def test_statistics_weekday_labels_are_whole_at_200_percent(
    qtbot: QtBot, zoomed_library: Library, make_window: MakeWindow
) -> None:
    apply_appearance(Appearance(theme="light", zoom=200))
    window = make_window(zoomed_library)
    statistics = laid_out(qtbot, window.open_statistics())
    assert isinstance(statistics, StatisticsWindow)
    heatmap = statistics.heatmap
    image = heatmap.grab().toImage()
    label_column = heatmap.fontMetrics().horizontalAdvance("Wed")
    rows = ink_rows(image, label_column)
    # "Mon", the first weekday, is the first unbroken run of ink rows: as
    # tall as the font draws it alone.
    height = 1
    while rows[0] + height in rows:
        height += 1
    drawn = heatmap.fontMetrics().tightBoundingRect("Mon").height()
    assert height >= drawn - 2, f"'Mon' drawn {height} px tall, needs {drawn}"


def test_bar_chart_labels_never_overlap_at_200_percent(qtbot: QtBot) -> None:
    """The retrievability histogram's "60–70" and "90–100" ran into each
    other: at every width the labels drawn stay apart and inside the chart."""
    apply_appearance(Appearance(zoom=200))
    chart = BarChart("Cards by current retrievability")
    qtbot.addWidget(chart)
    chart.set_data([3, 1, 4, 1, 5, 9, 2, 6, 5, 3], RETRIEVABILITY_LABELS)
    chart.show()
    metrics = chart.fontMetrics()
    for width in range(200, 900, 5):
        chart.resize(width, chart.sizeHint().height())
        QApplication.processEvents()
        # Each label's ink as wide as the chart's font draws it, centred
        # where the chart draws it.
        spans = []
        for label, rect in chart.labels_drawn():
            advance = metrics.horizontalAdvance(label)
            spans.append((rect.center().x() - advance / 2, rect.center().x() + advance / 2, label))
        assert len(spans) >= 2, f"{width} px: only {spans}"
        assert spans[0][0] >= 0 and spans[-1][1] <= width, f"{width} px: {spans}"
        for (_, right, label), (left, _, next_label) in pairwise(spans):
            assert right < left, f"{width} px: {label!r} runs into {next_label!r}"


def cut_cells(table: QTableWidget) -> list[str]:
    """The headers and cells of a table that show less than their text:
    columns past its right edge, a header narrower than its title, a number
    narrower than its digits, wrapped text taller than its row, rows below
    the bottom."""
    cut = []
    header = table.horizontalHeader()
    if header.length() > table.viewport().width():
        cut.append(f"columns {header.length()} px wide in {table.viewport().width()} px")
    for column in range(table.columnCount()):
        title_item = table.horizontalHeaderItem(column)
        assert title_item is not None
        title = title_item.text()
        if header.sectionSize(column) < header.sectionSizeHint(column):
            cut.append(f"header {title!r}")
        for row in range(table.rowCount()):
            item = table.item(row, column)
            assert item is not None
            metrics = QFontMetrics(item.font().resolve(table.font()))
            width = header.sectionSize(column) - 2
            flags = int(Qt.TextFlag.TextWordWrap) if column == 0 else 0
            needed = metrics.boundingRect(QRect(0, 0, width - 4, 10_000), flags, item.text())
            if needed.width() > width or needed.height() > table.rowHeight(row):
                cut.append(f"{title} {item.text()!r}: {width}x{table.rowHeight(row)}")
    rows = sum(table.rowHeight(row) for row in range(table.rowCount()))
    if rows > table.viewport().height():
        cut.append(f"rows {rows} px tall in {table.viewport().height()} px")
    return cut


@pytest.mark.parametrize("width", [None, 700, 1366])
def test_statistics_tables_show_every_cell_whole_at_200_percent(
    qtbot: QtBot,
    library: Library,
    write_deck: WriteDeck,
    make_window: MakeWindow,
    width: int | None,
) -> None:
    """Columns were cut (a stretched Deck column squeezed to a letter, the
    headers and numbers past the right edge) at 200% zoom."""
    for part in ("Academic", "Fundamentals", "Glossary"):
        deck = basic_deck(f"ir/{part.lower()}", ["a", "b"], f"Insulin Resistance: {part}")
        library.add_deck(write_deck(deck, f"{part}.yaml"))
    study(library, "ir/glossary", datetime(2026, 11, 20, 9, tzinfo=UTC), [Rating.GOOD] * 2)
    apply_appearance(Appearance(zoom=200))
    window = make_window(library)
    statistics = laid_out(qtbot, window.open_statistics())
    assert isinstance(statistics, StatisticsWindow)
    if width is not None:
        statistics.resize(width, statistics.height())
        QApplication.processEvents()
    for table in (statistics.retention_table, statistics.counts_table):
        assert table.rowCount() > 0
        assert cut_cells(table) == [], table.accessibleName()


def test_headings_and_headline_figures_follow_the_zoom(
    qtbot: QtBot, zoomed_library: Library, make_window: MakeWindow
) -> None:
    """The statistics figures, the deck's heading and its figures kept their
    100% size when the learner zoomed to 200% with the windows open."""
    apply_appearance(Appearance(zoom=100))
    window = make_window(zoomed_library)
    statistics = laid_out(qtbot, window.open_statistics())
    assert isinstance(statistics, StatisticsWindow)
    large: dict[str, QLabel] = {
        "statistics figure": statistics.today_values["answers"],
        "deck heading": window.deck_list.title,
        "deck figure": window.deck_list.overview.figures["new"],
    }
    before = {name: label.fontInfo().pixelSize() for name, label in large.items()}
    body = window.deck_list.overview.last_studied.fontInfo().pixelSize()
    assert all(size > body for size in before.values()), (before, body)
    apply_appearance(Appearance(zoom=200))  # as Settings → Appearance → Zoom does
    QApplication.processEvents()
    for name, label in large.items():
        ratio = label.fontInfo().pixelSize() / before[name]
        assert 1.8 <= ratio <= 2.2, f"{name}: {before[name]} px at 100%, x{ratio:.2f} at 200%"


def test_statistics_heatmap_leaves_no_empty_band_at_200_percent(
    qtbot: QtBot, zoomed_library: Library, make_window: MakeWindow
) -> None:
    """The calendar kept the height of its largest cells while a window
    too narrow for them drew smaller ones: an empty band under the year."""
    window = make_window(zoomed_library)
    statistics = laid_out(qtbot, window.open_statistics())
    assert isinstance(statistics, StatisticsWindow)
    image = statistics.heatmap.grab().toImage()
    background = image.pixel(0, image.height() - 1)
    last_drawn = next(
        y
        for y in reversed(range(image.height()))
        if any(image.pixel(x, y) != background for x in range(image.width()))
    )
    empty_below = image.height() - 1 - last_drawn
    assert empty_below <= statistics.heatmap.fontMetrics().height() // 2


def test_a_long_deck_title_wraps_in_study_and_quiz_at_200_percent(
    qtbot: QtBot, library: Library, write_deck: WriteDeck, make_window: MakeWindow
) -> None:
    """On one line, the title of the deck being studied or quizzed made the
    window wider than the screen at 200% zoom."""
    title = "Insulin Resistance and Hormonal Balance: Growth Hormone Peptide Therapy"
    library.add_deck(write_deck(basic_deck("long", ["a", "b"], title), "long.yaml"))
    apply_appearance(Appearance(zoom=200))
    window = make_window(library)
    room = window.screen().availableGeometry().size()
    window.study("long")
    QApplication.processEvents()
    assert window.study_page.heading.text().count("Growth Hormone") == 1
    assert window.minimumSizeHint().width() <= room.width()
    assert window.width() <= room.width()
    assert clipped_texts(window) == []
    press(qtbot, Qt.Key.Key_Escape)
    accept_setup(qtbot, "2")
    window.start_quiz("long")
    QApplication.processEvents()
    assert window.pages.currentWidget() is window.quiz_page
    assert window.minimumSizeHint().width() <= room.width()
    assert window.width() <= room.width()
    assert clipped_texts(window) == []


def test_backups_list_has_room_at_200_percent(qtbot: QtBot, zoomed_library: Library) -> None:
    """At a fixed 520x420 the Backups table showed three rows at 200%."""
    for _ in range(8):
        zoomed_library.backup()
    dialog = BackupsDialog(zoomed_library)
    qtbot.addWidget(dialog)
    laid_out(qtbot, dialog)
    table = dialog.table
    assert table.rowCount() >= 8
    rows_shown = table.viewport().height() // table.rowHeight(0)
    assert rows_shown >= 6
    room = dialog.screen().availableGeometry().size()
    assert dialog.width() <= room.width() and dialog.height() <= room.height()


LONG_CHOICES_DECK = """\
endoquiz: 1
id: long-choices
title: Long choices
cards:
  - id: sex-hormones
    kind: choice
    question: What does the article say about reduced libido?
    choices:
      - A frequent indicator of sex hormone dysregulation in both men and women.
      - Reflects average blood sugar levels over the past two to three months.
      - A calculation used to estimate insulin resistance and beta-cell function.
      - Hormonal imbalances can influence neurotransmitter function and mood.
    answer: A frequent indicator of sex hormone dysregulation in both men and women.
"""


def test_long_choices_show_whole_at_200_percent(
    qtbot: QtBot, library: Library, write_deck: WriteDeck, make_window: MakeWindow
) -> None:
    """A three-line option was cut at its top and bottom: its button kept
    the height of the option's unwrapped text."""
    library.add_deck(write_deck(LONG_CHOICES_DECK, "long-choices.yaml"))
    apply_appearance(Appearance(zoom=200))
    window = make_window(library)
    window.study("long-choices")
    QApplication.processEvents()
    buttons = window.study_page.choices.buttons
    assert len(buttons) == 4 and all(button.isVisible() for button in buttons)
    assert clipped_texts(window) == []
    # Made as short as it goes, the card gives way, not the options.
    window.resize(window.width(), 1)
    QApplication.processEvents()
    assert clipped_texts(window) == []


def test_deck_names_have_room_in_the_tree_at_200_percent(
    qtbot: QtBot, library: Library, write_deck: WriteDeck, make_window: MakeWindow
) -> None:
    """The details beside the tree took most of the window at 200%, and the
    decks' names were cut to "…" to keep the counts in sight."""
    article = "Insulin Resistance and Hormonal Balance"
    for part in ("Fundamentals", "Intermediate", "Glossary"):
        deck = basic_deck(f"ir/{part.lower()}", ["a"], f"{article}: {part}")
        library.add_deck(write_deck(deck, f"{part}.yaml"))
    apply_appearance(Appearance(zoom=200))
    window = make_window(library)
    window.resize(980, 640)  # as it opens on a 1366x768 screen
    QApplication.processEvents()
    tree = window.deck_list.tree
    model = tree.model()
    metrics = tree.fontMetrics()
    article_row = model.index(0, 0)
    parts = [model.index(row, 0, article_row) for row in range(model.rowCount(article_row))]
    assert [str(index.data()) for index in parts] == ["Fundamentals", "Glossary", "Intermediate"]
    for index in parts:
        shown, name = tree.visualRect(index), str(index.data())
        assert shown.width() >= metrics.horizontalAdvance(name), f"{name!r} in {shown.width()} px"


def test_browser_columns_show_their_headers_and_short_values_at_200_percent(
    qtbot: QtBot, zoomed_library: Library, make_window: MakeWindow
) -> None:
    """Column widths set for 100% cut the kinds and states to "b…" and
    "revi…" at 200%. (Front, Deck and Tags are long texts, cut on purpose.)"""
    window = make_window(zoomed_library)
    browser = laid_out(qtbot, window.open_browser())
    assert isinstance(browser, CardBrowser)
    table = browser.table
    header, model = table.horizontalHeader(), table.model()
    metrics = table.fontMetrics()
    assert model.rowCount() == 8
    for column in range(header.count()):
        title = str(model.headerData(column, Qt.Orientation.Horizontal))
        assert header.sectionSize(column) >= header.sectionSizeHint(column), title
        if title in ("Deck", "Front", "Tags"):
            continue
        for row in range(model.rowCount()):
            text = str(model.index(row, column).data() or "")
            needed = metrics.horizontalAdvance(text) + 8  # the cell's margins
            assert needed <= header.sectionSize(column), f"{title}: {text!r}"


@pytest.mark.parametrize("value", [1, 12])
def test_bar_values_show_only_with_room_between_them(qtbot: QtBot, value: int) -> None:
    """At 200% the forecast's "1" beside "1", two pixels apart, read as 11:
    at every width the values over the bars are either apart by half a digit
    or left to the hover."""
    apply_appearance(Appearance(zoom=200))
    chart = BarChart("Cards due per day")
    qtbot.addWidget(chart)
    chart.set_data([value] * 30, [str(day) for day in range(30)])
    chart.show()
    metrics = chart.fontMetrics()
    half_a_digit = metrics.horizontalAdvance("0") / 2
    widths_shown = []
    for width in range(300, 1400, 3):
        chart.resize(width, chart.sizeHint().height())
        QApplication.processEvents()
        if chart.values_shown:
            widths_shown.append(width)
            slot = chart.bar_center(1).x() - chart.bar_center(0).x()
            gap = slot - metrics.horizontalAdvance(str(value))
            assert gap >= half_a_digit - 1, f"{width} px: {gap} px between values"
    assert widths_shown  # wide enough, they show


def test_the_next_deck_offered_wraps_at_200_percent(
    qtbot: QtBot, library: Library, write_deck: WriteDeck, make_window: MakeWindow
) -> None:
    """The end of a session offers the next deck by its whole title, on a
    button one line wide: wider than the screen at 200%."""
    title = "Insulin Resistance and Hormonal Balance: Growth Hormone Peptide Therapy"
    library.add_deck(write_deck(basic_deck("a-short", ["a"], "Short"), "short.yaml"))
    library.add_deck(write_deck(basic_deck("b-long", ["a", "b"], title), "long.yaml"))
    apply_appearance(Appearance(zoom=200))
    window = make_window(library)
    room = window.screen().availableGeometry().size()
    window.study("a-short")
    press(qtbot, Qt.Key.Key_Space)
    press(qtbot, Qt.Key.Key_4)  # Easy: the only card leaves the session
    QApplication.processEvents()
    offer = window.study_page.next_deck_button
    assert offer.isVisible() and "Growth Hormone Peptide Therapy" in offer.text()
    assert window.minimumSizeHint().width() <= room.width()
    assert window.width() <= room.width()
    assert clipped_texts(window) == []
