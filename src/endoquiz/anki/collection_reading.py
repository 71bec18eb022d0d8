"""Reading an Anki collection's SQLite file, legacy (schema 11) or modern (18), read-only."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from contextlib import closing
from pathlib import Path

from endoquiz.anki.anki_model import (
    AnkiCard,
    AnkiCollection,
    AnkiDeck,
    AnkiNote,
    AnkiNotetype,
    AnkiReview,
    StockKind,
)
from endoquiz.anki.errors import AnkiPackageError
from endoquiz.anki.protobuf_wire import WireFormatError, last_int, last_text, read_fields

__all__ = ["NEWEST_SCHEMA", "OLDEST_SCHEMA", "read_collection"]

# Anki 2.1.0 wrote schema 11; every Anki since 2.1.50 writes 18.
OLDEST_SCHEMA = 11
NEWEST_SCHEMA = 18
# From schema 15 on, note types and decks have tables of their own; before,
# they are JSON in the `col` table's `models` and `decks` columns.
FIRST_SCHEMA_WITH_TABLES = 15
_TABLES_OF_EVERY_SCHEMA = ("col", "notes", "cards", "revlog")
_TABLES_FROM_15 = ("notetypes", "fields", "templates", "decks")
# Schema 18 joins a deck's levels with the unit separator, not "::".
_DECK_LEVEL_SEPARATOR = "\x1f"
_FIELD_SEPARATOR = "\x1f"
# Fields of Anki's proto/anki/notetypes.proto.
_NOTETYPE_KIND = 1  # Notetype.Config.kind: 0 normal, 1 cloze
_NOTETYPE_CSS = 3  # Notetype.Config.css
_NOTETYPE_ORIGINAL_STOCK_KIND = 9  # Notetype.Config.original_stock_kind
_TEMPLATE_QUESTION = 1  # Notetype.Template.Config.q_format
_CLOZE_KIND = 1
# A user flag is the low three bits of a card's `flags`.
_USER_FLAG_BITS = 0b111


class _DamagedValueError(ValueError):
    """A value of the collection that is not what Anki writes there."""


def read_collection(path: Path) -> AnkiCollection:
    """Everything endoquiz reads of the collection at `path` (an extracted
    `collection.anki2`, `.anki21` or decompressed `.anki21b`), which is opened
    read-only and never written. Raises AnkiPackageError, its message one
    line naming the file, when it is not an Anki collection, is damaged or
    truncated, or was written by a newer Anki than endoquiz understands."""
    if not path.is_file():
        raise AnkiPackageError(f"{path.name}: no such file")
    # immutable: no lock, no journal or WAL file made beside a file that may
    # sit in a read-only folder; nothing else writes an extracted collection.
    uri = path.resolve().as_uri() + "?mode=ro&immutable=1"
    try:
        with closing(sqlite3.connect(uri, uri=True)) as connection:
            return _read(connection, path.name)
    except sqlite3.DatabaseError as error:
        raise AnkiPackageError(_database_problem(path.name, error)) from error
    except sqlite3.Error as error:
        raise AnkiPackageError(f"{path.name} cannot be read: {error}") from error
    except (_DamagedValueError, WireFormatError, json.JSONDecodeError) as error:
        raise AnkiPackageError(f"{path.name} is damaged: {error}") from error


def _database_problem(name: str, error: sqlite3.DatabaseError) -> str:
    text = str(error)
    if "not a database" in text:
        return f"{name} is not an Anki collection (not an SQLite database)"
    if "malformed" in text or "corrupt" in text:
        return f"{name} is damaged or truncated ({text})"
    return f"{name} cannot be read: {text}"


def _read(connection: sqlite3.Connection, name: str) -> AnkiCollection:
    tables = {row[0] for row in connection.execute("SELECT name FROM sqlite_master")}
    _require_tables(tables, _TABLES_OF_EVERY_SCHEMA, name)
    row = connection.execute("SELECT ver, crt FROM col").fetchone()
    if row is None:
        raise AnkiPackageError(f"{name} is not an Anki collection (its col table is empty)")
    schema, created_s = (
        _integer(row[0], "the schema version"),
        _integer(row[1], "the creation time"),
    )
    if schema > NEWEST_SCHEMA:
        raise AnkiPackageError(
            f"{name} was written by a newer Anki (collection schema {schema}; "
            f"endoquiz reads {OLDEST_SCHEMA} to {NEWEST_SCHEMA}): export it again from Anki"
        )
    if schema < OLDEST_SCHEMA:
        raise AnkiPackageError(
            f"{name} was written by Anki 2.0 or older (collection schema {schema}); "
            "open it in a newer Anki and export it again"
        )
    if schema >= FIRST_SCHEMA_WITH_TABLES:
        _require_tables(tables, _TABLES_FROM_15, name)
        decks, notetypes = _decks_from_tables(connection), _notetypes_from_tables(connection)
    else:
        decks, notetypes = _decks_from_json(connection), _notetypes_from_json(connection)
    return AnkiCollection(
        schema=schema,
        created_s=created_s,
        decks=decks,
        notetypes=notetypes,
        notes=tuple(_notes(connection)),
        cards=tuple(_cards(connection)),
        reviews=tuple(_reviews(connection)),
    )


def _require_tables(tables: set[str], required: tuple[str, ...], name: str) -> None:
    missing = [table for table in required if table not in tables]
    if missing:
        raise AnkiPackageError(f"{name} is not an Anki collection (no {', '.join(missing)} table)")


# -- decks and note types, schema 15 and later ----------------------------------


def _decks_from_tables(connection: sqlite3.Connection) -> tuple[AnkiDeck, ...]:
    return tuple(
        AnkiDeck(
            id=_integer(deck_id, "a deck's id"),
            name=_text(name, "a deck's name").replace(_DECK_LEVEL_SEPARATOR, "::"),
        )
        for deck_id, name in connection.execute("SELECT id, name FROM decks ORDER BY id")
    )


def _notetypes_from_tables(connection: sqlite3.Connection) -> tuple[AnkiNotetype, ...]:
    fields = _names_by_notetype(
        connection.execute("SELECT ntid, name FROM fields ORDER BY ntid, ord")
    )
    templates: dict[int, list[tuple[str, str]]] = {}
    query = "SELECT ntid, name, config FROM templates ORDER BY ntid, ord"
    for notetype_id, name, config in connection.execute(query):
        question = last_text(read_fields(_blob(config, "a template's config")), _TEMPLATE_QUESTION)
        templates.setdefault(_integer(notetype_id, "a template's note type"), []).append(
            (_text(name, "a template's name"), question)
        )
    notetypes = []
    for notetype_id, name, config in connection.execute(
        "SELECT id, name, config FROM notetypes ORDER BY id"
    ):
        number = _integer(notetype_id, "a note type's id")
        settings = read_fields(_blob(config, "a note type's config"))
        own_templates = templates.get(number, [])
        notetypes.append(
            AnkiNotetype(
                id=number,
                name=_text(name, "a note type's name"),
                is_cloze=last_int(settings, _NOTETYPE_KIND) == _CLOZE_KIND,
                stock_kind=_stock_kind(last_int(settings, _NOTETYPE_ORIGINAL_STOCK_KIND)),
                fields=tuple(fields.get(number, [])),
                templates=tuple(template for template, _ in own_templates),
                question_templates=tuple(question for _, question in own_templates),
                css=last_text(settings, _NOTETYPE_CSS),
            )
        )
    return tuple(notetypes)


def _names_by_notetype(rows: Iterator[tuple[object, object]]) -> dict[int, list[str]]:
    names: dict[int, list[str]] = {}
    for notetype_id, name in rows:
        names.setdefault(_integer(notetype_id, "a field's note type"), []).append(
            _text(name, "a field's name")
        )
    return names


def _stock_kind(original_stock_kind: int) -> StockKind | None:
    """Anki's OriginalStockKind, whose 0 is "unknown" and whose other values
    are StockNotetype.Kind's plus one."""
    try:
        return StockKind(original_stock_kind - 1) if original_stock_kind > 0 else None
    except ValueError:
        return None  # a kind newer than this reader: made from no stock type it knows


