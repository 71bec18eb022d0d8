"""File → Export deck…: the selected deck to an Anki package, with the
learner's progress when they say so, or to a table; Ctrl+E asks where."""
# mypy: disable-error-code="no-untyped-call"

from __future__ import annotations

import csv
from datetime import UTC, datetime
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget
from pytestqt.qtbot import QtBot

from endoquiz import Library
from endoquiz.gui.main_window import MainWindow
from tests.anki.fixture_files import FIXTURES
from tests.gui.conftest import MakeWindow, WhenModal, press

NOW = datetime(2026, 11, 30, 12, tzinfo=UTC)


def choose(qtbot: QtBot, box: QMessageBox, button: QMessageBox.StandardButton) -> None:
    """Press the letter a button of the box is underlined with (Y, N), as a
    learner does."""
    text = box.button(button).text()
    letter = text[text.index("&") + 1].upper()
    qtbot.keyClick(box, Qt.Key(ord(letter)))


def window_on_biology(library: Library, make_window: MakeWindow) -> MainWindow:
    library.import_anki(FIXTURES / "modern.apkg", NOW)
    window = make_window(library)
    window.reload_decks(select="biology")
    assert window.deck_list.current_deck_id() == "biology"
    return window


def test_a_deck_goes_to_anki_with_progress_when_the_learner_says_yes(
    qtbot: QtBot, library: Library, make_window: MakeWindow, tmp_path: Path, when_modal: WhenModal
) -> None:
    window = window_on_biology(library, make_window)
    asked: list[str] = []

    def say_yes(box: QWidget) -> None:
        assert isinstance(box, QMessageBox)
        asked.append(box.text())
        choose(qtbot, box, QMessageBox.StandardButton.Yes)

    when_modal(say_yes)
    window.export_deck(tmp_path / "biology.apkg")
    assert asked and "Include your answers" in asked[0]
    assert (
        window.statusBar()
        .currentMessage()
        .startswith("Exported 12 note(s), 15 card(s), 46 answer(s) to ")
    )
    with Library.open(tmp_path / "elsewhere") as other:
        back = other.preview_anki_import(tmp_path / "biology.apkg")
    assert (back.notes, back.cards, back.answers) == (12, 15, 46)


def test_without_progress_the_package_carries_only_the_cards(
    qtbot: QtBot, library: Library, make_window: MakeWindow, tmp_path: Path, when_modal: WhenModal
) -> None:
    window = window_on_biology(library, make_window)

    def say_no(box: QWidget) -> None:
        assert isinstance(box, QMessageBox)
        choose(qtbot, box, QMessageBox.StandardButton.No)

    when_modal(say_no)
    window.export_deck(tmp_path / "share.apkg")
    with Library.open(tmp_path / "elsewhere") as other:
        back = other.preview_anki_import(tmp_path / "share.apkg")
    assert (back.notes, back.answers) == (12, 0)


def test_a_deck_as_a_table_for_a_spreadsheet(
    library: Library, make_window: MakeWindow, tmp_path: Path
) -> None:
    window = window_on_biology(library, make_window)
    window.export_deck(tmp_path / "biology.csv")
    text = (tmp_path / "biology.csv").read_text(encoding="utf-8")
    rows = [row for row in csv.reader(line for line in text.splitlines() if line[:1] != "#")]
    assert any("Cell membrane" in row for row in rows)
    assert window.statusBar().currentMessage().startswith("Exported 15 card(s) to ")


def test_ctrl_e_asks_where_and_escape_writes_nothing(
    qtbot: QtBot, library: Library, make_window: MakeWindow, tmp_path: Path, when_modal: WhenModal
) -> None:
    window = window_on_biology(library, make_window)
    seen: list[str] = []

    def cancel(box: QWidget) -> None:
        assert isinstance(box, QFileDialog)
        seen.append(box.windowTitle())
        qtbot.keyClick(box, Qt.Key.Key_Escape)

    when_modal(cancel)
    window.deck_list.tree.setFocus()  # the learner is in the deck list
    qtbot.waitUntil(window.deck_list.tree.hasFocus)
    press(qtbot, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
    assert seen == ["Export Biology"]
    assert list(tmp_path.glob("*.apkg")) == []
