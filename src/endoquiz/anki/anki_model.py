"""What endoquiz reads of an Anki collection: plain records, as Anki stores them."""

from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum

__all__ = [
    "AnkiCard",
    "AnkiCollection",
    "AnkiDeck",
    "AnkiNote",
    "AnkiNotetype",
    "AnkiReview",
    "StockKind",
]


class StockKind(IntEnum):
    """The stock note type a note type was made from (Anki's `StockNotetype.Kind`).

    A note type's config keeps it as `original_stock_kind`, an
    `OriginalStockKind` whose values are these plus one (0 is "unknown")."""

    BASIC = 0
    BASIC_AND_REVERSED = 1
    BASIC_OPTIONAL_REVERSED = 2
    BASIC_TYPING = 3
    CLOZE = 4
    IMAGE_OCCLUSION = 5


@dataclass(frozen=True, slots=True)
class AnkiDeck:
    """A deck; `name` is Anki's full name, its levels joined by "::"."""

    id: int
    name: str


@dataclass(frozen=True, slots=True)
class AnkiNotetype:
    """A note type: its fields and card templates in order (ordinal = index).

    Attributes:
        is_cloze: a cloze note type (one card per cloze number, not per template).
        stock_kind: the stock type it was made from, when the collection says so
            (None for a type made from scratch or by an older Anki).
        question_templates: each template's front (`qfmt`), to tell a typed
            answer (`{{type:Field}}`) or an optional reverse (a conditional
            `{{#Field}}`) from the structure when `stock_kind` is None.
        css: the type's styling, which endoquiz cannot carry.
    """

    id: int
    name: str
    is_cloze: bool
    stock_kind: StockKind | None
    fields: tuple[str, ...]
    templates: tuple[str, ...]
    question_templates: tuple[str, ...]
    css: str


@dataclass(frozen=True, slots=True)
class AnkiNote:
    """A note: its fields' HTML in the note type's order, and its tags
    (hierarchical ones as Anki writes them, "a::b")."""

    id: int
    guid: str
    notetype_id: int
    fields: tuple[str, ...]
    tags: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class AnkiCard:
    """A card, its columns as Anki stores them.

    Attributes:
        ordinal: the template's index, or the cloze number less one.
        type: 0 new, 1 learning, 2 review, 3 relearning.
        queue: -3 and -2 buried, -1 suspended, 0 new, 1 learning, 2 review,
            3 day-learning, 4 preview.
        due: a new card's position; a review card's day number (days since
            the collection's creation); a learning card's time, in seconds
            since the epoch.
        interval: days (negative: seconds, for a learning card).
        flags: Anki's flag, 0 for none, 1 to 7 (red ... purple).
        stability, difficulty: FSRS's memory state when the collection holds
            one (difficulty on FSRS's 1-10 scale), else None.
        original_deck_id: the home deck of a card in a filtered deck, else 0.
        original_due: its due in the home deck, for a card in a filtered deck.
        steps_left: for a card in learning or relearning, how many of its
            steps are left (Anki's `left` modulo 1000; the thousands count
            those left today, in Anki's older schedulers).
    """

    id: int
    note_id: int
    deck_id: int
    ordinal: int
    type: int
    queue: int
    due: int
    interval: int
    ease_factor: int
    reps: int
    lapses: int
    flags: int
    stability: float | None
    difficulty: float | None
    original_deck_id: int
    original_due: int
    steps_left: int = 0


@dataclass(frozen=True, slots=True)
class AnkiReview:
    """An entry of the review log.

    Attributes:
        id: when it was given, milliseconds since the epoch.
        ease: the button, 1 (Again) to 4 (Easy); 0 for a manual reschedule.
        kind: 0 learning, 1 review, 2 relearning, 3 filtered (cram), 4 manual,
            5 rescheduled.
        duration_ms: how long the answer took.
    """

    id: int
    card_id: int
    ease: int
    interval: int
    last_interval: int
    factor: int
    duration_ms: int
    kind: int


@dataclass(frozen=True, slots=True)
class AnkiCollection:
    """Everything endoquiz reads of a collection. `created_s` is the
    collection's creation time (seconds since the epoch), from which a review
    card's day number counts; `schema` its SQLite schema version (11 for the
    legacy format, 18 for Anki 2.1.50 and later)."""

    schema: int
    created_s: int
    decks: tuple[AnkiDeck, ...]
    notetypes: tuple[AnkiNotetype, ...]
    notes: tuple[AnkiNote, ...]
    cards: tuple[AnkiCard, ...]
    reviews: tuple[AnkiReview, ...]
