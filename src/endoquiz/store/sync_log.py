"""The progress database's sync events: written with each change, merged from other computers.

`SyncLog.record` runs inside the change's own transaction, so a change and
its event are committed together or not at all; the clock stamp and this
computer's device id live in the same file (docs/sync.md).
"""

from __future__ import annotations

import json
import secrets
import sqlite3
import time
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from typing import Any

from endoquiz.scheduling import CardState
from endoquiz.store.clock_stamps import Stamp, next_stamp, parse_stamp
from endoquiz.store.event_schema import event_from_json, events_from_lines
from endoquiz.store.rows import (
    CARD_COLUMNS,
    state_from_row,
    write_schedule_fields,
)
from endoquiz.store.sync_events import EventKind, SyncEvent, new_event_id
from endoquiz.store.sync_settings import (
    DEVICE_KEY,
    HISTORY_KEY,
    LOCAL_SETTING_PREFIX,
    SYNC_FOLDER_KEY,
)

__all__ = ["DEVICE_KEY", "LOCAL_SETTING_PREFIX", "SYNC_FOLDER_KEY", "SyncLog", "roomy_cache"]

_CLOCK_KEY = "sync.clock"


class SyncLog:
    """Sync events in the progress database, on the store's connection."""

    def __init__(self, db: sqlite3.Connection) -> None:
        self._db = db

    # -- this computer -----------------------------------------------------

    def device(self, db: sqlite3.Connection | None = None) -> str:
        """This data folder's device id (made on first use, inside the
        caller's transaction when one is given)."""
        conn = db or self._db
        row = conn.execute("SELECT value FROM setting WHERE key = ?", (DEVICE_KEY,)).fetchone()
        if row is not None:
            value = json.loads(row[0])
            if isinstance(value, str) and len(value) == 16:
                return value
        device = secrets.token_hex(8)
        _write_setting(conn, DEVICE_KEY, device)
        return device

    def stamp(self, db: sqlite3.Connection, wall_ms: int) -> Stamp:
        """A new stamp for an event of this computer, inside `db`'s transaction."""
        device = self.device(db)
        stamp = next_stamp(self._last(db), wall_ms, device)
        _write_setting(db, _CLOCK_KEY, str(stamp))
        return stamp

    def witness(self, db: sqlite3.Connection, seen: Stamp) -> None:
        """Move this computer's clock past a stamp merged from another."""
        last = self._last(db)
        if last is None or seen > last:
            device = self.device(db)
            _write_setting(db, _CLOCK_KEY, str(Stamp(seen.physical, seen.counter, device)))

    def _last(self, db: sqlite3.Connection) -> Stamp | None:
        row = db.execute("SELECT value FROM setting WHERE key = ?", (_CLOCK_KEY,)).fetchone()
        try:
            return parse_stamp(json.loads(row[0])) if row is not None else None
        except (ValueError, TypeError):
            return None  # a damaged stamp: the wall clock starts again

    # -- events ------------------------------------------------------------

    def add_own(
        self,
        db: sqlite3.Connection,
        kind: EventKind,
        key: tuple[str, str] | None,
        body: dict[str, Any],
        *,
        at_ms: int | None = None,
    ) -> SyncEvent:
        """Record an event of this computer, about the card `key` (None: no
        card), stamped at `at_ms` or the wall clock, in `db`'s transaction;
        it goes to this computer's journal at the next sync."""
        stamp = self.stamp(db, at_ms if at_ms is not None else int(time.time() * 1000))
        deck_id, card_id = key if key is not None else (None, None)
        event = SyncEvent(new_event_id(), stamp, kind, deck_id, card_id, body)
        db.execute(
            "INSERT INTO sync_event (id, hlc, kind, deck_id, card_id, line, exported) "
            "VALUES (?, ?, ?, ?, ?, ?, 0)",
            (event.id, str(stamp), kind.value, deck_id, card_id, event.to_json()),
        )
        return event

    @staticmethod
    def record_merged(
        db: sqlite3.Connection,
        events: Sequence[SyncEvent],
        aliases: Mapping[tuple[str, str], tuple[str, str]],
    ) -> None:
        """Keep events merged from other computers (each id once), each
        under its card's id here (`aliases`: a card renamed here)."""
        rows = []
        for e in events:
            deck_id, card_id = e.deck_id, e.card_id
            if aliases and deck_id is not None and card_id is not None:
                deck_id, card_id = aliases.get((deck_id, card_id), (deck_id, card_id))
            rows.append((e.id, str(e.stamp), e.kind, deck_id, card_id, e.to_json()))
        db.executemany(
            "INSERT OR IGNORE INTO sync_event (id, hlc, kind, deck_id, card_id, line, exported) "
            "VALUES (?, ?, ?, ?, ?, ?, 1)",
            rows,
        )

    def events_of_cards(
        self, db: sqlite3.Connection, keys: Iterable[tuple[str, str]]
    ) -> dict[tuple[str, str], list[SyncEvent]]:
        """Every event held of these cards, in one query."""
        found: dict[tuple[str, str], list[SyncEvent]] = {}
        with _cards_table(db, keys):
            rows = db.execute(
                "SELECT e.deck_id, e.card_id, e.line FROM merged_card m JOIN sync_event e "
                "ON e.deck_id = m.deck_id AND e.card_id = m.card_id"
            ).fetchall()
        # Checked again as they are read, all in one pass: the database is a file too.
        events = events_from_lines([row[2] for row in rows])
        for (deck_id, card_id, _), event in zip(rows, events, strict=True):
            found.setdefault((deck_id, card_id), []).append(event)
        return found

    def undo_targets(self, db: sqlite3.Connection) -> set[str]:
        """The answers every undo event held takes back."""
        return {
            row[0]
            for row in db.execute(
                "SELECT json_extract(line, '$.target') FROM sync_event WHERE kind = 'undo'"
            )
            if row[0] is not None
        }

    @staticmethod
    def write_cards(
        db: sqlite3.Connection,
        merged: Sequence[tuple[tuple[str, str], tuple[Any, ...], bool, int | None]],
    ) -> None:
        """Store cards' merged schedules, each (card, schedule fields,
        suspended, flag: None where no event set one)."""
        write_schedule_fields(db, merged)

    def known(self, ids: Iterable[str]) -> set[str]:
        """Which of these event ids are held already."""
        return {row[0] for row in _rows_in(self._db, "SELECT id FROM sync_event WHERE id IN", ids)}

    def event(self, event_id: str) -> SyncEvent | None:
        row = self._db.execute("SELECT line FROM sync_event WHERE id = ?", (event_id,)).fetchone()
        return event_from_json(row[0]) if row is not None else None

    def reexport_own(self, db: sqlite3.Connection, device: str) -> None:
        """Write all of this computer's events again at the next sync: a
        segment of its journal was lost or damaged in the folder."""
        db.execute("UPDATE sync_event SET exported = 0 WHERE substr(hlc, -16) = ?", (device,))

    def unexported(self) -> list[tuple[str, str]]:
        """This computer's events not yet in its journal: (id, line), in clock order."""
        return [
            (row[0], row[1])
            for row in self._db.execute(
                "SELECT id, line FROM sync_event WHERE exported = 0 ORDER BY hlc"
            )
        ]

    def has_unexported_setting(self) -> bool:
        """Whether a setting changed here waits to go to this computer's journal."""
        row = self._db.execute(
            "SELECT 1 FROM sync_event WHERE exported = 0 AND kind = 'setting' LIMIT 1"
        ).fetchone()
        return row is not None

    @staticmethod
    def replayed_cards(db: sqlite3.Connection) -> set[tuple[str, str]]:
        """The cards with an answer replayed here (`match_log_rows`): their
        schedule follows the settings it was replayed with."""
        return {
            (row[0], row[1])
            for row in db.execute(
                "SELECT e.deck_id, e.card_id FROM sync_replayed r "
                "JOIN sync_event e ON e.id = r.event_id WHERE e.deck_id IS NOT NULL"
            )
        }

    def mark_exported(self, db: sqlite3.Connection, ids: Sequence[str]) -> None:
        db.executemany("UPDATE sync_event SET exported = 1 WHERE id = ?", [(i,) for i in ids])

    def latest_setting(self, key: str) -> SyncEvent | None:
        """The setting event with the latest stamp for `key` (stamps sort as
        text; two copies of one data folder make equal stamps, and the id
        then decides, the same on every computer)."""
        row = self._db.execute(
            "SELECT line FROM sync_event WHERE kind = 'setting' "
            "AND json_extract(line, '$.key') = ? ORDER BY hlc DESC, id DESC LIMIT 1",
            (key,),
        ).fetchone()
        return event_from_json(row[0]) if row is not None else None

    # -- segments of other computers ---------------------------------------

    def merged_segments(self) -> dict[tuple[str, int], str]:
        """Every segment merged or written here: (device, seq) -> digest."""
        return {
            (row[0], row[1]): row[2]
            for row in self._db.execute("SELECT device, seq, digest FROM sync_segment")
        }

    def written_sizes(self, device: str) -> dict[int, int]:
        """The size of each segment this computer (`device`) wrote."""
        return {
            row[0]: row[1]
            for row in self._db.execute(
                "SELECT seq, size FROM sync_segment WHERE device = ? AND size IS NOT NULL",
                (device,),
            )
        }

    @staticmethod
    def mark_segment(
        db: sqlite3.Connection, device: str, seq: int, digest: str, size: int | None = None
    ) -> None:
        """Remember a segment merged (or, with its size, written) here."""
        db.execute(
            "INSERT OR REPLACE INTO sync_segment (device, seq, digest, size) VALUES (?, ?, ?, ?)",
            (device, seq, digest, size),
        )

    # -- what merged events change -----------------------------------------

    @staticmethod
    def add_answer_rows(
        db: sqlite3.Connection,
        events: Sequence[SyncEvent],
        aliases: Mapping[tuple[str, str], tuple[str, str]],
    ) -> None:
        """Log answers merged from another computer (once each), with each
        card's integer id as `record_answer` writes it (`rated:` searches by
        it), under its card's id here (`aliases`: a card renamed here)."""
        rows = []
        for event in events:
            body = event.body
            after = body["after"]
            key = (event.deck_id or "", event.card_id or "")  # an answer has both
            deck_id, card_id = aliases.get(key, key) if aliases else key
            rows.append(
                (
                    deck_id,
                    card_id,
                    body["rating"],
                    body["answered"],
                    body["duration"],
                    body["mode"],
                    body["before"][0],
                    after[0],
                    after[1] if after[1] is not None else body["answered"],
                    after[2],
                    after[3],
                    event.id,
                    deck_id,
                    card_id,
                )
            )
        insert = (
            "INSERT OR IGNORE INTO review_log (deck_id, card_id, rating, reviewed_at, "
            "duration_ms, mode, state_before, state_after, due_after, stability_after, "
            "difficulty_after, event_id, card_ref) SELECT ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
            "(SELECT id FROM card WHERE deck_id = ? AND card_id = ?)"
        )
        # An answer logged before its computer synced becomes a history event
        # there, with an id of its own (`backfill_sync_events`): the same
        # answer may be logged here already under another id, when a progress
        # file or one Anki package was imported on both computers. Its card,
        # moment and mode tell it, and it is logged once. Checked only where
        # it can happen: for a history answer, or here once any is logged.
        history = any(event.body.get("history") for event in events)
        if history:
            _write_setting(db, HISTORY_KEY, True)
        elif _setting(db, HISTORY_KEY) is None:
            db.executemany(insert, rows)
            return
        db.executemany(
            f"{insert} WHERE NOT EXISTS (SELECT 1 FROM review_log WHERE reviewed_at = ? "
            "AND mode = ? AND deck_id = ? AND card_id = ?)",
            [(*row, row[3], row[5], row[0], row[1]) for row in rows],
        )

    @staticmethod
    def remove_answer_rows(db: sqlite3.Connection, event_ids: Iterable[str]) -> None:
        """Take answers out of the log: undone or replaced on another computer."""
        db.executemany("DELETE FROM review_log WHERE event_id = ?", [(i,) for i in event_ids])

    @staticmethod
    def installed_states(
        db: sqlite3.Connection, keys: Iterable[tuple[str, str]]
    ) -> dict[tuple[str, str], CardState]:
        """The stored states of those of these cards installed here."""
        columns = ", ".join(f"c.{name.strip()}" for name in CARD_COLUMNS.split(","))
        with _cards_table(db, keys):
            return {
                (row[0], row[1]): state_from_row(row)
                for row in db.execute(
                    f"SELECT {columns} FROM merged_card m JOIN card c "
                    "ON c.deck_id = m.deck_id AND c.card_id = m.card_id"
                )
            }

    @staticmethod
    def cards_of(db: sqlite3.Connection, event_ids: Sequence[str]) -> set[tuple[str, str]]:
        """The cards these events are about."""
        query = "SELECT deck_id, card_id FROM sync_event WHERE deck_id IS NOT NULL AND id IN"
        return {(row[0], row[1]) for row in _rows_in(db, query, event_ids)}

    @staticmethod
    def put_setting(db: sqlite3.Connection, key: str, value: Any) -> None:
        """Store a setting merged from another computer (no new event)."""
        _write_setting(db, key, value)

    @staticmethod
    def match_log_rows(
        db: sqlite3.Connection,
        replayed: dict[str, tuple[int, tuple[Any, ...]]],
        recorded: dict[str, SyncEvent],
    ) -> None:
        """Make the log rows of answers say what the merge made of them:
        a replayed answer's row its replayed schedule; a row replayed by an
        earlier merge, now taken as recorded again, its recorded one."""
        update = (
            "UPDATE review_log SET state_before = ?, state_after = ?, due_after = "
            "coalesce(?, due_after), stability_after = ?, difficulty_after = ? "
            "WHERE event_id = ?"
        )
        db.executemany(
            update,
            [
                (given, after[0], after[1], after[2], after[3], event_id)
                for event_id, (given, after) in replayed.items()
            ],
        )
        db.executemany("INSERT OR IGNORE INTO sync_replayed VALUES (?)", [(i,) for i in replayed])
        if not recorded or db.execute("SELECT 1 FROM sync_replayed LIMIT 1").fetchone() is None:
            return
        query = "SELECT event_id FROM sync_replayed WHERE event_id IN"
        back = [row[0] for row in _rows_in(db, query, recorded)]
        rows = []
        for event_id in back:
            body = recorded[event_id].body
            after = body["after"]
            rows.append((body["before"][0], after[0], after[1], after[2], after[3], event_id))
        db.executemany(update, rows)
        db.executemany("DELETE FROM sync_replayed WHERE event_id = ?", [(i,) for i in back])

    def has_others_events(self, db: sqlite3.Connection, key: tuple[str, str]) -> bool:
        """Whether another computer's events about this card were merged."""
        row = db.execute(
            "SELECT 1 FROM sync_event WHERE deck_id = ? AND card_id = ? "
            "AND substr(hlc, -16) != ? LIMIT 1",
            (key[0], key[1], self.device(db)),
        ).fetchone()
        return row is not None

    @staticmethod
    def hold_pending(db: sqlite3.Connection, keys: Iterable[tuple[str, str]]) -> None:
        """Remember cards with merged events whose deck is not installed here."""
        db.executemany("INSERT OR IGNORE INTO sync_pending VALUES (?, ?)", list(keys))

    @staticmethod
    def installed_pending(db: sqlite3.Connection) -> list[tuple[str, str]]:
        """The waiting cards whose deck is installed now."""
        return [
            (row[0], row[1])
            for row in db.execute(
                "SELECT p.deck_id, p.card_id FROM sync_pending p JOIN card c "
                "ON c.deck_id = p.deck_id AND c.card_id = p.card_id"
            )
        ]

    @staticmethod
    def release_pending(db: sqlite3.Connection, keys: Iterable[tuple[str, str]]) -> None:
        db.executemany("DELETE FROM sync_pending WHERE deck_id = ? AND card_id = ?", list(keys))

    # -- cards renamed in their deck file --------------------------------

    @staticmethod
    def alias_card(db: sqlite3.Connection, deck_id: str, old: str, new: str) -> None:
        """The card `old` is `new` now (`renamed_from:`): its events held
        move to the new id, and those merged later are kept under it."""
        db.execute(
            "INSERT INTO sync_card_alias (deck_id, old_card_id, new_card_id) VALUES (?, ?, ?) "
            "ON CONFLICT (deck_id, old_card_id) DO UPDATE SET new_card_id = excluded.new_card_id",
            (deck_id, old, new),
        )
        # A rename of a renamed card: the ids before it go to the last one
        # (and a card renamed back to an earlier id is its own again).
        db.execute(
            "UPDATE sync_card_alias SET new_card_id = ? WHERE deck_id = ? AND new_card_id = ?",
            (new, deck_id, old),
        )
        db.execute("DELETE FROM sync_card_alias WHERE old_card_id = new_card_id")
        db.execute(
            "UPDATE sync_event SET card_id = ? WHERE deck_id = ? AND card_id = ?",
            (new, deck_id, old),
        )
        db.execute(
            "UPDATE OR IGNORE sync_pending SET card_id = ? WHERE deck_id = ? AND card_id = ?",
            (new, deck_id, old),
        )
        db.execute("DELETE FROM sync_pending WHERE deck_id = ? AND card_id = ?", (deck_id, old))

    @staticmethod
    def card_aliases(db: sqlite3.Connection) -> dict[tuple[str, str], tuple[str, str]]:
        """Each renamed card's old key -> its key now."""
        return {
            (row[0], row[1]): (row[0], row[2])
            for row in db.execute("SELECT deck_id, old_card_id, new_card_id FROM sync_card_alias")
        }

    @staticmethod
    def forget_segments(db: sqlite3.Connection, device: str) -> None:
        db.execute("DELETE FROM sync_segment WHERE device = ?", (device,))

    # -- another copy of this data folder (sync/device_identity.py) --------

    def segments_of(self, device: str) -> dict[int, tuple[str, int | None]]:
        """Each segment of `device`'s journal recorded here: seq -> (digest,
        size); the size is None for one merged, not written, here."""
        return {
            row[0]: (row[1], row[2])
            for row in self._db.execute(
                "SELECT seq, digest, size FROM sync_segment WHERE device = ?", (device,)
            )
        }

    def made_here(self, ids: Iterable[str], device: str) -> set[str]:
        """Which of these events this data folder made: held, and either not
        yet in its journal or stamped with its device id `device`."""
        query = "SELECT id, exported, substr(hlc, -16) FROM sync_event WHERE id IN"
        return {row[0] for row in _rows_in(self._db, query, ids) if row[1] == 0 or row[2] == device}

    @staticmethod
    def set_device(db: sqlite3.Connection, device: str) -> None:
        """Give this data folder another device id: its events from now on
        are stamped with it and go to that id's journal."""
        _write_setting(db, DEVICE_KEY, device)


