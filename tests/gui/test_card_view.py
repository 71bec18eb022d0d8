"""The card view shows a deck's Markdown and nothing more: no raw HTML, no
links followed, no image from outside the deck's folder."""
# mypy: disable-error-code="no-untyped-call"
# (pytest-qt's keyClick, keyClicks and mouseClick have no type hints)

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QColor, QImage, QTextCursor, QTextDocument
from pytestqt.qtbot import QtBot

from endoquiz.gui.card_view import CardView

IMAGE = QTextDocument.ResourceType.ImageResource.value

HOSTILE = """\
Raw <b>x</b>, <img src="http://example.com/a.png"> and <script>alert(1)</script>

[click me](javascript:alert(1)) and [a file](file:///etc/passwd)

![remote](http://example.com/b.png) ![passwd](file:///etc/passwd) ![dot](dot.png)
"""


@pytest.fixture
def deck_folder(tmp_path: Path) -> Path:
    """A deck folder holding one tiny PNG, with a secret image beside it."""
    folder = tmp_path / "deck"
    folder.mkdir()
    image = QImage(2, 2, QImage.Format.Format_RGB32)
    image.fill(QColor("red"))
    assert image.save(str(folder / "dot.png"))
    assert image.save(str(tmp_path / "secret.png"))
    return folder


@pytest.fixture
def view(qtbot: QtBot) -> CardView:
    view = CardView()
    qtbot.addWidget(view)
    view.resize(600, 400)
    with qtbot.waitExposed(view):
        view.show()
    return view


def test_raw_html_shows_as_text(view: CardView, deck_folder: Path) -> None:
    view.show_markdown(HOSTILE, deck_folder)
    text = view.toPlainText()
    assert 'Raw <b>x</b>, <img src="http://example.com/a.png"> and' in text
    assert "<script>alert(1)</script>" in text
    html = view.document().toHtml()
    assert "<b>x</b>" not in html
    assert "<script" not in html
    assert '<img src="http://example.com/a.png"' not in html


def test_images_load_only_from_inside_the_deck_folder(
    view: CardView, deck_folder: Path, tmp_path: Path
) -> None:
    view.show_markdown(HOSTILE, deck_folder)
    dot = view.loadResource(IMAGE, QUrl("dot.png"))
    assert dot is not None
    assert QImage.fromData(dot).size().width() == 2
    inside = QUrl.fromLocalFile(str(deck_folder / "dot.png"))
    assert view.loadResource(IMAGE, inside) is not None
    for url in (
        "http://example.com/b.png",
        "https://example.com/dot.png",
        "file:///etc/passwd",
        QUrl.fromLocalFile(str(tmp_path / "secret.png")).toString(),
        "../secret.png",
        "%2e%2e/secret.png",
        str(tmp_path / "secret.png"),
        "missing.png",
        "file://example.com/dot.png",
    ):
        assert view.loadResource(IMAGE, QUrl(url)) is None, url
    # Only images: no style sheet or other resource is fetched, even from the folder.
    assert view.loadResource(QTextDocument.ResourceType.StyleSheetResource.value, "dot.png") is None


def test_a_symlink_out_of_the_folder_loads_nothing(
    view: CardView, deck_folder: Path, tmp_path: Path
) -> None:
    (deck_folder / "escape.png").symlink_to(tmp_path / "secret.png")
    view.show_markdown("![x](escape.png)", deck_folder)
    assert view.loadResource(IMAGE, QUrl("escape.png")) is None


def test_without_a_deck_folder_no_image_loads(view: CardView, deck_folder: Path) -> None:
    view.show_markdown("![dot](dot.png)")
    assert view.loadResource(IMAGE, QUrl("dot.png")) is None
    assert view.loadResource(IMAGE, QUrl.fromLocalFile(str(deck_folder / "dot.png"))) is None


def test_clicking_a_link_does_not_navigate(qtbot: QtBot, view: CardView, deck_folder: Path) -> None:
    view.show_markdown(HOSTILE, deck_folder)
    before = view.toPlainText()
    cursor = QTextCursor(view.document())
    cursor.setPosition(before.index("click me") + 3)
    spot = view.cursorRect(cursor).center()
    assert view.anchorAt(spot) == "javascript:alert(1)"  # the link is shown as written

    with qtbot.waitSignal(view.anchorClicked, timeout=1000) as blocker:
        qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=spot)
    assert blocker.args == [QUrl("javascript:alert(1)")]
    assert view.source().isEmpty()
    assert view.toPlainText() == before
    assert not view.openLinks()
    assert not view.openExternalLinks()
