"""File → Share deck… (Ctrl+Shift+E) writes the selected deck as one
.endoquiz file and says what it holds; a learner drops it on the window (or
picks it in File → Import…) to open it, and a broken one is refused in a
dialog."""
# mypy: disable-error-code="no-untyped-call"

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QLineEdit, QMessageBox, QWidget
from pytestqt.qtbot import QtBot

from endoquiz import Library, Rating
from endoquiz.gui.main_window import MainWindow
from tests.conftest import T0, WriteDeck, study
from tests.gui.conftest import MakeWindow, WhenModal, press
from tests.gui.test_main_window import drag_and_drop
from tests.library.test_deck_sharing import teacher_deck

CTRL = Qt.KeyboardModifier.ControlModifier
CTRL_SHIFT = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
# The file dialog's completer lists names in a popup, which grabs the
# keyboard: the headless platform says it cannot.
POPUP_GRABS = pytest.mark.qt_log_ignore("This plugin does not support grabbing the keyboard")


def type_file_name(qtbot: QtBot, box: QWidget, path: Path) -> str:
    """Type a file's path in a file dialog and press Enter, as a learner
    does; the name the dialog suggested."""
    assert isinstance(box, QFileDialog)
    field = box.findChild(QLineEdit, "fileNameEdit")
    assert field is not None
    suggested = field.text()
    field.setFocus()
    qtbot.keyClick(field, Qt.Key.Key_A, CTRL)
    qtbot.keyClicks(field, str(path))
    qtbot.keyClick(field, Qt.Key.Key_Return)
    if box.isVisible():  # the first Enter closed the completer's list of names
        qtbot.keyClick(field, Qt.Key.Key_Return)
    assert not box.isVisible()
    return suggested


def on_deck(window: MainWindow, deck_id: str) -> None:
    window.reload_decks(select=deck_id)
    assert window.deck_list.current_deck_id() == deck_id
    window.deck_list.tree.setFocus()  # the learner is in the deck list


def next_message(qtbot: QtBot, when_modal: WhenModal) -> list[str]:
    """The title and text of the next message box, filled in once it is up;
    Enter closes it, as a learner does."""
    said: list[str] = []

    def read_and_close(box: QWidget) -> None:
        if isinstance(box, QFileDialog):  # still closing: look again
            when_modal(read_and_close)
            return
        assert isinstance(box, QMessageBox)
        said.extend([box.windowTitle(), box.text()])
        qtbot.keyClick(box, Qt.Key.Key_Return)

    when_modal(read_and_close)
    return said


def share_by_keys(
    qtbot: QtBot, window: MainWindow, when_modal: WhenModal, out: Path
) -> tuple[list[str], list[str]]:
    """Ctrl+Shift+E, the file's path typed, the dialog that follows read and
    closed with Enter: (the file dialog's title and suggestion, what was said)."""
    asked: list[str] = []
    replies: list[list[str]] = []

    def choose(box: QWidget) -> None:
        asked.append(box.windowTitle())
        asked.append(type_file_name(qtbot, box, out))
        replies.append(next_message(qtbot, when_modal))  # filled once the box is up

    when_modal(choose)
    qtbot.waitUntil(window.deck_list.tree.hasFocus)
    press(qtbot, Qt.Key.Key_E, CTRL_SHIFT)
    return asked, replies[0] if replies else []


@POPUP_GRABS
def test_ctrl_shift_e_shares_the_selected_deck_and_says_what_was_written(
    qtbot: QtBot,
    library: Library,
    make_window: MakeWindow,
    write_deck: WriteDeck,
    tmp_path: Path,
    when_modal: WhenModal,
) -> None:
    library.add_deck(teacher_deck(write_deck), T0)
    study(library, "thyroid", T0, [Rating.GOOD])
    window = make_window(library)
    on_deck(window, "thyroid")
    out = tmp_path / "for-the-class"
    asked, said = share_by_keys(qtbot, window, when_modal, out)
    assert asked == ["Share Thyroid: the basics", "Thyroid the basics.endoquiz"]
    assert said[0] == "Deck shared"
    assert said[1].startswith(
        "Wrote for-the-class.endoquiz: 2 cards, 2 images; progress is not included."
    )
    with zipfile.ZipFile(tmp_path / "for-the-class.endoquiz") as archive:
        assert "deck/thyroid.yaml" in archive.namelist()


def test_a_learner_drops_the_file_on_the_window_and_opening_it_again_keeps_progress(
    qtbot: QtBot,
    library: Library,
    make_window: MakeWindow,
    write_deck: WriteDeck,
    tmp_path: Path,
) -> None:
    library.add_deck(teacher_deck(write_deck), T0)
    shared = library.export_deck_file("thyroid", tmp_path / "thyroid.endoquiz").path
    with Library.open(tmp_path / "learner", fuzz=False) as other:
        window = make_window(other)
        assert drag_and_drop(window, shared) == (True, True)
        qtbot.waitUntil(lambda: window.deck_list.current_deck_id() == "thyroid")
        assert window.statusBar().currentMessage() == (
            "Imported Thyroid: the basics (2 cards, 2 images)"
        )
        study(other, "thyroid", T0, [Rating.GOOD])
        assert drag_and_drop(window, shared) == (True, True)
        qtbot.waitUntil(lambda: window.statusBar().currentMessage().startswith("Updated"))
        assert window.statusBar().currentMessage() == (
            "Updated Thyroid: the basics (2 cards, 2 images); your progress is kept"
        )
        assert len(other.review_log("thyroid")) == 1
        window.close()


def test_a_broken_file_is_refused_in_a_dialog_and_nothing_is_installed(
    qtbot: QtBot, library: Library, make_window: MakeWindow, tmp_path: Path, when_modal: WhenModal
) -> None:
    bad = tmp_path / "broken.endoquiz"
    with zipfile.ZipFile(bad, "w") as archive:
        archive.writestr("deck/x.yaml", "endoquiz: 1\n")
    window = make_window(library)
    said = next_message(qtbot, when_modal)
    window.import_files([bad])  # as a drop gives it
    assert said == [
        "Not imported",
        "Nothing was imported: broken.endoquiz cannot be opened as a shared deck: "
        "it holds no manifest.json (it was not made by endoquiz)",
    ]
    assert library.decks() == []


def test_a_group_without_a_file_of_its_own_is_not_shared(
    library: Library,
    make_window: MakeWindow,
    write_deck: WriteDeck,
    tmp_path: Path,
    when_modal: WhenModal,
    qtbot: QtBot,
) -> None:
    child = "endoquiz: 1\nid: course/part\ntitle: Part\ncards:\n  - {id: a, front: Q, back: A}\n"
    library.add_deck(write_deck(child, "part.yaml"), T0)
    window = make_window(library)
    on_deck(window, "course")
    said = next_message(qtbot, when_modal)
    window.share_deck(tmp_path / "course.endoquiz")
    assert said == [
        "Not shared",
        "Nothing was written: this deck has no file of its own (it is a group of other "
        "decks); share each deck in it",
    ]
    assert not (tmp_path / "course.endoquiz").exists()
