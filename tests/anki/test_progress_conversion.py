"""An Anki collection's progress as endoquiz's: checked against what Anki said of the fixture."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime
from typing import Any

import fsrs_rs_python as fsrs_rs
import pytest

from endoquiz.anki.anki_ids import card_id, deck_ids, entry_id
from endoquiz.anki.anki_model import AnkiCollection
from endoquiz.anki.collection_reading import read_collection
from endoquiz.anki.progress_conversion import ConvertedProgress, convert_progress
from endoquiz.common.clock import DAY_MS
from endoquiz.decks.deck_model import CardKind
from endoquiz.progress.progress_file import card_row_problem, log_row_problem
from endoquiz.scheduling import State
from endoquiz.store.rows import PROGRESS_CARD_COLUMNS, PROGRESS_LOG_COLUMNS
from tests.anki.fixture_files import FIXTURES, expected

PARAMETERS = tuple(fsrs_rs.DEFAULT_PARAMETERS)
# How the note conversion will read each of the fixture's note types.
KINDS = {
    "Basic": CardKind.BASIC,
    "Basic (and reversed card)": CardKind.REVERSE,
    "Basic (optional reversed card)": CardKind.REVERSE,
    "Basic (type in the answer)": CardKind.TYPED,
    "Cloze": CardKind.CLOZE,
    "Vocab": CardKind.BASIC,
    "Image Occlusion": CardKind.BASIC,
}


def keys_of(collection: AnkiCollection) -> dict[int, tuple[str, str]]:
    """Each Anki card's endoquiz (deck id, card id)."""
    decks = deck_ids(collection.decks)
    kinds = {notetype.id: KINDS[notetype.name] for notetype in collection.notetypes}
    notes = {note.id: note for note in collection.notes}
    keys = {}
    for card in collection.cards:
        note = notes[card.note_id]
        made = card_id(entry_id(note.guid), kinds[note.notetype_id], card.ordinal)
        if made is not None:
            keys[card.id] = (decks[card.original_deck_id or card.deck_id], made)
    return keys


@pytest.fixture(scope="module")
def collection() -> AnkiCollection:
    return read_collection(FIXTURES / "modern.anki2")


@pytest.fixture(scope="module")
def converted(collection: AnkiCollection) -> ConvertedProgress:
    return convert_progress(collection, keys_of(collection), PARAMETERS)


def rows_by_card(converted: ConvertedProgress) -> dict[tuple[str, str], dict[str, Any]]:
    return {
        (row[0], row[1]): dict(zip(PROGRESS_CARD_COLUMNS, row, strict=True))
        for row in converted.cards
    }


def said_cards() -> dict[tuple[str, int], dict[str, Any]]:
    return {(card["note"], card["ordinal"]): card for card in expected()["collection"]["cards"]}


def key_of(guid: str, kind: CardKind, ordinal: int, deck: str) -> tuple[str, str]:
    made = card_id(entry_id(guid), kind, ordinal)
    assert made is not None
    return deck, made


def test_every_row_passes_the_checks_of_a_progress_file(converted: ConvertedProgress) -> None:
    now = datetime(2030, 1, 1, tzinfo=UTC)
    assert len(converted.cards) == 15
    assert [card_row_problem(row, now) for row in converted.cards] == [None] * 15
    assert [log_row_problem(row, now) for row in converted.log] == [None] * len(converted.log)


def test_each_card_is_in_the_state_anki_has_it_in(converted: ConvertedProgress) -> None:
    states = sorted(row[PROGRESS_CARD_COLUMNS.index("state")] for row in converted.cards)
    said = sorted(card["type"] for card in said_cards().values())
    assert states == said  # Anki's types are FSRS's states: new, learning, review, relearning


def test_a_review_card_is_due_on_anki_s_day_with_anki_s_memory(
    converted: ConvertedProgress, collection: AnkiCollection
) -> None:
    said = said_cards()[("I_=;W`/KA^", 0)]
    row = rows_by_card(converted)[key_of("I_=;W`/KA^", CardKind.BASIC, 0, "biology/cells")]
    assert row["state"] == State.REVIEW
    assert row["due"] == (collection.created_s + said["due"] * 86_400) * 1000
    assert row["stability"] == pytest.approx(said["stability"], abs=1e-3)
    assert row["difficulty"] == pytest.approx(said["difficulty"], abs=1e-3)
    assert row["flag"] == 1  # red


def test_a_card_in_learning_is_due_at_anki_s_moment(converted: ConvertedProgress) -> None:
    said = said_cards()[("pxr42-%X8p", 0)]
    row = rows_by_card(converted)[key_of("pxr42-%X8p", CardKind.REVERSE, 0, "biology")]
    assert (row["state"], row["step"], row["due"]) == (State.LEARNING, 0, said["due"] * 1000)


def test_answers_are_anki_s_with_manual_changes_left_out_and_said(
    converted: ConvertedProgress,
) -> None:
    entries = expected()["collection"]["reviews"]["entries"]
    answers = [entry for entry in entries if entry["ease"] > 0]
    assert len(converted.log) == len(answers) == 46
    assert converted.changes["manual changes of a due date or a reset, not answers: left out"] == 1
    rating = PROGRESS_LOG_COLUMNS.index("rating")
    mode = PROGRESS_LOG_COLUMNS.index("mode")
    assert sorted(row[rating] for row in converted.log) == sorted(a["ease"] for a in answers)
    assert {row[mode] for row in converted.log} == {"review"}


