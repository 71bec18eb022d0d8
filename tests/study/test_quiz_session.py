"""Quizzes: which questions, grading, the log, the schedule policy, the report."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

import pytest

from endoquiz import (
    CardState,
    Library,
    QuizQuestion,
    QuizSession,
    Rating,
    ReviewEntry,
    State,
)
from endoquiz.study.quiz_questions import QuestionKind
from tests.conftest import T0, WriteDeck

MIXED = """
endoquiz: 1
id: mixed
title: Mixed
cards:
  - {id: insulin, front: Which hormone lowers blood glucose?, back: Insulin}
  - {id: glucagon, front: Which hormone raises blood glucose?, back: Glucagon}
  - {id: cortisol, front: Main stress hormone?, back: Cortisol}
  - {id: thyroxine, front: Hormone with four iodine atoms?, back: Thyroxine}
  - id: organ
    kind: choice
    question: Which organ makes insulin?
    choices: [Pancreas, Liver, Kidney]
    answer: Pancreas
  - id: homa
    kind: typed
    front: Which index estimates insulin resistance?
    answer: HOMA-IR
    accept: [HOMA IR]
  - id: glut4
    kind: cloze
    text: Signalling moves {{c1::GLUT4}} to the membrane.
"""


def mixed_quiz(
    library: Library, write_deck: WriteDeck, size: int, seed: int
) -> tuple[QuizSession, dict[str, QuizQuestion]]:
    """A quiz of the MIXED deck, and its questions by card id."""
    library.add_deck(write_deck(MIXED))
    quiz = library.quiz("mixed", size=size, seed=seed, now=T0)
    return quiz, {q.card.id: q for q in quiz.questions}


def test_questions_mix_kinds_and_turn_basic_cards_into_choices(
    library: Library, write_deck: WriteDeck
) -> None:
    _, by_card = mixed_quiz(library, write_deck, size=50, seed=1)
    assert set(by_card) == {
        "insulin",
        "glucagon",
        "cortisol",
        "thyroxine",
        "organ",
        "homa",
        "glut4:c1",
    }
    assert by_card["organ"].kind is QuestionKind.CHOICE
    assert sorted(by_card["organ"].choices) == ["Kidney", "Liver", "Pancreas"]
    assert by_card["homa"].kind is QuestionKind.TYPED
    assert (by_card["glut4:c1"].kind, by_card["glut4:c1"].answer) == (QuestionKind.TYPED, "GLUT4")
    basic = by_card["insulin"]
    assert basic.kind is QuestionKind.CHOICE and basic.answer == "Insulin"
    # Distractors are the answers of sibling cards of the deck.
    assert set(basic.choices) <= {"Insulin", "Glucagon", "Cortisol", "Thyroxine"}
    assert len(basic.choices) == 4 and basic.choices.count("Insulin") == 1


def test_basic_cards_are_typed_when_the_deck_has_too_few_answers(
    library: Library, write_deck: WriteDeck
) -> None:
    library.add_deck(
        write_deck("""
        endoquiz: 1
        id: small
        title: Small
        cards:
          - {id: a, front: Q1, back: A1}
          - {id: b, front: Q2, back: A2}
        """)
    )
    quiz = library.quiz("small", size=5, seed=3, now=T0)
    assert {q.kind for q in quiz.questions} == {QuestionKind.TYPED}


def test_a_full_quiz_is_graded_logged_and_reported(library: Library, write_deck: WriteDeck) -> None:
    library.add_deck(write_deck(MIXED))
    quiz = library.quiz("mixed", size=7, seed=2, now=T0)
    now = T0
    answered_right = set()
    while (question := quiz.next_question()) is not None:
        now += timedelta(seconds=5)
        right = question.number % 2 == 1
        if question.kind is QuestionKind.CHOICE:
            given = (
                question.answer
                if right
                else next(c for c in question.choices if c != question.answer)
            )
        else:
            given = question.answer.lower() + " " if right else "no idea"
        result = quiz.answer(question, given, now)
        assert result.correct is right
        if right:
            answered_right.add(question.card.id)
    report = quiz.report()
    assert (report.correct, report.total) == (4, 7)
    assert report.time == timedelta(seconds=35)
    assert [r.question.number for r in report.missed] == [2, 4, 6]
    log = library.review_log("mixed")
    assert len(log) == 7 and {entry.mode for entry in log} == {"quiz"}
    assert all(entry.duration_ms == 5000 for entry in log)
    ratings = {entry.card_id: entry.rating for entry in log}
    assert all(ratings[cid] is Rating.GOOD for cid in answered_right)
    assert {c.id for c in quiz.missed_cards()} == {r.question.card.id for r in report.missed}


def test_default_policy_wrong_resets_right_does_not_postpone(
    library: Library, write_deck: WriteDeck
) -> None:
    library.add_deck(write_deck(MIXED))
    session = library.review("mixed", now=T0)
    for card in library.deck("mixed").cards:
        session.answer(card, Rating.EASY, T0)
    before = {c.id: library.card_state("mixed", c.id) for c in library.deck("mixed").cards}
    later = T0 + timedelta(days=1)
    quiz = library.quiz("mixed", size=7, seed=5, now=later)
    right, wrong = quiz.questions[0], quiz.questions[1]
    quiz.answer(right, right.answer, later)
    wrong_given = (
        "wrong answer"
        if wrong.kind is QuestionKind.TYPED
        else next(c for c in wrong.choices if c != wrong.answer)
    )
    quiz.answer(wrong, wrong_given, later)
    assert library.card_state("mixed", right.card.id) == before[right.card.id]
    reset = library.card_state("mixed", wrong.card.id)
    assert reset.state is State.RELEARNING and reset.due is not None
    assert reset.due - later == timedelta(minutes=10)


@pytest.mark.parametrize("policy", ["never", "always"])
def test_other_quiz_policies(library: Library, write_deck: WriteDeck, policy: str) -> None:
    library.add_deck(write_deck(MIXED))
    library.update_settings(quiz_schedule=policy)
    quiz = library.quiz("mixed", size=1, seed=1, now=T0)
    (question,) = quiz.questions
    quiz.answer(question, question.answer, T0)
    state = library.card_state("mixed", question.card.id)
    assert (state.state is State.NEW) == (policy == "never")
    (entry,) = library.review_log()
    assert (entry.mode, entry.rating) == ("quiz", Rating.GOOD)


def test_clock_moved_back_in_a_quiz_gives_no_negative_time(
    library: Library, write_deck: WriteDeck
) -> None:
    library.add_deck(write_deck(MIXED))
    quiz = library.quiz("mixed", size=4, seed=3, now=T0)
    for question, minutes in zip(quiz.questions, (1, 2, -60, -59), strict=True):
        quiz.time_out(question, T0 + timedelta(minutes=minutes))
    # One minute, one more, a jump back an hour (not counted), one more.
    assert quiz.report().time == timedelta(minutes=3)
    durations = [entry.duration_ms for entry in library.review_log("mixed")]
    assert durations == [60_000, 60_000, 0, 60_000]


def test_quiz_answer_before_the_cards_last_answer_counts_at_it(
    library: Library, write_deck: WriteDeck
) -> None:
    library.add_deck(write_deck(MIXED))
    library.update_settings(quiz_schedule="always")
    session = library.review("mixed", now=T0)
    for card in library.deck("mixed").cards:
        session.answer(card, Rating.EASY, T0)
    earlier = T0 - timedelta(days=2)
    quiz = library.quiz("mixed", size=2, seed=4, now=earlier)
    right, wrong = quiz.questions
    quiz.answer(right, right.answer, earlier)
    quiz.time_out(wrong, earlier)
    for question, rating in ((right, Rating.GOOD), (wrong, Rating.AGAIN)):
        studied, quizzed = library.review_log("mixed", question.card.id)
        assert (studied.mode, studied.reviewed_at) == ("review", T0)
        assert (quizzed.mode, quizzed.rating, quizzed.reviewed_at) == ("quiz", rating, T0)
        assert quizzed.interval > timedelta(0)
        state = library.card_state("mixed", question.card.id)
        assert state.last_review == T0 and state.due == quizzed.due_after


def test_time_out_counts_as_wrong(library: Library, write_deck: WriteDeck) -> None:
    library.add_deck(write_deck(MIXED))
    quiz = library.quiz("mixed", size=2, timed=True, seed=1, now=T0)
    assert quiz.seconds_per_question == 30
    question = quiz.questions[0]
    result = quiz.time_out(question, T0 + timedelta(seconds=30))
    assert (result.correct, result.timed_out, result.given) == (False, True, "")
    with pytest.raises(ValueError, match="already answered"):
        quiz.answer(question, question.answer, T0)


def test_studying_the_missed_cards(library: Library, write_deck: WriteDeck) -> None:
    library.add_deck(write_deck(MIXED))
    quiz = library.quiz("mixed", size=7, seed=4, now=T0)
    for question in quiz.questions[:2]:
        quiz.time_out(question, T0)
    missed = quiz.missed_cards()
    session = library.review("mixed", now=T0, focus=missed)
    assert session.counts(T0).review == 2
    shown = []
    while (card := session.next_card(T0)) is not None:
        shown.append(card.id)
        session.answer(card, Rating.EASY, T0)
    assert sorted(shown) == sorted(c.id for c in missed)


def test_session_summary(library: Library, write_deck: WriteDeck) -> None:
    library.add_deck(write_deck(MIXED))
    session = library.review("mixed", now=T0)
    ratings = [Rating.AGAIN, Rating.GOOD, Rating.EASY, Rating.EASY]
    now = T0
    for rating in ratings:
        card = session.next_card(now)
        assert card is not None
        session.answer(card, rating, now, duration_ms=3000)
        now += timedelta(seconds=3)
    session.undo(now)
    summary = session.summary()
    assert (summary.answers, summary.cards) == (3, 3)
    assert summary.time == timedelta(seconds=9)
    assert summary.ratings == {Rating.AGAIN: 1, Rating.HARD: 0, Rating.GOOD: 1, Rating.EASY: 1}
    # Again and Good leave cards in learning, due again today, so due tomorrow too.
    assert summary.due_tomorrow == 2


def test_long_answers_without_distractors_only_fill_a_quiz(
    library: Library, write_deck: WriteDeck
) -> None:
    long_answer = "A long answer of many words that nobody could type back exactly from memory"
    library.add_deck(
        write_deck(f"""
        endoquiz: 1
        id: long
        title: Long
        cards:
          - {{id: essay, front: Explain it all, back: {long_answer}}}
          - {{id: short, front: Which hormone lowers glucose?, back: Insulin}}
          - {{id: typed, kind: typed, front: Index of insulin resistance?, answer: HOMA-IR}}
        """)
    )
    quiz = library.quiz("long", size=2, seed=7, now=T0)
    assert {q.card.id for q in quiz.questions} == {"short", "typed"}
    # Asked for more questions than the quiz can grade, the long card fills
    # in, for the learner to grade: never typed word for word.
    by_card = {q.card.id: q for q in library.quiz("long", size=3, seed=7, now=T0).questions}
    assert by_card["essay"].kind is QuestionKind.SELF_GRADED
    assert by_card["essay"].answer == long_answer


# Cards like the issue's: a sentence for a back, another name in parentheses,
# and the bundled deck's "Which term ..." cards (which have one sibling answer:
# too few to choose from).
THYROID = """
endoquiz: 1
id: thyroid
title: Thyroid
cards:
  - {id: tsh, front: Which gland secretes TSH?, back: The anterior pituitary (adenohypophysis).}
  - {id: t4, front: Which hormone does the thyroid secrete most of?, back: T4 (thyroxine)}
  - id: trt-men
    front: |-
      Which term does the article describe this way?

      > For men experiencing symptoms of low testosterone alongside insulin resistance,
      > a protocol often involves weekly intramuscular injections of Testosterone Cypionate.
    back: Testosterone Replacement Therapy (TRT) for Men
  - id: trt-women
    front: |-
      Which term does the article describe this way?

      > Women with symptoms related to hormonal changes, including those linked to
      > insulin resistance, may benefit from low-dose testosterone.
    back: Testosterone Replacement Therapy for Women
