"""Renamed cards keep their progress when their entry says `renamed_from:`."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from dataclasses import replace
from pathlib import Path

import pytest

from endoquiz import Library, Rating, State
from endoquiz.cli import main
from tests.conftest import T0, WriteDeck, study

BEFORE = """\
endoquiz: 1
id: thyroid
title: Thyroid
cards:
  - id: tsh
    kind: reverse
    front: TSH
    back: Thyroid-stimulating hormone
  - id: t4
    front: Which hormone carries four iodine atoms?
    back: Thyroxine
"""
RENAMED = BEFORE.replace("  - id: tsh\n", "  - id: thyrotropin\n    renamed_from: [tsh]\n")
RENAMED_SILENTLY = BEFORE.replace("  - id: tsh\n", "  - id: thyrotropin\n")


def rows(library: Library, sql: str) -> list[tuple[object, ...]]:
    with closing(sqlite3.connect(library.db_path)) as db:
        return [tuple(row) for row in db.execute(sql)]


def studied(library: Library, write_deck: WriteDeck) -> Path:
    path = write_deck(BEFORE)
    library.add_deck(path, now=T0)
    study(library, "thyroid", T0, [Rating.GOOD, Rating.GOOD, Rating.EASY])
    library.set_flag([("thyroid", "tsh")], 2)
    # Its sibling, held back for the day, is suspended: progress too.
    library.set_suspended([("thyroid", "tsh:reverse")])
    return path


def test_a_renamed_card_keeps_its_interval_due_date_answers_and_flag(
    library: Library, write_deck: WriteDeck
) -> None:
    path = studied(library, write_deck)
    old = library.card_state("thyroid", "tsh")
    old_reverse = library.card_state("thyroid", "tsh:reverse")
    answers = [(e.rating, e.reviewed_at) for e in library.review_log("thyroid", "tsh")]
    assert old.state is not State.NEW and answers

    path.write_text(RENAMED, encoding="utf-8")
    (entry,) = library.sync_decks()

    assert entry.diagnostics == ()
    new = library.card_state("thyroid", "thyrotropin")
    assert (new.state, new.due, new.stability, new.reps, new.last_review) == (
        old.state, old.due, old.stability, old.reps, old.last_review,
    )  # fmt: skip
    assert new.active
    # Its sibling follows: <old>:reverse is now <new>:reverse.
    reverse = library.card_state("thyroid", "thyrotropin:reverse")
    assert reverse == replace(old_reverse, card_id="thyrotropin:reverse")
    assert reverse.suspended
    assert [(e.rating, e.reviewed_at) for e in library.review_log("thyroid", "thyrotropin")] == (
        answers
    )
    assert library.flag("thyroid", "thyrotropin") == 2
    assert rows(library, "SELECT card_id FROM card WHERE card_id LIKE 'tsh%'") == []
    assert rows(library, "SELECT count(*) FROM review_log WHERE card_id LIKE 'tsh%'") == [(0,)]
    # The search finds it by its new text, as the browser shows it.
    assert [m.card_id for m in library.search_cards("thyroid-stimulating")] == [
        "thyrotropin", "thyrotropin:reverse",
    ]  # fmt: skip


def test_keeping_renamed_from_in_the_file_moves_nothing_more(
    library: Library, write_deck: WriteDeck
) -> None:
    path = studied(library, write_deck)
    path.write_text(RENAMED, encoding="utf-8")
    library.sync_decks()
    moved = library.card_state("thyroid", "thyrotropin")
    log = library.review_log("thyroid")

    path.write_text(RENAMED.replace("title: Thyroid", "title: The thyroid"), encoding="utf-8")
    (entry,) = library.sync_decks()

    assert entry.title == "The thyroid" and entry.diagnostics == ()
    assert library.card_state("thyroid", "thyrotropin") == moved
    assert library.review_log("thyroid") == log


def test_a_rename_without_renamed_from_warns_and_starts_new(
    library: Library, write_deck: WriteDeck
) -> None:
    path = studied(library, write_deck)
    path.write_text(RENAMED_SILENTLY, encoding="utf-8")
    (entry,) = library.sync_decks()

    assert [str(d) for d in entry.diagnostics] == [
        f"{path}:5:9: warning: card 'tsh' (1 answer) is no longer in the file and "
        "'thyrotropin' is new: if it was renamed, add `renamed_from: [tsh]` to "
        "'thyrotropin' to keep its progress"
    ]
    assert library.card_state("thyroid", "thyrotropin").state is State.NEW
    assert not library.card_state("thyroid", "tsh").active


def test_renamed_from_added_after_the_new_id_was_installed_still_moves(
    library: Library, write_deck: WriteDeck
) -> None:
    """The warning's advice works: the new id, installed unstudied when the
    file was saved without `renamed_from`, takes the old id's progress."""
    path = studied(library, write_deck)
    old = library.card_state("thyroid", "tsh")
    path.write_text(RENAMED_SILENTLY, encoding="utf-8")
    library.sync_decks()
    path.write_text(RENAMED, encoding="utf-8")
    (entry,) = library.sync_decks()

    assert entry.diagnostics == ()
    new = library.card_state("thyroid", "thyrotropin")
    assert (new.state, new.due, new.reps) == (old.state, old.due, old.reps)
    assert rows(library, "SELECT count(*) FROM card WHERE card_id = 'thyrotropin'") == [(1,)]


