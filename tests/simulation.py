"""A simulated learner whose memory follows known FSRS parameters, studying
through the app: review histories for the optimizer's tests."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta

import fsrs

from endoquiz import Library, Rating

START = datetime(2024, 1, 1, 10, 0, tzinfo=UTC)

# A learner who remembers much longer than FSRS's defaults assume: long
# initial stabilities (30 days after a first Easy) and fast growth.
STRONG_MEMORY = (
    2.0, 5.0, 12.0, 30.0, 6.4, 0.83, 3.0, 0.001, 2.5, 0.1, 1.0, 1.5, 0.02, 0.2,
    1.5, 0.2, 2.0, 0.5, 0.3, 0.1, 0.5,
)  # fmt: skip


def simulate(library: Library, deck_id: str, days: int, seed: int) -> None:
    """Study every day through the app, answering as that learner would:
    recalled with the probability their own memory model gives, else Again."""
    rng = random.Random(seed)
    memory = fsrs.Scheduler(parameters=STRONG_MEMORY, enable_fuzzing=False)
    minds: dict[str, fsrs.Card] = {}
    for day in range(days):
        now = START + timedelta(days=day)
        session = library.review(deck_id, now=now)
        # Minutes pass between answers so that learning steps come due today.
        for _ in range(400):
            card = session.next_card(now)
            if card is None:
                break
            mind = minds.setdefault(card.id, fsrs.Card())
            if mind.last_review is None:
                rating = rng.choice([Rating.AGAIN, Rating.GOOD, Rating.GOOD, Rating.EASY])
            elif rng.random() < memory.get_card_retrievability(mind, now):
                rating = Rating.EASY if rng.random() < 0.1 else Rating.GOOD
            else:
                rating = Rating.AGAIN
            session.answer(card, rating, now, duration_ms=3000)
            minds[card.id], _ = memory.review_card(mind, fsrs.Rating(int(rating)), now)
            now += timedelta(minutes=11)