"""


# A day after the thyroid deck was studied.
LATER = T0 + timedelta(days=1)


@dataclass
class ThyroidQuiz:
    """A quiz of the whole thyroid deck, a day after every card was studied
    once (Easy: in review): `before` holds the card states then."""

    quiz: QuizSession
    questions: dict[str, QuizQuestion]
    before: dict[str, CardState]


def thyroid_quiz(library: Library, write_deck: WriteDeck, now: datetime = LATER) -> ThyroidQuiz:
    library.add_deck(write_deck(THYROID))
    session = library.review("thyroid", now=T0)
    for card in library.deck("thyroid").cards:
        session.answer(card, Rating.EASY, T0)
    before = {c.id: library.card_state("thyroid", c.id) for c in library.deck("thyroid").cards}
    quiz = library.quiz("thyroid", size=4, seed=1, now=now)
    return ThyroidQuiz(quiz, {q.card.id: q for q in quiz.questions}, before)


def quiz_entries(library: Library, card_id: str) -> list[ReviewEntry]:
    """The card's quiz answers in the log, oldest first."""
    return [e for e in library.review_log("thyroid", card_id) if e.mode == "quiz"]


@pytest.mark.parametrize(
    ("card_id", "given"),
    [
        ("tsh", "anterior pituitary"),
        ("tsh", "The anterior pituitary"),
        ("tsh", "adenohypophysis"),
        ("tsh", "The anterior pituitary (adenohypophysis)."),
        ("t4", "Thyroxine"),
        ("t4", "t4"),
    ],
)
def test_a_short_answer_is_typed_against_its_core_and_other_name(
    library: Library, write_deck: WriteDeck, card_id: str, given: str
) -> None:
    thyroid = thyroid_quiz(library, write_deck)
    question = thyroid.questions[card_id]
    assert question.kind is QuestionKind.TYPED
    assert thyroid.quiz.answer(question, given, LATER).correct
    # Right: the default policy leaves the card where it was.
    assert library.card_state("thyroid", card_id) == thyroid.before[card_id]
    (entry,) = quiz_entries(library, card_id)
    assert entry.rating is Rating.GOOD


