"""Anki's notes as endoquiz decks: kinds, ids, decks, tags; decks that install with progress."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import fsrs_rs_python as fsrs_rs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from endoquiz import Library, State
from endoquiz.anki.anki_ids import entry_id
from endoquiz.anki.anki_model import (
    AnkiCard,
    AnkiCollection,
    AnkiDeck,
    AnkiNote,
    AnkiNotetype,
    StockKind,
)
from endoquiz.anki.collection_reading import read_collection
from endoquiz.anki.note_conversion import ConvertedNotes, convert_notes, kind_of
from endoquiz.anki.progress_conversion import convert_progress
from endoquiz.decks.deck_loader import check_deck
from endoquiz.decks.deck_model import CardKind
from endoquiz.progress.progress_file import write_progress
from tests.anki.fixture_files import FIXTURES, expected

MEDIA = tuple(expected()["collection"]["media"])


@pytest.fixture(scope="module")
def collection() -> AnkiCollection:
    return read_collection(FIXTURES / "modern.anki2")


@pytest.fixture(scope="module")
def converted(collection: AnkiCollection) -> ConvertedNotes:
    return convert_notes(collection, MEDIA)


def entries(converted: ConvertedNotes) -> dict[str, dict[str, Any]]:
    return {entry["id"]: entry for deck in converted.decks for entry in deck.document["cards"]}


def test_each_stock_note_type_makes_its_kind(converted: ConvertedNotes) -> None:
    kinds = {note["guid"]: note["notetype"] for note in expected()["collection"]["notes"]}
    made = entries(converted)
    by_type = {
        kinds[guid]: made[entry_id(guid)]["kind"] for guid in kinds if entry_id(guid) in made
    }
    assert by_type == {
        "Basic": "basic",
        "Basic (and reversed card)": "reverse",
        "Basic (optional reversed card)": by_type["Basic (optional reversed card)"],
        "Basic (type in the answer)": "typed",
        "Cloze": "cloze",
        "Vocab": "basic",
    }
    optional = [
        made[entry_id(guid)]["kind"]
        for guid, notetype in kinds.items()
        if notetype == "Basic (optional reversed card)"
    ]
    assert sorted(optional) == ["basic", "reverse"]  # reverse only with "Add Reverse" filled
    # "Vocab" was made from Basic: a basic card, its third field said lost.
    assert converted.changes["fields of 'Vocab' notes beyond the first 2: left out"] == 1


def test_the_anki_deck_tree_becomes_the_deck_tree(converted: ConvertedNotes) -> None:
    decks = {deck.deck_id: deck for deck in converted.decks}
    assert sorted(decks) == ["biology", "biology/cells"]  # "Default" holds nothing
    assert decks["biology/cells"].document["title"] == "Cells"
    assert decks["biology/cells"].anki_name == "Biology::Cells"


def test_tags_keep_their_hierarchy(converted: ConvertedNotes) -> None:
    tags = {
        tag
        for deck in converted.decks
        for entry in deck.document["cards"]
        for tag in entry.get("tags", [])
    }
    assert {"bio::cells", "leech"} <= tags


def test_every_anki_card_of_a_kept_note_has_its_endoquiz_card(
    collection: AnkiCollection, converted: ConvertedNotes
) -> None:
    # The optional reverse left empty has no second card in Anki either.
    assert len(converted.card_keys) == len(collection.cards)
    assert len(set(converted.card_keys.values())) == len(collection.cards)


def test_the_decks_install_and_take_anki_s_progress(
    tmp_path: Path, collection: AnkiCollection, converted: ConvertedNotes
) -> None:
    for deck in converted.decks:
        (tmp_path / f"{deck.deck_id.replace('/', '-')}.yaml").write_text(
            deck.yaml_text(), encoding="utf-8"
        )
    progress = convert_progress(collection, converted.card_keys, tuple(fsrs_rs.DEFAULT_PARAMETERS))
    now = datetime.now(UTC)
    write_progress(tmp_path / "progress.json.gz", list(progress.cards), list(progress.log), {}, now)
    with Library.open(tmp_path / "data") as library:
        for deck in converted.decks:
            library.add_deck(tmp_path / f"{deck.deck_id.replace('/', '-')}.yaml")
        updated, added, _backup = library.import_progress(tmp_path / "progress.json.gz", now)
        assert added == len(progress.log) == 46
        studied = [card for card in expected()["collection"]["cards"] if card["type"] != 0]
        assert updated == len(studied) == 12  # the new cards take nothing
        assert len(library.review_log()) == 46
        states = sorted(
            int(match.state) for match in library.search_cards("", now=now + timedelta(days=1))
        )
        assert states == sorted(card["type"] for card in expected()["collection"]["cards"])
        assert len(library.search_cards("is:suspended", now=now)) == 1
        relearning = library.search_cards("is:learning", now=now)
        assert {int(m.state) for m in relearning} == {State.LEARNING, State.RELEARNING}


def note(fields: tuple[str, ...]) -> AnkiNote:
    return AnkiNote(1, "g", 1, fields, ())


def notetype(
    stock: StockKind | None, *, cloze: bool = False, fronts: tuple[str, ...] = ("{{Front}}",)
) -> AnkiNotetype:
    return AnkiNotetype(1, "t", cloze, stock, ("Front", "Back"), ("Card 1",), fronts, "")


@pytest.mark.parametrize(
    ("kind", "made"),
    [
        (notetype(StockKind.BASIC), CardKind.BASIC),
        (notetype(StockKind.BASIC_AND_REVERSED), CardKind.REVERSE),
        (notetype(StockKind.BASIC_TYPING), CardKind.TYPED),
        (notetype(None, fronts=("{{Front}} {{type:Back}}",)), CardKind.TYPED),
        (notetype(StockKind.CLOZE, cloze=True), CardKind.CLOZE),
        (notetype(None, cloze=True), CardKind.CLOZE),
        # Without a stock kind (older Anki, genanki): told by the fronts.
        (notetype(None), CardKind.BASIC),
        (notetype(None, fronts=(" {{Front}}\n",)), CardKind.BASIC),
        (notetype(None, fronts=("{{Front}}", "{{Back}}")), CardKind.REVERSE),
        (notetype(None, fronts=("{{Back}}",)), None),
        (notetype(None, fronts=("{{Front}} and {{Back}}",)), None),
        (notetype(StockKind.IMAGE_OCCLUSION), None),
    ],
)
def test_a_note_type_s_kind_comes_from_its_stock_kind_or_its_templates(
    kind: AnkiNotetype, made: CardKind | None
) -> None:
    assert kind_of(kind, note(("a", "b"))) is made


def test_notes_that_make_no_card_are_left_out_and_counted(collection: AnkiCollection) -> None:
    blank = dataclasses.replace(
        collection,
        notes=tuple(
            dataclasses.replace(note, fields=("",) * len(note.fields)) for note in collection.notes
        ),
    )
    emptied = convert_notes(blank, MEDIA)
    assert emptied.decks == ()
    assert emptied.card_keys == {}
    assert sum(emptied.changes.values()) >= len(collection.notes)


field_text = st.text(max_size=60) | st.sampled_from(
    [
        "",
        " ",
        "{{c1::x}}",
        "{{c1::x::hint}}",
        "{{c2::}}",
        "{{c1::a {{c2::b}} }}",
        "{{c",
        "x" * 20_001,
    ]
)


@settings(max_examples=60, deadline=None)
@given(
    notes=st.lists(st.tuples(field_text, field_text, st.sampled_from([False, True])), max_size=6)
)
def test_any_notes_make_decks_that_pass_the_deck_checks(
    tmp_path_factory: pytest.TempPathFactory, notes: list[tuple[str, str, bool]]
) -> None:
    """Whatever a note holds, a deck the conversion makes is one endoquiz accepts
    (a note it cannot carry is left out and counted, never written broken)."""
    basic = AnkiNotetype(
        1, "Basic", False, StockKind.BASIC, ("Front", "Back"), ("Card 1",), ("{{Front}}",), ""
    )
    cloze = AnkiNotetype(
        2,
        "Cloze",
        True,
        StockKind.CLOZE,
        ("Text", "Back Extra"),
        ("Cloze",),
        ("{{cloze:Text}}",),
        "",
    )
    collection = AnkiCollection(
        18,
        0,
        (AnkiDeck(1, "Deck"),),
        (basic, cloze),
        tuple(
            AnkiNote(n, f"guid{n % 4}", 2 if is_cloze else 1, (first, second), ())
            for n, (first, second, is_cloze) in enumerate(notes, 1)
        ),
        tuple(
            AnkiCard(n, n, 1, 0, 0, 0, n, 0, 0, 0, 0, 0, None, None, 0, 0)
            for n in range(1, len(notes) + 1)
        ),
        (),
    )
    converted = convert_notes(collection)
    kept = sum(len(deck.document["cards"]) for deck in converted.decks)
    assert kept + sum(converted.changes.values()) >= len(notes)
    folder = tmp_path_factory.mktemp("decks")
    for deck in converted.decks:
        path = folder / "deck.yaml"
        path.write_text(deck.yaml_text(), encoding="utf-8")
        check = check_deck(path)
        assert check.errors == (), [str(d) for d in check.errors]


def test_fields_become_markdown_with_their_images_and_what_was_lost_said(
    converted: ConvertedNotes,
) -> None:
    texts = "\n".join(deck.yaml_text() for deck in converted.decks)
    assert "![](cell.png)" in texts
    assert converted.media["cell.png"] == "cell.png"
    assert "<b>" not in texts and "&amp;" not in texts and "<script" not in texts
    assert "**" in texts  # bold kept as Markdown
    assert converted.changes["sound (not played): not rendered"] == 1
    # The fixture's <script> is in Vocab's third field, which no card holds.
    assert converted.changes["fields of 'Vocab' notes beyond the first 2: left out"] == 1


def test_a_typed_answer_is_plain_text(converted: ConvertedNotes) -> None:
    typed = [
        entry
        for deck in converted.decks
        for entry in deck.document["cards"]
        if entry["kind"] == "typed"
    ]
    assert [entry["answer"] for entry in typed] == ["Na"]


def test_an_optional_reverse_without_a_stock_kind_is_told_by_its_fronts() -> None:
    optional = AnkiNotetype(
        1,
        "Optional (genanki)",
        False,
        None,
        ("Front", "Back", "Add Reverse"),
        ("Card 1", "Card 2"),
        ("{{Front}}", "{{#Add Reverse}}{{Back}}{{/Add Reverse}}"),
        "",
    )
    assert kind_of(optional, AnkiNote(1, "g", 1, ("a", "b", "y"), ())) is CardKind.REVERSE
    assert kind_of(optional, AnkiNote(1, "g", 1, ("a", "b", ""), ())) is CardKind.BASIC
