"""Each search of docs/search.md and the Anki search that finds the same cards.

`SEARCHES` maps every term of the table in docs/search.md (as the table
writes it) to the queries bench_anki.py runs on the cards of anki_cards.py;
tests/test_bench_anki.py fails when the table gains a term this does not map.
An Anki query of None says Anki has no equivalent; `note` says where the two
differ.
"""

from __future__ import annotations

from dataclasses import dataclass

from anki_cards import ANKI_NOTETYPES, KINDS


@dataclass(frozen=True, slots=True)
class SearchPair:
    """An endoquiz query and Anki's equivalent (None: there is none)."""

    endoquiz: str
    anki: str | None
    note: str = ""


def _same(query: str, note: str = "") -> SearchPair:
    return SearchPair(query, query, note)


SEARCHES: dict[str, tuple[SearchPair, ...]] = {
    "word": (_same("insulin", "Anki searches the note's fields, endoquiz the card's texts"),),
    '"two words"': (_same('"blood sugar"'),),
    "deck:ID": (SearchPair("deck:biology/part-2", "deck:biology::part-2"),),
    "tag:T": (_same("tag:hormones"), _same("tag:horm*")),
    "kind:K": tuple(SearchPair(f"kind:{kind}", f'"note:{ANKI_NOTETYPES[kind]}"') for kind in KINDS),
    "is:new": (_same("is:new"),),
    "is:learning": (SearchPair("is:learning", "is:learn"),),
    "is:review": (
        SearchPair("is:review", "is:review -is:learn", "Anki's is:review includes relearning"),
    ),
    "is:due": (
        _same(
            "is:due",
            "Anki's takes learning cards due in the next 20 minutes, endoquiz's "
            "those due before the study day ends",
        ),
    ),
    "is:suspended": (_same("is:suspended"),),
    "is:leech": (SearchPair("is:leech", "tag:leech", "Anki tags a leech's note"),),
    "prop:ivl>=10": (_same("prop:ivl>=10"),),
    "prop:due<=3": (
        _same(
            "prop:due<=3",
            "Anki counts whole study days and leaves suspended cards out, "
            "endoquiz counts days from now",
        ),
    ),
    "prop:lapses>3": (_same("prop:lapses>3"),),
    "prop:reps=1": (_same("prop:reps=1"),),
    "prop:r<0.8": (_same("prop:r<0.8", "FSRS on in Anki"),),
    "prop:s>30": (_same("prop:s>30"),),
    # Anki's difficulty runs from 0 to 1: (5 - 1) / 9, to a float's precision.
    "prop:d<5": (SearchPair("prop:d<5", "prop:d<0.4444444", "Anki's difficulty runs 0-1"),),
    "rated:N": tuple(
        _same(query, "Anki counts study days (today and the N-1 before), endoquiz N x 24 hours")
        for query in ("rated:7", "rated:30")
    ),
    "-term": (SearchPair("-kind:cloze", "-note:Cloze"), _same('-"blood sugar"')),
}

# The example at the top of docs/search.md, every kind of term at once.
COMBINED = SearchPair(
    'insulin "blood sugar" deck:biology tag:hormones -kind:cloze is:due prop:ivl>=10 rated:7',
    'insulin "blood sugar" deck:biology tag:hormones -note:Cloze is:due prop:ivl>=10 rated:7',
    "none on either side: a card answered in the last 7 days with an interval of "
    "10 days or more is not due yet",
)
# Every card: what the card browser opens on.
ALL_CARDS = SearchPair("", "deck:*")


def every_search() -> list[tuple[str, SearchPair]]:
    """(the term of docs/search.md, the pair) for every search to measure."""
    pairs = [(term, pair) for term, mapped in SEARCHES.items() for pair in mapped]
    return [("(all cards)", ALL_CARDS), *pairs, ("(the example)", COMBINED)]
