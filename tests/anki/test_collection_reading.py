"""read_collection against what Anki said of the collection; bad files refused in one line."""

from __future__ import annotations

import shutil
import sqlite3
from contextlib import closing
from pathlib import Path
from typing import Any

import pytest

from endoquiz.anki.anki_model import AnkiCollection
from endoquiz.anki.collection_reading import read_collection
from endoquiz.anki.errors import AnkiPackageError
from endoquiz.store.errors import StoreError
from tests.anki.fixture_files import FIXTURES, expected, extract

MODERN = FIXTURES / "modern.anki2"


@pytest.fixture(params=["modern.anki2", "legacy.apkg"])
def read(request: pytest.FixtureRequest, tmp_path: Path) -> tuple[int, AnkiCollection]:
    """(the schema expected, the collection read): the schema 18 file as
    Anki left it, and the schema 11 collection inside the legacy package."""
    if request.param == "modern.anki2":
        return 18, read_collection(MODERN)
    return 11, read_collection(extract("legacy.apkg", "collection.anki21", tmp_path))


def said() -> dict[str, Any]:
    collection: dict[str, Any] = expected()["collection"]
    return collection


def test_schema_and_creation_time_are_anki_s(read: tuple[int, AnkiCollection]) -> None:
    schema, collection = read
    assert collection.schema == schema
    assert collection.created_s == said()["created_s"]


def test_deck_names_are_anki_s_with_their_levels(read: tuple[int, AnkiCollection]) -> None:
    _, collection = read
    assert sorted(deck.name for deck in collection.decks) == said()["decks"]


def test_note_types_are_anki_s(read: tuple[int, AnkiCollection]) -> None:
    schema, collection = read
    # A package holds the note types its notes use; the collection every one.
    wanted = [nt for nt in said()["notetypes"] if nt["used"] or schema == 18]
    found = {
        notetype.name: {
            "is_cloze": notetype.is_cloze,
            "stock_kind": notetype.stock_kind.name if notetype.stock_kind is not None else None,
            "fields": list(notetype.fields),
            "templates": list(notetype.templates),
        }
        for notetype in collection.notetypes
    }
    assert found == {
        nt["name"]: {key: nt[key] for key in ("is_cloze", "stock_kind", "fields", "templates")}
        for nt in wanted
    }


def test_question_templates_tell_typed_answers_and_clozes(read: tuple[int, AnkiCollection]) -> None:
    _, collection = read
    fronts = {notetype.name: notetype.question_templates for notetype in collection.notetypes}
    assert "{{type:Back}}" in fronts["Basic (type in the answer)"][0]
    assert fronts["Cloze"] == ("{{cloze:Text}}",)
    assert fronts["Vocab"] == ("{{Word}}",)
    css = {notetype.name: notetype.css for notetype in collection.notetypes}
    assert css["Vocab"] == ".card { font-family: serif; }"
    assert ".card" in css["Basic"]


def test_notes_are_anki_s_fields_html_and_tags(read: tuple[int, AnkiCollection]) -> None:
    _, collection = read
    notetype_names = {notetype.id: notetype.name for notetype in collection.notetypes}
    found = [
        {
            "guid": note.guid,
            "notetype": notetype_names[note.notetype_id],
            "fields": list(note.fields),
            "tags": sorted(note.tags),
        }
        for note in collection.notes
    ]
    by_guid = {note["guid"]: note for note in said()["notes"]}
    assert {note["guid"]: note for note in found} == by_guid
    assert len(found) == len(by_guid)


def test_cards_are_anki_s_states_and_memory(read: tuple[int, AnkiCollection]) -> None:
    _, collection = read
    guids = {note.id: note.guid for note in collection.notes}
    decks = {deck.id: deck.name for deck in collection.decks}
    found = {
        (guids[card.note_id], card.ordinal): {
            "deck": decks[card.deck_id],
            "type": card.type,
            "queue": card.queue,
            "due": card.due,
            "ivl": card.interval,
            "factor": card.ease_factor,
            "reps": card.reps,
            "lapses": card.lapses,
            "flags": card.flags,
            "stability": card.stability,
            "difficulty": card.difficulty,
        }
        for card in collection.cards
    }
    wanted = {
        (card["note"], card["ordinal"]): {
            k: v for k, v in card.items() if k not in ("note", "ordinal")
        }
        for card in said()["cards"]
    }
    assert found == wanted


def test_the_fixture_has_every_card_state_the_importer_meets(
    read: tuple[int, AnkiCollection],
) -> None:
    _, collection = read
    states = {(card.type, card.queue) for card in collection.cards}
    # new, learning, review, relearning, suspended, buried by hand
    assert {(0, 0), (1, 1), (2, 2), (3, 1), (2, -1), (0, -3)} <= states
    assert {card.flags for card in collection.cards} >= {0, 1, 4, 7}


def test_the_review_log_is_anki_s_in_order(read: tuple[int, AnkiCollection]) -> None:
    _, collection = read
    notes = {note.id: note.guid for note in collection.notes}
    cards = {card.id: (notes[card.note_id], card.ordinal) for card in collection.cards}
    found = [
        {"note": note, "ordinal": ordinal, "ease": review.ease, "type": review.kind}
        for review in collection.reviews
        for note, ordinal in [cards[review.card_id]]
    ]
    assert found == said()["reviews"]["entries"]
    assert len(found) == said()["reviews"]["count"]
    manual = [review for review in collection.reviews if review.kind == 4]
    assert len(manual) == 1 and manual[0].ease == 0
    assert all(review.duration_ms >= 0 for review in collection.reviews)


