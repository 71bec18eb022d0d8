"""`make bench-anki` compares like with like: the same cards on both sides,
every search of docs/search.md mapped to Anki's, and endoquiz's side driven
as the benchmark drives it (Anki itself is not needed here)."""

from __future__ import annotations

import csv
import json
import re
import subprocess
import sys
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from anki_cards import (
    ANKI_NOTETYPES,
    card_seed,
    collection_decks,
    generate_entries,
    planned_progress,
    study_day_start,
    write_anki_csv,
    write_yaml_deck,
)
from anki_queries import COMBINED, SEARCHES
from endoquiz import load_deck
from endoquiz_side import card_ordinal

ROOT = Path(__file__).resolve().parent.parent
SEARCH_DOC = ROOT / "docs" / "search.md"
CLOZE_DELETION = re.compile(r"\{\{c(\d+)::(.*?)\}\}")


def csv_notes(path: Path) -> list[list[str]]:
    """The rows of a CSV file for Anki, without its `#` headers."""
    with path.open(encoding="utf-8", newline="") as file:
        lines = [line for line in file if not line.startswith("#")]
    return list(csv.reader(lines, delimiter="\t"))


def cards_anki_makes(notetype: str, first_field: str) -> int:
    """How many cards Anki makes of a note: two for the reversed notetype,
    one per cloze number for a cloze, one for the others."""
    if notetype == "Cloze":
        return len({number for number, _ in CLOZE_DELETION.findall(first_field)})
    return 2 if notetype == ANKI_NOTETYPES["reverse"] else 1


def test_the_deck_and_the_csv_hold_the_same_cards(tmp_path: Path) -> None:
    entries = generate_entries(47)
    write_yaml_deck(tmp_path / "deck.yaml", "biology/part-1", entries)
    write_anki_csv(tmp_path / "deck.csv", "biology/part-1", entries)
    cards = load_deck(tmp_path / "deck.yaml").cards
    notes = csv_notes(tmp_path / "deck.csv")

    assert len(cards) == 47
    assert sum(cards_anki_makes(note[0], note[3]) for note in notes) == 47
    by_entry: dict[str, list[Any]] = {}
    for card in cards:
        by_entry.setdefault(card.note_id, []).append(card)
    assert len(notes) == len(by_entry)
    for notetype, deck, guid, first, second, tags in notes:
        assert deck == "biology::part-1"
        deck_id, entry_id = guid.rsplit("/", 1)
        assert deck_id == "biology/part-1"
        made = by_entry[entry_id]
        assert len(made) == cards_anki_makes(notetype, first)
        # Each card of an entry is a different card of the note (Anki's ordinal).
        assert sorted(card_ordinal(card) for card in made) == list(range(len(made)))
        assert {ANKI_NOTETYPES[card.kind.value] for card in made} == {notetype}
        assert all(set(card.tags) == set(tags.split()) for card in made)
        card = made[0]
        if notetype == "Cloze":
            answers = dict(CLOZE_DELETION.findall(first))
            assert {card.id.rsplit(":c", 1)[1]: card.answer for card in made} == answers
        elif notetype == "Choice":
            assert first == f"{card.front} ({' / '.join(card.choices)})"
            assert second == card.answer
        elif notetype == ANKI_NOTETYPES["typed"]:
            assert (first, second) == (card.front, card.answer)
        else:
            assert (first, second) == (card.front, card.back)


def test_every_term_of_the_search_table_has_an_anki_search() -> None:
    """A term added to docs/search.md's table fails here until bench_anki.py
    measures it (anki_queries.SEARCHES, an Anki query or None for none)."""
    table = [line for line in SEARCH_DOC.read_text().splitlines() if line.startswith("| `")]
    terms = {term for row in table for term in re.findall(r"`([^`]+)`", row.split("|")[1])}
    assert len(table) > 15
    assert terms == set(SEARCHES)
    assert all(pair.endoquiz and pair.anki != "" for pairs in SEARCHES.values() for pair in pairs)


def test_the_combined_search_is_the_example_of_the_doc() -> None:
    example = SEARCH_DOC.read_text().split("```\n", 2)[1].strip()
    assert COMBINED.endoquiz == example


def ask(side: subprocess.Popen[str], do: str, **arguments: Any) -> dict[str, Any]:
    assert side.stdin is not None and side.stdout is not None
    side.stdin.write(json.dumps({"do": do, **arguments}) + "\n")
    side.stdin.flush()
    answer: dict[str, Any] = json.loads(side.stdout.readline())
    return answer


def test_the_endoquiz_side_builds_a_library_with_the_planned_history(tmp_path: Path) -> None:
    until = study_day_start(datetime(2026, 6, 1, 10, 0, tzinfo=UTC))
    until_ms = int(until.timestamp() * 1000)
    decks = []
    planned: Counter[str] = Counter()
    for number, deck_id, entries in collection_decks(300):
        path = tmp_path / f"{deck_id.replace('/', '-')}.yaml"
        write_yaml_deck(path, deck_id, entries)
        decks.append([number, deck_id, str(path)])
        for card in load_deck(path).cards:
            entry = int(card.note_id.removeprefix("card-"))
            seed = card_seed(number, entry, card_ordinal(card))
            progress = planned_progress(seed, card.kind.value, until_ms)
            planned["studied"] += progress is not None
            planned["suspended"] += progress is not None and progress.suspended
            planned["leeches"] += progress is not None and progress.lapses >= 8
    with subprocess.Popen(
        [sys.executable, str(ROOT / "benchmarks" / "endoquiz_side.py")],
        cwd=ROOT / "benchmarks",
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    ) as side:
        built = ask(side, "build", decks=decks, folder=str(tmp_path / "data"), until_ms=until_ms)
        assert built["cards"] == 300
        assert built["peak_rss_mib"] > 0
        assert ask(side, "session")["first"]
        found = {
            name: ask(side, "search", query=query, by_due=by_due)["found"]
            for name, query, by_due in (
                ("studied", "-is:new", False),
                ("suspended", "is:suspended", True),
                ("leeches", "is:leech", False),
            )
        }
        unanswered, _ = side.communicate('{"do": "quit"}\n')
    assert unanswered == ""
    assert side.returncode == 0
    assert found == dict(planned)
    assert planned["leeches"] > 0 and planned["suspended"] > 0
