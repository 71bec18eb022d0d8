"""A quiz's questions: drawn from a deck tree's cards, each asked as its card allows.

Choice cards are asked as they are. A basic or reverse card becomes multiple
choice when it has enough wrong options: its entry's own `distractors`
first, then the deck's of the same shape, then the answers of other cards
of its deck to the same kind of question, those of the same shape as its
answer first (see `answer_shapes`); else it is typed when its back is a
short answer (see `short_answers`), and else the learner reveals the answer
and says whether they knew it. A typed or cloze card is typed, unless its
entry names distractors: then it is multiple choice too, when it has enough.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass
from enum import StrEnum

from endoquiz.decks.answer_shapes import AnswerShape, answer_shape, same_answer
from endoquiz.decks.card_text import front_markdown
from endoquiz.decks.deck_model import Card, CardKind
from endoquiz.study.short_answers import short_answer_forms

# An answer this long or longer is not a good multiple-choice option.
MAX_CHOICE_LENGTH = 120
# Answers of this many words or fewer may stand in for each other as options.
SHORT_ANSWER_WORDS = 3
CHOICES = 4


class QuestionKind(StrEnum):
    """How a question is answered, and so who grades it.

    CHOICE and TYPED are graded by the quiz; SELF_GRADED ones by the learner,
    who reveals the answer and says whether they knew it.
    """

    CHOICE = "choice"
    TYPED = "typed"
    SELF_GRADED = "self-graded"


@dataclass(frozen=True, slots=True)
class QuizQuestion:
    """One question of a quiz.

    Attributes:
        number: 1-based position in the quiz.
        prompt: Markdown to show (a cloze card's text with its gap; the
            card's image below it).
        choices: the options, for a choice question.
        answer: the right answer, as the card gives it (Markdown for a
            self-graded question); `accept` lists the other forms a typed
            answer may take (a basic card's: the core of its back, another
            name, an abbreviation; see `short_answer_forms`).
    """

    number: int
    card: Card
    kind: QuestionKind
    prompt: str
    answer: str
    choices: tuple[str, ...] = ()
    accept: tuple[str, ...] = ()


def draw_questions(cards: list[Card], size: int, rng: random.Random) -> list[QuizQuestion]:
    """Up to `size` questions, one per deck entry, those the quiz can grade
    itself first; each asked as its card allows (see the module docstring)."""
    # One card per deck entry: siblings would answer each other.
    by_note: dict[tuple[str, str], Card] = {}
    for card in cards:
        by_note.setdefault((card.deck_id, card.note_id), card)
    pool = _DistractorPool(cards)
    # Prefer cards the quiz can grade itself; the rest, which the learner
    # grades, fill a quiz that has too few of them.
    graded: list[Card] = []
    self_graded: list[Card] = []
    for card in by_note.values():
        (graded if _gradeable(card, pool) else self_graded).append(card)
    picked = rng.sample(graded, min(size, len(graded)))
    if len(picked) < size:
        picked += rng.sample(self_graded, min(size - len(picked), len(self_graded)))
    return [_question(number, card, pool, rng) for number, card in enumerate(picked, 1)]


def _gradeable(card: Card, pool: _DistractorPool) -> bool:
    """Whether the quiz can grade the card fairly: a card with its own
    answer, a short answer to type, or enough distractors to choose from."""
    if card.kind not in (CardKind.BASIC, CardKind.REVERSE):
        return True
    if short_answer_forms(card.back, card.front) is not None:
        return True
    named = len(card.distractors) + len(card.deck_distractors)
    return named + len(pool.distractors(card, enough=CHOICES - 1)) >= CHOICES - 1


def _question(number: int, card: Card, pool: _DistractorPool, rng: random.Random) -> QuizQuestion:
    prompt = front_markdown(card)
    if card.kind is CardKind.CHOICE and card.answer is not None:
        choices = list(card.choices)
        rng.shuffle(choices)
        return QuizQuestion(number, card, QuestionKind.CHOICE, prompt, card.answer, tuple(choices))
    if card.kind in (CardKind.TYPED, CardKind.CLOZE) and card.answer is not None:
        options = (
            _options(card, card.answer, pool.typed_distractors(card), rng, pool)
            if card.distractors
            else None
        )
        if options is not None:
            return QuizQuestion(number, card, QuestionKind.CHOICE, prompt, card.answer, options)
        return QuizQuestion(
            number, card, QuestionKind.TYPED, prompt, card.answer, accept=card.accept
        )
    options = _options(card, card.back, pool.distractors(card), rng, pool)
    if options is not None:
        return QuizQuestion(number, card, QuestionKind.CHOICE, prompt, card.back, options)
    # Typed against the short answer's forms, never the whole back: "The
    # anterior pituitary (adenohypophysis)." takes "anterior pituitary".
    forms = short_answer_forms(card.back, card.front)
    if forms is not None:
        return QuizQuestion(number, card, QuestionKind.TYPED, prompt, card.back, accept=forms)
    return QuizQuestion(number, card, QuestionKind.SELF_GRADED, prompt, card.back)


def _options(
    card: Card, answer: str, others: list[str], rng: random.Random, pool: _DistractorPool
) -> tuple[str, ...] | None:
    """The answer and CHOICES - 1 wrong options, shuffled; None when there
    are too few. Wrong options come from the entry's own distractors, then
    the deck's (already of the answer's shape), then `others` (other cards'
    answers), those of the answer's shape and length in words first: an
    acronym among acronyms, a dose among doses, a sentence among sentences.
    Never the answer, nor one of its `accept` forms, written otherwise."""
    if len(answer) > MAX_CHOICE_LENGTH:
        return None
    taken = {same_answer(text) for text in (answer, *card.accept)}
    chosen: list[str] = []
    for group in (card.distractors, card.deck_distractors):
        _pick(rng.sample(group, len(group)), taken, chosen)
    if len(chosen) < CHOICES - 1:
        _pick(_ranked_sample(answer, others, rng, pool), taken, chosen)
    if len(chosen) < CHOICES - 1:
        return None
    options = [answer, *chosen]
    rng.shuffle(options)
    return tuple(options)


def _pick(texts: list[str], taken: set[str], chosen: list[str]) -> None:
    """Add texts, in order, to `chosen` up to CHOICES - 1, each once and
    none `taken` (the answer's forms), as `same_answer` compares them."""
    for text in texts:
        if len(chosen) == CHOICES - 1:
            return
        compared = same_answer(text)
        if compared not in taken:
            taken.add(compared)
            chosen.append(text)


# Other cards' answers ranked for a question: a random sample this large
# (a deck may offer 100,000 of one kind of question; ranking them all for
# every question made a quiz three times slower).
_SAMPLE = 32


def _ranked_sample(
    answer: str, others: list[str], rng: random.Random, pool: _DistractorPool
) -> list[str]:
    """Some of `others` at random, those of the answer's shape first, then
    those closest to it in length; all of the answer's shape are looked
    for when a sample holds too few of them."""
    shape, words = pool.shape_of(answer), len(answer.split())
    sample = rng.sample(others, min(len(others), _SAMPLE))
    if len(others) > _SAMPLE and sum(pool.shape_of(t) is shape for t in sample) < CHOICES - 1:
        same = [text for text in others if pool.shape_of(text) is shape]
        sample = rng.sample(same, min(len(same), _SAMPLE)) + sample
    # A stable sort: the random order stays among equals.
    return sorted(
        sample, key=lambda t: (pool.shape_of(t) is not shape, abs(len(t.split()) - words))
    )


@dataclass(frozen=True, slots=True)
class _Option:
    """A card whose back may stand as another card's distractor."""

    note_id: str
    back: str
    folded: str  # the back, casefolded: options that differ only in case are one


class _DistractorPool:
    """The answers of a quiz's cards that may stand as distractors, grouped
    once by deck and by question shape: finding a card's distractors then
    reads its own group, not every card of the tree (which made drawing a
    quiz quadratic: minutes at 100,000 cards)."""

    def __init__(self, cards: list[Card]) -> None:
        # In the cards' order, which the choices are sampled from.
        self._by_shape: dict[tuple[str, str], list[_Option]] = {}
        self._short: dict[str, list[_Option]] = {}
        # Each answer's shape, found once per quiz.
        self._shapes: dict[str, AnswerShape] = {}
        # Typed and cloze answers, by deck: options for such cards that
        # name too few distractors of their own.
        self._typed: dict[str, list[_Option]] = {}
        # Each card's (deck, shape), made once: every card asked about is here.
        self._shape_of: dict[tuple[str, str], tuple[str, str]] = {}
        for card in cards:
            if card.kind in (CardKind.TYPED, CardKind.CLOZE) and card.answer is not None:
                typed = _Option(card.note_id, card.answer, card.answer.casefold())
                self._typed.setdefault(card.deck_id, []).append(typed)
            if card.kind not in (CardKind.BASIC, CardKind.REVERSE):
                continue
            if len(card.back) > MAX_CHOICE_LENGTH:
                continue
            option = _Option(card.note_id, card.back, card.back.casefold())
            shape = (card.deck_id, _question_shape(card.front))
            self._shape_of[card.deck_id, card.id] = shape
            self._by_shape.setdefault(shape, []).append(option)
            if len(card.back.split()) <= SHORT_ANSWER_WORDS:
                self._short.setdefault(card.deck_id, []).append(option)

    def distractors(self, card: Card, *, enough: int | None = None) -> list[str]:
        """Answers of other cards of the same deck that could pass for this
        card's answer: cards asking the same kind of question (the same
        prompt once the terms it names are taken out: "What is **X**?", a
        table column), and, for answers of a few words, other short answers.
        Never answers to a different kind of question. With `enough`, the
        search may stop once that many are found (to count, not to choose)."""
        if len(card.back) > MAX_CHOICE_LENGTH:
            return []
        shape = self._shape_of.get((card.deck_id, card.id))
        if shape is None:  # not among the options (another kind of card)
            shape = (card.deck_id, _question_shape(card.front))
        seen = {card.back.casefold()}
        same_shape: list[str] = []
        for option in self._by_shape.get(shape, ()):
            if option.note_id != card.note_id and option.folded not in seen:
                seen.add(option.folded)
                same_shape.append(option.back)
                if enough is not None and len(same_shape) >= enough:
                    return same_shape
        if len(same_shape) >= CHOICES - 1 or len(card.back.split()) > SHORT_ANSWER_WORDS:
            return same_shape
        # Short answers to other kinds of question, each once, none that is
        # already an option (`seen` now holds every same-shape answer).
        extra: dict[str, None] = {}
        for option in self._short.get(card.deck_id, ()):
            if option.note_id == card.note_id or option.folded in seen:
                continue
            extra[option.back] = None
            if enough is not None and len(same_shape) + len(extra) >= enough:
                break
        return same_shape + list(extra)

    def shape_of(self, answer: str) -> AnswerShape:
        """`answer_shape(answer)`, each text's found once."""
        shape = self._shapes.get(answer)
        if shape is None:
            shape = self._shapes[answer] = answer_shape(answer)
        return shape

    def typed_distractors(self, card: Card) -> list[str]:
        """Answers of other typed and cloze entries of the card's deck, and
        the deck's short answers: options for a typed or cloze card asked
        as multiple choice (`_options` prefers those of its shape)."""
        answers = self._typed.get(card.deck_id, []) + self._short.get(card.deck_id, [])
        found = {option.back: None for option in answers if option.note_id != card.note_id}
        return [text for text in found if len(text) <= MAX_CHOICE_LENGTH]


def _question_shape(front: str) -> str:
    """A prompt without what it names: bold terms and quoted lines removed,
    so "What is **insulin**?" and "What is **cortisol**?" share a shape."""
    lines = [line for line in front.splitlines() if not line.lstrip().startswith(">")]
    text = re.sub(r"\*\*[^*]+\*\*", "", " ".join(lines))
    return " ".join(text.split()).casefold()
