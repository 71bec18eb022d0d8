"""Quizzes from the keyboard: picking, typing, moving on, the report, the clock."""
# mypy: disable-error-code="no-untyped-call"
# (pytest-qt's keyClick, keyClicks and mouseClick have no type hints)

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QLabel
from pytestqt.qtbot import QtBot

from endoquiz import Card, Library, QuestionKind, QuizResult, Rating, State
from endoquiz.gui.answer_widgets import ChoiceButtons
from endoquiz.gui.main_window import MainWindow
from endoquiz.gui.quiz_page import QuizPage
from endoquiz.gui.quiz_setup import QuizSetupDialog
from tests.conftest import T0, WriteDeck, study
from tests.gui.conftest import MakeWindow, focused, plain, press, type_answer

HEADER = "endoquiz: 1\nid: quiz\ntitle: Quiz deck\ncards:\n"
GLAND = """\
  - id: gland
    kind: choice
    question: Which gland secretes cortisol?
    choices: [Adrenal cortex, Adrenal medulla, Thyroid]
    answer: Adrenal cortex
"""
ISLETS = """\
  - id: islets
    kind: choice
    question: Which islet cells make insulin?
    choices: [Alpha cells, Beta cells, Delta cells]
    answer: Beta cells
"""
HOMA = """\
  - id: homa
    kind: typed
    front: Which index is computed from fasting insulin and glucose?
    answer: HOMA-IR
"""
RAISES = """\
  - id: raises
    kind: typed
    front: Which pancreatic hormone raises blood glucose?
    answer: Glucagon
"""
ESSAY = """\
  - id: essay
    front: What is **insulin resistance**?
    back: Cells become less responsive to insulin's signal, so glucose stays in the blood.
"""
QUIZ_DECK = HEADER + GLAND + ISLETS + HOMA + RAISES
ONE_CARD_DECKS = {
    "choice": HEADER + GLAND,
    "typed": HEADER + RAISES,
    "self-graded": HEADER + ESSAY,
}

NUMBER_KEYS = (Qt.Key.Key_1, Qt.Key.Key_2, Qt.Key.Key_3, Qt.Key.Key_4)

# What the learner answers to each card: two right, two wrong.
PLAN = {
    "gland": ("Adrenal cortex", True),
    "islets": ("Alpha cells", False),
    "homa": ("homa ir", True),
    "raises": ("insulin", False),
}


def answer_current(qtbot: QtBot, page: QuizPage) -> str:
    """Answer the question shown as PLAN says, by number key or typing; its card id."""
    question = page.question
    assert question is not None
    given, _ = PLAN[question.card.id]
    if question.kind is QuestionKind.CHOICE:
        assert focused() is page
        press(qtbot, NUMBER_KEYS[question.choices.index(given)])
    else:
        type_answer(qtbot, page.typed.field, given)
    return question.card.id


def result_of(page: QuizPage) -> QuizResult | None:
    """The page's result, read afresh (for mypy, which thinks it still None)."""
    return page.result


