"""One Anki field's HTML made into the Markdown an endoquiz card shows, with what was lost."""

from __future__ import annotations

import io
import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Set
from dataclasses import dataclass, field
from typing import TYPE_CHECKING
from urllib.parse import unquote

from bs4 import BeautifulSoup
from bs4.element import NavigableString, Tag
from markdownify import MarkdownConverter

__all__ = [
    "MAX_FIELD_CHARS",
    "MAX_MEDIA_NAME_BYTES",
    "FieldConversion",
    "FieldTooLargeError",
    "field_markdown",
    "field_text",
    "media_name",
    "unique_media_name",
]

# Far above any field Anki's editor makes (a pasted page is a few hundred
# kB), low enough that converting one stays under a few seconds.
MAX_FIELD_CHARS = 8_000_000
# Anki's own limit on a media name is 120 bytes; a collision suffix fits
# beside it well within every file system's 255.
MAX_MEDIA_NAME_BYTES = 120
# Deeper markup is flattened to its text: the converter recurses per level.
MAX_NESTING = 100

# What `dropped` and `not_rendered` count, as the import summary words them.
DROPPED_SCRIPT = "script"
DROPPED_STYLE_SHEET = "style sheet"
DROPPED_EVENT_ATTRIBUTE = "event attribute (onclick, …)"
DROPPED_STYLING = "styling (colour, font, size)"
DROPPED_UNDERLINE = "underline"
DROPPED_SUB_SUPERSCRIPT = "subscript or superscript"
DROPPED_COMMENT = "HTML comment or declaration"
DROPPED_CONTROL_CHARACTER = "control character"
DROPPED_IMAGE_OUTSIDE = "image not in the package (web address or path)"
DROPPED_LINK = "link other than http, https or mailto"
DROPPED_SOUND_OUTSIDE = "sound not in the package (web address or path)"
DROPPED_TOO_DEEP = f"markup nested deeper than {MAX_NESTING} levels (text kept)"
NOT_PLAYED_SOUND = "sound (not played)"
NOT_RENDERED_MATHJAX = "MathJax formula (shown as its source)"
NOT_RENDERED_LATEX = "LaTeX (shown as its source)"


def _dropped_tag(name: str) -> str:
    """The count key of an unknown tag, its text kept; names are bounded."""
    return f"tag <{name[:20]}> (its text kept)"


def _dropped_element(name: str) -> str:
    """The count key of an element dropped with everything inside it."""
    return f"<{name[:20]}> element"


@dataclass(frozen=True, slots=True)
class FieldConversion:
    """One field converted.

    Attributes:
        markdown: the text for an endoquiz card.
        images: the Anki media names of the pictures it shows, in order, each
            once: the files the caller copies into the deck's folder.
        sounds: the Anki media names of its `[sound:…]` files, likewise.
        dropped: what could not be carried, by kind, with how many.
        not_rendered: what was kept as text or a link but is not rendered or
            played (formulas, sounds), by kind.
    """

    markdown: str
    images: tuple[str, ...]
    sounds: tuple[str, ...]
    dropped: Counter[str] = field(default_factory=Counter)
    not_rendered: Counter[str] = field(default_factory=Counter)


class FieldTooLargeError(ValueError):
    """A field longer than MAX_FIELD_CHARS: not converted, so that a hostile
    package cannot hold the import for minutes."""


# Tags whose contents are gone with them, by count key.
_DROPPED_ELEMENTS = {
    "script": DROPPED_SCRIPT,
    "style": DROPPED_STYLE_SHEET,
    **{
        name: _dropped_element(name)
        for name in (
            "head title meta link base iframe frame frameset object embed applet template "
            "noscript svg math canvas audio video source track input button select "
            "textarea form"
        ).split()
    },
}
# Tags markdownify turns into Markdown, or that only wrap (span, html, body,
# and font, whose attributes are counted as styling).
_CONVERTED = frozenset(
    (
        "b strong i em s strike del div p br span ul ol li h1 h2 h3 h4 h5 h6 a img "
        "table thead tbody tfoot tr td th caption hr pre code kbd samp blockquote "
        "html body font"
    ).split()
)
# Kept as their text, each counted under its own name.
_TEXT_ONLY = {
    "u": DROPPED_UNDERLINE,
    "sub": DROPPED_SUB_SUPERSCRIPT,
    "sup": DROPPED_SUB_SUPERSCRIPT,
}
_STYLING_ATTRIBUTES = frozenset("style class color face size bgcolor align".split())
_BLOCK_TAGS = frozenset("div p ul ol li table blockquote pre hr h1 h2 h3 h4 h5 h6".split())
_LINK_SCHEMES = ("http://", "https://", "mailto:")

