"""The endoquiz ids Anki's decks, notes and cards take: stable, so that importing again updates."""

from __future__ import annotations

import base64
import binascii
import re
import unicodedata
from collections.abc import Iterable

from endoquiz.anki.anki_model import AnkiDeck
from endoquiz.decks.deck_format import CARD_ID, DECK_ID, MAX_ID_LENGTH
from endoquiz.decks.deck_model import CardKind

__all__ = [
    "ENTRY_PREFIX",
    "MAX_DECK_LEVELS",
    "card_id",
    "deck_ids",
    "entry_id",
    "guid_of",
    "nesting_parent",
]

# An entry made from an Anki note: its id is this, then the note's GUID in
# base32 (lower case, no padding), which an id may hold and which gives the
# GUID back on export (Anki then updates the same note).
ENTRY_PREFIX = "anki-"
# A deck file refuses an id over MAX_ID_LENGTH (120) characters: at most
# four levels of at most 24 characters nest (99 with the slashes), leaving
# room for a "-2" told apart. Shared decks nest deeper and longer ("AnKing
# Step Deck::#AK_Step1_v12::#B&B::01_Biochem::03_Vitamins").
MAX_DECK_LEVELS = 4
_LEVEL_LENGTH = 24
_NOT_SLUG = re.compile(r"[^a-z0-9]+")


def entry_id(guid: str) -> str:
    """The id of the entry a note of this GUID becomes.

    Raises:
        ValueError: for a GUID too long to make an id of (Anki's are 10
            characters; an id holds 120).
    """
    encoded = base64.b32encode(guid.encode("utf-8")).decode("ascii").rstrip("=").lower()
    entry = f"{ENTRY_PREFIX}{encoded}"
    if not guid or len(entry) > MAX_ID_LENGTH:
        raise ValueError(f"a note's GUID of {len(guid)} characters cannot make an id")
    return entry


def guid_of(entry: str) -> str | None:
    """The GUID an entry id made by `entry_id` holds, None for any other id."""
    if not entry.startswith(ENTRY_PREFIX):
        return None
    encoded = entry[len(ENTRY_PREFIX) :].upper()
    if not encoded:
        return None
    try:
        return base64.b32decode(encoded + "=" * (-len(encoded) % 8)).decode("utf-8")
    except (binascii.Error, UnicodeDecodeError):
        return None


def card_id(entry: str, kind: CardKind, ordinal: int) -> str | None:
    """The id of the card an entry of this kind makes for Anki's card of this
    ordinal (its template's index, or its cloze number less one), as the
    progress store keys it; None where the kind makes no such card (a basic
    entry has no second card)."""
    if kind is CardKind.CLOZE:
        return f"{entry}:c{ordinal + 1}"
    if ordinal == 0:
        return entry
    if kind is CardKind.REVERSE and ordinal == 1:
        return f"{entry}:reverse"
    return None


def deck_ids(decks: Iterable[AnkiDeck]) -> dict[int, str]:
    """The endoquiz deck id of each Anki deck, by Anki's deck id: its levels
    ("Biology::Cells") as a path of lower-case slugs ("biology/cells"), each
    deck below its parent's id, at most MAX_DECK_LEVELS deep (deeper levels
    are read as one: "A::B::C::D::E" is "a/b/c/d-e"). Names that make the same id (case, accents,
    punctuation) get "-2", "-3"... in the order of Anki's deck ids; a level
    with no letter or digit in it becomes "deck-" and the Anki deck's id.
    The same names give the same ids: importing again updates those decks."""
    by_name = {deck.name: deck for deck in decks}
    chosen: dict[int, str] = {}
    used: set[str] = set()
    # The next number to try after each base: thousands of names making one
    # id (a hostile file's) are told apart in linear time.
    next_number: dict[str, int] = {}
    for deck in sorted(by_name.values(), key=lambda deck: (deck.name.count("::"), deck.id)):
        parent_name = nesting_parent(deck.name)
        level = deck.name[len(parent_name) + 2 :] if parent_name else deck.name
        parent = by_name.get(parent_name)
        prefix = f"{chosen[parent.id]}/" if parent is not None else ""
        if parent is None and parent_name:
            # A deck whose parent the collection lacks (Anki always has it;
            # a hand-made file may not): its levels are joined as one.
            level = deck.name
        base = f"{prefix}{_slug(level) or f'deck-{deck.id}'}"
        candidate, number = base, next_number.get(base, 1)
        if number > 1:
            candidate = f"{base}-{number}"
        while candidate in used:
            number += 1
            candidate = f"{base}-{number}"
        next_number[base] = number + 1
        if not DECK_ID.match(candidate):
            raise ValueError(f"the Anki deck '{deck.name}' makes no valid deck id")
        chosen[deck.id] = candidate
        used.add(candidate)
    return chosen


def nesting_parent(name: str) -> str:
    """The full name of the Anki deck under whose id a deck of this name
    nests ("" for a top deck): its parent's, or, for a deck deeper than
    MAX_DECK_LEVELS, its ancestor's at MAX_DECK_LEVELS - 1 levels, its
    deeper levels then making one level of the id."""
    levels = name.split("::", MAX_DECK_LEVELS - 1)
    if len(levels) < MAX_DECK_LEVELS:
        return name.rpartition("::")[0]
    return "::".join(levels[:-1])


def _slug(text: str) -> str:
    """Lower-case letters and digits of `text` (accents dropped), runs of
    anything else one hyphen, at most `_LEVEL_LENGTH` characters."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    slug = _NOT_SLUG.sub("-", ascii_text.lower()).strip("-")[:_LEVEL_LENGTH].rstrip("-")
    return slug if CARD_ID.match(slug) else ""
