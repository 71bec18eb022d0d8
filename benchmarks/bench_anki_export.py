"""Exporting a large deck as an Anki package: 10,000 notes and 100,000 answers, time and memory.

The deck has 10,000 entries (half basic, half reverse: 15,000 cards) whose
text has Markdown in it; its progress (every card studied, 100,000 answers
in all) is merged from a progress file, as after years of study. The
package is written without and with the progress, then the deck as CSV.
Target: a few seconds, memory within a few times the package's size.

Run: `cd benchmarks && ../.venv/bin/python bench_anki_export.py`.
"""

from __future__ import annotations

import resource
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from endoquiz import Library
from endoquiz.progress.progress_file import write_progress

ENTRIES = 10_000
ANSWERS = 100_000
DAY_MS = 86_400_000
START_MS = int(datetime(2024, 1, 1, 9, tzinfo=UTC).timestamp() * 1000)


def deck_text() -> str:
    lines = ["endoquiz: 1", "id: big", "title: Big deck", "tags: [bench]", "cards:"]
    for number in range(ENTRIES):
        kind = "reverse" if number % 2 else "basic"
        lines += [
            f"  - id: e{number}",
            f"    kind: {kind}",
            f"    front: What is **term {number}**?",
            f"    back: The *answer* to {number}, with a [link](https://example.org/{number})",
        ]
    return "\n".join(lines) + "\n"


def progress_rows(card_ids: list[str]) -> tuple[list[tuple[Any, ...]], list[tuple[Any, ...]]]:
    """Every card in review, its answers a day apart, ANSWERS in all."""
    per_card = ANSWERS // len(card_ids)
    extra = ANSWERS - per_card * len(card_ids)
    cards, log = [], []
    for index, card_id in enumerate(card_ids):
        answers = per_card + (1 if index < extra else 0)
        last = START_MS + answers * DAY_MS + index
        cards.append(
            ("big", card_id, 2, None, 30.0, 5.0, last + 30 * DAY_MS, last, answers, 0, 0, 0)
        )
        for answer in range(answers):
            moment = START_MS + (answer + 1) * DAY_MS + index
            before = 0 if answer == 0 else 2
            log.append(
                ("big", card_id, 3, moment, 4000, "review", before, 2, moment + DAY_MS, None, None)
            )
    return cards, log


def main() -> int:
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        deck = root / "big.yaml"
        deck.write_text(deck_text(), encoding="utf-8")
        with Library.open(root / "data", fuzz=False, timezone=UTC) as library:
            loaded = library.add_deck(deck)
            cards, log = progress_rows([card.id for card in loaded.cards])
            progress = root / "progress.endoquiz-progress"
            write_progress(progress, cards, log, {}, datetime.now(UTC))
            library.import_progress(progress)
            print(f"{ENTRIES:,} entries, {len(loaded.cards):,} cards, {len(log):,} answers")
            for with_progress in (False, True):
                out = root / f"big-{with_progress}.apkg"
                began = time.perf_counter()
                summary = library.export_anki("big", out, with_progress=with_progress)
                took = time.perf_counter() - began
                print(
                    f"export_anki(with_progress={with_progress}): {took:.2f} s, "
                    f"{summary.notes:,} notes, {summary.cards:,} cards, "
                    f"{summary.answers:,} answers, {out.stat().st_size / 1e6:.1f} MB"
                )
            began = time.perf_counter()
            rows = library.export_csv("big", root / "big.csv")
            print(f"export_csv: {time.perf_counter() - began:.2f} s, {rows:,} rows")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak memory of the process: {peak:.0f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
