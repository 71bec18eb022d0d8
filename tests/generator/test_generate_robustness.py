"""Odd articles: `generate` fails only with `GenerationError`, and what it writes is valid."""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import example, given, settings
from hypothesis import strategies as st

from endoquiz import CardKind, check_deck, load_deck
from endoquiz.generator.deck_generation import GenerationError, generate

CAPTION = (
    "Soft morning light falls across a tranquil lake surrounded by low hills, evoking the "
    "steady rhythm of hormonal equilibrium"
)
# Pieces of the house template, the awkward ones included, and a few broken ones.
FRAGMENTS = [
    "",
    "",
    "Skip to main content",
    "Fundamentals",
    "Intermediate",
    "Academic",
    "References",
    "Reflection",
    "Glossary",
    "How Does Cortisol Rise?",
    "Deiodinase Enzymes and Local Control",
    "Cortisol, a steroid hormone made by the adrenal glands, follows a daily rhythm.",
    "This dual effect ∞ activation and inactivation ∞ matters. It is the key.",
    "About 5 ∞ 10 mg is released in the hours around waking, twice weekly for 6 ∞ 8 weeks.",
    "The hypothalamic-pituitary-adrenal (HPA) axis links the clock to cortisol release.",
    "The following table outlines the main thyroid disorders ∞",
    "Disorder | Typical Cause | TSH Level |",
    "Name | Role |",
    "| Only |",
    "---|---|---|",
    "---|---|",
    "|---|",
    "Hypothyroidism | Hashimoto thyroiditis | N/A |",
    "Hyperthyroidism | Graves disease | Low |",
    "Hypothyroidism | N/A | N/A |",
    " | empty first cell | x |",
    "| | | |",
    "Thyroid Laboratory Markers",
    "Marker What It Measures Typical Use",
    "TSH Pituitary signal that drives the gland. First-line screening test.",
    "Thyroid Peroxidase Antibodies Markers of attack. Supports a diagnosis.",
    "- Fatigue ∞ A persistent lack of energy.",
    "- Fatigue ∞ Listed twice, with another definition.",
    "- Cold Intolerance ∞ Feeling cold easily.",
    "  • Sleep Hygiene ∞ Habits that protect sleep.",
    "    • Light Exposure ∞ This anchors the rhythm.",
    "\t• Caffeine Timing ∞ Late caffeine delays sleep.",
    "- ∞ a definition without a term",
    "- Term ∞",
    "- a plain bullet sentence.",
    "•",
    "- ",
    "∞",
    "∞ ∞ ∞",
    "|",
    "||",
    CAPTION,
    "Your body keeps time in ways you rarely notice.",
    "step toward reclaiming your",
    "cells become less responsive",
    "cortisol",
    "Cortisol",
    "- Clow, A. (2010). The cortisol awakening response ∞ a review. Journal, 1(2), 3-4.",
]

# Mostly template pieces, some noise; most articles open a study section, so
# that the generator gets past its first refusal.
lines = st.lists(
    st.sampled_from(FRAGMENTS)
    | st.sampled_from(FRAGMENTS)
    | st.sampled_from(FRAGMENTS)
    | st.text(alphabet="Ab ∞|-•.?\t1", max_size=12),
    max_size=40,
)
article_texts = st.tuples(
    st.sampled_from(["", "Fundamentals", "Intermediate", "Academic"]), lines
).map(lambda parts: "\n".join([parts[0], *parts[1]]))

HINT = """\
tables:
  - caption: Thyroid Laboratory Markers
    columns: [Marker, What It Measures, Typical Use]
"""


def generate_in_a_folder(text: str, with_hint: bool) -> None:
    with tempfile.TemporaryDirectory() as folder:
        article = Path(folder) / "random.txt"
        article.write_text(text, encoding="utf-8")
        if with_hint:
            article.with_name("random.meta.yaml").write_text(HINT, encoding="utf-8")
        out = Path(folder) / "out"
        try:
            generated = generate([article], out)
        except GenerationError as error:
            # The one refusal a random article earns; "does not validate" would be a bug.
            assert "no Fundamentals, Intermediate or Academic section" in str(error)
            generated = []
        files = sorted(out.rglob("*.yaml"))
        assert files == sorted(f for item in generated for f in item.files)
        for path in files:
            result = check_deck(path)
            assert result.errors == (), [str(d) for d in result.errors]
            for card in load_deck(path).cards:
                texts = [card.front, card.back, *card.choices, card.answer or ""]
                assert not any("∞" in t for t in texts), card.id
                if card.kind is CardKind.CHOICE:
                    assert card.choices.count(card.answer or "") == 1


@settings(max_examples=75, deadline=None)
@given(article_texts, st.booleans())
@example("Fundamentals\n| Only |\n|---|\n| Alpha |\n| Beta |\n| Gamma |", False)
@example(
    "Fundamentals\nName | Role |\n---|---|\nAlpha | One |\nAlpha | Two |\nBeta | Three |\n"
    "Gamma | Four |",
    False,
)
@example("Fundamentals\n- Alpha ∞ First.\n- Alpha ∞ Second.\n- Beta ∞ Third.", False)
@example("Fundamentals\nName | Role | Note |\n---|---|---|\nAlpha | N/A | - |", False)
def test_generate_survives_odd_articles(text: str, with_hint: bool) -> None:
    generate_in_a_folder(text, with_hint)


def test_a_table_of_one_column_makes_no_broken_cards(tmp_path: Path) -> None:
    """It used to stop `generate` with an IndexError, and to write blank backs."""
    article = tmp_path / "one.txt"
    article.write_text(
        "Fundamentals\nNames of things.\n| Name |\n|---|\n| Alpha |\n| Beta |\n| Gamma |\n",
        encoding="utf-8",
    )
    generate([article], tmp_path / "out")
    for path in (tmp_path / "out").rglob("*.yaml"):
        assert check_deck(path).diagnostics == ()


def test_a_name_listed_twice_is_one_choice(tmp_path: Path) -> None:
    """A repeated choice made the generated deck invalid."""
    article = tmp_path / "twice.txt"
    article.write_text(
        "Fundamentals\n"
        "- Alpha ∞ The first thing in the list here.\n"
        "- Alpha ∞ The same name again, defined otherwise.\n"
        "- Beta ∞ The third thing in the list here.\n"
        "- Gamma ∞ The fourth thing in the list here.\n"
        "Name | Role | Note |\n---|---|---|\n"
        "Delta | First role | x |\nDelta | Second role | y |\n"
        "Epsilon | Third role | z |\nZeta | Fourth role | w |\n",
        encoding="utf-8",
    )
    [result] = generate([article], tmp_path / "out")
    choices = 0
    for path in result.files:
        assert check_deck(path).diagnostics == ()
        for card in load_deck(path).cards:
            if card.kind is CardKind.CHOICE:
                choices += 1
                assert len({c.casefold() for c in card.choices}) == len(card.choices) >= 3
    assert choices >= 4


def test_a_row_with_only_empty_cells_gets_no_blank_card(tmp_path: Path) -> None:
    article = tmp_path / "empty.txt"
    article.write_text(
        "Fundamentals\nName | Role | Note |\n---|---|---|\n"
        "Alpha | N/A | — |\nBeta | Second role | y |\n",
        encoding="utf-8",
    )
    [result] = generate([article], tmp_path / "out")
    for path in result.files:
        deck = load_deck(path)
        assert check_deck(path).diagnostics == ()
        assert all("Alpha" not in card.front for card in deck.cards)
