"""What the tests of backups and recovery share: a library with answers, a
backup's answers counted, a database damaged as a failing disk might."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from endoquiz import Library, Rating
from tests.conftest import T0, WriteDeck, basic_deck, study


@pytest.fixture
def studied(library: Library, write_deck: WriteDeck) -> Library:
    """A library with a deck of ten cards, three of them answered."""
    library.add_deck(write_deck(basic_deck("bk", [f"c{n}" for n in range(10)])))
    study(library, "bk", T0, [Rating.GOOD] * 3)
    return library


def answers_in(path: Path) -> int:
    """The answers in a database file (a backup), read without changing it."""
    db = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True)
    try:
        return int(db.execute("SELECT count(*) FROM review_log").fetchone()[0])
    finally:
        db.close()


def damage(path: Path) -> None:
    """Overwrite the pages after the first with noise, as a failing disk might."""
    with path.open("r+b") as file:
        file.seek(4096)
        file.write(b"\xde\xad\xbe\xef" * 4096)
