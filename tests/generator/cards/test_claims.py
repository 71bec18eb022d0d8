"""Mechanism claims: which part of a sentence that states a cause or an effect is hidden."""

from __future__ import annotations

import pytest

from endoquiz.generator.cards.claims import claim_spans, one_list_item, states_cause_or_effect


def hidden(sentence: str) -> list[list[str]]:
    return [[sentence[a:b] for a, b in candidate] for candidate in claim_spans(sentence)]


@pytest.mark.parametrize(
    ("sentence", "first"),
    [
        # The contrast tells the two apart: the side the sentence asserts.
        (
            "These kinases phosphorylate IRS proteins at serine residues, rather than the "
            "normal tyrosine residues.",
            ["serine residues"],
        ),
        # The main verb's effect, without its small words.
        (
            "Beyond phosphorylation, chronic exposure to high insulin levels can lead to "
            "receptor downregulation.",
            ["receptor downregulation"],
        ),
        # The means, after "through".
        (
            "This involves fewer receptors on the cell surface, often through increased "
            "receptor internalization and degradation.",
            ["increased receptor internalization and degradation"],
        ),
        # A long "A and B" is asked as its two halves, not as a passage.
        (
            "For men, chronic hyperinsulinemia can lead to a reduction in testosterone "
            "production and a decrease in androgen receptor sensitivity.",
            ["reduction in testosterone production", "decrease in androgen receptor sensitivity"],
        ),
        # An article after "and" opens a second thing: two facts, two gaps.
        (
            "Aldosterone acts on the receptor in the kidney, where it promotes the retention "
            "of sodium and the loss of potassium.",
            ["retention of sodium", "loss of potassium"],
        ),
        # ", and" after one item joins a clause, not a list: the phrase ends.
        (
            "Too little growth hormone in childhood slows growth, and too much in adult "
            "life enlarges the bones of the hands.",
            ["growth"],
        ),
        # ... also when a list follows the clause it joins.
        (
            "Too little hormone in childhood slows growth, and too much in adult life "
            "enlarges the bones of the hands, feet and face.",
            ["growth"],
        ),
        # A container word is filler: what it holds is the fact.
        (
            "Beyond the sex hormones, insulin resistance can also affect the delicate balance "
            "of thyroid hormones and cortisol.",
            ["thyroid hormones and cortisol"],
        ),
        # A list of things goes whole: one item of it would be a guess.
        (
            "An adrenal crisis is an emergency in which severe cortisol deficiency causes low "
            "blood pressure, vomiting and confusion.",
            ["low blood pressure, vomiting and confusion"],
        ),
    ],
)
def test_the_first_candidate_is_the_claim_s_key_part(sentence: str, first: list[str]) -> None:
    assert hidden(sentence)[0] == first


@pytest.mark.parametrize(
    "sentence",
    [
        # "the root cause of": a causal word used as a noun.
        "The goal is to address the root cause of cellular unresponsiveness.",
        # "how tissues respond": a clause, not a thing to recall.
        "Chronic stress also alters how tissues respond to cortisol.",
        # "reduced libido can be connected": an adjective, then a clause.
        "Symptoms like reduced libido can be connected to these imbalances.",
    ],
)
def test_no_clause_or_noun_use_is_taken_for_an_effect(sentence: str) -> None:
    assert hidden(sentence) == []


def test_a_graded_amount_of_something_is_still_asked() -> None:
    sentence = "A sensitive receptor requires only a small amount of hormone to respond."
    assert hidden(sentence)[0] == ["small amount of hormone"]


def test_a_causal_verb_makes_a_sentence_state_a_mechanism() -> None:
    assert states_cause_or_effect("Elevated insulin can suppress GH secretion.")
    assert not states_cause_or_effect("The endocrine system operates as a finely tuned orchestra.")


@pytest.mark.parametrize(
    ("sentence", "first"),
    [
        # "and heightens" after "raises" is a second verb, not part of the effect.
        (
            "Cortisol raises blood glucose and heightens alertness, preparing the body.",
            ["blood glucose"],
        ),
        # The thing converted is said before: only what it becomes is hidden.
        (
            "The liver makes calcidiol, and the kidneys then convert calcidiol into calcitriol.",
            ["calcitriol"],
        ),
        # One abstract word ("the responsiveness") asks nothing: the effect does.
        (
            "In Leydig cells, insulin resistance can impair the responsiveness to LH, leading "
            "to reduced testosterone synthesis.",
            ["reduced testosterone synthesis"],
        ),
    ],
)
def test_the_hidden_phrase_is_the_thing_not_a_clause(sentence: str, first: list[str]) -> None:
    assert hidden(sentence)[0] == first


