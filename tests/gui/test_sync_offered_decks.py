"""Decks another computer put in the sync folder, offered in the app: the status
bar says how many wait, Settings → Sync → Install decks… lists them and
installs them with the progress made on the other computer, and a file
damaged in the folder is said while the others install."""
# mypy: disable-error-code="no-untyped-call"
# (pytest-qt's keyClick, keyClicks and mouseClick have no type hints)

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from contextlib import closing
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from endoquiz import Library, Rating, SyncReport
from endoquiz.gui.main_window import MainWindow
from endoquiz.gui.offered_decks import OfferedDecksDialog
from endoquiz.gui.settings_dialog import SettingsDialog
from endoquiz.gui.wording import installed_decks_text, sync_text
from tests.conftest import basic_deck, study
from tests.gui.conftest import MakeWindow, focused, press, unnamed_controls

NOTES = "notes/thyroid"
# What a shared deck file half copied into the folder is refused for.
CUT_SHORT = "the zip is cut short (its end record is missing)"


def own_deck(library: Library, tmp_path: Path, deck_id: str, title: str, cards: int) -> None:
    """A deck the learner wrote on `library`'s computer alone."""
    path = tmp_path / "own" / f"{deck_id.replace('/', '-')}.yaml"
    path.parent.mkdir(exist_ok=True)
    path.write_text(basic_deck(deck_id, [f"t{n}" for n in range(1, cards + 1)], title), "utf-8")
    library.add_deck(path)


def synced_window(
    qtbot: QtBot, library: Library, deck: Path, folder: Path, make_window: MakeWindow
) -> MainWindow:
    """This computer's window, syncing through `folder`, once its start's
    sync has said how it went."""
    library.add_deck(deck)
    library.set_sync_folder(folder)
    window = make_window(library)
    qtbot.waitUntil(lambda: window.folder_sync.label.text().startswith("Synced "))
    return window


def on_dialog(kind: type[QWidget], act: Callable[[QWidget], None]) -> None:
    """Run `act` on the modal dialog of `kind` once it is up and active
    (opened by the code under test, inside its own event loop); a guard
    closes it."""

    def attempt() -> None:
        dialog = QApplication.activeModalWidget()
        # Active too: the keys go where the focus is, in the active window.
        if not isinstance(dialog, kind) or QApplication.activeWindow() is not dialog:
            QTimer.singleShot(10, attempt)
            return
        QTimer.singleShot(10_000, dialog, dialog.close)  # a dialog left open would hang
        act(dialog)

    QTimer.singleShot(0, attempt)


def listed(dialog: OfferedDecksDialog) -> list[tuple[str, bool]]:
    """The list's lines as read, and whether each is checked to install."""
    items = [dialog.decks.item(row) for row in range(dialog.decks.count())]
    return [(item.text(), item.checkState() == Qt.CheckState.Checked) for item in items]


def card_rows(library: Library, deck_id: str) -> list[tuple[str, int, int]]:
    """The deck's cards as this computer's database holds them: id, state, answers."""
    with closing(sqlite3.connect(library.db_path)) as db:
        rows = db.execute(
            "SELECT card_id, state, reps FROM card WHERE deck_id = ? ORDER BY card_id", (deck_id,)
        ).fetchall()
    return [(str(card), int(state), int(reps)) for card, state, reps in rows]


