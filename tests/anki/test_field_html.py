"""Anki field HTML, as Anki's editor writes it, made into the Markdown a card shows."""

from __future__ import annotations

import re
import warnings
from collections import Counter
from collections.abc import Callable
from html import escape

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PySide6.QtGui import QTextDocument
from PySide6.QtWidgets import QApplication

from endoquiz.anki import field_html
from endoquiz.anki.field_html import (
    DROPPED_COMMENT,
    DROPPED_CONTROL_CHARACTER,
    DROPPED_EVENT_ATTRIBUTE,
    DROPPED_IMAGE_OUTSIDE,
    DROPPED_LINK,
    DROPPED_SCRIPT,
    DROPPED_SOUND_OUTSIDE,
    DROPPED_STYLE_SHEET,
    DROPPED_STYLING,
    DROPPED_TOO_DEEP,
    DROPPED_UNDERLINE,
    MAX_FIELD_CHARS,
    MAX_MEDIA_NAME_BYTES,
    NOT_PLAYED_SOUND,
    NOT_RENDERED_LATEX,
    NOT_RENDERED_MATHJAX,
    FieldTooLargeError,
    field_markdown,
    field_text,
    media_name,
    unique_media_name,
)
from endoquiz.decks.cloze import cloze_back, cloze_front, find_deletions, malformed_cloze
from endoquiz.gui.card_view import MARKDOWN_FEATURES


def shown(markdown: str) -> str:
    """The text a card view shows for this Markdown (Qt's renderer, as the app sets it)."""
    assert QApplication.instance() is not None
    document = QTextDocument()
    document.setMarkdown(markdown, MARKDOWN_FEATURES)
    return document.toPlainText()


@pytest.fixture(autouse=True)
def _app(qapp: QApplication) -> None:
    """Qt's Markdown renderer needs an application."""


def test_bold_italics_and_entities_become_markdown() -> None:
    converted = field_markdown("<b>Insulin</b> lowers <i>blood glucose</i> &amp; K&nbsp;⁺")
    assert converted.markdown == "**Insulin** lowers *blood glucose* \\& K ⁺"
    assert shown(converted.markdown) == "Insulin lowers blood glucose & K ⁺"
    assert converted.dropped == Counter()


def test_anki_editor_div_lines_stay_lines_and_an_empty_div_starts_a_paragraph() -> None:
    html = "<div>First line</div><div>Second line</div><div><br></div><div>New paragraph<br></div>"
    markdown = field_markdown(html).markdown
    assert markdown == "First line\\\nSecond line\n\nNew paragraph"
    assert shown(markdown) == "First line\nSecond line\nNew paragraph"


def test_text_before_and_after_a_div_and_br_breaks_lines() -> None:
    markdown = field_markdown("Question<div>Hint</div>Answer<br>More<br>").markdown
    assert shown(markdown) == "Question\nHint\nAnswer\nMore"
    assert not markdown.endswith("\\")


def test_lists_become_markdown_lists() -> None:
    html = (
        "<div>Causes:</div><ul><li>type 1</li><li><b>type 2</b></li></ul>"
        "<ol><li>first</li><li>second</li></ol>"
    )
    markdown = field_markdown(html).markdown
    assert markdown == "Causes:\n\n- type 1\n- **type 2**\n\n1. first\n2. second"
    assert shown(markdown) == "Causes:\ntype 1\ntype 2\nfirst\nsecond"


def test_text_that_looks_like_markdown_is_shown_as_written() -> None:
    text = "# not a heading\n1. not a list\n- not a bullet\na*b*c _x_ [y](z) `q` <b> \\ ~~s~~ a|b"
    html = "<br>".join(escape(line) for line in text.split("\n"))
    markdown = field_markdown(html).markdown
    assert shown(markdown) == text


def test_cloze_markup_comes_through_for_endoquiz_cloze_cards() -> None:
    html = "The <b>{{c1::pancreas}}</b> makes {{c2::insulin::a hormone}} in {{c3::β_cells}}"
    markdown = field_markdown(html).markdown
    assert malformed_cloze(markdown) is None
    assert [(d.ordinal, d.hint) for d in find_deletions(markdown)] == [
        (1, None),
        (2, "a hormone"),
        (3, None),
    ]
    assert shown(cloze_front(markdown, 2)) == "The pancreas makes [a hormone] in β_cells"
    assert shown(cloze_back(markdown, 3)) == "The pancreas makes insulin in β_cells"


