"""Glossary entries told apart by their shape and their use: terms or sentence fragments."""

from __future__ import annotations

import pytest

from endoquiz.generator.glossary_terms import (
    Sentence,
    TermRole,
    classify_term,
    defining_sentences,
    is_subject,
    used_as_noun_phrase,
)

# Small article texts (sentences, then bullets as 'Label. definition', as
# `Article.searchable_text` writes them) that show each shape.
THYROID = (
    "The thyroid gland sets the metabolic pace of nearly every tissue.\n"
    "With age, some cells grow less sensitive to thyroid hormone.\n"
    "In hypothyroidism, cells become less responsive to signals.\n"
    "Exercise can improve tissue sensitivity to insulin."
)
ADRENAL = (
    "Patients often take a lower evening dose of hydrocortisone.\n"
    "Hydrocortisone. A synthetic form of cortisol."
)
ADRENAL_LABEL_ONLY = "Lower Evening Dose. A smaller dose in the late afternoon."


@pytest.mark.parametrize(
    ("entry", "text", "reason"),
    [
        # A verb with its object: an article after the first word.
        ("sets the metabolic pace", THYROID, "'sets the …' is a verb with its object"),
        # A comparative inside: a predicate.
        ("grow less sensitive", THYROID, "'grow less …' is a predicate"),
        ("cells become less responsive", THYROID, "'become less …' is a predicate"),
        # A known verb never used as a noun phrase.
        ("improve tissue sensitivity", THYROID, "contains the verb 'improve'"),
        ("step toward reclaiming your", THYROID, "ends with 'your'"),
        # A verb of no list, told by its use: it always follows its subject.
        (
            "boosts energy",
            "Regular exercise boosts energy. Sleep boosts energy too.",
            "'boosts' follows its subject wherever the article writes it",
        ),
    ],
)
def test_a_fragment_is_told_by_its_shape(entry: str, text: str, reason: str) -> None:
    verdict = classify_term(entry, text)
    assert verdict is not None
    assert reason in verdict


@pytest.mark.parametrize(
    ("entry", "text"),
    [
        # "lower" reads as a verb, but the article writes "a lower evening dose".
        ("lower evening dose", ADRENAL),
        # ... or names a bullet by it.
        ("lower evening dose", ADRENAL_LABEL_ONLY),
        ("hydrocortisone", ADRENAL),
        # An article after a preposition belongs to a noun phrase.
        ("islets of the pancreas", "The islets of the pancreas release insulin."),
        # After a number, an adjective or a preposition, an -s word is a noun.
        ("diabetes mellitus", "Type 2 diabetes mellitus and gestational diabetes mellitus."),
        ("diabetes mellitus", "People with diabetes mellitus."),
        # One use as a noun (after "in") is enough: a verb always follows a subject.
        ("sports medicine", "In sports medicine, the athlete's sports medicine team helps."),
    ],
)
def test_a_noun_phrase_is_a_term(entry: str, text: str) -> None:
    assert classify_term(entry, text) is None


def test_a_phrase_after_a_relative_pronoun_is_not_a_noun_phrase() -> None:
    # "cells that improve tissue sensitivity": 'that' opens a clause here.
    text = "cells that improve tissue sensitivity"
    assert not used_as_noun_phrase("improve tissue sensitivity", text)
    assert used_as_noun_phrase("lower evening dose", "They take this lower evening dose.")


def test_a_term_a_relative_clause_describes_after_its_place_is_what_the_clause_is_about() -> None:
    sentence = (
        "Nerve fibres release acetylcholine onto the chromaffin cells of the medulla, which "
        "respond by releasing stored adrenaline."
    )
    start = sentence.index("chromaffin cells")
    assert is_subject(sentence, (start, start + len("chromaffin cells")))


def test_a_sentence_inside_an_analogy_does_not_define_its_term() -> None:
    picture = Sentence(
        "Insulin is a critical message, instructing cells to absorb energy.",
        "Fundamentals",
        None,
        "Consider the analogy of a sophisticated internal messaging service.",
    )
    plain = Sentence(
        "Insulin, a hormone made by the pancreas, lets glucose enter cells.",
        "Fundamentals",
        None,
        None,
    )

    ranked = defining_sentences("insulin", [picture, plain])

    # "Insulin is a ..." would define it, but the sentence before says it is
    # a picture: the plain definition comes first.
    assert ranked[0].sentence.text == plain.text
    assert ranked[1].role is not TermRole.DEFINES
