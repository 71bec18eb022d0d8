"""Statistics and card search on a large collection, against bare SQL scans.

With 50,000 cards and 500,000 log entries:
1. `Library.statistics()` (the statistics page's figures), target < 300 ms,
   against one bare pass over the review log (SELECT count, sum).
2. `Library.search_cards()` for typical queries, and sorted by a column as
   the card browser's headers do, target < 100 ms, against a bare LIKE scan
   of the card texts.

Run: `make bench` or `cd benchmarks && ../.venv/bin/python bench_browse.py`.
"""

from __future__ import annotations

import sqlite3
import statistics
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime
from functools import partial
from pathlib import Path

import bench_foundation
from bench_foundation import fill_history, write_generated_deck
from endoquiz import Library

LIBRARY_CARDS = 50_000
LOG_ENTRIES = 500_000
RUNS = 7
NOW = datetime(2025, 6, 1, 10, 0, tzinfo=UTC)
QUERIES = (
    "term",
    '"definition of term 4"',
    "deck:bench/part-2 kind:cloze",
    "is:due -kind:choice",
    "prop:r<0.8 prop:lapses>=0",
    "tag:generated rated:30",
)
# (query, sort column, descending): a click on a browser column header.
SORTED: tuple[tuple[str, str | None, bool], ...] = (
    ("", None, False),
    ("", "retrievability", False),
    ("", "front", False),
    ("", "due", True),
    ("term", "interval", True),
)


def median_ms(action: Callable[[], object]) -> float:
    times = []
    for _ in range(RUNS):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="endoquiz-bench-") as tmp:
        folder = Path(tmp)
        deck_ids = [f"bench/part-{n}" for n in range(5)]
        entries_per_deck = -(-LIBRARY_CARDS * 5 // 7 // len(deck_ids))
        with Library.open(folder / "data") as library:
            for deck_id in deck_ids:
                path = folder / f"{deck_id.replace('/', '-')}.yaml"
                write_generated_deck(path, deck_id, entries_per_deck)
                library.add_deck(path)
            db_path = library.db_path
        bench_foundation.LOG_ENTRIES = LOG_ENTRIES
        fill_history(db_path, deck_ids)

        with Library.open(folder / "data") as library:
            cards = sum(entry.card_count for entry in library.decks())
            logged = len(library.review_log())
            print(f"collection: {cards} cards, {logged} log entries")
            db = sqlite3.connect(db_path)
            scan_log = median_ms(
                lambda: db.execute("SELECT count(*), sum(rating) FROM review_log").fetchone()
            )
            stats = median_ms(lambda: library.statistics(now=NOW))
            print(f"  bare pass over the review log     {scan_log:7.1f} ms  (baseline)")
            print(
                f"  statistics (every figure)         {stats:7.1f} ms  "
                f"ratio {stats / scan_log:.1f}x  (target < 300 ms)"
            )
            scan_text = median_ms(
                lambda: db.execute(
                    "SELECT count(*) FROM card_content WHERE search_text LIKE '%term%'"
                ).fetchone()
            )
            print(f"  bare LIKE scan of the card texts  {scan_text:7.1f} ms  (baseline)")
            for query in QUERIES:
                found = len(library.search_cards(query, now=NOW))
                took = median_ms(partial(library.search_cards, query, now=NOW))
                print(
                    f"  search {query!r:36} {took:7.1f} ms  ratio {took / scan_text:.1f}x  "
                    f"{found:6} cards  (target < 100 ms)"
                )
            for query, column, descending in SORTED:
                search = partial(
                    library.search_cards, query, now=NOW, order=column, descending=descending
                )
                found = len(search())
                took = median_ms(search)
                label = f"{query!r} by {column or 'deck order'}{' desc' if descending else ''}"
                print(
                    f"  search {label:36} {took:7.1f} ms  ratio {took / scan_text:.1f}x  "
                    f"{found:6} cards  (target < 100 ms)"
                )
            db.close()


if __name__ == "__main__":
    main()
