"""Which facts of a sentence a cloze hides."""

from __future__ import annotations

import pytest

from endoquiz.generator.card_builder import _defined_term_spans, _fact_spans, _non_overlapping


def hidden(sentence: str) -> list[str]:
    """The spans the card builder would hide, as it picks them."""
    spans = _non_overlapping(_fact_spans(sentence, {}) + _defined_term_spans(sentence))
    return sorted(sentence[a:b] for a, b in spans)


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("The protocol involves weekly intramuscular injections of the drug.", ["weekly"]),
        ("An oral tablet, taken twice weekly, manages conversion.", ["twice weekly"]),
        ("Cortisol follows a daily rhythm that peaks before waking.", []),
        ("Levels stay within a healthy daily range in most adults.", []),
        ("It is given at 10–20 units (0.1–0.2ml) by injection.", ["0.1–0.2ml", "10–20 units"]),
        ("HbA1c reflects blood sugar over the past two to three months.", ["two to three months"]),
        (
            "The Leydig cells in the testes, responsible for testosterone synthesis, respond.",
            ["Leydig cells"],
        ),
        ("This elevation of insulin, termed hyperinsulinemia, follows.", ["hyperinsulinemia"]),
    ],
)
def test_facts_hidden_in_a_sentence(sentence: str, expected: list[str]) -> None:
    assert hidden(sentence) == expected
