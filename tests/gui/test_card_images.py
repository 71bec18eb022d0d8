"""A card's `image:` shows below its question wherever the card is asked:
study, the quiz and the deck file's preview."""
# mypy: disable-error-code="no-untyped-call"
# (pytest-qt's keyClick, keyClicks and mouseClick have no type hints)

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QImage, QTextBlockFormat, QTextCursor
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from endoquiz import Library
from endoquiz.gui.card_view import CardView
from tests.gui.conftest import MakeWindow, press
from tests.gui.test_card_view import shown_images
from tests.gui.test_preview_window import open_preview
from tests.gui.test_quiz_page import accept_setup
from tests.gui.test_study_page import study_from_tree

# A name with a space, a '#' and a ')': none may end or change the address.
IMAGE_NAME = "islet cells #1 (stained).png"

IMAGE_DECK = f"""\
endoquiz: 1
id: pictures
title: Pictures
tags: [histology]
cards:
  - id: islets
    kind: typed
    front: Which cells are the pale clusters in this section?
    answer: Islets of Langerhans
    accept: [islets, pancreatic islets]
    tags: [pancreas]
    image: "images/{IMAGE_NAME}"
"""


def picture_deck(folder: Path) -> Path:
    """A deck folder with a 120 × 80 picture and the deck naming it."""
    (folder / "images").mkdir(parents=True)
    picture = QImage(120, 80, QImage.Format.Format_RGB32)
    picture.fill(QColor("steelblue"))
    assert picture.save(str(folder / "images" / IMAGE_NAME))
    path = folder / "pictures.yaml"
    path.write_text(IMAGE_DECK, encoding="utf-8")
    return path


def test_study_shows_a_cards_image_below_its_question(
    qtbot: QtBot, library: Library, tmp_path: Path, make_window: MakeWindow
) -> None:
    library.add_deck(picture_deck(tmp_path / "deck"))
    window = make_window(library)
    page = study_from_tree(qtbot, window, "pictures")
    assert page.view.toPlainText().startswith("Which cells are the pale clusters")
    assert list(shown_images(page.view).values()) == [(120, 80)]
    # Revealed, the picture stays with the question, once.
    press(qtbot, Qt.Key.Key_Return)  # a typed card: Enter submits what is typed
    assert page.revealed
    assert list(shown_images(page.view).values()) == [(120, 80)]


def test_the_quiz_shows_a_cards_image_with_its_question(
    qtbot: QtBot, library: Library, tmp_path: Path, make_window: MakeWindow
) -> None:
    library.add_deck(picture_deck(tmp_path / "deck"))
    window = make_window(library)
    window.deck_list.refresh(select="pictures")
    accept_setup(qtbot, "1")
    window.deck_list.quiz_button.click()
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=2000)
    page = window.quiz_page
    assert window.pages.currentWidget() is page
    assert "Which cells are the pale clusters" in page.view.toPlainText()
    assert list(shown_images(page.view).values()) == [(120, 80)]


def test_the_preview_shows_image_accepted_answers_and_tags(qtbot: QtBot, tmp_path: Path) -> None:
    window = open_preview(qtbot, picture_deck(tmp_path / "deck"))
    text = window.view.toPlainText()
    assert list(shown_images(window.view).values()) == [(120, 80)]
    # A typed card asks a question; what it accepts and its tags are listed.
    assert "Question (the answer is typed)" in text
    assert "Front" not in text and "Back" not in text
    assert "Also accepted: “islets”, “pancreatic islets”" in text
    assert "Tags: pancreas, histology" in text


def test_a_large_picture_is_shown_within_the_column_its_proportions_kept(
    qtbot: QtBot, library: Library, tmp_path: Path, make_window: MakeWindow
) -> None:
    path = picture_deck(tmp_path / "deck")
    large = QImage(2400, 1600, QImage.Format.Format_RGB32)
    large.fill(QColor("steelblue"))
    assert large.save(str(path.parent / "images" / IMAGE_NAME))
    library.add_deck(path)
    window = make_window(library)
    window.resize(900, 700)
    page = study_from_tree(qtbot, window, "pictures")
    (width, height) = drawn_sizes(page.view)
    assert 0 < width <= page.view.column_width()
    assert height <= page.view.viewport().height()
    assert abs(width / height - 1.5) < 0.01
    # A narrower window narrows the picture too.
    window.resize(600, 700)
    qtbot.waitUntil(lambda: drawn_sizes(page.view)[0] < width)
    assert drawn_sizes(page.view)[0] <= page.view.column_width()


def drawn_sizes(view: CardView) -> tuple[float, float]:
    """The size the view draws its one image at."""
    cursor = QTextCursor(view.document())
    found = view.document().find("\ufffc", cursor)  # an image's place in the text
    assert not found.isNull()
    image_format = found.charFormat().toImageFormat()
    return image_format.width(), image_format.height()


def test_a_picture_on_a_card_adds_no_line_spacing_below_it(
    qtbot: QtBot, library: Library, tmp_path: Path, make_window: MakeWindow
) -> None:
    library.add_deck(picture_deck(tmp_path / "deck"))
    window = make_window(library)
    page = study_from_tree(qtbot, window, "pictures")
    found = page.view.document().find("\ufffc")
    block = found.block().blockFormat()
    # The text's reading line height (taller than the font) is not the
    # picture's: its line is as tall as the picture.
    assert (block.lineHeight(), block.lineHeightType()) == (
        100,
        QTextBlockFormat.LineHeightTypes.ProportionalHeight.value,
    )
    text_block = page.view.document().begin().blockFormat()
    assert text_block.lineHeight() > 100
