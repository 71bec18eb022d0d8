"""The shape of an answer (a number, an acronym, a word, a phrase, a sentence), so that a
multiple-choice question offers wrong options that look like the right one."""

from __future__ import annotations

import re
from enum import StrEnum

__all__ = ["AnswerShape", "answer_shape", "same_answer"]

# An acronym or symbol: one token of letters and digits, capitals first
# ("TSH", "T3", "HbA1c", "HOMA-IR"), at most this long.
_ACRONYM = re.compile(r"[A-Z][A-Za-z0-9-]{0,9}\Z")
# Emphasis marks do not change what an answer says.
_MARKS = re.compile(r"[*_`]")
# A number with a unit or a range is a few words at most ("5 mg", "2–3 months").
_NUMBER_WORDS = 4
# More words than this, or a full stop, and it reads as a sentence.
_PHRASE_WORDS = 4


class AnswerShape(StrEnum):
    """What kind of text an answer is, as a learner would see at a glance."""

    NUMBER = "number"
    ACRONYM = "acronym"
    WORD = "word"
    PHRASE = "phrase"
    SENTENCE = "sentence"


def answer_shape(text: str) -> AnswerShape:
    """The shape of an answer: an acronym (a capitalised token with no more
    small letters than capitals), a number (a few words with a digit: a
    dose, a range, a count), a single word, a phrase of a few words, or a
    sentence."""
    words = _MARKS.sub("", text).split()
    if len(words) == 1 and _ACRONYM.match(words[0]):
        token = words[0]
        if sum(c.isupper() for c in token) >= sum(c.islower() for c in token):
            return AnswerShape.ACRONYM
    if any(c.isdigit() for c in text) and len(words) <= _NUMBER_WORDS:
        return AnswerShape.NUMBER
    if len(words) <= 1:
        return AnswerShape.WORD
    if len(words) <= _PHRASE_WORDS and not text.rstrip().endswith("."):
        return AnswerShape.PHRASE
    return AnswerShape.SENTENCE


def same_answer(text: str) -> str:
    """`text` as compared with another answer: case, emphasis and spacing
    aside ("Beta  cells" is "beta cells"), so that a wrong option is never
    the right answer written differently."""
    return " ".join(_MARKS.sub("", text).split()).casefold()
