"""Killing the process mid-study loses at most the answer in flight."""

from __future__ import annotations

import signal
import subprocess
import sys
import textwrap
from pathlib import Path

from endoquiz import Library, State
from tests.conftest import WriteDeck, basic_deck

KILL_AFTER = 25

# Answers cards as fast as it can and reports each one once answer() returned.
CHILD = textwrap.dedent(
    """
    import sys
    from endoquiz import Library, Rating
    library = Library.open(sys.argv[1])
    library.add_deck(sys.argv[2])
    library.update_settings(new_per_day=10000)
    session = library.review("crash")
    while (card := session.next_card()) is not None:
        session.answer(card, Rating.EASY)
        print(card.id, flush=True)
    print("ran out of cards", flush=True)
    """
)


def test_sigkill_after_n_answers_loses_none_of_them(data_dir: Path, write_deck: WriteDeck) -> None:
    deck = write_deck(basic_deck("crash", [f"c{i:04}" for i in range(2000)]))
    child = subprocess.Popen(
        [sys.executable, "-c", CHILD, str(data_dir), str(deck)],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert child.stdout is not None
    reported: list[str] = []
    try:
        while len(reported) < KILL_AFTER:
            line = child.stdout.readline()
            assert line and line != "ran out of cards\n", "child stopped early"
            reported.append(line.strip())
        child.send_signal(signal.SIGKILL)
    finally:
        child.wait(timeout=30)
        child.stdout.close()
    assert child.returncode == -signal.SIGKILL

    with Library.open(data_dir) as library:
        logged = [entry.card_id for entry in library.review_log("crash")]
        # Every reported answer is there; at most one more was in flight.
        assert logged[:KILL_AFTER] == reported
        assert len(logged) in (KILL_AFTER, KILL_AFTER + 1)
        for card_id in logged:
            state = library.card_state("crash", card_id)
            assert state.state is State.REVIEW and state.reps == 1
        untouched = library.card_state("crash", "c1999")
        assert untouched.state is State.NEW
