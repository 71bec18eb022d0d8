"""Anki packages imported: read, converted, summarised for the learner, written as one change."""

from __future__ import annotations

import os
import shutil
import tempfile
import threading
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from endoquiz.anki.anki_model import AnkiCollection
from endoquiz.anki.collection_reading import read_collection
from endoquiz.anki.errors import AnkiPackageError
from endoquiz.anki.note_conversion import ConvertedNotes, DeckDocument, convert_notes
from endoquiz.anki.package_files import open_package
from endoquiz.anki.progress_conversion import ConvertedProgress, convert_progress
from endoquiz.anki.text_notes import is_text_notes, read_text_notes
from endoquiz.common.clock import moment_or_now
from endoquiz.decks.deck_model import Deck
from endoquiz.decks.diagnostics import DeckError
from endoquiz.library.deck_files import check_deck_keeping_parse, file_stamp
from endoquiz.library.installed_decks import InstalledDecks
from endoquiz.progress.progress_file import card_row_problem, log_row_problem
from endoquiz.store.errors import StoreError
from endoquiz.store.progress_store import ProgressStore
from endoquiz.store.rows import PROGRESS_LOG_COLUMNS

__all__ = ["AnkiImport", "AnkiImportSummary", "import_anki", "preview_anki_import"]

# What `on_step` is told, in order: the package read, its notes converted,
# the deck files and media written, the library saved.
STEPS = ("reading", "converting", "writing", "saving")
# Where imported decks go, below the data folder: one folder a deck, named
# by its id, its media beside it.
_DECKS_FOLDER = "decks"
_ANSWERED_AT = PROGRESS_LOG_COLUMNS.index("reviewed_at")
_FORMAT_NAMES = {
    "anki-text": "Anki's notes as plain text",
    "csv": "a CSV table",
    "tsv": "a tab-separated table",
    "anki21b": "Anki 2.1.50+ package",
    "anki21": "Anki 2.1 package",
    "anki2": "Anki package, legacy format",
}


@dataclass(frozen=True, slots=True)
class AnkiImportSummary:
    """What a package holds and what an import would make of it, for the
    learner to read before anything is written.

    Attributes:
        decks: (deck id, title, entries) of each deck the import makes.
        notes, cards: the package's notes and cards.
        entries, endoquiz_cards: the deck entries made, and the cards of
            the package they carry (with their progress).
        media: the media files the cards show, copied beside the decks.
        answers: the review log entries carried.
        changes: what will be left out or changed, in words, with how many,
            most first.
    """

    source: Path
    format: str
    decks: tuple[tuple[str, str, int], ...]
    notes: int
    cards: int
    entries: int
    endoquiz_cards: int
    media: int
    answers: int
    changes: tuple[tuple[str, int], ...]

    def lines(self) -> list[str]:
        """The summary in plain lines, as the command line prints it and
        the app's import dialog shows it."""
        said = [
            f"{self.source.name} ({_FORMAT_NAMES.get(self.format, self.format)}): "
            f"{_counted(self.notes, 'note')}, {_counted(self.cards, 'card')}, "
            f"{_counted(self.answers, 'answer')}, {_counted(self.media, 'media file')}",
            f"Makes {_counted(self.entries, 'entry', 'entries')} "
            f"({_counted(self.endoquiz_cards, 'card')}) in {_counted(len(self.decks), 'deck')}:",
        ]
        said += [
            f"  {deck_id}  {title!r}: {_counted(count, 'entry', 'entries')}"
            for deck_id, title, count in self.decks
        ]
        if self.changes:
            said.append("Left out or changed:")
            said += [f"  {count:>6}  {what}" for what, count in self.changes]
        else:
            said.append("Nothing is left out or changed.")
        return said


def _counted(count: int, one: str, many: str | None = None) -> str:
    return f"{count:,} {one if count == 1 else many or one + 's'}"


@dataclass(frozen=True, slots=True)
class AnkiImport:
    """What `import_anki` did.

    Attributes:
        summary: what the package held and what was made of it.
        decks: the decks installed or updated, in order.
        cards_updated: cards whose progress the package's replaced (its
            answers were later than the library's).
        answers_added: answers added to the review log (an answer already
            there, from an earlier import, is not added again).
        cancelled: True when the import was stopped: nothing was written.
    """

    summary: AnkiImportSummary
    decks: tuple[Deck, ...] = ()
    cards_updated: int = 0
    answers_added: int = 0
    cancelled: bool = False


