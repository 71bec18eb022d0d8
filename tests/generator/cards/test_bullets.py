"""Cards from `Term ∞ definition` bullets, on the bullets of the test articles."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from endoquiz import CardKind
from endoquiz.generator.article_metadata import ArticleMetadata
from endoquiz.generator.article_model import Article, DefinitionItem
from endoquiz.generator.article_parser import parse_article
from endoquiz.generator.cards.article_text import ArticleText
from endoquiz.generator.cards.bullets import (
    bullet_cards,
    bullet_fact_cards,
    bullet_term_card,
    distinct_terms,
    everyday_term_cards,
    mask_terms,
    mask_words,
    named_terms,
    nearest_choices,
    short_forms,
)
from endoquiz.generator.cards.card_ids import CardIds
from endoquiz.generator.cards.drafts import CardDraft
from endoquiz.generator.cards.glossary import glossary_cards

SIGNS = ["Fatigue", "Cold Intolerance", "Weight Change", "Palpitations"]


def _term_card(item: DefinitionItem, article: Article) -> CardDraft:
    """The bullet's glossary card, which the test expects to be made."""
    card = bullet_term_card(item, article, CardIds())
    assert card is not None
    return card


def test_a_list_of_four_asks_which_term_among_its_siblings(thyroid: ArticleText) -> None:
    cards = bullet_cards(thyroid.article, "Fundamentals", CardIds())

    # "Cold Intolerance ∞ Feeling cold easily, ..." names itself, and
    # "Fatigue" and "Weight Change" are everyday words their descriptions
    # spell out: no card. The three stay choices of the one card made.
    assert [card.fields["answer"] for card in cards] == ["Palpitations"]
    palpitations = cards[0]
    assert palpitations.id == "which-palpitations"
    assert palpitations.kind is CardKind.CHOICE
    assert palpitations.fields["question"] == (
        "Which of these does the article describe this way?\n\n"
        "> A racing or pounding heartbeat, typical of an overactive thyroid."
    )
    assert sorted(palpitations.fields["choices"]) == sorted(SIGNS)
    assert palpitations.quote == (
        "Palpitations — A racing or pounding heartbeat, typical of an overactive thyroid."
    )
    assert palpitations.heading == "Common Signs of an Imbalance"


def test_an_everyday_label_gets_no_card_naming_it_and_keeps_its_glossary_card(
    thyroid: ArticleText,
) -> None:
    fatigue = next(d for d in thyroid.article.definitions if d.term == "Fatigue")
    named = [
        card.fields["answer"] for card in bullet_cards(thyroid.article, "Fundamentals", CardIds())
    ]

    assert "Fatigue" not in named
    assert (
        _term_card(fatigue, thyroid.article)
        .fields["back"]
        .startswith("A persistent lack of energy")
    )


def test_a_name_to_learn_among_everyday_siblings_is_still_asked(tmp_path: Path) -> None:
    article = tmp_path / "signs.txt"
    article.write_text(
        "Signs\n\nFundamentals\n\nThe adrenal glands make hormones.\n\n"
        "Common Signs\n\n"
        "- Weakness ∞ A loss of strength through the day.\n"
        "- Hyperpigmentation ∞ Darkening of skin creases and scars.\n"
        "- Salt Craving ∞ A strong wish for salty food.\n"
        "- Evening Routine ∞ A calm hour before bed.\n",
        encoding="utf-8",
    )
    parsed = parse_article(article, ArticleMetadata())

    named = [card.fields["answer"] for card in bullet_cards(parsed, "Fundamentals", CardIds())]

    assert named == ["Hyperpigmentation"]


def test_a_section_without_bullets_has_no_bullet_cards(thyroid: ArticleText) -> None:
    assert bullet_cards(thyroid.article, "Intermediate", CardIds()) == []


