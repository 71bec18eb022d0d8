"""Starting the app from the command line: its window, its self-test, or a deck's preview."""

from __future__ import annotations

import sys
from pathlib import Path

from endoquiz.cli.exit_status import EXIT_INVALID, EXIT_USAGE


def run(
    data_dir: Path,
    *,
    self_test: bool = False,
    preview: Path | None = None,
    portable: bool = False,
) -> int:
    """Start the app on `data_dir` (or the preview of the deck file `preview`)
    and return its exit status once it is closed."""
    try:
        from endoquiz.gui import app
    except ImportError as error:
        print(f"endoquiz: the app cannot start: Qt is not available ({error})", file=sys.stderr)
        return EXIT_INVALID
    if preview is not None:
        if not preview.is_file():
            print(f"endoquiz preview: error: no such deck file: {preview}", file=sys.stderr)
            return EXIT_USAGE
        return app.run_preview(preview, data_dir)
    app.spare_imports_from_collection()
    if self_test:
        return app.run_self_test(data_dir)
    return app.run_app(data_dir, portable=portable)
