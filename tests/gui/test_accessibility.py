"""What a screen reader hears and a keyboard user meets: every control named by
its current text, changes announced, one tab stop per table, a focus ring, and
a question before Esc abandons a quiz."""
# mypy: disable-error-code="no-untyped-call"
# (pytest-qt's keyClick, keyClicks and mouseClick have no type hints)

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QAccessible, QAccessibleInterface, QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QFocusFrame,
    QLabel,
    QMessageBox,
    QWidget,
)
from pytestqt.qtbot import QtBot

from endoquiz import Library, Rating
from endoquiz.gui.accessibility import announcements
from endoquiz.gui.backups_dialog import BackupsDialog
from endoquiz.gui.browser import CardBrowser
from endoquiz.gui.settings_dialog import SettingsDialog
from endoquiz.gui.stats_page import StatisticsWindow
from tests.conftest import T0, WriteDeck, basic_deck, study
from tests.gui.conftest import MakeWindow, focused, plain, press, rollover_half_a_day_away
from tests.gui.test_study_page import CHOICE_DECK

# Roles a learner operates or reads; an item view's cells are named by the model.
_CONTROL_ROLES = {
    QAccessible.Role.Button,
    QAccessible.Role.CheckBox,
    QAccessible.Role.RadioButton,
    QAccessible.Role.ComboBox,
    QAccessible.Role.SpinBox,
    QAccessible.Role.EditableText,
    QAccessible.Role.StaticText,
    QAccessible.Role.ProgressBar,
    QAccessible.Role.Table,
    QAccessible.Role.Tree,
    QAccessible.Role.List,
}
_VIEW_ROLES = {QAccessible.Role.Table, QAccessible.Role.Tree, QAccessible.Role.List}


def accessible_nodes(root: QWidget) -> Iterator[tuple[QAccessibleInterface, QWidget]]:
    """The accessibility tree under `root` as a screen reader walks it: each
    shown widget's interface (not an item view's cells)."""
    top = QAccessible.queryAccessibleInterface(root)
    assert top is not None
    stack = [top]
    while stack:
        node = stack.pop()
        widget = node.object()
        if not isinstance(widget, QWidget) or not widget.isVisible():
            continue
        yield node, widget
        if node.role() not in _VIEW_ROLES:
            stack.extend(
                child for i in range(node.childCount()) if (child := node.child(i)) is not None
            )


def heard(widget: QWidget) -> str:
    """What a screen reader says for a widget: its name, then its description."""
    node = QAccessible.queryAccessibleInterface(widget)
    assert node is not None
    name = node.text(QAccessible.Text.Name)
    description = node.text(QAccessible.Text.Description)
    return f"{name} ({description})" if description else name


def unreadable(root: QWidget) -> list[str]:
    """Controls under `root` with no role, no name or description, or a label
    whose current text a screen reader would not hear."""
    problems = []
    for node, widget in accessible_nodes(root):
        role = node.role()
        if role not in _CONTROL_ROLES:
            continue
        name = node.text(QAccessible.Text.Name).strip()
        description = node.text(QAccessible.Text.Description).strip()
        where = f"{type(widget).__name__} {widget.objectName()!r}"
        if not (name or description):
            problems.append(f"{where}: no name or description")
        shown = plain(widget.text()).replace("&", "") if isinstance(widget, QLabel) else ""
        if shown not in f"{name} {description}":
            problems.append(f"{where}: says {name!r}, shows {shown!r}")
    return problems


@pytest.fixture
def said() -> Iterator[list[str]]:
    """What the app announces to screen readers, in order."""
    messages: list[str] = []

    def record(_widget: QWidget, text: str) -> None:
        messages.append(text)

    announcements.said.connect(record)
    yield messages
    announcements.said.disconnect(record)


