"""Keyboard conventions shared by the pages."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import QAbstractButton, QApplication, QWidget

# What closes a window opened beside the main one (the card browser,
# statistics, a deck preview), as in a browser's tabs and Anki's windows.
CLOSE_KEYS = ("Esc", "Ctrl+W")


def activate_focused_button(event: QKeyEvent, page: QWidget) -> bool:
    """Enter presses the focused button of `page`, as desktop users expect
    (outside dialogs, Qt's buttons answer only to Space). True if it did."""
    if event.key() not in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
        return False
    focused = QApplication.focusWidget()
    if isinstance(focused, QAbstractButton) and focused.isEnabled() and page.isAncestorOf(focused):
        focused.click()
        return True
    return False


def close_with_keys(window: QWidget) -> None:
    """Esc and Ctrl+W close `window`, wherever the focus is inside it."""
    for keys in CLOSE_KEYS:
        QShortcut(QKeySequence(keys), window).activated.connect(window.close)
