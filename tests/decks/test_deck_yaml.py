"""A deck document written as YAML reads back as the same document, whatever its text."""

from __future__ import annotations

import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from endoquiz.decks.deck_yaml import dump_deck

# Text as fields hold it: any character a deck may hold, YAML's special ones
# and line breaks often.
TEXT = st.text(
    st.one_of(
        st.characters(exclude_categories=["Cs"]),
        st.sampled_from(list("\n\t:#-'\"|>{}[],&*!%@`?\\ \u2028\x85\ufeff")),
    ),
    max_size=120,
)


@settings(max_examples=300, deadline=None)
@given(front=TEXT, back=TEXT, tags=st.lists(TEXT, max_size=3))
def test_a_dumped_deck_loads_as_the_same_document(front: str, back: str, tags: list[str]) -> None:
    document = {
        "endoquiz": 1,
        "id": "deck",
        "title": back[:40],
        "cards": [{"id": "a", "front": front, "back": back, "tags": tags}],
    }
    text = dump_deck(document)
    assert yaml.load(text, Loader=yaml.CSafeLoader) == document
    assert dump_deck(document) == text  # the same bytes every time


def test_multi_line_text_is_a_block_and_keys_keep_their_order() -> None:
    text = dump_deck({"endoquiz": 1, "id": "d", "cards": [{"id": "a", "front": "one\ntwo"}]})
    assert text == "endoquiz: 1\nid: d\ncards:\n- id: a\n  front: |-\n    one\n    two\n"
