"""Anki's plain-text notes export and CSV/TSV files with a header row, read as new cards."""

from __future__ import annotations

import codecs
import csv
import hashlib
import html
import io
import re
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from endoquiz.anki.anki_ids import entry_id, nesting_parent
from endoquiz.anki.anki_model import (
    AnkiCard,
    AnkiCollection,
    AnkiDeck,
    AnkiNote,
    AnkiNotetype,
    StockKind,
)
from endoquiz.anki.errors import AnkiPackageError

__all__ = [
    "MAX_NAMED_NOTETYPES",
    "MAX_TEXT_NOTES_BYTES",
    "MAX_TEXT_NOTES_ROWS",
    "OTHER_NOTETYPES",
    "TextNotes",
    "is_text_notes",
    "read_text_notes",
]

# A text file of tens of thousands of notes is a few megabytes; these bound
# the memory a hostile file can take (every row becomes a note and its cards).
MAX_TEXT_NOTES_BYTES = 64 * 1024 * 1024
MAX_TEXT_NOTES_ROWS = 200_000
_SNIFFED_BYTES = 8 * 1024
_ZIP_STARTS = (b"PK\x03\x04", b"PK\x05\x06")
_UTF16_BOMS = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)

# Anki's `Delimiter`s, in the order Anki tries them when the file names none
# (proto/anki/import_export.proto), and the names `#separator:` uses.
_DELIMITERS = {"tab": "\t", "pipe": "|", "semicolon": ";", "colon": ":", "comma": ",", "space": " "}
_HEADER_KEYS = frozenset(
    {
        "separator",
        "html",
        "tags",
        "columns",
        "notetype",
        "deck",
        "notetype column",
        "deck column",
        "tags column",
        "guid column",
        "match scope",
        "if matches",
    }
)
# Anki decides whether a file's fields are HTML from its first five rows
# (`PREVIEW_LENGTH` in rslib's csv metadata) when `#html:` does not say.
_HTML_SNIFFED_ROWS = 5
_CLOZE_NUMBER = re.compile(r"\{\{c(\d{1,4})::")

# The stock note types by the names Anki gives them, with their fields: a
# note type's name is all a text file says of it.
_STOCK_FIELDS: dict[str, tuple[StockKind, tuple[str, ...]]] = {
    "basic": (StockKind.BASIC, ("Front", "Back")),
    "basic (and reversed card)": (StockKind.BASIC_AND_REVERSED, ("Front", "Back")),
    "basic (optional reversed card)": (
        StockKind.BASIC_OPTIONAL_REVERSED,
        ("Front", "Back", "Add Reverse"),
    ),
    "basic (type in the answer)": (StockKind.BASIC_TYPING, ("Front", "Back")),
    "cloze": (StockKind.CLOZE, ("Text", "Back Extra")),
}
_DEFAULT_NOTETYPE = "Basic"
MAX_NAMED_NOTETYPES = 50
OTHER_NOTETYPES = "(other note types)"
_TEMPLATES = {
    StockKind.BASIC_AND_REVERSED: ("Card 1", "Card 2"),
    StockKind.BASIC_OPTIONAL_REVERSED: ("Card 1", "Card 2"),
}

# A plain CSV's header names, lower-cased, and the column each one is.
_PLAIN_COLUMNS = {
    "front": "front",
    "question": "front",
    "back": "back",
    "answer": "back",
    "tags": "tags",
    "tag": "tags",
    "deck": "deck",
}


@dataclass(frozen=True, slots=True)
class TextNotes:
    """A text file's notes as a collection of new cards (no review log), for
    `convert_notes`; its `format` ("anki-text" for Anki's notes export, else
    "csv" or "tsv"), and what reading it left out, with counts."""

    format: str
    collection: AnkiCollection
    changes: Counter[str] = field(default_factory=Counter)


@dataclass(slots=True)
class _Layout:
    """Where a file's rows keep each thing: 0-based columns, None for none."""

    delimiter: str
    fields: list[int | None]
    notetype_column: int | None = None
    deck_column: int | None = None
    tags_column: int | None = None
    guid_column: int | None = None
    notetype: str = _DEFAULT_NOTETYPE
    deck: str = ""
    html: bool | None = None
    global_tags: tuple[str, ...] = ()
    labelled_columns: int = 0
    # With a note type column, every column that is not one of the above is
    # a field, in order (rows of different note types hold different fields).
    fields_by_position: bool = False


