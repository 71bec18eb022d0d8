"""Reads a YAML file into a tree of nodes that remember their line and column.

The tree is built from libyaml's event stream rather than with `yaml.load`:
building it ourselves lets us refuse duplicate keys (PyYAML keeps the last one
silently), bound nesting depth (the C composer recurses and can crash the
process on deeply nested input), bound alias expansion ("billion laughs"), and
keep each scalar's source text, so `back: yes` stays the text "yes" instead of
the boolean True. It is also several times faster than `yaml.load`, because no
Python resolver runs on every scalar.
"""

from __future__ import annotations

import errno
import os
import re
import stat
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

# The C parser is much faster; the pure-Python one is a fallback for platforms
# whose PyYAML wheel lacks libyaml.
_Loader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

__all__ = [
    "MAX_DEPTH",
    "MAX_FILE_BYTES",
    "MAX_NODES",
    "MapNode",
    "Node",
    "ScalarNode",
    "SeqNode",
    "YamlError",
    "parse_yaml_file",
]

MAX_FILE_BYTES = 50 * 1024 * 1024
MAX_DEPTH = 64
# Each node costs about 120 bytes of memory: a 50 MB file of `- 1` lines
# would build 12 million of them (over a gigabyte). A deck of 10,000 cards
# has about 100,000; this leaves room for ten times that.
MAX_NODES = 1_000_000
# Aliases may repeat a node, but the expanded document may not be much larger
# than the file itself: a legitimate deck barely uses aliases.
_ALIAS_ALLOWANCE = 100_000
_ALIAS_CHARS_ALLOWANCE = 1_000_000

_DEPTH_MESSAGE = f"nesting deeper than {MAX_DEPTH} levels is not allowed"
# What libyaml 0.2.6 and later say when their own nesting limit is reached.
_LIBYAML_DEPTH_PROBLEM = "exceeded maximum nesting depth"

_NULLS = frozenset({"", "~", "null", "Null", "NULL"})
# Bounded: int() refuses numbers of more than 4300 digits with a ValueError.
_INT = re.compile(r"[-+]?(0|[1-9][0-9_]{0,99})\Z")
_FLOAT = re.compile(r"[-+]?([0-9][0-9_]*)?\.[0-9_]*([eE][-+]?[0-9]+)?\Z")
_STANDARD_TAG_PREFIX = "tag:yaml.org,2002:"
# `!!name` expands to the standard prefix for any name, PyYAML's own
# `!!python/object:...` included: only YAML's core types are accepted.
_STANDARD_TAGS = frozenset({"str", "int", "float", "bool", "null", "seq", "map"})


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
            return int(self.text.replace("_", ""))
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


def read_text(path: Path) -> bytes:
    """Read a file's bytes, refusing what cannot be a deck before parsing it.

    Raises:
        YamlError: for files too large, empty, binary or not UTF-8, and for
            what is not a regular file (a named pipe, a device).
        OSError: when the file cannot be read at all.
    """
    # Opened without blocking and checked before reading: a named pipe or a
    # device called `*.yaml` would otherwise block the reader (a frozen
    # window) or never end.
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    with os.fdopen(fd, "rb") as stream:
        info = os.fstat(stream.fileno())
        if stat.S_ISDIR(info.st_mode):
            raise IsADirectoryError(errno.EISDIR, "is a folder", str(path))
        if not stat.S_ISREG(info.st_mode):
            raise YamlError(1, 1, "not a regular file (a named pipe or a device); decks are files")
        # Refused by its size before a byte is read; the read is bounded
        # too, for a file that grows meanwhile.
        data = b"" if info.st_size > MAX_FILE_BYTES else stream.read(MAX_FILE_BYTES + 1)
    if info.st_size > MAX_FILE_BYTES or len(data) > MAX_FILE_BYTES:
        raise YamlError(
            1, 1, f"file is larger than {MAX_FILE_BYTES // (1024 * 1024)} MB; decks are limited"
        )
    if b"\x00" in data:
        line, column = _position_of(data, data.index(b"\x00"))
        raise YamlError(line, column, "binary file (it contains NUL bytes), not a YAML deck")
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as error:
        line, column = _position_of(data, error.start)
        raise YamlError(
            line,
            column,
            f"file is not UTF-8 (byte 0x{data[error.start]:02x} cannot be decoded); "
            "save it as UTF-8",
        ) from None
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    return data


