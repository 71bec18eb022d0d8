"""Exporting installed decks as an Anki package or a CSV file, written whole or not at all."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import tzinfo
from pathlib import Path
from typing import TYPE_CHECKING

from endoquiz.anki.collection_writing import ExportCard, ExportNote, write_collection
from endoquiz.anki.csv_export import write_csv
from endoquiz.anki.note_export import ExportMedia, cloze_sources, entry_guid, note_fields
from endoquiz.anki.package_writing import write_package
from endoquiz.anki.progress_export import ScheduleContext, exported_card
from endoquiz.decks.deck_loader import check_deck_keeping_parse
from endoquiz.decks.deck_model import Card, Deck
from endoquiz.decks.diagnostics import DeckError
from endoquiz.library.whole_files import written_whole
from endoquiz.scheduling import CardState
from endoquiz.store.rows import ReviewEntry

if TYPE_CHECKING:
    from endoquiz.library.front_door import Library

__all__ = ["AnkiExportSummary", "export_anki", "export_csv"]

_LEECH_TAG = "leech"  # Anki tags a leech's note so


@dataclass(frozen=True, slots=True)
class AnkiExportSummary:
    """What an exported package holds: its notes, cards, media files and
    review log entries, and what Anki's note types could not carry, in
    words, with how many, most first."""

    path: Path
    decks: int
    notes: int
    cards: int
    media: int
    answers: int
    changes: tuple[tuple[str, int], ...]


@dataclass(frozen=True, slots=True)
class _ExportedDeck:
    """An installed deck of the exported tree, loaded, with its Anki name and
    its cloze entries' text as written."""

    deck: Deck
    anki_name: str
    cloze: dict[int, tuple[str, str]]


def export_anki(
    library: Library, deck_id: str, path: Path, *, with_progress: bool, zone: tzinfo | None
) -> AnkiExportSummary:
    """Write the deck `deck_id` and its subdecks to the package `path` (see
    `Library.export_anki`)."""
    changes: Counter[str] = Counter()
    media = ExportMedia(changes)
    decks = _tree(library, deck_id)
    context = _context(library, zone) if with_progress else None
    notes: list[ExportNote] = []
    guids: set[str] = set()
    answers = 0
    for exported in decks:
        log = _log_by_card(library, exported.deck.id) if context is not None else {}
        resolve = media.resolver(exported.deck.path.parent)
        modified_s = int(exported.deck.path.stat().st_mtime)
        for entry_cards in _entries(exported.deck.cards):
            first = entry_cards[0]
            made = note_fields(entry_cards, exported.cloze.get(first.line), resolve, changes)
            cards = []
            leech = False
            for card in entry_cards:
                if context is None:
                    cards.append(ExportCard(made.ordinals[card.id], due=card.position + 1))
                    continue
                given = log.get(card.id, [])
                answers += len(given)
                state = _state(library, card)
                leech = leech or (state is not None and state.is_leech)
                flag = library.flag(card.deck_id, card.id)
                cards.append(
                    exported_card(
                        made.ordinals[card.id], card.position + 1, state, flag, given, context
                    )
                )
            tags = list(first.tags)
            if leech:
                tags.append(_LEECH_TAG)
            notes.append(
                ExportNote(
                    guid=_unique_guid(exported.deck.id, first.note_id, guids, changes),
                    kind=made.kind,
                    deck=exported.anki_name,
                    fields=made.fields,
                    tags=tuple(dict.fromkeys(tags)),
                    cards=tuple(sorted(cards, key=lambda card: card.ordinal)),
                    modified_s=modified_s,
                )
            )
    with written_whole(path) as (scratch, target):
        collection = scratch / "collection.anki2"
        write_collection(collection, [exported.anki_name for exported in decks], notes)
        write_package(target, collection, media.files)
    return AnkiExportSummary(
        path=path,
        decks=len(decks),
        notes=len(notes),
        cards=sum(len(note.cards) for note in notes),
        media=len(media.files),
        answers=answers,
        changes=tuple(changes.most_common()),
    )


def export_csv(library: Library, deck_id: str, path: Path, delimiter: str) -> int:
    """Write the cards of `deck_id` and its subdecks to the CSV file `path`
    (see `Library.export_csv`); returns the rows written."""
    decks = _tree(library, deck_id)
    with written_whole(path) as (_, target):
        cards = [card for exported in decks for card in exported.deck.cards]
        return write_csv(target, cards, delimiter)


def _unique_guid(deck_id: str, entry_id: str, taken: set[str], changes: Counter[str]) -> str:
    """The entry's GUID; one made from its ids when another note of the
    package has its Anki GUID (a deck file copied under another deck id):
    Anki would take two notes of one GUID for one."""
    guid = entry_guid(deck_id, entry_id)
    if guid in taken:
        guid = entry_guid(deck_id, entry_id, own=False)
        changes["notes from Anki in two decks: the second given a GUID of its own"] += 1
    taken.add(guid)
    return guid


def _tree(library: Library, deck_id: str) -> list[_ExportedDeck]:
    """The installed decks at and below `deck_id`, parents first, each
    named in Anki by its titles in the tree ("Biology::Cells").

    Raises:
        KeyError: when no deck is installed at or below `deck_id`.
        DeckError: when one of their files is missing or invalid.
    """
    titles = library.deck_titles()
    exported = []
    for tree_id in library.deck_tree(deck_id):
        try:
            deck_path = library.deck_path(tree_id)
        except KeyError:
            continue  # a parent that is only a prefix of its children's ids
        check, parsed = check_deck_keeping_parse(deck_path)
        if check.deck is None:
            raise DeckError(check.diagnostics)
        levels = tree_id.split("/")
        name = "::".join(
            _level_name(titles, "/".join(levels[: depth + 1])) for depth in range(len(levels))
        )
        root = parsed.root if parsed is not None else None
        exported.append(_ExportedDeck(check.deck, name, cloze_sources(root)))
    return exported


def _level_name(titles: dict[str, tuple[str, str]], deck_id: str) -> str:
    """A deck's title as a level of an Anki deck name, which "::" would split."""
    title = titles.get(deck_id, (deck_id, deck_id.rpartition("/")[2]))[1]
    return title.replace("::", ":").strip() or deck_id.rpartition("/")[2]


def _entries(cards: tuple[Card, ...]) -> Iterator[list[Card]]:
    """The cards of each entry, in deck order."""
    by_note: dict[str, list[Card]] = {}
    for card in cards:
        by_note.setdefault(card.note_id, []).append(card)
    yield from by_note.values()


def _context(library: Library, zone: tzinfo | None) -> ScheduleContext:
    settings = library.settings
    return ScheduleContext(
        timezone=zone,
        day_starts_at=settings.day_starts_at,
        learning_steps=settings.learning_steps,
        relearning_steps=settings.relearning_steps,
        desired_retention=settings.desired_retention,
        parameters=settings.parameters,
    )


def _log_by_card(library: Library, deck_id: str) -> dict[str, list[ReviewEntry]]:
    by_card: dict[str, list[ReviewEntry]] = {}
    for entry in library.review_log(deck_id):
        by_card.setdefault(entry.card_id, []).append(entry)
    return by_card


def _state(library: Library, card: Card) -> CardState | None:
    """The card's progress; None for a card never installed (it is new)."""
    try:
        return library.card_state(card.deck_id, card.id)
    except KeyError:
        return None
