"""Starting the app safely: one app per data folder, a clear dialog when it
cannot start, a notice after a damaged database was recovered, and backups
made while studying, at quit and from File → Backups…."""
# mypy: disable-error-code="no-untyped-call"
# (pytest-qt's keyClick, keyClicks and mouseClick have no type hints)

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
from contextlib import closing
from datetime import timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox
from pytestqt.qtbot import QtBot

from endoquiz import Library, Rating
from endoquiz.gui.app import listen_for_second_starts, run_app
from endoquiz.gui.backups_dialog import BackupsDialog
from endoquiz.gui.main_window import MainWindow
from endoquiz.progress import instance_lock
from endoquiz.progress.database_problems import database_problem
from endoquiz.store.progress_store import DB_FILENAME
from endoquiz.store.schema import SCHEMA_VERSION
from tests.conftest import (
    T0,
    WriteDeck,
    app_running,
    basic_deck,
    rotted_after_a_clean_close,
    study,
    text_rotted,
)
from tests.gui.conftest import MakeWindow, press
from tests.gui.test_study_page import study_from_tree

Dialogs = list[tuple[str, str, str]]


@pytest.fixture
def dialogs(monkeypatch: pytest.MonkeyPatch) -> Dialogs:
    """The message boxes the app shows, recorded instead of waiting for a click."""
    shown: Dialogs = []

    def record(kind: str) -> object:
        def box(_parent: object, title: str, text: str, *_args: object) -> object:
            shown.append((kind, title, text))
            return QMessageBox.StandardButton.Ok

        return box

    for kind in ("critical", "warning", "information"):
        monkeypatch.setattr(QMessageBox, kind, record(kind))
    return shown


@pytest.fixture
def no_event_loop(monkeypatch: pytest.MonkeyPatch) -> None:
    """`run_app` returns once its window is up, instead of running until quit."""
    monkeypatch.setattr(QApplication, "exec", lambda *_args: 0)


def test_a_second_start_brings_the_running_window_to_the_front(
    qtbot: QtBot, make_window: MakeWindow, data_dir: Path
) -> None:
    with Library.open(data_dir) as library, app_running(data_dir):
        window = make_window(library)
        listener = listen_for_second_starts(window, data_dir)
        try:
            window.showMinimized()
            qtbot.waitUntil(window.isMinimized)
            second = subprocess.run(
                [sys.executable, "-m", "endoquiz", "--data-dir", str(data_dir)],
                capture_output=True,
                text=True,
                timeout=120,
                env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
            )
            assert second.returncode == 0, second.stderr
            assert "already running with this data folder" in second.stderr
            assert "its window was brought to the front" in second.stderr
            qtbot.waitUntil(lambda: not window.isMinimized())
        finally:
            listener.close()
    # It never opened the database: nothing new beside the first app's files.
    assert not (data_dir / "backups").exists()


