"""The ids Anki's decks, notes and cards take in endoquiz: valid, unique, stable, reversible."""

from __future__ import annotations

import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from endoquiz.anki.anki_ids import MAX_DECK_LEVELS, card_id, deck_ids, entry_id, guid_of
from endoquiz.anki.anki_model import AnkiDeck
from endoquiz.decks.deck_format import CARD_ID, DECK_ID, MAX_ID_LENGTH, STORED_CARD_ID
from endoquiz.decks.deck_model import CardKind
from tests.anki.fixture_files import FIXTURES

EXPECTED = json.loads((FIXTURES / "expected.json").read_text(encoding="utf-8"))


def test_every_guid_of_the_fixtures_makes_an_id_that_gives_it_back() -> None:
    guids = [note["guid"] for note in EXPECTED["collection"]["notes"]]
    assert len(guids) == 12
    entries = [entry_id(guid) for guid in guids]
    assert all(CARD_ID.match(entry) for entry in entries)
    assert len(set(entries)) == len(guids)
    assert [guid_of(entry) for entry in entries] == guids


@given(st.text(min_size=1, max_size=70).filter(lambda guid: len(guid.encode()) <= 70))
def test_any_guid_round_trips(guid: str) -> None:
    entry = entry_id(guid)
    assert CARD_ID.match(entry) and len(entry) <= 120
    assert guid_of(entry) == guid


def test_a_guid_too_long_for_an_id_is_refused() -> None:
    with pytest.raises(ValueError, match="GUID of 200 characters"):
        entry_id("x" * 200)


@pytest.mark.parametrize("entry", ["insulin", "anki-", "anki-1", "anki-!!", "anki-zz"])
def test_ids_not_made_from_a_guid_give_none(entry: str) -> None:
    assert guid_of(entry) is None or entry_id(guid_of(entry) or "x") == entry


@pytest.mark.parametrize(
    ("kind", "ordinal", "expected"),
    [
        (CardKind.BASIC, 0, "e"),
        (CardKind.BASIC, 1, None),  # a template endoquiz does not make
        (CardKind.TYPED, 0, "e"),
        (CardKind.REVERSE, 0, "e"),
        (CardKind.REVERSE, 1, "e:reverse"),
        (CardKind.REVERSE, 2, None),
        (CardKind.CLOZE, 0, "e:c1"),
        (CardKind.CLOZE, 11, "e:c12"),
    ],
)
def test_each_anki_card_has_the_id_endoquiz_stores(
    kind: CardKind, ordinal: int, expected: str | None
) -> None:
    assert card_id("e", kind, ordinal) == expected
    if expected is not None:
        assert STORED_CARD_ID.match(expected)


def test_the_fixture_decks_keep_their_tree() -> None:
    decks = [AnkiDeck(n, name) for n, name in enumerate(EXPECTED["collection"]["decks"], 1)]
    assert sorted(deck_ids(decks).values()) == ["biology", "biology/cells", "default"]


def test_names_that_make_the_same_id_are_told_apart_in_deck_id_order() -> None:
    decks = [
        AnkiDeck(30, "Bio::Zellen"),
        AnkiDeck(20, "bio"),
        AnkiDeck(10, "Bio"),
        AnkiDeck(40, "Bïo!"),
        AnkiDeck(50, "日本語"),
        AnkiDeck(60, "日本語::Kanji"),
        AnkiDeck(70, "Lost::Parent"),
    ]
    assert deck_ids(decks) == {
        10: "bio",
        20: "bio-2",
        40: "bio-3",
        50: "deck-50",
        70: "lost-parent",
        30: "bio/zellen",
        60: "deck-50/kanji",
    }


names = st.lists(
    st.lists(
        st.text(min_size=1, max_size=60).filter(lambda t: ":" not in t), min_size=1, max_size=7
    ),
    min_size=1,
    max_size=12,
)


@given(names)
def test_any_deck_names_make_valid_unique_ids_below_their_parents(levels: list[list[str]]) -> None:
    named = {"::".join(path[:depth]) for path in levels for depth in range(1, len(path) + 1)}
    decks = [AnkiDeck(n, name) for n, name in enumerate(sorted(named), 1)]
    ids = deck_ids(decks)
    assert len(set(ids.values())) == len(decks)
    by_name = {deck.name: ids[deck.id] for deck in decks}
    for name, deck_id in by_name.items():
        # A deck file refuses a longer id (deck_checks).
        assert len(deck_id) <= MAX_ID_LENGTH and DECK_ID.match(deck_id), (name, deck_id)
        # Nested as deep as ids go (MAX_DECK_LEVELS), deeper levels in the last.
        parent = "::".join(name.split("::")[: MAX_DECK_LEVELS - 1][: name.count("::")])
        if parent:
            assert deck_id.startswith(by_name[parent] + "/")
            assert deck_id.count("/") == parent.count("::") + 1
    assert deck_ids(decks) == ids  # the same names, the same ids


def test_ids_of_deck_files_are_no_anki_notes() -> None:
    assert guid_of("insulin-lowers-glucose") is None
    assert guid_of("anki-") is None
