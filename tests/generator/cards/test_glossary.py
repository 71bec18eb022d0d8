"""The glossary deck's cards and decisions, on the Glossaries of the test articles."""

from __future__ import annotations

import dataclasses

import pytest

from endoquiz import CardKind
from endoquiz.generator.article_model import Article, GlossaryEntry, Paragraph
from endoquiz.generator.cards.article_text import ArticleText
from endoquiz.generator.cards.card_ids import CardIds
from endoquiz.generator.cards.drafts import CardDraft, GlossaryAction
from endoquiz.generator.cards.glossary import (
    Taken,
    abbreviation_cards,
    entry_card,
    fragment_cloze,
    glossary_cards,
    key_term_cards,
    listed_definition,
    term_card,
)

THYROID_DECISIONS = [
    ("thyroid gland", "definition"),
    ("step toward reclaiming your", "dropped"),
    # "the target {{cells become less responsive}} to": cut from a phrase.
    ("cells become less responsive", "dropped"),
    ("negative feedback", "cloze"),  # no question cards given here
    # "may {{improve tissue sensitivity}} to thyroid hormone": its object runs on.
    ("improve tissue sensitivity", "dropped"),
    ("levothyroxine", "definition"),
    ("Hashimoto thyroiditis", "definition"),
    ("metabolic rate", "dropped"),
    ("hypothyroidism", "definition"),
]


def test_every_glossary_entry_gets_a_decision_in_order(thyroid: ArticleText) -> None:
    glossary = glossary_cards(thyroid, frozenset(), CardIds())

    assert [(d.term, d.action) for d in glossary.decisions] == THYROID_DECISIONS
    assert {type(d.action) for d in glossary.decisions} == {GlossaryAction}
    dropped = glossary.decisions[1]
    assert dropped.reason == (
        "a sentence fragment (ends with 'your', so it was cut mid-phrase), and no sentence "
        "holds it as a whole part of a clause, stands on its own and is free of another "
        "glossary card"
    )
    ids = [card.id for card in glossary.cards]
    # Glossary entries first, then the lists' and the prose's terms, then abbreviations.
    assert ids[:3] == [
        "term-thyroid-gland",
        "term-negative-feedback-14d0d5",
        "term-levothyroxine",
    ]
    assert ids.index("term-hypothyroidism") < ids.index("term-palpitations") < ids.index("abbr-t4")
    # "Fatigue" is an everyday word: asked in its section's deck, not here.
    assert "term-fatigue" not in ids
    assert ids[-4:] == ["abbr-t4", "abbr-t3", "abbr-trh", "abbr-tsh"]


def test_skipped_and_repeated_entries_are_dropped_with_a_reason(vitamin_d: ArticleText) -> None:
    article = vitamin_d.article
    repeated = dataclasses.replace(
        article, glossary=[*article.glossary, GlossaryEntry("Calcitriol", 99)]
    )

    glossary = glossary_cards(ArticleText.of(repeated), frozenset({"sunshine vitamin"}), CardIds())

    assert [(d.term, d.action, d.reason) for d in glossary.decisions[-2:]] == [
        ("sunshine vitamin", "dropped", "listed in skip_terms of the metadata file"),
        ("Calcitriol", "dropped", "repeats an earlier entry"),
    ]
    assert [card.id for card in glossary.cards].count("term-calcitriol-f3bcba") == 1


def test_an_entry_is_a_definition_a_cloze_or_dropped_and_says_why(thyroid: ArticleText) -> None:
    ids = CardIds()

    term, term_decision = entry_card(thyroid, GlossaryEntry("levothyroxine", 83), ids)
    fragment, fragment_decision = entry_card(
        thyroid, GlossaryEntry("produce and release T4 and T3", 84), ids
    )
    nothing, nothing_decision = entry_card(thyroid, GlossaryEntry("goitre", 85), ids)

    assert term is not None and term.id == "term-levothyroxine"
    assert (term_decision.action, term_decision.reason) == (
        "definition",
        "a term, defined by the article",
    )
    assert fragment is not None and fragment.fields == {
        "text": "TSH then stimulates the thyroid gland to {{c1::produce and release T4 and T3}}."
    }
    assert (fragment_decision.action, fragment_decision.reason) == (
        "cloze",
        "a sentence fragment (contains the verb 'produce', so it is a clause rather than a term)",
    )
    assert nothing is None
    assert (nothing_decision.action, nothing_decision.reason) == (
        "dropped",
        "a sentence fragment (does not occur in the article's text), and no sentence "
        "holds it as a whole part of a clause, stands on its own and is free of another "
        "glossary card",
    )