def accept_setup(qtbot: QtBot, questions: str) -> list[QuizSetupDialog]:
    """When the quiz setup dialog opens, type the number of questions and press Enter."""
    seen: list[QuizSetupDialog] = []

    def fill_in() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, QuizSetupDialog):
            if dialog is not None:
                dialog.close()
            return
        seen.append(dialog)
        spin = dialog.question_count
        spin.setFocus()
        qtbot.keyClick(spin, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
        qtbot.keyClicks(spin, questions)
        qtbot.keyClick(spin, Qt.Key.Key_Return)  # the dialog's default: Start quiz

    QTimer.singleShot(0, fill_in)
    return seen


def test_quiz_by_keys_and_typing_ends_with_a_report_and_studies_the_missed(
    qtbot: QtBot, library: Library, write_deck: WriteDeck, make_window: MakeWindow
) -> None:
    library.add_deck(write_deck(QUIZ_DECK))
    window = make_window(library)
    page = window.quiz_page
    seen = accept_setup(qtbot, "4")
    window.deck_list.quiz_button.click()
    assert len(seen) == 1
    assert seen[0].windowTitle() == "Quiz: Quiz deck"
    # A window manager activates the window again when the dialog closes; the
    # offscreen platform does not, so the test does.
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=2000)
    assert window.pages.currentWidget() is page
    assert plain(page.heading.text()) == "Quiz: Quiz deck"
    assert page.quiz is not None and len(page.quiz.questions) == 4
    assert page.timer_label.text() == ""

    asked = []
    for number in range(1, 5):
        assert page.view.toPlainText().startswith(f"Question {number} of 4")
        assert not page.next_button.isEnabled()
        card_id = answer_current(qtbot, page)
        asked.append(card_id)
        given, right = PLAN[card_id]
        # The result shows on the same question until the learner moves on.
        assert page.view.toPlainText().startswith(f"Question {number} of 4")
        assert page.result is not None and page.result.correct is right
        feedback = plain(page.feedback.text())
        answer = page.question.answer if page.question else ""
        if page.question is not None and page.question.kind is QuestionKind.CHOICE:
            assert feedback == ("✓ Right." if right else f"✗ Not right. The answer: {answer}")
            marks = {b.property("choice"): b.text() for b in page.choices.buttons}
            assert marks[page.question.answer].endswith("✓")
            assert all(not b.isEnabled() for b in page.choices.buttons)
            if not right:
                assert marks[given].endswith("✗")
        else:
            # One verdict, with the diff: the page's, none from the answer widget.
            verdict = "✓ Right." if right else "✗ Not right. If your answer means the same"
            assert feedback.startswith(verdict)
            assert f"Your answer: {given} Expected: {answer}" in feedback
            assert page.typed.result.text() == ""
            assert not page.typed.field.isEnabled()
            assert page.override_button.isVisible() is not right
        assert page.next_button.hasFocus()
        assert page.score_bar.value() == number
        press(qtbot, Qt.Key.Key_Return)

    assert page.pages.currentIndex() == 1
    report = page.report_view.toPlainText()
    assert "Score: 2 of 4 (50%)" in report
    assert "Right answer: Beta cells (you answered Alpha cells)" in report
    assert "Right answer: Glucagon (you answered insulin)" in report
    assert "Right answer: Adrenal cortex" not in report
    assert "Right answer: HOMA-IR" not in report
    missed = [card_id for card_id in asked if not PLAN[card_id][1]]

    log = {e.card_id: (e.rating, e.mode) for e in library.review_log("quiz")}
    assert log == {
        "gland": (Rating.GOOD, "quiz"),
        "islets": (Rating.AGAIN, "quiz"),
        "homa": (Rating.GOOD, "quiz"),
        "raises": (Rating.AGAIN, "quiz"),
    }
    # The default policy: a wrong answer makes the card due again, a right one changes nothing.
    assert library.card_state("quiz", "gland").state is State.NEW
    assert library.card_state("quiz", "islets").state is State.LEARNING

    assert page.study_missed_button.hasFocus()
    with qtbot.waitSignal(page.study_missed, timeout=1000) as blocker:
        press(qtbot, Qt.Key.Key_Space)
    deck_id, cards = blocker.args
    assert deck_id == "quiz"
    assert [card.id for card in cards if isinstance(card, Card)] == missed

    study = window.study_page
    assert window.pages.currentWidget() is study
    assert "missed cards" in plain(study.heading.text())
    shown = []
    while study.pages.currentIndex() == 0 and study.card is not None:
        card = study.card
        shown.append(card.id)
        assert card.answer is not None
        if card.choices:
            press(qtbot, NUMBER_KEYS[card.choices.index(card.answer)])
        else:
            type_answer(qtbot, study.typed.field, card.answer)
        press(qtbot, Qt.Key.Key_4)  # Easy: done with it
        assert len(shown) <= len(missed), f"studied more than the missed cards: {shown}"
    assert shown == missed
    assert "2 cards studied" in plain(study.summary.text())


