"""Study sessions: which card comes next, daily limits, siblings, undo."""

from __future__ import annotations

import sqlite3
import tempfile
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from endoquiz import Library, Rating, SessionCounts, State
from endoquiz.store.errors import CardChangedError
from endoquiz.study.review_session import ReviewSession
from tests.conftest import T0, WriteDeck, basic_deck


def answer_next(session: ReviewSession, rating: Rating, now: datetime) -> str:
    card = session.next_card(now)
    assert card is not None
    session.answer(card, rating, now)
    return card.id


def test_new_cards_come_in_deck_order(library: Library, write_deck: WriteDeck) -> None:
    library.add_deck(write_deck(basic_deck("order", ["zeta", "alpha", "mid"])))
    session = library.review("order", now=T0)
    assert [answer_next(session, Rating.EASY, T0) for _ in range(3)] == ["zeta", "alpha", "mid"]
    assert session.next_card(T0) is None


def test_next_card_is_stable_until_answered(library: Library, write_deck: WriteDeck) -> None:
    library.add_deck(write_deck(basic_deck("stable", ["a", "b"])))
    session = library.review("stable", now=T0)
    first = session.next_card(T0)
    assert first is not None
    assert session.next_card(T0) == first
    assert session.counts(T0) == SessionCounts(new=2, learning=0, review=0)


def test_learning_cards_due_now_come_before_new_ones(
    library: Library, write_deck: WriteDeck
) -> None:
    library.add_deck(write_deck(basic_deck("learn", ["a", "b", "c"])))
    session = library.review("learn", now=T0)
    assert answer_next(session, Rating.AGAIN, T0) == "a"  # due again in 1 minute
    assert session.counts(T0) == SessionCounts(new=2, learning=1, review=0)
    assert answer_next(session, Rating.GOOD, T0) == "b"  # a is not due yet
    later = T0 + timedelta(minutes=2)
    assert answer_next(session, Rating.GOOD, later) == "a"  # a is due: before the new c


def test_learning_card_is_shown_early_when_nothing_else_is_left(
    library: Library, write_deck: WriteDeck
) -> None:
    library.add_deck(write_deck(basic_deck("ahead", ["a"])))
    session = library.review("ahead", now=T0)
    answer_next(session, Rating.GOOD, T0)  # next step: 10 minutes
    card = session.next_card(T0)
    assert card is not None and card.id == "a"
    assert session.counts(T0).learning == 1


def test_reviews_due_today_come_before_new_cards(library: Library, write_deck: WriteDeck) -> None:
    library.add_deck(write_deck(basic_deck("mix", ["old", "new1", "new2"])))
    library.update_settings(new_per_day=1)
    day1 = library.review("mix", now=T0)
    assert answer_next(day1, Rating.EASY, T0) == "old"
    assert day1.next_card(T0) is None  # new limit reached
    due = library.card_state("mix", "old").due
    assert due is not None
    day_n = library.review("mix", now=due)
    assert day_n.counts(due) == SessionCounts(new=1, learning=0, review=1)
    assert answer_next(day_n, Rating.GOOD, due) == "old"
    assert answer_next(day_n, Rating.GOOD, due) == "new1"


def test_new_card_limit_applies_per_study_day(library: Library, write_deck: WriteDeck) -> None:
    library.add_deck(write_deck(basic_deck("limit", [f"c{i:02}" for i in range(25)])))
    session = library.review("limit", now=T0)
    assert session.counts(T0).new == 20
    for _ in range(20):
        answer_next(session, Rating.EASY, T0)
    assert session.next_card(T0) is None
    # A new session the same day counts today's answers from the log.
    later = T0 + timedelta(hours=5)
    assert library.review("limit", now=later).counts(later).new == 0
    # After 04:00 the next day, five more new cards are available in the same session.
    tomorrow = datetime(2024, 3, 6, 4, 1, tzinfo=UTC)
    assert session.counts(tomorrow).new == 5
    assert answer_next(session, Rating.EASY, tomorrow) == "c20"


def test_review_limit(library: Library, write_deck: WriteDeck) -> None:
    library.add_deck(write_deck(basic_deck("revlimit", ["a", "b", "c"])))
    session = library.review("revlimit", now=T0)
    for _ in range(3):
        answer_next(session, Rating.EASY, T0)
    library.update_settings(reviews_per_day=2)
    later = T0 + timedelta(days=60)
    session = library.review("revlimit", now=later)
    assert session.counts(later) == SessionCounts(new=0, learning=0, review=2)
    answer_next(session, Rating.GOOD, later)
    answer_next(session, Rating.GOOD, later)
    assert session.next_card(later) is None


