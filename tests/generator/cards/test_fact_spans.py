"""Which facts of a sentence a cloze hides."""

from __future__ import annotations

import pytest

from endoquiz.generator.cards.article_text import ArticleText
from endoquiz.generator.cards.fact_spans import (
    cloze_text,
    crosses,
    defined_term_spans,
    fact_spans,
    head_noun_phrase,
    key_term_spans,
    non_overlapping,
    whole_word_spans,
)


def hidden(sentence: str) -> list[str]:
    """The spans the card builder would hide, as it picks them."""
    spans = non_overlapping(fact_spans(sentence, {}) + defined_term_spans(sentence))
    return sorted(sentence[a:b] for a, b in spans)


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("The protocol involves weekly intramuscular injections of the drug.", ["weekly"]),
        ("An oral tablet, taken twice weekly, manages conversion.", ["twice weekly"]),
        ("Cortisol follows a daily rhythm that peaks before waking.", []),
        ("Levels stay within a healthy daily range in most adults.", []),
        # A measure and its own conversion in brackets are one fact, hidden whole.
        ("It is given at 10–20 units (0.1–0.2ml) by injection.", ["10–20 units (0.1–0.2ml)"]),
        ("HbA1c reflects blood sugar over the past two to three months.", ["two to three months"]),
        (
            "The Leydig cells in the testes, responsible for testosterone synthesis, respond.",
            ["Leydig cells"],
        ),
        ("This elevation of insulin, termed hyperinsulinemia, follows.", ["hyperinsulinemia"]),
        # Spelled-out units and frequencies.
        ("Insulin resistance affects about 30 percent of adults.", ["30 percent"]),
        ("About 5% of people, or 10 per cent of others.", ["10 per cent", "5%"]),
        ("Cortisol peaks within 30 minutes of waking.", ["30 minutes"]),
        # A dose and its frequency side by side are one regimen; "once or
        # twice" is one frequency; a thousands separator is part of the number.
        ("Pegvisomant is typically given at 10–30 mg daily by injection.", ["10–30 mg daily"]),
        (
            "Calcitriol, commonly 0.25–0.5 µg once or twice daily, is taken.",
            ["0.25–0.5 µg once or twice daily"],
        ),
        ("Often 500–1,000 mg of calcium, taken with meals.", ["500–1,000 mg"]),
        ("Often started at 0.2–0.4 mg per day and raised.", ["0.2–0.4 mg per day"]),
        # An enzyme's letter is part of its name: never "{{phospholipase}} C".
        ("The receptor activates phospholipase C through G proteins.", ["phospholipase C"]),
        # An appositive that tells only the kind of thing defines nothing.
        ("The brain, a highly metabolically active organ, is affected by it.", []),
        # The other name of what the first clause names.
        ("An underactive thyroid, or hypothyroidism, can slow metabolism.", ["hypothyroidism"]),
        # "a sensor, a hormone and a receptor" lists three things: no appositive.
        ("Control rests on a sensor, a hormone and a receptor, each one known.", []),
        ("Exercise raises it for about 30 minutes to 2 hours.", ["30 minutes to 2 hours"]),
        ("It falls over 20 to 30 minutes and again for 2 hours.", ["2 hours", "20 to 30 minutes"]),
        ("Give 25 milligrams or 1.5 ml or 40 IU.", ["1.5 ml", "25 milligrams", "40 IU"]),
        ("It is taken two or three times a day.", ["two or three times a day"]),
        ("Gonadorelin is given twice-weekly by injection.", ["twice-weekly"]),
        ("A dose every 8 hours, or every other day.", ["every 8 hours", "every other day"]),
    ],
)
def test_facts_hidden_in_a_sentence(sentence: str, expected: list[str]) -> None:
    assert hidden(sentence) == expected


@pytest.mark.parametrize(
    ("sentence", "term"),
    [
        # An inverted sentence: the verb before the term is no part of it.
        (
            "At the end of the hormonal cascade sits cortisol, a steroid hormone of the cortex.",
            "cortisol",
        ),
        ("In response, the pancreas secretes insulin, a hormone that lowers glucose.", "insulin"),
        # A noun before a noun, a number or an adjective before one: one name.
        (
            "Type 2 diabetes mellitus, a condition of insulin resistance, is common.",
            "Type 2 diabetes mellitus",
        ),
        (
            "Gestational diabetes mellitus, a condition of pregnancy, is common.",
            "Gestational diabetes mellitus",
        ),
        ("The adrenal stress response, a process of minutes, follows.", "adrenal stress response"),
        # A possessive is a modifier, with either apostrophe.
        (
            "Addison's disease, a condition of the adrenal cortex, lowers cortisol.",
            "Addison's disease",
        ),
        (
            "Addison’s disease, a condition of the adrenal cortex, lowers cortisol.",
            "Addison’s disease",
        ),
    ],
)
def test_an_appositive_term_is_a_noun_phrase(sentence: str, term: str) -> None:
    assert hidden(sentence) == [term]


