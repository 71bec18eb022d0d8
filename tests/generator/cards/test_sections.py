"""Cards from a section's prose: question headings and clozes, on the test articles."""

from __future__ import annotations

import pytest

from endoquiz import CardKind
from endoquiz.generator.article_model import Article, GlossaryEntry, Paragraph
from endoquiz.generator.card_lint import dangling_pronoun
from endoquiz.generator.cards.article_text import ArticleText
from endoquiz.generator.cards.card_ids import CardIds
from endoquiz.generator.cards.sections import (
    best_answer,
    cloze_cards,
    question_cards,
    stem,
    whole_compound,
)
from endoquiz.generator.glossary_terms import Sentence

THYROID_GLAND = (
    "The thyroid gland, a butterfly-shaped organ in the neck, produces hormones that set the "
    "pace of metabolism in almost every tissue."
)
MAIN_PRODUCT = (
    "Its main product is thyroxine (T4), a relatively inactive hormone that tissues convert "
    "into triiodothyronine (T3), the active form."
)
DOSE = "The dose is adjusted every 6–8 weeks according to TSH results until the level settles."


def test_a_question_heading_is_answered_by_the_sentence_sharing_most_words(
    thyroid: ArticleText,
) -> None:
    cards = question_cards(thyroid, "Fundamentals", CardIds())

    assert len(cards) == 1
    card = cards[0]
    assert card.id == "question-how-does-the-body-control-thyroid-hormone-levels"
    assert card.fields == {
        "front": "How Does the Body Control Thyroid Hormone Levels?",
        # The whole paragraph, short enough to recall: the TRH -> TSH -> T4/T3
        # axis the question asks about, not only its feedback step.
        "back": "The hypothalamus releases thyrotropin-releasing hormone (TRH), which prompts "
        "the pituitary gland to secrete thyroid-stimulating hormone (TSH). TSH then "
        "stimulates the thyroid gland to produce and release T4 and T3. Rising thyroid "
        "hormone levels suppress TRH and TSH release through negative feedback, which keeps "
        "thyroid hormone levels within a narrow range.",
    }
    assert card.heading == "How Does the Body Control Thyroid Hormone Levels?"


def test_a_section_without_question_headings_has_no_question_cards(thyroid: ArticleText) -> None:
    # "Deiodinase Enzymes and Local Control" is a heading, not a question.
    assert question_cards(thyroid, "Academic", CardIds()) == []


def test_an_answer_comes_with_the_sentence_that_leans_on_it(thyroid: ArticleText) -> None:
    paragraph = [s for s in thyroid.sentences if s.text in (THYROID_GLAND, MAIN_PRODUCT)]

    answer = best_answer("What Does the Thyroid Gland Produce?", paragraph)

    assert answer == f"{THYROID_GLAND} {MAIN_PRODUCT}"


def test_no_sentence_sharing_two_words_answers_nothing(thyroid: ArticleText) -> None:
    paragraph = [s for s in thyroid.sentences if s.text == DOSE]

    assert best_answer("Why Does Iodine Matter?", paragraph) is None


def test_a_cloze_hides_a_duration(thyroid: ArticleText) -> None:
    cards = cloze_cards(thyroid, "Intermediate", CardIds())

    dose = next(card for card in cards if card.quote.endswith(DOSE))
    assert dose.id == "cloze-68-weeks-9004cf"
    assert dose.kind is CardKind.CLOZE
    # "The dose" of what? The sentence naming the drug comes with it.
    assert dose.fields == {
        "text": "Levothyroxine, a synthetic form of T4, is the standard treatment for "
        "hypothyroidism. The dose is adjusted every {{c1::6–8 weeks}} according to TSH "
        "results until the level settles."
    }


def test_a_pull_quote_hides_its_key_terms(thyroid: ArticleText) -> None:
    cards = cloze_cards(thyroid, "Intermediate", CardIds())

    assert cards[-1].fields["text"] == (
        "Treatment with {{c1::levothyroxine}} restores normal thyroid hormone levels in most "
        "people with {{c2::hypothyroidism}}."
    )


