"""Grading typed and multiple-choice answers, with a character diff to show the learner."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher
from typing import Literal

from endoquiz.decks.deck_model import Card
from endoquiz.scheduling import Rating

__all__ = [
    "MAX_DIFF_LENGTH",
    "MAX_TYPED_LENGTH",
    "AnswerCheck",
    "DiffKind",
    "DiffSegment",
    "character_diff",
    "check_card_typed",
    "check_choice",
    "check_typed",
    "normalise_answer",
    "suggested_rating",
]

# SequenceMatcher is quadratic: the diff, and the search for the accepted form
# nearest to the typed text, look at no more than this many characters.
MAX_DIFF_LENGTH = 500
# Typed text longer than this (surrounding whitespace stripped) is marked wrong
# without being normalised: no answer a deck accepts is anywhere near as long,
# and a pasted megabyte must not freeze the window.
MAX_TYPED_LENGTH = 10_000

# Joining characters besides the dash (Pd) and connector (Pc) punctuation,
# which become spaces: the minus sign, slashes, and dots.
_JOINERS = frozenset("\u2212/\\\u2044\u2215.\u00b7")
# A comma between digits separates like a decimal point, so "3,5" is not "35".
_DIGIT_COMMA = re.compile(r"(?<=\d),(?=\d)")

DiffKind = Literal["same", "wrong", "extra", "missing"]
_KIND_OF_OPCODE: dict[str, DiffKind] = {
    "equal": "same",
    "replace": "wrong",
    "delete": "extra",
    "insert": "missing",
}


class _FoldTable(dict[int, str]):
    """What `str.translate` turns each character into, worked out on first sight.

    Letters, digits and spacing marks stay; whitespace and joining punctuation
    become a space; everything else (other punctuation, symbols, nonspacing
    marks, control and format characters) is dropped.
    """

    def __missing__(self, code: int) -> str:
        char = chr(code)
        category = unicodedata.category(char)
        if category[0] in "LN" or category == "Mc":
            folded = char
        elif char.isspace() or category in ("Pd", "Pc") or char in _JOINERS:
            folded = " "
        else:
            folded = ""
        self[code] = folded
        return folded


_FOLD = _FoldTable()


def normalise_answer(text: str) -> str:
    """The lenient comparison key of an answer.

    Rules, in order:
    1. Unicode compatibility decomposition (NFKD), case folding, NFKD again:
       full-width "T4" is "t4", "²" is "2", "ﬁ" is "fi", "ß" is "ss", and "½"
       is 1, fraction slash, 2 (so "1 2" in the end, as is "1/2").
    2. A comma between two digits becomes a space ("3,5" is "3 5", not "35";
       so "1,000" is not "1000" either).
    3. Characters that join parts of a word become a space: whitespace, every
       dash and hyphen (hyphen-minus, en and em dash, ...), the minus sign,
       underscores and other connector punctuation, slashes ("/", "\\", the
       fraction and division slashes), full stops and the middle dot.
       So "HOMA-IR", "HOMA–IR", "homa_ir" and "HOMA IR" are all "homa ir",
       but "HOMAIR" is "homair"; "3.5" is "3 5", never "35".
    4. Letters (any script), digits and numbers, and spacing combining marks
       (vowel signs of Indic scripts) are kept.
    5. Everything else is dropped: accents and other nonspacing marks ("é" is
       "e", "ü" is "u"), other punctuation (quotes, apostrophes, commas,
       parentheses, "?", "!", ":", ";"), symbols ("+", "%", "°", "<", "↑")
       and control or format characters (soft hyphen, zero-width space).
    6. Runs of spaces become one space; leading and trailing spaces go.

    Text that is only punctuation and symbols normalises to "".
    """
    decomposed = unicodedata.normalize("NFKD", unicodedata.normalize("NFKD", text).casefold())
    folded = _DIGIT_COMMA.sub(" ", decomposed).translate(_FOLD)
    return " ".join(folded.split())


@dataclass(frozen=True, slots=True)
class DiffSegment:
    """One run of a character diff between the typed text and an expected answer.

    Drawn as two lines, "your answer" from the `given` parts and "correct
    answer" from the `expected` parts, highlighted by kind.

    Attributes:
        kind: "same" where the two agree (ignoring case, so `given` and
            `expected` may differ in case); "wrong" where the learner typed
            `given` in place of `expected`; "extra" for typed characters the
            answer lacks (`expected` is ""); "missing" for characters of the
            answer the learner left out (`given` is "").
        given: the learner's characters, as typed.
        expected: the answer's characters, as written in the deck.
    """

    kind: DiffKind
    given: str
    expected: str


@dataclass(frozen=True, slots=True)
class AnswerCheck:
    """The verdict on a typed answer.

    Attributes:
        correct: whether the typed text matches the answer or an accepted
            form, under `normalise_answer`.
        expected: the card's canonical answer, to show the learner.
        matched: the answer or accepted form that matched, when correct.
        closest: the form the diff compares against: the matched one when
            correct, else the one nearest to the typed text.
        diff: the typed text against `closest`, character by character,
            ignoring case. The `given` parts join to the typed text and the
            `expected` parts to `closest` (each cut to MAX_DIFF_LENGTH
            characters when `diff_truncated`). Differences the grading
            forgives (accents, punctuation, spacing) still show.
        diff_truncated: the typed text or `closest` was longer than
            MAX_DIFF_LENGTH, and only the start of each was compared.
    """

    correct: bool
    expected: str
    matched: str | None
    closest: str
    diff: tuple[DiffSegment, ...]
    diff_truncated: bool = False


def _comparison_key(text: str) -> str:
    """`normalise_answer`, except for text with no letter or digit: answers
    such as "↑" or "+" would all normalise to "", so they compare as written,
    ignoring only case and runs of whitespace."""
    return normalise_answer(text) or " ".join(
        unicodedata.normalize("NFKC", text).casefold().split()
    )


def character_diff(given: str, expected: str) -> tuple[DiffSegment, ...]:
    """The case-insensitive character diff of `given` against `expected`.

    Quadratic in the worst case: callers bound the lengths.
    """
    # One key per character, so opcode offsets index the original strings
    # ("ß".casefold() is "ss": casefolding whole strings would shift them).
    matcher = SequenceMatcher(
        None, [c.casefold() for c in given], [c.casefold() for c in expected], autojunk=False
    )
    return tuple(
        DiffSegment(_KIND_OF_OPCODE[tag], given[i1:i2], expected[j1:j2])
        for tag, i1, i2, j1, j2 in matcher.get_opcodes()
    )


def _closest_form(forms: Mapping[str, str], given: str) -> str:
    """The form whose key is most like the typed text's (the first on a tie).

    Args:
        forms: each distinct comparison key, mapped to the first form with it.
        given: the typed text.
    """
    matcher = SequenceMatcher(autojunk=False)
    # SequenceMatcher caches what it learns about its second sequence.
    matcher.set_seq2(_comparison_key(given[:MAX_DIFF_LENGTH])[:MAX_DIFF_LENGTH])
    best, best_ratio = next(iter(forms.values())), -1.0
    for key, form in forms.items():
        matcher.set_seq1(key[:MAX_DIFF_LENGTH])
        # Cheap upper bounds first, as difflib.get_close_matches does.
        if matcher.real_quick_ratio() <= best_ratio or matcher.quick_ratio() <= best_ratio:
            continue
        ratio = matcher.ratio()
        if ratio > best_ratio:
            best, best_ratio = form, ratio
    return best


def check_typed(card_answer: str, accept: Sequence[str], given: str) -> AnswerCheck:
    """Grade a typed answer against the answer and its accepted forms.

    Correct when the typed text's `normalise_answer` key equals that of the
    answer or of an accepted form. Forms with no letter or digit ("↑") are
    compared as written, ignoring case and spacing. Blank text, and text
    longer than MAX_TYPED_LENGTH once stripped, is never correct.

    Raises:
        ValueError: if `card_answer` is blank.
    """
    if not card_answer.strip():
        raise ValueError("a typed answer needs a non-blank expected answer")
    forms: dict[str, str] = {}
    for form in [card_answer, *accept]:
        if form.strip():
            forms.setdefault(_comparison_key(form), form)
    stripped = given.strip()
    matched: str | None = None
    if stripped and len(stripped) <= MAX_TYPED_LENGTH:
        matched = forms.get(_comparison_key(stripped))
    closest = matched if matched is not None else _closest_form(forms, given)
    return AnswerCheck(
        correct=matched is not None,
        expected=card_answer,
        matched=matched,
        closest=closest,
        diff=character_diff(given[:MAX_DIFF_LENGTH], closest[:MAX_DIFF_LENGTH]),
        diff_truncated=max(len(given), len(closest)) > MAX_DIFF_LENGTH,
    )


def check_card_typed(card: Card, given: str) -> AnswerCheck:
    """`check_typed` with the card's answer and accepted forms.

    Raises:
        ValueError: if the card has no answer.
    """
    if card.answer is None or not card.answer.strip():
        raise ValueError(f"card {card.id!r} has no answer to type")
    return check_typed(card.answer, card.accept, given)


def check_choice(card: Card, picked: str) -> bool:
    """Whether the picked option is the card's answer (surrounding whitespace aside).

    Raises:
        ValueError: if the card has no answer, or `picked` is not one of its choices.
    """
    if card.answer is None:
        raise ValueError(f"card {card.id!r} has no answer")
    choice = picked.strip()
    if choice not in {option.strip() for option in card.choices}:
        raise ValueError(f"{picked!r} is not one of the choices of card {card.id!r}")
    return choice == card.answer.strip()


def suggested_rating(correct: bool) -> Rating:
    """The rating an auto-graded answer suggests: right is Good, wrong is Again.
    The learner may still choose another before moving on."""
    return Rating.GOOD if correct else Rating.AGAIN