def test_a_term_a_sentence_defines_is_asked_what_it_is(thyroid: ArticleText) -> None:
    card, decision = term_card(thyroid, "levothyroxine", 80, CardIds())

    assert card is not None
    assert card.fields == {
        "front": "What is **levothyroxine**?",
        "back": "Levothyroxine, a synthetic form of T4",
    }
    assert card.line == 80
    assert decision.action == "definition"


def test_a_term_a_sentence_is_about_is_recalled_from_it(thyroid: ArticleText) -> None:
    card, decision = term_card(thyroid, "negative feedback", 81, CardIds())

    assert card is not None
    assert card.fields == {
        "text": "Rising thyroid hormone levels suppress TRH and TSH release through "
        "{{c1::negative feedback}}, which keeps thyroid hormone levels within a narrow range."
    }
    assert (decision.action, decision.reason) == (
        "cloze",
        "a term, recalled from a sentence about it",
    )


def test_a_term_only_mentioned_in_passing_has_no_card(thyroid: ArticleText) -> None:
    card, decision = term_card(thyroid, "metabolic rate", 81, CardIds())

    assert card is None
    assert (decision.action, decision.reason) == ("dropped", "mentioned only in passing")


def test_a_term_no_sentence_mentions_has_no_card(thyroid: ArticleText) -> None:
    card, decision = term_card(thyroid, "goitre", 82, CardIds())

    assert card is None
    assert decision.reason == "no sentence of the article mentions it"


def test_a_term_a_table_names_is_left_to_its_sections_table_cards(
    thyroid: ArticleText,
) -> None:
    card, decision = term_card(thyroid, "Thyroid Nodule", 82, CardIds())

    assert card is None
    assert decision.reason == "its table row is carded in the Intermediate deck"
    assert listed_definition(thyroid, "hypothyroidism", CardIds()) is None


def test_a_term_a_list_defines_is_defined_by_its_bullet(thyroid: ArticleText) -> None:
    card = listed_definition(thyroid, "palpitations", CardIds())

    assert card is not None
    assert (
        card.fields["back"] == "A racing or pounding heartbeat, typical of an overactive thyroid."
    )
    assert listed_definition(thyroid, "levothyroxine", CardIds()) is None


def test_terms_of_lists_and_tables_fill_an_article_without_a_glossary(sleep: ArticleText) -> None:
    done: set[str] = set()

    cards = key_term_cards(sleep, done, CardIds())

    # "Light Sleep" and "Deep Sleep" are everyday words, asked in their
    # section's deck; "REM" is a name to learn.
    assert [card.id for card in cards][:1] == ["term-rem-sleep"]
    assert {"light sleep", "deep sleep", "rem sleep"} <= done


def test_terms_the_glossary_holds_are_not_asked_twice(thyroid: ArticleText) -> None:
    cards = key_term_cards(thyroid, {"palpitations"}, CardIds())

    ids = [card.id for card in cards]
    assert "term-palpitations" not in ids
    assert "term-type-1-deiodinase" in ids
    # A table's rows are asked in its section's deck, a question per cell.
    assert "term-hypothyroidism" not in ids


def test_each_abbreviation_is_asked_in_the_order_the_article_spells_it_out(
    thyroid: ArticleText,
) -> None:
    cards = abbreviation_cards(thyroid, CardIds())

    assert [(card.fields["front"], card.fields["back"]) for card in cards] == [
        ("What does the abbreviation **T4** stand for?", "thyroxine"),
        ("What does the abbreviation **T3** stand for?", "triiodothyronine"),
        ("What does the abbreviation **TRH** stand for?", "thyrotropin-releasing hormone"),
        ("What does the abbreviation **TSH** stand for?", "thyroid-stimulating hormone"),
    ]
    assert cards[0].line == thyroid.line_of(thyroid.abbreviations["T4"][1])


