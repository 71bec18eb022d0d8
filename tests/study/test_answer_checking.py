"""Grading typed and choice answers: normalisation, accepted forms, the diff, bounded work."""

from __future__ import annotations

import sys
import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from endoquiz.decks.deck_model import Card, CardKind
from endoquiz.study import answer_checking
from endoquiz.study.answer_checking import (
    MAX_DIFF_LENGTH,
    MAX_TYPED_LENGTH,
    AnswerCheck,
    DiffSegment,
    character_diff,
    check_card_typed,
    check_choice,
    check_typed,
    normalise_answer,
)


def make_card(
    answer: str | None,
    *,
    kind: CardKind = CardKind.TYPED,
    accept: tuple[str, ...] = (),
    choices: tuple[str, ...] = (),
) -> Card:
    return Card(
        deck_id="d",
        id="c",
        note_id="c",
        kind=kind,
        position=0,
        front="Q",
        back="A",
        answer=answer,
        accept=accept,
        choices=choices,
    )


def joined(check: AnswerCheck) -> tuple[str, str]:
    """The "your answer" and "correct answer" lines the diff draws."""
    return "".join(s.given for s in check.diff), "".join(s.expected for s in check.diff)


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("HOMA-IR", "homa ir"),
        ("HOMA IR", "homa ir"),
        ("HOMA–IR", "homa ir"),  # en dash
        ("HOMA—IR", "homa ir"),  # em dash
        ("HOMA\u2212IR", "homa ir"),  # minus sign
        ("homa_ir", "homa ir"),
        ("HOMAIR", "homair"),
        ("T3/T4", "t3 t4"),
        ("3.5 mmol/L", "3 5 mmol l"),
        ("3,5", "3 5"),
        ("1,000", "1 000"),
        ("Addison, Graves", "addison graves"),
        ("Café", "cafe"),
        ("Cafe\u0301", "cafe"),  # decomposed accent
        ("Übergewicht", "ubergewicht"),
        ("Straße", "strasse"),
        ("\uff34\uff14", "t4"),  # full width
        ("½", "1 2"),
        ("1/2", "1 2"),
        ("m²", "m2"),
        ("Graves’ disease", "graves disease"),
        ("Hashimoto's", "hashimotos"),
        ("(insulin)", "insulin"),
        ('"Insulin."', "insulin"),
        ("insulin?!", "insulin"),
        ("  Insulin \t\n", "insulin"),
        ("Na+ 140 %", "na 140"),
        ("soft\u00adhyphen", "softhyphen"),
        ("zero\u200bwidth", "zerowidth"),
        ("...", ""),
        ("↑", ""),
        ("", ""),
    ],
)
def test_normalise_answer(text: str, key: str) -> None:
    assert normalise_answer(text) == key


def test_every_dash_and_connector_joins_words() -> None:
    """By Unicode category, so dashes a newer Unicode adds are covered too."""
    joiners = [
        chr(code)
        for code in range(sys.maxunicode + 1)
        if unicodedata.category(chr(code)) in ("Pd", "Pc")
    ]
    assert "-" in joiners and "–" in joiners and "_" in joiners
    assert {c: normalise_answer(f"a{c}b") for c in joiners} == dict.fromkeys(joiners, "a b")


@given(st.text())
def test_normalise_answer_is_idempotent(text: str) -> None:
    key = normalise_answer(text)
    assert normalise_answer(key) == key
    assert key == key.strip() and "  " not in key


CORRECT = [
    ("case", "HOMA-IR", (), "homa-ir"),
    ("accent", "Café", (), "Cafe"),
    ("accent typed, none expected", "Cafe", (), "Café"),
    ("full stop", "Insulin", (), "Insulin."),
    ("exclamation", "Insulin.", (), "insulin!"),
    ("surrounding space", "Insulin", (), "  insulin \n"),
    ("hyphen as space", "HOMA-IR", (), "HOMA IR"),
    ("en dash", "HOMA-IR", (), "HOMA–IR"),
    ("symbol-only answer", "↑", (), " ↑ "),
]


@pytest.mark.parametrize(
    ("answer", "accept", "typed"),
    [case[1:] for case in CORRECT],
    ids=[case[0] for case in CORRECT],
)
def test_correct_typed_answers(answer: str, accept: tuple[str, ...], typed: str) -> None:
    check = check_typed(answer, accept, typed)
    assert check.correct
    assert check.expected == answer
    assert check.matched == answer
    assert check.closest == answer
    assert joined(check) == (typed, answer)