@dataclass(slots=True)
class _Converted:
    """A package read and converted, with its media still readable."""

    collection: AnkiCollection
    notes: ConvertedNotes
    progress: ConvertedProgress
    format: str
    read_media: Callable[[str], bytes]
    changes: Counter[str] = field(default_factory=Counter)


@contextmanager
def _converted(
    path: Path,
    scratch: Path,
    parameters: Sequence[float],
    now: datetime,
    step: Callable[[str], None],
    steps: tuple[int, int] = (2, 1),
) -> Iterator[_Converted]:
    """The package or text file at `path` read and converted (its format
    told from its content); a package's media readable until the block
    ends, its extracted collection then removed."""
    if is_text_notes(path):
        step("reading")
        text = read_text_notes(path)
        step("converting")
        notes = convert_notes(text.collection)
        yield _Converted(
            text.collection,
            notes,
            ConvertedProgress((), ()),  # a text file holds no progress
            text.format,
            _no_media,
            text.changes + notes.changes,
        )
        return
    with (
        tempfile.TemporaryDirectory(prefix="anki-import-", dir=scratch) as folder,
        open_package(path, Path(folder)) as package,
    ):
        step("reading")
        collection = read_collection(package.collection_path)
        step("converting")
        notes = convert_notes(collection, package.media_names)
        progress = convert_progress(collection, notes.card_keys, parameters, steps)
        progress = _checked_progress(progress, now)
        yield _Converted(
            collection,
            notes,
            progress,
            package.format,
            package.read_media,
            notes.changes + progress.changes,
        )


def _no_media(name: str) -> bytes:
    raise KeyError(name)  # a text file's cards show no media of its own


def _checked_progress(progress: ConvertedProgress, now: datetime) -> ConvertedProgress:
    """The converted progress without the rows a progress file could not
    hold (a due date past the year 9999, an answer from the future): they
    are left out and counted, as the progress file's own checks would
    refuse them."""
    changes = Counter(progress.changes)
    cards = []
    for row in progress.cards:
        if card_row_problem(row, now) is None:
            cards.append(row)
        else:
            changes["card states with values out of range: left out (the card starts new)"] += 1
    log = []
    for row in progress.log:
        if log_row_problem(row, now) is None:
            log.append(row)
        else:
            changes["answers with values out of range: left out"] += 1
    return ConvertedProgress(tuple(cards), tuple(log), changes)


def _summary(path: Path, converted: _Converted) -> AnkiImportSummary:
    notes, progress = converted.notes, converted.progress
    return AnkiImportSummary(
        source=path,
        format=converted.format,
        decks=tuple(
            (deck.deck_id, deck.document["title"], len(deck.document["cards"]))
            for deck in notes.decks
        ),
        notes=len(converted.collection.notes),
        cards=len(converted.collection.cards),
        entries=sum(len(deck.document["cards"]) for deck in notes.decks),
        endoquiz_cards=len(notes.card_keys),
        media=len(notes.media),
        answers=len(progress.log),
        changes=tuple(converted.changes.most_common()),
    )


def preview_anki_import(
    path: Path,
    scratch: Path,
    parameters: Sequence[float],
    now: datetime | None = None,
    steps: tuple[int, int] = (2, 1),
) -> AnkiImportSummary:
    """Read the package at `path` (its collection extracted into a folder
    made in `scratch` and removed before returning) and convert it as an
    import would, with FSRS's `parameters` for cards without a memory state
    and `steps`, the number of learning and relearning steps endoquiz has.

    Anki's plain-text notes export and CSV/TSV files (`text_notes`) are
    read too, told from the content: their notes come as new cards.

    Raises:
        AnkiPackageError: for a file that is not a package endoquiz can read,
            in one line.
    """
    with _converted(
        path, scratch, parameters, moment_or_now(now), lambda _step: None, steps
    ) as read:
        return _summary(path, read)