@pytest.mark.parametrize("kind", list(ONE_CARD_DECKS))
def test_timed_question_counts_as_wrong_when_the_time_runs_out(
    qtbot: QtBot, library: Library, write_deck: WriteDeck, make_window: MakeWindow, kind: str
) -> None:
    library.add_deck(write_deck(ONE_CARD_DECKS[kind]))
    window = make_window(library)
    page = window.quiz_page
    window.pages.setCurrentWidget(page)
    page.start("quiz", 1, timed=True)
    assert page.question is not None and page.question.kind.value == kind
    assert page.timer_label.text() == "30 s left"
    assert page._ticker.isActive()
    assert page._ticker.interval() == 1000
    page._ticker.stop()  # the test is the clock from here on
    question = page.question
    assert question is not None

    for _ in range(29):
        page._tick()
    assert page.timer_label.text() == "1 s left"
    assert page.result is None
    assert library.review_log() == []

    with qtbot.waitSignal(window.changes.changed, timeout=1000):
        page._tick()
    result = result_of(page)
    assert result is not None and result.timed_out and not result.correct
    if question.kind is QuestionKind.SELF_GRADED:
        # Its answer is shown in full under the question, not repeated.
        assert plain(page.feedback.text()) == "Time is up."
        assert question.answer in page.view.toPlainText()
        assert not page.self_grade.knew_button.isEnabled()
    else:
        assert plain(page.feedback.text()) == f"Time is up. The answer: {question.answer}"
    if question.kind is QuestionKind.CHOICE:
        assert all(not b.isEnabled() for b in page.choices.buttons)
    elif question.kind is QuestionKind.TYPED:
        assert not page.typed.field.isEnabled()
    assert not page.override_button.isVisible()
    [entry] = library.review_log()
    assert (entry.card_id, entry.rating, entry.mode) == (question.card.id, Rating.AGAIN, "quiz")

    # A late key changes nothing: the question is over.
    with qtbot.assertNotEmitted(window.changes.changed):
        qtbot.keyClick(page, Qt.Key.Key_1)
    press(qtbot, Qt.Key.Key_Return)
    report = page.report_view.toPlainText()
    assert "Score: 0 of 1 (0%)" in report
    assert f"Right answer: {question.answer} (time ran out)" in report
    assert page.timer_label.text() == ""


def test_escape_leaves_a_timed_quiz_and_stops_its_clock(
    qtbot: QtBot, library: Library, write_deck: WriteDeck, make_window: MakeWindow
) -> None:
    library.add_deck(write_deck(QUIZ_DECK))
    window = make_window(library)
    page = window.quiz_page
    window.pages.setCurrentWidget(page)
    page.start("quiz", 2, timed=True)
    page.setFocus()
    with qtbot.waitSignal(page.closed, timeout=1000):
        press(qtbot, Qt.Key.Key_Escape)
    assert not page._ticker.isActive()
    assert window.pages.currentWidget() is window.deck_list
    assert library.review_log() == []


def test_all_right_report_offers_no_missed_cards(
    qtbot: QtBot, library: Library, write_deck: WriteDeck, make_window: MakeWindow
) -> None:
    library.add_deck(write_deck(QUIZ_DECK))
    window = make_window(library)
    page = window.quiz_page
    window.pages.setCurrentWidget(page)
    page.start("quiz", 4, timed=False)
    while page.question is not None:
        question = page.question
        if question.kind is QuestionKind.CHOICE:
            press(qtbot, NUMBER_KEYS[question.choices.index(question.answer)])
        else:
            type_answer(qtbot, page.typed.field, question.answer)
        press(qtbot, Qt.Key.Key_Space)
    report = page.report_view.toPlainText()
    assert "Score: 4 of 4 (100%)" in report
    assert "Every question right." in report
    assert not page.study_missed_button.isEnabled()
    assert page.back_button.hasFocus()
    with qtbot.waitSignal(page.closed, timeout=1000):
        press(qtbot, Qt.Key.Key_Space)


def test_deck_saved_broken_during_a_quiz_does_not_stop_it(
    qtbot: QtBot, library: Library, write_deck: WriteDeck, make_window: MakeWindow
) -> None:
    path = write_deck(QUIZ_DECK)
    library.add_deck(path)
    window = make_window(library)
    page = window.quiz_page
    window.pages.setCurrentWidget(page)
    page.start("quiz", 2, timed=False)
    path.write_text("endoquiz: 1\nid: quiz\ncards: not a list\n", encoding="utf-8")
    answer_current(qtbot, page)
    press(qtbot, Qt.Key.Key_Return)
    assert page.view.toPlainText().startswith("Question 2 of 2")