def is_text_notes(path: Path) -> bool:
    """True when the file is text (UTF-16 with its BOM, or no NUL byte in its
    first 8 KB and not a zip): `read_text_notes` reads it, not the package
    reader."""
    try:
        with path.open("rb") as file:
            head = file.read(_SNIFFED_BYTES)
    except OSError:
        return False
    if head.startswith(_UTF16_BOMS):
        return True
    return bool(head) and b"\0" not in head and not head.startswith(_ZIP_STARTS)


def read_text_notes(path: Path, default_deck: str | None = None) -> TextNotes:
    """Read Anki's plain-text notes export (its `#separator:`, `#html:`,
    `#columns:`, `#notetype:`, `#deck:`, `#tags:` and `#… column:` headers,
    as Anki 2.1.55 and later write them) or a CSV/TSV file whose header row
    names its front and back columns (and optionally tags and deck). The
    format is told from the content. Rows without a deck go to
    `default_deck` (the file's name without its suffix when None).

    Raises:
        AnkiPackageError: in one line, for a file too large, not UTF-8 text,
            neither format, with malformed rows, or without a note.
    """
    text = _text_of(path)
    lines = io.StringIO(text, newline="").readlines()
    deck = default_deck or path.stem or "Imported"
    changes: Counter[str] = Counter()
    header_lines, layout = _anki_headers(lines, deck)
    if layout is not None:
        rows = _rows(path, lines[header_lines:], layout.delimiter, header_lines + 1, comments=True)
        _fill_anki_columns(layout, rows)
        file_format = "anki-text"
    else:
        layout, rows = _plain_layout(path, lines, deck, changes)
        file_format = "tsv" if layout.delimiter == "\t" else "csv"
    if not rows:
        raise AnkiPackageError(f"{path.name} holds no note: nothing to import")
    if len(rows) > MAX_TEXT_NOTES_ROWS:
        raise AnkiPackageError(
            f"{path.name} holds {len(rows):,} rows; endoquiz imports at most "
            f"{MAX_TEXT_NOTES_ROWS:,} notes from one text file"
        )
    if layout.html is None:
        layout.html = any(
            _looks_like_html(value) for row in rows[:_HTML_SNIFFED_ROWS] for value in row
        )
    return TextNotes(file_format, _collection(rows, layout, changes), changes)


def _text_of(path: Path) -> str:
    """The file's text, within the size limit, a leading BOM dropped: UTF-8,
    or UTF-16 when it starts with its BOM (Excel's "Unicode Text")."""
    try:
        size = path.stat().st_size
        if size > MAX_TEXT_NOTES_BYTES:
            raise AnkiPackageError(
                f"{path.name} is {size / 1024 / 1024:,.0f} MB; endoquiz reads text "
                f"and CSV files of at most {MAX_TEXT_NOTES_BYTES // 1024 // 1024} MB"
            )
        data = path.read_bytes()
    except OSError as error:
        raise AnkiPackageError(f"cannot read {path.name}: {error.strerror or error}") from None
    encoding = "utf-16" if data.startswith(_UTF16_BOMS) else "utf-8-sig"
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        raise AnkiPackageError(
            f"{path.name}, line {line}: not {'UTF-16' if encoding == 'utf-16' else 'UTF-8'} text "
            "(save the file as UTF-8 and import it again)"
        ) from None
    if "\0" in text:
        raise AnkiPackageError(f"{path.name} is a binary file, not an Anki export or a CSV file")
    return text