def test_a_definition_naming_a_sibling_is_typed_not_a_choice(vitamin_d: ArticleText) -> None:
    # "Former osteoblasts ..." would point at the choice Osteoblasts.
    cards = bullet_cards(vitamin_d.article, "Intermediate", CardIds())

    osteocytes = next(card for card in cards if card.id == "which-osteocytes")
    assert osteocytes.kind is CardKind.TYPED
    assert osteocytes.fields == {
        "front": "Which term does the article describe this way?\n\n"
        "> Former osteoblasts embedded in bone that sense mechanical load.",
        "answer": "Osteocytes",
    }
    assert [card.kind for card in cards] == [CardKind.CHOICE, CardKind.CHOICE, CardKind.TYPED]


def test_the_glossary_card_of_a_bullet_gives_its_definition(thyroid: ArticleText) -> None:
    item = next(d for d in thyroid.article.definitions if d.term == "Type 3 Deiodinase")

    card = _term_card(item, thyroid.article)

    assert card.id == "term-type-3-deiodinase"
    assert card.fields == {
        "front": "How does the article describe **Type 3 Deiodinase**?",
        "back": "Converts T4 into reverse T3, an inactive form, protecting tissues from "
        "excess hormone.",
    }


def test_a_bullet_whose_definition_names_a_kind_of_thing_is_asked_what_it_is(
    thyroid: ArticleText, vitamin_d: ArticleText
) -> None:
    palpitations = next(d for d in thyroid.article.definitions if d.term == "Palpitations")
    osteoclasts = next(d for d in vitamin_d.article.definitions if d.term == "Osteoclasts")

    # The prompt carries the subheading the list follows (see
    # test_a_bullets_glossary_prompt_says_what_its_list_is_about).
    assert _term_card(palpitations, thyroid.article).fields == {
        "front": "What are **Palpitations** (in the list *Common Signs of an Imbalance*)?",
        "back": "A racing or pounding heartbeat, typical of an overactive thyroid.",
    }
    assert _term_card(osteoclasts, vitamin_d.article).fields["front"] == (
        "What are **Osteoclasts** (in the list *Cells of Bone Remodeling*)?"
    )
    # Out of any list with an introduction, the frame is the same without it.
    palpitations = dataclasses.replace(palpitations, intro=None)
    # "The dose is reviewed ..." is a clause about the term, not a kind of thing.
    reviewed = dataclasses.replace(
        palpitations,
        term="Dose Adjustment",
        definition="The dose is reviewed against the IGF-1 level.",
    )
    assert _term_card(reviewed, thyroid.article).fields["front"] == (
        "How does the article describe **Dose Adjustment**?"
    )


def test_a_nested_bullet_names_its_parent(sleep: ArticleText) -> None:
    nested = next(d for d in sleep.article.definitions if d.parent)

    card = _term_card(nested, sleep.article)

    assert card.fields["front"] == (
        f"How does the article describe **{nested.term}** (in *{nested.parent}*)?"
    )


def test_the_choices_are_the_answer_and_its_nearest_siblings(thyroid: ArticleText) -> None:
    signs = [d for d in thyroid.article.definitions if d.term in SIGNS]

    assert nearest_choices(signs[0], signs[1:]) == SIGNS
    assert nearest_choices(signs[3], signs[:3]) == [
        "Palpitations",
        "Weight Change",
        "Cold Intolerance",
        "Fatigue",
    ]


def test_a_long_list_offers_the_answer_and_three_nearest_others(thyroid: ArticleText) -> None:
    # All seven bullets of the article, as if they were one list.
    fatigue, *others = thyroid.article.definitions

    assert nearest_choices(fatigue, list(reversed(others))) == SIGNS


def test_a_term_listed_twice_is_one_choice(thyroid: ArticleText) -> None:
    fatigue = thyroid.article.definitions[0]

    assert distinct_terms([fatigue, fatigue, thyroid.article.definitions[1]]) == [
        fatigue,
        thyroid.article.definitions[1],
    ]


def test_the_prompt_hides_the_term_and_its_short_forms() -> None:
    definition = (
        "This peptide supports tissue repair. By addressing inflammation, Pentadeca "
        "Arginate can support cellular health, and PDA is well tolerated."
    )
    term = "Pentadeca Arginate (PDA)"

    assert short_forms(term) == ["Pentadeca Arginate", "PDA"]
    assert short_forms("Osteocytes") == []
    assert mask_terms(definition, [term, *short_forms(term)]) == (
        "This peptide supports tissue repair. By addressing inflammation, […] can "
        "support cellular health, and […] is well tolerated."
    )


