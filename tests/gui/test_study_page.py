"""Studying from the keyboard: reveal, rate, undo, pick, type, and the summary."""
# mypy: disable-error-code="no-untyped-call"
# (pytest-qt's keyClick, keyClicks and mouseClick have no type hints)

from __future__ import annotations

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from endoquiz import Library, Rating, State
from endoquiz.gui.main_window import MainWindow
from endoquiz.gui.study_page import StudyPage
from tests.conftest import WriteDeck, basic_deck
from tests.gui.conftest import (
    MIXED_DECK,
    MakeWindow,
    focused,
    plain,
    press,
    rollover_half_a_day_away,
    type_answer,
)

CHOICE_DECK = """\
endoquiz: 1
id: choices
title: Choices
cards:
  - id: gland
    kind: choice
    question: Which gland secretes cortisol?
    choices: [Adrenal cortex, Adrenal medulla, Thyroid]
    answer: Adrenal cortex
  - id: islets
    kind: choice
    question: Which islet cells make insulin?
    choices: [Alpha cells, Beta cells, Delta cells]
    answer: Beta cells
  - id: lowers
    kind: choice
    question: Which hormone lowers blood glucose?
    choices: [Glucagon, Insulin, Cortisol]
    answer: Insulin
"""

TYPED_DECK = """\
endoquiz: 1
id: typed
title: Typed
cards:
  - id: homa
    kind: typed
    front: Which index is computed from fasting insulin and glucose?
    answer: HOMA-IR
  - id: t4
    kind: typed
    front: Which thyroid hormone carries four iodine atoms?
    answer: Thyroxine
    accept: [T4]
  - id: raises
    kind: typed
    front: Which pancreatic hormone raises blood glucose?
    answer: Glucagon
  - id: stress
    kind: typed
    front: Which adrenal hormone rises under long stress?
    answer: Cortisol
"""


def study_from_tree(qtbot: QtBot, window: MainWindow, deck_id: str) -> StudyPage:
    """Select a deck in the tree and press Enter, as a learner starts studying."""
    window.deck_list.refresh(select=deck_id)
    window.deck_list.tree.setFocus()
    press(qtbot, Qt.Key.Key_Return)
    assert window.pages.currentWidget() is window.study_page
    return window.study_page


def log_of(library: Library, deck_id: str) -> list[tuple[str, Rating, str]]:
    return [(e.card_id, e.rating, e.mode) for e in library.review_log(deck_id)]


def test_keyboard_session_reveals_rates_and_logs_every_answer(
    qtbot: QtBot, library: Library, write_deck: WriteDeck, make_window: MakeWindow
) -> None:
    library.update_settings(day_starts_at=rollover_half_a_day_away())
    library.add_deck(write_deck(basic_deck("d", ["a", "b", "c", "e"])))
    window = make_window(library)
    page = study_from_tree(qtbot, window, "d")

    assert page.view.toPlainText() == "Question a?"
    assert plain(page.counts.text()) == "New 4 · Learning 0 · Due 0"
    assert (page.progress.value(), page.progress.text()) == (0, "0 answers")
    press(qtbot, Qt.Key.Key_3)  # a rating key before the answer shows does nothing
    assert library.review_log() == []
    assert not page.revealed

    press(qtbot, Qt.Key.Key_Space)
    # The question stays, above the answer.
    assert page.view.toPlainText().split("\n") == ["Question a?", "", "Answer a"]
    labels = [button.text() for button in page.rating_buttons.values()]
    assert labels[0] == "Again\n1m"
    assert labels[1].startswith("Hard\n") and labels[1].endswith("m")
    assert labels[2] == "Good\n10m"
    assert labels[3].startswith("Easy\n") and labels[3].endswith("d")
    assert page.rating_buttons[Rating.GOOD].isDefault()

    press(qtbot, Qt.Key.Key_Space)  # Space again: Good
    assert page.view.toPlainText() == "Question b?"
    assert plain(page.counts.text()) == "New 3 · Learning 1 · Due 0"
    # One answer of five left to give: a fifth of the way.
    assert (page.progress.value(), page.progress.text()) == (200, "1 answer")

    for key in (Qt.Key.Key_1, Qt.Key.Key_2, Qt.Key.Key_4):
        press(qtbot, Qt.Key.Key_Space)
        press(qtbot, key)
    assert log_of(library, "d") == [
        ("a", Rating.GOOD, "review"),
        ("b", Rating.AGAIN, "review"),
        ("c", Rating.HARD, "review"),
        ("e", Rating.EASY, "review"),
    ]
    assert library.card_state("d", "e").state is State.REVIEW
    # Only learning cards are left: the one due first (Again, 1 minute) comes back.
    assert page.view.toPlainText() == "Question b?"
    assert plain(page.counts.text()) == "New 0 · Learning 3 · Due 0"
    assert (page.progress.value(), page.progress.text()) == (571, "4 answers")  # 4 of 4 + 3

    with qtbot.waitSignal(page.closed, timeout=1000):
        press(qtbot, Qt.Key.Key_Escape)
    assert window.pages.currentWidget() is window.deck_list
    assert window.deck_list.tree.hasFocus()
    assert window.deck_list.counts_text("d") == ["0", "3", "0"]