def _anki_headers(lines: Sequence[str], deck: str) -> tuple[int, _Layout | None]:
    """How many lines Anki's headers take, and what they say; None when the
    file has none of Anki's headers (a plain CSV)."""
    layout = _Layout(delimiter="", fields=[], deck=deck)
    known = False
    count = 0
    columns = ""
    for number, line in enumerate(lines):
        value = line.rstrip("\r\n")
        if number == 0 and value.startswith("tags:"):
            # Allowed first for historic reasons, as in Anki.
            layout.global_tags = tuple(value[len("tags:") :].split())
            known = True
        elif value.startswith("#") and ":" in value:
            key, _, setting = value[1:].partition(":")
            key = key.strip().lower()
            if key == "columns":
                columns = setting
            else:
                _apply_header(layout, key, setting)
            known = known or key in _HEADER_KEYS
        elif not value.startswith("#"):
            break
        count = number + 1
    if not known:
        return 0, None
    if not layout.delimiter:
        layout.delimiter = _sniffed_delimiter("".join(lines[count:])[:_SNIFFED_BYTES])
    if columns:
        labels = next(csv.reader([columns], delimiter=layout.delimiter), [])
        layout.labelled_columns = len(labels)
        layout.fields = _fields_by_label(layout, labels)
    return count, layout


def _apply_header(layout: _Layout, key: str, setting: str) -> None:
    """One `#key:value` header of Anki's, as Anki's `parse_meta_value` reads it."""
    value = setting.strip()
    if key == "separator":
        named = _DELIMITERS.get(value.lower())
        if named is None and len(setting) >= 1 and setting[0] in _DELIMITERS.values():
            named = setting[0]
        layout.delimiter = named or layout.delimiter
    elif key == "html" and value.lower() in ("true", "false"):
        layout.html = value.lower() == "true"
    elif key == "tags":
        layout.global_tags = tuple(value.split())
    elif key == "notetype" and value:
        layout.notetype = value
    elif key == "deck" and value:
        layout.deck = value
    elif key.endswith(" column") and value.isdigit() and int(value) > 0:
        column = int(value) - 1
        if key == "notetype column":
            layout.notetype_column = column
            layout.fields_by_position = True
        elif key == "deck column":
            layout.deck_column = column
        elif key == "tags column":
            layout.tags_column = column
        elif key == "guid column":
            layout.guid_column = column


def _meta_columns(layout: _Layout) -> set[int]:
    columns = (layout.notetype_column, layout.deck_column, layout.tags_column, layout.guid_column)
    return {column for column in columns if column is not None}


def _fields_by_label(layout: _Layout, labels: Sequence[str]) -> list[int | None]:
    """A known note type's fields found by name among `#columns:`'s labels,
    as Anki maps them; the rest are left to `_fill_anki_columns`."""
    stock = _STOCK_FIELDS.get(layout.notetype.casefold())
    if stock is None or layout.fields_by_position:
        return []
    meta = _meta_columns(layout)
    where = {label: index for index, label in enumerate(labels) if index not in meta}
    found: list[int | None] = [where.get(name) for name in stock[1]]
    return found if any(column is not None for column in found) else []


def _fill_anki_columns(layout: _Layout, rows: Sequence[Sequence[str]]) -> None:
    """The field and tag columns Anki infers when the headers do not say:
    a known note type's fields are the first columns that are not the
    GUID, note type, deck or tags, and the next such column holds the tags."""
    meta = _meta_columns(layout)
    # Anki counts the columns of `#columns:`, else of the first row: a later
    # row's extra column is neither a field nor the tags.
    width = layout.labelled_columns or (len(rows[0]) if rows else 0)
    free = [column for column in range(width) if column not in meta]
    stock = _STOCK_FIELDS.get(layout.notetype.casefold())
    if layout.fields_by_position or stock is None:
        layout.fields_by_position = True
        return
    if not layout.fields:
        layout.fields = list(free[: len(stock[1])])
    # A field without a column is empty, as in Anki.
    layout.fields += [None] * (len(stock[1]) - len(layout.fields))
    if layout.fields[0] is None and free:
        layout.fields[0] = free[0]
    if layout.tags_column is None:
        last = max((column for column in layout.fields if column is not None), default=-1)
        layout.tags_column = next((column for column in free if column > last), None)


