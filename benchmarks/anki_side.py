"""Anki's side of bench_anki.py: run by the Anki venv (build/venv-anki), never by endoquiz's.

The same commands as endoquiz_side.py, through Anki's Python library
(`anki`, pinned in requirements/anki-reference.txt): `install` imports a CSV
file into a fresh collection (`get_csv_metadata` then `import_csv`, what
File → Import does); `build` imports several into one collection with FSRS
on and writes the planned study history; `session` asks the v3 scheduler for
its first card and counts (`get_queued_cards`), `search` runs `find_cards`.

The history is written in SQL, as Anki's scheduler would have left it: the
cards' type, queue, due day (or second, for learning cards), interval,
reps, lapses and FSRS memory state (`data`: s, d, desired retention, decay,
last review), the answers in `revlog`, and the `leech` tag on the notes of
cards forgotten 8 times or more (what Anki tags at its leech threshold, 8).
"""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any

from anki.collection import Collection, ImportCsvRequest

from anki_cards import (
    ANKI_NOTETYPES,
    DESIRED_RETENTION,
    FSRS6_DECAY,
    PlannedAnswer,
    PlannedProgress,
    card_seed,
    planned_progress,
)
from side_protocol import serve_side

STUDIED_DECK = "biology"
OTHER_DECK = "biology::part-0"
LEECH_LAPSES = 8
# Anki's card types and queues (rslib/src/card/mod.rs).
NEW, LEARN, REVIEW, RELEARN = 0, 1, 2, 3
QUEUE_LEARN, QUEUE_REVIEW, QUEUE_DAY_LEARN, QUEUE_SUSPENDED = 1, 2, 3, -1
# Anki's revlog types: learning, review, relearning.
LOG_TYPES = {0: 0, 1: 0, 2: 1, 3: 2}
KINDS_OF_NOTETYPES = {name: kind for kind, name in ANKI_NOTETYPES.items()}


def new_collection(path: Path) -> Any:
    """A fresh collection with FSRS on and the notetype choice entries use
    (a copy of Basic: Anki has no multiple-choice card)."""
    col = Collection(str(path))
    col.set_config("fsrs", True)
    choice = col.models.copy(col.models.by_name("Basic"), add=False)
    choice["name"] = ANKI_NOTETYPES["choice"]
    col.models.add_dict(choice)
    return col


def import_csv(col: Any, path: str) -> None:
    metadata = col.get_csv_metadata(path, None)
    col.import_csv(ImportCsvRequest(path=path, metadata=metadata))


class AnkiSide:
    """A collection built once and measured many times."""

    def __init__(self) -> None:
        self.col: Any = None

    def install(self, csv: str, folder: str) -> dict[str, Any]:
        """Import a CSV file into a fresh collection; only the import is timed."""
        Path(folder).mkdir(parents=True)
        col = new_collection(Path(folder) / "collection.anki2")
        start = time.perf_counter()
        import_csv(col, csv)
        took = time.perf_counter() - start
        cards = col.card_count()
        col.close()
        return {"ms": took * 1000, "cards": cards}

    def build(self, decks: list[list[Any]], folder: str, until_ms: int) -> dict[str, Any]:
        """Import decks ([number, id, file] each) and write the planned history."""
        if self.col is not None:  # the collection of a smaller size
            self.col.close()
        start = time.perf_counter()
        Path(folder).mkdir(parents=True)
        path = Path(folder) / "collection.anki2"
        col = new_collection(path)
        for _number, _deck_id, csv in decks:
            import_csv(col, csv)
        answers = write_history(col, until_ms)
        col.close()
        # Reopened, so that nothing computed before the history was written
        # is kept in the collection's caches.
        col = self.col = Collection(str(path))
        col.decks.select(col.decks.id_for_name(STUDIED_DECK))
        return {
            "ms": (time.perf_counter() - start) * 1000,
            "cards": col.card_count(),
            "answers": answers,
        }

    def session(self) -> dict[str, Any]:
        """The v3 scheduler's first card and counts, its queues built anew."""
        col = self._built()
        # Anki keeps its queues until the current deck changes (or a card
        # does): select another deck and back, as a learner going from one
        # deck to another would, so that each round builds them.
        col.decks.select(col.decks.id_for_name(OTHER_DECK))
        col.decks.select(col.decks.id_for_name(STUDIED_DECK))
        start = time.perf_counter()
        queued = col.sched.get_queued_cards(fetch_limit=1)
        took = time.perf_counter() - start
        first = queued.cards[0].card.id if queued.cards else None
        return {
            "ms": took * 1000,
            "first": first,
            "counts": [queued.new_count, queued.learning_count, queued.review_count],
        }

    def search(self, query: str, by_due: bool) -> dict[str, Any]:
        col = self._built()
        order = col.get_browser_column("cardDue") if by_due else False
        start = time.perf_counter()
        found = len(col.find_cards(query, order=order))
        return {"ms": (time.perf_counter() - start) * 1000, "found": found}

    def _built(self) -> Any:
        if self.col is None:
            raise SystemExit("Anki side: `build` a collection first")
        return self.col


