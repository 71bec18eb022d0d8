"""The card editor, driven by keys: edit a card from study or the browser, add one of each kind."""
# mypy: disable-error-code="no-untyped-call"
# (pytest-qt's keyClick, keyClicks and mouseClick have no type hints)

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget
from pytestqt.qtbot import QtBot

from endoquiz import CardKind, Library, check_deck
from endoquiz.gui import card_editor
from endoquiz.gui.browser import CardBrowser
from endoquiz.gui.card_editor import CardEditor, proposed_id
from endoquiz.gui.main_window import MainWindow
from tests.conftest import WriteDeck
from tests.gui.conftest import MakeWindow, WhenModal, focused, plain, press, unnamed_controls

# Written by hand: comments, a block answer, blank lines between cards.
DECK = """\
# Endocrine basics, by hand.
endoquiz: 1
id: endo
title: Endocrine basics
cards:
  # the pancreas
  - id: insulin
    front: Which hormone lowers blood glucose?   # the classic
    back: Insulin

  - id: cortisol
    kind: choice
    question: Which gland secretes cortisol?
    choices:
      - Adrenal cortex
      - Thyroid
    answer: Adrenal cortex
    explanation: |
      Under the control of ACTH.
"""

CTRL = Qt.KeyboardModifier.ControlModifier


def editor_open(qtbot: QtBot) -> CardEditor:
    """The card editor just opened, once it has the keyboard focus."""

    def open_editor() -> CardEditor | None:
        window = QApplication.activeWindow()
        return window if isinstance(window, CardEditor) else None

    def has_focus() -> bool:
        editor, focus = open_editor(), QApplication.focusWidget()
        return editor is not None and focus is not None and editor.isAncestorOf(focus)

    qtbot.waitUntil(has_focus)
    editor = open_editor()
    assert editor is not None
    return editor


def type_over(qtbot: QtBot, text: str) -> None:
    """Select what the focused field holds and type `text` over it."""
    press(qtbot, Qt.Key.Key_A, CTRL)
    qtbot.keyClicks(focused(), text)


def studying(qtbot: QtBot, window: MainWindow) -> None:
    window.study("endo")
    window.study_page.setFocus()
    qtbot.waitUntil(window.study_page.hasFocus)


def edit_studied(qtbot: QtBot, window: MainWindow) -> CardEditor:
    """Study the deck and press E: the editor of the card shown."""
    studying(qtbot, window)
    press(qtbot, Qt.Key.Key_E)
    return editor_open(qtbot)


def browsing(qtbot: QtBot, window: MainWindow) -> CardBrowser:
    """The card browser open, active, its table with the focus."""
    browser = window.open_browser()
    browser.activateWindow()
    qtbot.waitUntil(browser.isActiveWindow)
    browser.table.setFocus()
    return browser


@pytest.fixture
def deck_path(library: Library, write_deck: WriteDeck) -> Path:
    path = write_deck(DECK, "endo.yaml")
    library.add_deck(path)
    return path


def test_e_edits_the_card_studied_and_study_shows_it(
    qtbot: QtBot, library: Library, deck_path: Path, make_window: MakeWindow
) -> None:
    window = make_window(library)
    studying(qtbot, window)
    press(qtbot, Qt.Key.Key_Space)  # the answer shows: "Insulin"
    assert "Insulin" in window.study_page.view.toPlainText()
    before = library.changes

    press(qtbot, Qt.Key.Key_E)
    editor = editor_open(qtbot)
    assert focused() is editor.fields["front"]
    press(qtbot, Qt.Key.Key_Tab)
    assert focused() is editor.fields["back"]
    type_over(qtbot, "Insulin, from the beta cells")
    press(qtbot, Qt.Key.Key_S, CTRL)

    qtbot.waitUntil(lambda: not editor.isVisible())
    shown = window.study_page.view.toPlainText()
    assert "Insulin, from the beta cells" in shown
    assert window.study_page.revealed  # as it was before the edit
    expected = DECK.replace("    back: Insulin\n", "    back: Insulin, from the beta cells\n")
    assert deck_path.read_text(encoding="utf-8") == expected
    # The file watcher sees our own write, and finds nothing more to store.
    saved = library.changes
    assert saved > before
    with qtbot.waitSignal(window.deck_files.settled, timeout=5000):
        pass
    assert library.changes == saved


