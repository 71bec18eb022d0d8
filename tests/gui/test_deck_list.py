"""The deck list's side: the selected deck's overview before studying it."""
# mypy: disable-error-code="no-untyped-call"
# (pytest-qt's keyClick, keyClicks and mouseClick have no type hints)

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from endoquiz import Library, Rating
from endoquiz.gui.charts import day_text
from endoquiz.gui.deck_list import DeckListPage
from tests.conftest import WriteDeck, basic_deck
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


def test_overview_is_hidden_without_decks(
    qtbot: QtBot, library: Library, make_window: MakeWindow
) -> None:
    window = make_window(library)
    page = window.deck_list
    assert page.title.text() == "No decks yet"
    assert not page.overview.isVisible()
