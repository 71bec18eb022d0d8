"""Syncing through a folder: the memory a merge takes, as the history to merge grows.

Computer B's journal holds 100,000 or 300,000 answers to a deck of 10,000
cards, in segments of 100,000 as B writes them (states chained, as one
computer's answers are); computer A merges them all in one sync, in a
process of its own. Printed: the process's peak memory for each, and the
ratio, the baseline being the 100,000 in the same run. A merge that held
a whole history at once would take three times the memory for three times
the answers; merged in transactions of at most `EVENTS_PER_MERGE` events,
working out `CARDS_PER_STEP` cards at a time, it takes about the same.
Run: `.venv/bin/python benchmarks/bench_sync_memory.py`.
"""

from __future__ import annotations

import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench_sync import CARDS, DEVICE_B, answer_line, write_deck
from endoquiz import Library
from endoquiz.sync.journal import write_segment

PER_SEGMENT = 100_000


def journal_of_b(folder: Path, answers: int) -> None:
    """B's answers, ten to each card a segment, as `bench_sync` makes them."""
    rounds = PER_SEGMENT // CARDS
    for first_round in range(0, answers // CARDS, rounds):
        lines = [
            answer_line(round_, number)
            for round_ in range(first_round, first_round + rounds)
            for number in range(CARDS)
        ]
        write_segment(folder, DEVICE_B, lines)


def merge_here(root: Path) -> None:
    """In the child process: A's sync, then its peak memory and time."""
    with Library.open(root / "a") as library:
        start = time.perf_counter()
        report = library.sync(root / "sync")
        elapsed = time.perf_counter() - start
    peak_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(f"{report.received} {peak_kib} {elapsed:.2f}")


def merged(root: Path, answers: int) -> tuple[int, float]:
    """Peak memory (MiB) and time of A's merge of `answers` from B."""
    root.mkdir()
    deck = write_deck(root / "big.yaml")
    (root / "sync").mkdir()
    journal_of_b(root / "sync", answers)
    with Library.open(root / "a") as library:
        library.add_deck(deck)
    child = subprocess.run(
        [sys.executable, __file__, "--merge", str(root)],
        check=True,
        capture_output=True,
        text=True,
    )
    received, peak_kib, elapsed = child.stdout.split()
    assert int(received) == answers, child.stdout
    return int(peak_kib) // 1024, float(elapsed)


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        peaks = {}
        for answers in (100_000, 300_000):
            peaks[answers], elapsed = merged(Path(tmp) / str(answers), answers)
            print(f"merge {answers:>7,} answers: peak {peaks[answers]} MiB, {elapsed:.1f} s")
        ratio = peaks[300_000] / peaks[100_000]
        print(f"peak memory for 300,000 against 100,000 answers: {ratio:.2f}x for 3x the answers")


if __name__ == "__main__":
    if sys.argv[1:2] == ["--merge"]:
        merge_here(Path(sys.argv[2]))
    else:
        main()
