"""What can go wrong with an Anki file, said for a person."""

from __future__ import annotations

from endoquiz.store.errors import StoreError


class AnkiPackageError(StoreError):
    """An Anki package or collection endoquiz cannot read (not a package, damaged,
    truncated, from a newer Anki...); the message says what is wrong, in one line."""
