"""`main`: runs the sub-command a command line names; says the damage or closed pipe it meets."""

from __future__ import annotations

import argparse
import io
import os
import sqlite3
import sys
from collections.abc import Sequence
from pathlib import Path

from endoquiz import portable_data_dir, resolve_data_dir
from endoquiz.cli import (
    anki_files,
    app_start,
    backups,
    cards,
    check,
    deck_export,
    deck_sharing,
    folder_sync,
    generate,
    optimize,
    progress_files,
    stats,
    validate,
)
from endoquiz.cli.data_folder import CommandError
from endoquiz.cli.exit_status import EXIT_INVALID
from endoquiz.cli.parser import build_parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run `endoquiz` with `argv` (default: the process's arguments); return
    its exit status."""
    for stream in (sys.stdout, sys.stderr):
        # A terminal that is not UTF-8 must not turn a quoted non-ASCII
        # character into a traceback.
        if isinstance(stream, io.TextIOWrapper):
            stream.reconfigure(errors="backslashreplace")
    args = build_parser().parse_args(argv)
    try:
        return _run(args)
    except CommandError:
        return EXIT_INVALID
    except (sqlite3.DatabaseError, UnicodeDecodeError) as error:
        # Damage that the open's quick path did not read (a database closed
        # cleanly is not checked whole): the next open checks it all and
        # restores the newest sound backup if it is damaged.
        from endoquiz import Library

        Library.check_whole_at_next_open(_data_dir(args))
        print(
            f"endoquiz: the progress database is damaged ({error}). Run the command again, "
            "or start endoquiz: the whole file will be checked, and a damaged one set aside "
            "and restored from the newest sound backup.",
            file=sys.stderr,
        )
        return EXIT_INVALID
    except BrokenPipeError:
        # The reader went away (`endoquiz validate ... | head`): stop quietly,
        # and keep Python's final flush of stdout from raising again.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return EXIT_INVALID


def _data_dir(args: argparse.Namespace) -> Path:
    return resolve_data_dir(args.data_dir, portable=args.portable)


def _run(args: argparse.Namespace) -> int:
    """The exit status of the sub-command `args` name (none: the app)."""
    command = args.command
    if command == "validate":
        return validate.run(args.paths, quiet=args.quiet, data_dir=_data_dir(args))
    if command == "generate":
        return generate.run(args.articles, Path(args.out), report=args.report, check=args.check)
    if command == "cards":
        return cards.run(_data_dir(args), " ".join(args.query), args.json)
    if command == "optimize":
        return optimize.run(_data_dir(args), args.apply, args.json)
    if command == "stats":
        return stats.run(_data_dir(args), args.deck, args.json)
    if command == "export-progress":
        return progress_files.export_progress(_data_dir(args), Path(args.file))
    if command == "import-progress":
        return progress_files.import_progress(_data_dir(args), Path(args.file))
    if command == "import":
        return anki_files.import_files(
            _data_dir(args), [Path(path) for path in args.paths], dry_run=args.dry_run
        )
    if command == "export":
        return deck_export.run(
            _data_dir(args), args.deck_id, Path(args.out), with_progress=args.with_progress
        )
    if command == "export-deck":
        return deck_sharing.export_deck(_data_dir(args), args.deck_id, Path(args.out))
    if command == "check":
        return check.run(_data_dir(args))
    if command == "backup":
        return backups.back_up(_data_dir(args))
    if command == "backups":
        return backups.list_backups(_data_dir(args))
    if command == "restore":
        return backups.restore(_data_dir(args), Path(args.backup))
    if command == "sync":
        folder = Path(args.folder) if args.folder else None
        return folder_sync.run(_data_dir(args), folder)
    if command == "preview":
        return app_start.run(_data_dir(args), preview=Path(args.deck))
    data_dir = _data_dir(args)
    portable = not args.data_dir and data_dir == portable_data_dir(args.portable)
    return app_start.run(data_dir, self_test=args.self_test, portable=portable)
