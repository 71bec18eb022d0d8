"""What the app says when it cannot start or go on: on the terminal, and in a dialog."""

from __future__ import annotations

import sys

from PySide6.QtWidgets import QMessageBox


def cannot_start(message: str) -> int:
    """Say why the app cannot start, on the terminal and in a dialog (a
    learner who started it from the desktop has no terminal)."""
    if "the disk is full" in message:
        message += (
            ". Free some space on that disk and start endoquiz again: your progress is unchanged"
        )
    print(f"endoquiz: {message}", file=sys.stderr)
    QMessageBox.critical(None, "endoquiz cannot start", message)
    return 1


def damage_message(error: BaseException, checked: bool) -> str:
    """Why the window closes on a damaged database, and what comes next: a
    whole check, or (once `checked`) a backup to restore."""
    found = f"Reading the progress database failed: it is damaged ({error})."
    if checked:
        return (
            f"{found} Checking the whole file did not find the damage, so endoquiz closes. "
            "Restore a backup (endoquiz backups, endoquiz restore FILE) or run endoquiz check; "
            "every answer saved so far is in the file."
        )
    return (
        f"{found} endoquiz will now check the whole file: a damaged file is set aside (never "
        "deleted) and the newest sound backup restored, and you will be told."
    )
