"""The same cards and study history for endoquiz and Anki, for bench_anki.py.

Both sides of the comparison import this module: endoquiz's venv and Anki's
own (so it uses the standard library only). `write_yaml_deck` writes entries
as an endoquiz deck, `write_anki_csv` as the CSV file Anki's `import_csv`
reads, with one Anki notetype per endoquiz kind (`ANKI_NOTETYPES`); each
entry makes as many cards on both sides (a reverse entry two, a cloze one per
deletion). `planned_progress` gives a card the same state and answers on both
sides, from its `card_seed`.
"""

from __future__ import annotations

import csv
import json
import random
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

# The study days and the FSRS-6 forgetting curve both sides use.
DAY_MS = 86_400_000
MINUTE_MS = 60_000
# FSRS-6's default decay (the last default parameter, as fsrs 6.3.2 has it):
# Anki reads it from each card's data, where its scheduler would write it.
FSRS6_DECAY = 0.1542
DESIRED_RETENTION = 0.9
KINDS = ("basic", "reverse", "cloze", "choice", "typed")
# endoquiz kind -> the Anki notetype of the same entries. "Choice" is a copy
# of Basic that `anki_side.py` adds: Anki has no multiple-choice card, but
# `note:Choice` then finds the same cards as `kind:choice`.
ANKI_NOTETYPES = {
    "basic": "Basic",
    "reverse": "Basic (and reversed card)",
    "cloze": "Cloze",
    "choice": "Choice",
    "typed": "Basic (type in the answer)",
}
CARDS_PER_KIND = {"basic": 1, "reverse": 2, "cloze": 2, "choice": 1, "typed": 1}
# Words of the texts, so that docs/search.md's example
# (insulin "blood sugar" ... tag:hormones) finds cards on both sides.
TOPICS = ("insulin", "blood sugar", "thyroid", "cortisol", "glucagon", "leptin", "ghrelin")
LEVEL_TAGS = ("hormones", "metabolism", "glossary")
CHOICES = ("MOTS-C", "Sermorelin", "Tesamorelin", "Hexarelin")
# Columns of the CSV file: the notetype, the deck, the note's guid, its two
# fields, its tags (Anki's `#... column:N` headers count from 1).
CSV_HEADERS = (
    "#separator:tab",
    "#html:false",
    "#notetype column:1",
    "#deck column:2",
    "#guid column:3",
    "#tags column:6",
)


@dataclass(frozen=True, slots=True)
class Entry:
    """One entry of a deck: a note in Anki's words, one or two cards."""

    number: int
    kind: str
    first: str  # front, cloze text or question
    second: str  # back, the typed or chosen answer; "" for a cloze
    tags: tuple[str, ...]
    choices: tuple[str, ...] = ()
    accept: tuple[str, ...] = ()

    @property
    def id(self) -> str:
        return f"card-{self.number}"

    @property
    def cards(self) -> int:
        return CARDS_PER_KIND[self.kind]


def make_entry(number: int, kind: str) -> Entry:
    """Entry `number` of a kind, its texts drawn from TOPICS."""
    topic, other = TOPICS[number % len(TOPICS)], TOPICS[(number * 3 + 1) % len(TOPICS)]
    tags = ("generated", LEVEL_TAGS[number % len(LEVEL_TAGS)])
    if kind == "basic":
        return Entry(
            number,
            kind,
            f"What does term {number} say about {topic}?",
            f"Term {number} links {topic} to {other}, as section {number % 7} describes.",
            tags,
        )
    if kind == "reverse":
        return Entry(
            number,
            kind,
            f"Term {number} of {topic}",
            f"The definition of term {number}: {other}.",
            tags,
        )
    if kind == "cloze":
        text = (
            f"In note {number}, {topic} changes {{{{c1::GLUT4-{number}}}}} translocation "
            f"to the {{{{c2::cell membrane}}}} ({other})."
        )
        return Entry(number, kind, text, "", tags)
    if kind == "choice":
        return Entry(
            number,
            kind,
            f"Which peptide matches description {number} of {topic}?",
            CHOICES[0],
            tags,
            choices=CHOICES,
        )
    return Entry(
        number,
        kind,
        f"Which index estimates quantity {number} of {topic}?",
        "HOMA-IR",
        tags,
        accept=("HOMA IR",),
    )


