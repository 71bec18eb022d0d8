"""The card linter: each defect class flags the issue's examples and leaves sound cards alone."""

from __future__ import annotations

from typing import Any

import pytest

from endoquiz import CardKind
from endoquiz.generator.article_model import Article, Paragraph
from endoquiz.generator.card_lint import (
    LintClass,
    LintFinding,
    answer_off_term,
    broken_cloze_span,
    dangling_pronoun,
    duplicate_answers,
    fragment_term,
    lint_article,
    prompt_contains_answer,
    trivial_cloze_target,
)
from endoquiz.generator.cards.drafts import ArticleDecks, CardDraft, DeckDraft

TOPIC = frozenset({"insulin", "resistance"})


def card(card_id: str, kind: CardKind, quote: str = "", **fields: Any) -> CardDraft:
    return CardDraft(card_id, kind, fields, "Fundamentals", None, quote, 1)


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("{{c1::Insulin}} is a hormone made by the pancreas.", "'Insulin' is the article's topic"),
        (
            "Type 2 {{c1::deiodinase}} activates T4, while type 3 deiodinase inactivates it.",
            "'deiodinase' is shown elsewhere in the sentence",
        ),
        (
            "The liver needs glucose-6-{{c1::phosphatase}} to release glucose.",
            "'phosphatase' is part of a hyphenated name",
        ),
        (
            "These lipids activate serine {{c1::kinases}} in muscle cells.",
            "'kinases' is the head of the visible compound 'serine kinases'",
        ),
        (
            "Addison'{{c1::s disease}} is a failure of the adrenal glands.",
            "'s disease' splits a possessive",
        ),
        (
            "SOCS3 blocks JAK2, and the {{c1::phosphatase}} PTP1B removes the phosphate groups.",
            "'phosphatase' is told by 'phosphate' in the card",
        ),
        (
            "Causes include refined carbohydrates, inactivity, {{c1::stress}} and poor sleep.",
            "'stress' is one item of a list of three or more",
        ),
        # The object of one verb of a list of verb phrases is one item too.
        (
            "TRT has been shown to improve insulin sensitivity, reduce {{c1::visceral "
            "adiposity}}, and enhance lean body mass.",
            "'visceral adiposity' is one item of a list of three or more",
        ),
        # The letters beside the gap spell it, or the words before it spell them.
        (
            "{{c1::Growth hormone-releasing hormone}} (GHRH) prompts the pituitary gland.",
            "'Growth hormone-releasing hormone' is spelled out by '(GHRH)' beside it",
        ),
        (
            "The pituitary releases growth hormone ({{c1::GH}}) in pulses.",
            "'GH' abbreviates the words shown before it",
        ),
        # Its words stand together elsewhere, or are the topic, but for a class noun.
        (
            "Growth hormone acts through the {{c1::growth hormone receptor}}, a cytokine receptor.",
            "'growth hormone receptor' is told by the words around it",
        ),
        (
            "Muscle cells carry the {{c1::insulin receptor}} on their surface.",
            "'insulin receptor' is told by the words around it",
        ),
        (
            "The pancreas, an organ behind the stomach, makes {{c1::hormones}} for digestion.",
            "'hormones' is told by the words around it",
        ),
        # A sibling name in view tells the other half of the pair.
        (
            "Enclomiphene supports {{c1::luteinizing hormone (LH)}} and follicle-stimulating "
            "hormone (FSH) levels.",
            "'luteinizing hormone (LH)' is told by its partner 'follicle-stimulating hormone' "
            "beside it",
        ),
        (
            "Vitamin D coordinates the work of osteoblasts and {{c1::osteoclasts}}.",
            "'osteoclasts' is told by its partner 'osteoblasts' beside it",
        ),
        # Two shares of one whole: one is read off the other.
        (
            "About {{c1::99%}} of calcium is in bone, and less than {{c2::1%}} circulates.",
            "'99%' and '1%' make up a whole",
        ),
        # The gap's letters show elsewhere in the card, not only beside it.
        (
            "Kinases impair the {{c1::insulin receptor substrate (IRS)}} proteins, "
            "particularly IRS-1 and IRS-2.",
            "'insulin receptor substrate (IRS)' is spelled out by 'IRS' shown in the card",
        ),
        (
            "Kinases impair the {{c1::insulin receptor substrate}} proteins, IRS-1 and IRS-2.",
            "'insulin receptor substrate' is spelled out by 'IRS' shown in the card",
        ),
    ],
)
def test_a_trivial_cloze_target_is_flagged(text: str, reason: str) -> None:
    assert trivial_cloze_target(text, TOPIC) == reason


