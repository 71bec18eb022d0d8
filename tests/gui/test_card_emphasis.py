"""The card being studied leads the eye to the answer: the cloze's gap and the
words revealed in the theme's accent colour and bold, readable (AA) in both
themes, and the source under the answer small and muted, under a muted rule.
Read from the laid-out card, fragment by fragment, as it is drawn."""

from __future__ import annotations

from typing import NamedTuple

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QFont, QFontInfo, QPalette, QTextFormat
from pytestqt.qtbot import QtBot

from endoquiz import Library
from endoquiz.gui.card_view import CardView
from endoquiz.gui.main_window import MainWindow
from endoquiz.gui.theme import text_colours
from tests.conftest import WriteDeck
from tests.gui.conftest import MakeWindow, press
from tests.gui.test_study_page import study_from_tree
from tests.gui.test_theme import AA, contrast, theme

__all__ = ["theme"]  # the fixture, used by name below

DECK = """\
endoquiz: 1
id: look
title: Look
cards:
  - id: gnrh
    kind: cloze
    text: Hyperinsulinemia alters the release of {{c1::gonadotropin-releasing hormone}}.
    source:
      article: Insulin Resistance and Hormonal Balance
      section: Academic › The Endocrine Axes
      quote: The pulsatile release of GnRH from the hypothalamus is altered.
"""


class Run(NamedTuple):
    """A run of the card's text as drawn."""

    text: str
    colour: QColor
    bold: bool
    pixels: int


def runs(view: CardView) -> list[Run]:
    """The card's runs of text, in the colour each is drawn in."""
    text_colour = view.palette().color(QPalette.ColorRole.Text)
    found, block = [], view.document().begin()
    while block.isValid():
        fragments = block.begin()
        while not fragments.atEnd():
            fragment = fragments.fragment()
            form = fragment.charFormat()
            colour = (
                form.foreground().color()
                if form.hasProperty(QTextFormat.Property.ForegroundBrush)
                else text_colour
            )
            bold = form.fontWeight() >= QFont.Weight.Bold
            pixels = QFontInfo(form.font()).pixelSize()
            found.append(Run(fragment.text(), colour, bold, pixels))
            fragments += 1
        block = block.next()
    return found


def studied(
    qtbot: QtBot, library: Library, write_deck: WriteDeck, make_window: MakeWindow
) -> MainWindow:
    """A window studying the cloze card, its question showing."""
    library.add_deck(write_deck(DECK))
    window = make_window(library)
    study_from_tree(qtbot, window, "look")
    return window


def test_the_gap_and_the_revealed_words_stand_out_readably(
    theme: str, qtbot: QtBot, library: Library, write_deck: WriteDeck, make_window: MakeWindow
) -> None:
    window = studied(qtbot, library, write_deck, make_window)  # kept: the view lives in it
    view = window.study_page.view
    base = view.palette().color(QPalette.ColorRole.Base)
    accent = QColor(text_colours().accent)
    plain_colour = view.palette().color(QPalette.ColorRole.Text)
    assert accent != plain_colour

    gap = [run for run in runs(view) if "[…]" in run.text]
    assert gap == [Run("[…]", accent, True, 20)]
    rest = [run for run in runs(view) if "[…]" not in run.text]
    assert {run.colour.name() for run in rest} == {plain_colour.name()}

    press(qtbot, Qt.Key.Key_Space)
    answer = [run for run in runs(view) if run.text == "gonadotropin-releasing hormone"]
    assert answer == [Run("gonadotropin-releasing hormone", accent, True, 20)]
    assert contrast(accent, base) >= AA


def test_the_source_is_a_small_muted_footnote_under_a_muted_rule(
    theme: str, qtbot: QtBot, library: Library, write_deck: WriteDeck, make_window: MakeWindow
) -> None:
    window = studied(qtbot, library, write_deck, make_window)  # kept: the view lives in it
    view = window.study_page.view
    press(qtbot, Qt.Key.Key_Space)
    muted = QColor(text_colours().muted)
    drawn = runs(view)
    source = [run for run in drawn if "Source:" in run.text or "pulsatile" in run.text]
    assert [run.text for run in source] == [
        "Source: Insulin Resistance and Hormonal Balance · Academic › The Endocrine Axes",
        "The pulsatile release of GnRH from the hypothalamus is altered.",
    ]
    assert {(run.colour.name(), run.pixels) for run in source} == {(muted.name(), 13)}
    card_text = [run for run in drawn if run.text.startswith("Hyperinsulinemia")]
    assert card_text and all(run.pixels == 20 for run in card_text)
    base = view.palette().color(QPalette.ColorRole.Base)
    assert contrast(muted, base) >= AA
    # Both rules (under the question, above the source) in the muted colour.
    rules, block = [], view.document().begin()
    while block.isValid():
        form = block.blockFormat()
        if form.hasProperty(QTextFormat.Property.BlockTrailingHorizontalRulerWidth):
            rules.append(form.background().color().name())
        block = block.next()
    assert rules == [muted.name(), muted.name()]