def generate_entries(cards: int) -> list[Entry]:
    """Entries of every kind in turn that make exactly `cards` cards."""
    entries: list[Entry] = []
    made = 0
    while made < cards:
        kind = KINDS[len(entries) % len(KINDS)]
        if made + CARDS_PER_KIND[kind] > cards:
            kind = "basic"
        entries.append(make_entry(len(entries), kind))
        made += entries[-1].cards
    return entries


def _quoted(text: str) -> str:
    """A YAML scalar: JSON's double-quoted string is one."""
    return json.dumps(text, ensure_ascii=False)


def _flow(items: tuple[str, ...]) -> str:
    return "[" + ", ".join(_quoted(item) for item in items) + "]"


def write_yaml_deck(path: Path, deck_id: str, entries: list[Entry]) -> None:
    """The entries as an endoquiz deck file."""
    lines = ["endoquiz: 1", f"id: {deck_id}", f"title: {_quoted('Benchmark ' + deck_id)}"]
    lines.append("cards:")
    for entry in entries:
        lines.append(f"  - id: {entry.id}")
        if entry.kind != "basic":
            lines.append(f"    kind: {entry.kind}")
        if entry.kind == "cloze":
            lines.append(f"    text: {_quoted(entry.first)}")
        elif entry.kind == "choice":
            lines.append(f"    question: {_quoted(entry.first)}")
            lines.append(f"    choices: {_flow(entry.choices)}")
            lines.append(f"    answer: {_quoted(entry.second)}")
        elif entry.kind == "typed":
            lines.append(f"    front: {_quoted(entry.first)}")
            lines.append(f"    answer: {_quoted(entry.second)}")
            lines.append(f"    accept: {_flow(entry.accept)}")
        else:
            lines.append(f"    front: {_quoted(entry.first)}")
            lines.append(f"    back: {_quoted(entry.second)}")
        lines.append(f"    tags: {_flow(entry.tags)}")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def anki_deck_name(deck_id: str) -> str:
    """endoquiz's `biology/part-1` is Anki's `biology::part-1`."""
    return deck_id.replace("/", "::")


def anki_guid(deck_id: str, entry_id: str) -> str:
    """The note's guid: its deck and entry, as endoquiz keys the entry."""
    return f"{deck_id}/{entry_id}"


def anki_fields(entry: Entry) -> tuple[str, str]:
    """The two fields of the entry's Anki note. A choice entry's choices
    follow its question, as a Basic card would show them."""
    if entry.kind == "choice":
        return f"{entry.first} ({' / '.join(entry.choices)})", entry.second
    return entry.first, entry.second


def write_anki_csv(path: Path, deck_id: str, entries: list[Entry]) -> None:
    """The entries as a CSV file for Anki's import_csv, headers included."""
    with path.open("w", encoding="utf-8", newline="") as file:
        file.write("\n".join(CSV_HEADERS) + "\n")
        writer = csv.writer(file, delimiter="\t", lineterminator="\n")
        for entry in entries:
            writer.writerow(
                (
                    ANKI_NOTETYPES[entry.kind],
                    anki_deck_name(deck_id),
                    anki_guid(deck_id, entry.id),
                    *anki_fields(entry),
                    " ".join(entry.tags),
                )
            )


# -- the study history --------------------------------------------------------


@dataclass(frozen=True, slots=True)
class PlannedAnswer:
    """One study answer of a card's history."""

    at_ms: int
    rating: int
    state_before: int
    state_after: int
    due_after_ms: int
    interval_days: int


@dataclass(frozen=True, slots=True)
class PlannedProgress:
    """A studied card's state (endoquiz's State values: 1 learning, 2
    review, 3 relearning) and the answers that led to it, oldest first."""

    state: int
    step: int
    stability: float
    difficulty: float
    due_ms: int
    last_review_ms: int
    reps: int
    lapses: int
    suspended: bool
    answers: tuple[PlannedAnswer, ...]

    @property
    def interval_days(self) -> int:
        return max(0, round((self.due_ms - self.last_review_ms) / DAY_MS))


