"""Opening a deck file at a card's line: with the learner's editor, or the desktop's program."""

from __future__ import annotations

import os
import shlex
from pathlib import Path

from PySide6.QtCore import QProcess, QUrl
from PySide6.QtGui import QDesktopServices

__all__ = ["EDITOR_VARIABLE", "open_at_line"]

# A command that opens a file at a line, e.g. `code --goto {path}:{line}`.
EDITOR_VARIABLE = "ENDOQUIZ_EDITOR"


def open_at_line(path: Path, line: int) -> None:
    """Open `path` with the command in ENDOQUIZ_EDITOR (`{path}` and `{line}`
    filled in), or else with the desktop's program for the file."""
    command = os.environ.get(EDITOR_VARIABLE, "").strip()
    if command:
        # A list of words, never a shell string: the path cannot run anything.
        words = [w.format(path=path, line=line) for w in shlex.split(command)]
        if "{path}" not in command:
            words.append(str(path))
        if QProcess.startDetached(words[0], words[1:])[0]:
            return
    QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))
