"""The glossary deck asks about a term only where a sentence defines it or is about it.

Issue 19, defect 1.

Small articles written here show each rule; the bundled and test articles
show that every glossary deck holds to them.
"""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from endoquiz.generator.card_lint import LintClass, lint_article
from endoquiz.generator.cards.drafts import ArticleDecks, CardDraft
from endoquiz.generator.deck_generation import read_article

ROOT = Path(__file__).resolve().parents[2]
ARTICLES = sorted((ROOT / "resources" / "articles").glob("*.txt")) + sorted(
    (ROOT / "tests" / "data" / "articles").glob("*.txt")
)
SECOND = ROOT / "resources" / "articles" / "001_e5b3eec1612b5472.txt"


def decks_of(tmp_path: Path, body: str, glossary: str = "") -> ArticleDecks:
    """The decks of a small article: `body` as its Fundamentals, `glossary`
    (terms, one a line) as its Glossary."""
    text = f"Fundamentals\n\n{textwrap.dedent(body).strip()}\n\nReferences\n\nReflection\n"
    if glossary:
        text += f"\nGlossary\n\n{textwrap.dedent(glossary).strip()}\n"
    path = tmp_path / "snippet.txt"
    path.write_text(text, encoding="utf-8")
    return read_article(path)


def glossary_cards(decks: ArticleDecks) -> list[CardDraft]:
    return next((deck.cards for deck in decks.decks if deck.name == "glossary"), [])


def decision(decks: ArticleDecks, term: str) -> tuple[str, str]:
    found = next(d for d in decks.glossary if d.term == term)
    return found.action.value, found.reason


def test_a_term_only_mentioned_in_passing_gets_no_card_and_the_report_says_why(
    tmp_path: Path,
) -> None:
    decks = decks_of(
        tmp_path,
        (
            "Insulin is a hormone that moves glucose into cells after a meal.\n"
            "The pancreas then releases more insulin to maintain blood sugar equilibrium."
        ),
        "blood sugar\n\ninsulin",
    )

    assert decision(decks, "blood sugar") == ("dropped", "mentioned only in passing")
    assert not any("blood sugar" in str(card.fields) for card in glossary_cards(decks))


def test_a_term_a_sentence_defines_is_asked_what_it_is(tmp_path: Path) -> None:
    decks = decks_of(
        tmp_path,
        (
            "Insulin is a hormone that moves glucose into cells after a meal.\n"
            "The pancreas then releases more insulin to maintain blood sugar equilibrium."
        ),
        "insulin",
    )

    [card] = [c for c in glossary_cards(decks) if c.id == "term-insulin"]
    assert card.fields == {
        "front": "What is **insulin**?",
        "back": "Insulin is a hormone that moves glucose into cells after a meal.",
    }


def the_glossary_cloze(decks: ArticleDecks) -> str:
    """The text of the glossary deck's one cloze."""
    [cloze] = [c for c in glossary_cards(decks) if "text" in c.fields]
    return str(cloze.fields["text"])


def test_a_term_a_sentence_is_about_is_hidden_in_that_sentence(tmp_path: Path) -> None:
    body = (
        "Excess body fat matters, as adipose tissue itself is metabolically active and "
        "can secrete substances that worsen insulin signaling."
    )
    decks = decks_of(tmp_path, f"{body} Exercise helps.", "adipose tissue")

    assert the_glossary_cloze(decks) == (
        "Excess body fat matters, as {{c1::adipose tissue}} itself is metabolically active "
        "and can secrete substances that worsen insulin signaling."
    )
    assert decision(decks, "adipose tissue") == (
        "cloze",
        "a term, recalled from a sentence about it",
    )
    # A pull quote (a paragraph of one sentence) is clozed on its key terms in
    # its section's deck already: the glossary does not repeat that cloze.
    pull_quote = decks_of(tmp_path, body, "adipose tissue")
    assert glossary_cards(pull_quote) == []
    assert decision(pull_quote, "adipose tissue")[1].startswith("no card: its sentence is already")


