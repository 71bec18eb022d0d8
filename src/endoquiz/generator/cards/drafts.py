"""What the card sources make: card and deck drafts, in the deck format's terms."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from endoquiz import CardKind
from endoquiz.generator.article_model import Article

__all__ = [
    "MAX_CHOICES",
    "ArticleDecks",
    "CardDraft",
    "DeckDraft",
    "GlossaryAction",
    "GlossaryDecision",
]

# Choices of a multiple-choice card: the answer and three others.
MAX_CHOICES = 4


@dataclass
class CardDraft:
    """One entry of a generated deck, in the deck format's terms."""

    id: str
    kind: CardKind
    fields: dict[str, Any]
    section: str
    heading: str | None
    quote: str
    line: int

    def to_entry(self, article_title: str) -> dict[str, Any]:
        """The deck entry: id, kind (unless basic), fields, and where it is quoted from."""
        entry: dict[str, Any] = {"id": self.id}
        if self.kind is not CardKind.BASIC:
            entry["kind"] = self.kind.value  # a plain str: the YAML writer knows no enums
        entry.update(self.fields)
        where = self.section if not self.heading else f"{self.section} › {self.heading}"
        entry["source"] = {"article": article_title, "section": where, "quote": self.quote}
        return entry


@dataclass
class DeckDraft:
    """A generated deck before it is written."""

    name: str  # file name without .yaml, also the last part of the deck id
    title: str
    description: str
    cards: list[CardDraft] = field(default_factory=list)


class GlossaryAction(StrEnum):
    """What became of a glossary entry."""

    DEFINITION = "definition"  # a card with what the article says about the term
    CLOZE = "cloze"  # a fragment of a sentence, hidden in that sentence
    DROPPED = "dropped"


@dataclass(frozen=True, slots=True)
class GlossaryDecision:
    """What became of one glossary entry, and why (for the report)."""

    term: str
    action: GlossaryAction
    reason: str


@dataclass
class ArticleDecks:
    """Everything generated from one article."""

    article: Article
    decks: list[DeckDraft]
    glossary: list[GlossaryDecision]