def test_an_accepted_form_matches() -> None:
    check = check_typed("Thyroxine", ["T4", "levothyroxine"], "t4")
    assert check == AnswerCheck(
        correct=True,
        expected="Thyroxine",
        matched="T4",
        closest="T4",
        diff=(DiffSegment("same", "t4", "T4"),),
    )


WRONG = [
    ("doubled letter", "Insulin", (), "Insulinn"),
    ("other hormone", "Insulin", (), "glucagon"),
    ("empty", "Insulin", (), ""),
    ("blank", "Insulin", (), "   "),
    ("punctuation only", "Insulin", (), "?!"),
    ("joined words", "HOMA-IR", (), "HOMAIR"),
    ("decimal point is not nothing", "3.5", (), "35"),
    ("other arrow", "↑", (), "↓"),
    ("near an accepted form", "Thyroxine", ("T4",), "T3"),
]


@pytest.mark.parametrize(
    ("answer", "accept", "typed"),
    [case[1:] for case in WRONG],
    ids=[case[0] for case in WRONG],
)
def test_wrong_typed_answers(answer: str, accept: tuple[str, ...], typed: str) -> None:
    check = check_typed(answer, accept, typed)
    assert not check.correct
    assert check.matched is None
    assert check.expected == answer
    assert joined(check) == (typed, check.closest)


def test_blank_is_wrong_even_against_a_blank_accepted_form() -> None:
    assert not check_typed("Insulin", ["", "  "], "").correct
    assert not check_typed("Insulin", ["", "  "], " ").correct


def test_diff_of_a_misspelling() -> None:
    check = check_typed("Insulin", [], "insullin")
    assert check.diff == (
        DiffSegment("same", "insul", "Insul"),
        DiffSegment("extra", "l", ""),
        DiffSegment("same", "in", "in"),
    )
    check = check_typed("Glucagon", [], "Glukagn")
    assert check.diff == (
        DiffSegment("same", "Glu", "Glu"),
        DiffSegment("wrong", "k", "c"),
        DiffSegment("same", "ag", "ag"),
        DiffSegment("missing", "", "o"),
        DiffSegment("same", "n", "n"),
    )


def test_diff_is_against_the_closest_form_but_expected_is_the_answer() -> None:
    check = check_typed("Thyroxine", ["T4", "Levothyroxine"], "levothyroxin")
    assert not check.correct
    assert check.expected == "Thyroxine"
    assert check.closest == "Levothyroxine"
    assert joined(check) == ("levothyroxin", "Levothyroxine")
    # A tie goes to the canonical answer.
    assert check_typed("ab", ["ba"], "").closest == "ab"


def test_card_typed_uses_answer_and_accept() -> None:
    card = make_card("Thyroxine", accept=("T4",))
    assert check_card_typed(card, "T4").matched == "T4"
    assert check_card_typed(card, "thyroxine").matched == "Thyroxine"
    assert not check_card_typed(card, "T3").correct


@pytest.mark.parametrize("answer", [None, "", "  "])
def test_a_card_without_answer_cannot_be_checked(answer: str | None) -> None:
    with pytest.raises(ValueError, match="no answer"):
        check_card_typed(make_card(answer), "x")


def test_blank_answer_is_refused() -> None:
    with pytest.raises(ValueError):
        check_typed(" ", ["x"], "x")


def test_long_answer_is_compared_in_full_but_diffed_in_part() -> None:
    typed = "Insulin" + "!" * 600
    check = check_typed("Insulin", [], typed)
    assert check.correct
    assert check.diff_truncated
    assert joined(check) == (typed[:MAX_DIFF_LENGTH], "Insulin")
    check = check_typed("Insulin", [], "x" * 600)
    assert not check.correct and check.diff_truncated
    assert joined(check) == ("x" * MAX_DIFF_LENGTH, "Insulin")


def test_short_answer_diff_is_not_truncated() -> None:
    assert not check_typed("Insulin", [], "x" * MAX_DIFF_LENGTH).diff_truncated


