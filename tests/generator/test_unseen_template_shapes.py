"""Shapes of text an unseen article of the template may hold, each in a small
article: what the generator makes of it (issue 19, defect 7, and facts in bullets)."""

from __future__ import annotations

import textwrap
from pathlib import Path

from endoquiz import Card, CardKind, load_deck
from endoquiz.generator.deck_generation import GeneratedArticle, generate


def generated(tmp_path: Path, body: str) -> tuple[GeneratedArticle, list[Card]]:
    """A small article (a Fundamentals section holding `body`) generated, and
    every card of its decks."""
    path = tmp_path / "shapes.txt"
    text = "Fundamentals\n" + textwrap.dedent(body).lstrip("\n") + "\nReferences\nA. (2020). B.\n"
    path.write_text(text, encoding="utf-8")
    [result] = generate([path], tmp_path / "decks")
    cards = [card for file in result.files for card in load_deck(file).cards]
    return result, cards


def card_texts(cards: list[Card]) -> list[str]:
    return [f"{c.front} {c.back}" for c in cards]


def test_a_lists_introduction_is_its_lead_in_not_a_card(tmp_path: Path) -> None:
    result, cards = generated(
        tmp_path,
        """
        Insulin resistance develops over years in many adults.

        The main causes of insulin resistance include:

        - Refined Carbohydrates ∞ Diets rich in refined carbohydrates keep insulin high.
        - Physical Inactivity ∞ Idle muscle takes up less glucose from the blood.
        - Poor Sleep ∞ Short sleep raises cortisol and lowers insulin sensitivity.
        """,
    )
    skipped = [(s.reason, s.text) for s in result.decks.article.skipped]
    assert ("list introduction", "The main causes of insulin resistance include:") in skipped
    # It is only the context of the list's glossary prompts, never a card's
    # text of its own.
    in_the_list = " (in the list *The main causes of insulin resistance include*)"
    assert not [t for t in card_texts(cards) if "main causes" in t.replace(in_the_list, "")]
    assert any(
        c.front == f"How does the article describe **Poor Sleep**{in_the_list}?" for c in cards
    )
    # The list itself is asked as before: "Idle muscle takes up ..." tells
    # what idle muscle does, so it is asked from its label, not back.
    assert any(
        c.front == f"How does the article describe **Physical Inactivity**{in_the_list}?"
        for c in cards
    )


# A sentence with a cloze ("termed TRH") that leans on the one before it.
RISE = "This rise is driven by thyrotropin-releasing hormone, termed TRH, from the hypothalamus."


def test_a_context_sentence_whose_pronoun_has_no_referent_is_dropped(tmp_path: Path) -> None:
    _, cards = generated(
        tmp_path,
        f"""
        Thyroid Hormone Over the Day

        In the early morning, it climbs steadily toward its peak. {RISE}
        """,
    )
    # The cloze would need its context, and its context needs one of its own.
    assert not [t for t in card_texts(cards) if "it climbs" in t]


def test_a_context_sentence_with_its_referent_is_joined(tmp_path: Path) -> None:
    _, cards = generated(
        tmp_path,
        f"""
        Thyroid Hormone Over the Day

        Thyroid-stimulating hormone climbs steadily in the early morning. {RISE}
        """,
    )
    [cloze] = [c for c in cards if c.kind is CardKind.CLOZE and "This rise" in c.front]
    assert cloze.front.startswith("Thyroid-stimulating hormone climbs steadily")


def test_a_dose_or_frequency_in_a_bullet_is_asked_with_its_term_in_view(tmp_path: Path) -> None:
    _, cards = generated(
        tmp_path,
        """
        Replacing What Is Missing

        - Hormone Replacement ∞ Treatment that gives back what the glands no longer make.
          - Hydrocortisone ∞ A tablet form of cortisol, taken two or three times a day.
          - Fludrocortisone ∞ A mineralocorticoid given at 50 to 100 micrograms once daily.
          - Stress Dosing ∞ A doubled dose during a fever, for two or three days.
        """,
    )
    clozes = {c.answer: c.front for c in cards if c.kind is CardKind.CLOZE}
    assert clozes["two or three times a day"] == (
        "**Hydrocortisone** (in *Hormone Replacement*) — A tablet form of cortisol, taken […]."
    )
    # A dose and its frequency side by side are one regimen to recall.
    assert (
        "**Fludrocortisone** (in *Hormone Replacement*) — "
        in clozes["50 to 100 micrograms once daily"]
    )
    assert "**Stress Dosing**" in clozes["two or three days"]
