"""One computer of tests/sync/test_two_processes.py: opens its library, answers, syncs, closes.

Run as a script (`sys.executable sync_worker.py DATA SYNC COMMITTED COMPUTER SEED STEPS`),
it may be killed at any moment. After each answer returns (the store has
committed it) it appends `card rating reviewed_at` to COMMITTED and fsyncs
it, then says so on stdout; the test checks that every such line is in the
review log at the end. Each step is a line on stdout, so the test can kill it
after a chosen count of them rather than after a random time.
"""

from __future__ import annotations

import os
import random
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

from endoquiz import Library, Rating

DECK = "d"
# Answer times are made up, so two runs of a seed give the same answers;
# each computer its own second within a minute, so no two answers of the
# two computers ever share a time.
T0 = datetime(2024, 3, 5, 10, 0, tzinfo=UTC)


def say(line: str) -> None:
    sys.stdout.write(line + "\n")
    sys.stdout.flush()


def keep_whole_lines(committed: Path) -> None:
    """Cut a line a kill left half written, so the next one starts a line."""
    if not committed.exists():
        return
    data = committed.read_bytes()
    whole = data[: data.rfind(b"\n") + 1]
    if whole != data:
        committed.write_bytes(whole)


def main(
    data_dir: Path, sync_copy: Path, committed: Path, computer: int, seed: int, steps: int
) -> None:
    rng = random.Random(seed)
    keep_whole_lines(committed)
    with Library.open(data_dir, fuzz=False, timezone=UTC) as library:
        say("opened")
        # After the latest answer this library holds (its own committed
        # ones, or another computer's merged in), so times never go back.
        latest = max((e.reviewed_at for e in library.review_log()), default=T0)
        clock = latest.replace(second=computer, microsecond=0) + timedelta(minutes=1)
        cards = library.deck(DECK).cards
        with committed.open("a", encoding="utf-8") as out:
            for step in range(steps):
                if rng.random() < 0.25:
                    say(f"syncing {step}")
                    report = library.sync(sync_copy, now=clock)
                    say(f"synced {step} sent={report.sent} received={report.received}")
                    # A merge may bring answers later than this clock.
                    latest = max((e.reviewed_at for e in library.review_log()), default=T0)
                    clock = max(clock, latest.replace(second=computer, microsecond=0))
                    continue
                clock += timedelta(minutes=rng.randint(1, 90))
                card = rng.choice(cards)
                rating = rng.choice(list(Rating))
                session = library.review(DECK, now=clock, focus=[card])
                shown = session.next_card(clock)
                assert shown is not None and shown.id == card.id
                session.answer(shown, rating, clock)
                out.write(f"{card.id} {rating.name} {clock.isoformat()}\n")
                out.flush()
                os.fsync(out.fileno())
                say(f"answered {step}")
    say("done")


if __name__ == "__main__":
    data, folder, file, computer_text, seed_text, steps_text = sys.argv[1:]
    main(Path(data), Path(folder), Path(file), int(computer_text), int(seed_text), int(steps_text))
