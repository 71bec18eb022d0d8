"""Quizzes: auto-graded questions drawn from a deck tree, with a report at the end.

Choice, typed and cloze cards are asked as they are; a basic or reverse card
becomes multiple choice, with the answers of other cards of its deck as
distractors, when its deck has enough short distinct answers, and is typed
otherwise. Every answer goes into the review log with mode "quiz"; the
`quiz_schedule` setting decides whether it also moves the card's schedule.
"""

from __future__ import annotations

import random
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from enum import StrEnum

from endoquiz.answer_checking import AnswerCheck, check_choice, check_typed
from endoquiz.deck_model import Card, CardKind
from endoquiz.progress_store import ProgressStore
from endoquiz.scheduler import Scheduler
from endoquiz.scheduling import CardState, Rating, StudySettings, answer_time, as_utc

__all__ = ["QuestionKind", "QuizQuestion", "QuizReport", "QuizResult", "QuizSession"]

# An answer this long or longer is not a good multiple-choice option.
MAX_CHOICE_LENGTH = 120
# Answers of this many words or fewer may stand in for each other as options.
SHORT_ANSWER_WORDS = 3
# A basic card's answer is fair to type when it is this short.
MAX_TYPED_ANSWER_WORDS = 8
CHOICES = 4
# Seconds per question when the quiz is timed.
SECONDS_PER_QUESTION = 30


class QuestionKind(StrEnum):
    """How a question is answered."""

    CHOICE = "choice"
    TYPED = "typed"


@dataclass(frozen=True, slots=True)
class QuizQuestion:
    """One question of a quiz.

    Attributes:
        number: 1-based position in the quiz.
        prompt: Markdown to show (a cloze card's text with its gap).
        choices: the options, for a choice question.
        answer: the right answer; `accept` lists other forms a typed answer may take.
    """

    number: int
    card: Card
    kind: QuestionKind
    prompt: str
    answer: str
    choices: tuple[str, ...] = ()
    accept: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class QuizResult:
    """How one question was answered; `given` is empty when time ran out."""

    question: QuizQuestion
    given: str
    correct: bool
    check: AnswerCheck | None
    duration_ms: int | None
    timed_out: bool = False


