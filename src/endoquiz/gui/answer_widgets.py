"""Widgets for answering: multiple-choice buttons, the typed answer with its diff, and
revealing an answer to grade oneself."""

from __future__ import annotations

import html

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSizePolicy,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from endoquiz import AnswerCheck
from endoquiz.gui.accessibility import describe
from endoquiz.gui.theme import text_colours


def colour_style(colours: tuple[str, str]) -> str:
    """A style sheet's (or a rich text span's) `color` and `background`, from
    a theme's (text, background) pair."""
    text, background = colours
    return f"background:{background}; color:{text};"


def diff_html(check: AnswerCheck) -> str:
    """The verdict ("Correct" or "Not quite"), then `diff_lines_html`."""
    verdict = "Correct" if check.correct else "Not quite"
    return f"<p><b>{verdict}.</b></p>" + diff_lines_html(check)


def diff_lines_html(check: AnswerCheck) -> str:
    """Two lines, the learner's answer and the expected one, with the
    differences marked in the theme's colours; every piece of text is escaped.
    No verdict: the page that shows them says it once."""
    colours = text_colours()
    # Colour alone would fail colour-blind learners: wrong text is also struck
    # through, and what was missing underlined.
    wrong = colour_style(colours.wrong) + " text-decoration:line-through;"
    missing = colour_style(colours.missing) + " text-decoration:underline;"

    def line(side: str) -> str:
        pieces = []
        for segment in check.diff:
            text = segment.given if side == "given" else segment.expected
            if not text:
                continue
            escaped = html.escape(text)
            if segment.kind == "same":
                pieces.append(escaped)
            else:
                style = wrong if side == "given" else missing
                pieces.append(f'<span style="{style}">{escaped}</span>')
        return "".join(pieces) or "<i>(nothing)</i>"

    expected_line = line("expected")
    if check.closest != check.expected:
        expected_line += f" &nbsp;(answer: {html.escape(check.expected)})"
    return (
        f"<p>Your answer: <span style='font-family:monospace'>{line('given')}</span><br>"
        f"Expected: <span style='font-family:monospace'>{expected_line}</span></p>"
    )


