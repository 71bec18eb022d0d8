"""Deck files on disk: which files are decks, their stamps, resolving links, parsing, copying."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import TYPE_CHECKING

from endoquiz.decks.card_text import markdown_images
from endoquiz.decks.deck_model import Deck
from endoquiz.decks.diagnostics import DeckError, Diagnostic, Severity

if TYPE_CHECKING:
    from endoquiz.decks.deck_loader import DeckCheck, ParsedDeck

DECK_SUFFIXES = (".yaml", ".yml")


def check_deck(path: Path) -> DeckCheck:
    """Check a deck file (see `endoquiz.decks.deck_loader.check_deck`). Imported on
    first use: the YAML parser is not needed to start with unchanged decks."""
    from endoquiz.decks.deck_loader import check_deck as check

    return check(path)


def check_deck_keeping_parse(
    path: Path, earlier: ParsedDeck | None = None
) -> tuple[DeckCheck, ParsedDeck | None]:
    """`check_deck`, keeping the parse for a copy of the file (see
    `endoquiz.decks.deck_loader.check_deck_keeping_parse`); imported on first use."""
    from endoquiz.decks.deck_loader import check_deck_keeping_parse as check

    return check(path, earlier)


def resolved(path: Path) -> Path:
    """The absolute path of a deck file, its symlinks followed.

    Raises:
        DeckError: for a symlink loop (which `Path.resolve` raises as a
            RuntimeError, a traceback for the learner otherwise).
    """
    try:
        return path.resolve()
    except (RuntimeError, OSError) as error:
        reason = "a symlink loop" if isinstance(error, RuntimeError) else str(error)
        raise DeckError(
            [Diagnostic(path, 1, 1, Severity.ERROR, f"cannot follow this file's links: {reason}")]
        ) from None


def file_stamp(path: Path) -> tuple[int, int] | None:
    """(mtime in ns, size) of a file, None when it cannot be read."""
    try:
        stat = path.stat()
    except OSError:
        return None
    return (stat.st_mtime_ns, stat.st_size)


def copy_target(deck: Deck, source: Path, data_dir: Path) -> Path | None:
    """Where a copy of the deck file `source` goes in the data folder
    (`decks/<id>/<name>`); None when the file is in it already."""
    folder = data_dir.resolve() / "decks"
    if source.is_relative_to(folder):
        return None
    return folder / deck.id.replace("/", "-") / source.name


def shown_files(deck: Deck, folder: Path) -> list[Path]:
    """The files the deck's cards show (their `image:` and the images of
    their Markdown) that are inside `folder`, the deck file's: the only ones
    a card shows, and what travels with a copy or a shared deck. Relative to
    `folder`, sorted, each once; files missing or outside are left out."""
    found: set[Path] = set()
    for card in deck.cards:
        named = [card.image] if card.image is not None else []
        named += [folder / name for name in markdown_images(card) if ":" not in name]  # no URLs
        for image in named:
            image = image.resolve()
            if image.is_file() and image.is_relative_to(folder):
                found.add(image.relative_to(folder))
    return sorted(found)


def copy_deck(deck: Deck, source: Path, target: Path) -> bool:
    """Copy a deck file to `target`, with the images its cards show
    (`shown_files`); whether the file is new there (to remove if the
    install fails)."""
    existed = target.exists()
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy2(source, target)
    for relative in shown_files(deck, source.parent):
        (target.parent / relative).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(source.parent / relative, target.parent / relative)
    return not existed
