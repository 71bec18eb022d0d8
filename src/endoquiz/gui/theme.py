"""Applies the learner's appearance: light, dark or the system's scheme, and zoom."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QFont, QPalette
from PySide6.QtWidgets import QApplication

from endoquiz import Appearance

_BASE_FONT_PROPERTY = "endoquiz_base_font"
_THEME_PROPERTY = "endoquiz_theme"

# Asking Qt for a colour scheme only works where the platform has a theme that
# follows it (not under a bare X server, for one), so the app sets the palette
# itself: Fusion with these colours looks the same everywhere.
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
    QPalette.ColorRole.Highlight: "#3d6fb6",
    QPalette.ColorRole.HighlightedText: "#ffffff",
    QPalette.ColorRole.PlaceholderText: "#9a9a9a",
}


def is_dark(theme: str) -> bool:
    """Whether a theme setting means dark now ("system" asks the desktop)."""
    if theme != "system":
        return theme == "dark"
    app = QApplication.instance()
    if not isinstance(app, QApplication):
        return False
    return app.styleHints().colorScheme() == Qt.ColorScheme.Dark


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
    app.setPalette(dark_palette() if is_dark(appearance.theme) else app.style().standardPalette())
    base = app.property(_BASE_FONT_PROPERTY)
    if not isinstance(base, QFont):
        base = QFont(app.font())
        app.setProperty(_BASE_FONT_PROPERTY, base)
    font = QFont(base)
    size = base.pointSizeF() if base.pointSizeF() > 0 else 10.0
    font.setPointSizeF(size * appearance.zoom / 100)
    app.setFont(font)


def _reapply(app: QApplication) -> None:
    theme = str(app.property(_THEME_PROPERTY) or "system")
    if theme == "system":
        app.setPalette(dark_palette() if is_dark(theme) else app.style().standardPalette())
