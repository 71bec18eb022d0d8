"""Three computers, one folder a file-sync tool copies between them: they always end up equal.

Each computer has its own copy of the sync folder (as Syncthing or Dropbox
keep one per computer); a copy rule moves one journal file from one copy to
another, whole or cut short (half-synced), in any order. Computers answer,
undo, suspend, flag, edit their own copy of the deck (a card added, removed,
reworded, or renamed with `renamed_from:`), sync at random, and stay away
for months. Segments, merges and the steps of a merge are small, so each
comes in several. Their clocks
disagree by hours. After every copy is made whole, every deck file made
the same and each computer syncs twice, all hold the same review log and
card states, and every answer given anywhere and not taken back is in it,
and no other.
"""

from __future__ import annotations

import shutil
import tempfile
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, precondition, rule

from endoquiz import Library, Rating
from endoquiz.study.review_session import ReviewSession
from endoquiz.sync import folder_sync
from tests.conftest import T0, basic_deck

CARDS = ["a", "b", "c"]
# A card some computers' decks gain by an edit, and others lack meanwhile.
ALL_CARDS = [*CARDS, "x"]
# A card a computer may rename in its deck file (`renamed_from:`), the others
# later: answers to its old id, given where it is not renamed yet, count for it.
RENAMED, RENAMED_TO = "c", "c2"
COMPUTERS = 3


# Small journal segments, merges and steps, so that a sync writes several
# segments, merges them in several transactions and works out the cards a
# few at a time, as one after years of answers does.
SMALL = {"EVENTS_PER_SEGMENT": 3, "EVENTS_PER_MERGE": 4, "CARDS_PER_STEP": 2}


