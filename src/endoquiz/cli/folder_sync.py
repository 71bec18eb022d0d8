"""`endoquiz sync`: sync this computer's progress through a folder it shares with others."""

from __future__ import annotations

import sys
from pathlib import Path

from endoquiz.cli.data_folder import CommandError, opened_library
from endoquiz.cli.exit_status import EXIT_INVALID, EXIT_OK


def run(data_dir: Path, folder: Path | None) -> int:
    """Sync through `folder` (remembered for this computer from now on), else
    through the folder chosen before; say what was sent and merged."""
    from endoquiz import SyncFolderError

    with opened_library(data_dir, "sync") as library:
        if folder is not None:
            library.set_sync_folder(folder)
        try:
            report = library.sync()
        except SyncFolderError as error:
            print(f"endoquiz sync: error: {error}", file=sys.stderr)
            raise CommandError from error
        others = f"{report.computers} other computer{'s' if report.computers != 1 else ''}"
        print(
            f"Synced with {others} through {library.sync_folder}: "
            f"{report.sent} change(s) sent, {report.received} received."
        )
        if report.new_device:
            print(
                "This computer had the same sync id as another copy of its data folder "
                "(copied, or restored from the same backup): it has a new one, and all its "
                "changes went out again under it."
            )
        for problem in report.problems:
            print(f"endoquiz sync: {problem}", file=sys.stderr)
        if report.newer:
            print(
                "endoquiz sync: another computer uses a newer endoquiz; update this one to "
                "merge its progress (nothing here was changed by it).",
                file=sys.stderr,
            )
    return EXIT_INVALID if report.problems else EXIT_OK
