"""Every text of both themes is readable: WCAG AA's contrast of 4.5:1 between
text and background, computed for the palette, the typed answer's diff as it
renders, and the other colours the app draws text in."""

from __future__ import annotations

from typing import NamedTuple

import pytest
from PySide6.QtGui import QColor, QPalette, QTextDocument
from PySide6.QtWidgets import QApplication, QLabel
from pytestqt.qtbot import QtBot

from endoquiz import Appearance, Library, check_typed
from endoquiz.gui.answer_widgets import TypedAnswer
from endoquiz.gui.theme import DARK_COLOURS, LIGHT_COLOURS, apply_appearance, text_colours
from tests.conftest import WriteDeck
from tests.gui.conftest import MIXED_DECK, MakeWindow
from tests.gui.test_study_page import study_from_tree

AA = 4.5
Role = QPalette.ColorRole
# Each text role on the background Qt draws it on.
PALETTE_PAIRS = (
    (Role.WindowText, Role.Window),
    (Role.Text, Role.Base),
    (Role.Text, Role.AlternateBase),
    (Role.ButtonText, Role.Button),
    (Role.ToolTipText, Role.ToolTipBase),
    (Role.HighlightedText, Role.Highlight),
    (Role.PlaceholderText, Role.Base),
    (Role.Link, Role.Base),
    (Role.Link, Role.Window),
    (Role.LinkVisited, Role.Base),
)


def relative_luminance(colour: QColor) -> float:
    """WCAG 2's relative luminance of an opaque sRGB colour."""

    def linear(channel: float) -> float:
        return channel / 12.92 if channel <= 0.04045 else ((channel + 0.055) / 1.055) ** 2.4

    return (
        0.2126 * linear(colour.redF())
        + 0.7152 * linear(colour.greenF())
        + 0.0722 * linear(colour.blueF())
    )


def contrast(text: QColor, background: QColor) -> float:
    """WCAG 2's contrast ratio, 1 to 21; a translucent text colour (Qt's
    placeholder is black at half opacity) is blended onto the background first."""
    share = text.alphaF()
    channels = zip(
        (text.redF(), text.greenF(), text.blueF()),
        (background.redF(), background.greenF(), background.blueF()),
        strict=True,
    )
    seen = QColor.fromRgbF(*(share * t + (1 - share) * b for t, b in channels))
    lighter, darker = sorted(map(relative_luminance, (seen, background)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


@pytest.fixture(params=["light", "dark"])
def theme(request: pytest.FixtureRequest, qapp: QApplication) -> str:
    """The theme applied to the whole app (the GUI conftest restores the look after)."""
    apply_appearance(Appearance(theme=request.param))
    return str(request.param)


def test_the_contrast_formula_gives_wcag_s_figures() -> None:
    assert contrast(QColor("#000000"), QColor("#ffffff")) == pytest.approx(21)
    assert contrast(QColor("#777777"), QColor("#ffffff")) == pytest.approx(4.48, abs=0.01)
    half_black = QColor(0, 0, 0, 128)
    assert contrast(half_black, QColor("#ffffff")) == pytest.approx(4.00, abs=0.01)


def test_palette_text_is_readable(theme: str) -> None:
    palette = QApplication.palette()
    too_faint = [
        f"{group.name} {text.name} on {background.name}: {ratio:.2f}"
        for group in (QPalette.ColorGroup.Active, QPalette.ColorGroup.Inactive)
        for text, background in PALETTE_PAIRS
        if (ratio := contrast(palette.color(group, text), palette.color(group, background))) < AA
    ]
    assert too_faint == []


class Piece(NamedTuple):
    """A run of a label's rich text as drawn: its text and colours."""

    text: str
    colour: QColor
    background: QColor

    @property
    def contrast(self) -> float:
        return contrast(self.colour, self.background)


def drawn(label: QLabel) -> list[Piece]:
    """A rich text label's runs: over the window colour unless a run sets
    its own background, in the window text colour unless it sets its own."""
    palette = label.palette()
    document = QTextDocument()
    document.setHtml(label.text())
    pieces, block = [], document.begin()
    while block.isValid():
        iterator = block.begin()
        while not iterator.atEnd():
            fragment = iterator.fragment()
            form = fragment.charFormat()
            colour, background = palette.color(Role.WindowText), palette.color(Role.Window)
            if form.hasProperty(form.Property.ForegroundBrush):
                colour = form.foreground().color()
            if form.hasProperty(form.Property.BackgroundBrush):
                background = form.background().color()
            pieces.append(Piece(fragment.text(), colour, background))
            iterator += 1
        block = block.next()
    return pieces


def test_typed_answer_diff_is_readable(theme: str, qtbot: QtBot) -> None:
    # A wrong character, a missing one and an extra word: every kind of mark.
    answer = TypedAnswer()
    qtbot.addWidget(answer)
    answer.show_check(check_typed("hyperinsulinemia", (), "hiperinsulinmia x"))
    pieces = drawn(answer.result)
    window = answer.result.palette().color(Role.Window)
    marked = [piece for piece in pieces if piece.background != window]
    assert len(marked) >= 3  # the wrong, missing and extra characters
    assert [(p.text, round(p.contrast, 2)) for p in pieces if p.contrast < AA] == []
    # In the dark theme, dark marks: pale ones glared beside the dark window.
    if theme == "dark":
        assert all(piece.background.lightnessF() < 0.5 for piece in marked)


def test_study_counts_are_readable(
    theme: str, qtbot: QtBot, library: Library, write_deck: WriteDeck, make_window: MakeWindow
) -> None:
    library.add_deck(write_deck(MIXED_DECK))
    window = make_window(library)  # kept: the page lives as long as its window
    pieces = drawn(study_from_tree(qtbot, window, "mix").counts)
    assert "New 3" in "".join(piece.text for piece in pieces)
    assert len({piece.colour.name() for piece in pieces}) >= 3  # New, Learning, Due
    assert [(p.text, round(p.contrast, 2)) for p in pieces if p.contrast < AA] == []


def test_the_theme_s_own_text_colours_are_readable(theme: str) -> None:
    colours = text_colours()
    assert colours is (DARK_COLOURS if theme == "dark" else LIGHT_COLOURS)
    palette = QApplication.palette()
    window, base = palette.color(Role.Window), palette.color(Role.Base)
    pairs = {
        "wrong": colours.wrong,
        "missing": colours.missing,
        "notice": colours.notice,
        "new": (colours.new, window.name()),
        "learning": (colours.learning, window.name()),
        "due": (colours.due, window.name()),
        "error": (colours.error, window.name()),
        "muted on base": (colours.muted, base.name()),
        "muted on alternate base": (colours.muted, palette.color(Role.AlternateBase).name()),
        "accent on base": (colours.accent, base.name()),
    }
    too_faint = {
        name: round(ratio, 2)
        for name, (text, background) in pairs.items()
        if (ratio := contrast(QColor(text), QColor(background))) < AA
    }
    assert too_faint == {}
