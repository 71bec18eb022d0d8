"""The `endoquiz` command: no sub-command starts the app; sub-commands script the core."""

from __future__ import annotations

import argparse
import io
import os
import sqlite3
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from endoquiz import DATA_DIR_ENV, DECK_SUFFIXES, portable_data_dir, printable, resolve_data_dir

if TYPE_CHECKING:
    from endoquiz import CardMatch, InstanceLock, Library

__all__ = ["main"]

EXIT_OK = 0
EXIT_INVALID = 1
EXIT_USAGE = 2


class _VersionAction(argparse.Action):
    """--version, reading the version only when asked (it costs start-up time)."""

    def __init__(self, option_strings: Sequence[str], dest: str, **kwargs: object) -> None:
        super().__init__(option_strings, dest, nargs=0, help="show the version and exit")

    def __call__(self, parser: argparse.ArgumentParser, *args: object, **kwargs: object) -> None:
        import endoquiz

        print(f"endoquiz {endoquiz.__version__}")
        parser.exit()


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="endoquiz",
        description="Flashcards and quizzes with spaced repetition. "
        "Without a command, starts the app.",
    )
    parser.add_argument("--version", action=_VersionAction)
    parser.add_argument(
        "--self-test",
        action="store_true",
        help="start the app, open the first due card, print timings and quit (exit 0 if ok)",
    )
    _add_data_options(parser)
    # The commands that use the data folder take its options after their
    # name too (`endoquiz stats --json --data-dir D`): without a default of
    # their own, so that one given before the command is kept.
    data_options = argparse.ArgumentParser(add_help=False, argument_default=argparse.SUPPRESS)
    _add_data_options(data_options)
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    validate = commands.add_parser(
        "validate",
        help="check deck files and report problems as FILE:LINE:COL",
        description="Check deck files (or every .yaml/.yml file below a folder). "
        "Exit status: 0 valid (warnings allowed), 1 errors found, 2 usage error.",
    )
    validate.add_argument("paths", nargs="+", metavar="PATH", help="deck file or folder")
    validate.add_argument(
        "-q", "--quiet", action="store_true", help="print problems only, no summary"
    )
    stats = commands.add_parser(
        "stats",
        parents=[data_options],
        help="print study statistics (the statistics page's figures)",
        description="Today's study, streak, reviews per day, due forecast, true retention, "
        "cards by state and retrievability, for every deck or one deck and its children.",
    )
    stats.add_argument("--deck", metavar="ID", help="only this deck and its children")
    stats.add_argument("--json", action="store_true", help="print JSON, for scripts")
    cards = commands.add_parser(
        "cards",
        parents=[data_options],
        help="list the cards a search query matches (docs/search.md)",
        description='List installed cards matching a query: free words, "phrases", '
        "deck:ID, tag:T, kind:K, is:new|learning|review|due|suspended|leech, "
        "prop:ivl>=10, prop:lapses>3, prop:r<0.8, rated:N, -term to negate.",
    )
    cards.add_argument("query", nargs="*", metavar="QUERY", help="the search (all cards if none)")
    cards.add_argument("--json", action="store_true", help="print JSON, for scripts")
    optimize = commands.add_parser(
        "optimize",
        parents=[data_options],
        help="fit FSRS parameters to your own review history (400 reviews or more)",
        description="Fit FSRS-6 parameters to your review history and compare them with the "
        "defaults on it (log loss, RMSE; lower is better). With --apply, use them from now on.",
    )
    optimize.add_argument("--apply", action="store_true", help="use the fitted parameters")
    optimize.add_argument("--json", action="store_true", help="print JSON, for scripts")
    commands.add_parser(
        "backup",
        parents=[data_options],
        help="back up your progress now (into backups/ of the data folder)",
        description="Copy the progress database into backups/ of the data folder and thin "
        "the older backups (every one of the last day, then 12 daily, 10 weekly, 9 monthly).",
    )
    commands.add_parser(
        "backups", parents=[data_options], help="list the backups of your progress, newest first"
    )
    commands.add_parser(
        "check",
        parents=[data_options],
        help="check the whole progress database and report (as Anki's Check Database)",
        description="Check the whole progress database: SQLite's integrity check, then "
        "every stored value. Card text that cannot be read is read again from the deck "
        "files. Exit status: 0 sound, 1 problems found (or the app is running).",
    )
    restore = commands.add_parser(
        "restore",
        parents=[data_options],
        help="replace your progress with a backup's (the present one is backed up first)",
        description="Restore a backup made by endoquiz: the current progress is backed up "
        "first, so a restore can be undone by restoring that backup. Close the app first.",
    )
    restore.add_argument("backup", metavar="FILE", help="a backup file (see `endoquiz backups`)")
    export = commands.add_parser(
        "export-progress",
        parents=[data_options],
        help="write your progress (answers, card states, settings) to one "
        "FILE.endoquiz-progress",
        description="Write the review log, card states and settings to one file, to "
        "import on another machine with `endoquiz import-progress FILE`. The file is "
        "gzip-compressed JSON of endoquiz's own format, named with the suffix "
        ".endoquiz-progress: it is added to FILE when missing, and replaces a .json or "
        ".gz suffix that would promise another format.",
    )
    export.add_argument(
        "file", metavar="FILE", help="the file to write (.endoquiz-progress is added if missing)"
    )
    import_ = commands.add_parser(
        "import-progress",
        parents=[data_options],
        help="merge a progress file from another machine into this one",
        description="Merge a file written by `endoquiz export-progress`: each card takes "
        "the state answered last, answers not here yet are added, settings are taken. "
        "Your progress is backed up first. Close the app first.",
    )
    import_.add_argument("file", metavar="FILE", help="the progress file to read")
    preview = commands.add_parser(
        "preview",
        help="show every card of a deck, front and back, re-rendered on each save",
        description="Open a window with every card of one deck file, refreshed each time "
        "the file is saved, with its errors when it has any: for writing decks.",
    )
    preview.add_argument("deck", metavar="DECK.yaml", help="the deck file to preview")
    generate = commands.add_parser(
        "generate",
        help="turn source articles into YAML decks",
        description="Generate decks from articles of the house template: one folder per "
        "article under --out, with a deck per section and a glossary. Curation (title, "
        "slug, terms to skip, table columns) is read from ARTICLE's .meta.yaml beside it.",
    )
    generate.add_argument("articles", nargs="+", metavar="ARTICLE", help="article text file")
    generate.add_argument("--out", required=True, metavar="DIR", help="folder for the decks")
    generate.add_argument(
        "--report",
        action="store_true",
        help="print cards per deck by kind, glossary decisions and skipped noise",
    )
    generate.add_argument(
        "--check",
        action="store_true",
        help="write nothing; exit 1 if the decks in --out differ from a fresh run",
    )
    return parser


