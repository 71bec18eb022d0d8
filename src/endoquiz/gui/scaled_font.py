"""Text larger than the app's (headings, headline figures) that follows the zoom."""

from __future__ import annotations

from PySide6.QtCore import QObject, Slot
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QApplication, QWidget

__all__ = ["scale_font"]


class _FollowAppFont(QObject):
    """Keeps its parent widget's font `scale` times the application's. A
    widget given a font of its own keeps that size when the app's font
    changes, so a heading set once stayed at 100% size after the learner
    zoomed; and Qt tells only windows, not the widgets in them, that the
    app's font changed (ApplicationFontChange), hence the app's signal."""

    def __init__(self, widget: QWidget, scale: float, bold: bool) -> None:
        super().__init__(widget)  # goes, and disconnects, with the widget
        self.widget, self.scale, self.bold = widget, scale, bold
        app = QApplication.instance()
        if isinstance(app, QApplication):
            app.fontChanged.connect(self.apply)
        self.apply(QApplication.font())

    @Slot(QFont)
    def apply(self, app_font: QFont) -> None:
        font = QFont(app_font)
        font.setPointSizeF(font.pointSizeF() * self.scale)
        font.setBold(self.bold)
        self.widget.setFont(font)


def scale_font(widget: QWidget, scale: float, *, bold: bool = False) -> None:
    """Draw `widget`'s text `scale` times the app's font size (which the
    zoom sets), now and whenever the app's font changes."""
    _FollowAppFont(widget, scale, bold)
