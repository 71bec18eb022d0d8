"""The library's card editor: an edit saved is studied at once, with the card's progress kept."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from endoquiz import DeckEditError, Library, Rating, StudyController
from tests.conftest import MIXED_DECK, WriteDeck, study

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


def test_an_edited_card_is_shown_as_edited_with_its_progress(
    library: Library, write_deck: WriteDeck
) -> None:
    path = write_deck(MIXED_DECK)
    library.add_deck(path, now=NOW)
    study(library, "mix", NOW, [Rating.GOOD])
    before = library.card_state("mix", "basic")

    edit = library.update_card("mix", "basic", {"back": "Insulin, from beta cells"}, now=NOW)

    assert edit.written
    assert library.card_state("mix", "basic") == before
    card = next(c for c in library.deck("mix").cards if c.id == "basic")
    assert card.back == "Insulin, from beta cells"
    # The stored text, which sessions show, is the file's already.
    session = library.review("mix", now=NOW, focus=[card])
    shown = session.next_card(NOW)
    assert shown is not None and shown.back == "Insulin, from beta cells"


def test_the_card_studied_shows_as_edited(library: Library, write_deck: WriteDeck) -> None:
    library.add_deck(write_deck(MIXED_DECK), now=NOW)
    study = StudyController(library.review("mix", now=NOW), now=NOW)
    assert study.card is not None and study.card.id == "basic"
    study.reveal()

    library.update_card("mix", "basic", {"back": "Insulin, from beta cells"}, now=NOW)
    study.reread_card()

    assert study.revealed and "Insulin, from beta cells" in study.markdown


def test_a_dry_run_checks_and_writes_nothing(library: Library, write_deck: WriteDeck) -> None:
    path = write_deck(MIXED_DECK)
    library.add_deck(path, now=NOW)

    edit = library.update_card("mix", "gland", {"choices": ["Adrenal cortex"]}, dry_run=True)
    good = library.update_card("mix", "basic", {"back": "Insulin."}, dry_run=True)

    assert not edit.written and [d.message for d in edit.check.errors] == [
        "a choice card needs at least two choices"
    ]
    assert good.ok and not good.written
    assert path.read_text(encoding="utf-8") == MIXED_DECK


def test_a_card_added_is_installed(library: Library, write_deck: WriteDeck) -> None:
    path = write_deck(MIXED_DECK)
    library.add_deck(path, now=NOW)
    entry = library.card_entry("mix", "basic")

    edit = library.add_card(
        "mix",
        {"id": "glucagon", "kind": "reverse", "front": "Glucagon", "back": "Raises glucose"},
        after="basic",
        expected_hash=entry.content_hash,
        now=NOW,
    )

    assert edit.written
    ids = [card.id for card in library.deck("mix").cards]
    assert ids == ["basic", "glucagon", "glucagon:reverse", "gland", "homa"]
    assert library.deck_counts(NOW)["mix"].new == 4  # one card an entry a day


def test_the_entry_reads_as_written(library: Library, write_deck: WriteDeck) -> None:
    library.add_deck(write_deck(MIXED_DECK), now=NOW)

    entry = library.card_entry("mix", "gland")

    assert entry.kind.value == "choice"
    assert dict(entry.fields) == {
        "kind": "choice",
        "question": "Which gland secretes cortisol?",
        "choices": ("Adrenal cortex", "Adrenal medulla", "Thyroid"),
        "answer": "Adrenal cortex",
    }


def test_an_unknown_deck_or_card(library: Library, write_deck: WriteDeck) -> None:
    library.add_deck(write_deck(MIXED_DECK), now=NOW)

    with pytest.raises(KeyError):
        library.update_card("nope", "basic", {"back": "x"})
    with pytest.raises(DeckEditError, match="no card 'nope'"):
        library.card_entry("mix", "nope")
