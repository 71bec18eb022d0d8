"""The preview window shows a deck file's cards, or its errors, as it is saved."""

from __future__ import annotations

from pathlib import Path

from pytestqt.qtbot import QtBot

from endoquiz import Library, Rating
from endoquiz.gui.preview_window import PreviewWindow
from tests.conftest import WriteDeck
from tests.gui.conftest import MIXED_DECK

NEW_CARD = """\
  - id: cortisol
    front: Which adrenal hormone rises under long stress?
    back: Cortisol, from the adrenal cortex
"""


def open_preview(qtbot: QtBot, path: Path) -> PreviewWindow:
    window = PreviewWindow(path)
    qtbot.addWidget(window)
    with qtbot.waitExposed(window):
        window.show()
    return window


def test_shows_every_card_front_and_back(qtbot: QtBot, write_deck: WriteDeck) -> None:
    path = write_deck(MIXED_DECK)
    window = open_preview(qtbot, path)
    assert window.windowTitle() == "Preview: deck.yaml"
    assert window.statusBar().currentMessage() == "3 cards"
    text = window.view.toPlainText()
    for shown in (
        "Mixed kinds",
        "1. basic (basic, line 5)",
        "Which hormone lowers blood glucose?",
        "Insulin",
        "2. gland (choice, line 8)",
        "Which gland secretes cortisol?",
        "Adrenal medulla",
        "3. homa (typed, line 13)",
        "Which index is computed from fasting insulin and glucose?",
        "HOMA-IR",
    ):
        assert shown in text


def test_refresh_shows_the_file_as_saved_and_its_errors(
    qtbot: QtBot, write_deck: WriteDeck
) -> None:
    path = write_deck(MIXED_DECK)
    window = open_preview(qtbot, path)

    path.write_text(MIXED_DECK + NEW_CARD, encoding="utf-8")
    window.refresh()
    assert window.statusBar().currentMessage() == "4 cards"
    text = window.view.toPlainText()
    assert "4. cortisol (basic, line 17)" in text
    assert "Cortisol, from the adrenal cortex" in text

    path.write_text("endoquiz: 1\nid: mix\ntitle: Mixed\ncards: oops\n", encoding="utf-8")
    window.refresh()
    assert window.statusBar().currentMessage() == "1 error(s)"
    text = window.view.toPlainText()
    assert "deck.yaml: 1 error(s), 0 warning(s)" in text
    assert "line 4, column 8: error: 'cards' must be a list of cards, not text" in text
    assert "Which hormone lowers blood glucose?" not in text


def test_saving_refreshes_by_itself_also_when_the_editor_replaces_the_file(
    qtbot: QtBot, write_deck: WriteDeck
) -> None:
    path = write_deck(MIXED_DECK)
    window = open_preview(qtbot, path)
    temporary = path.with_name("deck.yaml.tmp")
    temporary.write_text(MIXED_DECK + NEW_CARD, encoding="utf-8")
    temporary.replace(path)
    qtbot.waitUntil(lambda: window.statusBar().currentMessage() == "4 cards", timeout=3000)
    assert "Cortisol, from the adrenal cortex" in window.view.toPlainText()

    path.write_text(MIXED_DECK, encoding="utf-8")  # in place, to the renewed watch
    qtbot.waitUntil(lambda: window.statusBar().currentMessage() == "3 cards", timeout=3000)


def test_a_file_not_written_yet_shows_once_it_is(qtbot: QtBot, tmp_path: Path) -> None:
    path = tmp_path / "later.yaml"
    window = open_preview(qtbot, path)
    assert window.statusBar().currentMessage() == "1 error(s)"
    assert "line 1, column 1: error: cannot read the file" in window.view.toPlainText()
    path.write_text(MIXED_DECK, encoding="utf-8")
    qtbot.waitUntil(lambda: window.statusBar().currentMessage() == "3 cards", timeout=3000)
    assert "HOMA-IR" in window.view.toPlainText()


def test_the_preview_warns_of_a_card_renamed_without_renamed_from(
    qtbot: QtBot, write_deck: WriteDeck, data_dir: Path
) -> None:
    path = write_deck(MIXED_DECK)
    with Library.open(data_dir) as library:
        library.add_deck(path)
        session = library.review("mix")
        card = session.next_card()
        assert card is not None and card.id == "basic"
        session.answer(card, Rating.GOOD)
    path.write_text(MIXED_DECK.replace("id: basic", "id: lowers-glucose"), encoding="utf-8")

    window = PreviewWindow(path, data_dir)
    qtbot.addWidget(window)
    assert (
        "line 5, column 9: warning: card 'basic' (1 answer) is no longer in the file and "
        "'lowers-glucose' is new"
    ) in " ".join(window.view.toPlainText().split())
    assert window.statusBar().currentMessage() == "3 cards"
