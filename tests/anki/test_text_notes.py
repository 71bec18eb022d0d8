"""Anki's text export and CSV/TSV files read as notes: columns, decks, kinds, refusals."""

from __future__ import annotations

import csv
import html
import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from endoquiz import AnkiPackageError, Library
from endoquiz.anki import text_notes
from endoquiz.anki.anki_ids import entry_id
from endoquiz.anki.collection_reading import read_collection
from endoquiz.anki.note_conversion import ConvertedNotes, convert_notes
from endoquiz.anki.text_notes import TextNotes, is_text_notes, read_text_notes
from endoquiz.decks.deck_loader import check_deck
from tests.anki.fixture_files import FIXTURES, expected


def written(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_bytes(text.encode("utf-8"))
    return path


def entries(converted: ConvertedNotes) -> dict[str, dict[str, Any]]:
    return {entry["id"]: entry for deck in converted.decks for entry in deck.document["cards"]}


def decks_of(converted: ConvertedNotes) -> dict[str, list[dict[str, Any]]]:
    return {deck.deck_id: deck.document["cards"] for deck in converted.decks}


def assert_decks_pass_the_checks(converted: ConvertedNotes, folder: Path) -> None:
    """Each deck made, written as its file, is one `endoquiz validate` accepts."""
    for deck in converted.decks:
        path = folder / "deck.yaml"
        path.write_text(deck.yaml_text(), encoding="utf-8")
        errors = check_deck(path).errors
        assert errors == (), [str(diagnostic) for diagnostic in errors]


def notes_entry_id(notes: TextNotes, index: int) -> str:
    return entry_id(notes.collection.notes[index].guid)


def read_cards(folder: Path, name: str, text: str) -> tuple[TextNotes, ConvertedNotes]:
    notes = read_text_notes(written(folder, name, text))
    return notes, convert_notes(notes.collection)


# -- Anki's own export ---------------------------------------------------------


def test_anki_s_notes_export_makes_the_entries_its_package_makes() -> None:
    """notes.txt is Anki's text export of the fixture collection: the same
    notes, GUIDs, kinds, decks and tags as the collection itself, so
    importing either updates the same entries."""
    notes = read_text_notes(FIXTURES / "notes.txt")
    said = expected()["collection"]
    assert notes.format == "anki-text"
    assert (len(notes.collection.notes), len(notes.collection.cards)) == (
        len(said["notes"]),
        len(said["cards"]),
    )
    assert {note.guid for note in notes.collection.notes} == {
        note["guid"] for note in said["notes"]
    }
    from_text = convert_notes(notes.collection)
    from_package = convert_notes(read_collection(FIXTURES / "modern.anki2"))
    assert set(decks_of(from_text)) == {"biology", "biology/cells"}
    assert {deck: [e["id"] for e in cards] for deck, cards in decks_of(from_text).items()} == {
        deck: [e["id"] for e in cards] for deck, cards in decks_of(from_package).items()
    }
    assert sorted(from_text.card_keys.values()) == sorted(from_package.card_keys.values())
    text_entries, package_entries = entries(from_text), entries(from_package)
    for made, entry in package_entries.items():
        if "heart" in entry.get("front", ""):
            continue  # its image is a file of the package; a text file has none
        assert text_entries[made] == entry


def test_the_summary_of_a_text_export_counts_its_notes_and_writes_nothing(
    library: Library,
) -> None:
    before = sorted(path.name for path in library.data_dir.iterdir())
    summary = library.preview_anki_import(FIXTURES / "notes.txt")
    assert summary.format == "anki-text"
    assert (summary.notes, summary.cards, summary.entries, summary.endoquiz_cards) == (
        12,
        15,
        12,
        15,
    )
    assert [(deck_id, title) for deck_id, title, _ in summary.decks] == [
        ("biology", "Biology"),
        ("biology/cells", "Cells"),
    ]
    assert (summary.media, summary.answers) == (0, 0)
    assert dict(summary.changes)["notes of the note type 'Vocab': read as basic cards"] == 1
    assert library.decks() == []
    assert sorted(path.name for path in library.data_dir.iterdir()) == before


def test_anki_s_headers_name_the_separator_note_type_deck_and_tags(tmp_path: Path) -> None:
    notes, converted = read_cards(
        tmp_path,
        "french.txt",
        "#separator:Semicolon\n"
        "#notetype:Cloze\n"
        "#deck:Languages::French\n"
        "#tags:imported lang::fr\n"
        '"Le {{c1::chat}}; il {{c2::dort}}";Le <b>chat</b>;animals\n',
    )
    assert notes.format == "anki-text"
    assert [card.ordinal for card in notes.collection.cards] == [0, 1]
    assert list(decks_of(converted)) == ["languages/french"]
    [[entry]] = decks_of(converted).values()
    assert entry["kind"] == "cloze"
    assert entry["text"] == "Le {{c1::chat}}; il {{c2::dort}}"
    assert entry["extra"] == "Le **chat**"
    assert entry["tags"] == ["imported", "lang::fr", "animals"]


def test_columns_are_matched_to_the_note_type_s_fields_by_name(tmp_path: Path) -> None:
    _, converted = read_cards(
        tmp_path,
        "capitals.txt",
        "#separator:tab\n#columns:Back\tFront\tTags\nParis\tCapital of France?\tgeo\n",
    )
    [[entry]] = decks_of(converted).values()
    assert (entry["front"], entry["back"], entry["tags"]) == (
        "Capital of France?",
        "Paris",
        ["geo"],
    )


def test_html_false_keeps_markup_as_the_text_the_learner_typed(tmp_path: Path) -> None:
    _, converted = read_cards(
        tmp_path,
        "maths.txt",
        "#separator:tab\n#html:false\n<b>a</b> < b & c\tfirst line\nsecond line\n",
    )
    [[entry]] = decks_of(converted).values()
    assert entry["front"] == r"\<b\>a\</b\> \< b \& c"
    assert entry["back"] == "first line"


def test_without_html_header_anki_s_rule_decides_from_the_first_rows(tmp_path: Path) -> None:
    _, as_html = read_cards(tmp_path, "a.txt", "#separator:tab\n<i>x</i>\ty\n")
    _, as_text = read_cards(tmp_path, "b.txt", "#separator:tab\nx < y\ty\n")
    [[html_entry]] = decks_of(as_html).values()
    [[text_entry]] = decks_of(as_text).values()
    assert html_entry["front"] == "*x*"
    assert text_entry["front"] == r"x \< y"


def test_comment_records_are_skipped_but_a_quoted_field_may_hold_a_hash_line(
    tmp_path: Path,
) -> None:
    notes, converted = read_cards(
        tmp_path,
        "notes.txt",
        "#separator:tab\n#html:false\nq0\ta0\n"
        '# a comment\tnot a note\nq1\t"line one\n# line two"\n',
    )
    assert [note.fields[0] for note in notes.collection.notes] == ["q0", "q1"]
    assert entries(converted)[notes_entry_id(notes, 1)]["back"] == "line one\\\n\\# line two"


def test_anki_s_old_tags_header_starts_an_anki_text_file(tmp_path: Path) -> None:
    notes, converted = read_cards(tmp_path, "old.txt", "tags:old imported\nheart\tpumps\n")
    assert notes.format == "anki-text"
    [[entry]] = decks_of(converted).values()
    assert (entry["front"], entry["back"], entry["tags"]) == ("heart", "pumps", ["old", "imported"])


def test_a_guid_too_long_for_an_id_is_replaced_and_counted(tmp_path: Path) -> None:
    notes, converted = read_cards(
        tmp_path, "a.txt", f"#separator:tab\n#guid column:1\n{'g' * 72}\theart\tpumps\n"
    )
    assert notes.changes == {"GUIDs too long to make an id: replaced": 1}
    [[entry]] = decks_of(converted).values()
    assert (entry["front"], entry["back"]) == ("heart", "pumps")


ANKI_READ = FIXTURES / "text"


def anki_s_notes(name: str) -> list[dict[str, Any]]:
    """What Anki 26.9.3 made of `text/<name>` (make_text_expected.py)."""
    said = json.loads((ANKI_READ / "expected.json").read_text(encoding="utf-8"))
    notes: list[dict[str, Any]] = said[name]["notes"]
    return notes


@pytest.mark.parametrize(
    "name", sorted(path.name for path in ANKI_READ.iterdir() if path.suffix == ".txt")
)
def test_a_text_file_is_read_as_anki_itself_reads_it(name: str) -> None:
    """The same notes, note types, decks, fields (as Anki stores them), tags
    and cards as Anki's own import of the file: its headers, separator,
    HTML rule, columns, comments and quotes read alike."""
    notes = read_text_notes(ANKI_READ / name, default_deck="Default")
    notetypes = {notetype.id: notetype.name for notetype in notes.collection.notetypes}
    decks = {deck.id: deck.name for deck in notes.collection.decks}
    cards: dict[int, list[int]] = {}
    for card in notes.collection.cards:
        cards.setdefault(card.note_id, []).append(card.deck_id)
    assert [
        {
            "notetype": notetypes[note.notetype_id],
            "deck": decks[cards[note.id][0]],
            "fields": list(note.fields),
            "tags": sorted(note.tags),
            "cards": len(cards[note.id]),
        }
        for note in notes.collection.notes
    ] == anki_s_notes(name)


def test_a_row_without_a_deck_goes_to_the_default_deck(tmp_path: Path) -> None:
    """Anki makes a deck named "blank" of an empty deck column; the file's
    own deck is what the learner means."""
    _, converted = read_cards(
        tmp_path, "biology.txt", "#separator:,\n#deck column:3\none,1,Cells\ntwo,2,\nthree,3\n"
    )
    assert {deck: [e["front"] for e in cards] for deck, cards in decks_of(converted).items()} == {
        "biology": ["two", "three"],
        "cells": ["one"],
    }


def test_thousands_of_note_type_names_are_summed_up_under_one(tmp_path: Path) -> None:
    rows = "".join(f"Type {n}\tq{n}\ta{n}\n" for n in range(300))
    _, converted = read_cards(
        tmp_path, "many.txt", f"#separator:tab\n#notetype column:1\nCloze\tA {{{{c1::b}}}}\n{rows}"
    )
    named = [what for what in converted.changes if what.startswith("notes of the note type")]
    assert len(named) == text_notes.MAX_NAMED_NOTETYPES
    other = f"notes of the note type {text_notes.OTHER_NOTETYPES!r}: read as basic cards"
    assert converted.changes[other] == 300 - (text_notes.MAX_NAMED_NOTETYPES - 1)
    assert len(entries(converted)) == 301
    assert "cloze" in {entry["kind"] for entry in entries(converted).values()}


# -- plain CSV and TSV ---------------------------------------------------------


def test_a_csv_with_a_header_row_makes_basic_cards_in_its_decks(tmp_path: Path) -> None:
    notes, converted = read_cards(
        tmp_path,
        "spanish.csv",
        "Front,Back,Tags,Deck\n"
        '"hablar, to",to speak,verbs lang::es,Spanish::Verbs\n'
        '"la casa","the house\nthe home",nouns,\n'
        "#hashtag,a front that starts with a hash,,\n",
    )
    assert notes.format == "csv"
    assert decks_of(converted) == {
        "spanish": [
            {
                "id": converted.decks[0].document["cards"][0]["id"],
                "kind": "basic",
                "front": "la casa",
                "back": "the house\\\nthe home",
                "tags": ["nouns"],
            },
            {
                "id": converted.decks[0].document["cards"][1]["id"],
                "kind": "basic",
                "front": "#hashtag",
                "back": "a front that starts with a hash",
            },
        ],
        "spanish/verbs": [
            {
                "id": converted.decks[1].document["cards"][0]["id"],
                "kind": "basic",
                "front": "hablar, to",
                "back": "to speak",
                "tags": ["verbs", "lang::es"],
            }
        ],
    }
    assert_decks_pass_the_checks(converted, tmp_path)


def test_decks_nested_deeper_and_longer_than_ids_go_make_decks_that_install(
    tmp_path: Path,
) -> None:
    """A deck file refuses an id over 120 characters: long levels are cut,
    and levels past the fourth make one level of the id."""
    long_names = (
        "Cardiology for the internal medicine boards::"
        "Arrhythmias and conduction disorders of the heart::"
        "Atrial fibrillation and flutter management::Anticoagulation"
    )
    deep = "AnKing Step Deck::#AK_Step1_v12::#B&B::01_Biochem::03_Vitamins::B12"
    _, converted = read_cards(
        tmp_path,
        "step1.csv",
        f"front,back,deck\nCHA2DS2-VASc?,a score,{long_names}\nB12?,cobalamin,{deep}\n",
    )
    assert {deck.deck_id: deck.document["title"] for deck in converted.decks} == {
        "anking-step-deck/ak-step1-v12/b-b/01-biochem-03-vitamins-b": "B12",
        "cardiology-for-the-inter/arrhythmias-and-conducti/"
        "atrial-fibrillation-and/anticoagulation": "Anticoagulation",
    }
    assert_decks_pass_the_checks(converted, tmp_path)


def test_a_tsv_s_header_may_say_question_and_answer(tmp_path: Path) -> None:
    notes, converted = read_cards(
        tmp_path, "glossary.tsv", "Question\tAnswer\tSource\nATP?\tenergy, stored\tbook\n"
    )
    assert notes.format == "tsv"
    [[entry]] = decks_of(converted).values()
    assert (entry["front"], entry["back"]) == ("ATP?", "energy, stored")
    assert notes.changes == {"columns endoquiz does not read ('source'): left out": 1}


def test_importing_an_edited_csv_again_keeps_each_row_s_id(tmp_path: Path) -> None:
    _, first = read_cards(tmp_path, "a.csv", "front,back\nheart,pumps\nlung,breathes\n")
    _, edited = read_cards(tmp_path, "a.csv", "front,back\nlung,breathes air\nheart,pumps blood\n")
    ids = {entry["front"]: entry_id for entry_id, entry in entries(first).items()}
    assert {entry["front"]: entry_id for entry_id, entry in entries(edited).items()} == ids


def test_empty_and_repeated_first_fields_are_left_out_and_counted(tmp_path: Path) -> None:
    notes, converted = read_cards(
        tmp_path, "a.csv", "front,back\nheart,pumps\n,no front\nheart,again\n"
    )
    assert [entry["back"] for entry in entries(converted).values()] == ["pumps"]
    assert notes.changes == {
        "rows with an empty first field: left out": 1,
        "rows repeating an earlier row's first field: left out": 1,
    }


# Text without "<": plain text by Anki's rule, so every field is escaped.
_CELL = st.characters(exclude_categories=("Cs", "Cc"), exclude_characters="<")


@settings(max_examples=80, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    rows=st.lists(
        st.tuples(
            st.text(_CELL, min_size=1, max_size=30).filter(str.strip),
            st.text(
                st.characters(
                    exclude_categories=("Cs", "Cc"),
                    exclude_characters="<",
                    include_characters="\n\r\t",
                ),
                max_size=30,
            ),
            st.lists(st.text(st.sampled_from("ab:_-"), min_size=1, max_size=5), max_size=3),
        ),
        min_size=1,
        max_size=8,
        unique_by=lambda row: row[0],
    ),
    delimiter=st.sampled_from([",", "\t", ";"]),
)
def test_any_csv_a_spreadsheet_writes_reads_back_field_for_field(
    tmp_path: Path, rows: list[tuple[str, str, list[str]]], delimiter: str
) -> None:
    path = tmp_path / "sheet.csv"
    with path.open("w", encoding="utf-8", newline="") as file:
        writer = csv.writer(file, delimiter=delimiter)
        writer.writerow(["front", "back", "tags"])
        writer.writerows((front, back, " ".join(tags)) for front, back, tags in rows)
    notes = read_text_notes(path)
    assert [note.fields for note in notes.collection.notes] == [
        (
            html.escape(front, quote=False),
            html.escape(back, quote=False).replace("\r\n", "<br>").replace("\n", "<br>"),
        )
        for front, back, _ in rows
    ]
    assert [note.tags for note in notes.collection.notes] == [
        tuple(dict.fromkeys(tags)) for *_, tags in rows
    ]


def test_excel_s_unicode_text_a_utf16_tsv_is_read(tmp_path: Path) -> None:
    path = tmp_path / "vocabulaire.txt"
    path.write_bytes("front\tback\ncafé\tcoffee\nœuf\tegg\n".encode("utf-16"))
    assert is_text_notes(path)
    notes = read_text_notes(path)
    assert notes.format == "tsv"
    assert [note.fields for note in notes.collection.notes] == [("café", "coffee"), ("œuf", "egg")]


# -- refused in one line -------------------------------------------------------


def refusal(path: Path) -> str:
    with pytest.raises(AnkiPackageError) as refused:
        read_text_notes(path)
    message = str(refused.value)
    assert "\n" not in message
    assert path.name in message
    return message


def test_a_csv_whose_first_row_names_no_front_and_back_is_refused(tmp_path: Path) -> None:
    path = written(tmp_path, "data.csv", "heart,pumps\nlung,breathes\n")
    assert "front, back" in refusal(path)


def test_a_file_with_a_header_and_no_note_is_refused(tmp_path: Path) -> None:
    assert "no note" in refusal(written(tmp_path, "a.csv", "front,back\n\n"))
    assert "no note" in refusal(written(tmp_path, "b.txt", "#separator:tab\n#html:true\n"))


def test_a_file_that_is_not_utf8_is_refused_with_its_line(tmp_path: Path) -> None:
    path = tmp_path / "latin.csv"
    path.write_bytes("front,back\ncafé,coffee\n".encode("latin-1"))
    assert "line 2: not UTF-8 text (save the file as UTF-8" in refusal(path)


def test_a_binary_file_past_its_first_kilobytes_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "a.csv"
    path.write_bytes(b"front,back\n" + b"x,y\n" * 4000 + b"\0\0")
    assert is_text_notes(path)
    assert "binary" in refusal(path)


def test_a_2_gb_text_file_is_refused_by_its_size_before_it_is_read(tmp_path: Path) -> None:
    path = tmp_path / "huge.csv"
    with path.open("wb") as file:
        file.write(b"front,back\n" + b"x,y\n" * 4000)  # past the 8 KB sniffed
        file.truncate(2 * 1024 * 1024 * 1024)  # sparse: no disk used
    assert is_text_notes(path)
    assert "2,048 MB" in refusal(path)


def test_a_file_of_too_many_rows_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(text_notes, "MAX_TEXT_NOTES_ROWS", 3)
    path = written(tmp_path, "a.csv", "front,back\n" + "".join(f"q{n},a\n" for n in range(10)))
    assert "at most 3 notes" in refusal(path)


def test_a_field_too_large_for_the_reader_is_refused_with_its_line(tmp_path: Path) -> None:
    path = written(tmp_path, "a.csv", "front,back\nq,a\nq2," + "x" * 200_000 + "\n")
    assert "line 3" in refusal(path)


def test_a_package_is_left_to_the_package_reader() -> None:
    assert not is_text_notes(FIXTURES / "modern.apkg")
    assert is_text_notes(FIXTURES / "notes.txt")