# -- decks and note types, schema 11 to 14 ---------------------------------------


def _col_json(connection: sqlite3.Connection, column: str) -> dict[str, object]:
    row = connection.execute(f"SELECT {column} FROM col").fetchone()
    value = json.loads(_text(row[0], f"the collection's {column}"))
    if not isinstance(value, dict):
        raise _DamagedValueError(f"the collection's {column} is not a JSON object")
    return value


def _decks_from_json(connection: sqlite3.Connection) -> tuple[AnkiDeck, ...]:
    decks = [
        AnkiDeck(
            id=_json_id(_entry(deck, "id"), "a deck's id"),
            name=_text(_entry(deck, "name"), "a deck's name"),
        )
        for deck in _col_json(connection, "decks").values()
    ]
    return tuple(sorted(decks, key=lambda deck: deck.id))


def _notetypes_from_json(connection: sqlite3.Connection) -> tuple[AnkiNotetype, ...]:
    notetypes = []
    for model in _col_json(connection, "models").values():
        fields = _ordered(_entry(model, "flds"), "a note type's fields")
        templates = _ordered(_entry(model, "tmpls"), "a note type's templates")
        stock = _entry(model, "originalStockKind", default=0)
        notetypes.append(
            AnkiNotetype(
                id=_json_id(_entry(model, "id"), "a note type's id"),
                name=_text(_entry(model, "name"), "a note type's name"),
                is_cloze=_integer(_entry(model, "type", default=0), "a note type's kind")
                == _CLOZE_KIND,
                stock_kind=_stock_kind(_integer(stock, "a note type's stock kind")),
                fields=tuple(_text(_entry(f, "name"), "a field's name") for f in fields),
                templates=tuple(_text(_entry(t, "name"), "a template's name") for t in templates),
                question_templates=tuple(
                    _text(_entry(t, "qfmt"), "a template's front") for t in templates
                ),
                css=_text(_entry(model, "css", default=""), "a note type's styling"),
            )
        )
    return tuple(sorted(notetypes, key=lambda notetype: notetype.id))


