"""Checks a deck's own fields (version, id, title, tags, source, order) and builds the Deck."""

from __future__ import annotations

from pathlib import Path

from endoquiz.decks.card_checks import CardChecks
from endoquiz.decks.check_report import CheckReport
from endoquiz.decks.deck_format import (
    DECK_ID,
    DECK_KEYS,
    DECK_SOURCE_KEYS,
    FORMAT_VERSION,
    MAX_ID_LENGTH,
    MAX_ORDER,
)
from endoquiz.decks.deck_model import Card, Deck, DeckSource
from endoquiz.decks.field_checks import FieldChecks
from endoquiz.decks.yaml_tree import MapNode, Node, ScalarNode, SeqNode, describe

__all__ = ["DeckChecks"]


class DeckChecks:
    """Checks one deck's node tree: its own fields here, its cards with `CardChecks`."""

    def __init__(self, path: Path, report: CheckReport) -> None:
        self.path = path
        self.report = report
        self.fields = FieldChecks(report)
        self.card_checks = CardChecks(path, report, self.fields)

    def check(self, node: Node, content_hash: str) -> Deck | None:
        """The deck, or None when its own fields have errors (its cards' errors are reported)."""
        root = self.fields.mapping(
            node,
            DECK_KEYS,
            "deck",
            "a deck must be a mapping with 'endoquiz', 'id', 'title' and 'cards'",
        )
        if root is None:
            return None
        version_ok = self._version(root)
        deck_id = self._deck_id(root)
        title = self.fields.text(root, "title", required=True)
        description = self.fields.text(root, "description")
        disclaimer = self.fields.text(root, "disclaimer")
        tags = self.fields.tags(root)
        source = self._deck_source(root.get("source"))
        order = self._order(root.get("order"))
        distractors = self.fields.distractors(root)
        cards_node = root.get("cards")
        cards: list[Card] = []
        if cards_node is None:
            self.fields.missing(root, "cards", "the deck has no 'cards' list")
        elif not isinstance(cards_node, SeqNode):
            self.report.error(
                cards_node, f"'cards' must be a list of cards, not {describe(cards_node)}"
            )
        elif not cards_node.items:
            self.report.error(cards_node, "'cards' is empty; a deck needs at least one card")
        else:
            cards = self.card_checks.cards(cards_node, deck_id or "", tags, distractors)
        if not version_ok or deck_id is None or title is None:
            return None
        return Deck(
            id=deck_id,
            title=title,
            path=self.path,
            content_hash=content_hash,
            cards=tuple(cards),
            description=description,
            tags=tags,
            source=source,
            disclaimer=disclaimer,
            order=order,
            renames=tuple(self.card_checks.renames),
            distractors=distractors,
        )

    def _order(self, node: Node | None) -> int | None:
        if node is None:
            return None
        order = node.as_int() if isinstance(node, ScalarNode) else None
        if order is None or not 0 <= order <= MAX_ORDER:
            found = f"'{node.text}'" if isinstance(node, ScalarNode) else describe(node)
            self.report.error(
                node,
                f"'order' must be a whole number from 0 to {MAX_ORDER}, not {found}"
                f"{_without_underscores(node)}",
            )
            return None
        return order

    def _version(self, root: MapNode) -> bool:
        node = root.get("endoquiz")
        if node is None:
            self.report.error(root, "missing 'endoquiz: 1', the deck format version")
            return False
        version = node.as_int() if isinstance(node, ScalarNode) else None
        if version is None:
            found = (
                f"'{node.text}'"
                if isinstance(node, ScalarNode) and not node.is_null
                else describe(node)
            )
            self.report.error(
                node,
                f"'endoquiz' must be the format version number 1, not {found}"
                f"{_without_underscores(node)}",
            )
            return False
        if version != FORMAT_VERSION:
            self.report.error(
                node,
                f"unsupported deck format version {version}; "
                f"this endoquiz reads version {FORMAT_VERSION}",
            )
            return False
        return True

    def _deck_id(self, root: MapNode) -> str | None:
        node = root.get("id")
        if node is None:
            self.report.error(root, "missing 'id', the deck's stable id (e.g. biology/cells)")
            return None
        deck_id = self.fields.exact_text(node, "id")
        if deck_id is None:
            return None
        if len(deck_id) > MAX_ID_LENGTH or not DECK_ID.match(deck_id):
            self.report.error(
                node,
                f"invalid deck id '{deck_id}': use lowercase letters, digits, '-', '_' or '.', "
                "with '/' between levels (e.g. insulin-resistance/glossary)",
            )
            return None
        return deck_id

    def _deck_source(self, node: Node | None) -> DeckSource | None:
        if node is None:
            return None
        if isinstance(node, ScalarNode):
            title = self.fields.scalar_text(node, "source")
            return DeckSource(title) if title else None
        source = self.fields.mapping(
            node, DECK_SOURCE_KEYS, "deck source", "'source' must be a title or a mapping"
        )
        if source is None:
            return None
        title = self.fields.text(source, "title", required=True)
        author, url, published = (
            self.fields.text(source, key) for key in ("author", "url", "published")
        )
        return DeckSource(title, author, url, published) if title else None


def _without_underscores(node: Node) -> str:
    """The hint for a number written with '_' (`1_000`), which YAML 1.1 reads
    as a number but YAML 1.2, and so an editor, reads as text; else nothing."""
    if isinstance(node, ScalarNode) and "_" in node.text:
        digits = ScalarNode(node.text.replace("_", ""), node.plain, node.line, node.column)
        if digits.as_int() is not None:
            return f"; write {digits.text}: YAML 1.2 has no '_' in numbers"
    return ""