# Anki's sound reference. The name may not hold a bracket, so that a match
# attempt stops at the next one instead of scanning the rest of the field.
_SOUND = re.compile(r"\[sound:([^\[\]]*)\]")
# The delimiters of MathJax (`\(…\)`, `\[…\]`) and of Anki's LaTeX
# (`[latex]…[/latex]`, `[$]…[/$]`, `[$$]…[/$$]`), paired in one pass by
# `count_formulas`: a lazy `\(.*?\)` would rescan the field from every opening.
_FORMULA_DELIMITER = re.compile(r"\\[()\[\]]|\[/?(?:latex|\$\$|\$)\]", re.IGNORECASE)
_CLOSING = {"\\(": "\\)", "\\[": "\\]", "[latex]": "[/latex]", "[$]": "[/$]", "[$$]": "[/$$]"}
# C0 and C1 controls other than tab and line breaks, which a deck may not hold.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
# A URL scheme (`http:`, `data:`, `file:`, `c:` of a Windows path) or a path.
_SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")
# A hard line break markdownify writes (an odd run of backslashes at a line's
# end: an even run is escaped backslashes) before a blank line or the end,
# where CommonMark would show the backslash instead of breaking.
_DANGLING_BREAK = re.compile(r"(?<!\\)((?:\\\\)*)\\(?=\n\n|\n*\Z)")
_BLANK_LINES = re.compile(r"\n{3,}")
# markdownify's whitespace rules for text outside `<pre>` (its
# `re_newline_whitespace` and `re_whitespace`, which its stubs do not name).
_LINE_BREAK_SPACES = re.compile(r"[\t \r\n]*[\r\n][\t \r\n]*")
_SPACES = re.compile(r"[\t ]+")
# A field of text only: no tag or entity (`<`, `&`), no sound or LaTeX (`[`),
# no MathJax (`\`), nothing the cleaning drops or rewrites (controls, the
# no-break space, `\r`). Most fields are such ("Golgi", "Packaging"), and
# skip the parser and the tree walk: 13 µs for a short field instead of 75.
_PLAIN_FIELD = re.compile(r"[^<&\[\\\r\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\xa0]*\Z")

# A whole tag: its name, then attributes whose quoted values may not hold a
# `<` (so that a match attempt ends at the next `<`), then `>`; or a
# declaration (`<!DOCTYPE …>`, `<?…>`) without `<` or `>` inside.
_WHOLE_TAG = re.compile(
    r"</?([A-Za-z][^\s/<>]*)((?:[^<>\"']|\"[^\"<]*\"|'[^'<]*')*+)>|<[!?][^<>]*>"
)
# HTML's void elements. bs4's html.parser builder remembers each one written
# without its closing slash (`<br>`) in a list it searches at every end tag, so
# 100,000 `<br>`s took minutes; written `<br/>` they are not kept.
_VOID_ELEMENTS = frozenset(
    "area base br col embed hr img input link meta param source track wbr".split()
)

# A safe media name: letters and digits of any script and a few marks; every
# other character becomes "_".
_UNSAFE_NAME_CHARACTER = re.compile(r"[^\w.+,=@~-]")
_WINDOWS_RESERVED = frozenset(
    ["con", "prn", "aux", "nul"] + [f"com{i}" for i in range(10)] + [f"lpt{i}" for i in range(10)]
)


