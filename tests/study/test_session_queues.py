"""A session's queues, read in SQL up to the daily limits, are the queues of the plain rules.

The reference below is the session as it was before its queues were read
in SQL: every schedulable card of the tree read, sorted, and one card per
deck entry taken in Python (see `review_session`'s docstring for the rules).
"""

from __future__ import annotations

import sqlite3
import tempfile
from collections.abc import Callable, Sequence
from contextlib import closing
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from endoquiz import Library, Rating, ReviewSession, SessionCounts
from endoquiz.common.clock import to_ms
from tests.conftest import T0, WriteDeck, basic_deck
from tests.study.test_review_session import TREE_DECK

# The tree studied, in tree order; each deck has entries of two, one, three
# (test_review_session's) and one cards.
TREE = ("t/a", "t/a/x", "t/b")
DECK = TREE_DECK + "  - {id: c, front: Q2, back: A2}\n"
CARD_IDS = ("r", "r:reverse", "b", "z:c1", "z:c2", "z:c3", "c")
NOTE_IDS = ("r", "r", "b", "z", "z", "z", "c")
CARDS = [
    (deck, card, note, pos)
    for deck in TREE
    for pos, (card, note) in enumerate(zip(CARD_IDS, NOTE_IDS, strict=True))
]
DAY_START = T0.replace(hour=4)  # the default day start, in UTC
DAY_END = DAY_START + timedelta(days=1)
LEARN_AHEAD = timedelta(minutes=20)

Key = tuple[str, str]


@dataclass(frozen=True)
class Stored:
    """A card's row as the test writes it."""

    deck_id: str
    card_id: str
    note_id: str
    position: int
    state: int  # 0 new, 1 learning, 2 review, 3 relearning
    due: datetime | None
    suspended: bool

    @property
    def key(self) -> Key:
        return (self.deck_id, self.card_id)

    @property
    def entry(self) -> Key:
        return (self.deck_id, self.note_id)


@dataclass(frozen=True)
class Answer:
    """An answer already in the log: which card, its state before, mode, when."""

    card: int
    state_before: int
    mode: str
    at: datetime


@dataclass(frozen=True)
class Expected:
    counts: SessionCounts
    shown: list[Key]


def reference(
    cards: Sequence[Stored], answers: Sequence[Answer], new_per_day: int, reviews_per_day: int
) -> Expected:
    """The queues of the rules, built the plain way."""
    today = [a for a in answers if a.mode == "review" and a.at >= DAY_START]
    new_done = sum(1 for a in today if a.state_before == 0)
    reviews_done = sum(1 for a in today if a.state_before == 2)
    taken = {cards[a.card].entry for a in today}
    open_cards = [c for c in cards if not c.suspended]
    learning = sorted(
        (c.due, c.key)
        for c in open_cards
        if c.state in (1, 3) and c.due is not None and c.due < DAY_END
    )
    taken |= {
        c.entry for c in open_cards if c.state in (1, 3) and c.due is not None and c.due < DAY_END
    }
    by_key = {c.key: c for c in cards}

    def one_per_entry(ordered: list[Key]) -> list[Key]:
        queue = []
        for key in ordered:
            if by_key[key].entry not in taken:
                taken.add(by_key[key].entry)
                queue.append(key)
        return queue

    due_reviews = sorted(
        (c.due, c.key) for c in open_cards if c.state == 2 and c.due is not None and c.due < DAY_END
    )
    reviews = one_per_entry([key for _, key in due_reviews])
    new_cards = sorted(
        (TREE.index(c.deck_id), c.position, c.key) for c in open_cards if c.state == 0
    )
    new = one_per_entry([key for *_, key in new_cards])
    new_left = max(0, new_per_day - new_done)
    reviews_left = max(0, reviews_per_day - reviews_done)
    learn_now = [key for due, key in learning if due <= T0]
    learn_soon = [key for due, key in learning if T0 < due <= T0 + LEARN_AHEAD]
    return Expected(
        counts=SessionCounts(
            new=min(len(new), new_left),
            learning=len(learn_now) + len(learn_soon),
            review=min(len(reviews), reviews_left),
        ),
        shown=learn_now + reviews[:reviews_left] + new[:new_left] + learn_soon,
    )


def held_back(cards: Sequence[Stored], shown: Sequence[Key]) -> int:
    """Cards new or due today that share an entry with a card shown (and
    answered Easy), not shown themselves, nor in learning."""
    entries = {c.entry for c in cards if c.key in shown}
    return sum(
        1
        for c in cards
        if c.key not in shown
        and not c.suspended
        and c.entry in entries
        and (c.state == 0 or (c.state == 2 and c.due is not None and c.due < DAY_END))
    )


def install_tree(folder: Path) -> Library:
    library = Library.open(folder / "data", fuzz=False, timezone=UTC)
    for deck_id in TREE:
        path = folder / f"{deck_id.replace('/', '-')}.yaml"
        path.write_text(DECK.replace("DECK", deck_id).lstrip(), encoding="utf-8")
        library.add_deck(path)
    return library


