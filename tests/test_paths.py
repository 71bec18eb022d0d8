"""Where the data lives: --data-dir, portable mode, the environment, the platform."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest

from endoquiz import DeckStatus, Library, Rating
from endoquiz.paths import PORTABLE_MARKER, resolve_data_dir
from tests.conftest import T0, WriteDeck, basic_deck


@pytest.fixture
def program_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A folder holding the running program (as a USB stick would)."""
    folder = tmp_path / "stick"
    folder.mkdir()
    monkeypatch.setattr(sys, "argv", [str(folder / "endoquiz")])
    return folder


def test_portable_marker_puts_data_beside_the_program(program_dir: Path) -> None:
    assert resolve_data_dir(None) != program_dir / "data"
    (program_dir / PORTABLE_MARKER).write_text("", encoding="utf-8")
    # The marker outranks $ENDOQUIZ_DATA_DIR (set by the test fixtures) ...
    assert resolve_data_dir(None) == program_dir / "data"
    # ... but not an explicit --data-dir.
    assert resolve_data_dir("/elsewhere") == Path("/elsewhere")


def test_portable_flag_without_marker(program_dir: Path) -> None:
    assert resolve_data_dir(None, portable=True) == program_dir / "data"


def test_portable_import_copies_the_deck_and_its_images(
    tmp_path: Path, write_deck: WriteDeck
) -> None:
    source = write_deck(
        """
        endoquiz: 1
        id: pics/one
        title: Pictures
        cards:
          - {id: a, front: F, back: B, image: img/cell.png}
        """
    )
    (source.parent / "img").mkdir()
    (source.parent / "img" / "cell.png").write_bytes(b"\x89PNG fake")
    data = tmp_path / "stick" / "data"
    with Library.open(data) as library:
        deck = library.add_deck_copy(source)
        assert deck.path == data.resolve() / "decks" / "pics-one" / source.name
        assert (deck.path.parent / "img" / "cell.png").read_bytes() == b"\x89PNG fake"
        session = library.review("pics/one", now=T0)
        card = session.next_card(T0)
        assert card is not None
        session.answer(card, Rating.EASY, T0)

    # The stick is mounted elsewhere on another machine: decks and progress come along.
    moved = tmp_path / "other-mount" / "data"
    shutil.copytree(data, moved)
    shutil.rmtree(data)
    with Library.open(moved) as library:
        (entry,) = library.decks()
        assert entry.status is DeckStatus.OK
        assert entry.path == moved.resolve() / "decks" / "pics-one" / source.name
        assert library.card_state("pics/one", "a").reps == 1


def test_decks_outside_the_data_folder_keep_their_absolute_path(
    tmp_path: Path, write_deck: WriteDeck
) -> None:
    path = write_deck(basic_deck("outside", ["a"]))
    with Library.open(tmp_path / "data") as library:
        library.add_deck(path)
    with Library.open(tmp_path / "data") as library:
        (entry,) = library.decks()
        assert entry.path == path.resolve() and entry.status is DeckStatus.OK


def test_portable_copy_takes_the_images_the_card_text_shows(
    tmp_path: Path, write_deck: WriteDeck
) -> None:
    source = write_deck(
        """
        endoquiz: 1
        id: inline
        title: Inline pictures
        cards:
          - id: a
            front: "Which cell? ![cell](img/inline.png)"
            back: "![again](img/inline.png) and ![away](../outside.png) ![web](http://x.test/y.png)"
        """,
        "pictures/inline.yaml",
    )
    (source.parent / "img").mkdir()
    (source.parent / "img" / "inline.png").write_bytes(b"\x89PNG inline")
    (source.parent.parent / "outside.png").write_bytes(b"\x89PNG outside")
    with Library.open(tmp_path / "stick" / "data") as library:
        deck = library.add_deck_copy(source)
    copied = sorted(p.relative_to(deck.path.parent).as_posix() for p in deck.path.parent.rglob("*"))
    assert copied == ["img", "img/inline.png", "inline.yaml"]  # nothing from outside the folder
