"""One sync with a folder: write this computer's new events, merge every other computer's.

Nothing in the folder replaces local progress: merging only adds events
(each id once) and recomputes the cards they touch from all their events,
local ones included (`merge.merge_card`); every segment is checked whole
before any of it is written, and the whole merge is one transaction.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from endoquiz.common.gc_pause import collector_paused
from endoquiz.store.sync_events import EventKind, SyncEvent
from endoquiz.store.sync_log import roomy_cache
from endoquiz.sync.device_identity import check_device_identity
from endoquiz.sync.journal import (
    Segment,
    SegmentProblem,
    devices_in,
    read_segments,
    segment_sizes,
    write_segment,
)
from endoquiz.sync.merge import merge_card

if TYPE_CHECKING:
    from endoquiz.scheduling import CardState
    from endoquiz.scheduling.scheduler import Scheduler
    from endoquiz.store.progress_store import ProgressStore

__all__ = ["SyncFolderError", "SyncReport", "apply_pending", "sync_with_folder"]


@dataclass(frozen=True, slots=True)
class SyncReport:
    """What one sync did, for the status bar and `endoquiz sync`.

    Attributes:
        sent: events of this computer written to its journal.
        received: events merged from the folder (other computers', or a copy
            of this data folder's).
        computers: other computers with a journal in the folder.
        problems: segments not read this time, and why (read again next time).
        newer: a computer uses a newer endoquiz, whose journal this one cannot read.
        offered: decks in the folder this computer lacks or has in another
            version, and can install (`Library.offered_decks`).
        settled: cards held for a sync to work out again from all their
            events (a deck installed since they were merged, an undo after
            a merge, an answer given while a merge changed its card).
        new_device: another copy of this data folder (copied, or restored
            from the same backup) wrote under this computer's device id, and
            this one took a new id (sync/device_identity.py).
    """

    at: datetime
    sent: int
    received: int
    computers: int
    problems: list[str] = field(default_factory=list)
    newer: bool = False
    offered: int = 0  # decks another computer put in the folder, to install here
    settled: int = 0  # cards held for this sync, worked out again from their events
    new_device: bool = False


# What one journal segment holds at most: 100,000 answers are about 30 MB of
# lines, far below what a reader accepts (256 MB), and a merge's good size.
EVENTS_PER_SEGMENT = 100_000
BYTES_PER_SEGMENT = 64 * 1024 * 1024


def _segment_batches(pending: list[tuple[str, str]]) -> Iterator[list[tuple[str, str]]]:
    """This computer's unsent events (id, line), in clock order, cut into
    segments of at most EVENTS_PER_SEGMENT events and about BYTES_PER_SEGMENT."""
    batch: list[tuple[str, str]] = []
    size = 0
    for event in pending:
        if batch and (len(batch) >= EVENTS_PER_SEGMENT or size + len(event[1]) > BYTES_PER_SEGMENT):
            yield batch
            batch, size = [], 0
        batch.append(event)
        size += len(event[1]) + 1
    if batch:
        yield batch


class SyncFolderError(Exception):
    """The sync folder cannot be used (missing, not a folder, not writable)."""


def sync_with_folder(
    store: ProgressStore,
    folder: Path,
    scheduler_for: Callable[[int], Scheduler],
    now: datetime,
    setting_usable: Callable[[str, Any], bool] = lambda key, value: True,
) -> SyncReport:
    """Write this computer's new events to its journal in `folder`, then
    merge every segment not merged yet. A setting merged from another
    computer is stored only when `setting_usable(key, value)` says this
    endoquiz can use it (a newer one may write settings this one lacks).

    Raises:
        SyncFolderError: when the folder is missing; nothing was changed.
            One that cannot be written is still read (`SyncReport.problems`).
        StoreError: when the progress database cannot be written.
    """
    if not folder.is_dir():
        raise SyncFolderError(f"the sync folder {folder} is not there (is its drive connected?)")
    # Before anything is written: a copy of this data folder may write the same journal.
    identity = check_device_identity(store, folder)
    device = store.sync.device()
    store.backfill_sync_events()
    _heal_own_journal(store, folder, device)
    pending = store.sync.unexported()
    problems = list(identity.problems)
    sent = 0
    # In segments of a bounded size: a first sync after years of answers (an
    # Anki history of a million) must not make one file too large for the
    # others to read (journal._MAX_SEGMENT_BYTES), or to copy whole.
    for batch in _segment_batches(pending):
        try:
            written = write_segment(folder, device, [line for _, line in batch])
        except OSError as error:
            # A read-only folder (or a full disk) still brings the others'
            # progress in; this computer's waits for the next sync.
            problems.append(f"cannot write to the sync folder: {error.strerror or error}")
            break
        with store.transaction() as db:
            store.sync.mark_exported(db, [event_id for event_id, _ in batch])
            store.sync.mark_segment(db, device, written.seq, written.digest, written.size)
        sent += len(batch)
    segments: list[Segment] = []
    newer = False
    # A merge of 100,000 answers builds a million objects that live to its
    # end, none in a cycle: the collector would walk them again and again.
    with collector_paused():
        for item in read_segments(folder, store.sync.merged_segments()):
            if isinstance(item, SegmentProblem):
                problems.append(f"{item.device[:8]} segment {item.seq}: {item.reason}")
                newer = newer or item.newer
            else:
                segments.append(item)
        received = _merge(store, segments, scheduler_for, setting_usable) if segments else 0
        del segments  # freed while the collector still rests
        settled = apply_pending(store, scheduler_for)
    others = [d for d in devices_in(folder) if d != device]
    return SyncReport(
        now,
        sent,
        received,
        len(others),
        problems,
        newer,
        settled=settled,
        new_device=identity.renewed,
    )


def _heal_own_journal(store: ProgressStore, folder: Path, device: str) -> None:
    """Write this computer's events again when a segment it wrote is gone
    from the folder or no longer whole (a sync tool, a disk, a person): the
    other computers may not have it, and only this one can write it."""
    written = store.sync.written_sizes(device)
    if not written:
        return
    # By size, at no cost to a sync with nothing new: a lost segment, or
    # one cut short or overwritten by a half-synced copy, no longer has its size.
    sizes = segment_sizes(folder, device)
    if any(sizes.get(seq) != size for seq, size in written.items()):
        with store.transaction() as db:
            store.sync.reexport_own(db, device)
            store.sync.forget_segments(db, device)


def _merge(
    store: ProgressStore,
    segments: list[Segment],
    scheduler_for: Callable[[int], Scheduler],
    setting_usable: Callable[[str, Any], bool],
) -> int:
    """Merge the segments' events not held yet, in one transaction; how many."""
    candidates: dict[str, SyncEvent] = {}
    for segment in segments:
        for event in segment.events:
            candidates.setdefault(event.id, event)
    known = store.sync.known(candidates)
    fresh = [e for e in candidates.values() if e.id not in known]
    with roomy_cache(store.db), store.transaction() as db:
        answers = [e for e in fresh if e.kind is EventKind.ANSWER]
        removed = [e.body["target"] for e in fresh if e.kind is EventKind.UNDO]
        removed += [e.body["replaces"] for e in answers if e.body["replaces"]]
        cards = {(e.deck_id, e.card_id) for e in fresh if e.deck_id and e.card_id}
        # An undo names its answer only: the card is that answer's.
        cards |= store.sync.cards_of(db, removed)
        bases = store.sync.installed_states(db, cards)
        # The events held before this merge, of the cards it touches (those
        # of a deck not installed here too: their answers are logged).
        held = store.sync.events_of_cards(db, cards)
        store.sync.record_merged(db, fresh)
        for event in fresh:
            if event.deck_id is not None and event.card_id is not None:
                held.setdefault((event.deck_id, event.card_id), []).append(event)
        # Answers taken back by an undo or a replacing answer, whichever came
        # first: segments arrive in any order, and an undo merged in an earlier
        # sync keeps its answer out of the log as surely as one merged with it.
        taken_back = _taken_back(store, db, held)
        store.sync.add_answer_rows(db, answers)
        store.sync.remove_answer_rows(db, removed + [e.id for e in answers if e.id in taken_back])
        _recompute(store, db, bases, held, scheduler_for, taken_back)
        store.sync.hold_pending(db, cards - set(bases))
        settings = [e for e in fresh if e.kind is EventKind.SETTING]
        _settle_settings(store, db, settings, setting_usable)
        if fresh:
            store.sync.witness(db, max(e.stamp for e in fresh))
        for segment in segments:
            store.sync.mark_segment(db, segment.device, segment.seq, segment.digest)
    # Events stamped with this id count too: a copy of this data folder made
    # them (or it was restored from a backup older than its journal).
    return len(fresh)


def apply_pending(store: ProgressStore, scheduler_for: Callable[[int], Scheduler]) -> int:
    """Give the cards of a deck installed since their events were merged
    (offered through the folder, or installed by hand) the state those
    events leave them in; how many."""
    if not store.sync.installed_pending(store.db):
        return 0  # a sync with nothing new writes nothing
    with store.transaction() as db:
        waiting = store.sync.installed_pending(db)
        bases = store.sync.installed_states(db, waiting)
        held = store.sync.events_of_cards(db, bases)
        _recompute(store, db, bases, held, scheduler_for, _taken_back(store, db, held))
        store.sync.release_pending(db, waiting)
        return len(waiting)


def _taken_back(
    store: ProgressStore, db: sqlite3.Connection, events: dict[tuple[str, str], list[SyncEvent]]
) -> set[str]:
    """The answers taken back: by every undo held, and by a replacing answer
    among these cards' events (an answer replaces one of its own card)."""
    taken_back = store.sync.undo_targets(db)
    taken_back |= {
        e.body["replaces"]
        for card_events in events.values()
        for e in card_events
        if e.kind is EventKind.ANSWER and e.body["replaces"]
    }
    return taken_back


def _recompute(
    store: ProgressStore,
    db: sqlite3.Connection,
    bases: dict[tuple[str, str], CardState],
    events: dict[tuple[str, str], list[SyncEvent]],
    scheduler_for: Callable[[int], Scheduler],
    taken_back: set[str],
) -> None:
    """Store each installed card's state as all its events leave it, but
    for the answers `taken_back`."""
    merged = []
    replayed: dict[str, tuple[int, tuple[Any, ...]]] = {}
    recorded: dict[str, SyncEvent] = {}
    for key, base in bases.items():
        card_events = events.get(key, [])
        result = merge_card(base, card_events, taken_back, scheduler_for)
        merged.append((key, result.schedule, result.suspended, result.flag))
        replayed.update(result.replayed)
        recorded.update((e.id, e) for e in result.recorded)
    store.sync.write_cards(db, merged)
    store.sync.match_log_rows(db, replayed, recorded)


def _settle_settings(
    store: ProgressStore,
    db: sqlite3.Connection,
    events: list[SyncEvent],
    usable: Callable[[str, Any], bool],
) -> None:
    """Each setting the events touch takes the value of its latest event,
    when this endoquiz can use it; else it keeps its own."""
    for key in sorted({e.body["key"] for e in events}):
        latest = store.sync.latest_setting(key)
        if latest is not None and usable(key, latest.body["value"]):
            store.sync.put_setting(db, key, latest.body["value"])
