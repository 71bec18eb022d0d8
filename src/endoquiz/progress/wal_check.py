"""Reads a SQLite write-ahead log (WAL) the way SQLite's recovery does, to say
when committed transactions in it will be dropped because a frame before them
is damaged: SQLite stops at the first frame whose checksum fails, silently.

Format: https://www.sqlite.org/fileformat2.html#the_write_ahead_log
"""

from __future__ import annotations

import shutil
import struct
import sys
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from endoquiz.progress.file_stamps import aside_path

__all__ = ["WalReport", "keep_a_damaged_journal", "read_wal"]

_HEADER = struct.Struct(">IIIIIIII")
_FRAME_HEADER = struct.Struct(">IIIIII")
_MAGIC_LE, _MAGIC_BE = 0x377F0682, 0x377F0683
_MASK = 0xFFFFFFFF


@dataclass(frozen=True, slots=True)
class WalReport:
    """What SQLite will take from a WAL, and what it will drop.

    Attributes:
        frames: whole frames in the file.
        valid_commits: transactions SQLite will replay.
        lost_commits: transactions of this WAL after the first damaged frame,
            which SQLite will drop (0 for a sound WAL, or one whose only bad
            frames are a torn last write, never acknowledged).
    """

    frames: int
    valid_commits: int
    lost_commits: int

    @property
    def damaged(self) -> bool:
        return self.lost_commits > 0


def _checksum(data: bytes, big_endian: bool, s0: int, s1: int) -> tuple[int, int]:
    words = memoryview(data).cast("I")
    if big_endian != (sys.byteorder == "big"):
        swapped = bytearray(data)
        swapped[0::4], swapped[1::4], swapped[2::4], swapped[3::4] = (
            data[3::4],
            data[2::4],
            data[1::4],
            data[0::4],
        )
        words = memoryview(bytes(swapped)).cast("I")
    for i in range(0, len(words), 2):
        s0 = (s0 + words[i] + s1) & _MASK
        s1 = (s1 + words[i + 1] + s0) & _MASK
    return s0, s1


def read_wal(path: Path) -> WalReport | None:
    """The report of the WAL at `path`; None when it cannot be one (shorter
    than a header, or a page size SQLite never uses)."""
    data = path.read_bytes()
    if len(data) < _HEADER.size:
        return None
    magic, _version, page_size, _seq, salt1, salt2, c1, c2 = _HEADER.unpack_from(data)
    if page_size < 512 or page_size > 65536 or page_size & (page_size - 1):
        return None
    big_endian = magic == _MAGIC_BE
    frame_size = _FRAME_HEADER.size + page_size
    frames = (len(data) - _HEADER.size) // frame_size
    valid_commits = lost_commits = 0
    # A header SQLite does not trust (its magic number or checksum damaged)
    # makes it ignore the whole log: every commit in it is lost.
    broken = magic not in (_MAGIC_LE, _MAGIC_BE)
    s0, s1 = _checksum(data[:24], big_endian, 0, 0)
    broken = broken or (s0, s1) != (c1, c2)
    for index in range(frames):
        offset = _HEADER.size + index * frame_size
        _page, commit_size, f_salt1, f_salt2, f_c1, f_c2 = _FRAME_HEADER.unpack_from(data, offset)
        if (f_salt1, f_salt2) != (salt1, salt2):
            # Left from an earlier generation of the WAL: the log ends here.
            break
        if broken:
            # A frame of this generation after a damaged one: what it
            # commits is lost.
            lost_commits += commit_size != 0
            continue
        body = data[offset + _FRAME_HEADER.size : offset + frame_size]
        t0, t1 = _checksum(data[offset : offset + 8], big_endian, s0, s1)
        t0, t1 = _checksum(body, big_endian, t0, t1)
        if (t0, t1) != (f_c1, f_c2):
            broken = True
            lost_commits += commit_size != 0
            continue
        s0, s1 = t0, t1
        valid_commits += commit_size != 0
    return WalReport(frames, valid_commits, lost_commits)


def keep_a_damaged_journal(db_path: Path, now: datetime) -> str | None:
    """Before SQLite opens `db_path`: when its WAL holds committed changes that
    SQLite will drop (a frame before them is damaged), copy the WAL aside as
    `<db>-wal.damaged-<time>` (SQLite resets the WAL once it has read it, and
    the copy is all that is left of those changes) and say so; else None.

    Call it only while no other process has the database open: a WAL being
    written is not damaged, only unfinished.
    """
    wal = Path(f"{db_path}-wal")
    try:
        if wal.stat().st_size == 0:
            return None
        report = read_wal(wal)
    except OSError:
        return None
    if report is None or not report.damaged:
        return None
    copy = aside_path(wal, "damaged", now)
    try:
        shutil.copy2(wal, copy)
    except OSError as error:
        return (
            f"The journal of your latest answers ({wal}) is damaged: {report.lost_commits} "
            f"saved change(s) after the damage cannot be read back, and it could not be "
            f"copied aside ({error})."
        )
    return (
        f"The journal of your latest answers was damaged: {report.lost_commits} saved "
        f"change(s) after the damage could not be read back; progress goes on from the "
        f"{report.valid_commits} before it. A copy of the journal is kept at {copy}; "
        "nothing was deleted."
    )