def test_a_cloze_on_a_sentence_that_points_back_quotes_the_one_before(
    thyroid: ArticleText,
) -> None:
    cards = cloze_cards(thyroid, "Fundamentals", CardIds())

    product = next(card for card in cards if card.id == "cloze-thyroxine-ac9970")
    assert product.fields["text"] == (
        f"{THYROID_GLAND} Its main product is {{{{c1::thyroxine (T4)}}}}, a relatively inactive "
        "hormone that tissues convert into {{c2::triiodothyronine (T3)}}, the active form."
    )
    assert product.quote == f"{THYROID_GLAND} {MAIN_PRODUCT}"


def test_a_sentence_repeated_in_a_section_is_asked_once() -> None:
    article = Article(
        "a.txt",
        "Thyroid",
        "thyroid",
        paragraphs=[
            Paragraph("Intermediate", None, (DOSE,), 3),
            Paragraph("Intermediate", None, ("Levothyroxine is a synthetic hormone.", DOSE), 5),
        ],
    )

    cards = cloze_cards(ArticleText.of(article), "Intermediate", CardIds())

    # Once, where it can be read: "The dose" alone says not of what.
    assert [card.quote for card in cards] == [f"Levothyroxine is a synthetic hormone. {DOSE}"]
    assert cards[0].line == 5


def test_words_meet_at_their_stem() -> None:
    assert stem("hormonal") == stem("hormones") == "hormon"
    assert stem("levels") == "level"
    # Too short to cut: "gas" stays "gas".
    assert stem("gas") == "gas"


@pytest.mark.parametrize(
    ("sentence", "hidden", "widened"),
    [
        # The modifier in view tells the answer apart: it is hidden too.
        ("Stress can activate serine kinases in muscle.", "kinases", "serine kinases"),
        ("The enzyme 1-alpha-hydroxylase in the kidney.", "hydroxylase", "1-alpha-hydroxylase"),
        # A hyphenated modifier counts by its last part.
        (
            "The enzyme 11-beta-hydroxysteroid dehydrogenase converts cortisone.",
            "dehydrogenase",
            "11-beta-hydroxysteroid dehydrogenase",
        ),
        # A verb, an adjective or a small word before it is no modifier.
        ("The pancreas releases insulin after meals.", "insulin", "insulin"),
        ("Excess visceral adiposity drives it.", "adiposity", "adiposity"),
        ("A rise in the cortisol level.", "cortisol", "cortisol"),
        # A name (capitalised) or a phrase is left as it is.
        ("Type 2 Deiodinase acts here.", "Deiodinase", "Deiodinase"),
        # After "one", the word heads its own phrase: no "{{reason children}}".
        ("It is one reason children with the syndrome gain weight.", "children", "children"),
        ("Stress can activate a serine kinase in muscle.", "kinase", "serine kinase"),
        # A chemical name goes on to its first word; a class before it does not.
        (
            "Aromatic L-amino acid decarboxylase then converts L-DOPA into dopamine.",
            "decarboxylase",
            "Aromatic L-amino acid decarboxylase",
        ),
        (
            "Next, dopamine beta-hydroxylase converts dopamine into noradrenaline.",
            "hydroxylase",
            "dopamine beta-hydroxylase",
        ),
    ],
)
def test_a_deletion_ending_a_compound_name_hides_the_whole_name(
    sentence: str, hidden: str, widened: str
) -> None:
    start = sentence.index(hidden)
    a, b = whole_compound(sentence, (start, start + len(hidden)))
    assert sentence[a:b] == widened


DISRUPT = "How Does Insulin Resistance Disrupt Hormonal Balance?"
# A block under a question heading, shaped like 000's: an analogy, a vague
# sentence, the mechanism, and a later "Beyond ..." sentence that shares the
# most words with the question but adds to the answer rather than giving it.
DISRUPT_BLOCK = (
    "The endocrine system operates as a finely tuned orchestra, with each hormone playing "
    "a specific role.",
    "Insulin, as a dominant metabolic hormone, exerts a profound influence over the "
    "entire endocrine symphony.",
    "When insulin signaling falters, the ripple effects extend far beyond glucose "
    "regulation, directly impacting the production and activity of other crucial hormones.",
    "Beyond the sex hormones, insulin resistance can also affect the delicate balance of "
    "thyroid hormones and cortisol.",
)


