"""Decks through the sync folder: each computer puts its decks there, and the others offer them.

    endoquiz-sync/v1/<device id>/decks/<deck id, quoted>/<SHA-256 of its file>.endoquiz

A deck goes as a shared deck file (`deck_sharing.py`: its YAML as written,
its images, a manifest, never progress), named by the hash of its YAML, so
a computer writes each version once; in the computer's own folder, as its
journal, so that no two computers ever write one file. The decks that ship
with the app are on every computer and do not go. A computer offers a deck
it does not have, or whose newest version in the folder is not the one it
has; installing one is opening the shared deck file, checked whole first.
"""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import quote, unquote

from endoquiz.decks.deck_format import DECK_ID, MAX_ID_LENGTH
from endoquiz.library.deck_status import DeckStatus
from endoquiz.sync.journal import devices_in, journal_root

if TYPE_CHECKING:
    from endoquiz.library.deck_status import InstalledDeck
    from endoquiz.library.front_door import Library

__all__ = ["OfferedDeck", "offered_decks", "publish_decks"]

_VERSION = re.compile(r"^([0-9a-f]{64})\.endoquiz$")


@dataclass(frozen=True, slots=True)
class OfferedDeck:
    """A deck another computer put in the sync folder that this one lacks
    (`update` False) or has in another version (`update` True).

    Attributes:
        own_file: for an update of a deck installed here from the learner's
            own file (not as a copy in the data folder), that file: a version
            from the folder is installed over such a copy only, never over the
            learner's file, so this one cannot be installed.
    """

    deck_id: str
    path: Path
    content_hash: str
    update: bool
    own_file: Path | None = None

    @property
    def installable(self) -> bool:
        """Whether installing it can succeed, as far as the folder tells
        (its file is read only when it is installed)."""
        return self.own_file is None


def _decks_root(folder: Path, device: str) -> Path:
    return journal_root(folder) / device / "decks"


def publish_decks(
    library: Library,
    installed: list[InstalledDeck],
    folder: Path,
    device: str,
    bundled: Path | None,
) -> int:
    """Put each installed deck's present version in the sync folder, once;
    how many were written. The app's own decks (under `bundled`) stay.

    Raises:
        OSError: when the folder cannot be written.
    """
    written = 0
    for deck in installed:
        row = deck.stored
        if deck.status is not DeckStatus.OK or _is_within(row.path, bundled):
            continue
        target = (
            _decks_root(folder, device) / quote(row.id, safe="") / f"{row.content_hash}.endoquiz"
        )
        if target.exists():
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        temporary = target.parent / f".tmp-{secrets.token_hex(4)}.endoquiz"
        try:
            library.export_deck_file(row.id, temporary)
            temporary.replace(target)  # whole or not at all, for the readers
        finally:
            temporary.unlink(missing_ok=True)
        written += 1
    return written


def offered_decks(
    installed_decks: list[InstalledDeck], folder: Path, copies: Path
) -> list[OfferedDeck]:
    """The decks in the sync folder this computer does not have in that
    version: for each deck, its newest version there, of any computer.
    `copies` is the data folder's own deck folder, where opened decks are
    copied (and updated); a deck installed from anywhere else is the learner's file."""
    versions: dict[str, list[tuple[int, str, str, Path]]] = {}
    for device in devices_in(folder):
        root = _decks_root(folder, device)
        if not root.is_dir():
            continue
        for deck_dir in root.iterdir():
            deck_id = unquote(deck_dir.name)
            # A name from the folder is content: only a deck id's shape is taken.
            if len(deck_id) > MAX_ID_LENGTH or not DECK_ID.match(deck_id) or not deck_dir.is_dir():
                continue
            for path in deck_dir.iterdir():
                match = _VERSION.match(path.name)
                if match is not None and path.is_file():
                    stamp = path.stat().st_mtime_ns
                    versions.setdefault(deck_id, []).append((stamp, path.name, match[1], path))
    installed = {deck.id: deck.stored for deck in installed_decks}
    copies = copies.resolve()
    offered = []
    for deck_id in sorted(versions):
        # The version written last, by whichever computer: this one's own,
        # when it is the last, offers nothing.
        _, _, content_hash, path = max(versions[deck_id])
        here = installed.get(deck_id)
        if here is None:
            offered.append(OfferedDeck(deck_id, path, content_hash, update=False))
        elif content_hash != here.content_hash:
            own = here.path.resolve()
            own_file = None if own.is_relative_to(copies) else own
            offered.append(OfferedDeck(deck_id, path, content_hash, True, own_file))
    return offered


def _is_within(path: Path, folder: Path | None) -> bool:
    if folder is None:
        return False
    try:
        path.resolve().relative_to(folder.resolve())
    except ValueError:
        return False
    return True