def _setting(db: sqlite3.Connection, key: str) -> Any:
    row = db.execute("SELECT value FROM setting WHERE key = ?", (key,)).fetchone()
    return json.loads(row[0]) if row is not None else None


def _write_setting(db: sqlite3.Connection, key: str, value: Any) -> None:
    db.execute(
        "INSERT INTO setting (key, value) VALUES (?, ?) "
        "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        (key, json.dumps(value, sort_keys=True)),
    )


# SQLite's page cache while a merge writes: a merge of 100,000 answers adds
# as many rows to tables whose indexes take random ids, and the default
# 2 MB of cache would read their pages again and again.
_MERGE_CACHE_KIB = 64 * 1024


@contextmanager
def roomy_cache(db: sqlite3.Connection) -> Iterator[None]:
    """A large page cache for the connection, for one merge."""
    (before,) = db.execute("PRAGMA cache_size").fetchone()
    db.execute(f"PRAGMA cache_size = {-_MERGE_CACHE_KIB}")
    try:
        yield
    finally:
        db.execute(f"PRAGMA cache_size = {int(before)}")


@contextmanager
def _cards_table(db: sqlite3.Connection, keys: Iterable[tuple[str, str]]) -> Iterator[None]:
    """The cards `keys` in a temporary table `merged_card`, for one join."""
    db.execute("CREATE TEMP TABLE IF NOT EXISTS merged_card (deck_id TEXT, card_id TEXT)")
    db.executemany("INSERT INTO merged_card VALUES (?, ?)", list(keys))
    try:
        yield
    finally:
        db.execute("DELETE FROM merged_card")


def _rows_in(db: sqlite3.Connection, query: str, values: Iterable[str]) -> list[Any]:
    """The rows of `query` ending "... IN", for values in batches that
    SQLite's limit on parameters allows."""
    batch = list(values)
    rows: list[Any] = []
    for start in range(0, len(batch), 500):
        chunk = batch[start : start + 500]
        rows += db.execute(f"{query} ({','.join('?' * len(chunk))})", chunk).fetchall()
    return rows