def test_a_word_of_the_answer_in_another_form_is_hidden_among_choices() -> None:
    choices = ["Pellet Therapy", "Progesterone", "Testosterone Cypionate"]
    definition = (
        "Long-acting testosterone pellets offer a sustained release, with Anastrozole "
        "considered when appropriate to manage estrogen levels."
    )
    # "pellets" tells Pellet Therapy from the others; "testosterone", in
    # another choice, tells nothing and stays.
    assert mask_words(definition, "Pellet Therapy", choices) == (
        "Long-acting testosterone […] offer a sustained release, with Anastrozole "
        "considered when appropriate to manage estrogen levels."
    )
    # A word the choices share is no giveaway; short words are left alone.
    assert mask_words(
        "Therapies vary.", "Pellet Therapy", ["Pellet Therapy", "Hormone Therapy"]
    ) == ("Therapies vary.")
    assert mask_words("It is DHEA-S here.", "DHEA", ["DHEA", "TSH", "LH"]) == "It is DHEA-S here."


TWO_TREATMENTS = """\
Fundamentals

Adrenal insufficiency is treated by replacing cortisol with hydrocortisone tablets every day.

Treatment

  • Hydrocortisone Replacement ∞ Tablets taken two or three times a day instead.
  • Fludrocortisone ∞ A tablet that replaces the salt-keeping hormone aldosterone.

Glossary

Hydrocortisone
A synthetic form of cortisol.
"""


def test_a_typed_label_accepts_the_articles_own_term_it_is_made_of(tmp_path: Path) -> None:
    path = tmp_path / "adrenal.txt"
    path.write_text(TWO_TREATMENTS, encoding="utf-8")
    article = parse_article(path, ArticleMetadata())
    cards = {
        card.fields["answer"]: card for card in bullet_cards(article, "Fundamentals", CardIds())
    }
    # Typing "hydrocortisone" names the treatment; "replacement" alone would not.
    assert cards["Hydrocortisone Replacement"].kind is CardKind.TYPED
    assert cards["Hydrocortisone Replacement"].fields["accept"] == ["Hydrocortisone"]
    assert "accept" not in cards["Fludrocortisone"].fields
    assert named_terms("Hydrocortisone Replacement", article) == ["Hydrocortisone"]


def test_a_masked_term_leaves_the_words_it_is_part_of() -> None:
    definition = "Deep sleep brings the largest pulse, within an hour after falling asleep."
    assert mask_terms(definition, ["Sleep"]) == (
        "Deep […] brings the largest pulse, within an hour after falling asleep."
    )
    assert mask_terms("Pellets are placed under the skin.", ["Pellet"]) == (
        "[…] are placed under the skin."
    )


def test_a_bullet_other_bullets_are_nested_under_is_a_group_label_not_a_card(
    sleep: ArticleText,
) -> None:
    # "Sleep Hygiene" heads its habits and is a term; a long label is not.
    article = dataclasses.replace(
        sleep.article,
        definitions=[
            dataclasses.replace(d, parent="Habits That Support Restful Sleep")
            if d.parent
            else dataclasses.replace(d, term="Habits That Support Restful Sleep")
            if d.term == "Sleep Hygiene"
            else d
            for d in sleep.article.definitions
        ],
    )
    sleep = ArticleText.of(article)
    groups = {d.parent for d in sleep.article.definitions if d.parent}
    assert groups == {"Habits That Support Restful Sleep"}

    sections = {d.section for d in sleep.article.definitions}
    asked = [
        str(card.fields.get("answer", card.fields.get("back", "")))
        for section in sections
        for card in bullet_cards(sleep.article, section, CardIds())
    ]
    glossary = glossary_cards(sleep, frozenset(), CardIds()).cards

    for group in groups:
        assert group not in asked
        assert not [c for c in glossary if f"**{group}**" in str(c.fields.get("front"))]


