"""Grammatical number: a description in the plural names a plural choice.

"> *What It Measures*: Markers of autoimmune attack on the gland", asked
among "TSH", "Free T4", "Free T3" and "Thyroid Peroxidase Antibodies": the
only plural choice is the answer, whatever the learner knows.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Literal

__all__ = ["singled_out_by_number"]

Number = Literal["singular", "plural"]

# "Markers of ...", "Cells that ...", "Practices such as ...": a plural noun
# followed by what qualifies it. A first word followed by anything else may
# be a verb ("Reflects average ...") or an adjective ("Unbound thyroxine").
_PLURAL_OPENING = re.compile(
    r"^(?P<noun>[A-Za-z]+)\s+(?:of|that|which|who|in|from|with|such|for|on|to)\b"
)
_SINGULAR_OPENING = re.compile(r"^(?:an?|one)\s", re.IGNORECASE)
# Endings of singular nouns that end in "s": "mass", "virus", "analysis".
_SINGULAR_S = ("ss", "us", "is", "sis", "ics")


def _is_plural_noun(word: str) -> bool:
    lowered = word.casefold()
    return (
        len(lowered) > 3
        and not word.isupper()
        and lowered.endswith("s")
        and not lowered.endswith(_SINGULAR_S)
    )


def _description_number(description: str) -> Number | None:
    """The number of what a description opens by naming, when it is plain."""
    text = description.strip()
    if _SINGULAR_OPENING.match(text):
        return "singular"
    opening = _PLURAL_OPENING.match(text)
    if opening is not None and _is_plural_noun(opening["noun"]):
        return "plural"
    return None


def _label_number(label: str) -> Number:
    """A label's number, by its last word ("Thyroid Peroxidase Antibodies")."""
    last = re.findall(r"[A-Za-z0-9]+", re.sub(r"\([^()]*\)", "", label)) or [label]
    return "plural" if _is_plural_noun(last[-1]) else "singular"


def singled_out_by_number(description: str, answer: str, others: Sequence[str]) -> bool:
    """Whether the description's number fits the answer and no other choice,
    so grammar alone picks it (two or more other choices)."""
    number = _description_number(description)
    if number is None or len(others) < 2 or _label_number(answer) != number:
        return False
    return all(_label_number(other) != number for other in others)
