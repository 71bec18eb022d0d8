"""`endoquiz backup`, `backups` and `restore`: back up now, list the backups, restore one."""

from __future__ import annotations

import sys
from pathlib import Path

from endoquiz.cli.data_folder import opened_library
from endoquiz.cli.exit_status import EXIT_OK


def back_up(data_dir: Path) -> int:
    """Copy the progress into backups/ of `data_dir`, thinning the older ones."""
    with opened_library(data_dir, "backup") as library:
        print(f"Backed up to {library.backup()}")
    return EXIT_OK


def list_backups(data_dir: Path) -> int:
    """A line a backup, newest first: when, its size, its file."""
    with opened_library(data_dir, "backups") as library:
        for entry in library.backups():
            when = entry.created.astimezone().strftime("%Y-%m-%d %H:%M")
            print(f"{when}\t{entry.size / 1e6:6.1f} MB\t{entry.path}")
        print(f"{len(library.backups())} backup(s)", file=sys.stderr)
    return EXIT_OK


def restore(data_dir: Path, backup: Path) -> int:
    """Replace the progress with `backup`'s; not while the app runs."""
    with opened_library(data_dir, "restore", under_app_lock=True) as library:
        safety = library.restore(backup)
        print(f"Restored {backup.name}; the progress before it is in {safety}")
    return EXIT_OK
