"""Killing the process mid-study loses at most the answer in flight."""

from __future__ import annotations

import signal
import sqlite3
import subprocess
import sys
import textwrap
from datetime import UTC, datetime, timedelta
from pathlib import Path

from endoquiz import Library, Rating, State
from endoquiz.store.progress_store import DB_FILENAME
from tests.conftest import T0, WriteDeck, basic_deck, run_until_killed, study

KILL_AFTER = 25

# Answers cards as fast as it can and reports each one once answer() returned.
CHILD = textwrap.dedent(
    """
    import sys
    from endoquiz import Library, Rating
    library = Library.open(sys.argv[1])
    library.add_deck(sys.argv[2])
    library.update_settings(new_per_day=10000)
    session = library.review("crash")
    while (card := session.next_card()) is not None:
        session.answer(card, Rating.EASY)
        print(card.id, flush=True)
    print("ran out of cards", flush=True)
    """
)


def test_sigkill_after_n_answers_loses_none_of_them(data_dir: Path, write_deck: WriteDeck) -> None:
    deck = write_deck(basic_deck("crash", [f"c{i:04}" for i in range(2000)]))
    child = subprocess.Popen(
        [sys.executable, "-c", CHILD, str(data_dir), str(deck)],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert child.stdout is not None
    reported: list[str] = []
    try:
        while len(reported) < KILL_AFTER:
            line = child.stdout.readline()
            assert line and line != "ran out of cards\n", "child stopped early"
            reported.append(line.strip())
        child.send_signal(signal.SIGKILL)
    finally:
        child.wait(timeout=30)
        child.stdout.close()
    assert child.returncode == -signal.SIGKILL

    with Library.open(data_dir) as library:
        logged = [entry.card_id for entry in library.review_log("crash")]
        # Every reported answer is there; at most one more was in flight.
        assert logged[:KILL_AFTER] == reported
        assert len(logged) in (KILL_AFTER, KILL_AFTER + 1)
        for card_id in logged:
            state = library.card_state("crash", card_id)
            assert state.state is State.REVIEW and state.reps == 1
        untouched = library.card_state("crash", "c1999")
        assert untouched.state is State.NEW


def test_sigkill_during_a_backup_leaves_the_database_and_no_half_backup(
    data_dir: Path, write_deck: WriteDeck
) -> None:
    deck = write_deck(basic_deck("crash", [f"c{i:04}" for i in range(50)]))
    with Library.open(data_dir) as library:
        library.add_deck(deck)
        study(library, "crash", T0, [Rating.GOOD] * 5)
        library.backup(T0)
    # The child answers once more, then is killed with its backup copied but
    # not yet checked and renamed into place.
    killed_after = datetime.now(UTC)
    run_until_killed(
        """
        import sys
        from datetime import UTC, datetime, timedelta
        import endoquiz.progress.backups
        from endoquiz import Library, Rating
        from tests.conftest import T0, study

        def stop(db):
            print("copied", flush=True)
            sys.stdin.read()  # until killed

        library = Library.open(sys.argv[1])
        study(library, "crash", T0 + timedelta(minutes=1), [Rating.EASY])
        endoquiz.progress.backups.first_problem = stop
        library.backup(T0 + timedelta(hours=1))
        """,
        str(data_dir),
        marker="copied",
    )
    with Library.open(data_dir) as library:
        # Not closed cleanly: read whole at this open, and found sound.
        assert library.checked_at > killed_after
        assert library.recovery is None
        assert len(library.review_log("crash")) == 6
        (backup,) = library.backups()  # the earlier one; the half copy is not listed
        assert backup.created == T0
        library.backup(T0 + timedelta(hours=2))  # and it is cleared away
    assert not list((data_dir / "backups").glob("*.partial"))


def test_sigkill_during_a_migration_leaves_the_old_schema_to_migrate_again(
    data_dir: Path, write_deck: WriteDeck
) -> None:
    deck = write_deck(basic_deck("crash", [f"c{i:04}" for i in range(50)]))
    with Library.open(data_dir) as library:
        library.add_deck(deck)
        study(library, "crash", T0, [Rating.GOOD] * 5)
    db = sqlite3.connect(data_dir / DB_FILENAME)
    for index in ("text", "tags", "kind"):  # back to schema 7
        db.execute(f"DROP INDEX IF EXISTS card_content_by_{index}")
    db.execute("PRAGMA user_version = 7")
    db.close()
    # The child is killed inside the last migration's transaction.
    run_until_killed(
        """
        import sys
        from endoquiz import Library
        from endoquiz.store import connection

        real = connection.MIGRATIONS[7]

        def migrate_and_stop(db):
            real(db)
            print("migrating", flush=True)
            sys.stdin.read()  # until killed

        migrations = connection.MIGRATIONS
        connection.MIGRATIONS = (*migrations[:7], migrate_and_stop, *migrations[8:])
        Library.open(sys.argv[1])
        """,
        str(data_dir),
        marker="migrating",
    )
    db = sqlite3.connect(data_dir / DB_FILENAME)
    assert db.execute("PRAGMA user_version").fetchone()[0] == 7  # rolled back
    db.close()
    with Library.open(data_dir) as library:
        assert library.recovery is None
        assert len(library.review_log("crash")) == 5
        assert library.search_cards("", order="front")  # schema 8's index is there
        assert len(library.backups()) >= 1  # made before migrating