def test_siblings_are_not_shown_on_the_same_day(library: Library, write_deck: WriteDeck) -> None:
    deck = write_deck(
        """
        endoquiz: 1
        id: siblings
        title: Siblings
        cards:
          - id: term
            kind: reverse
            front: Hyperinsulinemia
            back: A persistently raised blood insulin level
          - id: glut4
            kind: cloze
            text: Signalling moves {{c1::GLUT4}} to the {{c2::cell membrane}}.
          - id: plain
            front: Q
            back: A
        """
    )
    library.add_deck(deck)
    session = library.review("siblings", now=T0)
    # One card per entry today: the count is what the session shows.
    assert session.counts(T0).new == 3
    assert library.deck_counts(T0)["siblings"].new == 3
    shown = [answer_next(session, Rating.EASY, T0) for _ in range(3)]
    assert shown == ["term", "glut4:c1", "plain"]
    assert session.next_card(T0) is None
    assert session.counts(T0).new == 0
    # The deck list said New 2 here, and Study showed nothing.
    assert library.deck_counts(T0)["siblings"].new == 0
    # The buried siblings come the next day, also in a fresh session.
    tomorrow = T0 + timedelta(days=1)
    session = library.review("siblings", now=tomorrow)
    assert [answer_next(session, Rating.EASY, tomorrow) for _ in range(2)] == [
        "term:reverse",
        "glut4:c2",
    ]


def test_undo_reverts_log_state_and_shows_the_card_again(
    library: Library, write_deck: WriteDeck
) -> None:
    library.add_deck(write_deck(basic_deck("undo", ["a", "b"])))
    session = library.review("undo", now=T0)
    assert not session.can_undo
    answer_next(session, Rating.GOOD, T0)
    answer_next(session, Rating.EASY, T0)
    assert len(library.review_log("undo")) == 2
    undone = session.undo(T0)
    assert undone is not None and undone.id == "b"
    assert [entry.card_id for entry in library.review_log("undo")] == ["a"]
    state = library.card_state("undo", "b")
    assert state.state is State.NEW and state.reps == 0 and state.due is None
    assert session.next_card(T0) == undone
    assert session.counts(T0) == SessionCounts(new=1, learning=1, review=0)
    answer_next(session, Rating.AGAIN, T0)
    assert library.card_state("undo", "b").state is State.LEARNING


def test_undo_unburies_siblings(library: Library, write_deck: WriteDeck) -> None:
    library.add_deck(
        write_deck(
            """
            endoquiz: 1
            id: undo-siblings
            title: T
            cards:
              - {id: t, kind: reverse, front: F, back: B}
            """
        )
    )
    session = library.review("undo-siblings", now=T0)
    assert session.counts(T0).new == 1
    answer_next(session, Rating.EASY, T0)
    assert session.counts(T0).new == 0
    session.undo(T0)
    assert session.counts(T0).new == 1
    assert answer_next(session, Rating.EASY, T0) == "t"


def test_session_over_a_deck_tree(library: Library, write_deck: WriteDeck) -> None:
    library.add_deck(write_deck(basic_deck("bio/cells", ["c1", "c2"]), "cells.yaml"))
    library.add_deck(write_deck(basic_deck("bio", ["intro"]), "bio.yaml"))
    library.add_deck(write_deck(basic_deck("bio/genes", ["g1"]), "genes.yaml"))
    library.add_deck(write_deck(basic_deck("biology-other", ["x"]), "other.yaml"))
    library.update_settings(new_per_day=3)
    session = library.review("bio", now=T0)
    assert session.counts(T0).new == 3
    shown = [answer_next(session, Rating.EASY, T0) for _ in range(3)]
    assert shown == ["intro", "c1", "c2"]
    assert session.next_card(T0) is None
    # Limits count the studied tree's answers: the child deck studied on its
    # own still has its new card.
    assert library.review("bio/genes", now=T0).counts(T0).new == 1
    assert library.review("biology-other", now=T0).counts(T0).new == 1


