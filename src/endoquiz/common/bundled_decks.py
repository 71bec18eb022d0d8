"""Where the decks that ship with the app are: in the installed package, or in a source checkout."""

from __future__ import annotations

from pathlib import Path

__all__ = ["bundled_decks_dir"]


def bundled_decks_dir() -> Path | None:
    """The folder of decks that ship with the app, if there is one.

    An installed package carries them in `endoquiz/bundled_decks`; a source
    checkout has them in `decks/` at the top of the repository.
    """
    package_dir = Path(__file__).resolve().parents[1]
    for candidate in (package_dir / "bundled_decks", package_dir.parents[1] / "decks"):
        if candidate.is_dir():
            return candidate
    return None
