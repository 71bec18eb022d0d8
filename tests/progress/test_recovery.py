"""Recovery: a backup restored or refused, a lost or damaged database set aside
for the newest sound backup, damaged indexes rebuilt."""

from __future__ import annotations

import re
import sqlite3
from contextlib import closing
from datetime import timedelta
from pathlib import Path

import pytest

from endoquiz import BackupError, Library, Rating, StoreError
from endoquiz.cli import main
from endoquiz.progress import recovery as recovery_module
from endoquiz.progress.database_problems import first_problem
from endoquiz.store.progress_store import DB_FILENAME
from endoquiz.store.schema import SCHEMA_VERSION
from tests.conftest import (
    T0,
    WriteDeck,
    app_running,
    basic_deck,
    rotted_after_a_clean_close,
    study,
    text_rotted,
)
from tests.progress.conftest import answers_in, damage


def test_restore_puts_a_backup_in_place_after_backing_up_the_present(
    studied: Library,
) -> None:
    three = studied.backup(T0)
    study(studied, "bk", T0 + timedelta(minutes=1), [Rating.EASY] * 2)
    studied.update_settings(new_per_day=7)
    safety = studied.restore(three, T0 + timedelta(minutes=2))
    assert len(studied.review_log("bk")) == 3
    assert studied.settings.new_per_day != 7  # settings come back too
    assert answers_in(safety) == 5
    # The library works on: studying, and undoing the restore.
    study(studied, "bk", T0 + timedelta(minutes=3), [Rating.GOOD])
    studied.restore(safety, T0 + timedelta(minutes=4))
    assert len(studied.review_log("bk")) == 5 and studied.settings.new_per_day == 7


@pytest.mark.parametrize("kind", ["damaged", "newer", "missing"])
def test_a_bad_backup_is_refused_and_nothing_changes(studied: Library, kind: str) -> None:
    backup = studied.backup(T0)
    if kind == "damaged":
        damage(backup)
    elif kind == "newer":
        db = sqlite3.connect(backup)
        db.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
        db.close()
    else:
        backup.unlink()
    message = {"damaged": "malformed|not a database", "newer": "newer endoquiz", "missing": ""}
    with pytest.raises(
        BackupError, match=f"cannot restore {re.escape(backup.name)}: .*{message[kind]}"
    ):
        studied.restore(backup, T0 + timedelta(minutes=1))
    assert len(studied.review_log("bk")) == 3
    study(studied, "bk", T0 + timedelta(minutes=2), [Rating.GOOD])


def test_a_damaged_database_is_moved_aside_and_the_newest_backup_restored(
    data_dir: Path, write_deck: WriteDeck
) -> None:
    deck = write_deck(basic_deck("bk", [f"c{n}" for n in range(300)]))
    with Library.open(data_dir, fuzz=False) as library:
        library.add_deck(deck)
        study(library, "bk", T0, [Rating.GOOD] * 4)
        library.backup(T0)
        study(library, "bk", T0 + timedelta(minutes=1), [Rating.GOOD] * 2)
    db_path = data_dir / DB_FILENAME
    damage(db_path)

    with Library.open(data_dir, fuzz=False) as library:
        recovery = library.recovery
        assert recovery is not None and recovery.restored is not None
        assert len(library.review_log("bk")) == 4
        assert [d.id for d in library.decks()] == ["bk"]
        study(library, "bk", T0 + timedelta(minutes=2), [Rating.GOOD])
    # Never deleted: the damaged file is beside, under a name that says so.
    assert recovery.damaged is not None
    assert recovery.damaged.parent == data_dir
    assert recovery.damaged.name.startswith("progress.sqlite3.corrupt-")
    assert recovery.damaged.read_bytes()[4096:4100] == b"\xde\xad\xbe\xef"
    message = recovery.message()
    assert "damaged" in message and str(recovery.damaged) in message
    assert "restored from the backup of" in message
    # The next start finds nothing wrong.
    with Library.open(data_dir) as library:
        assert library.recovery is None