def test_an_abbreviation_a_section_cloze_spells_out_is_not_asked_again(
    thyroid: ArticleText,
) -> None:
    [t4, *_] = abbreviation_cards(thyroid, CardIds())
    section_cloze = dataclasses.replace(
        t4,
        id="cloze-tsh",
        kind=CardKind.CLOZE,
        fields={"text": "... {{c1::Thyroid-Stimulating Hormone}} (TSH) ..."},
    )

    cards = abbreviation_cards(thyroid, CardIds(), [section_cloze])

    assert [card.fields["back"] for card in cards] == [
        "thyroxine",
        "triiodothyronine",
        "thyrotropin-releasing hormone",
    ]


def test_a_fragment_becomes_a_cloze_of_a_sentence_that_holds_it(thyroid: ArticleText) -> None:
    fragment = "produce and release T4 and T3"
    cloze = fragment_cloze(thyroid, fragment, 90, CardIds())
    sentence = next(s.text for s in thyroid.sentences if fragment in s.text)

    assert cloze is not None
    assert cloze.fields == {"text": sentence.replace(fragment, f"{{{{c1::{fragment}}}}}")}
    assert cloze.line == 90


@pytest.mark.parametrize("fragment", ["cells become less responsive", "improve tissue sensitivity"])
def test_a_fragment_cut_from_a_phrase_has_no_cloze(thyroid: ArticleText, fragment: str) -> None:
    # "the target {{cells become ...}}" and "{{improve tissue sensitivity}} to
    # thyroid hormone" would hide half a phrase, with the other half in view.
    assert fragment_cloze(thyroid, fragment, 90, CardIds()) is None


def test_a_fragment_only_in_a_sentence_to_the_reader_has_no_cloze(thyroid: ArticleText) -> None:
    assert fragment_cloze(thyroid, "step toward reclaiming your", 91, CardIds()) is None


def test_a_glossary_cloze_repeating_a_section_cloze_is_not_made(thyroid: ArticleText) -> None:
    # The section hides the term with its short form outside the braces, the
    # glossary would hide it with the short form inside: the same question.
    sentence = next(s for s in thyroid.sentences if "(TSH)" in s.text)
    section_cloze = CardDraft(
        "cloze-tsh",
        CardKind.CLOZE,
        {
            "text": sentence.text.replace(
                "thyroid-stimulating hormone", "{{c1::thyroid-stimulating hormone}}"
            )
        },
        sentence.section,
        sentence.heading,
        sentence.text,
        1,
    )
    glossary_version = dataclasses.replace(
        section_cloze,
        id="term-tsh",
        fields={
            "text": sentence.text.replace(
                "thyroid-stimulating hormone (TSH)", "{{c1::thyroid-stimulating hormone (TSH)}}"
            )
        },
    )

    assert Taken([section_cloze]).repeated_by(glossary_version) == "cloze-tsh"


def test_a_term_named_mid_sentence_is_answered_by_what_the_sentence_says_it_is(
    thyroid: ArticleText,
) -> None:
    # "The most common cause in iodine-sufficient regions is Hashimoto
    # thyroiditis, an autoimmune condition in which ...": the cause of what
    # lies in the sentence before; what Hashimoto thyroiditis is, in this one.
    cards = {
        c.fields.get("front"): c for c in glossary_cards(thyroid, frozenset(), CardIds()).cards
    }

    card = cards["What is **Hashimoto thyroiditis**?"]
    assert card.fields["back"] == (
        "Hashimoto thyroiditis, an autoimmune condition in which antibodies against thyroid "
        "peroxidase gradually damage the gland."
    )
    assert "What is **hypothyroidism**?" in cards


