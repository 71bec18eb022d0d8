"""Damage to the write-ahead log (WAL), where the last answers wait to be
copied into the database: SQLite drops every committed change after the first
frame whose checksum fails, without a word, and then resets the log. endoquiz
reads the log first, keeps a copy of a damaged one and tells the learner."""

from __future__ import annotations

import random
import sqlite3
import textwrap
from pathlib import Path

import pytest

from endoquiz import Library
from endoquiz.progress.wal_check import read_wal
from endoquiz.store.progress_store import DB_FILENAME
from tests.conftest import WriteDeck, app_running, basic_deck, run_until_killed

# Answers `count` cards, then waits to be killed: its answers are committed,
# in the WAL, not yet copied into the database. Every answer is a new card's:
# past the default 20 new cards the session would show cards in learning
# again, and just before the 04:00 rollover those are tomorrow's, so the
# child ran out of cards and the test failed by the hour it ran.
CHILD = textwrap.dedent(
    """
    import sys
    from endoquiz import Library, Rating
    library = Library.open(sys.argv[1], fuzz=False)
    library.add_deck(sys.argv[2])
    library.update_settings(new_per_day=1000)
    session = library.review("j")
    for _ in range(int(sys.argv[3])):
        session.answer(session.next_card(), Rating.GOOD)
    print("answered", flush=True)
    sys.stdin.read()
    """
)


@pytest.fixture
def killed(data_dir: Path, write_deck: WriteDeck) -> Path:
    """A data folder whose app was killed after 30 answers: its WAL holds them."""
    deck = write_deck(basic_deck("j", [f"c{n}" for n in range(40)]))
    run_until_killed(CHILD, str(data_dir), str(deck), "30", marker="answered")
    wal = data_dir / f"{DB_FILENAME}-wal"
    report = read_wal(wal)
    assert report is not None and report.valid_commits >= 30 and not report.damaged
    return wal


def test_a_sound_journal_after_a_kill_gives_back_every_answer(killed: Path, data_dir: Path) -> None:
    with Library.open(data_dir) as library:
        assert library.journal_problem is None
        assert len(library.review_log("j")) == 30
    assert list(data_dir.glob("*.damaged-*")) == []


def test_a_damaged_journal_is_kept_and_the_learner_told(killed: Path, data_dir: Path) -> None:
    data = bytearray(killed.read_bytes())
    report = read_wal(killed)
    assert report is not None
    # One flipped byte in the page of a frame past the middle.
    page_size = int.from_bytes(data[8:12], "big")
    frame = report.frames * 2 // 3
    data[32 + frame * (24 + page_size) + 24 + 100] ^= 0xFF
    killed.write_bytes(bytes(data))
    damaged = read_wal(killed)
    assert damaged is not None and damaged.damaged
    with Library.open(data_dir) as library:
        message = library.journal_problem
        kept = len(library.review_log("j"))
    assert message is not None
    assert f"{damaged.lost_commits} saved change(s) after the damage could not be read" in message
    assert 0 < kept < 30  # what SQLite gave back: the answers before the damage
    [copy] = data_dir.glob(f"{DB_FILENAME}-wal.damaged-*")
    assert copy.read_bytes() == bytes(data)  # the damaged log, whole
    assert str(copy) in message and "nothing was deleted" in message
    # Said once: the next open finds a sound, empty journal.
    with Library.open(data_dir) as again:
        assert again.journal_problem is None


def test_a_journal_is_not_judged_while_the_app_may_be_writing_it(
    killed: Path, data_dir: Path
) -> None:
    data = bytearray(killed.read_bytes())
    data[40] ^= 0xFF  # the first frame's page number: its checksum fails
    killed.write_bytes(bytes(data))
    with app_running(data_dir), Library.open(data_dir) as library:
        assert library.journal_problem is None
    assert list(data_dir.glob("*.damaged-*")) == []


def test_the_journal_reader_agrees_with_sqlite(tmp_path: Path) -> None:
    # 60 commits of one row each; a byte flipped anywhere in the frames: the
    # commits read_wal counts as valid are the rows SQLite reads back.
    source = tmp_path / "source.db"
    db = sqlite3.connect(source, isolation_level=None)
    db.execute("PRAGMA journal_mode = WAL")
    db.execute("PRAGMA wal_autocheckpoint = 0")
    db.execute("CREATE TABLE t (x)")
    for n in range(60):
        db.execute("INSERT INTO t VALUES (?)", (n,))
    # The database file as it is while everything is still in the log.
    main, wal = source.read_bytes(), Path(f"{source}-wal").read_bytes()
    db.close()
    chance = random.Random(12)
    for attempt in range(30):
        damaged = bytearray(wal)
        damaged[chance.randrange(32, len(wal))] ^= 1 << chance.randrange(8)
        target = tmp_path / f"t{attempt}.db"
        target.write_bytes(main)
        Path(f"{target}-wal").write_bytes(bytes(damaged))
        report = read_wal(Path(f"{target}-wal"))
        assert report is not None
        check = sqlite3.connect(target)
        try:
            rows = check.execute("SELECT count(*) FROM t").fetchone()[0]
        except sqlite3.OperationalError:  # the CREATE TABLE itself was lost
            rows = None
        finally:
            check.close()
        expected = report.valid_commits - 1 if report.valid_commits else None
        assert rows == expected, (attempt, report)
