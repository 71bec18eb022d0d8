"""The collection file in an exported package: what Anki derives from a note, as Anki does."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path

from endoquiz.anki.anki_model import StockKind
from endoquiz.anki.collection_writing import ExportCard, ExportNote, write_collection
from tests.anki.fixture_files import extract


def test_sort_field_and_checksum_are_anki_s_own(tmp_path: Path) -> None:
    anki_made = extract("legacy.apkg", "collection.anki21", tmp_path)
    with closing(sqlite3.connect(anki_made)) as anki:
        rows = anki.execute("SELECT guid, flds, sfld, csum FROM notes ORDER BY guid").fetchall()
    notes = [
        ExportNote(guid, StockKind.BASIC, "Deck", tuple(fields.split("\x1f")[:2]), (),
                   (ExportCard(0),), 0)
        for guid, fields, _, _ in rows
    ]  # fmt: skip
    written = tmp_path / "collection.anki2"
    write_collection(written, ["Deck"], notes)
    with closing(sqlite3.connect(written)) as ours:
        made = ours.execute("SELECT guid, sfld, csum FROM notes ORDER BY guid").fetchall()
    # Images keep their file names, with the spaces around them (Anki's
    # `strip_html_preserving_media_filenames`); entities are decoded.
    assert made == [(guid, sort_field, checksum) for guid, _, sort_field, checksum in rows]
    assert any(sort_field == "The heart  cell.png " for _, sort_field, _ in made)