def media_name(name: str) -> str | None:
    """The file name an Anki media file gets in a deck's folder, or None when
    `name` cannot be one: a path (any `/` or `\\`), `.` or `..`, or nothing
    left once cleaned.

    Letters and digits of any script, `.`, `_`, `-`, `+`, `,`, `=`, `@` and
    `~` are kept (NFC-normalised); every other character (spaces, controls,
    `:`, `*`, `?`, quotes, brackets, `%`, `#`) becomes `_`, so the name is
    valid on Windows, macOS and Linux and needs no quoting in a Markdown link.
    Leading dots go (no hidden files), trailing dots too (Windows drops them),
    Windows' reserved device names get a leading `_`, and the name is cut to
    MAX_MEDIA_NAME_BYTES of UTF-8, its extension kept. Different names can
    become one: `unique_media_name` tells them apart.
    """
    if "/" in name or "\\" in name:
        return None
    cleaned = _UNSAFE_NAME_CHARACTER.sub("_", unicodedata.normalize("NFC", name))
    cleaned = cleaned.lstrip(".").rstrip(".")
    if not cleaned.strip("_"):
        return None
    if cleaned.split(".", 1)[0].lower() in _WINDOWS_RESERVED:
        cleaned = "_" + cleaned
    return _bounded(cleaned, MAX_MEDIA_NAME_BYTES)


def _bounded(name: str, limit: int) -> str:
    """`name` cut to `limit` bytes of UTF-8, its extension (if short) kept."""
    if len(name.encode()) <= limit:
        return name
    stem, extension = _split_extension(name)
    room = limit - len(extension.encode())
    return stem.encode()[:room].decode(errors="ignore") + extension


def _split_extension(name: str) -> tuple[str, str]:
    """(stem, ".ext"); no extension for a name without a stem or with a long
    one, which is then no file type but part of the name."""
    stem, dot, extension = name.rpartition(".")
    if not dot or not stem or len(extension.encode()) > 16:
        return name, ""
    return stem, dot + extension


def unique_media_name(name: str, taken: Set[str]) -> str:
    """`name` (already safe) or, when a file of that name is taken, `stem-2.ext`,
    `stem-3.ext`, …: the first free one. `taken` holds the names already used,
    casefolded, since macOS and Windows do not tell `A.png` from `a.png`."""
    if name.casefold() not in taken:
        return name
    stem, extension = _split_extension(name)
    number = 2
    while True:
        suffix = f"-{number}{extension}"
        candidate = _bounded(stem, MAX_MEDIA_NAME_BYTES - len(suffix.encode())) + suffix
        if candidate.casefold() not in taken:
            return candidate
        number += 1


def field_markdown(html: str, rename: Callable[[str], str | None] = media_name) -> FieldConversion:
    """The Markdown of one field's HTML, and what was dropped or is not rendered.

    `rename` maps an Anki media name (an image's `src`, a sound's name) to the
    name the file will have beside the deck, or None when there is no such
    file: the reference is then dropped (an image keeps its alt text) and
    counted. Pure: no file, no network; raises FieldTooLargeError above
    MAX_FIELD_CHARS.
    """
    if len(html) <= MAX_FIELD_CHARS and _PLAIN_FIELD.match(html):
        return FieldConversion(markdown=_plain_markdown(html), images=(), sounds=())
    soup = _parsed(html)
    cleaning = _Cleaning(rename)
    cleaning.clean(soup)
    cleaning.count_formulas(soup.get_text())
    markdown = _CONVERTER.convert_soup(soup)
    return FieldConversion(
        markdown=_tidy(markdown),
        images=tuple(dict.fromkeys(cleaning.images)),
        sounds=tuple(dict.fromkeys(cleaning.sounds)),
        dropped=cleaning.dropped,
        not_rendered=cleaning.not_rendered,
    )


def _plain_markdown(text: str) -> str:
    """What the conversion makes of a field of text only (`_PLAIN_FIELD`),
    without parsing it: markdownify's whitespace rules and escapes, then
    `_tidy`. A test checks it against the whole conversion."""
    # Each pass only where it can change something: most fields are one
    # line without a tab or a double space.
    if "\n" in text:
        text = _LINE_BREAK_SPACES.sub("\n", text)
    if "\t" in text or "  " in text:
        text = _SPACES.sub(" ", text)
    return _tidy(_CONVERTER.escape(text, set()))


