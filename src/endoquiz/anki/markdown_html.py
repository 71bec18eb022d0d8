"""A card's Markdown as the HTML an Anki field holds, its images named as the package's media."""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import unquote

from markdown_it import MarkdownIt
from markdown_it.token import Token

__all__ = ["SOUND_SUFFIXES", "markdown_html"]

# Files Anki plays with `[sound:…]` (audio, and video it plays the same way).
SOUND_SUFFIXES = (
    ".mp3", ".ogg", ".oga", ".opus", ".wav", ".m4a", ".aac", ".flac", ".spx",
    ".webm", ".mp4", ".mov", ".mkv", ".3gp",
)  # fmt: skip

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
    kept; a link to a sound file the same way becomes Anki's `[sound:…]`.
    A text that is one paragraph is not wrapped in `<p>`, as Anki's
    editor writes a field."""
    tokens = _RENDERER.parse(markdown)
    for token in tokens:
        if token.children:
            carried = [_carried(child, media) for child in token.children]
            token.children = _with_sounds(carried, media)
    html = str(_RENDERER.renderer.render(tokens, _RENDERER.options, {})).strip()
    inner = html[len(_PARAGRAPH_OPEN) : -len(_PARAGRAPH_CLOSE)]
    if (
        html.startswith(_PARAGRAPH_OPEN)
        and html.endswith(_PARAGRAPH_CLOSE)
        and _PARAGRAPH_OPEN not in inner
    ):
        return inner
    return html


def _with_sounds(tokens: list[Token], media: Callable[[str], str | None]) -> list[Token]:
    """A link to a sound file beside the deck (`[sound: a.mp3](a.mp3)`, as
    an import from Anki writes one) as Anki's `[sound:a.mp3]`, which Anki
    plays, the file carried as media; any other link as it is."""
    kept: list[Token] = []
    skipping = False
    for token in tokens:
        if skipping:
            skipping = token.type != "link_close"
            continue
        href = unquote(str(token.attrGet("href") or "")) if token.type == "link_open" else ""
        name = media(href) if href.lower().endswith(SOUND_SUFFIXES) and "://" not in href else None
        if name is None:
            kept.append(token)
            continue
        sound = Token("text", "", 0)
        sound.content = f"[sound:{name}]"
        kept.append(sound)
        skipping = True
    return kept


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
