"""Prints what the order of a history does to the optimizer's figures.

Two decks studied by the simulated learner of tests/simulation.py; the log
given deck by deck, each deck first in turn. fsrs-rs weighs a training item
by its place in the list, so items built card by card made the defaults' log
loss depend on which deck came last; in review-time order (as Anki sends
them) it does not. Run: `.venv/bin/python -m tests.conformance.optimizer_order`.
"""

from __future__ import annotations

import sys
import tempfile
from datetime import UTC, timedelta
from pathlib import Path

import fsrs_rs_python as fsrs_rs

from endoquiz import Library
from endoquiz.study.optimizer import evaluate, training_items
from tests.conftest import basic_deck
from tests.simulation import simulate

DECKS = ("alpha", "beta")


def main() -> int:
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        with Library.open(folder / "data", fuzz=False, timezone=UTC) as library:
            for seed, deck_id in enumerate(DECKS, start=7):
                deck = folder / f"{deck_id}.yaml"
                cards = [f"c{i:03}" for i in range(120)]
                deck.write_text(basic_deck(deck_id, cards), encoding="utf-8")
                library.add_deck(deck)
                simulate(library, deck_id, days=120, seed=seed)
            log = library.review_log()
            result = library.optimize()
    defaults = list(fsrs_rs.DEFAULT_PARAMETERS)
    print(f"{len(log)} study answers of two decks")
    for first in DECKS:
        ordered = sorted(log, key=lambda e: (e.deck_id != first, e.card_id, e.reviewed_at))
        loss, _ = evaluate(defaults, training_items(ordered, timedelta(0)))
        print(f"  log given {first} first: defaults' log loss {loss:.4f}")
    print(
        f"  Library.optimize: defaults {result.default_log_loss:.4f}, "
        f"fitted {result.log_loss:.4f} (RMSE {result.default_rmse:.4f} -> {result.rmse:.4f}), "
        f"kept the parameters in use: {result.kept_current}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