def test_two_histories_are_not_merged_and_it_warns(library: Library, write_deck: WriteDeck) -> None:
    path = studied(library, write_deck)
    t4 = library.card_state("thyroid", "t4")
    tsh = library.card_state("thyroid", "tsh")
    # t4 says it was tsh; both were studied.
    text = BEFORE.replace(
        "  - id: tsh\n    kind: reverse\n    front: TSH\n    back: Thyroid-stimulating hormone\n",
        "",
    ).replace("  - id: t4\n", "  - id: t4\n    renamed_from: [tsh]\n")
    path.write_text(text, encoding="utf-8")
    (entry,) = library.sync_decks()

    assert [str(d) for d in entry.diagnostics] == [
        f"{path}:6:20: warning: card 't4' (2 answers) and its old id 'tsh' (1 answer) both "
        "have progress: they are not merged, 't4' keeps its own and 'tsh' its history"
    ]
    assert library.card_state("thyroid", "t4") == t4
    assert library.card_state("thyroid", "tsh").reps == tsh.reps
    assert len(library.review_log("thyroid", "t4")) == 2


def test_a_cloze_entry_renamed_keeps_each_deletion(library: Library, write_deck: WriteDeck) -> None:
    path = write_deck(
        """\
        endoquiz: 1
        id: cl
        title: Cloze
        cards:
          - id: islets
            kind: cloze
            text: "{{c1::Beta}} cells make insulin, {{c2::alpha}} cells glucagon."
        """
    )
    library.add_deck(path, now=T0)
    study(library, "cl", T0, [Rating.EASY])  # c2 is held back for the day
    library.set_flag([("cl", "islets:c2")], 3)
    before = {n: library.card_state("cl", f"islets:c{n}") for n in (1, 2)}
    path.write_text(
        path.read_text(encoding="utf-8").replace(
            "- id: islets", "- id: islet-cells\n    renamed_from: [islets]"
        ),
        encoding="utf-8",
    )
    library.sync_decks()
    for n in (1, 2):
        after = library.card_state("cl", f"islet-cells:c{n}")
        assert after == replace(before[n], card_id=f"islet-cells:c{n}")
    assert library.card_state("cl", "islet-cells:c1").reps == 1
    assert library.flag("cl", "islet-cells:c2") == 3