def _plain_layout(
    path: Path, lines: Sequence[str], deck: str, changes: Counter[str]
) -> tuple[_Layout, list[list[str]]]:
    """A plain CSV/TSV's layout from its header row, and its other rows."""
    first = lines[0] if lines else ""
    delimiter = _sniffed_delimiter(first)
    rows = _rows(path, lines, delimiter, 1, comments=False)
    header = [name.strip().lower() for name in rows[0]] if rows else []
    named: dict[str, int] = {}
    for column, name in enumerate(header):
        meaning = _PLAIN_COLUMNS.get(name)
        if meaning is not None and meaning not in named:
            named[meaning] = column
        elif name:
            changes[f"columns endoquiz does not read ({name!r}): left out"] += 1
    if "front" not in named or "back" not in named:
        raise AnkiPackageError(
            f"{path.name} is not an Anki package, an Anki text export, or a CSV/TSV "
            "file whose first row names its columns (front, back, and optionally tags, deck)"
        )
    layout = _Layout(
        delimiter=delimiter,
        fields=[named["front"], named["back"]],
        deck_column=named.get("deck"),
        tags_column=named.get("tags"),
        deck=deck,
    )
    return layout, rows[1:]


def _sniffed_delimiter(text: str) -> str:
    """The first of Anki's delimiters the text holds (Anki's own rule); a
    space when it holds none."""
    return next(
        (delimiter for delimiter in _DELIMITERS.values() if delimiter in text),
        _DELIMITERS["space"],
    )


def _rows(
    path: Path, lines: Sequence[str], delimiter: str, first_line: int, *, comments: bool
) -> list[list[str]]:
    """The file's records, as Anki's CSV reader reads them: quoted fields
    may hold the delimiter and line breaks (`""` is a quote), empty lines
    are skipped, and with `comments` a record that starts with `#` is a
    comment (Anki's format; a spreadsheet's CSV has none, and a front may
    start with `#`)."""
    state = {"record_start": True}

    def physical_lines() -> Iterator[str]:
        for line in lines:
            if comments and state["record_start"] and line.startswith("#"):
                continue
            state["record_start"] = False
            yield line

    reader = csv.reader(physical_lines(), delimiter=delimiter)
    rows: list[list[str]] = []
    try:
        for row in reader:
            state["record_start"] = True
            if any(value.strip() for value in row):
                rows.append(row)
                if len(rows) > MAX_TEXT_NOTES_ROWS + 1:
                    break  # the caller refuses the file; no need to read on
    except csv.Error as error:
        line = first_line + reader.line_num - 1
        raise AnkiPackageError(f"{path.name}, line {line}: {error}") from None
    return rows


def _looks_like_html(value: str) -> bool:
    """Anki's `is_html`: a `<` with a `>` somewhere after it (found in
    linear time, where a regular expression would backtrack)."""
    start = value.find("<")
    return start >= 0 and value.find(">", start + 1) >= 0


def _as_html(value: str) -> str:
    """A plain-text field as the HTML Anki stores (`encode_minimal`, lines
    as `<br>`), for the Markdown conversion to read back as text."""
    return html.escape(value, quote=False).replace("\r\n", "<br>").replace("\n", "<br>")


def _cell(row: Sequence[str], column: int | None) -> str:
    return row[column] if column is not None and column < len(row) else ""


def _guid(notetype: str, first_field: str) -> str:
    """A note's GUID when the file has none: from its note type and first
    field, the fields Anki matches a row on when it has no GUID, so that
    importing the file again (a back edited) updates the same entry."""
    digest = hashlib.sha256(f"{notetype}\x1f{first_field}".encode()).hexdigest()
    return f"t{digest[:19]}"


def _makes_an_id(guid: str) -> bool:
    try:
        entry_id(guid)
    except ValueError:
        return False
    return True


def _card_ordinals(kind: StockKind | None, is_cloze: bool, fields: Sequence[str]) -> list[int]:
    """The ordinals of the cards Anki would make of a note."""
    if is_cloze:
        numbers = sorted({int(number) for number in _CLOZE_NUMBER.findall(fields[0])})
        return [number - 1 for number in numbers if number > 0] or [0]
    if kind is StockKind.BASIC_AND_REVERSED:
        return [0, 1]
    if kind is StockKind.BASIC_OPTIONAL_REVERSED and len(fields) > 2 and fields[2].strip():
        return [0, 1]
    return [0]


