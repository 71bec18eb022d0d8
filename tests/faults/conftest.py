"""How many cases each fault series runs: a few in `make test`, the full
series under `make faults` (ENDOQUIZ_FAULTS=1)."""

from __future__ import annotations

import os

FULL = os.environ.get("ENDOQUIZ_FAULTS") == "1"


def cases(quick: int, full: int, found: tuple[int, ...] = ()) -> list[int]:
    """The case numbers of a series: `full` of them under `make faults`;
    `found` are cases that found a defect once, run every time after."""
    numbers = range(full if FULL else quick)
    return [*numbers, *(case for case in found if case not in numbers)]
