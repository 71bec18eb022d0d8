"""What a screen reader hears and a keyboard user sees: status labels read by
their current text, announcements of what changed (the answer shown, the
verdict, the counts, errors), and a focus ring around whatever has the focus."""

from __future__ import annotations

import re

import shiboken6
from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QAccessible, QAccessibleAnnouncementEvent, QTextDocument
from PySide6.QtWidgets import QApplication, QFocusFrame, QLabel, QWidget


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


class FocusRing(QObject):
    """A ring in the theme's text colour around the widget with the keyboard
    focus, in every window: some styles mark focus faintly or not at all (a
    text view, a plain button), and a keyboard user must see where keys go."""

    def __init__(self, app: QApplication) -> None:
        super().__init__(app)
        self.frame: QFocusFrame | None = None
        app.focusChanged.connect(self._follow)

    def _follow(self, _old: QWidget | None, new: QWidget | None) -> None:
        # The frame lives in the focused widget's parent, which may close and
        # take it along: a new frame for each widget, never a dangling one.
        if self.frame is not None and shiboken6.isValid(self.frame):
            self.frame.hide()
            self.frame.deleteLater()
        self.frame = None
        if new is None or new.isWindow():
            return
        frame = QFocusFrame(new)
        frame.setWidget(new)
        frame.show()
        self.frame = frame


def show_focus_ring(app: QApplication) -> FocusRing:
    """The application's focus ring, made the first time it is asked for."""
    ring = app.findChild(FocusRing)
    return ring if isinstance(ring, FocusRing) else FocusRing(app)
