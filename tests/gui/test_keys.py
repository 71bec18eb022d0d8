"""Keys every window shares: Esc and Ctrl+W close the windows opened beside
the main one (card browser, statistics, deck preview)."""
# mypy: disable-error-code="no-untyped-call"
# (pytest-qt's keyClick, keyClicks and mouseClick have no type hints)

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from endoquiz import Library
from endoquiz.gui.main_window import MainWindow
from endoquiz.gui.preview_window import PreviewWindow
from tests.conftest import WriteDeck
from tests.gui.conftest import MIXED_DECK, MakeWindow, focused, press

CLOSE_KEYS = [
    pytest.param(Qt.Key.Key_Escape, Qt.KeyboardModifier.NoModifier, id="Esc"),
    pytest.param(Qt.Key.Key_W, Qt.KeyboardModifier.ControlModifier, id="Ctrl+W"),
]


def opened_with(qtbot: QtBot, window: MainWindow, key: Qt.Key) -> QWidget:
    """Open a window from the main one with its shortcut, as a user does."""
    press(qtbot, key, Qt.KeyboardModifier.ControlModifier)
    opened = window.browser if key == Qt.Key.Key_B else window.statistics_window
    assert opened is not None
    qtbot.waitUntil(lambda: opened.isActiveWindow())
    return opened


@pytest.mark.parametrize(("key", "modifier"), CLOSE_KEYS)
@pytest.mark.parametrize("opener", [Qt.Key.Key_B, Qt.Key.Key_T], ids=["browser", "statistics"])
def test_close_keys_close_the_browser_and_the_statistics(
    qtbot: QtBot,
    library: Library,
    write_deck: WriteDeck,
    make_window: MakeWindow,
    opener: Qt.Key,
    key: Qt.Key,
    modifier: Qt.KeyboardModifier,
) -> None:
    library.add_deck(write_deck(MIXED_DECK))
    window = make_window(library)
    opened = opened_with(qtbot, window, opener)
    # From the control that has the focus: the browser's search field, the
    # statistics' deck chooser.
    assert opened.isAncestorOf(focused())
    press(qtbot, key, modifier)
    assert not opened.isVisible()
    assert window.isVisible()  # only that window closed
    # And opened again, the same keys close it again (the window manager,
    # which offscreen Qt lacks, gives the main window the focus back).
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    opened = opened_with(qtbot, window, opener)
    press(qtbot, key, modifier)
    assert not opened.isVisible()


@pytest.mark.parametrize(("key", "modifier"), CLOSE_KEYS)
def test_close_keys_close_the_preview(
    qtbot: QtBot, write_deck: WriteDeck, key: Qt.Key, modifier: Qt.KeyboardModifier
) -> None:
    preview = PreviewWindow(write_deck(MIXED_DECK))
    qtbot.addWidget(preview)
    with qtbot.waitActive(preview):
        preview.show()
        preview.activateWindow()
    preview.view.setFocus()
    press(qtbot, key, modifier)
    assert not preview.isVisible()
