"""Round-trip YAML (ruamel.yaml): a text edited in place, every line not edited kept as written.

ruamel.yaml keeps comments, key order, quoting, block scalars, flow
collections, anchors and blank lines, but not everything: it folds a long
text written over several lines its own way, and writes one indentation for
the whole file. So the edited document is never written as ruamel dumps it:
the dump of the document before the edit and the dump after it are compared
line by line, and only the lines that differ are put into the original text,
between lines that the original and both dumps share. Every other line is
the teacher's own.
"""

from __future__ import annotations

import difflib
import io
import re
from collections.abc import Iterable, Mapping, Sequence
from itertools import pairwise
from typing import Any

import yaml
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import YAMLError as RuamelError
from ruamel.yaml.nodes import ScalarNode as RuamelScalar
from ruamel.yaml.resolver import VersionedResolver
from ruamel.yaml.scalarstring import (
    DoubleQuotedScalarString,
    LiteralScalarString,
    PlainScalarString,
)

__all__ = ["RoundTripError", "RoundTripText", "new_value"]

# Wide enough that ruamel never folds a line: a long text stays on its line,
# as teachers write it.
_NEVER_FOLD = 1_000_000
# A card list item's dash (`  - id: x`): its indent and the spaces after it.
_DASH = re.compile(r"( *)-( +)\S")
_KEY_ONLY = re.compile(r"( *)[A-Za-z_][\w-]*:\s*(#.*)?\Z")
_KEY = re.compile(r"( *)[A-Za-z_][\w-]*:")


class RoundTripError(ValueError):
    """The text cannot be read by ruamel.yaml, or written back as it was."""


class RoundTripText:
    """A YAML text loaded for editing: `document` (ruamel's comment-keeping
    mapping) is changed in place, then `edited_text` is the original text
    with only the lines of the change replaced.

    Attributes:
        text: the original text (line ends as "\\n").
        document: the loaded document, to change.
    """

    def __init__(self, text: str) -> None:
        self.text = text
        self._yaml = _round_trip_yaml(text)
        try:
            # Text from a deck file: `deck_editing` gives only text endoquiz's
            # own bounded reader has read first (size, depth, aliases, no tag
            # but YAML's core ones); and ruamel's round-trip loader builds
            # plain mappings, lists and strings, never an object a tag names.
            self.document: Any = self._yaml.load(text)
        except (RuamelError, ValueError, RecursionError) as error:
            raise RoundTripError(f"ruamel.yaml cannot read it: {_first_line(error)}") from None
        if not isinstance(self.document, CommentedMap):
            raise RoundTripError("it is not a YAML mapping")
        _keep_anchors(self.document)
        self._before = self.dump()
        self._original_lines = text.splitlines(keepends=True)
        self._before_lines = self._before.splitlines(keepends=True)
        # Which line of the dump before the edit is which line of the text.
        self._in_text = _line_map(self._before_lines, self._original_lines)

    def dump(self) -> str:
        """The document as ruamel.yaml writes it now."""
        out = io.StringIO()
        try:
            self._yaml.dump(self.document, out)
        except (RuamelError, ValueError, RecursionError) as error:
            raise RoundTripError(f"ruamel.yaml cannot write it: {_first_line(error)}") from None
        return out.getvalue()

    def edited_text(self) -> str:
        """The original text with the lines the change made in the dump:
        the stretches between lines shared by the text, the dump before and
        the dump after are the text's own where the dumps agree there, and
        the dump's after the change where they do not."""
        after_lines = self.dump().splitlines(keepends=True)
        in_after = _line_map(self._before_lines, after_lines)
        anchors = [(-1, -1, -1)]
        for line, text_line in self._in_text.items():
            after_line = in_after.get(line)
            if after_line is not None:
                anchors.append((line, text_line, after_line))
        anchors.append((len(self._before_lines), len(self._original_lines), len(after_lines)))
        pieces: list[str] = []
        for (line, text_line, after_line), (line2, text_line2, after_line2) in pairwise(anchors):
            before_gap = self._before_lines[line + 1 : line2]
            after_gap = after_lines[after_line + 1 : after_line2]
            if before_gap == after_gap:
                pieces.extend(self._original_lines[text_line + 1 : text_line2])
            else:
                pieces.extend(after_gap)
            if line2 < len(self._before_lines):
                pieces.append(self._original_lines[text_line2])
        edited = "".join(pieces)
        if not self.text.endswith("\n") and edited.endswith("\n"):
            edited = edited[:-1]  # the file ended without a line end: so it still does
        return edited


