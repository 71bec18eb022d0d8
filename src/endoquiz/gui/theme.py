"""Applies the learner's appearance: light, dark or the system's scheme, and zoom."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QFont, QFontInfo, QPalette
from PySide6.QtWidgets import QApplication

from endoquiz import Appearance

_BASE_FONT_PROPERTY = "endoquiz_base_font"
_THEME_PROPERTY = "endoquiz_theme"

# Asking Qt for a colour scheme only works where the platform has a theme that
# follows it (not under a bare X server, for one), so the app sets the palette
# itself: Fusion with these colours looks the same everywhere. Every text
# colour meets WCAG AA (a contrast of 4.5:1) on the background it is drawn
# on, in both themes (tests/gui/test_theme.py computes each); text of a
# disabled control is exempt, as WCAG makes it.
_DARK = {
    QPalette.ColorRole.Window: "#2b2b2b",
    QPalette.ColorRole.WindowText: "#e6e6e6",
    QPalette.ColorRole.Base: "#1e1e1e",
    QPalette.ColorRole.AlternateBase: "#2f2f2f",
    QPalette.ColorRole.ToolTipBase: "#3c3c3c",
    QPalette.ColorRole.ToolTipText: "#e6e6e6",
    QPalette.ColorRole.Text: "#e6e6e6",
    QPalette.ColorRole.Button: "#353535",
    QPalette.ColorRole.ButtonText: "#e6e6e6",
    QPalette.ColorRole.BrightText: "#ff6b6b",
    QPalette.ColorRole.Link: "#8ab4f8",
    QPalette.ColorRole.LinkVisited: "#c58af9",
    QPalette.ColorRole.Highlight: "#3d6fb6",
    QPalette.ColorRole.Accent: "#3d6fb6",
    QPalette.ColorRole.HighlightedText: "#ffffff",
    QPalette.ColorRole.PlaceholderText: "#9a9a9a",
}
# Fusion's light palette, but for what falls short of 4.5:1 there: white on
# its selection blue (3.7), the placeholder (black at half opacity, 4.0),
# and the visited link's magenta (3.1).
_LIGHT_CHANGES = {
    QPalette.ColorRole.Highlight: "#2a6fb0",
    QPalette.ColorRole.Accent: "#2a6fb0",
    QPalette.ColorRole.PlaceholderText: "#6b6b6b",
    QPalette.ColorRole.LinkVisited: "#7b1fa2",
}


@dataclass(frozen=True, slots=True)
class TextColours:
    """The colours text is drawn in beyond the palette's, for one theme.

    Attributes:
        wrong: (text, background) of a typed answer's wrong characters and
            of a wrongly picked option.
        missing: (text, background) of the characters a typed answer missed
            and of the right option.
        notice: (text, background) of a notice above the card (a leech).
        new, learning, due: today's counts, on the window.
        error: a message about a field (a search, a setting), on the window.
        muted: the rows of suspended cards, on the base and alternate base;
            a card's source line and rules, on the base.
        accent: a cloze's gap and the answer revealed (bold text of a card
            being studied), on the base.
    """

    wrong: tuple[str, str]
    missing: tuple[str, str]
    notice: tuple[str, str]
    new: str
    learning: str
    due: str
    error: str
    muted: str
    accent: str


LIGHT_COLOURS = TextColours(
    wrong=("#3b0d0a", "#f2b8b5"),
    missing=("#102a14", "#b7e1c1"),
    notice=("#5c4400", "#fff3cd"),
    new="#1565c0",
    learning="#c62828",
    due="#1b5e20",
    error="#b3261e",
    muted="#5e5e5e",
    accent="#0b57d0",
)
# Dark backgrounds with light text: pale pink and green glare beside the
# dark window.
DARK_COLOURS = TextColours(
    wrong=("#ffdad6", "#6b1f1a"),
    missing=("#c8f5d0", "#1d4a27"),
    notice=("#ffe08a", "#4a3b00"),
    new="#7ab8f5",
    learning="#f28b82",
    due="#81c995",
    error="#ff8a80",
    muted="#a8a8a8",
    accent="#7cacf8",
)

# Flags 1-4 (red, orange, green, blue; 0 is none), as swatches beside a
# card's text in the browser: the same in both themes, as Anki's are.
FLAG_COLOURS = (None, "#e5484d", "#f08c2e", "#30a46c", "#3e80d8")
# What stands for an image a card may not show: translucent grey (#AARRGGBB),
# seen on either theme.
IMAGE_NOT_SHOWN = "#60808080"


def text_colours() -> TextColours:
    """The text colours of the theme applied now: dark ones on a dark
    window (the dark theme, or "system" on a dark desktop)."""
    window = QApplication.palette().color(QPalette.ColorRole.Window)
    return DARK_COLOURS if window.lightnessF() < 0.5 else LIGHT_COLOURS


def is_dark(theme: str) -> bool:
    """Whether a theme setting means dark now ("system" asks the desktop)."""
    if theme != "system":
        return theme == "dark"
    app = QApplication.instance()
    if not isinstance(app, QApplication):
        return False
    return app.styleHints().colorScheme() == Qt.ColorScheme.Dark


def light_palette() -> QPalette:
    palette = QPalette(QApplication.style().standardPalette())
    for role, colour in _LIGHT_CHANGES.items():
        # Active and inactive alike: a window in the background stays readable.
        for group in (QPalette.ColorGroup.Active, QPalette.ColorGroup.Inactive):
            palette.setColor(group, role, QColor(colour))
    return palette


def dark_palette() -> QPalette:
    palette = QPalette()
    for role, colour in _DARK.items():
        palette.setColor(role, QColor(colour))
    disabled = QColor("#7a7a7a")
    for role in (
        QPalette.ColorRole.WindowText,
        QPalette.ColorRole.Text,
        QPalette.ColorRole.ButtonText,
    ):
        palette.setColor(QPalette.ColorGroup.Disabled, role, disabled)
    return palette


def apply_appearance(appearance: Appearance) -> None:
    """Set the palette for the theme and scale the system font by the zoom."""
    app = QApplication.instance()
    if not isinstance(app, QApplication):
        return
    if app.style().name().lower() != "fusion":
        app.setStyle("Fusion")
    if app.property(_THEME_PROPERTY) is None:
        # Follow the desktop when it switches between light and dark.
        app.styleHints().colorSchemeChanged.connect(lambda _scheme: _reapply(app))
    app.setProperty(_THEME_PROPERTY, appearance.theme)
    app.setPalette(dark_palette() if is_dark(appearance.theme) else light_palette())
    base = app.property(_BASE_FONT_PROPERTY)
    if not isinstance(base, QFont):
        base = QFont(app.font())
        app.setProperty(_BASE_FONT_PROPERTY, base)
    font = QFont(base)
    size = base.pointSizeF() if base.pointSizeF() > 0 else 10.0
    font.setPointSizeF(size * appearance.zoom / 100)
    app.setFont(font)


def zoom_factor() -> float:
    """The learner's zoom, 1.0 for 100 %: how much `apply_appearance` has
    scaled the system font."""
    base = _system_font().pointSizeF()
    return QApplication.font().pointSizeF() / base if base > 0 else 1.0


def system_font_pixels() -> int:
    """The system font's size in pixels, before the zoom."""
    return QFontInfo(_system_font()).pixelSize()


def _system_font() -> QFont:
    """The app's font before `apply_appearance` zoomed it."""
    app = QApplication.instance()
    base = app.property(_BASE_FONT_PROPERTY) if isinstance(app, QApplication) else None
    return base if isinstance(base, QFont) else QApplication.font()


def _reapply(app: QApplication) -> None:
    theme = str(app.property(_THEME_PROPERTY) or "system")
    if theme == "system":
        app.setPalette(dark_palette() if is_dark(theme) else light_palette())
