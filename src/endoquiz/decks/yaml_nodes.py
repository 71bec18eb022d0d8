"""Parsed YAML as nodes that keep their line and column; the error for unusable YAML."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

__all__ = ["MapNode", "Node", "ScalarNode", "SeqNode", "YamlError", "describe"]

_NULLS = frozenset({"", "~", "null", "Null", "NULL"})
# Bounded: int() refuses numbers of more than 4300 digits with a ValueError.
# YAML 1.2, which editors follow, has no '_' in numbers (YAML 1.1 had): an
# editor reads `1_000` as text, so endoquiz does not read it as a number.
_INT = re.compile(r"[-+]?(0|[1-9][0-9]{0,99})\Z")
_FLOAT = re.compile(r"[-+]?([0-9][0-9_]*)?\.[0-9_]*([eE][-+]?[0-9]+)?\Z")


class YamlError(Exception):
    """The file is not a usable YAML document; line and column are 1-based."""

    def __init__(self, line: int, column: int, message: str) -> None:
        super().__init__(message)
        self.line = line
        self.column = column
        self.message = message


@dataclass(slots=True, eq=False)
class ScalarNode:
    """A scalar with its source text; `plain` is False when it was quoted or a block."""

    text: str
    plain: bool
    line: int
    column: int
    size: int = 1
    # Characters of text in the node and below, what aliases repeat included.
    chars: int = 0

    @property
    def is_null(self) -> bool:
        return self.plain and self.text in _NULLS

    def as_int(self) -> int | None:
        """The scalar as an integer, if it is written as one and not quoted."""
        if self.plain and _INT.match(self.text):
            return int(self.text)
        return None

    def as_bool(self) -> bool | None:
        """The scalar as a YAML boolean, if it is written as one and not quoted."""
        if not self.plain:
            return None
        lowered = self.text.lower()
        if lowered in ("true", "yes", "on"):
            return True
        if lowered in ("false", "no", "off"):
            return False
        return None


@dataclass(slots=True, eq=False)
class SeqNode:
    """A sequence of nodes."""

    items: list[Node]
    line: int
    column: int
    size: int = 1
    chars: int = 0


@dataclass(slots=True, eq=False)
class MapNode:
    """A mapping with scalar keys, in file order; duplicate keys were refused."""

    items: list[tuple[ScalarNode, Node]]
    line: int
    column: int
    size: int = 1
    chars: int = 0
    _index: dict[str, tuple[ScalarNode, Node]] = field(default_factory=dict)

    def get(self, key: str) -> Node | None:
        pair = self._index.get(key)
        return pair[1] if pair else None

    def key_node(self, key: str) -> ScalarNode | None:
        pair = self._index.get(key)
        return pair[0] if pair else None

    def append(self, key: ScalarNode, value: Node) -> None:
        """Add a pair at the end; the builder has already refused a duplicate key."""
        pair = (key, value)
        self.items.append(pair)
        self._index[key.text] = pair


Node = ScalarNode | SeqNode | MapNode


def describe(node: Node) -> str:
    """A short phrase naming what a node is, for error messages."""
    if isinstance(node, MapNode):
        return "a mapping"
    if isinstance(node, SeqNode):
        return "a list"
    if node.is_null:
        return "nothing"
    if node.as_int() is not None or (node.plain and _FLOAT.match(node.text)):
        return "a number"
    return "text"
