"""What a screen reader hears and a keyboard user sees: status labels read by
their current text, announcements of what changed (the answer shown, the
verdict, the counts, errors), and a focus ring around whatever has the focus."""

from __future__ import annotations

import re

import shiboken6
from PySide6.QtCore import QEvent, QObject, QRect, Signal
from PySide6.QtGui import QAccessible, QAccessibleAnnouncementEvent, QRegion, QTextDocument
from PySide6.QtWidgets import QApplication, QFocusFrame, QLabel, QStyle, QWidget


class _Announcements(QObject):
    """Every announcement made, for whoever follows them (the tests, a log).

    Signals:
        said(QWidget, str): `widget` announced the plain text `str`.
    """

    said = Signal(QWidget, str)


announcements = _Announcements()


def describe(label: QLabel, what: str) -> None:
    """Let a status label be read by what it shows: Qt names a label by its
    text (and tells screen readers when it changes) unless a fixed accessible
    name hides it, so `what` the label is goes in the description."""
    label.setAccessibleName("")
    label.setAccessibleDescription(what)


def plain_text(rich_text: str) -> str:
    """Rich text as a screen reader should say it: tags gone, spaces joined."""
    document = QTextDocument()
    document.setHtml(rich_text)
    return re.sub(r"\s+", " ", document.toPlainText()).strip()


def announce(widget: QWidget, message: str) -> None:
    """Have screen readers say `message` (plain or rich text) now, politely:
    after what they are saying, as a live region would."""
    text = plain_text(message)
    if not text:
        return
    QAccessible.updateAccessibility(QAccessibleAnnouncementEvent(widget, text))
    announcements.said.emit(widget, text)


class InSightFocusFrame(QFocusFrame):
    """Qt's focus frame, drawn around its widget in the widget's parent,
    but drawn just inside the widget's edge where the parent would cut it
    off: a control that fills its parent (the deck tree in its splitter)
    showed only part of the ring, or none."""

    def setWidget(self, widget: QWidget) -> None:  # noqa: N802 - Qt's name
        super().setWidget(widget)
        self.keep_in_sight()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        handled = super().eventFilter(watched, event)
        # Qt places the frame again when the widget moves, resizes or is
        # restacked; then it is checked again.
        if event.type() in _PLACING_EVENTS:
            self.keep_in_sight()
        return handled

    def event(self, event: QEvent) -> bool:
        # QFocusFrame puts itself back around its widget whenever it is moved
        # or resized, which would undo keep_in_sight; its eventFilter places
        # it again when the widget itself moves or resizes.
        if event.type() in (QEvent.Type.Move, QEvent.Type.Resize):
            return QWidget.event(self, event)
        return super().event(event)

    def keep_in_sight(self) -> None:
        parent, widget = self.parentWidget(), self.widget()
        if parent is None or widget is None or parent.rect().contains(self.geometry()):
            return
        ring = widget.geometry() & parent.rect()
        self.setGeometry(ring)
        inside = QRect(0, 0, ring.width(), ring.height())
        width = self.style().pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, None, self)
        height = self.style().pixelMetric(QStyle.PixelMetric.PM_FocusFrameVMargin, None, self)
        # Only the ring itself is drawn; the widget shows through its middle.
        self.setMask(QRegion(inside) - QRegion(inside.adjusted(width, height, -width, -height)))
        self.raise_()  # Qt stacks the frame under its widget, which would hide it


# What makes QFocusFrame place itself around its widget again.
_PLACING_EVENTS = (
    QEvent.Type.Move,
    QEvent.Type.Resize,
    QEvent.Type.Show,
    QEvent.Type.ZOrderChange,
    QEvent.Type.ParentChange,
    QEvent.Type.StyleChange,
)


class FocusRing(QObject):
    """A ring in the theme's text colour around the widget with the keyboard
    focus, in every window: some styles mark focus faintly or not at all (a
    text view, a plain button), and a keyboard user must see where keys go."""

    def __init__(self, app: QApplication) -> None:
        super().__init__(app)
        self.frame: QFocusFrame | None = None
        app.focusChanged.connect(self._follow)

    def _follow(self, _old: QWidget | None, new: QWidget | None) -> None:
        # One frame, moved from widget to widget (Qt reparents it into each
        # one's parent). A frame per widget piled up wherever no event loop
        # ran their deferred deletion, each filtering events in Python. A
        # parent that closes takes the frame along: then a new one is made.
        frame = self.frame if self.frame is not None and shiboken6.isValid(self.frame) else None
        if new is None or new.isWindow():
            if frame is not None:
                frame.hide()
            return
        if frame is None:
            frame = self.frame = InSightFocusFrame(new)
        frame.setWidget(new)
        frame.show()


def show_focus_ring(app: QApplication) -> FocusRing:
    """The application's focus ring, made the first time it is asked for."""
    ring = app.findChild(FocusRing)
    return ring if isinstance(ring, FocusRing) else FocusRing(app)
