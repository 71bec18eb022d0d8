"""A quiz's distractors, found in groups by deck and question shape, are
those of the plain rule: every other card of the deck looked at in turn."""

from __future__ import annotations

import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from endoquiz.decks.deck_model import Card, CardKind
from endoquiz.study import quiz_questions
from endoquiz.study.quiz_questions import (
    CHOICES,
    MAX_CHOICE_LENGTH,
    SHORT_ANSWER_WORDS,
    _DistractorPool,
    _question_shape,
    draw_questions,
)

KINDS = (CardKind.BASIC, CardKind.REVERSE, CardKind.BASIC, CardKind.TYPED)
FRONTS = ("What is **{}**?", "What does **{}** do?", "Name it: {}", "> {}\nWhich is it?")
BACKS = ("Insulin", "insulin", "Cortisol", "the liver", "A hormone of the pancreas", "TSH",
         "Glucagon raises blood glucose between meals", "x" * (MAX_CHOICE_LENGTH + 1))  # fmt: skip


def plain_distractors(card: Card, all_cards: list[Card]) -> list[str]:
    """The rule as it was written before the pool: every card looked at."""
    if len(card.back) > MAX_CHOICE_LENGTH:
        return []
    shape = _question_shape(card.front)
    short = len(card.back.split()) <= SHORT_ANSWER_WORDS
    seen = {card.back.casefold()}
    same_shape, short_answers = [], []
    for other in all_cards:
        if (
            other.deck_id != card.deck_id
            or other.note_id == card.note_id
            or other.kind not in (CardKind.BASIC, CardKind.REVERSE)
            or len(other.back) > MAX_CHOICE_LENGTH
            or other.back.casefold() in seen
        ):
            continue
        if _question_shape(other.front) == shape:
            seen.add(other.back.casefold())
            same_shape.append(other.back)
        elif short and len(other.back.split()) <= SHORT_ANSWER_WORDS:
            short_answers.append(other.back)
    if len(same_shape) >= CHOICES - 1:
        return same_shape
    extra = [a for a in dict.fromkeys(short_answers) if a.casefold() not in seen]
    return same_shape + extra


_CARD = st.tuples(
    st.sampled_from(("d/a", "d/b")),
    st.integers(min_value=0, max_value=6),  # note
    st.sampled_from(KINDS),
    st.sampled_from(FRONTS),
    st.sampled_from(("insulin", "cortisol", "liver")),
    st.sampled_from(BACKS),
)


def make_cards(drawn: list[tuple[str, int, CardKind, str, str, str]]) -> list[Card]:
    return [
        Card(deck, f"c{i}", f"n{note}", kind, i, front.format(term), back)
        for i, (deck, note, kind, front, term, back) in enumerate(drawn)
    ]


@settings(max_examples=200, deadline=None)
@given(st.lists(_CARD, max_size=30))
def test_the_pool_finds_the_distractors_of_the_plain_rule(
    drawn: list[tuple[str, int, CardKind, str, str, str]],
) -> None:
    cards = make_cards(drawn)
    pool = _DistractorPool(cards)
    for card in cards:
        expected = plain_distractors(card, cards)
        assert pool.distractors(card) == expected
        # Counting may stop early, but never decides otherwise.
        counted = pool.distractors(card, enough=CHOICES - 1)
        assert (len(counted) >= CHOICES - 1) == (len(expected) >= CHOICES - 1)


def test_drawing_a_quiz_reads_a_card_s_group_not_the_whole_tree(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A quiz over many basic cards with long answers, each asking its own
    kind of question, looks at each card's prompt a few times, not once per
    other card: with 2,000 cards that was 4,000,000 prompts (minutes at
    100,000 cards)."""
    cards = [
        Card("big", f"c{i}", f"n{i}", CardKind.BASIC, i, f"Question {i} of the kind {i}?",
             f"A long answer of several words, number {i}, that is not short.")
        for i in range(2_000)
    ]  # fmt: skip
    shapes = []

    def counted_shape(front: str) -> str:
        shapes.append(front)
        return _question_shape(front)

    monkeypatch.setattr(quiz_questions, "_question_shape", counted_shape)
    questions = draw_questions(cards, 20, random.Random(7))
    assert len(questions) == 20
    assert len(shapes) <= 3 * len(cards)
