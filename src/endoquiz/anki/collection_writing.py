"""Writing a legacy (schema 11) Anki collection: the SQLite file in a package endoquiz writes."""

from __future__ import annotations

import hashlib
import html
import json
import re
import sqlite3
from collections.abc import Iterable, Sequence
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from endoquiz.anki.anki_model import AnkiReview, StockKind
from endoquiz.anki.stock_notetypes import STOCK_NOTETYPES, notetype_json

__all__ = [
    "COLLECTION_CREATED_S",
    "ExportCard",
    "ExportNote",
    "anki_deck_id",
    "write_collection",
]

# Every package's collection was "created" at this moment (2000-01-01
# 04:00 UTC, a day's start at Anki's default rollover): review cards' due
# days count from it. Anki's importer moves them by the days between it and
# the learner's own collection, so any fixed moment will do, and a fixed one
# keeps two exports of the same decks byte for byte alike.
COLLECTION_CREATED_S = 946_699_200
_SCHEMA = 11
_HEADER_VERSION_AT = 92
# "Valid for" change 1, written by SQLite 3.0.0: no real file's values.
_HEADER_VERSION = (1).to_bytes(4, "big") + (3_000_000).to_bytes(4, "big")
_DEFAULT_DECK_ID = 1
_FIELD_SEPARATOR = "\x1f"
# Anki's creation-time-like ids (ms); endoquiz's are derived from GUIDs and
# names within this range (2001 to 2017), so Anki never sees an id it
# would make today.
_ID_BASE, _ID_SPAN = 1_000_000_000_000, 500_000_000_000

_TABLES = """
CREATE TABLE col (
  id integer PRIMARY KEY, crt integer NOT NULL, mod integer NOT NULL,
  scm integer NOT NULL, ver integer NOT NULL, dty integer NOT NULL,
  usn integer NOT NULL, ls integer NOT NULL, conf text NOT NULL,
  models text NOT NULL, decks text NOT NULL, dconf text NOT NULL, tags text NOT NULL
);
CREATE TABLE notes (
  id integer PRIMARY KEY, guid text NOT NULL, mid integer NOT NULL,
  mod integer NOT NULL, usn integer NOT NULL, tags text NOT NULL,
  flds text NOT NULL, sfld integer NOT NULL, csum integer NOT NULL,
  flags integer NOT NULL, data text NOT NULL
);
CREATE TABLE cards (
  id integer PRIMARY KEY, nid integer NOT NULL, did integer NOT NULL,
  ord integer NOT NULL, mod integer NOT NULL, usn integer NOT NULL,
  type integer NOT NULL, queue integer NOT NULL, due integer NOT NULL,
  ivl integer NOT NULL, factor integer NOT NULL, reps integer NOT NULL,
  lapses integer NOT NULL, left integer NOT NULL, odue integer NOT NULL,
  odid integer NOT NULL, flags integer NOT NULL, data text NOT NULL
);
CREATE TABLE revlog (
  id integer PRIMARY KEY, cid integer NOT NULL, usn integer NOT NULL,
  ease integer NOT NULL, ivl integer NOT NULL, lastIvl integer NOT NULL,
  factor integer NOT NULL, time integer NOT NULL, type integer NOT NULL
);
CREATE TABLE graves (usn integer NOT NULL, oid integer NOT NULL, type integer NOT NULL);
CREATE INDEX ix_notes_usn ON notes (usn);
CREATE INDEX ix_cards_usn ON cards (usn);
CREATE INDEX ix_revlog_usn ON revlog (usn);
CREATE INDEX ix_cards_nid ON cards (nid);
CREATE INDEX ix_cards_sched ON cards (did, queue, due);
CREATE INDEX ix_revlog_cid ON revlog (cid);
CREATE INDEX ix_notes_csum ON notes (csum);
"""

