"""How many cases each fault series runs: a few in `make test`, the full
series under `make faults` (ENDOQUIZ_FAULTS=1)."""

from __future__ import annotations

import os

FULL = os.environ.get("ENDOQUIZ_FAULTS") == "1"


def cases(quick: int, full: int) -> range:
    """The case numbers of a series: `full` of them under `make faults`."""
    return range(full if FULL else quick)
