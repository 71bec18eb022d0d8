"""Quiz mode's page: one question at a time, each graded fairly, then the report."""

from __future__ import annotations

import html
from collections.abc import Callable

from PySide6.QtCore import QElapsedTimer, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from endoquiz import (
    Card,
    Library,
    QuestionKind,
    QuizQuestion,
    QuizResult,
    QuizSession,
    back_markdown,
    isolated,
)
from endoquiz.gui.accessibility import announce, describe
from endoquiz.gui.answer_widgets import ChoiceButtons, SelfGrade, TypedAnswer
from endoquiz.gui.card_view import CardView
from endoquiz.gui.keys import activate_focused_button
from endoquiz.gui.library_changes import LibraryChanges
from endoquiz.gui.quiz_verdicts import report_markdown, verdict_html
from endoquiz.gui.wording import count_text


class QuizPage(QWidget):
    """One question at a time; Enter moves on; a report at the end. Answers
    are logged through `changes`, which the other windows follow.

    Keys: 1-n pick an option; Enter submits a typed answer; Space (or Enter)
    shows the answer of a self-graded question, then 1 is "Didn't know" and
    2 "Knew it"; R counts a typed answer judged wrong as right ("I was
    right"); Enter or Space moves on; Esc leaves.

    Signals:
        closed(): back to the deck list.
        study_missed(str, list): study the missed cards of a deck.
    """

    closed = Signal()
    study_missed = Signal(str, list)

    def __init__(
        self, library: Library, changes: LibraryChanges, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.library = library
        self.changes = changes
        self.quiz: QuizSession | None = None
        self.deck_id = ""
        self.question: QuizQuestion | None = None
        self.result: QuizResult | None = None
        self._clock = QElapsedTimer()
        self._seconds_left = 0
        self._ticker = QTimer(self)
        self._ticker.setInterval(1000)
        self._ticker.timeout.connect(self._tick)

        self.heading = QLabel()
        self.heading.setWordWrap(True)  # a long deck title must not widen the window
        self.timer_label = QLabel()
        describe(self.timer_label, "Time left")
        self.score_bar = QProgressBar()
        self.score_bar.setAccessibleName("Score")
        self.view = CardView(reading=True)
        self.view.setAccessibleName("Question")
        self.view.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.choices = ChoiceButtons()
        self.choices.picked.connect(self.submit)
        self.typed = TypedAnswer()
        self.typed.submitted.connect(self.submit)
        self.self_grade = SelfGrade()
        self.self_grade.reveal_requested.connect(self.reveal)
        self.self_grade.graded.connect(self.grade_self)
        # The one verdict on an answer: right or not, the right answer, and
        # for a typed answer the diff (the typed-answer widget shows none here).
        self.feedback = QLabel()
        describe(self.feedback, "Result of your answer")
        self.feedback.setTextFormat(Qt.TextFormat.RichText)
        self.feedback.setWordWrap(True)
        self.override_button = QPushButton("I was right (R)")
        self.override_button.setAccessibleName("I was right: count my answer right (R)")
        self.override_button.setToolTip(
            "Your answer means the same as the card's: count it right, as if graded so"
        )
        self.override_button.clicked.connect(self.override)
        self.override_button.hide()
        self.next_button = QPushButton("Next (Enter)")
        self.next_button.clicked.connect(self.next)
        self.answer_area = QStackedWidget()
        self.answer_area.addWidget(self.choices)
        self.answer_area.addWidget(self.typed)
        self.answer_area.addWidget(self.self_grade)

        question_page = QWidget()
        question_layout = QVBoxLayout(question_page)
        question_layout.setContentsMargins(0, 0, 0, 0)
        question_layout.addWidget(self.view, 1)
        question_layout.addWidget(self.answer_area)
        question_layout.addWidget(self.feedback)
        after_answer = QHBoxLayout()
        after_answer.addWidget(self.override_button)
        after_answer.addStretch()
        after_answer.addWidget(self.next_button)
        question_layout.addLayout(after_answer)

        self.report_view = CardView()
        self.report_view.setAccessibleName("Quiz report")
        self.study_missed_button = QPushButton("&Study the missed cards")
        self.study_missed_button.clicked.connect(self._study_missed)
        self.back_button = QPushButton("&Back to decks")
        self.back_button.clicked.connect(self.closed.emit)
        report_page = QWidget()
        report_layout = QVBoxLayout(report_page)
        report_layout.addWidget(self.report_view, 1)
        report_buttons = QHBoxLayout()
        report_buttons.addWidget(self.study_missed_button)
        report_buttons.addStretch()
        report_buttons.addWidget(self.back_button)
        report_layout.addLayout(report_buttons)

        self.pages = QStackedWidget()
        self.pages.addWidget(question_page)
        self.pages.addWidget(report_page)
        top = QHBoxLayout()
        top.addWidget(self.heading, 1)
        top.addWidget(self.timer_label)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.score_bar)
        layout.addWidget(self.pages, 1)
        # The page holds the focus while a question shows: name it for screen readers.
        self.setAccessibleName("Quiz")
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)

    def start(self, deck_id: str, size: int, timed: bool) -> None:
        self.deck_id = deck_id
        self.quiz = self.library.quiz(deck_id, size, timed=timed)
        title = self.library.deck_titles().get(deck_id, (deck_id, ""))[0]
        self.heading.setText(f"<b>Quiz:</b> {html.escape(isolated(title))}")
        self.score_bar.setMaximum(max(1, len(self.quiz.questions)))
        self.next()

    def next(self) -> None:
        """Show the next question, or the report when there is none."""
        assert self.quiz is not None
        self._update_score()
        self.question = self.quiz.next_question()
        self.result = None
        if self.question is None:
            self._show_report()
            return
        self.pages.setCurrentIndex(0)
        self.feedback.clear()
        self.override_button.hide()
        self.next_button.setEnabled(False)
        self._show_question()
        if self.question.kind is QuestionKind.CHOICE:
            self.choices.set_choices(self.question.choices)
            self.answer_area.setCurrentWidget(self.choices)
            self.setFocus()
        elif self.question.kind is QuestionKind.SELF_GRADED:
            self.self_grade.reset()
            self.answer_area.setCurrentWidget(self.self_grade)
            self.setFocus()
        else:
            self.answer_area.setCurrentWidget(self.typed)
            self.typed.reset()
        self._clock.start()
        if self.quiz.seconds_per_question:
            self._seconds_left = self.quiz.seconds_per_question
            self._show_time()
            self._ticker.start()
        else:
            self.timer_label.clear()

    def _show_question(self, *, with_answer: bool = False, say: bool = True) -> None:
        """The question, numbered; below it, once revealed, the card's answer
        (said to a screen reader unless `say` is False: the verdict says it)."""
        assert self.quiz is not None and self.question is not None
        card = self.question.card
        parts = [
            f"**Question {self.question.number} of {len(self.quiz.questions)}**",
            self.question.prompt,
        ]
        if with_answer:
            parts += ["---", back_markdown(card, with_source=False)]
        self.view.show_markdown("\n\n".join(parts), self.library.deck_folder(card.deck_id))
        if say:
            announce(self.view, html.escape(self.view.toPlainText()))

    def submit(self, given: str) -> None:
        """Grade the learner's choice or typed answer to the current question."""
        if (
            self.quiz is None
            or self.question is None
            or self.result is not None
            or self.question.kind is QuestionKind.SELF_GRADED
        ):
            return
        quiz, question = self.quiz, self.question
        self._answer(lambda duration_ms: quiz.answer(question, given, duration_ms=duration_ms))

    def reveal(self) -> None:
        """Show the answer of a self-graded question, for the learner to grade.
        The clock stops: the time was for recalling it."""
        if (
            self.question is None
            or self.result is not None
            or self.question.kind is not QuestionKind.SELF_GRADED
            or self.self_grade.revealed
        ):
            return
        self._ticker.stop()
        self._show_question(with_answer=True)
        self.self_grade.show_grades()
        # Not on a grade button: an Enter pressed twice must not grade.
        self.setFocus()

    def grade_self(self, knew: bool) -> None:
        """The learner's verdict on a self-graded question they have seen the answer of."""
        if (
            self.quiz is None
            or self.question is None
            or self.result is not None
            or not self.self_grade.revealed
        ):
            return
        quiz, question = self.quiz, self.question
        self._answer(lambda duration_ms: quiz.self_grade(question, knew, duration_ms=duration_ms))

    def _answer(self, record: Callable[[int], QuizResult]) -> None:
        """Record an answer with the time it took, or say it was not saved
        (the question stays open, and so does its clock)."""
        ticking = self._ticker.isActive()
        self._ticker.stop()
        took_ms = int(self._clock.elapsed())
        result = self.changes.apply(self, lambda: record(took_ms), what="Your answer")
        if result is None:
            if ticking:
                self._ticker.start()
            return
        self.result = result
        self._show_result()

    def override(self) -> None:
        """Count a typed answer the quiz judged wrong as right: the learner
        says it means the same as the card's."""
        if self.quiz is None or self.result is None or not self.result.can_override:
            return
        quiz, question = self.quiz, self.result.question
        result = self.changes.apply(
            self, lambda: quiz.override(question), what="Counting your answer right"
        )
        if result is None:
            return
        self.result = result
        self._show_result()

    def _tick(self) -> None:
        self._seconds_left -= 1
        self._show_time()
        if self._seconds_left <= 0 and self.quiz is not None and self.question is not None:
            self._ticker.stop()
            quiz, question = self.quiz, self.question
            self.result = self.changes.apply(
                self, lambda: quiz.time_out(question), what="Your answer"
            )
            if self.result is not None:
                self._show_result()

    def _show_time(self) -> None:
        self.timer_label.setText(f"{self._seconds_left} s left")

    def _show_result(self) -> None:
        """The verdict, once, in words (not colour alone), with what to do next."""
        result, question = self.result, self.question
        assert result is not None and question is not None
        if question.kind is QuestionKind.CHOICE:
            self.choices.mark(result.given, question.answer)
        elif question.kind is QuestionKind.SELF_GRADED:
            self._show_question(with_answer=True, say=False)
            self.self_grade.finish()
        else:  # typed: nothing more can be typed
            self.typed.field.setEnabled(False)
        self.feedback.setText(verdict_html(result))
        announce(self.feedback, self.feedback.text())
        self.override_button.setVisible(result.can_override)
        self.next_button.setEnabled(True)
        self.next_button.setFocus()
        self._update_score()

    def _update_score(self) -> None:
        if self.quiz is None:
            return
        answered = len(self.quiz.results)
        self.score_bar.setValue(answered)
        self.score_bar.setFormat(
            f"{self.quiz.correct_count} right of {answered} answered · "
            f"{len(self.quiz.questions)} questions"
        )

    def _show_report(self) -> None:
        assert self.quiz is not None
        self._ticker.stop()
        self.timer_label.clear()
        report = self.quiz.report()
        self.report_view.show_markdown(report_markdown(report))
        self.study_missed_button.setEnabled(bool(report.missed))
        self.pages.setCurrentIndex(1)
        # Showing the page lays the report out again: start at its score.
        self.report_view.verticalScrollBar().setValue(0)
        (self.study_missed_button if report.missed else self.back_button).setFocus()

    def _study_missed(self) -> None:
        if self.quiz is not None:
            missed: list[Card] = self.quiz.missed_cards()
            self.study_missed.emit(self.deck_id, missed)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt's name
        key = event.key()
        if key == Qt.Key.Key_Escape:
            ticking = self._ticker.isActive()
            self._ticker.stop()
            if self._leaving_confirmed():
                self.closed.emit()
            elif ticking:
                self._ticker.start()
            return
        if activate_focused_button(event, self):
            return
        if self.pages.currentIndex() == 0 and self.question is not None:
            if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Space) and self.result:
                self.next()
                return
            if key == Qt.Key.Key_R and self.result and self.result.can_override:
                self.override()
                return
            if self.result is None and self._answer_key(key):
                return
        super().keyPressEvent(event)

    def _leaving_confirmed(self) -> bool:
        """Esc leaves at once before the first answer and at the report; in
        between it asks, as a stray Esc would lose the rest of the quiz and
        its report (the answers given are kept). True to leave."""
        if self.quiz is None or not self.quiz.results or self.pages.currentIndex() != 0:
            return True
        answered = len(self.quiz.results)
        left = len(self.quiz.questions) - answered
        box = QMessageBox(self)
        box.setIcon(QMessageBox.Icon.Question)
        box.setWindowTitle("Leave the quiz?")
        box.setText(
            f"Leave the quiz? Your {count_text(answered, 'answer')} "
            f"{'are' if answered != 1 else 'is'} kept, but {count_text(left, 'question')} "
            "will not be asked and there is no report."
        )
        leave = box.addButton("&Leave the quiz", QMessageBox.ButtonRole.AcceptRole)
        stay = box.addButton("&Continue the quiz", QMessageBox.ButtonRole.RejectRole)
        # Enter and Esc both keep the quiz: only a deliberate choice leaves it.
        box.setDefaultButton(stay)
        box.setEscapeButton(stay)
        box.exec()
        return box.clickedButton() is leave

    def _answer_key(self, key: int) -> bool:
        """Keys that answer the open question: an option's number, Space or
        Enter to show a self-graded answer, 1 or 2 to grade it. True if used."""
        assert self.question is not None
        number = key - Qt.Key.Key_0 if Qt.Key.Key_1 <= key <= Qt.Key.Key_9 else None
        if self.question.kind is QuestionKind.CHOICE and number is not None:
            self.choices.pick_number(number)
            return True
        if self.question.kind is not QuestionKind.SELF_GRADED:
            return False
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Space):
            self.reveal()
            return True
        return number is not None and self.self_grade.grade_number(number)
