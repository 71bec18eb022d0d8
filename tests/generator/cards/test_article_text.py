"""What the card sources read off a whole article: sentences, abbreviations, key phrases."""

from __future__ import annotations

import pytest

from endoquiz.generator.cards.article_text import (
    ArticleText,
    body_sentences,
    key_phrases,
    long_form,
    spelled_out_abbreviations,
    studyable,
    topic_phrase,
)


def test_each_sentence_knows_the_one_before_it_in_its_paragraph(thyroid: ArticleText) -> None:
    sentences = body_sentences(thyroid.article)

    assert sentences[0].text.startswith("Perhaps you have noticed")
    assert sentences[0].previous is None
    assert sentences[1].previous == sentences[0].text
    assert sentences[1].section == "Fundamentals"
    assert tuple(sentences) == thyroid.sentences


def test_a_section_s_sentences_carry_their_paragraph_s_line_and_shape(
    thyroid: ArticleText,
) -> None:
    academic = thyroid.in_section("Academic")

    assert {entry.sentence.section for entry in academic} == {"Academic"}
    assert academic[0].sentence.text.startswith("At the molecular level")
    pull_quote = academic[-1]
    assert pull_quote.sentence.text.startswith("Deiodinase enzymes let each tissue")
    assert pull_quote.standalone
    assert not academic[0].standalone
    assert thyroid.line_of(pull_quote.sentence) == pull_quote.line


def test_abbreviations_spelled_out_are_found_once_with_their_first_sentence(
    thyroid: ArticleText,
) -> None:
    found = spelled_out_abbreviations(list(thyroid.sentences))

    assert {abbreviation: form for abbreviation, (form, _) in found.items()} == {
        "T4": "thyroxine",
        "T3": "triiodothyronine",
        "TRH": "thyrotropin-releasing hormone",
        "TSH": "thyroid-stimulating hormone",
    }
    assert found["T4"][1].text.startswith("Its main product is thyroxine (T4)")
    assert found == thyroid.abbreviations


@pytest.mark.parametrize(
    ("before", "abbreviation", "expected"),
    [
        (
            "The hypothalamus releases thyrotropin-releasing hormone",
            "TRH",
            "thyrotropin-releasing hormone",
        ),
        ("calcitriol binds the vitamin D receptor", "VDR", "vitamin D receptor"),
        ("the parathyroid glands release more parathyroid hormone", "PTH", "parathyroid hormone"),
        # Letters that do not match the words before: no long form.
        ("Levels below 30 nmol", "TSH", None),
    ],
)
def test_the_long_form_is_the_shortest_run_of_words_holding_the_letters(
    before: str, abbreviation: str, expected: str | None
) -> None:
    assert long_form(before, abbreviation) == expected


def test_key_phrases_are_named_terms_and_returning_phrases_longest_first(
    thyroid: ArticleText,
) -> None:
    phrases = key_phrases(thyroid.article, list(thyroid.sentences), thyroid.body_text)

    assert "thyroid hormone" in phrases  # returns four times or more
    assert "cold intolerance" in phrases  # a bullet's term
    assert "thyroid nodule" in phrases  # a table row's name
    assert "levothyroxine" in phrases  # a real glossary term
    assert "cells become less responsive" not in phrases  # a fragment
    assert [len(p) for p in phrases] == sorted((len(p) for p in phrases), reverse=True)
    assert tuple(phrases) == thyroid.key_phrases


def test_the_topic_is_the_most_frequent_two_word_phrase(thyroid: ArticleText) -> None:
    assert topic_phrase(list(thyroid.sentences)) == "thyroid hormone"
    assert topic_phrase([]) is None


def test_a_studyable_sentence_is_a_statement_of_study_size_not_to_the_reader(
    thyroid: ArticleText,
) -> None:
    texts = [s.text for s in thyroid.sentences]

    assert studyable(next(t for t in texts if t.startswith("Iodine from the diet")))
    assert not studyable(next(t for t in texts if t.startswith("Perhaps you have noticed")))
    assert not studyable("Thyroid matters.")
    assert not studyable("How does the body control thyroid hormone levels at all?")


def test_a_glossary_fragment_is_no_real_term(thyroid: ArticleText) -> None:
    assert thyroid.is_real_term("negative feedback")
    assert not thyroid.is_real_term("improve tissue sensitivity")


@pytest.mark.parametrize(
    ("sentence", "worth_a_card"),
    [
        # Linked to what? The paragraph before said; the card cannot.
        ("The HPA axis, governing the stress response, is also intricately linked.", False),
        ("Cortisol secretion in the evening is closely tied to sleep timing.", True),
        ("Insulin resistance and visceral obesity are closely linked.", True),
        ("The link between insulin and leptin signalling is well connected.", True),
        ("Thyroid hormone output in older adults is often involved.", False),
    ],
)
def test_a_sentence_relating_its_subject_to_nothing_is_not_worth_a_card(
    sentence: str, worth_a_card: bool
) -> None:
    assert studyable(sentence) is worth_a_card
