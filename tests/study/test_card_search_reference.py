"""Every search finds, in deck order, exactly the cards a plain Python filter over all cards keeps.

The reference reads each term as docs/search.md says, over what the
library reports of every card (`CardMatch`) and its review log: it shares
no SQL, index or join order with the search, so a plan that loses or adds
a card (a negated text term scanned from the content index, a key kept
as an integer id) shows here.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from datetime import UTC, timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from endoquiz import AnswerMode, CardMatch, Library, Rating, State
from endoquiz.scheduling import next_study_day_start
from endoquiz.store.search_index import search_text
from tests.conftest import T0

NOW = T0 + timedelta(days=11, hours=3)
DAY = timedelta(days=1)
WORDS = ("hormone", "insulin", "cell", "membrane", "liver", "sugar", "nucleus")
TAGS = ("hormones", "hormones-adjacent", "transport", "energy")
KINDS = ("basic", "reverse", "cloze", "choice", "typed")
STATES = ("new", "learning", "review", "due", "suspended", "leech")


def _deck(deck_id: str, count: int) -> str:
    """A deck of every kind, its words and tags varying with the card."""
    lines = ["endoquiz: 1", f"id: {deck_id}", f"title: Deck {deck_id}", "cards:"]
    for i in range(count):
        word, other = WORDS[i % len(WORDS)], WORDS[(i * 3 + 1) % len(WORDS)]
        tags = f"[{TAGS[i % len(TAGS)]}, {TAGS[(i + 1) % 3]}]"
        kind = KINDS[i % len(KINDS)]
        lines.append(f"  - id: c{i}")
        if kind in ("basic", "reverse"):
            lines += [f"    kind: {kind}", f"    front: Which {word} is {i}?", f"    back: {other}"]
        elif kind == "cloze":
            lines += [
                "    kind: cloze",
                f"    text: The {{{{c1::{word}}}}} meets the {{{{c2::{other}}}}}.",
            ]
        elif kind == "choice":
            lines += [
                "    kind: choice",
                f"    question: Which {word} matters?",
                f"    choices: [{other.title()}, Nothing]",
                f"    answer: {other.title()}",
            ]
        else:
            lines += ["    kind: typed", f"    front: Name the {word}.", f"    answer: {other}"]
        lines.append(f"    tags: {tags}")
    return "\n".join(lines) + "\n"


@pytest.fixture(scope="module")
def library(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Library]:
    """Three decks, studied over twelve days with every rating, some suspended."""
    folder: Path = tmp_path_factory.mktemp("reference")
    with Library.open(folder / "data", fuzz=False, timezone=UTC) as opened:
        # Installed out of deck order: ids do not follow it.
        for deck_id, count in (("chem", 12), ("bio/cells", 9), ("bio", 24)):
            path = folder / f"{deck_id.replace('/', '-')}.yaml"
            path.write_text(_deck(deck_id, count), encoding="utf-8")
            opened.add_deck(path)
        ratings = [Rating.AGAIN, Rating.HARD, Rating.GOOD, Rating.EASY]
        for day in range(12):
            moment = T0 + day * DAY
            for deck_id in ("bio", "chem"):
                session = opened.review(deck_id, now=moment)
                for turn in range(6):
                    card = session.next_card(moment)
                    if card is None:
                        break
                    session.answer(card, ratings[(day + turn) % 4], moment, duration_ms=4000)
        due = opened.search_cards("is:due", now=NOW).keys_at([0, 1])
        opened.set_suspended([*due, ("bio", "c3"), ("bio/cells", "c2")])
        yield opened


Reference = Callable[[CardMatch], bool | None]


def _texts(match: CardMatch) -> str:
    """The text a word or phrase is looked for in, folded."""
    content = json.loads(match.content)
    parts = [content.get(field) or "" for field in ("front", "back", "answer", "explanation")]
    parts += [*content.get("choices", []), *content.get("accept", [])]
    return search_text(" ".join(parts))


def _reference(library: Library, term: str) -> Reference:
    """What one term keeps, as docs/search.md says; None where SQL's NULL
    would make a term and its negation both false (a property a card has no
    value of)."""
    field, _, value = term.partition(":")
    if not value:
        return lambda m: search_text(term.strip('"')) in _texts(m)
    if field == "deck":
        return lambda m: m.deck_id == value or m.deck_id.startswith(value + "/")
    if field == "tag":
        if value.endswith("*"):
            return lambda m: any(tag.startswith(value[:-1]) for tag in m.tags)
        return lambda m: value in m.tags
    if field == "kind":
        return lambda m: m.kind == value
    if field == "is":
        day_end = next_study_day_start(NOW, library.settings.day_starts_at, UTC)
        return {
            "new": lambda m: m.state == State.NEW,
            "learning": lambda m: m.state in (State.LEARNING, State.RELEARNING),
            "review": lambda m: m.state == State.REVIEW,
            "due": lambda m: m.due is not None and not m.suspended and m.due < day_end,
            "suspended": lambda m: m.suspended,
            "leech": lambda m: m.is_leech,
        }[value]
    if field == "rated":
        since = NOW - int(value) * DAY
        answered = {
            (entry.deck_id, entry.card_id)
            for entry in library.review_log()
            if entry.mode == AnswerMode.REVIEW and entry.reviewed_at >= since
        }
        return lambda m: (m.deck_id, m.card_id) in answered
    name, at_least, number = value.partition(">=")
    if not at_least:
        name, _, number = value.partition("=")
    values: dict[str, Callable[[CardMatch], float | None]] = {
        "lapses": lambda m: m.lapses,
        "reps": lambda m: m.reps,
        "ivl": lambda m: m.interval_days,
    }

    def compare(match: CardMatch) -> bool | None:
        # Of a card with no value (a new card's interval), neither the term
        # nor its negation holds.
        have = values[name](match)
        if have is None:
            return None
        return have >= float(number) if at_least else have == float(number)

    return compare


TERMS = st.sampled_from(
    [
        *WORDS,
        '"which hormone"',
        '"the cell meets"',
        "deck:bio",
        "deck:bio/cells",
        "deck:chem",
        "deck:bi",  # a prefix of bio, not a parent
        *(f"tag:{tag}" for tag in TAGS),
        "tag:horm*",
        *(f"kind:{kind}" for kind in KINDS),
        *(f"is:{state}" for state in STATES),
        "prop:lapses>=1",
        "prop:reps=1",
        "prop:reps>=2",
        "prop:ivl>=3",
        "rated:1",
        "rated:5",
        "rated:30",
    ]
)
QUERIES = st.lists(st.tuples(st.booleans(), TERMS), min_size=1, max_size=3)


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(terms=QUERIES)
def test_a_search_finds_what_the_reference_filter_keeps(
    library: Library, terms: list[tuple[bool, str]]
) -> None:
    # Deck order, as the deck files give it: decks by id, cards as written.
    written = {
        (deck_id, card.id): (deck_id, place)
        for deck_id in ("bio", "bio/cells", "chem")
        for place, card in enumerate(library.deck(deck_id).cards)
    }
    every_card = sorted(
        library.search_cards("", now=NOW), key=lambda m: written[m.deck_id, m.card_id]
    )
    query = " ".join(f"{'-' if negated else ''}{term}" for negated, term in terms)
    tests = [(negated, _reference(library, term)) for negated, term in terms]

    def kept(match: CardMatch) -> bool:
        for negated, test in tests:
            holds = test(match)
            if holds is None or holds == negated:
                return False
        return True

    expected = [(m.deck_id, m.card_id) for m in every_card if kept(m)]
    found = library.search_cards(query, now=NOW)
    assert found.keys() == expected, query
    assert [(m.deck_id, m.card_id) for m in found] == expected, query
    # Sorted, a search reads its tables in another order (by due, in parts
    # off indexes): the same cards, studied ones by due date either way,
    # then new ones, ties in deck order.
    matches = {(m.deck_id, m.card_id): m for m in every_card}
    for descending in (False, True):

        def due_order(key: tuple[str, str], descending: bool = descending) -> tuple[Any, ...]:
            match = matches[key]
            if match.state == State.NEW or match.due is None:
                return (1 if match.state == State.NEW else 2, 0, written[key])
            moment = match.due.timestamp()
            return (0, -moment if descending else moment, written[key])

        by_due = library.search_cards(query, now=NOW, order="due", descending=descending)
        assert by_due.keys() == sorted(expected, key=due_order), (query, descending)


def test_the_reference_library_has_cards_of_every_state(library: Library) -> None:
    """The comparison above means something only if each term finds some cards and not all."""
    total = len(library.search_cards("", now=NOW))
    for term in ("is:new", "is:learning", "is:review", "is:due", "is:suspended", "rated:1"):
        assert 0 < len(library.search_cards(term, now=NOW)) < total, term


def test_a_result_converts_between_places_and_keys(library: Library) -> None:
    """`keys_at` and `index_of` agree with `keys()`, for any place of the result."""
    found = library.search_cards("tag:hormones -kind:cloze", now=NOW, order="due")
    keys = found.keys()
    assert len(keys) == len(found) > 3
    assert found.keys_at([3, 0]) == [keys[3], keys[0]]
    assert all(found.index_of(key) == place for place, key in enumerate(keys))
    assert found.index_of(("chem", "no-such-card")) is None
    outside = next(m for m in library.search_cards("kind:cloze", now=NOW))
    assert found.index_of((outside.deck_id, outside.card_id)) is None
