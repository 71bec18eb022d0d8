"""The deck list's rows on their own: a group above its decks, each row
with the library's counts of today, found again by deck id."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from endoquiz import Library, SessionCounts
from endoquiz.gui.deck_tree_view import DeckRows, deck_id_at
from tests.conftest import T0, WriteDeck, basic_deck


def test_rows_nest_each_deck_under_its_group_with_the_library_s_counts(
    qtbot: QtBot, library: Library, write_deck: WriteDeck
) -> None:
    library.add_deck(write_deck(basic_deck("bio/cells", ["c0", "c1"]), "c.yaml"))
    library.add_deck(write_deck(basic_deck("bio/genes", ["g0"]), "g.yaml"))
    rows = DeckRows()
    items = rows.rebuild(library.decks(), library.deck_counts(now=T0), library.deck_titles())
    assert list(items) == ["bio", "bio/cells", "bio/genes"]
    group = rows.item(0, 0)
    assert rows.rowCount() == 1
    assert [deck_id_at(group.child(n, 0).index()) for n in range(group.rowCount())] == [
        "bio/cells",
        "bio/genes",
    ]
    assert rows.counts_text("bio") == ["3", "0", "0"]
    assert rows.counts_text("bio/genes") == ["1", "0", "0"]

    rows.show_counts({"bio/cells": SessionCounts(0, 2, 0)})
    assert rows.counts_text("bio/cells") == ["0", "2", "0"]
    assert rows.counts_text("bio") == ["0", "0", "0"]  # a deck the counts leave out shows none
