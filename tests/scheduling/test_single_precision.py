"""Single-precision arithmetic as Anki's Rust does it: f32 values, halves
rounded away from zero, memory states kept to a few decimals and written as
the shortest decimal of their f32."""

from __future__ import annotations

from endoquiz.scheduling.single_precision import f32, f32_round, round_places, shortest


def test_values_are_single_precision() -> None:
    assert f32(0.1) == 0.10000000149011612
    assert f32(f32(0.1) * 3) == 0.30000001192092896
    assert f32(2.5) == 2.5
    assert f32(16_777_217.0) == 16_777_216.0  # 2**24 + 1 is not an f32


def test_halves_round_away_from_zero() -> None:
    assert [f32_round(x) for x in (0.5, 1.5, 2.5, -2.5, 2.49)] == [1, 2, 3, -3, 2]


def test_memory_states_keep_anki_decimals() -> None:
    assert round_places(2.118103970459016, 3) == 2.118
    assert round_places(2.30649995803833, 4) == 2.3065
    # Seven significant digits are all an f32 holds: 3298.9609 is 3298.961.
    assert round_places(3298.96087, 4) == 3298.961
    assert shortest(f32(3298.9609)) == 3298.961
    assert f32(3298.961) == f32(3298.9609)