def _position_of(data: bytes, offset: int) -> tuple[int, int]:
    """1-based line and column (in characters) of a byte offset."""
    line_start = data.rfind(b"\n", 0, offset) + 1
    line = data.count(b"\n", 0, offset) + 1
    column = len(data[line_start:offset].decode("utf-8", errors="replace")) + 1
    return line, column


def parse_yaml_file(path: Path) -> Node | None:
    """Parse a file into a node tree; None when the file holds no document.

    Raises:
        YamlError: for any syntax error or refused input, with its position.
        OSError: when the file cannot be read.
    """
    data = read_text(path)
    return parse_yaml_bytes(data)


def parse_yaml_bytes(data: bytes) -> Node | None:
    """Parse UTF-8 YAML into a node tree; see `parse_yaml_file`."""
    try:
        return _build(data)
    except yaml.MarkedYAMLError as error:
        if _LIBYAML_DEPTH_PROBLEM in (error.problem or ""):
            raise _too_deep(data, error.problem_mark) from None
        mark = error.problem_mark or error.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        raise YamlError(line, column, _syntax_message(error, data, mark)) from None
    except yaml.reader.ReaderError as error:
        line, column = _position_of(data, min(error.position, len(data)))
        raise YamlError(line, column, f"invalid character: {error.reason}") from None
    except yaml.YAMLError as error:  # pragma: no cover - libyaml reports all others with marks
        raise YamlError(1, 1, f"invalid YAML: {error}") from None


def _too_deep(data: bytes, mark: Any) -> YamlError:
    """Our depth error for a document that libyaml found too deep for itself.

    libyaml 0.2.6 and later refuse nesting beyond their own limit (1000) in the
    scanner, which reads up to a line ahead of the events we check: for
    `[[[[...` it fails at level 1001 before we see level 65. Everything before
    its mark nests less than its limit, so building that prefix meets our
    check at the first level too deep (or an earlier problem of ours), as it
    does with an older libyaml. The mark is at the start of a token, so the
    cut shortens no text.
    """
    line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    text = data.decode("utf-8", errors="replace")
    line_start = 0
    for _ in range(line - 1):
        line_start = text.find("\n", line_start) + 1
    prefix = text[: line_start + column - 1].encode("utf-8")
    try:
        _build(prefix)
    except YamlError as error:
        return error
    except yaml.YAMLError:
        pass  # the end of the cut, inside an open collection: libyaml's mark stands
    return YamlError(line, column, _DEPTH_MESSAGE)


def _syntax_message(error: yaml.MarkedYAMLError, data: bytes, mark: Any) -> str:
    problem = error.problem or "invalid YAML"
    message = f"invalid YAML: {problem}"
    if error.context:
        start = error.context_mark
        if start is not None and mark is not None and start.line != mark.line:
            where = f" that starts at line {start.line + 1}, column {start.column + 1}"
        else:
            where = ""
        message += f" ({error.context}{where})"
    if mark is not None:
        lines = data.split(b"\n")
        if mark.line < len(lines):
            text = lines[mark.line].decode("utf-8", errors="replace")
            if "\t" in text[: mark.column + 1]:
                message += "; YAML does not allow tabs for indentation, use spaces"
    return message


class _Frame:
    """A collection being built: its node, anchor and (for mappings) a pending key."""

    __slots__ = ("anchor", "key", "node")

    def __init__(self, node: SeqNode | MapNode, anchor: str | None) -> None:
        self.node = node
        self.anchor = anchor
        self.key: ScalarNode | None = None


