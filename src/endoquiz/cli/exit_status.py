"""The exit statuses of the `endoquiz` command."""

from __future__ import annotations

EXIT_OK = 0
# Problems found (invalid decks, a damaged database), or the command could not run.
EXIT_INVALID = 1
EXIT_USAGE = 2
