"""The optional curation file beside an article: `<name>.meta.yaml`.

Everything specific to one article lives here, never in code: its title and
slug, glossary terms to leave out, and the columns of tables whose column
separators were lost in scraping.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from endoquiz.decks.deck_format import DECK_ID
from endoquiz.decks.yaml_tree import MapNode, Node, ScalarNode, SeqNode, YamlError, parse_yaml_file

__all__ = ["ArticleMetadata", "MetadataError", "TableHint", "load_metadata", "metadata_path"]

_KEYS = ("title", "slug", "author", "source_url", "skip_terms", "tables")
_TABLE_KEYS = ("caption", "columns", "row_names")


class MetadataError(Exception):
    """A metadata file is invalid; the message reads FILE:LINE:COL: error: ..."""


@dataclass(frozen=True, slots=True)
class TableHint:
    """The columns of a table whose separators were lost, found by its caption.

    Attributes:
        row_names: optional first-column values, for rows whose first cell
            cannot be told from the second by structure alone.
    """

    caption: str
    columns: tuple[str, ...]
    row_names: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class ArticleMetadata:
    """Curation of one article; every field is optional."""

    title: str | None = None
    slug: str | None = None
    author: str | None = None
    source_url: str | None = None
    skip_terms: frozenset[str] = field(default_factory=frozenset)
    tables: tuple[TableHint, ...] = ()


def metadata_path(article: Path) -> Path:
    """`resources/articles/x.txt` -> `resources/articles/x.meta.yaml`."""
    return article.with_name(article.stem + ".meta.yaml")


def load_metadata(article: Path) -> ArticleMetadata:
    """The metadata beside an article, or empty metadata when there is none.

    Raises:
        MetadataError: when the file exists but is not valid.
    """
    path = metadata_path(article)
    if not path.exists():
        return ArticleMetadata()
    try:
        root = parse_yaml_file(path)
    except YamlError as error:
        raise MetadataError(f"{path}:{error.line}:{error.column}: error: {error.message}") from None
    except OSError as error:
        raise MetadataError(f"{path}:1:1: error: cannot read: {error.strerror}") from None
    if root is None:
        return ArticleMetadata()
    reader = _Reader(path)
    mapping = reader.mapping(root, "the metadata file", _KEYS)
    slug = reader.text(mapping.get("slug"), "slug")
    if slug is not None and ("/" in slug or not DECK_ID.match(slug)):
        reader.fail(mapping.get("slug") or root, f"slug '{slug}' must be lowercase a-z, 0-9, '-'")
    tables = []
    tables_node = mapping.get("tables")
    for item in reader.sequence(tables_node, "tables"):
        table = reader.mapping(item, "a table hint", _TABLE_KEYS)
        caption = reader.text(table.get("caption"), "caption")
        columns = reader.texts(table.get("columns"), "columns")
        if caption is None or len(columns) < 2:
            reader.fail(item, "a table hint needs 'caption' and at least two 'columns'")
        tables.append(
            TableHint(caption or "", columns, reader.texts(table.get("row_names"), "row_names"))
        )
    return ArticleMetadata(
        title=reader.text(mapping.get("title"), "title"),
        slug=slug,
        author=reader.text(mapping.get("author"), "author"),
        source_url=reader.text(mapping.get("source_url"), "source_url"),
        skip_terms=frozenset(t.lower() for t in reader.texts(mapping.get("skip_terms"), "skip")),
        tables=tuple(tables),
    )


class _Reader:
    """Typed access to metadata nodes that fails with the node's position."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def fail(self, node: Node, message: str) -> None:
        raise MetadataError(f"{self.path}:{node.line}:{node.column}: error: {message}")

    def mapping(self, node: Node, what: str, keys: tuple[str, ...]) -> MapNode:
        if not isinstance(node, MapNode):
            self.fail(node, f"{what} must be a mapping")
        assert isinstance(node, MapNode)
        for key, _ in node.items:
            if key.text not in keys:
                self.fail(key, f"unknown key '{key.text}' in {what}; keys are {', '.join(keys)}")
        return node

    def sequence(self, node: Node | None, what: str) -> list[Node]:
        if node is None:
            return []
        if not isinstance(node, SeqNode):
            self.fail(node, f"'{what}' must be a list")
        assert isinstance(node, SeqNode)
        return node.items

    def text(self, node: Node | None, what: str) -> str | None:
        if node is None:
            return None
        if not isinstance(node, ScalarNode) or node.is_null or not node.text.strip():
            self.fail(node, f"'{what}' must be non-blank text")
        assert isinstance(node, ScalarNode)
        return node.text.strip()

    def texts(self, node: Node | None, what: str) -> tuple[str, ...]:
        return tuple(self.text(item, what) or "" for item in self.sequence(node, what))