def test_a_deck_from_the_other_computer_is_installed_from_the_keyboard_with_its_progress(
    qtbot: QtBot,
    library: Library,
    laptop: Library,
    deck: Path,
    folder: Path,
    tmp_path: Path,
    make_window: MakeWindow,
) -> None:
    own_deck(laptop, tmp_path, NOTES, "My thyroid notes", 3)
    study(laptop, NOTES, datetime.now(UTC) - timedelta(hours=1), [Rating.GOOD, Rating.GOOD])
    laptop.sync(folder)

    window = synced_window(qtbot, library, deck, folder, make_window)
    said = window.folder_sync.label.text()
    assert said.endswith(" with 1 other computer · 1 deck to install")
    with pytest.raises(KeyError):
        window.deck_list.counts_text(NOTES)  # not in the deck list
    seen: dict[str, object] = {}

    def in_offered(dialog: QWidget) -> None:
        assert isinstance(dialog, OfferedDecksDialog)
        seen["listed"] = listed(dialog)
        seen["focus"] = focused() is dialog.decks
        seen["unnamed"] = unnamed_controls(dialog)
        checks = []
        for _ in range(2):  # Space unchecks the deck, and checks it again
            press(qtbot, Qt.Key.Key_Space)
            checks.append(listed(dialog)[0][1])
        seen["space"] = checks
        press(qtbot, Qt.Key.Key_Tab)
        seen["tab"] = focused() is dialog.install_button
        press(qtbot, Qt.Key.Key_I, Qt.KeyboardModifier.AltModifier)  # Install
        qtbot.waitUntil(dialog.outcome.isVisible)
        seen["outcome"] = dialog.outcome.text()
        seen["left"] = listed(dialog)
        seen["installed button"] = dialog.install_button.isEnabled()
        press(qtbot, Qt.Key.Key_Escape)

    def in_settings(dialog: QWidget) -> None:
        assert isinstance(dialog, SettingsDialog)
        seen["line"] = dialog.offered_decks.text()
        on_dialog(OfferedDecksDialog, in_offered)
        press(qtbot, Qt.Key.Key_K, Qt.KeyboardModifier.AltModifier)  # Install decks…
        qtbot.waitUntil(lambda: "outcome" in seen and QApplication.activeModalWidget() is dialog)
        # The window under a closed dialog is active again on a desktop; the
        # offscreen platform of the tests leaves that to the window manager.
        dialog.activateWindow()
        qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog)
        seen["line after"] = dialog.offered_decks.text()
        seen["focus after"] = focused() is dialog.sync_now  # not lost with the disabled button
        press(qtbot, Qt.Key.Key_Escape)

    on_dialog(SettingsDialog, in_settings)
    press(qtbot, Qt.Key.Key_Comma, Qt.KeyboardModifier.ControlModifier)  # File → Settings…

    assert seen["line"] == "1 deck from your other computers to install."
    assert seen["listed"] == [("My thyroid notes: 3 cards, new on this computer", True)]
    assert seen["focus"] is True and seen["unnamed"] == []
    assert seen["space"] == [False, True] and seen["tab"] is True
    assert seen["outcome"] == (
        "Installed My thyroid notes, with the progress made on your other computers."
    )
    assert seen["left"] == [] and seen["installed button"] is False
    assert seen["line after"] == "No decks from your other computers to install."
    assert seen["focus after"] is True
    # The deck is in the list, its two cards answered on the laptop not new here.
    assert window.deck_list.counts_text(NOTES)[0] == "1"
    assert card_rows(library, NOTES) == [("t1", 1, 1), ("t2", 1, 1), ("t3", 0, 0)]
    assert sorted(e.card_id for e in library.review_log(NOTES)) == ["t1", "t2"]
    # The status bar counts no deck to install any more, once the sync that
    # Install started has ended (it runs in a worker: it may run still).
    window.folder_sync.settle()
    assert window.folder_sync.label.text().endswith(" with 1 other computer")


def test_a_deck_here_in_the_same_version_is_not_offered(
    qtbot: QtBot,
    library: Library,
    laptop: Library,
    deck: Path,
    folder: Path,
    tmp_path: Path,
    make_window: MakeWindow,
) -> None:
    own_deck(laptop, tmp_path, NOTES, "My thyroid notes", 3)
    own_deck(library, tmp_path, NOTES, "My thyroid notes", 3)  # the same file, here too
    laptop.sync(folder)
    window = synced_window(qtbot, library, deck, folder, make_window)
    assert window.folder_sync.label.text().endswith(" with 1 other computer")
    dialog = SettingsDialog(library, window, window.folder_sync)
    assert dialog.offered_decks.text() == "No decks from your other computers to install."
    assert not dialog.install_decks.isEnabled()
    assert library.offered_decks() == []


def test_a_deck_changed_on_the_other_computer_is_offered_and_installed_as_an_update(
    qtbot: QtBot,
    library: Library,
    laptop: Library,
    deck: Path,
    folder: Path,
    tmp_path: Path,
    make_window: MakeWindow,
) -> None:
    own_deck(laptop, tmp_path, NOTES, "My thyroid notes", 2)
    laptop.sync(folder)
    library.sync(folder)
    (first,) = [offered for offered in library.offered_decks(folder) if offered.deck_id == NOTES]
    library.install_offered_deck(first)  # a copy in this data folder
    study(library, NOTES, datetime.now(UTC) - timedelta(hours=2), [Rating.GOOD])
    library.sync(folder)
    own_deck(laptop, tmp_path, NOTES, "My thyroid notes", 3)  # a card added there
    laptop.sync(folder)

    window = synced_window(qtbot, library, deck, folder, make_window)
    assert window.folder_sync.label.text().endswith(" · 1 deck to install")
    dialog = OfferedDecksDialog(window.changes, window)
    qtbot.addWidget(dialog)
    assert listed(dialog) == [("My thyroid notes: 3 cards, a newer version of the one here", True)]
    dialog.install_button.click()

    assert [card.id for card in library.deck(NOTES).cards] == ["t1", "t2", "t3"]
    assert card_rows(library, NOTES) == [("t1", 1, 1), ("t2", 0, 0), ("t3", 0, 0)]
    assert window.deck_list.counts_text(NOTES)[0] == "2"


