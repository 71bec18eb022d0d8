"""The learner's library: installed decks, their progress, and study sessions.

This is the public entry point of the core, used alike by the GUI, the CLI and
scripts (see docs/api.md).
"""

from __future__ import annotations

import os
from dataclasses import dataclass, replace
from datetime import UTC, datetime, tzinfo
from enum import StrEnum
from pathlib import Path
from types import TracebackType
from typing import Any

from endoquiz.deck_loader import check_deck
from endoquiz.deck_model import Card, Deck
from endoquiz.diagnostics import DeckError, Diagnostic, Severity
from endoquiz.progress_store import DB_FILENAME, InstalledDeckRow, ProgressStore, ReviewEntry
from endoquiz.review_session import ReviewSession
from endoquiz.scheduling import CardState, StudySettings, as_utc, make_scheduler

__all__ = ["DeckStatus", "InstalledDeck", "Library"]

_SETTINGS_KEY = "study_settings"
DECK_SUFFIXES = (".yaml", ".yml")


class DeckStatus(StrEnum):
    """Whether an installed deck's file can be studied now."""

    OK = "ok"
    MISSING = "missing"
    INVALID = "invalid"


@dataclass(frozen=True, slots=True)
class InstalledDeck:
    """An installed deck as it stands now.

    Attributes:
        deck: the loaded deck, None when its file is missing or invalid (its
            progress is kept and comes back when the file does).
        diagnostics: the file's errors and warnings.
    """

    id: str
    title: str
    path: Path
    status: DeckStatus
    deck: Deck | None
    diagnostics: tuple[Diagnostic, ...] = ()


@dataclass(frozen=True, slots=True)
class _Loaded:
    stamp: tuple[int, int]  # (mtime_ns, size) of the file when loaded
    entry: InstalledDeck


