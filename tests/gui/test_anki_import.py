"""File → Import of an Anki package: the summary read and confirmed with the
keyboard before anything is written, the import off the window's thread."""
# mypy: disable-error-code="no-untyped-call"

from __future__ import annotations

import threading
from pathlib import Path

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QMessageBox, QProgressDialog, QWidget
from pytestqt.qtbot import QtBot

from endoquiz import Library
from endoquiz.gui.anki_import import AnkiImportWorker, AnkiSummaryDialog
from tests.anki.fixture_files import FIXTURES
from tests.gui.conftest import MakeWindow, WhenModal, press


def test_the_learner_reads_the_summary_and_imports_with_enter(
    qtbot: QtBot, library: Library, make_window: MakeWindow, when_modal: WhenModal
) -> None:
    window = make_window(library)
    seen: list[str] = []
    workers: list[AnkiImportWorker] = []

    def confirm(box: QWidget) -> None:
        assert isinstance(box, AnkiSummaryDialog)
        seen.append(box.text.toPlainText())
        assert library.decks() == []  # nothing written while the learner reads
        # Import has the focus (given as the dialog is activated): Enter presses it.
        qtbot.waitUntil(box.import_button.hasFocus)
        press(qtbot, Qt.Key.Key_Return)

    window.import_started.connect(workers.append)
    when_modal(confirm)
    window.import_files([FIXTURES / "modern.apkg"])
    assert workers and isinstance(workers[0], AnkiImportWorker)
    assert "modern.apkg (Anki 2.1.50+ package): 12 notes, 15 cards, 46 answers" in seen[0]
    assert "purple flags: endoquiz has red, orange, green, blue" in seen[0]
    assert [deck.id for deck in library.decks()] == ["biology", "biology/cells"]
    assert len(library.review_log()) == 46
    assert window.statusBar().currentMessage() == (
        "Imported modern.apkg: 2 deck(s), 15 card(s), 46 answer(s)"
    )
    assert window.deck_list.title.text() == "Biology"


def test_escape_on_the_summary_imports_nothing(
    qtbot: QtBot, library: Library, make_window: MakeWindow, when_modal: WhenModal
) -> None:
    window = make_window(library)
    when_modal(lambda box: qtbot.keyClick(box, Qt.Key.Key_Escape))
    window.import_files([FIXTURES / "legacy.apkg"])
    assert library.decks() == [] and library.review_log() == []
    assert not (library.data_dir / "decks").exists()
    assert window.statusBar().currentMessage() == (
        "Import cancelled: nothing of legacy.apkg was written"
    )


def test_a_file_that_is_no_package_is_said_in_a_message(
    qtbot: QtBot, library: Library, make_window: MakeWindow, tmp_path: Path, when_modal: WhenModal
) -> None:
    window = make_window(library)
    bad = tmp_path / "notes.apkg"
    bad.write_bytes(b"PK\x03\x04 but not a zip at all")
    said: list[str] = []

    def read_and_close(box: QWidget) -> None:
        assert isinstance(box, QMessageBox)
        said.append(box.text())
        qtbot.keyClick(box, Qt.Key.Key_Return)

    when_modal(read_and_close)
    window.import_files([bad])
    assert said and said[0].startswith("Nothing was imported: ") and "notes.apkg" in said[0]
    assert library.decks() == []


def test_escape_on_the_progress_dialog_while_saving_writes_nothing(
    qtbot: QtBot, library: Library, make_window: MakeWindow, when_modal: WhenModal
) -> None:
    window = make_window(library)
    held = threading.Event()
    go_on = threading.Event()

    def hold_before_saving(step: str) -> None:
        # In the worker's thread: saving waits until the learner has pressed
        # Escape (no race with a quick save).
        if step == "saving":
            held.set()
            go_on.wait(timeout=30)

    def press_escape() -> None:
        dialog = window.findChild(QProgressDialog)
        assert dialog is not None
        qtbot.waitUntil(
            lambda: dialog.isVisible() and dialog.labelText() == "Saving the decks and progress…"
        )
        qtbot.keyClick(dialog, Qt.Key.Key_Escape)
        worker = window.importing
        assert isinstance(worker, AnkiImportWorker)
        qtbot.waitUntil(worker.cancel.is_set)
        go_on.set()

    def press_escape_when_saving(step: str) -> None:
        # In the window's thread, while the worker waits; once the dialog
        # has taken the step too (its handler is queued after this one).
        if step == "saving":
            QTimer.singleShot(0, press_escape)

    def watch(worker: AnkiImportWorker) -> None:
        # The queued one first: the direct one blocks the emitting thread.
        worker.step.connect(press_escape_when_saving, Qt.ConnectionType.QueuedConnection)
        worker.step.connect(hold_before_saving, Qt.ConnectionType.DirectConnection)

    window.import_started.connect(watch)
    when_modal(lambda box: qtbot.keyClick(box, Qt.Key.Key_Return))
    window.import_files([FIXTURES / "modern.apkg"])
    assert held.is_set()
    assert window.statusBar().currentMessage() == (
        "Import cancelled: nothing of modern.apkg was written"
    )
    assert library.decks() == [] and library.review_log() == []
    assert not (library.data_dir / "decks" / "anki" / "biology").exists()
