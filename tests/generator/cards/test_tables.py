"""Cards from tables, on the tables of the test articles."""

from __future__ import annotations

from endoquiz import CardKind
from endoquiz.generator.article_model import Table
from endoquiz.generator.cards.article_text import ArticleText
from endoquiz.generator.cards.card_ids import CardIds
from endoquiz.generator.cards.tables import (
    Row,
    column_phrase,
    is_empty_cell,
    numbered_rows,
    restates_name,
    row_choice_card,
    says_nothing,
    spells_out_name,
    table_cards,
    told_by_question,
    vague_column,
)
from tests.generator.cards.conftest import read

DISORDERS = ["Hypothyroidism", "Hyperthyroidism", "Subclinical Hypothyroidism", "Thyroid Nodule"]


def table(text: ArticleText, caption: str) -> Table:
    return next(t for t in text.article.tables if t.caption == caption)


def subclinical_row(text: ArticleText) -> tuple[Table, Row, int]:
    """The disorders table and its row with an N/A cell, with the row's line."""
    disorders = table(text, "The main thyroid disorders")
    row, line = list(numbered_rows(disorders))[2]
    return disorders, row, line


def test_each_cell_is_asked_by_row_and_column(thyroid: ArticleText) -> None:
    cards = table_cards(table(thyroid, "The main thyroid disorders"), CardIds(), thyroid)

    first = cards[0]
    assert first.id == "table-the-main-thyroid-disorders-hypothyroidism-typical-cause"
    assert first.fields == {
        "front": "**Hypothyroidism**: typical cause?\n\n"
        "*From the table: The main thyroid disorders*",
        "back": "Hashimoto thyroiditis",
    }
    assert first.quote == "Hypothyroidism | Hashimoto thyroiditis | High | Fatigue and weight gain"
    assert first.section == "Intermediate"
    # Three cells and a choice per row, but no card for the N/A symptom, nor
    # a choice for Thyroid Nodule, whose cause names "thyroid" (see below).
    assert len(cards) == 4 * 4 - 2
    backs = [card.fields.get("back") for card in cards]
    assert "N/A" not in backs


def test_a_row_is_named_from_its_unique_cell_among_the_other_rows(thyroid: ArticleText) -> None:
    card = row_choice_card(*subclinical_row(thyroid), CardIds())

    assert card is not None
    assert card.kind is CardKind.CHOICE
    assert card.fields["question"] == (
        "Which disorder does the table describe this way?\n\n"
        "> *Typical Cause*: Early autoimmune damage\n\n"
        "*From the table: The main thyroid disorders*"
    )
    assert sorted(card.fields["choices"]) == sorted(DISORDERS)
    assert card.fields["answer"] == "Subclinical Hypothyroidism"


def test_a_cell_sharing_a_word_with_its_row_s_name_alone_names_no_row(
    thyroid: ArticleText,
) -> None:
    disorders = table(thyroid, "The main thyroid disorders")
    rows = list(numbered_rows(disorders))

    # "Localized overgrowth of thyroid cells": only *Thyroid Nodule* has the
    # word "thyroid" (the others say it inside "-thyroidism"): the learner
    # would match the word, not know the cause.
    assert rows[3][0][0] == "Thyroid Nodule"
    assert row_choice_card(disorders, *rows[3], CardIds()) is None
    # "Graves disease" shares no word with any row: still asked.
    assert row_choice_card(disorders, *rows[1], CardIds()) is not None


def test_a_cell_shared_by_two_rows_names_no_row(vitamin_d: ArticleText) -> None:
    sources = table(vitamin_d, "Common sources of vitamin D")
    rows = list(numbered_rows(sources))

    # Sunlight and Oily Fish are both "Vitamin D3": which one would be a guess.
    assert row_choice_card(sources, *rows[0], CardIds()) is None
    assert row_choice_card(sources, *rows[1], CardIds()) is None
    # "Vitamin D2 or D3" is unique, yet Sunlight's "Vitamin D3" fits it too.
    assert row_choice_card(sources, *rows[2], CardIds()) is None


def test_empty_and_varying_cells_make_no_card(vitamin_d: ArticleText) -> None:
    cards = table_cards(table(vitamin_d, "Common sources of vitamin D"), CardIds(), vitamin_d)

    fronts = [card.fields.get("front", "") for card in cards]
    assert not any(front.startswith("**Sunlight**: typical amount?") for front in fronts)
    assert not any(front.startswith("**Oily Fish**: notes?") for front in fronts)
    # "Variable" says nothing to learn either, as "Varies with season" does.
    assert not any(
        front.startswith("**Mushrooms Exposed to UV**: typical amount?") for front in fronts
    )
    assert any(front.startswith("**Oily Fish**: typical amount?") for front in fronts)


