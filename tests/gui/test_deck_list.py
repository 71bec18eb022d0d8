"""The deck list: rows read at a glance, a deck started from its row, and
beside it the selected deck's overview before studying it."""
# mypy: disable-error-code="no-untyped-call"
# (pytest-qt's keyClick, keyClicks and mouseClick have no type hints)

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from PySide6.QtCore import Qt
from PySide6.QtGui import QFontInfo
from PySide6.QtWidgets import QApplication, QMessageBox
from pytestqt.qtbot import QtBot

from endoquiz import Appearance, Library, Rating
from endoquiz.gui.deck_list import DeckListPage, decks_status
from endoquiz.gui.theme import DARK_COLOURS, LIGHT_COLOURS, apply_appearance
from endoquiz.gui.wording import day_text
from tests.conftest import T0, WriteDeck, basic_deck, study
from tests.gui.conftest import MakeWindow, press


def overview_texts(page: DeckListPage) -> list[str]:
    """The overview as the learner reads it: the three figures, then its lines."""
    panel = page.overview
    figures = [panel.figures[key].text() for key in ("new", "learning", "due")]
    return [*figures, panel.last_studied.text(), panel.retention.text()]


def shown_for(qtbot: QtBot, page: DeckListPage, expected: list[str]) -> None:
    """Wait for the overview (it is read once the selection rests), then compare."""
    qtbot.waitUntil(lambda: overview_texts(page) == expected, timeout=2000)


def test_overview_shows_today_s_counts_last_study_and_retention(
    qtbot: QtBot, library: Library, write_deck: WriteDeck, make_window: MakeWindow
) -> None:
    library.add_deck(write_deck(basic_deck("bio/cells", [f"c{n}" for n in range(8)]), "c.yaml"))
    library.add_deck(write_deck(basic_deck("bio/genes", ["g0", "g1"]), "g.yaml"))
    # Ten days ago four cards learnt at once (Easy); two days ago the same
    # four reviewed: three recalled, one forgotten.
    now = datetime.now(UTC)
    first, second = now - timedelta(days=10), now - timedelta(days=2)
    session = library.review("bio/cells", now=first)
    learnt = []
    for _ in range(4):
        card = session.next_card(first)
        assert card is not None
        session.answer(card, Rating.EASY, first)
        learnt.append(card)
    again = library.review("bio/cells", now=second, focus=learnt)
    for rating in (Rating.GOOD, Rating.GOOD, Rating.AGAIN, Rating.GOOD):
        card = again.next_card(second)
        assert card is not None
        again.answer(card, rating, second)
    window = make_window(library)
    page = window.deck_list
    page.tree.setFocus()
    press(qtbot, Qt.Key.Key_Home)  # "Bio", the parent, then its first deck
    press(qtbot, Qt.Key.Key_Down)
    assert page.current_deck_id() == "bio/cells"
    studied = f"Last studied 2 days ago ({day_text(second.astimezone().date())})"
    shown_for(
        qtbot,
        page,
        [
            *page.counts_text("bio/cells"),  # the figures the tree shows
            studied,
            "True retention, last 30 days: 75% of 4 reviews (desired 90%)",
        ],
    )
    # The figures are today's: the forgotten card is being learnt again.
    assert page.counts_text("bio/cells")[1:] == ["1", "0"]
    press(qtbot, Qt.Key.Key_Down)  # a deck never studied
    never = "True retention, last 30 days: no reviews yet"
    shown_for(qtbot, page, [*page.counts_text("bio/genes"), "Not studied yet", never])
    press(qtbot, Qt.Key.Key_Home)  # the parent counts both
    shown_for(
        qtbot,
        page,
        [
            *page.counts_text("bio"),
            studied,
            "True retention, last 30 days: 75% of 4 reviews (desired 90%)",
        ],
    )
    assert page.overview.isVisible()


