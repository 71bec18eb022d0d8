"""Fixtures of the command's tests: a data folder with progress in it."""

from __future__ import annotations

from pathlib import Path

import pytest

from endoquiz import Library, Rating
from tests.conftest import WriteDeck, basic_deck


@pytest.fixture
def studied(data_dir: Path, write_deck: WriteDeck) -> Path:
    """A data folder of one deck with one card answered (the answer is now)."""
    with Library.open(data_dir) as library:
        library.add_deck(write_deck(basic_deck("bio", ["a", "b"])))
        session = library.review("bio")
        card = session.next_card()
        assert card is not None
        session.answer(card, Rating.GOOD, duration_ms=4000)
    return data_dir
