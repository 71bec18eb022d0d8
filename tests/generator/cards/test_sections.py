"""Cards from a section's prose: question headings and clozes, on the test articles."""

from __future__ import annotations

import pytest

from endoquiz import CardKind
from endoquiz.generator.article_model import Article, Paragraph
from endoquiz.generator.cards.article_text import ArticleText
from endoquiz.generator.cards.card_ids import CardIds
from endoquiz.generator.cards.sections import (
    best_answer,
    cloze_cards,
    question_cards,
    stem,
    whole_compound,
)

THYROID_GLAND = (
    "The thyroid gland, a butterfly-shaped organ in the neck, produces hormones that set the "
    "pace of metabolism in almost every tissue."
)
MAIN_PRODUCT = (
    "Its main product is thyroxine (T4), a relatively inactive hormone that tissues convert "
    "into triiodothyronine (T3), the active form."
)
DOSE = "The dose is adjusted every 6–8 weeks according to TSH results until the level settles."


def test_a_question_heading_is_answered_by_the_sentence_sharing_most_words(
    thyroid: ArticleText,
) -> None:
    cards = question_cards(thyroid, "Fundamentals", CardIds())

    assert len(cards) == 1
    card = cards[0]
    assert card.id == "question-how-does-the-body-control-thyroid-hormone-levels"
    assert card.fields == {
        "front": "How Does the Body Control Thyroid Hormone Levels?",
        "back": "Rising thyroid hormone levels suppress TRH and TSH release through negative "
        "feedback, which keeps thyroid hormone levels within a narrow range.",
    }
    assert card.heading == "How Does the Body Control Thyroid Hormone Levels?"


def test_a_section_without_question_headings_has_no_question_cards(thyroid: ArticleText) -> None:
    # "Deiodinase Enzymes and Local Control" is a heading, not a question.
    assert question_cards(thyroid, "Academic", CardIds()) == []


def test_an_answer_comes_with_the_sentence_that_leans_on_it(thyroid: ArticleText) -> None:
    paragraph = [s for s in thyroid.sentences if s.text in (THYROID_GLAND, MAIN_PRODUCT)]

    answer = best_answer("What Does the Thyroid Gland Produce?", paragraph)

    assert answer == f"{THYROID_GLAND} {MAIN_PRODUCT}"


def test_no_sentence_sharing_two_words_answers_nothing(thyroid: ArticleText) -> None:
    paragraph = [s for s in thyroid.sentences if s.text == DOSE]

    assert best_answer("Why Does Iodine Matter?", paragraph) is None


def test_a_cloze_hides_a_duration(thyroid: ArticleText) -> None:
    cards = cloze_cards(thyroid, "Intermediate", CardIds())

    dose = next(card for card in cards if card.quote == DOSE)
    assert dose.id == "cloze-68-weeks-9004cf"
    assert dose.kind is CardKind.CLOZE
    assert dose.fields == {
        "text": "The dose is adjusted every {{c1::6–8 weeks}} according to TSH results until "
        "the level settles."
    }


def test_a_pull_quote_hides_its_key_terms(thyroid: ArticleText) -> None:
    cards = cloze_cards(thyroid, "Intermediate", CardIds())

    assert cards[-1].fields["text"] == (
        "Treatment with {{c1::levothyroxine}} restores normal thyroid hormone levels in most "
        "people with {{c2::hypothyroidism}}."
    )


def test_a_cloze_on_a_sentence_that_points_back_quotes_the_one_before(
    thyroid: ArticleText,
) -> None:
    cards = cloze_cards(thyroid, "Fundamentals", CardIds())

    product = next(card for card in cards if card.id == "cloze-thyroxine-ac9970")
    assert product.fields["text"] == (
        f"{THYROID_GLAND} Its main product is {{{{c1::thyroxine}}}} (T4), a relatively inactive "
        "hormone that tissues convert into {{c2::triiodothyronine}} (T3), the active form."
    )
    assert product.quote == f"{THYROID_GLAND} {MAIN_PRODUCT}"


def test_a_sentence_repeated_in_a_section_is_asked_once() -> None:
    article = Article(
        "a.txt",
        "Thyroid",
        "thyroid",
        paragraphs=[
            Paragraph("Intermediate", None, (DOSE,), 3),
            Paragraph("Intermediate", None, ("Levothyroxine is a synthetic hormone.", DOSE), 5),
        ],
    )

    cards = cloze_cards(ArticleText.of(article), "Intermediate", CardIds())

    assert [card.quote for card in cards] == [DOSE]
    assert cards[0].line == 3


def test_words_meet_at_their_stem() -> None:
    assert stem("hormonal") == stem("hormones") == "hormon"
    assert stem("levels") == "level"
    # Too short to cut: "gas" stays "gas".
    assert stem("gas") == "gas"


@pytest.mark.parametrize(
    ("sentence", "hidden", "widened"),
    [
        # The modifier in view tells the answer apart: it is hidden too.
        ("Stress can activate serine kinases in muscle.", "kinases", "serine kinases"),
        ("The enzyme 1-alpha-hydroxylase in the kidney.", "hydroxylase", "1-alpha-hydroxylase"),
        # A verb, an adjective or a small word before it is no modifier.
        ("The pancreas releases insulin after meals.", "insulin", "insulin"),
        ("Excess visceral adiposity drives it.", "adiposity", "adiposity"),
        ("A rise in the cortisol level.", "cortisol", "cortisol"),
        # A name (capitalised) or a phrase is left as it is.
        ("Type 2 Deiodinase acts here.", "Deiodinase", "Deiodinase"),
    ],
)
def test_a_deletion_ending_a_compound_name_hides_the_whole_name(
    sentence: str, hidden: str, widened: str
) -> None:
    start = sentence.index(hidden)
    a, b = whole_compound(sentence, (start, start + len(hidden)))
    assert sentence[a:b] == widened
