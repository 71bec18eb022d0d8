"""The deck loader on malformed, hostile and valid decks.

Each file in tests/data/malformed/ is one case of the table below: the error
`check_deck` must report, at the line and column of the offending node (the
key for unknown keys, the value for wrong types, the second occurrence for
duplicates). tests/data/hostile/ holds decks written to deceive or overload:
invisible characters in names, terminal escapes in text (a table like the
first), and decks that load but try things on the card view (its tests show
them). Files for the cases too large or too odd to commit (100k-deep
nesting, a cubic-regex trap, a file over the size limit, a megabyte line,
a million values) are generated here.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import tempfile
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from endoquiz.decks import yaml_input
from endoquiz.decks.check_report import MAX_WARNINGS
from endoquiz.decks.cloze import BLANK
from endoquiz.decks.deck_loader import (
    MAX_ERRORS,
    MAX_TEXT_CHARS,
    DeckCheck,
    check_deck,
    load_deck,
)
from endoquiz.decks.deck_model import CardKind, Deck
from endoquiz.decks.diagnostics import MAX_MESSAGE_CHARS, DeckError, Diagnostic, Severity
from endoquiz.decks.yaml_tree import MAX_NODES

DATA = Path(__file__).parents[1] / "data"
MALFORMED = DATA / "malformed"
HOSTILE = DATA / "hostile"
VALID = DATA / "valid"

# A hang in a hostile-input subprocess fails the test after this many
# seconds instead of stalling the suite; the inputs take milliseconds.
HOSTILE_TIMEOUT = 120


@dataclass(frozen=True)
class Case:
    """A malformed deck file and the errors it must produce.

    `line`, `column` and `message` (a substring) describe the error the case
    is about; `also` lists any further errors, as (line, column, substring).
    No other error may be reported.
    """

    file: str
    line: int
    column: int
    message: str
    also: tuple[tuple[int, int, str], ...] = ()

    @property
    def expected(self) -> list[tuple[int, int, str]]:
        return sorted([(self.line, self.column, self.message), *self.also])


CASES = [
    # -- the file itself
    Case("empty.yaml", 1, 1, "the file is empty"),
    Case("comments_only.yaml", 1, 1, "the file is empty"),
    Case("binary_nul_bytes.yaml", 3, 10, "binary file (it contains NUL bytes)"),
    Case("not_utf8_latin1.yaml", 3, 11, "file is not UTF-8 (byte 0xe9 cannot be decoded)"),
    # -- YAML syntax
    Case(
        "syntax_error_unclosed_flow.yaml",
        5,
        6,
        "did not find expected ',' or ']' (while parsing a flow sequence that starts at "
        "line 4, column 7)",
    ),
    Case(
        "unclosed_quote.yaml",
        8,
        1,
        "found unexpected end of stream (while scanning a quoted scalar that starts at line 3",
    ),
    Case("tab_indentation.yaml", 6, 1, "YAML does not allow tabs for indentation, use spaces"),
    Case("duplicate_key.yaml", 8, 5, "duplicate key 'front' (first given at line 6, column 5)"),
    Case("mapping_key_not_text.yaml", 8, 7, "mapping keys must be plain text"),
    Case("two_documents.yaml", 8, 1, "a deck file holds one YAML document; found a second '---'"),
    Case("undefined_alias.yaml", 7, 11, "alias *missing refers to no anchor before it"),
    Case("alias_bomb.yaml", 10, 10, "this looks like an alias bomb and is refused"),
    Case("nesting_too_deep.yaml", 6, 73, "nesting deeper than 64 levels is not allowed"),
    Case(
        "python_object_tag.yaml",
        6,
        12,
        "YAML tag '!!python/object:os.system' is not supported in decks",
    ),
    Case("tag_local.yaml", 6, 12, "YAML tag '!custom' is not supported in decks"),
    # -- the deck
    Case("top_level_list.yaml", 1, 1, "a deck must be a mapping with 'endoquiz', 'id', 'title'"),
    Case("top_level_scalar.yaml", 1, 1, "must be a mapping with 'endoquiz', 'id', 'title' and "),
    Case("missing_endoquiz.yaml", 1, 1, "missing 'endoquiz: 1', the deck format version"),
    Case("endoquiz_unsupported_version.yaml", 1, 11, "unsupported deck format version 2"),
    Case("endoquiz_not_a_number.yaml", 1, 11, "'endoquiz' must be the format version number 1"),
    Case("endoquiz_huge_number.yaml", 1, 11, "'endoquiz' must be the format version number 1"),
    Case(
        "unknown_top_level_key.yaml",
        3,
        1,
        "unknown key 'titel' in a deck; did you mean 'title'?",
    ),
    Case("deck_id_uppercase.yaml", 2, 5, "invalid deck id 'Test/Deck'"),
    Case("deck_id_space.yaml", 2, 5, "invalid deck id 'test deck'"),
    Case(
        "tags_is_a_string.yaml", 4, 7, "'tags' must be a list, not text; write [hormones, glucose]"
    ),
    Case("tag_with_space.yaml", 4, 22, "tag 'two words' cannot contain spaces or commas"),
    Case("missing_cards.yaml", 1, 1, "the deck has no 'cards' list"),
    Case("cards_empty.yaml", 4, 8, "'cards' is empty; a deck needs at least one card"),
    Case("cards_not_a_list.yaml", 5, 3, "'cards' must be a list of cards, not a mapping"),
    # -- cards
    Case("card_not_a_mapping.yaml", 8, 5, "each card must be a mapping of fields, not text"),
    Case("basic_missing_back.yaml", 5, 5, "missing 'back'"),
    Case("cloze_missing_text.yaml", 5, 5, "missing 'text'"),
    Case("choice_missing_choices.yaml", 5, 5, "choice card has no 'choices'"),
    Case("typed_missing_answer.yaml", 5, 5, "missing 'answer'"),
    Case("blank_front_quoted.yaml", 6, 12, "'front' is blank"),
    Case("blank_front_empty.yaml", 6, 11, "'front' is blank"),
    Case(
        "unknown_kind.yaml",
        6,
        11,
        "unknown card kind 'clozee'; did you mean 'cloze'?; kinds are basic, reverse, cloze",
    ),
    Case(
        "kind_forgotten.yaml",
        5,
        5,
        "this card has the fields of a cloze card but no 'kind: cloze'",
    ),
    Case(
        "unknown_card_key.yaml",
        7,
        5,
        "unknown key 'bakc' in a basic card; did you mean 'back'?",
    ),
    Case(
        "key_of_other_kind.yaml",
        8,
        5,
        "unknown key 'choices' in a basic card (it belongs to choice cards; set 'kind:')",
    ),
    Case("front_is_a_list.yaml", 6, 12, "'front' must be text, not a list"),
    Case("choices_is_a_mapping.yaml", 9, 7, "'choices' must be a list, not a mapping"),
    Case("duplicate_card_id.yaml", 11, 9, "duplicate card id 'a' (first used at line 5)"),
    Case("card_id_invalid.yaml", 5, 9, "invalid card id 'My Card'"),
    Case(
        "choice_answer_not_among_choices.yaml",
        9,
        13,
        "the answer 'Adrenaline' is not one of the choices",
    ),
    Case(
        "choice_answer_wrong_case.yaml",
        9,
        13,
        "the answer 'insulin' is not one of the choices; did you mean 'Insulin'?",
    ),
    Case("choice_fewer_than_two.yaml", 8, 14, "a choice card needs at least two choices"),
    Case("choice_repeated.yaml", 11, 9, "choice 'insulin' is repeated (first at line 9)"),
    Case("cloze_no_deletion.yaml", 7, 11, "cloze text has no deletion"),
    Case("cloze_malformed.yaml", 7, 11, "malformed cloze deletion near '{{c1:GLUT4}}"),
    Case("cloze_numbered_c0.yaml", 7, 11, "cloze numbers start at c1, found c0"),
    Case("cloze_empty_deletion.yaml", 7, 11, "cloze deletion c1 hides nothing"),
    Case("cloze_huge_number.yaml", 7, 11, "malformed cloze deletion near '{{c9999"),
    Case("cloze_unbalanced_braces.yaml", 7, 11, "malformed cloze deletion near '{{c1::a} then"),
    Case("cloze_unquoted.yaml", 7, 12, "such as a cloze '{{c1::...}}', must be put in quotes"),
    Case("image_is_a_folder.yaml", 8, 12, "image '.' is a folder, not an image file"),
    Case("endoquiz_float.yaml", 1, 11, "must be the format version number 1, not '1.0'"),
    Case("order_not_a_number.yaml", 4, 8, "'order' must be a whole number from 0 to 1000000"),
    # Written as YAML 1.1 numbers, which YAML 1.2 (and so an editor with the
    # JSON Schema) reads otherwise: refused, the schema's reading or not.
    Case("order_underscore.yaml", 4, 8, "not '1_000'; write 1000: YAML 1.2 has no '_' in numbers"),
    Case("order_hex.yaml", 4, 8, "'order' must be a whole number from 0 to 1000000, not '0x10'"),
    Case("order_float.yaml", 4, 8, "'order' must be a whole number from 0 to 1000000, not '2.0'"),
    Case("endoquiz_hex.yaml", 1, 11, "must be the format version number 1, not '0x1'"),
    # Names written exactly: spaces around a kind, an id or a tag are refused
    # (as the schema refuses them), not trimmed.
    Case(
        "kind_trailing_space.yaml",
        6,
        11,
        "'kind' is 'cloze ', with a space or line break around it; write 'cloze'",
    ),
    Case("card_id_surrounding_space.yaml", 5, 9, "'id' is 'insulin ', with a space or line"),
    Case("deck_id_surrounding_space.yaml", 2, 5, "'id' is ' test/deck', with a space or line"),
    Case("tag_surrounding_space.yaml", 4, 18, "a tag is 'glucose ', with a space or line"),
    Case(
        "merge_key.yaml",
        9,
        5,
        "merge keys ('<<: *name') are not supported in decks; write the keys out",
        also=((9, 5, "missing 'front'"), (9, 5, "missing 'back'")),
    ),
    Case("tag_include.yaml", 6, 12, "YAML tag '!include' is not supported in decks"),
    Case("tag_binary.yaml", 7, 11, "YAML tag '!!binary' is not supported in decks"),
    Case("image_missing.yaml", 8, 12, "image 'no-such-picture.png' not found (looked for "),
    Case("image_outside_folder.yaml", 8, 12, "image '../x.png' is outside the deck's folder"),
    Case("image_url.yaml", 8, 12, "images must be files in the deck's folder, not URLs"),
    Case("image_absolute.yaml", 8, 12, "image path must be relative to the deck file"),
    # Names the file system refuses: the loader used to raise ValueError and
    # OSError for these. Which message they get ("cannot be a file name" or
    # "not found") depends on how the Python version's pathlib reports them.
    # The NUL is shown escaped: a diagnostic is one printable line.
    Case("image_nul_escape.yaml", 8, 12, "'image' contains the control character U+0000"),
    Case("image_name_too_long.yaml", 8, 12, "image 'xxxxxxxxxxxxxxxxxxxx"),
]

# tests/data/hostile/: names that would read as something else, and text
# that would rewrite a terminal. Quoted in a message, the invisible
# character is written as an escape (\u202e), so the message cannot be
# disguised either.
HOSTILE_CASES = [
    Case("card_id_right_to_left_override.yaml", 5, 9, "invalid card id 'insulin\\u202enogacul'"),
    Case("deck_id_bidi_isolate.yaml", 2, 5, "invalid deck id 'endo\\u2066crinology'"),
    Case(
        "tag_right_to_left_override.yaml",
        8,
        22,
        "tag 'safe\\u202elmth.exe' contains an invisible or control character",
    ),
    Case(
        "tag_zero_width_space.yaml",
        4,
        8,
        "tag 'hor\\u200bmones' contains an invisible or control character",
    ),
    Case(
        "unknown_key_right_to_left_override.yaml",
        7,
        5,
        "unknown key 'back\\u202e' in a basic card; did you mean 'back'?",
    ),
    Case("text_terminal_escape.yaml", 6, 12, "'front' contains the control character U+001B"),
    Case("text_carriage_return.yaml", 7, 11, "'back' contains the control character U+000D"),
]
# Hostile decks that are valid: what they try is on the card view.
HOSTILE_VALID = ["card_text_attacks.yaml", "right_to_left_text.yaml"]
ERROR_CASES = [(MALFORMED, case) for case in CASES] + [(HOSTILE, case) for case in HOSTILE_CASES]


def _errors(diagnostics: tuple[Diagnostic, ...]) -> list[Diagnostic]:
    return [d for d in diagnostics if d.severity is Severity.ERROR]


def _matches(diagnostic: Diagnostic, expected: tuple[int, int, str]) -> bool:
    line, column, message = expected
    return (diagnostic.line, diagnostic.column) == (line, column) and message in diagnostic.message


def test_every_malformed_file_is_in_the_table() -> None:
    on_disk = {path.name for path in MALFORMED.iterdir()}
    in_table = [case.file for case in CASES]
    assert len(in_table) == len(set(in_table)), "a file is in the table twice"
    assert on_disk == set(in_table)


def test_every_hostile_file_is_in_a_table() -> None:
    on_disk = {path.name for path in HOSTILE.iterdir()}
    in_tables = [case.file for case in HOSTILE_CASES] + HOSTILE_VALID
    assert len(in_tables) == len(set(in_tables)), "a file is in the tables twice"
    assert on_disk == set(in_tables)


@pytest.mark.parametrize(("folder", "case"), ERROR_CASES, ids=[c.file for _, c in ERROR_CASES])
def test_check_deck_reports_the_error_at_the_offending_node(folder: Path, case: Case) -> None:
    path = folder / case.file
    result = check_deck(path)
    assert result.deck is None
    errors = _errors(result.diagnostics)
    shown = "\n".join(str(d) for d in errors)
    for expected in case.expected:
        assert any(_matches(d, expected) for d in errors), f"{expected} not in:\n{shown}"
    assert len(errors) == len(case.expected), f"unexpected errors:\n{shown}"
    for diagnostic in result.diagnostics:
        assert diagnostic.path == path
    assert result.errors == tuple(errors)
    positions = [(d.line, d.column) for d in result.diagnostics]
    assert positions == sorted(positions)


@pytest.mark.parametrize(("folder", "case"), ERROR_CASES, ids=[c.file for _, c in ERROR_CASES])
def test_load_deck_raises_the_first_error(folder: Path, case: Case) -> None:
    path = folder / case.file
    with pytest.raises(DeckError) as caught:
        load_deck(path)
    error = caught.value
    first = error.errors[0]
    line, column, message = case.expected[0]
    assert (error.line, error.column) == (line, column)
    assert message in error.message
    assert (error.path, error.line, error.column, error.message) == (
        first.path,
        first.line,
        first.column,
        first.message,
    )
    assert error.diagnostics == check_deck(path).diagnostics
    assert f"{path}:{line}:{column}: error: " in str(error)


# -- files that cannot be read -------------------------------------------------


def test_missing_file_is_an_error_not_an_exception(tmp_path: Path) -> None:
    result = check_deck(tmp_path / "nowhere.yaml")
    assert result.deck is None
    [error] = result.errors
    assert (error.line, error.column) == (1, 1)
    assert "cannot read the file" in error.message


def test_folder_is_an_error_not_an_exception(tmp_path: Path) -> None:
    [error] = check_deck(tmp_path).errors
    assert error.message == "is a folder, not a deck file"


def test_file_over_the_size_limit_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Generated, and with a lowered limit: the real one is 50 MB.
    monkeypatch.setattr(yaml_input, "MAX_FILE_BYTES", 4096)
    path = tmp_path / "huge.yaml"
    path.write_text((VALID / "all_kinds.yaml").read_text(encoding="utf-8") * 4, encoding="utf-8")
    assert path.stat().st_size > 4096
    [error] = check_deck(path).errors
    assert (error.line, error.column) == (1, 1)
    assert "larger than" in error.message


# -- hostile input -------------------------------------------------------------

_HOSTILE_SCRIPT = """
import sys
from pathlib import Path
from endoquiz.decks.deck_loader import check_deck
for name in sys.argv[1:]:
    result = check_deck(Path(name))
    first = result.errors[0] if result.errors else None
    print(Path(name).name, first.line if first else 0, first.column if first else 0,
          first.message if first else "valid", sep="|")