@dataclass(frozen=True, slots=True)
class QuizReport:
    """The end of a quiz: score, time, and every question missed."""

    correct: int
    total: int
    time: timedelta
    missed: tuple[QuizResult, ...]

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
        self.questions = tuple(self._questions(list(cards), size))
        self._results: dict[int, QuizResult] = {}
        self._last_answer_at = self.started
        # Time from the start to the last answer, less any jump back of the
        # clock (which would make it negative).
        self._elapsed = timedelta(0)

    # -- building ----------------------------------------------------------

    def _questions(self, cards: list[Card], size: int) -> list[QuizQuestion]:
        # One card per deck entry: siblings would answer each other.
        by_note: dict[tuple[str, str], Card] = {}
        for card in cards:
            by_note.setdefault((card.deck_id, card.note_id), card)
        # Prefer cards that make fair auto-graded questions; a basic card with a
        # long answer and no distractors would have to be typed word for word,
        # so such cards only fill a quiz that has nothing better.
        fair: list[Card] = []
        long_typed: list[Card] = []
        for card in by_note.values():
            (fair if self._gradeable(card, cards) else long_typed).append(card)
        picked = self._rng.sample(fair, min(size, len(fair)))
        if len(picked) < size:
            picked += self._rng.sample(long_typed, min(size - len(picked), len(long_typed)))
        return [self._question(number, card, cards) for number, card in enumerate(picked, 1)]

    def _gradeable(self, card: Card, all_cards: list[Card]) -> bool:
        if card.kind not in (CardKind.BASIC, CardKind.REVERSE):
            return True
        if len(card.back.split()) <= MAX_TYPED_ANSWER_WORDS and "\n" not in card.back:
            return True
        return len(self._distractors(card, all_cards)) >= CHOICES - 1

    def _question(self, number: int, card: Card, all_cards: list[Card]) -> QuizQuestion:
        if card.kind is CardKind.CHOICE and card.answer is not None:
            choices = list(card.choices)
            self._rng.shuffle(choices)
            return QuizQuestion(
                number, card, QuestionKind.CHOICE, card.front, card.answer, tuple(choices)
            )
        if card.kind in (CardKind.TYPED, CardKind.CLOZE) and card.answer is not None:
            return QuizQuestion(
                number, card, QuestionKind.TYPED, card.front, card.answer, accept=card.accept
            )
        distractors = self._distractors(card, all_cards)
        if len(distractors) >= CHOICES - 1:
            choices = [card.back, *self._rng.sample(distractors, CHOICES - 1)]
            self._rng.shuffle(choices)
            return QuizQuestion(
                number, card, QuestionKind.CHOICE, card.front, card.back, tuple(choices)
            )
        return QuizQuestion(number, card, QuestionKind.TYPED, card.front, card.back)

    @staticmethod
    def _distractors(card: Card, all_cards: list[Card]) -> list[str]:
        """Answers of other cards of the same deck that could pass for this
        card's answer: cards asking the same kind of question (the same prompt
        once the terms it names are taken out: "What is **X**?", a table
        column), and, for answers of a few words, other short answers. Never
        answers to a different kind of question."""
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

    # -- answering ---------------------------------------------------------

    def answer(
        self,
        question: QuizQuestion,
        given: str,
        now: datetime | None = None,
        *,
        duration_ms: int | None = None,
    ) -> QuizResult:
        """Grade an answer, log it (mode "quiz"), and apply the quiz_schedule setting.

        Raises:
            ValueError: for a question already answered, or a choice that is
                not one of the question's.
        """
        return self._record(question, given, now, duration_ms, timed_out=False)

    def time_out(self, question: QuizQuestion, now: datetime | None = None) -> QuizResult:
        """Time ran out on a question: it counts as wrong."""
        return self._record(question, "", now, None, timed_out=True)

    def _record(
        self,
        question: QuizQuestion,
        given: str,
        now: datetime | None,
        duration_ms: int | None,
        *,
        timed_out: bool,
    ) -> QuizResult:
        if question.number in self._results:
            raise ValueError(f"question {question.number} is already answered")
        moment = as_utc(now) if now is not None else datetime.now(UTC)
        check: AnswerCheck | None = None
        if timed_out:
            correct = False
        elif question.kind is QuestionKind.CHOICE:
            if given not in question.choices:
                raise ValueError(f"{given!r} is not one of the choices")
            correct = check_choice(_as_choice_card(question), given)
        else:
            check = check_typed(question.answer, question.accept, given)
            correct = check.correct
        if duration_ms is None:
            duration_ms = max(0, round((moment - self._last_answer_at).total_seconds() * 1000))
        self._elapsed += max(timedelta(0), moment - self._last_answer_at)
        self._last_answer_at = moment
        self._log(question.card, correct, moment, duration_ms)
        result = QuizResult(question, given, correct, check, duration_ms, timed_out)
        self._results[question.number] = result
        return result

    def _log(self, card: Card, correct: bool, now: datetime, duration_ms: int) -> None:
        previous = self._store.card_state(card.deck_id, card.id)
        if previous is None:  # pragma: no cover - the library syncs cards before quizzes
            raise ValueError(f"card {card.deck_id}:{card.id} is not installed")
        rating = Rating.GOOD if correct else Rating.AGAIN
        policy = self._settings.quiz_schedule
        moves = policy == "always" or (policy == "wrong-resets" and not correct)
        # As in study: never logged or scheduled before the card's last answer.
        now = answer_time(previous, now)
        # Not moving the schedule, the answer is logged and the state kept.
        updated: CardState = self._scheduler.answer(previous, rating, now) if moves else previous
        self._store.record_answer(
            updated,
            rating=rating,
            reviewed_at=now,
            duration_ms=duration_ms,
            previous=previous,
            mode="quiz",
            state_before=previous.state,
        )

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
        )

    def missed_cards(self) -> list[Card]:
        """The cards of the questions missed, to study them again."""
        return [r.question.card for r in self.results if not r.correct]


def _as_choice_card(question: QuizQuestion) -> Card:
    """The question's card as a choice card, so check_choice grades a basic
    card turned into multiple choice the same way as a real one."""
    return replace(
        question.card,
        kind=CardKind.CHOICE,
        choices=question.choices,
        answer=question.answer,
    )


def _question_shape(front: str) -> str:
    """A prompt without what it names: bold terms and quoted lines removed,
    so "What is **insulin**?" and "What is **cortisol**?" share a shape."""
    lines = [line for line in front.splitlines() if not line.lstrip().startswith(">")]
    text = re.sub(r"\*\*[^*]+\*\*", "", " ".join(lines))
    return " ".join(text.split()).casefold()
