"""A deck document written as YAML: block style for multi-line text, keys in the order given."""

from __future__ import annotations

from typing import Any

import yaml

__all__ = ["dump_deck"]


class _DeckDumper(yaml.CSafeDumper):
    """Block style for multi-line text, so decks read well in an editor.
    libyaml's emitter (PyYAML's C side, as the loader is): the Python one
    took 1.5 s for a deck of 1,000 entries an Anki import writes."""


def _represent_text(dumper: _DeckDumper, text: str) -> yaml.ScalarNode:
    style = "|" if "\n" in text else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", text, style=style)


_DeckDumper.add_representer(str, _represent_text)


def dump_deck(document: dict[str, Any]) -> str:
    """The YAML text of a deck document (`endoquiz: 1`, `id`, ..., `cards`),
    the same bytes for the same document on every run."""
    return yaml.dump(
        document,
        Dumper=_DeckDumper,
        sort_keys=False,
        allow_unicode=True,
        width=100,
        default_flow_style=False,
    )