@pytest.mark.parametrize(
    "text",
    [
        "The pancreas releases insulin within {{c1::10 minutes}} of a meal.",
        "{{c1::Type 2}} deiodinase activates T4, while type 3 deiodinase inactivates it.",
        "Lipids reduce visceral {{c1::adiposity}} in hypogonadal men.",
        "The liver stores {{c1::glycogen}} between meals.",
        "Insulin moves glucose into {{c1::muscle}} and fat cells.",
        "Kinases phosphorylate IRS at {{c1::serine}} rather than tyrosine residues.",
        # An appositive's commas make no list.
        "{{c1::Ghrelin}}, a hormone made by the stomach, adds a push to the release.",
        # Words shown apart make a new combination: the contrast is the fact.
        "Lipids activate serine kinases, which act at {{c1::serine residues}}, rather than "
        "the normal tyrosine residues.",
        # A name hidden with its letters asks what the sentence says of it.
        "{{c1::Growth hormone-releasing hormone (GHRH)}} prompts the pituitary gland.",
        # Nor a thing's other name, after its only name.
        "An underactive thyroid, or {{c1::hypothyroidism}}, can slow metabolism, raising "
        "weight, creating a cycle.",
        # Two hormones of a cascade share a head but are no pair in view.
        "{{c1::Corticotropin-releasing hormone (CRH)}} stimulates the pituitary to release "
        "{{c2::adrenocorticotropic hormone (ACTH)}}.",
        # Amounts share a unit, not a name.
        "The glands secrete {{c1::10–20 mg}} of cortisol, and about {{c2::5–10 mg}} of that "
        "near waking.",
        # An aside after a name describes it; it is no partner of it.
        "Calcitriol binds the {{c1::vitamin D receptor (VDR)}}, a nuclear receptor that pairs "
        "with the retinoid X receptor.",
        # A name the sentence gives between commas is no item of a list of verbs.
        "IGF-1 stimulates the cartilage cells within these plates, termed {{c1::chondrocytes}}, "
        "to divide and enlarge, and the new cartilage is then replaced by bone.",
        # Words that share only a short stem are no kin: "osteo-" blasts and clasts.
        "{{c1::Osteoclasts}} dissolve old bone that osteoblasts laid down.",
        # "2.5 mg" is one figure: it does not tell "5 mg".
        "Metreleptin is typically {{c1::2.5 mg}} daily for men and {{c2::5 mg}} daily for women.",
        # A preposition of time or place before the gap makes no compound.
        "Cortisol levels are lowest around {{c1::midnight}} and peak shortly after waking.",
    ],
)
def test_a_cloze_hiding_the_telling_fact_is_not_flagged(text: str) -> None:
    assert trivial_cloze_target(text, TOPIC) is None


SUBSTRATES = (
    "There is an increase in serine phosphorylation of the IR and its downstream "
    "substrates, like {{c1::insulin receptor substrate (IRS)}} proteins."
)