def test_a_sentence_that_relates_a_term_to_another_is_about_it_but_no_definition(
    tmp_path: Path,
) -> None:
    decks = decks_of(
        tmp_path,
        "Shift work is a common cause of a disrupted cortisol rhythm. The cortisol "
        "rhythm peaks at dawn and the cortisol rhythm falls at night.",
        "shift work",
    )

    assert the_glossary_cloze(decks) == (
        "{{c1::Shift work}} is a common cause of a disrupted cortisol rhythm."
    )
    assert decision(decks, "shift work")[0] == "cloze"


def test_a_term_that_says_little_is_recalled_with_the_sentence_that_goes_on_about_it(
    tmp_path: Path,
) -> None:
    decks = decks_of(
        tmp_path,
        "For people with hormonal shifts, targeted hormonal optimization protocols can "
        "play a significant role. These protocols often involve the careful "
        "administration of bioidentical hormones.",
        "targeted hormonal optimization protocols",
    )

    assert the_glossary_cloze(decks) == (
        "For people with hormonal shifts, {{c1::targeted hormonal optimization protocols}} "
        "can play a significant role. These protocols often involve the careful "
        "administration of bioidentical hormones."
    )


def test_a_term_that_is_only_part_of_a_longer_one_is_not_asked_again(tmp_path: Path) -> None:
    decks = decks_of(
        tmp_path,
        (
            "Testosterone replacement therapy is a treatment that restores testosterone in "
            "men with low levels."
        ),
        "testosterone replacement therapy\n\ntestosterone replacement",
    )

    assert decision(decks, "testosterone replacement") == (
        "dropped",
        "occurs only as part of 'testosterone replacement therapy'",
    )
    assert [c.id for c in glossary_cards(decks)] == ["term-testosterone-replacement-therapy"]


def test_an_answer_that_points_back_comes_with_its_antecedent_or_not_at_all(
    tmp_path: Path,
) -> None:
    decks = decks_of(
        tmp_path,
        (
            "Key peptides include Sermorelin and Ipamorelin. These compounds are often "
            "referred to as growth hormone secretagogues; they encourage the "
            "pituitary gland to release growth hormone. While growth hormone itself can "
            "induce insulin resistance, the judicious use of these peptides aims to optimize "
            "its natural release."
        ),
        "growth hormone\n\ngrowth hormone secretagogues",
    )

    cards = {c.id: c for c in glossary_cards(decks)}
    assert "term-growth-hormone" not in cards
    assert decision(decks, "growth hormone")[0] == "dropped"
    assert (
        cards["term-growth-hormone-secretagogues"]
        .fields["back"]
        .startswith("Key peptides include Sermorelin and Ipamorelin. These compounds")
    )


def test_a_name_followed_by_what_it_means_is_answered_by_the_meaning(tmp_path: Path) -> None:
    decks = decks_of(
        tmp_path,
        (
            "Key peptides include Sermorelin and Ipamorelin. These compounds are often "
            "referred to as growth hormone secretagogues, meaning they encourage the "
            "pituitary gland to release growth hormone in a pulsatile, physiological manner."
        ),
        "growth hormone secretagogues",
    )

    cards = {c.id: c for c in glossary_cards(decks)}
    assert cards["term-growth-hormone-secretagogues"].fields["back"] == (
        "Growth hormone secretagogues, meaning they encourage the pituitary gland to release "
        "growth hormone in a pulsatile, physiological manner."
    )


def test_one_sentence_answers_one_glossary_card(tmp_path: Path) -> None:
    decks = decks_of(
        tmp_path,
        (
            "Leptin, a hormone made by fat cells, signals satiety, and ghrelin, a hormone "
            "made by the stomach, signals hunger. Both act on the hypothalamus."
        ),
        "leptin\n\nghrelin",
    )

    assert [c.id for c in glossary_cards(decks)] == ["term-leptin"]
    assert decision(decks, "ghrelin") == (
        "dropped",
        "no card: its sentence is already carded as term-leptin",
    )


