"""Has Anki itself import the packages endoquiz exported, and records what Anki then holds.

Run by `make anki-roundtrip` with the pinned `anki` wheel in
`build/venv-anki/` (requirements/anki-reference.txt), after
`make_exports.py` has written the packages with endoquiz. Each package is
imported, with its scheduling, into an empty collection of its own, and
Anki's API counts what it holds: decks, notes, cards by note type, tags,
media, review log entries, card types and queues, memory states, GUIDs,
when studied cards are due, empty cards, and what Check Database says.
The counts and each package's SHA-256 (of the file, and of its content,
the collection as its tables' rows: what no zlib or SQLite version
changes) go to anki_roundtrip.json beside this script;
tests/anki/test_anki_roundtrip.py makes the packages again, checks that
they hold the same content and that Anki's counts are the expected ones.
Neither `anki` nor this script is used by the app or by `make test`.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sqlite3
import sys
import tempfile
import zipfile
from collections import Counter
from contextlib import closing
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
# Anki's default: a study day starts at 04:00 (the collections here are new).
ROLLOVER_HOURS = 4
CARD_REVIEW, QUEUE_LEARNING = 2, 1
RECORD = HERE / "anki_roundtrip.json"
COLLECTION = "collection.anki2"


def content_sha256(package: Path) -> str:
    """The SHA-256 of a package's files, names and contents in the zip's
    order, the collection's as its tables' definitions and rows: the same
    for the same content whichever zlib compressed it and whichever SQLite
    laid out its pages."""
    digest = hashlib.sha256()
    with zipfile.ZipFile(package) as archive, tempfile.TemporaryDirectory() as folder:
        for member in archive.infolist():
            data = archive.read(member)
            if member.filename == COLLECTION:
                data = _collection_rows(archive.extract(member, folder))
            digest.update(f"{member.filename}\0{len(data)}\0".encode())
            digest.update(data)
    return digest.hexdigest()


def _collection_rows(path: str) -> bytes:
    """A collection's tables, their SQL and their rows in order, as JSON."""
    with closing(sqlite3.connect(path)) as connection:
        tables = connection.execute(
            "SELECT name, sql FROM sqlite_master WHERE type = 'table' ORDER BY name"
        ).fetchall()
        content = {
            name: [sql, connection.execute(f'SELECT * FROM "{name}" ORDER BY 1').fetchall()]
            for name, sql in tables
        }
    return json.dumps(content, ensure_ascii=False).encode()


def imported(package: Path) -> dict[str, Any]:
    """What Anki holds after importing `package` into an empty collection."""
    from anki.collection import Collection, ImportAnkiPackageOptions, ImportAnkiPackageRequest

    with tempfile.TemporaryDirectory() as folder:
        col = Collection(str(Path(folder) / "collection.anki2"))
        request = ImportAnkiPackageRequest(
            package_path=str(package), options=ImportAnkiPackageOptions(with_scheduling=True)
        )
        col.import_anki_package(request)
        notes = [col.get_note(note_id) for note_id in col.find_notes("")]
        cards = [col.get_card(card_id) for card_id in col.find_cards("")]
        media_folder = Path(col.media.dir())
        described = {
            "sha256": hashlib.sha256(package.read_bytes()).hexdigest(),
            "content_sha256": content_sha256(package),
            "anki": _version(),
            # An empty collection has a "Default" deck of its own.
            "decks": sorted({col.decks.name(card.did) for card in cards}),
            "notes": len(notes),
            "notes_by_type": dict(sorted(Counter(n.note_type()["name"] for n in notes).items())),
            "cards": len(cards),
            "cards_by_type": dict(
                sorted(Counter(card.note().note_type()["name"] for card in cards).items())
            ),
            "card_types": dict(sorted(Counter(str(int(card.type)) for card in cards).items())),
            "card_queues": dict(sorted(Counter(str(int(card.queue)) for card in cards).items())),
            "flags": sorted(card.user_flag() for card in cards if card.user_flag()),
            "memory_states": sum(card.memory_state is not None for card in cards),
            "reviews": col.db.scalar("SELECT count() FROM revlog"),
            "tags": sorted({tag for note in notes for tag in note.tags}),
            "media": sorted(path.name for path in media_folder.iterdir() if path.is_file()),
            "guids": sorted(note.guid for note in notes),
            "due": _due(col, cards),
            "fields": sorted(note.fields[0] for note in notes),
            # Cards whose question would be empty, and what Anki's Check
            # Database finds (its words when it finds nothing to fix).
            "empty_cards": len(col.get_empty_cards().notes),
        }
        described["check_database"] = col.fix_integrity()[0]
        col.close()
    return described