# What Anki 26.9.3 writes for a new collection (the fixtures' legacy.apkg).
_COLLECTION_CONFIG = {
    "activeDecks": [1],
    "addToCur": True,
    "collapseTime": 1200,
    "creationOffset": 0,
    "curDeck": 1,
    "dayLearnFirst": False,
    "dueCounts": True,
    "estTimes": True,
    "newSpread": 0,
    "nextPos": 1,
    "sched2021": True,
    "schedVer": 2,
    "sortBackwards": False,
    "sortType": "noteFld",
    "timeLim": 0,
}
_DECK_OPTIONS = {
    "id": 1,
    "mod": 0,
    "name": "Default",
    "usn": 0,
    "maxTaken": 60,
    "autoplay": True,
    "timer": 0,
    "replayq": True,
    "new": {
        "bury": False,
        "delays": [1.0, 10.0],
        "initialFactor": 2500,
        "ints": [1, 4, 0],
        "order": 1,
        "perDay": 20,
    },
    "rev": {
        "bury": False,
        "ease4": 1.3,
        "ivlFct": 1.0,
        "maxIvl": 36500,
        "perDay": 200,
        "hardFactor": 1.2,
    },
    "lapse": {"delays": [10.0], "leechAction": 1, "leechFails": 8, "minInt": 1, "mult": 0.0},
    "dyn": False,
    "newMix": 0,
    "newPerDayMinimum": 0,
    "interdayLearningMix": 0,
    "reviewOrder": 0,
    "newSortOrder": 0,
    "newGatherPriority": 0,
    "buryInterdayLearning": False,
    "desiredRetention": 0.9,
}

_IMAGE = re.compile(r"<img[^>]*?\bsrc\s*=\s*[\"']?([^\"'>\s]+)[^>]*>", re.IGNORECASE)
_TAG = re.compile(r"<[^>]*>")


@dataclass(frozen=True, slots=True)
class ExportCard:
    """A card of a note, its scheduling columns as Anki stores them (see
    `AnkiCard`); a new card's `due` is its position. `data` is the card's
    JSON (FSRS's memory state), "" for none; `reviews` its review log
    entries, each written with the id the card takes in the package
    (whatever their `card_id`)."""

    ordinal: int
    type: int = 0
    queue: int = 0
    due: int = 0
    interval: int = 0
    factor: int = 0
    reps: int = 0
    lapses: int = 0
    left: int = 0
    flags: int = 0
    data: str = ""
    reviews: tuple[AnkiReview, ...] = ()


@dataclass(frozen=True, slots=True)
class ExportNote:
    """A note to write: its GUID, stock note type, Anki deck (full name,
    levels joined by "::"), fields' HTML, tags, cards, and when it last
    changed (seconds: Anki updates a note it has only from a newer one)."""

    guid: str
    kind: StockKind
    deck: str
    fields: tuple[str, ...]
    tags: tuple[str, ...]
    cards: tuple[ExportCard, ...]
    modified_s: int


def anki_deck_id(name: str) -> int:
    """The id a deck of this full name takes in every package endoquiz writes."""
    return _stable_id("deck", name)


def write_collection(path: Path, decks: Sequence[str], notes: Iterable[ExportNote]) -> None:
    """Write a new schema 11 collection to `path` (which must not exist): the
    decks named (their parents added), the four stock note types, the notes
    with their cards and review log. Ids derive from GUIDs and names, so the
    same notes give the same file."""
    notes = list(notes)
    names = _with_parents([*decks, *(note.deck for note in notes)])
    modified_ms = max((note.modified_s for note in notes), default=COLLECTION_CREATED_S) * 1000
    with closing(sqlite3.connect(path)) as connection:
        connection.executescript(_TABLES)
        with connection:
            connection.execute(
                "INSERT INTO col VALUES (1, ?, ?, ?, ?, 0, 0, 0, ?, ?, ?, ?, '{}')",
                (
                    COLLECTION_CREATED_S,
                    modified_ms,
                    modified_ms,
                    _SCHEMA,
                    _json(_COLLECTION_CONFIG),
                    _json(_models(names[0] if names else None)),
                    _json(_decks(names)),
                    _json({"1": _DECK_OPTIONS}),
                ),
            )
            _insert_notes(connection, notes)
        connection.execute("VACUUM")
    _without_sqlite_version(path)


def _without_sqlite_version(path: Path) -> None:
    """Set the SQLite version the file header records (offsets 92 to 100:
    the change count it is valid for, and the library's version number) to
    fixed values, so that the same notes make the same bytes whichever
    SQLite Python was built with. SQLite only reads them as hints, and
    rewrites them at the next change."""
    with path.open("r+b") as file:
        file.seek(_HEADER_VERSION_AT)
        file.write(_HEADER_VERSION)


