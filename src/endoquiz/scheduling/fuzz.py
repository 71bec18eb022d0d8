"""Fuzz, as Anki applies it: review intervals spread over Anki's ranges, and
learning steps lengthened a little, each by a factor drawn from a seed made of
the card and its review count (an undo and redo gives the same interval).

A port of rslib/src/scheduler/states/fuzz.rs and of the learning-step fuzz of
rslib/src/scheduler/answering/learning.rs, in single precision as there.
Anki's random generator is not Python's, so a card's factor differs from the
one Anki would draw; the ranges, and that a card and review count always get
the same factor, are Anki's.
"""

from __future__ import annotations

import hashlib
import math
import random

from endoquiz.scheduling.single_precision import f32, f32_round

__all__ = [
    "card_seed",
    "constrained_fuzz_bounds",
    "fuzz_bounds",
    "fuzz_factor",
    "learning_fuzz",
    "minimum_review_fuzz_interval",
    "with_review_fuzz",
]

# (start, end, factor): each day of an interval within a range widens the
# fuzz by `factor` days either way, on top of one day (Anki's FUZZ_RANGES).
_FUZZ_RANGES = (
    (f32(2.5), f32(7.0), f32(0.15)),
    (f32(7.0), f32(20.0), f32(0.1)),
    (f32(20.0), math.inf, f32(0.05)),
)
_NO_FUZZ_BELOW = f32(2.5)
# A learning step grows by up to a quarter, at most five minutes.
_LEARNING_FUZZ_SHARE = f32(0.25)
_LEARNING_FUZZ_SECONDS = 300
_U64 = 2**64


def card_seed(deck_id: str, card_id: str, reps: int) -> int:
    """The fuzz seed of a card answered `reps` times before: Anki adds the
    review count to the card's id; a card's id here is text, so a number is
    made of it first."""
    digest = hashlib.blake2b(f"{deck_id}\0{card_id}".encode(), digest_size=8).digest()
    return (int.from_bytes(digest, "big") + reps) % _U64


def fuzz_factor(seed: int) -> float:
    """A number from 0 up to (not including) 1, the same for the same seed;
    24 random bits, so that it is exact in single precision."""
    return random.Random(seed).getrandbits(24) / 2**24


def _fuzz_delta(interval: float) -> float:
    """Days of fuzz either way: none below 2.5 days, else one plus the share
    of each range the interval covers."""
    if interval < _NO_FUZZ_BELOW:
        return 0.0
    delta = f32(1.0)
    for start, end, factor in _FUZZ_RANGES:
        delta = f32(delta + f32(factor * max(f32(min(interval, end) - start), 0.0)))
    return delta


def fuzz_bounds(interval: float) -> tuple[int, int]:
    """The lowest and highest interval `interval` days may be fuzzed to."""
    delta = _fuzz_delta(interval)
    return f32_round(f32(interval - delta)), f32_round(f32(interval + delta))


def constrained_fuzz_bounds(interval: float, minimum: int, maximum: int) -> tuple[int, int]:
    """`fuzz_bounds` kept within `minimum`..`maximum`, and at least two days
    wide when the bounds allow it and the interval is over two days."""
    minimum = min(minimum, maximum)
    interval = min(max(f32(interval), float(minimum)), float(maximum))
    lower, upper = fuzz_bounds(interval)
    lower = min(max(lower, minimum), maximum)
    upper = min(max(upper, minimum), maximum)
    if upper == lower and 2 < upper < maximum:
        upper = lower + 1
    return lower, upper


def with_review_fuzz(factor: float | None, interval: float, minimum: int, maximum: int) -> int:
    """A review interval of `interval` days, fuzzed by `factor` (None: not
    fuzzed), from `minimum` to `maximum` days.

    Unfuzzed, a `minimum` above `maximum` gives `maximum`, as fuzzed: Anki
    (with fuzz off, in its tests) stops on it instead."""
    if factor is None:
        return min(max(f32_round(f32(interval)), minimum), maximum)
    lower, upper = constrained_fuzz_bounds(interval, minimum, maximum)
    return math.floor(f32(float(lower) + f32(f32(factor) * float(1 + upper - lower))))


def minimum_review_fuzz_interval(interval: float, previous: int, maximum: int) -> int:
    """The least a review interval may be given its previous one: one day
    more when FSRS proposes more, the previous one when it proposes about as
    much (fuzz must not shorten it), else no limit (0)."""
    rounded = f32_round(f32(interval))
    _, upper = constrained_fuzz_bounds(interval, 1, maximum)
    if rounded > previous:
        return previous + 1
    if previous <= upper:
        return previous
    return 0


def learning_fuzz(seed: int | None, seconds: int) -> int:
    """A learning step of `seconds` lengthened by up to a quarter (five
    minutes at most), as drawn from `seed`; None leaves it as it is."""
    if seed is None:
        return seconds
    upper = seconds + math.floor(min(f32(seconds * _LEARNING_FUZZ_SHARE), _LEARNING_FUZZ_SECONDS))
    if seconds >= upper:
        return seconds
    return random.Random(seed).randrange(seconds, upper)
