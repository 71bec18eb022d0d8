"""Small dialogs: deck errors to copy, About, and the deck format document."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import QSize
from PySide6.QtGui import (
    QFontDatabase,
    QGuiApplication,
    QTextBlockFormat,
    QTextCursor,
    QTextOption,
)
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPushButton,
    QTextEdit,
    QVBoxLayout,
    QWidget,
)

import endoquiz
from endoquiz import Diagnostic
from endoquiz.gui.card_view import CardView
from endoquiz.gui.screen_fit import fit_to_screen

DISCLAIMER = (
    "The bundled decks are study material drawn from named articles on insulin resistance "
    "and hormonal balance. They are not medical advice: talk to a qualified clinician "
    "about any treatment or dose."
)


class DeckErrorsDialog(QDialog):
    """Every problem of a deck file, one `FILE:LINE:COL: error: message` per
    line, in a text box the author can select and copy from."""

    def __init__(
        self,
        title: str,
        diagnostics: Sequence[Diagnostic],
        parent: QWidget | None = None,
        *,
        installed: bool = False,
        imported: bool = False,
    ) -> None:
        """`installed`: the errors are those of an installed deck's file,
        which endoquiz watches (saving the fix is enough), not of a file
        being imported. `imported`: the diagnostics are the warnings of
        files just imported, whose decks were installed."""
        super().__init__(parent)
        self.setWindowTitle(title)
        errors = sum(1 for d in diagnostics if d.is_error)
        if imported:
            said = (
                f"{len(diagnostics)} warning(s). The decks were imported and can be "
                "studied; these are worth fixing in the file (a card without an id, "
                "say, starts again from new when its text is edited)."
            )
        elif not errors:
            said = (
                f"{len(diagnostics)} warning(s) found. The deck is in use as saved: each "
                "warning says what may not be what you meant, and how to change it."
            )
        elif installed:
            said = (
                f"{errors} error(s) found. Fix the file in your editor and save it: endoquiz "
                "reads it again as soon as it is saved, and your progress is kept."
            )
        else:
            said = (
                f"{errors} error(s) found. Nothing already installed was changed. "
                "Fix the file and import it again."
            )
        self.intro = QLabel(said)
        intro = self.intro
        intro.setWordWrap(True)
        self.text = QTextEdit()
        self.text.setAcceptRichText(False)
        self.text.setPlainText("\n".join(str(d) for d in diagnostics))
        self.text.setReadOnly(True)
        self.text.setAccessibleName("Errors" if errors else "Warnings")
        self.text.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        # Wrapped, at a space or else anywhere (a long path has none): an
        # error's end says how to fix it ("did you mean ..."), and a line cut
        # at the edge lost it. A hanging indent and a gap tell one error's
        # continued lines from the next error; copied, each is one line.
        self.text.setLineWrapMode(QTextEdit.LineWrapMode.WidgetWidth)
        self.text.setWordWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
        indent = 4 * self.text.fontMetrics().horizontalAdvance("x")
        hanging = QTextBlockFormat()
        hanging.setLeftMargin(indent)
        hanging.setTextIndent(-indent)
        hanging.setBottomMargin(self.text.fontMetrics().height() / 3)
        cursor = QTextCursor(self.text.document())
        cursor.select(QTextCursor.SelectionType.Document)
        cursor.mergeBlockFormat(hanging)
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
        fit_to_screen(self, QSize(820, 640))


def about_markdown(data_dir: Path) -> str:
    return (
        f"# endoquiz {endoquiz.__version__}\n\n"
        "Flashcards and quizzes with spaced repetition (FSRS), on decks written in YAML.\n\n"
        f"**Your progress is kept in** `{data_dir}`.\n\n"
        f"> {DISCLAIMER}"
    )