def test_the_deck_list_reads_the_time_from_the_window_s_clock(
    qtbot: QtBot, library: Library, write_deck: WriteDeck, make_window: MakeWindow
) -> None:
    # Two of three cards learnt (Easy) on 29 February 2024; the window opened
    # at a fixed moment five days later, long before their first review.
    library.add_deck(write_deck(basic_deck("bio", ["a", "b", "c"])))
    studied = T0 - timedelta(days=5)
    study(library, "bio", studied, [Rating.EASY, Rating.EASY])
    window = make_window(library, clock=lambda: T0)
    page = window.deck_list
    page.tree.setFocus()
    press(qtbot, Qt.Key.Key_Home)
    assert page.current_deck_id() == "bio"
    assert page.counts_text("bio") == ["1", "0", "0"]  # on the wall clock, both are due
    shown_for(
        qtbot,
        page,
        [
            "1",
            "0",
            "0",
            f"Last studied 5 days ago ({day_text(studied.astimezone().date())})",
            "True retention, last 30 days: no reviews yet",
        ],
    )


def test_overview_is_hidden_without_decks(
    qtbot: QtBot, library: Library, make_window: MakeWindow
) -> None:
    window = make_window(library)
    page = window.deck_list
    assert page.title.text() == "No decks yet"
    assert not page.overview.isVisible()


DISCLAIMER = (
    "Educational material drawn from the article *Insulin*, for study only. "
    "It is not medical advice: the claims on these cards are the article's. "
    "Talk to a qualified clinician about any treatment."
)


def with_disclaimer(deck_yaml: str) -> str:
    return deck_yaml.replace("cards:", f"disclaimer: {DISCLAIMER!r}\ncards:", 1)


def test_rows_have_room_and_counts_sit_beside_short_names(
    qtbot: QtBot, library: Library, write_deck: WriteDeck, make_window: MakeWindow
) -> None:
    library.add_deck(write_deck(basic_deck("bio", ["a", "b"], title="Cells"), "b.yaml"))
    window = make_window(library)
    window.resize(1100, 700)
    tree = window.deck_list.tree
    row = tree.visualRect(tree.model().index(0, 0))
    assert 27 <= row.height() <= 32, "rows ~28-30 px apart at 100% zoom"
    assert 14 <= QFontInfo(tree.font()).pixelSize() <= 15
    name_width = tree.fontMetrics().horizontalAdvance("Cells")
    # The New count starts a little past the name, not across the window.
    assert tree.header().sectionPosition(1) < name_width + 80


def test_a_long_deck_title_never_pushes_the_counts_out_of_sight(
    qtbot: QtBot, library: Library, write_deck: WriteDeck, make_window: MakeWindow
) -> None:
    # The bundled articles' titles are long: in the app's 980 px window the
    # Due column was cut off, behind a horizontal scroll bar.
    title = "Insulin Resistance and Hormone Receptor Sensitivity: A Long Article Title"
    library.add_deck(write_deck(basic_deck("art/one", ["a"], title=title), "a.yaml"))
    window = make_window(library)
    window.resize(980, 640)
    window.show()
    qtbot.waitExposed(window)
    tree = window.deck_list.tree
    header = tree.header()
    last = header.count() - 1
    assert header.sectionViewportPosition(last) + header.sectionSize(last) <= (
        tree.viewport().width()
    )
    assert not tree.horizontalScrollBar().isVisible()
    # And a short name still has its counts beside it.
    assert header.sectionSize(0) <= tree.sizeHintForColumn(0)


def test_counts_are_in_their_theme_colours_and_zeros_are_muted(
    qtbot: QtBot, library: Library, write_deck: WriteDeck, make_window: MakeWindow
) -> None:
    library.add_deck(write_deck(basic_deck("bio", ["a", "b"]), "b.yaml"))
    for theme, colours in (("light", LIGHT_COLOURS), ("dark", DARK_COLOURS)):
        apply_appearance(Appearance(theme=theme))
        window = make_window(library)
        model = window.deck_list.model
        shown = [
            (model.item(0, c).text(), model.item(0, c).foreground().color().name())
            for c in (1, 2, 3)
        ]
        # Two new cards in the New colour; no learning, none due: muted.
        assert shown == [("2", colours.new), ("0", colours.muted), ("0", colours.muted)]


