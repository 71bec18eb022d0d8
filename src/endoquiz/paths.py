"""Where endoquiz keeps its data and finds the decks it ships with."""

from __future__ import annotations

import os
from pathlib import Path

__all__ = ["DATA_DIR_ENV", "bundled_decks_dir", "find_doc", "resolve_data_dir"]

DATA_DIR_ENV = "ENDOQUIZ_DATA_DIR"


def resolve_data_dir(explicit: str | os.PathLike[str] | None = None) -> Path:
    """The data folder: `--data-dir` if given, else $ENDOQUIZ_DATA_DIR, else the
    platform's user data folder (e.g. ~/.local/share/endoquiz on Linux)."""
    if explicit:
        return Path(explicit).expanduser()
    from_env = os.environ.get(DATA_DIR_ENV)
    if from_env:
        return Path(from_env).expanduser()
    import platformdirs  # only when no folder was given

    return platformdirs.user_data_path("endoquiz", appauthor=False)


def bundled_decks_dir() -> Path | None:
    """The folder of decks that ship with the app, if there is one.

    An installed package carries them in `endoquiz/bundled_decks`; a source
    checkout has them in `decks/` at the top of the repository.
    """
    package_dir = Path(__file__).resolve().parent
    for candidate in (package_dir / "bundled_decks", package_dir.parents[1] / "decks"):
        if candidate.is_dir():
            return candidate
    return None


def find_doc(name: str) -> Path | None:
    """A document shipped with the app (e.g. 'deck-format.md'), if present:
    in `endoquiz/docs` when installed or bundled, in `docs/` in a checkout."""
    package_dir = Path(__file__).resolve().parent
    for candidate in (package_dir / "docs" / name, package_dir.parents[1] / "docs" / name):
        if candidate.is_file():
            return candidate
    return None