def _entry(record: object, key: str, default: object = None) -> object:
    if not isinstance(record, dict):
        raise _DamagedValueError(f"a JSON record where {key!r} is looked for is not an object")
    value = record.get(key, default)
    if value is None:
        raise _DamagedValueError(f"a JSON record has no {key!r}")
    return value


def _ordered(items: object, what: str) -> list[object]:
    """A JSON list of fields or templates, in their `ord` order (the list's
    own when they have none)."""
    if not isinstance(items, list):
        raise _DamagedValueError(f"{what} are not a JSON list")
    ordinals = [
        _integer(item.get("ord", index), what) if isinstance(item, dict) else index
        for index, item in enumerate(items)
    ]
    return [item for _, item in sorted(zip(ordinals, items, strict=True), key=lambda p: p[0])]


# -- notes, cards and the review log, every schema --------------------------------


def _notes(connection: sqlite3.Connection) -> Iterator[AnkiNote]:
    query = "SELECT id, guid, mid, flds, tags FROM notes ORDER BY id"
    for note_id, guid, notetype_id, fields, tags in connection.execute(query):
        yield AnkiNote(
            id=_integer(note_id, "a note's id"),
            guid=_text(guid, "a note's GUID"),
            notetype_id=_integer(notetype_id, "a note's note type"),
            fields=tuple(_text(fields, "a note's fields").split(_FIELD_SEPARATOR)),
            tags=tuple(_text(tags, "a note's tags").split()),
        )


def _cards(connection: sqlite3.Connection) -> Iterator[AnkiCard]:
    query = (
        "SELECT id, nid, did, ord, type, queue, due, ivl, factor, reps, lapses,"
        " flags, odid, odue, left, data FROM cards ORDER BY id"
    )
    for row in connection.execute(query):
        numbers = [_integer(value, "a card's column") for value in row[:15]]
        stability, difficulty = _memory_state(row[15])
        yield AnkiCard(
            id=numbers[0],
            note_id=numbers[1],
            deck_id=numbers[2],
            ordinal=numbers[3],
            type=numbers[4],
            queue=numbers[5],
            due=numbers[6],
            interval=numbers[7],
            ease_factor=numbers[8],
            reps=numbers[9],
            lapses=numbers[10],
            flags=numbers[11] & _USER_FLAG_BITS,
            stability=stability,
            difficulty=difficulty,
            original_deck_id=numbers[12],
            original_due=numbers[13],
            steps_left=numbers[14] % 1000,
        )


def _memory_state(data: object) -> tuple[float | None, float | None]:
    """FSRS's stability and difficulty from a card's `data` JSON, or None
    each. Anki itself takes data it cannot parse for none, so does this."""
    if not isinstance(data, str) or not data.startswith("{"):
        return None, None
    try:
        values = json.loads(data)
    except json.JSONDecodeError:
        return None, None
    if not isinstance(values, dict):
        return None, None
    stability, difficulty = values.get("s"), values.get("d")
    if not _is_number(stability) or not _is_number(difficulty):
        return None, None
    return float(stability), float(difficulty)  # type: ignore[arg-type]


def _is_number(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _reviews(connection: sqlite3.Connection) -> Iterator[AnkiReview]:
    query = "SELECT id, cid, ease, ivl, lastIvl, factor, time, type FROM revlog ORDER BY id"
    for row in connection.execute(query):
        numbers = [_integer(value, "a review's column") for value in row]
        yield AnkiReview(
            id=numbers[0],
            card_id=numbers[1],
            ease=numbers[2],
            interval=numbers[3],
            last_interval=numbers[4],
            factor=numbers[5],
            duration_ms=numbers[6],
            kind=numbers[7],
        )


# -- values checked -----------------------------------------------------------------


def _integer(value: object, what: str) -> int:
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    raise _DamagedValueError(f"{what} is not a whole number")


def _json_id(value: object, what: str) -> int:
    """An id in the legacy JSON of decks and note types: a number, or the
    number's digits as text, as genanki writes a note type's (Anki reads
    both)."""
    if isinstance(value, str) and value.isascii() and value.lstrip("-").isdigit():
        return int(value)
    return _integer(value, what)


def _text(value: object, what: str) -> str:
    if isinstance(value, str):
        return value
    raise _DamagedValueError(f"{what} is not text")


def _blob(value: object, what: str) -> bytes:
    if isinstance(value, bytes):
        return value
    raise _DamagedValueError(f"{what} is not binary data")
