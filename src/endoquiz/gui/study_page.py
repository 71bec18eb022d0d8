"""Studying a deck: the page that shows a `StudyController` and forwards the
learner's keys to it, and its row of rating buttons. One module over 400
lines: every start loads it, and a module more is start-up time."""

from __future__ import annotations

import html
from collections.abc import Callable, Mapping
from datetime import timedelta

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent, QKeySequence, QPalette, QShortcut
from PySide6.QtWidgets import (
    QApplication,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QSizePolicy,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from endoquiz import (
    Card,
    CardKind,
    Library,
    Rating,
    StudyController,
    Verdict,
    format_interval,
    isolated,
)
from endoquiz.gui.accessibility import announce, describe
from endoquiz.gui.answer_widgets import (
    ChoiceButton,
    ChoiceButtons,
    TypedAnswer,
    colour_style,
    diff_html,
)
from endoquiz.gui.card_view import CardView
from endoquiz.gui.keys import activate_focused_button
from endoquiz.gui.library_changes import LibraryChanges
from endoquiz.gui.theme import text_colours
from endoquiz.gui.wording import RATING_LABELS, count_text, session_summary_lines

# The progress bar's steps: smooth enough for any session.
PROGRESS_STEPS = 1000
_CARD_PAGE, _SUMMARY_PAGE = 0, 1


class StudyPage(QWidget):
    """A study session, driven from the keyboard: Space or Enter shows the
    answer, then answers the highlighted rating (Good, or Again after a
    wrong pick or typed answer); 1-4 rate; Ctrl+Z undoes; E edits the card
    and A adds one (as in Anki); Esc goes back.

    Every decision is the controller's (`StudyController`); answers and undo
    are saved through `LibraryChanges`, which the other windows follow.

    Signals:
        closed(): the learner left the session (Esc, or Back at the end).
    """

    closed = Signal()

    def __init__(
        self, library: Library, changes: LibraryChanges, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.library = library
        self.changes = changes
        self.controller: StudyController | None = None
        # What the card view shows now, to lay it out again only when it changes.
        self._shown: tuple[object, ...] | None = None
        # The counts a screen reader was last told, to announce only a change.
        self._counts_said = ""

        self.heading = QLabel()
        describe(self.heading, "Deck being studied")
        # A long deck title wraps: on one line at 200% zoom it made the
        # window wider than the screen.
        self.heading.setWordWrap(True)
        self.counts = QLabel()
        describe(self.counts, "Cards left")
        self.counts.setTextFormat(Qt.TextFormat.RichText)
        self.progress = QProgressBar()
        self.progress.setAccessibleName("Session progress")
        self.progress.setRange(0, PROGRESS_STEPS)
        self.progress.setTextVisible(True)
        self.view = CardView(reading=True)
        self.view.setAccessibleName("Card")
        self.view.setFocusPolicy(Qt.FocusPolicy.NoFocus)

        self.reveal_button = QPushButton("Show answer (Space)")
        self.reveal_button.setAccessibleName("Show answer")
        self.reveal_button.clicked.connect(self.reveal)
        self.choices = ChoiceButtons()
        self.choices.picked.connect(self._picked)
        self.typed = TypedAnswer()
        self.typed.submitted.connect(self._typed)
        self.ratings = RatingButtons()
        self.ratings.rated.connect(self.rate)
        self.rating_buttons = self.ratings.buttons
        self.space_hint = self.ratings.space_hint

        # One stack for what sits under the card: a button, options, a field, ratings.
        self.controls = QStackedWidget()
        for widget in (self.reveal_button, self.choices, self.typed, self.ratings):
            self.controls.addWidget(widget)

        self.feedback = QLabel()
        describe(self.feedback, "Your answer, checked")
        self.feedback.setTextFormat(Qt.TextFormat.RichText)
        self.feedback.setWordWrap(True)
        self.feedback.hide()

        self.notice = QLabel()
        describe(self.notice, "Notice")
        self.notice.setTextFormat(Qt.TextFormat.PlainText)
        self.notice.setWordWrap(True)
        self.notice.hide()

        self.summary = QLabel()
        describe(self.summary, "Session summary")
        self.summary.setTextFormat(Qt.TextFormat.RichText)
        self.summary.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.back_button = QPushButton("Back to decks (Esc)")
        self.back_button.clicked.connect(self.closed.emit)
        # The next useful step: another deck with cards to study now, named
        # whole on a button whose text wraps (on one line a long title made
        # the window wider than the screen at 200% zoom).
        self.next_deck_button = ChoiceButton("")
        self.next_deck_button.setAccessibleName("Study the next deck")
        self.next_deck_button.clicked.connect(self._study_next_deck)
        self.next_deck_button.hide()
        self._next_deck: str | None = None
        self._deck_id: str | None = None
        summary_page = QWidget()
        summary_layout = QVBoxLayout(summary_page)
        summary_layout.addStretch()
        summary_layout.addWidget(self.summary)
        # Centred by stretches, not by alignment: an aligned item is given
        # the height its text takes at the layout's whole width, too short
        # for a title wrapped at the button's own width.
        policy = self.next_deck_button.sizePolicy()
        policy.setHorizontalPolicy(QSizePolicy.Policy.Preferred)
        self.next_deck_button.setSizePolicy(policy)
        next_deck_row = QHBoxLayout()
        next_deck_row.addStretch()
        next_deck_row.addWidget(self.next_deck_button)
        next_deck_row.addStretch()
        summary_layout.addLayout(next_deck_row)
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
        top.setSpacing(self.fontMetrics().height())  # the title never runs into the counts
        top.addWidget(self.heading, 1)
        top.addWidget(self.counts)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.progress)
        layout.addWidget(self.notice)
        layout.addWidget(self.pages, 1)

        undo = QShortcut(QKeySequence.StandardKey.Undo, self)
        undo.activated.connect(self.undo)
        # The page holds the focus while a question shows: name it for screen readers.
        self.setAccessibleName("Studying")
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)

    @property
    def card(self) -> Card | None:
        """The card shown (None at the summary)."""
        return self.controller.card if self.controller is not None else None

    @property
    def revealed(self) -> bool:
        """Whether the shown card's answer shows."""
        return self.controller is not None and self.controller.revealed

    # -- session -----------------------------------------------------------

    def start(self, deck_id: str, focus: list[Card] | None = None) -> None:
        """Study a deck (and its children), or just `focus` cards."""
        self.controller = StudyController(self.library.review(deck_id, focus=focus))
        self._deck_id = deck_id
        self._shown = None
        title = self.library.deck_titles().get(deck_id, (deck_id, ""))[0]
        heading = f"<b>{html.escape(isolated(title))}</b>"
        self.heading.setText(heading + (" · missed cards" if focus else ""))
        self._show()

    # -- what the learner does: each forwarded to the controller ------------

    def reveal(self) -> None:
        """Show the answer (the Show answer button)."""
        if self.controller is not None and self.controller.reveal():
            self._show()

    def rate(self, rating: Rating) -> None:
        """Answer the shown card; the answer is saved before the next card shows."""
        if self.controller is not None:
            controller = self.controller
            self._save(lambda: controller.answer(rating))

    def undo(self) -> None:
        """Take the last answer back (Ctrl+Z): its card shows again."""
        if self.controller is not None and self.controller.can_undo:
            self._save(self.controller.undo, what="Undoing your answer")

    def _picked(self, option: str) -> None:
        if self.controller is not None and self.controller.pick(option) is not None:
            self._show()

    def _typed(self, text: str) -> None:
        if self.controller is not None and self.controller.type_answer(text) is not None:
            self._show()

    def _save(self, change: Callable[[], object], what: str = "Your answer") -> None:
        """Run a change that may answer or undo, then show where the session is."""
        self.changes.apply(self, change, what=what)
        self._show()

    # -- showing the controller --------------------------------------------

    def _show(self) -> None:
        controller = self.controller
        if controller is None:
            return
        self._show_counts(controller)
        self._show_notice(controller.notice)
        card = controller.card
        if card is None:
            self._show_summary(controller)
            return
        self.pages.setCurrentIndex(_CARD_PAGE)
        # A card comes anew with each answer given or undone (the same card
        # may come again): its options and field start afresh then.
        shown = (card.deck_id, card.id, controller.revealed, controller.answers)
        fresh = shown != self._shown
        if fresh:
            self.view.show_markdown(controller.markdown, self.library.deck_folder(card.deck_id))
            self._shown = shown
        self._show_verdict(controller.verdict)
        if controller.revealed:
            self._show_ratings(controller)
            if fresh:
                self._announce_answer(card)
        elif card.kind is CardKind.CHOICE:
            if fresh:
                self.choices.set_choices(card.choices)
            self.controls.setCurrentWidget(self.choices)
            self.setFocus()
        elif card.kind is CardKind.TYPED:
            if fresh:
                self.typed.reset()
            self.controls.setCurrentWidget(self.typed)
            self.typed.field.setFocus()
        else:
            self.controls.setCurrentWidget(self.reveal_button)
            self.setFocus()
        if fresh and not controller.revealed:
            announce(self.view, html.escape(self.view.toPlainText()))

    def _show_ratings(self, controller: StudyController) -> None:
        """The rating buttons with the interval each gives; the one Space
        gives is highlighted, and said under them."""
        self.ratings.show_intervals(controller.intervals(), controller.suggested)
        self.controls.setCurrentWidget(self.ratings)
        # On the rating Space gives, so a screen reader names what comes next.
        self.rating_buttons[controller.suggested].setFocus()

    def _announce_answer(self, card: Card) -> None:
        """Say the answer just revealed: the verdict on what was picked or
        typed, or else the answer itself; then what Space does."""
        said = self.feedback.text() if self.feedback.isVisible() else ""
        if not said:
            said = html.escape(f"Answer: {card.answer}" if card.answer else "Answer shown")
        announce(self, f"{said}. {html.escape(self.space_hint.text())}")

    def _show_verdict(self, verdict: Verdict | None) -> None:
        """What the learner picked or typed, marked, above the ratings."""
        card = self.card
        if verdict is None or card is None:
            self.feedback.hide()
            return
        if verdict.check is not None:
            text = diff_html(verdict.check)
        else:
            answer = html.escape(card.answer or "")
            text = (
                f"<b>✓ Right:</b> {answer}"
                if verdict.correct
                else f"<b>✗ You picked</b> {html.escape(verdict.given)}; "
                f"<b>the answer is</b> {answer}"
            )
        self.feedback.setText(text)
        self.feedback.show()

    def _show_notice(self, notice: str | None) -> None:
        if notice is not None:
            self.notice.setStyleSheet(colour_style(text_colours().notice) + " padding:6px;")
        self.notice.setText(notice or "")
        self.notice.setVisible(notice is not None)

    def _show_counts(self, controller: StudyController) -> None:
        """The three counts, as Anki shows them, and a bar that only grows."""
        new, learning, review = controller.counts()
        colours = text_colours()
        self.counts.setText(
            f"<span style='color:{colours.new}'>New {new}</span> · "
            f"<span style='color:{colours.learning}'>Learning {learning}</span> · "
            f"<span style='color:{colours.due}'>Due {review}</span>"
        )
        if self.counts.text() != self._counts_said:
            self._counts_said = self.counts.text()
            announce(self.counts, self._counts_said)
        self.progress.setValue(round(controller.progress() * PROGRESS_STEPS))
        self.progress.setFormat(count_text(controller.answers, "answer"))
        # An empty bar says nothing: it shows from the first answer on.
        self.progress.setVisible(controller.answers > 0)

    def _show_summary(self, controller: StudyController) -> None:
        """What the session did, what is held back and why, when learning
        cards return, and the next deck to study; rows of nothing left out."""
        lines = session_summary_lines(controller.summary(), controller.learning_later())
        self.summary.setText(
            "<h2>Done for now</h2>" + "".join(f"<p>{html.escape(line)}</p>" for line in lines)
        )
        self._offer_next_deck()
        self._shown = None
        self.feedback.hide()
        self.pages.setCurrentIndex(_SUMMARY_PAGE)
        self.back_button.setFocus()

    def _offer_next_deck(self) -> None:
        """A button to study the next deck with cards to study now, if any."""
        self._next_deck = (
            self.library.next_deck_due(self._deck_id) if self._deck_id is not None else None
        )
        if self._next_deck is None:
            self.next_deck_button.hide()
            return
        title = self.library.deck_titles().get(self._next_deck, (self._next_deck, ""))[0]
        left = sum(self.library.deck_counts().get(self._next_deck, (0, 0, 0)))
        # Plain text: a title's "&" is no mnemonic.
        self.next_deck_button.setText(f"Study {isolated(title)} next ({count_text(left, 'card')})")
        self.next_deck_button.show()

    def _study_next_deck(self) -> None:
        if self._next_deck is not None:
            self.start(self._next_deck)

    # -- the card editor ---------------------------------------------------

    def edit_card(self) -> None:
        """Open the card shown in the card editor (E); once saved, it shows
        as edited, its answer still shown or hidden."""
        card = self.card
        if card is None:
            return
        from endoquiz.gui.card_editor import open_card_editor

        open_card_editor(
            self,
            self.library,
            self.changes,
            card.deck_id,
            entry_id=card.note_id,
            on_saved=lambda _edit: self._show_edited(),
        )

    def add_card(self) -> None:
        """Add a card to the deck of the card shown, after it (A); at the
        end of the deck studied when no card shows."""
        card = self.card
        deck_id = card.deck_id if card is not None else self._deck_id
        if deck_id is None:
            return
        from endoquiz.gui.card_editor import open_card_editor

        open_card_editor(
            self,
            self.library,
            self.changes,
            deck_id,
            after=card.note_id if card is not None else None,
        )

    def _show_edited(self) -> None:
        if self.controller is not None:
            self.controller.reread_card()
            self._shown = None
            self._show()

    # -- keys --------------------------------------------------------------

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt's name
        key = event.key()
        if key == Qt.Key.Key_Escape:
            self.closed.emit()
            return
        if activate_focused_button(event, self):
            return
        if event.modifiers() == Qt.KeyboardModifier.NoModifier and key == Qt.Key.Key_E:
            self.edit_card()
            return
        if event.modifiers() == Qt.KeyboardModifier.NoModifier and key == Qt.Key.Key_A:
            self.add_card()
            return
        controller = self.controller
        if controller is None or controller.card is None:
            super().keyPressEvent(event)
            return
        if key in (Qt.Key.Key_Space, Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self._save(controller.proceed)
            return
        if Qt.Key.Key_1 <= key <= Qt.Key.Key_9:
            number = key - Qt.Key.Key_0
            self._save(lambda: controller.press_number(number))
            return
        super().keyPressEvent(event)


class RatingButtons(QWidget):
    """Again, Hard, Good and Easy in a row, and a line under them saying what
    Space gives.

    Signals:
        rated(Rating): the learner clicked a rating.
    """

    rated = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.buttons: dict[Rating, QPushButton] = {}
        ratings = QHBoxLayout()
        for rating, label in RATING_LABELS.items():
            button = QPushButton(label)
            button.setAccessibleName(f"{label} ({int(rating)})")
            button.clicked.connect(lambda _=False, r=rating: self.rated.emit(r))
            ratings.addWidget(button)
            self.buttons[rating] = button
        self.space_hint = QLabel()
        describe(self.space_hint, "What Space does")
        self.space_hint.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(ratings)
        layout.addWidget(self.space_hint)

    def show_intervals(self, intervals: Mapping[Rating, timedelta], suggested: Rating) -> None:
        """The interval each rating gives; the one Space gives (`suggested`)
        highlighted, and said under them."""
        for rating, button in self.buttons.items():
            label = RATING_LABELS[rating]
            button.setText(f"{label}\n{format_interval(intervals[rating])}")
            button.setToolTip(f"{label}: due again in {format_interval(intervals[rating])}")
            button.setDefault(rating is suggested)
            _highlight(button, rating is suggested)
        why = "" if suggested is Rating.GOOD else ", as your answer was not right"
        self.space_hint.setText(
            f"Space or Enter: {RATING_LABELS[suggested]}{why} · 1-4: any rating"
        )


def _highlight(button: QPushButton, on: bool) -> None:
    """Mark the rating Space gives: the selection colours of the theme, in bold."""
    palette = QApplication.palette()
    if on:
        palette.setColor(QPalette.ColorRole.Button, palette.color(QPalette.ColorRole.Highlight))
        palette.setColor(
            QPalette.ColorRole.ButtonText, palette.color(QPalette.ColorRole.HighlightedText)
        )
    button.setPalette(palette)
    font = button.font()
    font.setBold(on)
    button.setFont(font)