def test_a_term_with_too_few_sibling_answers_is_self_graded(
    library: Library, write_deck: WriteDeck
) -> None:
    thyroid = thyroid_quiz(library, write_deck)
    quiz, by_card, later = thyroid.quiz, thyroid.questions, LATER
    assert {by_card[c].kind for c in ("trt-men", "trt-women")} == {QuestionKind.SELF_GRADED}
    men, women = by_card["trt-men"], by_card["trt-women"]
    assert men.answer == "Testosterone Replacement Therapy (TRT) for Men"
    with pytest.raises(ValueError, match="self-graded"):
        quiz.answer(men, "TRT", later)
    knew = quiz.self_grade(men, knew=True, now=later)
    assert (knew.correct, knew.given, knew.check) == (True, "", None)
    assert library.card_state("thyroid", "trt-men") == thyroid.before["trt-men"]
    # "Didn't know" is a wrong answer: the default policy makes the card due again.
    assert not quiz.self_grade(women, knew=False, now=later).correct
    state = library.card_state("thyroid", "trt-women")
    assert state.state is State.RELEARNING and state.due == later + timedelta(minutes=10)
    log = {e.card_id: e.rating for e in library.review_log("thyroid") if e.mode == "quiz"}
    assert log == {"trt-men": Rating.GOOD, "trt-women": Rating.AGAIN}
    with pytest.raises(ValueError, match="already answered"):
        quiz.self_grade(men, knew=False, now=later)
    tsh = by_card["tsh"]
    with pytest.raises(ValueError, match="graded by the quiz"):
        quiz.self_grade(tsh, knew=True, now=later)


