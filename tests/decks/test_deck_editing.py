"""Editing a card of a deck file: the rest kept byte for byte, nothing invalid or stale written."""

from __future__ import annotations

import hashlib
import tempfile
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from endoquiz import check_deck
from endoquiz.decks.deck_editing import DeckEditError, add_entry, read_entry, update_entry
from tests.conftest import WriteDeck

# A teacher's file: comments everywhere, flow and block styles, quotes of
# both kinds, block scalars, an anchor with an alias, blank lines, an entry
# without an id.
TEACHER_DECK = """\
# Thyroid deck, written by hand.
endoquiz: 1
id: thyroid   # never change this
title: "Thyroid: the basics"
tags: [thyroid, hormones]  # every card gets these
cards:
  # -- definitions --
  - id: tsh
    front: What does TSH stand for?   # asked first
    back: |
      Thyroid-stimulating hormone,
      made by the anterior pituitary.

  - id: t4   # thyroxine
    kind: typed
    front: 'Which hormone carries four iodine atoms?'
    answer: Thyroxine
    accept: [T4, tetraiodothyronine]
    explanation: >
      Its active form, T3, carries
      three.
    tags:
      - iodine
      - hormones

  # a flow entry
  - {id: goitre, front: An enlarged thyroid is a…, back: goitre}
  - &shared
    id: gland
    kind: choice
    question: Which gland makes T4?
    choices:
      - Thyroid
      - Adrenal
    answer: Thyroid
  - id: gland-again
    front: &q "Where is T4 made?"
    back: In the thyroid.
  - front: *q
    back: In the thyroid gland.
# end of the deck
"""


def test_an_edit_of_one_field_changes_only_its_lines(write_deck: WriteDeck) -> None:
    path = write_deck(TEACHER_DECK)

    edit = update_entry(path, "t4", {"answer": "Levothyroxine"})

    assert edit.written and edit.ok
    expected = TEACHER_DECK.replace("    answer: Thyroxine\n", "    answer: Levothyroxine\n")
    assert path.read_bytes() == expected.encode("utf-8")


def test_a_block_text_replaced_keeps_the_blank_line_after_it(write_deck: WriteDeck) -> None:
    path = write_deck(TEACHER_DECK)

    update_entry(path, "tsh", {"back": "Thyroid-stimulating hormone."})

    expected = TEACHER_DECK.replace(
        "    back: |\n      Thyroid-stimulating hormone,\n      made by the anterior pituitary.\n",
        "    back: Thyroid-stimulating hormone.\n",
    )
    assert path.read_text(encoding="utf-8") == expected


def test_a_key_added_and_one_removed_keep_the_rest(write_deck: WriteDeck) -> None:
    path = write_deck(TEACHER_DECK)

    update_entry(path, "tsh", {"tags": ["pituitary"]})
    update_entry(path, "t4", {"tags": None, "explanation": None})

    text = path.read_text(encoding="utf-8")
    assert "      made by the anterior pituitary.\n    tags: [pituitary]\n\n  - id: t4" in text
    assert "    accept: [T4, tetraiodothyronine]\n\n  # a flow entry\n" in text
    rest = TEACHER_DECK[TEACHER_DECK.index("  # a flow entry") :]
    assert text.endswith(rest)


def test_new_texts_are_written_readably(write_deck: WriteDeck) -> None:
    path = write_deck(TEACHER_DECK)

    update_entry(path, "goitre", {"back": "yes"})
    update_entry(path, "tsh", {"back": "Two lines:\n\n- one\n- two"})

    text = path.read_text(encoding="utf-8")
    assert '{id: goitre, front: An enlarged thyroid is a…, back: "yes"}' in text
    assert "    back: |-\n      Two lines:\n\n      - one\n      - two\n\n  - id: t4" in text


# Texts that YAML readers other than endoquiz's would take for something
# else, or that YAML's syntax would take apart, unquoted.
TRICKY = [
    "yes",
    "No",
    "on",
    "1.0",
    "3.10",
    "0x10",
    "1_000",
    "null",
    "~",
    "2024-09-01",
    ".inf",
    "<<",
    "=",
    "a: b",
    "{{c1::x}}",
    "[x]",
    "# not a comment",
    "ends with # hash",
    "- item",
    "&anchor",
    "*alias",
    "!tag",
    "%percent",
    "@at",
    "`code`",
    "|pipe",
    ">fold",
    "it's",
    'say "hi"',
    "back\\slash",
    "tab\there",
    "multi\nline",
    "indented\n  second line",
    "trailing space \nnext",
]


@pytest.mark.parametrize("text", TRICKY)
def test_every_text_reads_back_as_written(write_deck: WriteDeck, text: str) -> None:
    path = write_deck(TEACHER_DECK)

    edit = update_entry(path, "gland-again", {"back": text})

    assert edit.written
    assert read_entry(path, "gland-again").fields["back"] == text
    # And as other YAML readers (PyYAML, editors' language servers) read it.
    document = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert document["cards"][4]["back"] == text