def test_a_table_row_is_carded_in_its_section_deck_not_again_in_the_glossary(
    tmp_path: Path,
) -> None:
    decks = decks_of(
        tmp_path,
        """
        Peptide | Primary Mechanism |
        ---|---|
        Tesamorelin | Specifically reduces visceral adipose tissue in adults. |
        Sermorelin | Stimulates natural growth hormone release from the pituitary. |
        """,
        "Tesamorelin",
    )

    assert decision(decks, "Tesamorelin") == (
        "dropped",
        "its table row is carded in the Fundamentals deck",
    )
    fundamentals = next(deck for deck in decks.decks if deck.name == "fundamentals")
    assert any("**Tesamorelin**" in str(c.fields) for c in fundamentals.cards)
    assert all("Tesamorelin" not in str(c.fields) for c in glossary_cards(decks))


def test_an_article_without_a_glossary_gets_the_terms_its_prose_defines(
    tmp_path: Path,
) -> None:
    decks = decks_of(
        tmp_path,
        (
            "Insulin resistance describes a state where cells become less responsive to "
            "insulin. The pancreas then makes more insulin. This persistent elevation of "
            "insulin, termed hyperinsulinemia, disturbs other hormones.\n"
            "Obesity worsens insulin resistance.\n"
            "Insulin resistance can increase the activity of aromatase, an enzyme that "
            "converts testosterone into estrogen.\n"
            "The Leydig cells in the testes, responsible for testosterone synthesis, can "
            "become less responsive to LH.\n"
            "The Hypothalamic-Pituitary-Gonadal (HPG) axis, responsible for reproduction, "
            "is susceptible as well."
        ),
    )

    fronts = [c.fields["front"] for c in glossary_cards(decks)]
    assert fronts == [
        "What is **insulin resistance**?",
        "What is **hyperinsulinemia**?",
        "What is **aromatase**?",
        "What are **Leydig cells**?",
        # No "What is **axis**?": the name began before "(HPG)".
        "What does the abbreviation **HPG** stand for?",
    ]


def test_a_word_the_article_keeps_as_a_subject_is_recalled_from_a_sentence_about_it(
    tmp_path: Path,
) -> None:
    decks = decks_of(
        tmp_path,
        # The article is about insulin resistance (its subject, so its
        # topic); hyperinsulinemia is a term it keeps as a subject.
        "Insulin resistance is common. Insulin resistance grows with age.\n"
        "Insulin resistance responds to exercise. Insulin resistance varies.\n"
        "For men, chronic hyperinsulinemia can lead to lower testosterone production.\n"
        "Sustained hyperinsulinemia can also drive receptor downregulation.\n"
        "Within the HPG axis, hyperinsulinemia directly influences steroid production.\n"
        "The cells respond less. The cells adapt. The cells then rest.",
    )

    clozes = [c.fields["text"] for c in glossary_cards(decks) if "text" in c.fields]
    # Not "For men, chronic {{hyperinsulinemia}} can lead to lower
    # testosterone production.": the section hides what it leads to, right
    # after it, so hiding the term would ask that fact the other way round.
    assert clozes == [
        "Within the HPG axis, {{c1::hyperinsulinemia}} directly influences steroid production."
    ]  # "the cells" is no term: the article writes it with a determiner


@pytest.mark.parametrize("article", ARTICLES, ids=lambda path: path.name)
def test_no_glossary_card_asks_what_the_article_says_about_a_term(article: Path) -> None:
    vague = [
        card.id
        for card in glossary_cards(read_article(article))
        if "What does the article say about" in str(card.fields.get("front", ""))
    ]
    assert vague == []


@pytest.mark.parametrize("article", ARTICLES, ids=lambda path: path.name)
def test_no_glossary_card_is_off_its_term_repeated_or_pointing_at_nothing(
    article: Path,
) -> None:
    [glossary] = [lint for lint in lint_article(read_article(article)) if lint.deck == "glossary"]
    counts = glossary.counts()
    assert (
        counts[LintClass.OFF_TERM_ANSWER],
        counts[LintClass.DUPLICATE_ANSWER],
        counts[LintClass.DANGLING_PRONOUN],
    ) == (0, 0, 0), glossary.findings


