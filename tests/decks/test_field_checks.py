"""The checks every part of a deck shares, on nodes parsed from YAML text."""

from __future__ import annotations

from pathlib import Path

from endoquiz.decks.check_report import CheckReport
from endoquiz.decks.field_checks import FieldChecks, did_you_mean, suggestion
from endoquiz.decks.yaml_tree import MapNode, Node, parse_yaml_bytes

DECK = Path("deck.yaml")


def root(text: str) -> MapNode:
    node = parse_yaml_bytes(text.encode("utf-8"))
    assert isinstance(node, MapNode), node
    return node


def value(text: str, key: str) -> Node:
    node = root(text).get(key)
    assert node is not None, key
    return node


def messages(report: CheckReport) -> list[str]:
    return [str(d) for d in report.result(None).diagnostics]


def test_a_mapping_s_unknown_keys_are_named_with_the_closest_known_one() -> None:
    report = CheckReport(DECK)
    node = value("source:\n  titel: Insulin\n  author: A. Writer\n", "source")
    assert isinstance(node, MapNode)
    checked = FieldChecks(report).mapping(node, ("title", "author"), "deck source", "unused")
    assert checked is node
    assert messages(report) == [
        "deck.yaml:2:3: error: unknown key 'titel' in a deck source; did you mean 'title'?"
    ]


def test_what_is_not_a_mapping_is_named_in_the_error() -> None:
    report = CheckReport(DECK)
    node = value("source: [a, b]\n", "source")
    checked = FieldChecks(report).mapping(node, ("title",), "deck source", "'source' must be X")
    assert checked is None
    assert messages(report) == ["deck.yaml:1:9: error: 'source' must be X, not a list"]


def test_a_text_field_is_trimmed_and_a_blank_one_is_an_error() -> None:
    report = CheckReport(DECK)
    mapping = root("front: '  Why?  '\nback: ''\n")
    fields = FieldChecks(report)
    assert fields.text(mapping, "front") == "Why?"
    assert fields.text(mapping, "back") is None
    assert fields.text(mapping, "extra") is None
    assert messages(report) == ["deck.yaml:2:7: error: 'back' is blank"]


def test_a_missing_key_is_not_reported_where_a_misspelling_of_it_is() -> None:
    report = CheckReport(DECK)
    fields = FieldChecks(report)
    assert fields.text(root("frnot: Q\n"), "front", required=True) is None
    assert fields.text(root("back: A\n"), "front", required=True) is None
    assert messages(report) == ["deck.yaml:1:1: error: missing 'front'"]


def test_tags_written_as_text_get_the_list_to_write() -> None:
    report = CheckReport(DECK)
    assert FieldChecks(report).tags(root("tags: a, b\n")) == ()
    assert messages(report) == [
        "deck.yaml:1:7: error: 'tags' must be a list, not text; write [a, b]"
    ]


def test_the_hint_names_the_closest_option_or_nothing() -> None:
    assert did_you_mean("revers", ["basic", "reverse"]) == "; did you mean 'reverse'?"
    assert did_you_mean("zzz", ["basic", "reverse"]) == ""
    assert suggestion("MOTS-C") == "; did you mean 'MOTS-C'?"
    assert suggestion(None) == ""


def test_a_name_with_a_space_or_line_break_around_it_is_an_error_not_trimmed() -> None:
    # A kind, an id or a tag is written exactly: the schema refuses `"cloze "`,
    # and a block scalar's final line break is part of its value.
    report = CheckReport(DECK)
    fields = FieldChecks(report)
    assert fields.exact_text(value("kind: cloze\n", "kind"), "kind") == "cloze"
    assert fields.exact_text(value("kind: 'cloze '\n", "kind"), "kind") is None
    assert fields.exact_text(value("kind: |\n  cloze\n", "kind"), "kind") is None
    assert messages(report) == [
        "deck.yaml:1:7: error: 'kind' is 'cloze ', with a space or line break around it; "
        "write 'cloze'",
        "deck.yaml:1:7: error: 'kind' is 'cloze\\n', with a space or line break around it; "
        "write 'cloze'",
    ]
