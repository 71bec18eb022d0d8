"""Foundation speed targets, each measured against a baseline in the same run.

1. Validating and installing a generated 10,000-card deck of every kind and
   a 100,000-card deck of basic cards (as a large deck from Anki is; one of
   every kind with tags and sources has 20 values a card, over the limit of
   1,000,000), against a bare `yaml.load(CSafeLoader)` of the same file
   (target: validation <= 1.5x); and refusing a 49 MB deck over the limit of
   values and a file over the 50 MB limit, against a bare parse of the first
   (target: refused well before a bare parse ends).
2. Installing, and importing (File -> Import: copied into the data folder,
   then installed), decks of 1,000 to 100,000 basic cards, beside Anki
   26.9.3's `import_csv` of the same cards as issue 16 measured it (target:
   no slower, 100,000 cards under 7 s; `make bench-anki` runs both).
3. The median time of `ReviewSession.answer()` on a library of 50,000 cards
   and 200,000 log entries (target: <= 5 ms), against the floor of the same
   work done bare: one fsrs-rs review plus one committed SQLite insert.

Run: `make bench` (or `.venv/bin/python benchmarks/bench_foundation.py`).
"""

from __future__ import annotations

import random
import sqlite3
import statistics
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from functools import partial
from pathlib import Path

import fsrs_rs_python as fsrs_rs
import yaml

from endoquiz import Library, Rating, check_deck
from endoquiz.common.clock import to_ms

DECK_SIZES = (10_000, 100_000)
# Above this many cards, a deck of basic cards (every kind would be too many values).
MIXED_UP_TO = 10_000
# Cards of `write_generated_deck` that make a file of about 49 MB: well over
# the limit of 1,000,000 values, just under that of 50 MB.
OVER_THE_LIMIT_CARDS = 190_000
LIBRARY_CARDS = 50_000
LOG_ENTRIES = 200_000
ANSWERS = 300
NOW = datetime(2025, 6, 1, 10, 0, tzinfo=UTC)


