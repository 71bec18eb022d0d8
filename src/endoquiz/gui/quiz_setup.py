"""The dialog that sets a quiz up: how many questions, and whether to time them."""

from __future__ import annotations

from PySide6.QtWidgets import QCheckBox, QDialog, QDialogButtonBox, QFormLayout, QSpinBox, QWidget

from endoquiz import isolated


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
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("&Start quiz")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form = QFormLayout(self)
        form.addRow("&Questions:", self.question_count)
        form.addRow("", self.timed)
        form.addRow(buttons)