def _add_data_options(parser: argparse.ArgumentParser) -> None:
    """--portable and --data-dir, which say where the progress is."""
    parser.add_argument(
        "--portable",
        action="store_true",
        help="keep progress in data/ beside the program (as a portable.txt there does)",
    )
    parser.add_argument(
        "--data-dir",
        metavar="DIR",
        help=f"folder for progress and settings (default: ${DATA_DIR_ENV}, "
        "else the user data folder)",
    )


def main(argv: Sequence[str] | None = None) -> int:
    for stream in (sys.stdout, sys.stderr):
        # A terminal that is not UTF-8 must not turn a quoted non-ASCII
        # character into a traceback.
        if isinstance(stream, io.TextIOWrapper):
            stream.reconfigure(errors="backslashreplace")
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        if args.command == "validate":
            return _validate(args.paths, quiet=args.quiet)
        if args.command == "generate":
            return _generate(args.articles, Path(args.out), report=args.report, check=args.check)
        if args.command == "cards":
            return _cards(
                resolve_data_dir(args.data_dir, portable=args.portable),
                " ".join(args.query),
                args.json,
            )
        if args.command == "optimize":
            return _optimize(
                resolve_data_dir(args.data_dir, portable=args.portable), args.apply, args.json
            )
        if args.command == "stats":
            return _stats(
                resolve_data_dir(args.data_dir, portable=args.portable), args.deck, args.json
            )
        if args.command in ("export-progress", "import-progress"):
            return _move_progress(
                resolve_data_dir(args.data_dir, portable=args.portable),
                args.command,
                Path(args.file),
            )
        if args.command == "check":
            return _check(resolve_data_dir(args.data_dir, portable=args.portable))
        if args.command in ("backup", "backups", "restore"):
            return _backups(
                resolve_data_dir(args.data_dir, portable=args.portable),
                args.command,
                Path(args.backup) if args.command == "restore" else None,
            )
        if args.command == "preview":
            return _start_gui(
                resolve_data_dir(args.data_dir, portable=args.portable), preview=Path(args.deck)
            )
        data_dir = resolve_data_dir(args.data_dir, portable=args.portable)
        portable = not args.data_dir and data_dir == portable_data_dir(args.portable)
        return _start_gui(data_dir, self_test=args.self_test, portable=portable)
    except (sqlite3.DatabaseError, UnicodeDecodeError) as error:
        # Damage that the open's quick path did not read (a database closed
        # cleanly is not checked whole): the next open checks it all and
        # restores the newest sound backup if it is damaged.
        from endoquiz import Library

        Library.check_whole_at_next_open(resolve_data_dir(args.data_dir, portable=args.portable))
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