def test_the_problems_show_as_typed_and_nothing_invalid_is_saved(
    qtbot: QtBot, library: Library, deck_path: Path, make_window: MakeWindow
) -> None:
    window = make_window(library)
    browser = browsing(qtbot, window)
    browser.table.selectRow(1)  # the choice card
    press(qtbot, Qt.Key.Key_F2)
    editor = editor_open(qtbot)
    assert focused() is editor.fields["question"]
    press(qtbot, Qt.Key.Key_Tab)
    press(qtbot, Qt.Key.Key_Tab)
    assert focused() is editor.fields["answer"]

    type_over(qtbot, "Pituitary")
    qtbot.waitUntil(lambda: "is not one of the choices" in editor.problems.text())
    assert not editor.save_button.isEnabled()
    assert editor.problems.text().startswith("line 17: error:")
    press(qtbot, Qt.Key.Key_Return, CTRL)

    assert editor.isVisible()
    assert deck_path.read_text(encoding="utf-8") == DECK


def test_esc_asks_before_dropping_changes(
    qtbot: QtBot,
    library: Library,
    deck_path: Path,
    make_window: MakeWindow,
    when_modal: WhenModal,
) -> None:
    window = make_window(library)
    editor = edit_studied(qtbot, window)
    type_over(qtbot, "Which hormone lowers glucose?")

    def keep_editing(box: QWidget) -> None:
        assert isinstance(box, QMessageBox)
        assert "not saved" in box.text()
        box.button(QMessageBox.StandardButton.Cancel).click()

    when_modal(keep_editing)
    press(qtbot, Qt.Key.Key_Escape)
    assert editor.isVisible()

    def discard(box: QWidget) -> None:
        assert isinstance(box, QMessageBox)
        box.button(QMessageBox.StandardButton.Discard).click()

    assert editor_open(qtbot) is editor  # the focus back in it
    when_modal(discard)
    press(qtbot, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not editor.isVisible())
    assert deck_path.read_text(encoding="utf-8") == DECK


# For each kind: how many times Down moves the kind chooser from basic, then
# the text typed in each of the kind's fields in turn (Return: a new line).
NEW_CARDS = {
    CardKind.BASIC: (0, ["What does TSH stand for?", "Thyroid-stimulating hormone"]),
    CardKind.REVERSE: (1, ["TSH", "Thyroid-stimulating hormone"]),
    CardKind.CLOZE: (2, ["{{c1::Glucagon}} raises blood glucose", "From alpha cells"]),
    CardKind.CHOICE: (3, ["Which hormone raises glucose?", "Glucagon\nInsulin", "Glucagon"]),
    CardKind.TYPED: (4, ["Which hormone raises glucose?", "Glucagon"]),
}


@pytest.mark.parametrize("kind", list(NEW_CARDS))
def test_a_card_of_each_kind_is_added_by_keys(
    qtbot: QtBot, library: Library, deck_path: Path, make_window: MakeWindow, kind: CardKind
) -> None:
    downs, texts = NEW_CARDS[kind]
    window = make_window(library)
    studying(qtbot, window)
    press(qtbot, Qt.Key.Key_A)
    editor = editor_open(qtbot)
    assert focused() is editor.kind
    for _ in range(downs):
        press(qtbot, Qt.Key.Key_Down)
    assert editor.current_kind() is kind
    press(qtbot, Qt.Key.Key_Tab)  # the id, made from the first words
    for text in texts:
        press(qtbot, Qt.Key.Key_Tab)
        for number, line in enumerate(text.split("\n")):
            if number:
                press(qtbot, Qt.Key.Key_Return)
            qtbot.keyClicks(focused(), line)
    qtbot.waitUntil(lambda: editor.problems.text() == "No problems.")
    # The card as study shows it, its answer side at the end.
    assert texts[-1].split("\n")[-1] in plain(editor.preview.toHtml())
    press(qtbot, Qt.Key.Key_S, CTRL)

    qtbot.waitUntil(lambda: not editor.isVisible())
    deck = check_deck(deck_path).deck
    assert deck is not None
    added = [card for card in deck.cards if card.note_id == editor.id_field.text()]
    assert added and added[0].kind is kind
    # After the card studied, the rest of the file as it was.
    text = deck_path.read_text(encoding="utf-8")
    assert text.startswith(DECK[: DECK.index("\n  - id: cortisol")])
    assert text.endswith(DECK[DECK.index("  - id: cortisol") :])