def new_value(value: str | Sequence[str] | Mapping[str, str], *, flow: bool = False) -> Any:
    """A value to put in the document, written in a readable style: a text
    of several lines as a `|` block; a text other YAML readers would take
    for something else (`yes`, `1.0`, `null`, `2024-09-01`) in double
    quotes; any other text plain, which ruamel quotes by itself where YAML
    needs it (a leading `{`, a `: `). A list is written in flow style
    (`[a, b]`) when `flow`, else one item a line; a mapping one key a line."""
    if isinstance(value, str):
        return _text(value)
    if isinstance(value, Mapping):
        mapping = CommentedMap()
        for key, text in value.items():
            mapping[key] = _text(text)
        return mapping
    items = CommentedSeq(_text(text) for text in value)
    if flow:
        items.fa.set_flow_style()
    else:
        items.fa.set_block_style()
    return items


def _text(text: str) -> Any:
    if "\n" in text and _literal_keeps(text):
        return LiteralScalarString(text)
    if _misread(text):
        return DoubleQuotedScalarString(text)
    # Plain, not a bare str: ruamel gives a bare str set over a quoted or
    # block value that value's style. It quotes a plain text YAML needs quoted.
    return PlainScalarString(text)


def _literal_keeps(text: str) -> bool:
    """Whether a `|` block holds `text` as it is: not with spaces or tabs at
    a line's end (editors drop them), nor with a tab or a space starting it
    (the block's indentation would take it)."""
    lines = text.split("\n")
    return not lines[0][:1].isspace() and all(line == line.rstrip() for line in lines)


# YAML 1.1 (PyYAML, most editors' language servers) and 1.2 (ruamel) read
# some plain texts as booleans, numbers, dates or nothing.
_YAML_11 = yaml.resolver.Resolver()
_YAML_12 = VersionedResolver(version=(1, 2))
_STR = "tag:yaml.org,2002:str"
# Not what any resolver says, but what a reader would take as syntax: a
# merge key, YAML 1.1's value key, what only a quote keeps at either end.
_SPECIAL = frozenset({"<<", "="})


def _misread(text: str) -> bool:
    if text in _SPECIAL or text != text.strip():
        return True
    plain_11 = _YAML_11.resolve(yaml.ScalarNode, text, (True, False))  # type: ignore[no-untyped-call]
    plain_12 = _YAML_12.resolve(RuamelScalar, text, (True, False))
    return plain_11 != _STR or str(plain_12) != _STR


def _round_trip_yaml(text: str) -> YAML:
    """ruamel.yaml set to write as the text is written: its quotes kept,
    lines never folded, and the indentation of its card list and mappings."""
    round_trip = YAML(typ="rt")
    round_trip.preserve_quotes = True
    round_trip.width = _NEVER_FOLD
    # A document end marker (`...`) is written again only when asked for.
    round_trip.explicit_end = text.rstrip().endswith("\n...")
    mapping, sequence, offset = _indentation(text.splitlines())
    round_trip.indent(mapping=mapping, sequence=sequence, offset=offset)
    return round_trip


def _indentation(lines: Sequence[str]) -> tuple[int, int, int]:
    """(mapping indent, sequence indent, dash offset) as ruamel names them,
    read from the first list under a key and the first mapping under a key;
    2, 2, 0 (PyYAML's style) when the text has neither."""
    mapping, sequence, offset = 2, 2, 0
    found_list = found_map = False
    for number, line in enumerate(lines[:-1]):
        parent = _KEY_ONLY.match(line)
        if parent is None:
            continue
        following = _next_content(lines[number + 1 :])
        if following is None:
            continue
        depth = len(parent.group(1))
        dash = _DASH.match(following)
        if dash is not None and not found_list:
            offset = len(dash.group(1)) - depth
            sequence = offset + 1 + len(dash.group(2))
            found_list = True
        child = _KEY.match(following)
        if dash is None and child is not None and not found_map:
            mapping = max(len(child.group(1)) - depth, 1)
            found_map = True
        if found_list and found_map:
            break
    return mapping, max(sequence, offset + 2), max(offset, 0)


def _next_content(lines: Iterable[str]) -> str | None:
    """The first line that is neither blank nor a comment."""
    for line in lines:
        stripped = line.strip()
        if stripped and not stripped.startswith("#"):
            return line
    return None


def _keep_anchors(node: Any) -> None:
    """Have every anchor written again: ruamel drops an anchor that no alias
    uses, and a teacher may have one waiting for a later card."""
    stack = [node]
    while stack:
        item = stack.pop()
        anchor = getattr(item, "anchor", None)
        if anchor is not None and getattr(anchor, "value", None) is not None:
            anchor.always_dump = True
        if isinstance(item, CommentedMap):
            stack.extend(item.values())
        elif isinstance(item, CommentedSeq):
            stack.extend(item)


def _line_map(old: Sequence[str], new: Sequence[str]) -> dict[int, int]:
    """For each line of `old` that `new` keeps unchanged, its line in `new`."""
    matcher = difflib.SequenceMatcher(None, old, new, autojunk=False)
    mapped: dict[int, int] = {}
    for start, new_start, size in matcher.get_matching_blocks():
        for offset in range(size):
            mapped[start + offset] = new_start + offset
    return mapped


def _first_line(error: BaseException) -> str:
    text = " ".join(str(error).split())
    return text[:200]
