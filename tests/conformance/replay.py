"""Replays anki_reference.json through `Library` and compares with Anki.

`test_anki_conformance.py` asserts that every answer agrees; run as a script
(`.venv/bin/python -m tests.conformance.replay`) it prints the figures:
intervals, states, button intervals, memory states and whole sequences equal.
"""

from __future__ import annotations

import json
import sys
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from endoquiz import CardState, Library, Rating, State
from endoquiz.scheduling import next_study_day_start, study_date
from tests.conftest import basic_deck

REFERENCE_FILE = Path(__file__).resolve().parent / "anki_reference.json"
DECK_ID = "conformance"
LONG_INTERVAL_DAYS = 1000


def load_reference() -> dict[str, Any]:
    reference: dict[str, Any] = json.loads(REFERENCE_FILE.read_text(encoding="utf-8"))
    return reference


@dataclass(frozen=True)
class Replayed:
    """One answer, as Anki gave it and as endoquiz gives it."""

    sequence: str
    at: str
    rating: int
    anki: dict[str, Any]
    state: str
    interval: str
    buttons: list[str]
    stability: float
    difficulty: float

    @property
    def interval_equal(self) -> bool:
        return bool(self.interval == self.anki["interval"])

    @property
    def state_equal(self) -> bool:
        return bool(self.state == self.anki["state"])

    @property
    def button_pairs(self) -> list[tuple[str, str]]:
        """(endoquiz's, Anki's) interval of each of the four buttons."""
        return list(zip(self.buttons, self.anki["buttons"], strict=True))

    @property
    def memory_equal(self) -> bool:
        return (self.stability, self.difficulty) == (
            self.anki["stability"],
            self.anki["difficulty"],
        )

    @property
    def equal(self) -> bool:
        return (
            self.interval_equal
            and self.state_equal
            and self.memory_equal
            and self.buttons == self.anki["buttons"]
        )

    @property
    def long(self) -> bool:
        """An interval over 1,000 days (by Anki)."""
        interval: str = self.anki["interval"]
        return interval.endswith("d") and int(interval[:-1]) > LONG_INTERVAL_DAYS

    def __str__(self) -> str:
        return (
            f"{self.sequence} {self.at} rating {self.rating}: Anki {self.anki['state']} "
            f"{self.anki['interval']} {self.anki['buttons']} "
            f"s={self.anki['stability']} d={self.anki['difficulty']}; endoquiz {self.state} "
            f"{self.interval} {self.buttons} s={self.stability} d={self.difficulty}"
        )


def interval_text(interval: timedelta) -> str:
    """An interval as the reference writes it: "11d" or "600s"."""
    if interval.days and not interval.seconds and not interval.microseconds:
        return f"{interval.days}d"
    return f"{round(interval.total_seconds())}s"


def anki_interval(state: CardState, at: datetime, day_starts_at: int, zone: ZoneInfo) -> str:
    """A card's interval after an answer at `at`, counted as Anki's review log
    counts it: study days to its due day when that is a later study day (a
    review, or a step past the rollover), else seconds."""
    assert state.due is not None
    if state.state is State.REVIEW or state.due >= next_study_day_start(at, day_starts_at, zone):
        days = study_date(state.due, day_starts_at, zone) - study_date(at, day_starts_at, zone)
        return f"{days.days}d"
    return f"{round((state.due - at).total_seconds())}s"


def replay(sequence: dict[str, Any], folder: Path) -> list[Replayed]:
    """Answers one card through `Library` as the reference sequence did in
    Anki, at the same times; a fresh library in `folder`."""
    settings = sequence["settings"]
    zone = ZoneInfo(settings["zone"])
    folder.mkdir(parents=True, exist_ok=True)
    deck = folder / "deck.yaml"
    deck.write_text(basic_deck(DECK_ID, ["only"]), encoding="utf-8")
    results = []
    with Library.open(folder / "data", fuzz=False, timezone=zone) as library:
        library.add_deck(deck, now=datetime(2000, 1, 1, tzinfo=UTC))
        library.update_settings(
            day_starts_at=settings["day_starts_at"],
            desired_retention=settings["desired_retention"],
            learning_steps=tuple(settings["learning_steps"]),
            relearning_steps=tuple(settings["relearning_steps"]),
            maximum_interval=settings["maximum_interval"],
        )
        card = library.deck(DECK_ID).cards[0]
        for answer in sequence["answers"]:
            if "stopped" in answer:
                continue  # Anki (in test mode) could not schedule the card
            at = datetime.fromisoformat(answer["at"])
            # Shown now whatever its due date: an early answer is answered early.
            session = library.review(DECK_ID, now=at, focus=[card])
            shown = session.next_card(at)
            assert shown is not None and shown.id == card.id
            buttons = [interval_text(i) for i in session.next_intervals(shown, at).values()]
            state = session.answer(shown, Rating(answer["rating"]), at)
            assert state.stability is not None and state.difficulty is not None
            results.append(
                Replayed(
                    sequence=sequence["name"],
                    at=answer["at"],
                    rating=answer["rating"],
                    anki=answer,
                    state=state.state.name.lower(),
                    interval=anki_interval(state, at, settings["day_starts_at"], zone),
                    buttons=buttons,
                    stability=state.stability,
                    difficulty=state.difficulty,
                )
            )
    return results


def figures(replayed: Sequence[Sequence[Replayed]]) -> list[str]:
    """The agreement, in lines for a person."""
    answers = [answer for sequence in replayed for answer in sequence]
    long = [answer for answer in answers if answer.long]

    def share(count: int, total: int, what: str) -> str:
        return f"{count} of {total} {what}"

    return [
        share(sum(a.interval_equal for a in answers), len(answers), "intervals equal"),
        share(sum(a.state_equal for a in answers), len(answers), "states equal"),
        share(
            sum(ours == anki for a in answers for ours, anki in a.button_pairs),
            sum(len(a.anki["buttons"]) for a in answers),
            "button intervals equal",
        ),
        share(sum(a.memory_equal for a in answers), len(answers), "memory states equal"),
        share(sum(all(a.equal for a in s) for s in replayed), len(replayed), "sequences whole"),
        share(sum(not a.interval_equal for a in long), len(long), "over 1,000 days differ"),
    ]


def main() -> int:
    reference = load_reference()
    replayed = []
    with tempfile.TemporaryDirectory() as folder:
        for number, sequence in enumerate(reference["sequences"]):
            replayed.append(replay(sequence, Path(folder) / str(number)))
    for answer in (a for sequence in replayed for a in sequence):
        if not answer.equal:
            print(answer)
    print(f"Against Anki {reference['anki']}:")
    for line in figures(replayed):
        print(f"  {line}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
