"""The YAML reader under the deck loader: node positions, source text, refusals.

Most tests run twice, with libyaml's C parser and with PyYAML's pure-Python
one, the fallback where a PyYAML wheel lacks libyaml.
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from endoquiz.decks import yaml_builder, yaml_input
from endoquiz.decks.yaml_tree import (
    MAX_DEPTH,
    MapNode,
    Node,
    ScalarNode,
    SeqNode,
    YamlError,
    describe,
    parse_yaml_bytes,
    parse_yaml_file,
    read_text,
)

_LOADERS = {"c": getattr(yaml, "CSafeLoader", None), "python": yaml.SafeLoader}


@pytest.fixture(params=sorted(_LOADERS))
def loader(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """Run the test with each YAML parser the reader can use."""
    name: str = request.param
    implementation = _LOADERS[name]
    if implementation is None:
        pytest.skip("this PyYAML has no libyaml")
    monkeypatch.setattr(yaml_builder, "_Loader", implementation)
    yield name


def parse(text: str) -> Node | None:
    return parse_yaml_bytes(text.encode("utf-8"))


def refusal(text: str | bytes) -> YamlError:
    data = text.encode("utf-8") if isinstance(text, str) else text
    with pytest.raises(YamlError) as caught:
        parse_yaml_bytes(data)
    return caught.value


def mapping(node: Node | None) -> MapNode:
    assert isinstance(node, MapNode), node
    return node


def scalar(node: Node | None) -> ScalarNode:
    assert isinstance(node, ScalarNode), node
    return node


def sequence(node: Node | None) -> SeqNode:
    assert isinstance(node, SeqNode), node
    return node


# -- the tree ------------------------------------------------------------------


@pytest.mark.usefixtures("loader")
def test_nodes_remember_one_based_line_and_column() -> None:
    root = mapping(parse("a: 1\nlist:\n  - x\n  - {k: v}\n"))
    assert (root.line, root.column) == (1, 1)
    a_key = root.key_node("a")
    assert a_key is not None
    assert (a_key.line, a_key.column) == (1, 1)
    one = scalar(root.get("a"))
    assert (one.line, one.column) == (1, 4)
    items = sequence(root.get("list")).items
    assert (items[0].line, items[0].column) == (3, 5)
    inner = mapping(items[1])
    assert (inner.line, inner.column) == (4, 5)
    assert (scalar(inner.get("k")).line, scalar(inner.get("k")).column) == (4, 9)


@pytest.mark.usefixtures("loader")
def test_columns_count_characters_not_bytes() -> None:
    root = mapping(parse("title: ééé\nkey: 😀 x\n"))
    value = scalar(root.get("key"))
    assert (value.line, value.column) == (2, 6)
    error = refusal("title: éé: x\n")
    assert (error.line, error.column) == (1, 10)


@pytest.mark.usefixtures("loader")
def test_mapping_keeps_file_order_and_lookup() -> None:
    root = mapping(parse("b: 1\na: 2\nc: 3\n"))
    assert [key.text for key, _ in root.items] == ["b", "a", "c"]
    assert scalar(root.get("a")).text == "2"
    assert root.get("missing") is None
    assert root.key_node("missing") is None


@pytest.mark.usefixtures("loader")
@pytest.mark.parametrize(
    ("source", "text", "plain"),
    [
        ("yes", "yes", True),
        ("no", "no", True),
        ("on", "on", True),
        ("42", "42", True),
        ("0777", "0777", True),
        ("1.50", "1.50", True),
        ("2024-01-01", "2024-01-01", True),
        ("~", "~", True),
        ("'yes'", "yes", False),
        ('"42"', "42", False),
        ('"tab\\there"', "tab\there", False),
        ("|\n  block\n", "block\n", False),
        ("!!str yes", "yes", False),
    ],
)
def test_scalars_keep_their_source_text(source: str, text: str, plain: bool) -> None:
    value = scalar(mapping(parse(f"key: {source}\n")).get("key"))
    assert value.text == text
    assert value.plain is plain


@pytest.mark.usefixtures("loader")
def test_empty_value_is_a_null_scalar() -> None:
    value = scalar(mapping(parse("key:\nother: 1\n")).get("key"))
    assert value.text == ""
    assert value.is_null
    assert (value.line, value.column) == (1, 5)


def test_scalar_conversions() -> None:
    def node(text: str, plain: bool = True) -> ScalarNode:
        return ScalarNode(text, plain, 1, 1)

    assert node("42").as_int() == 42
    assert node("-7").as_int() == -7
    # YAML 1.2, which editors follow, reads `1_000` as text, not 1000.
    assert node("1_000").as_int() is None
    assert node("42", plain=False).as_int() is None
    assert node("1.0").as_int() is None
    assert node("one").as_int() is None
    # Far more digits than int() converts: not a number, and no ValueError.
    assert node("1" * 5000).as_int() is None
    assert node("Yes").as_bool() is True
    assert node("off").as_bool() is False
    assert node("yes", plain=False).as_bool() is None
    assert node("maybe").as_bool() is None
    for null in ("", "~", "null", "Null", "NULL"):
        assert node(null).is_null
    assert not node("null", plain=False).is_null


def test_describe_names_the_node() -> None:
    assert describe(MapNode([], 1, 1)) == "a mapping"
    assert describe(SeqNode([], 1, 1)) == "a list"
    assert describe(ScalarNode("", True, 1, 1)) == "nothing"
    assert describe(ScalarNode("12", True, 1, 1)) == "a number"
    assert describe(ScalarNode("12", False, 1, 1)) == "text"
    assert describe(ScalarNode("hello", True, 1, 1)) == "text"


@pytest.mark.usefixtures("loader")
@pytest.mark.parametrize("source", ["", "\n\n", "# only a comment\n", "  \n# a\n  # b\n"])
def test_no_document_is_none(source: str) -> None:
    assert parse(source) is None


@pytest.mark.usefixtures("loader")
def test_explicit_document_markers_are_one_document() -> None:
    root = mapping(parse("---\na: 1\n...\n"))
    assert scalar(root.get("a")).text == "1"


@pytest.mark.usefixtures("loader")
def test_aliases_share_the_anchored_node() -> None:
    root = mapping(parse("base: &b {x: 1}\nuse: *b\nname: &n hi\nagain: *n\n"))
    assert root.get("use") is root.get("base")
    assert root.get("again") is root.get("name")


# -- refusals ------------------------------------------------------------------


@pytest.mark.usefixtures("loader")
def test_duplicate_key_is_refused_at_the_second_one() -> None:
    error = refusal("a: 1\nb: 2\na: 3\n")
    assert (error.line, error.column) == (3, 1)
    assert "duplicate key 'a'" in error.message
    assert "first given at line 1, column 1" in error.message


@pytest.mark.usefixtures("loader")
def test_duplicate_key_in_a_flow_mapping() -> None:
    error = refusal("card: {front: a, back: b, front: c}\n")
    assert (error.line, error.column) == (1, 27)
    assert "duplicate key 'front' (first given at line 1, column 8)" in error.message


@pytest.mark.usefixtures("loader")
def test_same_key_in_sibling_mappings_is_fine() -> None:
    root = mapping(parse("x: {id: a}\ny:\n  id: a\n"))
    assert len(root.items) == 2


@pytest.mark.usefixtures("loader")
@pytest.mark.parametrize(
    ("source", "line", "column"),
    [("? [a, b]\n: c\n", 1, 3), ("{[a]: b}\n", 1, 2), ("? {a: 1}\n: c\n", 1, 3)],
)
def test_collection_as_key_is_refused(source: str, line: int, column: int) -> None:
    error = refusal(source)
    assert (error.line, error.column) == (line, column)
    assert error.message.startswith("mapping keys must be plain text")


@pytest.mark.usefixtures("loader")
def test_nesting_up_to_the_limit_is_allowed() -> None:
    node = parse("[" * MAX_DEPTH + "]" * MAX_DEPTH)
    depth = 0
    while isinstance(node, SeqNode):
        depth += 1
        node = node.items[0] if node.items else None
    assert depth == MAX_DEPTH


@pytest.mark.usefixtures("loader")
@pytest.mark.parametrize(
    ("source", "column"),
    [
        ("[" * (MAX_DEPTH + 1) + "]" * (MAX_DEPTH + 1), MAX_DEPTH + 1),
        ("[" * 100_000, MAX_DEPTH + 1),
        ("{a: " * 100_000, 4 * MAX_DEPTH + 1),
        ("- " * 100_000 + "x\n", 2 * MAX_DEPTH + 1),
    ],
    ids=["one-too-deep", "100k-flow-sequences", "100k-flow-mappings", "100k-block-sequences"],
)
def test_deep_nesting_is_refused_at_the_first_level_too_deep(source: str, column: int) -> None:
    # The depth is checked on parser events, so nothing recurses: the real
    # guard against a crash is the subprocess test in test_deck_loader.py.
    error = refusal(source)
    assert (error.line, error.column) == (1, column)
    assert f"nesting deeper than {MAX_DEPTH} levels" in error.message


@pytest.mark.usefixtures("loader")
@pytest.mark.parametrize(
    ("source", "line", "column"),
    [
        ("[\n" * 3000, MAX_DEPTH + 1, 1),
        ("".join(" " * level + "k:\n" for level in range(3000)), MAX_DEPTH + 1, MAX_DEPTH + 1),
        ("[ " * 600 + "\n" + "[ " * 600, 1, 2 * MAX_DEPTH + 1),
        ("cards:\n  - {id: a, front: " + "[" * 5000 + "}\n", 2, 19 + MAX_DEPTH - 2),
    ],
    ids=["flow-over-lines", "block-mappings", "flow-across-a-line", "inside-a-card"],
)
def test_nesting_beyond_libyaml_s_own_limit_is_reported_as_ours(
    source: str, line: int, column: int
) -> None:
    # libyaml 0.2.6 and later stop at 1000 levels while reading ahead of the
    # events we check; whichever libyaml is installed, the author is told
    # where the first level too deep is.
    error = refusal(source)
    assert (error.line, error.column, error.message) == (
        line,
        column,
        f"nesting deeper than {MAX_DEPTH} levels is not allowed",
    )


def test_an_earlier_problem_still_comes_first_in_a_very_deep_document() -> None:
    error = refusal("{a: 1, a: 2, b: " + "[" * 5000 + "}")
    assert (error.line, error.column) == (1, 8)
    assert error.message.startswith("duplicate key 'a'")


def _alias_bomb(levels: int = 9, width: int = 9) -> str:
    lines = ['a0: &a0 "lol"']
    for level in range(1, levels + 1):
        aliases = ", ".join([f"*a{level - 1}"] * width)
        lines.append(f"a{level}: &a{level} [{aliases}]")
    return "\n".join(lines) + "\n"


@pytest.mark.usefixtures("loader")
def test_alias_bomb_is_refused() -> None:
    error = refusal(_alias_bomb())
    assert "alias bomb" in error.message
    # The first alias whose expansion exceeds the budget: the first *a5
    # (9**5 = 59049 nodes fit; 9**6 do not).
    assert error.line == 7
    assert error.column == 10


@pytest.mark.usefixtures("loader")
def test_aliases_of_a_long_text_are_refused_where_the_text_grows_too_large() -> None:
    # Few nodes, each a long text: a 200 KB deck whose 5,000 cards repeat one
    # text of 19,000 characters passed every bound and installed as gigabytes.
    text = "x" * 19_000
    lines = [f'long: &t "{text}"', "cards:"]
    lines += [f"  - {{id: c{n}, front: *t}}" for n in range(5000)]
    source = "\n".join(lines) + "\n"
    error = refusal(source)
    budget = len(source.encode()) + 1_000_000
    assert error.message == (
        f"aliases expand the document's text beyond {budget:,} characters; "
        "this looks like an alias bomb and is refused"
    )
    # The first alias past the budget, on the card after the last that fits.
    fits = budget // len(text)
    assert (error.line, error.column) == (3 + fits, len(f"  - {{id: c{fits}, front: ") + 1)


@pytest.mark.usefixtures("loader")
def test_moderate_alias_use_is_allowed() -> None:
    root = mapping(parse(_alias_bomb(levels=3)))
    assert len(root.items) == 4


@pytest.mark.usefixtures("loader")
@pytest.mark.parametrize(
    ("source", "line", "column"),
    [
        ("[" + "1, " * 9 + "1]", 1, 29),  # the eleventh node: the tenth value
        ("a: &x [1, 2, 3]\nb: [*x, *x]\n", 2, 5),  # what aliases repeat counts
        ("- {a: 1, b: 2}\n- {c: 3, d: 4}\n", 2, 13),  # keys count too
    ],
)
def test_values_beyond_the_limit_are_refused_where_the_limit_is_crossed(
    monkeypatch: pytest.MonkeyPatch, source: str, line: int, column: int
) -> None:
    # Lowered from 1,000,000, which tests/decks/test_deck_loader.py reaches for real.
    monkeypatch.setattr(yaml_builder, "MAX_NODES", 10)
    error = refusal(source)
    assert (error.line, error.column) == (line, column)
    assert error.message.startswith("the document holds more than 10 values")


@pytest.mark.usefixtures("loader")
def test_undefined_alias_is_refused() -> None:
    error = refusal("a: 1\nb: *nowhere\n")
    assert (error.line, error.column) == (2, 4)
    assert "alias *nowhere refers to no anchor" in error.message


@pytest.mark.usefixtures("loader")
def test_an_alias_cannot_refer_to_its_own_ancestor() -> None:
    error = refusal("a: &loop\n  b: *loop\n")
    assert "refers to no anchor" in error.message


@pytest.mark.usefixtures("loader")
def test_second_document_is_refused() -> None:
    error = refusal("a: 1\n---\nb: 2\n")
    assert (error.line, error.column) == (2, 1)
    assert "found a second '---'" in error.message


@pytest.mark.usefixtures("loader")
@pytest.mark.parametrize(
    ("source", "shown"),
    [
        ("a: !!python/object:os.system\n  x: 1\n", "!!python/object:os.system"),
        ("a: !!python/object/apply:os.system ['echo hi']\n", "!!python/object/apply:os.system"),
        ("a: !!python/name:os.system ''\n", "!!python/name:os.system"),
        ("a: !custom text\n", "!custom"),
        ("a: !<tag:example.com,2024:x> text\n", "tag:example.com,2024:x"),
    ],
)
def test_unsupported_tags_are_refused(source: str, shown: str) -> None:
    error = refusal(source)
    assert (error.line, error.column) == (1, 4)
    assert error.message == f"YAML tag '{shown}' is not supported in decks"


@pytest.mark.usefixtures("loader")
def test_core_tags_are_accepted_and_keep_the_text() -> None:
    root = mapping(parse("a: !!str yes\nb: !!int 3\nc: !!seq [x]\nd: ! plain\n"))
    assert scalar(root.get("a")).text == "yes"
    assert scalar(root.get("b")).text == "3"
    assert isinstance(root.get("c"), SeqNode)
    assert scalar(root.get("d")).text == "plain"


@pytest.mark.usefixtures("loader")
@pytest.mark.parametrize(
    ("source", "line", "column", "words"),
    [
        ("tags: [a, b\ncards: 1\n", 2, 6, "expected ',' or ']'"),
        ("a: 1\n\tb: 2\n", 2, 1, "YAML does not allow tabs for indentation"),
        ('a: "open\nb: 2\n', 3, 1, "end of stream"),
        ("a: b: c\n", 1, 5, "mapping values are not allowed"),
    ],
)
def test_syntax_errors_have_positions(source: str, line: int, column: int, words: str) -> None:
    error = refusal(source)
    assert (error.line, error.column) == (line, column)
    assert error.message.startswith("invalid YAML: ")
    assert words in error.message


def test_control_character_is_refused_at_its_position(monkeypatch: pytest.MonkeyPatch) -> None:
    # C parser only: the pure-Python reader reports a character offset, which
    # parse_yaml_bytes takes for a byte offset, so after non-ASCII text its
    # column is too small by one per extra byte. Both refuse the input.
    if _LOADERS["c"] is None:
        pytest.skip("this PyYAML has no libyaml")
    monkeypatch.setattr(yaml_builder, "_Loader", _LOADERS["c"])
    error = refusal("a: 1\nb: éé\x01\n")
    assert (error.line, error.column) == (2, 6)
    assert "invalid character" in error.message


@pytest.mark.usefixtures("loader")
def test_control_character_is_refused_with_either_parser() -> None:
    error = refusal("a: 1\nb: x\x01\n")
    assert (error.line, error.column) == (2, 5)
    assert "invalid character" in error.message


# -- reading files -------------------------------------------------------------


def test_read_text_refuses_binary_at_the_first_nul(tmp_path: Path) -> None:
    path = tmp_path / "deck.yaml"
    path.write_bytes(b"a: 1\nb: x\x00y\n")
    with pytest.raises(YamlError) as caught:
        read_text(path)
    assert (caught.value.line, caught.value.column) == (2, 5)
    assert "binary file" in caught.value.message


def test_read_text_refuses_latin1_at_the_bad_byte(tmp_path: Path) -> None:
    path = tmp_path / "deck.yaml"
    path.write_bytes(b"title: Caf\xe9\n")
    with pytest.raises(YamlError) as caught:
        read_text(path)
    assert (caught.value.line, caught.value.column) == (1, 11)
    assert "not UTF-8 (byte 0xe9" in caught.value.message


def test_read_text_refuses_utf16(tmp_path: Path) -> None:
    path = tmp_path / "deck.yaml"
    path.write_bytes("a: 1\n".encode("utf-16"))
    with pytest.raises(YamlError):
        read_text(path)


def test_read_text_strips_a_utf8_bom(tmp_path: Path) -> None:
    path = tmp_path / "deck.yaml"
    path.write_bytes(b"\xef\xbb\xbfa: 1\n")
    assert read_text(path) == b"a: 1\n"
    root = mapping(parse_yaml_file(path))
    assert (root.line, root.column) == (1, 1)


def test_read_text_refuses_files_over_the_limit(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(yaml_input, "MAX_FILE_BYTES", 1000)
    path = tmp_path / "deck.yaml"
    path.write_bytes(b"a: 1\n" * 201)
    with pytest.raises(YamlError) as caught:
        read_text(path)
    assert (caught.value.line, caught.value.column) == (1, 1)
    assert "larger than" in caught.value.message
    path.write_bytes(b"a: 1\n" * 200)
    assert len(read_text(path)) == 1000


def test_parse_yaml_file_reads_a_file(tmp_path: Path) -> None:
    path = tmp_path / "deck.yaml"
    path.write_text("a: [1, 2]\n", encoding="utf-8")
    root = mapping(parse_yaml_file(path))
    assert [scalar(item).text for item in sequence(root.get("a")).items] == ["1", "2"]


def test_crlf_line_ends_count_as_one_line() -> None:
    error = refusal("a: 1\r\nb: 2\r\na: 3\r\n")
    assert (error.line, error.column) == (3, 1)


# -- properties ----------------------------------------------------------------


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=400))
def test_any_bytes_parse_or_raise_yaml_error(data: bytes) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "deck.yaml"
        path.write_bytes(data)
        try:
            parse_yaml_file(path)
        except YamlError as error:
            assert error.line >= 1
            assert error.column >= 1
            assert error.message


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=400))
def test_any_text_parses_or_raises_yaml_error(text: str) -> None:
    try:
        parse_yaml_bytes(text.encode("utf-8"))
    except YamlError as error:
        assert error.line >= 1
        assert error.column >= 1