def _build(data: bytes) -> Node | None:
    alias_budget = len(data) + _ALIAS_ALLOWANCE
    # What aliases may add to the text: a deck of the file's size, and a
    # million characters more.
    chars_budget = len(data) + _ALIAS_CHARS_ALLOWANCE
    expanded_chars = 0
    anchors: dict[str, Node] = {}
    stack: list[_Frame] = []
    root: Node | None = None
    documents = 0
    expanded = 0

    def attach(node: Node, line: int, column: int) -> None:
        nonlocal root
        if not stack:
            root = node
            return
        frame = stack[-1]
        parent = frame.node
        parent.size += node.size
        parent.chars += node.chars
        if isinstance(parent, SeqNode):
            parent.items.append(node)
        elif frame.key is None:
            if not isinstance(node, ScalarNode):
                raise YamlError(
                    line,
                    column,
                    "mapping keys must be plain text (a value starting with '{' or '[', "
                    "such as a cloze '{{c1::...}}', must be put in quotes)",
                )
            previous = parent._index.get(node.text)
            if previous is not None:
                first = previous[0]
                raise YamlError(
                    line,
                    column,
                    f"duplicate key '{node.text}' (first given at line {first.line}, "
                    f"column {first.column}); only one is allowed",
                )
            frame.key = node
        else:
            pair = (frame.key, node)
            parent.items.append(pair)
            parent._index[frame.key.text] = pair
            frame.key = None

    loader = _Loader(data)
    try:
        while loader.check_event():
            event = loader.get_event()
            mark = event.start_mark
            line, column = mark.line + 1, mark.column + 1
            if isinstance(event, yaml.ScalarEvent):
                _check_tag(event.tag, line, column)
                # The C parser reports plain style as '', the Python one as None.
                plain = not event.style and event.implicit[0]
                scalar = ScalarNode(event.value, plain, line, column, chars=len(event.value))
                expanded += 1
                _check_count(expanded, line, column)
                if event.anchor:
                    anchors[event.anchor] = scalar
                attach(scalar, line, column)
            elif isinstance(event, yaml.SequenceStartEvent | yaml.MappingStartEvent):
                _check_tag(event.tag, line, column)
                if len(stack) >= MAX_DEPTH:
                    raise YamlError(line, column, _DEPTH_MESSAGE)
                collection: SeqNode | MapNode = (
                    SeqNode([], line, column)
                    if isinstance(event, yaml.SequenceStartEvent)
                    else MapNode([], line, column)
                )
                expanded += 1
                _check_count(expanded, line, column)
                stack.append(_Frame(collection, event.anchor))
            elif isinstance(event, yaml.SequenceEndEvent | yaml.MappingEndEvent):
                frame = stack.pop()
                if frame.anchor:
                    # Registered only once complete, so an alias cannot refer to
                    # its own ancestor: no recursive structures.
                    anchors[frame.anchor] = frame.node
                attach(frame.node, frame.node.line, frame.node.column)
            elif isinstance(event, yaml.AliasEvent):
                target = anchors.get(event.anchor or "")
                if target is None:
                    raise YamlError(
                        line, column, f"alias *{event.anchor} refers to no anchor before it"
                    )
                expanded += target.size
                expanded_chars += target.chars
                if expanded > alias_budget:
                    raise YamlError(
                        line,
                        column,
                        f"aliases expand the document beyond {alias_budget} nodes; "
                        "this looks like an alias bomb and is refused",
                    )
                if expanded_chars > chars_budget:
                    # Few nodes, each a long text: as costly to install.
                    raise YamlError(
                        line,
                        column,
                        f"aliases expand the document's text beyond {chars_budget:,} "
                        "characters; this looks like an alias bomb and is refused",
                    )
                _check_count(expanded, line, column)
                attach(target, line, column)
            elif isinstance(event, yaml.DocumentStartEvent):
                documents += 1
                if documents > 1:
                    raise YamlError(
                        line, column, "a deck file holds one YAML document; found a second '---'"
                    )
    finally:
        loader.dispose()
    return root


def _check_count(nodes: int, line: int, column: int) -> None:
    if nodes > MAX_NODES:
        raise YamlError(
            line,
            column,
            f"the document holds more than {MAX_NODES:,} values (texts, lists and "
            "mappings, counting what aliases repeat); decks are limited to that",
        )


def _check_tag(tag: str | None, line: int, column: int) -> None:
    if tag is None or tag == "!":
        return
    if tag.startswith(_STANDARD_TAG_PREFIX):
        name = tag.removeprefix(_STANDARD_TAG_PREFIX)
        if name in _STANDARD_TAGS:
            return
        tag = "!!" + name
    raise YamlError(line, column, f"YAML tag '{tag}' is not supported in decks")
