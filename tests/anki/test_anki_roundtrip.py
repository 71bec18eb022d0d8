"""The round trip through real Anki: what Anki held of the packages endoquiz makes."""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from endoquiz import Library, State
from endoquiz.anki.note_export import entry_guid
from tests.anki.export_decks import ROUNDTRIP_PACKAGES, ROUNDTRIP_TABLE, export_packages
from tests.anki.fixture_files import expected
from tests.anki.roundtrip.check_in_anki import content_sha256

RECORD = Path(__file__).resolve().parent / "roundtrip" / "anki_roundtrip.json"


@pytest.fixture(scope="module")
def made(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    return export_packages(tmp_path_factory.mktemp("roundtrip"))


def anki_held(package: str) -> dict[str, Any]:
    """What Anki held after importing `package`, as `make anki-roundtrip` recorded it."""
    record: dict[str, dict[str, Any]] = json.loads(RECORD.read_text(encoding="utf-8"))
    return record[package]


@pytest.mark.parametrize("package", ROUNDTRIP_PACKAGES)
def test_anki_imported_the_very_package_endoquiz_makes(made: dict[str, Path], package: str) -> None:
    # Anki's Check Database finds nothing to fix, and no card is empty.
    assert anki_held(package)["check_database"] == "Database rebuilt and optimized."
    assert anki_held(package)["empty_cards"] == 0
    # Any change to what the export writes changes these bytes: run `make
    # anki-roundtrip` and commit its record after checking what Anki says.
    # The files' contents, not the zip's bytes: another zlib compresses the
    # same files into other bytes.
    assert content_sha256(made[package]) == anki_held(package)["content_sha256"]
    assert anki_held(package)["anki"] == "26.09.3"


@pytest.mark.parametrize("package", ["decks.apkg", "decks-progress.apkg"])
def test_anki_holds_every_note_card_tag_and_image_of_the_decks(
    made: dict[str, Path], package: str
) -> None:
    held = anki_held(package)
    with Library.open(made[package].parent / "data") as library:
        cards = [card for d in library.deck_tree("biology") for card in library.deck(d).cards]
        answers = len(library.review_log())
    entries = {(card.deck_id, card.note_id): card.kind for card in cards}
    assert held["decks"] == ["Biology", "Biology::Cells"]
    assert held["notes"] == len(entries) == 6
    assert held["cards"] == len(cards) == 8
    # Anki renames a note type whose name its collection has: "Basic+".
    assert held["notes_by_type"] == {
        "Basic (and reversed card)+": 1,
        "Basic (type in the answer)+": 1,
        "Basic+": 3,  # basic, choice, basic
        "Cloze+": 1,
    }
    assert held["cards_by_type"]["Cloze+"] == 2
    assert held["guids"] == sorted(entry_guid(deck, entry) for deck, entry in entries)
    assert held["tags"] == sorted({tag for card in cards for tag in card.tags})
    assert held["media"] == ["bases.png", "cell.png"]
    if package == "decks.apkg":
        assert (held["reviews"], held["card_types"], held["memory_states"]) == (0, {"0": 8}, 0)
    else:
        assert held["reviews"] == answers == 12
        assert held["card_types"] == {"0": 3, "1": 1, "2": 4}  # new, learning, review
        assert held["card_queues"]["-1"] == 1  # the suspended card
        assert held["flags"] == [2]
        assert held["memory_states"] == 5  # every card answered


def test_exporting_again_updates_the_same_notes_in_anki() -> None:
    held = anki_held("decks.apkg, then decks-edited.apkg")
    # The same six notes, the edited answer taken, the note types of the
    # first import used again (a new collection has six of its own).
    assert (held["notes"], held["cards"], held["notetypes"]) == (6, 8, 6 + 4)
    edited = [back for back in held["backs"] if "power" in back]
    assert len(edited) == 1 and "<em>power stations</em>" in edited[0]


def test_anki_has_each_card_due_when_endoquiz_had_it(made: dict[str, Path]) -> None:
    due = {}
    with Library.open(made["decks-progress.apkg"].parent / "data", timezone=UTC) as library:
        for deck_id in library.deck_tree("biology"):
            for card in library.deck(deck_id).cards:
                state = library.card_state(deck_id, card.id)
                key = f"{entry_guid(deck_id, card.note_id)} {ordinal(card.id)}"
                if state.state is State.REVIEW and state.due is not None:
                    due[key] = (state.due - timedelta(hours=4)).date().isoformat()
                elif state.state is State.LEARNING and state.due is not None:
                    due[key] = str(int(state.due.timestamp()))  # a step due that day
    assert anki_held("decks-progress.apkg")["due"] == due
    assert len(due) == 5


def ordinal(card_id: str) -> int:
    """Anki's ordinal of an endoquiz card: its template's, or its cloze number less one."""
    _, _, suffix = card_id.partition(":")
    if suffix.startswith("c"):
        return int(suffix[1:]) - 1
    return 1 if suffix == "reverse" else 0


def test_anki_imports_the_csv_table_as_notes_of_front_back_and_tags(
    made: dict[str, Path],
) -> None:
    held = anki_held(ROUNDTRIP_TABLE)
    assert hashlib.sha256(made[ROUNDTRIP_TABLE].read_bytes()).hexdigest() == held["sha256"]
    # Its headers name the columns, so Anki fills Front, Back and the tags.
    assert held["columns"] == ["Front", "Back", "Tags"]
    assert held["notes"] == held["filled"] == 8  # a row per card
    assert held["tags"] == ["bio", "bio::cells", "leech-candidate"]


def test_anki_s_own_deck_comes_back_to_anki_whole() -> None:
    held = anki_held("modern-back.apkg")
    said = expected()["collection"]
    assert held["notes"] == len(said["notes"]) == 12
    assert held["cards"] == len(said["cards"]) == 15
    assert held["guids"] == sorted(note["guid"] for note in said["notes"])
    assert held["decks"] == said_decks(said)
    # The manual due date set in Anki is no answer: endoquiz leaves it out.
    assert held["reviews"] == said["reviews"]["count"] - 1
    assert held["card_types"] == {
        str(kind): n for kind, n in sorted(Counter(c["type"] for c in said["cards"]).items())
    }
    assert held["memory_states"] == 12
    assert held["tags"] == sorted({tag for note in said["notes"] for tag in note["tags"]})
    # The image and the sound come back (a sound is a link in endoquiz).
    assert held["media"] == sorted(said["media"]) == ["cell.png", "heart.mp3"]
    # Flags 1 and 4 come back; Anki's purple (7) endoquiz has not.
    assert held["flags"] == [1, 4]
    # Every studied card is due when it was due in the collection Anki made.
    created = datetime.fromtimestamp(said["created_s"], UTC).date()
    assert held["due"] == {
        f"{card['note']} {card['ordinal']}": (
            (created + timedelta(days=card["due"])).isoformat()
            if card["type"] == 2
            else str(card["due"])
        )
        for card in said["cards"]
        if card["type"] == 2 or card["queue"] == 1
    }


def said_decks(said: dict[str, Any]) -> list[str]:
    return sorted({card["deck"] for card in said["cards"]})
