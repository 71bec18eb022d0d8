"""The card search language: what each query finds, and clear errors for bad ones."""

from __future__ import annotations

import contextlib
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from endoquiz import LEECH_LAPSES, Library, Rating
from endoquiz.cli import main
from endoquiz.study.card_search import MAX_QUERY_CHARS, MAX_QUERY_TERMS, SORT_COLUMNS, SearchError
from tests.conftest import T0, WriteDeck

DECK = """
endoquiz: 1
id: bio
title: Biology
tags: [science]
cards:
  - {id: insulin, front: Which hormone lowers blood sugar?, back: Insulin, tags: [hormones]}
  - {id: glucagon, front: Which hormone raises blood sugar?, back: Glucagon, tags: [hormones]}
  - {id: cafe, front: "Café au lait spots are a sign of what?", back: Neurofibromatosis}
  - id: glut4
    kind: cloze
    text: Signalling moves {{c1::GLUT4}} to the membrane.
    tags: [transport]
  - id: organ
    kind: choice
    question: Which organ makes insulin?
    choices: [Pancreas, Liver]
    answer: Pancreas
"""
CELLS = """
endoquiz: 1
id: bio/cells
title: Cells
cards:
  - {id: mito, front: Powerhouse of the cell?, back: Mitochondrion, tags: [hormones-adjacent]}
"""


@pytest.fixture
def studied(library: Library, write_deck: WriteDeck) -> Library:
    library.add_deck(write_deck(DECK, "bio.yaml"))
    library.add_deck(write_deck(CELLS, "cells.yaml"))
    session = library.review("bio", now=T0)
    # insulin: Easy (review); glucagon: Again (learning)
    session.answer(library.deck("bio").cards[0], Rating.EASY, T0)
    session.answer(library.deck("bio").cards[1], Rating.AGAIN, T0)
    return library


def ids(library: Library, query: str) -> list[str]:
    return sorted(m.card_id for m in library.search_cards(query, now=T0 + timedelta(hours=1)))


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("", ["cafe", "glucagon", "glut4:c1", "insulin", "mito", "organ"]),
        ("blood sugar", ["glucagon", "insulin"]),
        ('"lowers blood"', ["insulin"]),
        ("CAFE", ["cafe"]),  # accents and case ignored, both ways
        ("café", ["cafe"]),
        ("pancreas", ["organ"]),  # choices are searched
        ("glut4", ["glut4:c1"]),
        ("deck:bio/cells", ["mito"]),
        ("deck:bio -deck:bio/cells", ["cafe", "glucagon", "glut4:c1", "insulin", "organ"]),
        ("tag:hormones", ["glucagon", "insulin"]),  # whole tags only
        ("tag:hormones*", ["glucagon", "insulin", "mito"]),
        ("tag:science", ["cafe", "glucagon", "glut4:c1", "insulin", "organ"]),  # deck tags
        ("kind:cloze", ["glut4:c1"]),
        ("-kind:basic deck:bio", ["glut4:c1", "organ"]),
        ("is:new deck:bio", ["cafe", "glut4:c1", "mito", "organ"]),  # with its child
        ("is:learning", ["glucagon"]),
        ("is:review", ["insulin"]),
        ("is:due", ["glucagon"]),  # learning, due in a minute; insulin is due in days
        ("is:suspended", []),
        ("is:leech", []),
        ("prop:ivl>=1", ["insulin"]),
        ("prop:lapses>0", []),
        ("prop:reps=1", ["glucagon", "insulin"]),
        ("prop:r<0.99", ["glucagon"]),  # an hour after Again, recall is about 0.97
        ("prop:r>0.9", ["glucagon", "insulin"]),
        ("rated:1", ["glucagon", "insulin"]),
        ("tag:hormones rated:1 lowers", ["insulin"]),  # content scanned first
        ("kind:basic -rated:1", ["cafe", "mito"]),
        ("hormone -raises", ["insulin"]),
    ],
)
def test_queries_find_the_right_cards(studied: Library, query: str, expected: list[str]) -> None:
    assert ids(studied, query) == expected


