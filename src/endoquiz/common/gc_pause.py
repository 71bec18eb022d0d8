"""Pausing Python's cycle collector while a deck's or a merge's many objects are built.

Reading a 100,000-card deck makes about a million objects that all live to
the end (nodes, then cards), and none of them in cycles: every collection
the collector starts meanwhile walks all of them again, for nothing (it
took a third of reading such a deck). A sync merging 100,000 answers makes
as many (events, their fields, the rows written). Paused while any thread
reads or stores a deck or merges a sync folder, and resumed when the last
one is done.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager

__all__ = ["collector_paused"]

_lock = threading.Lock()
_pausing = 0
# Whether the collector was on when the first pause began (someone else may
# have turned it off; then it stays off).
_was_enabled = False


@contextmanager
def collector_paused() -> Iterator[None]:
    """Run the block with the cycle collector off; nested and threaded uses count."""
    global _pausing, _was_enabled
    with _lock:
        if _pausing == 0:
            _was_enabled = gc.isenabled()
            gc.disable()
        _pausing += 1
    try:
        yield
    finally:
        with _lock:
            _pausing -= 1
            if _pausing == 0 and _was_enabled:
                gc.enable()
