"""Anki packages imported: deck files and media written, progress merged, all or nothing."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from endoquiz import AnkiPackageError, Library, State
from tests.anki.fixture_files import FIXTURES, PACKAGES, expected

NOW = datetime(2026, 11, 30, 12, tzinfo=UTC)


def snapshot(data_dir: Path) -> dict[str, bytes]:
    """Every file of the data folder but its backups and database, by path."""
    return {
        str(path.relative_to(data_dir)): path.read_bytes()
        for path in sorted(data_dir.rglob("*"))
        if path.is_file() and "backups" not in path.parts and "progress" not in path.name
    }


@pytest.mark.parametrize("package", PACKAGES)
def test_a_package_becomes_deck_files_with_anki_s_progress(library: Library, package: str) -> None:
    result = library.import_anki(FIXTURES / package, NOW)
    said = expected()["collection"]
    assert not result.cancelled
    assert [deck.id for deck in result.decks] == ["biology", "biology/cells"]
    folder = library.data_dir / "decks" / "anki"
    assert (folder / "biology" / "biology.yaml").is_file()
    assert (folder / "biology+cells" / "biology+cells.yaml").is_file()
    # The image and the sound the cards show, beside the deck that shows them.
    assert (folder / "biology" / "cell.png").read_bytes().startswith(b"\x89PNG")
    assert (folder / "biology" / "heart.mp3").is_file()
    assert [deck.id for deck in library.decks()] == ["biology", "biology/cells"]
    heart = next(card for card in library.deck("biology").cards if "heart" in card.front)
    assert "![" in heart.front and "cell.png" in heart.front
    # Progress: every answer but the manual change, each card in Anki's state.
    assert result.answers_added == len(library.review_log()) == said["reviews"]["count"] - 1
    studied = [card for card in said["cards"] if card["type"] != 0]
    assert result.cards_updated == len(studied)
    states = sorted(int(m.state) for m in library.search_cards("", now=NOW + timedelta(days=1)))
    assert states == sorted(card["type"] for card in said["cards"])
    assert len(library.search_cards("is:suspended", now=NOW)) == 1
    learning = library.search_cards("is:learning", now=NOW)
    assert {int(m.state) for m in learning} == {State.LEARNING, State.RELEARNING}


def test_importing_again_updates_and_keeps_the_learner_s_own_entries(library: Library) -> None:
    first = library.import_anki(FIXTURES / "modern.apkg", NOW)
    deck_file = library.data_dir / "decks" / "anki" / "biology" / "biology.yaml"
    text = deck_file.read_text(encoding="utf-8")
    # The learner adds a card of their own, and edits an imported one.
    deck_file.write_text(
        text.replace("Cell membrane", "Cell membrane (edited)")
        + "- id: my-own\n  front: My question\n  back: My answer\n",
        encoding="utf-8",
    )
    again = library.import_anki(FIXTURES / "legacy.apkg", NOW)
    assert (again.answers_added, again.cards_updated) == (0, 0)
    assert len(library.review_log()) == first.answers_added
    cards = {card.id: card for card in library.deck("biology").cards}
    assert cards["my-own"].front == "My question"
    # The package's entry is the package's again, once.
    fronts = [card.front for card in cards.values()]
    assert "Cell membrane" in fronts and "Cell membrane (edited)" not in fronts
    assert len(cards) == len(first.decks[0].cards) + 1


def test_a_deck_id_another_deck_has_refuses_the_import_with_nothing_written(
    library: Library, tmp_path: Path
) -> None:
    own = tmp_path / "own.yaml"
    own.write_text(
        "endoquiz: 1\nid: biology\ntitle: Mine\ncards:\n- id: a\n  front: q\n  back: a\n",
        encoding="utf-8",
    )
    library.add_deck(own, NOW)
    before = snapshot(library.data_dir)
    with pytest.raises(AnkiPackageError) as refused:
        library.import_anki(FIXTURES / "modern.apkg", NOW)
    assert "'biology'" in str(refused.value) and "own.yaml" in str(refused.value)
    assert "\n" not in str(refused.value)
    assert snapshot(library.data_dir) == before
    assert [deck.id for deck in library.decks()] == ["biology"]
    assert library.review_log() == []
    assert not list(library.data_dir.glob(".anki-import-*"))


@pytest.mark.parametrize("at", ["converting", "writing", "saving"])
def test_a_cancelled_import_leaves_the_library_as_it_was(library: Library, at: str) -> None:
    library.import_anki(FIXTURES / "modern.apkg", NOW)
    deck_file = library.data_dir / "decks" / "anki" / "biology" / "biology.yaml"
    deck_file.write_text(
        deck_file.read_text(encoding="utf-8") + "- id: mine\n  front: q\n  back: a\n",
        encoding="utf-8",
    )
    library.sync_decks()
    before = snapshot(library.data_dir)
    log = library.review_log()
    cancel = threading.Event()
    steps: list[str] = []

    def step(name: str) -> None:
        steps.append(name)
        if name == at:
            cancel.set()

    result = library.import_anki(FIXTURES / "modern.colpkg", NOW, cancel=cancel, on_step=step)
    assert result.cancelled
    assert steps[-1] == at
    assert snapshot(library.data_dir) == before
    assert library.review_log() == log
    assert "mine" in {card.id for card in library.deck("biology").cards}
    assert not list(library.data_dir.glob(".anki-import-*"))


def test_steps_are_told_in_order(library: Library) -> None:
    steps: list[str] = []
    library.import_anki(FIXTURES / "modern.apkg", NOW, on_step=steps.append)
    assert steps == ["reading", "converting", "writing", "saving"]


def test_an_earlier_import_s_file_that_is_no_deck_is_not_overwritten(library: Library) -> None:
    library.import_anki(FIXTURES / "modern.apkg", NOW)
    deck_file = library.data_dir / "decks" / "anki" / "biology" / "biology.yaml"
    deck_file.write_text("just: [a, list\n", encoding="utf-8")
    with pytest.raises(AnkiPackageError) as refused:
        library.import_anki(FIXTURES / "modern.apkg", NOW)
    assert "biology.yaml" in str(refused.value) and "move it away" in str(refused.value)
    assert deck_file.read_text(encoding="utf-8") == "just: [a, list\n"


def test_anki_s_text_export_and_a_csv_import_as_new_cards(library: Library, tmp_path: Path) -> None:
    result = library.import_anki(FIXTURES / "notes.txt", NOW)
    assert result.summary.format == "anki-text"
    assert [deck.id for deck in result.decks] == ["biology", "biology/cells"]
    assert sum(len(library.deck(deck.id).cards) for deck in result.decks) == 15
    assert (result.answers_added, library.review_log()) == (0, [])
    sheet = tmp_path / "spanish.csv"
    sheet.write_text("front,back,tags\nhablar,to speak,verbs\n", encoding="utf-8")
    library.import_anki(sheet, NOW)
    [verb] = library.deck("spanish").cards
    assert (verb.front, verb.back) == ("hablar", "to speak")
    # The same sheet edited and imported again: the same entry, updated.
    sheet.write_text('front,back,tags\nhablar,"to speak, to talk",verbs\n', encoding="utf-8")
    library.import_anki(sheet, NOW)
    [verb_again] = library.deck("spanish").cards
    assert (verb_again.id, verb_again.back) == (verb.id, "to speak, to talk")


def test_a_backup_is_made_only_once_the_import_goes_ahead(library: Library) -> None:
    with pytest.raises(AnkiPackageError):
        library.import_anki(FIXTURES / "genanki.json", NOW)  # not a package
    declined = library.import_anki(FIXTURES / "modern.apkg", NOW, on_summary=lambda _s: False)
    assert declined.cancelled
    assert library.backups() == []
    library.import_anki(FIXTURES / "modern.apkg", NOW, on_summary=lambda _s: True)
    assert len(library.backups()) == 1