def test_study_page_is_heard_with_its_counts_verdict_and_focus(
    qtbot: QtBot, library: Library, write_deck: WriteDeck, make_window: MakeWindow, said: list[str]
) -> None:
    library.update_settings(day_starts_at=rollover_half_a_day_away())
    library.add_deck(write_deck(CHOICE_DECK))
    window = make_window(library)
    window.deck_list.refresh(select="choices")
    assert unreadable(window) == []
    window.deck_list.tree.setFocus()
    press(qtbot, Qt.Key.Key_Return)
    page = window.study_page
    assert heard(page.counts) == "New 3 · Learning 0 · Due 0 (Cards left)"
    assert "New 3 · Learning 0 · Due 0" in said
    card = page.card
    assert card is not None
    assert any(card.front in message for message in said)
    assert unreadable(window) == []

    said.clear()
    press(qtbot, Qt.Key(Qt.Key.Key_1 + card.choices.index(card.answer)))
    assert heard(page.feedback).startswith("✓ Right: ")
    assert heard(page.feedback).endswith("(Your answer, checked)")
    assert said and said[0].startswith("✓ Right: ")
    # The focus is on the rating Space gives, which says what it is.
    assert focused() is page.rating_buttons[Rating.GOOD]
    assert heard(focused()).startswith("Good (3)")
    assert unreadable(window) == []

    said.clear()
    press(qtbot, Qt.Key.Key_Space)
    assert heard(page.counts) == "New 2 · Learning 1 · Due 0 (Cards left)"
    assert "New 2 · Learning 1 · Due 0" in said
    assert library.review_log("choices")[0].rating is Rating.GOOD


def test_quiz_verdict_is_heard_and_esc_asks_before_abandoning(
    qtbot: QtBot, library: Library, write_deck: WriteDeck, make_window: MakeWindow, said: list[str]
) -> None:
    library.add_deck(write_deck(CHOICE_DECK))
    window = make_window(library)
    page = window.quiz_page
    window.pages.setCurrentWidget(page)
    page.start("choices", 2, timed=False)
    page.setFocus()
    question = page.question
    assert question is not None
    press(qtbot, Qt.Key(Qt.Key.Key_1 + question.choices.index(question.answer)))
    assert "Right" in heard(page.feedback)
    assert heard(page.feedback).endswith("(Result of your answer)")
    assert any("Right" in message for message in said)
    assert unreadable(window) == []

    asked: list[str] = []

    def answer_with(key: Qt.Key, modifier: Qt.KeyboardModifier) -> None:
        box = QApplication.activeModalWidget()
        assert isinstance(box, QMessageBox)
        asked.append(box.text())
        QTimer.singleShot(5000, box.close)  # a guard: a box left open would hang the test
        qtbot.keyClick(box, key, modifier)

    # Esc in the question keeps the quiz (a stray Esc must not end it).
    QTimer.singleShot(0, lambda: answer_with(Qt.Key.Key_Escape, Qt.KeyboardModifier.NoModifier))
    press(qtbot, Qt.Key.Key_Escape)
    assert asked and "1 answer is kept" in asked[0]
    assert window.pages.currentWidget() is page
    # L, "Leave the quiz", leaves.
    # A window manager activates the window again when the box closes; the
    # offscreen platform does not, so the test does.
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    page.next_button.setFocus()
    QTimer.singleShot(0, lambda: answer_with(Qt.Key.Key_L, Qt.KeyboardModifier.NoModifier))
    with qtbot.waitSignal(page.closed, timeout=1000):
        press(qtbot, Qt.Key.Key_Escape)
    assert len(asked) == 2
    assert window.pages.currentWidget() is window.deck_list


