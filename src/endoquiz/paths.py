"""Where endoquiz keeps its data and finds the decks it ships with."""

from __future__ import annotations

import os
import sys
from pathlib import Path

# The app's own decks: found by the core too (sync keeps them out of the folder).
from endoquiz.common.bundled_decks import bundled_decks_dir

__all__ = [
    "DATA_DIR_ENV",
    "PORTABLE_MARKER",
    "bundled_decks_dir",
    "executable_dir",
    "find_doc",
    "portable_data_dir",
    "resolve_data_dir",
]

DATA_DIR_ENV = "ENDOQUIZ_DATA_DIR"


PORTABLE_MARKER = "portable.txt"


def executable_dir() -> Path:
    """The folder of the running program: the bundle's executable when frozen
    (PyInstaller), else the folder of the `endoquiz` script."""
    if getattr(sys, "frozen", False):
        return Path(sys.executable).resolve().parent
    return Path(sys.argv[0]).resolve().parent


def portable_data_dir(requested: bool = False) -> Path | None:
    """`data/` beside the executable in portable mode (asked for, or marked by
    a `portable.txt` beside the executable), so the app runs from a USB stick."""
    folder = executable_dir()
    if requested or (folder / PORTABLE_MARKER).is_file():
        return folder / "data"
    return None


def resolve_data_dir(
    explicit: str | os.PathLike[str] | None = None, *, portable: bool = False
) -> Path:
    """The data folder, in this order: `--data-dir`; portable mode (`--portable`
    or a portable.txt beside the executable); $ENDOQUIZ_DATA_DIR; the
    platform's user data folder (e.g. ~/.local/share/endoquiz on Linux)."""
    if explicit:
        return Path(explicit).expanduser()
    beside = portable_data_dir(portable)
    if beside is not None:
        return beside
    from_env = os.environ.get(DATA_DIR_ENV)
    if from_env:
        return Path(from_env).expanduser()
    import platformdirs  # only when no folder was given

    return platformdirs.user_data_path("endoquiz", appauthor=False)


def find_doc(name: str) -> Path | None:
    """A document shipped with the app (e.g. 'deck-format.md'), if present:
    in `endoquiz/docs` when installed or bundled, in `docs/` in a checkout."""
    package_dir = Path(__file__).resolve().parent
    for candidate in (package_dir / "docs" / name, package_dir.parents[1] / "docs" / name):
        if candidate.is_file():
            return candidate
    return None