@settings(max_examples=60, deadline=None)
@given(
    text=st.text(
        st.one_of(
            st.characters(exclude_categories=["Cs", "Cc"]),
            st.sampled_from(list("\n\t:#-'\"|>{}[],&*!%@`?\\ ")),
        ),
        min_size=1,
        max_size=60,
    ).filter(lambda text: text.strip() != "")
)
def test_any_text_reads_back_as_endoquiz_reads_it(text: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "deck.yaml"
        path.write_text(TEACHER_DECK, encoding="utf-8")

        edit = update_entry(path, "tsh", {"front": text})

        assert edit.written, [str(d) for d in edit.check.errors]
        assert read_entry(path, "tsh").fields["front"] == text.strip()


def test_an_edit_that_changes_nothing_leaves_the_file_alone(write_deck: WriteDeck) -> None:
    path = write_deck(TEACHER_DECK)
    before = path.stat().st_mtime_ns

    same = {"answer": " Thyroxine ", "accept": ["T4", "tetraiodothyronine"]}
    edit = update_entry(path, "t4", same)

    assert edit.ok and not edit.written
    assert path.stat().st_mtime_ns == before


def test_an_edit_the_deck_refuses_writes_nothing(write_deck: WriteDeck) -> None:
    path = write_deck(TEACHER_DECK)

    edit = update_entry(path, "gland", {"answer": "Pituitary"})

    assert not edit.written and not edit.ok
    assert any("is not one of the choices" in d.message for d in edit.check.errors), [
        str(d) for d in edit.check.errors
    ]
    assert path.read_text(encoding="utf-8") == TEACHER_DECK


def test_a_file_changed_since_it_was_read_is_not_overwritten(write_deck: WriteDeck) -> None:
    path = write_deck(TEACHER_DECK)
    entry = read_entry(path, "tsh")
    # Saved meanwhile in a text editor beside the app.
    by_hand = TEACHER_DECK.replace("goitre}", "goiter}")
    path.write_text(by_hand, encoding="utf-8")

    with pytest.raises(DeckEditError, match="changed on disk since it was opened"):
        update_entry(path, "tsh", {"back": "TSH"}, expected_hash=entry.content_hash)

    assert path.read_text(encoding="utf-8") == by_hand


def test_the_hash_is_the_decks_content_hash(write_deck: WriteDeck) -> None:
    path = write_deck(TEACHER_DECK)
    deck = check_deck(path).deck
    assert deck is not None

    assert read_entry(path, "tsh").content_hash == deck.content_hash
    assert deck.content_hash == hashlib.sha256(TEACHER_DECK.encode()).hexdigest()


def test_a_file_ruamel_cannot_read_is_refused_clearly(write_deck: WriteDeck) -> None:
    # endoquiz keeps the number as text; ruamel.yaml would make it an int
    # and Python refuses one of 5,000 digits.
    path = write_deck(TEACHER_DECK.replace("back: goitre", "back: " + "7" * 5000))
    assert check_deck(path).deck is not None

    with pytest.raises(DeckEditError, match=r"cannot be edited here: ruamel\.yaml cannot read it"):
        update_entry(path, "tsh", {"back": "TSH"})


def test_the_id_cannot_be_changed(write_deck: WriteDeck) -> None:
    path = write_deck(TEACHER_DECK)

    with pytest.raises(DeckEditError, match="cannot be changed here"):
        update_entry(path, "tsh", {"id": "thyrotropin"})

    assert path.read_text(encoding="utf-8") == TEACHER_DECK


def test_an_entry_without_id_gets_the_id_it_is_known_by(write_deck: WriteDeck) -> None:
    path = write_deck(TEACHER_DECK)
    deck = check_deck(path).deck
    assert deck is not None
    derived = deck.cards[-1].id

    update_entry(path, derived, {"back": "The thyroid."})

    after = check_deck(path)
    assert after.deck is not None and after.deck.cards[-1].id == derived
    assert not after.warnings
    assert f"  - id: {derived}\n    front: *q\n    back: The thyroid.\n# end" in path.read_text()


def test_an_unknown_card_is_refused(write_deck: WriteDeck) -> None:
    path = write_deck(TEACHER_DECK)

    with pytest.raises(DeckEditError, match="has no card 'nope'"):
        update_entry(path, "nope", {"back": "x"})


def test_a_card_added_at_the_end_and_after_another(write_deck: WriteDeck) -> None:
    path = write_deck(TEACHER_DECK)

    add_entry(path, {"id": "t3", "front": "T3?", "back": "Triiodothyronine"})
    edit = add_entry(
        path, {"kind": "cloze", "text": "{{c1::TSH}} rises", "id": "tsh-rises"}, after="tsh"
    )

    assert edit.written
    text = path.read_text(encoding="utf-8")
    added = "  - id: t3\n    front: T3?\n    back: Triiodothyronine\n"
    assert text.endswith(added + "# end of the deck\n")
    # Between two cards written apart, apart too; keys in the format's order.
    assert (
        "      made by the anterior pituitary.\n\n"
        "  - id: tsh-rises\n    kind: cloze\n    text: '{{c1::TSH}} rises'\n\n"
        "  - id: t4   # thyroxine\n"
    ) in text
    deck = check_deck(path).deck
    assert deck is not None
    assert [card.id for card in deck.cards][:3] == ["tsh", "tsh-rises:c1", "t4"]
    assert edit.line == 14


def test_a_new_card_needs_an_id(write_deck: WriteDeck) -> None:
    path = write_deck(TEACHER_DECK)

    with pytest.raises(DeckEditError, match="needs an id"):
        add_entry(path, {"front": "F", "back": "B"})


def test_the_file_keeps_its_mode_byte_order_mark_and_line_ends(write_deck: WriteDeck) -> None:
    path = write_deck("x")
    path.write_bytes(b"\xef\xbb\xbf" + TEACHER_DECK.replace("\n", "\r\n").encode())
    path.chmod(0o640)

    update_entry(path, "t4", {"answer": "Levothyroxine"})

    expected = TEACHER_DECK.replace("answer: Thyroxine", "answer: Levothyroxine")
    assert path.read_bytes() == b"\xef\xbb\xbf" + expected.replace("\n", "\r\n").encode()
    assert path.stat().st_mode & 0o777 == 0o640
    assert [p.name for p in path.parent.iterdir()] == [path.name]


def test_long_lines_folded_elsewhere_stay_as_they_are(write_deck: WriteDeck) -> None:
    folded = TEACHER_DECK.replace(
        "    back: In the thyroid.\n",
        "    back: In the thyroid,\n      a gland of the neck.\n",
    )
    path = write_deck(folded)

    update_entry(path, "tsh", {"back": "TSH"})

    assert "    back: In the thyroid,\n      a gland of the neck.\n" in path.read_text()


# Layouts a teacher may have, each with one card `a` whose back is "B".
LAYOUTS = {
    "flow cards": "endoquiz: 1\nid: d\ntitle: T\ncards: [{id: a, front: F, back: B}]\n",
    "document markers": "%YAML 1.2\n---\n# top\nendoquiz: 1\nid: d\ntitle: T\n"
    "cards:\n- id: a\n  front: F\n  back: B\n...\n",
    "quoted keys": 'endoquiz: 1\n"id": d\ntitle: T\ncards:\n  - "id": a\n'
    "    \"front\": F\n    'back': B\n",
    "four spaces": "endoquiz: 1\nid: d\ntitle: T\nsource:\n    title: S\ncards:\n"
    "    -   id: a\n        front: F\n        back: B\n",
    "no final line end": "endoquiz: 1\nid: d\ntitle: T\ncards:\n- id: a\n  front: F\n  back: B",
}


@pytest.mark.parametrize("layout", list(LAYOUTS))
def test_every_layout_keeps_its_bytes(write_deck: WriteDeck, layout: str) -> None:
    text = LAYOUTS[layout]
    path = write_deck("x")
    path.write_text(text, encoding="utf-8")

    update_entry(path, "a", {"back": "Bee"})

    assert path.read_text(encoding="utf-8") == text.replace(": B", ": Bee")


@pytest.mark.parametrize(
    "hostile",
    [
        # A tag naming Python code, an alias bomb, nesting beyond the bound.
        "    back: !!python/object/apply:os.system ['touch pwned']\n",
        "    back: &a [x, x, x, x, x, x, x, x, x]\n"
        + "    extra: &b ["
        + ", ".join(["*a"] * 9)
        + "]\n"
        + "    more: ["
        + ", ".join(["*b"] * 200_000)
        + "]\n",
        "    back: " + "[" * 70 + "]" * 70 + "\n",
    ],
)
def test_a_hostile_file_is_refused_before_ruamel_reads_it(
    write_deck: WriteDeck, hostile: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    text = "endoquiz: 1\nid: h\ntitle: H\ncards:\n  - id: a\n    front: F\n" + hostile
    path = write_deck(text)

    def never(*_args: object) -> None:
        raise AssertionError("ruamel.yaml read a file endoquiz's reader refuses")

    monkeypatch.setattr("endoquiz.decks.deck_editing.RoundTripText", never)
    with pytest.raises(DeckEditError, match="cannot be edited until its YAML is fixed"):
        update_entry(path, "a", {"back": "B"})
    assert path.read_text(encoding="utf-8") == text
    assert not (tmp_path / "pwned").exists()