def test_match_shows_what_a_browser_needs(studied: Library) -> None:
    (match,) = studied.search_cards("is:review", now=T0 + timedelta(hours=1))
    assert (match.deck_id, match.card_id, match.kind) == ("bio", "insulin", "basic")
    assert match.front == "Which hormone lowers blood sugar?"
    assert match.due is not None and match.interval_days is not None and match.interval_days >= 1
    assert match.retrievability is not None and 0.99 < match.retrievability <= 1
    assert match.tags == ("hormones", "science")


def test_a_match_says_whether_its_card_is_a_leech(studied: Library) -> None:
    session = studied.review("bio", now=T0)
    insulin = studied.deck("bio").cards[0]  # in review
    for _lapse in range(LEECH_LAPSES):
        for rating in (Rating.AGAIN, Rating.EASY):  # forgotten, then back to review
            due = studied.card_state("bio", "insulin").due
            assert due is not None
            session.answer(insulin, rating, due)
    leeches = [match.card_id for match in studied.search_cards("") if match.is_leech]
    assert leeches == ["insulin"]
    assert [match.card_id for match in studied.search_cards("is:leech")] == leeches


def test_cards_read_together_are_those_read_one_by_one(
    library: Library, write_deck: WriteDeck
) -> None:
    # More cards than one statement reads, sorted so that keys and storage
    # order differ: every card comes back in the result's order, flag and all.
    cards = "\n".join(f"  - {{id: c{n}, front: q{n:04}, back: a}}" for n in range(1200))
    library.add_deck(write_deck(f"endoquiz: 1\nid: many\ntitle: Many\ncards:\n{cards}\n"))
    library.set_flag([("many", "c7")], 2)
    result = library.search_cards("", order="front", descending=True)
    together = list(result)
    assert [m.card_id for m in together] == [f"c{n}" for n in reversed(range(1200))]
    assert together == [result[n] for n in range(len(result))]
    assert result[700:705] == together[700:705]
    assert {m.card_id: m.flag for m in together if m.flag} == {"c7": 2}


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("kind:essay", "unknown kind 'essay'; kinds are basic"),
        ("is:done", "unknown state 'is:done'; use is:new"),
        ("prop:ivl>", "cannot read 'prop:ivl>'"),
        ("prop:color=3", "cannot read 'prop:color=3'"),
        ("rated:soon", "'rated:' takes a number of days"),
        ("rated:0", "'rated:' takes a number of days"),
        ("colour:red", "unknown search field 'colour:'"),
        ("deck:", "'deck:' needs a value, e.g. deck:biology"),
        # Each of these was an OverflowError, a ValueError or an sqlite3
        # OperationalError: a traceback in the card browser.
        ("rated:" + "9" * 30, "'rated:' takes a number of days, e.g. rated:7, not '999"),
        ("rated:\u00b2", "'rated:' takes a number of days, e.g. rated:7, not '\u00b2'"),
        ("x" * 60_000, "the search is 60,000 characters long; write at most 1,000"),
        ("tag:" + "x" * 60_000, "the search is 60,004 characters long; write at most 1,000"),
        ("a " * 101, "the search has more than 100 terms; use fewer"),
        ("-is:due " * 101, "the search has more than 100 terms; use fewer"),
    ],
)
def test_bad_queries_say_what_to_write(studied: Library, query: str, message: str) -> None:
    with pytest.raises(SearchError, match="^" + message.replace("(", "\\(").replace("?", "\\?")):
        studied.search_cards(query)


