"""The summary a learner reads before an Anki import: the package's counts, and nothing written."""

from __future__ import annotations

from pathlib import Path

import pytest

from endoquiz import AnkiPackageError, Library
from tests.anki.fixture_files import FIXTURES, PACKAGES, expected


@pytest.mark.parametrize("package", PACKAGES)
def test_a_package_s_summary_counts_what_anki_counted(library: Library, package: str) -> None:
    said = expected()["collection"]
    before = sorted(path.name for path in library.data_dir.iterdir())
    summary = library.preview_anki_import(FIXTURES / package)
    assert summary.format == ("anki21b" if package.startswith("modern") else "anki21")
    assert (summary.notes, summary.cards) == (len(said["notes"]), len(said["cards"]))
    assert [(deck_id, title) for deck_id, title, _ in summary.decks] == [
        ("biology", "Biology"),
        ("biology/cells", "Cells"),
    ]
    assert summary.entries == sum(entries for *_, entries in summary.decks) == 12
    assert summary.endoquiz_cards == 15
    assert summary.media == 2  # the image and the sound the cards show
    assert summary.answers == said["reviews"]["count"] - 1  # the manual change left out
    changes = dict(summary.changes)
    assert changes["manual changes of a due date or a reset, not answers: left out"] == 1
    assert changes["purple flags: endoquiz has red, orange, green, blue"] == 1
    # Nothing written: no deck, no answer, no file left in the data folder.
    assert library.decks() == []
    assert library.review_log() == []
    assert sorted(path.name for path in library.data_dir.iterdir()) == before


def test_a_file_that_is_not_a_package_is_refused_in_one_line(
    library: Library, tmp_path: Path
) -> None:
    deck = tmp_path / "deck.apkg"
    deck.write_text("endoquiz: 1\nid: x\n", encoding="utf-8")
    with pytest.raises(AnkiPackageError) as refused:
        library.preview_anki_import(deck)
    assert "\n" not in str(refused.value)
    assert "deck.apkg" in str(refused.value)
