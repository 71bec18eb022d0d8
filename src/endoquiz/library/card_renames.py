"""Renamed cards: the stored progress a deck's `renamed_from:` carries to new ids, and the warnings.

Progress is keyed by (deck id, card id), so a card whose id changes starts
again unless its entry names the id it had. Installing moves the old id's
progress (`ProgressStore.sync_deck`); this module decides which moves to
make and what to warn about, from the store as it is before the install:
an old id and a new one that both hold progress (never merged), and an id
with answers that left the file while an id never installed came in (a
rename that forgot `renamed_from`).
"""

from __future__ import annotations

import difflib
import os
import re
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from endoquiz.decks.deck_model import Card, Deck
from endoquiz.decks.diagnostics import Diagnostic, Severity
from endoquiz.store.card_progress_queries import (
    CardProgress,
    CardProgressQueries,
    read_only_queries,
)
from endoquiz.store.progress_store import DB_FILENAME
from endoquiz.store.rows import ProgressMove

__all__ = ["RenamePlan", "plan_renames", "rename_warnings"]

# How far below an entry's first line its `id:` is looked for.
_ENTRY_LINES = 50
# Pairs of (gone, new) entries compared by their text to tell which new
# one a gone one became; beyond this, by their places in the file alone.
_MAX_COMPARED = 10_000


@dataclass(frozen=True, slots=True)
class RenamePlan:
    """What installing a deck does with renamed cards' progress.

    Attributes:
        moves: each card's progress to carry to its new id.
        warnings: the deck file's warnings about renames, each at an entry's
            `id:` or at a `renamed_from:` item.
    """

    moves: tuple[ProgressMove, ...] = ()
    warnings: tuple[Diagnostic, ...] = ()


def plan_renames(deck: Deck, queries: CardProgressQueries) -> RenamePlan:
    """The moves and warnings of installing `deck` over what the store holds.
    Reads little for a deck without renames: the entries with answers (off
    the review log's index), and every stored id only when one of those left
    the file."""
    old_ids = {rename.old_id for rename in deck.renames}
    known = {card.note_id for card in deck.cards} | old_ids
    answered = queries.answered_entries(deck.id)
    gone = sorted(n for n, active in answered.items() if active and n not in known)
    new: list[str] = []
    if gone:
        stored = queries.entry_ids(deck.id)
        renamed = {rename.new_id for rename in deck.renames}
        new = [n for n in dict.fromkeys(c.note_id for c in deck.cards) if n not in stored]
        new = [n for n in new if n not in renamed]
    wanted = old_ids | {rename.new_id for rename in deck.renames} | (set(gone) if new else set())
    if not wanted:
        return RenamePlan()
    entries: dict[str, list[Card]] = {}
    for card in deck.cards:
        if card.note_id in wanted or card.note_id in new:
            entries.setdefault(card.note_id, []).append(card)
    progress = queries.progress_of(deck.id, wanted)
    moves: list[ProgressMove] = []
    warnings: list[Diagnostic] = []
    for rename in deck.renames:
        for card in entries.get(rename.new_id, ()):
            old_card = rename.old_id + card.id[len(rename.new_id) :]
            old = progress.get(old_card)
            if old is None:
                # Nothing here to move; but another computer's answers to the
                # old id, merged by sync, count for the new one (`_move_progress`).
                moves.append(ProgressMove(old_card, card.id))
                continue
            kept = progress.get(card.id)
            if kept is not None:
                message = (
                    f"card '{card.id}' ({_answers(kept.answers)}) and its old id "
                    f"'{old_card}' ({_answers(old.answers)}) both have progress: they are "
                    f"not merged, '{card.id}' keeps its own and '{old_card}' its history"
                )
                where = (rename.line, rename.column) if rename.line else (card.line, 1)
                warnings.append(Diagnostic(deck.path, *where, Severity.WARNING, message))
                continue
            moves.append(ProgressMove(old_card, card.id))
            progress[card.id] = progress.pop(old_card)
    for old_id, new_id in _forgotten_renames(deck, gone, new, entries, progress, queries):
        answers = sum(p.answers for p in progress.values() if p.note_id == old_id)
        line = entries[new_id][0].line
        place = _entry_id_location(deck.path, line, new_id)
        if place is None and new_id.startswith("auto-"):
            # A card without an id, its text edited: its derived id changed.
            advice = f"give it an id and add `renamed_from: [{old_id}]`"
            message = f"card '{old_id}' ({_answers(answers)}) is no longer in the file and "
            message += f"this card, without an id, is new: if it was edited from it, {advice}"
        else:
            message = (
                f"card '{old_id}' ({_answers(answers)}) is no longer in the file and "
                f"'{new_id}' is new: if it was renamed, add `renamed_from: [{old_id}]` to "
                f"'{new_id}' to keep its progress"
            )
        warnings.append(Diagnostic(deck.path, *(place or (line, 1)), Severity.WARNING, message))
    return RenamePlan(tuple(moves), tuple(warnings))


