"""File → Import runs in a worker thread behind a progress dialog: the window
keeps serving events, Escape cancels with nothing of the deck saved, and
several files are imported and reported together."""
# mypy: disable-error-code="no-untyped-call"

from __future__ import annotations

import threading

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QProgressDialog, QWidget
from pytestqt.qtbot import QtBot

from endoquiz import Library
from endoquiz.gui.anki_import import AnkiSummaryDialog
from endoquiz.gui.deck_import import ImportWorker
from endoquiz.gui.dialogs import DeckErrorsDialog
from tests.anki.fixture_files import FIXTURES
from tests.conftest import WriteDeck, basic_deck
from tests.gui.conftest import MakeWindow, WhenModal, press

MANY = [f"c{n:05}" for n in range(3000)]


def test_escape_cancels_an_import_and_nothing_of_it_is_kept(
    qtbot: QtBot, library: Library, write_deck: WriteDeck, make_window: MakeWindow
) -> None:
    window = make_window(library)
    path = write_deck(basic_deck("big", MANY), "big.yaml")
    held = threading.Event()
    go_on = threading.Event()
    seen: list[str] = []

    def hold_before_saving(step: str, _name: str) -> None:
        # In the worker's thread: it waits here, saving not yet begun, until
        # the learner has pressed Escape (no race with a quick save).
        if step == "saving":
            held.set()
            go_on.wait(timeout=30)

    def press_escape_when_saving(step: str, name: str) -> None:
        # In the window's thread, while the import runs: the dialog is up.
        seen.append(f"{step} {name}")
        if step != "saving":
            return
        dialog = window.findChild(QProgressDialog)
        assert dialog is not None
        qtbot.waitUntil(lambda: dialog.isVisible() and dialog.labelText() == "Saving big.yaml…")
        assert window.isEnabled()  # the window is served, not frozen
        qtbot.keyClick(dialog, Qt.Key.Key_Escape)
        # The dialog's cancel may reach the worker's flag after the key: the
        # worker goes on only once it is set, or the save could win the race.
        worker = window.importing
        assert worker is not None
        qtbot.waitUntil(worker.cancel.is_set)
        go_on.set()

    def watch(worker: ImportWorker) -> None:
        # After the dialog's own connection: it has its label when ours runs.
        worker.step.connect(press_escape_when_saving, Qt.ConnectionType.QueuedConnection)
        worker.step.connect(hold_before_saving, Qt.ConnectionType.DirectConnection)

    window.import_started.connect(watch)
    assert window.import_deck(path) is False
    assert held.is_set()
    assert seen == ["reading big.yaml", "saving big.yaml"]
    assert window.statusBar().currentMessage() == (
        "Import cancelled: nothing of big.yaml was saved"
    )
    assert library.decks() == []
    assert not any(dialog.isVisible() for dialog in window.findChildren(QProgressDialog))


def test_several_files_are_imported_and_said_together(
    qtbot: QtBot, library: Library, write_deck: WriteDeck, make_window: MakeWindow
) -> None:
    window = make_window(library)
    paths = [
        write_deck(basic_deck("one", ["a", "b"], title="One"), "one.yaml"),
        write_deck(basic_deck("two", ["c"], title="Two"), "two.yaml"),
    ]
    assert window.import_decks(paths) is True
    assert window.statusBar().currentMessage() == ("Imported One (2 cards); Imported Two (1 cards)")
    assert [deck.id for deck in library.decks()] == ["one", "two"]
    assert window.deck_list.counts_text("two") == ["1", "0", "0"]


def test_a_second_import_waits_for_the_first(
    qtbot: QtBot, library: Library, write_deck: WriteDeck, make_window: MakeWindow
) -> None:
    window = make_window(library)
    first = write_deck(basic_deck("one", MANY), "one.yaml")
    second = write_deck(basic_deck("two", ["c"]), "two.yaml")
    refused: list[bool] = []

    def try_a_second(worker: ImportWorker) -> None:
        # A file dropped on the window while the first import runs.
        worker.step.connect(
            lambda step, _name: (
                refused.append(window.import_decks([second])) if step == "reading" else None
            ),
            Qt.ConnectionType.QueuedConnection,
        )

    window.import_started.connect(try_a_second)
    assert window.import_decks([first]) is True
    window.import_started.disconnect(try_a_second)
    assert refused == [False]
    assert [deck.id for deck in library.decks()] == ["one"]
    assert window.import_decks([second]) is True


def test_the_worker_is_gone_after_the_import(
    library: Library, write_deck: WriteDeck, make_window: MakeWindow
) -> None:
    window = make_window(library)
    assert window.import_deck(write_deck(basic_deck("one", ["a"]), "one.yaml")) is True
    assert window.importing is None


WITHOUT_AN_ID = """\
endoquiz: 1
id: loose
title: Loose
cards:
  - front: Which gland makes TSH?
    back: The anterior pituitary
"""


def test_warnings_of_imported_files_are_shown_and_every_file_is_said(
    qtbot: QtBot,
    library: Library,
    write_deck: WriteDeck,
    make_window: MakeWindow,
    when_modal: WhenModal,
) -> None:
    window = make_window(library)
    loose = write_deck(WITHOUT_AN_ID, "loose.yaml")
    broken = write_deck("endoquiz: 1\nid: broken\ntitle: Broken\ncards: 3\n", "broken.yaml")

    def close_the_errors(dialog: QWidget) -> None:
        assert isinstance(dialog, DeckErrorsDialog)
        assert dialog.windowTitle() == "Cannot import broken.yaml"
        when_modal(confirm_the_package)  # the dialog that comes next
        press(qtbot, Qt.Key.Key_Escape)

    def confirm_the_package(summary: QWidget) -> None:
        if not isinstance(summary, AnkiSummaryDialog):
            # The progress of reading the package, on a slow machine: the
            # summary comes after it.
            QTimer.singleShot(50, lambda: when_modal(confirm_the_package))
            return
        # Import has the focus once the dialog is activated: Enter presses it.
        qtbot.waitUntil(summary.import_button.hasFocus)
        press(qtbot, Qt.Key.Key_Return)

    when_modal(close_the_errors)
    # Two deck files (one with a warning, one broken), then an Anki package.
    window.import_files([loose, broken, FIXTURES / "modern.apkg"])

    assert [deck.id for deck in library.decks()] == ["biology", "biology/cells", "loose"]
    # Each file's outcome, said together: not only the last file's.
    assert window.statusBar().currentMessage() == (
        "Imported Loose (1 cards, 1 warning(s)); broken.yaml not imported; "
        "Imported modern.apkg: 2 deck(s), 15 card(s), 46 answer(s)"
    )
    (shown,) = [d for d in window.findChildren(DeckErrorsDialog) if d.isVisible()]
    assert shown.windowTitle() == "Imported with warnings"
    assert shown.intro.text().startswith("1 warning(s). The decks were imported")
    assert f"{loose}:5:5: warning: card has no 'id'" in shown.text.toPlainText()