def _collection(
    rows: Sequence[Sequence[str]], layout: _Layout, changes: Counter[str]
) -> AnkiCollection:
    """The rows as a collection: a note of each row, its new cards, and
    the decks (with every parent) and note types the rows name."""
    decks: dict[str, AnkiDeck] = {}
    notetypes: dict[str, AnkiNotetype] = {}
    notes: list[AnkiNote] = []
    cards: list[AnkiCard] = []
    seen: set[str] = set()
    meta = _meta_columns(layout)
    for row in rows:
        notetype = _notetype(
            _cell(row, layout.notetype_column).strip() or layout.notetype, notetypes
        )
        if layout.fields_by_position:
            values = [value for column, value in enumerate(row) if column not in meta]
        else:
            values = [_cell(row, column) for column in layout.fields]
        fields = tuple(value if layout.html else _as_html(value) for value in values)
        if not fields or not fields[0].strip():
            changes["rows with an empty first field: left out"] += 1
            continue
        guid = _cell(row, layout.guid_column).strip()
        if guid and not _makes_an_id(guid):
            changes["GUIDs too long to make an id: replaced"] += 1
            guid = ""
        if not guid:
            guid = _guid(notetype.name, fields[0])
            if guid in seen:
                changes["rows repeating an earlier row's first field: left out"] += 1
                continue
        seen.add(guid)
        deck = _deck(_cell(row, layout.deck_column).strip() or layout.deck, decks)
        tags = (*layout.global_tags, *_cell(row, layout.tags_column).split())
        note = AnkiNote(len(notes) + 1, guid, notetype.id, fields, tuple(dict.fromkeys(tags)))
        notes.append(note)
        for ordinal in _card_ordinals(notetype.stock_kind, notetype.is_cloze, fields):
            cards.append(_new_card(len(cards) + 1, note.id, deck.id, ordinal))
    return AnkiCollection(
        schema=0,
        created_s=0,
        decks=tuple(decks.values()),
        notetypes=tuple(notetypes.values()),
        notes=tuple(notes),
        cards=tuple(cards),
        reviews=(),
    )


def _notetype(name: str, made: dict[str, AnkiNotetype]) -> AnkiNotetype:
    """The note type of this name, made once: a stock one when Anki's name
    for it, else one endoquiz reads as basic (`convert_notes` counts it)."""
    if name in made:
        return made[name]
    stock = _STOCK_FIELDS.get(name.casefold())
    kind, fields = stock if stock is not None else (None, ())
    if stock is None and len(made) >= MAX_NAMED_NOTETYPES:
        # Each name is a line of the summary the learner reads: a file of
        # thousands of them (a hostile one) is summed up under one.
        name = OTHER_NOTETYPES
        if name in made:
            return made[name]
    notetype = AnkiNotetype(
        id=len(made) + 1,
        name=name,
        is_cloze=kind is StockKind.CLOZE,
        stock_kind=kind,
        fields=fields,
        templates=_TEMPLATES.get(kind, ("Card 1",)) if kind is not None else (),
        question_templates=(),
        css="",
    )
    made[name] = notetype
    return notetype


def _deck(name: str, made: dict[str, AnkiDeck]) -> AnkiDeck:
    """The deck of this full name ("A::B"), made once (by its name in any
    case) with each parent it lacks, so that its id nests under its
    parent's ("a/b"); only the parents an id nests under (`nesting_parent`),
    so that a name of thousands of levels costs no more than its length."""
    full = "::".join(level.strip() for level in name.split("::") if level.strip()) or "Imported"
    # Anki's deck names ignore case: "spanish" is the deck "Spanish".
    if full.casefold() not in made:
        parent = nesting_parent(full)
        if parent:
            _deck(parent, made)  # made first: its id is this one's prefix
        made[full.casefold()] = AnkiDeck(len(made) + 1, full)
    return made[full.casefold()]


def _new_card(card_id: int, note_id: int, deck_id: int, ordinal: int) -> AnkiCard:
    return AnkiCard(
        id=card_id,
        note_id=note_id,
        deck_id=deck_id,
        ordinal=ordinal,
        type=0,
        queue=0,
        due=note_id,
        interval=0,
        ease_factor=0,
        reps=0,
        lapses=0,
        flags=0,
        stability=None,
        difficulty=None,
        original_deck_id=0,
        original_due=0,
    )