def test_overriding_a_wrong_typed_answer_counts_it_right_and_undoes_the_reset(
    library: Library, write_deck: WriteDeck
) -> None:
    thyroid = thyroid_quiz(library, write_deck)
    quiz, question, later = thyroid.quiz, thyroid.questions["tsh"], LATER
    wrong = quiz.answer(question, "the pituitary", later, duration_ms=4000)
    assert not wrong.correct and wrong.can_override
    assert library.card_state("thyroid", "tsh").state is State.RELEARNING
    (wrong_entry,) = quiz_entries(library, "tsh")

    right = quiz.override(question)
    assert (right.correct, right.overridden, right.given) == (True, True, "the pituitary")
    assert not right.can_override
    # As if graded right from the start: the schedule as it was, one entry, Good.
    assert library.card_state("thyroid", "tsh") == thyroid.before["tsh"]
    (entry,) = quiz_entries(library, "tsh")
    assert (entry.id, entry.rating, entry.reviewed_at) == (wrong_entry.id, Rating.GOOD, later)
    assert (entry.duration_ms, entry.state_before) == (4000, State.REVIEW)
    assert entry.state_after is State.REVIEW
    with pytest.raises(ValueError, match="no wrong typed answer"):
        quiz.override(question)
    report = quiz.report()
    assert (report.correct, report.overridden, report.missed) == (1, 1, ())
    assert quiz.missed_cards() == []
    # The log and the card's schedule still tell one story.
    assert library.check_database(later).sound