def test_every_field_is_named_for_a_screen_reader(
    qtbot: QtBot, library: Library, deck_path: Path, make_window: MakeWindow
) -> None:
    window = make_window(library)
    browser = browsing(qtbot, window)
    browser.table.selectRow(0)
    press(qtbot, Qt.Key.Key_F2)
    editor = editor_open(qtbot)

    assert unnamed_controls(editor) == []
    assert editor.id_field.text() == "insulin" and editor.id_field.isReadOnly()
    assert not editor.kind.isEnabled()


def test_ctrl_n_adds_a_card_to_the_deck_selected(
    qtbot: QtBot, library: Library, deck_path: Path, make_window: MakeWindow
) -> None:
    window = make_window(library)
    window.show_decks()
    window.deck_list.refresh(select="endo")
    press(qtbot, Qt.Key.Key_N, CTRL)
    editor = editor_open(qtbot)

    assert editor.deck_id == "endo" and editor.entry is None
    assert focused() is editor.kind
    press(qtbot, Qt.Key.Key_Escape)  # nothing typed: closes without asking
    qtbot.waitUntil(lambda: not editor.isVisible())


def test_ids_proposed_from_the_first_words() -> None:
    assert proposed_id("What does TSH do, really?", set()) == "what-does-tsh-do-really"
    assert proposed_id("{{c1::Insulin}} lowers it", {"insulin-lowers-it"}) == "insulin-lowers-it-2"
    assert proposed_id("¿?", set()) == "card"


def test_a_slow_check_waits_for_a_longer_pause(
    qtbot: QtBot,
    library: Library,
    deck_path: Path,
    make_window: MakeWindow,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    window = make_window(library)
    editor = CardEditor(library, window.changes, "endo", entry_id="insulin", parent=window)
    qtbot.addWidget(editor)
    assert editor.check_timer.interval() == card_editor.CHECK_DELAY_MS
    # A check of a large deck: 1.3 s by the editor's clock.
    moments = iter([100.0, 101.3])
    monkeypatch.setattr(card_editor, "time", SimpleNamespace(perf_counter=lambda: next(moments)))

    editor.check()

    assert editor.check_timer.interval() == 2600


def test_a_save_in_a_text_editor_meanwhile_is_never_overwritten(
    qtbot: QtBot,
    library: Library,
    deck_path: Path,
    make_window: MakeWindow,
    when_modal: WhenModal,
) -> None:
    window = make_window(library)
    editor = edit_studied(qtbot, window)
    by_hand = DECK.replace("the classic", "asked first")
    deck_path.write_text(by_hand, encoding="utf-8")

    type_over(qtbot, "Which hormone lowers glucose?")
    qtbot.waitUntil(lambda: "changed on disk since it was opened" in editor.problems.text())
    assert not editor.save_button.isEnabled()
    said: list[str] = []

    def read_and_close(box: QWidget) -> None:
        assert isinstance(box, QMessageBox)
        said.append(box.text())
        box.accept()

    when_modal(read_and_close)
    press(qtbot, Qt.Key.Key_S, CTRL)

    assert said and "nothing was written" in said[0]
    assert deck_path.read_text(encoding="utf-8") == by_hand


def test_a_cards_wrong_options_are_edited_one_a_line(
    qtbot: QtBot, library: Library, deck_path: Path, make_window: MakeWindow
) -> None:
    window = make_window(library)
    editor = edit_studied(qtbot, window)
    field = editor.fields["distractors"]
    assert field.accessibleName() == "Wrong options in a quiz"
    # Alt+W, the label's mnemonic, goes to the field.
    press(qtbot, Qt.Key.Key_W, Qt.KeyboardModifier.AltModifier)
    assert focused() is field
    qtbot.keyClicks(field, "Glucagon")
    press(qtbot, Qt.Key.Key_Return)
    qtbot.keyClicks(field, "Cortisol")
    press(qtbot, Qt.Key.Key_S, CTRL)
    qtbot.waitUntil(lambda: not editor.isVisible())
    expected = DECK.replace(
        "    back: Insulin\n",
        "    back: Insulin\n    distractors:\n      - Glucagon\n      - Cortisol\n",
    )
    assert deck_path.read_text(encoding="utf-8") == expected
    assert library.deck("endo").cards[0].distractors == ("Glucagon", "Cortisol")
