"""Fuzz as Anki applies it: Anki's own cases for its ranges (from
rslib/src/scheduler/states/fuzz.rs), the learning-step fuzz, and factors
that are the same for a card at the same review count."""

from __future__ import annotations

import pytest

from endoquiz.fuzz import (
    card_seed,
    constrained_fuzz_bounds,
    fuzz_bounds,
    fuzz_factor,
    learning_fuzz,
    minimum_review_fuzz_interval,
    with_review_fuzz,
)


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