def test_a_long_option_wraps_instead_of_widening_the_window(qtbot: QtBot) -> None:
    choices = ChoiceButtons()
    qtbot.addWidget(choices)
    long = "A sentence of an option that goes on " * 12
    choices.set_choices((long, "Short"))
    choices.resize(600, 400)
    with qtbot.waitExposed(choices):
        choices.show()
    first, _short = choices.buttons
    assert first.text() == f"1. {long}"
    assert choices.minimumSizeHint().width() < 400  # no wider than a narrow window
    line = first.fontMetrics().height()
    assert first.height() > 3 * line and first.width() < 320
    picked: list[str] = []
    choices.picked.connect(picked.append)
    qtbot.mouseClick(first, Qt.MouseButton.LeftButton)
    assert picked == [long]


# Cards like the issue's: a sentence for a back with another name in
# parentheses, and two bundled "Which term ..." cards, too few to choose from.
ANOTHER_NAME = """\
  - {id: tsh, front: Which gland secretes TSH?, back: The anterior pituitary (adenohypophysis).}
  - {id: t4, front: Which hormone does the thyroid secrete most of?, back: T4 (thyroxine)}
"""
TERMS = """\
  - id: trt-men
    front: |-
      Which term does the article describe this way?

      > For men experiencing symptoms of low testosterone alongside insulin resistance.
    back: Testosterone Replacement Therapy (TRT) for Men
  - id: trt-women
    front: |-
      Which term does the article describe this way?

      > Women with symptoms related to hormonal changes may benefit from low-dose testosterone.
    back: Testosterone Replacement Therapy for Women
"""


def start_quiz(library: Library, make_window: MakeWindow, size: int) -> MainWindow:
    """A new window on its quiz page, quizzing deck "quiz" (keep it: the
    window goes when the last reference to it does)."""
    window = make_window(library)
    window.pages.setCurrentWidget(window.quiz_page)
    window.quiz_page.start("quiz", size, timed=False)
    return window


def texts_on_screen(page: QuizPage) -> str:
    """Every label's text on the page, as the learner reads it."""
    return " | ".join(
        plain(label.text()) for label in page.findChildren(QLabel) if label.isVisible()
    )


def test_typed_short_answers_are_graded_by_their_core_and_r_overrides_a_wrong_verdict(
    qtbot: QtBot, library: Library, write_deck: WriteDeck, make_window: MakeWindow
) -> None:
    library.add_deck(write_deck(HEADER + ANOTHER_NAME + TERMS))
    study(library, "quiz", T0, [Rating.EASY] * 4)
    before = library.card_state("quiz", "tsh"), library.card_state("quiz", "t4")
    window = start_quiz(library, make_window, 4)
    page = window.quiz_page
    typed = {"tsh": "anterior pituitary", "t4": "tetraiodothyronine"}
    while page.question is not None:
        question = page.question
        if question.kind is QuestionKind.SELF_GRADED:
            press(qtbot, Qt.Key.Key_Space)
            press(qtbot, Qt.Key.Key_2)
        else:
            type_answer(qtbot, page.typed.field, typed[question.card.id])
        if question.card.id == "tsh":
            # The answer: right, and said once.
            assert plain(page.feedback.text()).startswith(
                "✓ Right. Your answer: anterior pituitary Expected: anterior pituitary"
            )
            assert "The anterior pituitary (adenohypophysis)." in plain(page.feedback.text())
            assert not page.override_button.isVisible()
        if question.card.id == "t4":
            assert plain(page.feedback.text()).startswith("✗ Not right.")
            screen = texts_on_screen(page)
            assert screen.count("Not right") == 1 and "Not quite" not in screen
            assert page.override_button.isVisible() and page.next_button.hasFocus()
            with qtbot.waitSignal(window.changes.changed, timeout=1000):
                press(qtbot, Qt.Key.Key_R)
            assert plain(page.feedback.text()).startswith("✓ Counted right")
            assert "Your answer: tetraiodothyronine" in plain(page.feedback.text())
            assert not page.override_button.isVisible()
            with qtbot.assertNotEmitted(window.changes.changed):
                press(qtbot, Qt.Key.Key_R)  # once is enough
        press(qtbot, Qt.Key.Key_Return)

    report = page.report_view.toPlainText()
    assert "Score: 4 of 4 (100%)" in report
    assert "2 graded by you, 1 counted right on your word" in report
    quiz_log = {e.card_id: e.rating for e in library.review_log("quiz") if e.mode == "quiz"}
    assert quiz_log == dict.fromkeys(["tsh", "t4", "trt-men", "trt-women"], Rating.GOOD)
    # Nothing was pushed back: the wrong verdict the learner overrode left no trace.
    after = library.card_state("quiz", "tsh"), library.card_state("quiz", "t4")
    assert after == before