def test_text_over_the_typed_limit_is_wrong() -> None:
    typed = "Insulin" + "!" * MAX_TYPED_LENGTH
    assert not check_typed("Insulin", [], typed).correct
    # Surrounding whitespace does not count towards the limit.
    assert check_typed("Insulin", [], "Insulin" + " " * MAX_TYPED_LENGTH).correct


@pytest.mark.parametrize("unit", ["x", "é", "Insulin ", "!", " a-b "])
def test_ten_megabytes_pasted_is_wrong_without_being_compared(
    unit: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Bounded work, checked without a stopwatch: no text longer than the
    typed limit ever reaches normalisation (speed belongs in benchmarks/)."""
    normalised: list[int] = []
    real_normalise = answer_checking.normalise_answer

    def recording(text: str) -> str:
        normalised.append(len(text))
        return real_normalise(text)

    monkeypatch.setattr(answer_checking, "normalise_answer", recording)
    typed = unit * (10_000_000 // len(unit))
    accept = ["T4", "Levothyroxine sodium " * 30]
    check = check_typed("Insulin", accept, typed)
    assert not check.correct
    assert check.diff_truncated
    assert "".join(s.given for s in check.diff) == typed[:MAX_DIFF_LENGTH]
    assert normalised, "check_typed no longer normalises through normalise_answer"
    assert max(normalised) <= MAX_TYPED_LENGTH


def segments_are_well_formed(diff: tuple[DiffSegment, ...]) -> None:
    for segment in diff:
        assert segment.given or segment.expected
        if segment.kind == "same":
            assert segment.given.casefold() == segment.expected.casefold()
            assert len(segment.given) == len(segment.expected)
        elif segment.kind == "wrong":
            assert segment.given and segment.expected
        elif segment.kind == "extra":
            assert segment.given and not segment.expected
        else:
            assert segment.kind == "missing"
            assert segment.expected and not segment.given


@given(st.text(max_size=80), st.text(max_size=80))
def test_character_diff_rebuilds_both_texts(typed: str, expected: str) -> None:
    diff = character_diff(typed, expected)
    assert "".join(s.given for s in diff) == typed
    assert "".join(s.expected for s in diff) == expected
    segments_are_well_formed(diff)


# Mostly a small alphabet, so texts often match in part.
texts = st.text(st.sampled_from("aAbBcé- .!") | st.characters(), max_size=40)


@settings(max_examples=200)
@given(texts.filter(str.strip), st.lists(texts, max_size=3), texts)
def test_check_typed_diff_rebuilds_typed_and_closest_form(
    answer: str, accept: list[str], typed: str
) -> None:
    check = check_typed(answer, accept, typed)
    assert check.expected == answer
    assert check.closest in [answer, *accept]
    assert joined(check) == (typed, check.closest)
    segments_are_well_formed(check.diff)
    if check.correct:
        assert check.matched == check.closest
        assert typed.strip()
    else:
        assert check.matched is None


@given(texts.filter(str.strip), st.sampled_from(["", " ", "\n", ".", "!"]))
def test_the_answer_typed_back_is_correct(answer: str, suffix: str) -> None:
    assert check_typed(answer, [], answer).correct
    assert check_typed(answer, [], f" {answer}{suffix}").correct == (
        suffix.isspace() or suffix == "" or bool(normalise_answer(answer))
    )


CHOICES = ("Insulin", "Glucagon", "Cortisol ")


@pytest.mark.parametrize(
    ("picked", "right"),
    [("Insulin", True), (" Insulin ", True), ("Glucagon", False), ("Cortisol", False)],
)
def test_check_choice(picked: str, right: bool) -> None:
    card = make_card("Insulin", kind=CardKind.CHOICE, choices=CHOICES)
    assert check_choice(card, picked) is right


@pytest.mark.parametrize("picked", ["insulin", "Growth hormone", ""])
def test_check_choice_refuses_what_is_not_a_choice(picked: str) -> None:
    card = make_card("Insulin", kind=CardKind.CHOICE, choices=CHOICES)
    with pytest.raises(ValueError, match="not one of the choices"):
        check_choice(card, picked)


def test_check_choice_needs_an_answer() -> None:
    with pytest.raises(ValueError, match="no answer"):
        check_choice(make_card(None, kind=CardKind.CHOICE, choices=CHOICES), "Insulin")
