"""Which card backs are short answers fair to type, and the forms a typed answer may take."""

from __future__ import annotations

import pytest

from endoquiz.study.short_answers import short_answer_forms


@pytest.mark.parametrize(
    ("back", "question", "forms"),
    [
        # The card: the core, without article, parenthesis and full
        # stop, and the other name the parenthesis gives.
        (
            "The anterior pituitary (adenohypophysis).",
            "Which gland secretes TSH?",
            ("The anterior pituitary", "anterior pituitary", "adenohypophysis"),
        ),
        ("T4 (thyroxine)", "", ("T4", "thyroxine")),
        ("Thyroxine (T4).", "", ("Thyroxine", "T4")),
        (
            "The pancreas (also called the islets)",
            "",
            ("The pancreas", "pancreas", "the islets", "islets"),
        ),
        ("Insulin", "", ("Insulin",)),
        ("Testosterone Cypionate", "", ("Testosterone Cypionate",)),
        ("IGF-1", "", ("IGF-1",)),
        # An abbreviation the back gives, in place of what it abbreviates.
        (
            "hypothalamic-pituitary-gonadal (HPG) axis",
            "",
            ("hypothalamic-pituitary-gonadal axis", "HPG axis"),
        ),
        ("follicle-stimulating hormone (FSH)", "", ("follicle-stimulating hormone", "FSH")),
        # A parenthesis that is no other name: only the core stands for the answer.
        ("Weekly IM injection (200mg/ml)", "", ("Weekly IM injection",)),
        ("Cortisol (a glucocorticoid)", "", ("Cortisol",)),
        ("Insulin (mainly).", "", ("Insulin",)),
        # What the question itself says is no answer.
        (
            "Polycystic ovary syndrome (PCOS)",
            "What does **PCOS** stand for?",
            ("Polycystic ovary syndrome",),
        ),
    ],
)
def test_forms_of_a_short_answer(back: str, question: str, forms: tuple[str, ...]) -> None:
    assert short_answer_forms(back, question) == forms


@pytest.mark.parametrize(
    "back",
    [
        # A bundled card: five words once the abbreviation is taken out.
        "Testosterone Replacement Therapy (TRT) for Men",
        "Stimulates endogenous GH release",
        "Impaired T4 to T3 conversion, systemic inflammation.",
        "Gonadorelin, Anastrozole, Enclomiphene",
        "Sermorelin / Ipamorelin",
        "insulin and glucagon",
        "insulin or glucagon",
        "glucose transporter type 4",
        "10 mg",
        "*Primary Agent*: Testosterone Cypionate",
        "Insulin\n\nand more",
        "What is insulin?",  # a reverse card's back
        "A (B) C",
        "Growth hormone (somatotropin) receptors",
        "",
        "  ",
    ],
)
def test_what_is_not_a_short_answer(back: str) -> None:
    assert short_answer_forms(back) is None
