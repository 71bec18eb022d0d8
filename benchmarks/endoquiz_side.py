"""endoquiz's side of bench_anki.py: run by endoquiz's venv, through the public API.

Commands (see side_protocol.py): `install` a deck file into a fresh data
folder, as `add_deck` or as File → Import (`install_decks`); `build` a
library of several decks with a study history; then `session` (open a study
session and show its first card, with the counts the study screen shows) and
`search` (the matching cards' keys, as the card browser and `endoquiz cards`
get them) on it. Each answers with the milliseconds of the timed part.

The study history is written as a progress file (`import_progress`, the
public way to bring progress in), with the columns an export of the same
library names: the states and answers of anki_cards.planned_progress.
"""

from __future__ import annotations

import gzip
import json
import time
from pathlib import Path
from typing import Any

from anki_cards import PlannedProgress, card_seed, planned_progress
from endoquiz import Card, Library
from side_protocol import serve_side

# The parent of every deck of a built library: a session opens on all of them.
STUDIED_DECK = "biology"
# Which card of its entry a card is: Anki's card ordinal (its template, or
# its cloze number less one).
SECOND_CARD_SUFFIXES = (":reverse", ":c2")


class EndoquizSide:
    """A library built once and measured many times."""

    def __init__(self) -> None:
        self.library: Library | None = None

    def install(self, deck: str, folder: str, how: str) -> dict[str, Any]:
        """Install a deck file into a fresh data folder; only the install is timed."""
        with Library.open(folder) as library:
            start = time.perf_counter()
            if how == "add_deck":
                cards = len(library.add_deck(deck).cards)
            else:
                result = library.install_decks([Path(deck)])
                if result.failed:
                    raise SystemExit(f"install_decks failed: {result.failed}")
                cards = sum(len(installed.cards) for installed in result.installed)
            took = time.perf_counter() - start
        return {"ms": took * 1000, "cards": cards}

    def build(self, decks: list[list[Any]], folder: str, until_ms: int) -> dict[str, Any]:
        """Install decks ([number, id, file] each) and give their cards the
        planned history; the library stays open for the measures."""
        if self.library is not None:  # the collection of a smaller size
            self.library.close()
        start = time.perf_counter()
        library = self.library = Library.open(folder)
        deck_numbers: dict[str, int] = {}
        for number, deck_id, path in decks:
            library.add_deck(path)
            deck_numbers[deck_id] = number
        cards = [card for deck_id in deck_numbers for card in library.deck(deck_id).cards]
        answers = write_history(library, cards, deck_numbers, until_ms, Path(folder).parent)
        return {
            "ms": (time.perf_counter() - start) * 1000,
            "cards": len(cards),
            "answers": answers,
        }

    def session(self) -> dict[str, Any]:
        """Open a study session on every deck and show its first card."""
        library = self._built()
        start = time.perf_counter()
        session = library.review(STUDIED_DECK)
        card = session.next_card()
        counts = session.counts()
        took = time.perf_counter() - start
        return {
            "ms": took * 1000,
            "first": card.front if card else None,
            "counts": list(counts),
        }

    def search(self, query: str, by_due: bool) -> dict[str, Any]:
        """The cards a query finds, as keys (no card's row is read)."""
        library = self._built()
        start = time.perf_counter()
        found = len(library.search_cards(query, order="due" if by_due else None))
        return {"ms": (time.perf_counter() - start) * 1000, "found": found}

    def _built(self) -> Library:
        if self.library is None:
            raise SystemExit("endoquiz side: `build` a library first")
        return self.library


def card_ordinal(card: Card) -> int:
    return 1 if card.id.endswith(SECOND_CARD_SUFFIXES) else 0


def write_history(
    library: Library,
    cards: list[Card],
    deck_numbers: dict[str, int],
    until_ms: int,
    scratch: Path,
) -> int:
    """Import the planned progress of `cards` as a progress file; returns
    how many answers it holds."""
    # An export names the file's format and columns as this endoquiz has them.
    template = scratch / "template.endoquiz-progress"
    library.export_progress(template)
    with gzip.open(template, "rt", encoding="utf-8") as file:
        document = json.load(file)
    card_rows: list[list[Any]] = []
    log_rows: list[list[Any]] = []
    for card in cards:
        entry_number = int(card.note_id.removeprefix("card-"))
        seed = card_seed(deck_numbers[card.deck_id], entry_number, card_ordinal(card))
        progress = planned_progress(seed, card.kind.value, until_ms)
        if progress is None:
            continue
        card_rows.append(card_row(document["card_columns"], card, progress))
        log_rows += log_rows_of(document["log_columns"], card, progress)
    document["cards"], document["review_log"] = card_rows, log_rows
    planned = scratch / "planned.endoquiz-progress"
    with gzip.open(planned, "wt", encoding="utf-8") as file:
        json.dump(document, file)
    library.import_progress(planned)
    return len(log_rows)


def card_row(columns: list[str], card: Card, progress: PlannedProgress) -> list[Any]:
    values = {
        "deck_id": card.deck_id,
        "card_id": card.id,
        "state": progress.state,
        "step": progress.step,
        "stability": progress.stability,
        "difficulty": progress.difficulty,
        "due": progress.due_ms,
        "last_review": progress.last_review_ms,
        "reps": progress.reps,
        "lapses": progress.lapses,
        "suspended": int(progress.suspended),
        "flag": 0,
    }
    return [values.get(column) for column in columns]


def log_rows_of(columns: list[str], card: Card, progress: PlannedProgress) -> list[list[Any]]:
    rows = []
    for answer in progress.answers:
        values = {
            "deck_id": card.deck_id,
            "card_id": card.id,
            "rating": answer.rating,
            "reviewed_at": answer.at_ms,
            "duration_ms": 8000,
            "mode": "review",
            "state_before": answer.state_before,
            "state_after": answer.state_after,
            "due_after": answer.due_after_ms,
            "stability_after": max(0.1, answer.interval_days or 0.5),
            "difficulty_after": progress.difficulty,
        }
        rows.append([values.get(column) for column in columns])
    return rows


def main() -> None:
    side = EndoquizSide()
    serve_side(side)
    if side.library is not None:
        side.library.close()


if __name__ == "__main__":
    main()
