"""SIGKILL at random moments of studying: every answer reported as saved is
in the log and the card states; the database is sound."""

from __future__ import annotations

import random
import signal
import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from endoquiz import Library, State
from endoquiz.store.progress_store import DB_FILENAME
from tests.conftest import WriteDeck, basic_deck
from tests.faults.conftest import cases

# Answers cards as fast as it can, mixing ratings, and reports each one once
# answer() returned, that is, once it is committed.
CHILD = textwrap.dedent(
    """
    import random, sys
    from endoquiz import Library, Rating
    library = Library.open(sys.argv[1])
    if not library.decks():
        library.add_deck(sys.argv[2])
        library.update_settings(new_per_day=10000)
    session = library.review("kill")
    chance = random.Random(int(sys.argv[3]))
    while (card := session.next_card()) is not None:
        session.answer(card, chance.choice(list(Rating)))
        print(card.id, flush=True)
    print("ran out of cards", flush=True)
    """
)


@pytest.mark.parametrize("case", cases(quick=3, full=100))
def test_sigkill_loses_no_acknowledged_answer(
    case: int, data_dir: Path, write_deck: WriteDeck
) -> None:
    deck = write_deck(basic_deck("kill", [f"c{n:04}" for n in range(3000)]))
    chance = random.Random(case)
    acknowledged: list[str] = []
    # Three kills in a row on one folder, each after a random number of answers.
    for run in range(3):
        kill_after = chance.randrange(1, 60)
        child = subprocess.Popen(
            [sys.executable, "-c", CHILD, str(data_dir), str(deck), str(case * 10 + run)],
            stdout=subprocess.PIPE,
            text=True,
        )
        assert child.stdout is not None
        try:
            for _ in range(kill_after):
                line = child.stdout.readline()
                assert line and line != "ran out of cards\n", "the child stopped early"
                acknowledged.append(line.strip())
            child.send_signal(signal.SIGKILL)
            child.wait(timeout=60)
            # Lines the child printed before the kill that were not read yet
            # are answers it had committed too (on a busy machine the child
            # runs ahead of this loop): acknowledged all the same.
            acknowledged += [line.strip() for line in child.stdout if line.strip().startswith("c")]
        finally:
            child.wait(timeout=60)
            child.stdout.close()
        assert child.returncode == -signal.SIGKILL
    with Library.open(data_dir) as library:
        logged = [entry.card_id for entry in library.review_log("kill")]
        # Every acknowledged answer, in order; at most one more per kill,
        # the one in flight.
        assert is_subsequence(acknowledged, logged)
        assert len(acknowledged) <= len(logged) <= len(acknowledged) + 3
        for card_id in set(logged):
            assert library.card_state("kill", card_id).state is not State.NEW
    db = sqlite3.connect(data_dir / DB_FILENAME)
    try:
        assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    finally:
        db.close()


def is_subsequence(part: list[str], whole: list[str]) -> bool:
    """Whether `part` is `whole` with some items left out, in the same order."""
    rest = iter(whole)
    return all(item in rest for item in part)