def test_a_long_name_read_off_its_sentence_once_letters_read_as_words_is_flagged() -> None:
    # "IR" is the article's "insulin receptor (IR)": with it, every word of
    # the gap stands just before it.
    reason = "'insulin receptor substrate (IRS)' is read off its words shown in the sentence"
    assert trivial_cloze_target(SUBSTRATES, TOPIC, {"IR": "insulin receptor"}) == reason
    assert trivial_cloze_target(SUBSTRATES, TOPIC) is None


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        (
            "{{c1::Growth hormone-releasing peptides (GHRPs)}} like Sermorelin stimulate the "
            "pulsatile release of growth hormone.",
            "'Growth hormone-releasing peptides (GHRPs)' is read off its words shown in the "
            "sentence",
        ),
        (
            "Growth hormone-releasing {{c1::peptides (GHRPs)}} like Sermorelin stimulate the "
            "pulsatile release of growth hormone.",
            "'peptides (GHRPs)' cuts the name 'Growth hormone-releasing peptides' its letters "
            "spell",
        ),
    ],
)
def test_a_name_the_sentence_tells_or_cuts_is_flagged(text: str, reason: str) -> None:
    assert trivial_cloze_target(text, TOPIC) == reason


def test_a_long_name_with_a_word_the_sentence_never_shows_is_not_flagged() -> None:
    # Only "growth hormone" shows: "releasing" is the fact.
    text = (
        "{{c1::Growth hormone-releasing hormone (GHRH)}} stimulates the somatotrophs, the "
        "GH-producing cells of the anterior pituitary."
    )
    assert trivial_cloze_target(text, TOPIC, {"GH": "growth hormone"}) is None


@pytest.mark.parametrize(
    ("term", "answer", "reason"),
    [
        (
            "insulin sensitivity",
            "Estrogen helps maintain a healthy fat distribution in women.",
            "the answer does not mention 'insulin sensitivity'",
        ),
        (
            "body composition",
            "TRT improves insulin sensitivity and lean mass. These changes in body "
            "composition directly improve metabolic health.",
            "the answer mentions 'body composition' only in passing",
        ),
    ],
)
def test_an_answer_not_about_the_asked_term_is_flagged(term: str, answer: str, reason: str) -> None:
    assert answer_off_term(term, answer, answer) == reason


@pytest.mark.parametrize(
    ("term", "answer", "quote"),
    [
        ("insulin resistance", "Insulin resistance signifies a breakdown of signalling.", ""),
        ("hyperinsulinemia", "This elevation of insulin, termed hyperinsulinemia, harms.", ""),
        ("Growth Hormone (GH)", "The pituitary releases it in pulses; GH peaks in sleep.", ""),
        ("Sermorelin", "A peptide that stimulates GH release.", "Sermorelin — A peptide that"),
        # The author's own glossary entry ('Term: definition') is about its term.
        (
            "Hydrocortisone",
            "A synthetic form of cortisol used to replace what the glands no longer make.",
            "Hydrocortisone: A synthetic form of cortisol used to replace what the glands",
        ),
    ],
)
def test_an_answer_about_the_asked_term_is_not_flagged(term: str, answer: str, quote: str) -> None:
    assert answer_off_term(term, answer, quote or answer) is None


def test_cards_with_the_same_answer_are_flagged_but_a_short_shared_cell_is_not() -> None:
    sentence = "These peptides aim to optimize its natural release and metabolic rate."
    cards = [
        card("term-metabolic-rate", CardKind.BASIC, front="Q1", back=sentence),
        card("term-growth-hormone", CardKind.BASIC, front="Q2", back=sentence.upper() + "  "),
        card("row-men", CardKind.BASIC, front="Q3", back="Testosterone"),
        card("row-women", CardKind.BASIC, front="Q4", back="Testosterone"),
        card("term-therapy", CardKind.BASIC, front="Q5", back="TRT restores levels in men."),
        card("term-replacement", CardKind.BASIC, front="Q6", back="TRT restores levels in men!"),
    ]
    assert duplicate_answers(cards) == {
        "term-growth-hormone": "term-metabolic-rate",
        "term-replacement": "term-therapy",
    }