def write_generated_deck(path: Path, deck_id: str, count: int) -> None:
    """A deck of `count` cards mixing every kind, like the generator's output."""
    lines = [
        "endoquiz: 1",
        f"id: {deck_id}",
        f"title: Generated deck {deck_id}",
        "description: A generated deck for benchmarks.",
        "disclaimer: Educational material, not medical advice.",
        "cards:",
    ]
    for i in range(count):
        kind = i % 5
        lines.append(f"  - id: card-{i}")
        if kind == 0:
            lines += [
                f"    front: What does term {i} mean in this article?",
                f"    back: Term {i} names a process described in section {i % 7}.",
            ]
        elif kind == 1:
            lines += [
                "    kind: reverse",
                f"    front: Term {i}",
                f"    back: The definition of term {i}, in a sentence of a dozen words.",
            ]
        elif kind == 2:
            lines += [
                "    kind: cloze",
                f"    text: Impaired signalling reduces {{{{c1::GLUT4-{i}}}}} translocation "
                "to the {{c2::cell membrane::where?}}.",
            ]
        elif kind == 3:
            lines += [
                "    kind: choice",
                f"    question: Which peptide matches description {i}?",
                "    choices: [MOTS-C, Sermorelin, Tesamorelin, Hexarelin]",
                "    answer: MOTS-C",
            ]
        else:
            lines += [
                "    kind: typed",
                f"    front: Which index estimates quantity {i}?",
                "    answer: HOMA-IR",
                "    accept: [HOMA IR]",
            ]
        lines += [
            "    tags: [generated, benchmark]",
            f'    source: {{section: Fundamentals, quote: "Sentence {i} of the article."}}',
        ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def median_time(action: Callable[[], object], runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def write_basic_deck(path: Path, deck_id: str, count: int) -> None:
    """A deck of `count` basic cards: an id, a question and an answer each."""
    lines = ["endoquiz: 1", f"id: {deck_id}", f"title: Basic deck {deck_id}", "cards:"]
    for i in range(count):
        lines += [
            f"  - id: card-{i}",
            f"    front: What does term {i} mean in this article?",
            f"    back: Term {i} names a process described in section {i % 7}.",
        ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def bench_deck(folder: Path, cards: int) -> None:
    deck = folder / f"big-{cards}.yaml"
    mixed = cards <= MIXED_UP_TO
    (write_generated_deck if mixed else write_basic_deck)(deck, "bench/big", cards)
    size_mb = deck.stat().st_size / 1e6

    def bare() -> object:
        return yaml.load(deck.read_bytes(), Loader=yaml.CSafeLoader)

    counter = iter(range(1000))

    def install() -> object:
        with Library.open(folder / f"lib-{cards}-{next(counter)}") as library:
            return library.add_deck(deck)

    runs = 5 if cards <= 10_000 else 3
    bare_s = median_time(bare, runs)
    validate_s = median_time(lambda: check_deck(deck), runs)
    install_s = median_time(install, 3 if cards <= 10_000 else 1)
    print(f"deck: {cards} entries ({'every kind' if mixed else 'basic'}), {size_mb:.1f} MB")
    print(f"  bare yaml.load(CSafeLoader)  {bare_s * 1000:8.1f} ms  (baseline)")
    print(
        f"  endoquiz validate            {validate_s * 1000:8.1f} ms  "
        f"ratio {validate_s / bare_s:.2f}x  (target <= 1.5x)"
    )
    print(
        f"  validate + install (SQLite)  {install_s * 1000:8.1f} ms  "
        f"ratio {install_s / bare_s:.2f}x"
    )


# Basic-card decks installed and imported. `make bench-anki` sets the same
# work beside Anki's import_csv, measured in the same run.
INSTALL_SIZES = (1_000, 5_000, 10_000, 100_000)


def bench_install(folder: Path) -> None:
    """Install and import decks of basic cards, each into a new library."""
    counter = iter(range(1000))
    print("install and import, basic cards (each into a new data folder):")
    for cards in INSTALL_SIZES:
        deck = folder / f"basic-{cards}.yaml"
        write_basic_deck(deck, f"bench/basic-{cards}", cards)

        def install(path: Path = deck) -> object:
            with Library.open(folder / f"install-{next(counter)}") as library:
                return library.add_deck(path)

        def import_copy(path: Path = deck) -> object:
            with Library.open(folder / f"import-{next(counter)}") as library:
                return library.install_decks([path], copy=True)

        runs = 5 if cards <= 10_000 else 1
        install_s = median_time(install, runs)
        import_s = median_time(import_copy, runs)
        print(
            f"  {cards:>7,} cards  install {install_s * 1000:7.0f} ms  "
            f"import {import_s * 1000:7.0f} ms"
        )


def bench_refusals(folder: Path) -> None:
    """Decks refused for their size: as soon as the limit is met, never
    after reading the whole file as a bare parse would."""
    over = folder / "over-the-limit.yaml"
    write_generated_deck(over, "bench/over", OVER_THE_LIMIT_CARDS)
    huge = folder / "huge.yaml"
    huge.write_bytes(over.read_bytes() + b"#" * (51 * 1024 * 1024 - over.stat().st_size) + b"\n")

    def bare() -> object:
        return yaml.load(over.read_bytes(), Loader=yaml.CSafeLoader)

    bare_s = median_time(bare, 1)
    for name, path, expected in (
        ("over 1,000,000 values", over, "more than 1,000,000 values"),
        ("over 50 MB", huge, "larger than 50 MB"),
    ):
        refused_s = median_time(partial(check_deck, path), 3)
        (error,) = check_deck(path).errors
        assert expected in error.message, error
        print(
            f"  refused, {name} ({path.stat().st_size / 1e6:.1f} MB)  {refused_s * 1000:8.1f} ms  "
            f"ratio {refused_s / bare_s:.2f}x of a bare parse ({bare_s * 1000:.0f} ms)"
        )


def fill_history(db_path: Path, deck_ids: list[str]) -> None:
    """Give most cards a review state and the log 200,000 entries, written
    directly in SQL: building them through answer() would take minutes."""
    rng = random.Random(7)
    db = sqlite3.connect(db_path)
    cards = db.execute("SELECT deck_id, card_id FROM card").fetchall()
    # Keep the studied deck's first cards new so the session has work; twice
    # as many as are answered, because answering one buries its siblings.
    kept_new = set([c for c in cards if c[0] == deck_ids[0]][: 2 * ANSWERS])
    reviewed = [c for c in cards if c not in kept_new]
    now_ms = to_ms(NOW)
    day = 86_400_000
    db.executemany(
        "UPDATE card SET state = 2, stability = ?, difficulty = ?, due = ?, last_review = ?, "
        "reps = 3 WHERE deck_id = ? AND card_id = ?",
        [
            (
                rng.uniform(1, 200),
                rng.uniform(1, 10),
                now_ms + rng.randint(1, 300) * day,
                now_ms - rng.randint(1, 30) * day,
                deck_id,
                card_id,
            )
            for deck_id, card_id in reviewed
        ],
    )
    log = []
    for i in range(LOG_ENTRIES):
        deck_id, card_id = reviewed[i % len(reviewed)]
        at = now_ms - rng.randint(2, 700) * day
        log.append((deck_id, card_id, rng.randint(1, 4), at, 8000, "review", 2, 2, at + 5 * day))
    db.executemany(
        "INSERT INTO review_log (deck_id, card_id, rating, reviewed_at, duration_ms, mode, "
        "state_before, state_after, due_after) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        log,
    )
    db.commit()
    db.close()


def build_collection(folder: Path, data_dir: Path, cards: int) -> Path:
    """A library in `data_dir` of five generated decks (written in `folder`)
    holding about `cards` cards, most studied, with a log of LOG_ENTRIES
    answers; returns its database's path."""
    deck_ids = [f"bench/part-{n}" for n in range(5)]
    # Reverse and cloze entries yield two cards each: 5 entries make 7 cards.
    entries_per_deck = -(-cards * 5 // 7 // len(deck_ids))
    with Library.open(data_dir) as library:
        for deck_id in deck_ids:
            path = folder / f"{deck_id.replace('/', '-')}.yaml"
            write_generated_deck(path, deck_id, entries_per_deck)
            library.add_deck(path)
        db_path = library.db_path
    fill_history(db_path, deck_ids)
    return db_path


def bench_answer(folder: Path) -> None:
    build_collection(folder, folder / "lib-answer", LIBRARY_CARDS)

    with Library.open(folder / "lib-answer") as library:
        library.update_settings(new_per_day=ANSWERS)
        cards_total = sum(len(d.deck.cards) for d in library.decks() if d.deck)
        start = time.perf_counter()
        session = library.review("bench", now=NOW)
        session_s = time.perf_counter() - start
        times = []
        for i in range(ANSWERS):
            now = NOW + timedelta(seconds=10 * i)
            card = session.next_card(now)
            assert card is not None
            start = time.perf_counter()
            session.answer(card, Rating.EASY, now)
            times.append(time.perf_counter() - start)
        logged = len(library.review_log())

    baseline = bare_answer_floor(folder / "floor.sqlite3")
    answer_ms = statistics.median(times) * 1000
    print(
        f"library: {cards_total} cards, {logged} log entries; "
        f"session over all of it opened in {session_s * 1000:.0f} ms"
    )
    print(f"  bare fsrs-rs review + committed INSERT  {baseline * 1000:6.2f} ms  (baseline)")
    print(
        f"  answer() median of {ANSWERS}               {answer_ms:6.2f} ms  "
        f"ratio {answer_ms / (baseline * 1000):.2f}x  (target <= 5 ms)"
    )
    p95 = statistics.quantiles(times, n=20)[-1] * 1000
    print(f"  answer() 95th percentile                {p95:6.2f} ms")


def bare_answer_floor(db_path: Path) -> float:
    """The least an answer can cost with the same durability: schedule with
    fsrs-rs (the memory model the scheduler uses) and commit one row, in WAL
    mode with synchronous=FULL."""
    db = sqlite3.connect(db_path, isolation_level=None)
    db.execute("PRAGMA journal_mode = WAL")
    db.execute("PRAGMA synchronous = FULL")
    db.execute("CREATE TABLE log (card INTEGER, rating INTEGER, at INTEGER, due INTEGER)")
    model = fsrs_rs.FSRS(list(fsrs_rs.DEFAULT_PARAMETERS))
    times = []
    for i in range(ANSWERS):
        start = time.perf_counter()
        due = NOW + timedelta(days=round(model.next_states(None, 0.9, 0).easy.interval))
        db.execute("BEGIN IMMEDIATE")
        db.execute("INSERT INTO log VALUES (?, ?, ?, ?)", (i, 4, to_ms(NOW), to_ms(due)))
        db.execute("COMMIT")
        times.append(time.perf_counter() - start)
    db.close()
    return statistics.median(times)


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="endoquiz-bench-") as tmp:
        folder = Path(tmp)
        for cards in DECK_SIZES:
            bench_deck(folder, cards)
        bench_install(folder)
        bench_refusals(folder)
        bench_answer(folder)


if __name__ == "__main__":
    main()
