"""Opening a study session at 1,000 and at 100,000 cards: the second no more than 2x the first.

Each size is a tree of five generated decks (every kind, so reverse and
cloze entries give siblings), with a third of the cards studied (reviews,
a tenth of them due today, one in 25 suspended), 7% in learning or
relearning and due today (as in `make bench-anki`'s history: thousands at
100,000 cards) and 60 answers given today, written in SQL as
`bench_foundation.fill_history` does. What is timed is
what a learner waits for after choosing a deck: `library.review(tree)`,
its first `next_card()` and `counts()` (the file-stamp checks of the
decks included), on one open Library, a new session each run; the median
of RUNS runs after one warm-up run.

Target: the 100,000-card time is at most 2x the 1,000-card time (the
baseline, in the same run), and under 50 ms.

Run: `make bench` or `cd benchmarks && ../.venv/bin/python bench_session.py`.
"""

from __future__ import annotations

import random
import sqlite3
import tempfile
from datetime import UTC, datetime
from pathlib import Path

from bench_foundation import median_time, write_generated_deck
from endoquiz import Library
from endoquiz.common.clock import to_ms

SIZES = (1_000, 100_000)
DECKS = 5
RUNS = 101
NOW = datetime(2025, 6, 1, 10, 0, tzinfo=UTC)
DAY_MS = 86_400_000
ANSWERED_TODAY = 60


def install_tree(folder: Path, cards: int) -> Path:
    """A data folder holding a tree `bench` of DECKS decks of about `cards` cards in all."""
    data = folder / f"lib-{cards}"
    # Reverse and cloze entries yield two cards each: 5 entries make 7 cards.
    entries_per_deck = -(-cards * 5 // 7 // DECKS)
    with Library.open(data, fuzz=False) as library:
        for n in range(DECKS):
            path = folder / f"part-{cards}-{n}.yaml"
            write_generated_deck(path, f"bench/part-{n}", entries_per_deck)
            library.add_deck(path)
        db_path = library.db_path
    give_progress(db_path)
    return data


def give_progress(db_path: Path) -> None:
    """A third of the cards reviewed (a tenth of those due today, one in 25
    suspended), 7% in learning and overdue, a few answered today; the rest new."""
    rng = random.Random(16)
    now_ms = to_ms(NOW)
    db = sqlite3.connect(db_path)
    cards = db.execute("SELECT deck_id, card_id FROM card ORDER BY deck_id, position").fetchall()
    studied = [key for i, key in enumerate(cards) if i % 3 == 1]
    db.executemany(
        "UPDATE card SET state = 2, stability = ?, difficulty = 5, due = ?, last_review = ?, "
        "reps = 3, suspended = ? WHERE deck_id = ? AND card_id = ?",
        [
            (
                rng.uniform(1, 100),
                now_ms - rng.randint(0, 5) * DAY_MS
                if i % 10 == 0
                else now_ms + rng.randint(1, 100) * DAY_MS,
                now_ms - 10 * DAY_MS,
                int(i % 25 == 24),
                *key,
            )
            for i, key in enumerate(studied)
        ],
    )
    # Three in 42 (7%), spread over every deck.
    learning = [key for i, key in enumerate(cards) if i % 42 in (2, 5, 8)]
    db.executemany(
        "UPDATE card SET state = ?, step = 0, stability = 1, difficulty = 5, due = ?, "
        "last_review = ?, reps = 1 WHERE deck_id = ? AND card_id = ?",
        [
            # One in seven relearning; due up to 10 hours ago, some soon.
            (
                3 if i % 7 == 0 else 1,
                now_ms + rng.randint(-36_000, 600) * 1000,
                now_ms - 37_000_000,
                *key,
            )
            for i, key in enumerate(learning)
        ],
    )
    db.executemany(
        "INSERT INTO review_log (deck_id, card_id, rating, reviewed_at, duration_ms, mode, "
        "state_before, state_after, due_after) VALUES (?, ?, 3, ?, 8000, 'review', 0, 1, ?)",
        [(*key, now_ms - 600_000, now_ms) for key in learning[:ANSWERED_TODAY]],
    )
    db.commit()
    db.close()


def time_session_open(data: Path) -> tuple[int, float]:
    """(cards, median seconds) of opening a session on `bench` and showing its first card."""
    with Library.open(data, fuzz=False) as library:
        cards = sum(row.card_count for row in library.decks())

        def open_session() -> object:
            session = library.review("bench", now=NOW)
            card = session.next_card(NOW)
            assert card is not None
            return session.counts(NOW)

        open_session()  # warm-up: the first run also imports what sessions use
        return cards, median_time(open_session, RUNS)


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="endoquiz-bench-") as tmp:
        folder = Path(tmp)
        results = [time_session_open(install_tree(folder, size)) for size in SIZES]
    (small_cards, small_s), (big_cards, big_s) = results
    print(f"session open: review() + first next_card() + counts(), median of {RUNS}")
    print(f"  {small_cards:>7,} cards  {small_s * 1000:8.2f} ms  (baseline)")
    ratio = big_s / small_s
    verdict = "met" if ratio <= 2 and big_s < 0.050 else "NOT met"
    print(
        f"  {big_cards:>7,} cards  {big_s * 1000:8.2f} ms  ratio {ratio:.2f}x  "
        f"(target <= 2x and < 50 ms: {verdict})"
    )


if __name__ == "__main__":
    main()