def test_scripts_style_sheets_and_event_attributes_are_dropped_and_counted() -> None:
    html = (
        "<style>.card { color: red }</style><script>alert('x')</script>"
        '<div onclick="steal()" onmouseover="x()">Kept <b>text</b></div>'
        "<script>more()</script>"
    )
    converted = field_markdown(html)
    assert shown(converted.markdown) == "Kept text"
    assert converted.dropped == Counter(
        {DROPPED_SCRIPT: 2, DROPPED_STYLE_SHEET: 1, DROPPED_EVENT_ATTRIBUTE: 2}
    )


def test_colours_fonts_and_underline_are_dropped_and_counted_their_text_kept() -> None:
    html = (
        '<span style="color: rgb(255, 0, 0);"><span style="font-family: Arial;">red</span></span> '
        '<font color="blue" face="Times">blue</font> <u>under</u> '
        '<span style="font-weight: bold;">heavy</span> '
        '<span style="font-style: italic;">slanted</span>'
    )
    converted = field_markdown(html)
    assert converted.markdown == "red blue under **heavy** *slanted*"
    assert converted.dropped == Counter({DROPPED_STYLING: 3, DROPPED_UNDERLINE: 1})


def test_unknown_tags_keep_their_text_and_are_counted_by_name() -> None:
    converted = field_markdown("<marquee>moving</marquee> <blink>on</blink><!-- note -->")
    assert shown(converted.markdown) == "moving on"
    assert converted.dropped == Counter(
        {
            "tag <marquee> (its text kept)": 1,
            "tag <blink> (its text kept)": 1,
            DROPPED_COMMENT: 1,
        }
    )


def test_an_image_of_the_package_points_at_its_new_name() -> None:
    renamed = {"islets 1.png": "islets_1.png", "cell.jpg": "cell.jpg"}
    converted = field_markdown(
        '<img src="islets 1.png" alt="islets"><div><img src="cell.jpg"></div><img src="cell.jpg">',
        renamed.get,
    )
    # The `<div>` is a line of its own, as in Anki's editor.
    assert converted.markdown == "![islets](islets_1.png)\\\n![](cell.jpg)\\\n![](cell.jpg)"
    assert converted.images == ("islets 1.png", "cell.jpg")
    assert converted.dropped == Counter()


def test_an_alt_text_cannot_end_the_image_early() -> None:
    converted = field_markdown('<img src="a.png" alt="x](https://evil.example/y.png) [z\x01">')
    assert converted.markdown == "![x\\](https://evil.example/y.png) \\[z](a.png)"
    assert converted.images == ("a.png",)


def test_a_percent_encoded_image_name_is_found_by_its_decoded_name() -> None:
    converted = field_markdown('<img src="my%20pic.png">', {"my pic.png": "my_pic.png"}.get)
    assert converted.images == ("my pic.png",)
    assert converted.markdown == "![](my_pic.png)"


@pytest.mark.parametrize(
    "source",
    [
        "../../outside.png",
        "/etc/passwd",
        "C:\\Windows\\x.png",
        "https://example.org/x.png",
        "data:image/png;base64,AAAA",
        "file:///home/x.png",
        "sub/dir.png",
        "",
    ],
)
def test_an_image_outside_the_package_is_not_a_media_reference(source: str) -> None:
    asked: list[str] = []

    def rename(name: str) -> str | None:
        asked.append(name)
        return name

    converted = field_markdown(f'Look: <img src="{source}" alt="a figure">', rename)
    assert converted.markdown == "Look: a figure"
    assert converted.images == ()
    assert asked == []
    assert converted.dropped == Counter({DROPPED_IMAGE_OUTSIDE: 1})


def test_an_image_the_caller_has_no_file_for_is_dropped_and_counted() -> None:
    converted = field_markdown('<img src="missing.png">', lambda name: None)
    assert converted.markdown == ""
    assert converted.dropped == Counter({DROPPED_IMAGE_OUTSIDE: 1})


def test_a_sound_is_kept_as_a_link_to_its_file_and_counted_as_not_played() -> None:
    converted = field_markdown("Listen: [sound:heart beat.mp3]<br>[sound:../../x.mp3]")
    assert converted.markdown == (
        "Listen: [sound: heart beat.mp3](heart_beat.mp3)\\\n\\[sound:../../x.mp3\\]"
    )
    assert shown(converted.markdown) == "Listen: sound: heart beat.mp3\n[sound:../../x.mp3]"
    assert converted.sounds == ("heart beat.mp3",)
    assert converted.not_rendered == Counter({NOT_PLAYED_SOUND: 1})
    assert converted.dropped == Counter({DROPPED_SOUND_OUTSIDE: 1})