def an_article(section: str, *paragraphs: tuple[str | None, tuple[str, ...]]) -> ArticleText:
    """A small article of one section: (heading, sentences) paragraphs, and
    its question headings."""
    article = Article(
        "a.txt",
        "Insulin Resistance and Hormonal Balance",
        "a",
        paragraphs=[
            Paragraph(section, heading, sentences, 10 * (i + 1))
            for i, (heading, sentences) in enumerate(paragraphs)
        ],
        headings=[(section, h, 10 * (i + 1) - 1) for i, (h, _) in enumerate(paragraphs) if h],
    )
    return ArticleText.of(article)


def test_a_question_heading_is_answered_by_the_sentence_stating_the_mechanism() -> None:
    text = an_article("Fundamentals", (DISRUPT, DISRUPT_BLOCK))

    cards = question_cards(text, "Fundamentals", CardIds())

    assert [card.fields["back"] for card in cards] == [DISRUPT_BLOCK[2]]


def test_a_question_no_sentence_answers_gets_no_card() -> None:
    # An analogy and a vague sentence: neither states how.
    text = an_article("Fundamentals", (DISRUPT, DISRUPT_BLOCK[:2]))

    assert question_cards(text, "Fundamentals", CardIds()) == []


def test_the_sentence_answering_a_question_gets_no_second_card() -> None:
    text = an_article("Fundamentals", (DISRUPT, DISRUPT_BLOCK))

    clozes = cloze_cards(text, "Fundamentals", CardIds())

    assert DISRUPT_BLOCK[2] not in [card.quote for card in clozes]


RECEPTORS = (
    "Each hormone has a specific receptor, designed to bind only to that particular signal.",
    "A highly sensitive receptor requires only a small amount of hormone to elicit a strong "
    "response, while a desensitized receptor demands a much larger concentration of the "
    "hormone to achieve the same effect.",
)


def test_a_mechanism_paragraph_without_a_term_is_asked_on_its_claim() -> None:
    text = an_article("Fundamentals", ("Understanding Hormone Receptors", RECEPTORS))

    clozes = cloze_cards(text, "Fundamentals", CardIds())

    assert [card.fields["text"] for card in clozes] == [
        RECEPTORS[1].replace("small amount of hormone", "{{c1::small amount of hormone}}")
    ]


def test_a_name_the_card_already_tells_is_not_hidden(thyroid: ArticleText) -> None:
    # "{{thyroid gland}}" in a thyroid article, "produces {{hormones}}": the
    # sentence has nothing else worth a gap, so it gets no card of its own.
    cards = cloze_cards(thyroid, "Fundamentals", CardIds())

    assert not any(card.quote == THYROID_GLAND for card in cards)
    assert not any("{{c1::thyroid gland}}" in str(card.fields["text"]) for card in cards)


def test_a_spelled_out_name_is_hidden_with_its_abbreviation() -> None:
    # Left beside the gap, "(GHRH)" spells the answer; hidden with it, the card
    # asks what prompts the pituitary gland. (A sentence that went on to say
    # "to release growth hormone" would spell the name out in its own words:
    # see test_a_long_name_whose_words_the_sentence_shows_is_not_asked.)
    sentence = (
        "Growth hormone-releasing hormone (GHRH) prompts the somatotrophs of the pituitary "
        "gland, while somatostatin holds them back."
    )
    article = Article(
        "a.txt",
        "Sleep and Growth",
        "a",
        paragraphs=[Paragraph("Fundamentals", None, (sentence,), 3)],
    )

    clozes = cloze_cards(ArticleText.of(article), "Fundamentals", CardIds())

    assert [card.fields["text"] for card in clozes] == [
        sentence.replace(
            "Growth hormone-releasing hormone (GHRH)",
            "{{c1::Growth hormone-releasing hormone (GHRH)}}",
        )
    ]
    # The card keeps the id it had when it hid the long form alone.
    assert clozes[0].id.startswith("cloze-growth-hormone-releasing-hormone-")


