"""What importing an Anki package would bring, read and converted without writing anything."""

from __future__ import annotations

import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from endoquiz.anki.collection_reading import read_collection
from endoquiz.anki.note_conversion import convert_notes
from endoquiz.anki.package_files import open_package
from endoquiz.anki.progress_conversion import convert_progress
from endoquiz.anki.text_notes import is_text_notes, read_text_notes

__all__ = ["AnkiImportSummary", "preview_anki_import"]


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


def preview_anki_import(
    path: Path, scratch: Path, parameters: Sequence[float]
) -> AnkiImportSummary:
    """Read the package at `path` (its collection extracted into a folder
    made in `scratch` and removed before returning) and convert it as an
    import would, with FSRS's `parameters` for cards without a memory state.

    Anki's plain-text notes export and CSV/TSV files (`text_notes`) are
    read too, told from the content: their notes come as new cards.

    Raises:
        AnkiPackageError: for a file that is not a package endoquiz can read,
            in one line.
    """
    if is_text_notes(path):
        return _preview_text_notes(path)
    with (
        tempfile.TemporaryDirectory(prefix="anki-import-", dir=scratch) as folder,
        open_package(path, Path(folder)) as package,
    ):
        collection = read_collection(package.collection_path)
        notes = convert_notes(collection, package.media_names)
        progress = convert_progress(collection, notes.card_keys, parameters)
        package_format = package.format
    changes = notes.changes + progress.changes
    return AnkiImportSummary(
        source=path,
        format=package_format,
        decks=tuple(
            (deck.deck_id, deck.document["title"], len(deck.document["cards"]))
            for deck in notes.decks
        ),
        notes=len(collection.notes),
        cards=len(collection.cards),
        entries=sum(len(deck.document["cards"]) for deck in notes.decks),
        endoquiz_cards=len(notes.card_keys),
        media=len(notes.media),
        answers=len(progress.log),
        changes=tuple(changes.most_common()),
    )


def _preview_text_notes(path: Path) -> AnkiImportSummary:
    """The summary of a text file's notes: new cards, no media, no answers."""
    text = read_text_notes(path)
    notes = convert_notes(text.collection)
    changes = text.changes + notes.changes
    return AnkiImportSummary(
        source=path,
        format=text.format,
        decks=tuple(
            (deck.deck_id, deck.document["title"], len(deck.document["cards"]))
            for deck in notes.decks
        ),
        notes=len(text.collection.notes),
        cards=len(text.collection.cards),
        entries=sum(len(deck.document["cards"]) for deck in notes.decks),
        endoquiz_cards=len(notes.card_keys),
        media=0,
        answers=0,
        changes=tuple(changes.most_common()),
    )
