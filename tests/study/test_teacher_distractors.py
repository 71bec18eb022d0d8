"""Wrong options a teacher names (`distractors:` on a card or a deck), and
other cards' answers of the same shape as the right one."""

from __future__ import annotations

import pytest

from endoquiz import Library, QuizQuestion, check_deck
from endoquiz.study.quiz_questions import QuestionKind
from tests.conftest import T0, WriteDeck

HEAD = "endoquiz: 1\nid: thyroid\ntitle: Thyroid\n"

# Answers of three shapes, four each, to one kind of question ("What is **X**?").
ANSWERS = {
    "a": ["TSH", "TRH", "TBG", "ACTH"],
    "n": ["50 micrograms", "150 micrograms", "7 days", "1 day"],
    "s": [
        "An autoimmune disease that overstimulates the thyroid gland.",
        "An autoimmune disease that slowly destroys the thyroid gland.",
        "A swelling of the neck caused by an enlarged thyroid gland.",
        "Swelling of the skin seen in severe and untreated hypothyroidism.",
    ],
}
MIXED_SHAPES = (
    HEAD
    + "cards:\n"
    + "".join(
        f"  - {{id: {group}{n}, front: What is **term {group}{n}**?, back: {answer}}}\n"
        for group, answers in ANSWERS.items()
        for n, answer in enumerate(answers, 1)
    )
)


def questions(
    library: Library, write_deck: WriteDeck, text: str, seed: int
) -> dict[str, QuizQuestion]:
    library.add_deck(write_deck(text), now=T0)
    quiz = library.quiz("thyroid", size=50, seed=seed, now=T0)
    return {question.card.id: question for question in quiz.questions}


@pytest.mark.parametrize("seed", range(6))
def test_other_cards_answers_are_offered_by_the_shape_of_the_right_one(
    library: Library, write_deck: WriteDeck, seed: int
) -> None:
    asked = questions(library, write_deck, MIXED_SHAPES, seed)
    assert len(asked) == 12
    for card_id, question in asked.items():
        # An acronym among acronyms, a number among numbers, a sentence
        # among sentences: never one that gives the answer away.
        assert question.kind is QuestionKind.CHOICE
        assert question.choices.count(question.answer) == 1
        assert sorted(question.choices) == sorted(ANSWERS[card_id[0]]), card_id


def test_a_cards_own_distractors_are_its_wrong_options(
    library: Library, write_deck: WriteDeck
) -> None:
    text = MIXED_SHAPES.replace("back: TSH}", "back: TSH, distractors: [TRH, T4, Thyroglobulin]}")
    for seed in range(5):
        question = questions(library, write_deck, text, seed)["a1"]
        assert sorted(question.choices) == ["T4", "TRH", "TSH", "Thyroglobulin"]


def test_too_few_own_distractors_are_completed_by_answers_of_the_same_shape(
    library: Library, write_deck: WriteDeck
) -> None:
    text = MIXED_SHAPES.replace("back: 1 day}", "back: 1 day, distractors: [12 hours]}")
    for seed in range(5):
        question = questions(library, write_deck, text, seed)["n4"]
        assert "12 hours" in question.choices
        others = set(question.choices) - {"1 day", "12 hours"}
        assert len(others) == 2
        assert others <= {"50 micrograms", "150 micrograms", "7 days"}


def test_the_decks_distractors_serve_the_answers_of_their_shape(
    library: Library, write_deck: WriteDeck
) -> None:
    text = (
        HEAD
        + """\
distractors: [FSH, LH, GH, 25 micrograms, TSH]
cards:
  - {id: tsh, front: Which hormone stimulates the thyroid?, back: TSH}
  - {id: dose, front: Usual starting dose of levothyroxine?, back: 50 micrograms}
  - id: why
    front: Why is TSH high in hypothyroidism?
    back: The pituitary answers low T4 by making more of it.
"""
    )
    asked = questions(library, write_deck, text, seed=3)
    # The acronyms serve the acronym, never TSH itself; the dose too few.
    assert sorted(asked["tsh"].choices) == ["FSH", "GH", "LH", "TSH"]
    assert asked["dose"].kind is not QuestionKind.CHOICE


def test_a_typed_card_with_distractors_is_asked_as_multiple_choice(
    library: Library, write_deck: WriteDeck
) -> None:
    text = (
        HEAD
        + """\
cards:
  - id: t4
    kind: typed
    front: Which hormone carries four iodine atoms?
    answer: Thyroxine
    accept: [T4]
    distractors: [Triiodothyronine, Reverse T3, Thyroglobulin]
  - id: plain
    kind: typed
    front: Which gland makes calcitonin?
    answer: Thyroid
"""
    )
    asked = questions(library, write_deck, text, seed=0)
    assert asked["t4"].kind is QuestionKind.CHOICE
    assert sorted(asked["t4"].choices) == [
        "Reverse T3", "Thyroglobulin", "Thyroxine", "Triiodothyronine",
    ]  # fmt: skip
    assert asked["plain"].kind is QuestionKind.TYPED


def problems(write_deck: WriteDeck, text: str) -> list[str]:
    path = write_deck(text)
    return [str(d).removeprefix(f"{path}:") for d in check_deck(path).diagnostics]


def test_distractors_are_checked_where_they_are_written(write_deck: WriteDeck) -> None:
    text = (
        HEAD
        + """\
distractors: [FSH, fsh]
cards:
  - id: tsh
    front: Which hormone stimulates the thyroid?
    back: TSH
    distractors: [TRH, ' tsh ', TRH, '']
  - id: t4
    kind: typed
    front: Four iodine atoms?
    answer: Thyroxine
    accept: [T4]
    distractors: [t4]
  - id: cl
    kind: cloze
    text: "{{c1::Beta}} cells make insulin."
    distractors: [BETA]
  - id: ch
    kind: choice
    question: Which?
    choices: [A, B]
    answer: A
    distractors: [C]
  - id: s
    front: Q?
    back: A
    distractors: TRH
"""
    )
    assert problems(write_deck, text) == [
        "4:20: error: distractor 'fsh' is repeated (first at line 4)",
        "9:24: error: distractor 'tsh' is the answer: a distractor is a wrong answer",
        "9:33: error: distractor 'TRH' is repeated (first at line 9)",
        "9:38: error: a distractor is blank",
        "15:19: error: distractor 't4' is one of the 'accept' answers: a distractor is a "
        "wrong answer",
        "19:19: error: distractor 'BETA' is the answer of c1: a distractor is a wrong answer",
        "25:5: error: unknown key 'distractors' in a choice card; a choice card's wrong "
        "answers are its 'choices'",
        "29:18: error: 'distractors' must be a list of wrong answers, not text; write [TRH]",
    ]


def test_a_few_answers_of_the_shape_are_found_among_many_others(
    library: Library, write_deck: WriteDeck
) -> None:
    """More answers than a quiz ranks for each question (a random sample):
    the three acronyms among sixty sentences are still found."""
    sentences = [f"A sentence about thyroid fact number {n} and its causes." for n in range(60)]
    entries = [*ANSWERS["a"], *sentences]
    text = (
        HEAD
        + "cards:\n"
        + "".join(
            f"  - {{id: e{n}, front: What is **term {n}**?, back: {answer}}}\n"
            for n, answer in enumerate(entries)
        )
    )
    for seed in range(3):
        question = questions(library, write_deck, text, seed)["e0"]
        assert sorted(question.choices) == sorted(ANSWERS["a"])
