"""The glossary deck: term -> definition cards, fragments as clozes, and abbreviations."""

from __future__ import annotations

from dataclasses import dataclass

from endoquiz import CardKind
from endoquiz.generator.article_model import GlossaryEntry
from endoquiz.generator.cards.article_text import STOPWORDS, ArticleText, studyable
from endoquiz.generator.cards.bullets import bullet_term_card, short_forms
from endoquiz.generator.cards.card_ids import CardIds, sentence_card_id
from endoquiz.generator.cards.drafts import CardDraft, GlossaryAction, GlossaryDecision
from endoquiz.generator.cards.fact_spans import cloze_text
from endoquiz.generator.cards.tables import numbered_rows, row_term_card
from endoquiz.generator.glossary_terms import classify_term, defining_sentences, find_term
from endoquiz.generator.text_cleanup import slugify, starts_dangling, words

__all__ = [
    "GlossaryCards",
    "abbreviation_cards",
    "author_definition_card",
    "entry_card",
    "fragment_cloze",
    "glossary_cards",
    "key_term_cards",
    "listed_definition",
    "term_card",
]

# A sentence scoring this much defines its term ("termed X", "X is a ...").
_DEFINES = 10


@dataclass(frozen=True, slots=True)
class GlossaryCards:
    """The glossary deck's cards, and what became of each glossary entry."""

    cards: list[CardDraft]
    decisions: list[GlossaryDecision]


def glossary_cards(text: ArticleText, skip_terms: frozenset[str], ids: CardIds) -> GlossaryCards:
    """A card for each entry of the article's Glossary (a definition for a
    term, a cloze for a fragment), then for the terms its lists and tables
    define that the Glossary lacks, then for each abbreviation."""
    cards: list[CardDraft] = []
    decisions: list[GlossaryDecision] = []
    seen: set[str] = set()
    # Terms the lists and tables must not card again: those carded here and
    # those the metadata leaves out. An entry dropped here keeps its bullet's card.
    done: set[str] = set()
    for entry in text.article.glossary:
        key = entry.term.casefold()
        if key in seen:
            decisions.append(
                GlossaryDecision(entry.term, GlossaryAction.DROPPED, "repeats an earlier entry")
            )
            continue
        seen.add(key)
        if key in skip_terms:
            done.add(key)
            decisions.append(
                GlossaryDecision(
                    entry.term,
                    GlossaryAction.DROPPED,
                    "listed in skip_terms of the metadata file",
                )
            )
            continue
        card, decision = entry_card(text, entry, ids)
        decisions.append(decision)
        if card is not None:
            done.add(key)
            cards.append(card)
    cards += key_term_cards(text, done, ids)
    cards += abbreviation_cards(text, ids)
    return GlossaryCards(cards, decisions)


def entry_card(
    text: ArticleText, entry: GlossaryEntry, ids: CardIds
) -> tuple[CardDraft | None, GlossaryDecision]:
    """The card of one glossary entry (the author's definition, else a
    definition from the text for a term, a cloze for a fragment), if the
    article allows one, and the decision to report."""
    term, line = entry.term, entry.line
    if entry.definition is not None:
        return author_definition_card(entry, ids), GlossaryDecision(
            term, GlossaryAction.DEFINITION, "a term, with the author's definition"
        )
    fragment = classify_term(term, text.body_text)
    if fragment is None:
        card = term_card(text, term, line, ids)
        if card is None:
            return None, GlossaryDecision(
                term, GlossaryAction.DROPPED, "no sentence of the article explains it"
            )
        return card, GlossaryDecision(
            term, GlossaryAction.DEFINITION, "a term, explained by the article"
        )
    cloze = fragment_cloze(text, term, line, ids)
    if cloze is None:
        reason = (
            f"a sentence fragment ({fragment}), and no sentence that holds it can stand on its own"
        )
        return None, GlossaryDecision(term, GlossaryAction.DROPPED, reason)
    return cloze, GlossaryDecision(term, GlossaryAction.CLOZE, f"a sentence fragment ({fragment})")


def author_definition_card(entry: GlossaryEntry, ids: CardIds) -> CardDraft:
    """A term with the definition its Glossary entry gives, quoted from there."""
    assert entry.definition is not None
    card_id = ids.claim(f"term-{slugify(entry.term)}")
    fields = {"front": f"What is **{entry.term}**?", "back": entry.definition}
    quote = f"{entry.term}: {entry.definition}"
    return CardDraft(card_id, CardKind.BASIC, fields, "Glossary", None, quote, entry.line)


