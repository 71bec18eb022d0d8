"""Anki's scheduling rules, each on its own, through the library: days counted
in study days, Hard < Good < Easy, steps past the rollover, the maximum
interval, memory states as Anki keeps them. (tests/conformance/ checks the
same against Anki's own scheduler on many sequences.)"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from endoquiz import CardState, Library, Rating, State
from endoquiz.scheduling import study_date
from tests.conftest import WriteDeck, basic_deck

A, H, G, E = Rating.AGAIN, Rating.HARD, Rating.GOOD, Rating.EASY
DAY = timedelta(days=1)


class OneCard:
    """One card of a fresh library, answered at any time (shown now whatever
    its due date, as a quiz's missed cards are)."""

    def __init__(self, library: Library, write_deck: WriteDeck) -> None:
        self.library = library
        deck = write_deck(basic_deck("rules", ["only"]))
        library.add_deck(deck, now=datetime(2020, 1, 1, tzinfo=UTC))
        self.card = library.deck("rules").cards[0]

    def answer(self, rating: Rating, at: datetime) -> CardState:
        session = self.library.review("rules", now=at, focus=[self.card])
        return session.answer(self.card, rating, at)

    def buttons(self, at: datetime) -> dict[Rating, timedelta]:
        session = self.library.review("rules", now=at, focus=[self.card])
        return session.next_intervals(self.card, at)

    def days(self, state: CardState, at: datetime) -> int:
        """Study days from `at` to the card's due day."""
        assert state.due is not None
        starts = self.library.settings.day_starts_at
        return (study_date(state.due, starts, UTC) - study_date(at, starts, UTC)).days


@pytest.fixture
def one(library: Library, write_deck: WriteDeck) -> OneCard:
    return OneCard(library, write_deck)


def test_days_between_answers_are_study_days(one: OneCard) -> None:
    """Answered at 05:00 on each due day, earlier in the day than the answer
    before (10:00 would be later): whole days since then are one fewer than
    the study days, which Anki counts (issue 13: 7d 32d 118d … 2618d before)."""
    at = datetime(2024, 1, 1, 10, 0, tzinfo=UTC)
    one.answer(G, at)
    at += timedelta(minutes=10)
    state = one.answer(G, at)
    intervals = [one.days(state, at)]
    for _ in range(8):
        assert state.due is not None
        at = state.due.replace(hour=5, minute=0)
        state = one.answer(G, at)
        intervals.append(one.days(state, at))
    assert intervals == [2, 11, 46, 163, 498, 1348, 3299, 7415, 15506]


def test_the_next_morning_is_the_next_study_day(one: OneCard) -> None:
    """A review at 23:00, then another at 05:00 the next morning: six hours,
    but the next study day. FSRS is told one day, not a same-day review, so
    the stability grows (py-fsrs, counting whole 24 hours, left it as it was)."""
    at = datetime(2024, 1, 1, 10, 0, tzinfo=UTC)
    one.answer(G, at)
    one.answer(G, at + timedelta(minutes=10))
    evening = one.answer(G, datetime(2024, 1, 3, 23, 0, tzinfo=UTC))
    morning_at = datetime(2024, 1, 4, 5, 0, tzinfo=UTC)
    morning = one.answer(G, morning_at)
    assert (evening.stability, morning.stability) == (10.9713, 15.4385)
    assert one.days(morning, morning_at) == 15


def test_hard_good_easy_keep_their_order_on_a_same_day_repeat(one: OneCard) -> None:
    """A review card answered again the same day: FSRS proposes about the
    same interval for Hard and Good; Anki keeps Hard < Good < Easy and Good
    not below the interval the card has (2 days)."""
    at = datetime(2024, 1, 1, 9, 0, tzinfo=UTC)
    one.answer(G, at)
    graduated = one.answer(G, at + timedelta(minutes=10))
    assert one.days(graduated, at) == 2
    buttons = one.buttons(at + timedelta(minutes=40))
    assert [buttons[r] for r in (A, H, G, E)] == [timedelta(minutes=10), 2 * DAY, 3 * DAY, 4 * DAY]


def test_easy_is_a_day_above_good_when_leaving_relearning(one: OneCard) -> None:
    at = datetime(2024, 1, 1, 9, 0, tzinfo=UTC)
    for rating, minutes in ((G, 0), (G, 10), (G, 20), (G, 30)):
        one.answer(rating, at + timedelta(minutes=minutes))
    lapsed = one.answer(A, at + timedelta(minutes=40))
    assert lapsed.state is State.RELEARNING
    buttons = one.buttons(at + timedelta(minutes=50))
    assert buttons[E] >= buttons[G] + DAY


def test_a_learning_step_past_the_rollover_is_a_day(one: OneCard) -> None:
    """10 minutes at 05:55, the study day starting at 06:00: due when the next
    study day starts, shown as 1 day; then 7 and 32 days, as in Anki
    (issue 13: 10 minutes, then 2 and 11 days before)."""
    one.library.update_settings(day_starts_at=6)
    at = datetime(2024, 1, 1, 5, 55, tzinfo=UTC)
    assert one.buttons(at)[G] == DAY
    state = one.answer(G, at)
    assert state.state is State.LEARNING
    assert state.due == datetime(2024, 1, 1, 6, 0, tzinfo=UTC)
    at = datetime(2024, 1, 1, 7, 0, tzinfo=UTC)
    state = one.answer(G, at)
    assert one.days(state, at) == 7
    assert state.due is not None
    at = state.due
    assert one.days(one.answer(G, at), at) == 32


def test_easy_at_the_maximum_interval_is_the_maximum(one: OneCard) -> None:
    """Good at the maximum makes Easy's least (a day more) above it: the
    maximum wins. (Anki with fuzz gives the maximum; without, in its test
    mode, it stops on it, so the conformance reference cannot hold this.)"""
    one.library.update_settings(maximum_interval=1)
    at = datetime(2024, 1, 1, 9, 0, tzinfo=UTC)
    assert one.buttons(at)[E] == DAY
    one.answer(E, at)
    lapsed = one.answer(A, at + DAY)
    assert lapsed.state is State.RELEARNING
    buttons = one.buttons(at + DAY + timedelta(minutes=10))
    assert buttons[G] == buttons[E] == DAY


def test_memory_states_are_kept_as_anki_keeps_them(one: OneCard) -> None:
    """Computed in single precision and kept to 4 and 3 decimals: Anki's
    figures for a first Good."""
    state = one.answer(G, datetime(2024, 1, 1, 9, 0, tzinfo=UTC))
    assert (state.stability, state.difficulty) == (2.3065, 2.118)


def test_settings_and_zone_shape_the_days(data_dir: Path, write_deck: WriteDeck) -> None:
    """The rollover is the learner's local hour: in Tokyo (UTC+9) with days
    starting at 04:00, 18:30 UTC is 03:30 the next morning, still the
    evening's study day."""
    from zoneinfo import ZoneInfo

    with Library.open(data_dir, fuzz=False, timezone=ZoneInfo("Asia/Tokyo")) as library:
        one = OneCard(library, write_deck)
        at = datetime(2024, 1, 1, 18, 30, tzinfo=UTC)
        state = one.answer(G, at)
        assert state.state is State.LEARNING
        # 10 minutes later is 03:40 in Tokyo: the step stays within the day.
        assert one.buttons(at)[A] == timedelta(minutes=1)
        late = at + timedelta(minutes=25)  # 03:55 in Tokyo: 10 minutes passes 04:00
        assert one.buttons(late)[H] == DAY
