"""Quizzes: questions (`quiz_questions`) answered and graded fairly, with a report at the end.

A typed answer judged wrong may be counted right by the learner. Every
answer goes into the review log with mode "quiz"; the `quiz_schedule`
setting decides whether it also moves the card's schedule.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import datetime, timedelta

from endoquiz.common.clock import as_utc, moment_or_now
from endoquiz.decks.deck_model import Card, CardKind
from endoquiz.scheduling import (
    AnswerMode,
    CardState,
    QuizSchedule,
    Rating,
    StudySettings,
    answer_time,
)
from endoquiz.scheduling.scheduler import Scheduler
from endoquiz.store.progress_store import ProgressStore
from endoquiz.study.answer_checking import AnswerCheck, check_choice, check_typed
from endoquiz.study.quiz_questions import QuestionKind, QuizQuestion, draw_questions

__all__ = ["QuizReport", "QuizResult", "QuizSession"]

# Seconds per question when the quiz is timed.
SECONDS_PER_QUESTION = 30


@dataclass(frozen=True, slots=True)
class QuizResult:
    """How one question was answered.

    Attributes:
        given: the choice picked or the text typed; empty for a self-graded
            question, and when time ran out.
        correct: the verdict: the quiz's, the learner's own for a self-graded
            question, or True once the learner overrode a wrong verdict.
        check: the `AnswerCheck` of a typed answer.
        overridden: the quiz judged a typed answer wrong, and the learner said
            it was right (`QuizSession.override`).
    """

    question: QuizQuestion
    given: str
    correct: bool
    check: AnswerCheck | None
    duration_ms: int | None
    timed_out: bool = False
    overridden: bool = False

    @property
    def can_override(self) -> bool:
        """Whether the learner may still say this answer was right: a typed
        answer the quiz judged wrong (not one time ran out on)."""
        return self.question.kind is QuestionKind.TYPED and not self.correct and not self.timed_out


@dataclass(frozen=True, slots=True)
class QuizReport:
    """The end of a quiz: score, time, and every question missed.

    Attributes:
        correct: right answers, self-graded and overridden ones included.
        self_graded: questions the learner graded (knew it or not).
        overridden: typed answers judged wrong that the learner counted right.
    """

    correct: int
    total: int
    time: timedelta
    missed: tuple[QuizResult, ...]
    self_graded: int = 0
    overridden: int = 0

    @property
    def score(self) -> float:
        return self.correct / self.total if self.total else 0.0


class QuizSession:
    """A quiz over a deck tree. Created by `Library.quiz`."""

    def __init__(
        self,
        *,
        store: ProgressStore,
        scheduler: Scheduler,
        settings: StudySettings,
        cards: Sequence[Card],
        size: int,
        timed: bool,
        seed: int | None,
        now: datetime,
    ) -> None:
        if size < 1:
            raise ValueError("a quiz needs at least one question")
        self._store = store
        self._scheduler = scheduler
        self._settings = settings
        self.timed = timed
        self.seconds_per_question = SECONDS_PER_QUESTION if timed else None
        self.started = as_utc(now)
        self._rng = random.Random(seed)
        self.questions = tuple(draw_questions(list(cards), size, self._rng))
        self._results: dict[int, QuizResult] = {}
        self._logged: dict[int, _LoggedAnswer] = {}
        self._last_answer_at = self.started
        # Time from the start to the last answer, less any jump back of the
        # clock (which would make it negative).
        self._elapsed = timedelta(0)

    # -- answering ---------------------------------------------------------

    def answer(
        self,
        question: QuizQuestion,
        given: str,
        now: datetime | None = None,
        *,
        duration_ms: int | None = None,
    ) -> QuizResult:
        """Grade a choice or typed answer, log it (mode "quiz"), and apply
        the quiz_schedule setting.

        Raises:
            ValueError: for a question already answered, a self-graded one
                (see `self_grade`), or a choice that is not one of the
                question's.
            StoreError: when the answer cannot be saved; the question stays
                unanswered.
        """
        if question.kind is QuestionKind.SELF_GRADED:
            raise ValueError(f"question {question.number} is self-graded: use self_grade")
        self._check_unanswered(question)
        check: AnswerCheck | None = None
        if question.kind is QuestionKind.CHOICE:
            if given not in question.choices:
                raise ValueError(f"{given!r} is not one of the choices")
            correct = check_choice(_as_choice_card(question), given)
        else:
            check = check_typed(question.answer, question.accept, given)
            correct = check.correct
        return self._record(QuizResult(question, given, correct, check, duration_ms), now)

    def self_grade(
        self,
        question: QuizQuestion,
        knew: bool,
        now: datetime | None = None,
        *,
        duration_ms: int | None = None,
    ) -> QuizResult:
        """The learner saw the answer to a self-graded question and says
        whether they knew it; logged as `answer` logs a right or wrong answer.

        Raises:
            ValueError: for a question already answered, or one the quiz grades.
            StoreError: when the answer cannot be saved.
        """
        if question.kind is not QuestionKind.SELF_GRADED:
            raise ValueError(f"question {question.number} is graded by the quiz: use answer")
        self._check_unanswered(question)
        return self._record(QuizResult(question, "", knew, None, duration_ms), now)

    def time_out(self, question: QuizQuestion, now: datetime | None = None) -> QuizResult:
        """Time ran out on a question: it counts as wrong."""
        self._check_unanswered(question)
        return self._record(QuizResult(question, "", False, None, None, timed_out=True), now)

    def override(self, question: QuizQuestion) -> QuizResult:
        """The learner says a typed answer the quiz judged wrong was right:
        it counts as right, and its log entry becomes a right answer's (at
        the time it was given), as if graded so from the start: the card's
        schedule is put back, then the quiz_schedule setting applied to a
        right answer.

        Raises:
            ValueError: unless the question's answer was typed and judged
                wrong (not overridden already, and not out of time).
            StoreError: when the change cannot be saved; nothing changes.
        """
        result = self._results.get(question.number)
        if result is None or not result.can_override:
            raise ValueError(f"question {question.number} has no wrong typed answer to override")
        logged = self._logged[question.number]
        overridden = replace(result, correct=True, overridden=True)
        self._logged[question.number] = self._log(
            question.card,
            True,
            logged.reviewed_at,
            result.duration_ms,
            previous=logged.previous,
            replacing=logged,
        )
        self._results[question.number] = overridden
        return overridden

    def _check_unanswered(self, question: QuizQuestion) -> None:
        if question.number in self._results:
            raise ValueError(f"question {question.number} is already answered")

    def _record(self, result: QuizResult, now: datetime | None) -> QuizResult:
        moment = moment_or_now(now)
        duration_ms = result.duration_ms
        if duration_ms is None:
            duration_ms = max(0, round((moment - self._last_answer_at).total_seconds() * 1000))
        card = result.question.card
        previous = self._store.card_state(card.deck_id, card.id)
        if previous is None:  # pragma: no cover - the library syncs cards before quizzes
            raise ValueError(f"card {card.deck_id}:{card.id} is not installed")
        # Saved first: an answer that cannot be saved leaves the question open.
        logged = self._log(card, result.correct, moment, duration_ms, previous=previous)
        self._elapsed += max(timedelta(0), moment - self._last_answer_at)
        self._last_answer_at = moment
        result = replace(result, duration_ms=duration_ms)
        self._results[result.question.number] = result
        self._logged[result.question.number] = logged
        return result

    def _log(
        self,
        card: Card,
        correct: bool,
        now: datetime,
        duration_ms: int | None,
        *,
        previous: CardState,
        replacing: _LoggedAnswer | None = None,
    ) -> _LoggedAnswer:
        """Log an answer and apply the quiz_schedule setting to the card.

        `previous` is the card's state before the answer; `replacing`, an
        answer of this quiz this one takes the place of.
        """
        rating = Rating.GOOD if correct else Rating.AGAIN
        policy = self._settings.quiz_schedule
        moves = policy is QuizSchedule.ALWAYS or (
            policy is QuizSchedule.WRONG_RESETS and not correct
        )
        # As in study: never logged or scheduled before the card's last answer.
        now = answer_time(previous, now)
        # Not moving the schedule, the answer is logged and the state kept.
        updated: CardState = self._scheduler.answer(previous, rating, now) if moves else previous
        log_id = self._store.record_answer(
            updated,
            rating=rating,
            reviewed_at=now,
            duration_ms=duration_ms,
            # Compare and set against what is stored: the replaced answer's
            # state when there is one.
            previous=replacing.after if replacing is not None else previous,
            mode=AnswerMode.QUIZ,
            state_before=previous.state,
            replacing=replacing.log_id if replacing is not None else None,
        )
        return _LoggedAnswer(log_id, now, previous, updated)

    # -- progress ----------------------------------------------------------

    @property
    def results(self) -> tuple[QuizResult, ...]:
        return tuple(self._results[n] for n in sorted(self._results))

    def next_question(self) -> QuizQuestion | None:
        """The first question not answered yet, or None when the quiz is over."""
        return next((q for q in self.questions if q.number not in self._results), None)

    @property
    def correct_count(self) -> int:
        return sum(1 for r in self._results.values() if r.correct)

    def report(self) -> QuizReport:
        """Score, time and the questions missed, in quiz order."""
        results = self.results
        return QuizReport(
            correct=self.correct_count,
            total=len(self.questions),
            time=self._elapsed,
            missed=tuple(r for r in results if not r.correct),
            self_graded=sum(
                1
                for r in results
                if r.question.kind is QuestionKind.SELF_GRADED and not r.timed_out
            ),
            overridden=sum(1 for r in results if r.overridden),
        )

    def missed_cards(self) -> list[Card]:
        """The cards of the questions missed, to study them again."""
        return [r.question.card for r in self.results if not r.correct]


@dataclass(frozen=True, slots=True)
class _LoggedAnswer:
    """An answer of the quiz as the log holds it: what an override replaces.

    Attributes:
        log_id: its review log entry.
        reviewed_at: when it counts as given.
        previous / after: the card's state before and after it.
    """

    log_id: int
    reviewed_at: datetime
    previous: CardState
    after: CardState


def _as_choice_card(question: QuizQuestion) -> Card:
    """The question's card as a choice card, so check_choice grades a basic
    card turned into multiple choice the same way as a real one."""
    return replace(
        question.card,
        kind=CardKind.CHOICE,
        choices=question.choices,
        answer=question.answer,
    )
