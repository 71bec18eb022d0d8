"""An Anki collection's progress as endoquiz's: card states and answers, as in a progress file."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import fsrs_rs_python as fsrs_rs
from fsrs.scheduler import MAX_DIFFICULTY, MIN_DIFFICULTY, STABILITY_MIN

from endoquiz.anki.anki_model import AnkiCard, AnkiCollection, AnkiReview
from endoquiz.common.clock import DAY_MS
from endoquiz.scheduling import State
from endoquiz.store.expressions import STUDIED

__all__ = ["ConvertedProgress", "convert_progress"]

# Anki's review log kinds (`revlog.type`) that are answers, and the state
# the card was in before each; a filtered deck's answer ("cram") was given
# in whatever state the card was.
_LEARN, _REVIEW, _RELEARN, _FILTERED = 0, 1, 2, 3
# A card's `due` above this is a moment in seconds (a card in learning due
# today); below, a day number counted from the collection's creation (as
# Anki's own code tells them apart).
_DUE_IS_SECONDS = 1_000_000_000
_SUSPENDED, _BURIED = -1, (-2, -3)
# Anki's flags 1-4 are endoquiz's red, orange, green, blue; 5-7 it has not.
_FLAGS_KEPT = (1, 2, 3, 4)
_FLAG_NAMES = {5: "pink", 6: "turquoise", 7: "purple"}
_DESIRED_RETENTION = 0.9
_DEFAULT_EASE = 2.5


@dataclass(frozen=True, slots=True)
class ConvertedProgress:
    """What a progress file would hold: card rows in `PROGRESS_CARD_COLUMNS`
    order and answers in `PROGRESS_LOG_COLUMNS` order (`store.rows`), not yet
    checked (the importer checks them as it checks a progress file's); and
    what was left out or changed, in words, with how many of each."""

    cards: tuple[tuple[Any, ...], ...]
    log: tuple[tuple[Any, ...], ...]
    changes: Counter[str] = field(default_factory=Counter)


def convert_progress(
    collection: AnkiCollection,
    card_keys: Mapping[int, tuple[str, str]],
    parameters: Sequence[float],
    steps: tuple[int, int] = (2, 1),
) -> ConvertedProgress:
    """The progress of the cards in `card_keys` (Anki's card id -> endoquiz's
    (deck id, card id)): their answers, states, suspension and flags. A card
    without FSRS's memory state in the collection gets the one its answers
    give (as Anki computes it when FSRS is turned on), or, without answers,
    the one its interval and ease give; `parameters` are FSRS's weights.
    `steps` are how many learning and relearning steps endoquiz's settings
    have: a card in learning goes on at the step that leaves it as many as
    Anki left it (at the first, when it has more left than there are)."""
    changes: Counter[str] = Counter()
    answers: dict[int, list[AnkiReview]] = defaultdict(list)
    for review in sorted(collection.reviews, key=lambda review: review.id):
        if review.card_id not in card_keys:
            continue
        if 1 <= review.ease <= 4 and review.kind in (_LEARN, _REVIEW, _RELEARN, _FILTERED):
            answers[review.card_id].append(review)
            if review.kind == _FILTERED:
                changes["answers given in filtered decks: kept, as answers of the card"] += 1
        else:
            changes["manual changes of a due date or a reset, not answers: left out"] += 1
    log = []
    for card_id, given in answers.items():
        log.extend(_log_rows(card_keys[card_id], given, changes))
    fsrs = fsrs_rs.FSRS(list(parameters))
    cards = [
        _card_row(
            card, card_keys[card.id], answers.get(card.id, []), collection, fsrs, steps, changes
        )
        for card in collection.cards
        if card.id in card_keys
    ]
    return ConvertedProgress(tuple(cards), tuple(log), changes)


def _log_rows(
    key: tuple[str, str], given: list[AnkiReview], changes: Counter[str]
) -> list[tuple[Any, ...]]:
    """A card's answers, oldest first, with the state before and after each
    (Anki logs the kind of answer and the interval it gave, not states)."""
    rows: list[tuple[Any, ...]] = []
    state = State.NEW
    for review in given:
        before = _state_before(review.kind, state)
        after = _state_after(before, review)
        duration = min(max(review.duration_ms, 0), DAY_MS)
        if duration != review.duration_ms:
            changes["answer times out of range: bounded"] += 1
        rows.append(
            (
                *key,
                review.ease,
                review.id,
                duration,
                STUDIED,
                int(before),
                int(after),
                review.id + _interval_ms(review.interval),
                None,
                None,
            )
        )
        state = after
    return rows


def _state_before(kind: int, state: State) -> State:
    if kind == _REVIEW:
        return State.REVIEW
    if kind == _RELEARN:
        return State.RELEARNING
    if kind == _LEARN:
        return State.NEW if state == State.NEW else State.LEARNING
    return state  # a filtered deck's answer: the state the card was in


def _state_after(before: State, review: AnkiReview) -> State:
    if review.interval > 0:
        return State.REVIEW
    lapsed = before in (State.REVIEW, State.RELEARNING)
    return State.RELEARNING if lapsed else State.LEARNING


def _interval_ms(interval: int) -> int:
    """Anki's interval: days, or (negative) seconds for a step in learning."""
    return interval * DAY_MS if interval >= 0 else -interval * 1000


def _card_row(
    card: AnkiCard,
    key: tuple[str, str],
    given: list[AnkiReview],
    collection: AnkiCollection,
    fsrs: fsrs_rs.FSRS,
    steps: tuple[int, int],
    changes: Counter[str],
) -> tuple[Any, ...]:
    """The card's row: its state as Anki has it (a card in a filtered deck
    as it stands in its home deck)."""
    if card.queue in _BURIED:
        changes["buried cards: not buried in endoquiz"] += 1
    flag = card.flags if card.flags in _FLAGS_KEPT else 0
    if card.flags in _FLAG_NAMES:
        changes[f"{_FLAG_NAMES[card.flags]} flags: endoquiz has red, orange, green, blue"] += 1
    suspended = 1 if card.queue == _SUSPENDED else 0
    state = State(card.type) if card.type in (0, 1, 2, 3) else State.NEW
    if state == State.NEW:
        return (*key, 0, None, None, None, None, None, card.reps, card.lapses, suspended, flag)
    due_value = card.original_due if card.original_deck_id else card.due
    due = (
        due_value * 1000
        if due_value > _DUE_IS_SECONDS
        else (collection.created_s + due_value * 86_400) * 1000
    )
    if given:
        last_review = given[-1].id
    else:
        last_review = due - _interval_ms(max(card.interval, 0))
        changes["studied cards with no answer logged: last review taken from the interval"] += 1
    stability, difficulty = _memory(card, given, collection, fsrs)
    step = None
    if state in (State.LEARNING, State.RELEARNING):
        total = steps[0] if state == State.LEARNING else steps[1]
        step = min(max(total - card.steps_left, 0), max(total - 1, 0))
    return (
        *key,
        int(state),
        step,
        stability,
        difficulty,
        due,
        last_review,
        card.reps,
        card.lapses,
        suspended,
        flag,
    )


def _memory(
    card: AnkiCard, given: list[AnkiReview], collection: AnkiCollection, fsrs: fsrs_rs.FSRS
) -> tuple[float, float]:
    """FSRS's stability and difficulty: the collection's, else from the
    card's answers, else from its interval and ease (SM-2's)."""
    if card.stability is not None and card.difficulty is not None:
        stability, difficulty = card.stability, card.difficulty
    else:
        memory = None
        if given:
            memory = fsrs.memory_state(_fsrs_item(given, collection.created_s), None)
        if memory is None:
            ease = card.ease_factor / 1000 if card.ease_factor > 0 else _DEFAULT_EASE
            memory = fsrs.memory_state_from_sm2(
                ease, float(max(card.interval, 1)), _DESIRED_RETENTION
            )
        stability, difficulty = float(memory.stability), float(memory.difficulty)
    return max(stability, STABILITY_MIN), min(max(difficulty, MIN_DIFFICULTY), MAX_DIFFICULTY)


def _fsrs_item(given: list[AnkiReview], created_s: int) -> fsrs_rs.FSRSItem:
    """The card's answers as FSRS reads a history: each with the days since
    the one before, counted in the collection's days."""
    reviews = []
    previous_day: int | None = None
    for review in given:
        day = (review.id // 1000 - created_s) // 86_400
        reviews.append(
            fsrs_rs.FSRSReview(review.ease, 0 if previous_day is None else day - previous_day)
        )
        previous_day = day
    return fsrs_rs.FSRSItem(reviews)
