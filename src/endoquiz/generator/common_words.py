"""Whether a word is common English: SCOWL's size-35 list (Debian's wamerican-small).

The generator asks one thing of it: is a bullet's label a name the learner
must learn ("Gonadorelin", "Osteoblasts", "REM Sleep"), or a phrase of
everyday words ("Fatigue", "Evening Routine") whose meaning its description
spells out? See docs/generator.md, "Why rules and not a tagger".
"""

from __future__ import annotations

import re
from functools import cache
from importlib import resources

__all__ = ["everyday_phrase", "is_common_word"]

_WORD = re.compile(r"[A-Za-z]+|\d+")


@cache
def _common_words() -> frozenset[str]:
    text = resources.files("endoquiz.generator").joinpath("data/common_words.txt").read_text()
    return frozenset(text.split())


def is_common_word(word: str) -> bool:
    """Whether a word, in lower case, is in the list of common English words.
    A word in capitals ("REM", "TSH") is an abbreviation, never common."""
    if len(word) > 1 and word.isupper():
        return False
    return word.casefold() in _common_words()


def everyday_phrase(label: str) -> bool:
    """Whether every word of a label is common English and it holds no
    figure ("Weight Change", "Sleep Hygiene"; not "Type 1 Deiodinase")."""
    tokens = _WORD.findall(label)
    return bool(tokens) and all(not t.isdigit() and is_common_word(t) for t in tokens)