class Library:
    """A learner's decks and progress, kept in a data folder. Use `Library.open`."""

    def __init__(self, data_dir: Path, store: ProgressStore, *, fuzz: bool, zone: tzinfo | None):
        self.data_dir = data_dir
        self._store = store
        self._fuzz = fuzz
        self._zone = zone
        self._loaded: dict[str, _Loaded] = {}
        stored = store.setting(_SETTINGS_KEY)
        self._settings = StudySettings.from_json_dict(stored) if stored else StudySettings()

    @classmethod
    def open(
        cls,
        data_dir: str | os.PathLike[str],
        *,
        fuzz: bool = True,
        timezone: tzinfo | None = None,
    ) -> Library:
        """Open (creating if needed) the library in `data_dir`.

        Args:
            fuzz: spread intervals a little, as Anki does, so cards learned
                together do not stay together; off for reproducible tests.
            timezone: zone in which study days roll over; None for the system's.

        Raises:
            StoreError: when the progress database cannot be used.
        """
        folder = Path(data_dir)
        folder.mkdir(parents=True, exist_ok=True)
        return cls(folder, ProgressStore(folder / DB_FILENAME), fuzz=fuzz, zone=timezone)

    @property
    def db_path(self) -> Path:
        return self._store.path

    def close(self) -> None:
        self._store.close()

    def __enter__(self) -> Library:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()

    # -- settings ----------------------------------------------------------

    @property
    def settings(self) -> StudySettings:
        return self._settings

    def update_settings(self, **changes: Any) -> StudySettings:
        """Change study settings (see `StudySettings`); they are saved at once.

        Raises:
            ValueError: for an unknown setting or a value out of range.
            TypeError: for an unknown setting name.
        """
        settings = replace(self._settings, **changes)
        self._store.set_setting(_SETTINGS_KEY, settings.to_json_dict())
        self._settings = settings
        return settings

    # -- decks -------------------------------------------------------------

    def add_deck(self, path: str | os.PathLike[str], now: datetime | None = None) -> Deck:
        """Install a deck file, or refresh it if already installed.

        Progress of every card whose id is unchanged is kept; cards gone from
        the file keep their history but are no longer scheduled.

        Raises:
            DeckError: when the file is invalid; nothing installed is changed.
        """
        deck_path = Path(path).resolve()
        result = check_deck(deck_path)
        if result.deck is None:
            raise DeckError(result.diagnostics)
        self._install(result.deck, now)
        self._remember(
            result.deck.id,
            deck_path,
            InstalledDeck(
                result.deck.id,
                result.deck.title,
                deck_path,
                DeckStatus.OK,
                result.deck,
                result.diagnostics,
            ),
        )
        return result.deck

    def add_decks_in(
        self, folder: str | os.PathLike[str], now: datetime | None = None
    ) -> tuple[list[Deck], list[DeckError]]:
        """Install every deck file below a folder; the decks installed and the errors."""
        installed: list[Deck] = []
        errors: list[DeckError] = []
        for path in sorted(Path(folder).rglob("*")):
            if path.suffix in DECK_SUFFIXES and path.is_file():
                try:
                    installed.append(self.add_deck(path, now))
                except DeckError as error:
                    errors.append(error)
        return installed, errors

    def _install(self, deck: Deck, now: datetime | None) -> None:
        self._store.sync_deck(
            deck.id,
            deck.path,
            deck.content_hash,
            deck.title,
            ((card.id, card.note_id) for card in deck.cards),
            as_utc(now) if now is not None else datetime.now(UTC),
            deck.order,
        )

    def _remember(self, deck_id: str, path: Path, entry: InstalledDeck) -> None:
        try:
            stat = path.stat()
        except OSError:
            return
        self._loaded[deck_id] = _Loaded((stat.st_mtime_ns, stat.st_size), entry)

    def decks(self) -> list[InstalledDeck]:
        """Every installed deck in tree order (see `deck_tree`), with edited
        files re-read."""
        return [
            self._refresh(row.id, row.path, row.content_hash, row.title)
            for row in self._tree_ordered(self._store.installed_decks())
        ]

    @staticmethod
    def _tree_ordered(rows: list[InstalledDeckRow]) -> list[InstalledDeckRow]:
        """Parents before children; siblings by their `order`, then by id.

        A parent that is not a deck of its own (just a prefix of ids) sorts
        by id among its siblings.
        """
        orders = {row.id: row.order for row in rows}

        def key(row: InstalledDeckRow) -> list[tuple[int, int, str]]:
            parts = row.id.split("/")
            levels = []
            for depth in range(1, len(parts) + 1):
                order = orders.get("/".join(parts[:depth]))
                # Decks with an order come first among their siblings.
                levels.append(
                    (0, order, parts[depth - 1]) if order is not None else (1, 0, parts[depth - 1])
                )
            return levels

        return sorted(rows, key=key)

    def deck(self, deck_id: str) -> Deck:
        """An installed deck, loaded.

        Raises:
            KeyError: when no such deck is installed.
            DeckError: when its file is missing or invalid.
        """
        entry = self._entry(deck_id)
        if entry.deck is None:
            raise DeckError(entry.diagnostics)
        return entry.deck

    def _entry(self, deck_id: str) -> InstalledDeck:
        for row in self._store.installed_decks():
            if row.id == deck_id:
                return self._refresh(row.id, row.path, row.content_hash, row.title)
        raise KeyError(f"no deck '{deck_id}' is installed")

    def _refresh(self, deck_id: str, path: Path, stored_hash: str, title: str) -> InstalledDeck:
        """The deck as its file is now; a changed file is re-read and synced."""
        try:
            stat = path.stat()
        except OSError:
            message = f"the deck file is missing: {path}"
            return InstalledDeck(
                deck_id,
                title,
                path,
                DeckStatus.MISSING,
                None,
                (Diagnostic(path, 1, 1, Severity.ERROR, message),),
            )
        cached = self._loaded.get(deck_id)
        if cached is not None and cached.stamp == (stat.st_mtime_ns, stat.st_size):
            return cached.entry
        result = check_deck(path)
        deck = result.deck
        if deck is not None and deck.id != deck_id:
            message = (
                f"the file now declares deck id '{deck.id}' instead of '{deck_id}'; "
                "progress is kept by deck id, so change it back or install it as a new deck"
            )
            diagnostics = (Diagnostic(path, 1, 1, Severity.ERROR, message),)
            entry = InstalledDeck(deck_id, title, path, DeckStatus.INVALID, None, diagnostics)
        elif deck is None:
            entry = InstalledDeck(
                deck_id, title, path, DeckStatus.INVALID, None, result.diagnostics
            )
        else:
            if deck.content_hash != stored_hash:
                self._install(deck, None)
            entry = InstalledDeck(
                deck_id, deck.title, path, DeckStatus.OK, deck, result.diagnostics
            )
        self._loaded[deck_id] = _Loaded((stat.st_mtime_ns, stat.st_size), entry)
        return entry

    def deck_tree(self, deck_id: str) -> list[str]:
        """The deck and its descendants in tree order: parents first, siblings
        by their `order`, then by id. New cards come in this order."""
        rows = self._tree_ordered(self._store.installed_decks())
        tree = [r.id for r in rows if r.id == deck_id or r.id.startswith(deck_id + "/")]
        if not tree:
            raise KeyError(f"no deck '{deck_id}' is installed")
        return tree

    # -- study -------------------------------------------------------------

    def review(self, deck_id: str, now: datetime | None = None) -> ReviewSession:
        """A study session over `deck_id` and its children (missing or invalid
        files are left out until they are fixed).

        Raises:
            KeyError: when no such deck (or child deck) is installed.
        """
        moment = as_utc(now) if now is not None else datetime.now(UTC)
        tree = self.deck_tree(deck_id)
        cards: dict[tuple[str, str], Card] = {}
        studied: list[str] = []
        for tree_id in tree:
            entry = self._entry(tree_id)
            if entry.deck is None:
                continue
            studied.append(tree_id)
            for card in entry.deck.cards:
                cards[(tree_id, card.id)] = card
        return ReviewSession(
            store=self._store,
            scheduler=make_scheduler(self._settings, fuzz=self._fuzz),
            preview_scheduler=make_scheduler(self._settings, fuzz=False),
            settings=self._settings,
            zone=self._zone,
            deck_ids=studied or [deck_id],
            cards=cards,
            now=moment,
        )

    def card_state(self, deck_id: str, card_id: str) -> CardState:
        """The scheduling state of one card.

        Raises:
            KeyError: when the card was never installed.
        """
        state = self._store.card_state(deck_id, card_id)
        if state is None:
            raise KeyError(f"no card '{card_id}' in deck '{deck_id}'")
        return state

    def review_log(
        self, deck_id: str | None = None, card_id: str | None = None
    ) -> list[ReviewEntry]:
        """Every answer given, oldest first; optionally of one deck or card."""
        return self._store.review_log(deck_id, card_id)
