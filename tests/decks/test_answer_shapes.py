"""The shape of an answer, which wrong options of a quiz question share."""

from __future__ import annotations

import pytest

from endoquiz.decks.answer_shapes import AnswerShape, answer_shape, same_answer
from endoquiz.decks.deck_model import Card, CardKind, card_from_json, card_to_json


@pytest.mark.parametrize(
    ("answer", "shape"),
    [
        ("TSH", AnswerShape.ACRONYM),
        ("T3", AnswerShape.ACRONYM),
        ("HbA1c", AnswerShape.ACRONYM),
        ("**HOMA-IR**", AnswerShape.ACRONYM),
        ("51", AnswerShape.NUMBER),
        ("5 mg", AnswerShape.NUMBER),
        ("2–3 months", AnswerShape.NUMBER),
        ("Insulin", AnswerShape.WORD),
        ("anterior pituitary", AnswerShape.PHRASE),
        ("Insulin, made by the beta cells.", AnswerShape.SENTENCE),
        ("A hormone of the pancreas that lowers blood glucose", AnswerShape.SENTENCE),
    ],
)
def test_answer_shapes(answer: str, shape: AnswerShape) -> None:
    assert answer_shape(answer) is shape


def test_answers_compare_without_case_emphasis_or_spacing() -> None:
    assert same_answer(" **Beta**   cells ") == same_answer("beta cells")
    assert same_answer("Beta cells") != same_answer("Beta-cells")


def test_stored_cards_keep_their_distractors_and_older_text_reads_without() -> None:
    card = Card("d", "c", "c", CardKind.BASIC, 0, "Q?", "TSH", distractors=("TRH",),
                deck_distractors=("FSH",))  # fmt: skip
    stored = card_to_json(card)
    assert card_from_json("d", "c", "c", 0, stored) == card
    plain = Card("d", "c", "c", CardKind.BASIC, 0, "Q?", "TSH")
    assert "distractors" not in card_to_json(plain)  # as stored before they existed
    assert card_from_json("d", "c", "c", 0, card_to_json(plain)) == plain
