"""The SQLite progress store: schema versions, WAL, refusing what it cannot read."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from endoquiz import Library, StoreError
from endoquiz.store.progress_store import ProgressStore
from endoquiz.store.schema import SCHEMA_VERSION


def test_new_database_is_at_the_current_schema_in_wal_mode(tmp_path: Path) -> None:
    store = ProgressStore(tmp_path / "p.sqlite3")
    try:
        assert store.schema_version == SCHEMA_VERSION
    finally:
        store.close()
    db = sqlite3.connect(tmp_path / "p.sqlite3")
    try:
        assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        tables = {row[0] for row in db.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    finally:
        db.close()
    assert {"deck", "card", "review_log", "setting"} <= tables


def test_database_from_a_newer_version_is_refused_not_changed(tmp_path: Path) -> None:
    path = tmp_path / "progress.sqlite3"
    db = sqlite3.connect(path)
    db.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    db.close()
    with pytest.raises(StoreError, match="newer endoquiz"):
        Library.open(tmp_path)
    db = sqlite3.connect(path)
    try:
        assert db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION + 1
        assert db.execute("SELECT count(*) FROM sqlite_master").fetchone()[0] == 0
    finally:
        db.close()


def test_a_file_that_is_not_a_database_is_refused(tmp_path: Path) -> None:
    # The store refuses it; `Library.open` moves it aside (tests/progress/test_recovery.py).
    (tmp_path / "progress.sqlite3").write_bytes(b"this is not sqlite" * 100)
    with pytest.raises(StoreError, match="cannot open progress database"):
        ProgressStore(tmp_path / "progress.sqlite3")


def test_reopening_does_not_migrate_again(tmp_path: Path) -> None:
    with Library.open(tmp_path) as library:
        library.update_settings(new_per_day=7)
    with Library.open(tmp_path) as library:
        assert library.settings.new_per_day == 7


def test_a_schema_1_database_is_migrated_forward_keeping_progress(tmp_path: Path) -> None:
    """A database written before deck order existed (schema 1) opens with its
    decks, cards and review log intact."""
    from endoquiz.store.schema import MIGRATIONS

    path = tmp_path / "progress.sqlite3"
    db = sqlite3.connect(path, isolation_level=None)
    db.execute("BEGIN")
    MIGRATIONS[0](db)
    db.execute("PRAGMA user_version = 1")
    db.execute(
        "INSERT INTO deck (id, path, content_hash, title, installed_at, updated_at) "
        "VALUES ('old', '/nowhere/old.yaml', 'abc', 'Old deck', 0, 0)"
    )
    db.execute(
        "INSERT INTO card (deck_id, card_id, note_id, position, state, due, stability, "
        "difficulty, last_review, reps) VALUES ('old', 'a', 'a', 0, 2, 86400000, 3.5, 5.0, 0, 4)"
    )
    db.execute(
        "INSERT INTO review_log (deck_id, card_id, rating, reviewed_at, mode, state_before, "
        "state_after, due_after) VALUES ('old', 'a', 3, 0, 'review', 1, 2, 86400000)"
    )
    db.execute("COMMIT")
    db.close()

    with Library.open(tmp_path) as library:
        state = library.card_state("old", "a")
        assert (state.reps, state.stability) == (4, 3.5)
        assert [entry.card_id for entry in library.review_log()] == ["a"]
        (deck,) = library.decks()
        assert (deck.id, deck.title) == ("old", "Old deck")
    db = sqlite3.connect(path)
    try:
        assert db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    finally:
        db.close()


DECLARED_CARD_INDEXES = (
    "SELECT name FROM sqlite_master WHERE tbl_name = 'card' AND type = 'index' AND sql NOT NULL"
)


def test_schema_11_gives_cards_integer_ids_in_deck_order_keeping_everything(
    tmp_path: Path,
) -> None:
    """The card table rebuilt with an integer id keeps every column and
    index (the partial ones of schema 10 too), and its (deck, card) key
    stays unique."""
    from endoquiz.store.schema import MIGRATIONS

    path = tmp_path / "progress.sqlite3"
    db = sqlite3.connect(path, isolation_level=None)
    db.execute("BEGIN")
    for migrate in MIGRATIONS[:10]:
        migrate(db)
    db.execute("PRAGMA user_version = 10")
    # Written out of deck order, with progress, a flag and a removed card.
    rows = [
        ("b", "x", 1, 1, 2, 86400000, 3, 1, 0),
        ("a", "y", 1, 1, 0, None, 0, 0, 2),
        ("a", "x", 0, 1, 2, 172800000, 5, 0, 0),
        ("a", "gone", 2, 0, 1, 1000, 1, 1, 1),
    ]
    db.executemany(
        "INSERT INTO card (deck_id, card_id, note_id, position, active, state, due, reps, "
        "suspended, flag) VALUES (?, ?, 'n', ?, ?, ?, ?, ?, ?, ?)",
        rows,
    )
    db.execute("COMMIT")
    columns = "deck_id, card_id, position, active, state, due, reps, suspended, flag"
    indexes_before = {name for (name,) in db.execute(DECLARED_CARD_INDEXES)}
    db.close()

    ProgressStore(path).close()
    db = sqlite3.connect(path)
    try:
        found = db.execute(f"SELECT id, {columns} FROM card ORDER BY id").fetchall()
        assert [row[1:] for row in found] == sorted(rows, key=lambda row: (row[0], row[2]))
        assert [row[0] for row in found] == [1, 2, 3, 4]
        indexes_after = {name for (name,) in db.execute(DECLARED_CARD_INDEXES)}
        # Searches' indexes, of later schemas (12 to 14).
        searched = {
            "card_in_deck_order",
            "card_suspended_in_deck_order",
            "card_by_kind_in_deck_order",
            "card_by_state_in_deck_order",
            "card_by_due_order",
            "card_unscheduled_in_deck_order",
        }
        assert indexes_after == indexes_before | searched
        with pytest.raises(sqlite3.IntegrityError):
            db.execute(
                "INSERT INTO card (deck_id, card_id, note_id, position) VALUES ('a', 'x', 'n', 9)"
            )
    finally:
        db.close()


def test_a_transaction_inside_another_commits_with_it_or_not_at_all(tmp_path: Path) -> None:
    store = ProgressStore(tmp_path / "p.sqlite3")
    try:
        with pytest.raises(RuntimeError), store.transaction():
            store.set_setting("outer", 1)  # itself a transaction, joined to this one
            with store.transaction() as db:
                db.execute("INSERT INTO setting (key, value) VALUES ('inner', '2')")
            raise RuntimeError("a failure after the inner one ended")
        assert store.setting("outer") is None and store.setting("inner") is None
        with store.transaction():
            store.set_setting("outer", 1)
            store.set_setting("inner", 2)
        assert (store.setting("outer"), store.setting("inner")) == (1, 2)
    finally:
        store.close()
