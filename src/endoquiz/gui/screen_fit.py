"""Window sizes that fit the screen a window opens on."""

from __future__ import annotations

from PySide6.QtCore import QSize
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QWidget


def available_size(window: QWidget) -> QSize:
    """The room on the window's screen (its primary screen before it shows),
    less what the desktop's panels take."""
    screen = window.screen() or QGuiApplication.primaryScreen()
    return screen.availableGeometry().size()


def fit_to_screen(window: QWidget, wanted: QSize) -> None:
    """Resize a window to `wanted`, but never larger than its screen's
    available room: at 200% zoom or on a 1366x768 screen a window that
    opens larger has its title bar or buttons out of reach."""
    window.resize(wanted.boundedTo(available_size(window)))
