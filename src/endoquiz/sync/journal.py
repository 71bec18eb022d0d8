"""Journals in a sync folder: each computer appends segments to its own folder, reads the others'.

    <sync folder>/endoquiz-sync/v1/<device id>/000000001.jsonl, 000000002.jsonl, ...

A segment is written once and never changed: a header line, one event per
line, and an end line with the count and the SHA-256 of everything above
it. It is written to a hidden temporary name and linked into place only
when complete, so a reader sees a whole segment or none; a file sync tool
that delivers half a segment, or damages one, is told by its end line, and
the segment is read again at the next sync. No two computers write the same
file, so a sync tool never has a conflict to resolve.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import secrets
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from endoquiz.store.event_schema import InvalidEventError, events_from_lines
from endoquiz.store.sync_events import SyncEvent

__all__ = [
    "JOURNAL_FORMAT",
    "Segment",
    "SegmentProblem",
    "devices_in",
    "journal_root",
    "read_segment",
    "read_segments",
    "segment_sizes",
    "write_segment",
]

JOURNAL_FORMAT = 1  # what this version writes and reads
_ROOT = ("endoquiz-sync", "v1")
_SEGMENT = re.compile(r"^(\d{9})\.jsonl$")
_DEVICE = re.compile(r"^[0-9a-f]{16}$")
# A segment larger than this is not read: no journal of one sync comes near.
_MAX_SEGMENT_BYTES = 256 * 1024 * 1024


def journal_root(folder: Path) -> Path:
    return folder.joinpath(*_ROOT)


@dataclass(frozen=True, slots=True)
class Segment:
    """A whole, checked segment of one computer's journal."""

    device: str
    seq: int
    digest: str
    events: list[SyncEvent]


@dataclass(frozen=True, slots=True)
class SegmentProblem:
    """A segment that could not be read this time, and why."""

    device: str
    seq: int
    reason: str
    newer: bool = False  # written by a newer endoquiz


@dataclass(frozen=True, slots=True)
class Written:
    """A segment this computer wrote: its number and checksum."""

    path: Path
    seq: int
    digest: str
    size: int


def write_segment(folder: Path, device: str, lines: Sequence[str]) -> Written:
    """Append a segment of event lines to this computer's journal.

    Raises:
        OSError: when the folder cannot be written (missing, read-only, full).
    """
    own = journal_root(folder) / device
    own.mkdir(parents=True, exist_ok=True)
    _remove_stale_temporaries(own, time.time())
    seq = _next_seq(own)
    while True:
        header = json.dumps(
            {"endoquiz_journal": JOURNAL_FORMAT, "device": device, "seq": seq},
            sort_keys=True,
        )
        body = header + "\n" + "".join(f"{line}\n" for line in lines)
        digest = hashlib.sha256(body.encode("utf-8")).hexdigest()
        text = body + json.dumps({"end": len(lines), "sha256": digest}, sort_keys=True) + "\n"
        temporary = own / f".tmp-{seq:09d}-{secrets.token_hex(4)}"
        try:
            with temporary.open("w", encoding="utf-8", newline="\n") as handle:
                handle.write(text)
                handle.flush()
                os.fsync(handle.fileno())
            target = own / f"{seq:09d}.jsonl"
            try:
                # A link never replaces: a segment of that number written
                # meanwhile (a data folder restored from a backup) is kept.
                os.link(temporary, target)
            except FileExistsError:
                seq += 1
                continue
            except OSError:
                # File systems without hard links (some network shares, FAT
                # on a USB stick): an exclusive rename, checked first.
                if target.exists():
                    seq += 1
                    continue
                temporary.replace(target)
            return Written(target, seq, digest, len(text.encode("utf-8")))
        finally:
            temporary.unlink(missing_ok=True)


# A temporary file this old was left by a write that was killed (a crash,
# a power cut): no write takes this long, so it is not one in progress.
_STALE_SECONDS = 3600


