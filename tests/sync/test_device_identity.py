"""Two copies of one data folder (copied, or restored from a backup): a new id, nothing lost."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator, Sequence
from datetime import UTC, timedelta
from pathlib import Path

import pytest

from endoquiz import Library, Rating, SyncReport
from endoquiz.sync import device_identity, folder_sync, journal
from endoquiz.sync.device_identity import IdentityCheck
from tests.conftest import T0
from tests.sync.test_folder_sync import answer, computer, log, states


class Killed(BaseException):
    """The process died (SIGKILL, a power cut): nothing after it ran."""


def journals(folder: Path) -> list[str]:
    """The device ids with a journal in a sync folder."""
    root = folder / "endoquiz-sync" / "v1"
    return sorted(p.name for p in root.iterdir() if p.is_dir()) if root.is_dir() else []


def segments(folder: Path, device: str) -> list[str]:
    return sorted(p.name for p in (folder / "endoquiz-sync" / "v1" / device).glob("*.jsonl"))


def deliver(source: Path, target: Path) -> None:
    """What Syncthing does for one pair of computers' copies of the sync
    folder: a journal file the target lacks is copied (with its time); two
    versions of one file keep the newer one in its place and the older as a
    `.sync-conflict-` copy beside it, which endoquiz never reads."""
    for path in sorted(source.rglob("*.jsonl")):
        place = path.relative_to(source)
        there = target / place
        there.parent.mkdir(parents=True, exist_ok=True)
        if not there.exists():
            shutil.copy2(path, there)
            continue
        data, held = path.read_bytes(), there.read_bytes()
        if data == held:
            continue
        if path.stat().st_mtime_ns > there.stat().st_mtime_ns:
            there.replace(there.with_name(f"{there.stem}.sync-conflict-older-ABCDEFG.jsonl"))
            shutil.copy2(path, there)
        else:
            conflict = there.with_name(f"{there.stem}.sync-conflict-older-HIJKLMN.jsonl")
            shutil.copy2(path, conflict)


def deliver_all(folders: list[Path]) -> None:
    for source in folders:
        for target in folders:
            if source != target:
                deliver(source, target)


def copy_data_folder(library: Library, tmp_path: Path, name: str) -> tuple[Library, Library]:
    """The data folder copied while closed (or restored from one backup on a
    second computer): both copies, opened."""
    source = library.data_dir
    library.close()
    shutil.copytree(source, tmp_path / name)
    return (
        Library.open(source, fuzz=False, timezone=UTC),
        Library.open(tmp_path / name, fuzz=False, timezone=UTC),
    )


@pytest.fixture
def work(tmp_path: Path) -> Iterator[Library]:
    library = computer(tmp_path, "work")
    yield library
    library.close()


def make_twins(
    tmp_path: Path, folders: tuple[Path, Path], work: Library
) -> tuple[Library, Library, str]:
    """home answers a card and syncs through the first folder, work merges
    it through the second; then home's data folder is copied to a second
    computer. Both copies, and their one device id."""
    home = computer(tmp_path, "home")
    answer(home, "a", Rating.GOOD, 0)
    home.sync(folders[0])
    [device] = journals(folders[0])
    deliver(folders[0], folders[1])
    work.sync(folders[1])
    return (*copy_data_folder(home, tmp_path, "twin"), device)


GIVEN = [
    ("a", Rating.GOOD, T0),
    ("b", Rating.GOOD, T0 + timedelta(minutes=10)),
    ("b", Rating.AGAIN, T0 + timedelta(minutes=12)),
    ("c", Rating.EASY, T0 + timedelta(minutes=13)),
]


@pytest.mark.parametrize("how", ["one folder", "in turn", "conflict"])
def test_copies_of_one_data_folder_end_equal_with_every_answer(
    tmp_path: Path, work: Library, how: str
) -> None:
    """ "one folder": a USB stick or a share all three use. "in turn": each
    has its own copy of the sync folder, and home's segment reaches the
    twin before it syncs. "conflict": both sync before any file is copied,
    each writing segment 2 under their one id; work merges the twin's
    segment 2, then Syncthing keeps home's (newer) in every copy."""
    names = ("home", "twin", "work")
    own = {n: tmp_path / ("Sync" if how == "one folder" else f"Sync-{n}") for n in names}
    for folder in own.values():
        folder.mkdir(exist_ok=True)
    copies = sorted(set(own.values()))
    home, twin, device = make_twins(tmp_path, (own["home"], own["work"]), work)
    deliver_all(copies)
    libraries = {"home": home, "twin": twin, "work": work}
    reports: dict[str, list[SyncReport]] = {n: [] for n in names}

    def sync(name: str) -> None:
        reports[name].append(libraries[name].sync(own[name]))

    try:
        # While apart: both answer card b (given to the same state), the twin c.
        answer(home, "b", Rating.GOOD, 10)
        answer(twin, "b", Rating.AGAIN, 12)
        answer(twin, "c", Rating.EASY, 13)
        if how == "conflict":
            sync("home")
            sync("twin")
            twin_segment = own["twin"] / "endoquiz-sync" / "v1" / device / "000000002.jsonl"
            os.utime(twin_segment, ns=(1, 1))  # older: Syncthing keeps home's
            deliver(own["twin"], own["work"])
            sync("work")  # work holds the twin's segment 2, which Syncthing replaces
            assert ("b", Rating.AGAIN, T0 + timedelta(minutes=12)) in log(work)
        else:
            sync("home")
            deliver_all(copies)
            sync("twin")
        for _ in range(3):
            deliver_all(copies)
            for name in names:
                sync(name)

        renewed = [n for n in names if any(r.new_device for r in reports[n])]
        assert renewed == ["twin"]
        # work's, home's under the old id, the twin's new one.
        assert len(journals(own["work"])) == 3
        assert all(r.problems == [] for n in names for r in reports[n])
        expected = sorted(GIVEN)
        assert log(home) == log(twin) == log(work) == expected  # every answer, each once
        assert states(home) == states(twin) == states(work)
        assert states(work) == replayed(tmp_path, expected)
        for library in libraries.values():
            found = library.check_database()
            assert (found.problems, found.derived) == ([], [])
    finally:
        home.close()
        twin.close()


