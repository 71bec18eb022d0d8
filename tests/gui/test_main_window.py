"""The main window: the deck tree, importing (menu and drag and drop), live
reload, settings, reopening, and what keyboard and screen-reader users need."""
# mypy: disable-error-code="no-untyped-call"
# (pytest-qt's keyClick, keyClicks and mouseClick have no type hints)

from __future__ import annotations

import re
import sqlite3
from contextlib import closing
from datetime import UTC
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QMimeData, QPoint, QPointF, QSettings, Qt, QTimer, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent, QPalette
from PySide6.QtWidgets import (
    QApplication,
    QDialogButtonBox,
    QFileDialog,
    QLabel,
    QMenu,
    QMessageBox,
)
from pytestqt.qtbot import QtBot

from endoquiz import Library, Rating, State, check_deck
from endoquiz.gui.dialogs import DeckErrorsDialog
from endoquiz.gui.main_window import MainWindow
from endoquiz.gui.settings_dialog import SettingsDialog
from tests.conftest import WriteDeck, basic_deck
from tests.gui.conftest import (
    MIXED_DECK,
    MakeWindow,
    focused,
    press,
    rollover_half_a_day_away,
    ui_settings,
    unnamed_controls,
)

# Three errors at once: an unknown key, a card without its back, a choice
# whose answer is not among its choices. Same id as the installed deck "d".
BROKEN_DECK = """\
endoquiz: 1
id: d
title: Broken
colour: red
cards:
  - id: a
    front: Question a?
  - id: c
    kind: choice
    question: Which one?
    choices: [One, Two]
    answer: Three
"""


def answer_first_card(library: Library, deck_id: str, rating: Rating) -> str:
    """Give progress to the deck's first card, as a study session would, on
    the wall clock: the study day rolls over half a day away, so a card in
    learning is counted as such at any hour the suite runs."""
    library.update_settings(day_starts_at=rollover_half_a_day_away())
    session = library.review(deck_id)
    card = session.next_card()
    assert card is not None
    session.answer(card, rating)
    return card.id


def tree_texts(window: MainWindow) -> list[str]:
    model = window.deck_list.model
    return [model.item(row, 0).text() for row in range(model.rowCount())]


def record_errors_dialogs(monkeypatch: pytest.MonkeyPatch) -> list[DeckErrorsDialog]:
    """DeckErrorsDialog.exec returns at once, keeping each dialog to look at."""
    shown: list[DeckErrorsDialog] = []

    def exec_(dialog: DeckErrorsDialog) -> int:
        shown.append(dialog)
        return 0

    monkeypatch.setattr(DeckErrorsDialog, "exec", exec_)
    return shown