@pytest.mark.parametrize(
    ("term", "times"),
    [
        ("hormone", MAX_QUERY_TERMS),
        ("-is:due", MAX_QUERY_TERMS),
        ("-rated:9", MAX_QUERY_TERMS),
        ('-"a b" -tag:h* -deck:b -prop:r<1', MAX_QUERY_TERMS // 4),
        # Folding accents lengthens text: U+FDFA becomes 18 letters, the most
        # of any character, and SQLite refuses LIKE patterns over 50,000 bytes.
        ("\ufdfa" * MAX_QUERY_CHARS, 1),
        ("tag:" + "\ufdfa" * (MAX_QUERY_CHARS - 4), 1),
    ],
    ids=["words", "states", "rated", "mixed", "folded-word", "folded-tag"],
)
def test_queries_at_the_limits_find_what_one_term_finds(
    studied: Library, term: str, times: int
) -> None:
    query = " ".join([term] * times)
    assert len(query) <= MAX_QUERY_CHARS
    assert studied.search_cards(query).keys() == studied.search_cards(term).keys()


def test_kind_and_tags_follow_a_card_the_deck_file_changed(
    library: Library, write_deck: WriteDeck
) -> None:
    """The card table's copy of a card's kind and tags (what `kind:` and
    `tag:` read) is written again when its deck file is read again."""
    path = write_deck(DECK, "bio.yaml")
    library.add_deck(path)
    assert ids(library, "kind:typed") == ids(library, "tag:skin") == []
    typed = DECK.replace(
        "{id: cafe, front:",
        "{id: cafe, kind: typed, answer: Neurofibromatosis, tags: [skin], front:",
    ).replace("back: Neurofibromatosis}", "}")
    write_deck(typed, "bio.yaml")
    library.add_deck(path)
    assert ids(library, "kind:typed") == ids(library, "tag:skin tag:science") == ["cafe"]
    assert "cafe" not in ids(library, "kind:basic")
    assert ids(library, "-kind:basic -kind:cloze -kind:choice") == ["cafe"]
    assert "cafe" not in ids(library, "-tag:skin")


def test_like_wildcards_are_literal(studied: Library) -> None:
    assert ids(studied, "%") == [] and ids(studied, "_") == []


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    st.text(alphabet=st.sampled_from(list("ab:-\" %_*<>=!1.9deckagisprtuvnwlqz\\'")), max_size=40)
)
def test_any_text_gives_results_or_a_search_error(studied: Library, query: str) -> None:
    with contextlib.suppress(SearchError):
        studied.search_cards(query)


# Terms that mostly parse, so that a query reaches SQLite, with the values
# that broke it: numbers of many digits, digits int() refuses, long words.
_NUMBERS = st.one_of(
    st.integers(0, 10**6).map(str),
    st.integers(-(10**30), 10**30).map(str),
    st.sampled_from(["²", "٣", "1.5", "9" * 25, str(2**63), "0" * 500 + "7"]),
)
_TERMS = st.builds(
    lambda negate, term: "-" * negate + term,
    st.booleans(),
    st.one_of(
        st.text(max_size=60).filter(lambda t: ":" not in t),
        st.builds(lambda t: f'"{t}"', st.text(max_size=60).filter(lambda t: '"' not in t)),
        st.builds("{}{}".format, st.sampled_from(["deck:", "tag:"]), st.text(max_size=60)),
        st.sampled_from(["kind:cloze", "kind:essay", "is:due", "is:leech", "is:done"]),
        st.builds(
            "prop:{}{}{}".format,
            st.sampled_from(["ivl", "due", "lapses", "reps", "r", "s", "d", "x"]),
            st.sampled_from(["<", "<=", ">", ">=", "=", "!="]),
            _NUMBERS,
        ),
        st.builds("rated:{}".format, _NUMBERS),
    ),
)


