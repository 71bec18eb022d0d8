"""Backups: made, named, listed and thinned, from the command line too."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from endoquiz import Backup, Library, Rating
from endoquiz.cli import main
from endoquiz.progress.backups import BACKUP_INTERVAL, backups_to_keep, list_backups
from endoquiz.store.progress_store import DB_FILENAME
from tests.conftest import T0, study
from tests.progress.conftest import answers_in, damage


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


def test_decks_installed_through_a_connection_of_their_own_are_kept_by_the_quit_s_backup(
    studied: Library, tmp_path: Path
) -> None:
    studied.backup(T0)
    deck = tmp_path / "more.yaml"
    deck.write_text(
        "endoquiz: 1\nid: more\ntitle: More\ncards:\n  - {id: m1, front: Q?, back: A}\n",
        encoding="utf-8",
    )
    # As the app installs decks: in a worker, through a connection of their own.
    result = studied.install_decks([deck], now=T0)
    assert [d.id for d in result.installed] == ["more"]

    made = studied.backup_if_due(T0 + timedelta(minutes=1), quitting=True)

    assert made is not None
    with sqlite3.connect(made) as db:
        assert db.execute("SELECT count(*) FROM card WHERE deck_id = 'more'").fetchone() == (1,)


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


def test_a_database_is_backed_up_before_it_is_migrated(data_dir: Path) -> None:
    Library.open(data_dir).close()
    db = sqlite3.connect(data_dir / DB_FILENAME)
    for index in ("text", "tags", "kind"):  # back to schema 7
        db.execute(f"DROP INDEX IF EXISTS card_content_by_{index}")
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