SELF_NAMING = """\
Fundamentals

Several things change how much of the hormone is released.

  • Exercise ∞ Vigorous exercise raises the hormone for about 30 minutes afterward.
  • Fasting ∞ A fast of two or three days raises the pulses.
  • Deep Sleep ∞ The stage of sleep during which the largest pulse is released.

Intermediate

  • N1 Sleep ∞ The transition stage, in which heart rate slows.
  • N3 Sleep ∞ Slow-wave sleep, during which cortisol is at its lowest.
  • REM Sleep ∞ The stage of vivid dreaming, late in the night.
  • Fasting Glucose (FPG) ∞ Measures blood sugar after a night unfed, showing glucose control.
  • Dose Adjustment ∞ The dose is reviewed against the IGF-1 level.
"""


def _article(tmp_path: Path, text: str) -> Article:
    path = tmp_path / "article.txt"
    path.write_text(text, encoding="utf-8")
    return parse_article(path, ArticleMetadata())


def test_a_bullet_whose_subject_names_its_label_is_not_asked_from_it(tmp_path: Path) -> None:
    article = _article(tmp_path, SELF_NAMING)

    fundamentals = bullet_cards(article, "Fundamentals", CardIds())
    intermediate = bullet_cards(article, "Intermediate", CardIds())

    # "Vigorous exercise raises ...", "A fast of ...", "The stage of sleep"
    # (among labels without "sleep"): the label is read off its subject.
    assert fundamentals == []
    # "sleep" is in the other sleep stages too and tells nothing; "... showing
    # glucose control" names Fasting Glucose after its verb too (hidden, its
    # "[…] control" is filled by the one choice with "glucose"); "The dose
    # is reviewed" gives Dose Adjustment away.
    assert [card.fields["answer"] for card in intermediate] == [
        "N1 Sleep",
        "N3 Sleep",
        "REM Sleep",
    ]


HIDDEN_OWN_WORD = """Academic

  • Fasting Glucose (FPG) ∞ Measures blood sugar after a period without food.
  • Fasting Insulin (FPI) ∞ Indicates the amount of insulin the pancreas is producing.
  • HbA1c ∞ Reflects average blood sugar over the past two to three months.

Intermediate

  • Pentadeca Arginate (PDA) ∞ Supports tissue repair; PDA is given by injection.
  • PT-141 ∞ Acts on melanocortin receptors in the brain.
"""


def test_a_choice_whose_description_holds_its_own_label_word_is_not_asked(
    tmp_path: Path,
) -> None:
    article = _article(tmp_path, HIDDEN_OWN_WORD)

    academic = bullet_cards(article, "Academic", CardIds())
    intermediate = bullet_cards(article, "Intermediate", CardIds())

    # "Indicates the amount of […] the pancreas is producing": the gap is
    # "insulin", the one choice that has it.
    assert "Fasting Insulin (FPI)" not in [card.fields["answer"] for card in academic]
    assert "Fasting Glucose (FPG)" in [card.fields["answer"] for card in academic]
    # A typed answer is recalled, not picked among choices: still asked.
    assert "Pentadeca Arginate (PDA)" in [card.fields["answer"] for card in intermediate]


GIVEN_AWAY = """\
Fundamentals

  • Hydrocortisone ∞ A tablet form of cortisol, taken twice a day.
  • Evening Dose ∞ A smaller dose in the late afternoon, so that cortisol stays low.
  • Stress Dosing ∞ Taking a double dose during fever, when the body needs more.

Several settings change the hormone.

  • Fasting ∞ A lack of food increases the hormone, helping the body draw on stored fat.
  • Melatonin Window ∞ Quiet evenings before bed, with dim light.
  • Photic Entrainment ∞ Light soon after waking, which anchors the rhythm.

Where the hormone acts:

  • Bone ∞ PTH releases calcium from the skeleton and from around bone cells.
  • Kidney ∞ PTH increases calcium reabsorption in the distal tubule.
  • Intestine ∞ PTH acts through calcitriol on absorption from food.

Intermediate

  • Daily Somatropin ∞ Recombinant GH given as an injection each evening, imitating the pulse.
    • Children ∞ Adjusted according to growth velocity, with the dose reviewed yearly.
    • Adults ∞ Raised slowly, with lower starting doses for older adults.
  • Somatostatin Analogues ∞ Long-acting medicines that mimic the natural brake on GH release.
    • Octreotide LAR ∞ Given by deep intramuscular injection, adjusted according to IGF-1.
    • Lanreotide ∞ A slow-release analogue given by deep subcutaneous injection.
"""