def test_ctrl_z_undoes_the_last_answer(
    qtbot: QtBot, library: Library, write_deck: WriteDeck, make_window: MakeWindow
) -> None:
    library.add_deck(write_deck(basic_deck("d", ["a", "b"])))
    window = make_window(library)
    page = study_from_tree(qtbot, window, "d")
    press(qtbot, Qt.Key.Key_Space)
    press(qtbot, Qt.Key.Key_Space)
    assert page.view.toPlainText() == "Question b?"
    assert library.card_state("d", "a").state is State.LEARNING

    with qtbot.waitSignal(window.changes.changed, timeout=1000):
        qtbot.keyClick(page, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert page.view.toPlainText() == "Question a?"
    assert not page.revealed
    assert library.review_log() == []
    state = library.card_state("d", "a")
    assert (state.state, state.reps, state.due) == (State.NEW, 0, None)
    assert plain(page.counts.text()) == "New 2 · Learning 0 · Due 0"
    assert (page.progress.value(), page.progress.text()) == (0, "0 answers")

    # Nothing left to undo: the shortcut changes nothing.
    with qtbot.assertNotEmitted(window.changes.changed):
        qtbot.keyClick(page, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert page.view.toPlainText() == "Question a?"


def test_choice_card_picks_by_number_and_suggests_a_rating(
    qtbot: QtBot, library: Library, write_deck: WriteDeck, make_window: MakeWindow
) -> None:
    library.add_deck(write_deck(CHOICE_DECK))
    window = make_window(library)
    page = study_from_tree(qtbot, window, "choices")
    assert page.view.toPlainText() == "Which gland secretes cortisol?"
    assert [b.text() for b in page.choices.buttons] == [
        "1. Adrenal cortex",
        "2. Adrenal medulla",
        "3. Thyroid",
    ]
    press(qtbot, Qt.Key.Key_Space)  # no answer to show before an option is picked
    press(qtbot, Qt.Key.Key_9)  # there is no option 9
    assert not page.revealed
    assert page.feedback.isHidden()

    press(qtbot, Qt.Key.Key_1)  # right
    assert plain(page.feedback.text()) == "✓ Right: Adrenal cortex"
    assert page.feedback.isVisible()
    assert "Adrenal cortex" in page.view.toPlainText()
    assert page.rating_buttons[Rating.GOOD].isDefault()
    press(qtbot, Qt.Key.Key_Space)

    assert page.view.toPlainText() == "Which islet cells make insulin?"
    assert page.feedback.isHidden()
    press(qtbot, Qt.Key.Key_1)  # wrong
    assert plain(page.feedback.text()) == "✗ You picked Alpha cells; the answer is Beta cells"
    assert page.rating_buttons[Rating.AGAIN].isDefault()
    assert not page.rating_buttons[Rating.GOOD].isDefault()
    press(qtbot, Qt.Key.Key_Space)

    assert page.view.toPlainText() == "Which hormone lowers blood glucose?"
    press(qtbot, Qt.Key.Key_3)  # wrong, then the learner overrides the suggestion
    assert "the answer is Insulin" in plain(page.feedback.text())
    press(qtbot, Qt.Key.Key_3)

    assert log_of(library, "choices") == [
        ("gland", Rating.GOOD, "review"),
        ("islets", Rating.AGAIN, "review"),
        ("lowers", Rating.GOOD, "review"),
    ]


def test_typed_card_checks_leniently_and_shows_the_difference(
    qtbot: QtBot, library: Library, write_deck: WriteDeck, make_window: MakeWindow
) -> None:
    library.add_deck(write_deck(TYPED_DECK))
    window = make_window(library)
    page = study_from_tree(qtbot, window, "typed")
    field = page.typed.field
    assert page.view.toPlainText().startswith("Which index is computed")

    type_answer(qtbot, field, "homa ir")
    # The answer is checked and shown; nothing is rated until the learner says so.
    assert page.card is not None and page.card.id == "homa"
    assert page.revealed
    assert plain(page.feedback.text()).startswith("Correct.")
    assert "HOMA-IR" in page.view.toPlainText()
    assert library.review_log() == []
    assert page.rating_buttons[Rating.GOOD].isDefault()
    press(qtbot, Qt.Key.Key_Space)

    assert page.card is not None and page.card.id == "t4"
    type_answer(qtbot, field, "t4")  # an accepted form; its digit is text, not a rating
    assert plain(page.feedback.text()).startswith("Correct.")
    press(qtbot, Qt.Key.Key_Space)

    assert page.card is not None and page.card.id == "raises"
    type_answer(qtbot, field, "insulin")
    feedback = plain(page.feedback.text())
    assert feedback.startswith("Not quite.")
    assert "Your answer: insulin" in feedback
    assert "Expected: Glucagon" in feedback
    assert page.rating_buttons[Rating.AGAIN].isDefault()
    press(qtbot, Qt.Key.Key_Space)

    assert page.card is not None and page.card.id == "stress"
    type_answer(qtbot, field, "adrenaline")
    assert "Expected" in plain(page.feedback.text())
    press(qtbot, Qt.Key.Key_3)  # the learner knew it after all

    assert log_of(library, "typed") == [
        ("homa", Rating.GOOD, "review"),
        ("t4", Rating.GOOD, "review"),
        ("raises", Rating.AGAIN, "review"),
        ("stress", Rating.GOOD, "review"),
    ]


def test_session_ends_with_a_summary_that_undo_can_leave(
    qtbot: QtBot, library: Library, write_deck: WriteDeck, make_window: MakeWindow
) -> None:
    # A second step of an hour: a card rated Good is due later today, not in this session.
    library.update_settings(learning_steps=(1.0, 60.0), day_starts_at=rollover_half_a_day_away())
    library.add_deck(write_deck(basic_deck("d", ["a", "b"])))
    window = make_window(library)
    page = study_from_tree(qtbot, window, "d")
    press(qtbot, Qt.Key.Key_Space)
    press(qtbot, Qt.Key.Key_Space)  # Good: due in an hour
    press(qtbot, Qt.Key.Key_Space)
    press(qtbot, Qt.Key.Key_4)  # Easy: due in days

    assert page.pages.currentIndex() == 1
    summary = plain(page.summary.text())
    assert "Done for now" in summary
    assert "2 cards studied (2 answers)" in summary
    # Ratings not given are left out.
    assert "Good 1, Easy 1" in summary and "Again" not in summary
    assert "Due tomorrow: 1" in summary
    # The card rated Good comes back later today: the summary says so, and
    # when, and the counts leave it out until it is due within 20 minutes.
    assert "1 card in learning comes back today, from " in summary
    assert "related" not in summary  # no siblings held back: no row for them
    assert page.next_deck_button.isHidden()  # no other deck has cards
    assert plain(page.counts.text()) == "New 0 · Learning 0 · Due 0"
    assert page.back_button.hasFocus()

    # Undo works from the summary too: the last card comes back.
    qtbot.keyClick(page, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert page.pages.currentIndex() == 0
    assert page.view.toPlainText() == "Question b?"
    assert [e.card_id for e in library.review_log()] == ["a"]
    press(qtbot, Qt.Key.Key_Space)
    press(qtbot, Qt.Key.Key_4)
    assert "2 cards studied (2 answers)" in plain(page.summary.text())

    with qtbot.waitSignal(page.closed, timeout=1000):
        press(qtbot, Qt.Key.Key_Space)  # presses the focused Back button
    assert window.pages.currentWidget() is window.deck_list


def test_first_card_a_choice_takes_number_keys_at_once(
    qtbot: QtBot, library: Library, write_deck: WriteDeck, make_window: MakeWindow
) -> None:
    """Starting on a choice card, the focus must be where number keys work."""
    library.add_deck(write_deck(CHOICE_DECK))
    window = make_window(library)
    page = study_from_tree(qtbot, window, "choices")
    assert focused() is page
    press(qtbot, Qt.Key.Key_2)
    assert "You picked Adrenal medulla" in plain(page.feedback.text())


def test_deck_saved_broken_while_studying_does_not_stop_the_session(
    qtbot: QtBot, library: Library, write_deck: WriteDeck, make_window: MakeWindow
) -> None:
    path = write_deck(basic_deck("d", ["a", "b"]))
    library.add_deck(path)
    window = make_window(library)
    page = study_from_tree(qtbot, window, "d")
    path.write_text("endoquiz: 1\nid: d\ncards: not a list\n", encoding="utf-8")

    press(qtbot, Qt.Key.Key_Space)
    assert "Answer a" in page.view.toPlainText()
    press(qtbot, Qt.Key.Key_Space)
    assert page.view.toPlainText() == "Question b?"
    assert [e.card_id for e in library.review_log()] == ["a"]


def test_heading_shows_the_deck_title_as_text(
    qtbot: QtBot, library: Library, write_deck: WriteDeck, make_window: MakeWindow
) -> None:
    library.add_deck(write_deck(basic_deck("d", ["a"], title="Insulin <i>vs</i> glucose")))
    window = make_window(library)
    assert window.deck_list.title.text() == "Insulin <i>vs</i> glucose"
    assert window.deck_list.title.textFormat() is Qt.TextFormat.PlainText
    page = study_from_tree(qtbot, window, "d")
    assert plain(page.heading.text()) == "Insulin <i>vs</i> glucose"


def test_the_lapse_that_makes_a_leech_shows_a_notice(
    qtbot: QtBot, library: Library, write_deck: WriteDeck, make_window: MakeWindow
) -> None:
    import sqlite3
    from datetime import UTC, datetime, timedelta

    library.add_deck(write_deck(basic_deck("leech", ["a"], title="Leech")))
    library.update_settings(suspend_leeches=True)
    # A review card forgotten seven times already, and due now.
    long_ago = datetime.now(UTC) - timedelta(days=10)
    db = sqlite3.connect(library.db_path)
    db.execute(
        "UPDATE card SET state = 2, lapses = 7, reps = 15, stability = 3.0, difficulty = 8.0, "
        "due = ?, last_review = ? WHERE card_id = 'a'",
        (int(long_ago.timestamp() * 1000), int((long_ago - timedelta(days=3)).timestamp() * 1000)),
    )
    db.commit()
    db.close()
    window = make_window(library)
    window.study("leech")
    page = window.study_page
    assert not page.notice.isVisible()
    press(qtbot, Qt.Key.Key_Space)  # reveal
    press(qtbot, Qt.Key.Key_1)  # Again: the eighth lapse
    assert page.notice.isVisible()
    assert "leech" in plain(page.notice.text()) and "suspended" in plain(page.notice.text())
    state = library.card_state("leech", "a")
    assert state.is_leech and state.suspended


def test_every_kind_keeps_its_question_above_its_answer(
    qtbot: QtBot, library: Library, write_deck: WriteDeck, make_window: MakeWindow
) -> None:
    library.add_deck(write_deck(MIXED_DECK))
    window = make_window(library)
    page = study_from_tree(qtbot, window, "mix")
    press(qtbot, Qt.Key.Key_Space)  # basic: the answer shows below the question
    assert page.view.toPlainText().split("\n") == [
        "Which hormone lowers blood glucose?",
        "",
        "Insulin",
    ]
    press(qtbot, Qt.Key.Key_Space)
    press(qtbot, Qt.Key.Key_1)  # choice: picked
    assert page.view.toPlainText().split("\n") == [
        "Which gland secretes cortisol?",
        "",
        "Adrenal cortex",
    ]
    press(qtbot, Qt.Key.Key_Space)
    type_answer(qtbot, page.typed.field, "HOMA IR")
    assert page.view.toPlainText().split("\n") == [
        "Which index is computed from fasting insulin and glucose?",
        "",
        "HOMA-IR",
    ]


def test_the_rating_space_gives_is_highlighted_and_said(
    qtbot: QtBot, library: Library, write_deck: WriteDeck, make_window: MakeWindow
) -> None:
    library.add_deck(write_deck(CHOICE_DECK))
    window = make_window(library)
    page = study_from_tree(qtbot, window, "choices")

    def highlighted() -> list[Rating]:
        return [rating for rating, b in page.rating_buttons.items() if b.font().bold()]

    press(qtbot, Qt.Key.Key_1)  # right
    assert highlighted() == [Rating.GOOD]
    assert page.space_hint.text() == "Space or Enter: Good · 1-4: any rating"
    press(qtbot, Qt.Key.Key_Space)
    press(qtbot, Qt.Key.Key_1)  # wrong
    assert highlighted() == [Rating.AGAIN]
    good = page.rating_buttons[Rating.GOOD]
    again = page.rating_buttons[Rating.AGAIN]
    assert again.palette().button().color() != good.palette().button().color()
    assert page.space_hint.text() == (
        "Space or Enter: Again, as your answer was not right · 1-4: any rating"
    )
    press(qtbot, Qt.Key.Key_Space)  # what the screen said
    assert log_of(library, "choices")[-1] == ("islets", Rating.AGAIN, "review")


def test_a_finished_deck_of_siblings_counts_nothing_left(
    qtbot: QtBot, library: Library, write_deck: WriteDeck, make_window: MakeWindow
) -> None:
    library.add_deck(
        write_deck(
            """
            endoquiz: 1
            id: sib
            title: Siblings
            cards:
              - {id: term, kind: reverse, front: Hyperinsulinemia, back: Raised insulin}
              - id: glut4
                kind: cloze
                text: Signalling moves {{c1::GLUT4}} to the {{c2::cell membrane}}.
            """
        )
    )
    window = make_window(library)
    # The list, the session's header and the session agree: two cards today.
    assert window.deck_list.counts_text("sib") == ["2", "0", "0"]
    page = study_from_tree(qtbot, window, "sib")
    assert plain(page.counts.text()) == "New 2 · Learning 0 · Due 0"
    for _ in range(2):
        press(qtbot, Qt.Key.Key_Space)
        press(qtbot, Qt.Key.Key_4)
    summary = plain(page.summary.text())
    assert "2 cards studied (2 answers)" in summary
    # The reverse card and the second deletion wait: the summary says why.
    assert "2 related cards come back tomorrow" in summary
    assert "in learning" not in summary and "Due tomorrow" not in summary
    press(qtbot, Qt.Key.Key_Escape)
    # It said New 2 here: the siblings held back for tomorrow.
    assert window.deck_list.counts_text("sib") == ["0", "0", "0"]


def test_the_summary_offers_another_deck_with_cards_to_study(
    qtbot: QtBot, library: Library, write_deck: WriteDeck, make_window: MakeWindow
) -> None:
    library.add_deck(write_deck(basic_deck("one", ["a"]), "one.yaml"))
    library.add_deck(write_deck(basic_deck("two", ["b", "c"], title="Thyroid & more"), "two.yaml"))
    window = make_window(library)
    page = study_from_tree(qtbot, window, "one")
    press(qtbot, Qt.Key.Key_Space)
    press(qtbot, Qt.Key.Key_4)
    summary = plain(page.summary.text())
    assert "1 card studied (1 answer)" in summary
    assert page.next_deck_button.isVisible()
    assert page.next_deck_button.text() == "Study Thyroid & more next (2 cards)"
    qtbot.mouseClick(page.next_deck_button, Qt.MouseButton.LeftButton)
    assert page.view.toPlainText() == "Question b?"
    assert "Thyroid & more" in plain(page.heading.text())


def test_the_browser_and_the_statistics_follow_the_answers(
    qtbot: QtBot, library: Library, write_deck: WriteDeck, make_window: MakeWindow
) -> None:
    library.add_deck(write_deck(basic_deck("d", ["a", "b"])))
    window = make_window(library)
    browser = window.open_browser()
    statistics = window.open_statistics()
    assert browser.model.data(browser.model.index(0, 3)) == "new"
    assert browser.card_title.text().endswith("0 answers, 0 lapses")
    assert statistics.today_text("answers") == "0"
    with qtbot.waitActive(window):
        window.activateWindow()
    page = study_from_tree(qtbot, window, "d")
    press(qtbot, Qt.Key.Key_Space)
    press(qtbot, Qt.Key.Key_Space)
    # Answered with both windows open: they show it (they stayed as they were).
    assert browser.model.data(browser.model.index(0, 3)) == "learning"
    assert browser.card_title.text().endswith("1 answer, 0 lapses")
    assert browser.history.rowCount() == 1
    assert statistics.today_text("answers") == "1"
    qtbot.keyClick(page, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert browser.model.data(browser.model.index(0, 3)) == "new"
    assert statistics.today_text("answers") == "0"


def test_the_deck_list_counts_cards_in_learning_as_they_come_due(
    qtbot: QtBot, library: Library, write_deck: WriteDeck, make_window: MakeWindow
) -> None:
    import sqlite3
    from datetime import UTC, datetime

    library.update_settings(learning_steps=(1.0, 60.0))
    library.add_deck(write_deck(basic_deck("d", ["a"])))
    window = make_window(library)
    study_from_tree(qtbot, window, "d")
    press(qtbot, Qt.Key.Key_Space)
    press(qtbot, Qt.Key.Key_Space)  # Good: due again in an hour
    press(qtbot, Qt.Key.Key_Escape)
    assert window.deck_list.counts_text("d") == ["0", "0", "0"]
    # An hour later, as far as the card is concerned; the list looks again
    # once a minute.
    with sqlite3.connect(library.db_path) as db:
        db.execute("UPDATE card SET due = ?", (int(datetime.now(UTC).timestamp() * 1000),))
    db.close()
    timer = window.deck_list.counts_timer
    assert timer.isActive() and timer.interval() == 60_000
    timer.timeout.emit()
    assert window.deck_list.counts_text("d") == ["0", "1", "0"]


def test_studying_hides_the_status_bar_and_the_empty_progress_bar(
    qtbot: QtBot, library: Library, write_deck: WriteDeck, make_window: MakeWindow
) -> None:
    library.add_deck(write_deck(basic_deck("d", ["a"])))
    window = make_window(library)
    assert window.statusBar().isVisible()
    # The deck count, and no data-folder path (it is in Help → About).
    assert window.statusBar().currentMessage() == "1 deck"
    study_from_tree(qtbot, window, "d")
    assert not window.statusBar().isVisible()
    page = window.study_page
    assert not page.progress.isVisible()  # no answer yet: no empty bar
    press(qtbot, Qt.Key.Key_Space)
    press(qtbot, Qt.Key.Key_3)
    assert page.progress.isVisible() and page.progress.text() == "1 answer"
    press(qtbot, Qt.Key.Key_Escape)
    assert window.pages.currentWidget() is window.deck_list
    assert window.statusBar().isVisible()