def _forgotten_renames(
    deck: Deck,
    gone: list[str],
    new: list[str],
    entries: dict[str, list[Card]],
    progress: dict[str, CardProgress],
    queries: CardProgressQueries,
) -> list[tuple[str, str]]:
    """(gone id, new id) pairs: each entry that left the file with answers,
    with the new entry it most resembles (text, then place), each new entry
    named once."""
    answered: dict[str, str] = {}  # gone entry -> its first card with answers
    for card_id in sorted(progress):
        found = progress[card_id]
        if found.note_id in gone and found.answers > 0:
            answered.setdefault(found.note_id, card_id)
    if not answered or not new:
        return []
    compared = len(answered) * len(new) <= _MAX_COMPARED
    texts = queries.texts(deck.id, answered.values()) if compared else {}
    place = {note_id: index for index, note_id in enumerate(new)}
    scored = []
    for old_id in sorted(answered):
        old_text = texts.get(answered[old_id], "")
        for new_id in new:
            first = entries[new_id][0]
            similarity = (
                difflib.SequenceMatcher(None, old_text, f"{first.front}\n{first.back}").ratio()
                if old_text
                else 0.0
            )
            scored.append((-similarity, place[new_id], old_id, new_id))
    pairs: list[tuple[str, str]] = []
    taken: set[str] = set()
    for _, _, old_id, new_id in sorted(scored):
        if old_id not in taken and new_id not in taken:
            taken |= {old_id, new_id}
            pairs.append((old_id, new_id))
    return sorted(pairs, key=lambda pair: place[pair[1]])


def _entry_id_location(path: Path, entry_line: int, entry_id: str) -> tuple[int, int] | None:
    """(line, column) of the `id:` value of the entry that starts at
    `entry_line` (a card's `line`), where a warning about that entry
    points; None when it has none (a derived id) or the file changed.
    Found in the text near that line: parsing the whole file again would
    take seconds for a deck of 100,000 cards, for one warning."""
    value = re.compile(rf"""(?:^|[\s{{,-])id:\s*(["']?){re.escape(entry_id)}\1\s*(?:[,}}#]|$)""")
    try:
        lines = path.read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError:
        return None
    for number in range(max(entry_line, 1), min(entry_line + _ENTRY_LINES, len(lines) + 1)):
        line = lines[number - 1]
        match = value.search(line)
        if match is not None:
            return number, line.index(entry_id, match.start() + 3) + 1 - len(match[1])
    return None


def _answers(count: int) -> str:
    return f"{count} answer{'s' * (count != 1)}"


def rename_warnings(deck: Deck, data_dir: str | os.PathLike[str]) -> tuple[Diagnostic, ...]:
    """The rename warnings of a deck file against the progress in a data
    folder (`endoquiz validate`), read without changing it: nothing when the
    folder has no progress database, or one that cannot be read (an older
    schema, a damaged file: the app says so when it opens it)."""
    try:
        with read_only_queries(Path(data_dir) / DB_FILENAME) as queries:
            return plan_renames(deck, queries).warnings if queries is not None else ()
    except sqlite3.Error:
        return ()