def test_no_span_starts_or_ends_inside_a_word_or_after_an_apostrophe() -> None:
    sentence = "Addison’s disease and Cushing's syndrome differ."
    assert whole_word_spans(sentence, [(8, 17), (0, 17), (22, 30), (30, 40), (2, 5)]) == [(0, 17)]


def test_a_spelled_out_abbreviation_is_hidden_by_its_long_form(thyroid: ArticleText) -> None:
    sentence = next(s.text for s in thyroid.sentences if s.text.startswith("The hypothalamus"))

    spans = fact_spans(sentence, thyroid.abbreviations)

    # With its letters: left in view, "(TRH)" would spell the hidden name.
    assert sorted(sentence[a:b] for a, b in spans) == [
        "thyroid-stimulating hormone (TSH)",
        "thyrotropin-releasing hormone (TRH)",
    ]
    # Unknown to the article, an abbreviation's long form is no fact.
    assert fact_spans(sentence, {}) == []


def test_a_long_form_spelled_out_again_is_not_hidden_again(thyroid: ArticleText) -> None:
    # Its first spelling was asked (it is the sentence the abbreviation's own
    # card quotes): asked again, the card would repeat that one.
    again = "Later, thyroid-stimulating hormone (TSH) rises when T4 falls."

    assert fact_spans(again, thyroid.abbreviations) == []


@pytest.mark.parametrize(
    ("phrase", "head"),
    [
        ("The Leydig cells in the testes", "Leydig cells"),
        ("the activity of aromatase", "aromatase"),
        ("Hashimoto thyroiditis", "Hashimoto thyroiditis"),
        ("which is the", None),
    ],
)
def test_the_head_of_a_phrase_is_the_thing_it_names(phrase: str, head: str | None) -> None:
    assert head_noun_phrase(phrase) == head


PULL_QUOTE = (
    "Treatment with levothyroxine restores normal thyroid hormone levels in most people "
    "with hypothyroidism."
)


def test_a_summary_hides_its_key_terms_not_the_article_s_topic(thyroid: ArticleText) -> None:
    spans = key_term_spans(PULL_QUOTE, thyroid.key_phrases, thyroid.topic)

    assert sorted(PULL_QUOTE[a:b] for a, b in spans) == ["hypothyroidism", "levothyroxine"]


def test_the_topic_is_never_hidden(thyroid: ArticleText) -> None:
    # In an article on thyroid hormone, hiding it asks what every card is about.
    assert thyroid.topic == "thyroid hormone"
    sentence = "Every organ responds to thyroid hormone in its own way."

    assert key_term_spans(sentence, thyroid.key_phrases, thyroid.topic) == []


def test_a_term_cutting_through_a_longer_one_is_left_out() -> None:
    sentence = "Free T4 levels rise when thyroid hormone resistance sets in."

    spans = key_term_spans(sentence, ("hormone resistance", "thyroid hormone"), None)

    assert spans == []
    assert crosses((25, 40), (33, 51))
    assert not crosses((25, 40), (25, 51))
    assert not crosses((0, 7), (25, 40))


def test_overlapping_and_empty_spans_give_way_to_earlier_ones() -> None:
    assert non_overlapping([(4, 10), (8, 12), (12, 12), (12, 15)]) == [(4, 10), (12, 15)]


def test_a_cloze_numbers_its_gaps_left_to_right() -> None:
    sentence = (
        "Levothyroxine, a synthetic form of T4, is the standard treatment for hypothyroidism."
    )

    text = cloze_text(sentence, [(69, 83), (0, 13)])

    assert text == (
        "{{c1::Levothyroxine}}, a synthetic form of T4, is the standard treatment for "
        "{{c2::hypothyroidism}}."
    )


def test_a_term_given_its_region_between_commas_is_asked() -> None:
    sentence = (
        "The suprachiasmatic nucleus, a small region of the hypothalamus, acts as the master "
        "clock that times this rhythm."
    )
    assert hidden(sentence) == ["suprachiasmatic nucleus"]
