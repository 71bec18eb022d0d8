"""The card view shows a deck's Markdown and nothing more: no raw HTML, no
links followed, no image from outside the deck's folder, and no more text
than it can lay out at once.

The decks in tests/data/hostile/ are studied here through the real window;
smaller cases go to a bare view."""
# mypy: disable-error-code="no-untyped-call"
# (pytest-qt's keyClick, keyClicks and mouseClick have no type hints)

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PySide6.QtCore import QByteArray, QSize, Qt, QUrl
from PySide6.QtGui import (
    QColor,
    QDesktopServices,
    QFont,
    QImage,
    QPixmap,
    QTextCursor,
    QTextDocument,
)
from pytestqt.qtbot import QtBot

from endoquiz import Library
from endoquiz.decks.deck_loader import MAX_TEXT_CHARS
from endoquiz.gui.card_view import (
    MAX_IMAGE_BYTES,
    MAX_RENDERED_CHARS,
    MAX_RENDERED_LINES,
    CardView,
    bounded,
)
from endoquiz.gui.preview_window import PreviewWindow
from tests.gui.conftest import MakeWindow, press
from tests.gui.test_study_page import study_from_tree

IMAGE = QTextDocument.ResourceType.ImageResource.value
HOSTILE_DECKS = Path(__file__).parents[1] / "data" / "hostile"

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


def shown_images(view: CardView) -> dict[str, tuple[int, int]]:
    """Each image of the document, by the name written, with the size of
    what Qt shows for it (whichever way Qt got it)."""
    view.document().documentLayout().documentSize()  # laid out: images loaded
    images = {}
    block = view.document().begin()
    while block.isValid():
        fragments = block.begin()
        while not fragments.atEnd():
            fragment_format = fragments.fragment().charFormat()
            if fragment_format.isImageFormat():
                name = fragment_format.toImageFormat().name()
                shown = view.document().resource(IMAGE, QUrl(name))
                size = shown.size() if isinstance(shown, QImage | QPixmap) else QSize()
                images[name] = (size.width(), size.height())
            fragments += 1
        block = block.next()
    return images


NOT_SHOWN = (16, 16)  # the size of CardView.image_not_shown


def test_images_load_only_from_inside_the_deck_folder(
    view: CardView, deck_folder: Path, tmp_path: Path
) -> None:
    view.show_markdown(HOSTILE, deck_folder)
    dot = view.loadResource(IMAGE, QUrl("dot.png"))
    assert isinstance(dot, QImage) and (dot.width(), dot.height()) == (2, 2)
    inside = QUrl.fromLocalFile(str(deck_folder / "dot.png"))
    assert view.loadResource(IMAGE, inside) == dot
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
        "data:image/png;base64,iVBORw0KGgo=",
        "/dev/zero",
    ):
        assert view.loadResource(IMAGE, QUrl(url)) == view.image_not_shown, url
    # Only images: no style sheet or other resource is read, even from the folder.
    sheet = view.loadResource(QTextDocument.ResourceType.StyleSheetResource.value, "dot.png")
    assert isinstance(sheet, QByteArray) and sheet.isEmpty()


