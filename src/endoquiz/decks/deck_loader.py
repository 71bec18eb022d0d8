"""Checks a YAML deck file against format v1 and turns it into a `Deck`.

Every problem becomes a `Diagnostic` pinned to the node that causes it; the
checker carries on after an error so that an educator sees all of them at once.
This module reads the files and holds the entry points; the format's rules are
in `deck_format`, the checks in `deck_checks` (the deck's own fields),
`card_checks` (its cards) and `field_checks` (values both share), and the
diagnostics they gather in `check_report`.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from contextlib import suppress
from dataclasses import dataclass, replace
from pathlib import Path

from endoquiz.common.gc_pause import collector_paused
from endoquiz.decks.check_report import (
    MAX_ERRORS,
    CheckReport,
    DeckCheck,
    ErrorLimitError,
)
from endoquiz.decks.deck_checks import DeckChecks
from endoquiz.decks.deck_format import FORMAT_VERSION, MAX_TEXT_CHARS
from endoquiz.decks.deck_model import Deck
from endoquiz.decks.diagnostics import DeckError, Diagnostic, Severity, printable
from endoquiz.decks.yaml_tree import (
    MapNode,
    Node,
    YamlError,
    parse_yaml_bytes,
    parse_yaml_file,
    read_text,
)

__all__ = [
    "FORMAT_VERSION",
    "MAX_ERRORS",
    "MAX_TEXT_CHARS",
    "DeckCheck",
    "ParsedDeck",
    "check_deck",
    "check_deck_keeping_parse",
    "check_decks",
    "id_location",
    "id_taken",
    "load_deck",
]


def id_taken(deck: Deck, other: Path) -> Diagnostic:
    """The error for `deck`, whose id another deck file (`other`) already
    has: at the `id:` value, naming both files. Installing it would silently
    take the other deck's place and deactivate its cards."""
    line, column = id_location(deck.path)
    return Diagnostic(
        deck.path,
        line,
        column,
        Severity.ERROR,
        f"deck id '{deck.id}' is already the id of {printable(str(other))}; "
        "each deck needs its own id: change one of them",
    )


def id_location(path: Path) -> tuple[int, int]:
    """(line, column) of the `id:` value of the deck file at `path`, where
    an error about the deck's id points; 1:1 when the file has none."""
    try:
        root = parse_yaml_file(path)
    except (YamlError, OSError):
        root = None
    if isinstance(root, MapNode) and (node := root.get("id")) is not None:
        return node.line, node.column
    return 1, 1


def check_decks(paths: Iterable[Path]) -> list[DeckCheck]:
    """Check several deck files, as `validate` does a folder: each as
    `check_deck`, and a valid deck whose id an earlier file already has is
    refused (`id_taken`), since installed together one would replace the
    other."""
    results = []
    first_with_id: dict[str, Path] = {}
    for path in paths:
        result = check_deck(path)
        deck = result.deck
        if deck is not None and deck.id in first_with_id:
            error = id_taken(deck, first_with_id[deck.id])
            result = DeckCheck(result.path, None, (*result.diagnostics, error))
        elif deck is not None:
            first_with_id[deck.id] = path
        results.append(result)
    return results


def load_deck(path: Path) -> Deck:
    """Load a deck file.

    Raises:
        DeckError: with every diagnostic, when the file has any error.
    """
    result = check_deck(path)
    if result.deck is None:
        raise DeckError(result.diagnostics)
    return result.deck


@dataclass(frozen=True, slots=True)
class ParsedDeck:
    """A deck file's bytes, their YAML tree and what checking them found,
    kept so that a copy of the file (an import's, in the data folder) is
    checked without parsing it again."""

    data: bytes
    root: Node | None
    check: DeckCheck


def check_deck(path: Path) -> DeckCheck:
    """Check a deck file; never raises for bad input."""
    return check_deck_keeping_parse(path)[0]


def check_deck_keeping_parse(
    path: Path, earlier: ParsedDeck | None = None
) -> tuple[DeckCheck, ParsedDeck | None]:
    """Check a deck file as `check_deck` does; also its bytes, tree and
    check, None when it could not be parsed. When the file holds the bytes
    `earlier` was parsed from (a copy of that file), they are not parsed
    again: the checks read no more than the tree and the path, and only
    `image:` fields depend on the folder, so a valid deck without them is
    `earlier`'s check under this path, and any other is checked again from
    the same tree."""
    with collector_paused():
        return _checked(Path(path), earlier)


def _checked(path: Path, earlier: ParsedDeck | None) -> tuple[DeckCheck, ParsedDeck | None]:
    report = CheckReport(path)
    try:
        data = read_text(path)
        if earlier is not None and earlier.data == data:
            moved = _moved(earlier.check, path)
            if moved is not None:
                return moved, ParsedDeck(data, earlier.root, moved)
            root = earlier.root
        else:
            root = parse_yaml_bytes(data)
    except YamlError as problem:
        report.error_at(problem.line, problem.column, problem.message)
        return report.result(None), None
    except IsADirectoryError:
        report.error_at(1, 1, "is a folder, not a deck file")
        return report.result(None), None
    except OSError as error:
        report.error_at(1, 1, f"cannot read the file: {error.strerror or error}")
        return report.result(None), None
    deck = None
    if root is None:
        report.error_at(1, 1, "the file is empty; a deck needs 'endoquiz', 'id', 'title', 'cards'")
    else:
        with suppress(ErrorLimitError):  # the report says the limit was met
            deck = DeckChecks(path, report).check(root, hashlib.sha256(data).hexdigest())
    result = report.result(deck)
    return result, ParsedDeck(data, root, result)


def _moved(check: DeckCheck, path: Path) -> DeckCheck | None:
    """`check`, of a valid deck, as checking a copy of its file at `path`
    finds it; None when that depends on the copy's folder (a card's image
    is looked for there)."""
    deck = check.deck
    if deck is None or any(card.image is not None for card in deck.cards):
        return None
    return DeckCheck(
        path,
        replace(deck, path=path),
        tuple(replace(diagnostic, path=path) for diagnostic in check.diagnostics),
    )
