"""Studying a deck: the card, revealing it, rating it, and the summary at the end."""

from __future__ import annotations

import html
from datetime import timedelta
from pathlib import Path

from PySide6.QtCore import QElapsedTimer, Qt, Signal
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from endoquiz import (
    Card,
    CardKind,
    DeckError,
    Library,
    Rating,
    ReviewSession,
    StoreError,
    check_choice,
    check_typed,
    format_interval,
)
from endoquiz.answer_checking import suggested_rating
from endoquiz.card_text import back_markdown, front_markdown
from endoquiz.diagnostics import isolated
from endoquiz.gui.answer_widgets import ChoiceButtons, TypedAnswer, colour_style, diff_html
from endoquiz.gui.card_view import CardView
from endoquiz.gui.dialogs import warn_answer_not_saved
from endoquiz.gui.keys import activate_focused_button
from endoquiz.gui.theme import text_colours

RATING_LABELS = {
    Rating.AGAIN: "Again",
    Rating.HARD: "Hard",
    Rating.GOOD: "Good",
    Rating.EASY: "Easy",
}


class StudyPage(QWidget):
    """A study session, driven from the keyboard: Space or Enter shows the
    answer (then means Good), 1-4 rate, Ctrl+Z undoes, Esc goes back.

    Signals:
        closed(): the learner left the session (Esc, or Back at the end).
        answered(): an answer was committed, so the deck list's counts changed.
    """

    closed = Signal()
    answered = Signal()

    def __init__(self, library: Library, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.library = library
        self.session: ReviewSession | None = None
        self.card: Card | None = None
        self.revealed = False
        self._suggested = Rating.GOOD
        self._studied = 0
        self._clock = QElapsedTimer()

        self.heading = QLabel()
        self.heading.setAccessibleName("Deck being studied")
        self.counts = QLabel()
        self.counts.setAccessibleName("Cards left")
        self.counts.setTextFormat(Qt.TextFormat.RichText)
        self.progress = QProgressBar()
        self.progress.setAccessibleName("Session progress")
        self.progress.setTextVisible(True)
        self.view = CardView(reading=True)
        self.view.setAccessibleName("Card")
        self.view.setFocusPolicy(Qt.FocusPolicy.NoFocus)

        self.reveal_button = QPushButton("Show answer (Space)")
        self.reveal_button.setAccessibleName("Show answer")
        self.reveal_button.clicked.connect(self.reveal)
        self.choices = ChoiceButtons()
        self.choices.picked.connect(self._choice_picked)
        self.typed = TypedAnswer()
        self.typed.submitted.connect(self._typed_submitted)
        self.rating_buttons: dict[Rating, QPushButton] = {}
        ratings = QHBoxLayout()
        for rating, label in RATING_LABELS.items():
            button = QPushButton(label)
            button.setAccessibleName(f"{label} ({int(rating)})")
            button.clicked.connect(lambda _=False, r=rating: self.rate(r))
            ratings.addWidget(button)
            self.rating_buttons[rating] = button
        rating_row = QWidget()
        rating_row.setLayout(ratings)

        # One stack for what sits under the card: a button, options, a field, ratings.
        self.controls = QStackedWidget()
        for widget in (self.reveal_button, self.choices, self.typed, rating_row):
            self.controls.addWidget(widget)
        self._rating_row = rating_row

        self.feedback = QLabel()
        self.feedback.setAccessibleName("Your answer, checked")
        self.feedback.setTextFormat(Qt.TextFormat.RichText)
        self.feedback.setWordWrap(True)
        self.feedback.hide()

        self.notice = QLabel()
        self.notice.setAccessibleName("Notice")
        self.notice.setTextFormat(Qt.TextFormat.RichText)
        self.notice.setWordWrap(True)
        self.notice.hide()

        self.summary = QLabel()
        self.summary.setAccessibleName("Session summary")
        self.summary.setTextFormat(Qt.TextFormat.RichText)
        self.summary.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.back_button = QPushButton("Back to decks (Esc)")
        self.back_button.clicked.connect(self.closed.emit)
        summary_page = QWidget()
        summary_layout = QVBoxLayout(summary_page)
        summary_layout.addStretch()
        summary_layout.addWidget(self.summary)
        summary_layout.addWidget(self.back_button, 0, Qt.AlignmentFlag.AlignCenter)
        summary_layout.addStretch()

        card_page = QWidget()
        card_layout = QVBoxLayout(card_page)
        card_layout.setContentsMargins(0, 0, 0, 0)
        card_layout.addWidget(self.view, 1)
        card_layout.addWidget(self.feedback)
        card_layout.addWidget(self.controls)
        self.pages = QStackedWidget()
        self.pages.addWidget(card_page)
        self.pages.addWidget(summary_page)

        top = QHBoxLayout()
        top.addWidget(self.heading, 1)
        top.addWidget(self.counts)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.progress)
        layout.addWidget(self.notice)
        layout.addWidget(self.pages, 1)

        undo = QShortcut(QKeySequence.StandardKey.Undo, self)
        undo.activated.connect(self.undo)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)

    # -- session -----------------------------------------------------------

    def start(self, deck_id: str, focus: list[Card] | None = None) -> None:
        """Study a deck (and its children), or just `focus` cards."""
        self.session = self.library.review(deck_id, focus=focus)
        self._studied = 0
        title = self.library.deck_titles().get(deck_id, (deck_id, ""))[0]
        heading = f"<b>{html.escape(isolated(title))}</b>"
        self.heading.setText(heading + (" · missed cards" if focus else ""))
        self.show_next()

    def show_next(self) -> None:
        assert self.session is not None
        self.card = self.session.next_card()
        self._update_counts()
        if self.card is None:
            self._show_summary()
            return
        self.pages.setCurrentIndex(0)
        self.revealed = False
        self.feedback.hide()
        folder = self._deck_folder(self.card)
        self.view.show_markdown(front_markdown(self.card), folder)
        if self.card.kind is CardKind.CHOICE:
            self.choices.set_choices(self.card.choices)
            self.controls.setCurrentWidget(self.choices)
        elif self.card.kind is CardKind.TYPED:
            self.typed.reset()
            self.controls.setCurrentWidget(self.typed)
        else:
            self.controls.setCurrentWidget(self.reveal_button)
            self.setFocus()
        self._clock.start()

    def _deck_folder(self, card: Card) -> Path | None:
        """Where the card's images may come from: its deck's folder (none while
        the deck's file is broken or gone, so the session goes on)."""
        try:
            return self.library.deck_path(card.deck_id).parent
        except (KeyError, DeckError):
            return None

    def reveal(self, suggested: Rating = Rating.GOOD) -> None:
        """Show the back and the rating buttons, with the interval each gives."""
        if self.card is None or self.session is None or self.revealed:
            return
        self.revealed = True
        self._suggested = suggested
        self.view.show_markdown(back_markdown(self.card), self._deck_folder(self.card))
        intervals = self.session.next_intervals(self.card)
        for rating, button in self.rating_buttons.items():
            label = RATING_LABELS[rating]
            button.setText(f"{label}\n{format_interval(intervals[rating])}")
            button.setToolTip(f"{label}: due again in {format_interval(intervals[rating])}")
            button.setDefault(rating is suggested)
        self.controls.setCurrentWidget(self._rating_row)
        self.setFocus()

    def rate(self, rating: Rating) -> None:
        """Answer the shown card; the answer is saved before the next card shows."""
        if self.card is None or self.session is None or not self.revealed:
            return
        card = self.card
        try:
            self.session.answer(card, rating, duration_ms=int(self._clock.elapsed()))
        except StoreError as error:
            warn_answer_not_saved(self, error)
            return
        self._show_leech_notice(card)
        self._studied += 1
        self.answered.emit()
        self.show_next()

    def _show_leech_notice(self, card: Card) -> None:
        """After the lapse that makes a card a leech, say so above the next card."""
        if self.session is None or not self.session.became_leech:
            self.notice.hide()
            return
        suspended = self.library.settings.suspend_leeches
        self.notice.setStyleSheet(colour_style(text_colours().notice) + " padding:6px;")
        self.notice.setText(
            "The last card has now been forgotten 8 times: it is a <b>leech</b>"
            + (" and was suspended" if suspended else "")
            + ". Rewording it, or splitting it into smaller cards, usually helps."
        )
        self.notice.show()

    def undo(self) -> None:
        if self.session is None or not self.session.can_undo:
            return
        self.session.undo()
        self._studied = max(0, self._studied - 1)
        self.answered.emit()
        self.show_next()

    def _choice_picked(self, picked: str) -> None:
        if self.card is None or self.card.answer is None:
            return
        correct = check_choice(self.card, picked)
        answer = html.escape(self.card.answer)
        self._show_feedback(
            f"<b>✓ Right:</b> {answer}"
            if correct
            else f"<b>✗ You picked</b> {html.escape(picked)}; <b>the answer is</b> {answer}"
        )
        self.reveal(suggested_rating(correct))

    def _typed_submitted(self, given: str) -> None:
        if self.card is None or self.card.answer is None:
            return
        check = check_typed(self.card.answer, self.card.accept, given)
        self._show_feedback(diff_html(check))
        self.reveal(suggested_rating(check.correct))

    def _show_feedback(self, rich_text: str) -> None:
        """What the learner answered, marked, above the rating buttons: the
        suggested rating is the default, and the learner may pick another."""
        self.feedback.setText(rich_text)
        self.feedback.show()

    def _update_counts(self) -> None:
        assert self.session is not None
        new, learning, review = self.session.counts()
        colours = text_colours()
        self.counts.setText(
            f"<span style='color:{colours.new}'>New {new}</span> · "
            f"<span style='color:{colours.learning}'>Learning {learning}</span> · "
            f"<span style='color:{colours.due}'>Due {review}</span>"
        )
        remaining = new + learning + review
        total = self._studied + remaining
        self.progress.setMaximum(max(1, total))
        self.progress.setValue(self._studied)
        self.progress.setFormat(f"{self._studied} of {total}")

    def _show_summary(self) -> None:
        assert self.session is not None
        summary = self.session.summary()
        minutes = summary.time / timedelta(minutes=1)
        ratings = ", ".join(f"{RATING_LABELS[r]} {n}" for r, n in summary.ratings.items())
        self.summary.setText(
            "<h2>Done for now</h2>"
            f"<p>{summary.cards} cards studied ({summary.answers} answers) "
            f"in {minutes:.0f} min</p>"
            f"<p>{ratings}</p>"
            f"<p>Due tomorrow: {summary.due_tomorrow}</p>"
            + (
                f"<p>{learning} card(s) in learning come back later today.</p>"
                if (learning := self.session.counts().learning)
                else ""
            )
        )
        self.progress.setValue(self.progress.maximum())
        self.progress.setFormat(f"{self._studied} studied")
        self.pages.setCurrentIndex(1)
        self.back_button.setFocus()

    # -- keys --------------------------------------------------------------

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt's name
        key = event.key()
        if key == Qt.Key.Key_Escape:
            self.closed.emit()
            return
        if activate_focused_button(event, self):
            return
        if self.pages.currentIndex() == 1 or self.card is None:
            super().keyPressEvent(event)
            return
        if key in (Qt.Key.Key_Space, Qt.Key.Key_Return, Qt.Key.Key_Enter):
            if self.revealed:
                self.rate(self._suggested)
            elif self.card.kind not in (CardKind.CHOICE, CardKind.TYPED):
                self.reveal()
            return
        if Qt.Key.Key_1 <= key <= Qt.Key.Key_9:
            number = key - Qt.Key.Key_0
            if self.revealed and number <= 4:
                self.rate(Rating(number))
                return
            if not self.revealed and self.card.kind is CardKind.CHOICE:
                self.choices.pick_number(number)
                return
        super().keyPressEvent(event)
