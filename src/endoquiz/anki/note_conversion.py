"""Anki's notes as endoquiz deck entries: the kind each note type makes, the decks they go in."""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from endoquiz.anki.anki_ids import card_id, deck_ids, entry_id
from endoquiz.anki.anki_model import AnkiCard, AnkiCollection, AnkiNote, AnkiNotetype, StockKind
from endoquiz.anki.field_html import (
    FieldTooLargeError,
    field_markdown,
    field_text,
    media_name,
    unique_media_name,
)
from endoquiz.decks.cloze import cloze_problems
from endoquiz.decks.deck_format import CONTROL_CHARACTER, MAX_TEXT_CHARS
from endoquiz.decks.deck_model import CardKind
from endoquiz.decks.deck_yaml import dump_deck

__all__ = ["ConvertedNotes", "DeckDocument", "convert_notes", "kind_of", "stock_shape"]

# `{{type:Field}}` on a template's front: the learner types the answer.
_TYPED_ANSWER = re.compile(r"\{\{type:[^}]+\}\}")
# Anki's "Basic (optional reversed card)" makes its second card only when
# its third field ("Add Reverse") is filled.
_ADD_REVERSE_FIELD = 2
_NOT_IN_A_TAG = re.compile(r"[\s,]+")
# How many of a note's fields an entry holds, whatever its kind (front and
# back, or text and extra).
_FIELDS_USED = 2


@dataclass(frozen=True, slots=True)
class DeckDocument:
    """One endoquiz deck made from an Anki deck: its document, ready to
    write (`yaml_text`), the Anki deck's full name, and the file names of
    the media its cards show (to copy beside the deck file)."""

    anki_name: str
    document: dict[str, Any]
    media: tuple[str, ...] = ()

    @property
    def deck_id(self) -> str:
        deck: str = self.document["id"]
        return deck

    def yaml_text(self) -> str:
        """The deck file's text: a header saying where it came from, then the deck."""
        header = (
            f"# Made by `endoquiz import` from the deck {self.anki_name!r} of an Anki file.\n"
            "# Edit it as any deck: importing that file again updates the entries it\n"
            "# made and keeps the ones you add.\n"
        )
        return header + dump_deck(self.document)


@dataclass(frozen=True, slots=True)
class ConvertedNotes:
    """The decks made, each Anki card's endoquiz (deck id, card id) (for its
    progress: `progress_conversion`), the media files the cards show (Anki's
    name -> the file name beside the decks), and what was left out or changed."""

    decks: tuple[DeckDocument, ...]
    card_keys: dict[int, tuple[str, str]]
    media: dict[str, str] = field(default_factory=dict)
    changes: Counter[str] = field(default_factory=Counter)


class _MediaNames:
    """The file name each of the package's media files takes beside the
    decks: safe, and unique whatever the case (two Anki names may clean to
    one). Names the package does not hold take none."""

    def __init__(self, available: Iterable[str]) -> None:
        self._available = set(available)
        self.chosen: dict[str, str] = {}
        self._taken: set[str] = set()
        # The names given since the caller last emptied it: the media of
        # the entry being made, for its deck's folder.
        self.used: set[str] = set()

    def __call__(self, name: str) -> str | None:
        chosen = self._choose(name)
        if chosen is not None:
            self.used.add(chosen)
        return chosen

    def _choose(self, name: str) -> str | None:
        if name in self.chosen:
            return self.chosen[name]
        safe = media_name(name) if name in self._available else None
        if safe is None:
            return None
        chosen = unique_media_name(safe, self._taken)
        self._taken.add(chosen.casefold())
        self.chosen[name] = chosen
        return chosen


def stock_shape(notetype: AnkiNotetype) -> StockKind | None:
    """The stock note type this one is: the one it was made from (Anki's
    `originalStockKind`), else the one its fields and fronts are shaped as.
    Older Anki and genanki write no stock kind; their Basic is `{{Front}}`,
    their reversed card `{{Front}}` then `{{Back}}`, their optional reverse
    `{{Front}}` then `{{#Add Reverse}}{{Back}}{{/Add Reverse}}`, whatever the
    note type's and fields' names."""
    if notetype.stock_kind is not None:
        return notetype.stock_kind
    fields = notetype.fields
    fronts = tuple(" ".join(front.split()) for front in notetype.question_templates)
    if notetype.is_cloze or len(fields) < _FIELDS_USED:
        return None
    first, second = (f"{{{{{name}}}}}" for name in fields[:_FIELDS_USED])
    if fronts == (first,):
        return StockKind.BASIC
    if fronts == (first, second):
        return StockKind.BASIC_AND_REVERSED
    if len(fields) > _ADD_REVERSE_FIELD:
        add = fields[_ADD_REVERSE_FIELD]
        if fronts == (first, f"{{{{#{add}}}}}{second}{{{{/{add}}}}}"):
            return StockKind.BASIC_OPTIONAL_REVERSED
    return None


def kind_of(notetype: AnkiNotetype, note: AnkiNote) -> CardKind | None:
    """The kind of entry a note of this type makes; None for a type endoquiz
    reads only as a basic card from its first two fields."""
    if notetype.is_cloze:
        return CardKind.CLOZE
    stock = stock_shape(notetype)
    if stock is StockKind.BASIC:
        return CardKind.BASIC
    if stock is StockKind.BASIC_AND_REVERSED:
        return CardKind.REVERSE
    if stock is StockKind.BASIC_OPTIONAL_REVERSED:
        filled = len(note.fields) > _ADD_REVERSE_FIELD and note.fields[_ADD_REVERSE_FIELD].strip()
        return CardKind.REVERSE if filled else CardKind.BASIC
    if stock is StockKind.BASIC_TYPING or (
        stock is None
        and len(notetype.question_templates) == 1
        and _TYPED_ANSWER.search(notetype.question_templates[0])
    ):
        return CardKind.TYPED
    return None


