"""Single-precision (f32) arithmetic, as Anki's scheduler computes in Rust.

Each operation on two f32 values, done in Python's doubles and then rounded
to f32, gives the f32 result exactly (a double holds more than twice an f32's
precision), so `f32(a * b)` is Rust's `a * b`. Rounding follows Rust: half
away from zero.
"""

from __future__ import annotations

import math
import struct

__all__ = ["f32", "f32_round", "round_places", "shortest"]

_F32 = struct.Struct("<f")
# Decimal digits that always tell two f32 apart.
_F32_DIGITS = 9


def f32(value: float) -> float:
    """`value` rounded to the nearest single-precision number."""
    result: float = _F32.unpack(_F32.pack(value))[0]
    return result


def f32_round(value: float) -> int:
    """Rust's `round()`: to the nearest whole number, halves away from zero
    (Python's `round` takes halves to even: 2.5 gives 2, Rust gives 3)."""
    return math.floor(value + 0.5) if value >= 0 else -math.floor(-value + 0.5)


def round_places(value: float, places: int) -> float:
    """`value` kept to `places` decimals in f32, as Anki stores a memory state
    (rslib/src/storage/card/data.rs: round_to_places), written as Anki writes
    it: the shortest decimal that is that f32 (2.118, not 2.11800003)."""
    factor = f32(10.0**places)
    return shortest(f32(f32_round(f32(f32(value) * factor)) / factor))


def shortest(single: float) -> float:
    """The shortest decimal that rounds to the f32 `single` (as Rust prints an
    f32); it is the same f32, so computing with it changes nothing."""
    for digits in range(1, _F32_DIGITS + 1):
        candidate = float(f"{single:.{digits}g}")
        if f32(candidate) == single:
            return candidate
    return single
