"""`Library.install_decks`: deck files installed through a connection of
their own (a window runs it in a worker thread), cancellable at any step
with nothing half-saved."""

from __future__ import annotations

import sqlite3
import threading
from contextlib import closing
from pathlib import Path

import pytest

from endoquiz import DeckError, Library, Rating
from endoquiz.decks.yaml_tree import Node, YamlError, parse_yaml_bytes
from tests.conftest import T0, WriteDeck, basic_deck, study

# Large enough that saving it runs well past SQLite's first progress check.
MANY = [f"c{n:04}" for n in range(2000)]

DECK_WITH_IMAGE = """\
endoquiz: 1
id: one
title: One
cards:
  - id: glut4
    kind: reverse
    front: GLUT4
    back: The insulin-regulated glucose transporter
    image: glut4.svg
"""


def card_rows(data_dir: Path, deck_id: str) -> int:
    with closing(sqlite3.connect(data_dir / "progress.sqlite3")) as db:
        (count,) = db.execute(
            "SELECT count(*) FROM card WHERE deck_id = ? AND active = 1", (deck_id,)
        ).fetchone()
    return int(count)


def test_decks_are_installed_and_bad_files_reported(
    library: Library, write_deck: WriteDeck
) -> None:
    good = write_deck(basic_deck("one", ["a", "b"]), "one.yaml")
    bad = write_deck("endoquiz: 1\nid: two\ncards: 3\n", "two.yaml")
    other = write_deck(basic_deck("three", ["c"]), "three.yaml")
    steps: list[tuple[str, str]] = []
    result = library.install_decks(
        [good, bad, other], on_step=lambda step, path: steps.append((step, path.name))
    )
    assert [deck.id for deck in result.installed] == ["one", "three"]
    ((path, error),) = result.failed
    assert path == bad and isinstance(error, DeckError)
    assert isinstance(error, DeckError)
    assert [(d.line, d.column, d.message) for d in error.diagnostics] == [
        (1, 1, "missing 'title'"),
        (3, 8, "'cards' must be a list of cards, not a number"),
    ]
    assert result.cancelled is None
    assert steps == [
        ("reading", "one.yaml"), ("saving", "one.yaml"),
        ("reading", "two.yaml"),
        ("reading", "three.yaml"), ("saving", "three.yaml"),
    ]  # fmt: skip
    assert [deck.id for deck in library.decks()] == ["one", "three"]
    assert result.warnings == []


def test_the_warnings_of_installed_files_come_with_the_result(
    library: Library, write_deck: WriteDeck
) -> None:
    loose = write_deck(
        "endoquiz: 1\nid: loose\ntitle: Loose\ncards:\n  - front: F\n    back: B\n", "loose.yaml"
    )
    # A broken file's warnings are in its error, not among those installed.
    broken = write_deck("endoquiz: 1\nid: two\ncards:\n  - front: F\n    back: B\n", "two.yaml")
    result = library.install_decks([loose, broken])
    assert [deck.id for deck in result.installed] == ["loose"]
    assert [(d.path, d.line, d.column, d.severity.value) for d in result.warnings] == [
        (loose.resolve(), 5, 5, "warning")
    ]
    assert result.warnings[0].message.startswith("card has no 'id'")


def test_cancelling_while_saving_rolls_the_deck_back_whole(
    library: Library, data_dir: Path, write_deck: WriteDeck
) -> None:
    # An installed deck with progress, and a new version of it with more cards.
    path = write_deck(basic_deck("big", MANY[:3]), "big.yaml")
    library.add_deck(path, now=T0)
    study(library, "big", T0, [Rating.GOOD])
    write_deck(basic_deck("big", MANY), "big.yaml")
    later = write_deck(basic_deck("later", ["x"]), "later.yaml")
    cancel = threading.Event()
    steps: list[str] = []

    def on_step(step: str, path: Path) -> None:
        steps.append(f"{step} {path.name}")
        if step == "saving":
            cancel.set()  # the save starts, and is stopped on its way

    result = library.install_decks([path, later], cancel=cancel, on_step=on_step)
    assert result.cancelled == path
    assert result.installed == [] and result.failed == []
    assert steps == ["reading big.yaml", "saving big.yaml"]  # later.yaml never read
    assert card_rows(data_dir, "big") == 3
    assert card_rows(data_dir, "later") == 0
    assert len(library.review_log("big")) == 1
    assert [card.id for card in library.deck("big").cards] == MANY  # the file, as it is


def test_cancelling_while_reading_saves_nothing(
    library: Library, data_dir: Path, write_deck: WriteDeck
) -> None:
    path = write_deck(basic_deck("big", MANY), "big.yaml")
    cancel = threading.Event()
    result = library.install_decks([path], cancel=cancel, on_step=lambda step, _path: cancel.set())
    assert result.cancelled == path
    assert card_rows(data_dir, "big") == 0
    assert library.decks() == []


