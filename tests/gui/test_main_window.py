"""The main window lists installed decks as a tree with today's counts."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings
from pytestqt.qtbot import QtBot

from endoquiz import Library
from endoquiz.gui.main_window import MainWindow
from tests.conftest import WriteDeck, basic_deck


def test_deck_tree_nests_ids_and_shows_counts(
    qtbot: QtBot, library: Library, write_deck: WriteDeck, tmp_path: Path
) -> None:
    library.add_deck(
        write_deck(basic_deck("course/one", ["a", "b", "c"], title="Course: One"), "1.yaml")
    )
    library.add_deck(write_deck(basic_deck("course/two", ["d"], title="Course: Two"), "2.yaml"))
    window = MainWindow(library, QSettings(str(tmp_path / "ui.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    model = window.deck_list.model
    parent = model.item(0, 0)
    assert parent.text() == "Course"
    assert [parent.child(r, 0).text() for r in range(parent.rowCount())] == ["One", "Two"]
    assert window.deck_list.counts_text("course") == ["4", "0", "0"]
    assert window.deck_list.counts_text("course/one") == ["3", "0", "0"]
