"""One fact, one card: a fact two card sources ask the same way is asked once."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from endoquiz import CardKind
from endoquiz.generator.article_model import Article
from endoquiz.generator.card_lint import LintClass, LintFinding, lint_article
from endoquiz.generator.cards.drafts import ArticleDecks, CardDraft, DeckDraft, GlossaryAction
from endoquiz.generator.cards.repeats import repeated_facts, without_repeats
from endoquiz.generator.deck_generation import read_article

ARTICLES = Path(__file__).resolve().parents[1] / "data" / "articles"
TABLE = "\n\n*From the table: The main disorders*"


def card(card_id: str, kind: CardKind = CardKind.BASIC, **fields: Any) -> CardDraft:
    return CardDraft(card_id, kind, fields, "Intermediate", None, "", 1)


def cloze(card_id: str, text: str) -> CardDraft:
    return card(card_id, CardKind.CLOZE, text=text)


def cell(row: str, column: str, answer: str) -> CardDraft:
    slug = f"{row}-{column}".lower().replace(" ", "-")
    return card(f"table-{slug}", front=f"**{row}**: {column}?{TABLE}", back=answer)


def which_row(row: str, column: str, answer: str) -> CardDraft:
    slug = row.lower().replace(" ", "-")
    question = f"Which condition does the table describe this way?\n\n> *{column}*: {answer}{TABLE}"
    return card(f"table-{slug}-which", CardKind.CHOICE, question=question, answer=row)


def kept(cards: list[CardDraft], glossary: frozenset[str] = frozenset()) -> list[CardDraft]:
    return without_repeats(cards, repeated_facts(cards, glossary))


def ids(cards: list[CardDraft]) -> list[str]:
    return [c.id for c in cards]


def all_cards(decks: ArticleDecks) -> list[CardDraft]:
    return [c for deck in decks.decks for c in deck.cards]


def test_a_cell_the_cloze_hides_word_for_word_gives_way_to_the_cloze() -> None:
    sentence = cloze(
        "cloze-graves",
        "Hyperthyroidism is most often caused by {{c1::Graves disease}}, in which "
        "antibodies stimulate the TSH receptor.",
    )
    bare = cell("Hyperthyroidism", "Typical Cause", "Graves disease")

    assert ids(kept([sentence, bare])) == ["cloze-graves"]


def test_a_cloze_hiding_part_of_a_cell_gives_way_to_the_cell() -> None:
    part = cloze(
        "cloze-weekly",
        "The protocol involves {{c1::weekly}} injections of Testosterone Cypionate "
        "({{c2::200mg/ml}}).",
    )
    agent = cell("TRT Men", "Primary Agent", "Testosterone Cypionate")
    whole = cell("TRT Men", "Typical Administration", "Weekly IM injection (200mg/ml)")

    assert ids(kept([part, agent, whole])) == [agent.id, whole.id]


def test_a_cloze_padding_a_cell_gives_way_to_the_cell() -> None:
    padded = cloze(
        "cloze-adenoma",
        "Acromegaly is nearly always caused by a {{c1::benign GH-secreting adenoma of the "
        "pituitary gland}}.",
    )
    cause = cell("Acromegaly", "Usual Cause", "GH-secreting pituitary adenoma")

    assert ids(kept([padded, cause])) == [cause.id]


def test_a_name_a_cell_only_mentions_is_another_fact() -> None:
    # The cloze asks which disease; the cell asks what an antibody test supports.
    disease = cloze(
        "cloze-hashimoto",
        "The most common cause is {{c1::Hashimoto thyroiditis}}, in which antibodies "
        "against thyroid peroxidase damage the gland.",
    )
    test = cell(
        "Thyroid Peroxidase Antibodies",
        "Typical Use",
        "Supports a diagnosis of Hashimoto thyroiditis",
    )
    term = card("term-hashimoto", front="What is **Hashimoto thyroiditis**?", back="An autoimmune")

    assert ids(kept([disease, test, term])) == ["cloze-hashimoto", test.id, "term-hashimoto"]


def test_one_member_of_a_listed_cell_is_not_the_cell_s_fact() -> None:
    member = cloze(
        "cloze-gonadorelin",
        "To keep natural testosterone production, {{c1::Gonadorelin}} is added for TRT men.",
    )
    agents = cell("TRT Men", "Supporting Agents", "Gonadorelin, Anastrozole, Enclomiphene")

    assert ids(kept([member, agents])) == ["cloze-gonadorelin", agents.id]


def test_a_cell_that_is_the_row_s_definition_gives_way_to_the_term_card() -> None:
    term = card(
        "which-gigantism",
        CardKind.TYPED,
        front="Which term does the article describe this way?\n\n"
        "> GH excess in childhood, before the growth plates have closed.",
        answer="Gigantism",
    )
    cause = cell("Gigantism", "Usual Cause", "GH excess before the growth plates close")
    which = which_row("Gigantism", "Usual Cause", "GH excess before the growth plates close")
    # A feature is not the definition, though its words are in it.
    feature = cell("Acromegaly", "Main Sign", "Enlarged hands, feet and jaw")
    acromegaly = card(
        "term-acromegaly",
        front="What is **Acromegaly**?",
        back="A condition of growth hormone excess in adult life that enlarges the bones "
        "of the hands, feet and face.",
    )

    assert ids(kept([term, cause, which, feature, acromegaly])) == [
        "which-gigantism",
        feature.id,
        "term-acromegaly",
    ]


def test_a_which_row_card_gives_way_to_a_cloze_naming_the_row_from_the_same_words() -> None:
    named = cloze(
        "cloze-laron",
        "Rarely does the GH receptor itself fail, but when it does, as in {{c1::Laron syndrome}}, "
        "IGF-1 remains low.",
    )
    which = which_row("Laron Syndrome", "Usual Cause", "Defective GH receptor")

    assert ids(kept([named, which])) == ["cloze-laron"]


def test_a_second_deletion_another_card_asks_is_shown() -> None:
    carrier = cloze(
        "cloze-75",
        "Over {{c1::75%}} of circulating IGF-1 travels with {{c2::IGF-binding protein 3 "
        "(IGFBP-3)}} and the acid-labile subunit.",
    )
    which = card(
        "which-igfbp-3",
        CardKind.TYPED,
        front="Which term does the article describe this way?\n\n> The main carrier protein, "
        "binding most circulating IGF-1 together with the acid-labile subunit.",
        answer="IGFBP-3",
    )
    kinase = cloze(
        "cloze-jak2",
        "Binding activates {{c1::Janus kinase 2 (JAK2)}}, a {{c2::tyrosine kinase}} attached "
        "to the receptor.",
    )
    term = card(
        "term-janus-kinase-2",
        front="What is **Janus kinase 2**?",
        back="Janus kinase 2 (JAK2), a tyrosine kinase attached to the receptor.",
    )

    result = kept([carrier, which, kinase, term])

    assert [c.fields.get("text") for c in result if c.kind is CardKind.CLOZE] == [
        "Over {{c1::75%}} of circulating IGF-1 travels with IGF-binding protein 3 (IGFBP-3) "
        "and the acid-labile subunit.",
        "Binding activates {{c1::Janus kinase 2 (JAK2)}}, a tyrosine kinase attached to the "
        "receptor.",
    ]


def test_a_glossary_cloze_hiding_what_a_section_cloze_hides_about_the_same_thing_goes() -> None:
    section = cloze(
        "cloze-stimulation-tests",
        "Because GH is released in pulses, diagnosis relies on {{c1::stimulation tests}} "
        "rather than a single blood sample.",
    )
    glossary = cloze(
        "term-stimulation-tests",
        "{{c1::Stimulation tests}} are needed to diagnose GH deficiency, because a single GH "
        "measurement cannot tell low output from a normal trough between pulses.",
    )

    assert ids(kept([section, glossary], frozenset({glossary.id}))) == ["cloze-stimulation-tests"]


def test_of_two_clozes_on_one_term_the_one_that_shows_its_gap_goes() -> None:
    leaky = cloze(
        "cloze-trt",
        "{{c1::Testosterone Replacement Therapy (TRT)}} for men with symptoms of low "
        "testosterone can improve body composition.",
    )
    glossary = cloze(
        "term-trt",
        "{{c1::Testosterone Replacement Therapy}} in men can improve insulin sensitivity and "
        "body composition.",
    )

    assert ids(kept([leaky, glossary], frozenset({glossary.id}))) == ["term-trt"]


def test_two_section_clozes_hiding_the_same_words_about_two_things_both_stay() -> None:
    men = cloze(
        "cloze-men", "For men, a protocol involves {{c1::weekly}} injections of testosterone."
    )
    women = cloze("cloze-women", "For women, testosterone is given {{c1::weekly}} in low doses.")

    assert ids(kept([men, women])) == ["cloze-men", "cloze-women"]


def test_a_card_another_was_dropped_for_is_never_dropped_in_turn() -> None:
    glossary = cloze(
        "term-cypionate",
        "{{c1::Testosterone Cypionate}} is given in lower doses for women, weekly by injection.",
    )
    section = cloze(
        "cloze-dose",
        "Testosterone Cypionate is given in lower doses for women, {{c1::weekly}} by injection.",
    )
    agent = cell("TRT Women", "Primary Agent", "Testosterone Cypionate")

    result = ids(kept([glossary, section, agent], frozenset({glossary.id})))

    assert "cloze-dose" in result
    assert len(result) == 2  # one of the cell and the glossary cloze, never neither


def test_the_linter_reports_a_repeated_fact_as_a_duplicate_answer() -> None:
    article = Article("t.txt", "Thyroid", "thyroid")
    sentence = cloze(
        "cloze-graves", "Hyperthyroidism is most often caused by {{c1::Graves disease}}."
    )
    bare = cell("Hyperthyroidism", "Typical Cause", "Graves disease")
    decks = ArticleDecks(article, [DeckDraft("intermediate", "", "", [sentence, bare])], [])

    findings = lint_article(decks)[0].findings

    assert findings == (
        LintFinding(
            bare.id,
            LintClass.DUPLICATE_ANSWER,
            "same answer as cloze-graves (cell 'Graves disease' is the gap of cloze-graves)",
        ),
    )


def test_the_thyroid_deck_asks_each_disease_s_usual_cause_once() -> None:
    cards = all_cards(read_article(ARTICLES / "thyroid_function.txt"))
    fronts = [str(c.fields.get("front", "")) for c in cards]
    texts = [str(c.fields.get("text", "")) for c in cards]

    assert not any(f.startswith("**Hypothyroidism**: typical cause?") for f in fronts)
    assert not any(f.startswith("**Hyperthyroidism**: typical cause?") for f in fronts)
    assert any("{{c1::Hashimoto thyroiditis}}" in t for t in texts)
    assert any("{{c1::Graves disease}}" in t for t in texts)


def test_the_growth_hormone_axis_deck_asks_the_gigantism_definition_once() -> None:
    cards = all_cards(read_article(ARTICLES / "growth_hormone_axis.txt"))

    gigantism = [
        c.id
        for c in cards
        if "Gigantism" in str(c.fields.get("front", "")) + str(c.fields.get("answer", ""))
    ]
    assert "which-gigantism" in gigantism
    assert not any(i.startswith("table-") and "gigantism" in i for i in gigantism)


def test_a_glossary_term_whose_card_repeated_a_section_card_is_reported_dropped() -> None:
    decks = read_article(ARTICLES / "growth_hormone_axis.txt")
    decision = next(d for d in decks.glossary if d.term.lower() == "stimulation tests")

    assert decision.action is GlossaryAction.DROPPED
    assert decision.reason.startswith("repeats cloze-stimulation-tests-")


HYPOTHYROIDISM = "Hypothyroidism is a state in which the thyroid gland produces too little hormone."


def test_a_cloze_cut_from_a_term_s_definition_gives_way_to_the_term_card() -> None:
    term = card("term-hypothyroidism", front="What is **hypothyroidism**?", back=HYPOTHYROIDISM)
    piece = cloze("cloze-piece", HYPOTHYROIDISM.replace("thyroid gland", "{{c1::thyroid gland}}"))

    assert ids(kept([term, piece])) == ["term-hypothyroidism"]


def test_a_cloze_hiding_the_term_in_its_definition_asks_the_other_way_and_stays() -> None:
    term = card("term-hypothyroidism", front="What is **hypothyroidism**?", back=HYPOTHYROIDISM)
    reverse = cloze(
        "cloze-reverse", HYPOTHYROIDISM.replace("Hypothyroidism", "{{c1::Hypothyroidism}}")
    )

    assert ids(kept([term, reverse])) == ["term-hypothyroidism", "cloze-reverse"]


RECAP = (
    "Treatment with {{c1::levothyroxine}} restores normal thyroid hormone levels in most "
    "people with {{c2::hypothyroidism}}."
)


def test_a_cloze_pairing_names_other_cards_ask_is_a_recap_and_goes() -> None:
    term = card("term-levothyroxine", front="What is **levothyroxine**?", back="A synthetic T4.")
    question = "Which of these does the article describe this way?\n\n> Too little hormone."
    which = card(
        "which-hypothyroidism", CardKind.CHOICE, question=question, answer="Hypothyroidism"
    )

    assert ids(kept([term, which, cloze("cloze-recap", RECAP)])) == [
        "term-levothyroxine",
        "which-hypothyroidism",
    ]


def test_a_cloze_with_a_name_asked_nowhere_else_stays() -> None:
    term = card("term-levothyroxine", front="What is **levothyroxine**?", back="A synthetic T4.")

    assert "cloze-recap" in ids(kept([term, cloze("cloze-recap", RECAP)]))


def test_one_gap_listing_names_other_cards_ask_is_a_recap_and_goes() -> None:
    recap = cloze(
        "cloze-cells",
        "Vitamin D supports the skeleton by coordinating calcium absorption with the work "
        "of {{c1::osteoblasts and osteoclasts}}.",
    )
    question = "Which of these does the article describe this way?\n\n> Cells that {}."
    builders = card(
        "which-osteoblasts",
        CardKind.CHOICE,
        question=question.format("lay down new bone"),
        answer="Osteoblasts",
    )
    breakers = card(
        "which-osteoclasts",
        CardKind.CHOICE,
        question=question.format("dissolve old bone"),
        answer="Osteoclasts",
    )

    assert ids(kept([builders, breakers, recap])) == ["which-osteoblasts", "which-osteoclasts"]


def test_a_listed_gap_with_a_name_asked_nowhere_else_stays() -> None:
    pair = cloze(
        "cloze-kinases",
        "This serine phosphorylation is mediated by kinases such as {{c1::JNK and IKKβ}}.",
    )
    question = "Which of these does the article describe this way?\n\n> A stress kinase."
    jnk = card("which-jnk", CardKind.CHOICE, question=question, answer="JNK")

    assert ids(kept([jnk, pair])) == ["which-jnk", "cloze-kinases"]


def test_a_gap_naming_a_hormone_by_its_letters_in_the_cell_gives_way_to_the_cell() -> None:
    # The table writes "GH release"; the sentence "release of growth hormone (GH)".
    release = cloze(
        "cloze-release",
        "Peptides like Sermorelin and Ipamorelin stimulate the {{c1::pulsatile release of "
        "endogenous growth hormone (GH)}}.",
    )
    mechanism = cell(
        "Sermorelin / Ipamorelin", "Primary Mechanism", "Stimulates endogenous GH release"
    )
    name = card(
        "abbr-gh", front="What does the abbreviation **GH** stand for?", back="growth hormone"
    )

    assert ids(kept([release, mechanism, name])) == [mechanism.id, "abbr-gh"]


def test_a_cell_whose_figures_a_cloze_hides_gives_way_to_the_cloze() -> None:
    # The table's dose and the sentence's are one fact; the sentence also
    # gives it in units.
    dose = cloze(
        "cloze-dose",
        "Testosterone Cypionate is typically administered in much lower doses for women, "
        "often {{c1::10–20 units (0.1–0.2ml) weekly}} via subcutaneous injection.",
    )
    administration = cell("TRT Women", "Typical Administration", "Weekly SC injection (0.1-0.2ml)")

    assert ids(kept([dose, administration])) == ["cloze-dose"]


def test_a_cell_naming_a_hormone_with_a_digit_gives_no_figure_to_a_cloze() -> None:
    # "IGF-1" and "T4" are names, not amounts: the cell's fact is its own.
    levels = cloze(
        "cloze-igf",
        "Elevated insulin suppresses GH secretion in the GH Axis, leading to lower levels of "
        "{{c1::insulin-like growth factor 1 (IGF-1)}}.",
    )
    impact = cell("GH Axis", "Impact", "Suppressed GH secretion, reduced IGF-1 levels.")

    assert impact.id in ids(kept([levels, impact]))