def test_a_name_asked_with_its_abbreviation_is_not_asked_again_without() -> None:
    first = "Thyroxine replacement (TR) for adults with a slow thyroid can lift energy."
    second = "Thyroxine replacement in adults can lift mood and restore body temperature."
    article = Article(
        "a.txt",
        "Vitamin Therapy",
        "a",
        paragraphs=[
            Paragraph("Fundamentals", None, (first,), 3),
            # A pull quote's known terms are hidden: the glossary names this one.
            Paragraph("Fundamentals", None, (second,), 5),
            # The article's topic (its most frequent pair of words) is another.
            Paragraph("Academic", None, ("A slow thyroid is common.", "A slow thyroid tires."), 7),
        ],
        glossary=[GlossaryEntry("Thyroxine replacement", 9)],
    )

    clozes = cloze_cards(ArticleText.of(article), "Fundamentals", CardIds())

    texts = [str(card.fields["text"]) for card in clozes]
    assert texts[0].startswith("{{c1::Thyroxine replacement (TR)}}")
    assert not any("{{c1::Thyroxine replacement}}" in t for t in texts)


def test_a_topic_with_its_abbreviation_is_still_the_topic() -> None:
    sentence = (
        "Parathyroid hormone (PTH), a small peptide made by four glands, is the body's main "
        "defence against a falling calcium level."
    )
    article = Article(
        "a.txt",
        "Parathyroid Hormone and Calcium",
        "a",
        paragraphs=[Paragraph("Fundamentals", None, (sentence,), 3)],
    )

    clozes = cloze_cards(ArticleText.of(article), "Fundamentals", CardIds())

    assert all("{{c1::Parathyroid hormone" not in str(c.fields["text"]) for c in clozes)


def test_a_cloze_never_hides_the_article_s_topic_word() -> None:
    sentence = (
        "Cortisol, a steroid hormone released by the adrenal glands, helps the body meet a "
        "short challenge."
    )
    article = Article(
        "a.txt",
        "Cortisol and Chronic Stress",
        "a",
        paragraphs=[Paragraph("Fundamentals", None, (sentence,), 3)],
    )

    clozes = cloze_cards(ArticleText.of(article), "Fundamentals", CardIds())

    assert [card.fields["text"] for card in clozes] == [
        sentence.replace("the adrenal glands", "the {{c1::adrenal glands}}")
    ]


def test_a_word_shown_elsewhere_in_the_sentence_is_not_hidden(thyroid: ArticleText) -> None:
    texts = [str(card.fields["text"]) for card in cloze_cards(thyroid, "Academic", CardIds())]

    types = next(t for t in texts if t.startswith("Type 1 and type 2"))
    assert "{{c1::deiodinase}}" not in types
    assert "convert {{c1::T4 into T3}}" in types


LIPIDS = (
    "At the cellular level, insulin resistance is characterized by defects in the insulin "
    "signaling pathway.",
    "This typically involves impaired phosphorylation of the IRS proteins.",
    "The accumulation of intracellular lipids within muscle and liver cells is a significant "
    "contributor to these signaling defects.",
    "These lipid metabolites can activate kinases that phosphorylate IRS proteins at serine "
    "residues, rather than the normal tyrosine residues.",
)


def test_a_card_that_points_back_brings_the_sentences_it_points_to() -> None:
    text = an_article("Academic", ("Molecular Mechanisms", LIPIDS))

    clozes = cloze_cards(text, "Academic", CardIds())

    serine = next(card for card in clozes if "serine residues}}" in card.fields["text"])
    # "These lipid metabolites" -> the lipids sentence; its "these signaling
    # defects" -> the first sentence, which names the defects (two skipped).
    assert serine.fields["text"] == (
        f"{LIPIDS[0]} … {LIPIDS[2]} "
        + LIPIDS[3].replace("at serine residues", "at {{c1::serine residues}}")
    )
    assert all(dangling_pronoun(str(card.fields["text"])) is None for card in clozes)


def test_a_sentence_that_goes_on_with_an_analogy_is_not_asked() -> None:
    analogy = (
        "Consider the body's internal environment as a finely tuned orchestra.",
        "When one section begins to play off-key, it can disrupt the entire performance.",
    )
    text = an_article("Fundamentals", ("The Initial Impact", analogy))

    assert cloze_cards(text, "Fundamentals", CardIds()) == []