def test_a_running_app_that_does_not_answer_is_said_so(
    data_dir: Path, dialogs: Dialogs, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(instance_lock, "ACTIVATE_ATTEMPTS", 2)  # not five seconds
    with app_running(data_dir):  # held, but nobody listening
        assert run_app(data_dir) == 1
    ((kind, _title, text),) = dialogs
    assert kind == "critical" and "already running" in text and "does not answer" in text
    assert not (data_dir / DB_FILENAME).exists()


def test_a_database_from_a_newer_endoquiz_is_refused_in_a_dialog(
    data_dir: Path, dialogs: Dialogs
) -> None:
    Library.open(data_dir).close()
    db = sqlite3.connect(data_dir / DB_FILENAME)
    db.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    db.close()
    assert run_app(data_dir) == 1
    ((kind, title, text),) = dialogs
    assert (kind, title) == ("critical", "endoquiz cannot start")
    assert "newer endoquiz" in text and "update endoquiz" in text


def test_after_a_recovery_the_learner_is_told_what_happened(
    data_dir: Path, dialogs: Dialogs, no_event_loop: None, write_deck: WriteDeck
) -> None:
    with Library.open(data_dir) as library:
        library.add_deck(write_deck(basic_deck("r", ["a", "b", "c"])))
        study(library, "r", T0, [Rating.GOOD])
        library.backup(T0)
    with (data_dir / DB_FILENAME).open("r+b") as file:
        file.seek(4096)
        file.write(b"\x00\xff" * 8192)
    assert run_app(data_dir) == 0
    ((kind, title, text),) = dialogs
    assert (kind, title) == ("warning", "Progress recovered")
    assert "moved aside" in text and "restored from the backup of" in text
    # And the app left its lock: it can start again.
    with app_running(data_dir):
        pass


def test_damage_the_clean_close_shortcut_let_through_is_recovered_at_start(
    data_dir: Path, dialogs: Dialogs, no_event_loop: None, write_deck: WriteDeck
) -> None:
    # Bit rot after a clean close: the window died at every start on its
    # first reads.
    rotted_after_a_clean_close(data_dir, write_deck)
    assert run_app(data_dir) == 0
    ((kind, title, text),) = dialogs
    assert (kind, title) == ("warning", "Progress recovered")
    assert "restored from the backup of" in text
    with Library.open(data_dir) as recovered:
        assert len(recovered.review_log("rot")) == 3


def test_a_window_whose_first_reads_failed_backs_nothing_up_later(
    data_dir: Path, dialogs: Dialogs, no_event_loop: None, write_deck: WriteDeck
) -> None:
    # The window built on the damaged file was dropped with its backup timer
    # running: a minute later it backed up the closed library, a traceback.
    rotted_after_a_clean_close(data_dir, write_deck)
    assert run_app(data_dir) == 0
    assert [
        window
        for window in QApplication.topLevelWidgets()
        if isinstance(window, MainWindow) and window.backup_timer.isActive()
    ] == []


def test_text_no_longer_utf8_at_start_is_recovered(
    data_dir: Path, dialogs: Dialogs, no_event_loop: None, write_deck: WriteDeck
) -> None:
    # A deck title that is no longer UTF-8 failed the window's first reads,
    # and the whole-file check then found nothing (SQLite does not look at
    # text): "cannot start" at every start.
    text_rotted(data_dir, write_deck, "deck", "title", "id = 'txt'")
    assert run_app(data_dir) == 0
    ((kind, title, text),) = dialogs
    assert (kind, title) == ("warning", "Progress recovered")
    assert "text in the deck table is no longer readable" in text
    with Library.open(data_dir) as recovered:
        assert len(recovered.review_log("txt")) == 2


def test_damage_met_while_the_window_is_open_is_recovered_in_place(
    data_dir: Path, dialogs: Dialogs, monkeypatch: pytest.MonkeyPatch, write_deck: WriteDeck
) -> None:
    # A card's note id no longer UTF-8: nothing reads it until the deck is
    # studied, which died with a traceback in the running window.
    text_rotted(data_dir, write_deck, "card", "note_id", "card_id = 'b'")
    windows: list[MainWindow] = []

    def run_event_loop(*_args: object) -> int:
        # The window this start opened: one an earlier test closed may
        # not be collected yet.
        window = next(
            w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow) and w.isVisible()
        )
        windows.append(window)
        if len(windows) == 1:
            try:
                window.study("txt")  # what a click on Study runs
            except sqlite3.DatabaseError:
                sys.excepthook(*sys.exc_info())  # as Qt hands on an error in a slot
            else:
                raise AssertionError("the damage was not met")
            assert not window.isVisible()
        return 0

    monkeypatch.setattr(QApplication, "exec", run_event_loop)
    assert run_app(data_dir) == 0
    assert [(kind, title) for kind, title, _ in dialogs] == [
        ("warning", "Progress database damaged"),
        ("warning", "Progress recovered"),
    ]
    assert "will now check the whole file" in dialogs[0][2]
    assert "text in the card table is no longer readable" in dialogs[1][2]
    assert len(windows) == 2  # the window opened again, on the recovered database
    with Library.open(data_dir) as recovered:
        assert len(recovered.review_log("txt")) == 2
        # The window that met the damage did not back it up over good backups.
        backups = recovered.backups()
        assert backups[-1].created == T0
        assert all(database_problem(b.path, thorough=True) is None for b in backups)


