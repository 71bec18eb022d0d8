"""Another copy of this data folder writing under its device id: found at each sync, a new id taken.

A data folder copied, or restored on two computers from one backup, keeps
its device id (`sync.device`), and both copies would write the same journal.
Before a sync writes anything, this computer's own journal folder is looked
at: a segment this data folder did not record writing (a number it never
wrote, a size or, beside a sync tool's conflict copy, a checksum other than
the one it recorded) is read whole.

- Every event in it is one this data folder made: it wrote the segment and
  was killed before recording it. The segment is adopted (its events marked
  written, the segment recorded), and the id kept.
- It holds events this data folder does not: another copy wrote it. This
  data folder takes a fresh id and writes all its events stamped with the
  old one to its new journal (those in a segment the other copy's replaced
  would be lost otherwise), and the old journal becomes the other copy's,
  merged like any other computer's from its first segment on. The events
  of such a replacing segment go to the new journal too: a third computer
  that merged this one's version of that segment never reads the other.

Events keep the stamps they were made with; ties between the two copies'
equal stamps are broken by the event id (`merge._when`, `latest_setting`).
"""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from endoquiz.sync.journal import Segment, SegmentProblem, journal_root, read_segment, write_segment

if TYPE_CHECKING:
    from endoquiz.store.progress_store import ProgressStore

__all__ = ["IdentityCheck", "check_device_identity"]

_SEGMENT = re.compile(r"^(\d{9})\.jsonl$")
# A sync tool's copy of a segment whose two versions met: Syncthing's
# "000000005.sync-conflict-20261201-101010-ABCDEFG.jsonl", Dropbox's and
# Nextcloud's "000000005 (... conflicted copy ...).jsonl", OneDrive's
# "000000005-LAPTOP.jsonl". Nothing else in a computer's own journal folder
# starts with a segment's number (its temporary files start with ".tmp-").
_SIBLING = re.compile(r"^(\d{9})(?!\.jsonl$)\D")


@dataclass(frozen=True, slots=True)
class IdentityCheck:
    """What the check found.

    Attributes:
        renewed: another copy of this data folder wrote under its device id,
            and it took a new one.
        problems: what could not be done (the folder could not be written).
    """

    renewed: bool = False
    problems: list[str] = field(default_factory=list)


def check_device_identity(store: ProgressStore, folder: Path) -> IdentityCheck:
    """Look for segments in this computer's own journal in `folder` that it
    did not record writing; adopt those it wrote, and take a new device id
    when another copy of this data folder wrote one.

    Raises:
        StoreError: when the progress database cannot be written.
    """
    device = store.sync.device()
    recorded = store.sync.segments_of(device)
    suspects = _suspects(journal_root(folder) / device, recorded)
    if not suspects:
        return IdentityCheck()  # the usual sync: one listing, no file read
    adopt: list[tuple[Segment, int]] = []
    replacing: list[Segment] = []
    other_copy = False
    for seq, size in sorted(suspects.items()):
        item = read_segment(folder, device, seq)
        if isinstance(item, SegmentProblem):
            # This endoquiz never wrote a newer journal. Anything else may
            # still be arriving: read again at the next sync (and if it was
            # this computer's, the journal is written again, `_heal_own_journal`).
            other_copy = other_copy or item.newer
            continue
        digest, written = recorded.get(seq, (None, None))
        if written is not None and digest == item.digest:
            continue  # its own; a conflict copy beside it is the other version
        ids = [event.id for event in item.events]
        # Not recorded as written (or merged as if another computer's: its
        # own segments are, once a lost one made it forget them all).
        if written is None and len(store.sync.made_here(ids, device)) == len(set(ids)):
            adopt.append((item, size))
        else:
            other_copy = True
            if written is not None:
                replacing.append(item)  # its own version of that number is gone
    if other_copy:
        return _take_new_id(store, folder, device, replacing)
    with store.transaction() as db:
        for segment, size in adopt:
            store.sync.mark_exported(db, [event.id for event in segment.events])
            store.sync.mark_segment(db, device, segment.seq, segment.digest, size)
    return IdentityCheck()


def _suspects(own: Path, recorded: dict[int, tuple[str, int | None]]) -> dict[int, int]:
    """The segments of this computer's journal folder (seq -> size) that
    it did not record writing as they are: a number it did not write, a
    size it did not write, or one a sync tool put a conflict copy beside."""
    sizes: dict[int, int] = {}
    beside: set[int] = set()
    try:
        entries = list(own.iterdir())
    except OSError:
        return {}  # no journal yet, or none to read: nothing written under this id
    for path in entries:
        if match := _SEGMENT.match(path.name):
            try:
                sizes[int(match[1])] = path.stat().st_size
            except OSError:
                continue
        elif match := _SIBLING.match(path.name):
            beside.add(int(match[1]))
    return {
        seq: size
        for seq, size in sizes.items()
        if recorded.get(seq, ("", None))[1] != size or seq in beside
    }


def _take_new_id(
    store: ProgressStore, folder: Path, old: str, replacing: list[Segment]
) -> IdentityCheck:
    """Give this data folder a fresh device id; all its events stamped with
    the old one go out again in its new journal."""
    new = secrets.token_hex(8)
    relayed = None
    held = store.sync.known(e.id for segment in replacing for e in segment.events)
    lines = [e.to_json() for segment in replacing for e in segment.events if e.id not in held]
    if lines:
        # Written before the new id is stored: killed in between, the next
        # sync finds the other copy again and takes another id, and this
        # segment is merged by every computer like any other.
        try:
            relayed = write_segment(folder, new, lines)
        except OSError as error:
            # The id stays until they can go out: a later sync finds the
            # other copy again (this one, or the other copy, parts them).
            reason = error.strerror or str(error)
            said = (
                "another copy of this data folder uses this computer's sync id: they are "
                f"parted once the sync folder can be written ({reason})"
            )
            return IdentityCheck(problems=[said])
    with store.transaction() as db:
        store.sync.set_device(db, new)
        store.sync.reexport_own(db, old)
        # Every segment under the old id is the other copy's from now on,
        # and merged from the first: those replaced hold its events only.
        store.sync.forget_segments(db, old)
        if relayed is not None:
            store.sync.mark_segment(db, new, relayed.seq, relayed.digest, relayed.size)
    return IdentityCheck(renewed=True)
