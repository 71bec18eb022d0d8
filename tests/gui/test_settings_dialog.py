"""The settings dialog: shows the settings, saves valid changes, refuses bad ones."""
# mypy: disable-error-code="no-untyped-call"
# (pytest-qt's keyClick, keyClicks and mouseClick have no type hints)

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QLabel,
    QWidget,
)
from pytestqt.qtbot import QtBot

from endoquiz import Library, workload_note
from endoquiz.gui.settings_dialog import SettingsDialog, parse_steps
from tests.conftest import WriteDeck, basic_deck
from tests.gui.conftest import MakeWindow, focused, press, unnamed_controls
from tests.simulation import simulate


@pytest.fixture
def dialog(qtbot: QtBot, library: Library) -> SettingsDialog:
    dialog = SettingsDialog(library)
    qtbot.addWidget(dialog)
    with qtbot.waitActive(dialog):
        dialog.show()
        dialog.activateWindow()
    return dialog


def replace_text(qtbot: QtBot, widget: QWidget, text: str) -> None:
    """Focus a field, select what is in it, and type over it."""
    widget.setFocus()
    qtbot.keyClick(widget, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    if text:
        qtbot.keyClicks(widget, text)
    else:
        qtbot.keyClick(widget, Qt.Key.Key_Delete)


def test_shows_the_current_settings(dialog: SettingsDialog) -> None:
    assert dialog.new_per_day.value() == 20
    assert dialog.reviews_per_day.value() == 200
    assert dialog.retention.value() == pytest.approx(0.9)
    assert dialog.workload.text() == workload_note(0.9)
    assert dialog.day_starts_at.text() == "4:00"
    assert dialog.learning_steps.text() == "1 10"
    assert dialog.relearning_steps.text() == "10"
    assert dialog.quiz_policy.currentData() == "wrong-resets"
    assert dialog.fuzz.isChecked()
    assert dialog.theme.currentData() == "system"
    assert dialog.zoom.text() == "100 %"
    assert dialog.error.text() == ""


def test_settings_come_in_titled_groups(dialog: SettingsDialog) -> None:
    groups = dialog.findChildren(QGroupBox)
    assert [group.title() for group in groups] == [
        "Daily limits",
        "Quiz",
        "Appearance",
        "Scheduling",
        "Sync",
    ]

    def fields(group: QGroupBox) -> list[QWidget | None]:
        form = group.layout()
        assert isinstance(form, QFormLayout)
        return [
            item.widget()
            for row in range(form.rowCount())
            if (item := form.itemAt(row, QFormLayout.ItemRole.FieldRole)) is not None
        ]

    limits, quiz, appearance, scheduling, sync = map(fields, groups)
    assert dialog.sync_folder in sync and dialog.sync_result in sync
    assert dialog.new_per_day in limits and dialog.reviews_per_day in limits
    assert dialog.retention in scheduling and dialog.learning_steps in scheduling
    assert quiz == [dialog.quiz_policy]
    assert appearance == [dialog.theme, dialog.zoom]


def test_the_groups_leave_every_wrapped_text_its_height(
    qtbot: QtBot, dialog: SettingsDialog
) -> None:
    # Stacked in one column the groups made the dialog taller than a window
    # may open on a small screen, and the wrapped texts were cut.
    with qtbot.waitExposed(dialog):
        dialog.show()
    wrapped = [
        label
        for label in dialog.findChildren(QLabel)
        if label.wordWrap() and label.isVisible() and label.text()
    ]
    assert len(wrapped) >= 2  # the retention's note, the parameters' status
    cut = [
        (label.text()[:30], label.height(), label.heightForWidth(label.width()))
        for label in wrapped
        if label.height() < label.heightForWidth(label.width())
    ]
    assert cut == []


def test_typed_changes_are_saved_with_enter(
    qtbot: QtBot, dialog: SettingsDialog, library: Library
) -> None:
    replace_text(qtbot, dialog.new_per_day, "5")
    replace_text(qtbot, dialog.learning_steps, "2, 15 60")
    dialog.retention.setValue(0.85)
    assert dialog.workload.text() == workload_note(0.85)
    dialog.quiz_policy.setCurrentIndex(dialog.quiz_policy.findData("never"))
    dialog.theme.setCurrentIndex(dialog.theme.findData("light"))
    replace_text(qtbot, dialog.zoom, "150")

    with qtbot.waitSignal(dialog.applied, timeout=1000):
        press(qtbot, Qt.Key.Key_Return)  # OK is the dialog's default button
    assert dialog.result() == QDialog.DialogCode.Accepted
    settings = library.settings
    assert settings.new_per_day == 5
    assert settings.learning_steps == (2.0, 15.0, 60.0)
    assert settings.desired_retention == pytest.approx(0.85)
    assert settings.quiz_schedule == "never"
    assert (library.appearance.theme, library.appearance.zoom) == ("light", 150)


@pytest.mark.parametrize(
    ("steps", "message"),
    [
        ("1 ten", "Not saved: steps are minutes, e.g. '1 10', not '1 ten'"),
        ("", "Not saved: give at least one step, in minutes"),
        ("0", "Not saved: learning steps must be positive numbers of minutes"),
    ],
)
def test_bad_learning_steps_say_why_and_save_nothing(
    qtbot: QtBot, dialog: SettingsDialog, library: Library, steps: str, message: str
) -> None:
    before = (library.settings, library.appearance)
    replace_text(qtbot, dialog.new_per_day, "3")
    dialog.theme.setCurrentIndex(dialog.theme.findData("dark"))
    replace_text(qtbot, dialog.learning_steps, steps)
    with qtbot.assertNotEmitted(dialog.applied):
        dialog.save()
    assert dialog.error.text() == message
    assert dialog.isVisible()
    assert (library.settings, library.appearance) == before

    replace_text(qtbot, dialog.learning_steps, "1 10")
    box = dialog.findChild(QDialogButtonBox)
    assert box is not None
    with qtbot.waitSignal(dialog.applied, timeout=1000):
        qtbot.mouseClick(box.button(QDialogButtonBox.StandardButton.Ok), Qt.MouseButton.LeftButton)
    assert library.settings.new_per_day == 3
    assert library.appearance.theme == "dark"


def test_escape_cancels_without_saving(
    qtbot: QtBot, dialog: SettingsDialog, library: Library
) -> None:
    before = library.settings
    replace_text(qtbot, dialog.new_per_day, "1")
    with qtbot.assertNotEmitted(dialog.applied), qtbot.waitSignal(dialog.rejected, timeout=1000):
        press(qtbot, Qt.Key.Key_Escape)
    assert library.settings == before


def test_new_card_limit_applies_to_the_deck_list(
    qtbot: QtBot, library: Library, write_deck: WriteDeck, make_window: MakeWindow
) -> None:
    library.add_deck(write_deck(basic_deck("d", ["a", "b", "c", "e"])))
    window = make_window(library)
    assert window.deck_list.counts_text("d") == ["4", "0", "0"]
    dialog = SettingsDialog(library, window)
    dialog.applied.connect(window.settings_applied)
    dialog.new_per_day.setValue(1)
    dialog.save()
    assert library.settings.new_per_day == 1
    assert window.deck_list.counts_text("d") == ["1", "0", "0"]


def test_every_field_is_named_and_reachable_by_its_mnemonic(
    qtbot: QtBot, dialog: SettingsDialog
) -> None:
    assert unnamed_controls(dialog) == []
    for key, field in (
        (Qt.Key.Key_N, dialog.new_per_day),
        (Qt.Key.Key_L, dialog.learning_steps),
        (Qt.Key.Key_H, dialog.theme),
        (Qt.Key.Key_Z, dialog.zoom),
    ):
        press(qtbot, key, Qt.KeyboardModifier.AltModifier)
        assert focused() is field or focused().parent() is field


def test_parse_steps_accepts_spaces_and_commas() -> None:
    assert parse_steps(" 1, 10  30 ") == (1.0, 10.0, 30.0)
    assert parse_steps("0.5") == (0.5,)
    with pytest.raises(ValueError, match="at least one step"):
        parse_steps(" , ")
    with pytest.raises(ValueError, match="steps are minutes"):
        parse_steps("1m 10m")


def test_leech_suspension_is_a_setting(
    qtbot: QtBot, dialog: SettingsDialog, library: Library
) -> None:
    assert not dialog.suspend_leeches.isChecked()
    # Its mnemonic clicks it (Qt animates the click, so the tick comes a moment later).
    press(qtbot, Qt.Key.Key_S, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(dialog.suspend_leeches.isChecked)
    dialog.save()
    assert library.settings.suspend_leeches


def test_optimize_needs_400_study_answers(dialog: SettingsDialog) -> None:
    assert not dialog.optimize_button.isEnabled()
    assert "needs 400 study answers; you have given 0" in dialog.parameters_status.text()
    assert dialog.parameters_status.text().startswith("FSRS-6 defaults.")


@pytest.fixture
def studied(library: Library, write_deck: WriteDeck) -> Library:
    """407 study answers of a simulated learner: enough to optimize."""
    library.add_deck(write_deck(basic_deck("memory", [f"c{i:03}" for i in range(90)])))
    simulate(library, "memory", days=60, seed=3)
    return library


def test_optimize_runs_aside_then_the_learner_accepts(qtbot: QtBot, studied: Library) -> None:
    library = studied
    dialog = SettingsDialog(library)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.optimize_button.isEnabled()
    assert not dialog.use_fitted_button.isVisible()

    qtbot.mouseClick(dialog.optimize_button, Qt.MouseButton.LeftButton)
    # The window stays responsive: the fit runs in another process.
    assert dialog.progress.isVisible() and not dialog.optimize_button.isEnabled()
    qtbot.waitUntil(lambda: not dialog.progress.isVisible(), timeout=60_000)

    result = dialog.optimize_result.text()
    assert library.study_answer_count() == 407
    assert "On your 407 study answers" in result
    assert "Defaults: log loss" in result and "Yours: log loss" in result
    unchanged = library.settings  # nothing changes before the learner says so
    assert unchanged.parameters is None
    qtbot.mouseClick(dialog.use_fitted_button, Qt.MouseButton.LeftButton)
    assert "used once you press OK" in dialog.optimize_result.text()
    dialog.save()
    fitted = library.settings.parameters
    assert fitted is not None and len(fitted) == 21

    # Back to the defaults, in a new dialog.
    again = SettingsDialog(library)
    qtbot.addWidget(again)
    again.show()
    assert again.parameters_status.text().startswith("Personal parameters")
    qtbot.mouseClick(again.use_defaults_button, Qt.MouseButton.LeftButton)
    again.save()
    assert library.settings.parameters is None


def test_closing_the_dialog_stops_the_optimizer(qtbot: QtBot, studied: Library) -> None:
    library = studied
    dialog = SettingsDialog(library)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.start_optimizing()
    process = dialog._process
    assert process is not None
    dialog.reject()
    assert process.state() == process.ProcessState.NotRunning
    assert library.settings.parameters is None


def test_fuzz_can_be_turned_off(qtbot: QtBot, dialog: SettingsDialog, library: Library) -> None:
    assert dialog.fuzz.isChecked()
    press(qtbot, Qt.Key.Key_I, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: not dialog.fuzz.isChecked())
    dialog.save()
    assert library.settings.fuzz is False
    reopened = SettingsDialog(library)
    qtbot.addWidget(reopened)
    assert not reopened.fuzz.isChecked()


def test_the_workload_note_is_worked_out_on_the_parameters_in_use(
    qtbot: QtBot, library: Library
) -> None:
    import fsrs

    fitted = (*fsrs.scheduler.DEFAULT_PARAMETERS[:20], 0.5)
    library.update_settings(desired_retention=0.8, parameters=fitted)
    dialog = SettingsDialog(library)
    qtbot.addWidget(dialog)
    assert dialog.workload.text() == workload_note(0.8, fitted)
    assert dialog.workload.text() != workload_note(0.8)
    # "Use FSRS defaults" changes the curve, and what 80% means with it.
    qtbot.mouseClick(dialog.use_defaults_button, Qt.MouseButton.LeftButton)
    assert dialog.workload.text() == workload_note(0.8)