def test_the_second_bundled_article_s_glossary_defines_the_terms_its_prose_defines() -> None:
    cards = {
        c.fields.get("front"): c.fields.get("back", "")
        for c in glossary_cards(read_article(SECOND))
    }

    # The subject of its sentence too, the term is answered by what the
    # sentence says it is, not by what the rest of the sentence says it does.
    assert cards["What are **Leydig cells**?"] == (
        "The Leydig cells in the testes, responsible for testosterone synthesis"
    )
    # Named mid-sentence, the term is answered by what the sentence says it
    # is, not by the sentence around it ("Moreover, insulin resistance ...").
    assert cards["What is **aromatase**?"] == (
        "Aromatase, an enzyme that converts testosterone into estrogen"
    )
    assert cards["What is **insulin resistance**?"].startswith(
        "Insulin resistance describes a state where cells become less responsive"
    )
    [hyperinsulinemia] = [
        c.fields["text"]
        for c in glossary_cards(read_article(SECOND))
        if "{{c1::hyperinsulinemia}}" in str(c.fields.get("text"))
    ]
    assert hyperinsulinemia.startswith("For men, chronic {{c1::hyperinsulinemia}} can lead to")


def test_a_term_that_opens_its_sentence_is_answered_by_what_the_sentence_says_it_is(
    tmp_path: Path,
) -> None:
    decks = decks_of(
        tmp_path,
        (
            "Ghrelin, a hormone made by the stomach, adds a further push to growth "
            "hormone release.\n"
            "The Leydig cells in the testes, responsible for testosterone synthesis, can "
            "become less responsive to LH."
        ),
        "Ghrelin\n\nLeydig cells",
    )

    backs = {c.fields["front"]: c.fields["back"] for c in glossary_cards(decks)}
    # The rest of the sentence says what the term does, not what it is: the
    # learner recalls the definition, cut where the article's appositive ends.
    assert backs["What is **Ghrelin**?"] == "Ghrelin, a hormone made by the stomach"
    assert backs["What are **Leydig cells**?"] == (
        "The Leydig cells in the testes, responsible for testosterone synthesis"
    )


def test_an_appositive_that_gives_a_name_does_not_define_the_words_before_it(
    tmp_path: Path,
) -> None:
    decks = decks_of(
        tmp_path,
        (
            "In rare cases the target cells become less responsive to thyroid hormone, "
            "a condition known as thyroid hormone resistance."
        ),
        "thyroid hormone",
    )

    # "a condition known as ..." is what the name means, not what thyroid hormone is.
    assert all(
        not str(c.fields.get("back", "")).startswith("Thyroid hormone, a condition")
        for c in glossary_cards(decks)
    )


def test_a_definition_cut_from_a_question_s_answer_is_still_asked(tmp_path: Path) -> None:
    decks = decks_of(
        tmp_path,
        (
            "How Is Growth Hormone Released?\n\n"
            "The hypothalamus sets the pace of growth hormone release through two signals. "
            "GHRH prompts the pituitary gland to release growth hormone, while somatostatin "
            "holds its release back. Ghrelin, a hormone made by the stomach, adds a further "
            "push to growth hormone release."
        ),
        "Ghrelin",
    )

    fundamentals = next(deck for deck in decks.decks if deck.name == "fundamentals")
    [question] = [c for c in fundamentals.cards if c.id.startswith("question-")]
    assert "Ghrelin, a hormone made by the stomach" in question.fields["back"]
    # The question asks how the hormone is released; what ghrelin is, the
    # glossary asks.
    backs = {c.fields.get("front"): c.fields.get("back") for c in glossary_cards(decks)}
    assert backs["What is **Ghrelin**?"] == "Ghrelin, a hormone made by the stomach"