def test_a_sentence_answering_a_question_heading_gets_no_glossary_card(
    thyroid: ArticleText,
) -> None:
    # Without the question card, "negative feedback" is recalled by a cloze
    # of this sentence; as the heading's answer, the sentence is asked already.
    sentence = next(s for s in thyroid.sentences if s.text.startswith("Rising thyroid hormone"))
    question = CardDraft(
        "question-how-does-the-body-control-thyroid-hormone-levels",
        CardKind.BASIC,
        {"front": "How Does the Body Control Thyroid Hormone Levels?", "back": sentence.text},
        sentence.section,
        sentence.heading,
        sentence.text,
        1,
    )

    alone = glossary_cards(thyroid, frozenset(), CardIds()).cards
    after = glossary_cards(thyroid, frozenset(), CardIds(), [question]).cards

    assert [c for c in alone if c.quote == sentence.text]
    assert not [c for c in after if c.quote == sentence.text]


def test_a_term_likened_to_something_else_is_not_recalled_from_the_picture() -> None:
    # "operates as a finely tuned orchestra": nothing in it to check.
    text = ArticleText.of(
        Article(
            "a.txt",
            "Hormones",
            "hormones",
            paragraphs=[
                Paragraph(
                    "Fundamentals",
                    None,
                    (
                        "The endocrine system operates as a finely tuned orchestra, with each "
                        "hormone playing a specific role in the body.",
                        "Insulin resistance disturbs the thyroid, the adrenal glands and the "
                        "gonads; insulin resistance also raises cortisol.",
                    ),
                    3,
                )
            ],
        )
    )

    card, decision = term_card(text, "endocrine system", 9, CardIds())

    assert card is None
    assert "likens it to something else" in decision.reason


def _one_paragraph(*sentences: str) -> ArticleText:
    """An article of one Fundamentals paragraph."""
    paragraph = Paragraph("Fundamentals", None, sentences, 3)
    return ArticleText.of(Article("a.txt", "Hormones", "hormones", paragraphs=[paragraph]))


@pytest.mark.parametrize(
    ("sentence", "term", "answer"),
    [
        (
            "When deficiency is confirmed, clinicians may consider replacement with "
            "recombinant human growth hormone, known as somatropin.",
            "somatropin",
            "Recombinant human growth hormone, known as somatropin.",
        ),
        (
            "When the receptor fails, replacement with recombinant IGF-1, called mecasermin, "
            "is the treatment used.",
            "mecasermin",
            "Recombinant IGF-1, called mecasermin",
        ),
        (
            "In primary adrenal insufficiency, also called Addison disease, the adrenal cortex "
            "itself is damaged.",
            "Addison disease",
            "Primary adrenal insufficiency, also called Addison disease",
        ),
    ],
)
def test_a_term_named_after_a_noun_phrase_is_answered_by_that_phrase(
    sentence: str, term: str, answer: str
) -> None:
    # "What is somatropin?" asks what the name is given to, not when
    # clinicians consider it.
    card, _ = term_card(_one_paragraph(sentence), term, 3, CardIds())

    assert card is not None
    assert card.fields["back"] == answer


@pytest.mark.parametrize(
    ("sentence", "term"),
    [
        # "a process": the sentence around it says what bone remodeling is.
        (
            "Bone is living tissue that is constantly broken down and rebuilt in a process "
            "called bone remodeling.",
            "bone remodeling",
        ),
        # "may make the corner of the mouth twitch": no preposition opens the
        # phrase, so where it starts is unknown.
        (
            "Tapping the facial nerve may make the corner of the mouth twitch, known as "
            "Chvostek's sign, in low calcium.",
            "Chvostek's sign",
        ),
    ],
)
def test_a_name_whose_noun_phrase_is_not_sure_keeps_its_sentence(sentence: str, term: str) -> None:
    before = "In children, the long bones lengthen at the growth plates."
    card, _ = term_card(_one_paragraph(before, sentence), term, 3, CardIds())

    assert card is not None
    assert card.fields["back"] in (sentence, f"{before} {sentence}")


