"""A deck's cards as CSV (front, back, tags): what a spreadsheet and Anki's text import read."""

from __future__ import annotations

import csv
from collections.abc import Iterable
from pathlib import Path

from endoquiz.decks.card_text import back_markdown
from endoquiz.decks.deck_model import Card

__all__ = ["CSV_HEADER", "write_csv"]

# Named as the fields of Anki's Basic note type, which its import then fills.
CSV_HEADER = ("#columns:Front", "Back", "Tags")
# Anki's text import reads these lines first (its "file headers"): without
# the separator it guesses one, and takes the colon of `#columns:` for it.
_SEPARATOR_NAMES = {",": "comma", "\t": "tab", ";": "semicolon"}


def write_csv(path: Path, cards: Iterable[Card], delimiter: str = ",") -> int:
    """Write one row per card (a reverse entry's two cards, a cloze's one per
    deletion, as the learner studies them): its question and answer as the
    card shows them (Markdown), and its tags joined by spaces, as Anki's
    text import takes them. UTF-8 with a byte order mark, so that a
    spreadsheet does not read it in the system's code page. Anki's headers
    come first (the separator, plain text, the tags column), then the
    column names, in a row of their own for a spreadsheet. Returns the rows
    written (the headers not counted).

    Raises:
        OSError: when the file cannot be written.
    """
    rows = 0
    with path.open("w", encoding="utf-8-sig", newline="") as file:
        writer = csv.writer(file, delimiter=delimiter, lineterminator="\r\n")
        file.write(f"#separator:{_SEPARATOR_NAMES.get(delimiter, delimiter)}\r\n")
        file.write(f"#html:false\r\n#tags column:{len(CSV_HEADER)}\r\n")
        writer.writerow(CSV_HEADER)
        for card in cards:
            tags = " ".join(dict.fromkeys(card.tags))
            # The question as written: a table carries no image file.
            writer.writerow((card.front, back_markdown(card, with_source=False), tags))
            rows += 1
    return rows