"""

_DECK_HEAD = "endoquiz: 1\nid: test/deck\ntitle: Test deck\ncards:\n  - id: a\n"


def _hostile_files(folder: Path) -> dict[str, tuple[int, int, str]]:
    """Writes hostile decks into `folder`; the first error each must give."""
    files = {
        "deep_flow.yaml": ("[" * 100_000, (1, 65, "nesting deeper than 64 levels")),
        "deep_flow_closed.yaml": (
            "[" * 100_000 + "]" * 100_000,
            (1, 65, "nesting deeper than 64 levels"),
        ),
        "deep_mappings.yaml": ("{a: " * 100_000, (1, 257, "nesting deeper than 64 levels")),
        "deep_block.yaml": ("- " * 100_000 + "x\n", (1, 129, "nesting deeper than 64 levels")),
        "deep_in_a_card.yaml": (
            _DECK_HEAD + "    front: " + "[" * 100_000 + "\n",
            (6, 73, "nesting deeper than 64 levels"),
        ),
        # Minutes of regex backtracking (on 120,000 characters) before
        # cloze.py limited its search; now at the longest text a deck may hold.
        "cloze_unclosed.yaml": (
            _DECK_HEAD + "    kind: cloze\n    text: '" + "{{c1::" * 3333 + "'\n",
            (7, 11, "malformed cloze deletion near '{{c1::{{c1::"),
        ),
        "cloze_spaces.yaml": (
            _DECK_HEAD + "    kind: cloze\n    text: '{{c" + " " * (MAX_TEXT_CHARS - 3) + "'\n",
            (7, 11, "cloze text has no deletion"),
        ),
        # A megabyte on one line froze the card view for minutes.
        "one_megabyte_line.yaml": (
            _DECK_HEAD + "    front: F\n    back: " + "x" * 2**20 + "\n",
            (7, 11, "'back' is too long: 1,048,576 characters, where at most 20,000"),
        ),
        # Before the loader counted values, 10 MB of `1,` took two gigabytes
        # and half a minute to check.
        "a_million_values.yaml": (
            "[" + "1," * MAX_NODES + "1]\n",
            (1, 2 * MAX_NODES, "holds more than 1,000,000 values"),
        ),
    }
    expected = {}
    for name, (text, first_error) in files.items():
        (folder / name).write_text(text, encoding="utf-8")
        expected[name] = first_error
    (folder / "alias_bomb.yaml").write_bytes((MALFORMED / "alias_bomb.yaml").read_bytes())
    expected["alias_bomb.yaml"] = (10, 10, "alias bomb")
    return expected


def test_hostile_input_is_refused_without_crashing_or_hanging(tmp_path: Path) -> None:
    """Deep nesting must not overflow the C stack (a segfault would kill pytest
    itself), so these run in a child process that must exit normally."""
    expected = _hostile_files(tmp_path)
    names = sorted(expected)
    try:
        done = subprocess.run(
            [sys.executable, "-c", _HOSTILE_SCRIPT, *(str(tmp_path / n) for n in names)],
            capture_output=True,
            text=True,
            timeout=HOSTILE_TIMEOUT,
            check=False,
        )
    except subprocess.TimeoutExpired:
        pytest.fail(f"checking hostile decks hung for {HOSTILE_TIMEOUT} s: {names}")
    assert done.returncode == 0, (
        f"the loader crashed on hostile input (exit status {done.returncode}):\n{done.stderr}"
    )
    assert "Traceback" not in done.stderr
    reported: dict[str, tuple[int, int, str]] = {}
    for row in done.stdout.splitlines():
        name, line_text, column_text, message = row.split("|", 3)
        reported[name] = (int(line_text), int(column_text), message)
    assert sorted(reported) == names
    for name, (line, column, words) in expected.items():
        got = reported[name]
        assert got[:2] == (line, column), f"{name}: {got}"
        assert words in got[2], f"{name}: {got}"


def test_alias_bomb_is_refused_in_process() -> None:
    with pytest.raises(DeckError) as caught:
        load_deck(MALFORMED / "alias_bomb.yaml")
    assert "alias bomb" in caught.value.message


def test_deep_nesting_is_refused_in_process(tmp_path: Path) -> None:
    # Should the depth limit ever break, the subprocess test above says why
    # (this one may then take pytest down with it).
    path = tmp_path / "deep.yaml"
    path.write_text("[" * 100_000, encoding="utf-8")
    [error] = check_deck(path).errors
    assert "nesting deeper than" in error.message


# -- limits and disguises ------------------------------------------------------


def _deck_with(field_lines: str) -> str:
    return _DECK_HEAD + field_lines


def test_text_at_the_limit_loads_and_one_character_more_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "deck.yaml"
    path.write_text(_deck_with(f"    front: F\n    back: {'x' * MAX_TEXT_CHARS}\n"))
    (card,) = load_deck(path).cards
    assert len(card.back) == MAX_TEXT_CHARS
    path.write_text(_deck_with(f"    front: F\n    back: {'x' * (MAX_TEXT_CHARS + 1)}\n"))
    [error] = check_deck(path).errors
    assert str(error) == (
        f"{path}:7:11: error: 'back' is too long: 20,001 characters, where at most 20,000 "
        "are allowed"
    )


def test_a_ten_megabyte_field_is_refused_at_its_position(tmp_path: Path) -> None:
    path = tmp_path / "deck.yaml"
    lines = 10 * 2**20 // 96 + 1  # of 96 characters each, once indented
    path.write_text(_deck_with("    front: F\n    back: |\n" + f"      {'word ' * 19}\n" * lines))
    [error] = check_deck(path).errors
    assert (error.line, error.column) == (7, 11)
    assert error.message == (
        f"'back' is too long: {lines * 96:,} characters, where at most 20,000 are allowed"
    )
    assert lines * 96 > 10 * 2**20


def test_every_kind_of_text_has_the_limit(tmp_path: Path) -> None:
    long = "y" * (MAX_TEXT_CHARS + 1)
    path = tmp_path / "deck.yaml"
    path.write_text(
        f"endoquiz: 1\nid: t\ntitle: {long}\ntags: [{long}]\ncards:\n"
        f"  - id: {long}\n    kind: typed\n    front: F\n    answer: A\n"
        f"    accept: [{long}]\n    source: {{quote: {long}}}\n"
    )
    errors = check_deck(path).errors
    assert [(d.line, d.message.split(" is too long")[0]) for d in errors] == [
        (3, "'title'"),
        (4, "a tag"),
        (6, "'id'"),
        (10, "an item of 'accept'"),
        (11, "'quote'"),
    ]


def test_checking_stops_after_the_error_limit(tmp_path: Path) -> None:
    path = tmp_path / "deck.yaml"
    path.write_text(
        "endoquiz: 1\nid: t\ntitle: T\ncards:\n" + "  - {id: A, front: F, back: B}\n" * 1000
    )
    errors = check_deck(path).errors
    assert len(errors) == MAX_ERRORS + 1
    assert [d.line for d in errors] == list(range(5, 5 + MAX_ERRORS + 1))
    assert all("invalid card id 'A'" in d.message for d in errors[:-1])
    assert errors[-1].message == (
        "more than 100 errors; checking stopped here: fix these and check the file again"
    )


def test_warnings_beyond_the_limit_are_counted_not_listed(tmp_path: Path) -> None:
    path = tmp_path / "deck.yaml"
    cards = "".join(f"  - {{front: Q{n}, back: A}}\n" for n in range(MAX_WARNINGS + 50))
    path.write_text("endoquiz: 1\nid: t\ntitle: T\ncards:\n" + cards)
    result = check_deck(path)
    assert result.deck is not None and len(result.deck.cards) == MAX_WARNINGS + 50
    assert len(result.warnings) == MAX_WARNINGS + 1
    last = result.warnings[-1]
    assert last.line == 5 + MAX_WARNINGS + 49
    assert last.message == "50 more warning(s) up to here not listed"


def test_messages_quoting_huge_text_are_shortened(tmp_path: Path) -> None:
    path = tmp_path / "deck.yaml"
    key = "k" * 2**20
    path.write_text(
        f"endoquiz: 1\nid: t\ntitle: T\norder: {'9' * 2**20}\n? {key}\n: v\n"
        "cards:\n  - {id: a, front: F, back: B}\n"
    )
    order, unknown = check_deck(path).errors
    for error in (order, unknown):
        assert len(error.message) <= MAX_MESSAGE_CHARS
        assert " … " in error.message
    assert order.message.startswith("'order' must be a whole number from 0 to 1000000, not '999")
    assert unknown.message.startswith("unknown key 'kkkk")
    assert unknown.message.endswith("kkkk' in a deck")


def test_a_file_name_cannot_forge_or_disguise_a_diagnostic(tmp_path: Path) -> None:
    # Validating a downloaded folder prints its file names: one holding a line
    # break could print a fake "FILE:LINE:COL" line, and a right-to-left
    # override could make "...‮lmth.yaml" read as "...yaml.html".
    name = "deck.yaml:1:1: note: fine\nother\u202elmth.yaml"
    path = tmp_path / name
    path.write_text("endoquiz: 1\nid: t\ntitle: T\ncards: []\n", encoding="utf-8")
    [error] = check_deck(path).errors
    shown = str(error)
    assert "\n" not in shown and "\u202e" not in shown
    assert shown == (
        f"{tmp_path}/deck.yaml:1:1: note: fine\\nother\\u202elmth.yaml:4:8: error: "
        "'cards' is empty; a deck needs at least one card"
    )
    with pytest.raises(DeckError) as caught:
        load_deck(path)
    assert str(caught.value) == shown


def _within_seconds(seconds: float, work: Callable[[], object]) -> object:
    """What `work` returns, run in a thread; fails when it has not returned
    by then (a reader blocked on a named pipe never would)."""
    results: list[object] = []
    thread = threading.Thread(target=lambda: results.append(work()), daemon=True)
    thread.start()
    thread.join(seconds)
    assert results, f"still blocked after {seconds} s"
    return results[0]


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are POSIX")
@pytest.mark.parametrize("kind", ["named pipe", "device"])
def test_a_pipe_or_device_named_yaml_is_refused_without_blocking(tmp_path: Path, kind: str) -> None:
    path = tmp_path / "deck.yaml"
    if kind == "named pipe":
        os.mkfifo(path)  # no writer: opening it to read would wait for one
    else:
        path.symlink_to("/dev/zero")  # endless
    result = _within_seconds(10, lambda: check_deck(path))
    assert isinstance(result, DeckCheck) and result.deck is None
    [error] = result.errors
    assert (error.line, error.column) == (1, 1)
    assert error.message == "not a regular file (a named pipe or a device); decks are files"


def test_characters_that_cannot_be_seen_are_shown_as_their_code(tmp_path: Path) -> None:
    # Found by hypothesis: an unassigned code point in a key was quoted as it
    # was, so the message was not one printable line. A no-break space or a
    # private-use character cannot be told apart from a space or a box either.
    path = tmp_path / "deck.yaml"
    path.write_text(
        "endoquiz: 1\nid: t\ntitle: T\nback\u00a0\ue000\U0010ffff: x\n"
        "cards:\n  - {id: a, front: F, back: B}\n",
        encoding="utf-8",
    )
    [error] = check_deck(path).errors
    assert error.message == "unknown key 'back\\xa0\\ue000\\U0010ffff' in a deck"
    assert str(error).isprintable()


def test_right_to_left_text_on_cards_is_kept_as_written() -> None:
    # Card text may be in any script, with its own direction marks; only
    # names (ids, tags) and messages are kept free of them.
    deck = load_deck(HOSTILE / "right_to_left_text.yaml")
    assert deck.title == "Hormones \u202esdrawkcab"
    arabic, override = deck.cards
    assert arabic.back == "الإنسولين"
    assert override.front == "Which hormone lowers glucose? \u202enilusnI"


def test_markup_in_card_text_is_kept_as_written() -> None:
    # The loader keeps text as written; the card view shows it as text
    # (tests/gui/test_card_view.py).
    deck = load_deck(HOSTILE / "card_text_attacks.yaml")
    raw, images, links = deck.cards
    assert '<b onclick="alert(1)">bold</b>' in raw.front
    assert "![up](../outside.png)" in images.front
    assert "[javascript](javascript:alert(1))" in links.front


# -- valid decks ---------------------------------------------------------------


def _load(name: str) -> Deck:
    result = check_deck(VALID / name)
    assert result.errors == (), "\n".join(str(d) for d in result.errors)
    assert result.deck is not None
    return result.deck


def test_every_valid_file_loads_without_errors() -> None:
    files = sorted(VALID.glob("*.yaml"))
    assert len(files) >= 3
    for path in files:
        result = check_deck(path)
        assert result.errors == (), "\n".join(str(d) for d in result.errors)
        assert result.deck is not None
        assert load_deck(path) == result.deck


def test_all_kinds_deck_metadata() -> None:
    deck = _load("all_kinds.yaml")
    assert check_deck(VALID / "all_kinds.yaml").diagnostics == ()
    assert deck.id == "endocrine/insulin"
    assert deck.parent_id == "endocrine"
    assert deck.title == "Insulin basics"
    assert deck.description == "How insulin lowers blood glucose."
    assert deck.disclaimer == "For study only, not medical advice."
    assert deck.tags == ("endocrine", "glucose")
    assert deck.source is not None
    assert (deck.source.title, deck.source.author) == ("Physiology notes", "A. Teacher")
    assert deck.source.published == "2024"
    assert deck.path == VALID / "all_kinds.yaml"
    data = (VALID / "all_kinds.yaml").read_bytes()
    assert deck.content_hash == hashlib.sha256(data).hexdigest()


def test_all_kinds_cards() -> None:
    deck = _load("all_kinds.yaml")
    assert [card.id for card in deck.cards] == [
        "secretor",
        "glut4",
        "glut4:reverse",
        "action:c1",
        "action:c2",
        "lowers",
        "organ",
    ]
    assert [card.position for card in deck.cards] == list(range(7))
    assert all(card.deck_id == "endocrine/insulin" for card in deck.cards)
    by_id = {card.id: card for card in deck.cards}

    basic = by_id["secretor"]
    assert basic.kind is CardKind.BASIC
    assert (basic.front, basic.back) == (
        "Which cells secrete insulin?",
        "The beta cells of the pancreatic islets.",
    )
    assert basic.tags == ("pancreas", "endocrine", "glucose")
    assert basic.source is not None
    assert basic.source.section == "Islets"
    assert basic.line == 14


def test_reverse_entry_yields_two_cards() -> None:
    by_id = {card.id: card for card in _load("all_kinds.yaml").cards}
    forward, backward = by_id["glut4"], by_id["glut4:reverse"]
    assert forward.kind is backward.kind is CardKind.REVERSE
    assert forward.note_id == backward.note_id == "glut4"
    assert (forward.front, forward.back) == ("GLUT4", "The insulin-regulated glucose transporter")
    assert (backward.front, backward.back) == (forward.back, forward.front)
    assert forward.image == (VALID / "images" / "glut4.svg").resolve()
    assert backward.image == forward.image


def test_cloze_entry_yields_one_card_per_deletion() -> None:
    by_id = {card.id: card for card in _load("all_kinds.yaml").cards}
    first, second = by_id["action:c1"], by_id["action:c2"]
    assert first.note_id == second.note_id == "action"
    assert first.kind is CardKind.CLOZE
    # A hint replaces the hidden text; without one the front shows a blank.
    assert first.front == "Insulin moves [a transporter] to the cell membrane."
    assert second.front == f"Insulin moves GLUT4 to the {BLANK}."
    assert BLANK == "[…]"
    # The back is the whole text with this card's deletion in bold, then `extra`.
    assert (
        first.back == "Insulin moves **GLUT4** to the cell membrane.\n\nMostly in muscle and fat."
    )
    assert second.back == (
        "Insulin moves GLUT4 to the **cell membrane**.\n\nMostly in muscle and fat."
    )
    assert (first.answer, second.answer) == ("GLUT4", "cell membrane")


def test_choice_and_typed_cards() -> None:
    by_id = {card.id: card for card in _load("all_kinds.yaml").cards}
    choice = by_id["lowers"]
    assert choice.kind is CardKind.CHOICE
    assert choice.front == "Which hormone lowers blood glucose?"
    assert choice.choices == ("Insulin", "Glucagon", "Cortisol")
    assert choice.answer == choice.back == "Insulin"
    assert choice.explanation == "Glucagon and cortisol raise it."
    typed = by_id["organ"]
    assert typed.kind is CardKind.TYPED
    assert typed.answer == typed.back == "pancreas"
    assert typed.accept == ("the pancreas",)
    assert typed.explanation == "Its islets of Langerhans."


def test_card_without_id_loads_with_one_warning() -> None:
    path = VALID / "card_without_id.yaml"
    result = check_deck(path)
    assert result.deck is not None
    [warning] = result.diagnostics
    assert warning.severity is Severity.WARNING
    assert not warning.is_error
    assert (warning.line, warning.column) == (5, 5)
    assert "card has no 'id'" in warning.message
    assert str(warning).startswith(f"{path}:5:5: warning: card has no 'id'")
    [card] = result.deck.cards
    assert card.id.startswith("auto-")
    assert card.id in warning.message
    # Derived from the content, so the same on every load.
    assert load_deck(path).cards[0].id == card.id


@pytest.mark.parametrize(
    ("card_id", "front", "back"),
    [
        ("is-hormone", "Is insulin a hormone?", "yes"),
        ("answer", "The answer to everything", "42"),
        ("off", "Light switch", "off"),
        ("float", "A price", "1.50"),
        ("date", "A date", "2024-01-01"),
        ("octal", "An octal-looking number", "0777"),
        ("quoted", "yes", "no"),
        ("multi", "Line one\nLine two", "folded text"),
    ],
)
def test_scalars_load_as_their_source_text(card_id: str, front: str, back: str) -> None:
    by_id = {card.id: card for card in _load("scalars_stay_text.yaml").cards}
    card = by_id[card_id]
    assert (card.front, card.back) == (front, back)
    assert isinstance(card.back, str)


def test_bom_and_crlf_are_accepted(tmp_path: Path) -> None:
    text = (VALID / "all_kinds.yaml").read_text(encoding="utf-8")
    path = tmp_path / "deck.yaml"
    path.write_bytes(b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode("utf-8"))
    shutil.copytree(VALID / "images", tmp_path / "images")
    deck = load_deck(path)
    reference = _load("all_kinds.yaml")
    assert [(c.id, c.front, c.back, c.line) for c in deck.cards] == [
        (c.id, c.front, c.back, c.line) for c in reference.cards
    ]


def test_crlf_keeps_error_positions(tmp_path: Path) -> None:
    text = (MALFORMED / "unknown_card_key.yaml").read_text(encoding="utf-8")
    path = tmp_path / "deck.yaml"
    path.write_bytes(text.replace("\n", "\r\n").encode("utf-8"))
    positions = [(d.line, d.column) for d in check_deck(path).errors]
    assert positions == [(7, 5)]


def test_all_errors_of_a_deck_are_reported_at_once(tmp_path: Path) -> None:
    path = tmp_path / "deck.yaml"
    path.write_text(
        "endoquiz: 1\n"
        "id: Bad Id\n"
        "title: T\n"
        "cards:\n"
        "  - id: a\n"
        "    front: F\n"
        "    bakc: B\n"
        "  - id: b\n"
        "    kind: choice\n"
        "    question: Q\n"
        "    choices: [x]\n"
        "    answer: y\n",
        encoding="utf-8",
    )
    errors = check_deck(path).errors
    # A misspelt key is one error (with a did-you-mean), not also "missing 'back'".
    assert [(d.line, d.column) for d in errors] == [(2, 5), (7, 5), (11, 14), (12, 13)]


# -- properties: never anything but a Deck or a DeckError -----------------------

_FRAGMENTS = [
    "endoquiz: 1",
    "endoquiz: 2",
    "id: x",
    "id: a/b",
    "title: T",
    "cards:",
    "cards: []",
    "- id: x",
    "- id: y",
    "  - id: x",
    "  front:",
    "    front: F",
    "    back: B",
    "    back: yes",
    "    kind: cloze",
    "    kind: choice",
    "    kind: typed",
    "    kind: reverse",
    "    text: '{{c1::x}}'",
    "    text: {{c1:x}}",
    "    choices: [a, b]",
    "    answer: a",
    "    accept: [b]",
    "    image: ../x.png",
    "    image: x.png",
    "    tags: [t]",
    "    source: {article: A}",
    "tags: t",
    "source: S",
    "[",
    "]",
    "{",
    "}",
    "&a",
    "*a",
    "&b [1, 2]",
    "*b",
    "? ",
    ":",
    ": ",
    "-",
    "- ",
    ",",
    "'",
    '"',
    "|",
    ">",
    "#",
    "!",
    "!!str",
    "!!python/name:os.system",
    "---",
    "...",
    "%YAML 1.1",
    "\t",
    "  ",
    "    ",
    "\n",
    "\r\n",
    "\ufeff",
    "é",
    "\x85",
    "\u2028",
    "\x01",
    "{{c1::",
    "}}",
    # Invisible characters, escapes that make control characters, long text.
    "\u202e",
    "\u2066",
    "\u200b",
    '"\\e[2J"',
    '"\\r"',
    '"\\0"',
    '"\\u202e"',
    "  - id: a\u202eb",
    "    tags: [a\u202eb]",
    "? ",
    "x" * 25_000,
]


@st.composite
def yamlish(draw: st.DrawFn) -> str:
    """Text assembled from fragments of decks and YAML punctuation."""
    pieces = draw(st.lists(st.sampled_from(_FRAGMENTS), max_size=40))
    separators = draw(
        st.lists(st.sampled_from(["\n", " ", "", "\n  ", "\n    "]), min_size=len(pieces))
    )
    return "".join(piece + sep for piece, sep in zip(pieces, separators, strict=False))


def _check_file(data: bytes) -> None:
    """check_deck never raises; load_deck raises DeckError exactly when there is an error."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "deck.yaml"
        path.write_bytes(data)
        result = check_deck(path)
        assert (result.deck is None) == bool(result.errors)
        # Bounded, whatever the input: the number of messages and their
        # length, each one printable line.
        assert len(result.errors) <= MAX_ERRORS + 1
        assert len(result.warnings) <= MAX_WARNINGS + 1
        for diagnostic in result.diagnostics:
            assert diagnostic.line >= 1
            assert diagnostic.column >= 1
            assert diagnostic.message
            assert len(diagnostic.message) <= MAX_MESSAGE_CHARS
            assert str(diagnostic).isprintable()
        try:
            deck = load_deck(path)
        except DeckError as error:
            assert result.deck is None
            assert error.message == result.errors[0].message
        else:
            assert deck == result.deck


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=500))
def test_any_text_gives_a_deck_or_a_deck_error(text: str) -> None:
    _check_file(text.encode("utf-8"))


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=500))
def test_any_bytes_give_a_deck_or_a_deck_error(data: bytes) -> None:
    _check_file(data)