def test_a_pronoun_among_the_first_words_brings_the_sentence_it_stands_for() -> None:
    steps = (
        "Vitamin D, a fat-soluble prohormone, must be activated in two steps.",
        "The liver first converts it into calcidiol, and the kidneys then convert calcidiol "
        "into calcitriol, the active hormone.",
    )
    text = an_article("Fundamentals", ("Activation", steps))

    clozes = cloze_cards(text, "Fundamentals", CardIds())

    converts = next(card for card in clozes if card.quote.endswith(steps[1]))
    assert converts.quote == " ".join(steps)


def test_a_section_asks_the_same_answer_once(thyroid: ArticleText) -> None:
    # "{{thyroid gland}}" is the topic with a class noun: asked nowhere, not
    # even once (test_a_name_the_card_already_tells_is_not_hidden).
    fundamentals = [c.fields["text"] for c in cloze_cards(thyroid, "Fundamentals", CardIds())]

    assert sum("{{c1::thyroid gland}}" in t for t in fundamentals) == 0
    # "TSH then stimulates the thyroid gland to produce and release T4 and T3."
    # is part of the question heading's answer, which asks it there.
    assert not any("{{c1::T4 and T3}}" in t for t in fundamentals)


@pytest.mark.parametrize(("mentions", "asked"), [(2, True), (8, False)])
def test_a_phrase_the_article_keeps_naming_is_not_the_claim_asked(
    mentions: int, asked: bool
) -> None:
    # Named eight times before, "insulin sensitivity" is what a reader fills
    # in by habit: "stress impairs {{insulin sensitivity}}" asks nothing.
    cohorts = (
        *(
            f"In cohort {n}, insulin resistance rose while insulin sensitivity fell."
            for n in range(1, mentions + 1)
        ),
        "Insulin resistance is common.",
        "Insulin resistance is studied.",
    )
    claim = "Chronic stress impairs insulin sensitivity in skeletal muscle over months."
    text = an_article("Fundamentals", ("Cohorts", cohorts), ("Stress and Muscle", (claim,)))

    clozes = [str(c.fields["text"]) for c in cloze_cards(text, "Fundamentals", CardIds())]

    hidden = claim.replace("insulin sensitivity", "{{c1::insulin sensitivity}}")
    assert (hidden in clozes) is asked


def test_a_claim_whose_head_word_is_in_view_is_not_asked() -> None:
    # "receptor downregulation" is in view, in the sentence "this" brings:
    # "excessive {{...}}" asks only its modifier, the rest is its echo.
    block = (
        "Chronic exposure to high insulin levels can lead to receptor downregulation.",
        "While this is a normal mechanism, sustained hyperinsulinemia can drive excessive "
        "downregulation in the liver.",
    )
    text = an_article("Academic", ("Receptor Downregulation", block))

    clozes = [str(c.fields["text"]) for c in cloze_cards(text, "Academic", CardIds())]

    assert not [t for t in clozes if "{{c1::excessive downregulation}}" in t]
    assert [t for t in clozes if "{{c1::receptor downregulation}}" in t]


def _paragraph(*texts: str) -> list[Sentence]:
    """Sentences of one paragraph under a question heading."""
    return [
        Sentence(text, "Fundamentals", "Q?", texts[i - 1] if i else None)
        for i, text in enumerate(texts)
    ]


def test_a_question_is_answered_by_each_cause_its_short_paragraph_gives() -> None:
    causes = _paragraph(
        "Autoimmune damage to the adrenal cortex is the most common cause of adrenal "
        "insufficiency in developed countries.",
        "Secondary adrenal insufficiency arises when the pituitary gland releases too little "
        "ACTH, so the adrenal glands receive too weak a signal to make cortisol.",
    )

    answer = best_answer("What Causes Adrenal Insufficiency?", causes)

    # The secondary cause too, not only the most common one.
    assert answer == f"{causes[0].text} {causes[1].text}"


def test_an_answer_that_announces_what_follows_comes_with_it() -> None:
    released = _paragraph(
        "The hypothalamus sets the pace of growth hormone release through two signals.",
        "Growth hormone-releasing hormone prompts the pituitary gland to release growth "
        "hormone, while somatostatin holds its release back.",
        "Ghrelin, a hormone made by the stomach, adds a further push to growth hormone "
        "release in the hours after a long fast and during the deepest stages of sleep.",
        "Its effect is strongest in children and adolescents, whose pulses are larger.",
    )

    answer = best_answer("How Is Growth Hormone Released?", released)

    # The paragraph is too long to recall whole; "two signals" brings the
    # sentence that names them.
    assert answer == f"{released[0].text} {released[1].text}"