def test_a_cancelled_copy_is_removed_and_a_copy_there_before_kept(
    library: Library, data_dir: Path, write_deck: WriteDeck
) -> None:
    path = write_deck(basic_deck("big", MANY), "big.yaml")
    copy = data_dir / "decks" / "big" / "big.yaml"
    cancel = threading.Event()

    def cancel_when_saving(step: str, _path: Path) -> None:
        if step == "saving":
            cancel.set()

    result = library.install_decks([path], copy=True, cancel=cancel, on_step=cancel_when_saving)
    assert result.cancelled == path
    assert not copy.exists()
    library.add_deck_copy(path)
    assert copy.exists()
    cancel.clear()
    result = library.install_decks([path], copy=True, cancel=cancel, on_step=cancel_when_saving)
    assert result.cancelled == path
    assert copy.exists()  # copied by an earlier import: not this one's to remove


def test_installing_in_another_thread_is_seen_by_the_library(
    library: Library, write_deck: WriteDeck
) -> None:
    path = write_deck(basic_deck("bg", MANY), "bg.yaml")
    results = []
    worker = threading.Thread(target=lambda: results.append(library.install_decks([path])))
    worker.start()
    worker.join(timeout=60)
    assert [deck.id for deck in results[0].installed] == ["bg"]
    assert [deck.card_count for deck in library.decks()] == [len(MANY)]
    assert library.review("bg", now=T0).next_card(T0) is not None


def parses_counted(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Count the YAML parses of deck files from now on (one entry each)."""
    parses: list[int] = []

    def counted(data: bytes, duplicates: list[YamlError] | None = None) -> Node | None:
        parses.append(len(data))
        return parse_yaml_bytes(data, duplicates)

    monkeypatch.setattr("endoquiz.decks.deck_loader.parse_yaml_bytes", counted)
    return parses


def test_an_imported_deck_is_parsed_once_and_installed_from_its_copy(
    library: Library, data_dir: Path, write_deck: WriteDeck, monkeypatch: pytest.MonkeyPatch
) -> None:
    one = write_deck(DECK_WITH_IMAGE, "one.yaml")
    (one.parent / "glut4.svg").write_text("<svg/>", encoding="utf-8")
    two = write_deck(basic_deck("two", ["a", "b"]), "two.yaml")
    parses = parses_counted(monkeypatch)

    result = library.install_decks([one], copy=True)
    library.add_deck_copy(two)

    assert parses == [one.stat().st_size, two.stat().st_size]
    assert [deck.id for deck in result.installed] == ["one"]
    copy = data_dir / "decks" / "one" / "one.yaml"
    (imported,) = [d for d in library.decks() if d.id == "one"]
    assert imported.path == copy.resolve()
    # The copy's own image, not the original's.
    assert imported.deck is not None
    assert imported.deck.cards[0].image == (copy.parent / "glut4.svg").resolve()
    assert library.deck_path("two") == (data_dir / "decks" / "two" / "two.yaml").resolve()


def test_a_copy_whose_bytes_differ_is_parsed_again(tmp_path: Path) -> None:
    from endoquiz.decks.deck_loader import check_deck_keeping_parse

    first = tmp_path / "first.yaml"
    first.write_text(basic_deck("first", ["a"]), encoding="utf-8")
    changed = tmp_path / "changed.yaml"
    changed.write_text("endoquiz: 1\nid: changed\ncards: []\n", encoding="utf-8")
    _result, parsed = check_deck_keeping_parse(first)

    result, _parsed = check_deck_keeping_parse(changed, parsed)

    assert result.deck is None
    assert [(d.line, d.column, d.message) for d in result.errors] == [
        (1, 1, "missing 'title'"),
        (3, 8, "'cards' is empty; a deck needs at least one card"),
    ]


@pytest.mark.parametrize(
    "text",
    [
        # A card without an id: valid, with a warning that names the file.
        "endoquiz: 1\nid: warned\ntitle: Warned\ncards:\n  - front: Q?\n    back: A\n",
        # An image, looked for in the copy's own folder.
        DECK_WITH_IMAGE,
    ],
    ids=["warning", "image"],
)
def test_a_copy_is_checked_as_checking_it_afresh_finds(tmp_path: Path, text: str) -> None:
    from endoquiz import check_deck
    from endoquiz.decks.deck_loader import check_deck_keeping_parse

    source = tmp_path / "source" / "deck.yaml"
    copy = tmp_path / "copy" / "deck.yaml"
    for path in (source, copy):
        path.parent.mkdir()
        path.write_text(text, encoding="utf-8")
        (path.parent / "glut4.svg").write_text("<svg/>", encoding="utf-8")
    _result, parsed = check_deck_keeping_parse(source)

    result, _parsed = check_deck_keeping_parse(copy, parsed)

    assert result == check_deck(copy)
    assert result.deck is not None and result.deck.path == copy
    assert all(diagnostic.path == copy for diagnostic in result.diagnostics)
