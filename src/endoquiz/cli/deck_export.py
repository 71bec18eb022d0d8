"""`endoquiz export`: a deck and its subdecks as an Anki package or a CSV file."""

from __future__ import annotations

import sys
from pathlib import Path

from endoquiz.cli.data_folder import opened_library
from endoquiz.cli.exit_status import EXIT_INVALID, EXIT_OK, EXIT_USAGE

PACKAGE_SUFFIXES = (".apkg",)
# A tab-separated file for .tsv; Anki's text export writes .txt with tabs too.
CSV_DELIMITERS = {".csv": ",", ".tsv": "\t", ".txt": "\t"}


def run(data_dir: Path, deck_id: str, out: Path, *, with_progress: bool) -> int:
    """Export `deck_id` to `out`, its format told by the suffix."""
    from endoquiz import DeckError

    suffix = out.suffix.lower()
    if suffix not in PACKAGE_SUFFIXES and suffix not in CSV_DELIMITERS:
        print(
            f"endoquiz export: error: {out.name}: name the file .apkg (an Anki package) "
            "or .csv, .tsv, .txt (a table of front, back, tags)",
            file=sys.stderr,
        )
        return EXIT_USAGE
    if with_progress and suffix not in PACKAGE_SUFFIXES:
        print("endoquiz export: error: --with-progress needs an .apkg file", file=sys.stderr)
        return EXIT_USAGE
    with opened_library(data_dir, "export") as library:
        try:
            if suffix in PACKAGE_SUFFIXES:
                summary = library.export_anki(deck_id, out, with_progress=with_progress)
            else:
                rows = library.export_csv(deck_id, out, delimiter=CSV_DELIMITERS[suffix])
        except (KeyError, DeckError) as error:
            print(f"endoquiz export: error: {deck_problem(deck_id, error)}", file=sys.stderr)
            return EXIT_INVALID
    if suffix not in PACKAGE_SUFFIXES:
        print(f"Exported {rows} card(s) to {out}")
        return EXIT_OK
    print(
        f"Exported {summary.notes} note(s), {summary.cards} card(s), {summary.media} media "
        f"file(s) and {summary.answers} answer(s) from {summary.decks} deck(s) to {out}"
    )
    for words, count in summary.changes:
        print(f"  {count} × {words}")
    return EXIT_OK


def deck_problem(deck_id: str, error: KeyError | Exception) -> str:
    """Why the deck cannot be exported, in one line: not installed (a
    KeyError), or its file's first error (a DeckError)."""
    from endoquiz import DeckError, isolated

    if isinstance(error, DeckError):
        return str(error.diagnostics[0])
    return f"no deck '{isolated(deck_id)}' is installed (`endoquiz stats` lists them)"
