"""The main window lists installed decks with today's counts."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from endoquiz import Library
from endoquiz.gui.main_window import MainWindow
from tests.conftest import WriteDeck, basic_deck


def test_deck_list_shows_titles_and_counts(
    qtbot: QtBot, library: Library, write_deck: WriteDeck
) -> None:
    library.add_deck(write_deck(basic_deck("gui/one", ["a", "b", "c"], title="First deck")))
    window = MainWindow(library)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    item = window.deck_tree.topLevelItem(0)
    assert item is not None
    assert [item.text(column) for column in range(4)] == ["First deck", "3", "0", "0"]
    assert str(library.data_dir) in window.status_label.text()
