"""The card being studied is set for reading: text of about 20 px at 100 %
zoom, lines 1.4 to 1.5 times that apart, a column of 65 to 75 characters
centred in the window, its text aligned left; at 150 and 200 % zoom and in a
narrow window it still fits, without scrolling sideways. Measured on the
laid-out card, as a ruler on the screen would."""
# mypy: disable-error-code="no-untyped-call"
# (pytest-qt's keyClick, keyClicks and mouseClick have no type hints)

from __future__ import annotations

import statistics
from itertools import pairwise
from typing import NamedTuple

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QFontInfo, QTextBlock
from pytestqt.qtbot import QtBot

from endoquiz import Appearance, Library
from endoquiz.gui.card_view import CardView
from endoquiz.gui.main_window import MainWindow
from endoquiz.gui.theme import apply_appearance
from tests.conftest import WriteDeck
from tests.gui.conftest import MakeWindow, press
from tests.gui.test_study_page import study_from_tree

# A card of the bundled kind: a sentence for a question, a paragraph back.
PARAGRAPH = (
    "Insulin resistance signifies a cellular communication breakdown, where cells become "
    "less responsive to insulin's vital glucose-delivery signal. Glucose then accumulates "
    "in the bloodstream, prompting the pancreas to produce even more insulin in a "
    "compensatory effort to maintain blood sugar equilibrium. This persistent elevation of "
    "insulin, termed hyperinsulinemia, sets the stage for a cascade of metabolic and "
    "hormonal disruptions that reach the thyroid, the adrenal glands and the sex hormones."
)
DECK = f"""\
endoquiz: 1
id: read
title: Reading
cards:
  - id: long
    front: What does insulin resistance set off?
    back: "{PARAGRAPH}"
"""


class Setting(NamedTuple):
    """How a paragraph is set, as measured on screen."""

    font_pixels: int
    line_pitch: float  # pixels from one line's top to the next's
    characters: list[int]  # per line, but the paragraph's last
    left_gap: float  # from the view's edge to the column
    right_gap: float
    scrolls_sideways: bool


def longest_block(view: CardView) -> QTextBlock:
    document = view.document()
    document.documentLayout().documentSize()  # laid out now
    block, longest = document.begin(), document.begin()
    while block.isValid():
        if block.length() > longest.length():
            longest = block
        block = block.next()
    return longest


def measured(view: CardView) -> Setting:
    block = longest_block(view)
    layout = block.layout()
    lines = [layout.lineAt(number) for number in range(layout.lineCount())]
    box = view.document().documentLayout().blockBoundingRect(block)
    widest = max(line.naturalTextWidth() for line in lines)
    return Setting(
        font_pixels=QFontInfo(view.document().defaultFont()).pixelSize(),
        line_pitch=statistics.mean(b.y() - a.y() for a, b in pairwise(lines)),
        characters=[line.textLength() for line in lines[:-1]],
        left_gap=box.left(),
        right_gap=view.viewport().width() - (box.left() + widest),
        scrolls_sideways=view.horizontalScrollBar().maximum() > 0,
    )


def studied_back(
    qtbot: QtBot, library: Library, write_deck: WriteDeck, make_window: MakeWindow, width: int
) -> MainWindow:
    """A window `width` pixels wide showing the long card's answer."""
    library.add_deck(write_deck(DECK))
    window = make_window(library)
    window.resize(width, 720)
    page = study_from_tree(qtbot, window, "read")
    press(qtbot, Qt.Key.Key_Space)  # show the answer
    assert PARAGRAPH[:40] in page.view.toPlainText()
    return window


def test_at_100_percent_the_card_reads_as_a_book_page_does(
    qtbot: QtBot, library: Library, write_deck: WriteDeck, make_window: MakeWindow
) -> None:
    window = studied_back(qtbot, library, write_deck, make_window, 1000)
    view = window.study_page.view
    setting = measured(view)
    assert setting.font_pixels == 20
    assert 1.4 <= setting.line_pitch / setting.font_pixels <= 1.5
    assert 65 <= statistics.mean(setting.characters) <= 75
    assert max(setting.characters) <= 80
    # A column centred in the window (a scroll bar, if any, takes from the right).
    scroll_bar = view.verticalScrollBar().width() if view.verticalScrollBar().isVisible() else 0
    assert abs(setting.left_gap - setting.right_gap) <= scroll_bar + 20
    assert setting.left_gap > 100
    assert not setting.scrolls_sideways
    # Left-aligned: every line starts at the column's edge.
    layout = longest_block(view).layout()
    assert {round(layout.lineAt(n).x()) for n in range(layout.lineCount())} == {0}


@pytest.mark.parametrize(
    ("zoom", "width", "fewest_characters"),
    [(150, 1000, 40), (200, 1000, 30), (100, 700, 50), (150, 700, 25), (200, 700, 15)],
)
def test_bigger_zooms_and_narrow_windows_still_fit(
    qtbot: QtBot,
    library: Library,
    write_deck: WriteDeck,
    make_window: MakeWindow,
    zoom: int,
    width: int,
    fewest_characters: int,
) -> None:
    apply_appearance(Appearance(zoom=zoom))
    window = studied_back(qtbot, library, write_deck, make_window, width)
    setting = measured(window.study_page.view)
    assert setting.font_pixels == 20 * zoom // 100
    assert 1.4 <= setting.line_pitch / setting.font_pixels <= 1.5
    assert not setting.scrolls_sideways
    assert fewest_characters <= min(setting.characters)
    assert max(setting.characters) <= 80
    assert min(setting.left_gap, setting.right_gap) >= 20  # never against the edge