def replayed(
    tmp_path: Path, given: Sequence[tuple[str, Rating, object]]
) -> list[tuple[object, ...]]:
    """The card states one computer reaches giving all the answers itself,
    in the order they were given."""
    oracle = computer(tmp_path, "oracle")
    try:
        for card, rating, at in sorted(given, key=lambda g: g[2]):  # type: ignore[arg-type, return-value]
            answer(oracle, card, rating, (at - T0).total_seconds() / 60)  # type: ignore[operator]
        return states(oracle)
    finally:
        oracle.close()


def test_equal_stamps_of_the_two_copies_merge_in_one_order_everywhere(
    tmp_path: Path, work: Library
) -> None:
    # Both copies answer card b at the same moment from the same clock:
    # their events carry one stamp, and only their ids tell them apart.
    folder = tmp_path / "Sync"
    folder.mkdir()
    home, twin, _ = make_twins(tmp_path, (folder, folder), work)
    try:
        answer(home, "b", Rating.GOOD, 10)
        answer(twin, "b", Rating.AGAIN, 10)
        for _ in range(2):
            for library in (home, twin, work):
                library.sync(folder)

        assert len(log(work)) == 3
        assert states(home) == states(twin) == states(work)
    finally:
        home.close()
        twin.close()


def test_a_segment_written_by_a_sync_killed_before_recording_it_is_adopted(
    tmp_path: Path, work: Library, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "Sync"
    folder.mkdir()
    home = computer(tmp_path, "home")
    try:
        answer(home, "a", Rating.GOOD, 0)
        real_write = journal.write_segment  # the function folder_sync calls

        def write_then_die(*args: object) -> object:
            real_write(*args)  # type: ignore[arg-type]
            raise Killed

        monkeypatch.setattr(folder_sync, "write_segment", write_then_die)
        with pytest.raises(Killed):
            home.sync(folder)
        monkeypatch.undo()
        [device] = journals(folder)

        report = home.sync(folder)

        # Its own segment: kept, not written again, and the id stays.
        assert (report.new_device, report.sent, report.problems) == (False, 0, [])
        assert journals(folder) == [device]
        assert segments(folder, device) == ["000000001.jsonl"]
        answer(home, "b", Rating.AGAIN, 5)
        assert home.sync(folder).sent == 1
        assert segments(folder, device) == ["000000001.jsonl", "000000002.jsonl"]
        work.sync(folder)
        assert log(work) == log(home) and len(log(work)) == 2
    finally:
        home.close()


def test_a_setting_both_copies_change_at_one_stamp_ends_equal_everywhere(
    tmp_path: Path, work: Library, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "Sync"
    folder.mkdir()
    home, twin, _ = make_twins(tmp_path, (folder, folder), work)
    try:
        # One clock, one id: both changes get the same stamp.
        monkeypatch.setattr("endoquiz.store.sync_log.time.time", lambda: 9_000_000_000.0)
        home.update_settings(new_per_day=7)
        twin.update_settings(new_per_day=9)
        monkeypatch.undo()
        reports = [library.sync(folder) for library in (home, twin, work, home, twin, work)]

        chosen = {library.settings.new_per_day for library in (home, twin, work)}
        assert len(chosen) == 1
        # home merges the twin's change, stamped with the id home keeps: it
        # is received all the same (the library reads its settings again).
        assert reports[3].received == 1
    finally:
        home.close()
        twin.close()


def test_copies_that_synced_before_this_check_are_parted_at_the_next_sync(
    tmp_path: Path, work: Library, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Before this version, a copy merged the other's segments under their
    # one id as if another computer's: they are the other copy's all the same.
    folder = tmp_path / "Sync"
    folder.mkdir()
    home, twin, device = make_twins(tmp_path, (folder, folder), work)
    try:
        monkeypatch.setattr(
            folder_sync, "check_device_identity", lambda store, folder: IdentityCheck()
        )
        answer(home, "b", Rating.GOOD, 10)
        home.sync(folder)
        answer(twin, "c", Rating.EASY, 12)
        twin.sync(folder)  # merges home's segment 2, writes its own 3
        monkeypatch.undo()

        reports = [library.sync(folder) for library in (home, twin, work, home, twin)]

        # home finds the twin's segment 3; the twin took home's 2 in already.
        assert [r.new_device for r in reports] == [True, False, False, False, False]
        assert device in journals(folder) and len(journals(folder)) == 3
        assert log(home) == log(twin) == log(work) and len(log(work)) == 3
        assert states(home) == states(twin) == states(work)
    finally:
        home.close()
        twin.close()


def test_a_lost_segment_of_its_own_is_written_again_under_the_same_id(
    tmp_path: Path, work: Library
) -> None:
    folder = tmp_path / "Sync"
    folder.mkdir()
    home = computer(tmp_path, "home")
    try:
        answer(home, "a", Rating.GOOD, 0)
        home.sync(folder)
        answer(home, "b", Rating.GOOD, 1)
        home.sync(folder)
        [device] = journals(folder)
        (folder / "endoquiz-sync" / "v1" / device / "000000001.jsonl").unlink()

        healed = home.sync(folder)  # all its events again, in segment 3
        after = home.sync(folder)  # segment 2, forgotten with 1, is its own

        assert (healed.new_device, healed.sent) == (False, 2)
        assert (after.new_device, after.sent, after.problems) == (False, 0, [])
        assert journals(folder) == [device]
        work.sync(folder)
        assert log(work) == log(home) and len(log(work)) == 2
    finally:
        home.close()


def test_copies_are_parted_once_the_replaced_segment_can_go_out(
    tmp_path: Path, work: Library, monkeypatch: pytest.MonkeyPatch
) -> None:
    names = ("home", "twin", "work")
    own = {n: tmp_path / f"Sync-{n}" for n in names}
    for folder in own.values():
        folder.mkdir()
    home, twin, device = make_twins(tmp_path, (own["home"], own["work"]), work)
    deliver(own["home"], own["twin"])
    libraries = {"home": home, "twin": twin, "work": work}
    try:
        answer(home, "b", Rating.GOOD, 10)
        answer(twin, "c", Rating.EASY, 12)
        home.sync(own["home"])
        twin.sync(own["twin"])
        os.utime(own["twin"] / "endoquiz-sync" / "v1" / device / "000000002.jsonl", ns=(1, 1))
        deliver(own["home"], own["twin"])  # home's segment 2 replaces the twin's

        def read_only(*args: object) -> object:
            raise OSError(30, "Read-only file system")

        monkeypatch.setattr(device_identity, "write_segment", read_only)
        waiting = twin.sync(own["twin"])
        monkeypatch.undo()
        reports = []
        for _ in range(3):
            deliver_all(list(own.values()))
            reports += [libraries[n].sync(own[n]) for n in names]

        assert not waiting.new_device
        assert any("parted once the sync folder can be written" in p for p in waiting.problems)
        assert any(r.new_device for r in reports)
        assert log(home) == log(twin) == log(work) and len(log(work)) == 3
        assert states(home) == states(twin) == states(work)
    finally:
        home.close()
        twin.close()