def convert_notes(collection: AnkiCollection, media: Iterable[str] = ()) -> ConvertedNotes:
    """Every note of the collection as an entry of the endoquiz deck made
    from the Anki deck of its first card, its fields' HTML as Markdown
    (`field_html`); `media` names the package's media files, which the
    cards may show. Notes that cannot make a card (an empty question or
    answer) are left out and counted; a note type endoquiz does not have is
    read as a basic card from its first two fields, and counted by name."""
    changes: Counter[str] = Counter()
    rename = _MediaNames(media)
    notetypes = {notetype.id: notetype for notetype in collection.notetypes}
    cards_of: dict[int, list[AnkiCard]] = defaultdict(list)
    for card in collection.cards:
        cards_of[card.note_id].append(card)
    ids = deck_ids(collection.decks)
    names = {deck.id: deck.name for deck in collection.decks}
    entries: dict[str, list[dict[str, Any]]] = defaultdict(list)
    deck_media: dict[str, set[str]] = defaultdict(set)
    card_keys: dict[int, tuple[str, str]] = {}
    seen: set[str] = set()
    for note in collection.notes:
        if note.guid in seen:
            # Two notes of one GUID would make two entries of one id: the
            # deck would be refused. Anki's importer keeps one too.
            changes["notes whose GUID another note has: left out"] += 1
            continue
        seen.add(note.guid)
        cards = sorted(cards_of.get(note.id, []), key=lambda card: card.ordinal)
        notetype = notetypes.get(note.notetype_id)
        if not cards or notetype is None:
            changes["notes without a card or a note type: left out"] += 1
            continue
        kind = kind_of(notetype, note)
        if kind is None:
            changes[f"notes of the note type {notetype.name!r}: read as basic cards"] += 1
            kind = CardKind.BASIC
        rename.used.clear()
        entry = _entry(note, kind, rename, changes)
        used = _FIELDS_USED
        if stock_shape(notetype) is StockKind.BASIC_OPTIONAL_REVERSED:
            used += 1  # "Add Reverse" says only whether to make the reverse
        if entry is not None and any(text.strip() for text in note.fields[used:]):
            changes[f"fields of {notetype.name!r} notes beyond the first {used}: left out"] += 1
        if entry is None:
            continue
        homes = {card.original_deck_id or card.deck_id for card in cards}
        home = cards[0].original_deck_id or cards[0].deck_id
        if len(homes) > 1:
            changes["notes with cards in several decks: put in the deck of their first card"] += 1
        deck = ids[home]
        entries[deck].append(entry)
        deck_media[deck].update(rename.used)
        for card in cards:
            made = card_id(entry["id"], kind, card.ordinal)
            if made is None:
                changes["cards of templates endoquiz does not make: left out"] += 1
            else:
                card_keys[card.id] = (deck, made)
    by_id = {deck_id: deck for deck, deck_id in ids.items()}
    decks = tuple(
        DeckDocument(
            names[by_id[deck]],
            {
                "endoquiz": 1,
                "id": deck,
                "title": names[by_id[deck]].rpartition("::")[2],
                "cards": entries[deck],
            },
            tuple(sorted(deck_media[deck])),
        )
        for deck in sorted(entries)
    )
    return ConvertedNotes(decks, card_keys, rename.chosen, changes)


def _entry(
    note: AnkiNote, kind: CardKind, rename: _MediaNames, changes: Counter[str]
) -> dict[str, Any] | None:
    """The deck entry of one note, None (counted) when it cannot make a card."""
    try:
        converted = [field_markdown(text, rename) for text in note.fields[:2]]
    except FieldTooLargeError:
        changes["notes with a field too large to convert: left out"] += 1
        return None
    lost: Counter[str] = Counter()
    for conversion in converted:
        lost.update({f"{what}: dropped": n for what, n in conversion.dropped.items()})
        lost.update({f"{what}: not rendered": n for what, n in conversion.not_rendered.items()})
    texts = [conversion.markdown for conversion in converted]
    if kind is CardKind.TYPED and len(note.fields) > 1:
        # A typed answer is compared as typed: plain text, nothing escaped.
        texts[1] = field_text(note.fields[1])
    # Control characters a deck may not hold (a field pasted from a
    # terminal) are dropped, as Anki's own display ignores them.
    fields = [CONTROL_CHARACTER.sub("", text).strip() for text in texts]
    if any(len(text) > MAX_TEXT_CHARS for text in fields[:2]):
        changes[f"notes with a field over {MAX_TEXT_CHARS:,} characters: left out"] += 1
        return None
    first = fields[0] if fields else ""
    second = fields[1] if len(fields) > 1 else ""
    entry: dict[str, Any] = {"id": entry_id(note.guid), "kind": kind.value}
    if kind is CardKind.CLOZE:
        if not first or cloze_problems(first):
            changes["cloze notes without a deletion endoquiz reads: left out"] += 1
            return None
        entry["text"] = first
        if second:
            entry["extra"] = second
    else:
        if not first or not second:
            changes["notes with an empty question or answer: left out"] += 1
            return None
        entry["front"] = first
        entry["answer" if kind is CardKind.TYPED else "back"] = second
    changes.update(lost)
    tags = [_NOT_IN_A_TAG.sub("_", tag) for tag in note.tags if tag]
    if tags:
        entry["tags"] = tags
    return entry
