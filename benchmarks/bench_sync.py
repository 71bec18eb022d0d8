"""Syncing through a folder: merging another computer's answers, and a sync with nothing new.

Computer B's journal holds answers to a deck of 10,000 cards, ten each,
written as B writes them (one segment, chained states); computer A merges
them. Printed: the merge of 10,000, 50,000 and 100,000 answers, each in a
fresh data folder, the median of RUNS runs, with the time per answer (linear
growth keeps it flat) and the ratio of the largest to the smallest, the
baseline in the same run.
The baseline in the same run: the same answers written straight into an
empty review log of the same schema, in one transaction, by one
`executemany` (no journal read, no event kept, no card worked out): the
least any merge of them costs, as the statistics' indexes make every answer
written to the log cost. The ratio says how far the merge is from it.
Then a sync with nothing new, at start-up, against start-up without it:
opening the data folder of 100,000 merged answers alone, and opening it and
syncing. The issue's targets: under 1 s for 100,000 answers; under 50 ms for
the sync with nothing new.
Run: `.venv/bin/python benchmarks/bench_sync.py`.
"""

from __future__ import annotations

import sqlite3
import statistics
import tempfile
import time
from pathlib import Path

from endoquiz import Library
from endoquiz.store.clock_stamps import Stamp
from endoquiz.store.sync_events import EventKind, SyncEvent, new_event_id
from endoquiz.store.sync_log import roomy_cache
from endoquiz.sync.journal import write_segment

CARDS = 10_000
# Each merge and the baseline are timed this many times, each in a fresh
# data folder, and their medians compared: one run on a shared machine can
# take half again as long as the next.
RUNS = 3
DEVICE_B = "b0b0b0b0b0b0b0b0"
T0_MS = 1_700_000_000_000
MINUTE_MS = 60_000
DAY_MS = 86_400_000


def write_deck(path: Path) -> Path:
    lines = ["endoquiz: 1", "id: big", "title: A large deck", "cards:"]
    for number in range(CARDS):
        lines += [
            f"  - id: c{number:05}",
            f"    front: Question {number}?",
            f"    back: Answer {number}.",
        ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def answer_line(round_: int, number: int) -> str:
    """B's answer of a round to card `number`, as its journal holds it: its
    state before is the one the card's previous answer left (as B records)."""
    at = T0_MS + round_ * DAY_MS + number * 10
    body = {
        "rating": 3,
        "answered": at,
        "duration": 4000,
        "mode": "review",
        "tz": 0,
        "before": [0, 0, None] if round_ == 0 else [2, round_, at - DAY_MS],
        "after": [2, at + DAY_MS, 3.0 + round_, 5.0, None, at, round_ + 1, 0],
        "suspends": False,
        "replaces": None,
    }
    stamp = Stamp(at, 0, DEVICE_B)
    event = SyncEvent(new_event_id(), stamp, EventKind.ANSWER, "big", f"c{number:05}", body)
    return event.to_json()


def journal_of_b(folder: Path, answers: int) -> None:
    """B's answers, round-robin over the cards, in one segment."""
    lines = [
        answer_line(round_, number) for round_ in range(answers // CARDS) for number in range(CARDS)
    ]
    write_segment(folder, DEVICE_B, lines)


def merge_time(root: Path, deck: Path, answers: int) -> float:
    folder = root / f"sync-{answers}"
    folder.mkdir()
    journal_of_b(folder, answers)
    # A data folder whose own events (none but settings) were sent already:
    # the time is B's merge alone.
    with Library.open(root / f"a2-{answers}") as library:
        library.add_deck(deck)
        own = root / f"own-{answers}"
        own.mkdir()
        library.sync(own)
        start = time.perf_counter()
        report = library.sync(folder)
        elapsed = time.perf_counter() - start
        assert report.received == answers, report
        assert len(library.review_log()) == answers
    return elapsed


def log_insert_time(root: Path, deck: Path, answers: int) -> float:
    """The baseline: B's answers as review log rows, written straight into a
    fresh data folder's database (its own schema, indexes and pragmas)."""
    with Library.open(root / f"bare-{answers}") as library:
        library.add_deck(deck)
        path = library.db_path
    per_card = answers // CARDS
    rows = [
        ("big", f"c{number:05}", 3, T0_MS + round_ * DAY_MS + number * 10, 4000, "review",
         0 if round_ == 0 else 2, 2, T0_MS + round_ * DAY_MS + number * 10 + DAY_MS,
         3.0 + round_, 5.0, new_event_id(), number + 1)
        for round_ in range(per_card)
        for number in range(CARDS)
    ]  # fmt: skip
    db = sqlite3.connect(path, isolation_level=None)
    try:
        db.execute("PRAGMA synchronous = FULL")  # as the store's connection
        start = time.perf_counter()
        with roomy_cache(db):  # as a merge's
            db.execute("BEGIN IMMEDIATE")
            db.executemany(
                "INSERT INTO review_log (deck_id, card_id, rating, reviewed_at, duration_ms, "
                "mode, state_before, state_after, due_after, stability_after, difficulty_after, "
                "event_id, card_ref) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                rows,
            )
            db.execute("COMMIT")
        return time.perf_counter() - start
    finally:
        db.close()


def open_time(data: Path, folder: Path | None) -> float:
    start = time.perf_counter()
    with Library.open(data) as library:
        if folder is not None:
            library.sync(folder)
    return time.perf_counter() - start


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        deck = write_deck(root / "big.yaml")
        for run in range(RUNS):
            (root / f"run{run}").mkdir()
        times = {}
        for answers in (10_000, 50_000, 100_000):
            runs = [merge_time(root / f"run{run}", deck, answers) for run in range(RUNS)]
            times[answers] = statistics.median(runs)
            print(
                f"merge {answers:>7,} answers: {times[answers]:6.3f} s "
                f"({times[answers] / answers * 1e6:5.1f} µs an answer; "
                f"runs {', '.join(f'{t:.2f}' for t in runs)})"
            )
        ratio = times[100_000] / times[10_000]
        print(f"100,000 against 10,000 answers: {ratio:.1f}x the time for 10x the answers")
        print(f"target under 1 s for 100,000: {'met' if times[100_000] < 1 else 'NOT met'}")
        bare = statistics.median(
            log_insert_time(root / f"run{run}", deck, 100_000) for run in range(RUNS)
        )
        print(
            f"baseline: the same 100,000 answers written straight into the review log: "
            f"{bare:.3f} s; the merge takes {times[100_000] / bare:.1f}x that"
        )
        data, folder = root / "run0" / "a2-100000", root / "run0" / "sync-100000"
        alone = [open_time(data, None) for _ in range(7)]
        synced = [open_time(data, folder) for _ in range(7)]
        extra = (statistics.median(synced) - statistics.median(alone)) * 1000
        verdict = "met" if extra < 50 else "NOT met"
        print(
            f"start-up: {statistics.median(alone) * 1000:.1f} ms opening alone, "
            f"{statistics.median(synced) * 1000:.1f} ms opening and syncing with nothing new: "
            f"{extra:+.1f} ms for the sync (target under 50 ms: {verdict})"
        )


if __name__ == "__main__":
    main()
