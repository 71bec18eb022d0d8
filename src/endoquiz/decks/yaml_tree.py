"""Reads a YAML file into a tree of nodes that remember their line and column.

The tree is built from libyaml's event stream rather than with `yaml.load`:
building it ourselves lets us refuse duplicate keys (PyYAML keeps the last one
silently), bound nesting depth (the C composer recurses and can crash the
process on deeply nested input), bound alias expansion ("billion laughs"), and
keep each scalar's source text, so `back: yes` stays the text "yes" instead of
the boolean True. It is also several times faster than `yaml.load`, because no
Python resolver runs on every scalar.

This module is the entry point, and words libyaml's own errors; the nodes are
in `yaml_nodes`, the reading of the file's bytes in `yaml_input`, the building
and its bounds in `yaml_builder`.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from endoquiz.decks.yaml_builder import DEPTH_MESSAGE, MAX_DEPTH, MAX_NODES, build
from endoquiz.decks.yaml_input import MAX_FILE_BYTES, position_of, read_text
from endoquiz.decks.yaml_nodes import MapNode, Node, ScalarNode, SeqNode, YamlError, describe

__all__ = [
    "MAX_DEPTH",
    "MAX_FILE_BYTES",
    "MAX_NODES",
    "MapNode",
    "Node",
    "ScalarNode",
    "SeqNode",
    "YamlError",
    "describe",
    "parse_yaml_bytes",
    "parse_yaml_file",
    "read_text",
]

# What libyaml 0.2.6 and later say when their own nesting limit is reached.
_LIBYAML_DEPTH_PROBLEM = "exceeded maximum nesting depth"


def parse_yaml_file(path: Path) -> Node | None:
    """Parse a file into a node tree; None when the file holds no document.

    Raises:
        YamlError: for any syntax error or refused input, with its position.
        OSError: when the file cannot be read.
    """
    data = read_text(path)
    return parse_yaml_bytes(data)


def parse_yaml_bytes(data: bytes, duplicates: list[YamlError] | None = None) -> Node | None:
    """Parse UTF-8 YAML into a node tree; see `parse_yaml_file`. With a
    `duplicates` list, duplicate keys are added to it rather than raised
    (see `yaml_builder.build`)."""
    try:
        return build(data, duplicates)
    except yaml.MarkedYAMLError as error:
        if _LIBYAML_DEPTH_PROBLEM in (error.problem or ""):
            raise _too_deep(data, error.problem_mark, duplicates is not None) from None
        mark = error.problem_mark or error.context_mark
        line, column = _line_and_column(mark)
        raise YamlError(line, column, _syntax_message(error, data, mark)) from None
    except yaml.reader.ReaderError as error:
        line, column = position_of(data, min(error.position, len(data)))
        raise YamlError(line, column, f"invalid character: {error.reason}") from None
    except yaml.YAMLError as error:  # pragma: no cover - libyaml reports all others with marks
        raise YamlError(1, 1, f"invalid YAML: {error}") from None


def _line_and_column(mark: Any) -> tuple[int, int]:
    """1-based line and column of a libyaml mark (0-based), or 1, 1 without one."""
    return (mark.line + 1, mark.column + 1) if mark else (1, 1)


def _too_deep(data: bytes, mark: Any, duplicates_apart: bool) -> YamlError:
    """Our depth error for a document that libyaml found too deep for itself.

    libyaml 0.2.6 and later refuse nesting beyond their own limit (1000) in the
    scanner, which reads up to a line ahead of the events we check: for
    `[[[[...` it fails at level 1001 before we see level 65. Everything before
    its mark nests less than its limit, so building that prefix meets our
    check at the first level too deep (or an earlier problem of ours), as it
    does with an older libyaml. The mark is at the start of a token, so the
    cut shortens no text.
    """
    line, column = _line_and_column(mark)
    text = data.decode("utf-8", errors="replace")
    line_start = 0
    for _ in range(line - 1):
        line_start = text.find("\n", line_start) + 1
    prefix = text[: line_start + column - 1].encode("utf-8")
    try:
        # Duplicate keys before the cut come first unless the caller
        # collects them apart (then they were collected already).
        build(prefix, [] if duplicates_apart else None)
    except YamlError as error:
        return error
    except yaml.YAMLError:
        pass  # the end of the cut, inside an open collection: libyaml's mark stands
    return YamlError(line, column, DEPTH_MESSAGE)


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