def test_a_question_whose_announced_answer_is_too_long_to_recall_gets_no_card() -> None:
    released = _paragraph(
        "The hypothalamus sets the pace of growth hormone release through two signals.",
        "Growth hormone-releasing hormone, made by neurons of the arcuate nucleus and "
        "carried down the portal vessels of the pituitary stalk, prompts the somatotroph "
        "cells of the anterior pituitary gland to release growth hormone in pulses, while "
        "somatostatin, made by neurons of the periventricular nucleus, holds its release "
        "back between the pulses.",
        "Ghrelin adds a further push.",
        "Sleep adds another.",
    )

    assert best_answer("How Is Growth Hormone Released?", released) is None


def test_a_pair_of_sibling_names_is_hidden_as_one() -> None:
    enclomiphene = (
        "Enclomiphene may be used to support luteinizing hormone (LH) and follicle-stimulating "
        "hormone (FSH) levels in men.",
    )
    text = an_article("Intermediate", ("Protocols", enclomiphene))

    clozes = cloze_cards(text, "Intermediate", CardIds())

    # Each hidden apart is read off the other; together they are recalled.
    assert [card.fields["text"] for card in clozes] == [
        enclomiphene[0].replace(
            "luteinizing hormone (LH) and follicle-stimulating hormone (FSH)",
            "{{c1::luteinizing hormone (LH) and follicle-stimulating hormone (FSH)}}",
        )
    ]


def test_a_why_question_answered_without_a_reason_gets_no_card() -> None:
    heading = "Why Does Intermittent PTH Build Bone?"
    restated = (
        "Intermittent PTH stimulates bone formation, whereas continuous PTH excess drives bone "
        "resorption through RANKL."
    )
    reasoned = (
        "Intermittent PTH builds bone because brief pulses stimulate osteoblasts before "
        "resorption can follow."
    )

    # "through RANKL" is the reason of the other clause, not of the one asked.
    assert best_answer(heading, _paragraph(restated)) is None
    assert best_answer(heading, [*_paragraph(restated), *_paragraph(reasoned)]) == reasoned


def test_a_bare_contrast_brings_the_sentence_it_contrasts_with() -> None:
    contrast = (
        "In chronic kidney disease, falling calcitriol and rising phosphate drive persistent "
        "PTH secretion.",
        "Paget's disease of bone, by contrast, raises bone turnover through a local defect in "
        "osteoclasts.",
    )
    text = an_article("Academic", ("Disorders", contrast))

    clozes = cloze_cards(text, "Academic", CardIds())

    paget = next(card for card in clozes if card.quote.endswith(contrast[1]))
    assert paget.quote == " ".join(contrast)


def test_a_reference_to_a_pathway_the_card_never_names_gets_no_card() -> None:
    signalling = (
        "Binding of GH activates Janus kinase 2 (JAK2), a tyrosine kinase.",
        "JAK2 then phosphorylates STAT5b, which moves into the nucleus.",
        "The signal is switched off by suppressor of cytokine signaling (SOCS) proteins, which "
        "the same pathway induces.",
    )
    text = an_article("Academic", ("Receptor Signaling", signalling))

    clozes = cloze_cards(text, "Academic", CardIds())

    assert not any("SOCS" in card.quote for card in clozes)


def test_a_sentence_that_frames_a_view_is_not_asked() -> None:
    framing = (
        "The impact of insulin resistance is best understood through a systems-biology lens, "
        "considering the HPG, HPA and HPT axes.",
    )
    text = an_article("Academic", ("Systems", framing))

    assert cloze_cards(text, "Academic", CardIds()) == []


def test_a_short_sentence_that_only_says_one_thing_influences_another_is_not_asked() -> None:
    vague = "Insulin resistance also influences the growth hormone (GH) axis."
    # The same relation with what it does is a claim worth asking.
    told = "Insulin resistance also influences the growth hormone (GH) axis, lowering IGF-1 output."
    for sentence, asked in ((vague, False), (told, True)):
        text = an_article("Intermediate", (None, (sentence,)))

        clozes = cloze_cards(text, "Intermediate", CardIds())

        assert bool(clozes) is asked, sentence