def test_a_description_that_gives_its_label_away_is_not_asked_from_it(tmp_path: Path) -> None:
    article = _article(tmp_path, GIVEN_AWAY)

    fundamentals = bullet_cards(article, "Fundamentals", CardIds())
    intermediate = bullet_cards(article, "Intermediate", CardIds())

    # "cortisol" is part of Hydrocortisone; "dose" leaves a choice of two,
    # which "smaller ... late afternoon" and "fever" settle. "A lack of food
    # increases ..." and "PTH releases ..." tell what another thing does:
    # their labels are read off them, not recalled.
    assert [card.fields["answer"] for card in fundamentals] == [
        "Melatonin Window",
        "Photic Entrainment",
    ]
    # Children and Adults only qualify Daily Somatropin (a population, its
    # dose); the drugs under the plural class are named things and are asked.
    assert [card.fields["answer"] for card in intermediate] == [
        "Daily Somatropin",
        "Somatostatin Analogues",
        "Octreotide LAR",
        "Lanreotide",
    ]


def test_a_label_hidden_in_its_own_description_as_a_word_is_not_asked(tmp_path: Path) -> None:
    article = _article(
        tmp_path,
        "Fundamentals\n\n"
        "  • Adults ∞ Often started low, with lower starting doses for older adults.\n"
        "  • Gigantism ∞ GH excess in childhood, before the growth plates have closed.\n",
    )

    cards = bullet_cards(article, "Fundamentals", CardIds())

    # "... for older […]" would leave the everyday word in plain view.
    assert [card.fields["answer"] for card in cards] == ["Gigantism"]


DOSED = """\
Intermediate

  • Somatostatin Analogues ∞ Long-acting medicines that mimic the natural brake on GH release.
    • Octreotide LAR ∞ Usually 20 mg every 4 weeks by deep intramuscular injection.
    • Lanreotide ∞ A slow-release analogue given by deep subcutaneous injection.
  • Growth Hormone Replacement ∞ Restores the missing hormone in deficiency.
    • Somatropin ∞ A recombinant form of human growth hormone.
    • Mecasermin ∞ Recombinant IGF-1, used in Laron syndrome.
"""


def test_a_bullet_whose_dose_is_a_cloze_is_not_asked_again_in_the_glossary(
    tmp_path: Path,
) -> None:
    article = _article(tmp_path, DOSED)
    octreotide, lanreotide = (
        d for d in article.definitions if d.parent == "Somatostatin Analogues"
    )

    clozes = bullet_fact_cards(article, "Intermediate", CardIds())

    # The dose is asked once, with the term in view; the glossary does not
    # ask for the same sentence from the term.
    assert [card.fields["text"] for card in clozes] == [
        "**Octreotide LAR** (in *Somatostatin Analogues*) — Usually "
        "{{c1::20 mg every 4 weeks}} by deep intramuscular injection."
    ]
    assert bullet_term_card(octreotide, article, CardIds()) is None
    assert _term_card(lanreotide, article).fields["front"] == (
        "What is **Lanreotide** (in *Somatostatin Analogues*)?"
    )


def test_a_bullet_heading_a_list_with_a_gloss_of_a_few_words_gets_no_card(
    tmp_path: Path,
) -> None:
    article = _article(tmp_path, DOSED)
    replacement = next(d for d in article.definitions if d.term == "Growth Hormone Replacement")
    analogues = next(d for d in article.definitions if d.term == "Somatostatin Analogues")

    asked = [card.fields["answer"] for card in bullet_cards(article, "Intermediate", CardIds())]

    # "Restores the missing hormone in deficiency." says no more than its
    # label; "Long-acting medicines that mimic the natural brake ..." does.
    assert "Growth Hormone Replacement" not in asked
    assert "Somatostatin Analogues" in asked
    assert bullet_term_card(replacement, article, CardIds()) is None
    assert _term_card(analogues, article).fields["front"] == (
        "What are **Somatostatin Analogues**?"
    )


