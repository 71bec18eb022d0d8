"""`endoquiz import`: Anki packages read, summarised, and imported with their progress."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from endoquiz.cli.data_folder import opened_library
from endoquiz.cli.exit_status import EXIT_INVALID, EXIT_OK

if TYPE_CHECKING:
    from endoquiz import AnkiImportSummary


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
                    print("\n".join(summary_lines(library.preview_anki_import(path))))
                    print("Nothing was written (--dry-run).")
                    continue
                result = library.import_anki(path)
            except StoreError as error:
                print(f"endoquiz import: error: {error}", file=sys.stderr)
                failed = True
                continue
            print("\n".join(summary_lines(result.summary)))
            print(
                f"Imported {path.name}: {len(result.decks)} deck(s) installed, "
                f"{result.answers_added} answer(s) added, "
                f"{result.cards_updated} card(s) took the package's progress."
            )
    return EXIT_INVALID if failed else EXIT_OK


def summary_lines(summary: AnkiImportSummary) -> list[str]:
    """What a package holds and what importing it makes, as the learner reads it."""
    lines = [
        f"{summary.source.name} ({_FORMATS.get(summary.format, summary.format)}): "
        f"{summary.notes} note(s), {summary.cards} card(s), {summary.answers} answer(s), "
        f"{summary.media} media file(s)",
        f"Makes {summary.entries} entr{'y' if summary.entries == 1 else 'ies'} "
        f"({summary.endoquiz_cards} card(s)) in {len(summary.decks)} deck(s):",
    ]
    lines += [
        f"  {deck_id}  {title!r}: {entries} entries" for deck_id, title, entries in summary.decks
    ]
    if summary.changes:
        lines.append("Left out or changed:")
        lines += [f"  {count:>6}  {what}" for what, count in summary.changes]
    else:
        lines.append("Nothing is left out or changed.")
    return lines


_FORMATS = {
    "anki21b": "Anki 2.1.50+ package",
    "anki21": "Anki 2.1 package",
    "anki2": "Anki 2.0 package",
}
