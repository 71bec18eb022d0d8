"""Which level cells a row's name or definition already tells, on rows of any subject."""

from __future__ import annotations

from endoquiz.generator.cards.table_levels import (
    cell_level,
    definition_levels,
    definitions_of,
    implied_level_cells,
    name_claims,
)

COLUMNS = ("Disorder", "Cortisol Level", "ACTH Level", "Key Sign")
SPELLED_OUT = {"ACTH": "adrenocorticotropic hormone", "TSH": "thyroid-stimulating hormone"}


def test_a_cell_gives_one_level_or_none() -> None:
    assert cell_level("Mildly high") == "high"
    assert cell_level("Low or normal") is None
    assert cell_level("Low or low-normal") is None
    assert cell_level("High, with a sharp peak after waking") == "high"
    assert cell_level("Blunted") == "flattened"
    assert cell_level("Increased androgen production (women)") is None
    assert cell_level("Normal") == "normal"


def test_a_name_says_which_level_of_what() -> None:
    (claim,) = name_claims("Primary Adrenal Insufficiency", SPELLED_OUT)
    assert claim.level == "low"
    assert claim.is_about(frozenset({"adrenal"}))
    (prefixed,) = name_claims("Hypokalemia", SPELLED_OUT)
    assert (prefixed.level, prefixed.stem) == ("low", "kal")
    # An axis named for the hypothalamus claims no level.
    assert name_claims("HPA Axis (Hypothalamic Signals)", SPELLED_OUT) == []


def test_the_level_the_name_gives_is_implied_and_the_contrast_is_asked() -> None:
    # Cortisol excess with low ACTH: the name gives the cortisol, not the ACTH.
    row = ("Cortisol Excess", "High", "Low", "Weight gain")
    assert implied_level_cells(row, COLUMNS, SPELLED_OUT, set()) == {1}
    # Without the name's subject in a column, a single level is still asked.
    assert (
        implied_level_cells(
            ("Hyperthyroidism", "Normal", "Low", "Tremor"), COLUMNS, SPELLED_OUT, set()
        )
        == set()
    )


def test_a_row_whose_levels_all_agree_with_what_it_is_is_implied_whole() -> None:
    row = ("Cushing Disease", "High", "High", "Weight gain")
    said = definitions_of(
        "Cushing Disease",
        [],
        ["Cushing disease, a condition of cortisol excess driven by the pituitary, is rare."],
    )
    assert said == ["condition of cortisol excess driven by the pituitary"]
    assert implied_level_cells(row, COLUMNS, SPELLED_OUT, definition_levels(said)) == {1, 2}
    # Not defined by a level: both are worth asking.
    assert implied_level_cells(row, COLUMNS, SPELLED_OUT, set()) == set()
    # A level that disagrees keeps the whole row asked.
    contrast = ("Cushing Disease", "High", "Low", "Weight gain")
    assert implied_level_cells(contrast, COLUMNS, SPELLED_OUT, {"high"}) == set()