def _deck_files(paths: Sequence[str]) -> list[Path] | str:
    """The deck files named or found below the folders named, or a usage error."""
    files: list[Path] = []
    for name in paths:
        path = Path(name)
        if path.is_dir():
            found = sorted(p for p in path.rglob("*") if p.suffix in DECK_SUFFIXES and p.is_file())
            if not found:
                return f"no deck files (*.yaml, *.yml) in folder {name}"
            files.extend(found)
        elif path.exists() or path.is_symlink():
            # A broken link or a symlink loop is checked too: its error is
            # a FILE:LINE:COL line like any other, not "no such file".
            files.append(path)
        else:
            return f"no such file or folder: {name}"
    return files


def _validate(paths: Sequence[str], *, quiet: bool) -> int:
    from endoquiz import check_decks

    files = _deck_files(paths)
    if isinstance(files, str):
        print(f"endoquiz validate: error: {files}", file=sys.stderr)
        return EXIT_USAGE
    errors = warnings = cards = 0
    for result in check_decks(files):
        for diagnostic in result.diagnostics:
            print(diagnostic)
        errors += len(result.errors)
        warnings += len(result.warnings)
        if result.deck is not None:
            cards += len(result.deck.cards)
    if not quiet:
        noun = "file" if len(files) == 1 else "files"
        print(
            f"{len(files)} {noun} checked: {errors} error(s), {warnings} warning(s), "
            f"{cards} card(s) in valid decks",
            file=sys.stderr,
        )
    return EXIT_INVALID if errors else EXIT_OK


def _start_gui(
    data_dir: Path,
    *,
    self_test: bool = False,
    preview: Path | None = None,
    portable: bool = False,
) -> int:
    try:
        from endoquiz.gui import app
    except ImportError as error:
        print(f"endoquiz: the app cannot start: Qt is not available ({error})", file=sys.stderr)
        return EXIT_INVALID
    if preview is not None:
        if not preview.is_file():
            print(f"endoquiz preview: error: no such deck file: {preview}", file=sys.stderr)
            return EXIT_USAGE
        return app.run_preview(preview)
    app.spare_imports_from_collection()
    if self_test:
        return app.run_self_test(data_dir)
    return app.run_app(data_dir, portable=portable)


def _generate(articles: Sequence[str], out_dir: Path, *, report: bool, check: bool) -> int:
    from endoquiz.generator.deck_generation import (
        GenerationError,
        check_generated,
        format_report,
        generate,
    )

    paths = [Path(name) for name in articles]
    missing = [str(p) for p in paths if not p.is_file()]
    if missing:
        print(f"endoquiz generate: error: no such article: {', '.join(missing)}", file=sys.stderr)
        return EXIT_USAGE
    try:
        if check:
            differences = check_generated(paths, out_dir)
            for difference in differences:
                print(difference)
            if differences:
                print("the decks are out of date: run endoquiz generate again", file=sys.stderr)
            return EXIT_INVALID if differences else EXIT_OK
        generated = generate(paths, out_dir)
    except GenerationError as error:
        print(f"endoquiz generate: error: {error}", file=sys.stderr)
        return EXIT_INVALID
    if report:
        print(format_report(generated))
    else:
        files = sum(len(item.files) for item in generated)
        print(f"{files} deck file(s) written under {out_dir}", file=sys.stderr)
    return EXIT_OK


