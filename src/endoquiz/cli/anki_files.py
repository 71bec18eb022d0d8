"""`endoquiz import`: Anki packages read, summarised, and imported with their progress."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path

from endoquiz.cli.data_folder import opened_library
from endoquiz.cli.exit_status import EXIT_INVALID, EXIT_OK


def import_files(data_dir: Path, paths: Sequence[Path], *, dry_run: bool) -> int:
    """Import each file (with `dry_run`, only say what importing it would
    bring); a file that cannot be imported is said and the next one tried.
    Not while the app runs: it would not see the decks appear."""
    from endoquiz import StoreError

    failed = False
    with opened_library(data_dir, "import", under_app_lock=not dry_run) as library:
        for path in paths:
            try:
                if dry_run:
                    print("\n".join(library.preview_anki_import(path).lines()))
                    print("Nothing was written (--dry-run).")
                    continue
                result = library.import_anki(path)
            except StoreError as error:
                print(f"endoquiz import: error: {error}", file=sys.stderr)
                failed = True
                continue
            print("\n".join(result.summary.lines()))
            print(
                f"Imported {path.name}: {len(result.decks)} deck(s) installed, "
                f"{result.answers_added} answer(s) added, "
                f"{result.cards_updated} card(s) took the package's progress."
            )
    return EXIT_INVALID if failed else EXIT_OK
