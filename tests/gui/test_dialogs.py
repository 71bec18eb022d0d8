"""The small dialogs: a deck's errors to copy, About, and the deck format."""
# mypy: disable-error-code="no-untyped-call"
# (pytest-qt's keyClick, keyClicks and mouseClick have no type hints)

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QLabel, QPushButton
from pytestqt.qtbot import QtBot

from endoquiz import Library, check_deck
from endoquiz.gui.dialogs import DISCLAIMER, DeckErrorsDialog, MarkdownDialog
from tests.conftest import WriteDeck
from tests.gui.conftest import MakeWindow, plain, press, unnamed_controls

TWO_ERRORS = """\
endoquiz: 1
id: d
title: Two errors
cards:
  - id: a
    front: Question a?
  - id: b
    kind: choice
    question: Which one?
    choices: [One, Two]
    answer: Three
"""


def record_markdown_dialogs(monkeypatch: pytest.MonkeyPatch) -> list[MarkdownDialog]:
    shown: list[MarkdownDialog] = []

    def exec_(dialog: MarkdownDialog) -> int:
        shown.append(dialog)
        return 0

    monkeypatch.setattr(MarkdownDialog, "exec", exec_)
    return shown


def test_deck_errors_are_listed_one_per_line_and_copied(
    qtbot: QtBot, write_deck: WriteDeck
) -> None:
    path = write_deck(TWO_ERRORS)
    errors = check_deck(path).errors
    assert len(errors) == 2
    dialog = DeckErrorsDialog("Cannot import deck.yaml", errors)
    qtbot.addWidget(dialog)
    with qtbot.waitActive(dialog):
        dialog.show()
        dialog.activateWindow()
    lines = dialog.text.toPlainText().splitlines()
    assert lines == [f"{path}:{e.line}:{e.column}: error: {e.message}" for e in errors]
    assert dialog.text.isReadOnly()
    assert unnamed_controls(dialog) == []
    intro = " ".join(label.text() for label in dialog.findChildren(QLabel))
    assert "2 error(s) found" in intro

    copy = next(b for b in dialog.findChildren(QPushButton) if b.text() == "&Copy all")
    QGuiApplication.clipboard().clear()
    qtbot.mouseClick(copy, Qt.MouseButton.LeftButton)
    assert QGuiApplication.clipboard().text() == "\n".join(lines)

    with qtbot.waitSignal(dialog.rejected, timeout=1000):
        press(qtbot, Qt.Key.Key_Escape)
    assert not dialog.isVisible()


def test_a_long_error_line_wraps_so_its_end_is_read(qtbot: QtBot, write_deck: WriteDeck) -> None:
    # An error's end says how to fix it ("did you mean ..."): cut at the
    # dialog's edge, it was lost.
    answer = "the hormone that the pancreas secretes when glucose rises after a meal"
    deck = TWO_ERRORS.replace("[One, Two]", f"[{answer.capitalize()}, Two]")
    path = write_deck(deck.replace("answer: Three", f"answer: {answer}"), "a" * 60 + ".yaml")
    errors = check_deck(path).errors
    assert errors[1].message.endswith(f"did you mean '{answer.capitalize()}'?")
    dialog = DeckErrorsDialog("Cannot import", errors)
    qtbot.addWidget(dialog)
    with qtbot.waitExposed(dialog):
        dialog.show()
    text = dialog.text
    assert text.horizontalScrollBar().maximum() == 0  # nothing beyond the right edge
    block = text.document().findBlockByNumber(1)
    assert block.text().endswith("did you mean '" + answer.capitalize() + "'?")
    assert block.layout().lineCount() > 1
    for number in range(block.layout().lineCount()):
        line = block.layout().lineAt(number)
        assert line.naturalTextWidth() <= text.viewport().width()
    # Wrapped on screen only: each error is still one line to copy.
    assert dialog.text.toPlainText().splitlines()[1] == str(errors[1])


def test_about_names_the_data_folder_and_the_disclaimer(
    qtbot: QtBot,
    library: Library,
    make_window: MakeWindow,
    monkeypatch: pytest.MonkeyPatch,
    data_dir: Path,
) -> None:
    shown = record_markdown_dialogs(monkeypatch)
    window = make_window(library)
    window.show_about()
    [dialog] = shown
    assert dialog.windowTitle() == "About endoquiz"
    text = plain(dialog.view.toHtml())
    assert text.startswith("endoquiz ")
    assert f"Your progress is kept in {data_dir}" in text
    assert DISCLAIMER in text
    assert unnamed_controls(dialog) == []


def test_f1_opens_the_deck_format(
    qtbot: QtBot, library: Library, make_window: MakeWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    shown = record_markdown_dialogs(monkeypatch)
    window = make_window(library)
    press(qtbot, Qt.Key.Key_F1)
    [dialog] = shown
    assert dialog.parent() is window
    assert dialog.windowTitle() == "Deck format"
    assert dialog.view.toPlainText().startswith("Deck format, version 1")
    assert "A complete example" in dialog.view.toPlainText()


def test_missing_deck_format_says_so(
    qtbot: QtBot, library: Library, make_window: MakeWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    told: list[str] = []
    monkeypatch.setattr("endoquiz.gui.tool_windows.find_doc", lambda name: None)
    monkeypatch.setattr(
        "endoquiz.gui.tool_windows.QMessageBox.information",
        lambda parent, title, text: told.append(text),
    )
    window = make_window(library)
    window.show_deck_format()
    assert told == ["The deck format document is missing."]