class ThreeComputers(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        self.sizes = {name: getattr(folder_sync, name) for name in SMALL}
        for name, value in SMALL.items():
            setattr(folder_sync, name, value)
        self.root = Path(tempfile.mkdtemp(prefix="endoquiz-sync-sim-"))
        self.libraries = []
        self.folders = []
        # Each computer's own copy of the deck file, and the cards in it.
        self.decks = [self.root / f"decks{n}" / "deck.yaml" for n in range(COMPUTERS)]
        self.deck_cards = [list(CARDS) for _ in range(COMPUTERS)]
        self.rewordings = 0
        for n in range(COMPUTERS):
            self.decks[n].parent.mkdir()
            self.decks[n].write_text(basic_deck("d", CARDS), encoding="utf-8")
            library = Library.open(self.root / f"data{n}", fuzz=True, timezone=UTC)
            library.add_deck(self.decks[n], now=T0)
            folder = self.root / f"sync{n}"
            folder.mkdir()
            self.libraries.append(library)
            self.folders.append(folder)
        self.minute = 0
        # Each computer's clock: one right, one five hours slow, one three
        # hours fast (docs/sync.md: stamps order events whatever clocks say).
        self.clock_error = [timedelta(0), timedelta(hours=-5), timedelta(hours=3)]
        # Every answer given and not taken back, in the order given:
        # (computer, card, answer time, rating).
        self.answers: list[tuple[int, str, datetime, Rating, int]] = []
        # Every reset, in the order made: (card, time it counts at, order).
        self.resets: list[tuple[str, datetime, int]] = []
        self.actions = 0  # answers and resets made so far: their order
        self.sessions: list[ReviewSession | None] = [None] * COMPUTERS
        # Answers given and not taken back: (card, answer time).
        self.given: dict[int, list[tuple[str, datetime]]] = {n: [] for n in range(COMPUTERS)}
        # Which computers renamed RENAMED in their deck file.
        self.renamed = [False] * COMPUTERS

    def _here(self, n: int, card: str) -> str:
        """The card's id on computer `n` now."""
        return RENAMED_TO if card == RENAMED and self.renamed[n] else card

    def _final(self, card: str) -> str:
        """The card's id once every deck file is made the same (renamed on
        every computer once renamed on one)."""
        return RENAMED_TO if card == RENAMED and any(self.renamed) else card

    def teardown(self) -> None:
        for library in self.libraries:
            library.close()
        shutil.rmtree(self.root, ignore_errors=True)
        for name, value in self.sizes.items():
            setattr(folder_sync, name, value)

    def _now(self) -> datetime:
        self.minute += 7
        return T0 + timedelta(minutes=self.minute)

    @rule(
        n=st.integers(0, COMPUTERS - 1),
        card=st.sampled_from(ALL_CARDS),
        rating=st.sampled_from(list(Rating)),
    )
    def answer(self, n: int, card: str, rating: Rating) -> None:
        card = self._here(n, card)
        if card not in self.deck_cards[n]:
            return  # not in this computer's deck (now)
        now = self._now() + self.clock_error[n]
        library = self.libraries[n]
        chosen = [c for c in library.deck("d").cards if c.id == card]
        session = library.review("d", now=now, focus=chosen)
        shown = session.next_card(now)
        assert shown is not None and shown.id == card
        # An answer counts as given no earlier than the card's last answer
        # (one merged from a computer whose clock is ahead, say).
        last = library.card_state("d", card).last_review
        at = max(now, last) if last is not None else now
        session.answer(shown, rating, now)
        self.sessions[n] = session
        self.given[n].append((card, at))
        self.actions += 1
        self.answers.append((n, card, at, rating, self.actions))

    @precondition(lambda self: any(self.sessions))
    @rule(n=st.integers(0, COMPUTERS - 1))
    def undo(self, n: int) -> None:
        session = self.sessions[n]
        if session is None or not self.given[n]:
            return
        if session.undo(self._now() + self.clock_error[n]) is not None:
            card, at = self.given[n].pop()
            mine = [a for a in self.answers if a[:3] == (n, card, at)]
            self.answers.remove(mine[-1])
        self.sessions[n] = None

    @rule(n=st.integers(0, COMPUTERS - 1), card=st.sampled_from(ALL_CARDS))
    def reset(self, n: int, card: str) -> None:
        """The learner resets a card: new again, its answers kept in the log.
        It counts, as an answer does, no earlier than the card's last answer."""
        card = self._here(n, card)
        if card not in self.deck_cards[n]:
            return
        library = self.libraries[n]
        now = self._now() + self.clock_error[n]
        last = library.card_state("d", card).last_review
        library.reset_progress([("d", card)], now)
        self.actions += 1
        self.resets.append((card, max(now, last) if last is not None else now, self.actions))
        self.sessions[n] = None  # its undo would bring back what the reset took

    @rule(n=st.integers(0, COMPUTERS - 1), card=st.sampled_from(ALL_CARDS), on=st.booleans())
    def suspend(self, n: int, card: str, on: bool) -> None:
        card = self._here(n, card)
        if card in self.deck_cards[n]:
            self.libraries[n].set_suspended([("d", card)], on)

    @rule(n=st.integers(0, COMPUTERS - 1), card=st.sampled_from(ALL_CARDS), flag=st.integers(0, 4))
    def flag(self, n: int, card: str, flag: int) -> None:
        card = self._here(n, card)
        if card in self.deck_cards[n]:
            self.libraries[n].set_flag([("d", card)], flag)

    @rule(n=st.integers(0, COMPUTERS - 1), card=st.sampled_from(ALL_CARDS), reword=st.booleans())
    def edit_deck(self, n: int, card: str, reword: bool) -> None:
        """The learner edits this computer's deck file: a card reworded, or
        added or removed (its progress kept, as an edit keeps it)."""
        card = self._here(n, card)
        cards = self.deck_cards[n]
        if reword:
            if card not in cards:
                return
            self.rewordings += 1
            text = self.decks[n].read_text(encoding="utf-8")
            self.decks[n].write_text(
                text.replace(f"back: Answer {card}", f"back: Answer {card} ({self.rewordings})"),
                encoding="utf-8",
            )
        elif card in cards:
            if len(cards) == 1:
                return
            cards.remove(card)
            self._write_deck(n)
        else:
            cards.append(card)
            self._write_deck(n)
        self.libraries[n].sync_decks()
        self.sessions[n] = None

    @rule(n=st.integers(0, COMPUTERS - 1))
    def rename(self, n: int) -> None:
        """The learner renames RENAMED in this computer's deck file, saying
        `renamed_from:` (its progress moves to the new id)."""
        cards = self.deck_cards[n]
        if self.renamed[n] or RENAMED not in cards:
            return
        cards[cards.index(RENAMED)] = RENAMED_TO
        self.renamed[n] = True
        self._write_deck(n)
        self.libraries[n].sync_decks()
        self.sessions[n] = None  # its card is another now

    def _write_deck(self, n: int) -> None:
        text = basic_deck("d", self.deck_cards[n])
        text = text.replace(
            f"  - id: {RENAMED_TO}\n", f"  - id: {RENAMED_TO}\n    renamed_from: [{RENAMED}]\n"
        )
        self.decks[n].write_text(text, encoding="utf-8")

    @rule(days=st.integers(1, 120))
    def time_passes(self, days: int) -> None:
        """Days or months without a sync (or anything) on every computer."""
        self.minute += days * 24 * 60

    @rule(n=st.integers(0, COMPUTERS - 1))
    def sync(self, n: int) -> None:
        # The session stays: its last answer can still be undone, in the next
        # segment of this computer's journal (which a sync tool may bring
        # elsewhere before the answer's own).
        self.libraries[n].sync(self.folders[n])

    @rule(
        src=st.integers(0, COMPUTERS - 1),
        dst=st.integers(0, COMPUTERS - 1),
        pick=st.integers(0, 1000),
        cut=st.one_of(st.none(), st.floats(0.05, 0.95)),
    )
    def copy_file(self, src: int, dst: int, pick: int, cut: float | None) -> None:
        if src == dst:
            return
        files = sorted(
            p.relative_to(self.folders[src])
            for p in self.folders[src].rglob("*.jsonl")
            if p.is_file()
        )
        if not files:
            return
        relative = files[pick % len(files)]
        data = (self.folders[src] / relative).read_bytes()
        if cut is not None:
            data = data[: int(len(data) * cut)]  # half-synced
        target = self.folders[dst] / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)

    @invariant()
    def no_answer_is_lost_locally(self) -> None:
        for n, library in enumerate(self.libraries):
            logged = {(e.card_id, e.reviewed_at) for e in library.review_log()}
            assert {(self._here(n, card), at) for card, at in self.given[n]} <= logged

    def finish(self) -> None:
        """Every copy made whole and every computer synced, with the decks
        as they are (a card one lacks waits there); then every deck file
        made the same (all the cards: the waiting cards get their merged
        progress), and every computer synced again."""
        self._spread()
        for n in range(COMPUTERS):
            self.deck_cards[n] = [self._final(card) for card in ALL_CARDS]
            self._write_deck(n)
            self.libraries[n].sync_decks()
        self._spread()

    def _spread(self) -> None:
        """Each computer syncs and every copy is made whole, twice; then
        each syncs once more."""
        for _ in range(2):
            for n in range(COMPUTERS):
                self.libraries[n].sync(self.folders[n])
            everything: dict[Path, bytes] = {}
            for folder in self.folders:
                for path in folder.rglob("*.jsonl"):
                    data = path.read_bytes()
                    key = path.relative_to(folder)
                    if len(data) > len(everything.get(key, b"")):
                        everything[key] = data
            for folder in self.folders:
                for key, data in everything.items():
                    (folder / key).parent.mkdir(parents=True, exist_ok=True)
                    (folder / key).write_bytes(data)
        for n in range(COMPUTERS):
            self.libraries[n].sync(self.folders[n])


