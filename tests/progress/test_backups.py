"""Backups: made, thinned, restored, and used when the database is found damaged."""

from __future__ import annotations

import json
import re
import sqlite3
import subprocess
import sys
from contextlib import closing
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from endoquiz import Backup, BackupError, Library, Rating, StoreError
from endoquiz.cli import main
from endoquiz.progress import recovery as recovery_module
from endoquiz.progress.backups import BACKUP_INTERVAL, backups_to_keep, list_backups
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


@pytest.fixture
def studied(library: Library, write_deck: WriteDeck) -> Library:
    library.add_deck(write_deck(basic_deck("bk", [f"c{n}" for n in range(10)])))
    study(library, "bk", T0, [Rating.GOOD] * 3)
    return library


def answers_in(path: Path) -> int:
    db = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True)
    try:
        return int(db.execute("SELECT count(*) FROM review_log").fetchone()[0])
    finally:
        db.close()


def damage(path: Path) -> None:
    """Overwrite the pages after the first with noise, as a failing disk might."""
    with path.open("r+b") as file:
        file.seek(4096)
        file.write(b"\xde\xad\xbe\xef" * 4096)


def test_a_backup_is_a_whole_checked_copy_in_the_backups_folder(studied: Library) -> None:
    path = studied.backup(T0)
    assert path.parent == studied.data_dir / "backups"
    assert path.name == "progress-20240305-100000.sqlite3"
    assert answers_in(path) == 3
    assert [backup.path for backup in studied.backups()] == [path]
    # Readable on its own, without the WAL's side files.
    assert sorted(p.name for p in path.parent.iterdir()) == [path.name]


def test_backups_are_made_while_studying_at_most_every_30_minutes(studied: Library) -> None:
    assert studied.backup_if_due(T0) is not None  # answers since the library opened
    assert studied.backup_if_due(T0 + timedelta(hours=5)) is None  # nothing new
    study(studied, "bk", T0 + timedelta(minutes=10), [Rating.GOOD])
    assert studied.backup_if_due(T0 + timedelta(minutes=10)) is None  # too soon
    later = T0 + BACKUP_INTERVAL + timedelta(seconds=1)
    assert studied.backup_if_due(later) is not None
    study(studied, "bk", later, [Rating.GOOD])
    # Quitting backs up whatever changed, however recent the last backup.
    made = studied.backup_if_due(later + timedelta(minutes=1), quitting=True)
    assert made is not None and answers_in(made) == 5
    assert len(studied.backups()) == 3  # all kept for a day


def test_thinning_keeps_12_daily_10_weekly_and_9_monthly_backups() -> None:
    # Two backups a day for two years, newest first.
    start = datetime(2026, 11, 21, 20, 0, tzinfo=UTC)
    backups = [Backup(Path(f"b{n}"), start - timedelta(hours=12 * n), 0) for n in range(2 * 730)]
    kept = [b for b in backups if b.path in backups_to_keep(backups, UTC)]
    # Every backup of the last day...
    assert kept[:2] == backups[:2]
    days = [b.created.date() for b in kept[2:]]
    assert len(set(days)) == len(days), "one per day after that"
    # ...then the newest of each of the last 12 days...
    assert days[:11] == [start.date() - timedelta(days=n) for n in range(1, 12)]
    assert all(b.created.hour == 20 for b in kept[2:])
    # ...then of 10 weeks, of 9 months: each period's newest, no more.
    weeks = {b.created.isocalendar()[:2] for b in kept}
    months = {(b.created.year, b.created.month) for b in kept}
    assert len(weeks) >= 10 and len(months) == 9
    assert len(kept) <= 2 + 12 + 10 + 9
    assert min(b.created for b in kept) > start - timedelta(days=9 * 31)


def test_old_backups_are_deleted_as_new_ones_are_made(studied: Library) -> None:
    folder = studied.backup_folder
    folder.mkdir()
    for day in range(40):
        stamp = (T0 - timedelta(days=day + 2)).strftime("%Y%m%d-%H%M%S")
        (folder / f"progress-{stamp}.sqlite3").write_bytes(b"old")
    (folder / "notes.txt").write_text("mine", encoding="utf-8")
    studied.backup(T0)
    names = sorted(p.name for p in folder.iterdir())
    assert "notes.txt" in names  # not a backup: left alone
    assert len(names) - 1 == len(backups_to_keep(studied.backups())) < 41


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