def field_text(html: str) -> str:
    """A field's plain text, as a learner would type it: for a typed card's
    `answer` and `accept`, which endoquiz compares as text, not Markdown.
    Tags, scripts, style sheets, comments, `[sound:…]` and control characters
    go; entities are decoded; a line break or block is a space, and runs of
    spaces are one. Raises FieldTooLargeError above MAX_FIELD_CHARS."""
    soup = _parsed(html)
    for tag in soup.find_all(list(_DROPPED_ELEMENTS)):
        tag.decompose()
    for tag in soup.find_all([*_BLOCK_TAGS, "br"]):
        tag.insert_before(" ")
        tag.insert_after(" ")
    text = _CONTROL.sub("", _SOUND.sub(" ", soup.get_text()))
    return " ".join(text.split())


def _parsed(html: str) -> BeautifulSoup:
    """The field's tree; FieldTooLargeError when it is over the limit."""
    if len(html) > MAX_FIELD_CHARS:
        raise FieldTooLargeError(
            f"an Anki field of {len(html):,} characters is over the limit of {MAX_FIELD_CHARS:,}"
        )
    # Read from a stream: given a string without `<` that looks like a web
    # address or a file name ("http://x.org", "notes[1].txt"), Beautiful
    # Soup warns on stderr, which an import's terminal would show.
    return BeautifulSoup(io.StringIO(_well_formed_tags(html)), "html.parser")


def _well_formed_tags(html: str) -> str:
    """The HTML with every `<` that does not open a whole tag or comment
    written `&lt;`, and void elements closed (`<br/>`). Python's html.parser
    rescans the rest of the text from each unfinished tag, comment or quoted
    value (`'<img alt="' * 200_000` took minutes); after this it meets none.
    Linear: each `<` is looked at up to the next one."""
    pieces: list[str] = []
    position = 0
    while (opening := html.find("<", position)) >= 0:
        pieces.append(html[position:opening])
        if html.startswith("<!--", opening):
            closing = html.find("-->", opening + 4)
            if closing < 0:  # no comment after this one can end either
                pieces.append(html[opening:].replace("<", "&lt;"))
                return "".join(pieces)
            position = closing + 3
            pieces.append(html[opening:position])
            continue
        tag = _WHOLE_TAG.match(html, opening)
        if tag is None:
            pieces.append("&lt;")
            position = opening + 1
            continue
        position = tag.end()
        if tag[1] and tag[1].lower() in _VOID_ELEMENTS and not tag[2].rstrip().endswith("/"):
            pieces.append(f"<{tag[1]}{tag[2]}/>")
        else:
            pieces.append(tag[0])
    pieces.append(html[position:])
    return "".join(pieces)


def _tidy(markdown: str) -> str:
    """Markdown without breaks that would show as a backslash, blank lines
    beyond one, or spaces at either end."""
    if "\\" in markdown:
        markdown = _DANGLING_BREAK.sub(r"\1", markdown)
    if "\n\n\n" in markdown:
        markdown = _BLANK_LINES.sub("\n\n", markdown)
    return markdown.strip()