def test_settings_error_is_heard_and_announced(
    qtbot: QtBot, library: Library, said: list[str]
) -> None:
    dialog = SettingsDialog(library)
    qtbot.addWidget(dialog)
    with qtbot.waitActive(dialog):
        dialog.show()
        dialog.activateWindow()
    assert unreadable(dialog) == []
    dialog.learning_steps.setFocus()
    qtbot.keyClick(dialog.learning_steps, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(dialog.learning_steps, "ten")
    qtbot.keyClick(dialog.learning_steps, Qt.Key.Key_Return)
    assert dialog.error.text().startswith("Not saved:")
    assert heard(dialog.error) == f"{dialog.error.text()} (Problem with the settings)"
    assert said == [dialog.error.text()]
    assert unreadable(dialog) == []


def test_statistics_and_browser_are_heard_by_their_figures(
    qtbot: QtBot, library: Library, write_deck: WriteDeck
) -> None:
    library.add_deck(write_deck(basic_deck("d", ["a", "b"])))
    study(library, "d", T0, [Rating.GOOD])
    statistics = StatisticsWindow(library, None, clock=lambda: T0)
    qtbot.addWidget(statistics)
    statistics.show()
    qtbot.waitExposed(statistics)
    assert unreadable(statistics) == []
    browser = CardBrowser(library)
    qtbot.addWidget(browser)
    browser.show()
    qtbot.waitExposed(browser)
    assert unreadable(browser) == []


def tab_leaves(qtbot: QtBot, view: QAbstractItemView) -> None:
    """Tab from inside a table goes to the next control; the arrows stay inside."""
    view.setFocus()
    view.setCurrentIndex(view.model().index(0, 0))
    qtbot.keyClick(view, Qt.Key.Key_Right)
    assert focused() is view
    assert view.currentIndex().column() == 1
    qtbot.keyClick(view, Qt.Key.Key_Tab)
    assert focused() is not view


def test_tables_take_one_tab_stop(
    qtbot: QtBot, library: Library, write_deck: WriteDeck, make_window: MakeWindow
) -> None:
    library.add_deck(write_deck(basic_deck("d", ["a", "b"])))
    study(library, "d", T0, [Rating.GOOD])
    library.backup()
    window = make_window(library)
    backups = BackupsDialog(library, window)
    qtbot.addWidget(backups)
    with qtbot.waitExposed(backups):
        backups.show()
    backups.activateWindow()
    qtbot.waitUntil(backups.isActiveWindow)
    tab_leaves(qtbot, backups.table)
    backups.close()
    browser = CardBrowser(library)
    qtbot.addWidget(browser)
    with qtbot.waitActive(browser):
        browser.show()
        browser.activateWindow()
    tab_leaves(qtbot, browser.table)
    browser.close()
    statistics = StatisticsWindow(library, None, clock=lambda: T0)
    qtbot.addWidget(statistics)
    with qtbot.waitActive(statistics):
        statistics.show()
        statistics.activateWindow()
    assert statistics.counts_table.rowCount() > 0
    tab_leaves(qtbot, statistics.counts_table)


def test_focus_ring_follows_the_keyboard_focus(
    qtbot: QtBot, library: Library, write_deck: WriteDeck, make_window: MakeWindow
) -> None:
    library.add_deck(write_deck(CHOICE_DECK))
    window = make_window(library)
    window.deck_list.refresh(select="choices")
    window.deck_list.tree.setFocus()
    press(qtbot, Qt.Key.Key_Tab)
    seen = []
    for _ in range(8):
        rings = [ring for ring in window.findChildren(QFocusFrame) if ring.isVisible()]
        assert len(rings) == 1
        assert rings[0].widget() is focused()
        # The ring stands around the control in the control's parent, all
        # of it in sight (just inside the control's edge where the control
        # fills its parent).
        ring_area, control = rings[0].geometry(), focused()
        parent = control.parentWidget()
        assert parent is not None and rings[0].parentWidget() is parent
        assert parent.rect().contains(ring_area)
        assert ring_area.contains(control.geometry() & parent.rect())
        seen.append(control)
        press(qtbot, Qt.Key.Key_Tab)
    assert window.deck_list.details in seen


def test_one_focus_ring_moves_with_the_focus_however_often_it_moves(
    qtbot: QtBot, library: Library, write_deck: WriteDeck, make_window: MakeWindow
) -> None:
    """A ring per focused control piled up until an event loop deleted
    them (never, between the answers of a long session run without one),
    each filtering its control's events: answering a card got slower with
    every answer."""
    library.add_deck(write_deck(CHOICE_DECK))
    window = make_window(library)
    window.deck_list.refresh(select="choices")
    window.deck_list.tree.setFocus()
    for _ in range(40):
        press(qtbot, Qt.Key.Key_Tab)
    rings = window.findChildren(QFocusFrame)
    assert len(rings) == 1
    assert rings[0].isVisible() and rings[0].widget() is focused()


def test_focus_ring_is_whole_around_the_deck_tree(
    qtbot: QtBot, library: Library, write_deck: WriteDeck, make_window: MakeWindow
) -> None:
    """The deck tree fills its part of the window: a ring drawn outside it
    was cut off by the window's edge and the splitter, and showed only in part."""
    library.add_deck(write_deck(CHOICE_DECK))
    window = make_window(library)
    tree = window.deck_list.tree
    tree.setFocus()
    QApplication.processEvents()
    rings = [ring for ring in window.findChildren(QFocusFrame) if ring.isVisible()]
    assert len(rings) == 1 and rings[0].widget() is tree
    ring, parent = rings[0].geometry(), tree.parentWidget()
    assert parent is not None and parent.rect().contains(ring)
    # Drawn on all four sides, in the theme's text colour, over the tree.
    ink = parent.palette().color(QPalette.ColorRole.WindowText).rgb()
    image = parent.grab().toImage()
    middle = ring.center()
    sides = {
        "left": (ring.left(), middle.y()),
        "right": (ring.right(), middle.y()),
        "top": (middle.x(), ring.top()),
        "bottom": (middle.x(), ring.bottom()),
    }
    for side, (x, y) in sides.items():
        assert image.pixel(x, y) == ink, side
