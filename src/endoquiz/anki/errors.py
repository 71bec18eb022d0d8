"""What can go wrong reading an Anki file, said for a person: the anki package's errors."""

from __future__ import annotations

from endoquiz.store.errors import StoreError


class AnkiPackageError(StoreError):
    """An Anki file endoquiz cannot read (damaged, hostile, too large, too new);
    the message is one line that says why."""
