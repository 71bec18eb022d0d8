"""Checks of single values read from outside (stored settings, progress files):
the right JSON type and a bounded range, or an error that names the field."""

from __future__ import annotations

import math
from collections.abc import Iterable
from typing import Any

__all__ = ["choice", "known_entries", "real", "shown", "whole"]


def shown(value: Any) -> str:
    """`value` as an error message quotes it: its repr, cut to 40 characters."""
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."


def real(name: str, value: Any, low: float, high: float) -> float:
    """`value` when it is a finite number (not a bool) from `low` to `high`.

    Raises:
        TypeError: when it is not a number.
        ValueError: when it is out of range.
    """
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise TypeError(f"{name} must be a number, not {shown(value)}")
    if not (math.isfinite(value) and low <= value <= high):
        raise ValueError(f"{name} must be from {low:g} to {high:g}, not {shown(value)}")
    return float(value)


def whole(name: str, value: Any, low: int, high: int) -> int:
    """`value` when it is a whole number (not a bool) from `low` to `high`.

    Raises:
        TypeError: when it is not a whole number.
        ValueError: when it is out of range.
    """
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"{name} must be a whole number, not {shown(value)}")
    if not low <= value <= high:
        raise ValueError(f"{name} must be from {low:,} to {high:,}, not {shown(value)}")
    return value


def choice(name: str, value: Any, allowed: tuple[Any, ...]) -> Any:
    """`value` when it is one of `allowed` (of the same type: True is not 1).

    Raises:
        ValueError: otherwise.
    """
    if not any(type(value) is type(option) and value == option for option in allowed):
        listed = ", ".join(str(option) for option in allowed)
        raise ValueError(f"{name} must be one of {listed}, not {shown(value)}")
    return value


def known_entries(name: str, data: Any, fields_of: Iterable[str]) -> dict[str, Any]:
    """The entries of stored JSON `data` (an object) that are among
    `fields_of`; those of a newer version are dropped.

    Raises:
        TypeError: when `data` is not an object.
    """
    if not isinstance(data, dict):
        raise TypeError(f"{name} must be an object, not {shown(data)}")
    known = set(fields_of)
    return {key: value for key, value in data.items() if key in known}