def test_a_newer_version_of_the_learners_own_file_is_said_not_installed(
    qtbot: QtBot,
    library: Library,
    laptop: Library,
    deck: Path,
    folder: Path,
    tmp_path: Path,
    make_window: MakeWindow,
) -> None:
    (tmp_path / "here").mkdir()
    own_deck(library, tmp_path / "here", NOTES, "My thyroid notes", 2)  # installed from there
    library.sync(folder)
    own_deck(laptop, tmp_path, NOTES, "My thyroid notes", 3)
    laptop.sync(folder)
    mine = library.deck_path(NOTES).resolve()
    window = synced_window(qtbot, library, deck, folder, make_window)
    offered = {o.deck_id: (o.own_file, o.installable) for o in library.offered_decks(folder)}
    assert offered == {NOTES: (mine, False)}
    assert library.sync(folder).offered == 0
    # Nothing to do about it at every sync: the status bar does not ask.
    assert window.folder_sync.label.text().startswith("Synced ")
    assert "to install" not in window.folder_sync.label.text()
    settings = SettingsDialog(library, window, window.folder_sync)
    qtbot.addWidget(settings)
    assert settings.offered_decks.text() == (
        "No decks from your other computers to install; 1 deck in the folder cannot be "
        "installed here (Install decks… says why)."
    )
    assert settings.install_decks.isEnabled()  # to see why
    dialog = OfferedDecksDialog(window.changes, window)
    qtbot.addWidget(dialog)
    assert listed(dialog) == [
        (
            f"My thyroid notes: 3 cards, a newer version than your own file {mine}, "
            "which endoquiz does not overwrite",
            False,
        )
    ]
    assert dialog.summary.text() == (
        "No deck to install: 1 deck cannot be installed now, as said below."
    )
    assert not dialog.install_button.isEnabled()
    assert mine.read_text(encoding="utf-8").count("- id:") == 2


def test_a_damaged_deck_file_is_said_and_the_others_install(
    qtbot: QtBot,
    library: Library,
    laptop: Library,
    deck: Path,
    folder: Path,
    tmp_path: Path,
    make_window: MakeWindow,
) -> None:
    own_deck(laptop, tmp_path, "notes/adrenal", "Adrenal notes", 2)
    own_deck(laptop, tmp_path, NOTES, "My thyroid notes", 3)
    own_deck(laptop, tmp_path, "notes/pituitary", "Pituitary notes", 1)
    laptop.sync(folder)
    files = {path.parent.name: path for path in folder.rglob("*.endoquiz")}
    # Damaged in the folder before this computer reads it: said in the list.
    adrenal = files["notes%2Fadrenal"]
    adrenal.write_bytes(adrenal.read_bytes()[:100])
    window = synced_window(qtbot, library, deck, folder, make_window)
    assert window.folder_sync.label.text().endswith(" · 3 decks to install")
    dialog = OfferedDecksDialog(window.changes, window)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.summary.text() == (
        "2 decks from your other computers to install; "
        "1 deck cannot be installed now, as said below."
    )
    assert listed(dialog) == [
        (f"notes/adrenal cannot be installed now: {CUT_SHORT}", False),
        ("Pituitary notes: 1 card, new on this computer", True),
        ("My thyroid notes: 3 cards, new on this computer", True),
    ]
    # Damaged after it was listed (a sync tool rewriting it): said on installing.
    pituitary = files["notes%2Fpituitary"]
    pituitary.write_bytes(pituitary.read_bytes()[:-30])
    dialog.install_button.click()

    assert dialog.outcome.text() == (
        "Installed My thyroid notes, with the progress made on your other computers.\n"
        f"notes/pituitary was not installed: {CUT_SHORT}"
    )
    assert "Traceback" not in dialog.outcome.text()
    assert [deck.id for deck in library.decks()] == ["d", NOTES]
    assert window.deck_list.counts_text(NOTES)[0] == "3"
    assert [text for text, _ in listed(dialog)] == [
        f"notes/adrenal cannot be installed now: {CUT_SHORT}",
        f"notes/pituitary cannot be installed now: {CUT_SHORT}",
    ]
    assert not dialog.install_button.isEnabled()
    assert dialog.summary.text() == (
        "No deck to install: 2 decks cannot be installed now, as said below."
    )


def test_the_status_bar_counts_the_decks_to_install() -> None:
    at = datetime(2026, 5, 3, 12, 32, tzinfo=UTC)
    local = at.astimezone().strftime("%H:%M")
    assert sync_text(SyncReport(at, 0, 0, 1, offered=1)) == (
        f"Synced {local} with 1 other computer · 1 deck to install"
    )
    assert sync_text(SyncReport(at, 0, 0, 2, offered=2)) == (
        f"Synced {local} with 2 other computers · 2 decks to install"
    )
    assert sync_text(SyncReport(at, 0, 0, 1)) == f"Synced {local} with 1 other computer"


def test_what_installing_did_is_said_a_deck_a_line() -> None:
    assert installed_decks_text(["Thyroid: basics", "Adrenal, cortex"], [("notes/x", "why")]) == (
        "Installed 2 decks, with the progress made on your other computers:\n"
        "• Thyroid: basics\n"
        "• Adrenal, cortex\n"
        "notes/x was not installed: why"
    )
    assert installed_decks_text([], []) == "Nothing to install: check a deck first."
