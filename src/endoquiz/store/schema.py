"""The progress database's tables and indexes, and the migrations that build them, in order.

The schema version is `PRAGMA user_version`; migrations only ever move it
forward, each in the transaction that applies it.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable, Sequence

from endoquiz.store.search_index import index_fields


def _run_script(db: sqlite3.Connection, script: str) -> None:
    """Run `;`-separated statements inside the caller's transaction
    (`executescript` would commit it first, making a migration non-atomic)."""
    statement = ""
    for line in script.splitlines(keepends=True):
        statement += line
        # complete_statement knows about comments and quoted semicolons.
        if sqlite3.complete_statement(statement):
            db.execute(statement)
            statement = ""
    if statement.strip():
        raise ValueError(f"incomplete SQL statement in migration: {statement!r}")


def _migrate_to_1(db: sqlite3.Connection) -> None:
    _run_script(
        db,
        """
        CREATE TABLE deck (
            id TEXT PRIMARY KEY,
            path TEXT NOT NULL,
            content_hash TEXT NOT NULL,
            title TEXT NOT NULL,
            installed_at INTEGER NOT NULL,
            updated_at INTEGER NOT NULL
        );
        -- One row per card ever installed; removed cards stay (active = 0).
        CREATE TABLE card (
            deck_id TEXT NOT NULL,
            card_id TEXT NOT NULL,
            note_id TEXT NOT NULL,
            position INTEGER NOT NULL,
            active INTEGER NOT NULL DEFAULT 1,
            state INTEGER NOT NULL DEFAULT 0,
            step INTEGER,
            stability REAL,
            difficulty REAL,
            due INTEGER,
            last_review INTEGER,
            reps INTEGER NOT NULL DEFAULT 0,
            lapses INTEGER NOT NULL DEFAULT 0,
            suspended INTEGER NOT NULL DEFAULT 0,
            PRIMARY KEY (deck_id, card_id)
        ) WITHOUT ROWID;
        CREATE INDEX card_by_due ON card (deck_id, state, due);
        -- Append-only, except that undo removes the entry it reverts.
        CREATE TABLE review_log (
            id INTEGER PRIMARY KEY,
            deck_id TEXT NOT NULL,
            card_id TEXT NOT NULL,
            rating INTEGER NOT NULL CHECK (rating BETWEEN 1 AND 4),
            reviewed_at INTEGER NOT NULL,
            duration_ms INTEGER,
            mode TEXT NOT NULL,
            state_before INTEGER NOT NULL,
            state_after INTEGER NOT NULL,
            due_after INTEGER NOT NULL,
            stability_after REAL,
            difficulty_after REAL
        );
        CREATE INDEX review_log_by_card ON review_log (deck_id, card_id);
        CREATE INDEX review_log_by_time ON review_log (reviewed_at);
        CREATE TABLE setting (
            key TEXT PRIMARY KEY,
            value TEXT NOT NULL
        );
        """,
    )


def _migrate_to_2(db: sqlite3.Connection) -> None:
    # The deck's place among its siblings (format v1's optional `order:`).
    db.execute("ALTER TABLE deck ADD COLUMN sort_order INTEGER")


def _migrate_to_3(db: sqlite3.Connection) -> None:
    # What the deck list shows, and the file's stamp: an unchanged file is not
    # parsed again when the app starts.
    for column in (
        "description TEXT",
        "disclaimer TEXT",
        "file_mtime_ns INTEGER",
        "file_size INTEGER",
    ):
        db.execute(f"ALTER TABLE deck ADD COLUMN {column}")


def _migrate_to_4(db: sqlite3.Connection) -> None:
    _run_script(
        db,
        """
        -- Each card's content as JSON, so studying an unchanged deck reads no
        -- file. A table of its own keeps the card table lean for the scans that
        -- count due cards. Filled when a deck file is next read.
        CREATE TABLE card_content (
            deck_id TEXT NOT NULL,
            card_id TEXT NOT NULL,
            content TEXT NOT NULL,
            PRIMARY KEY (deck_id, card_id)
        ) WITHOUT ROWID;
        -- Covers the deck list's counts: no table rows are read for them.
        CREATE INDEX card_by_deck_state ON card (deck_id, active, suspended, state, due);
        """,
    )


def _migrate_to_5(db: sqlite3.Connection) -> None:
    # What card searches filter on, in SQL: kind, tags and the text with case
    # and accents folded. Filled from the stored content right away.
    for column in ("kind TEXT", "tags TEXT", "search_text TEXT"):
        db.execute(f"ALTER TABLE card_content ADD COLUMN {column}")
    rows = db.execute("SELECT deck_id, card_id, content FROM card_content").fetchall()
    db.executemany(
        "UPDATE card_content SET kind = ?, tags = ?, search_text = ? "
        "WHERE deck_id = ? AND card_id = ?",
        [
            (*index_fields(json.loads(content)), deck_id, card_id)
            for deck_id, card_id, content in rows
        ],
    )


def _migrate_to_6(db: sqlite3.Connection) -> None:
    # The time index also holds mode, deck and card: "which cards were answered
    # in the last N days" (search's rated:N, today's cards) reads only the index.
    db.execute("DROP INDEX review_log_by_time")
    db.execute(
        "CREATE INDEX review_log_by_time ON review_log (reviewed_at, mode, deck_id, card_id)"
    )


def _migrate_to_7(db: sqlite3.Connection) -> None:
    # A learner's flag on a card (0 none, 1-4 colours), set in the card browser.
    db.execute("ALTER TABLE card ADD COLUMN flag INTEGER NOT NULL DEFAULT 0")


def _migrate_to_8(db: sqlite3.Connection) -> None:
    # Searches on text, tags or kind scan these narrow indexes rather than the
    # content rows (on 50,000 cards: tag: 110 -> 60 ms, kind: 40 -> 15 ms),
    # and sorting by front reads the cards in order off the text index
    # (60 ms, against 200 ms to sort them).
    for column in ("search_text", "tags", "kind"):
        name = "text" if column == "search_text" else column
        db.execute(f"CREATE INDEX card_content_by_{name} ON card_content ({column})")


def _migrate_to_9(db: sqlite3.Connection) -> None:
    # The time index also holds what the statistics count of each answer: a
    # year of answers is read from the index alone (on 500,000 answers the
    # per-day pass takes 110 ms rather than 165).
    db.execute("DROP INDEX review_log_by_time")
    db.execute(
        "CREATE INDEX review_log_by_time ON review_log "
        "(reviewed_at, mode, deck_id, card_id, rating, state_before, duration_ms)"
    )


def _migrate_to_10(db: sqlite3.Connection) -> None:
    # A study session reads its queues in order, up to its limits: new cards
    # by position, reviews by due time, and each card's siblings (its deck
    # entry) with what holds a card back. Without these it read every card
    # of the tree (1.5 s at 100,000 cards). They hold only the cards a
    # session can show (active, unsuspended): smaller, and used only by
    # queries that say so, so searches keep the plans they had. card_id ends
    # each queue's order (ties broken by key), so a queue is read in order
    # off its index, never sorted whole first. IF NOT EXISTS: a database set
    # back to an older version (as tests of older schemas do) keeps them.
    db.execute(
        "CREATE INDEX IF NOT EXISTS card_new_by_position ON card (deck_id, position, card_id) "
        "WHERE state = 0 AND active = 1 AND suspended = 0"
    )
    # Reviews by due time, covering what the queue reads of each (200 rows
    # at the default limit): no table lookup per row, 2.2 -> 1.5 ms to open
    # a session at 100,000 cards.
    db.execute(
        "CREATE INDEX IF NOT EXISTS card_review_by_due ON card "
        "(deck_id, due, card_id, note_id, state, active, suspended) "
        "WHERE state = 2 AND active = 1 AND suspended = 0"
    )
    # Learning cards by due time: the session reads the first few and
    # counts the rest over this index alone (thousands can be in learning),
    # hence its condition's columns again (see card_by_note below).
    db.execute(
        "CREATE INDEX IF NOT EXISTS card_learning_by_due ON card "
        "(deck_id, due, card_id, note_id, state, active, suspended) "
        "WHERE state IN (1, 3) AND active = 1 AND suspended = 0"
    )
    # active and suspended again as columns: SQLite reads a partial index's
    # own condition from the table, and this index is to cover its queries.
    db.execute(
        "CREATE INDEX IF NOT EXISTS card_by_note ON card "
        "(deck_id, note_id, state, due, position, active, suspended) "
        "WHERE active = 1 AND suspended = 0"
    )


def _migrate_to_11(db: sqlite3.Connection) -> None:
    # A search hands back integer card ids (`card.id`) rather than a pair of
    # strings per card: on 100,000 cards, building those pairs in Python took
    # most of a search. The card table, WITHOUT ROWID until now, is rebuilt
    # with an INTEGER PRIMARY KEY, which VACUUM keeps as it is (it may
    # renumber an implicit rowid); (deck_id, card_id) stays unique, so every
    # query by key and every upsert works as before. Built from the table as
    # it is, its columns and indexes whatever migrations added them.
    columns = []
    table = db.execute("PRAGMA table_info(card)").fetchall()
    if any(name == "id" for _, name, *_ in table):
        # Rebuilt already: the version was set back (a copy restored over a
        # newer file, or by hand). Running the migration again keeps it as is.
        return
    for _, name, kind, not_null, default, _ in table:
        definition = f"{name} {kind}{' NOT NULL' if not_null else ''}"
        columns.append(
            (name, f"{definition} DEFAULT {default}" if default is not None else definition)
        )
    indexes = [
        sql
        for (sql,) in db.execute(
            "SELECT sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'card' "
            "AND sql IS NOT NULL"
        )
    ]
    names = ", ".join(name for name, _ in columns)
    definitions = ", ".join(definition for _, definition in columns)
    db.execute(
        f"CREATE TABLE card_by_id (id INTEGER PRIMARY KEY, {definitions}, "
        "UNIQUE (deck_id, card_id))"
    )
    # In deck order: a search in deck order then reads the table in order.
    db.execute(
        f"INSERT INTO card_by_id ({names}) SELECT {names} FROM card ORDER BY deck_id, position"
    )
    db.execute("DROP TABLE card")
    db.execute("ALTER TABLE card_by_id RENAME TO card")
    for sql in indexes:
        db.execute(sql)


def _migrate_to_12(db: sqlite3.Connection) -> None:
    # A card's kind and tags on its own row too (they are the content's, and
    # installing writes both): `kind:` and `tag:` then read the card table
    # alone, in deck order, rather than joining each card to its content by
    # key (on 100,000 cards, `is:due -kind:choice` 85 -> 15 ms).
    if any(row[1] == "kind" for row in db.execute("PRAGMA table_info(card)")):
        return  # the version was set back by hand: done already
    db.execute("ALTER TABLE card ADD COLUMN kind TEXT")
    db.execute("ALTER TABLE card ADD COLUMN tags TEXT")
    db.execute(
        "UPDATE card SET (kind, tags) = (SELECT t.kind, t.tags FROM card_content t "
        "WHERE t.deck_id = card.deck_id AND t.card_id = card.card_id)"
    )
    # No search reads the content's kinds and tags any more: their indexes
    # would only slow installing.
    db.execute("DROP INDEX card_content_by_kind")
    db.execute("DROP INDEX card_content_by_tags")
    # The browser's default order, deck then position, read off an index
    # that holds what `is:`, `kind:` and `deck:` test: those searches read no
    # card row (on 100,000 cards, all cards 59 ms sorted -> 24 ms read off
    # an index of the order alone -> 19 ms off this one; is:due 23 -> 14 ms).
    db.execute(
        "CREATE INDEX card_in_deck_order "
        "ON card (deck_id, position, active, state, suspended, due, kind)"
    )


def _migrate_to_13(db: sqlite3.Connection) -> None:
    # Each card's searched text keyed by its integer id (`card.id`), not by
    # the content's (deck id, card id) strings: a text search scans the cards
    # in deck order and looks each one's text up by integer, where it joined
    # every match to the card table by two strings (on 100,000 cards, a word
    # 65 -> 23 ms, a negated phrase 121 -> 23 ms). Written by every install;
    # the content's own column and its index are no longer read (the column
    # stays, NULL in new rows: migrations before this one create that index).
    # IF NOT EXISTS and OR REPLACE: a database set back to an older version
    # (as tests of older schemas do) migrates again.
    db.execute("CREATE TABLE IF NOT EXISTS card_text (id INTEGER PRIMARY KEY, search_text TEXT)")
    db.execute(
        "INSERT OR REPLACE INTO card_text (id, search_text) SELECT c.id, t.search_text "
        "FROM card c JOIN card_content t ON t.deck_id = c.deck_id AND t.card_id = c.card_id "
        "WHERE t.search_text IS NOT NULL"
    )
    db.execute("DROP INDEX IF EXISTS card_content_by_text")
    # The deck-order index also holds what `prop:` terms and `is:leech` test:
    # those searches read no card row either (on 100,000 cards, prop:ivl>=10
    # 22 -> 14 ms, prop:lapses>3 16 -> 8 ms). A new card's values are NULL
    # or 0, which SQLite stores in the entry's header alone: installing
    # writes entries no larger than before.
    db.execute("DROP INDEX IF EXISTS card_in_deck_order")
    db.execute(
        "CREATE INDEX card_in_deck_order ON card (deck_id, position, active, state, suspended, "
        "due, kind, last_review, lapses, reps, stability, difficulty)"
    )
    # The few suspended cards in deck order: `is:suspended` reads them alone
    # (on 100,000 cards, 2,393 of them 7 -> 0.4 ms in SQL). Installed cards
    # are not suspended: installing writes nothing to it.
    db.execute(
        "CREATE INDEX IF NOT EXISTS card_suspended_in_deck_order "
        "ON card (deck_id, position, active) WHERE suspended = 1"
    )


def _migrate_to_14(db: sqlite3.Connection) -> None:
    # Each answer names its card by integer id too (`card.id`, which cards
    # keep: none is ever deleted or renumbered since schema 11), written with
    # the answer. `rated:N` then finds its cards by integer, off the time
    # index alone, where it matched every card of the collection against the
    # log's (deck id, card id) strings (on 100,000 cards and 157,000
    # answers, rated:30 40 -> 20 ms). The time index ends with it, so that
    # the search reads no log row; the statistics read that index as before.
    if not any(row[1] == "card_ref" for row in db.execute("PRAGMA table_info(review_log)")):
        db.execute("ALTER TABLE review_log ADD COLUMN card_ref INTEGER")
    db.execute(
        "UPDATE review_log SET card_ref = (SELECT c.id FROM card c "
        "WHERE c.deck_id = review_log.deck_id AND c.card_id = review_log.card_id)"
    )
    db.execute("DROP INDEX IF EXISTS review_log_by_time")
    db.execute(
        "CREATE INDEX review_log_by_time ON review_log "
        "(reviewed_at, mode, deck_id, card_id, rating, state_before, duration_ms, card_ref)"
    )
    # The store writes it with each answer; an answer written without it
    # (by a tool, a script, a later writer that forgets) gets it here, or
    # `rated:` would never find its card.
    db.execute(
        "CREATE TRIGGER IF NOT EXISTS review_log_card_ref AFTER INSERT ON review_log "
        "WHEN NEW.card_ref IS NULL BEGIN "
        "UPDATE review_log SET card_ref = (SELECT c.id FROM card c "
        "WHERE c.deck_id = NEW.deck_id AND c.card_id = NEW.card_id) WHERE id = NEW.id; END"
    )
    # The cards of one kind, and of one state, in deck order: `kind:` and
    # `is:new`, `is:review`, `is:learning` read their range of an index
    # rather than testing every card of the deck-order index (on 100,000
    # cards, kind:basic 9.4 -> 2.3 ms, is:new 11.4 -> 5.6 ms). With `active`,
    # and the states' with what the other terms test (tags aside), so that
    # they read no card row; a sort by due reads the new cards off it. A new
    # card's values are NULL or 0, which SQLite stores in the entry's header
    # alone: installing writes small entries.
    db.execute(
        "CREATE INDEX IF NOT EXISTS card_by_kind_in_deck_order "
        "ON card (kind, deck_id, position, active)"
    )
    db.execute(
        "CREATE INDEX IF NOT EXISTS card_by_state_in_deck_order ON card (state, deck_id, "
        "position, active, suspended, due, kind, last_review, lapses, reps, stability, "
        "difficulty)"
    )
    # Studied cards by due date, holding what searches test but tags: a
    # search sorted by due reads them in that order, then the new cards in
    # deck order (`search_sql._due_order`), where it sorted every match (on
    # 100,000 cards, all by due 68 -> 25 ms). Installed cards are new, with
    # no due date: installing writes nothing to it.
    db.execute(
        "CREATE INDEX IF NOT EXISTS card_by_due_order ON card (due, deck_id, position, active, "
        "state, suspended, kind, last_review, lapses, reps, stability, difficulty) "
        "WHERE due IS NOT NULL"
    )
    # Studied cards without a due date: none but in a damaged file, so that a
    # sort by due finds them at no cost (`search_sql._due_order`).
    db.execute(
        "CREATE INDEX IF NOT EXISTS card_unscheduled_in_deck_order ON card (deck_id, position) "
        "WHERE state != 0 AND due IS NULL"
    )


def _migrate_to_15(db: sqlite3.Connection) -> None:
    _run_script(
        db,
        """
        -- Every change to progress as a sync event (docs/sync.md): this
        -- computer's, written with the change, and those merged from other
        -- computers' journals. `line` is the event's JSON as journals hold it;
        -- `exported` is 1 once this computer's own event is in its journal
        -- (and for every merged event, which is another computer's to write).
        -- Rows in the order they were kept (a merge appends 100,000 at once:
        -- the random ids go to a narrow index, not the table).
        CREATE TABLE IF NOT EXISTS sync_event (
            seq INTEGER PRIMARY KEY,
            id TEXT NOT NULL UNIQUE,
            hlc TEXT NOT NULL,
            kind TEXT NOT NULL,
            deck_id TEXT,
            card_id TEXT,
            line TEXT NOT NULL,
            exported INTEGER NOT NULL DEFAULT 0
        );
        CREATE INDEX IF NOT EXISTS sync_event_by_card ON sync_event (deck_id, card_id, hlc)
            WHERE deck_id IS NOT NULL;
        CREATE INDEX IF NOT EXISTS sync_event_unexported ON sync_event (hlc) WHERE exported = 0;
        -- Cards whose merged events wait for their deck to be installed here.
        CREATE TABLE IF NOT EXISTS sync_pending (
            deck_id TEXT NOT NULL,
            card_id TEXT NOT NULL,
            PRIMARY KEY (deck_id, card_id)
        ) WITHOUT ROWID;
        -- Answers whose log row says what a merge replayed, not what their
        -- computer recorded: a later merge that takes them as recorded puts
        -- the row back.
        CREATE TABLE IF NOT EXISTS sync_replayed (event_id TEXT PRIMARY KEY) WITHOUT ROWID;
        -- The journal segments merged so far, by content; and those this
        -- computer wrote, with their size (a segment lost or cut short in
        -- the folder is written again).
        CREATE TABLE IF NOT EXISTS sync_segment (
            device TEXT NOT NULL,
            seq INTEGER NOT NULL,
            digest TEXT NOT NULL,
            size INTEGER,
            PRIMARY KEY (device, seq)
        ) WITHOUT ROWID;
        """,
    )
    # Each answer names its sync event: an undo merged from another
    # computer finds the answer it takes back.
    if not any(row[1] == "event_id" for row in db.execute("PRAGMA table_info(review_log)")):
        db.execute("ALTER TABLE review_log ADD COLUMN event_id TEXT")
    db.execute(
        "CREATE UNIQUE INDEX IF NOT EXISTS review_log_by_event ON review_log (event_id) "
        "WHERE event_id IS NOT NULL"
    )
    # Answers with no event yet (given before this version, or imported):
    # a sync finds them at no cost when there are none.
    db.execute(
        "CREATE INDEX IF NOT EXISTS review_log_without_event ON review_log (id) "
        "WHERE event_id IS NULL"
    )


def _migrate_to_16(db: sqlite3.Connection) -> None:
    _run_script(
        db,
        """
        -- Cards renamed in their deck file (`renamed_from:`): the old id's
        -- sync events count for the new one. Those held when the deck is
        -- installed are moved; those merged later, from a computer that
        -- still has the old id, are kept under the new one.
        CREATE TABLE IF NOT EXISTS sync_card_alias (
            deck_id TEXT NOT NULL,
            old_card_id TEXT NOT NULL,
            new_card_id TEXT NOT NULL,
            PRIMARY KEY (deck_id, old_card_id)
        ) WITHOUT ROWID;
        """,
    )


# Index i migrates from user_version i to i + 1.
MIGRATIONS: Sequence[Callable[[sqlite3.Connection], None]] = (
    _migrate_to_1,
    _migrate_to_2,
    _migrate_to_3,
    _migrate_to_4,
    _migrate_to_5,
    _migrate_to_6,
    _migrate_to_7,
    _migrate_to_8,
    _migrate_to_9,
    _migrate_to_10,
    _migrate_to_11,
    _migrate_to_12,
    _migrate_to_13,
    _migrate_to_14,
    _migrate_to_15,
    _migrate_to_16,
)
SCHEMA_VERSION = len(MIGRATIONS)
