"""The library: installing decks, editing them without losing progress, missing files."""

from __future__ import annotations

import json
import os
import sqlite3
from contextlib import closing
from pathlib import Path

import pytest

from endoquiz import DeckError, DeckStatus, Library, Rating, State
from endoquiz.cli import main
from endoquiz.paths import resolve_data_dir
from tests.conftest import T0, WriteDeck, basic_deck, study


def study_all(library: Library, deck_id: str, rating: Rating = Rating.EASY) -> list[str]:
    session = library.review(deck_id, now=T0)
    shown = []
    while (card := session.next_card(T0)) is not None:
        session.answer(card, rating, T0)
        shown.append(card.id)
    return shown


def test_open_creates_the_data_folder_and_database(tmp_path: Path) -> None:
    folder = tmp_path / "new" / "nested"
    with Library.open(folder) as library:
        assert library.db_path == folder / "progress.sqlite3"
        assert library.decks() == []
    assert (folder / "progress.sqlite3").is_file()


def test_edits_keep_progress_of_cards_whose_id_is_unchanged(
    library: Library, write_deck: WriteDeck
) -> None:
    path = write_deck(basic_deck("edits", ["keep", "reword", "remove"]))
    library.add_deck(path)
    assert study_all(library, "edits") == ["keep", "reword", "remove"]
    before = {cid: library.card_state("edits", cid) for cid in ("keep", "reword", "remove")}

    # Reword one card, remove one, add one, and reorder.
    path.write_text(
        """endoquiz: 1
id: edits
title: Edited deck
cards:
  - id: added
    front: A new question?
    back: A new answer
  - id: reword
    front: A clearer question?
    back: A clearer answer
  - id: keep
    front: Question keep?
    back: Answer keep
""",
        encoding="utf-8",
    )
    deck = library.add_deck(path)
    assert [card.id for card in deck.cards] == ["added", "reword", "keep"]
    assert deck.title == "Edited deck"
    for card_id in ("keep", "reword"):
        assert library.card_state("edits", card_id) == before[card_id]
    assert library.card_state("edits", "added").state is State.NEW
    removed = library.card_state("edits", "remove")
    assert not removed.active and removed.reps == before["remove"].reps
    assert len(library.review_log(card_id="remove")) == 1
    # Only the added card is new; the removed one is not scheduled any more.
    later = T0.replace(year=T0.year + 1)
    session = library.review("edits", now=later)
    due = []
    while (card := session.next_card(later)) is not None:
        due.append(card.id)
        session.answer(card, Rating.EASY, later)
    assert sorted(due) == ["added", "keep", "reword"]


def test_a_removed_card_comes_back_with_its_progress(
    library: Library, write_deck: WriteDeck
) -> None:
    path = write_deck(basic_deck("comeback", ["a", "b"]))
    library.add_deck(path)
    study_all(library, "comeback")
    progress = library.card_state("comeback", "b")
    write_deck(basic_deck("comeback", ["a"]))
    library.add_deck(path)
    write_deck(basic_deck("comeback", ["a", "b"]))
    library.add_deck(path)
    assert library.card_state("comeback", "b") == progress


def test_edited_file_is_picked_up_without_add_deck(library: Library, write_deck: WriteDeck) -> None:
    path = write_deck(basic_deck("watch", ["a"]))
    library.add_deck(path)
    write_deck(basic_deck("watch", ["a", "b"]))
    os.utime(path, ns=(1, 1))  # a different mtime, whatever the file system's resolution
    (entry,) = library.decks()
    assert entry.status is DeckStatus.OK and entry.deck is not None
    assert [card.id for card in entry.deck.cards] == ["a", "b"]
    assert entry.card_count == 2
    # Listing reads the file as it is now, and writes nothing: the app
    # stores the change when it syncs (at start, when a watched file
    # changes), and a study session does for its decks.
    changes = library.changes
    with pytest.raises(KeyError):
        library.card_state("watch", "b")
    assert library.changes == changes
    (synced,) = library.sync_decks()
    assert synced.card_count == 2
    assert library.card_state("watch", "b").state is State.NEW


