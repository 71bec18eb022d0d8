"""The card browser: search, sort, the side panel, and actions on selected cards."""
# mypy: disable-error-code="no-untyped-call"
# (pytest-qt's keyClick, keyClicks and mouseClick have no type hints)

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QApplication,
    QMessageBox,
    QStyledItemDelegate,
    QStyleOptionViewItem,
)
from pytestqt.qtbot import QtBot

from endoquiz import Library, Rating, State
from endoquiz.gui.browser import CardBrowser
from endoquiz.gui.card_columns import COLUMNS
from endoquiz.gui.card_table_model import ROW_BLOCK
from endoquiz.scheduling import LEECH_LAPSES
from tests.conftest import T0, WriteDeck
from tests.gui.conftest import press

DECK = """
endoquiz: 1
id: bio
title: Biology
cards:
  - {id: insulin, front: Which hormone lowers blood sugar?, back: Insulin, tags: [hormones]}
  - {id: glucagon, front: Which hormone raises blood sugar?, back: Glucagon, tags: [hormones]}
  - {id: cafe, front: "Café au lait spots are a sign of what?", back: Neurofibromatosis}
  - id: organ
    kind: choice
    question: Which organ makes insulin?
    choices: [Pancreas, Liver]
    answer: Pancreas
"""
FRONT = [name for name, _ in COLUMNS].index("Front")

MakeBrowser = Callable[[], CardBrowser]


@pytest.fixture
def studied(library: Library, write_deck: WriteDeck) -> Library:
    """insulin answered twice (Good, then Again), glucagon once (Easy)."""
    library.add_deck(write_deck(DECK, "bio.yaml"))
    cards = {card.id: card for card in library.deck("bio").cards}
    session = library.review("bio", now=T0)
    session.answer(cards["insulin"], Rating.GOOD, T0)
    session.answer(cards["glucagon"], Rating.EASY, T0)
    session.answer(cards["insulin"], Rating.AGAIN, T0.replace(minute=20))
    return library


@pytest.fixture
def make_browser(qtbot: QtBot, studied: Library) -> MakeBrowser:
    def make() -> CardBrowser:
        browser = CardBrowser(studied)
        qtbot.addWidget(browser)
        with qtbot.waitExposed(browser):
            browser.show()
        return browser

    return make


def fronts(browser: CardBrowser) -> list[str]:
    model = browser.model
    return [str(model.data(model.index(row, FRONT))) for row in range(model.rowCount())]


def search(qtbot: QtBot, browser: CardBrowser, query: str) -> None:
    """Type a query in the search box as a user would, then press Enter."""
    field = browser.search_field
    field.clear()
    qtbot.keyClicks(field, query)
    qtbot.keyClick(field, Qt.Key.Key_Return)


def click_row(
    qtbot: QtBot,
    browser: CardBrowser,
    row: int,
    modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier,
) -> None:
    rect = browser.table.visualRect(browser.model.index(row, FRONT))
    qtbot.mouseClick(browser.table.viewport(), Qt.MouseButton.LeftButton, modifier, rect.center())