def write_history(col: Any, until_ms: int) -> int:
    """Give every card its planned progress (see the module's docstring);
    returns how many answers were written."""
    today = col.sched.today
    today_starts_s = col.sched.day_cutoff - 86_400
    rows = col.db.all(
        "SELECT c.id, c.ord, n.guid, n.id, m.name FROM cards c JOIN notes n ON n.id = c.nid "
        "JOIN notetypes m ON m.id = n.mid"
    )
    card_updates: list[tuple[Any, ...]] = []
    log: list[tuple[Any, ...]] = []
    leech_notes: list[int] = []
    used_log_ids: set[int] = set()
    for card_id, ordinal, guid, note_id, notetype in rows:
        deck_id, entry_id = guid.rsplit("/", 1)
        deck_number = int(deck_id.rsplit("-", 1)[1])
        seed = card_seed(deck_number, int(entry_id.removeprefix("card-")), ordinal)
        progress = planned_progress(seed, KINDS_OF_NOTETYPES[notetype], until_ms)
        if progress is None:
            continue
        card_updates.append(card_values(progress, today, today_starts_s, card_id))
        for answer in progress.answers:
            log.append(log_values(answer, card_id, used_log_ids))
        if progress.lapses >= LEECH_LAPSES:
            leech_notes.append(note_id)

    def write() -> None:
        col.db.executemany(
            "UPDATE cards SET type = ?, queue = ?, due = ?, ivl = ?, factor = 2500, "
            "reps = ?, lapses = ?, left = ?, data = ?, mod = ?, usn = -1 WHERE id = ?",
            card_updates,
        )
        col.db.executemany(
            "INSERT INTO revlog (id, cid, usn, ease, ivl, lastIvl, factor, time, type) "
            "VALUES (?, ?, -1, ?, ?, 0, 2500, 8000, ?)",
            log,
        )

    col.db.transact(write)
    if leech_notes:
        col.tags.bulk_add(leech_notes, "leech")
    return len(log)


def card_values(
    progress: PlannedProgress, today: int, today_starts_s: int, card_id: int
) -> tuple[Any, ...]:
    due_s = progress.due_ms // 1000
    due_day = today + (due_s - today_starts_s) // 86_400
    if progress.state == REVIEW:
        kind, queue, due, left = REVIEW, QUEUE_REVIEW, due_day, 0
    else:
        kind = LEARN if progress.state == 1 else RELEARN
        # Steps left: two learning steps (1 and 10 minutes), one relearning.
        left = 2 - progress.step if kind == LEARN else 1
        # A step that ends after today's cutoff is kept as a day, as Anki does.
        in_days = due_day > today
        queue, due = (QUEUE_DAY_LEARN, due_day) if in_days else (QUEUE_LEARN, due_s)
    if progress.suspended:
        queue = QUEUE_SUSPENDED
    data = {
        "s": progress.stability,
        "d": progress.difficulty,
        "dr": DESIRED_RETENTION,
        "decay": FSRS6_DECAY,
        "lrt": progress.last_review_ms // 1000,
    }
    interval = progress.interval_days if progress.state == REVIEW else 0
    return (
        kind,
        queue,
        due,
        interval,
        progress.reps,
        progress.lapses,
        left,
        json.dumps(data),
        progress.last_review_ms // 1000,
        card_id,
    )


def log_values(answer: PlannedAnswer, card_id: int, used: set[int]) -> tuple[Any, ...]:
    """A revlog row; its id is the answer's time in milliseconds, moved on
    by a millisecond where another card was answered at the same one."""
    log_id = answer.at_ms
    while log_id in used:
        log_id += 1
    used.add(log_id)
    interval = answer.interval_days if answer.interval_days else -600
    return (log_id, card_id, answer.rating, interval, LOG_TYPES[answer.state_before])


def main() -> None:
    side = AnkiSide()
    serve_side(side)
    if side.col is not None:
        side.col.close()


if __name__ == "__main__":
    main()
