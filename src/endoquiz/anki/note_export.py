"""endoquiz's entries as Anki notes: each kind's stock note type, the fields' HTML, the GUID."""

from __future__ import annotations

import hashlib
import html
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from endoquiz.anki.anki_ids import guid_of
from endoquiz.anki.anki_model import StockKind
from endoquiz.anki.field_html import media_name, unique_media_name
from endoquiz.anki.markdown_html import markdown_html
from endoquiz.decks.card_text import back_markdown
from endoquiz.decks.deck_model import Card, CardKind
from endoquiz.decks.yaml_nodes import MapNode, Node, ScalarNode, SeqNode

__all__ = [
    "STOCK_KIND_OF",
    "ExportMedia",
    "NoteFields",
    "cloze_sources",
    "entry_guid",
    "note_fields",
]

STOCK_KIND_OF = {
    CardKind.BASIC: StockKind.BASIC,
    CardKind.CHOICE: StockKind.BASIC,
    CardKind.REVERSE: StockKind.BASIC_AND_REVERSED,
    CardKind.TYPED: StockKind.BASIC_TYPING,
    CardKind.CLOZE: StockKind.CLOZE,
}
# Anki's own GUID alphabet (`base91` in its utils), so that a GUID endoquiz
# makes looks like one Anki made.
_GUID_ALPHABET = (
    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789!#$%&()*+,-./:;<=>?@[]^_`{|}~"
)


def entry_guid(deck_id: str, entry_id: str, *, own: bool = True) -> str:
    """The GUID of the note an entry becomes: the one it came from when it
    came from Anki (its id `anki-…`; not when `own` is False), else one made
    from (deck id, entry id), so that exporting again gives the same GUID
    and Anki updates that note."""
    original = guid_of(entry_id) if own else None
    if original is not None:
        return original
    digest = hashlib.sha256(f"endoquiz\x1f{deck_id}\x1f{entry_id}".encode()).digest()
    number = int.from_bytes(digest[:8], "big")
    letters = []
    while number:
        number, digit = divmod(number, len(_GUID_ALPHABET))
        letters.append(_GUID_ALPHABET[digit])
    return "".join(reversed(letters)) or _GUID_ALPHABET[0]


class ExportMedia:
    """The images a deck's cards show and the sounds they link to, as the
    package's media: each file
    under the deck's folder takes a safe name, unique in the package
    whatever the case; a web address, a path out of the folder or a file
    that is not there is not carried (and counted)."""

    def __init__(self, changes: Counter[str]) -> None:
        self.files: dict[str, Path] = {}
        self._names: dict[Path, str] = {}
        self._taken: set[str] = set()
        self._changes = changes

    def resolver(self, folder: Path) -> Callable[[str], str | None]:
        """What an image path written in a deck in `folder` is called in the package."""
        return lambda written: self.name(folder, written)

    def name(self, folder: Path, written: str) -> str | None:
        """`written`'s name in the package, None when it is not carried."""
        if not written or (urlsplit(written).scheme and not Path(written).is_absolute()):
            self._changes["images from the web: not carried"] += 1
            return None
        base = folder.resolve()
        path = (base / written).resolve()
        if not path.is_relative_to(base) or not path.is_file():
            self._changes["images or sounds missing from the deck's folder: not carried"] += 1
            return None
        if path in self._names:
            return self._names[path]
        name = unique_media_name(media_name(path.name) or "image", self._taken)
        self._taken.add(name.casefold())
        self._names[path] = name
        self.files[name] = path
        return name


@dataclass(frozen=True, slots=True)
class NoteFields:
    """The note an entry becomes: its stock note type, fields' HTML, and
    each card's Anki ordinal by endoquiz card id."""

    kind: StockKind
    fields: tuple[str, str]
    ordinals: dict[str, int]


def cloze_sources(root: Node | None) -> dict[int, tuple[str, str]]:
    """The text and extra of each cloze entry of a deck file's tree, by the
    entry's line (a cloze `Card` holds its text with the deletion made)."""
    cards = root.get("cards") if isinstance(root, MapNode) else None
    found: dict[int, tuple[str, str]] = {}
    for entry in cards.items if isinstance(cards, SeqNode) else []:
        if isinstance(entry, MapNode):
            text, extra = entry.get("text"), entry.get("extra")
            if isinstance(text, ScalarNode):
                found[entry.line] = (text.text, extra.text if isinstance(extra, ScalarNode) else "")
    return found


def note_fields(
    cards: Sequence[Card],
    cloze: tuple[str, str] | None,
    media: Callable[[str], str | None],
    changes: Counter[str],
) -> NoteFields:
    """The note of one entry from its cards (an entry's first card first);
    `cloze` is a cloze entry's (text, extra) as written. What Anki's stock
    note types have no place for is counted in `changes`."""
    first = cards[0]
    kind = first.kind
    if first.source is not None:
        changes["sources of cards: not carried"] += 1
    if kind is CardKind.CLOZE:
        text, extra = cloze if cloze is not None else (first.front, "")
        if first.explanation:
            extra = f"{extra}\n\n{first.explanation}".strip()
        ordinals = {card.id: int(card.id.rpartition(":c")[2]) - 1 for card in cards}
        text_html = _with_image(markdown_html(text, media), first, media)
        fields = (text_html, markdown_html(extra, media))
        return NoteFields(StockKind.CLOZE, fields, ordinals)
    front = _with_image(markdown_html(first.front, media), first, media)
    if kind is CardKind.TYPED:
        if first.accept:
            changes["other accepted answers of typed cards: not carried"] += 1
        if first.explanation:
            changes["explanations of typed cards: not carried"] += 1
        # Anki compares what is typed with the field's text: the answer as
        # written, not Markdown.
        fields, ordinals = (front, html.escape(first.answer or "", quote=False)), {first.id: 0}
    elif kind is CardKind.REVERSE:
        if first.explanation:
            changes["explanations of reverse cards: not carried"] += 1
        ordinals = {card.id: 0 if card.id == first.id else 1 for card in cards}
        fields = (front, markdown_html(first.back, media))
    else:
        if kind is CardKind.CHOICE:
            changes["choice cards: basic cards with the options listed"] += 1
            options = "\n".join(f"- {choice}" for choice in first.choices)
            front = _with_image(markdown_html(f"{first.front}\n\n{options}", media), first, media)
        back = back_markdown(first, with_source=False)
        fields, ordinals = (front, markdown_html(back, media)), {first.id: 0}
    return NoteFields(STOCK_KIND_OF[kind], fields, ordinals)


def _with_image(field: str, card: Card, media: Callable[[str], str | None]) -> str:
    """A card's `image:` below its question, as the endoquiz card shows it."""
    if card.image is None:
        return field
    name = media(str(card.image))
    return f'{field}<br><img src="{html.escape(name)}">' if name else field