@settings(max_examples=200, deadline=None)
@given(yamlish())
def test_yamlish_text_gives_a_deck_or_a_deck_error(text: str) -> None:
    _check_file(text.encode("utf-8"))


@settings(max_examples=200, deadline=None)
@given(yamlish())
def test_yamlish_text_after_a_valid_head_gives_a_deck_or_a_deck_error(text: str) -> None:
    _check_file((_DECK_HEAD + "    front: F\n    back: B\n" + text).encode("utf-8"))


def test_card_tags_then_deck_tags_each_once(tmp_path: Path) -> None:
    path = tmp_path / "deck.yaml"
    path.write_text(
        "endoquiz: 1\nid: t\ntitle: T\ntags: [hormones, basics]\ncards:\n"
        "  - {id: a, front: F, back: B, tags: [basics, insulin]}\n",
        encoding="utf-8",
    )
    (card,) = load_deck(path).cards
    assert card.tags == ("basics", "insulin", "hormones")


def test_choice_cards_differing_only_in_choices_get_different_auto_ids(tmp_path: Path) -> None:
    path = tmp_path / "deck.yaml"
    path.write_text(
        "endoquiz: 1\nid: t\ntitle: T\ncards:\n"
        "  - {kind: choice, question: Q, choices: [a, b], answer: a}\n"
        "  - {kind: choice, question: Q, choices: [a, c], answer: a}\n",
        encoding="utf-8",
    )
    result = check_deck(path)
    assert result.deck is not None and len(result.warnings) == 2
    first, second = result.deck.cards
    assert first.id.startswith("auto-") and first.id != second.id