def _stats(data_dir: Path, deck_id: str | None, as_json: bool) -> int:
    import json

    from endoquiz import HEATMAP_DAYS, Library, StoreError

    try:
        with Library.open(data_dir) as library:
            _report_recovery(library)
            stats = library.statistics(deck_id)
    except StoreError as error:
        print(f"endoquiz stats: error: {error}", file=sys.stderr)
        return EXIT_INVALID
    except KeyError:
        print(f"endoquiz stats: error: no deck '{deck_id}' is installed", file=sys.stderr)
        return EXIT_USAGE
    if as_json:
        print(json.dumps(stats.to_json_dict(), indent=2))
        return EXIT_OK
    today = stats.today
    again = f"{today.again_rate:.0%}" if today.again_rate is not None else "-"
    lines = [
        f"Statistics for {deck_id or 'all decks'}",
        f"Today: {today.answers} answers on {today.cards} cards in "
        f"{round(today.time.total_seconds() / 60)} min; Again {again}; "
        f"streak {today.streak_days} day(s)",
        f"Reviews in the last {HEATMAP_DAYS} days: "
        f"{sum(stats.heatmap.values())} on {len(stats.heatmap)} study days",
        "Due in the next 30 days: " + " ".join(str(n) for n in stats.forecast),
    ]
    for period in stats.retention:
        value = f"{period.retention:.1%}" if period.retention is not None else "-"
        lines.append(
            f"True retention, last {period.days} days: {value} of {period.reviews} reviews "
            f"(desired {stats.desired_retention:.0%})"
        )
    total = stats.total
    lines.append(
        f"Cards: {total.new} new, {total.learning} learning, {total.young} young, "
        f"{total.mature} mature, {total.suspended} suspended"
    )
    lines.append(
        "Retrievability (0-10% ... 90-100%): " + " ".join(str(n) for n in stats.retrievability)
    )
    print("\n".join(lines))
    return EXIT_OK




def _cards(data_dir: Path, query: str, as_json: bool) -> int:
    from endoquiz import Library, SearchError, StoreError

    try:
        library = Library.open(data_dir)
        _report_recovery(library)
    except StoreError as error:
        print(f"endoquiz cards: error: {error}", file=sys.stderr)
        return EXIT_INVALID
    # The matches read the library as they are printed: keep it open till then.
    with library:
        try:
            matches = library.search_cards(query)
        except SearchError as error:
            print(f"endoquiz cards: error: {error}", file=sys.stderr)
            return EXIT_USAGE
        return _print_matches(matches, as_json)


def _print_matches(matches: Sequence[CardMatch], as_json: bool) -> int:
    import json

    if as_json:
        rows = [
            {
                "deck": m.deck_id,
                "card": m.card_id,
                "kind": m.kind,
                "state": m.state.label,
                "suspended": m.suspended,
                "due": m.due.isoformat() if m.due else None,
                "interval_days": m.interval_days,
                "stability": m.stability,
                "difficulty": m.difficulty,
                "retrievability": m.retrievability,
                "lapses": m.lapses,
                "tags": list(m.tags),
                "front": m.front,
            }
            for m in matches
        ]
        print(json.dumps(rows, indent=2, ensure_ascii=False))
        return EXIT_OK
    for m in matches:
        due = m.due.date().isoformat() if m.due else "-"
        # Card text may hold direction marks (right-to-left override): escaped,
        # they cannot reorder the line a terminal shows.
        front = printable(" ".join(m.front.split()))
        front = front if len(front) <= 60 else front[:57] + "..."
        state = m.state.label + (" (suspended)" if m.suspended else "")
        print(f"{m.deck_id}\t{m.card_id}\t{m.kind}\t{state}\t{due}\t{front}")
    print(f"{len(matches)} card(s)", file=sys.stderr)
    return EXIT_OK


def _app_lock(data_dir: Path, command: str) -> InstanceLock | None:
    """The app's lock, for a command that replaces or merges progress: under a
    running app it would change the database the app holds. None (having
    said so) while the app runs."""
    from endoquiz import InstanceLock, describe_error

    try:
        lock = InstanceLock.acquire(data_dir)
    except OSError as error:
        # A read-only or full data folder: the lock file cannot be made.
        print(
            f"endoquiz {command}: error: cannot use the data folder {data_dir}: "
            f"{describe_error(error, data_dir)}",
            file=sys.stderr,
        )
        return None
    if lock is None:
        print(
            f"endoquiz {command}: error: endoquiz is running with the data folder {data_dir}; "
            "quit it first (or use its File menu)",
            file=sys.stderr,
        )
    return lock


