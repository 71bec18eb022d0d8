"""The JSON Schema for editors, the documented example, and the loader agree."""

from __future__ import annotations

import json
import re
import textwrap
from functools import cache
from importlib.resources import files
from pathlib import Path
from typing import Any

import pytest
import yaml
from jsonschema import Draft202012Validator  # type: ignore[import-untyped, unused-ignore]

from endoquiz import CardKind, check_deck
from endoquiz.decks.deck_format import COMMON_CARD_KEYS, KIND_KEYS

from .editor_yaml import editor_load

DOC = Path(__file__).resolve().parents[2] / "docs" / "deck-format.md"
_YAML_BLOCK = re.compile(r"^```yaml\n(.*?)^```", re.MULTILINE | re.DOTALL)


@cache
def schema() -> dict[str, Any]:
    resource = files("endoquiz") / "schema" / "deck-v1.schema.json"
    loaded: dict[str, Any] = json.loads(resource.read_text(encoding="utf-8"))
    return loaded


def validator() -> Draft202012Validator:
    return Draft202012Validator(schema())


def schema_errors(text: str) -> list[str]:
    """Schema violations of a deck's YAML text, read as editors read it."""
    return [
        f"{error.json_path}: {error.message}"
        for error in validator().iter_errors(editor_load(text))
    ]


def example_yaml() -> str:
    match = _YAML_BLOCK.search(DOC.read_text(encoding="utf-8"))
    assert match is not None, f"no ```yaml block in {DOC}"
    return match[1]


