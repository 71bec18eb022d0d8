"""What a loaded deck is: its metadata and the study cards its entries yield."""

from __future__ import annotations

import json
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import Any

__all__ = [
    "Card",
    "CardKind",
    "CardSource",
    "Deck",
    "DeckSource",
    "Rename",
    "card_content",
    "card_from_json",
    "card_to_json",
    "content_json",
    "read_stored_card",
    "stored_card_usable",
]


class CardKind(StrEnum):
    """The kinds of entry a deck may hold."""

    BASIC = "basic"
    REVERSE = "reverse"
    CLOZE = "cloze"
    CHOICE = "choice"
    TYPED = "typed"


@dataclass(frozen=True, slots=True)
class CardSource:
    """Where a card's content comes from: article, section and the quoted text."""

    article: str | None = None
    section: str | None = None
    quote: str | None = None


@dataclass(frozen=True, slots=True)
class DeckSource:
    """The work a deck is drawn from."""

    title: str
    author: str | None = None
    url: str | None = None
    published: str | None = None


@dataclass(frozen=True, slots=True)
class Card:
    """One studied card. An entry of a deck yields one card, or several for
    `reverse` (two) and `cloze` (one per deletion number).

    Attributes:
        deck_id: the deck the card belongs to.
        id: unique in the deck; progress is keyed by (deck_id, id). An entry's
            first card has the entry's id; a reverse entry's second card is
            `<id>:reverse`, and cloze cards are `<id>:c1`, `<id>:c2`, ...
        note_id: the entry's id, shared by siblings (cards of one entry).
        kind: the kind of the entry.
        position: order of the card in its deck, for new-card order.
        front: Markdown shown as the question (a cloze with its deletion hidden).
        back: Markdown shown as the answer.
        answer: the expected answer for choice, typed and cloze cards.
        accept: other answers a typed card accepts.
        choices: the options of a choice card, in deck order.
        distractors: the entry's own wrong answers, offered first when a
            quiz asks the card as multiple choice (not for a reverse
            entry's back-to-front card, whose answer is another text).
        deck_distractors: the deck's `distractors:` of the same shape as
            the card's answer (see `answer_shapes`), offered next.
        explanation: Markdown shown after answering, if any.
        image: absolute path of the card's image, inside the deck folder.
        tags: the entry's tags followed by the deck's.
        source: where the content comes from.
        line: line of the entry in the deck file.
    """

    deck_id: str
    id: str
    note_id: str
    kind: CardKind
    position: int
    front: str
    back: str
    answer: str | None = None
    accept: tuple[str, ...] = ()
    choices: tuple[str, ...] = ()
    distractors: tuple[str, ...] = ()
    deck_distractors: tuple[str, ...] = ()
    explanation: str | None = None
    image: Path | None = None
    tags: tuple[str, ...] = ()
    source: CardSource | None = None
    line: int = 0


@dataclass(frozen=True, slots=True)
class Rename:
    """An entry's `renamed_from:` item: the entry now `new_id` was `old_id`,
    whose progress it takes over (see `library.card_renames`); `line` and
    `column` are where the old id is written."""

    new_id: str
    old_id: str
    line: int = 0
    column: int = 0


@dataclass(frozen=True, slots=True)
class Deck:
    """A valid deck file, loaded.

    Attributes:
        id: stable deck id, slug segments joined by '/' (the hierarchy).
        title: shown to learners.
        path: the deck file.
        content_hash: SHA-256 of the file's bytes, to notice edits.
        cards: every study card, in deck order.
        order: place among sibling decks (lower first); None sorts after,
            by id.
        renames: every entry's `renamed_from:` ids, in file order.
        distractors: the deck's `distractors:`, wrong answers for the cards
            whose answers have their shape (see `Card.deck_distractors`).
    """

    id: str
    title: str
    path: Path
    content_hash: str
    cards: tuple[Card, ...]
    description: str | None = None
    tags: tuple[str, ...] = ()
    source: DeckSource | None = None
    disclaimer: str | None = None
    order: int | None = None
    renames: tuple[Rename, ...] = ()
    distractors: tuple[str, ...] = ()

    @property
    def parent_id(self) -> str | None:
        head, _, _ = self.id.rpartition("/")
        return head or None


def card_content(card: Card) -> dict[str, Any]:
    """What the progress store keeps of a card, as JSON values: sessions then
    need not parse an unchanged deck file. Ids and position are stored apart.
    Distractors only when a card has some: most have none, and text stored
    before they existed reads the same."""
    content: dict[str, Any] = {
        "kind": card.kind.value,
        "front": card.front,
        "back": card.back,
        "answer": card.answer,
        "accept": list(card.accept),
        "choices": list(card.choices),
        "explanation": card.explanation,
        "image": str(card.image) if card.image is not None else None,
        "tags": list(card.tags),
        "source": [card.source.article, card.source.section, card.source.quote]
        if card.source is not None
        else None,
        "line": card.line,
    }
    if card.distractors:
        content["distractors"] = list(card.distractors)
    if card.deck_distractors:
        content["deck_distractors"] = list(card.deck_distractors)
    return content


# One encoder for every card: `json.dumps` with options builds a new one a call.
_CONTENT_ENCODER = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"))


def content_json(content: dict[str, Any]) -> str:
    """`card_content` as the JSON text stored."""
    return _CONTENT_ENCODER.encode(content)


def card_to_json(card: Card) -> str:
    """A card's content as the JSON text the progress store keeps."""
    return content_json(card_content(card))


def card_from_json(deck_id: str, card_id: str, note_id: str, position: int, text: str) -> Card:
    """The card `card_to_json` stored.

    Raises:
        ValueError, KeyError, TypeError: for text that is not such a card
            (see `stored_card_usable`).
    """
    content = json.loads(text)
    source = content["source"]
    return Card(
        deck_id=deck_id,
        id=card_id,
        note_id=note_id,
        kind=CardKind(content["kind"]),
        position=position,
        front=content["front"],
        back=content["back"],
        answer=content["answer"],
        accept=tuple(content["accept"]),
        choices=tuple(content["choices"]),
        distractors=tuple(content.get("distractors", ())),
        deck_distractors=tuple(content.get("deck_distractors", ())),
        explanation=content["explanation"],
        image=Path(content["image"]) if content["image"] is not None else None,
        tags=tuple(content["tags"]),
        source=CardSource(*source) if source is not None else None,
        line=content["line"],
    )


def read_stored_card(
    deck_id: str, card_id: str, note_id: str, position: int, text: object
) -> Card | None:
    """The card `card_to_json` stored, or None for text that is not one:
    stored text that damage on disk changed (a flipped quote, brace or
    letter), which the caller reads again from the deck file."""
    if not isinstance(text, str):
        return None
    try:
        card = card_from_json(deck_id, card_id, note_id, position, text)
    except (ValueError, KeyError, TypeError, IndexError, AttributeError):
        return None
    texts = (
        card.front,
        card.back,
        *card.accept,
        *card.choices,
        *card.distractors,
        *card.deck_distractors,
        *card.tags,
    )
    optional = (card.answer, card.explanation)
    usable = (
        all(isinstance(value, str) for value in texts)
        and all(value is None or isinstance(value, str) for value in optional)
        and isinstance(card.line, int)
    )
    return card if usable else None


def stored_card_usable(text: object) -> bool:
    """Whether `text` is a card `card_to_json` stored (see `read_stored_card`)."""
    return read_stored_card("", "", "", 0, text) is not None