def _insert_notes(connection: sqlite3.Connection, notes: list[ExportNote]) -> None:
    note_ids: set[int] = set()
    card_ids: set[int] = set()
    review_ids: set[int] = set()
    for note in notes:
        note_id = _unique(_stable_id("note", note.guid), note_ids)
        first = note.fields[0] if note.fields else ""
        sort_text = _stripped(first)
        connection.execute(
            "INSERT INTO notes VALUES (?, ?, ?, ?, -1, ?, ?, ?, ?, 0, '')",
            (
                note_id,
                note.guid,
                STOCK_NOTETYPES[note.kind].id,
                note.modified_s,
                f" {' '.join(note.tags)} " if note.tags else "",
                _FIELD_SEPARATOR.join(note.fields),
                sort_text,
                _checksum(sort_text),
            ),
        )
        deck_id = anki_deck_id(note.deck)
        for card in note.cards:
            card_id = _unique(_stable_id("card", note.guid, str(card.ordinal)), card_ids)
            connection.execute(
                "INSERT INTO cards VALUES (?, ?, ?, ?, ?, -1, ?, ?, ?, ?, ?, ?, ?, ?, 0, 0, ?, ?)",
                (
                    card_id,
                    note_id,
                    deck_id,
                    card.ordinal,
                    note.modified_s,
                    card.type,
                    card.queue,
                    card.due,
                    card.interval,
                    card.factor,
                    card.reps,
                    card.lapses,
                    card.left,
                    card.flags,
                    card.data,
                ),
            )
            connection.executemany(
                "INSERT INTO revlog VALUES (?, ?, -1, ?, ?, ?, ?, ?, ?)",
                [
                    (
                        _unique(review.id, review_ids),
                        card_id,
                        review.ease,
                        review.interval,
                        review.last_interval,
                        review.factor,
                        review.duration_ms,
                        review.kind,
                    )
                    for review in card.reviews
                ],
            )


def _models(first_deck: str | None) -> dict[str, Any]:
    deck_id = anki_deck_id(first_deck) if first_deck else _DEFAULT_DECK_ID
    return {
        str(notetype.id): notetype_json(notetype, deck_id) for notetype in STOCK_NOTETYPES.values()
    }


def _decks(names: list[str]) -> dict[str, Any]:
    decks = {"1": _deck_json(_DEFAULT_DECK_ID, "Default")}
    for name in names:
        deck_id = anki_deck_id(name)
        decks[str(deck_id)] = _deck_json(deck_id, name)
    return decks


def _deck_json(deck_id: int, name: str) -> dict[str, Any]:
    """A normal deck as schema 11 keeps it (the fixtures' legacy.apkg)."""
    return {
        "id": deck_id,
        "mod": 0,
        "name": name,
        "usn": -1,
        "lrnToday": [0, 0],
        "revToday": [0, 0],
        "newToday": [0, 0],
        "timeToday": [0, 0],
        "collapsed": False,
        "browserCollapsed": False,
        "desc": "",
        "dyn": 0,
        "conf": 1,
        "extendNew": 0,
        "extendRev": 0,
    }


def _with_parents(names: Iterable[str]) -> list[str]:
    """Every deck named and every deck above one ("A::B" needs "A"), sorted."""
    every: set[str] = set()
    for name in names:
        levels = name.split("::")
        every.update("::".join(levels[: depth + 1]) for depth in range(len(levels)))
    return sorted(every)


def _stripped(field: str) -> str:
    """A field as Anki sorts and checksums it: its images' file names kept,
    other tags dropped, entities decoded (`strip_html_preserving_media_filenames`)."""
    return html.unescape(_TAG.sub("", _IMAGE.sub(r" \1 ", field)))


def _checksum(text: str) -> int:
    """Anki's `csum`: the first 8 hex digits of the SHA-1 of the stripped first field."""
    return int(hashlib.sha1(text.encode("utf-8")).hexdigest()[:8], 16)


def _stable_id(*parts: str) -> int:
    digest = hashlib.sha256("\x1f".join(parts).encode("utf-8")).digest()
    return _ID_BASE + int.from_bytes(digest[:8], "big") % _ID_SPAN


def _unique(wanted: int, taken: set[int]) -> int:
    """`wanted`, or the next free number after it (two answers in one ms)."""
    while wanted in taken:
        wanted += 1
    taken.add(wanted)
    return wanted


def _json(value: object) -> str:
    return json.dumps(value, sort_keys=True, separators=(",", ":"))
