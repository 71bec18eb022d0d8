"""A card draft as the deck entry it becomes."""

from __future__ import annotations

from endoquiz.generator.cards.article_text import ArticleText
from endoquiz.generator.cards.card_ids import CardIds
from endoquiz.generator.cards.glossary import term_card
from endoquiz.generator.cards.sections import cloze_cards

TITLE = "Thyroid Function and Metabolic Rate"


def test_a_basic_entry_names_no_kind_and_quotes_its_section(thyroid: ArticleText) -> None:
    card, _ = term_card(thyroid, "levothyroxine", 80, CardIds())
    assert card is not None

    assert card.to_entry(TITLE) == {
        "id": "term-levothyroxine",
        "front": "What is **levothyroxine**?",
        "back": "Levothyroxine, a synthetic form of T4",
        "source": {
            "article": TITLE,
            "section": "Intermediate › Hypothyroidism and Hyperthyroidism",
            "quote": "Levothyroxine, a synthetic form of T4",
        },
    }


def test_an_entry_under_no_heading_names_its_section_alone(thyroid: ArticleText) -> None:
    cloze = cloze_cards(thyroid, "Fundamentals", CardIds())[0]

    entry = cloze.to_entry(TITLE)

    assert list(entry) == ["id", "kind", "text", "source"]
    assert entry["kind"] == "cloze"
    assert entry["source"]["section"] == "Fundamentals"
