"""The section decks of the bundled articles: what a learner must be asked, and how.

Issue 19 lists what a learner would miss in the section decks of 000 and 001;
each gap is asked here by the deletion (or answer) that asks it, so a change
that drops one fails by name. The rules that ask them are general (a causal
verb's effect, a contrast, examples, a defined name), never these articles' terms.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from endoquiz.generator.card_lint import LintClass, lint_article
from endoquiz.generator.cards.drafts import ArticleDecks
from endoquiz.generator.deck_generation import read_article

ROOT = Path(__file__).resolve().parents[2]
BUNDLED = sorted((ROOT / "resources" / "articles").glob("*.txt"))
TEST_ARTICLES = sorted((ROOT / "tests" / "data" / "articles").glob("*.txt"))
HORMONAL_BALANCE, RECEPTOR_SENSITIVITY = BUNDLED
SECTION_DECKS = ("fundamentals", "intermediate", "academic")


@pytest.fixture(scope="module")
def decks() -> dict[str, ArticleDecks]:
    return {path.name: read_article(path) for path in BUNDLED + TEST_ARTICLES}


def section_texts(decks: ArticleDecks, deck_name: str | None = None) -> list[str]:
    """Every cloze text and answer of the article's section decks."""
    return [
        str(card.fields.get("text", card.fields.get("back", "")))
        for deck in decks.decks
        if deck.name in SECTION_DECKS and deck_name in (None, deck.name)
        for card in deck.cards
    ]


@pytest.mark.parametrize(
    ("article", "asked"),
    [
        # 000: causes of insulin resistance
        (HORMONAL_BALANCE, "{{c1::chronic stress and insufficient restorative sleep}}"),
        (HORMONAL_BALANCE, "repeatedly trigger {{c1::excessive insulin release}}"),
        # cells starved despite abundant glucose
        (HORMONAL_BALANCE, "despite {{c1::abundant fuel circulating}}"),
        # the hypothyroidism <-> insulin resistance cycle
        (
            HORMONAL_BALANCE,
            "An underactive thyroid, or {{c1::hypothyroidism}}, can slow metabolic processes "
            "and contribute to insulin",
        ),
        # cortisol counteracting insulin
        (HORMONAL_BALANCE, "can counteract {{c1::insulin’s actions}}"),
        # low testosterone and insulin resistance, both ways (either side as
        # the gap is read off the other: the two-way link itself is asked)
        (HORMONAL_BALANCE, "This association is often {{c1::bidirectional}} …"),
        # what growth hormone secretagogues are
        (HORMONAL_BALANCE, "referred to as {{c1::growth hormone secretagogues}}"),
        # serine instead of tyrosine phosphorylation
        (HORMONAL_BALANCE, "at {{c1::serine residues}}, rather than the normal tyrosine"),
        (HORMONAL_BALANCE, "such as {{c1::diacylglycerols and ceramides}}"),
        (HORMONAL_BALANCE, "{{c1::glucose transporter type 4 (GLUT4)}} translocation"),
        # 001: lower androgen receptor sensitivity in men
        (RECEPTOR_SENSITIVITY, "{{c2::decrease in androgen receptor sensitivity}}"),
        # PCOS anovulation
        (RECEPTOR_SENSITIVITY, "{{c1::irregular menstrual cycles, anovulation, and symptoms"),
        (RECEPTOR_SENSITIVITY, "such as {{c1::JNK and IKKβ}}"),
        # downregulation by internalisation and degradation
        (RECEPTOR_SENSITIVITY, "can lead to {{c1::receptor downregulation}}"),
        (RECEPTOR_SENSITIVITY, "{{c1::increased receptor internalization and degradation}}"),
        # aromatisation feeding back on the HPG axis
        (RECEPTOR_SENSITIVITY, "can create a {{c1::negative feedback loop}} on the HPG axis"),
        # insulin receptors on neurons
        (RECEPTOR_SENSITIVITY, "Neurons possess insulin receptors, and their desensitization"),
    ],
)
def test_each_coverage_gap_of_issue_19_is_asked(
    decks: dict[str, ArticleDecks], article: Path, asked: str
) -> None:
    assert any(asked in text for text in section_texts(decks[article.name])), asked


def test_a_dose_is_asked_again_of_another_drug(decks: dict[str, ArticleDecks]) -> None:
    intermediate = section_texts(decks[HORMONAL_BALANCE.name], "intermediate")

    assert any("Gonadorelin" in t and "{{c1::twice weekly}}" in t for t in intermediate)
    assert any("Anastrozole, taken {{c1::twice weekly}}" in t for t in intermediate)


def test_001_fundamentals_asks_its_central_idea(decks: dict[str, ArticleDecks]) -> None:
    fundamentals = section_texts(decks[RECEPTOR_SENSITIVITY.name], "fundamentals")

    # sensitive versus desensitised receptors, and downregulation at the membrane
    assert any("requires only a {{c1::small amount of hormone}}" in t for t in fundamentals)
    assert any("{{c1::downregulation or modification}}" in t for t in fundamentals)


def test_the_question_heading_of_000_is_answered_by_the_mechanism(
    decks: dict[str, ArticleDecks],
) -> None:
    answers = [
        card.fields["back"]
        for deck in decks[HORMONAL_BALANCE.name].decks
        for card in deck.cards
        if card.fields.get("front") == "How Does Insulin Resistance Disrupt Hormonal Balance?"
    ]

    assert len(answers) == 1
    assert answers[0].startswith("When insulin signaling falters, the ripple effects extend")


@pytest.mark.parametrize("article", BUNDLED + TEST_ARTICLES, ids=lambda path: path.name)
def test_section_decks_have_no_trivial_cloze_nor_dangling_pronoun(
    decks: dict[str, ArticleDecks], article: Path
) -> None:
    found = [
        f"{deck_lint.deck}: {finding.card_id}: {finding.reason}"
        for deck_lint in lint_article(decks[article.name])
        if deck_lint.deck in SECTION_DECKS
        for finding in deck_lint.findings
        if finding.lint_class in (LintClass.TRIVIAL_CLOZE, LintClass.DANGLING_PRONOUN)
    ]
    assert found == []


@pytest.mark.parametrize("article", BUNDLED + TEST_ARTICLES, ids=lambda path: path.name)
def test_no_sentence_is_asked_twice_across_section_decks(
    decks: dict[str, ArticleDecks], article: Path
) -> None:
    # The sentence a card asks is the last of its quote (the others are context).
    asked = [
        card.quote.rsplit(". ", 1)[-1] if card.fields.get("text") else card.quote
        for deck in decks[article.name].decks
        if deck.name in SECTION_DECKS
        for card in deck.cards
        if card.id.startswith(("cloze-", "question-"))
    ]
    assert len(asked) == len(set(asked))