def test_recovery_checks_the_backup_it_restores_once(
    data_dir: Path, write_deck: WriteDeck, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The thorough check reads a whole backup (over a second on 100,000 cards
    # and 500,000 answers): recovery ran it, then the restore ran it again.
    with Library.open(data_dir, fuzz=False) as library:
        library.add_deck(write_deck(basic_deck("bk", [f"c{n}" for n in range(300)])))
        study(library, "bk", T0, [Rating.GOOD] * 4)
        library.backup(T0)
    damage(data_dir / DB_FILENAME)
    checked: list[str] = []

    def noting_backups_checked(db: sqlite3.Connection, *, thorough: bool = False) -> str | None:
        checked.extend(Path(file).name for *_, file in db.execute("PRAGMA database_list"))
        return first_problem(db, thorough=thorough)

    monkeypatch.setattr(recovery_module, "first_problem", noting_backups_checked)
    with Library.open(data_dir, fuzz=False) as library:
        assert library.recovery is not None and library.recovery.restored is not None
        restored = library.recovery.restored.path.name
    assert checked.count(restored) == 1


@pytest.mark.parametrize("how", ["emptied", "deleted"])
def test_an_empty_or_missing_database_beside_backups_is_recovered(
    data_dir: Path, write_deck: WriteDeck, how: str
) -> None:
    # SQLite opens a zero-length or missing file as a new, empty database:
    # the learner's progress silently vanished while backups sat beside it.
    with Library.open(data_dir, fuzz=False) as library:
        library.add_deck(write_deck(basic_deck("bk", ["a", "b", "c"])))
        study(library, "bk", T0, [Rating.GOOD] * 3)
        library.backup(T0)
    db_path = data_dir / DB_FILENAME
    if how == "emptied":
        db_path.write_bytes(b"")
    else:
        db_path.unlink()
    with Library.open(data_dir, fuzz=False) as library:
        recovery = library.recovery
        assert recovery is not None and recovery.restored is not None
        assert len(library.review_log("bk")) == 3
        message = recovery.message()
    assert "restored from the backup of" in message
    if how == "emptied":
        assert recovery.problem == "the file is empty"
        # Set aside, not deleted, though it holds nothing.
        assert recovery.damaged is not None and recovery.damaged.stat().st_size == 0
        assert f"moved aside to {recovery.damaged}" in message
    else:
        assert (recovery.problem, recovery.damaged) == ("the file is missing", None)
        assert "The progress database was damaged (the file is missing)" in message


def test_an_empty_database_without_backups_is_a_first_start(data_dir: Path) -> None:
    data_dir.mkdir(parents=True)
    (data_dir / DB_FILENAME).write_bytes(b"")
    with Library.open(data_dir) as library:
        assert library.recovery is None
        assert library.review_log() == []


def test_without_a_sound_backup_progress_starts_empty_and_says_so(data_dir: Path) -> None:
    data_dir.mkdir()
    (data_dir / DB_FILENAME).write_bytes(b"not a database" * 500)
    (data_dir / "backups").mkdir()
    (data_dir / "backups" / "progress-20240101-000000.sqlite3").write_bytes(b"junk" * 500)
    with Library.open(data_dir) as library:
        assert library.recovery is not None and library.recovery.restored is None
        assert "starts with empty progress" in library.recovery.message()
        assert library.decks() == []
    assert (data_dir / "backups" / "progress-20240101-000000.sqlite3").exists()


def test_a_database_from_a_newer_endoquiz_is_refused_not_moved(data_dir: Path) -> None:
    Library.open(data_dir).close()
    db = sqlite3.connect(data_dir / DB_FILENAME)
    db.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    db.close()
    with pytest.raises(StoreError, match=r"written by a newer endoquiz.*update endoquiz"):
        Library.open(data_dir)
    assert sorted(p.name for p in data_dir.iterdir() if not p.name.endswith(("-wal", "-shm"))) == [
        DB_FILENAME
    ]


def test_cli_says_when_a_damaged_database_was_recovered(
    studied: Library, capsys: pytest.CaptureFixture[str]
) -> None:
    studied.backup(T0)
    studied.close()
    damage(studied.db_path)
    assert main(["--data-dir", str(studied.data_dir), "stats", "--json"]) == 0
    err = capsys.readouterr().err
    assert err.startswith("endoquiz: The progress database was damaged (")
    assert "restored from the backup of" in err


def test_cli_restore_is_refused_while_the_app_runs(
    studied: Library, capsys: pytest.CaptureFixture[str]
) -> None:
    backup = studied.backup(T0)
    study(studied, "bk", T0 + timedelta(minutes=1), [Rating.GOOD])
    with app_running(studied.data_dir):
        assert main(["--data-dir", str(studied.data_dir), "restore", str(backup)]) == 1
    assert "endoquiz is running with the data folder" in capsys.readouterr().err
    assert len(studied.review_log("bk")) == 4


def test_damage_a_clean_close_let_through_is_said_then_recovered_by_the_cli(
    data_dir: Path, write_deck: WriteDeck, capsys: pytest.CaptureFixture[str]
) -> None:
    # Bit rot after a clean close: `cards` died with a traceback.
    rotted_after_a_clean_close(data_dir, write_deck)
    assert main(["--data-dir", str(data_dir), "cards", "deck:rot"]) == 1
    err = capsys.readouterr().err
    assert "the progress database is damaged (database disk image is malformed)" in err
    assert "Traceback" not in err
    # Run again: checked whole, moved aside, restored from the backup.
    assert main(["--data-dir", str(data_dir), "cards", "deck:rot"]) == 0
    out, err = capsys.readouterr()
    assert "restored from the backup of" in err
    assert out.count("rot\t") == 3000


def test_a_schema_rotted_after_a_clean_close_is_recovered_at_once(
    data_dir: Path, write_deck: WriteDeck, capsys: pytest.CaptureFixture[str]
) -> None:
    # Bit rot in the pages of the schema, which opening reads, after a clean
    # close (the schema outgrew the first page): every command said "cannot
    # open progress database" and nothing recovered it.
    rotted_after_a_clean_close(data_dir, write_deck, schema=True)
    assert main(["--data-dir", str(data_dir), "cards", "deck:rot"]) == 0
    out, err = capsys.readouterr()
    assert "restored from the backup of" in err
    assert "Traceback" not in err
    assert out.count("rot\t") == 3000
    assert [p.name for p in data_dir.iterdir() if ".corrupt-" in p.name]


def test_text_no_longer_utf8_is_said_then_recovered_by_the_cli(
    data_dir: Path, write_deck: WriteDeck, capsys: pytest.CaptureFixture[str]
) -> None:
    # A flipped high bit in a deck's title: SQLite's checks pass, so the
    # next run's whole-file check passed too, and `stats` failed at every run.
    text_rotted(data_dir, write_deck, "deck", "title", "id = 'txt'")
    assert main(["--data-dir", str(data_dir), "stats", "--deck", "txt"]) == 1
    err = capsys.readouterr().err
    assert "the progress database is damaged (Could not decode to UTF-8" in err
    assert "Traceback" not in err
    assert main(["--data-dir", str(data_dir), "stats", "--deck", "txt"]) == 0
    err = capsys.readouterr().err
    assert "(text in the deck table is no longer readable" in err
    assert "restored from the backup of" in err
    with Library.open(data_dir) as library:
        assert len(library.review_log("txt")) == 2  # the backup's
        assert library.deck("txt").title == "Test deck"
    assert [p.name for p in data_dir.iterdir() if ".corrupt-" in p.name]


def test_a_backup_with_text_no_longer_utf8_is_not_restored(
    data_dir: Path, write_deck: WriteDeck
) -> None:
    text_rotted(data_dir, write_deck, "review_log", "card_id", "id = 1")
    with Library.open(data_dir) as library:
        library.backup(T0 + timedelta(hours=1))  # the damage, backed up
    Library.check_whole_at_next_open(data_dir)
    with Library.open(data_dir) as library:
        assert library.recovery is not None
        assert library.recovery.restored is not None
        assert library.recovery.restored.created == T0
        assert len(library.review_log("txt")) == 2


def test_an_index_that_disagrees_with_its_table_is_rebuilt_with_nothing_lost(
    data_dir: Path, write_deck: WriteDeck, capsys: pytest.CaptureFixture[str]
) -> None:
    # A flipped bit in an index entry (c250 -> c251: still in order) passes
    # SQLite's quick check, and searches through that index silently went
    # wrong. The whole-file check found it and restored the backup, losing
    # the answers after it, where the index can be built again from the data.
    # (Here in the index of cards in deck order, which `-kind:` reads: a
    # card's kind there flipped, basic -> basid, keeps the entries in order.)
    with Library.open(data_dir) as library:
        library.add_deck(write_deck(basic_deck("f", [f"c{n}0" for n in range(10, 40)])))
        study(library, "f", T0, [Rating.GOOD] * 2)
        library.backup(T0)
        study(library, "f", T0, [Rating.GOOD])  # after the backup
    db_path = data_dir / DB_FILENAME
    with closing(sqlite3.connect(db_path)) as db:
        (root,) = db.execute(
            "SELECT rootpage FROM sqlite_master WHERE name = 'card_in_deck_order'"
        ).fetchone()
        (page_size,) = db.execute("PRAGMA page_size").fetchone()
    data = bytearray(db_path.read_bytes())
    start = (root - 1) * page_size
    at = data.index(b"basic", start, start + page_size)
    data[at : at + 5] = b"basid"
    db_path.write_bytes(bytes(data))
    with closing(sqlite3.connect(db_path)) as db:
        assert db.execute("PRAGMA quick_check").fetchone()[0] == "ok"
    assert main(["--data-dir", str(data_dir), "cards", "--", "-kind:basic"]) == 0
    assert len(capsys.readouterr().out.splitlines()) == 1  # a basic card, found wrongly
    assert main(["--data-dir", str(data_dir), "check"]) == 0
    out, err = capsys.readouterr()
    assert "missing from index card_in_deck_order)" in err
    assert "Only its indexes were damaged, and they were built again from its data: " in err
    assert "nothing was lost" in err
    assert out == "The progress database is sound: every check passed.\n"
    assert main(["--data-dir", str(data_dir), "cards", "--", "-kind:basic"]) == 0
    assert capsys.readouterr().out == ""
    assert main(["--data-dir", str(data_dir), "cards", "kind:basic"]) == 0
    assert len(capsys.readouterr().out.splitlines()) == 30
    with Library.open(data_dir) as library:
        assert len(library.review_log("f")) == 3
    assert [p.name for p in data_dir.iterdir() if ".corrupt-" in p.name]