@settings(
    max_examples=150,
    # Each query is bounded in size: a slow one is a fault, not bad luck.
    deadline=timedelta(seconds=2),
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    st.one_of(
        st.lists(_TERMS, max_size=MAX_QUERY_TERMS + 20).map(" ".join),
        st.text(max_size=MAX_QUERY_CHARS + 50),
        st.text(min_size=1, max_size=3).map(lambda piece: piece * 400),
        # Long words, some of characters that folding lengthens many times.
        st.builds(
            lambda prefix, piece, times: prefix + piece * times,
            st.sampled_from(["", "tag:", "deck:", '"']),
            st.sampled_from(["x", "%", "\ufdfa", "\u3300"]),
            st.integers(1, 60_000),
        ),
    )
)
def test_any_query_gives_results_or_a_search_error(studied: Library, query: str) -> None:
    # Any Unicode, long runs, many terms: a readable message or results.
    try:
        studied.search_cards(query, order="retrievability")
    except SearchError as error:
        assert 0 < len(str(error)) <= MAX_QUERY_CHARS + 100


def test_cli_lists_matches_and_refuses_bad_queries(
    studied: Library, data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    studied.close()
    assert main(["--data-dir", str(data_dir), "cards", "tag:hormones"]) == 0
    out, err = capsys.readouterr()
    assert [line.split("\t")[1] for line in out.splitlines()] == ["insulin", "glucagon"]
    assert "2 card(s)" in err
    assert main(["--data-dir", str(data_dir), "cards", "kind:essay"]) == 2
    assert "unknown kind 'essay'" in capsys.readouterr().err


def test_cards_stored_before_search_fields_are_searchable(
    tmp_path: Path, write_deck: WriteDeck
) -> None:
    """Migrating to schema 5 fills the search fields from content already stored."""
    import sqlite3

    from endoquiz.store.schema import MIGRATIONS

    installed = tmp_path / "installed"
    with Library.open(installed) as library:
        library.add_deck(write_deck(DECK, "bio.yaml"))
    # A schema-4 database holding what the installed one holds.
    data = tmp_path / "data"
    data.mkdir()
    db = sqlite3.connect(data / "progress.sqlite3")
    for migrate in MIGRATIONS[:4]:
        migrate(db)
    db.execute("PRAGMA user_version = 4")
    db.execute("ATTACH ? AS installed", (str(installed / "progress.sqlite3"),))
    for table in ("deck", "card", "card_content"):
        columns = ", ".join(row[1] for row in db.execute(f"PRAGMA main.table_info({table})"))
        db.execute(f"INSERT INTO {table} ({columns}) SELECT {columns} FROM installed.{table}")
    db.commit()
    db.execute("DETACH installed")
    db.close()
    with Library.open(data) as library:
        assert ids(library, "café kind:basic") == ["cafe"]
        assert ordered(library, order="front")[:2] == ["cafe", "glut4:c1"]


def test_answers_logged_before_schema_14_are_found_by_rated(
    studied: Library, tmp_path: Path
) -> None:
    """Migrating to schema 14 gives every answer already logged its card's
    integer id, which `rated:` searches by."""
    import sqlite3

    studied.close()
    db = sqlite3.connect(tmp_path / "data" / "progress.sqlite3")
    db.execute("UPDATE review_log SET card_ref = NULL")
    db.execute("PRAGMA user_version = 13")
    db.commit()
    db.close()
    with Library.open(tmp_path / "data") as library:
        assert ids(library, "rated:1") == ["glucagon", "insulin"]
        assert ids(library, "-rated:1 deck:bio -deck:bio/cells") == ["cafe", "glut4:c1", "organ"]


@pytest.mark.parametrize("deck_first", [True, False], ids=["deck-first", "progress-first"])
def test_imported_answers_are_found_by_rated(
    studied: Library, tmp_path: Path, write_deck: WriteDeck, deck_first: bool
) -> None:
    """Answers merged from a progress file are found by `rated:`, whether
    their deck was installed before the import or after it."""
    progress = tmp_path / "progress.json.gz"
    studied.export_progress(progress, now=T0 + timedelta(minutes=5))
    with Library.open(tmp_path / "other") as other:
        if deck_first:
            other.add_deck(write_deck(DECK, "bio.yaml"))
        other.import_progress(progress, now=T0 + timedelta(minutes=10))
        if not deck_first:
            other.add_deck(write_deck(DECK, "bio.yaml"))
        assert ids(other, "rated:1") == ["glucagon", "insulin"]


def test_a_word_search_finds_a_cards_edited_text_and_not_its_old_one(
    studied: Library, write_deck: WriteDeck
) -> None:
    """The searched text is kept by the card's integer id (schema 13): an
    edit of the deck, which moves cards too, rewrites each card's text."""
    added = "  - {id: added, front: Which gland holds the islets?, back: Pancreas}\n"
    edited = DECK.replace("Café au lait spots", "Ash-leaf macules").replace(
        "  - {id: insulin", added + "  - {id: insulin"
    )
    studied.add_deck(write_deck(edited, "bio.yaml"))
    assert ids(studied, "macules") == ["cafe"]
    assert ids(studied, "café") == []
    assert ids(studied, "-macules deck:bio -deck:bio/cells") == [
        "added", "glucagon", "glut4:c1", "insulin", "organ"
    ]  # fmt: skip
    assert ordered(studied, "pancreas", order="due") == ["added", "organ"]


def ordered(library: Library, query: str = "", **order: Any) -> list[str]:
    """Card ids in the order a search gives them."""
    found = library.search_cards(query, now=T0 + timedelta(hours=1), **order)
    keys = found.keys()  # without reading the cards
    return [card_id for _deck_id, card_id in keys]


def test_default_order_is_deck_order(studied: Library) -> None:
    in_deck_order = ["insulin", "glucagon", "cafe", "glut4:c1", "organ", "mito"]
    assert ordered(studied) == in_deck_order
    assert ordered(studied, order="deck") == in_deck_order
    assert ordered(studied, order="deck", descending=True) == in_deck_order[::-1]


def test_sort_by_due_puts_new_cards_last_either_way(studied: Library) -> None:
    # glucagon (Again) is due in minutes, insulin (Easy) in days; new cards
    # have no due date and stay last, in deck order.
    new = ["cafe", "glut4:c1", "organ", "mito"]
    assert ordered(studied, order="due") == ["glucagon", "insulin", *new]
    assert ordered(studied, order="due", descending=True) == ["insulin", "glucagon", *new]
    assert ordered(studied, order="interval", descending=True) == ["insulin", "glucagon", *new]
    assert ordered(studied, order="retrievability") == ["glucagon", "insulin", *new]


def test_sort_by_due_keeps_a_studied_card_without_due_date_last(
    studied: Library, tmp_path: Path
) -> None:
    """A studied card without a due date (only a damaged file holds one) is
    sorted by due after the new cards, with or without a text searched: a
    sort read in parts (by due, then new cards) does not lose it."""
    import sqlite3

    studied.close()
    db = sqlite3.connect(tmp_path / "data" / "progress.sqlite3")
    db.execute("UPDATE card SET due = NULL WHERE card_id = 'insulin'")
    db.commit()
    db.close()
    new = ["cafe", "glut4:c1", "organ", "mito"]
    with Library.open(tmp_path / "data") as library:
        for descending in (False, True):
            assert ordered(library, order="due", descending=descending) == [
                "glucagon",
                *new,
                "insulin",
            ]
            assert ordered(library, "which", order="due", descending=descending) == [
                "glucagon",
                "organ",
                "insulin",
            ]


def test_sort_by_front_ignores_case_and_accents(studied: Library) -> None:
    by_front = ["cafe", "mito", "glut4:c1", "insulin", "glucagon", "organ"]
    assert ordered(studied, order="front") == by_front
    assert ordered(studied, order="front", descending=True) == by_front[::-1]


def test_sort_applies_to_the_matches_only(studied: Library) -> None:
    assert ordered(studied, "hormone", order="front", descending=True) == ["glucagon", "insulin"]
    assert ordered(studied, "is:new", order="kind") == ["cafe", "mito", "organ", "glut4:c1"]


def test_sort_by_lapses_and_reps(studied: Library) -> None:
    session = studied.review("bio", now=T0 + timedelta(days=30))
    session.answer(studied.deck("bio").cards[0], Rating.AGAIN, T0 + timedelta(days=30))
    later = T0 + timedelta(days=31)
    found = studied.search_cards("", now=later, order="lapses", descending=True)
    assert [m.card_id for m in found][:1] == ["insulin"]
    assert [m.lapses for m in found] == sorted((m.lapses for m in found), reverse=True)
    reps = [m.reps for m in studied.search_cards("", now=later, order="reps")]
    assert reps == sorted(reps)


@pytest.mark.parametrize("column", SORT_COLUMNS)
@pytest.mark.parametrize("descending", [False, True])
def test_every_sort_column_sorts_the_same_cards(
    studied: Library, column: str, descending: bool
) -> None:
    found = studied.search_cards("", now=T0, order=column, descending=descending)
    assert sorted(found.keys()) == sorted(studied.search_cards("", now=T0).keys())
    field = {"interval": "interval_days"}.get(column, column)
    if field in ("due", "interval_days", "stability", "difficulty", "retrievability", "lapses"):
        values = [getattr(match, field) for match in found]
        known = [value for value in values if value is not None]
        assert values == known + [None] * (len(values) - len(known)), "empty values last"
        assert known == sorted(known, reverse=descending)


def test_sort_by_recall_follows_each_cards_recall(library: Library, write_deck: WriteDeck) -> None:
    cards = "\n".join(f"  - {{id: c{n}, front: q{n}, back: a}}" for n in range(8))
    library.add_deck(write_deck(f"endoquiz: 1\nid: r\ntitle: R\ncards:\n{cards}\n"))
    deck = library.deck("r").cards
    ratings = [Rating.AGAIN, Rating.HARD, Rating.GOOD, Rating.EASY]
    for n, card in enumerate(deck[:6]):
        moment = T0 + timedelta(days=n, hours=n)
        library.review("r", now=moment).answer(card, ratings[n % 4], moment)
    later = T0 + timedelta(days=12)
    for descending in (False, True):
        found = list(
            library.search_cards("", now=later, order="retrievability", descending=descending)
        )
        recall = [m.retrievability for m in found]
        assert recall[6:] == [None, None]  # the new cards, last either way
        known = [r for r in recall[:6] if r is not None]
        assert len(known) == 6 and len(set(known)) == 6
        assert known == sorted(known, reverse=descending)


def test_unknown_sort_column_says_which_exist(studied: Library) -> None:
    with pytest.raises(SearchError, match="cannot sort by 'colour'; sort by deck, card, front"):
        studied.search_cards("", order="colour")


def test_cli_escapes_direction_marks_in_card_text(
    library: Library, write_deck: WriteDeck, capsys: pytest.CaptureFixture[str]
) -> None:
    deck = 'endoquiz: 1\nid: rtl\ntitle: R\ncards:\n  - {id: a, front: "abc\u202edef", back: b}\n'
    library.add_deck(write_deck(deck))
    assert main(["--data-dir", str(library.data_dir), "cards", "deck:rtl"]) == 0
    line = capsys.readouterr().out.strip()
    assert line.endswith("abc\\u202edef") and "\u202e" not in line


def test_an_answer_written_without_its_card_id_is_found_by_rated(studied: Library) -> None:
    """An answer another writer adds to the log without `card_ref` gets it
    from the database itself (schema 14's trigger)."""
    import sqlite3

    db = sqlite3.connect(studied.db_path)
    db.execute(
        "INSERT INTO review_log (deck_id, card_id, rating, reviewed_at, duration_ms, mode, "
        "state_before, state_after, due_after) SELECT 'bio', 'cafe', 3, reviewed_at, 1000, "
        "mode, 0, 2, due_after FROM review_log LIMIT 1"
    )
    db.commit()
    db.close()
    assert ids(studied, "rated:1") == ["cafe", "glucagon", "insulin"]
