"""Text repairs: `∞` back to what the page had, sentences, slugs."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from endoquiz.generator.text_cleanup import (
    clean_text,
    refers_back,
    slugify,
    split_sentences,
    starts_dangling,
    words,
)


@pytest.mark.parametrize(
    ("scraped", "repaired"),
    [
        # A range: an en dash, with no spaces.
        ("about 5 ∞ 10 mg of that", "about 5–10 mg of that"),
        ("10 ∞ 20 units (0.1 ∞ 0.2ml) weekly", "10–20 units (0.1–0.2ml) weekly"),
        ("1,000 ∞ 2,000 IU", "1,000–2,000 IU"),
        ("every 6∞8 weeks", "every 6–8 weeks"),
        # An aside between two: a pair of em dashes.
        (
            "and this dual effect ∞ A and B ∞ matters",
            "and this dual effect — A and B — matters",
        ),
        # A trailing one, as in a table's introduction: a colon.
        (
            "The following table outlines the main thyroid disorders ∞",
            "The following table outlines the main thyroid disorders:",
        ),
        ("ends with a spaced one ∞   ", "ends with a spaced one:"),
        # Between a label and its text: a spaced em dash.
        ("Fatigue ∞ A common symptom.", "Fatigue — A common symptom."),
        ("Testosterone therapy in men ∞ a review", "Testosterone therapy in men — a review"),
        # A number that ends a name starts no range.
        (
            "reference interval for free T4 ∞ 0.8 ∞ 1.8 ng/dL ∞ varies",
            "reference interval for free T4 — 0.8–1.8 ng/dL — varies",
        ),
        ("Type 2 ∞ 3 deiodinase", "Type 2–3 deiodinase"),
    ],
)
def test_clean_text_repairs_the_infinity_sign(scraped: str, repaired: str) -> None:
    assert clean_text(scraped) == repaired


def test_clean_text_tidies_spaces_and_leaves_other_text_alone() -> None:
    assert clean_text("  a \t b\u00a0c  ") == "a b c"
    assert clean_text("A sentence – with a dash — and 10–20 mg.") == (
        "A sentence – with a dash — and 10–20 mg."
    )
    assert clean_text("") == ""
    assert clean_text("∞") == ":"


@settings(max_examples=150, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ab1 0.,∞-\t\u00a0|")), max_size=40))
def test_no_infinity_sign_survives_clean_text(text: str) -> None:
    cleaned = clean_text(text)
    assert "∞" not in cleaned
    assert cleaned == cleaned.strip()
    assert clean_text(cleaned) == cleaned  # idempotent


@pytest.mark.parametrize(
    ("paragraph", "sentences"),
    [
        ("One. Two is here. Three!", ["One.", "Two is here.", "Three!"]),
        (
            "Some hormones, e.g. Cortisol, rise at dawn. Others fall.",
            ["Some hormones, e.g. Cortisol, rise at dawn.", "Others fall."],
        ),
        (
            "Doses of 0.1 mg are small. Larger ones of 2.5 mg exist.",
            ["Doses of 0.1 mg are small.", "Larger ones of 2.5 mg exist."],
        ),
        (
            "Levels rose to 5.5. The next test was normal.",
            ["Levels rose to 5.5.", "The next test was normal."],
        ),
        (
            "As shown by Veldhuis, J. D. Bowers and others, it works. Then it stops.",
            ["As shown by Veldhuis, J. D. Bowers and others, it works.", "Then it stops."],
        ),
        (
            "Compare drug A vs. Placebo in trials. See Fig. 2 for details.",
            ["Compare drug A vs. Placebo in trials.", "See Fig. 2 for details."],
        ),
        (
            "Is it low? Then it is “deaf.” The cell starves.",
            ["Is it low?", "Then it is “deaf.”", "The cell starves."],
        ),
        (
            "lower case after a stop. stays one sentence",
            ["lower case after a stop. stays one sentence"],
        ),
        ("", []),
        ("No final stop", ["No final stop"]),
    ],
)
def test_split_sentences(paragraph: str, sentences: list[str]) -> None:
    assert split_sentences(paragraph) == sentences


@settings(max_examples=100, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("Ab1 .?!e.g”(")), max_size=60))
def test_split_sentences_loses_no_text(text: str) -> None:
    assert " ".join(split_sentences(text)).split() == text.split()


def test_starts_dangling() -> None:
    assert starts_dangling("This leads to more insulin.")
    assert starts_dangling("Its main product is thyroxine.")
    assert starts_dangling("“They” respond less.")
    assert not starts_dangling("Thyroxine is the main product.")
    assert not starts_dangling("Thiszone is not a word we know.")
    assert not starts_dangling("")


def test_words_and_slugify() -> None:
    assert words("Insulin’s key-role, (GLUT4)!") == ["insulin’s", "key-role", "glut4"]
    assert slugify("Sleep, Cortisol and the Daily Rhythm") == "sleep-cortisol-and-the-daily-rhythm"
    assert slugify("Ipamorelin / CJC-1295") == "ipamorelin-cjc-1295"
    assert slugify("Café µ-receptor") == "cafe-receptor"
    assert slugify("???") == "x"
    long = slugify("word " * 30, max_length=20)
    assert len(long) <= 20 and not long.endswith("-")


@pytest.mark.parametrize(
    ("sentence", "dangling"),
    [
        ("It climbs in the early morning.", True),
        ("In the early morning, it climbs toward its peak.", True),
        ("Over time, this persistent elevation wears receptors down.", True),
        ("In men, they fall with age.", True),
        ("In the early morning, cortisol climbs toward its peak.", False),
        ("Its rise, in the morning, is steep.", True),
        # A long opening clause has a subject of its own before the comma.
        ("When cortisol stays high for many weeks on end, it wears receptors down.", False),
    ],
)
def test_a_sentence_leaning_on_the_one_before(sentence: str, dangling: bool) -> None:
    assert starts_dangling(sentence) is dangling


@pytest.mark.parametrize(
    ("sentence", "words_referring_back"),
    [
        ("The dose is adjusted every 6–8 weeks.", "The dose"),
        ("The most common cause is Hashimoto thyroiditis.", "The most common cause"),
        # A place is no "of what": the most common cause of what, in those regions?
        (
            "The most common cause in iodine-sufficient regions is Hashimoto thyroiditis.",
            "The most common cause",
        ),
        ("In women, the dose is lower.", "In women, the dose"),
        ("Levels below 30 nmol/L are considered deficient.", "Levels"),
        ("Surgery cures the condition in most people.", "the condition"),
        ("In about 80–85% of cases, a single adenoma is responsible.", "5% of cases"),
        # A pronoun opening a subordinate clause points back too.
        ("While this is a normal mechanism, excess drives it further.", "While this"),
        # Saying of what, they refer to nothing before.
        ("The most common cause of hypothyroidism is iodine deficiency.", None),
        ("The dose of levothyroxine is adjusted.", None),
        ("Treatment with levothyroxine restores normal levels.", None),
        ("Levels of cortisol rise at dawn.", None),
        ("In 30% of patients with PCOS, weight is normal.", None),
    ],
)
def test_a_dose_cause_or_condition_without_its_of_what_refers_back(
    sentence: str, words_referring_back: str | None
) -> None:
    assert refers_back(sentence) == words_referring_back
    assert starts_dangling(sentence) is (words_referring_back is not None)
