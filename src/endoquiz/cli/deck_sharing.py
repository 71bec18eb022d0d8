"""`endoquiz export-deck`: a deck shared as one .endoquiz file; `endoquiz import` opens one."""

from __future__ import annotations

import sys
from pathlib import Path

from endoquiz.cli.data_folder import opened_library
from endoquiz.cli.deck_export import deck_problem
from endoquiz.cli.exit_status import EXIT_INVALID, EXIT_OK, EXIT_USAGE


def export_deck(data_dir: Path, deck_id: str, out: Path) -> int:
    """Share `deck_id` as the file `out` (its YAML and images, no progress)."""
    from endoquiz import SHARED_DECK_SUFFIX, DeckError

    if out.suffix.lower() != SHARED_DECK_SUFFIX:
        print(
            f"endoquiz export-deck: error: {out.name}: name the file {SHARED_DECK_SUFFIX} "
            "(endoquiz opens it with File > Import or `endoquiz import`)",
            file=sys.stderr,
        )
        return EXIT_USAGE
    with opened_library(data_dir, "export-deck") as library:
        try:
            shared = library.export_deck_file(deck_id, out)
        except (KeyError, DeckError) as error:
            print(f"endoquiz export-deck: error: {deck_problem(deck_id, error)}", file=sys.stderr)
            return EXIT_INVALID
    print(
        f"Shared {shared.deck_id} ({shared.cards} card(s), {shared.images} image(s)) "
        f"as {out}; progress is not included"
    )
    return EXIT_OK
