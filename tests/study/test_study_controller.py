"""The study flow without a screen: what shows, what Space and the number
keys do, undo, the counts, the progress and the leech notice."""

from __future__ import annotations

import sqlite3
from datetime import timedelta

import pytest

from endoquiz import CardKind, Library, Rating, State, StoreError, StudyController
from tests.conftest import MIXED_DECK, T0, WriteDeck, basic_deck

# Every kind: reveal (basic, reverse, cloze), pick, type.
KINDS_DECK = (
    MIXED_DECK
    + """\
  - {id: term, kind: reverse, front: Hyperinsulinemia, back: Raised blood insulin}
  - id: glut4
    kind: cloze
    text: Signalling moves {{c1::GLUT4}} to the membrane.
"""
)


class Clock:
    """Seconds that pass only when the test says so."""

    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def kinds(library: Library, write_deck: WriteDeck) -> Library:
    library.add_deck(write_deck(KINDS_DECK))
    return library


def study(library: Library, deck_id: str, clock: Clock | None = None) -> StudyController:
    return StudyController(library.review(deck_id, now=T0), now=T0, clock=clock or Clock())


def revealed(controller: StudyController) -> bool:
    """Read afresh (mypy would carry an earlier assert over the calls that change it)."""
    return controller.revealed


def notice(controller: StudyController) -> str | None:
    """Read afresh, as `revealed`."""
    return controller.notice


def answer_until(controller: StudyController, kind: CardKind) -> None:
    """Answer Easy every card before the first of a kind."""
    while controller.card is not None and controller.card.kind is not kind:
        controller.reveal()
        controller.answer(Rating.EASY, T0)


def ratings_logged(library: Library) -> list[tuple[str, Rating]]:
    return [(entry.card_id, entry.rating) for entry in library.review_log()]


def test_every_kind_shows_its_question_above_its_answer(kinds: Library) -> None:
    controller = study(kinds, "mix")
    backs = {
        "basic": "Insulin",
        "gland": "**Adrenal cortex**",
        "homa": "**HOMA-IR**",
        "term": "Raised blood insulin",
        "glut4:c1": "Signalling moves **GLUT4** to the membrane.",
    }
    seen = []
    while (card := controller.card) is not None:
        assert controller.markdown == card.front
        controller.reveal()
        assert controller.markdown == f"{card.front}\n\n---\n\n{backs[card.id]}"
        seen.append(card.id)
        controller.answer(Rating.EASY, T0)
    assert seen == list(backs)


def test_space_shows_the_answer_then_answers_good(kinds: Library) -> None:
    controller = study(kinds, "mix")
    assert controller.card is not None and controller.card.id == "basic"
    assert controller.proceed(T0) is None  # shown, nothing saved
    assert revealed(controller) and kinds.review_log() == []
    assert controller.suggested is Rating.GOOD
    state = controller.proceed(T0)
    assert state is not None and state.state is State.LEARNING
    assert ratings_logged(kinds) == [("basic", Rating.GOOD)]
    assert controller.card is not None and controller.card.id == "gland"
    assert not revealed(controller) and controller.answers == 1


def test_a_wrong_pick_makes_space_answer_again(kinds: Library) -> None:
    controller = study(kinds, "mix")
    answer_until(controller, CardKind.CHOICE)
    controller.proceed(T0)  # Space waits for an option to be picked
    assert not revealed(controller)
    verdict = controller.press_number(2, T0)  # picks "Adrenal medulla"
    assert verdict is None and revealed(controller)
    assert controller.verdict is not None
    assert (controller.verdict.correct, controller.verdict.given) == (False, "Adrenal medulla")
    assert controller.suggested is Rating.AGAIN
    controller.proceed(T0)
    assert ratings_logged(kinds)[-1] == ("gland", Rating.AGAIN)


def test_a_right_pick_suggests_good_and_a_number_rates_otherwise(kinds: Library) -> None:
    controller = study(kinds, "mix")
    answer_until(controller, CardKind.CHOICE)
    assert controller.press_number(9, T0) is None and not revealed(controller)  # no option 9
    verdict = controller.pick("Adrenal cortex")
    assert verdict is not None and verdict.correct
    assert controller.suggested is Rating.GOOD
    controller.press_number(2, T0)  # Hard, the learner's choice
    assert ratings_logged(kinds)[-1] == ("gland", Rating.HARD)


def test_a_wrong_typed_answer_is_checked_and_suggests_again(kinds: Library) -> None:
    controller = study(kinds, "mix")
    answer_until(controller, CardKind.TYPED)
    controller.proceed(T0)  # Space waits for the typed answer
    assert not revealed(controller)
    verdict = controller.type_answer("HOMA-B")
    assert verdict is not None and verdict.check is not None
    assert not verdict.correct and verdict.check.expected == "HOMA-IR"
    assert revealed(controller) and controller.suggested is Rating.AGAIN
    assert controller.type_answer("homa ir") is None  # answered already
    controller.proceed(T0)
    assert ratings_logged(kinds)[-1] == ("homa", Rating.AGAIN)