def store(db_path: Path, cards: Sequence[Stored], answers: Sequence[Answer]) -> None:
    """Write the cards' states and the answers in SQL, as another process would."""
    with closing(sqlite3.connect(db_path)) as db, db:
        db.executemany(
            "UPDATE card SET state = ?, due = ?, suspended = ?, stability = ?, difficulty = ?, "
            "step = ?, last_review = ?, reps = ? WHERE deck_id = ? AND card_id = ?",
            [
                (
                    c.state,
                    to_ms(c.due) if c.due is not None else None,
                    int(c.suspended),
                    None if c.state == 0 else 3.0,
                    None if c.state == 0 else 5.0,
                    0 if c.state in (1, 3) else None,
                    None if c.state == 0 else to_ms(T0 - timedelta(days=3)),
                    0 if c.state == 0 else 2,
                    c.deck_id,
                    c.card_id,
                )
                for c in cards
            ],
        )
        db.executemany(
            "INSERT INTO review_log (deck_id, card_id, rating, reviewed_at, duration_ms, mode, "
            "state_before, state_after, due_after) VALUES (?, ?, 3, ?, 1000, ?, ?, ?, ?)",
            [
                (
                    *cards[a.card].key,
                    to_ms(a.at),
                    a.mode,
                    a.state_before,
                    cards[a.card].state,
                    to_ms(a.at),
                )
                for a in answers
            ],
        )


def _states(
    kinds: list[int], latest: int, suspended: list[bool]
) -> st.SearchStrategy[list[tuple[int, int, bool]]]:
    """A state for every card: its kind drawn from `kinds`, due up to
    `latest` minutes on, suspended as drawn from `suspended`."""
    state = st.tuples(
        st.sampled_from(kinds),
        # Due from three days ago (learning: within a day).
        st.integers(min_value=-3 * 24 * 60, max_value=latest),
        st.sampled_from(suspended),
    )
    return st.lists(state, min_size=len(CARDS), max_size=len(CARDS))


_STATES = st.one_of(
    _states([0, 0, 1, 2, 2, 3], 2 * 24 * 60, [False, False, False, True]),
    # Most cards in learning and due now: more than a session holds at once
    # (READ_AHEAD), so it reads the others as they come and counts in SQL.
    _states([0, 1, 1, 1, 1, 2, 3], 60, [False, False, False, False, False, True]),
)
_ANSWERS = st.lists(
    st.tuples(
        st.integers(min_value=0, max_value=len(CARDS) - 1),
        st.sampled_from([0, 1, 2, 3]),
        st.sampled_from(["review", "review", "quiz"]),
        st.integers(min_value=1, max_value=8 * 60),  # minutes before now: some yesterday
    ),
    max_size=6,
)