def test_a_lapse_moves_the_card_from_review_to_relearning(converted: ConvertedProgress) -> None:
    key = key_of("uz]Z6.>W!v", CardKind.BASIC, 0, "biology")
    columns = [
        PROGRESS_LOG_COLUMNS.index(name) for name in ("rating", "state_before", "state_after")
    ]
    steps = [tuple(row[i] for i in columns) for row in converted.log if (row[0], row[1]) == key]
    assert steps[0][1] == State.NEW
    assert (1, State.REVIEW, State.RELEARNING) in steps
    assert (3, State.RELEARNING, State.REVIEW) in steps
    reviewed_at = [row[PROGRESS_LOG_COLUMNS.index("reviewed_at")] for row in converted.log]
    assert all(isinstance(moment, int) for moment in reviewed_at)


def test_suspension_flags_and_burying_are_carried_or_said(converted: ConvertedProgress) -> None:
    rows = rows_by_card(converted)
    assert rows[key_of("nq~<#Ik?cL", CardKind.BASIC, 0, "biology")]["suspended"] == 1
    assert rows[key_of("nP-}L;i^5I", CardKind.TYPED, 0, "biology")]["flag"] == 4  # blue
    assert rows[key_of("QvP]C;H$-t", CardKind.BASIC, 0, "biology")]["flag"] == 0  # purple
    assert converted.changes["purple flags: endoquiz has red, orange, green, blue"] == 1
    assert converted.changes["buried cards: not buried in endoquiz"] == 1


def test_without_fsrs_in_the_collection_memory_comes_from_the_answers(
    collection: AnkiCollection, converted: ConvertedProgress
) -> None:
    sm2 = dataclasses.replace(
        collection,
        cards=tuple(
            dataclasses.replace(card, stability=None, difficulty=None) for card in collection.cards
        ),
    )
    replayed = rows_by_card(convert_progress(sm2, keys_of(sm2), PARAMETERS))
    kept = rows_by_card(converted)
    for key, row in replayed.items():
        if row["state"] == State.NEW:
            assert row["stability"] is None
            continue
        assert row["stability"] > 0 and 1 <= row["difficulty"] <= 10
        # Anki computed its memory states from the same answers with the
        # same model: close, if not equal (its parameters may differ).
        assert row["stability"] == pytest.approx(kept[key]["stability"], rel=0.6), key


def test_a_studied_card_without_answers_gets_memory_from_its_interval(
    collection: AnkiCollection,
) -> None:
    review = next(card for card in collection.cards if card.type == 2 and card.queue == 2)
    bare = dataclasses.replace(
        collection,
        cards=(dataclasses.replace(review, stability=None, difficulty=None),),
        reviews=(),
    )
    converted = convert_progress(bare, {review.id: ("d", "c")}, PARAMETERS)
    row = dict(zip(PROGRESS_CARD_COLUMNS, converted.cards[0], strict=True))
    assert row["stability"] == pytest.approx(review.interval, rel=0.01)
    assert row["last_review"] == row["due"] - review.interval * DAY_MS
    assert (
        converted.changes[
            "studied cards with no answer logged: last review taken from the interval"
        ]
        == 1
    )


@pytest.mark.parametrize(
    ("left", "steps", "step"),
    [(2, (2, 1), 0), (1, (2, 1), 1), (2, (3, 1), 1), (5, (2, 1), 0), (0, (2, 1), 1)],
)
def test_a_card_in_learning_goes_on_with_as_many_steps_left_as_anki_left_it(
    collection: AnkiCollection, left: int, steps: tuple[int, int], step: int
) -> None:
    # Anki's `left`: the thousands (steps left today, older schedulers) are not steps.
    cards = tuple(
        dataclasses.replace(card, steps_left=left) if card.type == 1 else card
        for card in collection.cards
    )
    converted = convert_progress(
        dataclasses.replace(collection, cards=cards), keys_of(collection), PARAMETERS, steps
    )
    row = rows_by_card(converted)[key_of("pxr42-%X8p", CardKind.REVERSE, 0, "biology")]
    assert (row["state"], row["step"]) == (State.LEARNING, step)


def test_the_fixture_s_learning_card_has_both_its_steps_left(collection: AnkiCollection) -> None:
    learning = [card for card in collection.cards if card.type in (1, 3)]
    assert [(card.type, card.steps_left) for card in learning] == [(1, 2), (3, 1)]


def test_answers_given_in_a_filtered_deck_are_kept_and_said(collection: AnkiCollection) -> None:
    reviews = tuple(
        dataclasses.replace(review, kind=3) if n < 2 else review
        for n, review in enumerate(collection.reviews)
    )
    converted = convert_progress(
        dataclasses.replace(collection, reviews=reviews), keys_of(collection), PARAMETERS
    )
    assert converted.changes["answers given in filtered decks: kept, as answers of the card"] == 2
    assert len(converted.log) == expected()["collection"]["reviews"]["count"] - 1