def test_deck_tree_nests_ids_and_shows_counts(
    qtbot: QtBot, library: Library, write_deck: WriteDeck, tmp_path: Path
) -> None:
    library.add_deck(
        write_deck(basic_deck("course/one", ["a", "b", "c"], title="Course: One"), "1.yaml")
    )
    library.add_deck(write_deck(basic_deck("course/two", ["d"], title="Course: Two"), "2.yaml"))
    window = MainWindow(library, QSettings(str(tmp_path / "ui.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(window)
    with qtbot.waitExposed(window):
        window.show()
    model = window.deck_list.model
    parent = model.item(0, 0)
    assert parent.text() == "Course"
    assert [parent.child(r, 0).text() for r in range(parent.rowCount())] == ["One", "Two"]
    assert window.deck_list.counts_text("course") == ["4", "0", "0"]
    assert window.deck_list.counts_text("course/one") == ["3", "0", "0"]


def test_importing_a_bad_deck_lists_every_error_and_changes_nothing(
    qtbot: QtBot,
    library: Library,
    write_deck: WriteDeck,
    make_window: MakeWindow,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    installed = write_deck(basic_deck("d", ["a", "b"]), "good.yaml")
    library.add_deck(installed)
    answer_first_card(library, "d", Rating.GOOD)
    state_before = library.card_state("d", "a")
    window = make_window(library)
    counts_before = window.deck_list.counts_text("d")
    shown = record_errors_dialogs(monkeypatch)
    bad = write_deck(BROKEN_DECK, "bad.yaml")

    assert window.import_deck(bad) is False

    [dialog] = shown
    assert dialog.windowTitle() == "Cannot import bad.yaml"
    assert "Fix the file and import it again." in dialog.intro.text()
    lines = dialog.text.toPlainText().splitlines()
    expected = check_deck(bad).errors
    assert len(expected) >= 3
    assert lines == [str(error) for error in expected]
    for line, error in zip(lines, expected, strict=True):
        assert re.fullmatch(rf"{re.escape(str(bad))}:\d+:\d+: error: .+", line)
        assert line.startswith(f"{bad}:{error.line}:{error.column}: ")
    assert "colour" in dialog.text.toPlainText()
    intro = " ".join(label.text() for label in dialog.findChildren(QLabel))
    assert f"{len(expected)} error(s) found. Nothing already installed was changed." in intro

    [entry] = library.decks()
    assert (entry.id, entry.title, entry.path, entry.card_count) == ("d", "Test deck", installed, 2)
    assert library.card_state("d", "a") == state_before
    assert len(library.review_log()) == 1
    assert tree_texts(window) == ["Test deck"]
    assert window.deck_list.counts_text("d") == counts_before


def test_import_from_the_file_menu_shortcut(
    qtbot: QtBot,
    library: Library,
    write_deck: WriteDeck,
    make_window: MakeWindow,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    path = write_deck(basic_deck("new/deck", ["a", "b", "c"], title="Fresh"), "fresh.yaml")
    monkeypatch.setattr(QFileDialog, "getOpenFileNames", lambda *args, **kwargs: ([str(path)], ""))
    window = make_window(library)
    assert tree_texts(window) == []
    assert window.deck_list.title.text() == "No decks yet"
    assert not window.deck_list.study_button.isEnabled()
    press(qtbot, Qt.Key.Key_O, Qt.KeyboardModifier.ControlModifier)
    assert [entry.id for entry in library.decks()] == ["new/deck"]
    assert window.deck_list.current_deck_id() == "new/deck"
    assert window.statusBar().currentMessage() == "Imported Fresh (3 cards)"
    assert window.deck_list.study_button.isEnabled()


def drag_and_drop(window: MainWindow, path: Path) -> tuple[bool, bool]:
    """Drag a file onto the window and drop it: whether each event was accepted."""
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(path))])
    actions = Qt.DropAction.CopyAction
    buttons, modifiers = Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
    # PySide6 before 6.12 (Python 3.11's) takes only a QPoint here; 6.12
    # (Python 3.12 and later) adds a QPointF form and deprecates the other.
    # Typed Any since each version's stubs know only their own form.
    drag_enter: Any = QDragEnterEvent
    try:
        enter = drag_enter(QPointF(20, 20), actions, mime, buttons, modifiers)
    except TypeError:
        enter = drag_enter(QPoint(20, 20), actions, mime, buttons, modifiers)
    enter.ignore()
    QApplication.sendEvent(window, enter)
    if not enter.isAccepted():
        return False, False
    drop = QDropEvent(QPointF(20, 20), actions, mime, buttons, modifiers)
    drop.ignore()
    QApplication.sendEvent(window, drop)
    return True, drop.isAccepted()


def test_dropping_a_deck_file_installs_it(
    qtbot: QtBot,
    library: Library,
    write_deck: WriteDeck,
    make_window: MakeWindow,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    window = make_window(library)
    notes = tmp_path / "notes.txt"
    notes.write_text("not a deck", encoding="utf-8")
    assert drag_and_drop(window, notes) == (False, False)
    assert drag_and_drop(window, tmp_path / "gone.yaml") == (False, False)

    path = write_deck(basic_deck("dropped", ["a", "b"], title="Dropped"), "dropped.yml")
    assert drag_and_drop(window, path) == (True, True)
    # The import runs once the drop is over, so the drag source is not kept waiting.
    qtbot.waitUntil(lambda: tree_texts(window) == ["Dropped"], timeout=3000)
    assert [entry.id for entry in library.decks()] == ["dropped"]
    assert window.deck_list.counts_text("dropped") == ["2", "0", "0"]

    shown = record_errors_dialogs(monkeypatch)
    assert drag_and_drop(window, write_deck(BROKEN_DECK, "broken.yaml")) == (True, True)
    qtbot.waitUntil(lambda: len(shown) == 1, timeout=3000)
    assert [entry.id for entry in library.decks()] == ["dropped"]


def save_in_place(path: Path, text: str) -> None:
    path.write_text(text, encoding="utf-8")


def save_by_replacing(path: Path, text: str) -> None:
    """As many editors save: write a new file, then rename it over the old one."""
    temporary = path.with_name(path.name + ".tmp")
    temporary.write_text(text, encoding="utf-8")
    temporary.replace(path)


def test_saved_deck_files_reload_live_and_keep_progress(
    qtbot: QtBot, library: Library, write_deck: WriteDeck, make_window: MakeWindow
) -> None:
    path = write_deck(basic_deck("d", ["a", "b"]))
    library.add_deck(path)
    answer_first_card(library, "d", Rating.GOOD)
    window = make_window(library)
    deck_list = window.deck_list
    assert deck_list.counts_text("d") == ["1", "1", "0"]
    assert str(path) in window.deck_files.files()

    save_in_place(path, basic_deck("d", ["a", "b", "c"]))
    qtbot.waitUntil(lambda: deck_list.counts_text("d") == ["2", "1", "0"], timeout=3000)
    assert library.deck("d").cards[-1].id == "c"

    save_by_replacing(path, "endoquiz: 1\nid: d\ntitle: Test deck\ncards: oops\n")
    qtbot.waitUntil(lambda: tree_texts(window) == ["Test deck  (invalid)"], timeout=3000)
    assert "d is invalid" in window.statusBar().currentMessage()
    assert "This deck's file is invalid" in deck_list.details.toPlainText()
    assert "'cards' must be a list" in deck_list.details.toPlainText()
    # The editor replaced the file: the window watches the new one.
    assert str(path) in window.deck_files.files()

    save_in_place(path, basic_deck("d", ["a", "b", "c", "e"]))
    qtbot.waitUntil(lambda: deck_list.counts_text("d") == ["3", "1", "0"], timeout=3000)
    assert tree_texts(window) == ["Test deck"]
    assert "invalid" not in window.statusBar().currentMessage()
    state = library.card_state("d", "a")
    assert (state.state, state.reps) == (State.LEARNING, 1)


@pytest.mark.parametrize("fault", ["deleted", "renamed", "garbage"])
def test_a_deck_file_gone_or_garbled_while_running_keeps_its_progress(
    qtbot: QtBot, library: Library, write_deck: WriteDeck, make_window: MakeWindow, fault: str
) -> None:
    path = write_deck(basic_deck("d", ["a", "b"]))
    text = path.read_text(encoding="utf-8")
    library.add_deck(path)
    answer_first_card(library, "d", Rating.GOOD)
    window = make_window(library)
    if fault == "deleted":
        path.unlink()
    elif fault == "renamed":
        path.rename(path.with_name("elsewhere.yaml"))
    else:
        path.write_bytes(bytes(range(256)) * 40)  # not text at all
    status = "invalid" if fault == "garbage" else "missing"
    qtbot.waitUntil(lambda: tree_texts(window) == [f"Test deck  ({status})"], timeout=3000)
    assert f"d is {status}" in window.statusBar().currentMessage()
    # Its progress is kept, and comes back with the file, noticed on its own.
    if fault == "renamed":
        path.with_name("elsewhere.yaml").rename(path)
    else:
        path.write_text(text, encoding="utf-8")
    qtbot.waitUntil(lambda: tree_texts(window) == ["Test deck"], timeout=3000)
    assert window.deck_list.counts_text("d") == ["1", "1", "0"]
    state = library.card_state("d", "a")
    assert (state.state, state.reps) == (State.LEARNING, 1)


def test_settings_from_the_menu_apply_to_the_deck_list_and_the_look(
    qtbot: QtBot, library: Library, write_deck: WriteDeck, make_window: MakeWindow
) -> None:
    library.add_deck(write_deck(basic_deck("d", ["a", "b", "c", "e", "f"])))
    window = make_window(library)
    assert window.deck_list.counts_text("d") == ["5", "0", "0"]
    base_size = QApplication.font().pointSizeF()
    seen: list[SettingsDialog] = []

    def change_settings() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, SettingsDialog):
            if dialog is not None:
                dialog.close()
            return
        seen.append(dialog)
        for spin, value in ((dialog.new_per_day, "2"), (dialog.zoom, "120")):
            spin.setFocus()
            qtbot.keyClick(spin, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
            qtbot.keyClicks(spin, value)
        dialog.theme.setCurrentIndex(dialog.theme.findData("dark"))
        box = dialog.findChild(QDialogButtonBox)
        assert box is not None
        qtbot.mouseClick(box.button(QDialogButtonBox.StandardButton.Ok), Qt.MouseButton.LeftButton)

    QTimer.singleShot(0, change_settings)
    press(qtbot, Qt.Key.Key_Comma, Qt.KeyboardModifier.ControlModifier)

    assert len(seen) == 1
    assert library.settings.new_per_day == 2
    assert (library.appearance.theme, library.appearance.zoom) == ("dark", 120)
    assert window.deck_list.counts_text("d") == ["2", "0", "0"]
    palette = QApplication.palette()
    assert palette.color(QPalette.ColorRole.Window).name() == "#2b2b2b"
    assert QApplication.font().pointSizeF() == pytest.approx(base_size * 1.2)


def test_progress_and_last_deck_survive_closing_and_reopening(
    qtbot: QtBot, write_deck: WriteDeck, data_dir: Path, ui_ini: Path
) -> None:
    one = write_deck(basic_deck("one", ["a", "b"], title="One"), "1.yaml")
    two = write_deck(basic_deck("two", ["c", "d", "e"], title="Two"), "2.yaml")

    def open_window(library: Library) -> MainWindow:
        window = MainWindow(library, ui_settings(ui_ini))
        qtbot.addWidget(window)
        with qtbot.waitActive(window):
            window.show()
            window.activateWindow()
        return window

    with Library.open(data_dir, fuzz=False, timezone=UTC) as first:
        first.add_deck(one)
        first.add_deck(two)
        window = open_window(first)
        window.deck_list.tree.setFocus()
        assert window.deck_list.current_deck_id() == "one"
        press(qtbot, Qt.Key.Key_Down)
        assert window.deck_list.current_deck_id() == "two"
        press(qtbot, Qt.Key.Key_Return)
        for _ in range(2):
            press(qtbot, Qt.Key.Key_Space)
            press(qtbot, Qt.Key.Key_4)
        press(qtbot, Qt.Key.Key_Escape)
        assert window.deck_list.counts_text("two") == ["1", "0", "0"]
        window.resize(720, 530)
        window.close()

    with Library.open(data_dir, fuzz=False, timezone=UTC) as second:
        again = open_window(second)
        assert again.deck_list.current_deck_id() == "two"
        assert again.deck_list.counts_text("two") == ["1", "0", "0"]
        assert again.deck_list.counts_text("one") == ["2", "0", "0"]
        assert (again.width(), again.height()) == (720, 530)
        assert [(e.card_id, e.rating) for e in second.review_log()] == [
            ("c", Rating.EASY),
            ("d", Rating.EASY),
        ]
        assert second.card_state("two", "c").state is State.REVIEW
        again.close()


def test_every_control_has_a_name_for_screen_readers(
    qtbot: QtBot, library: Library, write_deck: WriteDeck, make_window: MakeWindow
) -> None:
    library.add_deck(write_deck(MIXED_DECK))
    window = make_window(library)
    window.study("mix")
    press(qtbot, Qt.Key.Key_Space)
    press(qtbot, Qt.Key.Key_Space)  # the choice card: its options exist now
    assert window.study_page.choices.buttons
    window.show_decks()
    assert unnamed_controls(window) == []


def test_tab_reaches_the_deck_tree_and_the_study_button(
    qtbot: QtBot, library: Library, write_deck: WriteDeck, make_window: MakeWindow
) -> None:
    library.add_deck(write_deck(basic_deck("d", ["a"])))
    window = make_window(library)
    tree, study = window.deck_list.tree, window.deck_list.study_button
    for widget in (tree, study):
        assert widget.focusPolicy() & Qt.FocusPolicy.TabFocus
    tree.setFocus()
    visited = []
    for _ in range(8):
        press(qtbot, Qt.Key.Key_Tab)
        visited.append(focused())
        if focused() is study:
            break
    assert focused() is study, f"Tab went through {visited}"
    for _ in range(8):
        press(qtbot, Qt.Key.Key_Backtab)
        if focused() is tree:
            break
    assert focused() is tree
    for _ in visited:
        press(qtbot, Qt.Key.Key_Tab)
    assert focused() is study
    press(qtbot, Qt.Key.Key_Space)
    assert window.pages.currentWidget() is window.study_page


def test_enter_presses_the_focused_button(
    qtbot: QtBot, library: Library, write_deck: WriteDeck, make_window: MakeWindow
) -> None:
    library.add_deck(write_deck(basic_deck("enter", ["a"], title="Enter")))
    window = make_window(library)
    window.deck_list.quiz_button.setFocus()
    window.deck_list.study_button.setFocus()
    press(qtbot, Qt.Key.Key_Return)
    assert window.pages.currentWidget() is window.study_page
    assert "Question a?" in window.study_page.view.toPlainText()


def test_studying_a_deck_whose_file_is_broken_says_why(
    qtbot: QtBot,
    library: Library,
    write_deck: WriteDeck,
    make_window: MakeWindow,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    path = write_deck(basic_deck("d", ["a"], title="Will break"))
    library.add_deck(path)
    path.write_text(BROKEN_DECK, encoding="utf-8")
    window = make_window(library)
    shown = record_errors_dialogs(monkeypatch)
    window.study("d")
    assert len(shown) == 1
    assert "cannot be studied" in shown[0].windowTitle()
    assert f"{path}:" in shown[0].text.toPlainText()
    # The file is watched: saving the fix is enough, no import again.
    assert "save it" in shown[0].intro.text() and "import" not in shown[0].intro.text()
    assert window.pages.currentWidget() is window.deck_list


def test_deck_format_contents_links_scroll_to_their_heading(
    qtbot: QtBot, library: Library, make_window: MakeWindow
) -> None:
    from endoquiz.gui.dialogs import MarkdownDialog
    from endoquiz.paths import find_doc

    doc = find_doc("deck-format.md")
    assert doc is not None
    dialog = MarkdownDialog("Deck format", doc.read_text(encoding="utf-8"), doc.parent)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    view = dialog.view
    assert view.verticalScrollBar().value() == 0
    view.anchorClicked.emit(QUrl("#limits-and-yaml-rules"))
    assert view.textCursor().block().text() == "Limits and YAML rules"
    assert view.verticalScrollBar().value() > 0
    # Any other link still goes nowhere.
    view.anchorClicked.emit(QUrl("https://example.org/"))
    assert view.source().isEmpty()


def test_ctrl_b_browses_and_suspending_there_updates_the_deck_list(
    qtbot: QtBot, make_window: MakeWindow, library: Library, write_deck: WriteDeck
) -> None:
    library.add_deck(write_deck(basic_deck("d", ["a", "b", "c"])))
    window = make_window(library)
    assert window.deck_list.counts_text("d") == ["3", "0", "0"]

    press(qtbot, Qt.Key.Key_B, Qt.KeyboardModifier.ControlModifier)
    browser = window.browser
    assert browser is not None and browser.isVisible()
    assert browser.status_label.text() == "3 cards"
    browser.table.setFocus()
    browser.select_row(0)
    qtbot.mouseClick(browser.suspend_button, Qt.MouseButton.LeftButton)

    assert library.card_state("d", "a").suspended
    assert window.deck_list.counts_text("d") == ["2", "0", "0"]
    # Asked again, the same window comes back.
    press(qtbot, Qt.Key.Key_B, Qt.KeyboardModifier.ControlModifier)
    assert window.browser is browser


def test_ctrl_t_shows_the_statistics_of_the_selected_deck(
    qtbot: QtBot, make_window: MakeWindow, library: Library, write_deck: WriteDeck
) -> None:
    library.add_deck(write_deck(basic_deck("d", ["a", "b"]), "d.yaml"))
    library.add_deck(write_deck(basic_deck("e", ["x"]), "e.yaml"))
    window = make_window(library)
    window.deck_list.tree.setFocus()
    press(qtbot, Qt.Key.Key_End)  # the last deck
    assert window.deck_list.current_deck_id() == "e"

    press(qtbot, Qt.Key.Key_T, Qt.KeyboardModifier.ControlModifier)
    stats = window.statistics_window
    assert stats is not None and stats.isVisible()
    assert stats.deck_id() == "e"
    assert stats.statistics is not None and stats.statistics.total.new == 1


def test_a_title_with_direction_marks_cannot_reorder_what_surrounds_it(
    qtbot: QtBot, library: Library, write_deck: WriteDeck, make_window: MakeWindow
) -> None:
    # U+202E would show "(invalid)" and the text after it backwards.
    title = "Hormones\u202e evil"
    library.add_deck(write_deck(basic_deck("d", ["a"], title=title)))
    window = make_window(library)
    assert tree_texts(window) == [f"\u2068{title}\u2069"]
    window.study("d")
    assert f"\u2068{title}\u2069" in window.study_page.heading.text()


# The headless platform says so of every menu that opens; a desktop's does not.
@pytest.mark.qt_log_ignore("This plugin does not support grabbing the keyboard")
def test_tools_check_database_reports_and_repairs_card_text(
    qtbot: QtBot,
    library: Library,
    write_deck: WriteDeck,
    make_window: MakeWindow,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    library.add_deck(write_deck(basic_deck("chk", ["a", "b"])))
    with closing(sqlite3.connect(library.db_path)) as db, db:
        db.execute("UPDATE card_content SET content = CAST(X'7BFF' AS TEXT) WHERE card_id = 'a'")
    shown: list[tuple[str, str]] = []
    monkeypatch.setattr(
        QMessageBox, "information", lambda _p, title, text: shown.append((title, text))
    )
    window = make_window(library)
    window.show()
    qtbot.waitExposed(window)
    # Alt+T opens the Tools menu; D is the mnemonic of Check database.
    qtbot.keyClick(window, Qt.Key.Key_T, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: isinstance(QApplication.activePopupWidget(), QMenu))
    qtbot.keyClick(QApplication.activePopupWidget(), Qt.Key.Key_D)
    qtbot.waitUntil(lambda: bool(shown))
    assert shown == [
        (
            "Check database",
            "Card text of 1 card(s) could not be read; it is read again from the deck files.",
        )
    ]
    assert [card.front for card in library.deck("chk").cards] == ["Question a?", "Question b?"]


def test_a_card_renamed_in_a_saved_file_is_warned_of_and_renamed_from_keeps_its_progress(
    qtbot: QtBot, library: Library, write_deck: WriteDeck, make_window: MakeWindow
) -> None:
    path = write_deck(basic_deck("d", ["tsh", "t4"]))
    library.add_deck(path)
    assert answer_first_card(library, "d", Rating.GOOD) == "tsh"
    window = make_window(library)

    renamed = path.read_text(encoding="utf-8").replace("id: tsh", "id: thyrotropin")
    save_in_place(path, renamed)
    qtbot.waitUntil(lambda: window.warnings_dialog is not None, timeout=3000)
    dialog = window.warnings_dialog
    assert dialog is not None and dialog.isVisible()
    assert dialog.text.toPlainText() == (
        f"{path}:5:9: warning: card 'tsh' (1 answer) is no longer in the file and "
        "'thyrotropin' is new: if it was renamed, add `renamed_from: [tsh]` to "
        "'thyrotropin' to keep its progress"
    )
    assert dialog.intro.text().startswith("1 warning(s) found.")
    assert library.card_state("d", "thyrotropin").state is State.NEW

    # As the warning says: the next save moves the progress, and says nothing.
    keeping = renamed.replace("id: thyrotropin", "id: thyrotropin\n    renamed_from: [tsh]")
    save_in_place(path, keeping)
    qtbot.waitUntil(lambda: library.card_state("d", "thyrotropin").reps == 1, timeout=3000)
    assert library.card_state("d", "thyrotropin").state is State.LEARNING
    assert window.deck_list.counts_text("d") == ["1", "1", "0"]
    assert dialog.isHidden()


def test_a_card_renamed_while_the_app_was_closed_is_warned_of_at_start(
    qtbot: QtBot, library: Library, write_deck: WriteDeck, ui_ini: Path
) -> None:
    path = write_deck(basic_deck("d", ["tsh", "t4"]))
    library.add_deck(path)
    answer_first_card(library, "d", Rating.GOOD)
    save_in_place(path, path.read_text(encoding="utf-8").replace("id: tsh", "id: thyrotropin"))

    window = MainWindow(library, ui_settings(ui_ini))
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: window.warnings_dialog is not None, timeout=3000)
    assert window.warnings_dialog is not None
    assert "card 'tsh' (1 answer) is no longer in the file" in (
        window.warnings_dialog.text.toPlainText()
    )


def test_a_warning_said_once_is_not_said_again_at_every_save(
    qtbot: QtBot, library: Library, write_deck: WriteDeck, make_window: MakeWindow
) -> None:
    text = basic_deck("d", ["a"]) + "  - front: Question without an id?\n    back: Its answer\n"
    path = write_deck(text)
    library.add_deck(path)
    window = make_window(library)
    save_in_place(path, text.replace("Answer a", "Answer a, edited"))
    qtbot.waitUntil(lambda: window.warnings_dialog is not None, timeout=3000)
    dialog = window.warnings_dialog
    assert dialog is not None and dialog.isVisible()
    assert "card has no 'id'" in dialog.text.toPlainText()
    dialog.close()  # read, and closed by the teacher

    # Saved again with the same warning: not said again.
    save_in_place(path, text.replace("Answer a", "Answer a, edited twice"))
    qtbot.waitUntil(lambda: len(library.search_cards("twice")) == 1, timeout=3000)
    assert window.warnings_dialog is dialog and dialog.isHidden()

    # A new warning is said, with the rest.
    second = text + "  - front: Another without an id?\n    back: Another answer\n"
    save_in_place(path, second)
    qtbot.waitUntil(lambda: window.warnings_dialog is not dialog, timeout=3000)
    shown = window.warnings_dialog
    assert shown is not None and shown.isVisible()
    assert shown.text.toPlainText().count("card has no 'id'") == 2