def test_mathjax_and_latex_are_kept_as_their_source_and_counted() -> None:
    html = r"Area \(\pi r^2\) and \[e^{i\pi}+1=0\], [latex]x_1[/latex], [$]y[/$] and \( open"
    converted = field_markdown(html)
    assert shown(converted.markdown) == html
    assert converted.not_rendered == Counter({NOT_RENDERED_MATHJAX: 2, NOT_RENDERED_LATEX: 2})


def test_links_keep_web_addresses_only() -> None:
    converted = field_markdown(
        '<a href="javascript:alert(1)">run</a> <a href="https://example.org/a b">site</a>'
    )
    assert converted.markdown == "run [site](https://example.org/a%20b)"
    assert converted.dropped == Counter({DROPPED_LINK: 1})


def test_control_characters_are_removed_and_counted() -> None:
    converted = field_markdown("a\x00b\x1bc\x7f")
    assert converted.markdown == "abc"
    assert converted.dropped == Counter({DROPPED_CONTROL_CHARACTER: 3})


def test_the_conversion_is_deterministic() -> None:
    html = '<div><b>x</b> [sound:a.mp3] <img src="b.png"><script>s</script></div>' * 50
    assert len({repr(field_markdown(html)) for _ in range(3)}) == 1


def test_deep_nesting_is_flattened_to_its_text() -> None:
    converted = field_markdown("<b><i>" * 5_000 + "deep" + "</i></b>" * 5_000)
    assert shown(converted.markdown).strip("*") == "deep"
    assert converted.dropped[DROPPED_TOO_DEEP] == 1


@pytest.mark.parametrize(
    "html",
    [
        '<div><b>Bold</b> &amp; <i>it</i> <span style="color:red">r</span><br></div>' * 12_000,
        "<br>" * 150_000,
        "<!--" * 500_000,
        "<b" * 500_000,
        "[sound:" * 300_000,
        "\\(" * 1_000_000,
        '<img alt="' * 200_000,
        "<ul><li>" * 100_000,
    ],
    ids=[
        "lines",
        "breaks",
        "open-comments",
        "open-tags",
        "open-sounds",
        "open-formulas",
        "open-quotes",
        "deep-lists",
    ],
)
def test_a_field_of_megabytes_converts(html: str) -> None:
    # Each of these took minutes while a part of the conversion was
    # quadratic; how the time grows is measured in
    # benchmarks/bench_field_html.py, not here.
    converted = field_markdown(html)
    assert len(converted.markdown) <= 2 * len(html)


@pytest.mark.parametrize("convert", [field_markdown, field_text])
def test_a_field_over_the_limit_is_refused_with_a_clear_error(
    convert: Callable[[str], object],
) -> None:
    with pytest.raises(FieldTooLargeError, match="over the limit"):
        convert("x" * (MAX_FIELD_CHARS + 1))


@pytest.mark.parametrize(
    ("html", "text"),
    [
        ("Paris&nbsp;", "Paris"),
        ("<b>a+b</b> = <i>c_1</i>*2", "a+b = c_1*2"),
        ("<div>Islets of</div><div>Langerhans<br></div>", "Islets of Langerhans"),
        ("Par<b>is</b>", "Paris"),
        ("&lt;tag&gt; &amp; [x]", "<tag> & [x]"),
        ("<script>x()</script><style>p{}</style>K<sup>+</sup><!-- c -->", "K+"),
        ("[sound:say.mp3] bonjour\x00", "bonjour"),
    ],
)
def test_the_plain_text_of_a_field_is_what_a_learner_types(html: str, text: str) -> None:
    assert field_text(html) == text


@pytest.mark.parametrize(
    ("anki_name", "safe"),
    [
        ("islets.png", "islets.png"),
        ("Ünïcode ñame.JPG", "Ünïcode_ñame.JPG"),
        ('a:b*c?d"e<f>g|h.png', "a_b_c_d_e_f_g_h.png"),
        ("tab\there\x00.png", "tab_here_.png"),
        (".hidden.png", "hidden.png"),
        ("trailing.", "trailing"),
        ("CON.png", "_CON.png"),
        ("(1) [x] #2 %20.mp3", "_1___x___2__20.mp3"),
    ],
)
def test_a_media_name_becomes_a_safe_file_name(anki_name: str, safe: str) -> None:
    assert media_name(anki_name) == safe


