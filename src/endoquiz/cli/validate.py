"""`endoquiz validate`: deck files checked, their problems printed as FILE:LINE:COL."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path

from endoquiz import DECK_SUFFIXES
from endoquiz.cli.exit_status import EXIT_INVALID, EXIT_OK, EXIT_USAGE


def run(paths: Sequence[str], *, quiet: bool, data_dir: Path | None = None) -> int:
    """Check the deck files named or found below the folders named; with
    `data_dir`, a valid deck is also checked against the progress kept
    there (read only: a folder that does not exist is not created)."""
    from endoquiz import check_decks, rename_warnings

    files = _deck_files(paths)
    if isinstance(files, str):
        print(f"endoquiz validate: error: {files}", file=sys.stderr)
        return EXIT_USAGE
    errors = warnings = cards = 0
    for result in check_decks(files):
        if result.deck is not None and data_dir is not None:
            result = result.with_diagnostics(rename_warnings(result.deck, data_dir))
        for diagnostic in result.diagnostics:
            print(diagnostic)
        errors += len(result.errors)
        warnings += len(result.warnings)
        if result.deck is not None:
            cards += len(result.deck.cards)
    if not quiet:
        noun = "file" if len(files) == 1 else "files"
        print(
            f"{len(files)} {noun} checked: {errors} error(s), {warnings} warning(s), "
            f"{cards} card(s) in valid decks",
            file=sys.stderr,
        )
    return EXIT_INVALID if errors else EXIT_OK


def _deck_files(paths: Sequence[str]) -> list[Path] | str:
    """The deck files named or found below the folders named, or a usage error."""
    files: list[Path] = []
    for name in paths:
        path = Path(name)
        if path.is_dir():
            found = sorted(p for p in path.rglob("*") if p.suffix in DECK_SUFFIXES and p.is_file())
            if not found:
                return f"no deck files (*.yaml, *.yml) in folder {name}"
            files.extend(found)
        elif path.exists() or path.is_symlink():
            # A broken link or a symlink loop is checked too: its error is
            # a FILE:LINE:COL line like any other, not "no such file".
            files.append(path)
        else:
            return f"no such file or folder: {name}"
    return files
