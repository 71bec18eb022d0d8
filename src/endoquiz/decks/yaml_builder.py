"""Builds the node tree from libyaml's events, within bounds on depth, values, aliases and tags."""

from __future__ import annotations

from typing import Any

import yaml

from endoquiz.decks.yaml_nodes import MapNode, Node, ScalarNode, SeqNode, YamlError

# The C parser is much faster; the pure-Python one is a fallback for platforms
# whose PyYAML wheel lacks libyaml.
_Loader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

__all__ = ["DEPTH_MESSAGE", "MAX_DEPTH", "MAX_NODES", "build"]

MAX_DEPTH = 64
# Each node costs about 120 bytes of memory: a 50 MB file of `- 1` lines
# would build 12 million of them (over a gigabyte). A deck of 10,000 cards
# has about 100,000; this leaves room for ten times that.
MAX_NODES = 1_000_000
# Aliases may repeat a node, but the expanded document may not be much larger
# than the file itself: a legitimate deck barely uses aliases.
_ALIAS_ALLOWANCE = 100_000
_ALIAS_CHARS_ALLOWANCE = 1_000_000

DEPTH_MESSAGE = f"nesting deeper than {MAX_DEPTH} levels is not allowed"

_STANDARD_TAG_PREFIX = "tag:yaml.org,2002:"
# `!!name` expands to the standard prefix for any name, PyYAML's own
# `!!python/object:...` included: only YAML's core types are accepted.
_STANDARD_TAGS = frozenset({"str", "int", "float", "bool", "null", "seq", "map"})


_SCALAR = yaml.ScalarEvent
_SEQUENCE_START = yaml.SequenceStartEvent
_MAPPING_START = yaml.MappingStartEvent
_SEQUENCE_END = yaml.SequenceEndEvent
_MAPPING_END = yaml.MappingEndEvent
_ALIAS = yaml.AliasEvent
_DOCUMENT_START = yaml.DocumentStartEvent


# The key of a duplicate pair, whose value is left out of the tree.
_DROPPED = ScalarNode("", True, 0, 0, 0, 0)


class _Frame:
    """A collection being built: its node, anchor and (for mappings) a pending key."""

    __slots__ = ("anchor", "key", "node")

    def __init__(self, node: SeqNode | MapNode, anchor: str | None) -> None:
        self.node = node
        self.anchor = anchor
        self.key: ScalarNode | None = None


def build(data: bytes, duplicates: list[YamlError] | None = None) -> Node | None:
    """The node tree of UTF-8 YAML; None when it holds no document.

    A key given twice in one mapping is an error; with a `duplicates` list
    each one is added to it instead, the first value kept and the later one
    left out, so that a checker goes on and reports every other problem of
    the file in the same pass.

    Raises:
        YamlError: for input this reader refuses (duplicate keys without a
            `duplicates` list, too deep, too many values, alias bombs, tags,
            a second document).
        yaml.YAMLError: for what libyaml finds invalid; `yaml_tree` words it.
    """
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
            first = parent.key_node(node.text)
            if first is not None:
                problem = YamlError(
                    line,
                    column,
                    f"duplicate key '{node.text}' (first given at line {first.line}, "
                    f"column {first.column}); only one is allowed",
                )
                if duplicates is None:
                    raise problem
                duplicates.append(problem)
                frame.key = _DROPPED
                return
            frame.key = node
        else:
            if frame.key is not _DROPPED:
                parent.append(frame.key, node)
            frame.key = None

    loader = _Loader(data)
    next_event = loader.get_event
    try:
        # get_event() returns None after the stream's end. The event types are
        # compared by identity, the commonest first: this loop runs for every
        # value of the file (a million for the largest deck).
        while (event := next_event()) is not None:
            event_type = type(event)
            if event_type is _SCALAR:
                mark = event.start_mark
                line, column = mark.line + 1, mark.column + 1
                if event.tag is not None:
                    _check_tag(event.tag, line, column)
                value = event.value
                # The C parser reports plain style as '', the Python one as None.
                plain = not event.style and event.implicit[0]
                scalar = ScalarNode(value, plain, line, column, 1, len(value))
                expanded += 1
                if expanded > MAX_NODES:
                    _check_count(expanded, line, column)
                if event.anchor:
                    anchors[event.anchor] = scalar
                attach(scalar, line, column)
            elif event_type is _SEQUENCE_START or event_type is _MAPPING_START:
                mark = event.start_mark
                line, column = mark.line + 1, mark.column + 1
                if event.tag is not None:
                    _check_tag(event.tag, line, column)
                if len(stack) >= MAX_DEPTH:
                    raise YamlError(line, column, DEPTH_MESSAGE)
                collection: SeqNode | MapNode = (
                    SeqNode([], line, column)
                    if event_type is _SEQUENCE_START
                    else MapNode([], line, column)
                )
                expanded += 1
                _check_count(expanded, line, column)
                stack.append(_Frame(collection, event.anchor))
            elif event_type is _SEQUENCE_END or event_type is _MAPPING_END:
                frame = stack.pop()
                if frame.anchor:
                    # Registered only once complete, so an alias cannot refer to
                    # its own ancestor: no recursive structures.
                    anchors[frame.anchor] = frame.node
                attach(frame.node, frame.node.line, frame.node.column)
            elif event_type is _ALIAS:
                mark = event.start_mark
                line, column = mark.line + 1, mark.column + 1
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
            elif event_type is _DOCUMENT_START:
                documents += 1
                if documents > 1:
                    mark = event.start_mark
                    raise YamlError(
                        mark.line + 1,
                        mark.column + 1,
                        "a deck file holds one YAML document; found a second '---'",
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
