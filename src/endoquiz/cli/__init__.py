"""The `endoquiz` command: no sub-command starts the app; sub-commands script the core."""

from __future__ import annotations

from endoquiz.cli.dispatch import main
from endoquiz.cli.parser import build_parser

__all__ = ["build_parser", "main"]
