"""Exporting decks as an Anki package and as CSV, read back by endoquiz's own Anki reader."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from endoquiz import DeckError, Library, State, StoreWriteError
from endoquiz.anki.anki_ids import entry_id
from endoquiz.anki.anki_model import AnkiCollection, StockKind
from endoquiz.anki.collection_reading import read_collection
from endoquiz.anki.note_conversion import convert_notes
from endoquiz.anki.package_files import open_package
from endoquiz.anki.stock_notetypes import STOCK_NOTETYPES
from tests.anki.export_decks import PIXEL, START, import_fixture, install_and_study, write_decks
from tests.anki.fixture_files import FIXTURES, expected


@contextmanager
def read_back(package: Path, scratch: Path) -> Iterator[tuple[AnkiCollection, dict[str, bytes]]]:
    """The package's collection and media, as endoquiz's importer reads them."""
    with open_package(package, scratch) as opened:
        media = {name: opened.read_media(name) for name in opened.media_names}
        yield read_collection(opened.collection_path), media


@pytest.fixture
def exported(library: Library, tmp_path: Path) -> Path:
    for path in write_decks(tmp_path / "decks"):
        library.add_deck(path, now=START)
    out = tmp_path / "biology.apkg"
    summary = library.export_anki("biology", out)
    assert (summary.decks, summary.notes, summary.cards, summary.media) == (2, 6, 8, 2)
    assert summary.answers == 0
    return out


def test_each_kind_becomes_its_stock_note_type_with_its_cards(
    exported: Path, tmp_path: Path
) -> None:
    with read_back(exported, tmp_path) as (collection, _):
        types = {notetype.id: notetype for notetype in collection.notetypes}
        kinds = {
            note.fields[0][:12]: types[note.notetype_id].stock_kind for note in collection.notes
        }
        ordinals = sorted(
            (types[next(n for n in collection.notes if n.id == c.note_id).notetype_id].name,
             c.ordinal)
            for c in collection.cards
        )  # fmt: skip
    assert kinds == {
        "What are <st": StockKind.BASIC,
        "DNA": StockKind.BASIC_AND_REVERSED,
        "The powerhou": StockKind.BASIC_TYPING,
        "The {{c1::nu": StockKind.CLOZE,
        "<p>What does": StockKind.BASIC,  # a choice card, its options listed
        "Ribosome": StockKind.BASIC,
    }
    assert ordinals == [
        ("Basic", 0), ("Basic", 0), ("Basic", 0),
        ("Basic (and reversed card)", 0), ("Basic (and reversed card)", 1),
        ("Basic (type in the answer)", 0),
        ("Cloze", 0), ("Cloze", 1),
    ]  # fmt: skip
    assert {notetype.name for notetype in collection.notetypes} == {
        notetype.name for notetype in STOCK_NOTETYPES.values()
    }


def test_fields_are_html_tags_kept_decks_a_tree_images_media(
    exported: Path, tmp_path: Path
) -> None:
    with read_back(exported, tmp_path) as (collection, media):
        notes = {note.fields[0][:8]: note for note in collection.notes}
        decks = sorted(deck.name for deck in collection.decks)
        deck_of = {deck.id: deck.name for deck in collection.decks}
        ribosome = next(note for note in collection.notes if note.fields[0] == "Ribosome")
        ribosome_deck = {deck_of[c.deck_id] for c in collection.cards if c.note_id == ribosome.id}
    assert decks == ["Biology", "Biology::Cells", "Default"]
    assert ribosome_deck == {"Biology::Cells"}
    mitochondria = notes["What are"]
    assert mitochondria.fields == (
        'What are <strong>mitochondria</strong>?<br><img src="cell.png">',
        "<p>The cell's <em>power plants</em>:</p>\n<ul>\n<li>ATP</li>\n<li>respiration</li>\n</ul>",
    )
    assert mitochondria.tags == ("bio::cells", "bio")  # its own, then the deck's
    assert notes["DNA"].fields[1] == (
        'Deoxyribonucleic acid &amp; its <img src="bases.png" alt="bases" />'
    )
    assert notes["The {{c1"].fields == (
        "The {{c1::nucleus::organelle}} holds the {{c2::DNA}}.",
        "See chapter 2.",
    )
    assert notes["The powe"].fields[1] == "mitochondrion"  # typed: compared as text
    assert notes["<p>What "].fields[0] == (
        "<p>What does ATP carry?</p>\n<ul>\n<li>Energy</li>\n<li>Oxygen</li>\n<li>Water</li>\n</ul>"
    )
    # Raw HTML in a deck is shown as text, in endoquiz as in Anki.
    assert ribosome.fields[1] == "Where proteins are made &lt;script&gt;alert(1)&lt;/script&gt;"
    assert media == {"cell.png": PIXEL, "bases.png": PIXEL + b"\0"}


def test_what_anki_cannot_carry_is_counted(library: Library, tmp_path: Path) -> None:
    for path in write_decks(tmp_path / "decks"):
        library.add_deck(path, now=START)
    summary = library.export_anki("biology", tmp_path / "out.apkg")
    assert dict(summary.changes) == {
        "choice cards: basic cards with the options listed": 1,
        "other accepted answers of typed cards: not carried": 1,
        "explanations of typed cards: not carried": 1,
        "sources of cards: not carried": 1,
    }


def test_a_subdeck_exports_alone_under_its_full_name(library: Library, tmp_path: Path) -> None:
    for path in write_decks(tmp_path / "decks"):
        library.add_deck(path, now=START)
    summary = library.export_anki("biology/cells", tmp_path / "cells.apkg")
    assert (summary.notes, summary.cards, summary.media) == (1, 1, 0)
    with read_back(tmp_path / "cells.apkg", tmp_path) as (collection, _):
        assert sorted(deck.name for deck in collection.decks) == [
            "Biology",
            "Biology::Cells",
            "Default",
        ]


def test_two_exports_are_the_same_bytes_with_the_same_guids(
    library: Library, exported: Path, tmp_path: Path
) -> None:
    again = tmp_path / "again.apkg"
    library.export_anki("biology", again)
    assert again.read_bytes() == exported.read_bytes()
    with read_back(exported, tmp_path) as (collection, _):
        guids = sorted(note.guid for note in collection.notes)
    assert len(set(guids)) == 6


def test_the_package_imports_back_as_the_same_decks(exported: Path, tmp_path: Path) -> None:
    with read_back(exported, tmp_path) as (collection, media):
        converted = convert_notes(collection, media)
    decks = {deck.deck_id: deck.document for deck in converted.decks}
    assert sorted(decks) == ["biology", "biology/cells"]
    assert [deck["title"] for deck in decks.values()] == ["Biology", "Cells"]
    kinds = sorted(entry["kind"] for deck in decks.values() for entry in deck["cards"])
    assert kinds == ["basic", "basic", "basic", "cloze", "reverse", "typed"]
    assert not converted.changes


def test_notes_from_anki_go_back_with_their_guids(library: Library, tmp_path: Path) -> None:
    import_fixture(library, tmp_path / "imported", FIXTURES / "modern.apkg")
    out = tmp_path / "back.apkg"
    library.export_anki("biology", out)
    with read_back(out, tmp_path) as (collection, _):
        guids = {note.guid for note in collection.notes}
    imported = {
        entry.note_id
        for deck_id in library.deck_tree("biology")
        for entry in library.deck(deck_id).cards
    }
    anki_guids = {note["guid"] for note in expected()["collection"]["notes"]}
    assert guids == {guid for guid in anki_guids if entry_id(guid) in imported}
    assert len(guids) == 12


def test_progress_goes_with_the_cards(library: Library, tmp_path: Path) -> None:
    install_and_study(library, tmp_path / "decks")
    out = tmp_path / "progress.apkg"
    summary = library.export_anki("biology", out, with_progress=True)
    log = library.review_log()
    assert summary.answers == len(log) == 12
    with read_back(out, tmp_path) as (collection, _):
        cards = {
            (note.fields[0][:3], card.ordinal): card
            for note in collection.notes
            for card in collection.cards
            if card.note_id == note.id
        }
        reviews = collection.reviews
    assert len(reviews) == len(log)
    assert sorted(review.id for review in reviews) == sorted(
        round(entry.reviewed_at.timestamp() * 1000) for entry in log
    )
    state = library.card_state("biology", "mitochondria")
    assert state.state is State.REVIEW and state.due is not None
    mitochondria = cards[("Wha", 0)]
    assert (mitochondria.type, mitochondria.queue) == (2, 2)
    # Day numbers count from 2000-01-01, the collection's creation.
    assert mitochondria.due == (state.due.date() - START.date()).days + 9740
    assert mitochondria.stability == state.stability
    assert mitochondria.difficulty == state.difficulty
    learning = library.card_state("biology", "dna:reverse")
    assert learning.state is State.LEARNING and learning.due is not None
    dna_reverse = cards[("DNA", 1)]
    assert (dna_reverse.type, dna_reverse.queue, dna_reverse.flags) == (1, 1, 2)
    assert dna_reverse.due == int(learning.due.timestamp())
    ribosome = cards[("Rib", 0)]
    assert (ribosome.type, ribosome.queue) == (0, -1)  # new, suspended
    assert sorted(review.ease for review in reviews) == sorted(int(e.rating) for e in log)


def test_the_progress_anki_reads_back_is_endoquiz_s(library: Library, tmp_path: Path) -> None:
    install_and_study(library, tmp_path / "decks")
    out = tmp_path / "progress.apkg"
    library.export_anki("biology", out, with_progress=True)
    with Library.open(tmp_path / "other", fuzz=False) as other:
        import_fixture(other, tmp_path / "back", out)
        moved = {(e.rating, e.reviewed_at) for e in other.review_log()}
        for deck_id in other.deck_tree("biology"):
            for card in other.deck(deck_id).cards:
                state = other.card_state(deck_id, card.id)
                assert state.state in (State.NEW, State.LEARNING, State.REVIEW)
    assert moved == {(e.rating, e.reviewed_at) for e in library.review_log()}


def test_a_deck_as_csv_for_a_spreadsheet(library: Library, tmp_path: Path) -> None:
    for path in write_decks(tmp_path / "decks"):
        library.add_deck(path, now=START)
    out = tmp_path / "biology.csv"
    assert library.export_csv("biology", out) == 8
    with out.open(encoding="utf-8-sig", newline="") as file:
        rows = list(csv.reader(file))
    assert rows[:4] == [
        ["#separator:comma"],
        ["#html:false"],
        ["#tags column:3"],
        ["#columns:Front", "Back", "Tags"],
    ]
    rows = rows[3:]
    assert rows[1] == [
        "What are **mitochondria**?",
        "The cell's *power plants*:\n\n- ATP\n- respiration",
        "bio::cells bio",
    ]
    assert rows[3] == ["Deoxyribonucleic acid & its ![bases](pictures/bases.png)", "DNA", "bio"]
    assert rows[5][0] == "The [organelle] holds the DNA."
    assert len(rows) == 9
    tsv = tmp_path / "biology.tsv"
    library.export_csv("biology", tsv, delimiter="\t")
    lines = tsv.read_text(encoding="utf-8-sig").splitlines()
    assert lines[0] == "#separator:tab"
    assert lines[3] == "#columns:Front\tBack\tTags"


def test_a_file_that_cannot_be_written_is_one_line_and_leaves_the_old_one(
    exported: Path, library: Library, tmp_path: Path
) -> None:
    not_a_folder = tmp_path / "file"
    not_a_folder.write_text("x")
    with pytest.raises(StoreWriteError) as refused:
        library.export_anki("biology/cells", not_a_folder / "out.apkg")
    assert "\n" not in str(refused.value) and "out.apkg cannot be written" in str(refused.value)
    before = exported.read_bytes()
    (tmp_path / "decks" / "cells.yaml").write_text("not: a deck\n", encoding="utf-8")
    with pytest.raises(DeckError, match=r"cells\.yaml"):
        library.export_anki("biology", exported)
    assert exported.read_bytes() == before
    # Nothing left beside the package: no temporary file or folder.
    assert sorted(path.name for path in tmp_path.iterdir()) == [
        "biology.apkg",
        "data",
        "decks",
        "file",
    ]


def test_an_unknown_deck_is_a_key_error(library: Library, tmp_path: Path) -> None:
    with pytest.raises(KeyError):
        library.export_anki("nowhere", tmp_path / "out.apkg")


def test_an_anki_note_copied_into_another_deck_keeps_one_guid_per_note(
    library: Library, tmp_path: Path
) -> None:
    import_fixture(library, tmp_path / "imported", FIXTURES / "modern.apkg")
    cells = tmp_path / "imported" / "biology-cells.yaml"
    copy = tmp_path / "imported" / "copy.yaml"
    copy.write_text(
        cells.read_text(encoding="utf-8").replace("id: biology/cells", "id: biology/copy"),
        encoding="utf-8",
    )
    library.add_deck(copy, now=START)
    summary = library.export_anki("biology", tmp_path / "out.apkg")
    with read_back(tmp_path / "out.apkg", tmp_path) as (collection, _):
        guids = [note.guid for note in collection.notes]
    assert len(guids) == len(set(guids)) == summary.notes
    copied = {card.note_id for card in library.deck("biology/copy").cards}
    said = dict(summary.changes)["notes from Anki in two decks: the second given a GUID of its own"]
    assert said == len(copied) > 0
