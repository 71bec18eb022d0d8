"""The learner's progress in one SQLite file: installed decks, card states, review log, settings.

Every typed write of the file is here (the read-only queries, the
connection and the transfer are modules beside it), each a few lines of
SQL: its length is the store's one concern, saving progress, spelt out.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from datetime import datetime, tzinfo
from pathlib import Path
from typing import TYPE_CHECKING, Any

from endoquiz.common.clock import to_ms
from endoquiz.scheduling import AnswerMode, CardState, Rating, State
from endoquiz.store.card_progress_queries import HAS_PROGRESS, CardProgressQueries
from endoquiz.store.connection import StoreConnection
from endoquiz.store.deck_count_queries import DeckCountQueries
from endoquiz.store.errors import (
    CardChangedError,
    StoreError,
    is_decode_error,
    utf8_or_none,
)
from endoquiz.store.expressions import STUDIED, in_clause
from endoquiz.store.rows import (
    CARD_COLUMNS,
    LOG_COLUMNS,
    CardToStore,
    InstalledDeckRow,
    ProgressMove,
    ReviewEntry,
    entry_from_row,
    schedule_fields,
    state_from_row,
    write_schedules,
)
from endoquiz.store.search_queries import SearchQueries
from endoquiz.store.session_queries import SessionQueries
from endoquiz.store.statistics_queries import StatisticsQueries
from endoquiz.store.sync_settings import HISTORY_KEY
from endoquiz.store.transfer import ProgressTransfer

if TYPE_CHECKING:
    # Loaded on the first change that makes a sync event, not at start-up.
    from endoquiz.store.sync_events import SyncEvent
    from endoquiz.store.sync_log import SyncLog

__all__ = [
    "CardChangedError",
    "InstalledDeckRow",
    "ProgressStore",
    "ReviewEntry",
    "StoreError",
]

DB_FILENAME = "progress.sqlite3"
# Set once the progress made before syncing has its events.
_BACKFILLED_KEY = "sync.backfilled"


class ProgressStore(StoreConnection):
    """Typed access to the progress database: installed decks, card states,
    the review log and settings; the only code that writes SQL."""

    def __init__(self, path: Path) -> None:
        super().__init__(path)
        # Read-only queries, by what they serve, on the same connection.
        self.search = SearchQueries(self._db)
        self.statistics = StatisticsQueries(self._db)
        self.deck_counts = DeckCountQueries(self._db)
        self.session = SessionQueries(self._db)
        self.card_progress = CardProgressQueries(self._db)
        self.transfer = ProgressTransfer(self)
        # Every change is also a sync event, written in its transaction.
        self._sync: SyncLog | None = None
        # The zone study days roll over in (None: the system's): an answer's
        # event records its offset, so that every computer replays it alike.
        self.zone: tzinfo | None = None

    @property
    def sync(self) -> SyncLog:
        """The sync events in this database (docs/sync.md)."""
        if self._sync is None:
            from endoquiz.store.sync_log import SyncLog

            self._sync = SyncLog(self._db)
        return self._sync

    # -- decks -------------------------------------------------------------

    def installed_decks(self, *, with_counts: bool = False) -> list[InstalledDeckRow]:
        """Every installed deck; `card_count` is filled only `with_counts`
        (counting costs a scan of the cards, which most callers do not need)."""
        count = (
            "(SELECT count(*) FROM card c WHERE c.deck_id = d.id AND c.active = 1)"
            if with_counts
            else "0"
        )
        rows = self._db.execute(
            "SELECT d.id, d.path, d.content_hash, d.title, d.sort_order, d.description, "
            f"d.disclaimer, d.file_mtime_ns, d.file_size, {count} "
            "FROM deck d ORDER BY d.id"
        )
        return [
            InstalledDeckRow(
                r[0],
                self._absolute(r[1]),
                r[2],
                r[3],
                r[4],
                r[5],
                r[6],
                (r[7], r[8]) if r[7] is not None and r[8] is not None else None,
                r[9],
            )
            for r in rows
        ]

    # Deck files inside the data folder are stored relative to it, so a data
    # folder that moves (a portable copy on a USB stick) keeps its decks.

    def _stored(self, path: Path) -> str:
        folder = self.path.parent.resolve()
        resolved = path.resolve()
        return (
            resolved.relative_to(folder).as_posix()
            if resolved.is_relative_to(folder)
            else str(path)
        )

    def _absolute(self, stored: str) -> Path:
        path = Path(stored)
        return path if path.is_absolute() else self.path.parent.resolve() / path

    def set_deck_stamp(self, deck_id: str, stamp: tuple[int, int]) -> None:
        """Remember that the deck file, touched but unchanged, was read again."""
        with self.transaction() as db:
            db.execute(
                "UPDATE deck SET file_mtime_ns = ?, file_size = ? WHERE id = ?",
                (*stamp, deck_id),
            )

    def sync_deck(
        self,
        record: InstalledDeckRow,
        cards: Iterable[CardToStore],
        now: datetime,
        moves: Sequence[ProgressMove] = (),
    ) -> None:
        """Record a deck's file, what the deck list shows of it, and its cards
        in deck order.

        New cards start as new, cards still present keep their state (with an
        updated position), and cards no longer in the file are deactivated.
        `moves` first carry renamed cards' progress to their new ids, in the
        same transaction (see `_move_progress`).
        """
        ms = to_ms(now)
        deck_id = record.id
        # Card rows in deck order: a new card's id (the card table's integer
        # key) then follows its position, and a search in deck order reads
        # the table in order. Content rows in key order (their table is keyed
        # by deck and card id): each lands beside the one before, 12% less
        # time for 100,000 cards. The sort is stable, so a repeated id ends
        # as the file's last in both.
        positioned = list(enumerate(cards))
        ordered = sorted(positioned, key=lambda item: item[1].card_id)
        mtime, size = record.stamp or (None, None)
        with self.transaction() as db:
            db.execute(
                "INSERT INTO deck (id, path, content_hash, title, installed_at, updated_at, "
                "sort_order, description, disclaimer, file_mtime_ns, file_size) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET "
                "path = excluded.path, content_hash = excluded.content_hash, "
                "title = excluded.title, updated_at = excluded.updated_at, "
                "sort_order = excluded.sort_order, description = excluded.description, "
                "disclaimer = excluded.disclaimer, file_mtime_ns = excluded.file_mtime_ns, "
                "file_size = excluded.file_size",
                (
                    deck_id,
                    self._stored(record.path),
                    record.content_hash,
                    record.title,
                    ms,
                    ms,
                    record.order,
                    record.description,
                    record.disclaimer,
                    mtime,
                    size,
                ),
            )
            for move in moves:
                self._move_progress(db, deck_id, move)
            db.execute("UPDATE card SET active = 0 WHERE deck_id = ?", (deck_id,))
            db.executemany(
                "INSERT INTO card (deck_id, card_id, note_id, position, kind, tags) "
                "VALUES (?, ?, ?, ?, ?, ?) "
                "ON CONFLICT (deck_id, card_id) DO UPDATE SET note_id = excluded.note_id, "
                "position = excluded.position, kind = excluded.kind, tags = excluded.tags, "
                "active = 1",
                [
                    (deck_id, card.card_id, card.note_id, pos, card.kind, card.tags)
                    for pos, card in positioned
                ],
            )
            db.executemany(
                "INSERT INTO card_content (deck_id, card_id, content, kind, tags) "
                "VALUES (?, ?, ?, ?, ?) ON CONFLICT (deck_id, card_id) DO UPDATE SET "
                "content = excluded.content, kind = excluded.kind, tags = excluded.tags",
                [
                    (deck_id, card.card_id, card.content, card.kind, card.tags)
                    for _, card in ordered
                ],
            )
            # An id a card was renamed from, given to a card again (its
            # `renamed_from` gone from the file): its events are that card's.
            db.execute(
                "DELETE FROM sync_card_alias WHERE deck_id = ? AND old_card_id IN "
                "(SELECT card_id FROM card WHERE deck_id = ? AND active = 1)",
                (deck_id, deck_id),
            )
            # The searched text by the card's integer id (schema 13), in
            # deck order as the card rows were written.
            db.executemany(
                "INSERT INTO card_text (id, search_text) "
                "VALUES ((SELECT id FROM card WHERE deck_id = ? AND card_id = ?), ?) "
                "ON CONFLICT (id) DO UPDATE SET search_text = excluded.search_text",
                [(deck_id, card.card_id, card.search_text) for _, card in positioned],
            )

    @staticmethod
    def _move_progress(db: sqlite3.Connection, deck_id: str, move: ProgressMove) -> None:
        """Give a renamed card its old id's row (its state, flag, suspension
        and integer id, which answers and search text refer to) and answers.
        Only an old card with progress moves, and only onto a new id with
        none: two histories are never merged, and a move already made finds
        no old row, so keeping `renamed_from` in the file does nothing more.
        Unless the new id has progress of its own, the old id's sync events
        count for the new one from now on (`SyncLog.alias_card`), whether or
        not this computer has progress to move: every computer with the deck
        then works the card out from the same events."""
        old = db.execute(
            f"SELECT id FROM card WHERE deck_id = ? AND card_id = ? AND {HAS_PROGRESS}",
            (deck_id, move.old_card_id),
        ).fetchone()
        new = db.execute(
            f"SELECT id, {HAS_PROGRESS} FROM card WHERE deck_id = ? AND card_id = ?",
            (deck_id, move.new_card_id),
        ).fetchone()
        if new is not None and new[1]:
            return  # two histories: never merged
        from endoquiz.store.sync_log import SyncLog  # as `sync`: not at start-up

        SyncLog.alias_card(db, deck_id, move.old_card_id, move.new_card_id)
        if old is None:
            return
        if new is not None:
            # Installed already, never studied: the old row takes its place.
            db.execute("DELETE FROM card_text WHERE id = ?", (new[0],))
            db.execute("DELETE FROM card WHERE id = ?", (new[0],))
        db.execute("UPDATE card SET card_id = ? WHERE id = ?", (move.new_card_id, old[0]))
        db.execute(
            "UPDATE review_log SET card_id = ? WHERE deck_id = ? AND card_id = ?",
            (move.new_card_id, deck_id, move.old_card_id),
        )
        # The content is written again from the file below.
        db.execute(
            "DELETE FROM card_content WHERE deck_id = ? AND card_id IN (?, ?)",
            (deck_id, move.old_card_id, move.new_card_id),
        )

    # -- card states -------------------------------------------------------

    @contextmanager
    def reading_raw_text(self) -> Iterator[sqlite3.Connection]:
        """The connection, with text read as bytes (for `endoquiz check`,
        which must meet text that is no longer UTF-8 without raising)."""
        self._db.text_factory = bytes
        try:
            yield self._db
        finally:
            self._db.text_factory = str

    def forget_card_contents(self, keys: Sequence[tuple[bytes, bytes]]) -> None:
        """Drop stored card text (a copy of the deck file's) of these cards,
        keys as stored in bytes (damaged ids too): it is read from the deck
        file again (see `decks_missing_content`)."""
        with self.transaction() as db:
            # As TEXT, the bytes compare equal to the stored key, by its index.
            db.executemany(
                "DELETE FROM card_content "
                "WHERE deck_id = CAST(? AS TEXT) AND card_id = CAST(? AS TEXT)",
                keys,
            )

    def decks_missing_content(self) -> list[str]:
        """Decks with active cards whose text is not stored."""
        return [
            row[0]
            for row in self._db.execute(
                "SELECT DISTINCT c.deck_id FROM card c LEFT JOIN card_content t "
                "ON t.deck_id = c.deck_id AND t.card_id = c.card_id "
                "WHERE c.active = 1 AND t.card_id IS NULL"
            )
        ]

    def set_schedules(
        self,
        rows: Sequence[tuple[str, str, int, int | None, float | None, float | None, int, int]],
    ) -> None:
        """Set cards' schedules, in one transaction: (deck id, card id, state,
        step, stability, difficulty, due ms, last review ms) each. For
        `endoquiz check`, which derives them from the review log."""
        with self.transaction() as db:
            db.executemany(
                "UPDATE card SET state = ?, step = ?, stability = ?, difficulty = ?, due = ?, "
                "last_review = ? WHERE deck_id = ? AND card_id = ?",
                [(*row[2:], row[0], row[1]) for row in rows],
            )

    def card_contents(self, deck_id: str) -> list[tuple[str, str, int, str | None]]:
        """(card id, note id, position, content JSON or None) of a deck's
        active cards, in deck order. Content is a copy of the deck file's, so
        a row damaged on disk (not UTF-8 any more) reads as None: the caller
        reads the file again, as for content not stored yet."""
        return self._content_rows("c.deck_id = ? AND c.active = 1 ORDER BY c.position", (deck_id,))

    def card_content(self, deck_id: str, card_id: str) -> tuple[str, int, str | None]:
        """(note id, position, content JSON or None, as `card_contents`) of one card.

        Raises:
            KeyError: for a card that is not installed.
        """
        rows = self._content_rows("c.deck_id = ? AND c.card_id = ?", (deck_id, card_id))
        if not rows:
            raise KeyError(f"no card '{card_id}' in deck '{deck_id}'")
        return rows[0][1:]

    def _content_rows(
        self, where: str, params: Sequence[object]
    ) -> list[tuple[str, str, int, str | None]]:
        query = (
            "SELECT c.card_id, c.note_id, c.position, t.content FROM card c "
            "LEFT JOIN card_content t ON t.deck_id = c.deck_id AND t.card_id = c.card_id "
            f"WHERE {where}"
        )
        try:
            rows = self._db.execute(query, params).fetchall()
        except sqlite3.OperationalError as error:
            if not is_decode_error(error):
                raise
            # The slow way, only when damage was met: bytes, decoded one by one.
            raw = self._db.execute(
                query.replace("t.content FROM", "CAST(t.content AS BLOB) FROM"), params
            ).fetchall()
            rows = [(r[0], r[1], r[2], utf8_or_none(r[3])) for r in raw]
        return [(row[0], row[1], row[2], row[3]) for row in rows]

    def card_state(self, deck_id: str, card_id: str) -> CardState | None:
        row = self._db.execute(
            f"SELECT {CARD_COLUMNS} FROM card WHERE deck_id = ? AND card_id = ?",
            (deck_id, card_id),
        ).fetchone()
        return state_from_row(row) if row else None

    def record_answer(
        self,
        new_state: CardState,
        *,
        rating: Rating,
        reviewed_at: datetime,
        duration_ms: int | None,
        mode: str,
        state_before: State,
        previous: CardState | None = None,
        replacing: int | None = None,
    ) -> int:
        """Store a card's new state and its log entry in one transaction; the entry's id.

        With `replacing`, the id of an entry of the same card, the new entry
        takes its place and its id (the log keeps its order): a quiz answer
        the learner said was right after all.

        A card whose stored state another computer's answers, merged since
        it was shown, changed (a sync running in a worker thread) takes the
        answer all the same, given to the state shown, as an answer given
        on a computer offline: the card is held for the next sync, which
        works it out again from all its events, as every computer does.

        Raises:
            CardChangedError: when `previous`, the state the answer was
                computed from, is no longer the stored one and no merge
                explains it (compare and set: two processes answering one
                card would otherwise both start from it, and one answer's
                update would be lost).
        """
        due_ms = to_ms(new_state.due) if new_state.due else to_ms(reviewed_at)
        with self.transaction() as db:
            merged_since = False
            if previous is not None:
                stored = db.execute(
                    "SELECT state, reps, last_review FROM card WHERE deck_id = ? AND card_id = ?",
                    (previous.deck_id, previous.card_id),
                ).fetchone()
                expected = (
                    int(previous.state),
                    previous.reps,
                    to_ms(previous.last_review) if previous.last_review else None,
                )
                if stored is not None and tuple(stored) != expected:
                    key = (previous.deck_id, previous.card_id)
                    merged_since = self.sync.has_others_events(db, key)
                    if not merged_since:
                        raise CardChangedError(
                            "this card was answered in another window or process since it "
                            "was shown; nothing was saved, answer it again"
                        )
            replaced_event = None
            if replacing is not None:
                row = db.execute(
                    "SELECT event_id FROM review_log WHERE id = ? AND deck_id = ? AND card_id = ?",
                    (replacing, new_state.deck_id, new_state.card_id),
                ).fetchone()
                replaced_event = row[0] if row else None
                db.execute(
                    "DELETE FROM review_log WHERE id = ? AND deck_id = ? AND card_id = ?",
                    (replacing, new_state.deck_id, new_state.card_id),
                )
            before = (
                previous
                if previous is not None
                else self.card_state(new_state.deck_id, new_state.card_id)
            )
            event = self._answer_event(
                db,
                new_state,
                before,
                rating=rating,
                reviewed_at=reviewed_at,
                duration_ms=duration_ms,
                mode=mode,
                replaces=replaced_event,
            )
            # card_ref: the card's integer id, which `rated:` searches by.
            cursor = db.execute(
                f"INSERT INTO review_log ({LOG_COLUMNS}, event_id, card_ref) VALUES "
                "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
                "(SELECT id FROM card WHERE deck_id = ? AND card_id = ?))",
                (
                    replacing,
                    new_state.deck_id,
                    new_state.card_id,
                    int(rating),
                    to_ms(reviewed_at),
                    duration_ms,
                    mode,
                    int(state_before),
                    int(new_state.state),
                    due_ms,
                    new_state.stability,
                    new_state.difficulty,
                    event.id,
                    new_state.deck_id,
                    new_state.card_id,
                ),
            )
            self._write_state(db, new_state, True if event.answer.suspends else None)
            if merged_since:
                self.sync.hold_pending(db, [(new_state.deck_id, new_state.card_id)])
        assert cursor.lastrowid is not None
        return cursor.lastrowid

    def _answer_event(
        self,
        db: sqlite3.Connection,
        after: CardState,
        before: CardState | None,
        *,
        rating: Rating,
        reviewed_at: datetime,
        duration_ms: int | None,
        mode: str,
        replaces: str | None,
    ) -> SyncEvent:
        """The sync event of an answer, recorded in `db`'s transaction."""
        from endoquiz.store.sync_events import AnswerBody, EventKind, answer_body, fingerprint

        offset = reviewed_at.astimezone(self.zone).utcoffset()
        body = AnswerBody(
            rating=Rating(rating),
            answered_ms=to_ms(reviewed_at),
            duration_ms=duration_ms,
            mode=AnswerMode(mode),
            tz_minutes=int(offset.total_seconds() // 60) if offset is not None else 0,
            before=fingerprint(before) if before is not None else (0, 0, None),
            after=schedule_fields(after),
            suspends=after.suspended and not (before is not None and before.suspended),
            replaces=replaces,
        )
        # Stamped at the answer's own time: answers are merged in the order
        # they were given (a stamp never goes back, so cause stays first).
        return self.sync.add_own(
            db, EventKind.ANSWER, (after.deck_id, after.card_id), answer_body(body),
            at_ms=to_ms(reviewed_at),
        )  # fmt: skip

    def _card_event(
        self, db: sqlite3.Connection, kind: str, key: tuple[str, str], **body: Any
    ) -> None:
        """Record a sync event of a card (`kind` an `EventKind` value)."""
        from endoquiz.store.sync_events import EventKind

        self.sync.add_own(db, EventKind(kind), key, body)

    def backfill_sync_events(self) -> int:
        """Give events to the progress made without them (answers given
        before this version, or imported): each answer as a history event,
        and each card it touched, or with progress and no event at all (on
        the first sync), a STATE event of how it stands now; how many."""
        from endoquiz.store.sync_events import AnswerBody, EventKind, answer_body

        if (
            self.setting(_BACKFILLED_KEY) is not None
            and not self._db.execute(
                "SELECT 1 FROM review_log WHERE event_id IS NULL LIMIT 1"
            ).fetchone()
        ):
            return 0  # a sync with nothing new writes nothing
        with self.transaction() as db:
            first = (
                db.execute("SELECT 1 FROM setting WHERE key = ?", (_BACKFILLED_KEY,)).fetchone()
                is None
            )
            rows = db.execute(
                "SELECT id, deck_id, card_id, rating, reviewed_at, duration_ms, mode, "
                "state_before, state_after, due_after, stability_after, difficulty_after "
                "FROM review_log WHERE event_id IS NULL ORDER BY reviewed_at, id"
            ).fetchall()
            if not rows and not first:
                return 0
            cards: set[tuple[str, str]] = set()
            for row in rows:
                (log_id, deck_id, card_id, rating, at, duration, mode,
                 before, after, due, stability, difficulty) = row  # fmt: skip
                body = AnswerBody(
                    rating=Rating(rating),
                    answered_ms=at,
                    duration_ms=duration,
                    mode=AnswerMode(mode),
                    tz_minutes=0,
                    before=(before, 0, None),
                    after=(after, due, stability, difficulty, None, at, 0, 0),
                    suspends=False,
                    replaces=None,
                    history=True,
                )
                event = self.sync.add_own(
                    db, EventKind.ANSWER, (deck_id, card_id), answer_body(body), at_ms=at
                )
                db.execute("UPDATE review_log SET event_id = ? WHERE id = ?", (event.id, log_id))
                cards.add((deck_id, card_id))
            if rows:
                db.execute(
                    "INSERT OR REPLACE INTO setting (key, value) VALUES (?, 'true')", (HISTORY_KEY,)
                )
            if first:
                cards |= {
                    (row[0], row[1])
                    for row in db.execute(
                        "SELECT deck_id, card_id FROM card c WHERE (state != 0 OR reps > 0 "
                        "OR suspended = 1 OR flag != 0) AND NOT EXISTS (SELECT 1 FROM "
                        "sync_event e WHERE e.deck_id = c.deck_id AND e.card_id = c.card_id)"
                    )
                }
            made = len(rows)
            for key in sorted(cards):
                state = self.card_state(*key)
                if state is None:
                    continue
                if state.reps or state.state is not State.NEW:
                    self._card_event(db, "state", key, after=list(schedule_fields(state)))
                    made += 1
                if state.suspended:
                    self._card_event(db, "suspend", key, value=1)
                    made += 1
                flag = self.flag(*key)
                if flag:
                    self._card_event(db, "flag", key, value=flag)
                    made += 1
            db.execute(
                "INSERT OR REPLACE INTO setting (key, value) VALUES (?, 'true')", (_BACKFILLED_KEY,)
            )
            return made

    def undo_answer(self, log_id: int, previous: CardState) -> None:
        """Remove an answer's log entry and put the card back as it was before it."""
        from endoquiz.store.sync_events import EventKind

        with self.transaction() as db:
            row = db.execute("SELECT event_id FROM review_log WHERE id = ?", (log_id,)).fetchone()
            db.execute("DELETE FROM review_log WHERE id = ?", (log_id,))
            answer = self.sync.event(row[0]) if row is not None and row[0] else None
            # The suspension the answer made (a leech) goes with it; any other stays.
            leech = answer is not None and answer.answer.suspends
            self._write_state(db, previous, previous.suspended if leech else None)
            if row is not None and row[0] is not None:
                # Undo is an event too: other computers take the answer back.
                self.sync.add_own(db, EventKind.UNDO, None, {"target": row[0]})
                # Answers merged from another computer since this one was
                # given may follow it: the state before it is then not the
                # state without it. The next sync works the card out again.
                key = (previous.deck_id, previous.card_id)
                if self.sync.has_others_events(db, key):
                    self.sync.hold_pending(db, [key])

    @staticmethod
    def _write_state(
        db: sqlite3.Connection, state: CardState, suspended: bool | None = None
    ) -> None:
        """Store a card's schedule; its suspension only when `suspended` is
        given (an answer that makes a leech suspends it): a session's copy of
        the card may predate a suspension made since, here or merged."""
        write_schedules(db, [(state, suspended, None)])

    def set_suspended(self, keys: Sequence[tuple[str, str]], suspended: bool) -> None:
        with self.transaction() as db:
            db.executemany(
                "UPDATE card SET suspended = ? WHERE deck_id = ? AND card_id = ?",
                [(int(suspended), deck_id, card_id) for deck_id, card_id in keys],
            )
            for key in keys:
                self._card_event(db, "suspend", key, value=int(suspended))

    def set_flag(self, keys: Sequence[tuple[str, str]], flag: int) -> None:
        with self.transaction() as db:
            db.executemany(
                "UPDATE card SET flag = ? WHERE deck_id = ? AND card_id = ?",
                [(flag, deck_id, card_id) for deck_id, card_id in keys],
            )
            for key in keys:
                self._card_event(db, "flag", key, value=int(flag))

    def flag(self, deck_id: str, card_id: str) -> int:
        row = self._db.execute(
            "SELECT flag FROM card WHERE deck_id = ? AND card_id = ?", (deck_id, card_id)
        ).fetchone()
        return int(row[0]) if row else 0

    def reset_progress(self, keys: Sequence[tuple[str, str]], moment: datetime) -> None:
        """Make cards new again, at `moment`; their review log is kept."""
        with self.transaction() as db:
            # When, by this computer's clock: a merge places the reset among
            # the card's answers by it, as it places the answers (its stamp
            # may run hours ahead of the clock, after a computer whose clock
            # is fast, and would put it after answers given later); and, as
            # an answer, no earlier than the card's last answer, which it saw.
            last = {}
            for deck_id, card_id in keys:
                row = db.execute(
                    "SELECT last_review FROM card WHERE deck_id = ? AND card_id = ?",
                    (deck_id, card_id),
                ).fetchone()
                last[(deck_id, card_id)] = row[0] if row is not None else None
            db.executemany(
                "UPDATE card SET state = 0, due = NULL, stability = NULL, difficulty = NULL, "
                "step = NULL, last_review = NULL, reps = 0, lapses = 0 "
                "WHERE deck_id = ? AND card_id = ?",
                list(keys),
            )
            for key in keys:
                at = max(to_ms(moment), last[(key[0], key[1])] or 0)
                self._card_event(db, "reset", (key[0], key[1]), at=at)

    # -- review log --------------------------------------------------------

    def review_log(
        self, deck_id: str | None = None, card_id: str | None = None
    ) -> list[ReviewEntry]:
        query = f"SELECT {LOG_COLUMNS} FROM review_log"
        conditions, params = [], []
        if deck_id is not None:
            conditions.append("deck_id = ?")
            params.append(deck_id)
        if card_id is not None:
            conditions.append("card_id = ?")
            params.append(card_id)
        if conditions:
            query += " WHERE " + " AND ".join(conditions)
        query += " ORDER BY id"
        return [entry_from_row(row) for row in self._db.execute(query, params)]

    def study_answer_count(self) -> int:
        """How many answers were given in review mode (quizzes not counted)."""
        query = f"SELECT count(*) FROM review_log WHERE mode = '{STUDIED}'"
        row = self._db.execute(query).fetchone()
        return int(row[0])

    def due_count(self, deck_ids: Sequence[str], before: datetime) -> int:
        """Active, unsuspended cards of these decks that are studied and due before a moment."""
        if not deck_ids:
            return 0
        row = self._db.execute(
            f"SELECT count(*) FROM card WHERE deck_id IN {in_clause(deck_ids)} "
            "AND active = 1 AND suspended = 0 AND state != 0 AND due < ?",
            (*deck_ids, to_ms(before)),
        ).fetchone()
        return int(row[0])

    # -- settings ----------------------------------------------------------

    def setting(self, key: str) -> Any | None:
        row = self._db.execute("SELECT value FROM setting WHERE key = ?", (key,)).fetchone()
        return json.loads(row[0]) if row else None

    def set_setting(self, key: str, value: Any) -> None:
        """Store a setting; a setting of the learner's (not this computer's
        own, `sync.`) is a sync event too."""
        from endoquiz.store.sync_events import EventKind
        from endoquiz.store.sync_settings import LOCAL_SETTING_PREFIX

        with self.transaction() as db:
            db.execute(
                "INSERT INTO setting (key, value) VALUES (?, ?) "
                "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                (key, json.dumps(value, sort_keys=True)),
            )
            if not key.startswith(LOCAL_SETTING_PREFIX):
                self.sync.add_own(db, EventKind.SETTING, None, {"key": key, "value": value})