def test_answer_is_committed_before_it_returns(library: Library, write_deck: WriteDeck) -> None:
    library.add_deck(write_deck(basic_deck("commit", ["a"])))
    session = library.review("commit", now=T0)
    answer_next(session, Rating.HARD, T0)
    other = sqlite3.connect(library.db_path)
    try:
        rows = other.execute("SELECT card_id, rating, mode FROM review_log").fetchall()
        state = other.execute("SELECT state, reps FROM card WHERE card_id = 'a'").fetchone()
    finally:
        other.close()
    assert rows == [("a", 2, "review")]
    assert state == (State.LEARNING, 1)


def test_button_intervals_for_a_new_card(library: Library, write_deck: WriteDeck) -> None:
    library.add_deck(write_deck(basic_deck("buttons", ["a"])))
    session = library.review("buttons", now=T0)
    card = session.next_card(T0)
    assert card is not None
    intervals = session.next_intervals(card, T0)
    assert intervals[Rating.AGAIN] == timedelta(minutes=1)
    assert intervals[Rating.GOOD] == timedelta(minutes=10)
    assert intervals[Rating.EASY] >= timedelta(days=2)
    assert intervals[Rating.AGAIN] < intervals[Rating.HARD] < intervals[Rating.GOOD]
    assert library.review_log() == []  # previewing records nothing


def test_clock_moved_back_gives_no_negative_interval(
    library: Library, write_deck: WriteDeck
) -> None:
    library.add_deck(write_deck(basic_deck("clock", ["a"])))
    session = library.review("clock", now=T0)
    card = session.next_card(T0)
    assert card is not None
    session.answer(card, Rating.EASY, T0)
    earlier = T0 - timedelta(days=3)
    state = session.answer(card, Rating.GOOD, earlier)
    assert state.due is not None and state.last_review is not None
    assert state.due > state.last_review >= T0


def test_an_answer_before_the_last_one_counts_at_the_last_one(
    library: Library, write_deck: WriteDeck
) -> None:
    # The system clock was put back three days between two answers.
    library.add_deck(write_deck(basic_deck("clock", ["a"])))
    session = library.review("clock", now=T0)
    card = session.next_card(T0)
    assert card is not None
    session.answer(card, Rating.EASY, T0)
    earlier = T0 - timedelta(days=3)
    labels = session.next_intervals(card, earlier)
    state = session.answer(card, Rating.GOOD, earlier, duration_ms=4000)
    # Scheduled as if answered at the last answer, the log kept in order.
    assert state.last_review == T0
    assert state.due is not None and state.due > T0
    first_entry, second_entry = library.review_log("clock", "a")
    assert (first_entry.reviewed_at, second_entry.reviewed_at) == (T0, T0)
    assert (second_entry.rating, second_entry.duration_ms) == (Rating.GOOD, 4000)
    assert second_entry.due_after == state.due
    assert second_entry.interval == state.due - T0 == labels[Rating.GOOD] > timedelta(0)
    assert library.card_state("clock", "a") == state


def test_summary_time_leaves_out_a_jump_back_of_the_clock(
    library: Library, write_deck: WriteDeck
) -> None:
    # Without durations the time is measured between answers; the clock
    # going back an hour must not make it negative.
    library.add_deck(write_deck(basic_deck("clock", ["a", "b", "c", "d"])))
    session = library.review("clock", now=T0)
    for minutes in (0, 10, -60, -50):
        moment = T0 + timedelta(minutes=minutes)
        card = session.next_card(moment)
        assert card is not None
        session.answer(card, Rating.EASY, moment)
    assert session.summary().time == timedelta(minutes=20)


# A history of answers whose clock jumps back as well as forward: minutes
# since the previous answer, and the rating.
_JUMPS = st.lists(
    st.tuples(
        st.integers(-3 * 24 * 60, 10 * 24 * 60).map(lambda m: timedelta(minutes=m)),
        st.sampled_from(list(Rating)),
    ),
    min_size=1,
    max_size=25,
)


@settings(max_examples=40, deadline=None)
@given(_JUMPS)
def test_any_clock_gives_answers_in_order_and_no_interval_below_zero(
    jumps: list[tuple[timedelta, Rating]],
) -> None:
    with tempfile.TemporaryDirectory() as folder:
        deck = Path(folder) / "deck.yaml"
        deck.write_text(basic_deck("clock", ["a", "b"]), encoding="utf-8")
        with Library.open(Path(folder) / "data", fuzz=True, timezone=UTC) as library:
            library.add_deck(deck)
            session = library.review("clock", now=T0)
            cards = {card.id: card for card in library.deck("clock").cards}
            moment = T0
            for number, (jump, rating) in enumerate(jumps):
                moment += jump
                card = cards["ab"[number % 2]]
                state = session.answer(card, rating, moment)
                assert state.last_review is not None and state.due is not None
                assert state.due > state.last_review >= moment
                assert min(session.next_intervals(card, moment).values()) > timedelta(0)
            for card_id in "ab":
                log = library.review_log("clock", card_id)
                times = [entry.reviewed_at for entry in log]
                assert times == sorted(times)
                assert all(entry.interval > timedelta(0) for entry in log)
                assert library.card_state("clock", card_id).last_review == max(times, default=None)
            assert session.summary().time >= timedelta(0)


