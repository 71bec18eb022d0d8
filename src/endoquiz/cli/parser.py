"""The `endoquiz` command line's grammar: its options and sub-commands, with their help."""

from __future__ import annotations

import argparse
from collections.abc import Sequence

from endoquiz import DATA_DIR_ENV


class _VersionAction(argparse.Action):
    """--version, reading the version only when asked (it costs start-up time)."""

    def __init__(self, option_strings: Sequence[str], dest: str, **kwargs: object) -> None:
        super().__init__(option_strings, dest, nargs=0, help="show the version and exit")

    def __call__(self, parser: argparse.ArgumentParser, *args: object, **kwargs: object) -> None:
        import endoquiz

        print(f"endoquiz {endoquiz.__version__}")
        parser.exit()


def build_parser() -> argparse.ArgumentParser:
    """The parser of every option and sub-command, as `endoquiz --help` shows them."""
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
        parents=[data_options],
        help="check deck files and report problems as FILE:LINE:COL",
        description="Check deck files (or every .yaml/.yml file below a folder), and, "
        "against the progress in the data folder when it has any, warn of renamed cards "
        "that would lose theirs. Exit status: 0 valid (warnings allowed), 1 errors found, "
        "2 usage error.",
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
    sync = commands.add_parser(
        "sync",
        parents=[data_options],
        help="sync your progress with your other computers through a folder you already sync",
        description="Write this computer's new answers and changes to its own journal in a "
        "folder that Syncthing, Nextcloud, Dropbox, a network share or a USB stick keeps in "
        "step between your computers, and merge the others' (docs/sync.md). Exit status: "
        "0 synced, 1 a problem to report (a segment not read yet, a folder that cannot be "
        "written, a missing folder).",
    )
    sync.add_argument(
        "--folder",
        metavar="DIR",
        help="sync through DIR, and remember it for this computer (default: the one chosen before)",
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
        help="write your progress (answers, card states, settings) to one FILE.endoquiz-progress",
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
    anki_import = commands.add_parser(
        "import",
        parents=[data_options],
        help="import Anki packages (.apkg, .colpkg) with their progress, notes as text/CSV, "
        "or shared decks (.endoquiz)",
        description="Import Anki packages: each Anki deck becomes a deck file in "
        "decks/anki/ of the data folder, with the images its cards show, and the review "
        "history and card states come too. What is left out or changed is listed. "
        "Importing a package again updates its decks. Your progress is backed up first. "
        "Anki's notes exported as plain text and CSV/TSV files whose first row names "
        "front and back come as new cards. A shared deck (.endoquiz, from "
        "`endoquiz export-deck`) is checked whole and installed with its images; opening "
        "it again updates the deck and keeps your progress. "
        "Close the app first (or use its File menu). See docs/anki.md.",
    )
    anki_import.add_argument(
        "paths",
        nargs="+",
        metavar="FILE",
        help="an Anki package, Anki text export, CSV or shared deck (.endoquiz)",
    )
    anki_import.add_argument(
        "--dry-run",
        action="store_true",
        help="only say what importing would bring and leave out; write nothing",
    )
    export_deck = commands.add_parser(
        "export",
        parents=[data_options],
        help="write a deck and its subdecks to an Anki package (.apkg) or a CSV file",
        description="Write the deck DECK_ID and its subdecks to OUT: an Anki package "
        "when OUT ends in .apkg (File > Import in Anki; exporting again updates the same "
        "notes), a table of front, back and tags when it ends in .csv, or .tsv or .txt "
        "(tab-separated). docs/anki.md says what Anki keeps of each kind of card.",
    )
    export_deck.add_argument("deck_id", metavar="DECK_ID", help="the deck's id, e.g. biology")
    export_deck.add_argument("out", metavar="OUT", help="the file: .apkg, .csv, .tsv or .txt")
    export_deck.add_argument(
        "--with-progress",
        action="store_true",
        help="carry your progress too (card states, the review log) to continue in Anki",
    )
    share = commands.add_parser(
        "export-deck",
        parents=[data_options],
        help="share a deck as one .endoquiz file: its YAML and images, never your progress",
        description="Write the deck DECK_ID to OUT.endoquiz: its deck file as written, the "
        "images its cards show and a manifest, never progress; its child decks are shared "
        "each on their own. A learner opens it with File > Import or `endoquiz import`; "
        "opening a newer version again updates the deck and keeps their progress. "
        "See docs/deck-format.md.",
    )
    share.add_argument("deck_id", metavar="DECK_ID", help="the deck's id, e.g. biology/cells")
    share.add_argument("out", metavar="OUT.endoquiz", help="the file to write")
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
