"""Anki's side of bench_anki_import.py, run by Anki's own Python (build/venv-anki).

`make OUT NOTES ANSWERS` writes a package as Anki 26.9.3 exports it (modern
format, with scheduling): NOTES notes in a deck tree (Basic, Basic (and
reversed card) and Cloze, with formatting and tags) and ANSWERS answers in
the review log, the cards they were given to in review with FSRS's memory.
`import PACKAGE` imports it into a new collection, as File → Import does with
"Import any learning progress" on, and prints one JSON line: the seconds the
import took and the process's memory. Nothing is pickled.
"""

from __future__ import annotations

import json
import random
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from anki.collection import (
    Collection,
    DeckIdLimit,
    ExportAnkiPackageOptions,
    ImportAnkiPackageOptions,
    ImportAnkiPackageRequest,
)

DAY_S = 86_400
# The answers end a day before the package is made, spread over a year.
HISTORY_DAYS = 365


def peak_rss_mib() -> float:
    """Linux's VmHWM: the peak of this program (ru_maxrss would count the
    parent's too, inherited through exec)."""
    for line in Path("/proc/self/status").read_text(encoding="ascii").splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    raise OSError("no VmHWM in /proc/self/status")


def make(out: Path, notes: int, answers: int) -> None:
    rng = random.Random(17)
    with tempfile.TemporaryDirectory() as folder:
        col = Collection(str(Path(folder) / "collection.anki2"))
        col.set_config("fsrs", True)
        kinds = [col.models.by_name(name) for name in ("Basic", "Basic (and reversed card)")]
        cloze = col.models.by_name("Cloze")
        decks = [col.decks.id(f"Bench::Part {n:02}") for n in range(10)]
        for number in range(notes):
            if number % 10 == 9:
                note = col.new_note(cloze)
                note["Text"] = (
                    f"Fact {number}: the <b>{{{{c1::answer {number}}}}}</b> is "
                    f"{{{{c2::number {number % 97}::a number}}}}."
                )
                note["Back Extra"] = f"From <i>part {number % 10}</i>"
            else:
                note = col.new_note(kinds[number % 7 == 0])
                note["Front"] = f"What is <b>term {number}</b>?"
                note["Back"] = f"Its meaning, {number}:<br><ul><li>one</li><li>two</li></ul>"
            note.tags = [f"bench::part{number % 10}", f"group{number % 37}"]
            col.add_note(note, decks[number % len(decks)])
        write_history(col, answers, rng)
        options = ExportAnkiPackageOptions(
            with_scheduling=True, with_deck_configs=True, with_media=True, legacy=False
        )
        bench = DeckIdLimit(deck_id=col.decks.id("Bench"))
        count = col.export_anki_package(out_path=str(out), options=options, limit=bench)
        col.close(downgrade=False)
    print(json.dumps({"notes": count, "answers": answers}))


def write_history(col: Any, answers: int, rng: random.Random) -> None:
    """Give the first cards answers (about ten each, the last one "good")
    until `answers` are written, and the review state those answers leave."""
    now_s = int(time.time())
    cards = col.db.list("SELECT id FROM cards ORDER BY id")
    today = col.sched.today
    start_ms = (now_s - HISTORY_DAYS * DAY_S) * 1000
    end_ms = (now_s - DAY_S) * 1000
    log: list[tuple[Any, ...]] = []
    updates: list[tuple[Any, ...]] = []
    used: set[int] = set()
    for card_id in cards:
        if len(log) >= answers:
            break
        count = min(rng.randint(6, 14), answers - len(log))
        # The card's answers, in order, within the year before yesterday.
        moments = sorted(rng.randrange(start_ms, end_ms) for _ in range(count))
        interval = 1
        for answer, moment in enumerate(moments):
            ease = 3 if answer == count - 1 else rng.choice((1, 3, 3, 3, 4))
            interval = 1 if ease == 1 else min(interval * 2 + 1, 60)
            while moment in used:
                moment += 1
            used.add(moment)
            log.append((moment, card_id, ease, interval, 0 if answer == 0 else 1))
        last_s = moments[-1] // 1000
        due = today + rng.randint(0, interval)
        data = json.dumps({"s": float(interval), "d": 5.0, "dr": 0.9, "decay": 0.1542})
        updates.append((due, interval, count, data, last_s, card_id))

    def write() -> None:
        col.db.executemany(
            "INSERT INTO revlog (id, cid, usn, ease, ivl, lastIvl, factor, time, type) "
            "VALUES (?, ?, -1, ?, ?, 0, 2500, 8000, ?)",
            log,
        )
        col.db.executemany(
            "UPDATE cards SET type = 2, queue = 2, due = ?, ivl = ?, factor = 2500, reps = ?, "
            "data = ?, mod = ?, usn = -1 WHERE id = ?",
            updates,
        )

    col.db.transact(write)


def import_package(package: Path) -> None:
    with tempfile.TemporaryDirectory() as folder:
        col = Collection(str(Path(folder) / "collection.anki2"))
        started = time.perf_counter()
        col.import_anki_package(
            ImportAnkiPackageRequest(
                package_path=str(package),
                options=ImportAnkiPackageOptions(with_scheduling=True, with_deck_configs=True),
            )
        )
        seconds = time.perf_counter() - started
        notes = col.note_count()
        answers = col.db.scalar("SELECT count(*) FROM revlog")
        col.close(downgrade=False)
    print(
        json.dumps(
            {
                "seconds": seconds,
                "notes": notes,
                "answers": answers,
                "peak_rss_mib": round(peak_rss_mib(), 1),
            }
        )
    )


def main() -> None:
    if sys.argv[1] == "make":
        make(Path(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]))
    else:
        import_package(Path(sys.argv[2]))


if __name__ == "__main__":
    main()
