"""docs/api.md and `endoquiz`'s exports agree: every name the doc documents is
importable from `endoquiz`, and every name `endoquiz.__all__` lists is documented."""

from __future__ import annotations

import builtins
import re
from pathlib import Path

import pytest

import endoquiz

API_DOC = Path(__file__).parents[1] / "docs" / "api.md"

_CODE_BLOCK = re.compile(r"^```.*?^```", re.M | re.S)
_CODE_SPAN = re.compile(r"`([^`]+)`")
_IDENTIFIER = re.compile(r"[A-Za-z_]\w*")
# A class as the doc writes it: `Card`, `DeckStatus.OK`, `CardSource(article, ...)`;
# not a constant or enum member (`CHOICE`), nor an acronym (`HOMA-IR`).
_CLASS = re.compile(r"[A-Z][a-z0-9]\w*")
_IMPORT = re.compile(r"^from endoquiz import (.+)$", re.M)
# What the doc names that is Python's own, not endoquiz's.
_NOT_ENDOQUIZ = {"Path"}


def documented_names(text: str) -> set[str]:
    """The names api.md documents as public:

    - every entry of its definition lists (a line of code spans followed by a
      line starting with ": "): the name each code span starts with, unless
      it is an object's attribute (`library.deck(...)`, `study.card`), and
      each class the entry returns (after `->`);
    - every code span in the prose that starts with a class name
      (`SearchError`, `DeckStatus.OK`);
    - the names its examples import `from endoquiz`.
    """
    names: set[str] = set()
    for match in _IMPORT.finditer(text):
        names.update(name.strip() for name in match.group(1).split(","))
    prose = _CODE_BLOCK.sub("", text)
    lines = prose.splitlines()
    for line, following in zip(lines, [*lines[1:], ""], strict=True):
        if line.startswith("`") and following.startswith(": "):
            for span in _CODE_SPAN.findall(line):
                head = _IDENTIFIER.match(span)
                if head and not (head.group().islower() and span[head.end() :][:1] == "."):
                    names.add(head.group())
                if "->" in span:
                    names.update(_CLASS.findall(span.split("->", 1)[1]))
        else:
            names.update(
                head.group() for span in _CODE_SPAN.findall(line) if (head := _CLASS.match(span))
            )
    return {name for name in names if not hasattr(builtins, name)} - _NOT_ENDOQUIZ


DOCUMENTED = sorted(documented_names(API_DOC.read_text(encoding="utf-8")))


def test_the_doc_documents_the_api_it_describes() -> None:
    """The rule finds the classes, functions and constants the doc describes,
    and leaves out objects' attributes, Python's own names and enum members."""
    for name in ("Library", "ReviewSession", "SearchError", "CardMatch", "Statistics"):
        assert name in DOCUMENTED
    for name in ("library", "study", "deck_id", "ValueError", "CHOICE", "Path"):
        assert name not in DOCUMENTED


@pytest.mark.parametrize("name", DOCUMENTED)
def test_every_documented_name_is_importable_from_endoquiz(name: str) -> None:
    assert name in endoquiz.__all__
    assert getattr(endoquiz, name) is not None  # lazy names load their module here


def test_every_exported_name_is_documented() -> None:
    assert sorted(set(endoquiz.__all__) - set(DOCUMENTED)) == []


def test_a_missing_name_is_caught() -> None:
    text = "`library.frobnicate() -> Frobnication`\n: Not a thing.\n\nRaises `NoSuchError`.\n"
    assert documented_names(text) == {"Frobnication", "NoSuchError"}
    assert not any(hasattr(endoquiz, name) for name in documented_names(text))