def test_reading_never_writes_the_file(tmp_path: Path) -> None:
    copy = tmp_path / "collection.anki2"
    shutil.copyfile(MODERN, copy)
    before = copy.read_bytes()
    read_collection(copy)
    assert copy.read_bytes() == before
    assert sorted(path.name for path in tmp_path.iterdir()) == ["collection.anki2"]


# -- files that are not a collection it can read ------------------------------------


def changed_copy(tmp_path: Path, *statements: str) -> Path:
    """A copy of the modern collection with `statements` run on it."""
    copy = tmp_path / "collection.anki2"
    shutil.copyfile(MODERN, copy)
    with closing(sqlite3.connect(copy)) as connection:
        for statement in statements:
            connection.execute(statement)
        connection.commit()
    return copy


def refused(path: Path) -> str:
    with pytest.raises(AnkiPackageError) as caught:
        read_collection(path)
    message = str(caught.value)
    assert "\n" not in message and path.name in message
    return message


def test_the_error_is_a_store_error_the_front_ends_already_show() -> None:
    assert issubclass(AnkiPackageError, StoreError)


def test_a_file_that_is_not_sqlite_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "collection.anki21"
    path.write_bytes(b"PK\x03\x04 this is a zip, not a database" * 200)
    assert "not an SQLite database" in refused(path)


def test_a_truncated_collection_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "collection.anki21"
    path.write_bytes(MODERN.read_bytes()[: MODERN.stat().st_size // 3])
    assert "damaged or truncated" in refused(path)


def test_a_collection_with_damaged_pages_is_refused(tmp_path: Path) -> None:
    data = bytearray(MODERN.read_bytes())
    page_size = int.from_bytes(data[16:18], "big")
    # Every page after the schema's first is overwritten: the tables' b-trees
    # are garbage where SQLite looks for them.
    for start in range(page_size, len(data), page_size):
        data[start : start + 64] = b"\xa5" * 64
    path = tmp_path / "collection.anki2"
    path.write_bytes(bytes(data))
    assert "damaged" in refused(path)


def test_an_empty_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "collection.anki2"
    path.write_bytes(b"")
    assert "not an Anki collection (no col, notes, cards, revlog table)" in refused(path)


def test_a_missing_file_is_refused(tmp_path: Path) -> None:
    assert "no such file" in refused(tmp_path / "collection.anki2")


def test_a_newer_schema_is_refused(tmp_path: Path) -> None:
    path = changed_copy(tmp_path, "UPDATE col SET ver = 19")
    assert "newer Anki (collection schema 19; endoquiz reads 11 to 18)" in refused(path)


def test_an_anki_2_0_collection_is_refused(tmp_path: Path) -> None:
    path = changed_copy(tmp_path, "UPDATE col SET ver = 10")
    assert "Anki 2.0 or older" in refused(path)


def test_a_missing_table_is_refused(tmp_path: Path) -> None:
    path = changed_copy(tmp_path, "DROP TABLE templates")
    assert "not an Anki collection (no templates table)" in refused(path)


def test_a_damaged_note_type_config_is_refused(tmp_path: Path) -> None:
    path = changed_copy(tmp_path, "UPDATE notetypes SET config = x'0a'")
    assert "is damaged: truncated varint" in refused(path)


def test_a_value_of_the_wrong_type_is_refused(tmp_path: Path) -> None:
    first_card = "(SELECT min(id) FROM cards)"
    path = changed_copy(tmp_path, f"UPDATE cards SET ivl = 'soon' WHERE id = {first_card}")
    assert "is damaged: a card's column is not a whole number" in refused(path)


def test_damaged_legacy_json_is_refused(tmp_path: Path) -> None:
    path = extract("legacy.apkg", "collection.anki21", tmp_path)
    with closing(sqlite3.connect(path)) as connection:
        connection.execute('UPDATE col SET models = \'{"1": {"name": 5}\'')
        connection.commit()
    assert "is damaged" in refused(path)


def test_unreadable_card_data_means_no_memory_state_as_in_anki(tmp_path: Path) -> None:
    path = changed_copy(tmp_path, "UPDATE cards SET data = '{not json'")
    collection = read_collection(path)
    assert all(card.stability is None and card.difficulty is None for card in collection.cards)


def test_a_flag_is_the_low_three_bits_of_the_flags_column(tmp_path: Path) -> None:
    # Anki keeps its user flag in the column's low bits; the others are its own.
    path = changed_copy(tmp_path, "UPDATE cards SET flags = flags | 64")
    wanted = sorted(card["flags"] for card in said()["cards"])
    assert sorted(card.flags for card in read_collection(path).cards) == wanted


def test_a_path_with_uri_characters_is_read(tmp_path: Path) -> None:
    # The file is opened through an SQLite URI, where "?", "#" and "%" mean
    # something: a learner's folder may hold them all.
    folder = tmp_path / "my decks? #1 100%"
    folder.mkdir()
    copy = folder / "collection 2.anki2"
    shutil.copyfile(MODERN, copy)
    assert len(read_collection(copy).notes) == len(said()["notes"])
