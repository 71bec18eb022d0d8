"""The study flow without a screen: the card shown, revealing it, the rating
Space gives, answering, undo, the counts and the leech notice.

Mnemosyne's review controller is the model: a study page shows what its
controller holds and forwards the learner's keys to it, so that every
decision of the flow is made, and tested, here, without Qt.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from endoquiz.decks.card_text import front_markdown, revealed_markdown
from endoquiz.decks.deck_model import Card, CardKind
from endoquiz.scheduling import LEECH_LAPSES, CardState, Rating
from endoquiz.study.answer_checking import AnswerCheck, check_choice, check_typed, suggested_rating
from endoquiz.study.review_session import ReviewSession, SessionCounts, SessionSummary

__all__ = ["StudyController", "Verdict"]

# The kinds whose answer the learner gives (picks, types) before it shows;
# the others show their answer when asked.
AUTO_GRADED = frozenset({CardKind.CHOICE, CardKind.TYPED})


@dataclass(frozen=True, slots=True)
class Verdict:
    """How an answer picked or typed before the card's answer showed was judged.

    Attributes:
        correct: whether it was the card's answer.
        given: the option picked, or the text typed.
        check: for a typed answer, the comparison (with its diff); else None.
    """

    correct: bool
    given: str
    check: AnswerCheck | None = None


class StudyController:
    """One study session as a screen shows it, one card at a time.

    Space and Enter follow one rule, `proceed`: they show the answer of a
    card that is revealed on request, and once the answer shows they answer
    the `suggested` rating: Good, or Again after a wrong pick or typed answer.
    The learner may rate otherwise with 1-4 (`press_number`).

    Methods that answer or undo write to the progress store, and raise
    StoreError when it cannot be written; the controller is then as before.

    Attributes:
        session: the ReviewSession studied.
        card: the card shown; None when nothing is left to show now.
        revealed: whether the card's answer shows.
        suggested: the rating Space and Enter give once the answer shows.
        verdict: how the answer picked or typed for this card was judged.
        notice: a sentence for the learner about the last answer (it made
            its card a leech), or None.
        answers: answers given in this session and not undone.
    """

    def __init__(
        self,
        session: ReviewSession,
        *,
        now: datetime | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        """`clock` gives seconds, for the time each answer took."""
        self.session = session
        self._clock = clock
        self.card: Card | None = None
        self.revealed = False
        self.suggested = Rating.GOOD
        self.verdict: Verdict | None = None
        self.notice: str | None = None
        self.answers = 0
        self._shown_at = clock()
        # The largest share of the session done shown so far: the bar only grows.
        self._done_shown = 0.0
        self._show_next(now)

    def _show_next(self, now: datetime | None) -> None:
        # Cleared first: a next card that cannot be read (its stored text
        # damaged, its deck file gone) must not leave the answered one on
        # screen to be answered twice.
        self.card = None
        self.revealed = False
        self.suggested = Rating.GOOD
        self.verdict = None
        self.card = self.session.next_card(now)
        self._shown_at = self._clock()

    # -- what the screen shows ---------------------------------------------

    @property
    def markdown(self) -> str:
        """The card as it shows: its question, with the answer below it once
        revealed; "" when there is no card."""
        if self.card is None:
            return ""
        return revealed_markdown(self.card) if self.revealed else front_markdown(self.card)

    @property
    def can_undo(self) -> bool:
        return self.session.can_undo

    def counts(self, now: datetime | None = None) -> SessionCounts:
        """The cards left to show: new, learning, review."""
        return self.session.counts(now)

    def learning_later(self, now: datetime | None = None) -> int:
        """Cards in learning that come back later today, when due."""
        return self.session.learning_later(now)

    def progress(self, now: datetime | None = None) -> float:
        """The share of the session done, 0 to 1: answers given against
        answers given and cards left. It never goes back, though cards in
        learning come back, except when an answer is undone."""
        left = sum(self.counts(now))
        done = self.answers / (self.answers + left) if self.answers + left else 1.0
        self._done_shown = max(self._done_shown, done)
        return self._done_shown

    def intervals(self, now: datetime | None = None) -> dict[Rating, timedelta]:
        """For each rating, when the card would be due again: for the buttons."""
        if self.card is None:
            return {}
        return self.session.next_intervals(self.card, now)

    def summary(self) -> SessionSummary:
        return self.session.summary()

    # -- what the learner does ---------------------------------------------

    def reread_card(self) -> None:
        """Show the card's text as its deck file now has it (after an edit
        was saved and synced), its answer still shown or hidden as it was;
        a card no longer in the file is passed over for the next."""
        self.session.reread_cards()
        if self.card is None:
            return
        try:
            self.card = self.session.next_card()
        except KeyError:
            self._show_next(None)

    def reveal(self) -> bool:
        """Show the card's answer (a card whose answer is picked or typed
        shows it unjudged); whether it was hidden."""
        if self.card is None or self.revealed:
            return False
        self.revealed = True
        return True

    def pick(self, option: str) -> Verdict | None:
        """Pick an option of a multiple-choice card: it is judged and the
        answer shows, suggesting Good if right and Again if wrong.

        Raises:
            ValueError: for an option the card does not offer.
        """
        card = self.card
        if card is None or self.revealed or card.kind is not CardKind.CHOICE:
            return None
        return self._judged(Verdict(check_choice(card, option), option))

    def pick_number(self, number: int) -> Verdict | None:
        """Pick option `number` (1 is the first) of a multiple-choice card."""
        if self.card is None or not 1 <= number <= len(self.card.choices):
            return None
        return self.pick(self.card.choices[number - 1])

    def type_answer(self, text: str) -> Verdict | None:
        """Give the typed answer of a typed card: it is checked leniently and
        the answer shows, suggesting Good if right and Again if wrong."""
        card = self.card
        if card is None or self.revealed or card.kind is not CardKind.TYPED:
            return None
        check = check_typed(card.answer or "", card.accept, text)
        return self._judged(Verdict(check.correct, text, check))

    def _judged(self, verdict: Verdict) -> Verdict:
        self.verdict = verdict
        self.suggested = suggested_rating(verdict.correct)
        self.revealed = True
        return verdict

    def answer(self, rating: Rating, now: datetime | None = None) -> CardState | None:
        """Rate the card whose answer shows, and show the next one. The answer
        is saved first; None when no answer shows.

        Raises:
            StoreError: when the answer cannot be saved; the card stays.
        """
        card = self.card
        if card is None or not self.revealed:
            return None
        took_ms = max(0, round((self._clock() - self._shown_at) * 1000))
        state = self.session.answer(card, rating, now, duration_ms=took_ms)
        self.answers += 1
        self.notice = _leech_notice(state) if self.session.became_leech else None
        self._show_next(now)
        return state

    def proceed(self, now: datetime | None = None) -> CardState | None:
        """What Space and Enter do: show the answer of a card revealed on
        request; once the answer shows, answer the suggested rating (the
        answer saved, as `answer`). A card whose answer is picked or typed
        waits for it."""
        if self.card is None:
            return None
        if self.revealed:
            return self.answer(self.suggested, now)
        if self.card.kind not in AUTO_GRADED:
            self.reveal()
        return None

    def press_number(self, number: int, now: datetime | None = None) -> CardState | None:
        """What the number keys do: once the answer shows, 1-4 rate (Again,
        Hard, Good, Easy; the answer saved, as `answer`); before, they pick
        that option of a multiple-choice card."""
        if self.revealed:
            return self.answer(Rating(number), now) if 1 <= number <= len(Rating) else None
        self.pick_number(number)
        return None

    def undo(self, now: datetime | None = None) -> bool:
        """Take the session's last answer back: the card it answered shows
        again, its answer hidden. Whether there was one.

        Raises:
            StoreError: when it cannot be saved; nothing changes then.
        """
        if not self.session.can_undo:
            return False
        self.session.undo(now)
        self.answers -= 1
        self.notice = None
        self._done_shown = 0.0  # the bar goes back with the answer
        self._show_next(now)
        return True


def _leech_notice(state: CardState) -> str:
    suspended = " and was suspended" if state.suspended else ""
    return (
        f"The last card has now been forgotten {LEECH_LAPSES} times: it is a leech{suspended}. "
        "Rewording it, or splitting it into smaller cards, usually helps."
    )