def test_undo_shows_the_card_again_with_its_answer_hidden(kinds: Library) -> None:
    controller = study(kinds, "mix")
    assert not controller.can_undo and not controller.undo(T0)
    controller.proceed(T0)
    controller.proceed(T0)
    assert controller.progress(T0) > 0
    assert controller.undo(T0)
    assert controller.card is not None and controller.card.id == "basic"
    assert not revealed(controller) and controller.answers == 0
    assert kinds.review_log() == []
    assert controller.progress(T0) == 0.0


def test_progress_only_grows_while_cards_come_back(library: Library, write_deck: WriteDeck) -> None:
    library.add_deck(write_deck(basic_deck("d", ["a", "b", "c"])))
    controller = study(library, "d")
    shown = [controller.progress(T0)]
    moment = T0
    for rating in [Rating.AGAIN, Rating.AGAIN, Rating.GOOD, Rating.AGAIN, Rating.EASY] * 3:
        if controller.card is None:
            break
        controller.reveal()
        controller.answer(rating, moment)
        moment += timedelta(minutes=2)
        shown.append(controller.progress(moment))
    assert shown == sorted(shown)
    assert shown[0] == 0.0 and 0 < shown[-1] <= 1


def test_the_time_an_answer_took_is_logged(library: Library, write_deck: WriteDeck) -> None:
    library.add_deck(write_deck(basic_deck("d", ["a", "b"])))
    clock = Clock()
    controller = study(library, "d", clock)
    clock.now += 4.25
    controller.proceed(T0)
    controller.proceed(T0)
    clock.now += 1.5
    controller.proceed(T0)
    controller.proceed(T0)
    assert [entry.duration_ms for entry in library.review_log()] == [4250, 1500]


def test_an_answer_that_cannot_be_saved_leaves_the_card_as_it_was(
    library: Library, write_deck: WriteDeck
) -> None:
    library.add_deck(write_deck(basic_deck("d", ["a", "b"])))
    controller = study(library, "d")
    controller.proceed(T0)
    library._store._db.execute("PRAGMA query_only = ON")  # as a read-only folder
    with pytest.raises(StoreError, match="read-only"):
        controller.proceed(T0)
    assert controller.card is not None and controller.card.id == "a"
    assert revealed(controller) and controller.answers == 0
    library._store._db.execute("PRAGMA query_only = OFF")
    controller.proceed(T0)
    assert ratings_logged(library) == [("a", Rating.GOOD)]


def test_the_lapse_that_makes_a_leech_says_so_once(library: Library, write_deck: WriteDeck) -> None:
    library.add_deck(write_deck(basic_deck("leech", ["a", "b"])))
    library.update_settings(suspend_leeches=True)
    # A review card forgotten seven times already, and due now.
    due, last = T0 - timedelta(days=1), T0 - timedelta(days=4)
    with sqlite3.connect(library.db_path) as db:
        db.execute(
            "UPDATE card SET state = 2, lapses = 7, reps = 15, stability = 3.0, "
            "difficulty = 8.0, due = ?, last_review = ? WHERE card_id = 'a'",
            (int(due.timestamp() * 1000), int(last.timestamp() * 1000)),
        )
    db.close()
    controller = study(library, "leech")
    assert controller.card is not None and controller.card.id == "a"
    assert notice(controller) is None
    controller.reveal()
    controller.press_number(1, T0)  # Again: the eighth lapse
    assert notice(controller) == (
        "The last card has now been forgotten 8 times: it is a leech and was suspended. "
        "Rewording it, or splitting it into smaller cards, usually helps."
    )
    assert library.card_state("leech", "a").suspended
    controller.proceed(T0)
    controller.proceed(T0)
    assert notice(controller) is None  # the next answer made no leech


def test_counts_and_summary_come_from_the_session(library: Library, write_deck: WriteDeck) -> None:
    library.update_settings(learning_steps=(1.0, 60.0))
    library.add_deck(write_deck(basic_deck("d", ["a"])))
    controller = study(library, "d")
    assert tuple(controller.counts(T0)) == (1, 0, 0)
    controller.proceed(T0)
    assert set(controller.intervals(T0)) == set(Rating)
    controller.proceed(T0)  # Good: due again in an hour
    assert controller.card is None and controller.markdown == ""
    assert tuple(controller.counts(T0)) == (0, 0, 0)
    assert controller.learning_later(T0) == 1
    assert controller.intervals(T0) == {}
    assert controller.summary().answers == 1
    assert controller.progress(T0) == 1.0