def imported_in_turn(first: Path, second: Path) -> dict[str, Any]:
    """What Anki holds after importing `first`, then `second` (the same
    decks exported again, edited) into the same collection."""
    from anki.collection import Collection, ImportAnkiPackageOptions, ImportAnkiPackageRequest

    with tempfile.TemporaryDirectory() as folder:
        col = Collection(str(Path(folder) / "collection.anki2"))
        for package in (first, second):
            request = ImportAnkiPackageRequest(
                package_path=str(package), options=ImportAnkiPackageOptions(with_scheduling=True)
            )
            col.import_anki_package(request)
        notes = [col.get_note(note_id) for note_id in col.find_notes("")]
        described = {
            "notes": len(notes),
            "cards": col.card_count(),
            "notetypes": len(col.models.all_names_and_ids()),
            "backs": sorted(note.fields[1] for note in notes),
        }
        col.close()
    return described


def imported_table(table: Path) -> dict[str, Any]:
    """What Anki holds after importing the CSV `table` as its own import
    dialog would, with the columns its headers name."""
    from anki.collection import Collection
    from anki.import_export_pb2 import ImportCsvRequest

    with tempfile.TemporaryDirectory() as folder:
        col = Collection(str(Path(folder) / "collection.anki2"))
        metadata = col.get_csv_metadata(str(table), None)
        col.import_csv(ImportCsvRequest(path=str(table), metadata=metadata))
        notes = [col.get_note(note_id) for note_id in col.find_notes("")]
        described = {
            "sha256": hashlib.sha256(table.read_bytes()).hexdigest(),
            "anki": _version(),
            "columns": list(metadata.column_labels),
            "notes": len(notes),
            "filled": sum(all(field.strip() for field in note.fields) for note in notes),
            "tags": sorted({tag for note in notes for tag in note.tags}),
        }
        col.close()
    return described


def _due(col: Any, cards: list[Any]) -> dict[str, str]:
    """When each studied card is due in Anki, by "GUID ordinal": a review
    card's day (Anki counts days from its collection's creation day), a
    learning step's moment (seconds since the epoch)."""
    created = (datetime.fromtimestamp(col.crt, UTC) - timedelta(hours=ROLLOVER_HOURS)).date()
    due = {}
    for card in cards:
        key = f"{card.note().guid} {card.ord}"
        if int(card.type) == CARD_REVIEW:
            due[key] = (created + timedelta(days=card.due)).isoformat()
        elif int(card.queue) == QUEUE_LEARNING:
            due[key] = str(card.due)
    return dict(sorted(due.items()))


def _version() -> str:
    from anki.buildinfo import version

    return str(version)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("packages", type=Path, help="the folder make_exports.py wrote")
    args = parser.parse_args(argv)
    record = {package.name: imported(package) for package in sorted(args.packages.glob("*.apkg"))}
    first, edited = args.packages / "decks.apkg", args.packages / "decks-edited.apkg"
    record["decks.apkg, then decks-edited.apkg"] = imported_in_turn(first, edited)
    for table in sorted(args.packages.glob("*.csv")):
        record[table.name] = imported_table(table)
    RECORD.write_text(json.dumps(record, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    for name, what in record.items():
        print(
            f"{name}: {what['notes']} notes, {what.get('cards', what['notes'])} cards, "
            f"{what.get('reviews', 0)} reviews"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
