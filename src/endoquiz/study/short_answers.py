"""Which card backs are short answers fair to type, and every form a typed answer may take."""

from __future__ import annotations

import re

from endoquiz.study.answer_checking import normalise_answer

__all__ = ["MAX_SHORT_ANSWER_WORDS", "short_answer_forms"]

# A back of more words than this is a phrase or a sentence: learners say it in
# their own words, and no list of forms could hold them all.
MAX_SHORT_ANSWER_WORDS = 3

# Markdown that would make the back's plain text differ from what the learner
# reads (emphasis, code, links, images, quotes, tables, HTML, maths).
_MARKUP = re.compile(r"[*_`\[\]<>|#$~\\]")
# What separates the items of a list, or offers a choice between answers: the
# learner could give them in another order, or give one of them.
_LIST = re.compile(r"[,;:/&+=]|\b(?:and|or|vs|versus|e\.g|i\.e|etc)\b", re.IGNORECASE)
_ARTICLE = re.compile(r"^(?:the|an?)\s+", re.IGNORECASE)
# How a parenthesis may say that what follows is another name for the answer.
_ALTERNATIVE_INTRO = re.compile(
    r"^(?:also known as|also called|known as|called|aka|also|or)\s+", re.IGNORECASE
)
# How a parenthesis that says more about the answer, and is no other name for
# it, begins: "(a glucocorticoid)", "(mainly)", "(in men)".
_DESCRIPTION_START = re.compile(
    r"^(?:the|an?|mainly|mostly|usually|often|only|chiefly|especially|not|in|of|for|from|"
    r"with|without|as|at|by|on|to|via|when|if|see|about|approximately)\b",
    re.IGNORECASE,
)
_TRAILING_PARENTHESIS = re.compile(r"^(?P<core>[^()]*\S)\s*\((?P<alternative>[^()]+)\)$")
# An abbreviation given in the middle of the answer: "hypothalamic-pituitary-
# gonadal (HPG) axis". Only one that spells the initials of the words before
# it is taken as one.
_INNER_ABBREVIATION = re.compile(
    r"^(?P<before>[^()]+?)\s*\((?P<abbreviation>[^()\s]+)\)\s*(?P<after>[^()]*)$"
)
_FINAL_PUNCTUATION = ".!"


def short_answer_forms(back: str, question: str = "") -> tuple[str, ...] | None:
    """The forms a typed answer to this back may take, or None when the back
    is not a short answer that typing could be graded against fairly.

    A short answer is one line of plain text (no Markdown, not a question)
    whose core has at most MAX_SHORT_ANSWER_WORDS words, none of them a
    number (quantities are written too many ways: "10 mg", "10mg", "ten
    milligrams"), and no list or choice in it (commas, slashes, "and",
    "or"). Its forms are:

    - the core: the back without a leading article ("the", "a", "an"), final
      punctuation, or a trailing parenthesis, with and without its article;
    - the trailing parenthesis, when it is another name for the answer
      ("The anterior pituitary (adenohypophysis)." takes "adenohypophysis",
      "T4 (thyroxine)" takes "thyroxine"; "or", "also called" may come
      first), and not when it is a dose, a list or a description ("(a
      glucocorticoid)", "(mainly)", "(200mg/ml)"), which only the core
      stands for;
    - an abbreviation the back itself gives, in place of the words it
      abbreviates ("hypothalamic-pituitary-gonadal (HPG) axis" takes "HPG
      axis"), and the back without it.

    Another name the question itself gives is no answer ("What does PCOS
    stand for?" with the back "Polycystic ovary syndrome (PCOS)" does not
    take "PCOS"): such forms are left out.

    When in doubt it says None: any other shape (a parenthesis inside the
    answer that is no abbreviation of it, more words, markup, a list) is
    left to a choice or to the learner's own grading.
    """
    text = back.strip()
    # A question is no answer: the back of a reverse card's second card is
    # the entry's front.
    if not text or "\n" in text or text.endswith("?") or _MARKUP.search(text):
        return None
    text = text.rstrip(_FINAL_PUNCTUATION).rstrip()
    alternatives: list[str] = []
    trailing = _TRAILING_PARENTHESIS.match(text)
    if trailing is not None:
        # The core is the answer without the parenthesis, whatever it holds;
        # the parenthesis is an answer too only when it is another name.
        text = trailing["core"].rstrip(_FINAL_PUNCTUATION + ",").rstrip()
        alternative = _another_name(trailing["alternative"])
        if alternative is not None:
            alternatives.append(alternative)
    cores = _with_abbreviation(text) if "(" in text else [text]
    if cores is None or any(_plain_short(core) is None for core in cores):
        return None
    asked = f" {normalise_answer(question)} "
    forms: dict[str, None] = {}
    for number, form in enumerate([*cores, *alternatives]):
        if number and f" {normalise_answer(form)} " in asked:
            continue
        forms[form] = None
        forms[_ARTICLE.sub("", form)] = None
    return tuple(forms)


def _another_name(parenthesis: str) -> str | None:
    """What a trailing parenthesis holds, when it is another name for the
    answer: "adenohypophysis", "or adenohypophysis", "T4"; None for a dose,
    a list or a description."""
    text = parenthesis.strip()
    introduced = _ALTERNATIVE_INTRO.sub("", text)
    if introduced == text and _DESCRIPTION_START.match(text):
        return None
    return introduced if _plain_short(introduced) is not None else None


def _plain_short(text: str) -> str | None:
    """The text without its article, when it is a few words with no list,
    parenthesis or number in them; else None."""
    bare = _ARTICLE.sub("", text.strip())
    words = bare.split()
    if (
        not words
        or len(words) > MAX_SHORT_ANSWER_WORDS
        or any(word[0].isdigit() for word in words)
        or "(" in bare
        or ")" in bare
        or _LIST.search(bare)
    ):
        return None
    return bare


def _with_abbreviation(text: str) -> list[str] | None:
    """The text without an abbreviation it gives in parentheses, and with the
    abbreviation in place of the words it abbreviates; None when the
    parenthesis is anything else."""
    match = _INNER_ABBREVIATION.match(text)
    if match is None:
        return None
    before, abbreviation, after = match["before"], match["abbreviation"], match["after"]
    initials = [letter for letter in abbreviation if letter.isupper()]
    words = before.split()
    # Each part of a hyphenated word has its initial: "follicle-stimulating
    # hormone" is FSH.
    parts = [part for word in words for part in word.split("-") if part]
    if len(initials) < 2 or len(initials) > len(parts):
        return None
    abbreviated = parts[-len(initials) :]
    if [part[0].upper() for part in abbreviated] != initials:
        return None
    # The words the abbreviation stands for, as written (hyphens kept).
    kept, taken = list(words), 0
    while taken < len(initials):
        taken += len([part for part in kept.pop().split("-") if part])
    if taken != len(initials):
        return None  # the abbreviation begins inside a hyphenated word
    long_form = " ".join(filter(None, [before, after]))
    short_form = " ".join(filter(None, [*kept, abbreviation, after]))
    return [long_form, short_form]