class _Cleaning:
    """One pass over a parsed field: drops and counts what cannot be carried,
    and rewrites media references to their names in the deck's folder."""

    def __init__(self, rename: Callable[[str], str | None]) -> None:
        self.rename = rename
        self.images: list[str] = []
        self.sounds: list[str] = []
        self.dropped: Counter[str] = Counter()
        self.not_rendered: Counter[str] = Counter()

    def clean(self, soup: BeautifulSoup) -> None:
        """Every node of the tree, parents before children, without recursion."""
        stack: list[tuple[Tag, int]] = [(soup, 0)]
        while stack:
            tag, depth = stack.pop()
            for child in list(tag.children):
                if isinstance(child, Tag):
                    kept = self._clean_tag(child, soup, depth + 1)
                    if kept is not None:
                        stack.append((kept, depth + 1))
                elif isinstance(child, NavigableString):
                    self._clean_text(child, soup)

    def count_formulas(self, text: str) -> None:
        """MathJax and LaTeX stay as their source text; say so."""
        opened: str | None = None
        for match in _FORMULA_DELIMITER.finditer(text):
            delimiter = match[0].lower()
            if opened is None and delimiter in _CLOSING:
                opened = delimiter
            elif opened is not None and delimiter == _CLOSING[opened]:
                kind = NOT_RENDERED_MATHJAX if opened.startswith("\\") else NOT_RENDERED_LATEX
                self.not_rendered[kind] += 1
                opened = None

    def _clean_tag(self, tag: Tag, soup: BeautifulSoup, depth: int) -> Tag | None:
        """The tag cleaned in place; None when it is gone (its children, if
        kept, are then cleaned as its parent's)."""
        name = tag.name.lower()
        if name in _DROPPED_ELEMENTS:
            self.dropped[_DROPPED_ELEMENTS[name]] += 1
            tag.decompose()
            return None
        self._clean_attributes(tag, soup)
        if depth >= MAX_NESTING and tag.find(True) is not None:
            self.dropped[DROPPED_TOO_DEEP] += 1
            tag.string = tag.get_text()
        if name == "img":
            self._clean_image(tag)
            return None
        if name == "a":
            self._clean_link(tag)
        if name in _TEXT_ONLY:
            self.dropped[_TEXT_ONLY[name]] += 1
            tag.name = "span"
        elif name not in _CONVERTED:
            self.dropped[_dropped_tag(name)] += 1
            tag.name = "span"
        return tag

    def _clean_attributes(self, tag: Tag, soup: BeautifulSoup) -> None:
        """Event handlers and styling removed and counted; a style's bold and
        italics become `<b>` and `<i>`, as Anki's editor shows them."""
        events = [name for name in tag.attrs if name.lower().startswith("on")]
        for name in events:
            del tag.attrs[name]
        if events:
            self.dropped[DROPPED_EVENT_ATTRIBUTE] += len(events)
        styling = [name for name in tag.attrs if name.lower() in _STYLING_ATTRIBUTES]
        style = str(tag.attrs.get("style", "")).lower().replace(" ", "")
        for name in styling:
            del tag.attrs[name]
        emphasis = [
            wrapper
            for wrapper, present in (
                ("b", re.search(r"font-weight:(bold|[6-9]00)", style)),
                ("i", "font-style:italic" in style),
            )
            if present
        ]
        other_styling = re.sub(r"font-weight:[^;]*;?|font-style:[^;]*;?", "", style)
        if any(name.lower() != "style" for name in styling) or other_styling.strip(";"):
            self.dropped[DROPPED_STYLING] += 1
        for wrapper in emphasis:
            inner = soup.new_tag(wrapper)
            for child in list(tag.contents):
                inner.append(child.extract())
            tag.append(inner)

    def _clean_image(self, tag: Tag) -> None:
        """An `<img>` of a file in the package points at its new name; any
        other is replaced by its alt text."""
        source = str(tag.get("src", ""))
        alt = " ".join(_CONTROL.sub("", str(tag.get("alt", ""))).split())
        renamed = self._media(source)
        if renamed is None:
            self.dropped[DROPPED_IMAGE_OUTSIDE] += 1
            tag.replace_with(alt)
            return
        self.images.append(renamed[0])
        # markdownify writes the alt text as it is: escaped here, so that a
        # `](elsewhere)` in it cannot end the image early.
        tag.attrs = {"src": renamed[1], "alt": re.sub(r"([\\\[\]])", r"\\\1", alt)}

    def _clean_link(self, tag: Tag) -> None:
        """A web or mail link is kept; any other keeps its text only."""
        href = str(tag.get("href", "")).strip()
        if href.lower().startswith(_LINK_SCHEMES):
            # Characters that would end a Markdown link's address early.
            tag.attrs = {"href": re.sub(r"[\s()<>]", lambda m: f"%{ord(m[0]):02X}", href)}
            return
        if href:
            self.dropped[DROPPED_LINK] += 1
        tag.attrs = {}
        tag.name = "span"

    def _clean_text(self, text: NavigableString, soup: BeautifulSoup) -> None:
        """Comments dropped, control characters removed, `[sound:…]` made a link."""
        if type(text) is not NavigableString:  # a comment, CDATA, doctype, …
            self.dropped[DROPPED_COMMENT] += 1
            text.extract()
            return
        value = str(text)
        controls = len(_CONTROL.findall(value))
        if controls:
            self.dropped[DROPPED_CONTROL_CHARACTER] += controls
            value = _CONTROL.sub("", value)
        # Anki writes `&nbsp;` for every second space; a deck is edited as text.
        value = value.replace("\xa0", " ")
        pieces: list[str | Tag] = []
        last = 0
        for match in _SOUND.finditer(value):
            renamed = self._media(match[1])
            if renamed is None:
                self.dropped[DROPPED_SOUND_OUTSIDE] += 1
                continue
            self.sounds.append(renamed[0])
            self.not_rendered[NOT_PLAYED_SOUND] += 1
            link = soup.new_tag("a", href=renamed[1])
            link.string = f"sound: {renamed[0]}"
            pieces += [value[last : match.start()], link]
            last = match.end()
        pieces.append(value[last:])
        if len(pieces) == 1 and value == str(text):
            return
        for piece in pieces:
            text.insert_before(piece)
        text.extract()

    def _media(self, reference: str) -> tuple[str, str] | None:
        """(Anki name, new name) of a media reference, or None when it is not
        a file of the package: a URL, a path, or a name `rename` refuses.
        Anki's editor percent-encodes some names (`a%20b.png`); the name as
        written is tried first."""
        reference = reference.strip()
        if not reference or _SCHEME.match(reference) or "/" in reference or "\\" in reference:
            return None
        for anki_name in dict.fromkeys((reference, unquote(reference))):
            if "/" in anki_name or "\\" in anki_name:
                continue
            renamed = self.rename(anki_name)
            if renamed is not None:
                return anki_name, renamed
        return None


