"""Fuzz as Anki applies it: Anki's own cases for its ranges (from
rslib/src/scheduler/states/fuzz.rs), and through the library, fuzz that stays
in them, comes out the same for a card at the same review count (an undo and
redo), and that a learner can turn off."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from endoquiz import Library, Rating
from endoquiz.scheduling import study_date
from endoquiz.scheduling.fuzz import (
    card_seed,
    constrained_fuzz_bounds,
    fuzz_bounds,
    fuzz_factor,
    learning_fuzz,
    minimum_review_fuzz_interval,
    with_review_fuzz,
)
from tests.conftest import WriteDeck, basic_deck

T0 = datetime(2024, 1, 1, 10, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("interval", "minimum", "maximum", "lower", "middle", "upper"),
    [
        # no fuzzing for an interval of 1-2.49
        (1.0, 1, 1000, 1, 1, 1),
        (2.49, 1, 1000, 2, 2, 2),
        # 1 day for intervals >= 2.5
        (2.5, 1, 1000, 2, 3, 4),
        # ... plus 0.15 for every day in the range 2.5-7
        (7.0, 1, 1000, 5, 7, 9),
        # ... plus 0.1 for every day in the range 7-20
        (17.0, 1, 1000, 14, 17, 20),
        # ... plus 0.05 for every day above 20
        (37.0, 1, 1000, 33, 37, 41),
        # a fuzz range of at least 2, if allowed
        (2.0, 2, 1000, 2, 2, 2),
        (2.0, 3, 1000, 3, 4, 4),
        (2.0, 3, 3, 3, 3, 3),
        # range transitions
        (6.9, 3, 1000, 5, 7, 9),
        (7.0, 3, 1000, 5, 7, 9),
        (7.1, 3, 1000, 5, 7, 9),
        (19.9, 3, 1000, 17, 20, 23),
        (20.0, 3, 1000, 17, 20, 23),
        (20.1, 3, 1000, 17, 20, 23),
        # limits respected, valid intervals still equally likely
        (100.0, 101, 1000, 101, 105, 108),
        (100.0, 1, 99, 92, 96, 99),
        (100.0, 97, 103, 97, 100, 103),
    ],
)
def test_anki_fuzz_cases(
    interval: float, minimum: int, maximum: int, lower: int, middle: int, upper: int
) -> None:
    assert [with_review_fuzz(f, interval, minimum, maximum) for f in (0.0, 0.5, 0.99)] == [
        lower,
        middle,
        upper,
    ]


def test_unfuzzed_intervals_are_rounded_and_kept_within_limits() -> None:
    assert with_review_fuzz(None, 1.5, 1, 100) == 2
    assert with_review_fuzz(None, 0.1, 1, 100) == 1
    assert with_review_fuzz(None, 101.0, 1, 100) == 100
    # Rust rounds halves away from zero, Python's round() to even.
    assert with_review_fuzz(None, 2.5, 1, 100) == 3


def test_eleven_days_fuzz_to_nine_to_thirteen() -> None:
    """Issue 13: py-fsrs gave 9-14."""
    assert fuzz_bounds(11.0) == (9, 13)
    assert constrained_fuzz_bounds(11.0, 1, 36500) == (9, 13)
    assert {with_review_fuzz(k / 100, 11.0, 1, 36500) for k in range(100)} == set(range(9, 14))


def test_the_previous_interval_is_kept_only_within_its_range() -> None:
    assert minimum_review_fuzz_interval(2.7269483, 4, 36500) == 4
    assert minimum_review_fuzz_interval(2.7269483, 5, 36500) == 0
    assert minimum_review_fuzz_interval(4.591988, 4, 36500) == 5


def test_learning_steps_grow_by_a_quarter_at_most_five_minutes() -> None:
    assert learning_fuzz(None, 600) == 600
    seeds = range(200)
    assert {learning_fuzz(s, 60) for s in seeds} == set(range(60, 75))
    assert {learning_fuzz(s, 600) for s in seeds} <= set(range(600, 750))
    assert max(learning_fuzz(s, 3600) for s in seeds) < 3600 + 300
    assert learning_fuzz(7, 3) == 3  # under 4 seconds: nothing to add


def test_a_card_and_review_count_always_give_the_same_factor() -> None:
    seed = card_seed("deck", "card", 3)
    assert fuzz_factor(seed) == fuzz_factor(card_seed("deck", "card", 3))
    assert seed + 1 == card_seed("deck", "card", 4)
    factors = {fuzz_factor(card_seed("deck", f"c{i}", 0)) for i in range(100)}
    assert len(factors) == 100 and all(0 <= f < 1 for f in factors)


def graduate_then_good(library: Library, deck_id: str) -> list[int]:
    """Every card learned on T0 (2 days, too short to fuzz), then answered
    Good on its due day: the days each is given (11 unfuzzed)."""
    session = library.review(deck_id, now=T0)
    cards = library.deck(deck_id).cards
    for card in cards:
        session.answer(card, Rating.GOOD, T0)
        session.answer(card, Rating.GOOD, T0 + timedelta(minutes=10))
    later = T0 + timedelta(days=2)
    session = library.review(deck_id, now=later)
    days = []
    for card in cards:
        state = session.answer(card, Rating.GOOD, later)
        assert state.due is not None
        days.append((study_date(state.due, 4, UTC) - study_date(later, 4, UTC)).days)
    return days


def test_fuzzed_intervals_stay_in_anki_range(tmp_path: Path, write_deck: WriteDeck) -> None:
    deck = write_deck(basic_deck("fuzz", [f"c{i:03}" for i in range(150)]))
    with Library.open(tmp_path / "plain", fuzz=False, timezone=UTC) as library:
        library.add_deck(deck)
        library.update_settings(new_per_day=1000)
        assert set(graduate_then_good(library, "fuzz")) == {11}
    with Library.open(tmp_path / "fuzzed", fuzz=True, timezone=UTC) as library:
        library.add_deck(deck)
        library.update_settings(new_per_day=1000)
        assert set(graduate_then_good(library, "fuzz")) == set(range(9, 14))


def test_undo_and_redo_give_the_same_fuzzed_interval(data_dir: Path, write_deck: WriteDeck) -> None:
    with Library.open(data_dir, fuzz=True, timezone=UTC) as library:
        library.add_deck(write_deck(basic_deck("redo", [f"c{i}" for i in range(10)])))
        session = library.review("redo", now=T0)
        for card in library.deck("redo").cards:
            first = session.answer(card, Rating.EASY, T0)
            session.undo(T0)
            # Redone a minute later, from another session: the same interval.
            again = library.review("redo", now=T0 + timedelta(minutes=1))
            redone = again.answer(card, Rating.EASY, T0 + timedelta(minutes=1))
            assert first.due is not None and redone.due is not None
            assert redone.due - first.due == timedelta(minutes=1)


def test_the_learner_can_turn_fuzz_off(data_dir: Path, write_deck: WriteDeck) -> None:
    deck = write_deck(basic_deck("off", [f"c{i:03}" for i in range(30)]))
    with Library.open(data_dir, timezone=UTC) as library:  # fuzz on, as in the app
        library.add_deck(deck)
        library.update_settings(new_per_day=1000, fuzz=False)
    with Library.open(data_dir, timezone=UTC) as library:
        assert library.settings.fuzz is False
        assert set(graduate_then_good(library, "off")) == {11}