class ChoiceButton(QPushButton):
    """A push button whose text wraps onto more lines: an option is often a
    sentence, and a button as wide as its sentence would widen the window."""

    _MARGIN = 8

    def __init__(self, text: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._label = QLabel(text, self)
        self._label.setTextFormat(Qt.TextFormat.PlainText)
        self._label.setWordWrap(True)
        self._label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        # Clicks and the disabled look belong to the button.
        self._label.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(self._MARGIN, self._MARGIN // 2, self._MARGIN, self._MARGIN // 2)
        layout.addWidget(self._label)
        policy = self.sizePolicy()
        policy.setHeightForWidth(True)
        policy.setHorizontalPolicy(QSizePolicy.Policy.Ignored)
        # Taller than its hint when its text wraps onto more lines than the
        # hint's width gives (a push button's height is otherwise fixed).
        policy.setVerticalPolicy(QSizePolicy.Policy.Minimum)
        self.setSizePolicy(policy)

    def text(self) -> str:  # the label's: QPushButton paints none of its own
        return self._label.text()

    def setText(self, text: str) -> None:  # noqa: N802 - Qt's name
        self._label.setText(text)
        self.updateGeometry()

    def hasHeightForWidth(self) -> bool:  # noqa: N802 - Qt's name
        return True

    def heightForWidth(self, width: int) -> int:  # noqa: N802 - Qt's name
        return self._label.heightForWidth(width - 2 * self._MARGIN) + self._MARGIN

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        hint = self._label.sizeHint()
        return QSize(min(hint.width(), 420) + 2 * self._MARGIN, hint.height() + self._MARGIN)

    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        return QSize(80, self.fontMetrics().height() + self._MARGIN)


class ChoiceButtons(QWidget):
    """The options of a multiple-choice question, numbered for keys 1-n.

    Signals:
        picked(str): an option was chosen.
    """

    picked = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._layout = QGridLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self.buttons: list[ChoiceButton] = []

    def set_choices(self, choices: tuple[str, ...]) -> None:
        for button in self.buttons:
            self._layout.removeWidget(button)
            button.hide()  # gone now, not when the event loop deletes it
            button.deleteLater()
        self.buttons = []
        for number, choice in enumerate(choices, start=1):
            button = ChoiceButton(f"{number}. {choice}")
            button.setAccessibleName(f"Choice {number}: {choice}")
            button.setProperty("choice", choice)
            button.clicked.connect(lambda _=False, c=choice: self.picked.emit(c))
            self._layout.addWidget(button, (number - 1) // 2, (number - 1) % 2)
            self.buttons.append(button)

    def pick_number(self, number: int) -> bool:
        """Choose option `number` (as keys 1-n do); False if there is none."""
        if 1 <= number <= len(self.buttons) and self.buttons[number - 1].isEnabled():
            self.buttons[number - 1].click()
            return True
        return False

    def mark(self, picked: str, answer: str) -> None:
        """Show which option was right and, if another was picked, that it was wrong."""
        colours = text_colours()
        for button in self.buttons:
            choice = button.property("choice")
            button.setEnabled(False)
            if choice == answer:
                button.setText(button.text() + "  ✓")
                button.setStyleSheet(colour_style(colours.missing))
            elif choice == picked:
                button.setText(button.text() + "  ✗")
                button.setStyleSheet(colour_style(colours.wrong))


class _AnswerField(QLineEdit):
    """A line edit that keeps the Enter which submits it: QLineEdit passes
    Enter on to its parents, and the page would take it as "rate" or "next"
    before the learner saw the check."""

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt's name
        super().keyPressEvent(event)
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            event.accept()


class TypedAnswer(QWidget):
    """A field for a typed answer; Enter submits it.

    Signals:
        submitted(str): the learner submitted what they typed.
    """

    submitted = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.field = _AnswerField()
        self.field.setAccessibleName("Your answer")
        self.field.setPlaceholderText("Type your answer, then press Enter")
        self.field.returnPressed.connect(lambda: self.submitted.emit(self.field.text()))
        self.result = QLabel()
        describe(self.result, "Answer check")
        self.result.setTextFormat(Qt.TextFormat.RichText)
        self.result.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.result.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.field)
        layout.addWidget(self.result)

    def reset(self) -> None:
        self.field.clear()
        self.field.setEnabled(True)
        self.result.clear()
        self.field.setFocus()

    def show_check(self, check: AnswerCheck) -> None:
        self.field.setEnabled(False)
        self.result.setText(diff_html(check))


class SelfGrade(QWidget):
    """For an answer no comparison of text could grade: show it, then the
    learner says whether they knew it (keys: Space shows it, then 1 or 2, as
    the page forwards them).

    Signals:
        reveal_requested(): the learner asked to see the answer.
        graded(bool): the learner knew the answer (True) or did not.
    """

    reveal_requested = Signal()
    graded = Signal(bool)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.reveal_button = QPushButton("Show answer (Space)")
        self.reveal_button.setAccessibleName("Show answer")
        self.reveal_button.clicked.connect(self.reveal_requested.emit)
        self.didnt_know_button = QPushButton("1. Didn't know")
        self.didnt_know_button.setAccessibleName("Didn't know (1)")
        self.didnt_know_button.clicked.connect(lambda: self.graded.emit(False))
        self.knew_button = QPushButton("2. Knew it")
        self.knew_button.setAccessibleName("Knew it (2)")
        self.knew_button.clicked.connect(lambda: self.graded.emit(True))
        grades = QWidget()
        row = QHBoxLayout(grades)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.didnt_know_button)
        row.addWidget(self.knew_button)
        self._stack = QStackedWidget()
        self._stack.addWidget(self.reveal_button)
        self._stack.addWidget(grades)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self._stack)

    @property
    def revealed(self) -> bool:
        return self._stack.currentIndex() == 1

    def reset(self) -> None:
        """Back to "Show answer", for a new question."""
        self._stack.setCurrentIndex(0)
        for button in (self.didnt_know_button, self.knew_button):
            button.setEnabled(True)

    def show_grades(self) -> None:
        """The answer is shown: offer the two grades."""
        self._stack.setCurrentIndex(1)

    def grade_number(self, number: int) -> bool:
        """Grade as keys 1 (didn't know) and 2 (knew it) do; False for any
        other number, or before the answer is shown or after grading."""
        buttons = {1: self.didnt_know_button, 2: self.knew_button}
        button = buttons.get(number)
        if button is None or not self.revealed or not button.isEnabled():
            return False
        button.click()
        return True

    def finish(self) -> None:
        """Graded (or out of time): nothing more to press."""
        self._stack.setCurrentIndex(1)
        for button in (self.didnt_know_button, self.knew_button):
            button.setEnabled(False)