def test_a_header_that_names_no_question_makes_no_card(vitamin_d: ArticleText) -> None:
    cards = table_cards(table(vitamin_d, "Common sources of vitamin D"), CardIds(), vitamin_d)

    # "Sunlight: notes?" does not say what is asked.
    assert not any(card.fields.get("front", "").split("\n")[0].endswith("notes?") for card in cards)
    assert "Depends on skin type and latitude" not in [card.fields.get("back") for card in cards]
    assert [says_nothing(c) for c in ("Variable", "Varies with season", "Depends", "2 µg")] == [
        True,
        True,
        True,
        False,
    ]
    assert vague_column("Notes") and vague_column("Comments") and not vague_column("Typical Use")


def test_rows_are_numbered_from_the_line_after_the_caption(thyroid: ArticleText) -> None:
    disorders = table(thyroid, "The main thyroid disorders")

    lines = [line for _, line in numbered_rows(disorders)]

    assert lines == [disorders.line + 1, disorders.line + 2, disorders.line + 3, disorders.line + 4]


def test_headers_read_as_phrases_and_empty_cells_are_known() -> None:
    assert column_phrase("What It Measures") == "what it measures"
    assert column_phrase("TSH Level") == "TSH level"
    assert [is_empty_cell(c) for c in ("N/A", "—", "", "None", "Variable")] == [
        True,
        True,
        True,
        True,
        False,
    ]


def test_a_cell_the_question_already_says_is_not_asked() -> None:
    # The row's name and the column's give "Thyroid Hormone Receptors" away.
    assert told_by_question(
        "Thyroid Hormone Receptors", "HPT Axis (Thyroid Hormones)", "Receptor Sensitivity Affected"
    )
    # A cell with a word the question lacks is asked; so is a short one.
    assert not told_by_question(
        "Impaired T4 to T3 conversion", "HPT Axis (Thyroid Hormones)", "Effect"
    )
    assert not told_by_question("Leptin Receptors", "Adipose Signalling", "Receptor Affected")
    assert not told_by_question("GH", "Growth hormone axis", "Hormone")


def test_a_cell_another_row_s_cell_also_fits_names_no_row() -> None:
    # "Low" fits "Low or normal" too, and "High" fits "Mildly high": two
    # right answers among the choices.
    calcium = Table(
        "Intermediate",
        None,
        "Calcium disorders",
        ("Disorder", "Blood Calcium"),
        (
            ("Hypoparathyroidism", "Low"),
            ("Secondary Hyperparathyroidism", "Low or normal"),
            ("Primary Hyperparathyroidism", "High"),
            ("Familial Hypocalciuric Hypercalcemia", "Mildly high"),
            ("Vitamin D Toxicity", "Raised, with thirst"),
        ),
        40,
    )
    rows = list(numbered_rows(calcium))

    named = [row[0] for row, line in rows if row_choice_card(calcium, row, line, CardIds())]

    assert named == ["Vitamin D Toxicity"]


def fronts_and_backs(text: ArticleText, caption: str) -> dict[str, str]:
    """Each card's question line (or quoted cell) with its answer."""
    cards = table_cards(table(text, caption), CardIds(), text)
    return {
        card.fields.get("front", card.fields.get("question", "")).split("\n")[0]: str(
            card.fields.get("back", card.fields.get("answer"))
        )
        for card in cards
    }


def test_a_level_the_row_s_name_gives_is_not_asked() -> None:
    calcium = read("parathyroid_calcium.txt")

    asked = fronts_and_backs(calcium, "The main disorders of calcium balance")

    # HYPOparathyroidism -> PTH low; HYPERCALCEMIA -> calcium high (PTH spelled out).
    assert "**Hypoparathyroidism**: PTH level?" not in asked
    assert "**Secondary Hyperparathyroidism**: PTH level?" not in asked
    assert "**Hypercalcemia of Malignancy**: blood calcium?" not in asked
    assert "**Familial Hypocalciuric Hypercalcemia**: blood calcium?" not in asked
    # What the name does not give stays: the contrast, and a hedged level.
    assert asked["**Hypercalcemia of Malignancy**: PTH level?"] == "Low"
    assert asked["**Secondary Hyperparathyroidism**: blood calcium?"] == "Low or normal"
    assert asked["**Primary Hyperparathyroidism**: PTH level?"] == "High or inappropriately normal"
    assert asked["**Primary Hyperparathyroidism**: blood calcium?"] == "High"