@pytest.mark.parametrize(
    "sentence",
    [
        # a vague quantity names nothing
        "This creates a complex interplay that affects numerous physiological processes.",
        # a verb before an article: the phrase would be a clause
        "It is an area where insulin resistance diminishes receptor sensitivity involves the "
        "sex hormones.",
        # an abstract head with one word to tell it: it names nothing in particular
        "Hyperinsulinemia creates an environment that interferes with hormonal communication.",
        "These factors directly impact the structure and function of hormone receptors.",
        "Excess androgen leads to a vicious cycle.",
        "Downregulation reduces the cell's capacity to respond to hormonal signals.",
        # a grading word and what it grades says of no thing in particular
        "A defect at any layer produces a distinct clinical picture.",
        "Calcium seldom drifts, despite large swings in dietary intake.",
    ],
)
def test_a_vague_or_clausal_phrase_is_not_a_candidate(sentence: str) -> None:
    assert hidden(sentence) == []


def test_one_item_of_a_list_of_things_is_told_apart_from_an_aside() -> None:
    listed = "It causes symptoms including reduced libido, diminished muscle mass, and fatigue."
    aside = "In children, it causes rickets, a condition of soft and bowed bones."
    named = "The adrenal glands, responsible for stress hormones, and the thyroid gland react."

    def span(sentence: str, part: str) -> tuple[int, int]:
        return (sentence.index(part), sentence.index(part) + len(part))

    assert one_list_item(listed, span(listed, "reduced libido"))
    assert not one_list_item(aside, span(aside, "rickets"))
    assert not one_list_item(named, span(named, "adrenal glands"))


def test_a_class_named_by_its_examples_hides_the_examples() -> None:
    sentence = (
        "Insulin resistance impairs receptor sensitivity through mechanisms like aberrant "
        "phosphorylation and receptor downregulation, disrupting communication."
    )
    assert hidden(sentence)[0] == ["aberrant phosphorylation and receptor downregulation"]


@pytest.mark.parametrize(
    ("sentence", "first"),
    [
        # A change of state under what brings it about: the state is the effect.
        (
            "Under chronic stress the morning peak of cortisol becomes blunted and evening "
            "cortisol stays high.",
            ["blunted"],
        ),
    ],
)
def test_a_change_of_state_under_its_cause_is_a_claim(sentence: str, first: list[str]) -> None:
    assert hidden(sentence)[0] == first


@pytest.mark.parametrize(
    "sentence",
    [
        # An adverb, not a state: "grows slowly but in proportion".
        "A child who makes too little GH grows slowly but in proportion.",
        # A comparison restating the resistance the sentence names.
        "In rare cases the target cells become less responsive to thyroid hormone.",
        # "this feedback": the state of something the card would not show.
        "Chronic sleep loss can weaken this feedback, so that cortisol stays elevated.",
        # "X is a common cause of Y": any guess fits either side.
        "Shift work is a common cause of a disrupted cortisol rhythm.",
        # A contrast of two actions on one thing: each side is the other's opposite.
        "These peptides work by stimulating the body's own production of growth hormone, "
        "rather than introducing exogenous GH.",
        # A state with no cause in its sentence (the sentence before has it).
        "Evening cortisol stays higher than it should, and the morning peak becomes blunted.",
    ],
)
def test_no_manner_comparison_or_pointing_state_is_a_claim(sentence: str) -> None:
    assert hidden(sentence) == []


def test_when_something_is_at_its_extreme_is_a_claim() -> None:
    sentence = (
        "Cortisol levels are lowest around midnight, climb during the early morning hours "
        "and peak shortly after waking."
    )
    assert hidden(sentence)[0] == ["midnight"]


def test_a_hidden_phrase_stops_where_a_second_clause_begins() -> None:
    sentence = (
        "It reverses the dangerous fall in blood pressure through alpha-1 receptors and opens "
        "narrowed airways through beta-2 receptors."
    )
    assert hidden(sentence)[0] == ["alpha-1 receptors"]


def test_a_word_the_sentence_goes_on_to_explain_is_its_claim() -> None:
    sentence = (
        "This association is often bidirectional, meaning low testosterone can worsen "
        "insulin sensitivity, and insulin resistance can suppress testosterone production."
    )

    first = claim_spans(sentence)[0]

    assert [sentence[a:b] for a, b in first] == ["bidirectional"]
