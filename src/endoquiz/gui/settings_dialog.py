"""The settings dialog: study limits, retention, day rollover, steps, quiz policy,
leeches, fuzz, personal FSRS parameters, theme, zoom, and the sync folder."""

from __future__ import annotations

import json
from pathlib import Path

from PySide6.QtCore import QProcess, QSize, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QBoxLayout,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from endoquiz import (
    KEPT_CURRENT,
    LEECH_LAPSES,
    MAX_RETENTION,
    MIN_RETENTION,
    MIN_REVIEWS,
    QUIZ_SCHEDULES,
    THEMES,
    Library,
    Optimization,
    optimize_command,
    workload_note,
)
from endoquiz.gui.accessibility import announce, describe
from endoquiz.gui.folder_sync import SYNC_EVERY_MS, FolderSync
from endoquiz.gui.library_changes import LibraryChanges
from endoquiz.gui.screen_fit import available_size, fit_to_screen
from endoquiz.gui.theme import text_colours
from endoquiz.gui.wording import offered_decks_line

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

    def __init__(
        self, library: Library, parent: QWidget | None = None, sync: FolderSync | None = None
    ) -> None:
        """`sync`: the window's syncs, whose status bar Sync now updates too."""
        super().__init__(parent)
        self.library = library
        self.sync = sync or FolderSync(LibraryChanges(library, self), lambda: True, self)
        self.sync.synced.connect(self._synced)  # a sync run in its worker, ended
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
        describe(self.workload, "What this retention means")
        self.retention.valueChanged.connect(self._show_workload)
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
        self.suspend_leeches = QCheckBox(
            f"&Suspend a card when it becomes a leech (forgotten {LEECH_LAPSES} times)"
        )
        self.suspend_leeches.setChecked(settings.suspend_leeches)
        self.fuzz = QCheckBox("Spread review &intervals a little, as Anki does")
        self.fuzz.setToolTip("So that cards learned together do not all come due together")
        self.fuzz.setChecked(settings.fuzz)
        self._build_parameters_rows()
        self._build_sync_rows()
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
        describe(self.error, "Problem with the settings")
        self.error.setStyleSheet(f"color:{text_colours().error}")
        self.error.setWordWrap(True)
        # Hidden until there is something to say: empty, it still took a
        # line above the buttons, room a 200% zoom cannot spare.
        self.error.hide()

        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        # Titled groups, so a learner finds a setting by what it is about.
        limits = QFormLayout()
        limits.addRow("&New cards per day:", self.new_per_day)
        limits.addRow("&Reviews per day:", self.reviews_per_day)
        limits.addRow("Next &day starts at:", self.day_starts_at)
        scheduling = QFormLayout()
        scheduling.addRow("Desired re&tention:", self.retention)
        scheduling.addRow("", self.workload)
        scheduling.addRow("&Learning steps (minutes):", self.learning_steps)
        scheduling.addRow("Rel&earning steps (minutes):", self.relearning_steps)
        scheduling.addRow("Leeches:", self.suspend_leeches)
        scheduling.addRow("Fuzz:", self.fuzz)
        scheduling.addRow("FSRS parameters:", self.parameters_status)
        scheduling.addRow("", self._parameters_buttons)
        scheduling.addRow("", self.progress)
        scheduling.addRow("", self.optimize_result)
        quiz = QFormLayout()
        quiz.addRow("&Quiz answers:", self.quiz_policy)
        appearance = QFormLayout()
        appearance.addRow("T&heme:", self.theme)
        appearance.addRow("&Zoom:", self.zoom)
        for form in (limits, scheduling, quiz, appearance, self.sync_form):
            # A field too wide beside its label goes under it: at 200% zoom
            # or 1.5 scale the rows made the dialog wider than the screen.
            form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        # Two columns side by side where the screen is wide enough, one
        # under the other where not (see _fit_to_screen): stacked, the groups
        # made the dialog taller than a laptop's screen and cut wrapped texts.
        self.columns = QBoxLayout(QBoxLayout.Direction.LeftToRight)
        for groups in (
            (("Daily limits", limits), ("Quiz", quiz), ("Appearance", appearance)),
            # Under Scheduling, the shorter of the two columns without it.
            (("Scheduling", scheduling), ("Sync", self.sync_form)),
        ):
            column = QVBoxLayout()
            for title, form in groups:
                group = QGroupBox(title)
                group.setLayout(form)
                column.addWidget(group)
            column.addStretch()
            self.columns.addLayout(column)
        content = QWidget()
        content.setLayout(self.columns)
        self.columns.setContentsMargins(0, 0, 0, 0)
        # What the screen cannot show scrolls, the buttons staying in view.
        self.scroll_area = QScrollArea()
        self.scroll_area.setWidgetResizable(True)
        self.scroll_area.setFrameShape(QScrollArea.Shape.NoFrame)
        self.scroll_area.setWidget(content)
        self.buttons = buttons
        layout = QVBoxLayout(self)
        layout.addWidget(self.scroll_area, 1)
        layout.addWidget(self.error)
        layout.addWidget(buttons)

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt's name
        super().showEvent(event)
        self._fit_to_screen()

    def _fit_to_screen(self) -> None:
        """Columns side by side if the screen is wide enough for both, then
        the dialog as large as its settings need at that width (wrapped
        texts as tall as they wrap), within the screen."""
        room = available_size(self)
        layout, content = self.layout(), self.scroll_area.widget()
        if layout is None or content is None:
            return
        margins = layout.contentsMargins()
        scroll_bar = self.scroll_area.verticalScrollBar().sizeHint().width()
        frame = margins.left() + margins.right() + scroll_bar
        self.columns.setDirection(QBoxLayout.Direction.LeftToRight)
        if self.columns.minimumSize().width() + frame > room.width():
            self.columns.setDirection(QBoxLayout.Direction.TopToBottom)
        width = max(self.width(), self.columns.sizeHint().width() + frame)
        fit_to_screen(self, QSize(width, self.height()))
        # Then taller by what the settings, wrapped at the width they got,
        # need beyond the room they have: the hint of unwrapped text is too
        # short (it cut the wrapped texts at 200% zoom).
        layout.activate()
        viewport = self.scroll_area.viewport()
        missing = self.columns.totalHeightForWidth(viewport.width()) - viewport.height()
        if missing > 0:
            fit_to_screen(self, QSize(self.width(), self.height() + missing))

    def _build_parameters_rows(self) -> None:
        self._parameters = self.library.settings.parameters
        self._fitted: Optimization | None = None
        self._process: QProcess | None = None
        self.parameters_status = QLabel()
        self.parameters_status.setWordWrap(True)
        describe(self.parameters_status, "FSRS parameters in use")
        self.optimize_button = QPushButton("O&ptimize…")
        self.optimize_button.setToolTip("Fit the scheduler to your own answers")
        self.optimize_button.clicked.connect(self.start_optimizing)
        self.use_fitted_button = QPushButton("&Use these parameters")
        self.use_fitted_button.clicked.connect(self._use_fitted)
        self.use_defaults_button = QPushButton("Use de&faults")
        self.use_defaults_button.clicked.connect(self._use_defaults)
        self._parameters_buttons = QWidget()
        row = QHBoxLayout(self._parameters_buttons)
        row.setContentsMargins(0, 0, 0, 0)
        for button in (self.optimize_button, self.use_fitted_button, self.use_defaults_button):
            row.addWidget(button)
        row.addStretch()
        self.progress = QProgressBar()
        self.progress.setRange(0, 0)  # busy: fsrs-rs reports no progress of its own
        self.progress.setAccessibleName("Optimizing")
        self.progress.setFormat("Fitting to your answers…")
        self.progress.setTextVisible(True)
        self.progress.hide()
        self.optimize_result = QLabel()
        self.optimize_result.setWordWrap(True)
        describe(self.optimize_result, "Optimization result")
        self._answers = self.library.study_answer_count()
        self._show_parameters()

    def _build_sync_rows(self) -> None:
        """The sync folder, chosen and cleared at once (a setting of this
        computer alone, not of the study settings OK saves), and Sync now."""
        self.sync_folder = QLabel()
        self.sync_folder.setWordWrap(True)
        describe(self.sync_folder, "Sync folder")
        self.choose_sync_folder = QPushButton("Choose &a folder…")
        self.choose_sync_folder.setToolTip(
            "A folder your computers already keep in step: Syncthing, Nextcloud, a USB stick"
        )
        self.choose_sync_folder.clicked.connect(self._choose_sync_folder)
        self.stop_syncing = QPushButton("Stop syncin&g")
        self.stop_syncing.clicked.connect(self._stop_syncing)
        self.sync_now = QPushButton("S&ync now")
        self.sync_now.clicked.connect(self._sync_now)
        buttons = QWidget()
        row = QHBoxLayout(buttons)
        row.setContentsMargins(0, 0, 0, 0)
        for button in (self.choose_sync_folder, self.stop_syncing, self.sync_now):
            row.addWidget(button)
        row.addStretch()
        self.sync_result = QLabel()
        self.sync_result.setWordWrap(True)
        describe(self.sync_result, "Last sync")
        self.offered_decks = QLabel()
        self.offered_decks.setWordWrap(True)
        describe(self.offered_decks, "Decks from your other computers")
        self.install_decks = QPushButton("Install dec&ks…")
        self.install_decks.setToolTip(
            "The decks your other computers put in the sync folder, with their progress"
        )
        self.install_decks.clicked.connect(self.open_offered_decks)
        minutes = SYNC_EVERY_MS // 60_000
        note = QLabel(
            "Each computer chooses its own folder, kept at once. endoquiz syncs at start, "
            f"after each study session, every {minutes} minutes and at quit."
        )
        note.setWordWrap(True)
        self.sync_form = QFormLayout()
        self.sync_form.addRow("Folder:", self.sync_folder)
        self.sync_form.addRow("", buttons)
        self.sync_form.addRow("", self.sync_result)
        self.sync_form.addRow("Decks:", self.offered_decks)
        install_row = QWidget()  # the button as wide as its text, as the others above
        row = QHBoxLayout(install_row)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.install_decks)
        row.addStretch()
        self.sync_form.addRow("", install_row)
        self.sync_form.addRow("", note)
        self._show_sync_folder()

    def _show_sync_folder(self) -> None:
        folder = self.library.sync_folder
        self.sync_folder.setText(
            str(folder) if folder is not None else "None: this computer does not sync"
        )
        # Always a line of text, so that a sync's outcome takes no new room.
        if folder is None:
            self.sync_result.setText("Choose a folder to study on your other computers too.")
        else:  # the status bar's, until this dialog syncs
            self.sync_result.setText(self.sync.label.text() or "Not synced yet.")
        self.stop_syncing.setEnabled(folder is not None)
        self.sync_now.setEnabled(folder is not None)
        self._show_offered_decks()

    def _show_offered_decks(self) -> None:
        """How many decks another computer put in the folder wait here; Install
        decks… lists them, and says why of any that cannot be installed."""
        offered = self.library.offered_decks() if self.library.sync_folder else []
        installable = sum(1 for deck in offered if deck.installable)
        self.offered_decks.setText(offered_decks_line(installable, len(offered) - installable))
        self.install_decks.setEnabled(bool(offered))

    def open_offered_decks(self) -> None:
        """Install decks…: the decks offered, to install; after an install, a
        sync, so that the status bar counts only the decks left."""
        from endoquiz.gui.offered_decks import OfferedDecksDialog

        dialog = OfferedDecksDialog(self.sync.changes, self)
        dialog.installed.connect(self._sync_now)
        dialog.exec()
        self._show_offered_decks()
        if not self.install_decks.isEnabled():
            self.sync_now.setFocus()  # the button pressed is now disabled

    def _choose_sync_folder(self) -> None:
        folder = self.library.sync_folder
        chosen = QFileDialog.getExistingDirectory(
            self, "Sync folder", str(folder if folder is not None else Path.home())
        )
        if not chosen:
            return
        self.library.set_sync_folder(chosen)
        self._show_sync_folder()
        self._sync_now()  # the other computers' progress, now rather than in minutes

    def _stop_syncing(self) -> None:
        self.library.set_sync_folder(None)
        self._show_sync_folder()
        self.sync_result.setText("This computer no longer syncs; its progress stays here.")
        self.sync.label.hide()
        self.choose_sync_folder.setFocus()  # the button pressed is now disabled

    def _sync_now(self) -> None:
        said = self.sync.run()  # "Syncing…"; the outcome comes to `_synced`
        if said is not None:
            self.sync_result.setText(said)

    def _synced(self, said: str) -> None:
        self.sync_result.setText(said)
        announce(self.sync_result, said)
        self._show_offered_decks()

    def _show_parameters(self) -> None:
        running = self._process is not None
        if self._parameters is None:
            status = "FSRS-6 defaults."
        else:
            status = "Personal parameters, fitted to your answers."
        if self._answers < MIN_REVIEWS:
            status += (
                f" Optimizing needs {MIN_REVIEWS} study answers; you have given {self._answers}."
            )
        self.parameters_status.setText(status)
        self.optimize_button.setEnabled(self._answers >= MIN_REVIEWS and not running)
        self.use_fitted_button.setVisible(
            self._fitted is not None and self._fitted.parameters != self._parameters
        )
        self.use_defaults_button.setVisible(self._parameters is not None and not running)
        self.progress.setVisible(running)
        # What a retention means depends on the curve of these parameters.
        self._show_workload(self.retention.value())

    def start_optimizing(self) -> None:
        """Fit parameters in a separate process; the result is shown when it ends."""
        if self._process is not None:
            return
        program, *arguments = optimize_command(str(self.library.data_dir))
        process = QProcess(self)
        process.finished.connect(self._optimized)
        process.errorOccurred.connect(self._optimize_failed)
        self._process = process
        self._fitted = None
        self.optimize_result.setText("")
        self._show_parameters()
        process.start(program, arguments)

    def _optimized(self, exit_code: int, _status: QProcess.ExitStatus) -> None:
        process = self._process
        if process is None:
            return
        self._process = None
        output = bytes(process.readAllStandardOutput().data()).decode("utf-8", "replace")
        errors = bytes(process.readAllStandardError().data()).decode("utf-8", "replace")
        process.deleteLater()
        try:
            if exit_code != 0:
                raise ValueError(errors.strip().splitlines()[-1] if errors.strip() else "")
            self._fitted = Optimization.from_json_dict(json.loads(output))
        except (ValueError, KeyError, TypeError) as error:
            self.optimize_result.setText(f"Optimizing failed: {error}".rstrip(": "))
        else:
            self.optimize_result.setText(_describe(self._fitted))
        self._show_parameters()

    def _optimize_failed(self, error: QProcess.ProcessError) -> None:
        if error == QProcess.ProcessError.FailedToStart and self._process is not None:
            self._process.deleteLater()
            self._process = None
            self.optimize_result.setText("Optimizing failed: the optimizer could not start.")
            self._show_parameters()

    def _use_fitted(self) -> None:
        if self._fitted is not None:
            self._parameters = self._fitted.parameters
            self.optimize_result.setText(
                self.optimize_result.text() + "\nThese parameters are used once you press OK."
            )
        self._show_parameters()

    def _use_defaults(self) -> None:
        self._parameters = None
        self._show_parameters()

    def done(self, result: int) -> None:
        """Closing the dialog stops an optimization still running."""
        if self._process is not None:
            process, self._process = self._process, None
            process.kill()
            process.waitForFinished(2000)
        super().done(result)

    def _show_workload(self, retention: float) -> None:
        self.workload.setText(workload_note(retention, self._parameters))

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
                suspend_leeches=self.suspend_leeches.isChecked(),
                fuzz=self.fuzz.isChecked(),
                parameters=self._parameters,
            )
            self.library.update_appearance(theme=self.theme.currentData(), zoom=self.zoom.value())
        except ValueError as error:
            self.error.setText(f"Not saved: {error}")
            self.error.show()
            announce(self.error, self.error.text())
            return
        self.applied.emit()
        self.accept()


def _describe(result: Optimization) -> str:
    """The comparison the learner decides on (lower is better)."""
    verdict = (
        "Your parameters predict your answers better."
        if result.better
        else "The defaults predict your answers as well or better: keep them."
    )
    if result.kept_current:
        verdict += f"\n{KEPT_CURRENT}"
    return (
        f"On your {result.reviews} study answers (lower is better):\n"
        f"Defaults: log loss {result.default_log_loss:.4f}, RMSE {result.default_rmse:.4f}\n"
        f"Yours: log loss {result.log_loss:.4f}, RMSE {result.rmse:.4f}\n{verdict}"
    )