def test_bad_answers_are_refused(library: Library, write_deck: WriteDeck) -> None:
    library.add_deck(write_deck(basic_deck("bad", ["a"])))
    session = library.review("bad", now=T0)
    card = session.next_card(T0)
    assert card is not None
    with pytest.raises(ValueError):
        session.answer(card, 5, T0)
    with pytest.raises(ValueError, match="mode"):
        session.answer(card, Rating.GOOD, T0, mode="cram")
    assert library.review_log() == []


def test_quiz_answers_are_logged_with_their_mode(library: Library, write_deck: WriteDeck) -> None:
    library.add_deck(write_deck(basic_deck("quizmode", ["a"])))
    session = library.review("quizmode", now=T0)
    card = session.next_card(T0)
    assert card is not None
    session.answer(card, Rating.GOOD, T0, duration_ms=4200, mode="quiz")
    (entry,) = library.review_log()
    assert (entry.mode, entry.duration_ms, entry.reviewed_at) == ("quiz", 4200, T0)
    assert entry.interval == timedelta(minutes=10)


def test_two_processes_answering_one_card_lose_no_update(
    data_dir: Path, write_deck: WriteDeck
) -> None:
    # Two Library objects on one folder (two processes) both showed the new
    # card; both answers were logged from NEW and the first one's update lost.
    deck = write_deck(basic_deck("two", ["a"]))
    with Library.open(data_dir, fuzz=False) as first, Library.open(data_dir, fuzz=False) as other:
        first.add_deck(deck)
        mine, theirs = first.review("two", now=T0), other.review("two", now=T0)
        card = mine.next_card(T0)
        assert card is not None and theirs.next_card(T0) == card
        mine.answer(card, Rating.GOOD, T0)
        later = T0 + timedelta(minutes=15)
        with pytest.raises(CardChangedError, match="answered in another window or process"):
            theirs.answer(card, Rating.GOOD, later)
        assert len(other.review_log("two")) == 1  # nothing written
        # Answered again, it starts from the state the first one stored.
        updated = theirs.answer(card, Rating.GOOD, later)
        assert updated.reps == 2
        log = other.review_log("two")
        assert [entry.state_before for entry in log] == [State.NEW, State.LEARNING]


REVERSE_DECK = """
endoquiz: 1
id: rev
title: Reverse
cards:
  - {id: t, kind: reverse, front: Hyperinsulinemia, back: A raised blood insulin level}
  - {id: u, front: Q, back: A}
"""


def test_a_card_in_learning_holds_its_new_sibling_back(
    library: Library, write_deck: WriteDeck
) -> None:
    library.add_deck(write_deck(REVERSE_DECK))
    session = library.review("rev", now=T0)
    assert answer_next(session, Rating.AGAIN, T0) == "t"  # learning
    assert answer_next(session, Rating.EASY, T0) == "u"  # a review in days
    tomorrow = T0 + timedelta(days=1)
    session = library.review("rev", now=tomorrow)
    # t is still in learning, overdue; t:reverse waits for another day.
    assert session.counts(tomorrow) == SessionCounts(new=0, learning=1, review=0)
    assert library.deck_counts(tomorrow)["rev"] == (0, 1, 0)
    assert answer_next(session, Rating.EASY, tomorrow) == "t"
    assert session.next_card(tomorrow) is None


def test_a_due_review_holds_its_new_sibling_back(library: Library, write_deck: WriteDeck) -> None:
    library.add_deck(write_deck(REVERSE_DECK))
    session = library.review("rev", now=T0)
    assert answer_next(session, Rating.EASY, T0) == "t"
    due = library.card_state("rev", "t").due
    assert due is not None
    assert library.card_state("rev", "u").state is State.NEW
    session = library.review("rev", now=due)
    assert session.counts(due) == SessionCounts(new=1, learning=0, review=1)
    assert library.deck_counts(due)["rev"] == (1, 0, 1)
    assert [answer_next(session, Rating.EASY, due) for _ in range(2)] == ["t", "u"]
    assert session.next_card(due) is None