@settings(max_examples=60, deadline=None)
@given(
    _STATES,
    _ANSWERS,
    st.integers(min_value=0, max_value=6),
    st.integers(min_value=0, max_value=6),
)
def test_the_queues_are_those_of_the_plain_rules(
    states: list[tuple[int, int, bool]],
    drawn_answers: list[tuple[int, int, str, int]],
    new_per_day: int,
    reviews_per_day: int,
) -> None:
    cards = [
        Stored(
            deck_id,
            card_id,
            note_id,
            position,
            state,
            None if state == 0 else T0 + timedelta(minutes=minutes if state != 1 else minutes // 3),
            suspended,
        )
        for (deck_id, card_id, note_id, position), (state, minutes, suspended) in zip(
            CARDS, states, strict=True
        )
    ]
    answers = [
        Answer(card, before, mode, T0 - timedelta(minutes=ago))
        for card, before, mode, ago in drawn_answers
    ]
    expected = reference(cards, answers, new_per_day, reviews_per_day)
    with tempfile.TemporaryDirectory() as folder, install_tree(Path(folder)) as library:
        library.update_settings(new_per_day=new_per_day, reviews_per_day=reviews_per_day)
        store(library.db_path, cards, answers)
        session = library.review("t", now=T0)
        assert session.counts(T0) == expected.counts
        assert library.deck_counts(T0)["t"] == expected.counts
        shown = []
        while (card := session.next_card(T0)) is not None:
            shown.append((card.deck_id, card.id))
            session.answer(card, Rating.EASY, T0)  # out of today's queues
        assert shown == expected.shown
        assert session.summary().held_back == held_back(cards, shown)


def test_a_limit_below_the_new_cards_shows_that_many_in_order(
    library: Library, write_deck: WriteDeck
) -> None:
    ids = [f"n{i:04}" for i in range(1000)]
    library.add_deck(write_deck(basic_deck("many", ids)))
    library.update_settings(new_per_day=5)
    session = library.review("many", now=T0)
    assert session.counts(T0) == SessionCounts(new=5, learning=0, review=0)
    shown = []
    while (card := session.next_card(T0)) is not None:
        shown.append(card.id)
        session.answer(card, Rating.EASY, T0)
        assert session.counts(T0).new == 5 - len(shown)
    assert shown == ids[:5]
    # The next session of the day shows none: the limit counts the day's answers.
    later = T0 + timedelta(hours=1)
    assert library.review("many", now=later).next_card(later) is None


def sqlite_steps(library: Library, action: Callable[[], object]) -> int:
    """SQLite's work in `action`, in hundreds of virtual machine steps
    (counted, not timed: the same on any machine)."""
    steps = 0

    def count() -> int:
        nonlocal steps
        steps += 1
        return 0  # go on

    db = library._store._db
    db.set_progress_handler(count, 100)
    try:
        action()
    finally:
        db.set_progress_handler(None, 0)
    return steps


def test_opening_a_session_reads_as_much_at_10_000_cards_as_at_1_000(
    tmp_path: Path, write_deck: WriteDeck
) -> None:
    steps = []
    for size in (1_000, 10_000):
        ids = [f"c{i}" for i in range(size)]
        with Library.open(tmp_path / f"data-{size}", fuzz=False, timezone=UTC) as library:
            library.add_deck(write_deck(basic_deck("big", ids), f"big-{size}.yaml"))
            # A third of the cards due: more than the daily limit of reviews;
            # a third in learning, due today (each sooner than the next).
            with closing(sqlite3.connect(library.db_path)) as db, db:
                db.execute(
                    "UPDATE card SET state = 2, due = ?, stability = 3, difficulty = 5, "
                    "last_review = ?, reps = 2 WHERE CAST(substr(card_id, 2) AS INT) % 3 = 0",
                    (to_ms(T0 - timedelta(days=1)), to_ms(T0 - timedelta(days=4))),
                )
                db.execute(
                    "UPDATE card SET state = 1, step = 0, stability = 1, difficulty = 5, "
                    "due = ? - CAST(substr(card_id, 2) AS INT), last_review = ?, reps = 1 "
                    "WHERE CAST(substr(card_id, 2) AS INT) % 3 = 1",
                    (to_ms(T0 - timedelta(minutes=1)), to_ms(T0 - timedelta(hours=1))),
                )
            learning = len(range(1, size, 3))

            def open_session(library: Library = library, size: int = size) -> ReviewSession:
                session = library.review("big", now=T0)
                card = session.next_card(T0)
                # The learning card due first: the last of the deck.
                assert card is not None and card.id == f"c{size - size % 3 - 2}"
                return session

            open_session()  # the deck file's stamp stored: later opens only check it
            steps.append(sqlite_steps(library, open_session))
            # Counted over an index, not read: linear in the cards in learning,
            # but at C speed (see docs/performance.md), so not in the steps.
            session = open_session()
            assert session.counts(T0) == SessionCounts(new=20, learning=learning, review=200)
            assert session.learning_later(T0) == 0
    assert steps[1] < 1.5 * steps[0]


def test_many_cards_in_learning_come_in_due_order_and_back_after_again(
    library: Library, write_deck: WriteDeck
) -> None:
    # More than a session holds at once (READ_AHEAD): the rest are read as
    # the first are answered, and those answered again come back after them.
    ids = [f"c{i:02}" for i in range(30)]
    library.add_deck(write_deck(basic_deck("learn", ids)))
    with closing(sqlite3.connect(library.db_path)) as db, db:
        db.execute(
            "UPDATE card SET state = 1, step = 0, stability = 1, difficulty = 5, "
            "due = ? + 60000 * CAST(substr(card_id, 2) AS INT), last_review = ?, reps = 1",
            (to_ms(T0 - timedelta(hours=1)), to_ms(T0 - timedelta(hours=2))),
        )
    session = library.review("learn", now=T0)
    assert session.counts(T0) == SessionCounts(new=0, learning=30, review=0)
    shown = []
    for rating in (Rating.AGAIN, Rating.EASY):  # again: back within minutes
        for _ in ids:
            card = session.next_card(T0)
            assert card is not None
            shown.append(card.id)
            session.answer(card, rating, T0)
            left = 30 if rating is Rating.AGAIN else 60 - len(shown)
            assert session.counts(T0).learning == left
    assert shown == ids + ids
    assert session.next_card(T0) is None


def test_reviews_due_at_one_moment_come_in_deck_then_card_order(tmp_path: Path) -> None:
    """Ties in due time are broken by deck, then card id, as the plain rules
    sort them: the decks' queues are merged on all three."""
    due = T0 - timedelta(hours=1)
    # One review per entry and deck, every one due at the same moment.
    cards = [
        Stored(deck_id, card_id, note_id, position, 2 if card_id in ("b", "c", "r") else 0,
               due if card_id in ("b", "c", "r") else None, False)
        for deck_id, card_id, note_id, position in CARDS
    ]  # fmt: skip
    expected = reference(cards, [], new_per_day=0, reviews_per_day=100)
    assert [key[1] for key in expected.shown[:3]] == ["b", "c", "r"]  # deck t/a first
    with install_tree(tmp_path) as library:
        library.update_settings(new_per_day=0)
        store(library.db_path, cards, [])
        session = library.review("t", now=T0)
        shown = []
        while (card := session.next_card(T0)) is not None:
            shown.append((card.deck_id, card.id))
            session.answer(card, Rating.EASY, T0)
    assert shown == expected.shown
