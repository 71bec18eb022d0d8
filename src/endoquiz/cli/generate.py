"""`endoquiz generate`: decks written from source articles, or checked against them."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path

from endoquiz.cli.exit_status import EXIT_INVALID, EXIT_OK, EXIT_USAGE


def run(articles: Sequence[str], out_dir: Path, *, report: bool, check: bool) -> int:
    """Write the decks of `articles` under `out_dir` (with `check`, only
    compare them with what is there)."""
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