def test_a_prompt_that_shows_its_answer_is_flagged() -> None:
    prompt = "Which therapy does the article describe this way?\n\n> Small testosterone pellets."
    assert prompt_contains_answer(prompt, "Pellet Therapy") == (
        "the prompt already shows 'Pellet Therapy'"
    )
    masked = "Which term does the article describe this way?\n\n> […] is placed under the skin."
    assert prompt_contains_answer(masked, "Pellet Therapy") is None
    assert prompt_contains_answer("**Sunlight**: form?", "Vitamin D3") is None


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        (
            "It stimulates the release of growth hormone.",
            "opens with 'It' and nothing it refers to",
        ),
        (
            "In some cases, this may be added to support LH.",
            "'this' after 'In some cases,' refers to nothing in the text",
        ),
        (
            "While growth hormone can induce insulin resistance, the use of these peptides "
            "aims to optimize its release.",
            "'these peptides' has nothing before it to refer to",
        ),
    ],
)
def test_a_dangling_pronoun_is_flagged(text: str, reason: str) -> None:
    assert dangling_pronoun(text) == reason


@pytest.mark.parametrize(
    "text",
    [
        "Sermorelin and ipamorelin are peptides; these peptides stimulate GH release.",
        "Type 3 deiodinase inactivates both, and this dual effect lets each organ tune it.",
        "In women, estrogen improves insulin sensitivity.",
        "**PT-141**: this peptide acts on the brain.",
    ],
)
def test_a_pronoun_with_its_antecedent_is_not_flagged(text: str) -> None:
    assert dangling_pronoun(text) is None


@pytest.mark.parametrize(
    ("term", "reason"),
    [
        ("sets the metabolic pace", "'sets the metabolic pace' reads as a clause: 'sets the …'"),
        ("grow less sensitive", "'grow less sensitive' reads as a predicate: 'grow less …'"),
        ("cortisol is released", "'cortisol is released' holds the verb 'is'"),
        (
            "step toward reclaiming your",
            "'step toward reclaiming your' starts or ends with a function word",
        ),
        ("Growth Hormone (GH", "'Growth Hormone (GH' has an unbalanced parenthesis"),
    ],
)
def test_a_fragment_term_is_flagged(term: str, reason: str) -> None:
    assert fragment_term(term) == reason


@pytest.mark.parametrize(
    "term",
    [
        "insulin resistance",
        "thyroid-stimulating hormone (TSH)",
        "release of the growth hormone",
        "Hashimoto thyroiditis",
    ],
)
def test_a_noun_phrase_term_is_not_flagged(term: str) -> None:
    assert fragment_term(term) is None


def test_a_cloze_splitting_a_word_or_a_bracket_is_flagged() -> None:
    assert broken_cloze_span("The {{c1::insul}}in level rises.", "insul") == "'insul' splits a word"
    assert broken_cloze_span("{{c1::GH (growth}} hormone) rises.", "GH (growth") == (
        "'GH (growth' has an unbalanced parenthesis"
    )
    assert broken_cloze_span("{{c1::Growth hormone}} rises.", "Growth hormone") is None