def import_anki(
    path: Path,
    installed: InstalledDecks,
    store_path: Path,
    parameters: Sequence[float],
    *,
    now: datetime | None = None,
    cancel: threading.Event | None = None,
    on_step: Callable[[str], None] | None = None,
    on_summary: Callable[[AnkiImportSummary], bool] | None = None,
    steps: tuple[int, int] = (2, 1),
    back_up: Callable[[], object] = lambda: None,
) -> AnkiImport:
    """Import the package at `path` into the library whose decks are
    `installed` and whose database is at `store_path`: each deck written as
    a deck file in `decks/<id>/` of the data folder with the media its
    cards show, then every deck installed and the progress merged in one
    transaction. A deck file an earlier import wrote is updated: entries of
    the package replace those of the same id, others (added by the learner)
    stay.

    All or nothing: a failure or a cancel (`cancel` set from any thread)
    leaves the deck files and the database as they were. `on_step` is
    called with each of `STEPS` as it begins; `on_summary`, once the
    package is read and converted, with nothing written yet: the import
    goes on only if it returns True (the learner confirmed). `back_up` is
    called then, before the first file is written: a package refused or
    not confirmed makes no backup.

    Raises:
        AnkiPackageError: for a package that cannot be read or imported, in one line.
        StoreError: when the database cannot be written (a full disk).
    """
    moment = moment_or_now(now)
    stop = cancel.is_set if cancel is not None else (lambda: False)
    step = on_step if on_step is not None else (lambda _step: None)
    data_dir = installed.data_dir.resolve()
    with _converted(path, data_dir, parameters, moment, step, steps) as read:
        summary = _summary(path, read)
        cancelled = AnkiImport(summary, cancelled=True)
        if stop() or (on_summary is not None and not on_summary(summary)):
            return cancelled
        back_up()
        step("writing")
        media_of = {safe: anki for anki, safe in read.notes.media.items()}
        with _DeckFolders(data_dir) as folders:
            staged = [
                folders.stage(deck, lambda name: read.read_media(media_of[name]))
                for deck in read.notes.decks
            ]
            store = ProgressStore(store_path)
            # Room for the indexes a large history's answers go into: with
            # SQLite's default 2 MB, 100,000 answers took 2.5 s, with this 1.3 s.
            store.db.execute("PRAGMA cache_size = -65536")
            try:
                checked = [_checked_deck(file, installed, folders, store) for file in staged]
                if stop():
                    return cancelled
                folders.swap_in()
                step("saving")
                decks = [_moved(deck, parse, folders) for deck, parse in checked]
                try:
                    with store.stopping_when(stop), store.transaction():
                        for deck in decks:
                            installed.install(deck, file_stamp(deck.path), moment, store)
                        # Answers in the order they were given, as the app
                        # logs them: the time index is appended to, in order.
                        log = sorted(read.progress.log, key=lambda row: row[_ANSWERED_AT])
                        updated, added = store.transfer.merge(read.progress.cards, log, {})
                        if stop():  # the last moment it can still be rolled back
                            raise _CancelledError
                except (StoreError, _CancelledError):
                    if stop():  # a stopped write fails as "interrupted"
                        return cancelled
                    raise
                folders.keep()
            finally:
                store.close()
    return AnkiImport(summary, tuple(decks), updated, added)


class _CancelledError(Exception):
    """The import was cancelled while it was being saved: roll it back."""


