"""The one place where the GUI changes the library: a change saved is
followed, a change that cannot be saved is said once, and nothing else."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QMessageBox, QWidget
from pytestqt.qtbot import QtBot

from endoquiz import Library, StoreError
from endoquiz.gui.library_changes import LibraryChanges
from tests.conftest import WriteDeck, basic_deck

Shown = list[tuple[str, str]]


@pytest.fixture
def shown(monkeypatch: pytest.MonkeyPatch) -> Shown:
    """The warnings shown, recorded instead of waiting for a click."""
    said: Shown = []

    def warning(_parent: object, title: str, text: str, *_args: object) -> object:
        said.append((title, text))
        return QMessageBox.StandardButton.Ok

    monkeypatch.setattr(QMessageBox, "warning", warning)
    return said


@pytest.fixture
def parent(qtbot: QtBot) -> QWidget:
    widget = QWidget()
    qtbot.addWidget(widget)
    return widget


def test_a_change_saved_is_followed(
    qtbot: QtBot, library: Library, write_deck: WriteDeck, parent: QWidget, shown: Shown
) -> None:
    library.add_deck(write_deck(basic_deck("d", ["a"])))
    changes = LibraryChanges(library)

    def flag() -> str:
        library.set_flag([("d", "a")], 2)
        return "flagged"

    with qtbot.waitSignal(changes.changed, timeout=1000):
        assert changes.apply(parent, flag) == "flagged"
    assert library.flag("d", "a") == 2
    # Showing something changes nothing: no window reads the library again.
    with qtbot.assertNotEmitted(changes.changed):
        assert changes.apply(parent, lambda: library.flag("d", "a")) == 2
    assert shown == []


def test_a_change_that_cannot_be_saved_is_said_once_and_changes_nothing(
    qtbot: QtBot, library: Library, write_deck: WriteDeck, parent: QWidget, shown: Shown
) -> None:
    library.add_deck(write_deck(basic_deck("d", ["a"])))
    changes = LibraryChanges(library)
    library._store._db.execute("PRAGMA query_only = ON")  # as a read-only folder
    with qtbot.assertNotEmitted(changes.changed):
        result = changes.apply(parent, lambda: library.set_flag([("d", "a")], 3), what="The flag")
    assert result is None
    ((title, text),) = shown
    assert title == "Not saved"
    assert text.startswith("The flag was not saved: cannot save to ")
    assert "the data folder is read-only" in text and "Nothing of it was written" in text
    library._store._db.execute("PRAGMA query_only = OFF")
    assert library.flag("d", "a") == 0


def test_a_problem_that_is_not_a_failed_write_is_said_in_its_words(
    library: Library, parent: QWidget, shown: Shown
) -> None:
    def damaged() -> None:
        raise StoreError("the stored text of card d/a was damaged on disk")

    assert LibraryChanges(library).apply(parent, damaged) is None
    assert shown == [("endoquiz", "The stored text of card d/a was damaged on disk.")]
