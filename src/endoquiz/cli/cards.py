"""`endoquiz cards`: the installed cards a search query matches, as lines or JSON."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from endoquiz import printable
from endoquiz.cli.data_folder import opened_library
from endoquiz.cli.exit_status import EXIT_OK, EXIT_USAGE

if TYPE_CHECKING:
    from endoquiz import CardMatch


def run(data_dir: Path, query: str, as_json: bool) -> int:
    """Print the cards `query` (docs/search.md) matches."""
    from endoquiz import SearchError

    # The matches read the library as they are printed: keep it open till then.
    with opened_library(data_dir, "cards") as library:
        try:
            matches = library.search_cards(query)
        except SearchError as error:
            print(f"endoquiz cards: error: {error}", file=sys.stderr)
            return EXIT_USAGE
        if as_json:
            _print_json(matches)
        else:
            _print_lines(matches)
        return EXIT_OK


def _print_json(matches: Sequence[CardMatch]) -> None:
    import json

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


def _print_lines(matches: Sequence[CardMatch]) -> None:
    """A line a card (tab-separated), then the count on stderr."""
    for m in matches:
        due = m.due.date().isoformat() if m.due else "-"
        # Card text may hold direction marks (right-to-left override): escaped,
        # they cannot reorder the line a terminal shows.
        front = printable(" ".join(m.front.split()))
        front = front if len(front) <= 60 else front[:57] + "..."
        state = m.state.label + (" (suspended)" if m.suspended else "")
        print(f"{m.deck_id}\t{m.card_id}\t{m.kind}\t{state}\t{due}\t{front}")
    print(f"{len(matches)} card(s)", file=sys.stderr)