def test_a_long_name_whose_words_the_sentence_shows_is_not_asked() -> None:
    # "{{Growth hormone-releasing peptides (GHRPs)}} ... stimulate the release
    # of ... growth hormone": the name is read off the rest of its sentence,
    # and so is its tail ("Growth hormone-releasing {{peptides (GHRPs)}}").
    sentence = (
        "Growth hormone-releasing peptides (GHRPs) like Sermorelin and Ipamorelin stimulate "
        "the pulsatile release of growth hormone."
    )
    text = an_article("Academic", (None, (sentence,)))

    texts = [card.fields["text"] for card in cloze_cards(text, "Academic", CardIds())]

    assert not [t for t in texts if "peptides (GHRPs)}}" in str(t)]


def test_a_dose_is_hidden_with_its_conversion_in_brackets() -> None:
    sentence = (
        "Testosterone Cypionate is given to women at 10–20 units (0.1–0.2ml) weekly via "
        "subcutaneous injection."
    )
    text = an_article("Intermediate", (None, (sentence,)))

    clozes = cloze_cards(text, "Intermediate", CardIds())

    assert [card.fields["text"] for card in clozes] == [
        sentence.replace("10–20 units (0.1–0.2ml) weekly", "{{c1::10–20 units (0.1–0.2ml) weekly}}")
    ]


def test_a_thing_named_by_this_at_the_end_of_a_clause_brings_the_sentence_naming_it() -> None:
    rhythm = (
        "Cortisol follows a daily rhythm that is closely tied to sleep.",
        "The suprachiasmatic nucleus, a small region of the hypothalamus, acts as the master "
        "clock that times this rhythm.",
    )
    text = an_article("Fundamentals", ("The Clock", rhythm))

    clozes = cloze_cards(text, "Fundamentals", CardIds())

    nucleus = next(card for card in clozes if "suprachiasmatic nucleus}}" in card.fields["text"])
    assert str(nucleus.fields["text"]).startswith(rhythm[0] + " ")


def test_a_second_one_of_a_thing_never_named_brings_its_sentence_or_no_card() -> None:
    doses = (
        "Adrenaline is the first treatment for anaphylaxis, a severe allergic reaction.",
        "It reverses the fall in blood pressure and opens narrowed airways.",
        "An adult auto-injector delivers 0.3 mg into the outer thigh muscle.",
        "If symptoms do not improve, a second dose may be given after 5–15 minutes.",
    )
    text = an_article("Intermediate", ("Anaphylaxis", doses))

    clozes = cloze_cards(text, "Intermediate", CardIds())

    # "a second dose" of what? No card shows the gap without its drug.
    assert not [c for c in clozes if str(c.fields["text"]).startswith("If symptoms")]


def test_a_bare_verbal_noun_brings_the_sentence_whose_act_it_names() -> None:
    signalling = (
        "At the molecular level, leptin binds the long form of the leptin receptor on "
        "hypothalamic neurons.",
        "Binding activates Janus kinase 2 (JAK2), which phosphorylates the receptor.",
    )
    text = an_article("Academic", ("Signalling", signalling))

    clozes = cloze_cards(text, "Academic", CardIds())

    kinase = next(card for card in clozes if "(JAK2)}}" in card.fields["text"])
    # "Binding" of what? Of leptin to its receptor, which the card shows.
    assert str(kinase.fields["text"]).startswith(signalling[0] + " Binding activates")


def test_the_classic_signs_of_an_unnamed_disease_bring_the_sentence_naming_it() -> None:
    tumour = (
        "A pheochromocytoma is a rare tumour of the chromaffin cells that releases "
        "catecholamines in excess.",
        "The classic triad of headache, sweating and palpitations, together with episodes of "
        "high blood pressure, should prompt testing.",
    )
    text = an_article("Academic", ("Tumours", tumour))

    clozes = cloze_cards(text, "Academic", CardIds())

    triad = next(card for card in clozes if "classic triad" in card.fields["text"])
    assert str(triad.fields["text"]).startswith(tumour[0] + " The classic triad")