def test_learning_due_later_today_counts_once_within_the_learn_ahead_window(
    library: Library, write_deck: WriteDeck
) -> None:
    library.update_settings(learning_steps=(1.0, 60.0))
    library.add_deck(write_deck(basic_deck("later", ["a"])))
    session = library.review("later", now=T0)
    answer_next(session, Rating.GOOD, T0)  # due again in an hour
    # Study shows nothing now: the counts say nothing is left, and when it comes back.
    assert session.next_card(T0) is None
    assert session.counts(T0) == SessionCounts(new=0, learning=0, review=0)
    assert session.learning_later(T0) == 1
    assert library.deck_counts(T0)["later"] == (0, 0, 0)
    soon = T0 + timedelta(minutes=41)  # due within 20 minutes: shown ahead
    assert session.counts(soon) == SessionCounts(new=0, learning=1, review=0)
    assert session.learning_later(soon) == 0
    assert library.deck_counts(soon)["later"] == (0, 1, 0)
    assert answer_next(session, Rating.GOOD, soon) == "a"


# Two decks of a tree, each with entries of one, two and three cards.
TREE_DECK = """
endoquiz: 1
id: DECK
title: DECK
cards:
  - {id: r, kind: reverse, front: F, back: B}
  - {id: b, front: Q, back: A}
  - id: z
    kind: cloze
    text: "{{c1::One}}, {{c2::two}} and {{c3::three}}."
"""
TREE = ("tree/a", "tree/b")
_STEPS = st.lists(
    st.tuples(
        st.sampled_from([0, 1, 5, 15, 45, 180, 60 * 24, 60 * 24 * 4]),  # minutes
        st.sampled_from(["tree", "tree/a", "tree/b"]),
        st.sampled_from(list(Rating)),
    ),
    min_size=1,
    max_size=20,
)


@settings(max_examples=30, deadline=None)
@given(_STEPS, st.integers(min_value=1, max_value=6))
def test_deck_list_counts_are_the_cards_a_session_shows(
    steps: list[tuple[int, str, Rating]], new_per_day: int
) -> None:
    with (
        tempfile.TemporaryDirectory() as folder,
        Library.open(Path(folder) / "data", fuzz=False, timezone=UTC) as library,
    ):
        library.update_settings(new_per_day=new_per_day)
        for deck_id in TREE:
            path = Path(folder) / f"{deck_id.replace('/', '-')}.yaml"
            path.write_text(TREE_DECK.replace("DECK", deck_id).lstrip(), encoding="utf-8")
            library.add_deck(path)
        moment = T0
        for minutes, deck_id, rating in steps:
            moment += timedelta(minutes=minutes)
            listed = library.deck_counts(moment)
            for node in (*TREE, "tree"):
                assert listed[node] == library.review(node, now=moment).counts(moment)
            session = library.review(deck_id, now=moment)
            card = session.next_card(moment)
            if card is not None:
                session.answer(card, rating, moment)
        # Every card counted is shown, and no other: answered Easy, each
        # leaves today's queues.
        counts = library.deck_counts(moment)["tree"]
        session = library.review("tree", now=moment)
        shown = 0
        while (card := session.next_card(moment)) is not None:
            session.answer(card, Rating.EASY, moment)
            shown += 1
        assert shown == sum(counts)


def test_summary_says_what_is_held_back_and_when_learning_returns(
    library: Library, write_deck: WriteDeck
) -> None:
    library.update_settings(learning_steps=(1.0, 60.0))
    library.add_deck(
        write_deck(
            """
            endoquiz: 1
            id: held
            title: Held back
            cards:
              - {id: term, kind: reverse, front: Hyperinsulinemia, back: Raised insulin}
              - {id: other, front: Question?, back: Answer}
            """
        )
    )
    session = library.review("held", now=T0)
    card = session.next_card(T0)
    assert card is not None and card.id == "term"
    session.answer(card, Rating.GOOD, T0)  # the second step: an hour
    summary = session.summary()
    # "term:reverse" waits for tomorrow; "other" is no sibling of it.
    assert summary.held_back == 1
    assert summary.learning_returns == T0 + timedelta(hours=1)
    other = session.next_card(T0)
    assert other is not None and other.id == "other"
    session.answer(other, Rating.EASY, T0)
    assert session.summary().held_back == 1
    assert library.next_deck_due("held", T0) is None
