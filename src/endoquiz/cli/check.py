"""`endoquiz check`: the whole progress database checked, repaired where it can be."""

from __future__ import annotations

from pathlib import Path

from endoquiz import printable
from endoquiz.cli.data_folder import opened_library
from endoquiz.cli.exit_status import EXIT_INVALID, EXIT_OK


def run(data_dir: Path) -> int:
    """Check the database of `data_dir`; exit 1 if anything was found."""
    # It may repair: under the app's lock, not while the app runs.
    with opened_library(data_dir, "check", under_app_lock=True, full_check=True) as library:
        found = library.check_database()
    for line in found.report():
        print(printable(line))
    return EXIT_INVALID if found.integrity or found.problems else EXIT_OK
