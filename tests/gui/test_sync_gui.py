"""Syncing from the app: the folder chosen in Settings, Sync now, the syncs the
app makes on its own (start, after a session, every few minutes, quit), and
what the status bar says of them."""
# mypy: disable-error-code="no-untyped-call"
# (pytest-qt's keyClick, keyClicks and mouseClick have no type hints)

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QFileDialog
from pytestqt.qtbot import QtBot

from endoquiz import Library, Rating, SyncReport
from endoquiz.gui.folder_sync import SYNC_EVERY_MS, SyncWorker
from endoquiz.gui.main_window import MainWindow
from endoquiz.gui.settings_dialog import SettingsDialog
from endoquiz.gui.wording import sync_text
from tests.conftest import study
from tests.gui.conftest import MakeWindow, focused, press, unnamed_controls
from tests.sync.merge_hold import NEVER_MS, hold_merges


def answered_on(other: Library, folder: Path, ratings: list[Rating]) -> None:
    """The other computer answers the next cards, an hour ago, and syncs."""
    study(other, "d", datetime.now(UTC) - timedelta(hours=1), ratings)
    other.sync(folder)


def answered_ids(library: Library) -> list[str]:
    return sorted(entry.card_id for entry in library.review_log())


def window_on(library: Library, deck: Path, make_window: MakeWindow) -> MainWindow:
    library.add_deck(deck)
    return make_window(library)


def synced_window(
    qtbot: QtBot, library: Library, deck: Path, folder: Path, make_window: MakeWindow
) -> MainWindow:
    """The window of a library syncing through `folder`, once its start's
    sync has shown in the status bar."""
    library.set_sync_folder(folder)
    window = window_on(library, deck, make_window)
    sync_ended(qtbot, window)
    return window


def sync_ended(qtbot: QtBot, window: MainWindow) -> None:
    """Wait for the sync running in its worker to end, its outcome shown."""
    label = window.folder_sync.label
    qtbot.waitUntil(lambda: label.isVisible() and not window.folder_sync.running)


def open_settings(qtbot: QtBot, window: MainWindow) -> SettingsDialog:
    """Settings as File → Settings… opens it (with the window's syncs), shown."""
    # A child of the window, closed with it (not given to qtbot as well:
    # closed twice, the second time deleted, it crashed the teardown).
    dialog = SettingsDialog(window.library, window, window.folder_sync)
    with qtbot.waitActive(dialog):
        dialog.show()
        dialog.activateWindow()
    # Over the main window, whose own activation may still be on its way.
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog)
    return dialog