def test_settings_that_cannot_be_used_are_reset_and_the_learner_told(
    data_dir: Path, dialogs: Dialogs, no_event_loop: None
) -> None:
    # Stored by an older endoquiz that merged a crafted progress file: the
    # window never opened again.
    with Library.open(data_dir) as library:
        library.update_appearance(zoom=150)
    with closing(sqlite3.connect(data_dir / DB_FILENAME)) as db, db:
        db.execute("UPDATE setting SET value = '{\"zoom\": 1000000}' WHERE key = 'appearance'")
    assert run_app(data_dir) == 0
    ((kind, title, text),) = dialogs
    assert (kind, title) == ("warning", "Settings reset")
    assert text.startswith("The stored appearance (zoom (percent) must be from 50 to 300")
    assert text.endswith("the defaults apply until you change them in Settings")


def test_quitting_backs_up_what_changed(
    qtbot: QtBot, make_window: MakeWindow, library: Library, write_deck: WriteDeck
) -> None:
    library.add_deck(write_deck(basic_deck("q", ["a", "b"])))
    window = make_window(library)
    window.back_up_if_due()  # the deck just added is a change
    assert len(library.backups()) == 1
    study(library, "q", T0 + timedelta(minutes=1), [Rating.GOOD])
    window.back_up_if_due()  # too soon after the last one
    assert len(library.backups()) == 1
    qtbot.keyClick(window, Qt.Key.Key_Q, Qt.KeyboardModifier.ControlModifier)
    assert not window.isVisible()
    assert len(library.backups()) == 2


