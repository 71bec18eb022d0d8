"""The fixtures are there, small, and hold what expected.json counts in them."""

from __future__ import annotations

import csv
import zipfile
from pathlib import Path

import pytest

from endoquiz.anki.collection_reading import read_collection
from tests.anki.fixture_files import FIXTURES, PACKAGES, expected, extract

FILES = (*PACKAGES, "modern.anki2", "notes.txt", "expected.json")
# Fixtures stay small: they are committed, and read by every run of the suite.
MAX_FIXTURE_BYTES = 200_000


@pytest.mark.parametrize("name", FILES)
def test_each_fixture_exists_and_is_small(name: str) -> None:
    size = (FIXTURES / name).stat().st_size
    assert 0 < size < MAX_FIXTURE_BYTES


def test_expected_json_was_made_by_the_pinned_anki_for_every_package() -> None:
    said = expected()
    assert said["anki"] == "26.9.3"
    assert set(said["packages"]) == set(PACKAGES)


@pytest.mark.parametrize(
    ("package", "collection_file"),
    [
        ("modern.apkg", "collection.anki21b"),
        ("modern.colpkg", "collection.anki21b"),
        ("legacy.apkg", "collection.anki21"),
        ("legacy.colpkg", "collection.anki21"),
    ],
)
def test_each_package_holds_its_format_and_the_media(package: str, collection_file: str) -> None:
    with zipfile.ZipFile(FIXTURES / package) as archive:
        names = set(archive.namelist())
    media_count = len(expected()["packages"][package]["media"])
    assert {collection_file, "media", "meta"} <= names
    # Media files are stored under their index ("0", "1", ...).
    assert {str(index) for index in range(media_count)} <= names


@pytest.mark.parametrize("package", ["legacy.apkg", "legacy.colpkg"])
def test_legacy_packages_hold_what_anki_counted_in_them(package: str, tmp_path: Path) -> None:
    collection = read_collection(extract(package, "collection.anki21", tmp_path))
    counted = expected()["packages"][package]
    decks = {deck.id: deck.name for deck in collection.decks}
    assert len(collection.notes) == counted["notes"]
    assert len(collection.cards) == counted["cards"]
    assert len(collection.reviews) == counted["reviews"]
    assert sum(card.stability is not None for card in collection.cards) == counted["memory_states"]
    assert sorted({decks[card.deck_id] for card in collection.cards}) == counted["decks"]


def test_the_collection_file_holds_what_anki_counted_in_the_collection() -> None:
    collection = read_collection(FIXTURES / "modern.anki2")
    said = expected()["collection"]
    assert (len(collection.notes), len(collection.cards)) == (
        len(said["notes"]),
        len(said["cards"]),
    )
    assert len(collection.reviews) == said["reviews"]["count"]


def test_the_notes_export_has_anki_headers_and_one_row_per_note() -> None:
    lines = (FIXTURES / "notes.txt").read_text(encoding="utf-8").splitlines()
    headers = dict(line[1:].split(":", 1) for line in lines if line.startswith("#"))
    assert headers["separator"] == "tab"
    assert headers["html"] == "true"
    assert {"tags column", "deck column", "notetype column", "guid column"} <= set(headers)
    rows = list(csv.reader((line for line in lines if not line.startswith("#")), delimiter="\t"))
    guid_column = int(headers["guid column"]) - 1
    said = expected()["collection"]["notes"]
    assert sorted(row[guid_column] for row in rows) == sorted(note["guid"] for note in said)
