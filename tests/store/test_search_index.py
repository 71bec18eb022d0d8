"""The text the store keeps to search: folded exactly as it always was, whatever the script."""

from __future__ import annotations

import unicodedata

from hypothesis import given
from hypothesis import strategies as st

from endoquiz.store.search_index import search_text


def folded_one_character_at_a_time(text: str) -> str:
    """How the search text was folded when indexes already stored were
    written: it must not change, or their words would no longer be found."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(stripped.split())


@given(st.text())
def test_any_text_folds_as_the_stored_indexes_were_folded(text: str) -> None:
    assert search_text(text) == folded_one_character_at_a_time(text)


def test_case_accents_and_spaces_are_folded_in_every_script() -> None:
    assert search_text("  Café  CRÈME\tBrûlée ") == "cafe creme brulee"
    assert search_text("Straße ﬁne") == "strasse fine"  # casefold and NFKD ligatures
    assert search_text("שָׁלוֹם") == "שלום"  # Hebrew points are marks too
    assert search_text("Insulin resistance") == "insulin resistance"