def test_backups_dialog_backs_up_and_restores_after_asking(
    qtbot: QtBot,
    make_window: MakeWindow,
    library: Library,
    write_deck: WriteDeck,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    library.add_deck(write_deck(basic_deck("q", ["a", "b", "c"])))
    study(library, "q", T0, [Rating.GOOD])
    window = make_window(library)
    dialog = BackupsDialog(library, window)
    qtbot.addWidget(dialog)
    with qtbot.waitExposed(dialog):
        dialog.show()
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    # A mnemonic clicks its button as an animation: the click comes a moment later.
    press(qtbot, Qt.Key.Key_B, Qt.KeyboardModifier.AltModifier)  # Back up now
    qtbot.waitUntil(lambda: dialog.table.rowCount() == 1)
    assert "Backed up to" in dialog.status.text()
    study(library, "q", T0 + timedelta(minutes=1), [Rating.GOOD, Rating.GOOD])
    assert len(library.review_log("q")) == 3

    asked: list[str] = []

    def question(_parent: object, _title: str, text: str, *_args: object) -> object:
        asked.append(text)
        return QMessageBox.StandardButton.Yes

    monkeypatch.setattr(QMessageBox, "question", question)
    restored: list[bool] = []
    dialog.restored.connect(lambda: restored.append(True))
    press(qtbot, Qt.Key.Key_R, Qt.KeyboardModifier.AltModifier)  # Restore…
    qtbot.waitUntil(lambda: restored == [True])
    assert asked and "backed up first" in asked[0]
    assert len(library.review_log("q")) == 1
    assert dialog.table.rowCount() == 2  # the backup, and the progress before it
    assert "Your progress before it is in" in dialog.status.text()


def test_an_answer_that_cannot_be_saved_is_said_and_the_card_stays(
    qtbot: QtBot,
    make_window: MakeWindow,
    library: Library,
    write_deck: WriteDeck,
    dialogs: Dialogs,
) -> None:
    library.add_deck(write_deck(basic_deck("w", ["a", "b", "c"])))
    window = make_window(library)
    page = study_from_tree(qtbot, window, "w")
    press(qtbot, Qt.Key.Key_Space)
    press(qtbot, Qt.Key.Key_3)  # saved
    assert page.view.toPlainText() == "Question b?"
    # The database refuses writes from now on, as on a folder turned read-only
    # (SQLite's own switch: the file system cannot be changed from a test).
    library._store._db.execute("PRAGMA query_only = ON")
    press(qtbot, Qt.Key.Key_Space)
    press(qtbot, Qt.Key.Key_3)
    ((kind, title, text),) = dialogs
    assert (kind, title) == ("warning", "Not saved")
    assert text.startswith("Your answer was not saved: cannot save to ")
    assert "the data folder is read-only" in text and "Nothing of it was written" in text
    assert "Answer b" in page.view.toPlainText()  # still the same card, answer shown
    assert [entry.card_id for entry in library.review_log("w")] == ["a"]
    # Once writing works again, the same keys save it.
    library._store._db.execute("PRAGMA query_only = OFF")
    press(qtbot, Qt.Key.Key_3)
    assert [entry.card_id for entry in library.review_log("w")] == ["a", "b"]
    assert page.view.toPlainText() == "Question c?"


def test_progress_exported_from_one_window_is_imported_in_another(
    make_window: MakeWindow,
    library: Library,
    write_deck: WriteDeck,
    tmp_path: Path,
    dialogs: Dialogs,
) -> None:
    library.add_deck(write_deck(basic_deck("m", ["a", "b"])))
    study(library, "m", T0, [Rating.GOOD, Rating.EASY])
    path = tmp_path / "me.endoquiz-progress"
    make_window(library).export_progress(path)
    with Library.open(tmp_path / "other") as other:
        other.add_deck(write_deck(basic_deck("m", ["a", "b"]), "other/m.yaml"))
        window = make_window(other)
        window.import_progress(path)
        assert len(other.review_log("m")) == 2
        # new, learning, due: b (Easy in 2024) is long due now
        assert window.deck_list.counts_text("m") == ["0", "1", "1"]
        window.close()
    assert [(kind, title) for kind, title, _ in dialogs] == [
        ("information", "Export progress"),
        ("information", "Import progress"),
    ]
    assert "2 answers added" in dialogs[1][2]


def test_progress_exported_as_json_is_named_for_its_format(
    make_window: MakeWindow,
    library: Library,
    write_deck: WriteDeck,
    tmp_path: Path,
    dialogs: Dialogs,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    library.add_deck(write_deck(basic_deck("m", ["a"])))
    study(library, "m", T0, [Rating.GOOD])
    typed = tmp_path / "out" / "me.json"  # what the learner types in the save dialog
    typed.parent.mkdir()
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *_args: (str(typed), ""))
    make_window(library).export_progress()
    written = tmp_path / "out" / "me.endoquiz-progress"
    assert list(typed.parent.iterdir()) == [written]
    assert dialogs[0][:2] == ("information", "Export progress")
    assert f"are in {written}." in dialogs[0][2]


def test_sigterm_closes_the_app_as_quit_does_backing_up(data_dir: Path) -> None:
    app = subprocess.Popen(
        [sys.executable, "-m", "endoquiz", "--data-dir", str(data_dir)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
    )
    try:
        # Up once it answers a second start (which retries while it starts).
        assert instance_lock.ask_to_activate(data_dir)
        app.send_signal(signal.SIGTERM)
        _out, err = app.communicate(timeout=60)
    finally:
        app.kill()
    assert app.returncode == 0, err
    assert "Traceback" not in err
    # Installing the bundled decks was a change: quitting backed it up.
    with Library.open(data_dir) as library:
        (backup,) = library.backups()
    assert backup.size > 0