def test_a_self_graded_question_reveals_then_takes_the_learners_verdict_by_key(
    qtbot: QtBot, library: Library, write_deck: WriteDeck, make_window: MakeWindow
) -> None:
    library.add_deck(write_deck(HEADER + TERMS))
    window = start_quiz(library, make_window, 2)
    page = window.quiz_page
    verdicts = {}
    for key in (Qt.Key.Key_2, Qt.Key.Key_1):
        question = page.question
        assert question is not None and question.kind is QuestionKind.SELF_GRADED
        assert page.answer_area.currentWidget() is page.self_grade
        assert question.answer not in page.view.toPlainText()
        assert focused() is page
        # Grading before seeing the answer does nothing.
        with qtbot.assertNotEmitted(window.changes.changed):
            qtbot.keyClick(page, key)
        press(qtbot, Qt.Key.Key_Space)
        assert question.answer in page.view.toPlainText()
        assert page.view.toPlainText().startswith(f"Question {question.number} of 2")
        assert page.self_grade.knew_button.isVisible()
        # Enter again must not grade: the learner says which it was.
        with qtbot.assertNotEmitted(window.changes.changed):
            press(qtbot, Qt.Key.Key_Return)
        with qtbot.waitSignal(window.changes.changed, timeout=1000):
            press(qtbot, key)
        verdicts[question.card.id] = plain(page.feedback.text())
        assert not page.self_grade.knew_button.isEnabled()
        assert not page.override_button.isVisible()
        assert page.next_button.hasFocus()
        press(qtbot, Qt.Key.Key_Return)

    first, second = verdicts
    assert verdicts == {first: "✓ You knew it.", second: "✗ You did not know it."}
    log = {e.card_id: e.rating for e in library.review_log("quiz")}
    assert log == {first: Rating.GOOD, second: Rating.AGAIN}
    # The default policy: "didn't know" makes the card due again, "knew it" changes nothing.
    assert library.card_state("quiz", first).state is State.NEW
    assert library.card_state("quiz", second).state is State.LEARNING
    report = page.report_view.toPlainText()
    assert "Score: 1 of 2 (50%)" in report
    assert "2 graded by you" in report
    assert "(you did not know it)" in report


def test_showing_a_self_graded_answer_stops_the_clock_of_a_timed_quiz(
    qtbot: QtBot, library: Library, write_deck: WriteDeck, make_window: MakeWindow
) -> None:
    library.add_deck(write_deck(ONE_CARD_DECKS["self-graded"]))
    window = make_window(library)
    page = window.quiz_page
    window.pages.setCurrentWidget(page)
    page.start("quiz", 1, timed=True)
    assert page._ticker.isActive()
    press(qtbot, Qt.Key.Key_Space)
    # The time was for recalling the answer; grading oneself is not timed.
    assert not page._ticker.isActive()
    assert page.timer_label.text() == "30 s left"
    press(qtbot, Qt.Key.Key_2)
    result = result_of(page)
    assert result is not None and result.correct and not result.timed_out


def test_a_teachers_distractors_are_the_options_on_screen(
    qtbot: QtBot, library: Library, write_deck: WriteDeck, make_window: MakeWindow
) -> None:
    library.add_deck(
        write_deck(
            HEADER
            + """\
  - id: t4
    kind: typed
    front: Which thyroid hormone carries four iodine atoms?
    answer: Thyroxine
    distractors: [Triiodothyronine, Thyroglobulin, Calcitonin]
"""
        )
    )
    window = make_window(library)
    page = window.quiz_page
    window.pages.setCurrentWidget(page)
    page.start("quiz", 1, timed=False)
    shown = sorted(button.text().split(". ", 1)[1] for button in page.choices.buttons)
    assert shown == ["Calcitonin", "Thyroglobulin", "Thyroxine", "Triiodothyronine"]
    assert all(button.isEnabled() for button in page.choices.buttons)
    question = page.question
    assert question is not None
    press(qtbot, NUMBER_KEYS[question.choices.index("Thyroxine")])
    assert page.result is not None and page.result.correct
