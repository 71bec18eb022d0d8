"""`renamed_from:` is checked like an id, and refused where it would be ambiguous."""

from __future__ import annotations

from endoquiz import Rename, check_deck
from tests.conftest import WriteDeck

HEAD = "endoquiz: 1\nid: d\ntitle: D\ncards:\n"


def card(card_id: str, renamed_from: str | None = None) -> str:
    lines = [f"  - id: {card_id}\n"]
    if renamed_from is not None:
        lines.append(f"    renamed_from: {renamed_from}\n")
    lines.append(f"    front: Q {card_id}?\n    back: A {card_id}\n")
    return "".join(lines)


def problems(write_deck: WriteDeck, *cards: str) -> list[str]:
    path = write_deck(HEAD + "".join(cards))
    return [str(d).removeprefix(f"{path}:") for d in check_deck(path).diagnostics]


def test_renamed_from_lists_the_old_ids_of_a_valid_deck(write_deck: WriteDeck) -> None:
    path = write_deck(HEAD + card("thyrotropin", "[tsh, tsh-old]") + card("t4", "[thyroxine]"))
    deck = check_deck(path).deck
    assert deck is not None
    # Each where it is written, for the warnings about it.
    assert deck.renames == (
        Rename("thyrotropin", "tsh", 6, 20),
        Rename("thyrotropin", "tsh-old", 6, 25),
        Rename("t4", "thyroxine", 10, 20),
    )


def test_an_old_id_must_have_the_form_of_an_id(write_deck: WriteDeck) -> None:
    assert problems(write_deck, card("a", "[Old Id, '']")) == [
        "6:20: error: invalid card id 'Old Id' in 'renamed_from': an old id has the form of "
        "an id (lowercase letters, digits, '-', '_' or '.')",
        "6:28: error: an item of 'renamed_from' is blank",
    ]


def test_renamed_from_must_be_a_list(write_deck: WriteDeck) -> None:
    assert problems(write_deck, card("a", "old-a")) == [
        "6:19: error: 'renamed_from' must be a list of the entry's old ids, not text; write [old-a]"
    ]


def test_an_entry_cannot_be_renamed_from_its_own_id_or_twice_from_one(
    write_deck: WriteDeck,
) -> None:
    assert problems(write_deck, card("a", "[a, b, b]")) == [
        "6:20: error: 'a' is this entry's own id, not an old one",
        "6:26: error: 'b' is listed twice in 'renamed_from'",
    ]


def test_an_old_id_cannot_be_another_entrys_id(write_deck: WriteDeck) -> None:
    assert problems(write_deck, card("a", "[b]"), card("b")) == [
        "6:20: error: 'b' is the id of the entry at line 9: an entry can only be renamed "
        "from an id no longer in the file"
    ]


def test_two_entries_cannot_claim_one_old_id(write_deck: WriteDeck) -> None:
    assert problems(write_deck, card("a", "[old]"), card("b", "[old]")) == [
        "10:20: error: 'old' is already in the renamed_from of 'a' (line 6): its progress "
        "can go to one card only"
    ]
