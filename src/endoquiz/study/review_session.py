"""A study session over a deck tree: which card comes next, answering, undo.

Order, as in Anki: learning cards due now, then reviews due today, then new
cards in deck order; then learning cards due within the learn-ahead window.
Daily limits count the whole tree's answers since the study day began.

Siblings (cards of one entry) are not shown on the same study day: as Anki's
queues are built, an entry gives today's queues one card, and none once one
of its cards was answered today. A card in learning holds its new and review
siblings back, a review its new siblings, and of several the first due (or
the first in deck order) is queued. So the counts are the cards the session
will show, and `Library.deck_counts` counts the same cards.

Queues are built as Anki builds them: in SQL (`store.session_queries`),
in queue order, each only as long as today's limits can show, one card per
entry kept as the rows are read; a card's text and whole state are read
when it is shown. Opening a session costs about the same at 100,000 cards
as at 1,000. The new and review queues never need reading again while the
day lasts: each answer shortens one by at most one card and the limit it is
read to by one. Learning has no limit (thousands of cards can be in it), so
its queue (`learning_queue`) holds the first few, reads on as they are
answered, and counts the others in SQL; a learning card holds its siblings
back in the queries.

The session is one state machine (its queues, the answers given, their
undo, and the summary they add up to), which is why this module runs past
400 lines.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import datetime, timedelta, tzinfo
from typing import NamedTuple

from endoquiz.common.clock import as_utc, moment_or_now
from endoquiz.decks.deck_model import Card
from endoquiz.scheduling import (
    AnswerMode,
    CardState,
    Rating,
    State,
    StudySettings,
    answer_time,
    next_study_day_start,
    study_day_start,
)
from endoquiz.scheduling.scheduler import Scheduler
from endoquiz.store.errors import CardChangedError
from endoquiz.store.progress_store import ProgressStore
from endoquiz.study.learning_queue import LearningQueue

__all__ = ["ReviewSession", "SessionCounts", "SessionSummary"]

# Like Anki: with nothing else left, a learning card due this soon is shown now.
LEARN_AHEAD = timedelta(minutes=20)

_Key = tuple[str, str]  # (deck id, card id)


class SessionCounts(NamedTuple):
    """Cards left in a session today: new, learning, review."""

    new: int
    learning: int
    review: int


@dataclass(frozen=True, slots=True)
class SessionSummary:
    """What a session did, for the learner at its end.

    Attributes:
        answers: answers given (a card answered twice counts twice).
        cards: different cards answered.
        time: time spent: the sum of the answers' durations where known,
            else from the first answer to the last.
        ratings: answers per rating.
        due_tomorrow: studied cards of these decks due by the end of the next
            study day.
        held_back: cards due today (or new) not shown because a sibling (a
            card of the same entry) was answered in this session: they come
            on the next study day.
        learning_returns: when the first card still in learning today comes
            back (None when none does).
    """

    answers: int
    cards: int
    time: timedelta
    ratings: dict[Rating, int]
    due_tomorrow: int
    held_back: int = 0
    learning_returns: datetime | None = None


@dataclass(frozen=True, slots=True)
class _UndoStep:
    key: _Key
    previous: CardState
    log_id: int
    rating: Rating
    at: datetime
    duration_ms: int | None


class ReviewSession:
    """Study of one deck and its children. Created by `Library.review`.

    Every answer is committed to the progress store before `answer` returns.
    """

    def __init__(
        self,
        *,
        store: ProgressStore,
        scheduler: Scheduler,
        preview_scheduler: Scheduler,
        settings: StudySettings,
        zone: tzinfo | None,
        deck_id: str,
        deck_ids: Sequence[str],
        load: Callable[[str, str], Card],
        now: datetime,
        focus: Sequence[_Key] | None = None,
    ) -> None:
        """`deck_ids`: the decks of `deck_id`'s tree whose cards can be shown
        (their files usable), in tree order; `load` builds a card's text from
        its (deck id, card id) when it is shown."""
        self.deck_id = deck_ids[0] if deck_ids else deck_id
        self._store = store
        self._scheduler = scheduler
        self._preview_scheduler = preview_scheduler
        self._settings = settings
        self._zone = zone
        # The decks queued, and those whose answers today count to the limits.
        self._queue_decks = tuple(deck_ids)
        self._deck_ids = self._queue_decks or (deck_id,)
        self._load = load
        self._built: dict[_Key, Card] = {}
        # With a focus (e.g. the cards missed in a quiz), the session shows
        # those cards now, whatever their due date and the daily limits.
        self._focus_keys: tuple[_Key, ...] | None = None
        if focus is not None:
            shown = store.session.active_keys(self._queue_decks, list(focus))
            self._focus_keys = tuple(key for key in focus if key in shown)
        self._undo: list[_UndoStep] = []
        # Whether the last answer made its card a leech (a notice for the learner).
        self.became_leech = False
        self._build(as_utc(now))
        # The first card's text is built now: a session that cannot show it
        # (its stored text damaged, its deck file unreadable) fails at once.
        first = self._pick(as_utc(now))
        if first is not None:
            self._card(first)

    # -- queues ------------------------------------------------------------

    def _build(self, now: datetime) -> None:
        """Load today's queues from the store; done at start, after undo and
        when a new study day begins."""
        self._day_start = study_day_start(now, self._settings.day_starts_at, self._zone)
        self._day_end = next_study_day_start(now, self._settings.day_starts_at, self._zone)
        # The states of the cards read so far (read as they are shown).
        self._states: dict[_Key, CardState] = {}
        # Insertion-ordered dicts as queues: O(1) removal of an answered card.
        self._review: dict[_Key, None] = {}
        self._new: dict[_Key, None] = {}
        self._new_done = 0
        self._reviews_done = 0
        self._pending: _Key | None = None
        self._focus: dict[_Key, None] = {}

        queries = self._store.session
        # Entries that give today's queues no other card: those answered
        # today (and, in the queries, those with a card in learning).
        taken: set[_Key] = set()
        for answer in queries.answered(self._deck_ids, self._day_start):
            if answer.note_id is not None and answer.deck_id in self._queue_decks:
                taken.add((answer.deck_id, answer.note_id))
            if answer.state_before == State.NEW:
                self._new_done += 1
            elif answer.state_before == State.REVIEW:
                self._reviews_done += 1
        if self._focus_keys is not None:
            # Each focused card comes up once now; after its answer in this
            # session it follows its learning steps like any card.
            answered = {step.key for step in self._undo}
            self._focus = dict.fromkeys(k for k in self._focus_keys if k not in answered)
            self._learning = LearningQueue(self._learning_today(answered))
            return
        # Learning cards are never held back, but hold their siblings back.
        self._learning = LearningQueue.stored(queries, self._queue_decks, self._day_end)
        # Read to what the limits leave (see the module docstring); a due
        # review holds its new siblings back (in the query).
        reviews_left = self._settings.reviews_per_day - self._reviews_done
        reviews = queries.reviews(self._queue_decks, self._day_end, reviews_left, taken)
        self._review = dict.fromkeys((row.deck_id, row.card_id) for row in reviews)
        new_left = self._settings.new_per_day - self._new_done
        new = queries.new_cards(self._queue_decks, self._day_end, new_left, taken)
        self._new = dict.fromkeys((row.deck_id, row.card_id) for row in new)

    def _learning_today(self, keys: set[_Key]) -> list[tuple[datetime, _Key]]:
        """Those of `keys` in learning, due before the day ends (read one by one: few)."""
        states = {key: self._store.card_state(*key) for key in keys}
        return [
            (due, key)
            for key, state in states.items()
            if state is not None and (due := self._learning_due(state)) is not None
        ]

    def _learning_due(self, state: CardState) -> datetime | None:
        """When a card comes back today in learning; None if it does not."""
        learning = state.state in (State.LEARNING, State.RELEARNING)
        if learning and state.active and not state.suspended and state.due is not None:
            return state.due if state.due < self._day_end else None
        return None

    def _roll_over_if_needed(self, now: datetime) -> None:
        if now >= self._day_end or now < self._day_start:
            self._build(now)

    def _now(self, now: datetime | None) -> datetime:
        return moment_or_now(now)

    # -- public API --------------------------------------------------------

    def next_card(self, now: datetime | None = None) -> Card | None:
        """The card to show now, or None when nothing is left for today.

        Asking again without answering returns the same card.
        """
        moment = self._now(now)
        self._roll_over_if_needed(moment)
        if self._pending is not None:
            return self._card(self._pending)
        key = self._pick(moment)
        if key is None:
            return None
        # Read as shown: the answer is saved only if no one else answered
        # the card since (two windows, two processes).
        self._current_state(key)
        return self._card(key)

    def _card(self, key: _Key) -> Card:
        card = self._built.get(key)
        if card is None:
            card = self._built[key] = self._load(*key)
        return card

    def _pick(self, now: datetime) -> _Key | None:
        learning = self._learning.first()
        if learning is not None and learning[0] <= now:
            return learning[1]
        if self._focus:
            return next(iter(self._focus))
        if self._review and self._reviews_done < self._settings.reviews_per_day:
            return next(iter(self._review))
        if self._new and self._new_done < self._settings.new_per_day:
            return next(iter(self._new))
        if learning is not None and learning[0] <= now + LEARN_AHEAD:
            return learning[1]
        return None

    def answer(
        self,
        card: Card,
        rating: Rating | int,
        now: datetime | None = None,
        *,
        duration_ms: int | None = None,
        mode: AnswerMode | str = AnswerMode.REVIEW,
    ) -> CardState:
        """Answer a card; the new state is committed to disk before this returns.

        An answer timed before the card's last answer (the clock was moved
        back) counts as given at the last answer: it is scheduled from that
        time and logged with it.

        Args:
            card: a card of this session's decks (normally the one from `next_card`).
            rating: 1-4, Again / Hard / Good / Easy.
            duration_ms: time the learner took, if known.
            mode: "review", or "quiz" for answers given in a quiz.

        Raises:
            ValueError: for a rating outside 1-4, an unknown card or mode.
        """
        rating = Rating(rating)
        try:
            mode = AnswerMode(mode)
        except ValueError:
            raise ValueError(f"mode must be one of {tuple(AnswerMode)}, not {mode!r}") from None
        key = (card.deck_id, card.id)
        if not self._in_session(key):
            raise ValueError(f"card {card.deck_id}:{card.id} is not in this session's decks")
        moment = self._now(now)
        self._roll_over_if_needed(moment)
        previous = self._current_state(key)
        # Logged, as scheduled, no earlier than the card's last answer: the
        # log of a card stays in order, and its entries' intervals (due date
        # minus answer time) are the ones the scheduler gave.
        moment = answer_time(previous, moment)
        updated = self._scheduler.answer(previous, rating, moment)
        # The lapse that makes a leech: say so, and suspend it if asked to.
        self.became_leech = updated.is_leech and not previous.is_leech
        if self.became_leech and self._settings.suspend_leeches:
            updated = replace(updated, suspended=True)
        try:
            log_id = self._store.record_answer(
                updated,
                rating=rating,
                reviewed_at=moment,
                duration_ms=duration_ms,
                mode=mode,
                state_before=previous.state,
                previous=previous,
            )
        except CardChangedError:
            # Answered elsewhere: the next try starts from the stored state.
            stored = self._store.card_state(*key)
            if stored is not None:
                self._states[key] = stored
            raise
        self._undo.append(_UndoStep(key, previous, log_id, rating, moment, duration_ms))
        self._after_answer(key, previous, updated)
        return updated

    def _current_state(self, key: _Key) -> CardState:
        """The card's state as last read or answered here (read when shown)."""
        state = self._states.get(key)
        if state is None:
            state = self._store.card_state(*key)
            if state is not None:
                self._states[key] = state
        if state is None:  # pragma: no cover - the library syncs cards before sessions
            raise ValueError(f"card {key[0]}:{key[1]} is not installed")
        return state

    def _after_answer(self, key: _Key, previous: CardState, updated: CardState) -> None:
        self._states[key] = updated
        self._pending = None
        self._review.pop(key, None)
        self._new.pop(key, None)
        self._focus.pop(key, None)
        self._learning.remove(key)
        if previous.state is State.NEW:
            self._new_done += 1
        elif previous.state is State.REVIEW:
            self._reviews_done += 1
        due = self._learning_due(updated)
        if due is not None:
            self._learning.add(due, key)

    def undo(self, now: datetime | None = None) -> Card | None:
        """Revert the last answer of this session: its log entry and the card's
        state. The reverted card is shown next. None when there is nothing to undo."""
        if not self._undo:
            return None
        step = self._undo.pop()
        self._store.undo_answer(step.log_id, step.previous)
        self._build(self._now(now))
        self._pending = step.key
        return self._card(step.key)

    @property
    def can_undo(self) -> bool:
        return bool(self._undo)

    def reread_cards(self) -> None:
        """Read the cards' text from the store again when next shown: their
        deck file was edited (the card editor) and synced, and the session
        shows them as they are now. Their scheduling is not touched."""
        self._built.clear()

    def counts(self, now: datetime | None = None) -> SessionCounts:
        """The cards left to show now: new (within the daily limit), learning
        (due within the learn-ahead window, as in Anki: those due later today
        are `learning_later`), review (within the limit)."""
        moment = self._now(now)
        self._roll_over_if_needed(moment)
        learning = self._learning.due_by(moment + LEARN_AHEAD)
        if self._focus_keys is not None:
            # Focused cards count as due reviews: they are all to be seen now.
            return SessionCounts(new=0, learning=learning, review=len(self._focus))
        new_left = max(0, self._settings.new_per_day - self._new_done)
        reviews_left = max(0, self._settings.reviews_per_day - self._reviews_done)
        return SessionCounts(
            new=min(len(self._new), new_left),
            learning=learning,
            review=min(len(self._review), reviews_left),
        )

    def learning_later(self, now: datetime | None = None) -> int:
        """Learning cards due later today, beyond the learn-ahead window: the
        session shows each when it is due."""
        moment = self._now(now)
        self._roll_over_if_needed(moment)
        return self._learning.due_after(moment + LEARN_AHEAD)

    def summary(self) -> SessionSummary:
        """Cards studied, time, answers per rating and what is due tomorrow."""
        steps = self._undo  # every answer not undone, in order
        timed = [s.duration_ms for s in steps if s.duration_ms is not None]
        if steps and len(timed) == len(steps):
            spent = timedelta(milliseconds=sum(timed))
        else:
            # From one answer to the next, leaving out the jumps back of a
            # clock moved back, which would make the time negative.
            spent = sum(
                (max(timedelta(0), b.at - a.at) for a, b in itertools.pairwise(steps)),
                timedelta(0),
            )
        tomorrow_end = next_study_day_start(
            self._day_end + timedelta(hours=1), self._settings.day_starts_at, self._zone
        )
        return SessionSummary(
            answers=len(steps),
            cards=len({s.key for s in steps}),
            time=spent,
            ratings={rating: sum(1 for s in steps if s.rating is rating) for rating in Rating},
            due_tomorrow=self._store.due_count(self._deck_ids, tomorrow_end),
            held_back=self._held_back({s.key for s in steps}),
            learning_returns=first[0] if (first := self._learning.first()) else None,
        )

    def _held_back(self, answered: set[_Key]) -> int:
        """Cards due today or new, held back for the day because a sibling of
        theirs is among `answered` (and not in learning, which is shown)."""
        return self._store.session.held_back(self._queue_decks, self._day_end, sorted(answered))

    def _in_session(self, key: _Key) -> bool:
        """Whether a card is one of this session's: an active card of its decks."""
        if key[0] not in self._queue_decks:
            return False
        state = self._states.get(key) or self._store.card_state(*key)
        return state is not None and state.active

    def card_state(self, card: Card) -> CardState:
        """The current scheduling state of a card of this session."""
        return self._current_state((card.deck_id, card.id))

    def next_intervals(self, card: Card, now: datetime | None = None) -> dict[Rating, timedelta]:
        """For each rating, the interval Anki would show on its button (without
        fuzz): whole days when the card would next be due on a later study day,
        else the length of a learning step."""
        state = self._current_state((card.deck_id, card.id))
        outcomes = self._preview_scheduler.outcomes(state, self._now(now))
        return {rating: outcome.interval for rating, outcome in outcomes.items()}
