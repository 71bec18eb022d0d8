"""`endoquiz import`: Anki packages read, summarised and imported with progress; shared decks."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from endoquiz.cli.data_folder import opened_library
from endoquiz.cli.exit_status import EXIT_INVALID, EXIT_OK

if TYPE_CHECKING:
    from endoquiz import Library


def import_files(data_dir: Path, paths: Sequence[Path], *, dry_run: bool) -> int:
    """Import each file (with `dry_run`, only say what importing it would
    bring); a file that cannot be imported is said and the next one tried.
    Not while the app runs: it would not see the decks appear."""
    from endoquiz import SHARED_DECK_SUFFIX, StoreError

    failed = False
    with opened_library(data_dir, "import", under_app_lock=not dry_run) as library:
        for path in paths:
            try:
                if path.suffix.lower() == SHARED_DECK_SUFFIX:
                    _open_shared_deck(library, path, dry_run=dry_run)
                    continue
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


def _open_shared_deck(library: Library, path: Path, *, dry_run: bool) -> None:
    """Open a shared deck file (checked whole before anything is written).

    Raises:
        StoreError: a SharedDeckError for a file that cannot be opened.
    """
    from endoquiz import SharedDeckError

    if dry_run:
        raise SharedDeckError(
            f"{path.name}: --dry-run reads Anki files; a shared deck is checked whole "
            "before anything is written, so import it without --dry-run"
        )
    opened = library.import_deck_file(path)
    verb = "Updated" if opened.updated else "Installed"
    print(
        f"{verb} {opened.deck_id} ({opened.cards} card(s), {opened.images} image(s)) "
        f"from {path.name} as {opened.path}" + ("; your progress is kept" if opened.updated else "")
    )