def test_an_overridden_answer_under_always_schedules_as_a_right_one(
    library: Library, write_deck: WriteDeck
) -> None:
    library.update_settings(quiz_schedule="always")
    later = T0 + timedelta(days=3)
    thyroid = thyroid_quiz(library, write_deck, later)
    quiz, tsh, t4 = thyroid.quiz, thyroid.questions["tsh"], thyroid.questions["t4"]
    quiz.answer(tsh, "adenohypophysis", later)
    quiz.answer(t4, "tetraiodothyronine", later)
    quiz.override(t4)
    # Both right at the same moment from the same state: the same schedule.
    tsh_state, t4_state = (library.card_state("thyroid", c) for c in ("tsh", "t4"))
    assert t4_state.state is State.REVIEW and t4_state.due == tsh_state.due
    assert t4_state.due is not None and t4_state.due > later + timedelta(days=1)
    assert [e.rating for e in library.review_log("thyroid", "t4")] == [Rating.EASY, Rating.GOOD]
    assert library.check_database(later).sound


def test_only_a_typed_answer_judged_wrong_can_be_overridden(
    library: Library, write_deck: WriteDeck
) -> None:
    quiz, by_card = mixed_quiz(library, write_deck, size=7, seed=2)
    choice, typed, cloze = by_card["organ"], by_card["homa"], by_card["glut4:c1"]
    with pytest.raises(ValueError, match="no wrong typed answer"):
        quiz.override(typed)  # not answered yet
    quiz.answer(choice, "Liver", T0)
    quiz.answer(typed, "HOMA IR", T0)
    quiz.time_out(cloze, T0)
    for question in (choice, typed, cloze):
        with pytest.raises(ValueError, match="no wrong typed answer"):
            quiz.override(question)
    assert [e.rating for e in library.review_log("mixed")] == [
        Rating.AGAIN,
        Rating.GOOD,
        Rating.AGAIN,
    ]


def test_the_report_counts_self_graded_and_overridden_answers(
    library: Library, write_deck: WriteDeck
) -> None:
    thyroid = thyroid_quiz(library, write_deck)
    quiz, by_card = thyroid.quiz, thyroid.questions
    quiz.answer(by_card["tsh"], "hypothalamus", LATER)
    quiz.answer(by_card["t4"], "tetraiodothyronine", LATER)
    quiz.override(by_card["t4"])
    quiz.self_grade(by_card["trt-men"], knew=True, now=LATER)
    quiz.self_grade(by_card["trt-women"], knew=False, now=LATER)
    report = quiz.report()
    assert (report.correct, report.total, report.self_graded, report.overridden) == (2, 4, 2, 1)
    assert {r.question.card.id for r in report.missed} == {"tsh", "trt-women"}