def test_these_things_bring_the_sentence_that_says_which_they_are() -> None:
    tumours = (
        "A pheochromocytoma is a rare tumour of the chromaffin cells.",
        "Plasma metanephrines are the preferred first tests.",
        "Values more than three times the upper limit make a tumour very likely.",
        "About 30–40% of these tumours are linked to an inherited genetic variant.",
    )
    text = an_article("Academic", ("Tumours", tumours))

    clozes = cloze_cards(text, "Academic", CardIds())

    share = next(card for card in clozes if "30–40%}}" in card.fields["text"])
    # "a tumour" does not say which; "A pheochromocytoma is a rare tumour" does.
    assert str(share.fields["text"]).startswith(tumours[0] + " … About")


def test_the_opposite_of_what_came_before_brings_what_came_before() -> None:
    appetite = (
        "Leptin quiets the neurons in the hypothalamus that drive hunger.",
        "Ghrelin does the opposite and activates the NPY and AgRP neurons.",
    )
    text = an_article("Fundamentals", ("Appetite", appetite))

    clozes = cloze_cards(text, "Fundamentals", CardIds())

    opposite = [card for card in clozes if "Ghrelin does the opposite" in card.fields["text"]]
    assert opposite
    assert all(str(card.fields["text"]).startswith(appetite[0]) for card in opposite)


def test_a_dose_of_nothing_named_brings_the_sentences_naming_the_drug() -> None:
    treatment = (
        "Insulin is given before meals to people whose pancreas makes too little of it.",
        "It lowers blood glucose within minutes.",
        "A typical pen delivers 4 units into the skin of the abdomen.",
    )
    text = an_article("Intermediate", ("Treatment", treatment))

    clozes = cloze_cards(text, "Intermediate", CardIds())

    dose = next(card for card in clozes if "{{c1::4 units}}" in card.fields["text"])
    # 4 units of what? Of insulin, which only the sentences before name.
    assert str(dose.fields["text"]).startswith(f"{treatment[0]} {treatment[1]} A typical pen")


AXES = (
    "The Hypothalamic-Pituitary-Gonadal (HPG) axis, responsible for regulating reproductive "
    "function, and the Hypothalamic-Pituitary-Adrenal (HPA) axis, governing the stress "
    "response, are particularly susceptible to insulin resistance."
)
AXES_RECAP = (
    "Insulin resistance creates a systemic ripple, disrupting the delicate balance of the HPG "
    "and HPA axes, thereby altering sex hormone and stress hormone regulation."
)


def test_a_pull_quote_bringing_back_only_asked_names_gets_no_cloze() -> None:
    recap = an_article("Academic", (None, (AXES,)), (None, (AXES_RECAP,)))
    alone = an_article("Academic", (None, (AXES_RECAP,)))

    texts = [str(card.fields["text"]) for card in cloze_cards(recap, "Academic", CardIds())]
    unasked = [str(card.fields["text"]) for card in cloze_cards(alone, "Academic", CardIds())]

    # The axes and their roles are asked by the first card; the pull quote
    # pairs the same names with the same roles again.
    assert len(texts) == 1 and texts[0].startswith("The {{c1::Hypothalamic-Pituitary-Gonadal")
    # Where no card asks the axes, the pull quote's claim is asked.
    assert [t.startswith("Insulin resistance creates a systemic ripple") for t in unasked] == [True]


def test_a_word_the_sentence_explains_is_asked_with_the_explanation_on_the_back() -> None:
    text = an_article(
        "Intermediate",
        (
            None,
            (
                "In men, low testosterone levels are frequently observed alongside insulin "
                "resistance.",
                "This association is often bidirectional, meaning low testosterone can worsen "
                "insulin sensitivity, and insulin resistance can suppress testosterone production.",
            ),
        ),
    )

    cards = cloze_cards(text, "Intermediate", CardIds())

    # Either side of the two-way link is read off the other; the word that
    # names the link is the fact, and its explanation would give it away.
    asked = [c for c in cards if "bidirectional" in str(c.fields["text"])]
    assert [c.fields for c in asked] == [
        {
            "text": "In men, low testosterone levels are frequently observed alongside insulin "
            "resistance. This association is often {{c1::bidirectional}} …",
            "extra": "… meaning low testosterone can worsen insulin sensitivity, and insulin "
            "resistance can suppress testosterone production.",
        }
    ]
