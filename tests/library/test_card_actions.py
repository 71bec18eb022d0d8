"""Card browser actions in the core: suspend, reset, flag, locate; leeches."""

from __future__ import annotations

from datetime import timedelta

import pytest

from endoquiz import Library, Rating, State
from endoquiz.scheduling import LEECH_LAPSES
from tests.conftest import T0, WriteDeck, basic_deck


@pytest.fixture
def deck(library: Library, write_deck: WriteDeck) -> Library:
    library.add_deck(write_deck(basic_deck("acts", ["a", "b", "c"])))
    return library


def test_suspended_cards_are_not_scheduled_and_keep_progress(deck: Library) -> None:
    session = deck.review("acts", now=T0)
    card = session.next_card(T0)
    assert card is not None
    session.answer(card, Rating.EASY, T0)
    before = deck.card_state("acts", "a")
    deck.set_suspended([("acts", "a"), ("acts", "b")])
    assert deck.card_state("acts", "a").suspended
    later = T0 + timedelta(days=30)
    shown = []
    session = deck.review("acts", now=later)
    while (card := session.next_card(later)) is not None:
        shown.append(card.id)
        session.answer(card, Rating.EASY, later)
    assert shown == ["c"]
    assert [m.card_id for m in deck.search_cards("is:suspended")] == ["a", "b"]
    deck.set_suspended([("acts", "a")], False)
    state = deck.card_state("acts", "a")
    assert not state.suspended and state.reps == before.reps and state.due == before.due


def test_reset_progress_makes_a_card_new_and_keeps_its_history(deck: Library) -> None:
    session = deck.review("acts", now=T0)
    card = session.next_card(T0)
    assert card is not None
    session.answer(card, Rating.GOOD, T0)
    deck.reset_progress([("acts", "a")])
    state = deck.card_state("acts", "a")
    assert (state.state, state.reps, state.due, state.stability) == (State.NEW, 0, None, None)
    assert len(deck.review_log(card_id="a")) == 1


def test_flags(deck: Library) -> None:
    deck.set_flag([("acts", "b")], 3)
    assert (deck.flag("acts", "b"), deck.flag("acts", "a")) == (3, 0)
    with pytest.raises(ValueError, match="a flag is one of 0, 1, 2, 3, 4"):
        deck.set_flag([("acts", "b")], 7)


def test_card_location_for_an_editor(deck: Library) -> None:
    path, line = deck.card_location("acts", "b")
    assert path == deck.deck_path("acts")
    assert path.read_text(encoding="utf-8").splitlines()[line - 1] == "  - id: b"


@pytest.mark.parametrize("suspend", [False, True])
def test_a_card_forgotten_eight_times_is_a_leech(deck: Library, suspend: bool) -> None:
    deck.update_settings(suspend_leeches=suspend)
    session = deck.review("acts", now=T0)
    now = T0
    card = session.next_card(now)
    assert card is not None
    session.answer(card, Rating.EASY, now)  # into review
    for lapse in range(1, LEECH_LAPSES + 1):
        state = deck.card_state("acts", card.id)
        assert state.due is not None
        now = state.due
        session.answer(card, Rating.AGAIN, now)  # a lapse
        assert session.became_leech == (lapse == LEECH_LAPSES)
        if lapse < LEECH_LAPSES:
            state = deck.card_state("acts", card.id)
            assert state.due is not None
            session.answer(card, Rating.EASY, state.due)  # back to review
    state = deck.card_state("acts", card.id)
    assert state.is_leech and state.lapses == LEECH_LAPSES
    assert state.suspended == suspend
    assert [m.card_id for m in deck.search_cards("is:leech")] == [card.id]


def test_an_answer_and_its_undo_keep_a_suspension_made_since_the_card_was_shown(
    deck: Library,
) -> None:
    session = deck.review("acts", now=T0)
    card = session.next_card(T0)
    assert card is not None
    # Suspended in the browser (or merged from another computer) while the
    # card is on screen.
    deck.set_suspended([("acts", card.id)])

    session.answer(card, Rating.GOOD, T0)
    assert deck.card_state("acts", card.id).suspended
    session.undo(T0)
    assert deck.card_state("acts", card.id).suspended
