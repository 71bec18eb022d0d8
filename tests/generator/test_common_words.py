"""The common-English word list: which bullet labels are names to learn."""

from __future__ import annotations

import pytest

from endoquiz.generator.common_words import everyday_phrase, is_common_word


@pytest.mark.parametrize(
    "label", ["Fatigue", "Weight Change", "Evening Routine", "Sleep Hygiene", "Bone"]
)
def test_a_label_of_everyday_words_is_everyday(label: str) -> None:
    assert everyday_phrase(label)


@pytest.mark.parametrize(
    "label",
    [
        "Palpitations",  # not among the commonest words
        "REM Sleep",  # an abbreviation is a name
        "Type 1 Deiodinase",  # a figure names one of a series
        "Gonadorelin",
        "Progesterone",
        "Acid-Labile Subunit",
        "PT-141",
        "HbA1c",
    ],
)
def test_a_label_with_a_name_to_learn_is_not_everyday(label: str) -> None:
    assert not everyday_phrase(label)


def test_a_word_in_capitals_is_an_abbreviation_not_a_word() -> None:
    assert is_common_word("sleep") and is_common_word("Sleep")
    assert not is_common_word("TSH") and not is_common_word("REM")