def test_a_session_stores_its_changed_deck_files(library: Library, write_deck: WriteDeck) -> None:
    path = write_deck(basic_deck("watch", ["a"]))
    library.add_deck(path)
    write_deck(basic_deck("watch", ["a", "b"]))
    os.utime(path, ns=(1, 1))
    session = library.review("watch", now=T0)
    assert session.counts(T0).new == 2
    assert library.card_state("watch", "b").state is State.NEW


def test_invalid_deck_is_refused_and_nothing_installed_changes(
    library: Library, write_deck: WriteDeck
) -> None:
    path = write_deck(basic_deck("safe", ["a"]))
    library.add_deck(path)
    study_all(library, "safe")
    progress = library.card_state("safe", "a")
    path.write_text("endoquiz: 1\nid: safe\ntitle: Broken\ncards:\n  - id: a\n    front: Q\n")
    with pytest.raises(DeckError) as raised:
        library.add_deck(path)
    assert (raised.value.line, raised.value.column) == (5, 5)
    assert "missing 'back'" in raised.value.message
    assert library.card_state("safe", "a") == progress
    (entry,) = library.decks()
    assert entry.status is DeckStatus.INVALID and entry.title == "Test deck"
    assert entry.diagnostics[0].line == 5


def test_missing_file_keeps_progress_until_it_returns(
    library: Library, write_deck: WriteDeck
) -> None:
    path = write_deck(basic_deck("gone", ["a"]))
    library.add_deck(path)
    study_all(library, "gone")
    progress = library.card_state("gone", "a")
    text = path.read_text()
    path.unlink()
    (entry,) = library.decks()
    assert entry.status is DeckStatus.MISSING and entry.deck is None
    assert "missing" in entry.diagnostics[0].message
    with pytest.raises(DeckError):
        library.deck("gone")
    assert library.review("gone", now=T0).next_card(T0) is None
    path.write_text(text)
    (entry,) = library.decks()
    assert entry.status is DeckStatus.OK
    assert library.card_state("gone", "a") == progress


def test_changed_deck_id_in_an_installed_file_is_reported(
    library: Library, write_deck: WriteDeck
) -> None:
    path = write_deck(basic_deck("first-id", ["a"]))
    library.add_deck(path)
    write_deck(basic_deck("second-id", ["a"]))
    os.utime(path, ns=(1, 1))
    (entry,) = library.decks()
    assert entry.status is DeckStatus.INVALID
    assert "second-id" in entry.diagnostics[0].message


def test_add_decks_in_a_folder_reports_bad_ones(library: Library, write_deck: WriteDeck) -> None:
    write_deck(basic_deck("folder/one", ["a"]), "one.yaml")
    write_deck(basic_deck("folder/two", ["a"]), "sub/two.yml")
    bad = write_deck("endoquiz: 1\nid: bad\n", "bad.yaml")
    installed, errors = library.add_decks_in(bad.parent)
    assert sorted(deck.id for deck in installed) == ["folder/one", "folder/two"]
    assert [error.path for error in errors] == [bad]
    assert [entry.id for entry in library.decks()] == ["folder/one", "folder/two"]
    assert library.deck_tree("folder") == ["folder/one", "folder/two"]


def test_unknown_deck_and_card(library: Library) -> None:
    with pytest.raises(KeyError):
        library.review("nope")
    with pytest.raises(KeyError):
        library.card_state("nope", "a")


