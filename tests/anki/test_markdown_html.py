"""A card's Markdown as Anki's field HTML, and the images an export may carry."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from endoquiz.anki.anki_ids import entry_id
from endoquiz.anki.markdown_html import markdown_html
from endoquiz.anki.note_export import ExportMedia, entry_guid


def no_media(path: str) -> str | None:
    return None


@pytest.mark.parametrize(
    ("markdown", "html"),
    [
        ("**bold** and *italics*", "<strong>bold</strong> and <em>italics</em>"),
        ("~~gone~~", "<s>gone</s>"),
        ("a\\\nb", "a<br />\nb"),  # a hard line break
        ("- one\n- two", "<ul>\n<li>one</li>\n<li>two</li>\n</ul>"),
        ("one\n\ntwo", "<p>one</p>\n<p>two</p>"),
        ("| a | b |\n|---|---|\n| 1 | 2 |", "<table>"),
        ("Tom &amp; Jerry < 3", "Tom &amp; Jerry &lt; 3"),
        ("<b onclick='x()'>raw</b>", "&lt;b onclick='x()'&gt;raw&lt;/b&gt;"),
        ("[link](javascript:alert(1))", "[link](javascript:alert(1))"),
        ("{{c1::nucleus::organelle}}", "{{c1::nucleus::organelle}}"),
    ],
)
def test_markdown_is_the_html_anki_shows(markdown: str, html: str) -> None:
    assert markdown_html(markdown, no_media).startswith(html)


def test_an_image_takes_its_media_name_or_leaves_its_alt_text() -> None:
    names = {"pictures/a b.png": "a_b.png"}
    assert markdown_html("![an A](pictures/a%20b.png)", names.get) == (
        '<img src="a_b.png" alt="an A" />'
    )
    assert markdown_html("see ![the web](https://example.org/x.png)", names.get) == "see the web"


def test_a_link_to_a_sound_beside_the_deck_is_a_sound_anki_plays() -> None:
    names = {"heart.mp3": "heart.mp3"}
    # As an import from Anki writes `[sound:heart.mp3]`.
    assert markdown_html("Beat [sound: heart.mp3](heart.mp3)", names.get) == (
        "Beat [sound:heart.mp3]"
    )
    assert markdown_html("[a page](page.html) [gone](gone.mp3)", names.get) == (
        '<a href="page.html">a page</a> <a href="gone.mp3">gone</a>'
    )


def test_only_files_inside_the_deck_folder_are_carried(tmp_path: Path) -> None:
    deck = tmp_path / "deck"
    (deck / "img").mkdir(parents=True)
    (deck / "img" / "a.png").write_bytes(b"a")
    (deck / "a.png").write_bytes(b"another a")
    (tmp_path / "secret.png").write_bytes(b"secret")
    changes: Counter[str] = Counter()
    media = ExportMedia(changes)
    carry = media.resolver(deck)
    assert carry("img/a.png") == "a.png"
    assert carry("./img/a.png") == "a.png"  # the same file, once
    assert carry("a.png") == "a-2.png"  # another file of that name
    assert carry("../secret.png") is None
    assert carry(str(tmp_path / "secret.png")) is None
    assert carry("https://example.org/a.png") is None
    assert carry("img/missing.png") is None
    assert media.files == {"a.png": deck / "img" / "a.png", "a-2.png": deck / "a.png"}
    assert changes == {
        "images or sounds missing from the deck's folder: not carried": 3,
        "images from the web: not carried": 1,
    }


def test_a_note_s_guid_is_anki_s_own_or_made_from_its_ids() -> None:
    # A note that came from Anki goes back with its GUID, whichever deck holds it.
    assert entry_guid("biology", entry_id("I_=;W`/KA^")) == "I_=;W`/KA^"
    assert entry_guid("other", entry_id("I_=;W`/KA^")) == "I_=;W`/KA^"
    made = entry_guid("biology", "mitochondria")
    assert made == entry_guid("biology", "mitochondria")
    assert made != entry_guid("biology/cells", "mitochondria")
    assert 1 <= len(made) <= 10
