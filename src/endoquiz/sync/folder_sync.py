"""One sync with a folder: write this computer's new events, merge every other computer's.

Nothing in the folder replaces local progress: merging only adds events
(each id once) and recomputes the cards they touch from all their events,
local ones included (`merge.merge_card`); every segment is checked whole
before any of it is written. A merge is one transaction of whole segments,
of at most about EVENTS_PER_MERGE events: a longer history is merged in
several, each leaving every card it touched as all its events held so far
leave it, as if the rest had not arrived yet.
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


# What one merge (one transaction) takes in at most, give or take a segment:
# its events are all in memory (about 3 KB each, with their rows), and its
# transaction keeps every other writer waiting, an answer given meanwhile
# too. A first sync after years of answers (a million, from an Anki
# history) merges them in several transactions, as if their segments had
# arrived over several syncs; each leaves every card it touched as all
# its events held so far leave it.
EVENTS_PER_MERGE = 100_000


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
    settings_changed: Callable[[], None] = lambda: None,
) -> SyncReport:
    """Write this computer's new events to its journal in `folder`, then
    merge every segment not merged yet. A setting merged from another
    computer is stored only when `setting_usable(key, value)` says this
    endoquiz can use it (a newer one may write settings this one lacks);
    `settings_changed()` is called once it is stored, in the merge's
    transaction, so that `scheduler_for` replays answers with it.

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
    settings_to_send = store.sync.has_unexported_setting()
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
    if settings_to_send and sent:
        # A setting changed here goes to the others, who replay with it the
        # answers they replay (`_merge`): so does this computer, from now on
        # and for those it replayed before.
        with store.transaction() as db:
            replayed = store.sync.replayed_cards(db)
            _settle_cards(store, db, replayed, {}, store.sync.undo_targets(db), scheduler_for)
    newer = False
    received = 0
    # A merge of 100,000 answers builds a million objects that live to its
    # end, none in a cycle: the collector would walk them again and again.
    with collector_paused():
        merging: list[Segment] = []
        for item in read_segments(folder, store.sync.merged_segments()):
            if isinstance(item, SegmentProblem):
                problems.append(f"{item.device[:8]} segment {item.seq}: {item.reason}")
                newer = newer or item.newer
                continue
            merging.append(item)
            if sum(len(segment.events) for segment in merging) >= EVENTS_PER_MERGE:
                received += _merge(store, merging, scheduler_for, setting_usable, settings_changed)
                # Freed while the collector still rests, before the next
                # segment is read (`item` would keep the last one till then).
                merging = []
                del item
        if merging:
            received += _merge(store, merging, scheduler_for, setting_usable, settings_changed)
        del merging
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
    settings_changed: Callable[[], None],
) -> int:
    """Merge the segments' events not held yet, in one transaction; how many.
    The log rows go in first, the events are kept last: working the cards
    out reads the events held before, and takes these from memory."""
    candidates: dict[str, SyncEvent] = {}
    for segment in segments:
        for event in segment.events:
            candidates.setdefault(event.id, event)
    known = store.sync.known(candidates)
    fresh = [e for e in candidates.values() if e.id not in known]
    with roomy_cache(store.db), store.transaction() as db:
        answers = [e for e in fresh if e.kind is EventKind.ANSWER]
        # A card renamed here (`renamed_from:`) is under its new id: another
        # computer's events may still name the old one.
        aliases = store.sync.card_aliases(db)
        fresh_of: dict[tuple[str, str], list[SyncEvent]] = {}
        for event in fresh:
            if event.deck_id is not None and event.card_id is not None:
                key = (event.deck_id, event.card_id)
                fresh_of.setdefault(aliases.get(key, key), []).append(event)
        undone = [e.body["target"] for e in fresh if e.kind is EventKind.UNDO]
        # An undo names its answer only: the card is that answer's.
        cards = set(fresh_of) | store.sync.cards_of(db, undone)
        settings = [e for e in fresh if e.kind is EventKind.SETTING]
        if settings:
            # The settings first: an answer replayed below is replayed with the
            # settings this merge leaves, as on a computer that merged them
            # before it; and so are those replayed before, with older ones.
            store.sync.record_merged(db, settings, aliases)
            _settle_settings(store, db, settings, setting_usable)
            settings_changed()
            cards |= store.sync.replayed_cards(db)
        store.sync.add_answer_rows(db, answers, aliases)
        # Every undo held, this merge's too: one merged in an earlier sync keeps
        # out of the log an answer whose segment comes only now (segments
        # arrive in any order).
        taken_back = store.sync.undo_targets(db) | set(undone)
        installed = _settle_cards(store, db, cards, fresh_of, taken_back, scheduler_for)
        store.sync.record_merged(db, fresh, aliases)
        store.sync.hold_pending(db, cards - installed)
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
        _settle_cards(store, db, set(waiting), {}, store.sync.undo_targets(db), scheduler_for)
        store.sync.release_pending(db, waiting)
        return len(waiting)


# The cards worked out at a time: each step reads every event held of its
# cards, and a merge holds in memory no more of them than one step's (a
# first sync after years of answers touches every card, with its history).
CARDS_PER_STEP = 1000


def _settle_cards(
    store: ProgressStore,
    db: sqlite3.Connection,
    cards: set[tuple[str, str]],
    fresh_of: dict[tuple[str, str], list[SyncEvent]],
    undone: set[str],
    scheduler_for: Callable[[int], Scheduler],
) -> set[tuple[str, str]]:
    """Work out each of `cards` from every event held of it and those of
    `fresh_of` it has (merged now, not yet kept), `CARDS_PER_STEP` cards at
    a time; which of them are installed here."""
    installed: set[tuple[str, str]] = set()
    keys = sorted(cards)
    for start in range(0, len(keys), CARDS_PER_STEP):
        step = keys[start : start + CARDS_PER_STEP]
        bases = store.sync.installed_states(db, step)
        events = store.sync.events_of_cards(db, step)
        for key in step:
            if key in fresh_of:
                events.setdefault(key, []).extend(fresh_of[key])
        _recompute(store, db, bases, events, undone, scheduler_for)
        installed.update(bases)
    return installed


def _recompute(
    store: ProgressStore,
    db: sqlite3.Connection,
    bases: dict[tuple[str, str], CardState],
    events: dict[tuple[str, str], list[SyncEvent]],
    undone: set[str],
    scheduler_for: Callable[[int], Scheduler],
) -> None:
    """Store each installed card's state as all its events leave it, and
    keep out of the log every answer taken back: by an undo (`undone`), or
    by a replacing answer of its own card, whichever came first."""
    merged = []
    replayed: dict[str, tuple[int, tuple[Any, ...]]] = {}
    recorded: dict[str, SyncEvent] = {}
    out_of_log: list[str] = []
    for key, card_events in events.items():
        answers = [e for e in card_events if e.kind is EventKind.ANSWER]
        replaced = {e.body["replaces"] for e in answers if e.body["replaces"]}
        taken_back = undone | replaced if replaced else undone
        out_of_log += [e.id for e in answers if e.id in taken_back]
        base = bases.get(key)
        if base is None:
            continue  # its deck is not installed here: held for it (sync_pending)
        result = merge_card(base, card_events, taken_back, scheduler_for)
        merged.append((key, result.schedule, result.suspended, result.flag))
        replayed.update(result.replayed)
        recorded.update((e.id, e) for e in result.recorded)
    store.sync.remove_answer_rows(db, out_of_log)
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