def test_a_description_whose_main_clause_has_a_verb_is_not_asked_what_it_is(
    thyroid: ArticleText,
) -> None:
    palpitations = next(d for d in thyroid.article.definitions if d.term == "Palpitations")
    palpitations = dataclasses.replace(palpitations, intro=None)
    fasting = dataclasses.replace(
        palpitations,
        term="Fasting",
        definition="A lack of food increases GH secretion, helping the body draw on stored fat.",
    )
    stage = dataclasses.replace(
        palpitations,
        term="Deep Sleep",
        definition="The stage of sleep during which the largest pulse of GH is usually released.",
    )

    # "A lack of food increases ..." says what fasting does, far from its start.
    assert _term_card(fasting, thyroid.article).fields["front"] == (
        "How does the article describe **Fasting**?"
    )
    # The verb of a relative clause is not the description's own.
    assert _term_card(stage, thyroid.article).fields["front"] == "What is **Deep Sleep**?"


SHARED_NAMES = """\
Intermediate

Somatostatin inhibits the release of GH.

  • Daily Somatropin ∞ Recombinant GH given as an injection each evening.
  • Long-Acting Somatropin ∞ Newer preparations such as somapacitan, injected once weekly.
  • Somatostatin Analogues ∞ Long-acting medicines that mimic the natural brake on GH release.
  • Hydrocortisone Replacement ∞ Tablets taken two or three times a day.

Glossary

Somatropin
Recombinant human growth hormone.

Somatostatin
The hypothalamic hormone that inhibits GH release.

Hydrocortisone
A synthetic form of cortisol.
"""


def test_a_typed_answer_accepts_no_term_that_names_another_thing(tmp_path: Path) -> None:
    article = _article(tmp_path, SHARED_NAMES)

    # "somatropin" is in two labels and tells neither apart; somatostatin
    # analogues are not somatostatin. "Hydrocortisone" still names its treatment.
    assert named_terms("Daily Somatropin", article) == []
    assert named_terms("Long-Acting Somatropin", article) == []
    assert named_terms("Somatostatin Analogues", article) == []
    assert named_terms("Hydrocortisone Replacement", article) == ["Hydrocortisone"]


def test_a_glossary_entry_whose_bullet_dose_is_a_cloze_is_reported_so(tmp_path: Path) -> None:
    article = _article(
        tmp_path,
        DOSED + "\nGlossary\n\nOctreotide LAR\n\nLanreotide\n",
    )

    glossary = glossary_cards(ArticleText.of(article), frozenset(), CardIds())

    reasons = {decision.term: decision.reason for decision in glossary.decisions}
    assert reasons["Octreotide LAR"] == (
        "its bullet's dose, frequency or duration is a cloze in the Intermediate deck"
    )
    assert reasons["Lanreotide"] == "a term, defined by its bullet"
    assert [card.id for card in glossary.cards if "octreotide" in card.id] == []


def test_a_bullets_glossary_prompt_says_what_its_list_is_about(
    thyroid: ArticleText, sleep: ArticleText
) -> None:
    """Out of its list "Fatigue" reads as the everyday word; the subheading
    the list follows says that a sign of a thyroid imbalance is asked."""
    fatigue = next(d for d in thyroid.article.definitions if d.term == "Fatigue")
    assert _term_card(fatigue, thyroid.article).fields == {
        "front": "What is **Fatigue** (in the list *Common Signs of an Imbalance*)?",
        "back": "A persistent lack of energy that often accompanies an underactive thyroid.",
    }
    # A nested bullet is placed by the bullet it stands under, the nearer context.
    terms = {d.term: d for d in sleep.article.definitions}
    assert _term_card(terms["Caffeine Timing"], sleep.article).fields["front"] == (
        "How does the article describe **Caffeine Timing** (in *Sleep Hygiene*)?"
    )
    assert _term_card(terms["REM Sleep"], sleep.article).fields["front"] == (
        "What is **REM Sleep** (in the list *Stages of Sleep*)?"
    )


