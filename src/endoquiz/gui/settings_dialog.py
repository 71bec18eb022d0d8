"""The settings dialog: study limits, retention, day rollover, steps, quiz policy, theme, zoom."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QSpinBox,
    QWidget,
)

from endoquiz import Library, workload_note
from endoquiz.appearance import THEMES
from endoquiz.scheduling import MAX_RETENTION, MIN_RETENTION, QUIZ_SCHEDULES

QUIZ_POLICY_LABELS = {
    "wrong-resets": "A wrong answer makes the card due again",
    "always": "Right and wrong answers both reschedule",
    "never": "Quiz answers never change the schedule",
}


def parse_steps(text: str) -> tuple[float, ...]:
    """'1 10' or '1, 10' (minutes) to a tuple; ValueError for anything else."""
    parts = text.replace(",", " ").split()
    try:
        steps = tuple(float(part) for part in parts)
    except ValueError:
        raise ValueError(f"steps are minutes, e.g. '1 10', not '{text}'") from None
    if not steps:
        raise ValueError("give at least one step, in minutes")
    return steps


class SettingsDialog(QDialog):
    """Changes are saved and applied when the learner presses OK.

    Signals:
        applied(): settings were saved.
    """

    applied = Signal()

    def __init__(self, library: Library, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.library = library
        self.setWindowTitle("Settings")
        settings, looks = library.settings, library.appearance

        self.new_per_day = QSpinBox()
        self.new_per_day.setRange(0, 9999)
        self.new_per_day.setValue(settings.new_per_day)
        self.new_per_day.setAccessibleName("New cards per day")
        self.reviews_per_day = QSpinBox()
        self.reviews_per_day.setRange(0, 99999)
        self.reviews_per_day.setValue(settings.reviews_per_day)
        self.reviews_per_day.setAccessibleName("Reviews per day")
        self.retention = QDoubleSpinBox()
        self.retention.setRange(MIN_RETENTION, MAX_RETENTION)
        self.retention.setSingleStep(0.01)
        self.retention.setDecimals(2)
        self.retention.setValue(settings.desired_retention)
        self.retention.setAccessibleName("Desired retention")
        self.workload = QLabel()
        self.workload.setWordWrap(True)
        self.workload.setAccessibleName("What this retention means")
        self.retention.valueChanged.connect(self._show_workload)
        self._show_workload(settings.desired_retention)
        self.day_starts_at = QSpinBox()
        self.day_starts_at.setRange(0, 23)
        self.day_starts_at.setSuffix(":00")
        self.day_starts_at.setValue(settings.day_starts_at)
        self.day_starts_at.setAccessibleName("Next day starts at")
        self.learning_steps = QLineEdit(" ".join(f"{s:g}" for s in settings.learning_steps))
        self.learning_steps.setAccessibleName("Learning steps in minutes")
        self.relearning_steps = QLineEdit(" ".join(f"{s:g}" for s in settings.relearning_steps))
        self.relearning_steps.setAccessibleName("Relearning steps in minutes")
        self.quiz_policy = QComboBox()
        for policy in QUIZ_SCHEDULES:
            self.quiz_policy.addItem(QUIZ_POLICY_LABELS[policy], policy)
        self.quiz_policy.setCurrentIndex(QUIZ_SCHEDULES.index(settings.quiz_schedule))
        self.quiz_policy.setAccessibleName("What quiz answers do to the schedule")
        self.theme = QComboBox()
        for theme in THEMES:
            self.theme.addItem(theme.capitalize(), theme)
        self.theme.setCurrentIndex(THEMES.index(looks.theme))
        self.theme.setAccessibleName("Theme")
        self.zoom = QSpinBox()
        self.zoom.setRange(50, 300)
        self.zoom.setSingleStep(10)
        self.zoom.setSuffix(" %")
        self.zoom.setValue(looks.zoom)
        self.zoom.setAccessibleName("Zoom")
        self.error = QLabel()
        self.error.setAccessibleName("Problem with the settings")
        self.error.setStyleSheet("color:#c62828")
        self.error.setWordWrap(True)

        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        form = QFormLayout(self)
        form.addRow("&New cards per day:", self.new_per_day)
        form.addRow("&Reviews per day:", self.reviews_per_day)
        form.addRow("Desired re&tention:", self.retention)
        form.addRow("", self.workload)
        form.addRow("Next &day starts at:", self.day_starts_at)
        form.addRow("&Learning steps (minutes):", self.learning_steps)
        form.addRow("Rel&earning steps (minutes):", self.relearning_steps)
        form.addRow("&Quiz answers:", self.quiz_policy)
        form.addRow("T&heme:", self.theme)
        form.addRow("&Zoom:", self.zoom)
        form.addRow(self.error)
        form.addRow(buttons)

    def _show_workload(self, retention: float) -> None:
        self.workload.setText(workload_note(retention))

    def save(self) -> None:
        """Validate, save and apply; on a bad value, say why and stay open."""
        try:
            self.library.update_settings(
                new_per_day=self.new_per_day.value(),
                reviews_per_day=self.reviews_per_day.value(),
                desired_retention=round(self.retention.value(), 2),
                day_starts_at=self.day_starts_at.value(),
                learning_steps=parse_steps(self.learning_steps.text()),
                relearning_steps=parse_steps(self.relearning_steps.text()),
                quiz_schedule=self.quiz_policy.currentData(),
            )
            self.library.update_appearance(theme=self.theme.currentData(), zoom=self.zoom.value())
        except ValueError as error:
            self.error.setText(f"Not saved: {error}")
            return
        self.applied.emit()
        self.accept()