def test_a_row_whose_levels_all_agree_with_what_it_is_asks_none() -> None:
    growth = read("growth_hormone_igf1.txt")

    asked = fronts_and_backs(growth, "The disorders of the growth hormone axis")

    # "Acromegaly, a condition of growth hormone excess": High and High.
    assert not any(front.startswith("**Acromegaly**: growth hormone") for front in asked)
    assert "**Acromegaly**: IGF-1 level?" not in asked
    assert not any(
        front.startswith("**Growth Hormone Deficiency**: ") and "level" in front for front in asked
    )
    # Laron syndrome's levels differ: both are worth asking.
    assert asked["**Laron Syndrome**: growth hormone level?"] == "High"
    assert asked["**Laron Syndrome**: IGF-1 level?"] == "Low"
    # "Growth Hormone Level: Low" would name the deficiency by its name alone.
    assert "Growth Hormone Deficiency" not in asked.values()
    assert asked["**Acromegaly**: main sign?"] == "Enlarged hands, feet and jaw"


def test_a_definition_bullet_gives_its_row_s_level() -> None:
    axis = read("growth_hormone_axis.txt")

    asked = fronts_and_backs(axis, "The main disorders of the GH axis")

    # "Gigantism ∞ GH excess in childhood ...": an IGF-1 of High follows.
    assert "**Gigantism**: IGF-1 level?" not in asked
    assert "**Childhood GH Deficiency**: IGF-1 level?" not in asked
    # "Low or low-normal" says more than the name does.
    assert asked["**Adult GH Deficiency**: IGF-1 level?"] == "Low or low-normal"
    assert asked["**Laron Syndrome**: IGF-1 level?"] == "Low"


def test_a_cell_that_spells_out_its_row_s_abbreviation_names_no_row(thyroid: ArticleText) -> None:
    markers = table(thyroid, "Thyroid Laboratory Markers and What They Show")
    cards = table_cards(markers, CardIds(), thyroid)

    named = [card.fields["answer"] for card in cards if card.kind is CardKind.CHOICE]
    # "Unbound thyroxine": T4 is thyroxine, so only "Free T4" fits; TSH's
    # cell does not spell out thyroid-stimulating hormone: still asked.
    # ("Markers of autoimmune attack" is plural, as only "Thyroid
    # Peroxidase Antibodies" is: no card either.)
    assert named == ["TSH"]
    assert spells_out_name("Low growth hormone", "GH Deficiency", {"GH": "growth hormone"})
    assert not spells_out_name("Low growth hormone", "Laron Syndrome", {"GH": "growth hormone"})


def test_a_cell_that_only_spells_out_its_row_s_name_is_not_asked(thyroid: ArticleText) -> None:
    markers = table(thyroid, "Thyroid Laboratory Markers and What They Show")

    asked = {
        card.fields["front"].split("\n")[0]: card.fields["back"]
        for card in table_cards(markers, CardIds(), thyroid)
        if "front" in card.fields
    }

    # "Free T4: what it measures?" - "Unbound thyroxine available to tissues":
    # T4 is thyroxine (the article says so), free is unbound.
    assert "**Free T4**: what it measures?" not in asked
    assert "**Free T3**: what it measures?" not in asked
    assert asked["**Free T4**: typical use?"] == "Confirms an abnormal TSH result"
    assert asked["**TSH**: what it measures?"] == "Pituitary signal that drives the thyroid gland."
    abbreviations = {"GH": "growth hormone"}
    assert restates_name("Growth hormone in the blood", "Serum GH", abbreviations)
    # More than a few words beyond the name: a fact of its own.
    assert not restates_name(
        "Growth hormone released in pulses during deep sleep at night", "Serum GH", abbreviations
    )


def test_a_level_names_no_row_but_a_description_does(thyroid: ArticleText) -> None:
    stress = read("chronic_stress.txt")
    patterns = table(stress, "Cortisol patterns")

    cards = table_cards(patterns, CardIds(), stress)

    # "Morning Cortisol: Low" only turns the level's own card around.
    assert not [card for card in cards if card.kind is CardKind.CHOICE]
    assert "Blunted" in [card.fields.get("back") for card in cards]
    axes = Table(
        "Academic",
        None,
        "Axes",
        ("Axis", "Impact"),
        (
            ("HPG Axis", "Increased androgen production in women"),
            ("HPA Axis", "Dysregulated cortisol rhythms"),
            ("GH Axis", "Reduced GH secretion"),
        ),
        10,
    )
    named = [
        c.fields["answer"] for c in table_cards(axes, CardIds(), thyroid) if "answer" in c.fields
    ]
    # "Reduced GH secretion" names "GH", which only *GH Axis* has: the word
    # gives the row away, so that one description names none.
    assert named == ["HPG Axis", "HPA Axis"]
