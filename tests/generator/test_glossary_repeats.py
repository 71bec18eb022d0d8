"""Glossary cards that would ask again what a section card already asks are not made.

Issue 19: a glossary cloze hiding the term of a sentence whose section cloze
hides what the term does, a fragment cloze on a sentence a section cloze
already gaps, and a list item's card restating a question heading's answer.
"""

from __future__ import annotations

from pathlib import Path

from endoquiz.generator.card_lint import plain_cloze
from endoquiz.generator.cards.drafts import ArticleDecks, CardDraft
from endoquiz.generator.deck_generation import read_article

ROOT = Path(__file__).resolve().parents[2]
TEST_ARTICLES = ROOT / "tests" / "data" / "articles"
FIRST = ROOT / "resources" / "articles" / "000_cab833d47e8e67ce.txt"


def deck(decks: ArticleDecks, name: str) -> list[CardDraft]:
    return next((d.cards for d in decks.decks if d.name == name), [])


def section_clozes(decks: ArticleDecks) -> list[str]:
    return [
        str(card.fields["text"])
        for d in decks.decks
        if d.name != "glossary"
        for card in d.cards
        if "text" in card.fields
    ]


def glossary_texts(decks: ArticleDecks) -> list[str]:
    return [
        plain_cloze(str(card.fields["text"]))
        for card in deck(decks, "glossary")
        if "text" in card.fields
    ]


def test_the_term_is_not_hidden_where_a_section_cloze_hides_what_it_does() -> None:
    decks = read_article(TEST_ARTICLES / "vitamin_d_bone.txt")
    sentence = (
        "Calcitriol increases the absorption of calcium and phosphate from the gut, which "
        "supplies the minerals needed to build and maintain bone."
    )

    # "Calcitriol increases the {{absorption ...}}" is asked in Fundamentals:
    # "{{Calcitriol}} increases the absorption ..." asks it the other way round.
    assert any(plain_cloze(text) == sentence for text in section_clozes(decks))
    assert sentence not in glossary_texts(decks)


def test_the_term_is_still_hidden_where_a_section_cloze_hides_something_else() -> None:
    decks = read_article(FIRST)

    # The section cloze hides the dose, far from the term: hiding the
    # term asks which drug, a question of its own.
    assert any(
        text.startswith("{{c1::Testosterone Cypionate}} is typically administered")
        for text in (str(c.fields.get("text")) for c in deck(decks, "glossary"))
    )


def test_a_fragment_is_not_hidden_in_a_sentence_a_section_cloze_gaps() -> None:
    decks = read_article(TEST_ARTICLES / "growth_hormone_axis.txt")

    glossary = glossary_texts(decks)
    # "insulin is given to {{lower blood glucose}}" beside the section's
    # "sampled every {{15-30 minutes}}": the same sentence read twice.
    assert not [text for text in glossary if text.startswith("In the insulin tolerance test")]
    # Nor in the next that holds it, "IGF-1 ... tends instead to lower blood
    # glucose", whose "instead" leans on GH's effect the card would not show.
    assert not [text for text in glossary if text.startswith("IGF-1, which shares close")]


def test_a_list_item_whose_answer_a_question_heading_gives_is_not_asked() -> None:
    decks = read_article(TEST_ARTICLES / "parathyroid_calcium.txt")
    # Bone, Kidney and Intestine are everyday words: what their bullets say
    # is asked in the Fundamentals deck, not the glossary.
    every_card = [card for d in decks.decks for card in d.cards]
    fronts = [str(card.fields.get("front")) for card in every_card]
    question = next(
        card
        for card in deck(decks, "fundamentals")
        if card.id == "question-how-does-parathyroid-hormone-raise-blood-calcium"
    )

    # The heading's answer says the intestine absorbs calcium through
    # calcitriol: the bullet "Intestine" says it again in other words.
    assert "through calcitriol" not in " ".join(str(card.fields.get("back")) for card in every_card)
    assert "in the intestine, it works indirectly" in str(question.fields["back"])
    assert not [front for front in fronts if "**Intestine**" in front]
    # Its sibling bullets, which the heading's answer words differently, stay.
    assert [front for front in fronts if "**Kidney**" in front or "**Bone**" in front]