def test_an_article_is_linted_deck_by_deck_with_counts_per_class() -> None:
    paragraph = Paragraph("Fundamentals", None, ("Insulin acts on cells. Insulin matters.",), 5)
    article = Article("a.txt", "Insulin Resistance", "insulin-resistance", paragraphs=[paragraph])
    back = "Insulin resistance signifies a cellular communication breakdown in the body."
    section = DeckDraft(
        "fundamentals",
        "t",
        "d",
        [card("cloze-insulin", CardKind.CLOZE, text="{{c1::Insulin}} acts on many cells.")],
    )
    glossary = DeckDraft(
        "glossary",
        "t",
        "d",
        [
            card("term-ir", CardKind.BASIC, front="What is **insulin resistance**?", back=back),
            card("term-pace", CardKind.BASIC, front="What is **sets the pace**?", back=back),
        ],
    )

    lint = lint_article(ArticleDecks(article, [section, glossary], []))

    assert [deck.deck for deck in lint] == ["fundamentals", "glossary"]
    assert lint[0].findings == (
        LintFinding("cloze-insulin", LintClass.TRIVIAL_CLOZE, "'Insulin' is the article's topic"),
    )
    assert lint[1].findings == (
        LintFinding(
            "term-pace",
            LintClass.OFF_TERM_ANSWER,
            "the answer does not mention 'sets the pace'",
        ),
        LintFinding(
            "term-pace", LintClass.FRAGMENT_TERM, "'sets the pace' reads as a clause: 'sets the …'"
        ),
        LintFinding("term-pace", LintClass.DUPLICATE_ANSWER, "same answer as term-ir"),
    )
    assert lint[1].counts()[LintClass.DUPLICATE_ANSWER] == 1
    assert lint[1].counts()[LintClass.TRIVIAL_CLOZE] == 0


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        (
            "About {{c1::99%}} of calcium is in bone, and less than 1% circulates.",
            "'99%' is the rest of the whole beside '1%' shown in the card",
        ),
        (
            "Hypothyroidism is a state in which the gland produces {{c1::too little hormone}}.",
            "'too little hormone' is what the prefix of 'Hypothyroidism' shown in the card means",
        ),
        (
            "The pancreas produces more insulin, leading to {{c1::elevated insulin levels}}.",
            "'elevated insulin levels' restates 'more insulin' shown in the card",
        ),
        (
            "Intermittent PTH stimulates {{c1::bone formation}}, whereas continuous PTH excess "
            "drives bone resorption.",
            "'bone formation' is the opposite of 'bone resorption' across 'whereas'",
        ),
        (
            "The daily cortisol rhythm rises before waking and falls through the "
            "{{c1::evening}}, shaping both alertness and sleep.",
            "'evening' is read off 'rises before waking', its opposite movement shown in the card",
        ),
        (
            "Blood glucose climbs {{c1::after a meal}} and falls during the fast that follows.",
            "'after a meal' is read off 'falls during the fast that follows', "
            "its opposite movement shown in the card",
        ),
        (
            "Cortisol raises {{c1::blood glucose}} and heightens alertness, and this dual "
            "effect — mobilizing fuel and sharpening attention — prepares the body for the day.",
            "'blood glucose' is restated by the aside 'mobilizing fuel and sharpening attention'",
        ),
        (
            "This association is often bidirectional, meaning low testosterone can worsen "
            "insulin sensitivity, and insulin resistance can suppress "
            "{{c1::testosterone production}}.",
            "'testosterone production' is read off 'low testosterone', "
            "the link shown the other way",
        ),
    ],
)
def test_a_gap_the_rest_of_the_card_gives_away_is_flagged(text: str, reason: str) -> None:
    assert trivial_cloze_target(text, TOPIC) == reason


@pytest.mark.parametrize(
    "text",
    [
        # Two shares that make no whole.
        "About {{c1::60%}} of calcium is in bone, and less than 1% circulates.",
        # A direction of another thing than the one shown moving.
        "The pancreas produces more insulin, leading to {{c1::elevated glucagon levels}}.",
        # "while" may be a time, not a contrast; the other side is no counterpart.
        "A sensitive receptor needs a {{c1::small amount of hormone}}, while a desensitized "
        "receptor demands a larger concentration of the hormone.",
        "Intermittent PTH stimulates {{c1::osteoblasts}}, whereas continuous PTH excess "
        "drives bone resorption.",
        # A figure is recalled, not read off the opposite movement or an aside.
        "GH secretion peaks during the adolescent growth spurt and then falls by roughly "
        "{{c1::14%}} with each decade of adult life.",
        "Type 1 and type 2 deiodinase convert {{c1::T4 into T3}}, while type 3 deiodinase "
        "inactivates both hormones, and this dual effect — activation in some tissues and "
        "inactivation in others — lets each organ tune its own hormone supply.",
        # Two movements the same way mirror nothing.
        "Cortisol rises before waking and climbs through the {{c1::early morning}}.",
        # A feedback loop's name is recalled: the loop is the fact.
        "GH stimulates IGF-1 production in the liver, and IGF-1 in turn suppresses "
        "{{c1::GH release}}.",
        # The second clause's subject is not the first one's object.
        "Low vitamin D weakens bone, and low calcium intake can cause {{c1::muscle cramps}}.",
    ],
)
def test_a_gap_the_card_does_not_give_away_is_not_flagged(text: str) -> None:
    assert trivial_cloze_target(text, TOPIC) is None