def card_seed(deck_number: int, entry_number: int, ordinal: int) -> int:
    """Names a card the same way on both sides: its deck's place in the
    collection, its entry and which card of the entry (0 or 1)."""
    return (deck_number * 1_000_000 + entry_number) * 2 + ordinal


def planned_progress(seed: int, kind: str, until_ms: int) -> PlannedProgress | None:
    """The progress of the card `seed` names, answered before `until_ms`
    (the start of today's study day: neither side then counts an answer of
    today against its daily limits, which Anki keeps on the deck, where SQL
    does not write them), or None to leave the card new:
    about 35% new, 5% learning, 2% relearning, the rest in review (4% of
    those suspended, 3% of the basic ones leeches, forgotten 8 times or
    more), intervals up to a year and some overdue. Leeches are basic cards
    only, so that Anki's note tag `leech` marks one card, as `is:leech` does."""
    rng = random.Random(seed)
    draw = rng.random()
    if draw < 0.35:
        return None
    if draw < 0.42:
        relearning = draw >= 0.40
        last = until_ms - rng.randint(1, 600) * MINUTE_MS - seed % MINUTE_MS
        due = last + 10 * MINUTE_MS
        lapses = rng.randint(1, 5) if relearning else 0
        state = 3 if relearning else 1
        return PlannedProgress(
            state=state,
            step=0 if relearning else rng.randint(0, 1),
            stability=round(rng.uniform(0.5, 3.0), 4),
            difficulty=round(rng.uniform(4.0, 8.0), 4),
            due_ms=due,
            last_review_ms=last,
            reps=lapses + rng.randint(1, 3),
            lapses=lapses,
            suspended=False,
            answers=_answers(
                rng,
                last,
                due,
                0,
                state,
                rating=1 if relearning else 3,
                count=rng.randint(2, 4) if relearning else 1,
            ),
        )
    interval = rng.randint(1, 365)
    elapsed = rng.randint(0, interval + 20)
    last = until_ms - elapsed * DAY_MS - seed % DAY_MS
    leech = kind == "basic" and rng.random() < 0.03
    lapses = rng.randint(8, 12) if leech else rng.choice((0, 0, 0, 1, 2, 5))
    return PlannedProgress(
        state=2,
        step=0,
        stability=round(interval * rng.uniform(0.8, 1.5), 4),
        difficulty=round(rng.uniform(1.0, 10.0), 4),
        due_ms=last + interval * DAY_MS,
        last_review_ms=last,
        reps=lapses + rng.randint(2, 15),
        lapses=lapses,
        suspended=rng.random() < 0.04,
        answers=_answers(
            rng, last, last + interval * DAY_MS, interval, 2, rating=3, count=rng.randint(1, 4)
        ),
    )


def _answers(
    rng: random.Random,
    last: int,
    due: int,
    interval: int,
    state: int,
    *,
    rating: int,
    count: int,
) -> tuple[PlannedAnswer, ...]:
    """`count` answers, the last at `last` moving the card to `state`; the
    earlier ones days apart before it (a new card's first, then reviews)."""
    times = [last - days * DAY_MS for days in sorted(rng.sample(range(1, 400), count - 1))]
    earlier = [
        PlannedAnswer(at, 3, 0 if n == 0 else 2, 2, at + DAY_MS, 1)
        for n, at in enumerate(reversed(times))
    ]
    before = 2 if earlier else 0
    return (*earlier, PlannedAnswer(last, rating, before, state, due, interval))


def collection_decks(cards: int, decks: int = 5) -> Iterator[tuple[int, str, list[Entry]]]:
    """The decks of a collection of `cards` cards: (number, id, entries),
    `biology/part-0` ... below one parent, `biology`, where a session opens
    on all of them."""
    for number in range(decks):
        share = cards // decks + (1 if number < cards % decks else 0)
        yield number, f"biology/part-{number}", generate_entries(share)


def study_day_start(now: datetime, day_starts_at: int = 4) -> datetime:
    """The start of the study day `now` is in, in `now`'s zone: both sides
    roll the day over at 04:00 (endoquiz's default and Anki's)."""
    start = now.replace(hour=day_starts_at, minute=0, second=0, microsecond=0)
    return start - timedelta(days=1) if now < start else start