def test_validate_warns_against_the_data_folder_and_writes_nothing(
    library: Library, write_deck: WriteDeck, data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = studied(library, write_deck)
    path.write_text(RENAMED_SILENTLY, encoding="utf-8")
    stored = rows(library, "SELECT card_id, active FROM card ORDER BY card_id")

    assert main(["validate", "--data-dir", str(data_dir), str(path)]) == 0
    out, err = capsys.readouterr()
    assert out == (
        f"{path}:5:9: warning: card 'tsh' (1 answer) is no longer in the file and "
        "'thyrotropin' is new: if it was renamed, add `renamed_from: [tsh]` to "
        "'thyrotropin' to keep its progress\n"
    )
    assert "0 error(s), 1 warning(s)" in err
    assert rows(library, "SELECT card_id, active FROM card ORDER BY card_id") == stored


def test_validate_without_progress_creates_no_data_folder(
    write_deck: WriteDeck, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write_deck(RENAMED)
    folder = tmp_path / "nobody-studied-here"
    assert main(["validate", "--data-dir", str(folder), str(path)]) == 0
    assert capsys.readouterr().out == ""
    assert not folder.exists()
    # The default data folder (here $ENDOQUIZ_DATA_DIR) is not created either.
    assert main(["validate", str(path)]) == 0
    assert not (tmp_path / "env-data").exists()


def test_the_warning_points_at_a_quoted_id_in_a_flow_mapping(
    library: Library, write_deck: WriteDeck
) -> None:
    path = write_deck(
        'endoquiz: 1\nid: f\ntitle: F\ncards:\n  - {id: "old", front: "Q?", back: A}\n'
    )
    library.add_deck(path, now=T0)
    study(library, "f", T0, [Rating.GOOD])
    path.write_text(
        'endoquiz: 1\nid: f\ntitle: F\ncards:\n  - {front: "Q?", back: A, id: "new"}\n',
        encoding="utf-8",
    )
    (entry,) = library.sync_decks()
    # At the quote, where the YAML node of the id starts.
    assert [(d.line, d.column) for d in entry.diagnostics] == [(5, 32)]


def test_a_card_without_an_id_edited_is_told_to_take_one_and_its_old_id(
    library: Library, write_deck: WriteDeck
) -> None:
    path = write_deck("endoquiz: 1\nid: n\ntitle: N\ncards:\n  - front: Q?\n    back: A\n")
    (old_id,) = [card.id for card in library.add_deck(path, now=T0).cards]
    study(library, "n", T0, [Rating.GOOD])
    path.write_text(path.read_text(encoding="utf-8").replace("back: A", "back: B"))
    (entry,) = library.sync_decks()

    (warning,) = [d for d in entry.diagnostics if "no longer in the file" in d.message]
    assert (warning.line, warning.column) == (5, 1)
    assert warning.message == (
        f"card '{old_id}' (1 answer) is no longer in the file and this card, without an id, "
        f"is new: if it was edited from it, give it an id and add `renamed_from: [{old_id}]`"
    )


def test_a_synced_decks_warnings_are_in_file_order(library: Library, write_deck: WriteDeck) -> None:
    path = studied(library, write_deck)
    path.write_text(RENAMED_SILENTLY + "  - front: Without an id?\n    back: Yes\n")
    (entry,) = library.sync_decks()
    assert [(d.line, d.message.split(":")[0]) for d in entry.diagnostics] == [
        (5, "card 'tsh' (1 answer) is no longer in the file and 'thyrotropin' is new"),
        (12, "card has no 'id'; using 'auto-6de8c40483', derived from its content"),
    ]


def test_importing_a_file_again_says_what_a_rename_forgot(
    library: Library, write_deck: WriteDeck
) -> None:
    path = studied(library, write_deck)
    path.write_text(RENAMED_SILENTLY, encoding="utf-8")
    # File → Import of the same file, edited: its warnings come with the result.
    result = library.install_decks([path])
    assert [deck.id for deck in result.installed] == ["thyroid"]
    (warning,) = result.warnings
    assert warning.message.startswith("card 'tsh' (")
    assert "add `renamed_from: [tsh]`" in warning.message