@pytest.mark.skipif(not Path("/proc/self/io").exists(), reason="reads counted by Linux's /proc")
def test_a_file_over_the_size_limit_is_refused_before_it_is_read(tmp_path: Path) -> None:
    # It was read, 50 MB of it, before the size was looked at.
    path = tmp_path / "deck.yaml"
    with path.open("wb") as file:
        file.truncate(60 * 1024 * 1024)  # sparse: no disk used

    def bytes_read() -> int:
        io = dict(line.split(": ") for line in Path("/proc/self/io").read_text().splitlines())
        return int(io["rchar"])

    before = bytes_read()
    [error] = check_deck(path).errors
    assert bytes_read() - before < 1024 * 1024
    assert (error.line, error.column) == (1, 1)
    assert error.message == "file is larger than 50 MB; decks are limited"


# -- duplicate keys do not hide the file's other problems ------------------------

_DUPLICATES_AND_MORE = """\
endoquiz: 1
id: test/deck
title: Test deck
title: Another title
cards:
  - id: a
    front: Front
    back: Back
    front: Another front
  - id: b
    kind: typed
    question: What?
  - id: c
    frnt: Front
    back: Back
"""


def test_a_duplicate_key_is_reported_with_every_other_error(tmp_path: Path) -> None:
    path = tmp_path / "deck.yaml"
    path.write_text(_DUPLICATES_AND_MORE, encoding="utf-8")
    result = check_deck(path)
    assert result.deck is None
    found = [(d.line, d.column, d.message.split(";")[0]) for d in result.errors]
    assert found[:2] == [
        (4, 1, "duplicate key 'title' (first given at line 3, column 1)"),
        (9, 5, "duplicate key 'front' (first given at line 7, column 5)"),
    ]
    # The cards after the duplicate are checked too: b lacks its answer, c
    # has a misspelt key.
    lines = [d.line for d in result.errors]
    assert 10 in lines or 11 in lines
    assert 14 in lines
    assert "'frnt'" in " ".join(d.message for d in result.errors)


def test_a_copy_of_a_file_with_a_duplicate_key_reports_it_too(tmp_path: Path) -> None:
    from endoquiz.decks.deck_loader import check_deck_keeping_parse

    source = tmp_path / "source.yaml"
    source.write_text(_DUPLICATES_AND_MORE, encoding="utf-8")
    copy = tmp_path / "copy.yaml"
    shutil.copyfile(source, copy)
    first, parsed = check_deck_keeping_parse(source)
    again, _ = check_deck_keeping_parse(copy, parsed)
    assert [(d.line, d.column, d.message) for d in again.diagnostics] == [
        (d.line, d.column, d.message) for d in first.diagnostics
    ]


def test_a_duplicate_key_before_a_syntax_error_is_reported_with_it(tmp_path: Path) -> None:
    path = tmp_path / "deck.yaml"
    path.write_text(_DUPLICATES_AND_MORE + "  - id: d\n   front: [\n", encoding="utf-8")
    result = check_deck(path)
    messages = [d.message for d in result.errors]
    assert messages[0].startswith("duplicate key 'title'")
    assert any(message.startswith("invalid YAML") for message in messages)
