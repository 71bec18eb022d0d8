"""`endoquiz export-progress` and `import-progress`: progress to and from one file."""

from __future__ import annotations

from pathlib import Path

from endoquiz.cli.data_folder import opened_library
from endoquiz.cli.exit_status import EXIT_OK


def export_progress(data_dir: Path, path: Path) -> int:
    """Write the progress to `path` (its suffix made .endoquiz-progress)."""
    from endoquiz import progress_file_path

    with opened_library(data_dir, "export-progress") as library:
        path = progress_file_path(path)
        answers = library.export_progress(path)
        print(f"Exported {answers} answer(s) to {path}")
    return EXIT_OK


def import_progress(data_dir: Path, path: Path) -> int:
    """Merge the progress file `path`; not while the app runs."""
    with opened_library(data_dir, "import-progress", under_app_lock=True) as library:
        updated, added, safety = library.import_progress(path)
        print(
            f"Imported {path.name}: {added} answer(s) added, {updated} card(s) updated. "
            f"Your progress before it is in {safety}"
        )
    return EXIT_OK