@pytest.mark.parametrize(
    ("term", "answer"),
    [
        (
            "Trousseau's sign",
            "Inflating a blood pressure cuff above systolic pressure for 3 minutes may bring "
            "on a spasm of the hand, known as Trousseau's sign.",
        ),
        (
            "Chvostek's sign",
            "Tapping the facial nerve in front of the ear may make the corner of the mouth "
            "twitch, known as Chvostek's sign",
        ),
    ],
)
def test_a_name_closing_one_of_two_clauses_is_answered_by_its_clause(
    term: str, answer: str
) -> None:
    # "What is Trousseau's sign?" is not answered by Chvostek's sign too.
    sentence = (
        "Tapping the facial nerve in front of the ear may make the corner of the mouth "
        "twitch, known as Chvostek's sign, and inflating a blood pressure cuff above "
        "systolic pressure for 3 minutes may bring on a spasm of the hand, known as "
        "Trousseau's sign."
    )
    card, _ = term_card(_one_paragraph(sentence), term, 3, CardIds())

    assert card is not None
    assert card.fields["back"] == answer


def test_a_fragment_is_not_asked_in_a_sentence_that_contrasts_with_the_one_before() -> None:
    # "instead" of what? GH raising blood glucose, which the card would not show.
    text = _one_paragraph(
        "GH reduces the action of insulin in muscle and liver.",
        "IGF-1, which shares close structural similarity with insulin, tends instead to "
        "lower blood glucose.",
    )

    assert fragment_cloze(text, "lower blood glucose", 3, CardIds()) is None


def test_a_fragment_is_asked_where_instead_names_what_it_replaces() -> None:
    text = _one_paragraph(
        "Instead of raising glucose as GH does, IGF-1 tends to lower blood glucose."
    )

    cloze = fragment_cloze(text, "lower blood glucose", 3, CardIds())

    assert cloze is not None
    assert cloze.fields["text"] == (
        "Instead of raising glucose as GH does, IGF-1 tends to {{c1::lower blood glucose}}."
    )


def test_a_term_whose_definition_leans_on_the_sentence_before_is_hidden_in_it() -> None:
    # "these cells" has no one name in the sentence before: "What are
    # osteocytes?" would be answered by both sentences, burying the definition.
    before = "Bone holds osteoblasts and osteoclasts, and old cells are buried in it."
    sentence = "Some of these cells, termed osteocytes, sense mechanical load."
    card, _ = term_card(_one_paragraph(before, sentence), "osteocytes", 3, CardIds())

    assert card is not None
    assert card.kind is CardKind.CLOZE
    assert card.fields["text"] == (
        f"{before} Some of these cells, termed {{{{c1::osteocytes}}}}, sense mechanical load."
    )


def test_a_named_phrase_leaning_on_the_sentence_before_is_read_with_its_name() -> None:
    # "these plates" are the growth plates the sentence before names: the
    # answer is the phrase the name is given to, with that name in brackets.
    before = "In children, the long bones lengthen at the growth plates."
    sentence = (
        "IGF-1 stimulates the cartilage cells within these plates, termed chondrocytes, "
        "to divide and enlarge."
    )
    card, _ = term_card(_one_paragraph(before, sentence), "chondrocytes", 3, CardIds())

    assert card is not None
    assert card.fields["back"] == (
        "The cartilage cells within these [growth] plates, termed chondrocytes"
    )


def test_a_term_said_to_belong_to_a_family_is_defined_by_that_sentence() -> None:
    sentence = "Adrenergic receptors belong to the family of G protein-coupled receptors."
    text = _one_paragraph("The heart speeds up when adrenergic receptors are stimulated.", sentence)

    card, _ = term_card(text, "adrenergic receptors", 3, CardIds(), defined_only=True)

    assert card is not None
    assert card.fields == {"front": "What are **adrenergic receptors**?", "back": sentence}


def test_a_term_of_the_title_is_not_hidden_even_when_another_word_is_the_commonest() -> None:
    sentences = (
        "Adrenaline raises the heart rate, and adrenaline widens the airways.",
        "Catecholamines are built from tyrosine in the adrenal medulla.",
        "Adrenaline acts within seconds.",
    )
    paragraph = Paragraph("Fundamentals", None, sentences, 3)
    article = Article("a.txt", "How Catecholamines Work", "catecholamines", paragraphs=[paragraph])

    card, decision = term_card(ArticleText.of(article), "catecholamines", 3, CardIds())

    # "{{Catecholamines}} are built from tyrosine" would hide the title's subject.
    assert card is None or "{{c1::Catecholamines}}" not in str(card.fields.get("text"))
    assert decision.action.value != "cloze"