def term_card(text: ArticleText, term: str, line: int, ids: CardIds) -> CardDraft | None:
    """A term's definition from its list or table row, or else the sentence
    that best explains it (with the one before when it points back); None
    when no sentence can."""
    listed = listed_definition(text, term, ids)
    if listed is not None:
        return listed
    ranked = defining_sentences(term, list(text.sentences))
    # Below zero means every sentence addresses the reader or leans on another.
    if not ranked or ranked[0][0] < 0:
        return None
    score, sentence = ranked[0]
    answer = sentence.text
    if starts_dangling(answer):
        if sentence.previous is None or starts_dangling(sentence.previous):
            return None
        answer = f"{sentence.previous} {answer}"
    # "What is X?" only where the sentence defines X; otherwise ask honestly.
    question = (
        f"What is **{term}**?"
        if score >= _DEFINES
        else f"What does the article say about **{term}**?"
    )
    card_id = ids.claim(f"term-{slugify(term)}")
    fields = {"front": question, "back": answer}
    return CardDraft(
        card_id, CardKind.BASIC, fields, sentence.section, sentence.heading, answer, line
    )


def listed_definition(text: ArticleText, term: str, ids: CardIds) -> CardDraft | None:
    """A card for a term the article defines in a list (by its term or a
    short form) or names in a table's first column."""
    for item in text.article.definitions:
        if item.term.casefold() == term.casefold() or term.casefold() in (
            f.casefold() for f in short_forms(item.term)
        ):
            return bullet_term_card(item, ids)
    for table in text.article.tables:
        for row, row_line in numbered_rows(table):
            if row[0].casefold() == term.casefold():
                card = row_term_card(table, row, row_line, ids)
                if card is not None:
                    return card
    return None


def key_term_cards(text: ArticleText, done: set[str], ids: CardIds) -> list[CardDraft]:
    """Cards for the terms the article's lists and tables define, unless
    `done` (the glossary's terms, casefolded) holds them; adds them to it."""
    cards = []
    for item in text.article.definitions:
        if item.term.casefold() not in done:
            done.add(item.term.casefold())
            cards.append(bullet_term_card(item, ids))
    for table in text.article.tables:
        for row, row_line in numbered_rows(table):
            if row[0].casefold() in done:
                continue
            card = row_term_card(table, row, row_line, ids)
            if card is not None:
                done.add(row[0].casefold())
                cards.append(card)
    return cards


def abbreviation_cards(text: ArticleText, ids: CardIds) -> list[CardDraft]:
    """What each abbreviation stands for, in the order the article spells them out."""
    cards = []
    for abbreviation, (spelled_out, sentence) in sorted(
        text.abbreviations.items(), key=lambda item: text.sentences.index(item[1][1])
    ):
        card_id = ids.claim(f"abbr-{slugify(abbreviation)}")
        fields = {
            "front": f"What does the abbreviation **{abbreviation}** stand for?",
            "back": spelled_out,
        }
        cards.append(
            CardDraft(
                card_id,
                CardKind.BASIC,
                fields,
                sentence.section,
                sentence.heading,
                sentence.text,
                text.line_of(sentence),
            )
        )
    return cards


def _cuts_a_phrase(rest: str) -> bool:
    """Whether a deletion ending where `rest` starts cuts a phrase: a word
    other than a small one follows it ("sets the pace of growth hormone}}
    release"), so the deletion is no unit a learner could recall."""
    following = words(rest[:40])
    return bool(following) and rest[:1] == " " and following[0] not in STOPWORDS


def fragment_cloze(text: ArticleText, fragment: str, line: int, ids: CardIds) -> CardDraft | None:
    """A cloze on a glossary fragment, in the first sentence that holds it and
    stands on its own; None when there is none."""
    for sentence in text.sentences:
        match = find_term(fragment, sentence.text)
        if match is None or not studyable(sentence.text) or starts_dangling(sentence.text):
            continue
        if _cuts_a_phrase(sentence.text[match.end() :]):
            continue
        card_id = ids.claim(sentence_card_id("fragment", fragment, sentence.text))
        fields = {"text": cloze_text(sentence.text, [match.span()])}
        return CardDraft(
            card_id, CardKind.CLOZE, fields, sentence.section, sentence.heading, sentence.text, line
        )
    return None
