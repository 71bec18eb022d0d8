"""Card text stored in the database (a copy of the deck files') that damage
on disk changed is read again from the deck files wherever it is read:
study, quizzes, search, the browser's "open in editor"; never a traceback."""

from __future__ import annotations

import json
import os
import sqlite3
from contextlib import closing
from pathlib import Path

import pytest

from endoquiz import Library, StoreError
from tests.conftest import T0, WriteDeck, basic_deck

# Ways a flipped byte or two leave a card's stored text: no longer UTF-8, no
# longer JSON, JSON but not a card, a card with a field of the wrong type,
# and search fields (kind, tags) no longer UTF-8.
DAMAGE = {
    "a": "content = CAST(X'7B22FF' AS TEXT)",
    "b": 'content = \'{"kind": "basic", "front": 1\'',
    "c": "content = '[1, 2]'",
    "d": 'content = replace(content, \'"front":"Question d?"\', \'"front":7\')',
    "e": "tags = CAST(X'20FF20' AS TEXT)",
    "f": "kind = CAST(X'62FE' AS TEXT)",
}
CARDS = [*DAMAGE, "g"]


@pytest.fixture
def damaged(data_dir: Path, write_deck: WriteDeck) -> Path:
    with Library.open(data_dir, fuzz=False) as library:
        library.add_deck(write_deck(basic_deck("txt", CARDS)))
    with closing(sqlite3.connect(data_dir / "progress.sqlite3")) as db, db:
        for card_id, change in DAMAGE.items():
            db.execute(f"UPDATE card_content SET {change} WHERE card_id = ?", (card_id,))
    return data_dir


def stored_fronts(data_dir: Path) -> dict[str, str]:
    with closing(sqlite3.connect(data_dir / "progress.sqlite3")) as db:
        rows = db.execute("SELECT card_id, content, kind, tags FROM card_content").fetchall()
    assert all(kind == "basic" and tags.strip() == "" for _, _, kind, tags in rows)
    return {card_id: json.loads(content)["front"] for card_id, content, *_ in rows}


EVERY_FRONT = {card_id: f"Question {card_id}?" for card_id in CARDS}


def test_study_shows_damaged_cards_from_the_deck_file(damaged: Path) -> None:
    with Library.open(damaged, fuzz=False) as library:
        session = library.review("txt", now=T0)
        shown = []
        while (card := session.next_card(T0)) is not None:
            shown.append(card.front)
            session.answer(card, 4, T0)  # Easy: not shown again today
    assert shown == list(EVERY_FRONT.values())
    assert stored_fronts(damaged) == EVERY_FRONT


def test_a_quiz_asks_damaged_cards_from_the_deck_file(damaged: Path) -> None:
    with Library.open(damaged, fuzz=False) as library:
        quiz = library.quiz("txt", size=len(CARDS), seed=1, now=T0)
        assert sorted(q.card.front for q in quiz.questions) == sorted(EVERY_FRONT.values())
    assert stored_fronts(damaged) == EVERY_FRONT


def test_search_finds_and_shows_damaged_cards(damaged: Path) -> None:
    with Library.open(damaged, fuzz=False) as library:
        found = library.search_cards("")
        assert [match.front for match in found] == list(EVERY_FRONT.values())
        assert [match.card_id for match in library.search_cards("question")] == CARDS
        assert library.card_location("txt", "d")[1] == 14  # "  - id: d"
    assert stored_fronts(damaged) == EVERY_FRONT


def test_damaged_text_of_a_deck_whose_file_is_gone_is_said(damaged: Path, tmp_path: Path) -> None:
    (tmp_path / "decks" / "deck.yaml").unlink()
    unreadable = "(The text of this card cannot be read: its deck file is missing or invalid.)"
    with Library.open(damaged, fuzz=False) as library:
        # A search still shows every card, the damaged ones saying so.
        fronts = [match.front for match in library.search_cards("")]
        assert fronts == [unreadable] * len(DAMAGE) + ["Question g?"]
        # A deck whose file is missing is not studied (the deck list says so).
        assert library.quiz("txt", size=len(CARDS), now=T0).questions == ()


def test_damaged_text_whose_deck_file_went_bad_unnoticed_is_said(
    damaged: Path, tmp_path: Path
) -> None:
    # The file changed in place with its size and time kept, so the library
    # still trusts its stored copy, until it finds that copy damaged.
    deck_file = tmp_path / "decks" / "deck.yaml"
    times = deck_file.stat()
    deck_file.write_bytes(b"[" * times.st_size)
    os.utime(deck_file, ns=(times.st_atime_ns, times.st_mtime_ns))
    with Library.open(damaged, fuzz=False) as library:
        for start in (library.review, library.quiz):
            with pytest.raises(StoreError, match=r"deck file to read it again from cannot be read"):
                start("txt", now=T0)