def test_data_dir_precedence(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("ENDOQUIZ_DATA_DIR", str(tmp_path / "from-env"))
    assert resolve_data_dir(str(tmp_path / "explicit")) == tmp_path / "explicit"
    assert resolve_data_dir(None) == tmp_path / "from-env"
    monkeypatch.delenv("ENDOQUIZ_DATA_DIR")
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    assert resolve_data_dir(None) == tmp_path / "xdg" / "endoquiz"


def test_sibling_decks_follow_their_order_then_their_id(
    library: Library, write_deck: WriteDeck
) -> None:
    def deck(deck_id: str, order: int | None) -> str:
        text = basic_deck(deck_id, [deck_id.replace("/", "-")])
        return text.replace("cards:", f"order: {order}\ncards:") if order is not None else text

    library.add_deck(write_deck(deck("course/academic", 3), "a.yaml"))
    library.add_deck(write_deck(deck("course/fundamentals", 1), "f.yaml"))
    library.add_deck(write_deck(deck("course/intermediate", 2), "i.yaml"))
    library.add_deck(write_deck(deck("course/extras", None), "e.yaml"))
    library.add_deck(write_deck(deck("course/fundamentals/more", None), "m.yaml"))
    expected = [
        "course/fundamentals",
        "course/fundamentals/more",
        "course/intermediate",
        "course/academic",
        "course/extras",
    ]
    assert library.deck_tree("course") == expected
    assert [entry.id for entry in library.decks()] == expected
    # New cards of a whole course come in that order too.
    session = library.review("course", now=T0)
    first = session.next_card(T0)
    assert first is not None and first.deck_id == "course/fundamentals"


def test_unchanged_decks_are_not_parsed_again_on_reopen(
    data_dir: Path, write_deck: WriteDeck, monkeypatch: pytest.MonkeyPatch
) -> None:
    from endoquiz.decks.deck_loader import check_deck as real_check

    path = write_deck(basic_deck("cached", ["a", "b"], title="Cached deck"))
    with Library.open(data_dir) as library:
        library.add_deck(path)
    parsed: list[Path] = []

    def counting_check(deck_path: Path) -> object:
        parsed.append(deck_path)
        return real_check(deck_path)

    monkeypatch.setattr("endoquiz.library.installed_decks.check_deck", counting_check)
    with Library.open(data_dir) as library:
        (entry,) = library.decks()
        assert (entry.title, entry.card_count, entry.status) == ("Cached deck", 2, DeckStatus.OK)
        assert library.deck_counts(T0)["cached"].new == 2
        assert parsed == []  # listing and counting read no deck file
        assert entry.deck is not None and len(entry.deck.cards) == 2
        assert len(parsed) == 1  # the cards are parsed when first needed
        write_deck(basic_deck("cached", ["a", "b", "c"], title="Cached deck"))
        os.utime(path, ns=(1, 1))
        (entry,) = library.decks()
        assert entry.card_count == 3 and len(parsed) == 2


def test_deck_counts_add_up_the_tree_within_the_limits(
    library: Library, write_deck: WriteDeck
) -> None:
    library.add_deck(
        write_deck(basic_deck("course/part-one", [f"a{i}" for i in range(15)]), "1.yaml")
    )
    library.add_deck(
        write_deck(basic_deck("course/part-two", [f"b{i}" for i in range(15)]), "2.yaml")
    )
    session = library.review("course/part-one", now=T0)
    for _ in range(3):
        card = session.next_card(T0)
        assert card is not None
        session.answer(card, Rating.AGAIN, T0)
    counts = library.deck_counts(T0)
    assert counts["course/part-one"] == (12, 3, 0)
    assert counts["course/part-two"] == (15, 0, 0)
    # The parent counts both children, within the new-card limit of 20 (3 used today).
    assert counts["course"] == (17, 3, 0)


def test_studying_an_unchanged_deck_reads_no_file(
    data_dir: Path, write_deck: WriteDeck, monkeypatch: pytest.MonkeyPatch
) -> None:
    from endoquiz.decks.deck_loader import check_deck as real_check

    path = write_deck(basic_deck("stored", ["a", "b"]))
    with Library.open(data_dir) as library:
        installed = library.add_deck(path)
    parsed: list[Path] = []

    def counting_check(deck_path: Path) -> object:
        parsed.append(deck_path)
        return real_check(deck_path)

    monkeypatch.setattr("endoquiz.library.installed_decks.check_deck", counting_check)
    with Library.open(data_dir) as library:
        session = library.review("stored", now=T0)
        card = session.next_card(T0)
        assert card == installed.cards[0]  # the same card, rebuilt from the store
        quiz = library.quiz("stored", size=2, seed=1, now=T0)
        assert {q.card for q in quiz.questions} == set(installed.cards)
    assert parsed == []


def test_card_content_round_trips_through_the_store() -> None:
    from endoquiz import load_deck
    from endoquiz.decks.deck_model import card_from_json, card_to_json

    deck = load_deck(Path(__file__).parents[1] / "data" / "valid" / "all_kinds.yaml")
    kinds = {card.kind for card in deck.cards}
    assert len(kinds) == 5
    for card in deck.cards:
        text = card_to_json(card)
        assert card_from_json(card.deck_id, card.id, card.note_id, card.position, text) == card


def test_a_symlink_loop_is_a_deck_error_not_a_traceback(
    library: Library, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "a.yaml").symlink_to(tmp_path / "b.yaml")
    (tmp_path / "b.yaml").symlink_to(tmp_path / "a.yaml")
    for add in (library.add_deck, library.add_deck_copy):
        with pytest.raises(DeckError) as caught:
            add(tmp_path / "a.yaml")
        assert str(caught.value) == (
            f"{tmp_path / 'a.yaml'}:1:1: error: cannot follow this file's links: a symlink loop"
        )
    assert library.decks() == []
    # validate checks it like any file, rather than calling it missing.
    assert main(["validate", str(tmp_path / "a.yaml")]) == 1
    out = capsys.readouterr().out
    assert f"{tmp_path / 'a.yaml'}:1:1: error: cannot read the file: " in out


def test_a_second_file_with_an_installed_deck_id_is_refused_naming_both(
    library: Library, write_deck: WriteDeck
) -> None:
    # It used to take the deck over silently, the first file's cards
    # deactivated with their progress.
    first = write_deck(basic_deck("biology", ["a", "b"]), "first.yaml")
    library.add_deck(first)
    study(library, "biology", T0, [Rating.GOOD])
    second = write_deck(basic_deck("biology", ["x", "y"], title="Other"), "second.yaml")
    for add in (library.add_deck, library.add_deck_copy):
        with pytest.raises(DeckError) as caught:
            add(second)
        assert str(caught.value) == (
            f"{second}:2:5: error: deck id 'biology' is already the id of {first}; "
            "each deck needs its own id: change one of them"
        )
    [deck] = library.decks()
    assert (deck.path, [c.id for c in library.deck("biology").cards]) == (first, ["a", "b"])
    assert library.card_state("biology", "a").reps == 1
    # A deck moved to another file keeps its id and its progress.
    first.unlink()
    library.add_deck(second)
    assert [c.id for c in library.deck("biology").cards] == ["x", "y"]


def test_validate_refuses_two_files_of_one_deck_id(
    write_deck: WriteDeck, capsys: pytest.CaptureFixture[str]
) -> None:
    first = write_deck(basic_deck("biology", ["a"]), "a.yaml")
    second = write_deck(basic_deck("biology", ["b"]), "b.yaml")
    assert main(["validate", str(first.parent)]) == 1
    assert capsys.readouterr().out == (
        f"{second}:2:5: error: deck id 'biology' is already the id of {first}; "
        "each deck needs its own id: change one of them\n"
    )


def test_card_content_damaged_on_disk_is_read_again_from_the_deck_file(
    library: Library, write_deck: WriteDeck
) -> None:
    # A bit flipped in a stored card's text (no longer UTF-8): studying died
    # with "Could not decode to UTF-8", and quick_check does not see it.
    library.add_deck(write_deck(basic_deck("rot", ["a", "b", "c"])))
    library.close()
    with closing(sqlite3.connect(library.db_path)) as db, db:
        db.execute(
            "UPDATE card_content SET content = CAST(X'7B226B696E64FF' AS TEXT) "
            "WHERE deck_id = 'rot' AND card_id = 'b'"
        )
    with Library.open(library.data_dir, fuzz=False) as again:
        session = again.review("rot", now=T0)
        fronts = []
        while (card := session.next_card(T0)) is not None:
            fronts.append(card.front)
            session.answer(card, Rating.EASY, T0)
        assert sorted(fronts) == ["Question a?", "Question b?", "Question c?"]
    with closing(sqlite3.connect(library.db_path)) as db:
        # Stored again, whole.
        (content,) = db.execute(
            "SELECT content FROM card_content WHERE deck_id = 'rot' AND card_id = 'b'"
        ).fetchone()
        assert json.loads(content)["front"] == "Question b?"


def test_counts_asked_again_at_once_follow_every_change(
    data_dir: Path, write_deck: WriteDeck
) -> None:
    # The counts are kept for calls within a second (the deck list, its
    # overview and the self-test all ask at start): never past a change,
    # whether this library or another process made it.
    with Library.open(data_dir, fuzz=False) as library:
        library.add_deck(write_deck(basic_deck("cc", ["a", "b", "c"])))
        assert library.deck_counts()["cc"][0] == 3
        with Library.open(data_dir, fuzz=False) as other:
            session = other.review("cc")
            card = session.next_card()
            assert card is not None
            session.answer(card, Rating.EASY)
        assert library.deck_counts()["cc"][0] == 2
        session = library.review("cc")
        card = session.next_card()
        assert card is not None
        session.answer(card, Rating.EASY)
        assert library.deck_counts()["cc"][0] == 1


def test_the_deck_list_asked_again_follows_every_change(
    data_dir: Path, write_deck: WriteDeck
) -> None:
    # `decks()` keeps its rows while the database is unchanged: a deck added
    # or changed here or by another process shows at the next call.
    with Library.open(data_dir) as library:
        library.add_deck(write_deck(basic_deck("first", ["a"]), "first.yaml"))
        assert [entry.id for entry in library.decks()] == ["first"]
        with Library.open(data_dir) as other:
            other.add_deck(write_deck(basic_deck("second", ["a", "b"]), "second.yaml"))
        assert [(e.id, e.card_count) for e in library.decks()] == [("first", 1), ("second", 2)]
        library.add_deck(write_deck(basic_deck("second", ["a", "b", "c"]), "second.yaml"))
        assert [(e.id, e.card_count) for e in library.decks()] == [("first", 1), ("second", 3)]


def test_tree_status_leaves_out_broken_decks_and_is_unusable_only_when_all_are(
    library: Library, write_deck: WriteDeck
) -> None:
    parent = write_deck(basic_deck("bio", ["a"]), "bio.yaml")
    child = write_deck(basic_deck("bio/cells", ["b"]), "cells.yaml")
    library.add_deck(parent)
    library.add_deck(child)
    assert library.tree_status("bio").usable
    assert library.tree_status("bio").broken == ()

    child.write_text("endoquiz: 1\nid: bio/cells\ncards: [\n", encoding="utf-8")
    status = library.tree_status("bio")
    assert [deck.id for deck in status.decks] == ["bio", "bio/cells"]
    assert [deck.id for deck in status.broken] == ["bio/cells"]
    assert status.usable  # the parent can still be studied, without its child

    child_only = library.tree_status("bio/cells")
    assert not child_only.usable
    assert [d.path for d in child_only.diagnostics] == [child]

    parent.unlink()
    assert not library.tree_status("bio").usable
    with pytest.raises(KeyError):
        library.tree_status("nothing")


def test_a_deck_whose_id_changed_is_refused_at_its_id_line(
    library: Library, write_deck: WriteDeck
) -> None:
    path = write_deck(basic_deck("bio", ["a", "b"]))
    library.add_deck(path)
    path.write_text(basic_deck("biology", ["a", "b"]), encoding="utf-8")
    [entry] = library.decks()
    assert entry.status is DeckStatus.INVALID
    [problem] = entry.diagnostics
    # `id: biology` is the second line; the value starts at column 5.
    assert (problem.line, problem.column) == (2, 5)
    assert "now declares deck id 'biology' instead of 'bio'" in problem.message