def test_a_database_is_backed_up_before_it_is_migrated(data_dir: Path) -> None:
    Library.open(data_dir).close()
    db = sqlite3.connect(data_dir / DB_FILENAME)
    for index in ("text", "tags", "kind"):  # back to schema 7
        db.execute(f"DROP INDEX card_content_by_{index}")
    db.execute("PRAGMA user_version = 7")
    db.close()
    with Library.open(data_dir) as library:
        (backup,) = library.backups()
    db = sqlite3.connect(backup.path)
    assert db.execute("PRAGMA user_version").fetchone()[0] == 7
    db.close()


def test_cli_backs_up_lists_and_restores(
    studied: Library, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = str(studied.data_dir)
    studied.close()
    assert main(["--data-dir", folder, "backup"]) == 0
    made = Path(capsys.readouterr().out.strip().removeprefix("Backed up to "))
    assert answers_in(made) == 3
    with Library.open(folder) as library:
        study(library, "bk", T0 + timedelta(minutes=5), [Rating.GOOD])
    assert main(["--data-dir", folder, "backups"]) == 0
    out, err = capsys.readouterr()
    assert str(made) in out and err.strip() == "1 backup(s)"
    assert main(["--data-dir", folder, "restore", str(made)]) == 0
    assert capsys.readouterr().out.startswith(f"Restored {made.name}; the progress before it")
    with Library.open(folder) as library:
        assert len(library.review_log("bk")) == 3
    # A file that is no backup: a clear error, nothing changed.
    junk = studied.data_dir / "junk.sqlite3"
    junk.write_bytes(b"junk" * 100)
    assert main(["--data-dir", folder, "restore", str(junk)]) == 1
    out, err = capsys.readouterr()
    assert err.startswith("endoquiz restore: error: cannot restore junk.sqlite3: ")
    assert "Traceback" not in out + err


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


def test_a_database_closed_cleanly_and_unchanged_is_not_read_whole_again(
    data_dir: Path,
) -> None:
    with Library.open(data_dir) as library:
        first_check = library.checked_at
    note = data_dir / "progress.sqlite3.clean"
    assert note.exists()
    with Library.open(data_dir) as library:
        assert library.checked_at == first_check  # trusted, not checked again
        assert not note.exists()  # the note serves one open only
    # A week after the last whole check, the next open checks again.
    stale = json.loads(note.read_text(encoding="utf-8"))
    stale["checked_at"] = (datetime.now(UTC) - timedelta(days=8)).isoformat()
    note.write_text(json.dumps(stale), encoding="utf-8")
    with Library.open(data_dir) as library:
        assert library.checked_at > first_check
        second_check = library.checked_at
    # Changed after the clean close (the same size, the same header): checked.
    with (data_dir / DB_FILENAME).open("r+b") as file:
        file.seek(-100, 2)
        tail = file.read(100)
        file.seek(-100, 2)
        file.write(bytes(byte ^ 0xFF for byte in tail))
    with Library.open(data_dir) as library:
        assert library.checked_at > second_check


# The clock set ahead once (a dead CMOS battery, a wrong time zone), a backup
# made then, the clock set right again. The adversarial test found: backups
# stopped for good, recovery restored that stale backup over ten newer ones,
# and thinning deleted each new backup as soon as it was made.


def _clock_ahead_once(library: Library, now: datetime, days: int = 365) -> Path:
    """A real backup, made while the clock said `now + days`."""
    return library.backup(now + timedelta(days=days))


def _yesterday() -> datetime:
    """A start for the study below: its backups, hours long, are all in the
    past of the real clock, which `Library.backups()` reads."""
    return datetime.now(UTC).replace(microsecond=0) - timedelta(days=1)


def test_a_backup_from_a_clock_set_ahead_does_not_stop_backups(studied: Library) -> None:
    now = _yesterday()
    _clock_ahead_once(studied, now)
    made = []
    for step in range(10):
        moment = now + step * (BACKUP_INTERVAL + timedelta(minutes=1))
        study(studied, "bk", moment, [Rating.GOOD])
        made.append(studied.backup_if_due(moment))
    assert all(path is not None and path.exists() for path in made)
    # Listed newest first by when they were made; the one from the clock
    # ahead comes after them.
    assert [b.path for b in studied.backups()][:10] == list(reversed(made))


def test_recovery_restores_the_newest_backup_not_one_from_a_clock_set_ahead(
    studied: Library, data_dir: Path
) -> None:
    now = _yesterday()
    stale = _clock_ahead_once(studied, now)
    for step in range(10):
        moment = now + timedelta(minutes=step)
        study(studied, "bk", moment, [Rating.GOOD])
        studied.backup(moment)
    newest = answers_in(studied.backups()[0].path)
    assert newest == answers_in(stale) + 10
    studied.close()
    damage(data_dir / DB_FILENAME)
    with Library.open(data_dir, fuzz=False) as again:
        assert again.recovery is not None and again.recovery.restored is not None
        assert again.recovery.restored.path != stale
        assert len(again.review_log()) == newest


def test_thinning_never_deletes_the_backup_just_made(studied: Library) -> None:
    now = _yesterday()
    # Weekly backups for ten months from a clock a year ahead: every daily,
    # weekly and monthly place would go to days that have not come.
    for week in range(45):
        studied.backup(now + timedelta(days=365 + 7 * week))
    for step in range(3):
        path = studied.backup(now + timedelta(minutes=step))
        assert path.exists(), "reported as made, then thinned away"
    assert len(studied.backups()) >= 3


def test_a_clock_moved_forward_then_back_never_puts_a_backup_over_the_live_database(
    studied: Library, data_dir: Path
) -> None:
    now = _yesterday()
    _clock_ahead_once(studied, now, days=30)
    study(studied, "bk", now, [Rating.GOOD] * 2)  # back to the right time
    assert studied.backup_if_due(now) is not None
    answers = len(studied.review_log())
    studied.close()
    for _ in range(2):
        with Library.open(data_dir, fuzz=False) as again:
            assert again.recovery is None
            assert len(again.review_log()) == answers


def test_what_killed_backups_left_is_cleaned_by_the_next(studied: Library) -> None:
    # A backup killed mid-copy leaves its copy and SQLite's side files; they
    # used to pile up in backups/.
    folder = studied.backup_folder
    folder.mkdir()
    leftovers = [
        folder / f"progress-20240101-000000.sqlite3.partial{suffix}"
        for suffix in ("", "-journal", "-wal", "-shm")
    ]
    for leftover in leftovers:
        leftover.write_bytes(b"half")
    made = studied.backup(T0)
    assert sorted(p.name for p in folder.iterdir()) == [made.name]


def test_two_processes_backing_up_at_once_both_succeed(studied: Library, data_dir: Path) -> None:
    # Each deleted the other's half-made copy as a leftover, and both failed.
    studied.close()
    script = (
        "import sys\n"
        "from endoquiz import Library\n"
        "with Library.open(sys.argv[1]) as library:\n"
        "    for _ in range(15):\n"
        "        library.backup()\n"
        "print('ok')\n"
    )
    runs = [
        subprocess.Popen(
            [sys.executable, "-c", script, str(data_dir)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(2)
    ]
    outputs = [run.communicate(timeout=120) for run in runs]
    assert [run.returncode for run in runs] == [0, 0], outputs
    assert [out.strip() for out, _ in outputs] == ["ok", "ok"]
    folder = data_dir / "backups"
    assert not list(folder.glob("*.partial*"))
    assert all(answers_in(backup.path) == 3 for backup in list_backups(folder))


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
    # SQLite's quick check, and searches through that index silently lost
    # the card. The whole-file check found it and restored the backup, losing
    # the answers after it, where the index can be built again from the data.
    with Library.open(data_dir) as library:
        library.add_deck(write_deck(basic_deck("f", [f"c{n}0" for n in range(10, 40)])))
        study(library, "f", T0, [Rating.GOOD] * 2)
        library.backup(T0)
        study(library, "f", T0, [Rating.GOOD])  # after the backup
    db_path = data_dir / DB_FILENAME
    with closing(sqlite3.connect(db_path)) as db:
        (root,) = db.execute(
            "SELECT rootpage FROM sqlite_master WHERE name = 'card_by_deck_state'"
        ).fetchone()
        (page_size,) = db.execute("PRAGMA page_size").fetchone()
    data = bytearray(db_path.read_bytes())
    start = (root - 1) * page_size
    at = data.index(b"c250", start, start + page_size)
    data[at : at + 4] = b"c251"
    db_path.write_bytes(bytes(data))
    with closing(sqlite3.connect(db_path)) as db:
        assert db.execute("PRAGMA quick_check").fetchone()[0] == "ok"
    assert main(["--data-dir", str(data_dir), "cards", "is:new"]) == 0
    assert "c250" not in capsys.readouterr().out  # lost to the search
    assert main(["--data-dir", str(data_dir), "check"]) == 0
    out, err = capsys.readouterr()
    assert "(row 16 missing from index card_by_deck_state)" in err
    assert "Only its indexes were damaged, and they were built again from its data: " in err
    assert "nothing was lost" in err
    assert out == "The progress database is sound: every check passed.\n"
    assert main(["--data-dir", str(data_dir), "cards", "is:new"]) == 0
    assert "f\tc250\t" in capsys.readouterr().out
    with Library.open(data_dir) as library:
        assert len(library.review_log("f")) == 3
    assert [p.name for p in data_dir.iterdir() if ".corrupt-" in p.name]
