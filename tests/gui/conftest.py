"""GUI fixtures: a main window on a temp library and settings file, keys sent
where the keyboard focus is, and the application's look restored after a test."""
# mypy: disable-error-code="no-untyped-call"
# (pytest-qt's keyClick, keyClicks and mouseClick have no type hints)

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Protocol

import pytest
from PySide6.QtCore import QSettings, Qt, QTimer
from PySide6.QtGui import QTextDocument
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QLineEdit,
    QPlainTextEdit,
    QTextEdit,
    QTreeView,
    QWidget,
)
from pytestqt.qtbot import QtBot

from endoquiz import Library
from endoquiz.gui.clock import Clock, wall_clock
from endoquiz.gui.main_window import MainWindow
from tests.conftest import MIXED_DECK as MIXED_DECK  # the GUI tests take it from here
from tests.conftest import WriteDeck, basic_deck


class MakeWindow(Protocol):
    """The `make_window` fixture: a shown main window on `library`, whose
    pages read the time from `clock` (a test fixes "now" with it)."""

    def __call__(self, library: Library, *, clock: Clock = ...) -> MainWindow: ...


# Properties `theme.apply_appearance` keeps on the application.
_APP_PROPERTIES = ("endoquiz_base_font", "endoquiz_theme")


@pytest.fixture
def ui_ini(tmp_path: Path) -> Path:
    """The window settings file: never the learner's real configuration."""
    return tmp_path / "ui.ini"


def ui_settings(path: Path) -> QSettings:
    return QSettings(str(path), QSettings.Format.IniFormat)


@pytest.fixture
def make_window(qtbot: QtBot, ui_ini: Path) -> MakeWindow:
    """Open the main window on a library, shown and active (so shortcuts work)."""

    def make(library: Library, *, clock: Clock = wall_clock) -> MainWindow:
        window = MainWindow(library, ui_settings(ui_ini), clock=clock)
        qtbot.addWidget(window)
        with qtbot.waitActive(window):
            window.show()
            window.activateWindow()
        return window

    return make


@pytest.fixture(autouse=True)
def restore_app_look(qapp: QApplication) -> Iterator[None]:
    """Settings and the self-test restyle the whole application: undo it."""
    font, palette, style = QApplication.font(), QApplication.palette(), qapp.style().name()
    names = qapp.applicationName(), qapp.organizationName()
    properties = {name: qapp.property(name) for name in _APP_PROPERTIES}
    yield
    if qapp.style().name() != style:
        qapp.setStyle(style)
    QApplication.setPalette(palette)
    QApplication.setFont(font)
    qapp.setApplicationName(names[0])
    qapp.setOrganizationName(names[1])
    for name, value in properties.items():
        qapp.setProperty(name, value)


def focused() -> QWidget:
    """The widget with the keyboard focus: where a user's key press goes."""
    widget = QApplication.focusWidget()
    assert widget is not None, "nothing has the keyboard focus"
    return widget


def press(
    qtbot: QtBot,
    key: Qt.Key,
    modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier,
) -> None:
    """Press a key as the user would: it goes to the focused widget."""
    qtbot.keyClick(focused(), key, modifier)


def type_answer(qtbot: QtBot, field: QWidget, text: str) -> None:
    """Type into a field that has the focus, then press Enter."""
    assert field.hasFocus(), f"the answer field should have the focus, not {focused()}"
    qtbot.keyClicks(field, text)
    qtbot.keyClick(field, Qt.Key.Key_Return)


def plain(rich_text: str) -> str:
    """Rich text as the user reads it: tags gone, entities decoded, spaces joined."""
    document = QTextDocument()
    document.setHtml(rich_text)
    return re.sub(r"\s+", " ", document.toPlainText()).strip()


def unnamed_controls(root: QWidget) -> list[str]:
    """Controls under `root` a screen reader could not name: no accessible
    name and no visible text. Qt's own parts (a spin box's line edit, the
    menu bar's overflow button) are left out: they are named by their owner."""
    kinds = (
        QAbstractButton,
        QLineEdit,
        QAbstractSpinBox,
        QComboBox,
        QTreeView,
        QTextEdit,
        QPlainTextEdit,
    )
    missing = []
    for kind in kinds:
        for widget in root.findChildren(kind):
            if widget.objectName().startswith("qt_"):
                continue
            if isinstance(widget, QLineEdit) and isinstance(
                widget.parent(), QAbstractSpinBox | QComboBox
            ):
                continue
            text = widget.text().replace("&", "") if isinstance(widget, QAbstractButton) else ""
            if not (widget.accessibleName().strip() or text.strip()):
                missing.append(f"{type(widget).__name__} {widget.objectName()!r}")
    return missing


WhenModal = Callable[[Callable[[QWidget], None]], None]


@pytest.fixture
def when_modal() -> Iterator[WhenModal]:
    """Schedule `act` on the modal dialog once it is up (a dialog opened by
    the code under test, inside its own event loop). Attempts stop with the
    test, so that one whose dialog never came cannot act in the next."""
    running = True

    def schedule(act: Callable[[QWidget], None]) -> None:
        def attempt() -> None:
            if not running:
                return
            box = QApplication.activeModalWidget()
            if box is None or not box.isVisible():
                QTimer.singleShot(10, attempt)
                return
            # A guard (a box left open would hang the test), gone with the box.
            QTimer.singleShot(10_000, box, box.close)
            act(box)

        QTimer.singleShot(0, attempt)

    yield schedule
    running = False


def rollover_half_a_day_away() -> int:
    """The hour for the study day to roll over at, half a day from now: a test
    that studies on the wall clock then keeps its learning steps ("Good 10m",
    "comes back later today") within one study day at any hour it runs; at
    03:50 with the default 04:00 rollover a ten-minute step would become a day."""
    return (datetime.now().astimezone().hour + 12) % 24


# -- two computers syncing (test_sync_gui.py, test_sync_offered_decks.py) ----


@pytest.fixture
def deck(write_deck: WriteDeck) -> Path:
    """The deck both computers have, from the same file."""
    return write_deck(basic_deck("d", ["a", "b", "c"]))


@pytest.fixture
def laptop(tmp_path: Path, deck: Path) -> Iterator[Library]:
    """The learner's other computer: its own data folder, the same deck."""
    with Library.open(tmp_path / "laptop", fuzz=False, timezone=UTC) as other:
        other.add_deck(deck)
        yield other