ODD_ONE_OUT = """\
Fundamentals

  • Homeostasis ∞ The process by which the body keeps its internal state steady.
  • Homeostatic Reserve ∞ The spare capacity the body draws on when a demand rises.
  • Recovery ∞ The return of heart rate to its resting level once a demand has passed.

Intermediate

  • IGFBP-3 ∞ The main carrier protein, binding most circulating IGF-1.
  • Acid-Labile Subunit ∞ A liver protein that keeps the complex within the bloodstream.
  • IGFBP-1 ∞ A smaller binding protein whose level rises with fasting.
"""


def test_an_answer_unlike_its_alike_choices_is_not_asked_among_them(tmp_path: Path) -> None:
    article = _article(tmp_path, ODD_ONE_OUT)

    fundamentals = bullet_cards(article, "Fundamentals", CardIds())
    intermediate = bullet_cards(article, "Intermediate", CardIds())

    # Among Homeostasis and Homeostatic Reserve, Recovery is the only unlike
    # label and "The return ..." is no process nor reserve: picked by
    # elimination. The alike labels are still asked.
    assert [card.fields["answer"] for card in fundamentals] == [
        "Homeostasis",
        "Homeostatic Reserve",
    ]
    # "A liver protein" is the kind both IGFBPs are: they stay candidates.
    assert "Acid-Labile Subunit" in [card.fields["answer"] for card in intermediate]


ANOTHER_NAME = """\
Intermediate

  • Active Vitamin D ∞ Calcitriol, commonly taken to restore calcium absorption from the gut.
  • PTH Replacement ∞ A long-acting form of the hormone, for when standard therapy fails.
  • Calcium Supplements ∞ Salts taken with meals to raise the level in the blood.

Glossary

Calcitriol
The active form of vitamin D, made in the kidney, which increases calcium absorption.
"""


def test_a_description_opening_with_another_name_of_its_label_is_not_asked(
    tmp_path: Path,
) -> None:
    article = _article(tmp_path, ANOTHER_NAME)
    undefined = _article(tmp_path, ANOTHER_NAME.split("Glossary")[0])

    asked = [card.fields["answer"] for card in bullet_cards(article, "Intermediate", CardIds())]
    asked_undefined = [
        card.fields["answer"] for card in bullet_cards(undefined, "Intermediate", CardIds())
    ]

    # The glossary defines calcitriol as the active vitamin D: "Calcitriol,
    # ..." names the answer. Where the article does not, it is asked.
    assert "Active Vitamin D" not in asked
    assert "PTH Replacement" in asked
    assert "Active Vitamin D" in asked_undefined


CIRCADIAN_GROUP = """\
Intermediate

Habits That Protect the Rhythm

  • Circadian Hygiene ∞ Daily habits that protect the circadian timing of sleep.
    • Light Exposure ∞ Bright light in the morning anchors the cortisol rhythm to the solar day.
    • Caffeine Timing ∞ Avoiding caffeine late in the day keeps it from delaying sleep onset.
    • Regular Schedule ∞ Going to bed and waking at consistent times stabilizes the master clock.
  • Stress Management ∞ Practices such as slow breathing that lower evening cortisol.
  • Melatonin Window ∞ A calm hour before bed with dim light and no screens.
"""


def test_a_group_whose_gloss_restates_its_label_is_asked_for_its_members(
    tmp_path: Path,
) -> None:
    article = _article(tmp_path, CIRCADIAN_GROUP)
    hygiene = next(d for d in article.definitions if d.term == "Circadian Hygiene")

    cards = bullet_cards(article, "Intermediate", CardIds())
    card = _term_card(hygiene, article)

    # "Daily habits that protect the […] timing of sleep": the hidden word
    # is plain; the habits nested under it are what the learner learns.
    which = next(c for c in cards if c.fields["answer"] == "Circadian Hygiene")
    assert which.fields["question"] == (
        "Under which of these does the article list "
        "*Light Exposure*, *Caffeine Timing* and *Regular Schedule*?"
    )
    assert sorted(which.fields["choices"]) == [
        "Circadian Hygiene",
        "Melatonin Window",
        "Stress Management",
    ]
    assert card.fields == {
        "front": "What is **Circadian Hygiene** (in the list *Habits That Protect the Rhythm*), "
        "and what does the article list under it?",
        "back": "Daily habits that protect the circadian timing of sleep. Under it, the "
        "article lists Light Exposure, Caffeine Timing and Regular Schedule.",
    }


