"""A deck's cards as CSV (front, back, tags): what a spreadsheet and Anki's text import read."""

from __future__ import annotations

import csv
from collections.abc import Iterable
from pathlib import Path

from endoquiz.decks.card_text import back_markdown, front_markdown
from endoquiz.decks.deck_model import Card

__all__ = ["CSV_HEADER", "write_csv"]

CSV_HEADER = ("#columns:front", "back", "tags")


def write_csv(path: Path, cards: Iterable[Card], delimiter: str = ",") -> int:
    """Write one row per card (a reverse entry's two cards, a cloze's one per
    deletion, as the learner studies them): its question and answer as the
    card shows them (Markdown), and its tags joined by spaces, as Anki's
    text import takes them. UTF-8 with a byte order mark, so that a
    spreadsheet does not read it in the system's code page; a header row.
    Returns the rows written (the header not counted).

    Raises:
        OSError: when the file cannot be written.
    """
    rows = 0
    with path.open("w", encoding="utf-8-sig", newline="") as file:
        writer = csv.writer(file, delimiter=delimiter, lineterminator="\r\n")
        writer.writerow(CSV_HEADER)
        for card in cards:
            tags = " ".join(dict.fromkeys(card.tags))
            writer.writerow((front_markdown(card), back_markdown(card, with_source=False), tags))
            rows += 1
    return rows
