"""Quiz mode: setting it up, one auto-graded question at a time, and the report."""

from __future__ import annotations

import html
from datetime import timedelta
from pathlib import Path

from PySide6.QtCore import QElapsedTimer, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QSpinBox,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from endoquiz import (
    Card,
    DeckError,
    Library,
    QuestionKind,
    QuizQuestion,
    QuizResult,
    QuizSession,
    StoreError,
)
from endoquiz.card_text import source_markdown
from endoquiz.diagnostics import isolated
from endoquiz.gui.answer_widgets import ChoiceButtons, TypedAnswer
from endoquiz.gui.card_view import CardView
from endoquiz.gui.dialogs import warn_answer_not_saved
from endoquiz.gui.keys import activate_focused_button


class QuizSetupDialog(QDialog):
    """How many questions, and whether to time them."""

    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"Quiz: {isolated(title)}")
        self.question_count = QSpinBox()
        self.question_count.setRange(1, 200)
        self.question_count.setValue(10)
        self.question_count.setAccessibleName("Number of questions")
        self.timed = QCheckBox("Give each question 30 seconds")
        self.timed.setAccessibleName("Timed quiz")
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Start quiz")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form = QFormLayout(self)
        form.addRow("&Questions:", self.question_count)
        form.addRow("", self.timed)
        form.addRow(buttons)


class QuizPage(QWidget):
    """One question at a time; Enter moves on; a report at the end.

    Signals:
        closed(): back to the deck list.
        study_missed(str, list): study the missed cards of a deck.
        answered(): an answer went into the log.
    """

    closed = Signal()
    study_missed = Signal(str, list)
    answered = Signal()

    def __init__(self, library: Library, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.library = library
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
        self.timer_label = QLabel()
        self.timer_label.setAccessibleName("Time left")
        self.score_bar = QProgressBar()
        self.score_bar.setAccessibleName("Score")
        self.view = CardView(reading=True)
        self.view.setAccessibleName("Question")
        self.view.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.choices = ChoiceButtons()
        self.choices.picked.connect(self.submit)
        self.typed = TypedAnswer()
        self.typed.submitted.connect(self.submit)
        self.feedback = QLabel()
        self.feedback.setAccessibleName("Result of your answer")
        self.feedback.setTextFormat(Qt.TextFormat.RichText)
        self.feedback.setWordWrap(True)
        self.next_button = QPushButton("Next (Enter)")
        self.next_button.clicked.connect(self.next)
        self.answer_area = QStackedWidget()
        self.answer_area.addWidget(self.choices)
        self.answer_area.addWidget(self.typed)

        question_page = QWidget()
        question_layout = QVBoxLayout(question_page)
        question_layout.setContentsMargins(0, 0, 0, 0)
        question_layout.addWidget(self.view, 1)
        question_layout.addWidget(self.answer_area)
        question_layout.addWidget(self.feedback)
        question_layout.addWidget(self.next_button, 0, Qt.AlignmentFlag.AlignRight)

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
        self.next_button.setEnabled(False)
        self.view.show_markdown(
            f"**Question {self.question.number} of {len(self.quiz.questions)}**\n\n"
            + self.question.prompt,
            self._deck_folder(self.question.card),
        )
        if self.question.kind is QuestionKind.CHOICE:
            self.choices.set_choices(self.question.choices)
            self.answer_area.setCurrentWidget(self.choices)
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

    def _deck_folder(self, card: Card) -> Path | None:
        """Where the card's images may come from: its deck's folder (none while
        the deck's file is broken or gone, so the quiz goes on)."""
        try:
            return self.library.deck_path(card.deck_id).parent
        except (KeyError, DeckError):
            return None

    def submit(self, given: str) -> None:
        """Grade the learner's answer to the current question."""
        if self.quiz is None or self.question is None or self.result is not None:
            return
        ticking = self._ticker.isActive()
        self._ticker.stop()
        try:
            self.result = self.quiz.answer(
                self.question, given, duration_ms=int(self._clock.elapsed())
            )
        except StoreError as error:
            warn_answer_not_saved(self, error)
            if ticking:
                self._ticker.start()
            return
        self._show_result()

    def _tick(self) -> None:
        self._seconds_left -= 1
        self._show_time()
        if self._seconds_left <= 0 and self.quiz is not None and self.question is not None:
            self._ticker.stop()
            self.result = self.quiz.time_out(self.question)
            self._show_result()

    def _show_time(self) -> None:
        self.timer_label.setText(f"{self._seconds_left} s left")

    def _show_result(self) -> None:
        assert self.result is not None and self.question is not None
        self.answered.emit()
        answer = html.escape(self.question.answer)
        if self.question.kind is QuestionKind.CHOICE:
            self.choices.mark(self.result.given, self.question.answer)
        elif self.result.check is not None:
            self.typed.show_check(self.result.check)
        else:  # time ran out on a typed question: nothing more can be typed
            self.typed.field.setEnabled(False)
        if self.result.timed_out:
            text = f"<b>Time is up.</b> The answer: {answer}"
        elif self.result.correct:
            text = "<b>✓ Right.</b>"
        else:
            text = f"<b>✗ Not right.</b> The answer: {answer}"
        self.feedback.setText(text)
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
        minutes, seconds = divmod(int(report.time / timedelta(seconds=1)), 60)
        parts = [
            f"## Score: {report.correct} of {report.total} ({report.score:.0%})",
            f"Time: {minutes} min {seconds} s",
        ]
        if report.missed:
            parts.append("### Missed")
            for result in report.missed:
                question = result.question
                if result.timed_out:
                    given = "time ran out"
                elif result.given.strip():
                    given = f"you answered *{result.given}*"
                else:
                    given = "no answer given"
                parts.append(f"**{question.number}.** {question.prompt}")
                if "\n" in question.answer:
                    # Emphasis cannot span paragraphs: quote a long answer instead.
                    quoted = "> " + question.answer.replace("\n", "\n> ")
                    parts += [f"Right answer ({given}):", quoted]
                else:
                    parts.append(f"Right answer: **{question.answer}** ({given})")
                source = source_markdown(question.card)
                if source:
                    parts.append(source)
                parts.append("---")
        else:
            parts.append("Every question right.")
        self.report_view.show_markdown("\n\n".join(parts))
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
            self._ticker.stop()
            self.closed.emit()
            return
        if activate_focused_button(event, self):
            return
        if self.pages.currentIndex() == 0 and self.question is not None:
            if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Space) and self.result:
                self.next()
                return
            if (
                self.result is None
                and self.question.kind is QuestionKind.CHOICE
                and Qt.Key.Key_1 <= key <= Qt.Key.Key_9
            ):
                self.choices.pick_number(key - Qt.Key.Key_0)
                return
        super().keyPressEvent(event)