@pytest.mark.parametrize(
    "anki_name",
    ["../evil.png", "/etc/passwd", "a/b.png", "C:\\x.png", "..", ".", "", "...", "\x00"],
)
def test_a_media_name_that_is_a_path_or_nothing_is_refused(anki_name: str) -> None:
    assert media_name(anki_name) is None


def test_a_long_media_name_is_cut_to_the_limit_keeping_its_extension() -> None:
    safe = media_name("é" * 300 + ".png")
    assert safe is not None
    assert safe.endswith(".png")
    assert len(safe.encode()) <= MAX_MEDIA_NAME_BYTES
    assert safe.startswith("é" * 50)


def test_names_that_collide_get_a_numbered_suffix_whatever_their_case() -> None:
    taken: set[str] = set()
    names = []
    for anki_name in ["a b.png", "a_b.png", "A B.png", "a?b.png"]:
        safe = media_name(anki_name)
        assert safe is not None
        unique = unique_media_name(safe, taken)
        taken.add(unique.casefold())
        names.append(unique)
    assert names == ["a_b.png", "a_b-2.png", "A_B-3.png", "a_b-4.png"]


def test_a_numbered_long_name_stays_within_the_limit() -> None:
    long_name = media_name("x" * 200 + ".png")
    assert long_name is not None
    unique = unique_media_name(long_name, {long_name.casefold()})
    assert unique.endswith("-2.png")
    assert len(unique.encode()) <= MAX_MEDIA_NAME_BYTES


# Pieces of Anki field HTML, well and badly formed, that a hostile or damaged
# package may put together in any order.
FRAGMENTS = [
    "<div>",
    "</div>",
    "<br>",
    "<b>",
    "</b>",
    "<i>",
    "</i>",
    "<ul><li>",
    "</li>",
    "</ul>",
    '<img src="a.png">',
    '<img src="../x.png" alt="',
    '<span style="color:red">',
    "</span>",
    "<script>",
    "</script>",
    "<!--",
    "-->",
    "<",
    ">",
    '"',
    "'",
    "&amp;",
    "&nbsp;",
    "&#0;",
    "&#x110000;",
    "[sound:a.mp3]",
    "[sound:",
    "{{c1::",
    "::",
    "}}",
    "\\(",
    "\\)",
    "[latex]",
    "*",
    "_",
    "`",
    "#",
    "1.",
    "-",
    "\\",
    "\n",
    " ",
    "\x00",
    "\x1b",
    "é",
    "text",
]


@settings(max_examples=300, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.sampled_from(FRAGMENTS), max_size=40))
def test_any_field_converts_to_text_a_deck_may_hold(pieces: list[str]) -> None:
    converted = field_markdown("".join(pieces), {"a.png": "a.png", "a.mp3": "a.mp3"}.get)
    assert not re.search(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]", converted.markdown)
    assert set(converted.images) <= {"a.png"}
    assert set(converted.sounds) <= {"a.mp3"}
    assert converted.markdown == converted.markdown.strip()


# Text only, with what markdownify escapes or folds (Markdown marks, every
# kind of space and line break), and what sends a field to the parser.
_PLAIN_OR_NOT = st.text(
    st.one_of(
        st.sampled_from(list(" \t\n\u2028\u3000\u200b\u1680\x1c\x85 -#*_`~|>+=.1)!:aA<&[\\\r\xa0")),
        st.characters(exclude_categories=["Cs"]),
    )
)


@settings(max_examples=3000)
@given(_PLAIN_OR_NOT)
def test_a_text_only_field_converts_as_the_parser_would(text: str) -> None:
    """The fast path for fields of text only gives what parsing them gives."""
    fast = field_markdown(text)
    parsed = field_html._CONVERTER.convert_soup(field_html._parsed(text))
    if field_html._PLAIN_FIELD.match(text):
        assert fast.markdown == field_html._tidy(parsed)
        assert (fast.images, fast.sounds, fast.dropped, fast.not_rendered) == ((), (), {}, {})


@pytest.mark.parametrize(
    "field",
    ["https://en.wikipedia.org/wiki/Insulin_[hormone]", "notes[1].txt", "http://x.org"],
)
def test_a_field_that_looks_like_an_address_or_a_file_name_converts_without_a_warning(
    field: str,
) -> None:
    """Beautiful Soup warns on stderr of markup that looks like a URL or a
    file name, which a learner's terminal would show during an import."""
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert field_markdown(field).markdown
        assert field_text(field)