def _backups(data_dir: Path, command: str, backup: Path | None) -> int:
    from endoquiz import Library, StoreError

    lock = _app_lock(data_dir, command) if command == "restore" else None
    if command == "restore" and lock is None:
        return EXIT_INVALID
    try:
        with Library.open(data_dir, exclusive=lock is not None) as library:
            _report_recovery(library)
            if command == "backup":
                print(f"Backed up to {library.backup()}")
            elif command == "restore":
                assert backup is not None
                safety = library.restore(backup)
                print(f"Restored {backup.name}; the progress before it is in {safety}")
            else:
                for entry in library.backups():
                    when = entry.created.astimezone().strftime("%Y-%m-%d %H:%M")
                    print(f"{when}\t{entry.size / 1e6:6.1f} MB\t{entry.path}")
                print(f"{len(library.backups())} backup(s)", file=sys.stderr)
    except StoreError as error:
        print(f"endoquiz {command}: error: {error}", file=sys.stderr)
        return EXIT_INVALID
    finally:
        if lock is not None:
            lock.release()
    return EXIT_OK


def _check(data_dir: Path) -> int:
    from endoquiz import Library, StoreError

    lock = _app_lock(data_dir, "check")  # it may repair: not under the app
    if lock is None:
        return EXIT_INVALID
    try:
        with Library.open(data_dir, exclusive=True, full_check=True) as library:
            _report_recovery(library)
            found = library.check_database()
    except StoreError as error:
        print(f"endoquiz check: error: {error}", file=sys.stderr)
        return EXIT_INVALID
    finally:
        lock.release()
    for line in found.report():
        print(printable(line))
    return EXIT_INVALID if found.integrity or found.problems else EXIT_OK


def _move_progress(data_dir: Path, command: str, path: Path) -> int:
    from endoquiz import Library, StoreError, progress_file_path

    importing = command == "import-progress"
    lock = _app_lock(data_dir, command) if importing else None
    if importing and lock is None:
        return EXIT_INVALID
    try:
        with Library.open(data_dir, exclusive=lock is not None) as library:
            _report_recovery(library)
            if importing:
                updated, added, safety = library.import_progress(path)
                print(
                    f"Imported {path.name}: {added} answer(s) added, {updated} card(s) updated. "
                    f"Your progress before it is in {safety}"
                )
            else:
                path = progress_file_path(path)
                answers = library.export_progress(path)
                print(f"Exported {answers} answer(s) to {path}")
    except StoreError as error:
        print(f"endoquiz {command}: error: {error}", file=sys.stderr)
        return EXIT_INVALID
    finally:
        if lock is not None:
            lock.release()
    return EXIT_OK


def _report_recovery(library: Library) -> None:
    """Say what was done at open with a damaged database, if anything."""
    if library.recovery is not None:
        print(f"endoquiz: {library.recovery.message()}", file=sys.stderr)
    if library.settings_problem is not None:
        print(f"endoquiz: {library.settings_problem}", file=sys.stderr)
    if library.journal_problem is not None:
        print(f"endoquiz: {library.journal_problem}", file=sys.stderr)


def _optimize(data_dir: Path, apply: bool, as_json: bool) -> int:
    import json

    from endoquiz import KEPT_CURRENT, Library, NotEnoughReviewsError, StoreError

    try:
        with Library.open(data_dir) as library:
            _report_recovery(library)
            print("Fitting FSRS parameters to your review history...", file=sys.stderr)
            try:
                result = library.optimize()
            except NotEnoughReviewsError as error:
                print(f"endoquiz optimize: {error}", file=sys.stderr)
                return EXIT_INVALID
            if apply:
                library.update_settings(parameters=result.parameters)
            if as_json:
                print(json.dumps({**result.to_json_dict(), "applied": apply}, indent=2))
                return EXIT_OK
            print(f"Reviews used: {result.reviews}")
            print(
                f"Default parameters: log loss {result.default_log_loss:.4f}, "
                f"RMSE {result.default_rmse:.4f}"
            )
            print(f"Your parameters:    log loss {result.log_loss:.4f}, RMSE {result.rmse:.4f}")
            print("Parameters: " + ", ".join(f"{value:.4f}" for value in result.parameters))
            if result.kept_current:
                print(KEPT_CURRENT)
            if apply:
                print("Applied: your reviews are scheduled with these parameters from now on.")
            else:
                print("Not applied (use --apply to use them).")
    except StoreError as error:
        print(f"endoquiz optimize: error: {error}", file=sys.stderr)
        return EXIT_INVALID
    return EXIT_OK