def test_qt_reads_no_image_the_view_refuses(
    view: CardView, deck_folder: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Told "nothing" for an image, Qt used to open the name as a local file
    # itself: absolute, or relative to the working directory. The secret
    # image showed, and `![x](/dev/zero)` ate all memory.
    monkeypatch.chdir(tmp_path)
    secret = str(tmp_path / "secret.png")
    view.show_markdown(
        f"![a]({secret}) ![b](file://{secret}) ![c](secret.png) ![d](dot.png)", deck_folder
    )
    assert shown_images(view) == {
        secret: NOT_SHOWN,
        f"file://{secret}": NOT_SHOWN,
        "secret.png": NOT_SHOWN,
        "dot.png": (2, 2),
    }


# In a child process: should Qt read them again, /dev/zero would take the
# test run down (it aborted on std::bad_alloc) and /dev/stdin would hang it.
_DEVICES_SCRIPT = """
import resource, sys
from pathlib import Path
resource.setrlimit(resource.RLIMIT_AS, (4 * 2**30, 4 * 2**30))
from PySide6.QtWidgets import QApplication
from endoquiz.gui.card_view import CardView
app = QApplication([])
view = CardView()
view.resize(600, 400)
view.show()
view.show_markdown(
    "![z](/dev/zero) ![s](/dev/stdin) ![u](file:///dev/urandom) ![t](/dev/tty)",
    Path(sys.argv[1]),
)
view.document().documentLayout().documentSize()
app.processEvents()
view.repaint()
print(view.toPlainText().count("\\ufffc"), "images shown")
"""


def test_device_files_named_as_images_are_not_read(tmp_path: Path) -> None:
    silent, kept_open = os.pipe()  # a stdin that never ends: reading it would hang
    try:
        done = subprocess.run(
            [sys.executable, "-c", _DEVICES_SCRIPT, str(tmp_path)],
            stdin=silent,
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
    except subprocess.TimeoutExpired:
        pytest.fail("showing images named /dev/... hung")
    finally:
        os.close(silent)
        os.close(kept_open)
    assert (done.returncode, done.stdout) == (0, "4 images shown\n"), done.stderr


def test_an_image_too_large_or_not_a_picture_is_not_shown(
    view: CardView, deck_folder: Path
) -> None:
    # A small file may claim a huge picture: refused from its header.
    huge = QImage(6000, 5000, QImage.Format.Format_Mono)
    huge.fill(0)
    assert huge.save(str(deck_folder / "huge.png"))
    assert (deck_folder / "huge.png").stat().st_size < 100_000
    (deck_folder / "long.png").write_bytes(b"\x89PNG" + b"\0" * MAX_IMAGE_BYTES)
    (deck_folder / "text.png").write_text("not an image")
    # An SVG draws what its <image> names, from anywhere on the disk.
    (deck_folder / "drawing.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" '
        f'width="9" height="9"><image xlink:href="{deck_folder.parent / "secret.png"}" '
        'width="9" height="9"/></svg>'
    )
    view.show_markdown(
        "![h](huge.png) ![l](long.png) ![t](text.png) ![s](drawing.svg) ![d](dot.png)",
        deck_folder,
    )
    assert shown_images(view) == {
        "huge.png": NOT_SHOWN,
        "long.png": NOT_SHOWN,
        "text.png": NOT_SHOWN,
        "drawing.svg": NOT_SHOWN,
        "dot.png": (2, 2),
    }


def test_a_symlink_out_of_the_folder_loads_nothing(
    view: CardView, deck_folder: Path, tmp_path: Path
) -> None:
    (deck_folder / "escape.png").symlink_to(tmp_path / "secret.png")
    view.show_markdown("![x](escape.png)", deck_folder)
    assert view.loadResource(IMAGE, QUrl("escape.png")) == view.image_not_shown
    assert shown_images(view) == {"escape.png": NOT_SHOWN}


def test_without_a_deck_folder_no_image_loads(view: CardView, deck_folder: Path) -> None:
    view.show_markdown("![dot](dot.png)")
    assert view.loadResource(IMAGE, QUrl("dot.png")) == view.image_not_shown
    dot = QUrl.fromLocalFile(str(deck_folder / "dot.png"))
    assert view.loadResource(IMAGE, dot) == view.image_not_shown


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


# -- hostile decks, studied ----------------------------------------------------


@dataclass
class ResourceSpy:
    """What Qt asked the card views for, and which of those got a real image."""

    asked: list[str] = field(default_factory=list)
    given: list[str] = field(default_factory=list)


@pytest.fixture
def resources(monkeypatch: pytest.MonkeyPatch) -> ResourceSpy:
    spy = ResourceSpy()
    ask = CardView.loadResource

    def asking(view: CardView, kind: int, url: QUrl | str) -> Any:
        result = ask(view, kind, url)
        text = url.toString() if isinstance(url, QUrl) else url
        spy.asked.append(text)
        if result != view.image_not_shown:
            spy.given.append(text)
        return result

    monkeypatch.setattr(CardView, "loadResource", asking)
    return spy


@pytest.fixture
def opened(monkeypatch: pytest.MonkeyPatch) -> list[QUrl]:
    """Every URL handed to the desktop (a browser, a file manager)."""
    urls: list[QUrl] = []

    def open_url(url: QUrl) -> bool:
        urls.append(url)
        return True

    monkeypatch.setattr(QDesktopServices, "openUrl", open_url)
    return urls


@pytest.fixture
def attack_deck(tmp_path: Path) -> Path:
    """card_text_attacks.yaml in its own folder with inside.png, and
    outside.png one folder up, where `../outside.png` points."""
    folder = tmp_path / "decks" / "attacks"
    folder.mkdir(parents=True)
    shutil.copy(HOSTILE_DECKS / "card_text_attacks.yaml", folder / "attacks.yaml")
    image = QImage(3, 3, QImage.Format.Format_RGB32)
    image.fill(QColor("blue"))
    assert image.save(str(folder / "inside.png"))
    assert image.save(str(folder.parent / "outside.png"))
    return folder / "attacks.yaml"


def click_link(qtbot: QtBot, view: CardView, text: str) -> None:
    """Click the middle of a link's text with the mouse."""
    cursor = QTextCursor(view.document())
    cursor.setPosition(view.toPlainText().index(text) + len(text) // 2)
    spot = view.cursorRect(cursor).center()
    assert view.anchorAt(spot), f"no link under {text!r}"
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=spot)


def test_studying_hostile_cards_shows_markup_as_text_fetches_nothing_and_follows_no_link(
    qtbot: QtBot,
    library: Library,
    make_window: MakeWindow,
    attack_deck: Path,
    resources: ResourceSpy,
    opened: list[QUrl],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Where `![here](outside.png)` is, if Qt looked in the working directory.
    monkeypatch.chdir(attack_deck.parent.parent)
    library.add_deck(attack_deck)
    window = make_window(library)  # kept: the page lives as long as its window
    page = study_from_tree(qtbot, window, "hostile/attacks")
    view = page.view

    # Raw HTML: shown as the text it is, nothing bold, nothing embedded.
    text = view.toPlainText()
    for tag in (
        '<b onclick="alert(1)">bold</b>',
        "<script>alert(1)</script>",
        '<iframe src="http://example.com/frame"></iframe>',
        "<style>body { display: none }</style>",
        '<img src="http://example.com/pixel.png">',
    ):
        assert tag in text
    cursor = QTextCursor(view.document())
    cursor.setPosition(text.index(">bold<") + 3)
    assert cursor.charFormat().fontWeight() == QFont.Weight.Normal
    html = view.document().toHtml()
    assert "<iframe" not in html and "<script" not in html and "<b onclick" not in html
    press(qtbot, Qt.Key.Key_Space)
    press(qtbot, Qt.Key.Key_Space)

    # Images: Qt asks for each, and shows only the one inside the deck's folder.
    assert shown_images(view) == {
        "http://example.com/remote.png": NOT_SHOWN,
        "https://example.com/secure.png": NOT_SHOWN,
        "file:///etc/passwd": NOT_SHOWN,
        "../outside.png": NOT_SHOWN,
        "outside.png": NOT_SHOWN,
        "inside.png": (3, 3),
    }
    assert sorted(set(resources.asked)) == sorted(shown_images(view))
    assert set(resources.given) == {"inside.png"}
    press(qtbot, Qt.Key.Key_Space)
    press(qtbot, Qt.Key.Key_Space)

    # Links: shown, and a click on each goes nowhere.
    assert view.toPlainText() == "javascript\nfile\nweb"
    for link in ("javascript", "file", "web"):
        click_link(qtbot, view, link)
        assert view.toPlainText() == "javascript\nfile\nweb"
    assert view.source().isEmpty()
    assert opened == []
    assert page.card is not None and page.card.id == "links"


def test_a_link_taken_with_the_keyboard_goes_nowhere(
    qtbot: QtBot, view: CardView, opened: list[QUrl]
) -> None:
    view.show_markdown("[web](http://example.com/) and [file](file:///etc/passwd)")
    view.setFocus()
    for _ in range(2):
        qtbot.keyClick(view, Qt.Key.Key_Tab)  # Tab moves from link to link
        assert view.textCursor().hasSelection()
        with qtbot.waitSignal(view.anchorClicked, timeout=1000):
            qtbot.keyClick(view, Qt.Key.Key_Return)
        assert view.toPlainText() == "web and file"
    assert view.source().isEmpty()
    assert opened == []


def test_right_to_left_override_stays_inside_its_card(
    qtbot: QtBot, library: Library, make_window: MakeWindow
) -> None:
    library.add_deck(HOSTILE_DECKS / "right_to_left_text.yaml")
    window = make_window(library)
    page = study_from_tree(qtbot, window, "hostile/rtl")
    assert page.view.toPlainText() == "ما الهرمون الذي يخفض سكر الدم؟"
    press(qtbot, Qt.Key.Key_Space)
    press(qtbot, Qt.Key.Key_Space)
    # Shown as written: the override reverses only what follows it on its line.
    assert page.view.toPlainText() == "Which hormone lowers glucose? \u202enilusnI"


# -- what the view lays out at most --------------------------------------------


def test_a_ten_megabyte_line_is_cut_to_what_the_view_can_lay_out(view: CardView) -> None:
    huge = "x" * (10 * 2**20)
    view.show_markdown(huge)
    text = view.toPlainText()
    assert text.startswith("x" * MAX_RENDERED_CHARS)
    hidden = 10 * 2**20 - MAX_RENDERED_CHARS
    assert text.endswith(f"\n{hidden:,} more characters are not shown: too long to display.")
    assert view.document().characterCount() < MAX_RENDERED_CHARS + 100


def test_text_over_the_line_limit_is_cut_at_a_line_end(view: CardView) -> None:
    table = "| a | b |\n|---|---|\n" + "| x | y |\n" * 10_000
    view.show_markdown(table)
    # The table ends at the limit's line; the rest is counted, not laid out.
    assert view.document().blockCount() < 3 * MAX_RENDERED_LINES
    kept = 20 + 10 * (MAX_RENDERED_LINES - 2)
    assert view.toPlainText().endswith(
        f"\n{len(table) - kept + 1:,} more characters are not shown: too long to display."
    )


def test_a_card_at_the_deck_limits_is_shown_whole(view: CardView) -> None:
    # Front, answer and explanation each at the longest a deck allows.
    markdown = "\n\n".join(["f" * MAX_TEXT_CHARS, "a" * MAX_TEXT_CHARS, "e" * MAX_TEXT_CHARS])
    assert bounded(markdown) == markdown
    view.show_markdown(markdown)
    assert view.toPlainText() == markdown.replace("\n\n", "\n")


def test_the_preview_of_a_huge_deck_ends_with_a_note(qtbot: QtBot, tmp_path: Path) -> None:
    path = tmp_path / "huge.yaml"
    cards = "".join(
        f"  - {{id: c{n}, front: Question {n} {'word ' * 30}, back: Answer {n}}}\n"
        for n in range(2000)
    )
    path.write_text(f"endoquiz: 1\nid: huge\ntitle: Huge\ncards:\n{cards}", encoding="utf-8")
    window = PreviewWindow(path)
    qtbot.addWidget(window)
    with qtbot.waitExposed(window):
        window.show()
    assert window.statusBar().currentMessage() == "2000 cards"
    text = window.view.toPlainText()
    assert "Question 0 " in text and "Question 1999 " not in text
    assert text.endswith("more characters are not shown: too long to display.")
    assert window.view.document().characterCount() < MAX_RENDERED_CHARS + 100


# -- any Markdown --------------------------------------------------------------

_URLS = [
    "http://example.com/a.png",
    "https://example.com/a.png",
    "//example.com/a.png",
    "ftp://example.com/a",
    "file:///etc/passwd",
    "file://example.com/dot.png",
    "javascript:alert(1)",
    "data:image/png;base64,iVBORw0KGgo=",
    "qrc:/icon.png",
    "../secret.png",
    "%2e%2e/secret.png",
    "dot.png",
    "dot.png?x=1#y",
    "/etc/passwd",
    "\u202edot.png",
    "",
]
_MARKDOWN = st.one_of(
    st.builds("![{}]({})".format, st.text(max_size=5), st.sampled_from(_URLS)),
    st.builds("[{}]({})".format, st.text(max_size=5), st.sampled_from(_URLS)),
    st.builds('<img src="{}">'.format, st.sampled_from(_URLS)),
    st.builds('<a href="{}">x</a>'.format, st.sampled_from(_URLS)),
    st.sampled_from(
        [
            "<script>alert(1)</script>",
            "<iframe src='http://example.com'>",
            "<style>*{color:red}</style>",
            '<b onclick="x()">',
            "<!--",
            "-->",
            "\n",
            "\n\n",
            "# ",
            "- ",
            "1. ",
            "> ",
            "|a|b|\n|-|-|\n|c|d|",
            "```",
            "**",
            "*",
            "`",
            "[^1]",
            "\u202e",
            "\u2066",
            "\u200b",
            "&amp;",
            "&#x202e;",
            "&#0;",
        ]
    ),
    st.text(max_size=20),
)


@settings(
    max_examples=100,
    # Inputs are small: a slow one means the view does too much, not bad luck.
    deadline=timedelta(seconds=5),
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(st.lists(_MARKDOWN, max_size=30).map("".join))
def test_any_markdown_reads_only_images_inside_the_deck_folder(
    view: CardView, deck_folder: Path, resources: ResourceSpy, opened: list[QUrl], markdown: str
) -> None:
    view.show_markdown(markdown, deck_folder)
    for name, size in shown_images(view).items():
        # Of the names, only dot.png (with or without ?query#fragment) is
        # inside the folder; everything else is the stand-in.
        assert size == ((2, 2) if name.startswith("dot.png") else NOT_SHOWN), name
    assert view.document().characterCount() <= len(markdown) + 200
    assert view.source().isEmpty()
    assert opened == []
