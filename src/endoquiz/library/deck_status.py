"""Installed decks as the deck list shows them (status, stored row, problems); an import."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path

from endoquiz.decks.deck_model import Deck
from endoquiz.decks.diagnostics import DeckError, Diagnostic
from endoquiz.store.errors import StoreError
from endoquiz.store.rows import InstalledDeckRow


class DeckStatus(StrEnum):
    """Whether an installed deck's file can be studied now."""

    OK = "ok"
    MISSING = "missing"
    INVALID = "invalid"


@dataclass(frozen=True, slots=True)
class InstalledDeck:
    """An installed deck as it stands now, as the deck list shows it.

    Listing decks does not parse files that are unchanged since they were last
    read: the title, description and card count come from the progress store
    (`stored`, the store's row; or, for a file changed since, what it holds now).

    Attributes:
        status: OK, or MISSING / INVALID (its progress is kept, and comes back
            when the file does).
        diagnostics: the file's errors and warnings, when it was read now.
    """

    stored: InstalledDeckRow
    status: DeckStatus
    diagnostics: tuple[Diagnostic, ...] = ()
    _load: Callable[[], Deck | None] = field(default=lambda: None, repr=False, compare=False)

    @property
    def id(self) -> str:
        return self.stored.id

    @property
    def title(self) -> str:
        return self.stored.title

    @property
    def path(self) -> Path:
        return self.stored.path

    @property
    def description(self) -> str | None:
        return self.stored.description

    @property
    def disclaimer(self) -> str | None:
        return self.stored.disclaimer

    @property
    def order(self) -> int | None:
        """Its place among sibling decks, or None."""
        return self.stored.order

    @property
    def card_count(self) -> int:
        """The deck's active cards."""
        return self.stored.card_count

    @property
    def deck(self) -> Deck | None:
        """The loaded deck (parsed on first use), or None when it cannot be."""
        return self._load() if self.status is DeckStatus.OK else None


@dataclass(frozen=True, slots=True)
class TreeStatus:
    """Whether a deck tree can be studied now, and which of its decks are left
    out until their files are fixed (see `Library.tree_status`).

    Attributes:
        decks: the installed decks of the tree, in tree order.
    """

    decks: tuple[InstalledDeck, ...]

    @property
    def broken(self) -> tuple[InstalledDeck, ...]:
        """The decks whose file is missing or invalid: a session leaves them out."""
        return tuple(deck for deck in self.decks if deck.status is not DeckStatus.OK)

    @property
    def usable(self) -> bool:
        """False only when every deck of the tree is broken: there is nothing
        to study or quiz until a file is fixed."""
        return len(self.broken) < len(self.decks) or not self.decks

    @property
    def diagnostics(self) -> tuple[Diagnostic, ...]:
        """The problems of the broken decks' files, for saying why."""
        return tuple(diagnostic for deck in self.broken for diagnostic in deck.diagnostics)


@dataclass(frozen=True, slots=True)
class DeckImport:
    """What `Library.install_decks` did.

    Attributes:
        installed: the decks installed, in the order given.
        failed: each file that could not be installed, and why (a DeckError
            with its diagnostics, or a StoreError: a full disk, say).
        cancelled: the file being installed when the import was cancelled
            (nothing of it saved; the files after it not read), or None.
        warnings: the warnings of the installed decks' files (a card without
            an id, say), in the order given: installed, but worth fixing.
    """

    installed: list[Deck]
    failed: list[tuple[Path, DeckError | StoreError]]
    cancelled: Path | None = None
    warnings: list[Diagnostic] = field(default_factory=list)