def _log(library: Library) -> list[tuple[object, ...]]:
    return sorted((e.card_id, e.rating, e.reviewed_at, e.mode) for e in library.review_log())


def _states(library: Library, cards: list[str]) -> list[tuple[object, ...]]:
    return [
        (
            s.state,
            s.reps,
            s.lapses,
            s.due,
            s.stability,
            s.difficulty,
            s.step,
            s.suspended,
            library.flag("d", card),
        )
        for card in cards
        for s in [library.card_state("d", card)]
    ]


class Finished(ThreeComputers):
    def teardown(self) -> None:
        try:
            self.finish()
            logs = [_log(library) for library in self.libraries]
            assert logs[0] == logs[1] == logs[2]
            # Every answer given and not taken back, each once; no other.
            given = sorted(
                (self._final(card), at) for answers in self.given.values() for card, at in answers
            )
            assert given == sorted((card, at) for card, _, at, _ in logs[0])
            cards = [self._final(card) for card in ALL_CARDS]
            states = [_states(library, cards) for library in self.libraries]
            assert states[0] == states[1] == states[2]
            ours, oracle = _schedules(states[0]), _schedules(self._replayed(logs[0]))
            if any(self.renamed):
                # The scheduler's fuzz follows the card's id: an answer given
                # to the old id keeps its fuzzed due date, and the oracle, with
                # the new id only, gives another. The rest must agree.
                place = ALL_CARDS.index(RENAMED)
                ours[place], oracle[place] = _without_due(ours[place]), _without_due(oracle[place])
            assert ours == oracle
            # Each card's schedule is the one its log's latest answer gives,
            # as the database check derives it.
            for library in self.libraries:
                found = library.check_database()
                assert (found.problems, found.derived) == ([], [])
        finally:
            super().teardown()

    def _replayed(self, log: list[tuple[object, ...]]) -> list[tuple[object, ...]]:
        """The states one computer reaches answering the union of all
        answers itself, and making every reset, in the order of their times;
        those at one time (one counted at the time of the card's last answer,
        merged from a computer whose clock is ahead) in the order they were
        made, which their clock stamps keep."""
        deck = self.root / "oracle-deck.yaml"
        cards = [self._final(card) for card in ALL_CARDS]
        deck.write_text(basic_deck("d", cards), encoding="utf-8")
        given: dict[tuple[object, ...], list[int]] = {}
        for _, given_card, given_at, given_rating, order in self.answers:
            key = (self._final(given_card), given_rating, given_at)
            given.setdefault(key, []).append(order)
        steps: list[tuple[Any, int, str, Rating | None]] = []
        for entry in log:
            assert isinstance(entry[1], Rating)
            steps.append((entry[2], given[entry[:3]].pop(0), str(entry[0]), entry[1]))
        steps += [(at, order, self._final(card), None) for card, at, order in self.resets]

        with Library.open(self.root / "oracle", fuzz=True, timezone=UTC) as oracle:
            oracle.add_deck(deck, now=T0)
            for at, _, card, rating in sorted(steps):
                assert isinstance(at, datetime)
                if rating is None:
                    oracle.reset_progress([("d", card)], at)
                    continue
                chosen = [c for c in oracle.deck("d").cards if c.id == card]
                session = oracle.review("d", now=at, focus=chosen)
                shown = session.next_card(at)
                assert shown is not None
                session.answer(shown, rating, at)
            return _states(oracle, cards)


def _schedules(states: list[tuple[object, ...]]) -> list[tuple[object, ...]]:
    """What the scheduler decides of each card: not suspension nor flags."""
    return [state[:7] for state in states]


def _without_due(schedule: tuple[object, ...]) -> tuple[object, ...]:
    """A card's schedule but its due date (state, reps, lapses, due, ...)."""
    return schedule[:3] + schedule[4:]


Finished.TestCase.settings = settings(
    max_examples=40, stateful_step_count=30, deadline=None, derandomize=True
)
TestThreeComputersEndEqual = Finished.TestCase
