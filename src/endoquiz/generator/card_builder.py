"""Turns a parsed article into deck drafts: which card source runs, in which order.

Section decks (one per study section) hold recognition cards for definition
lists, table cards, question-heading cards and clozes on facts; the glossary
deck holds term -> definition cards and abbreviations. The sources live in
`generator/cards/`, one module each; every card quotes the text it comes
from, and nothing is written that the article does not say.
"""

from __future__ import annotations

import re

from endoquiz.generator.article_model import STUDY_SECTIONS, Article
from endoquiz.generator.cards.article_text import ArticleText
from endoquiz.generator.cards.bullets import (
    bullet_cards,
    bullet_fact_cards,
    everyday_term_cards,
)
from endoquiz.generator.cards.card_ids import CardIds
from endoquiz.generator.cards.drafts import (
    ArticleDecks,
    CardDraft,
    DeckDraft,
    GlossaryAction,
    GlossaryDecision,
)
from endoquiz.generator.cards.glossary import Taken, glossary_cards
from endoquiz.generator.cards.repeats import Repeat, RepeatAction, repeated_facts, without_repeats
from endoquiz.generator.cards.sections import cloze_cards, question_cards
from endoquiz.generator.cards.tables import table_cards
from endoquiz.generator.text_cleanup import slugify

__all__ = ["build_decks", "section_cards"]


def build_decks(article: Article, skip_terms: frozenset[str] = frozenset()) -> ArticleDecks:
    """The decks of an article: one per study section that has cards, and a glossary.

    The sources claim card ids in this order (sections in article order, then
    the glossary), so a repeated id gets the same suffix on every run.
    """
    text = ArticleText.of(article)
    ids = CardIds()
    title = article.title
    decks = []
    for section in STUDY_SECTIONS:
        cards = section_cards(text, section, ids)
        if cards:
            decks.append(
                DeckDraft(
                    section.lower(),
                    f"{title}: {section}",
                    f"The {section} section of the article *{title}*, as flashcards: "
                    "key facts, definitions, tables and summaries, each quoted from "
                    "the article.",
                    sorted(cards, key=lambda c: c.line),
                )
            )
    # The glossary repeats no answer a section deck gives.
    section_decks = [card for deck in decks for card in deck.cards]
    glossary = glossary_cards(text, skip_terms, ids, section_decks)
    if glossary.cards:
        decks.append(
            DeckDraft(
                "glossary",
                f"{title}: Glossary",
                f"Key terms of the article *{title}*, each asked where the article "
                "defines or describes it, with the abbreviations it uses.",
                glossary.cards,
            )
        )
    cards = [card for deck in decks for card in deck.cards]
    glossary_ids = frozenset(card.id for card in glossary.cards)
    repeats = repeated_facts(cards, glossary_ids)
    decisions = _glossary_decisions(glossary.decisions, repeats, glossary_ids)
    return ArticleDecks(article, _one_card_per_fact(decks, repeats), decisions)


def _one_card_per_fact(decks: list[DeckDraft], repeats: list[Repeat]) -> list[DeckDraft]:
    """The decks with every card that repeats another card's fact left out
    (or its repeated deletion shown), across sources and decks; a deck left
    empty goes."""
    if not repeats:
        return decks
    result = []
    for deck in decks:
        kept = without_repeats(deck.cards, repeats)
        if kept:
            result.append(DeckDraft(deck.name, deck.title, deck.description, kept))
    return result


def _glossary_decisions(
    decisions: list[GlossaryDecision], repeats: list[Repeat], glossary_ids: frozenset[str]
) -> list[GlossaryDecision]:
    """The glossary's decisions, a term whose card repeated a section card's
    fact now dropped, with why (the report must not list a card that is gone)."""
    dropped = {
        r.card_id: r for r in repeats if r.action is RepeatAction.DROP and r.card_id in glossary_ids
    }
    result = []
    for decision in decisions:
        repeat = next(
            (r for card_id, r in dropped.items() if _card_of_term(card_id, decision.term)),
            None,
        )
        if repeat is not None and decision.action is not GlossaryAction.DROPPED:
            reason = f"repeats {repeat.kept}: {repeat.reason}"
            decision = GlossaryDecision(decision.term, GlossaryAction.DROPPED, reason)
        result.append(decision)
    return result


def _card_of_term(card_id: str, term: str) -> bool:
    """Whether a glossary card id is the term's: `term-<slug>`, maybe with the
    suffix that keeps it unique (`-2`, or the hash of its sentence)."""
    return (
        re.fullmatch(rf"term-{re.escape(slugify(term))}(?:-[0-9a-f]{{6}}|-\d+)?", card_id)
        is not None
    )


def section_cards(text: ArticleText, section: str, ids: CardIds) -> list[CardDraft]:
    """A section's cards, source by source: bullets (and the doses they
    give), tables, question headings, clozes, and what its bullets with
    everyday labels say."""
    cards = bullet_cards(text.article, section, ids)
    cards += bullet_fact_cards(text.article, section, ids)
    for table in text.article.tables:
        if table.section == section:
            cards += table_cards(table, ids, text)
    questions = question_cards(text, section, ids)
    cards += questions
    cards += cloze_cards(text, section, ids)
    # What an everyday bullet says ("Intestine: PTH acts indirectly, through
    # calcitriol ...") may be what a question heading's answer says of it.
    answered = Taken(questions)
    cards += everyday_term_cards(
        text.article,
        section,
        ids,
        restated=lambda term, card: answered.restated_by(term, card) is not None,
    )
    return cards