class _DeckFolders:
    """The folders of the decks an import writes (`decks/anki/<id>/` of the
    data folder, a `/` in the id written `+`), made in a staging folder
    beside them and swapped in whole: until `keep`, leaving the block puts
    the folders that were there back, and removes the staging folder."""

    def __init__(self, data_dir: Path) -> None:
        self.data_dir = data_dir
        self._staging = data_dir
        self._names: list[str] = []
        self._swapped: list[str] = []
        self._kept = False

    def folder(self, deck_id: str) -> Path:
        return self.data_dir / _DECKS_FOLDER / "anki" / deck_id.replace("/", "+")

    def final_path(self, deck_id: str) -> Path:
        folder = self.folder(deck_id)
        return folder / f"{folder.name}.yaml"

    def __enter__(self) -> _DeckFolders:
        self._staging = Path(tempfile.mkdtemp(prefix=".anki-import-", dir=self.data_dir))
        return self

    def __exit__(self, *_exc: object) -> None:
        if not self._kept:
            for name in reversed(self._swapped):
                final = self.folder(name)
                shutil.rmtree(final, ignore_errors=True)
                old = self._staging / "old" / final.name
                if old.exists():
                    old.replace(final)
        shutil.rmtree(self._staging, ignore_errors=True)

    def stage(self, deck: DeckDocument, media: Callable[[str], bytes]) -> Path:
        """Write the deck's file and media into its staged folder: a copy
        of its folder in the data folder (linked, not copied, where the
        file system can), the deck file merged with the one there."""
        final = self.folder(deck.deck_id)
        staged = self._staging / "new" / final.name
        if final.is_dir():
            shutil.copytree(final, staged, symlinks=True, copy_function=_link_or_copy)
        else:
            staged.mkdir(parents=True)
        self._names.append(deck.deck_id)
        file = staged / f"{final.name}.yaml"
        document = _merged(deck, file)
        _write_new(file, DeckDocument(deck.anki_name, document).yaml_text().encode())
        for name in deck.media:
            _write_new(staged / name, media(name))
        return file

    def swap_in(self) -> None:
        """Put the staged folders in place, the ones there set aside."""
        (self._staging / "old").mkdir()
        for name in self._names:
            final = self.folder(name)
            final.parent.mkdir(parents=True, exist_ok=True)
            self._swapped.append(name)
            if final.exists():
                final.replace(self._staging / "old" / final.name)
            (self._staging / "new" / final.name).replace(final)

    def keep(self) -> None:
        self._kept = True


def _link_or_copy(source: str, target: str) -> None:
    """A file of a deck's folder in its staged copy: a hard link where the
    file system has them (files changed are written anew, never through
    the link), else a copy."""
    try:
        os.link(source, target)
    except OSError:
        shutil.copy2(source, target)


def _write_new(path: Path, data: bytes) -> None:
    """Write `path` as a new file (a link to the data folder's copy is
    replaced, not written through)."""
    path.unlink(missing_ok=True)
    path.write_bytes(data)


def _merged(deck: DeckDocument, existing: Path) -> dict[str, Any]:
    """The deck's document, with the entries of the file an earlier import
    wrote that the package no longer has (the learner's own) kept after
    its own.

    Raises:
        AnkiPackageError: when that file is not a deck endoquiz can update.
    """
    if not existing.is_file():
        return deck.document
    import yaml

    try:
        earlier = yaml.load(existing.read_bytes(), Loader=yaml.CSafeLoader)
    except (OSError, yaml.YAMLError) as error:
        raise AnkiPackageError(
            f"{existing} (an earlier import of this deck) cannot be read to update it: "
            f"{str(error).splitlines()[0]}; fix it or move it away, then import again"
        ) from None
    cards = earlier.get("cards") if isinstance(earlier, dict) else None
    if not isinstance(cards, list):
        raise AnkiPackageError(
            f"{existing} (an earlier import of this deck) is not a deck with cards; "
            "fix it or move it away, then import again"
        )
    ids = {entry["id"] for entry in deck.document["cards"]}
    kept = [entry for entry in cards if not (isinstance(entry, dict) and entry.get("id") in ids)]
    return {**deck.document, "cards": [*deck.document["cards"], *kept]}


def _checked_deck(
    file: Path, installed: InstalledDecks, folders: _DeckFolders, store: ProgressStore
) -> tuple[Deck, Any]:
    """The deck a staged file holds, checked as an install checks it (its
    id not another installed file's), and its parse for the moved file."""
    result, parse = check_deck_keeping_parse(file)
    if result.deck is None:
        first = result.diagnostics[0] if result.diagnostics else None
        reason = first.message if first is not None else "it is not a valid deck"
        raise AnkiPackageError(f"the deck made from the package is not valid: {reason}")
    target = folders.final_path(result.deck.id)
    try:
        installed.refuse_a_taken_id(result.deck, target, store)
    except DeckError as error:
        raise AnkiPackageError(
            f"cannot import the Anki deck as {result.deck.id!r}: {error.diagnostics[0].message}"
        ) from None
    return result.deck, parse


def _moved(deck: Deck, parse: Any, folders: _DeckFolders) -> Deck:
    """The deck read again at its place in the data folder, from the parse
    of its staged copy (the same bytes: not parsed again)."""
    final = folders.final_path(deck.id)
    result, _parse = check_deck_keeping_parse(final, parse)
    if result.deck is None:  # pragma: no cover - the same bytes were valid
        raise AnkiPackageError(f"{final}: the imported deck changed while it was written")
    return result.deck
