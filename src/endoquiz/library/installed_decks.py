"""Installed decks: which files are installed, reading them again only when they change.

The progress store keeps each installed file's path, title and stamp (its
modification time and size): listing decks trusts an unchanged file without
parsing it, and a changed one is read and, if its content changed, synced.
Installing and listing share the parse of each file version (its cache is
what keeps a start from parsing unchanged decks), hence one module of a
little over 400 lines.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Iterable
from dataclasses import replace
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from endoquiz.common.clock import moment_or_now
from endoquiz.common.gc_pause import collector_paused
from endoquiz.decks.deck_model import Card, Deck, card_content, content_json
from endoquiz.decks.deck_tree import tree_order
from endoquiz.decks.diagnostics import DeckError, Diagnostic, Severity, in_file_order
from endoquiz.library.card_renames import plan_renames
from endoquiz.library.deck_files import (
    DECK_SUFFIXES,
    check_deck,
    check_deck_keeping_parse,
    copy_deck,
    copy_target,
    file_stamp,
    resolved,
)
from endoquiz.library.deck_status import DeckImport, DeckStatus, InstalledDeck
from endoquiz.store.errors import StoreError
from endoquiz.store.progress_store import ProgressStore
from endoquiz.store.rows import CardToStore, InstalledDeckRow
from endoquiz.store.search_index import index_fields

if TYPE_CHECKING:
    # Imported on first use, with the YAML parser (see `deck_files.check_deck`).
    from endoquiz.decks.deck_loader import ParsedDeck


class InstalledDecks:
    """The installed deck files of one data folder, kept in its progress store."""

    def __init__(self, data_dir: Path, store: ProgressStore) -> None:
        self.data_dir = data_dir
        self._store = store
        # The last parse of each file, and of each file found invalid, by
        # stamp: a file is read once per version.
        self._parsed: dict[str, tuple[tuple[int, int], Deck]] = {}
        self._problems: dict[str, tuple[tuple[int, int], InstalledDeck]] = {}
        # ((data_version, changes), rows) of the last `decks()`: the deck
        # list, its overview and the first session all ask at start, and
        # counting the cards of 100,000 takes some 6 ms each time.
        self._rows_cache: tuple[tuple[int, int], list[InstalledDeckRow]] | None = None

    def add_deck(self, path: str | os.PathLike[str], now: datetime | None = None) -> Deck:
        """Install a deck file, or refresh it if already installed.

        Progress of every card whose id is unchanged is kept; cards gone from
        the file keep their history but are no longer scheduled.

        Raises:
            DeckError: when the file is invalid; nothing installed is changed.
        """
        # One pause for reading and storing: resumed between them, the
        # collector would walk the deck's objects once more.
        with collector_paused():
            deck, stamp, _warnings = self._read_to_install(resolved(Path(path)), self._store)
            self.install(deck, stamp, now)
        return deck

    def _read_to_install(
        self, path: Path, store: ProgressStore, copied_from: ParsedDeck | None = None
    ) -> tuple[Deck, tuple[int, int] | None, tuple[Diagnostic, ...]]:
        """The deck in a file, checked for installing, the file's stamp and
        its warnings. `copied_from` is the parse of the file this one was
        copied from: a copy still holding its bytes is not parsed again.

        Raises:
            DeckError: when the file is invalid, or its id is another file's.
        """
        stamp = file_stamp(path)
        result, _parsed = check_deck_keeping_parse(path, copied_from)
        if result.deck is None:
            raise DeckError(result.diagnostics)
        self.refuse_a_taken_id(result.deck, path, store)
        return result.deck, stamp, result.warnings

    def install_decks(
        self,
        paths: Iterable[str | os.PathLike[str]],
        *,
        copy: bool = False,
        now: datetime | None = None,
        cancel: threading.Event | None = None,
        on_step: Callable[[str, Path], None] | None = None,
    ) -> DeckImport:
        """Install deck files as `add_deck` does (`add_deck_copy` with
        `copy`), each in one transaction, through a database connection of
        its own: a window runs it in a worker thread and stays responsive
        through a long import (a 100,000-card deck takes seconds to read and
        seconds to save).

        Args:
            cancel: set from any thread to stop: the deck being saved is
                rolled back whole (a copy made for it removed), and no
                further file is read.
            on_step: called with "reading" or "saving" and the file, in the
                calling thread, before each step.
        """
        stop = cancel.is_set if cancel is not None else (lambda: False)
        installed: list[Deck] = []
        failed: list[tuple[Path, DeckError | StoreError]] = []
        warnings: list[Diagnostic] = []
        store = ProgressStore(self._store.path)
        try:
            for path in map(Path, paths):
                if stop():
                    return DeckImport(installed, failed, cancelled=path, warnings=warnings)
                copied: Path | None = None
                parsed: ParsedDeck | None = None
                saved = False
                try:
                    if on_step is not None:
                        on_step("reading", path)
                    source = resolved(path)
                    with collector_paused():  # as in `add_deck`
                        if copy:
                            source, created, parsed = self._copy_into_data(source, store)
                            copied = source if created else None
                        deck, stamp, deck_warnings = self._read_to_install(source, store, parsed)
                        parsed = None  # its tree is not kept while the deck is saved
                        if not stop():
                            if on_step is not None:
                                on_step("saving", path)
                            with store.stopping_when(stop):
                                renames = self.install(deck, stamp, now, store)
                            # A file installed before may now have lost a
                            # card that has progress: said with the rest.
                            deck_warnings = (*deck_warnings, *renames)
                            saved = True
                except (DeckError, StoreError) as error:
                    if not stop():  # a stopped save fails as "interrupted"
                        failed.append((path, error))
                if saved:
                    installed.append(deck)
                    warnings.extend(deck_warnings)
                    continue
                if copied is not None:
                    copied.unlink(missing_ok=True)
                if stop():
                    return DeckImport(installed, failed, cancelled=path, warnings=warnings)
        finally:
            store.close()
        return DeckImport(installed, failed, warnings=warnings)

    def refuse_a_taken_id(
        self, deck: Deck, installed_at: Path, store: ProgressStore | None = None
    ) -> None:
        """Raise DeckError when another installed file, still there and still
        a deck of this id, has `deck`'s id: installing it at `installed_at`
        would silently take that deck's place. A deck moved or renamed (its
        old file gone, or declaring another id now) takes the place, keeping
        its progress."""
        for row in (store or self._store).installed_decks():
            if row.id != deck.id or row.path == installed_at or not row.path.is_file():
                continue
            other = check_deck(row.path).deck
            if other is not None and other.id == deck.id:
                from endoquiz.decks.deck_loader import id_taken

                raise DeckError([id_taken(deck, row.path)])

    def add_deck_copy(
        self,
        path: str | os.PathLike[str],
        now: datetime | None = None,
        *,
        target: Path | None = None,
        parsed: ParsedDeck | None = None,
    ) -> Deck:
        """Copy a deck file, with the images its cards use, into `decks/` of
        the data folder and install the copy, so that the deck travels with
        the data (portable mode). A file already there is installed as it is.
        `target` names the copy (a shared deck opened again goes over its
        earlier copy); by default `decks/<id>/<file name>`. `parsed`, the
        caller's parse of the file, spares parsing it again.

        Raises:
            DeckError: when the file is invalid, or its id another installed
                file's; nothing is copied or changed.
        """
        with collector_paused():  # as in `add_deck`
            copied, _created, parsed = self._copy_into_data(
                resolved(Path(path)), self._store, target, parsed
            )
            deck, stamp, _warnings = self._read_to_install(copied, self._store, parsed)
            del parsed  # its tree is not kept while the deck is saved
            self.install(deck, stamp, now)
        return deck

    def _copy_into_data(
        self,
        source: Path,
        store: ProgressStore,
        target: Path | None = None,
        parsed: ParsedDeck | None = None,
    ) -> tuple[Path, bool, ParsedDeck | None]:
        """Copy a deck file and its images into `decks/` of the data folder
        (a file already there stays as it is); the file to install, whether
        this call created it (to remove if the install fails), and the
        source's parse, so that installing the copy does not parse it again.

        Raises:
            DeckError: when the file is invalid or its id another file's.
        """
        result, parsed = check_deck_keeping_parse(source, parsed)
        deck = result.deck
        if deck is None:
            raise DeckError(result.diagnostics)
        target = target or copy_target(deck, source, self.data_dir)
        if target is None:
            return source, False, parsed
        self.refuse_a_taken_id(deck, target, store)
        return target, copy_deck(deck, source, target), parsed

    def add_decks_in(
        self,
        folder: str | os.PathLike[str],
        now: datetime | None = None,
        *,
        only_new: bool = False,
    ) -> tuple[list[Deck], list[DeckError]]:
        """Install every deck file below a folder; the decks installed and the errors.

        Args:
            only_new: skip files already installed (without reading them): the
                app installs its bundled decks this way at every start, and
                `decks()` notices when one of them changed.
        """
        installed: list[Deck] = []
        errors: list[DeckError] = []
        known = {row.path for row in self._store.installed_decks()} if only_new else set()
        for path in sorted(Path(folder).resolve().rglob("*")):
            if path in known:
                continue
            if path.suffix in DECK_SUFFIXES and path.is_file():
                try:
                    installed.append(self.add_deck(path, now))
                except DeckError as error:
                    errors.append(error)
        return installed, errors

    def install(
        self,
        deck: Deck,
        stamp: tuple[int, int] | None,
        now: datetime | None,
        store: ProgressStore | None = None,
    ) -> tuple[Diagnostic, ...]:
        """Store a checked deck: its row and cards, renamed cards' progress
        carried to their new ids in the same transaction; the warnings
        about renames (see `card_renames`)."""
        store = store or self._store
        record = InstalledDeckRow(
            id=deck.id,
            path=deck.path,
            content_hash=deck.content_hash,
            title=deck.title,
            order=deck.order,
            description=deck.description,
            disclaimer=deck.disclaimer,
            stamp=stamp,
        )
        # The moves are planned from the store as this transaction sees it.
        with collector_paused(), store.transaction():
            plan = plan_renames(deck, store.card_progress)
            store.sync_deck(record, map(_to_store, deck.cards), moment_or_now(now), plan.moves)
        self._problems.pop(deck.id, None)
        if stamp is not None:
            self._parsed[deck.id] = (stamp, deck)
        return plan.warnings

    def decks(self) -> list[InstalledDeck]:
        """Every installed deck in tree order (see `deck_tree`), as its file
        is now: a file whose size or modification time changed is read again
        (once per version), others are not. Nothing is written: `sync` stores
        what changed."""
        return [self.current(row) for row in self._rows()]

    def sync(self) -> list[InstalledDeck]:
        """Store what changed in the installed deck files since they were
        last read (their cards, titles and stamps), and list the decks as
        `decks` does."""
        return [self.current(row, sync=True) for row in self._rows()]

    def _rows(self) -> list[InstalledDeckRow]:
        key = (self._store.data_version(), self._store.changes)
        if self._rows_cache is None or self._rows_cache[0] != key:
            rows = _tree_ordered(self._store.installed_decks(with_counts=True))
            self._rows_cache = (key, rows)
        return self._rows_cache[1]

    def deck(self, deck_id: str) -> Deck:
        """An installed deck, loaded as its file is now.

        Raises:
            KeyError: when no such deck is installed.
            DeckError: when its file is missing or invalid.
        """
        entry = self._entry(deck_id)
        deck = entry.deck
        if deck is None:
            raise DeckError(entry.diagnostics or self._entry(deck_id, force=True).diagnostics)
        return deck

    def _entry(self, deck_id: str, *, force: bool = False) -> InstalledDeck:
        for row in self._store.installed_decks(with_counts=True):
            if row.id == deck_id:
                return self.current(row, force=force)
        raise KeyError(f"no deck '{deck_id}' is installed")

    def current(
        self, row: InstalledDeckRow, *, force: bool = False, sync: bool = False
    ) -> InstalledDeck:
        """The deck as its file is now. An unchanged file (same stamp as when
        it was last stored) is trusted without parsing; a changed one is read
        (once per version), and with `sync` what changed is stored."""
        path = row.path
        stamp = file_stamp(path)
        if stamp is None:
            message = f"the deck file is missing: {path}"
            return self._listed(
                row, DeckStatus.MISSING, (Diagnostic(path, 1, 1, Severity.ERROR, message),)
            )
        if stamp == row.stamp and not force:
            return self._listed(row, DeckStatus.OK)
        problem = self._problems.get(row.id)
        if problem is not None and problem[0] == stamp and not force:
            return problem[1]
        parsed = self._parsed.get(row.id)
        deck: Deck | None
        diagnostics: tuple[Diagnostic, ...]
        if parsed is not None and parsed[0] == stamp and not force:
            deck, diagnostics = parsed[1], ()
        else:
            result = check_deck(path)
            deck, diagnostics = result.deck, result.diagnostics
        if deck is not None and deck.id != row.id:
            from endoquiz.decks.deck_loader import id_location

            message = (
                f"the file now declares deck id '{deck.id}' instead of '{row.id}'; "
                "progress is kept by deck id, so change it back or install it as a new deck"
            )
            line, column = id_location(path)  # at the `id:` changed, not 1:1
            deck, diagnostics = None, (Diagnostic(path, line, column, Severity.ERROR, message),)
        if deck is None:
            entry = self._listed(row, DeckStatus.INVALID, diagnostics)
            self._problems[row.id] = (stamp, entry)
            return entry
        self._parsed[row.id] = (stamp, deck)
        self._problems.pop(row.id, None)
        listed = (deck.title, deck.description, deck.disclaimer, deck.order)
        changed = deck.content_hash != row.content_hash or listed != (
            row.title,
            row.description,
            row.disclaimer,
            row.order,
        )
        if not sync:
            if not changed:
                return self._listed(row, DeckStatus.OK, diagnostics)
            # As the file is now, until `sync` stores it.
            now = replace(
                row,
                title=deck.title,
                description=deck.description,
                disclaimer=deck.disclaimer,
                order=deck.order,
                card_count=len(deck.cards),
            )
            return self._listed(now, DeckStatus.OK, diagnostics)
        if changed:
            diagnostics = in_file_order((*diagnostics, *self.install(deck, stamp, None)))
        else:
            self._store.set_deck_stamp(row.id, stamp)
        fresh = next(r for r in self._store.installed_decks(with_counts=True) if r.id == row.id)
        return self._listed(fresh, DeckStatus.OK, diagnostics)

    def _listed(
        self,
        row: InstalledDeckRow,
        status: DeckStatus,
        diagnostics: tuple[Diagnostic, ...] = (),
    ) -> InstalledDeck:
        return InstalledDeck(row, status, diagnostics, _load=lambda: self._parse(row.id, row.path))

    def _parse(self, deck_id: str, path: Path) -> Deck | None:
        """The deck in a file, parsed once per version of the file."""
        stamp = file_stamp(path)
        cached = self._parsed.get(deck_id)
        if cached is not None and cached[0] == stamp:
            return cached[1]
        deck = check_deck(path).deck
        if deck is None or deck.id != deck_id or stamp is None:
            return None
        self._parsed[deck_id] = (stamp, deck)
        return deck

    def deck_path(self, deck_id: str) -> Path:
        """Where an installed deck's file is (or was), without reading it.

        Raises:
            KeyError: when no such deck is installed.
        """
        for row in self._store.installed_decks():
            if row.id == deck_id:
                return row.path
        raise KeyError(f"no deck '{deck_id}' is installed")

    def reread_missing_contents(self) -> None:
        """Read again, from their files, the decks whose card text is not stored."""
        missing = set(self._store.decks_missing_content())
        unreadable = []
        for row in self._store.installed_decks():
            if row.id not in missing:
                continue
            deck = check_deck(row.path).deck if row.path.is_file() else None
            if deck is None or deck.id != row.id:
                unreadable.append(f"{row.id} ({row.path})")
                continue
            self.install(deck, file_stamp(row.path), None)
        if unreadable:
            raise StoreError(
                "stored card text was damaged on disk, and the deck file to read it again "
                f"from cannot be read: {', '.join(unreadable)}. Restore or fix the file"
            )

    def synced_tree(self, tree: list[str], rows: list[InstalledDeckRow]) -> list[str]:
        """The decks of `tree` whose files are usable, in order, each stored
        again first if its file changed (a stamp check for an unchanged one).
        `rows`: the store's installed decks, as just read."""
        rows_by_id = {row.id: row for row in rows}
        return [
            tree_id
            for tree_id in tree
            if self.current(rows_by_id[tree_id], sync=True).status is DeckStatus.OK
        ]

    def card_rows(self, tree: list[str]) -> list[tuple[str, list[tuple[str, str, int, str]]]]:
        """(card id, note id, position, content JSON) of the cards of each
        usable deck of `tree`, from the progress store: a deck file is read
        only if it changed (or its cards were stored before their content
        was kept).

        Raises:
            StoreError: when stored card text is missing and the deck file
                to read it again from cannot be read.
        """
        rows_by_id = {row.id: row for row in self._store.installed_decks()}
        result = []
        for tree_id in tree:
            entry = self.current(rows_by_id[tree_id], sync=True)  # stores a changed file
            if entry.status is not DeckStatus.OK:
                continue
            rows = self._store.card_contents(tree_id)
            if any(content is None for *_, content in rows):
                deck = entry.deck  # parse once, and store the content
                if deck is None:
                    raise StoreError(
                        f"stored card text of deck {tree_id} is missing or was damaged on disk, "
                        "and the deck file to read it again from cannot be read: "
                        f"{entry.path}. Restore or fix the file"
                    )
                self.install(deck, file_stamp(deck.path), None)
                rows = self._store.card_contents(tree_id)
            result.append(
                (tree_id, [(cid, nid, pos, content or "") for cid, nid, pos, content in rows])
            )
        return result


def _to_store(card: Card) -> CardToStore:
    """A card as the store keeps it, its content made into JSON and into
    search fields from one dict (not the JSON read back)."""
    content = card_content(card)
    return CardToStore(card.id, card.note_id, content_json(content), *index_fields(content))


def _tree_ordered(rows: list[InstalledDeckRow]) -> list[InstalledDeckRow]:
    """The rows in tree order (`deck_tree.tree_order`)."""
    by_id = {row.id: row for row in rows}
    return [by_id[deck_id] for deck_id in tree_order({row.id: row.order for row in rows})]