def test_an_everyday_group_is_asked_with_its_members_in_its_section_deck(
    sleep: ArticleText,
) -> None:
    hygiene = next(d for d in sleep.article.definitions if d.term == "Sleep Hygiene")

    named = [c.fields["answer"] for c in bullet_cards(sleep.article, "Intermediate", CardIds())]
    asked = everyday_term_cards(sleep.article, "Intermediate", CardIds())
    glossary = glossary_cards(sleep, frozenset(), CardIds()).cards

    # "Sleep Hygiene" is two everyday words: no card names it; the card
    # asking what it is, and what the article lists under it, stands in the
    # Intermediate deck, among the habits, and not in the glossary.
    assert "Sleep Hygiene" not in named
    assert [c.fields["front"] for c in asked if c.line == hygiene.line] == [
        "What is **Sleep Hygiene** (in the list *Habits That Protect the Rhythm*), "
        "and what does the article list under it?"
    ]
    assert not [c for c in glossary if "**Sleep Hygiene**" in str(c.fields.get("front"))]
    assert {c.fields["front"].split("**")[1] for c in asked} == {
        "Sleep Hygiene",
        "Light Exposure",
        "Caffeine Timing",
        "Regular Schedule",
        "Stress Management",
        "Evening Routine",
    }


FIGURES_FOR_A_CASE = """\
Intermediate

  • Daily Somatropin ∞ Recombinant GH given as an injection each evening, imitating the pulse.
    • Children ∞ Typically 0.025 ∞ 0.035 mg/kg per day, adjusted according to growth velocity.
    • Teenagers ∞ Adjusted according to growth velocity and pubertal stage.
  • Long-Acting Somatropin ∞ Injected once weekly, easing the burden of daily injections.
"""


def test_figures_a_bullet_gives_for_its_parent_are_asked_of_the_parent(tmp_path: Path) -> None:
    article = _article(tmp_path, FIGURES_FOR_A_CASE)
    children, teenagers = (d for d in article.definitions if d.parent == "Daily Somatropin")

    # "How does the article describe **Children**?" would ask about children.
    assert _term_card(children, article).fields["front"] == (
        "What does the article give for **Daily Somatropin** in **Children**?"
    )
    # Without figures the bullet describes its label and is asked so.
    assert _term_card(teenagers, article).fields["front"] == (
        "How does the article describe **Teenagers** (in *Daily Somatropin*)?"
    )


def test_a_frequency_that_only_qualifies_a_noun_is_not_a_gap(tmp_path: Path) -> None:
    article = _article(tmp_path, FIGURES_FOR_A_CASE)

    clozes = bullet_fact_cards(article, "Intermediate", CardIds())

    # "the burden of ___ injections" beside "once weekly" gives "daily" away.
    assert [card.fields["text"] for card in clozes] == [
        "**Long-Acting Somatropin** — Injected {{c1::once weekly}}, "
        "easing the burden of daily injections."
    ]


def test_a_description_whose_number_fits_one_choice_only_is_not_asked(tmp_path: Path) -> None:
    article = _article(
        tmp_path,
        "Fundamentals\n\nIron Markers\n\n"
        "  • Ferritin ∞ A protein that stores iron in the liver.\n"
        "  • Transferrin ∞ A carrier that moves iron through the blood.\n"
        "  • Hepcidin ∞ A hormone from the liver that blocks iron uptake.\n"
        "  • Ceruloplasmin Antibodies ∞ Markers of an immune attack on the carrier.\n",
    )

    named = [card.fields["answer"] for card in bullet_cards(article, "Fundamentals", CardIds())]

    # "Markers of ..." is plural, and only "Ceruloplasmin Antibodies" is:
    # grammar picks it. "A protein ..." fits three choices: still asked.
    assert named == ["Ferritin", "Transferrin", "Hepcidin"]
