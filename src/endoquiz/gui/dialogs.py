"""Small dialogs: deck errors to copy, About, and the deck format document."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from PySide6.QtGui import QFontDatabase, QGuiApplication
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

import endoquiz
from endoquiz import Diagnostic
from endoquiz.gui.card_view import CardView

DISCLAIMER = (
    "The bundled decks are study material drawn from named articles on insulin resistance "
    "and hormonal balance. They are not medical advice: talk to a qualified clinician "
    "about any treatment or dose."
)


class DeckErrorsDialog(QDialog):
    """Every problem of a deck file, one `FILE:LINE:COL: error: message` per
    line, in a text box the author can select and copy from."""

    def __init__(
        self, title: str, diagnostics: Sequence[Diagnostic], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        errors = sum(1 for d in diagnostics if d.is_error)
        intro = QLabel(
            f"{errors} error(s) found. Nothing already installed was changed. "
            "Fix the file and import it again (or save it, if it is installed)."
        )
        intro.setWordWrap(True)
        self.text = QPlainTextEdit("\n".join(str(d) for d in diagnostics))
        self.text.setReadOnly(True)
        self.text.setAccessibleName("Errors")
        self.text.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.text.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        copy = QPushButton("&Copy all")
        copy.clicked.connect(self.copy_all)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.addButton(copy, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.text, 1)
        layout.addWidget(buttons)
        self.resize(760, 320)

    def copy_all(self) -> None:
        QGuiApplication.clipboard().setText(self.text.toPlainText())


class MarkdownDialog(QDialog):
    """A Markdown document in a safe view: About, the deck format."""

    def __init__(
        self, title: str, markdown: str, folder: Path | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.view = CardView()
        self.view.setAccessibleName(title)
        self.view.show_markdown(markdown, folder)
        self.view.follow_internal_links()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.view, 1)
        layout.addWidget(buttons)
        self.resize(820, 640)


def about_markdown(data_dir: Path) -> str:
    return (
        f"# endoquiz {endoquiz.__version__}\n\n"
        "Flashcards and quizzes with spaced repetition (FSRS), on decks written in YAML.\n\n"
        f"**Your progress is kept in** `{data_dir}`.\n\n"
        f"> {DISCLAIMER}"
    )