class _AnkiMarkdown(MarkdownConverter):
    """markdownify, with Anki's `<div>`s as the lines they are in its editor."""

    if TYPE_CHECKING:
        # markdownify's method, which its stubs leave out: a text's Markdown
        # marks escaped, as the conversion escapes every text.
        def escape(self, text: str, parent_tags: set[str]) -> str: ...

    def convert_div(self, el: Tag, text: str, parent_tags: set[str]) -> str:
        """A `<div>` of inline content is one line (a hard break after it), an
        empty one (`<div><br></div>`) a blank line; one holding blocks is
        itself a block."""
        if "_inline" in parent_tags:
            return " " + text.strip() + " "
        if any(isinstance(node, Tag) and node.name in _BLOCK_TAGS for node in el.descendants):
            return "\n\n" + text.strip() + "\n\n"
        line = _without_end_breaks(text)
        if not line:
            return "\n\n"
        before = el.previous_sibling
        while isinstance(before, NavigableString) and not before.strip():
            before = before.previous_sibling
        opening = "\\\n" if before is not None and not _is_block(before) else ""
        return opening + line + "\\\n"


def _is_block(node: object) -> bool:
    """Whether Markdown starts a new line after this node anyway."""
    return isinstance(node, Tag) and node.name in _BLOCK_TAGS | {"br"}


def _without_end_breaks(text: str) -> str:
    """Text with spaces and hard line breaks (odd runs of backslashes before a
    newline) at either end removed."""
    previous = None
    while text != previous:
        previous = text
        text = text.strip()
        trailing = len(text) - len(text.rstrip("\\"))
        if trailing % 2:
            text = text[:-1]
        if text.startswith("\\\n"):
            text = text[2:]
    return text


# One converter for every field: it holds only its options and a cache of
# which method converts which tag.
_CONVERTER = _AnkiMarkdown(
    heading_style="atx",
    bullets="-",
    strong_em_symbol="*",
    newline_style="backslash",
    escape_misc=True,
)
