"""The card builder's order: sections in article order, each source in turn, then the glossary."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from endoquiz.generator.article_metadata import load_metadata
from endoquiz.generator.article_model import Article, DefinitionItem
from endoquiz.generator.article_parser import parse_article
from endoquiz.generator.card_builder import build_decks, section_cards
from endoquiz.generator.cards.article_text import ArticleText
from endoquiz.generator.cards.card_ids import CardIds

THYROID = Path(__file__).resolve().parents[1] / "data" / "articles" / "thyroid_function.txt"


def thyroid() -> Article:
    return parse_article(THYROID, load_metadata(THYROID))


def test_an_article_gets_a_deck_per_section_and_a_glossary() -> None:
    result = build_decks(thyroid())

    assert [deck.name for deck in result.decks] == [
        "fundamentals",
        "intermediate",
        "academic",
        "glossary",
    ]
    assert result.decks[0].title == "Thyroid Function and Metabolic Rate: Fundamentals"
    assert result.decks[3].title == "Thyroid Function and Metabolic Rate: Glossary"
    assert [d.term for d in result.glossary][:2] == ["thyroid gland", "step toward reclaiming your"]


def test_a_section_deck_follows_the_article_line_by_line() -> None:
    fundamentals = build_decks(thyroid()).decks[0]

    lines = [card.line for card in fundamentals.cards]
    assert lines == sorted(lines)
    # The thyroid gland's own sentence asks nothing but the topic: no card;
    # the question's answer holds the TRH -> TSH -> T4/T3 steps.
    assert [card.id for card in fundamentals.cards][:3] == [
        "cloze-thyroxine-ac9970",
        "question-how-does-the-body-control-thyroid-hormone-levels",
        "term-fatigue",
    ]


def test_a_section_s_sources_run_bullets_tables_questions_then_clozes() -> None:
    cards = section_cards(ArticleText.of(thyroid()), "Intermediate", CardIds())

    kinds = [card.id.split("-", 1)[0] for card in cards]
    assert kinds == sorted(kinds, key=["which", "table", "question", "cloze"].index)
    assert kinds[0] == "table" and kinds[-1] == "cloze"


def test_one_id_is_never_given_twice_across_the_article_s_decks() -> None:
    article = thyroid()
    # The same term listed again in a later section asks the same question again.
    again = DefinitionItem(
        "Academic", None, "Palpitations", "A heartbeat felt in the chest.", None, 99, 70
    )
    article = dataclasses.replace(article, definitions=[*article.definitions, again])

    result = build_decks(article)

    ids = [card.id for deck in result.decks for card in deck.cards]
    assert len(ids) == len(set(ids))
    academic = next(deck for deck in result.decks if deck.name == "academic")
    assert "which-palpitations-2" in [card.id for card in academic.cards]
