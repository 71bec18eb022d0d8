"""Quizzes: which questions, grading, the log, the schedule policy, the report."""

from __future__ import annotations

from datetime import timedelta

import pytest

from endoquiz import Library, Rating, State
from endoquiz.quiz_session import QuestionKind
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


def test_questions_mix_kinds_and_turn_basic_cards_into_choices(
    library: Library, write_deck: WriteDeck
) -> None:
    library.add_deck(write_deck(MIXED))
    quiz = library.quiz("mixed", size=50, seed=1, now=T0)
    by_card = {q.card.id: q for q in quiz.questions}
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
    # Asked for more questions than fair ones exist, the long card fills in.
    assert len(library.quiz("long", size=3, seed=7, now=T0).questions) == 3
