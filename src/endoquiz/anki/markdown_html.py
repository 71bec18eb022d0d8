"""A card's Markdown as the HTML an Anki field holds, its images named as the package's media."""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import unquote

from markdown_it import MarkdownIt
from markdown_it.token import Token

__all__ = ["markdown_html"]

# endoquiz shows Markdown through Qt's md4c, GitHub's dialect: CommonMark
# with tables and strikethrough. Raw HTML is shown as text (md4c in Qt's
# Markdown reader drops it), so it is escaped here too: a deck's `<script>`
# never reaches Anki's web view.
_RENDERER = MarkdownIt("commonmark", {"html": False}).enable(["table", "strikethrough"])
_PARAGRAPH_OPEN, _PARAGRAPH_CLOSE = "<p>", "</p>"


def markdown_html(markdown: str, media: Callable[[str], str | None]) -> str:
    """The HTML Anki shows for `markdown`. Each image's path goes through
    `media`, which gives the file's name among the package's media, or None
    for an image that cannot be carried: it is then left out, its alt text
    kept. A text that is one paragraph is not wrapped in `<p>`, as Anki's
    editor writes a field."""
    tokens = _RENDERER.parse(markdown)
    for token in tokens:
        if token.children:
            token.children = [_carried(child, media) for child in token.children]
    html = str(_RENDERER.renderer.render(tokens, _RENDERER.options, {})).strip()
    inner = html[len(_PARAGRAPH_OPEN) : -len(_PARAGRAPH_CLOSE)]
    if (
        html.startswith(_PARAGRAPH_OPEN)
        and html.endswith(_PARAGRAPH_CLOSE)
        and _PARAGRAPH_OPEN not in inner
    ):
        return inner
    return html


def _carried(token: Token, media: Callable[[str], str | None]) -> Token:
    """An image token pointing at its media name, or its alt text when the
    image cannot be carried."""
    if token.type != "image":
        return token
    # The parser percent-encodes a path ("a b.png" as "a%20b.png"); the
    # deck file names it as written.
    name = media(unquote(str(token.attrGet("src") or "")))
    if name is None:
        text = Token("text", "", 0)
        text.content = token.content
        return text
    token.attrSet("src", name)
    return token
