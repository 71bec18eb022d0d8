"""What an install stores, row for row: the card, content and deck rows of a
deck of every kind, as a first install and as an edit, against a committed
record (`data/installed_rows.json`) that faster install code must still match."""

from __future__ import annotations

import json
import sqlite3
from contextlib import closing
from pathlib import Path
from typing import Any

from endoquiz import Library
from tests.conftest import T0, WriteDeck

EXPECTED = Path(__file__).parent / "data" / "installed_rows.json"

# Every kind and optional field, text that folds (accents, a ligature, Greek,
# case, runs of spaces), tags and sources; the edit rewords, removes, adds
# and reorders cards.
DECK = """\
endoquiz: 1
id: rows/every-kind
title: Every kind, stored
description: Each kind of card, with accents.
tags: [endocrine, Glucosé]
cards:
  - id: secretor
    front: Which cells secrete   INSULIN?
    back: The β cells of the pancreatic islets (Langerhans).
    tags: [Pancréas, islets]
    source:
      article: Physiology notes
      section: Îlots
      quote: Beta cells secrete insulin.
  - id: glut4
    kind: reverse
    front: GLUT4
    back: The insulin-regulated glucose transporter — ﬁrst in muscle
    image: images/glut4.svg
  - id: action
    kind: cloze
    text: "Insulin moves {{c1::GLUT4::a transporter}} to the {{c2::cell membrane}}."
    extra: Mostly in muscle and fat.
  - id: lowers
    kind: choice
    question: Which hormone lowers blood glucose?
    choices: [Insulin, Glucagón, Cortisol]
    answer: Insulin
    explanation: Glucagón and cortisol raise it.
  - id: organ
    kind: typed
    front: Which organ makes insulin?
    answer: pancreas
    accept: [the pancreas, Páncreas]
    explanation: Its islets of Langerhans.
"""

EDITED = """\
endoquiz: 1
id: rows/every-kind
title: Every kind, edited
cards:
  - id: organ
    kind: typed
    front: Which organ makes insulin, again?
    answer: pancreas
  - id: added
    front: Naïve question?
    back: Crème brûlée
    tags: [new]
  - id: secretor
    front: Which cells secrete insulin?
    back: β cells.
"""


# Columns the card table gained after the record was made (schema 11 and 12):
# the integer id searches hand back, and copies of the content's kind and tags.
# `test_the_card_rows_copy_kind_and_tags_and_are_numbered_in_deck_order`
# checks them.
ADDED_CARD_COLUMNS = {"id", "kind", "tags"}


def stored_rows(db_path: Path) -> dict[str, list[list[Any]]]:
    """Every card and content row, and the deck rows without the file's path and stamp."""
    with closing(sqlite3.connect(db_path)) as db:
        columns = ", ".join(
            row[1]
            for row in db.execute("PRAGMA table_info(card)")
            if row[1] not in ADDED_CARD_COLUMNS
        )
        return {
            "card": [
                list(r) for r in db.execute(f"SELECT {columns} FROM card ORDER BY deck_id, card_id")
            ],
            # The searched text lives in card_text, by the card's integer id,
            # since schema 13: read where the record has it.
            "card_content": [
                list(r)
                for r in db.execute(
                    "SELECT t.deck_id, t.card_id, t.content, t.kind, t.tags, x.search_text "
                    "FROM card_content t JOIN card c ON c.deck_id = t.deck_id "
                    "AND c.card_id = t.card_id LEFT JOIN card_text x ON x.id = c.id "
                    "ORDER BY t.deck_id, t.card_id"
                )
            ],
            "deck": [
                list(r)
                for r in db.execute(
                    "SELECT id, content_hash, title, installed_at, updated_at, sort_order, "
                    "description, disclaimer FROM deck ORDER BY id"
                )
            ],
        }


def install_and_edit(data_dir: Path, write_deck: WriteDeck) -> dict[str, Any]:
    path = write_deck(DECK)
    (path.parent / "images").mkdir()
    (path.parent / "images" / "glut4.svg").write_text("<svg/>", encoding="utf-8")
    with Library.open(data_dir) as library:
        library.add_deck(path, now=T0)
        installed = stored_rows(library.db_path)
        path.write_text(EDITED, encoding="utf-8")
        library.add_deck(path, now=T0)
        edited = stored_rows(library.db_path)
    # The image's path is absolute, in the test's own folder.
    rows: dict[str, Any] = json.loads(
        json.dumps({"installed": installed, "edited": edited}, ensure_ascii=False).replace(
            str(path.parent), "DECKS"
        )
    )
    return rows


def test_an_install_stores_the_recorded_rows(data_dir: Path, write_deck: WriteDeck) -> None:
    expected = json.loads(EXPECTED.read_text(encoding="utf-8"))
    assert install_and_edit(data_dir, write_deck) == expected


def test_the_card_rows_copy_kind_and_tags_and_are_numbered_in_deck_order(
    data_dir: Path, write_deck: WriteDeck
) -> None:
    install_and_edit(data_dir, write_deck)
    with closing(sqlite3.connect(data_dir / "progress.sqlite3")) as db:
        differing = db.execute(
            "SELECT c.card_id FROM card c JOIN card_content t USING (deck_id, card_id) "
            "WHERE c.kind IS NOT t.kind OR c.tags IS NOT t.tags"
        ).fetchall()
        numbered = [card_id for (card_id,) in db.execute("SELECT card_id FROM card ORDER BY id")]
    assert differing == []
    # The first install's cards numbered as the file lists them, then the
    # card the edit added.
    assert numbered == [
        "secretor",
        "glut4",
        "glut4:reverse",
        "action:c1",
        "action:c2",
        "lowers",
        "organ",
        "added",
    ]