def test_enter_or_a_double_click_on_a_row_studies_that_deck(
    qtbot: QtBot, library: Library, write_deck: WriteDeck, make_window: MakeWindow
) -> None:
    library.add_deck(write_deck(basic_deck("one", ["a"]), "one.yaml"))
    library.add_deck(write_deck(basic_deck("two", ["b"]), "two.yaml"))
    window = make_window(library)
    tree = window.deck_list.tree
    row = tree.visualRect(tree.model().index(1, 0)).center()
    qtbot.mouseClick(tree.viewport(), Qt.MouseButton.LeftButton, pos=row)
    qtbot.mouseDClick(tree.viewport(), Qt.MouseButton.LeftButton, pos=row)
    assert window.pages.currentWidget() is window.study_page
    assert "Question b?" in window.study_page.view.toPlainText()
    press(qtbot, Qt.Key.Key_Escape)
    assert window.pages.currentWidget() is window.deck_list
    tree.setFocus()
    press(qtbot, Qt.Key.Key_Home)
    press(qtbot, Qt.Key.Key_Return)
    assert window.pages.currentWidget() is window.study_page
    assert "Question a?" in window.study_page.view.toPlainText()


def test_the_disclaimer_shows_once_in_one_line_with_the_full_text_a_click_away(
    qtbot: QtBot, library: Library, write_deck: WriteDeck, make_window: MakeWindow
) -> None:
    for name in ("basics", "advanced"):
        deck = with_disclaimer(basic_deck(f"insulin/{name}", [name]))
        library.add_deck(write_deck(deck, f"{name}.yaml"))
    window = make_window(library)
    page = window.deck_list
    page.tree.setFocus()
    for key in (Qt.Key.Key_Home, Qt.Key.Key_Down):  # the article's group, then a deck
        press(qtbot, key)
        assert page.disclaimer.isVisible()
        line = page.disclaimer.full_text
        assert line.startswith("Educational material drawn from the article Insulin")
        assert "\n" not in line and not page.disclaimer.wordWrap()
        assert page.disclaimer.height() < 2 * page.disclaimer.fontMetrics().height()
        # Not again, in full, in the details below.
        assert "medical advice" not in page.details.toPlainText()
    qtbot.mouseClick(page.disclaimer_button, Qt.MouseButton.LeftButton)
    box = next(w for w in QApplication.topLevelWidgets() if isinstance(w, QMessageBox))
    qtbot.waitUntil(box.isVisible)
    assert "Talk to a qualified clinician" in box.text()
    box.close()


def test_the_status_line_counts_the_decks_and_names_each_broken_file(
    library: Library, write_deck: WriteDeck
) -> None:
    path = write_deck(basic_deck("one", ["a"]), "one.yaml")
    library.add_deck(path)
    assert decks_status(library.decks()) == "1 deck"
    library.add_deck(write_deck(basic_deck("two", ["b"]), "two.yaml"))
    path.unlink()
    assert decks_status(library.decks()) == "2 decks · one is missing"


def test_a_group_of_one_deck_says_one_deck_and_its_cards_in_the_singular(
    qtbot: QtBot, library: Library, write_deck: WriteDeck, make_window: MakeWindow
) -> None:
    library.add_deck(write_deck(basic_deck("notes/bones", ["femur"]), "b.yaml"))
    window = make_window(library)
    page = window.deck_list
    page.tree.setFocus()
    press(qtbot, Qt.Key.Key_Home)  # "Notes", the group

    qtbot.waitUntil(lambda: "Studying this" in page.details.toPlainText(), timeout=2000)
    assert page.details.toPlainText().startswith("1 deck, 1 card. Studying this studies")
