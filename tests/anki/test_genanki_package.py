"""A package genanki made, as many shared decks are: read, converted and imported as Anki does."""

from __future__ import annotations

import json
from collections import Counter
from datetime import UTC, datetime
from typing import Any

from endoquiz import Library
from tests.anki.fixture_files import FIXTURES

NOW = datetime(2026, 11, 30, 12, tzinfo=UTC)


def anki_said() -> dict[str, Any]:
    value: dict[str, Any] = json.loads((FIXTURES / "genanki.json").read_text(encoding="utf-8"))
    return value


def test_genanki_s_note_types_make_the_cards_anki_makes(library: Library) -> None:
    # genanki writes note type ids as text and no stock kind: its Basic,
    # reversed and optional reversed types are told by their fronts.
    summary = library.preview_anki_import(FIXTURES / "genanki.apkg")
    said = anki_said()
    assert (summary.notes, summary.cards) == (said["notes"], said["cards"])
    assert summary.endoquiz_cards == said["cards"]
    assert summary.changes == ()
    result = library.import_anki(FIXTURES / "genanki.apkg", NOW)
    cards = [card for deck in result.decks for card in deck.cards]
    assert Counter(card.kind.value for card in cards) == {
        "basic": 3,  # two Basic, one optional reversed without "Add Reverse"
        "reverse": 4,  # a reversed card, an optional one with it: two cards each
        "typed": 1,
        "cloze": 2,  # one note, two deletions
    }
    by_deck = {deck.title: len(deck.cards) for deck in result.decks}
    assert by_deck == {"Genanki Biology": 7, "Organs": 3}
    assert said["cards_by_deck"] == {"Genanki Biology": 7, "Genanki Biology::Organs": 3}
    tags = {tag for card in cards for tag in card.tags}
    assert tags == set(said["tags"])
    folder = library.data_dir / "decks" / "anki" / "genanki-biology+organs"
    assert [path.name for path in folder.glob("*.png")] == said["media"]
    typed = next(card for card in cards if card.kind.value == "typed")
    assert (typed.front, typed.answer) == ("Symbol of potassium", "K")
