"""Reads YAML as an editor with the YAML language server does, to check decks with the schema.

The YAML language server (what VS Code, Neovim, Helix and others use with a
JSON Schema) reads with the `yaml` JavaScript library in YAML 1.2 mode, core
schema. PyYAML's `safe_load` follows YAML 1.1 instead, and would read some
values otherwise than any editor does: `off` as false, `1_000` as 1000,
`2024-01-01` as a date, `0o17` as text. This reader stands for the editor:
YAML 1.2 core's plain scalars, numbers as JavaScript holds them (one of
more digits than Python's int() reads is a float, infinite if need be,
where check-jsonschema's Python reader crashes), merge keys applied, and
the tags it knows but does not apply (`!include`, `!!binary`) read as the value
written after them, since the language server says nothing about them
(it reports other tags, such as `!custom`, as unresolved).
"""

from __future__ import annotations

import math
import re
from typing import Any

import yaml

__all__ = ["editor_load"]

# The core schema's resolvers, as the `yaml` library's `core` schema has them.
_NULL = re.compile(r"(?:~|[Nn]ull|NULL)?\Z")
_BOOL = re.compile(r"(?:[Tt]rue|TRUE|[Ff]alse|FALSE)\Z")
_INT = re.compile(r"(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)\Z")
_FLOAT = re.compile(
    r"(?:[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN"
    r"|[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?)\Z"
)
_FIRST_CHARS = "-+0123456789.~nNtTfF"


class _EditorLoader(yaml.SafeLoader):
    """PyYAML's safe loader with YAML 1.2 core resolvers in place of YAML 1.1's,
    refusing a repeated key as the editor's reader does (PyYAML keeps the last)."""

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        keys = [key.value for key, _ in node.value if isinstance(key, yaml.ScalarNode)]
        if len(keys) != len(set(keys)):
            raise yaml.constructor.ConstructorError(
                None, None, "Map keys must be unique", node.start_mark
            )
        return super().construct_mapping(node, deep=deep)


def _number(text: str) -> float | int:
    """A core-schema number as JavaScript's `Number` holds it."""
    if text.startswith(("0o", "0x")):
        return int(text[2:], 8 if text[1] == "o" else 16)
    if _FLOAT.match(text) and not re.fullmatch(r"[-+]?[0-9]+", text):
        lowered = text.lower()
        if lowered.endswith(".nan"):
            return math.nan
        if lowered.endswith(".inf"):
            return -math.inf if text.startswith("-") else math.inf
        return float(text)
    try:
        return int(text)
    except ValueError:  # beyond int()'s 4,300 digits: a float, as in JavaScript
        return float(text)


def _construct_number(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> float | int:
    return _number(loader.construct_scalar(node))


def _construct_text(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> str:
    return loader.construct_scalar(node)


def _construct_bool(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> bool:
    return loader.construct_scalar(node).lower() == "true"


def _construct_local(loader: yaml.SafeLoader, suffix: str, node: yaml.Node) -> Any:
    """A value under `!include`, which the language server knows and reads as if
    untagged; any other local tag is one it reports as unresolved."""
    if suffix != "include":
        raise yaml.constructor.ConstructorError(
            None, None, f"Unresolved tag: !{suffix}", node.start_mark
        )
    if isinstance(node, yaml.MappingNode):
        return loader.construct_mapping(node, deep=True)
    if isinstance(node, yaml.SequenceNode):
        return loader.construct_sequence(node, deep=True)
    return loader.construct_scalar(node)  # type: ignore[arg-type]


# YAML 1.1's resolvers, inherited, are dropped: only the core schema's apply.
_EditorLoader.yaml_implicit_resolvers = {}
for _tag, _pattern in (
    ("tag:yaml.org,2002:null", _NULL),
    ("tag:yaml.org,2002:bool", _BOOL),
    ("tag:yaml.org,2002:int", _INT),
    ("tag:yaml.org,2002:float", _FLOAT),
):
    _EditorLoader.add_implicit_resolver(_tag, _pattern, [*_FIRST_CHARS, ""])
# `<<` is a merge key, as the language server applies it.
_EditorLoader.add_implicit_resolver("tag:yaml.org,2002:merge", re.compile(r"<<\Z"), ["<"])
_EditorLoader.add_constructor("tag:yaml.org,2002:int", _construct_number)
_EditorLoader.add_constructor("tag:yaml.org,2002:float", _construct_number)
_EditorLoader.add_constructor("tag:yaml.org,2002:bool", _construct_bool)
_EditorLoader.add_constructor("tag:yaml.org,2002:binary", _construct_text)
_EditorLoader.add_constructor("tag:yaml.org,2002:timestamp", _construct_text)
_EditorLoader.add_multi_constructor("!", _construct_local)


def editor_load(text: str) -> Any:
    """The data of a YAML document as an editor's language server reads it.

    Raises:
        yaml.YAMLError: for what is not YAML at all, which an editor marks too.
    """
    return yaml.load(text, Loader=_EditorLoader)