def test_a_folder_chosen_in_settings_brings_the_other_computers_answers(
    qtbot: QtBot,
    library: Library,
    laptop: Library,
    deck: Path,
    folder: Path,
    make_window: MakeWindow,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    answered_on(laptop, folder, [Rating.GOOD])
    window = window_on(library, deck, make_window)
    assert window.deck_list.counts_text("d")[0] == "3"
    assert not window.folder_sync.label.isVisible()  # no folder: nothing said
    dialog = open_settings(qtbot, window)
    assert dialog.sync_folder.text() == "None: this computer does not sync"
    assert not dialog.sync_now.isEnabled()
    asked: list[str] = []

    def choose(_parent: object, title: str, _start: str) -> str:
        asked.append(title)
        return str(folder)

    monkeypatch.setattr(QFileDialog, "getExistingDirectory", choose)
    # Choose a folder… (a button's mnemonic clicks it a moment later, as Qt
    # animates the press)
    with qtbot.waitSignal(window.folder_sync.synced, timeout=2000):
        press(qtbot, Qt.Key.Key_A, Qt.KeyboardModifier.AltModifier)

    assert asked == ["Sync folder"]
    assert library.sync_folder == folder.resolve()
    assert dialog.sync_folder.text() == str(folder.resolve())
    said = window.folder_sync.label.text()
    assert said.startswith("Synced ") and said.endswith(" with 1 other computer")
    assert dialog.sync_result.text() == said
    assert window.folder_sync.label.isVisible()
    # The laptop's answer is here, and the deck list shows it without a reload.
    assert answered_ids(library) == ["a"]
    assert window.deck_list.counts_text("d")[0] == "2"

    # Sync now (Alt+Y) brings what the laptop answered since.
    answered_on(laptop, folder, [Rating.GOOD])
    assert dialog.sync_now.isEnabled()
    with qtbot.waitSignal(window.folder_sync.synced, timeout=2000):
        press(qtbot, Qt.Key.Key_Y, Qt.KeyboardModifier.AltModifier)
    assert answered_ids(library) == ["a", "b"]
    assert window.deck_list.counts_text("d")[0] == "1"
    assert window.folder_sync.label.text().endswith(" with 1 other computer")


def test_stop_syncing_clears_the_folder_and_syncs_no_more(
    qtbot: QtBot, library: Library, deck: Path, folder: Path, make_window: MakeWindow
) -> None:
    window = synced_window(qtbot, library, deck, folder, make_window)
    dialog = open_settings(qtbot, window)
    assert dialog.sync_folder.text() == str(folder.resolve())
    press(qtbot, Qt.Key.Key_G, Qt.KeyboardModifier.AltModifier)  # Stop syncing
    qtbot.waitUntil(lambda: library.sync_folder is None)
    assert library.sync_folder is None
    assert dialog.sync_folder.text() == "None: this computer does not sync"
    assert not dialog.stop_syncing.isEnabled() and not dialog.sync_now.isEnabled()
    assert focused() is dialog.choose_sync_folder  # not lost with the disabled button
    assert not window.folder_sync.label.isVisible()
    assert window.folder_sync.run() is None


def test_the_sync_section_is_named_and_reachable_from_the_keyboard(
    qtbot: QtBot, library: Library, deck: Path, folder: Path, make_window: MakeWindow
) -> None:
    library.set_sync_folder(folder)
    window = window_on(library, deck, make_window)
    dialog = open_settings(qtbot, window)
    assert unnamed_controls(dialog) == []
    assert dialog.sync_folder.accessibleDescription() == "Sync folder"
    dialog.choose_sync_folder.setFocus()
    for button in (dialog.stop_syncing, dialog.sync_now):
        press(qtbot, Qt.Key.Key_Tab)
        assert focused() is button


def test_the_app_syncs_at_start(
    qtbot: QtBot,
    library: Library,
    laptop: Library,
    deck: Path,
    folder: Path,
    make_window: MakeWindow,
) -> None:
    library.set_sync_folder(folder)
    answered_on(laptop, folder, [Rating.GOOD, Rating.GOOD])
    window = window_on(library, deck, make_window)
    qtbot.waitUntil(lambda: window.folder_sync.label.text().startswith("Synced "))
    assert window.folder_sync.label.text().endswith(" with 1 other computer")
    assert answered_ids(library) == ["a", "b"]
    assert window.deck_list.counts_text("d")[0] == "1"


def test_a_session_ended_sends_its_answers_and_brings_the_others(
    qtbot: QtBot,
    library: Library,
    laptop: Library,
    deck: Path,
    folder: Path,
    make_window: MakeWindow,
) -> None:
    window = synced_window(qtbot, library, deck, folder, make_window)  # the start's sync, done
    answered_on(laptop, folder, [Rating.GOOD])  # while this computer studies
    window.study("d")
    shown = window.study_page.card
    assert shown is not None
    press(qtbot, Qt.Key.Key_Space)  # show the answer
    press(qtbot, Qt.Key.Key_3)  # Good
    assert answered_ids(library) == [shown.id]  # not synced while studying
    with qtbot.waitSignal(window.folder_sync.synced, timeout=2000):
        press(qtbot, Qt.Key.Key_Escape)  # the session ends
    assert window.pages.currentWidget() is window.deck_list
    assert answered_ids(library) == sorted([shown.id, "a"])
    laptop.sync(folder)
    assert answered_ids(laptop) == sorted([shown.id, "a"])


def test_the_timed_sync_waits_while_studying(
    qtbot: QtBot,
    library: Library,
    laptop: Library,
    deck: Path,
    folder: Path,
    make_window: MakeWindow,
) -> None:
    window = synced_window(qtbot, library, deck, folder, make_window)
    timer = window.folder_sync.timer
    assert timer.isActive() and timer.interval() == SYNC_EVERY_MS == 5 * 60_000
    answered_on(laptop, folder, [Rating.GOOD])
    window.study("d")
    with qtbot.assertNotEmitted(window.folder_sync.synced):
        timer.timeout.emit()  # five minutes, while a card is on screen
    assert answered_ids(library) == []
    press(qtbot, Qt.Key.Key_Escape)
    sync_ended(qtbot, window)  # the session's end syncs
    assert len(answered_ids(library)) == 1
    answered_on(laptop, folder, [Rating.GOOD])
    with qtbot.waitSignal(window.folder_sync.synced, timeout=1000):
        timer.timeout.emit()  # five minutes, at the deck list
    assert len(answered_ids(library)) == 2


def test_the_app_sends_its_answers_at_quit(
    qtbot: QtBot,
    library: Library,
    laptop: Library,
    deck: Path,
    folder: Path,
    make_window: MakeWindow,
) -> None:
    window = synced_window(qtbot, library, deck, folder, make_window)
    study(library, "d", datetime.now(UTC), [Rating.GOOD])  # after the last sync
    laptop.sync(folder)
    assert answered_ids(laptop) == []
    window.close()
    laptop.sync(folder)
    assert answered_ids(laptop) == ["a"]


def test_a_missing_folder_is_said_in_the_status_bar(
    qtbot: QtBot, library: Library, deck: Path, tmp_path: Path, make_window: MakeWindow
) -> None:
    usb = tmp_path / "media" / "usb" / "Sync"  # the stick is not plugged in
    library.set_sync_folder(usb)
    window = window_on(library, deck, make_window)
    sync_ended(qtbot, window)
    assert window.folder_sync.label.text() == f"Sync folder not found: {usb}"
    dialog = open_settings(qtbot, window)
    with qtbot.waitSignal(window.folder_sync.synced, timeout=2000):
        press(qtbot, Qt.Key.Key_Y, Qt.KeyboardModifier.AltModifier)  # Sync now: no dialog
    assert dialog.sync_result.text() == f"Sync folder not found: {usb}"
    assert dialog.isVisible()


def test_a_segment_still_arriving_is_said_in_the_status_bar(
    qtbot: QtBot,
    library: Library,
    laptop: Library,
    deck: Path,
    folder: Path,
    make_window: MakeWindow,
) -> None:
    answered_on(laptop, folder, [Rating.GOOD])
    (segment,) = (folder / "endoquiz-sync").rglob("*.jsonl")
    segment.write_bytes(segment.read_bytes()[:-20])  # half copied by the sync tool
    window = synced_window(qtbot, library, deck, folder, make_window)
    assert window.folder_sync.label.text() == "Sync: 1 segment not read yet (still arriving?)"
    assert answered_ids(library) == []


def test_sync_text_says_when_with_how_many_and_what_to_do() -> None:
    at = datetime(2026, 5, 3, 12, 32, tzinfo=UTC)
    local = at.astimezone().strftime("%H:%M")
    assert sync_text(SyncReport(at, 0, 0, 1)) == f"Synced {local} with 1 other computer"
    assert sync_text(SyncReport(at, 3, 4, 2)) == f"Synced {local} with 2 other computers"
    assert sync_text(SyncReport(at, 3, 0, 0)) == f"Synced {local}, no other computer yet"
    assert sync_text(SyncReport(at, 0, 0, 1, ["0123abcd segment 2: damaged"], newer=True)) == (
        "Another computer uses a newer endoquiz: update this one"
    )
    assert sync_text(SyncReport(at, 9, 2, 1, new_device=True)) == (
        f"Synced {local} with 1 other computer"
        " · this copy of the data folder has a sync id of its own now"
    )
    unwritable = SyncReport(at, 0, 0, 1, ["cannot write to the sync folder: Read-only file system"])
    assert sync_text(unwritable) == (
        "Sync: cannot write to the sync folder: Read-only file system "
        "(nothing sent; sent at the next sync)"
    )


def test_the_window_stays_usable_while_a_sync_merges_in_its_worker(
    qtbot: QtBot,
    library: Library,
    laptop: Library,
    deck: Path,
    folder: Path,
    make_window: MakeWindow,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    window = synced_window(qtbot, library, deck, folder, make_window)
    answered_on(laptop, folder, [Rating.GOOD])
    laptop.update_appearance(theme="dark")  # chosen on the laptop
    laptop.sync(folder)
    held = hold_merges(monkeypatch)
    label = window.folder_sync.label

    window.folder_sync.timer.timeout.emit()  # five minutes, at the deck list
    assert held.holding.wait(NEVER_MS / 1000)  # the merge holds the database
    assert (label.text(), label.isVisible()) == ("Syncing…", True)
    # The learner goes on: Return studies the deck, Space shows the answer.
    window.deck_list.tree.setFocus()
    press(qtbot, Qt.Key.Key_Home)
    press(qtbot, Qt.Key.Key_Return)
    assert window.pages.currentWidget() is window.study_page
    assert "Question a?" in window.study_page.view.toPlainText()
    press(qtbot, Qt.Key.Key_Space)
    assert "Answer a" in window.study_page.view.toPlainText()
    assert label.text() == "Syncing…"

    with qtbot.waitSignal(window.folder_sync.synced, timeout=NEVER_MS):
        held.release.set()
    assert label.text().startswith("Synced ") and label.text().endswith(" with 1 other computer")
    assert answered_ids(library) == ["a"]
    assert library.appearance.theme == "dark"
    app = QApplication.instance()
    assert app is not None and app.property("endoquiz_theme") == "dark"  # applied


def test_syncs_asked_for_while_one_runs_make_one_more_after_it(
    qtbot: QtBot,
    library: Library,
    laptop: Library,
    deck: Path,
    folder: Path,
    make_window: MakeWindow,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    window = synced_window(qtbot, library, deck, folder, make_window)
    answered_on(laptop, folder, [Rating.GOOD])
    held = hold_merges(monkeypatch)
    said: list[str] = []
    window.folder_sync.synced.connect(said.append)
    window.folder_sync.run()
    assert held.holding.wait(NEVER_MS / 1000)
    answered_on(laptop, folder, [Rating.GOOD])  # after the running sync read the folder
    assert window.folder_sync.run() == "Syncing…"  # a session ended, say
    assert window.folder_sync.timer.isActive()
    window.folder_sync.timer.timeout.emit()  # and five minutes passed

    held.release.set()
    qtbot.waitUntil(lambda: len(said) == 2 and not window.folder_sync.running)
    assert all(text.startswith("Synced ") for text in said)
    assert answered_ids(library) == ["a", "b"]  # the second brought the laptop's last


def test_closing_the_window_waits_for_the_running_sync_then_syncs_once_more(
    qtbot: QtBot,
    library: Library,
    laptop: Library,
    deck: Path,
    folder: Path,
    make_window: MakeWindow,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    window = synced_window(qtbot, library, deck, folder, make_window)
    answered_on(laptop, folder, [Rating.GOOD])
    held = hold_merges(monkeypatch)
    window.folder_sync.run()
    assert held.holding.wait(NEVER_MS / 1000)
    worker = window.folder_sync.worker
    assert worker is not None
    steps: list[str] = []
    wait, quit_sync = SyncWorker.wait, window.changes.sync

    def waited(self: SyncWorker) -> bool:
        steps.append("waited for the running sync")
        held.release.set()  # the merge ends while the window waits for it
        return wait(self)

    def synced_at_quit() -> SyncReport:
        steps.append("synced at quit")
        return quit_sync()

    monkeypatch.setattr(SyncWorker, "wait", waited)
    monkeypatch.setattr(window.changes, "sync", synced_at_quit)
    # After the running sync read the folder: only the quit's brings it.
    answered_on(laptop, folder, [Rating.GOOD])

    window.close()

    assert steps == ["waited for the running sync", "synced at quit"]
    assert worker.isFinished() and not window.folder_sync.running
    assert answered_ids(library) == ["a", "b"]
    assert window.folder_sync.label.text().startswith("Synced ")
