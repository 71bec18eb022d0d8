"""The deck tree that ids like `course/part-one` make: order, titles, and counts added up.

Pure functions of ids, titles and numbers: no files, no database. A parent
is any prefix of ids before a `/`, whether or not it is a deck of its own.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence


def parents_and_self(deck_id: str) -> list[str]:
    """`a/b/c` gives `a`, `a/b`, `a/b/c`."""
    parts = deck_id.split("/")
    return ["/".join(parts[:depth]) for depth in range(1, len(parts) + 1)]


def tree_nodes(deck_ids: Iterable[str]) -> set[str]:
    """Every deck and every parent in the tree the ids make."""
    return {node for deck_id in deck_ids for node in parents_and_self(deck_id)}


def in_tree(deck_id: str, root: str) -> bool:
    """Whether `deck_id` is `root` or one of its descendants."""
    return deck_id == root or deck_id.startswith(root + "/")


def tree_order(orders: Mapping[str, int | None]) -> list[str]:
    """The deck ids (the keys, each with its `order` or None) in tree order:
    parents before children; siblings by their order, those with one first,
    then by id. A parent that is not a deck of its own sorts by id."""

    def key(deck_id: str) -> list[tuple[int, int, str]]:
        levels = []
        for node in parents_and_self(deck_id):
            order = orders.get(node)
            name = node.rsplit("/", 1)[-1]
            levels.append((0, order, name) if order is not None else (1, 0, name))
        return levels

    return sorted(orders, key=key)


def subtree(ordered_ids: Sequence[str], root: str) -> list[str]:
    """`root` and its descendants among `ordered_ids`, in that order."""
    return [deck_id for deck_id in ordered_ids if in_tree(deck_id, root)]


def tree_titles(titles: Mapping[str, str]) -> dict[str, tuple[str, str]]:
    """For every deck (its id to its title) and every parent in the tree:
    (full title, title as a child in the tree).

    A parent that is only a prefix of ids takes the title its children
    share before a colon ("Insulin Resistance and Hormonal Balance: Glossary"
    and "...: Academic" give "Insulin Resistance and Hormonal Balance"), or
    else its last id segment; a child whose title repeats its parent's
    shows only the rest ("Glossary").
    """
    full = dict(titles)
    for node in sorted(tree_nodes(titles), key=lambda n: -n.count("/")):
        if node in full:
            continue
        children = [title for i, title in full.items() if i.startswith(node + "/")]
        prefixes = {title.split(": ", 1)[0] for title in children if ": " in title}
        if len(prefixes) == 1 and all(": " in title for title in children):
            full[node] = prefixes.pop()
        else:
            full[node] = node.rsplit("/", 1)[-1].replace("-", " ").capitalize()
    result = {}
    for node, title in full.items():
        parent = node.rsplit("/", 1)[0] if "/" in node else None
        short = title
        if parent is not None and title.startswith(full[parent] + ": "):
            short = title[len(full[parent]) + 2 :]
        result[node] = (title, short)
    return result


def counts_in_tree(
    deck_ids: Iterable[str],
    waiting: Mapping[str, tuple[int, int, int]],
    answered: Mapping[str, tuple[int, int]],
    new_per_day: int,
    reviews_per_day: int,
) -> dict[str, tuple[int, int, int]]:
    """Today's (new, learning, review) counts of every deck and parent, a
    parent counting its children, within the daily limits of a study
    session opened there.

    Args:
        waiting: per deck, the (new, learning, review) cards a session would
            queue before the limits.
        answered: per deck, the (new, review) cards answered today, which
            the limits already spent.
    """
    ids = list(deck_ids)
    counts = {}
    for node in sorted(tree_nodes(ids)):
        members = [deck_id for deck_id in ids if in_tree(deck_id, node)]
        new, learning, review = (
            sum(waiting.get(m, (0, 0, 0))[k] for m in members) for k in range(3)
        )
        new_done, reviews_done = (
            sum(answered.get(m, (0, 0))[k] for m in members) for k in range(2)
        )
        counts[node] = (
            max(0, min(new, new_per_day - new_done)),
            learning,
            max(0, min(review, reviews_per_day - reviews_done)),
        )
    return counts