def write(tmp_path: Path, text: str, name: str = "deck.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


# -- the schema itself ------------------------------------------------------


def test_schema_is_a_valid_draft_2020_12_schema() -> None:
    Draft202012Validator.check_schema(schema())
    assert schema()["$schema"] == "https://json-schema.org/draft/2020-12/schema"


def _properties(node: Any, path: str = "#") -> list[tuple[str, Any]]:
    """Every (path, subschema) found under a `properties` keyword."""
    found: list[tuple[str, Any]] = []
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "properties" and isinstance(value, dict):
                found += [(f"{path}/properties/{name}", sub) for name, sub in value.items()]
            found += _properties(value, f"{path}/{key}")
    elif isinstance(node, list):
        for index, item in enumerate(node):
            found += _properties(item, f"{path}/{index}")
    return found


def _resolved(sub: dict[str, Any]) -> dict[str, Any]:
    """A subschema with the keywords of the `$defs` entry it refers to, its own first."""
    ref = sub.get("$ref", "")
    if not ref.startswith("#/$defs/"):
        return sub
    target: dict[str, Any] = schema()["$defs"][ref.removeprefix("#/$defs/")]
    return {**_resolved(target), **sub}


def test_every_property_has_a_description_for_hover_text() -> None:
    # The `if` of each kind only tests `kind`; every other property is
    # documented, in its own words or in those of the definition it refers to.
    missing = [
        path
        for path, sub in _properties(schema())
        if "/if/" not in path and not _resolved(sub).get("description")
    ]
    assert missing == []


def _described(node: Any) -> list[dict[str, Any]]:
    """Every subschema with a description."""
    if isinstance(node, list):
        return [found for item in node for found in _described(item)]
    if not isinstance(node, dict):
        return []
    own = [node] if isinstance(node.get("description"), str) else []
    return own + [found for value in node.values() for found in _described(value)]


def test_every_description_is_also_given_as_markdown_for_hover_text() -> None:
    # The YAML language server escapes a `description` for hover (backquotes
    # shown as \`), and shows a `markdownDescription` as written.
    described = _described(schema())
    assert len(described) > 40
    assert [
        d["description"] for d in described if d.get("markdownDescription") != d["description"]
    ] == []


def test_schema_kinds_match_the_loader() -> None:
    kind = schema()["$defs"]["kind"]
    assert kind["enum"] == [kind.value for kind in CardKind]
    assert kind["default"] == CardKind.BASIC.value
    assert len(kind["markdownEnumDescriptions"]) == len(kind["enum"])


def test_the_card_schema_names_no_key_but_kind() -> None:
    # The YAML language server offers every key a matching schema names: a
    # key named here would be offered under every kind.
    card = schema()["$defs"]["card"]
    assert set(card["properties"]) == {"kind"}
    assert "additionalProperties" not in card


@pytest.mark.parametrize("kind", list(CardKind), ids=[kind.value for kind in CardKind])
def test_each_kind_has_a_schema_with_the_keys_the_loader_allows(kind: CardKind) -> None:
    required, optional = KIND_KEYS[kind]
    kind_schema = schema()["$defs"][f"{kind.value}Card"]
    assert set(kind_schema["properties"]) == {*COMMON_CARD_KEYS, *required, *optional}
    # `kind` is required but of basic cards, so that an editor's entry for a
    # new card of another kind fills it in.
    with_kind = () if kind is CardKind.BASIC else ("kind",)
    assert kind_schema["required"] == [*with_kind, *required]
    assert kind_schema["additionalProperties"] is False


# -- the documented example -------------------------------------------------


def test_documented_example_is_valid_for_endoquiz(tmp_path: Path) -> None:
    result = check_deck(write(tmp_path, example_yaml()))
    assert [str(d) for d in result.diagnostics] == []
    assert result.deck is not None


def test_documented_example_is_valid_for_the_schema() -> None:
    assert schema_errors(example_yaml()) == []


def test_documented_example_uses_every_kind_and_optional_key() -> None:
    deck = yaml.safe_load(example_yaml())
    assert {"description", "tags", "source", "disclaimer"} <= deck.keys()
    assert set(deck["source"]) == {"title", "author", "url", "published"}
    cards = deck["cards"]
    kinds = {card.get("kind", "basic") for card in cards}
    assert kinds == {kind.value for kind in CardKind}
    keys = set().union(*(card.keys() for card in cards))
    # `image` is documented separately: its file must exist.
    optional = {"id", "kind", "tags", "source", "extra", "explanation", "accept"}
    assert optional <= keys
    sources = [card["source"] for card in cards if "source" in card]
    assert any(set(source) == {"article", "section", "quote"} for source in sources)
    assert any("kind" not in card for card in cards), "the default kind is shown too"


# -- the schema and the loader agree ---------------------------------------

HEAD = "endoquiz: 1\nid: test/deck\ntitle: Test deck\n"


def deck(cards: str, head: str = HEAD) -> str:
    """A deck's YAML: `head`, then `cards` (YAML list items, dedented) under `cards:`."""
    return head + "cards:\n" + textwrap.indent(textwrap.dedent(cards).strip("\n"), "  ") + "\n"


BASIC = """
- id: one
  front: Question?
  back: Answer
"""

INVALID = {
    "unknown kind": deck("""
        - id: one
          kind: flashcard
          front: Question?
          back: Answer
        """),
    "basic card without back": deck("""
        - id: one
          front: Question?
        """),
    "reverse card without back": deck("""
        - id: one
          kind: reverse
          front: Question?
        """),
    "choice card with one choice": deck("""
        - id: one
          kind: choice
          question: Which?
          choices: [Only]
          answer: Only
        """),
    "choice card without choices": deck("""
        - id: one
          kind: choice
          question: Which?
          answer: Only
        """),
    "bad deck id": deck(BASIC, "endoquiz: 1\nid: Biology/Cells\ntitle: T\n"),
    "deck id with an empty level": deck(BASIC, "endoquiz: 1\nid: biology//cells\ntitle: T\n"),
    "deck id too long": deck(BASIC, f"endoquiz: 1\nid: {'a' * 121}\ntitle: T\n"),
    "unknown top-level key": deck(BASIC, HEAD + "author: Someone\n"),
    "basic card with a key of choice cards": deck("""
        - id: one
          front: Question?
          back: Answer
          explanation: Because.
        """),
    "cloze card with a key of basic cards": deck("""
        - id: one
          kind: cloze
          text: "A {{c1::deletion}}."
          back: Answer
        """),
    "typed card with a key of choice cards": deck("""
        - id: one
          kind: typed
          front: Question?
          answer: Answer
          choices: [A, B]
        """),
    "choice fields without kind": deck("""
        - id: one
          question: Which?
          choices: [A, B]
          answer: A
        """),
    "unknown card key": deck("""
        - id: one
          front: Question?
          back: Answer
          hint: Think.
        """),
    "missing format version": deck(BASIC, "id: test/deck\ntitle: T\n"),
    "format version 2": deck(BASIC, "endoquiz: 2\nid: test/deck\ntitle: T\n"),
    "format version in quotes": deck(BASIC, 'endoquiz: "1"\nid: test/deck\ntitle: T\n'),
    "missing deck id": deck(BASIC, "endoquiz: 1\ntitle: T\n"),
    "missing title": deck(BASIC, "endoquiz: 1\nid: test/deck\n"),
    "blank title": deck(BASIC, 'endoquiz: 1\nid: test/deck\ntitle: "  "\n'),
    "no cards": HEAD,
    "empty cards": HEAD + "cards: []\n",
    "card that is not a mapping": deck("- just text"),
    "bad card id": deck("""
        - id: One Card
          front: Question?
          back: Answer
        """),
    "card id with a slash": deck("""
        - id: a/b
          front: Question?
          back: Answer
        """),
    "blank front": deck("""
        - id: one
          front: ""
          back: Answer
        """),
    "front that is a list": deck("""
        - id: one
          front: [a, b]
          back: Answer
        """),
    "deck tag with a space": deck(BASIC, HEAD + "tags: [two words]\n"),
    "card tag with a comma": deck("""
        - id: one
          front: Question?
          back: Answer
          tags: ["a,b"]
        """),
    "tags not a list": deck(BASIC, HEAD + "tags: hormones\n"),
    "deck source mapping without title": deck(BASIC, HEAD + "source:\n  author: Someone\n"),
    "deck source with an unknown key": deck(
        BASIC, HEAD + "source:\n  title: A book\n  isbn: '123'\n"
    ),
    "card source that is text": deck("""
        - id: one
          front: Question?
          back: Answer
          source: A book
        """),
    "card source with an unknown key": deck("""
        - id: one
          front: Question?
          back: Answer
          source:
            page: 12
        """),
    "cloze text without deletion": deck("""
        - id: one
          kind: cloze
          text: Nothing hidden here.
        """),
    "image URL": deck("""
        - id: one
          front: Question?
          back: Answer
          image: https://example.org/a.png
        """),
    "absolute image path": deck("""
        - id: one
          front: Question?
          back: Answer
          image: /tmp/a.png
        """),
    "text over the length limit": deck(f"""
        - id: one
          front: Question?
          back: {"x" * 20_001}
        """),
    "tag with a right-to-left override": deck("""
        - id: one
          front: Question?
          back: Answer
          tags: [safe\u202elmth.exe]
        """),
    "tag with a zero-width space": deck("""
        - id: one
          front: Question?
          back: Answer
          tags: [hor\u200bmones]
        """),
    "typed accept not a list": deck("""
        - id: one
          kind: typed
          front: Question?
          answer: Answer
          accept: Other
        """),
}


@pytest.mark.parametrize("text", INVALID.values(), ids=INVALID.keys())
def test_invalid_deck_is_rejected_by_both(tmp_path: Path, text: str) -> None:
    result = check_deck(write(tmp_path, text))
    assert result.errors, "endoquiz accepted it"
    assert result.deck is None
    assert schema_errors(text), "the schema accepted it"


VALID = {
    "card without kind is basic": deck(BASIC),
    "plain numbers and yes are text": deck("""
        - id: 42
          front: yes
          back: 3.10
          tags: [2024, true]
        """),
    "deck source as text": deck(BASIC, HEAD + "source: A book\n"),
    "deck id with levels and dots": deck(BASIC, "endoquiz: 1\nid: a/b.c/d_e-1\ntitle: T\n"),
    "cloze with hint and extra": deck("""
        - id: one
          kind: cloze
          text: "{{c1::Insulin::a hormone}} lowers {{c2::glucose}}."
          extra: More.
        """),
    "typed without accept": deck("""
        - id: one
          kind: typed
          front: Question?
          answer: Answer
        """),
    "typed with empty accept": deck("""
        - id: one
          kind: typed
          front: Question?
          answer: Answer
          accept: []
        """),
    "empty card source": deck("""
        - id: one
          front: Question?
          back: Answer
          source: {}
        """),
    "reverse card": deck("""
        - id: one
          kind: reverse
          front: Term
          back: Meaning
        """),
    "text at the length limit": deck(f"""
        - id: one
          front: Question?
          back: {"x" * 20_000}
        """),
    "right-to-left text": deck("""
        - id: one
          front: "Which hormone? \u202enilusnI"
          back: الإنسولين
          tags: [هرمونات]
        """),
}


@pytest.mark.parametrize("text", VALID.values(), ids=VALID.keys())
def test_valid_deck_is_accepted_by_both(tmp_path: Path, text: str) -> None:
    result = check_deck(write(tmp_path, text))
    assert [str(d) for d in result.errors] == []
    assert schema_errors(text) == []