def click_header(qtbot: QtBot, browser: CardBrowser, column: int) -> None:
    header = browser.table.horizontalHeader()
    x = header.sectionViewportPosition(column) + header.sectionSize(column) // 2
    qtbot.mouseClick(
        header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(x, header.height() // 2)
    )


def test_opens_on_every_card_in_deck_order(make_browser: MakeBrowser) -> None:
    browser = make_browser()
    assert fronts(browser) == [
        "Which hormone lowers blood sugar?",
        "Which hormone raises blood sugar?",
        "Café au lait spots are a sign of what?",
        "Which organ makes insulin?",
    ]
    assert browser.status_label.text() == "4 cards"
    # The first card is shown at once.
    assert "lowers blood sugar" in browser.card_view.toPlainText()


def test_typed_query_and_enter_show_the_matches(qtbot: QtBot, make_browser: MakeBrowser) -> None:
    browser = make_browser()
    search(qtbot, browser, "hormone -raises")
    assert fronts(browser) == ["Which hormone lowers blood sugar?"]
    assert browser.status_label.text() == "1 card"
    search(qtbot, browser, "cafe")  # accents ignored
    assert fronts(browser) == ["Café au lait spots are a sign of what?"]
    search(qtbot, browser, "kind:choice")
    assert fronts(browser) == ["Which organ makes insulin?"]
    assert browser.model.data(browser.model.index(0, 2)) == "choice"


def test_bad_query_shows_its_message_and_keeps_the_table(
    qtbot: QtBot, make_browser: MakeBrowser
) -> None:
    browser = make_browser()
    search(qtbot, browser, "tag:hormones")
    search(qtbot, browser, "kind:essay")
    assert browser.error_label.isVisible()
    assert browser.error_label.text() == (
        "unknown kind 'essay'; kinds are basic, reverse, cloze, choice, typed"
    )
    assert len(fronts(browser)) == 2
    search(qtbot, browser, "is:review")
    assert not browser.error_label.isVisible()
    assert fronts(browser) == ["Which hormone raises blood sugar?"]


def test_queries_that_broke_the_database_show_a_message(
    qtbot: QtBot, make_browser: MakeBrowser
) -> None:
    # Each raised in the search slot (an OverflowError, an sqlite3 error).
    browser = make_browser()
    search(qtbot, browser, "rated:99999999999999999999")
    assert browser.error_label.isVisible()
    assert browser.error_label.text() == (
        "'rated:' takes a number of days, e.g. rated:7, not '99999999999999999999'"
    )
    # A pasted megabyte: the field keeps what it can hold, the search refuses it.
    QApplication.clipboard().setText("x" * 2**20)
    browser.search_field.clear()
    qtbot.keyClick(browser.search_field, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(browser.search_field, Qt.Key.Key_Return)
    assert len(browser.search_field.text()) == browser.search_field.maxLength() == 32767
    assert browser.error_label.text() == "the search is 32,767 characters long; write at most 1,000"
    assert len(fronts(browser)) == 4


def test_clicking_a_header_sorts_and_again_reverses(
    qtbot: QtBot, make_browser: MakeBrowser
) -> None:
    browser = make_browser()
    click_header(qtbot, browser, FRONT)
    by_front = [
        "Café au lait spots are a sign of what?",
        "Which hormone lowers blood sugar?",
        "Which hormone raises blood sugar?",
        "Which organ makes insulin?",
    ]
    assert fronts(browser) == by_front
    assert (browser.model.order, browser.model.descending) == ("front", False)
    click_header(qtbot, browser, FRONT)
    assert fronts(browser) == by_front[::-1]
    header = browser.table.horizontalHeader()
    assert header.sortIndicatorSection() == FRONT
    assert header.sortIndicatorOrder() == Qt.SortOrder.DescendingOrder
    # By lapses, most first: insulin was forgotten once.
    lapses = [name for name, _ in COLUMNS].index("Lapses")
    click_header(qtbot, browser, lapses)
    click_header(qtbot, browser, lapses)
    assert fronts(browser)[0] == "Which hormone lowers blood sugar?"
    # A new search keeps the order.
    search(qtbot, browser, "hormone")
    click_header(qtbot, browser, FRONT)
    assert fronts(browser) == by_front[1:3]


def test_selected_card_shows_its_text_and_history(qtbot: QtBot, make_browser: MakeBrowser) -> None:
    browser = make_browser()
    click_row(qtbot, browser, 0)
    text = browser.card_view.toPlainText()
    assert "Which hormone lowers blood sugar?" in text
    assert "Insulin" in text  # the back too
    history = browser.history
    rows = [
        [history.model().index(row, column).data() for column in range(history.columnCount())]
        for row in range(history.rowCount())
    ]
    assert [row[1] for row in rows] == ["Again", "Good"]  # newest first
    assert {row[3] for row in rows} == {"review"}
    assert browser.history_label.text() == "Review history (2 answers)"
    assert browser.location_label.text().endswith("bio.yaml:5")

    click_row(qtbot, browser, 2)
    assert "Café au lait" in browser.card_view.toPlainText()
    assert browser.history.rowCount() == 0


def test_suspend_button_suspends_the_selected_cards(
    qtbot: QtBot, make_browser: MakeBrowser, studied: Library
) -> None:
    browser = make_browser()
    click_row(qtbot, browser, 0)
    click_row(qtbot, browser, 2, Qt.KeyboardModifier.ControlModifier)
    assert browser.selected_keys() == [("bio", "insulin"), ("bio", "cafe")]
    qtbot.mouseClick(browser.suspend_button, Qt.MouseButton.LeftButton)
    assert studied.card_state("bio", "insulin").suspended
    assert studied.card_state("bio", "cafe").suspended
    assert not studied.card_state("bio", "glucagon").suspended
    assert [m.card_id for m in studied.search_cards("is:suspended")] == ["insulin", "cafe"]
    # The table shows it, and the button now unsuspends.
    assert browser.model.data(browser.model.index(0, 3)) == "suspended"
    state_tip = browser.model.data(browser.model.index(0, 3), Qt.ItemDataRole.ToolTipRole)
    assert state_tip == "learning, suspended"
    assert "new, suspended" in browser.card_title.text()  # cafe, the current card
    assert browser.suspend_button.text().replace("&", "") == "Unsuspend"
    qtbot.mouseClick(browser.suspend_button, Qt.MouseButton.LeftButton)
    assert list(studied.search_cards("is:suspended")) == []


def test_keys_act_on_the_cards_shown_after_a_search_and_a_sort(
    qtbot: QtBot, make_browser: MakeBrowser, studied: Library
) -> None:
    """The table holds the search's card ids: after a search and a sort the
    selection still names, and Ctrl+J suspends, the cards on those rows."""
    browser = make_browser()
    search(qtbot, browser, "-kind:choice")
    click_header(qtbot, browser, FRONT)
    click_header(qtbot, browser, FRONT)  # descending: the reverse of deck order here
    assert fronts(browser) == [
        "Which hormone raises blood sugar?",
        "Which hormone lowers blood sugar?",
        "Café au lait spots are a sign of what?",
    ]
    click_row(qtbot, browser, 0)
    browser.table.setFocus()
    press(qtbot, Qt.Key.Key_Down, Qt.KeyboardModifier.ShiftModifier)
    assert browser.selected_keys() == [("bio", "glucagon"), ("bio", "insulin")]
    press(qtbot, Qt.Key.Key_J, Qt.KeyboardModifier.ControlModifier)
    assert [m.card_id for m in studied.search_cards("is:suspended")] == ["insulin", "glucagon"]
    assert not studied.card_state("bio", "cafe").suspended
    # Sorting again keeps the current card (insulin) current, on its new row.
    click_header(qtbot, browser, FRONT)
    assert fronts(browser)[1] == "Which hormone lowers blood sugar?"
    assert browser.table.currentIndex().row() == 1
    assert browser.selected_keys() == [("bio", "insulin")]


def test_reset_asks_first_and_makes_the_card_new(
    qtbot: QtBot, make_browser: MakeBrowser, studied: Library, monkeypatch: pytest.MonkeyPatch
) -> None:
    browser = make_browser()
    search(qtbot, browser, "glucagon")
    click_row(qtbot, browser, 0)
    asked: list[str] = []

    def answer(button: QMessageBox.StandardButton) -> Callable[..., QMessageBox.StandardButton]:
        def question(
            _parent: object, _title: str, text: str, *_args: object
        ) -> QMessageBox.StandardButton:
            asked.append(text)
            return button

        return question

    monkeypatch.setattr(QMessageBox, "question", answer(QMessageBox.StandardButton.No))
    qtbot.mouseClick(browser.reset_button, Qt.MouseButton.LeftButton)
    assert studied.card_state("bio", "glucagon").state is State.REVIEW

    monkeypatch.setattr(QMessageBox, "question", answer(QMessageBox.StandardButton.Yes))
    qtbot.mouseClick(browser.reset_button, Qt.MouseButton.LeftButton)
    assert studied.card_state("bio", "glucagon").state is State.NEW
    assert asked == [asked[0]] * 2 and "Make this card new again?" in asked[0]
    assert browser.model.data(browser.model.index(0, 3)) == "new"
    # Its history stays.
    assert browser.history.rowCount() == 1


def test_flag_menu_and_shortcut_flag_the_selection(
    qtbot: QtBot, make_browser: MakeBrowser, studied: Library
) -> None:
    browser = make_browser()
    click_row(qtbot, browser, 1)
    browser.flag_actions[3].trigger()
    assert studied.flag("bio", "glucagon") == 3
    browser.table.setFocus()
    qtbot.keyClick(browser.table, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(browser.table, Qt.Key.Key_1, Qt.KeyboardModifier.ControlModifier)
    assert {studied.flag(match.deck_id, match.card_id) for match in studied.search_cards("")} == {1}
    qtbot.keyClick(browser.table, Qt.Key.Key_0, Qt.KeyboardModifier.ControlModifier)
    assert studied.flag("bio", "glucagon") == 0


def test_open_in_editor_opens_the_deck_file(
    qtbot: QtBot, make_browser: MakeBrowser, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("ENDOQUIZ_EDITOR", raising=False)
    opened: list[QUrl] = []

    def open_url(url: QUrl) -> bool:
        opened.append(url)
        return True

    monkeypatch.setattr(QDesktopServices, "openUrl", open_url)
    browser = make_browser()
    click_row(qtbot, browser, 3)
    qtbot.mouseClick(browser.edit_button, Qt.MouseButton.LeftButton)
    assert [Path(url.toLocalFile()).name for url in opened] == ["bio.yaml"]
    assert browser.location_label.text().endswith("bio.yaml:8")


def test_table_reads_rows_lazily(make_browser: MakeBrowser) -> None:
    browser = make_browser()
    model = browser.model
    assert model.rowCount() == 4
    # No widget per row: the table is one view over the model.
    assert browser.table.indexWidget(model.index(0, 0)) is None


def test_cells_paint_as_the_card_stands(make_browser: MakeBrowser, studied: Library) -> None:
    # What the item delegate paints from (text, font, colour, flag mark,
    # alignment), as it asks for it: all roles of a cell at once.
    studied.set_suspended([("bio", "cafe")], suspended=True)
    studied.set_flag([("bio", "glucagon")], 1)
    browser = make_browser()
    delegate, model = browser.table.itemDelegate(), browser.model

    def painted(row: int, column: str) -> QStyleOptionViewItem:
        option = QStyleOptionViewItem()
        assert isinstance(delegate, QStyledItemDelegate)
        delegate.initStyleOption(option, model.index(row, [c for _, c in COLUMNS].index(column)))
        return option

    insulin, glucagon, cafe = painted(0, "front"), painted(1, "front"), painted(2, "front")
    assert insulin.text == "Which hormone lowers blood sugar?"
    assert not insulin.font.italic() and not insulin.icon.availableSizes()
    flag_mark = QStyleOptionViewItem.ViewItemFeature.HasDecoration
    assert glucagon.features & flag_mark and not insulin.features & flag_mark
    assert cafe.font.italic() and painted(2, "state").text == "suspended"
    assert cafe.palette.text().color() != insulin.palette.text().color()
    lapses = painted(0, "lapses")
    assert lapses.text == "0" and lapses.displayAlignment & Qt.AlignmentFlag.AlignRight


def test_scrolling_reads_the_next_rows_before_they_are_shown(
    qtbot: QtBot, library: Library, write_deck: WriteDeck
) -> None:
    cards = "\n".join(f"  - {{id: c{n}, front: question {n}, back: a}}" for n in range(600))
    library.add_deck(write_deck(f"endoquiz: 1\nid: many\ntitle: Many\ncards:\n{cards}\n"))
    browser = CardBrowser(library)
    qtbot.addWidget(browser)
    with qtbot.waitExposed(browser):
        browser.show()
    table, model = browser.table, browser.model
    read = model._rows  # the rows the model has read (private: nothing on screen shows it)
    table.setFocus()
    for _ in range(6):
        qtbot.keyClick(table, Qt.Key.Key_PageDown)
    last_shown = table.rowAt(table.viewport().height() - 1)
    assert last_shown > 100
    # Once the event loop is idle, a block of rows past the page is read too.
    qtbot.waitUntil(lambda: last_shown + ROW_BLOCK in read)
    assert model.data(model.index(last_shown + 1, FRONT)) == f"question {last_shown + 1}"


def test_a_leech_says_so_in_its_state(qtbot: QtBot, make_browser: MakeBrowser) -> None:
    browser = make_browser()
    library = browser.library
    session = library.review("bio", now=T0)
    card = next(c for c in library.deck("bio").cards if c.id == "glucagon")  # in review
    for _ in range(LEECH_LAPSES):
        state = library.card_state("bio", "glucagon")
        assert state.due is not None
        session.answer(card, Rating.AGAIN, state.due)  # a lapse
        state = library.card_state("bio", "glucagon")
        assert state.due is not None
        session.answer(card, Rating.EASY, state.due)  # back to review
    search(qtbot, browser, "is:leech")
    model = browser.model
    state_column = [name for name, _ in COLUMNS].index("State")
    assert model.rowCount() == 1
    assert model.data(model.index(0, state_column)) == "review, leech"


def test_deck_column_tells_apart_same_named_decks_of_two_articles(
    qtbot: QtBot, library: Library, write_deck: WriteDeck
) -> None:
    # Both bundled articles have an "Academic" deck: the column showed that
    # twice, for cards of different articles.
    titles = {
        "hormonal/academic": "Insulin Resistance and Hormonal Balance: Academic",
        "receptors/academic": "Insulin Resistance and Hormone Receptor Sensitivity: Academic",
    }
    for number, (deck_id, title) in enumerate(titles.items()):
        deck = f"endoquiz: 1\nid: {deck_id}\ntitle: '{title}'\ncards:\n"
        deck += f"  - {{id: c, front: Question {number}?, back: Answer}}\n"
        library.add_deck(write_deck(deck, f"{number}.yaml"))
    browser = CardBrowser(library)
    qtbot.addWidget(browser)
    with qtbot.waitExposed(browser):
        browser.show()
    delegate = browser.table.itemDelegateForIndex(browser.model.index(0, 0))
    assert isinstance(delegate, QStyledItemDelegate)
    options = []
    for row in range(2):
        option = QStyleOptionViewItem()
        delegate.initStyleOption(option, browser.model.index(row, 0))
        options.append(option)
    assert [option.text for option in options] == list(titles.values())
    default_width = browser.table.columnWidth(0)

    def painted(width: int) -> list[str]:
        """The cells' text as painted in a column this wide: cut if need be."""
        browser.table.setColumnWidth(0, width)
        room = width - 12  # the cell's margins
        return [o.fontMetrics.elidedText(o.text, o.textElideMode, room) for o in options]

    assert painted(1000) == list(titles.values())
    # Narrower, the middle goes, and what tells them apart stays.
    cut = painted(default_width)
    assert all(c.startswith("Insulin") and c.endswith(": Academic") for c in cut)
    assert cut[0] != cut[1]
    assert painted(180)[0] != painted(180)[1]
