"""The deck tree from ids alone: order, titles, and counts added up within the limits."""

from __future__ import annotations

from endoquiz.decks.deck_tree import (
    counts_in_tree,
    parents_and_self,
    subtree,
    tree_nodes,
    tree_order,
    tree_titles,
)


def test_parents_come_before_children_and_ordered_siblings_first() -> None:
    orders = {
        "course/b": 1,
        "course/a": 2,
        "course/z": None,
        "course/c": None,
        "course": None,
        "alpha/x": None,
    }
    assert tree_order(orders) == [
        "alpha/x",  # "alpha", a prefix only, sorts by id
        "course",
        "course/b",  # order 1
        "course/a",  # order 2
        "course/c",  # no order: after those with one, by id
        "course/z",
    ]


def test_a_subtree_keeps_the_order_and_never_takes_a_namesake() -> None:
    ordered = ["bio", "bio/genes", "bio/genes/dna", "biology", "bio/cells"]
    assert subtree(ordered, "bio") == ["bio", "bio/genes", "bio/genes/dna", "bio/cells"]
    assert subtree(ordered, "bio/genes") == ["bio/genes", "bio/genes/dna"]
    assert subtree(ordered, "chem") == []


def test_nodes_are_the_decks_and_every_prefix() -> None:
    assert parents_and_self("a/b/c") == ["a", "a/b", "a/b/c"]
    assert tree_nodes(["a/b/c", "a/d", "e"]) == {"a", "a/b", "a/b/c", "a/d", "e"}


def test_a_parent_takes_the_title_its_children_share_and_children_drop_it() -> None:
    titles = tree_titles(
        {
            "ir/glossary": "Insulin Resistance: Glossary",
            "ir/academic": "Insulin Resistance: Academic",
            "misc/one": "One",
            "misc/two-parts": "Two: Parts",
        }
    )
    assert titles["ir"] == ("Insulin Resistance", "Insulin Resistance")
    assert titles["ir/glossary"] == ("Insulin Resistance: Glossary", "Glossary")
    # Children that do not share a prefix: the parent is named from its id.
    assert titles["misc"] == ("Misc", "Misc")
    assert titles["misc/two-parts"] == ("Two: Parts", "Two: Parts")


def test_parents_add_up_their_children_within_the_day_limits() -> None:
    counts = counts_in_tree(
        ["course/one", "course/two", "other"],
        waiting={"course/one": (12, 3, 150), "course/two": (15, 0, 100), "other": (4, 1, 0)},
        answered={"course/one": (3, 10)},
        new_per_day=20,
        reviews_per_day=200,
    )
    assert counts["course/one"] == (12, 3, 150)
    assert counts["course/two"] == (15, 0, 100)
    # 27 new wait, 3 were answered today: 17 more within the 20.
    # 250 reviews wait, 10 done: 190 more within the 200. Learning is never limited.
    assert counts["course"] == (17, 3, 190)
    assert counts["other"] == (4, 1, 0)


def test_a_limit_spent_shows_zero_never_less() -> None:
    counts = counts_in_tree(
        ["d"], waiting={"d": (5, 0, 5)}, answered={"d": (30, 300)}, new_per_day=20,
        reviews_per_day=200,
    )  # fmt: skip
    assert counts["d"] == (0, 0, 0)