def _remove_stale_temporaries(own: Path, now: float) -> None:
    """Remove this computer's temporary files left by killed writes; they
    were never part of its journal (only whole segments are linked in)."""
    for path in own.glob(".tmp-*"):
        try:
            if now - path.stat().st_mtime > _STALE_SECONDS:
                path.unlink()
        except OSError:
            continue  # gone already, or not ours to remove: harmless


def _next_seq(own: Path) -> int:
    numbers = [int(m[1]) for p in own.iterdir() if (m := _SEGMENT.match(p.name))]
    return max(numbers, default=0) + 1


def segment_sizes(folder: Path, device: str) -> dict[int, int]:
    """The size in bytes of each segment of a device's journal."""
    own = journal_root(folder) / device
    found: dict[int, int] = {}
    if not own.is_dir():
        return found
    for path in own.iterdir():
        match = _SEGMENT.match(path.name)
        if match is not None:
            try:
                found[int(match[1])] = path.stat().st_size
            except OSError:
                continue
    return found


def devices_in(folder: Path) -> list[str]:
    """The device ids with a journal in the sync folder."""
    root = journal_root(folder)
    if not root.is_dir():
        return []
    return sorted(p.name for p in root.iterdir() if p.is_dir() and _DEVICE.match(p.name))


def read_segments(
    folder: Path, skip: dict[tuple[str, int], str]
) -> Iterator[Segment | SegmentProblem]:
    """Every segment in the sync folder not in `skip` ((device, seq) ->
    digest of a segment merged already), checked whole, or why not."""
    root = journal_root(folder)
    for device in devices_in(folder):
        try:
            names = sorted(p.name for p in (root / device).iterdir())
        except OSError as error:
            yield SegmentProblem(device, 0, f"cannot list: {error.strerror or error}")
            continue
        for name in names:
            match = _SEGMENT.match(name)
            if match is None:
                continue  # a temporary file, a sync tool's own file
            seq = int(match[1])
            if (device, seq) in skip:
                continue
            yield _read_segment(root / device / name, device, seq)


def _read_segment(path: Path, device: str, seq: int) -> Segment | SegmentProblem:
    try:
        if path.stat().st_size > _MAX_SEGMENT_BYTES:
            return SegmentProblem(device, seq, "too large to be a journal segment")
        data = path.read_bytes()
    except OSError as error:
        return SegmentProblem(device, seq, f"cannot read: {error.strerror or error}")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return SegmentProblem(device, seq, "damaged (not UTF-8 text)")
    lines = text.split("\n")
    if len(lines) < 3 or lines[-1] != "":
        return SegmentProblem(device, seq, "incomplete (still arriving?)")
    try:
        header = json.loads(lines[0])
        end = json.loads(lines[-2])
    except json.JSONDecodeError:
        return SegmentProblem(device, seq, "incomplete or damaged")
    if not isinstance(header, dict) or not isinstance(end, dict):
        return SegmentProblem(device, seq, "not a journal segment")
    version = header.get("endoquiz_journal")
    if not isinstance(version, int) or isinstance(version, bool):
        return SegmentProblem(device, seq, "not a journal segment")
    if version > JOURNAL_FORMAT:
        return SegmentProblem(
            device, seq, f"written by a newer endoquiz (journal format {version})", newer=True
        )
    if header.get("device") != device or header.get("seq") != seq:
        return SegmentProblem(device, seq, "its header names another journal")
    # Everything above the end line, as written (its last byte a line break).
    body_size = len(data) - len(lines[-2].encode("utf-8")) - 1
    digest = hashlib.sha256(data[:body_size]).hexdigest()
    if end.get("sha256") != digest or end.get("end") != len(lines) - 3:
        return SegmentProblem(device, seq, "damaged or incomplete (its checksum differs)")
    try:
        events = events_from_lines(lines[1:-2])
    except InvalidEventError as error:
        # Numbered as in the file: the header is line 1.
        return SegmentProblem(device, seq, f"line {error.number + 1}: {error}")
    return Segment(device, seq, digest, events)


def read_segment(folder: Path, device: str, seq: int) -> Segment | SegmentProblem:
    """One segment of a device's journal, checked whole, or why not."""
    return _read_segment(journal_root(folder) / device / f"{seq:09d}.jsonl", device, seq)
