"""The deck format, version 1: its keys, the shape of ids and tags, and the limits on a deck."""

from __future__ import annotations

import re

from endoquiz.decks.deck_model import CardKind

__all__ = [
    "CARD_ID",
    "CARD_SOURCE_KEYS",
    "COMMON_CARD_KEYS",
    "CONTROL_CHARACTER",
    "DECK_ID",
    "DECK_KEYS",
    "DECK_SOURCE_KEYS",
    "FORMAT_VERSION",
    "KIND_KEYS",
    "MAX_ID_LENGTH",
    "MAX_ORDER",
    "MAX_TEXT_CHARS",
    "STORED_CARD_ID",
    "TAG",
]

FORMAT_VERSION = 1

_SLUG = r"[a-z0-9][a-z0-9._-]*"
DECK_ID = re.compile(rf"{_SLUG}(/{_SLUG})*\Z")
CARD_ID = re.compile(rf"{_SLUG}\Z")
# The id of a card as the progress store keys it: its entry's id, then, for
# the cards an entry makes beyond one, `:reverse` or its cloze number (`:c2`).
# The first group is the entry's id, whose length MAX_ID_LENGTH bounds.
STORED_CARD_ID = re.compile(rf"({_SLUG})(:reverse|:c[0-9]+)?\Z")
TAG = re.compile(r"[^\s,]+\Z")
MAX_ID_LENGTH = 120
# About 3,000 words: more than any card needs, and Qt lays out a paragraph
# of this length in milliseconds, where one of a megabyte (a single line)
# froze the window for a minute or more.
MAX_TEXT_CHARS = 20_000
# Control characters other than tab and line break: only a double-quoted
# escape ("\e", "\r", "\0") can put one in a text. None has a use on a card,
# and printed by `endoquiz cards` an escape or carriage return would rewrite
# the learner's terminal.
CONTROL_CHARACTER = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")

DECK_KEYS = (
    "endoquiz",
    "id",
    "title",
    "description",
    "tags",
    "source",
    "disclaimer",
    "order",
    "distractors",
    "cards",
)
MAX_ORDER = 1_000_000
DECK_SOURCE_KEYS = ("title", "author", "url", "published")
CARD_SOURCE_KEYS = ("article", "section", "quote")
COMMON_CARD_KEYS = ("id", "kind", "tags", "source", "image", "renamed_from")
# Per kind: (required keys, optional keys) beyond the common ones.
KIND_KEYS: dict[CardKind, tuple[tuple[str, ...], tuple[str, ...]]] = {
    CardKind.BASIC: (("front", "back"), ("distractors",)),
    CardKind.REVERSE: (("front", "back"), ("distractors",)),
    CardKind.CLOZE: (("text",), ("extra", "distractors")),
    CardKind.CHOICE: (("question", "choices", "answer"), ("explanation",)),
    CardKind.TYPED: (("front", "answer"), ("accept", "explanation", "distractors")),
}
