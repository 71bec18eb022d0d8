"""Glossary entries: real terms or sentence fragments, and the sentences that explain them."""

from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import pairwise

from endoquiz.generator.text_cleanup import starts_dangling, words

__all__ = [
    "VERBS",
    "Sentence",
    "classify_term",
    "count_term",
    "defining_sentences",
    "find_term",
    "subject_shaped",
    "used_as_noun_phrase",
    "used_as_predicate",
    "verb_shaped",
]

# A glossary entry ending in one of these was cut mid-phrase.
_FUNCTION_WORDS = frozenset(
    """
    a an the of to toward towards for and or but with by at from in on into your our their
    its his her my this that these those is are was were be been
    """.split()
)
_PRONOUNS = frozenset(
    """
    you your yours we our us they their it its i my me
    """.split()
)
_AUXILIARIES = frozenset(
    """
    is are was were be been being am has have had does did can could may might must shall
    should will would
    """.split()
)
_ARTICLES = frozenset({"a", "an", "the"})
_PREPOSITIONS = frozenset(
    """
    of in on at by for with from to into onto over under between among through across
    against within without via per as like than toward towards
    """.split()
)
# A comparative inside an entry makes it a predicate: "grow less sensitive".
_COMPARATIVES = frozenset({"less", "more", "least", "most"})
# Words that open a noun phrase: a phrase written after one is used as a noun.
_NOUN_PHRASE_OPENERS = frozenset(
    """
    a an the this these those its their his her our each every any some
    """.split()
)
# Verbs that open or carry a clause in this kind of writing; a noun-phrase
# term contains none of them.
VERBS = frozenset(
    """
    improve improves induce induces reduce reduces enhance enhances increase increases
    decrease decreases become becomes support supports restore restores stimulate
    stimulates promote promotes cause causes lead leads affect affects impair impairs
    create creates help helps allow allows make makes take takes remain remains seem seems
    appear appears require requires contribute contributes influence influences disrupt
    disrupts prevent prevents maintain maintains regulate regulates produce produces
    trigger triggers suppress suppresses worsen worsens address addresses optimize
    optimizes lower lowers raise raises can may might must should will would could is are
    was were be been being has have had
    """.split()
)
# Ways a sentence defines a term, strongest first, with their weight. "termed
# X" must end at the term: "referred to as growth hormone secretagogues" does
# not define growth hormone.
_DEFINING = (
    (r"(?:termed|called|known as|referred to as|defined as)\s+{t}(?!\s+[\w(])", 14),
    (r"{t}\s+(?:is|are)\s+(?:a|an|the)\s", 14),
    (r"{t}\s+(?:refers to|describes|represents|signifies|means|denotes)\s", 14),
    (r"{t}\s*,\s*(?:a|an)\s", 6),
)
# Sentences that only list a term among others say little about it.
_LISTING = re.compile(r"\b(?:include|includes|including|such as)\b", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Sentence:
    """A body sentence with where it stands, for quoting."""

    text: str
    section: str
    heading: str | None
    previous: str | None  # the sentence before it in the same paragraph


def classify_term(term: str, article_text: str) -> str | None:
    """None for a real term, or why the entry is a sentence fragment;
    `article_text` holds the article's sentences, bullets and table cells.

    A fragment is told by its shape, not by a list of its verbs: a small word
    at its end, a pronoun or an auxiliary in it, a verb with its object ("sets
    the metabolic pace": an article after the first word, which no preposition
    introduces), a comparative predicate ("grow less sensitive"). A word that
    reads as a verb ("lower", "improve") makes it a clause only while the
    article never uses the entry as a noun phrase, after an article or a
    possessive ("a lower evening dose").
    """
    tokens = words(term)
    if not tokens:
        return "empty"
    if tokens[-1] in _FUNCTION_WORDS:
        return f"ends with '{tokens[-1]}', so it was cut mid-phrase"
    pronouns = [t for t in tokens if t in _PRONOUNS]
    if pronouns:
        return f"contains '{pronouns[0]}', so it is part of a sentence"
    auxiliaries = [t for t in tokens if t in _AUXILIARIES]
    if auxiliaries:
        return f"contains the verb '{auxiliaries[0]}', so it is a clause rather than a term"
    for before, token in pairwise(tokens):
        if token in _ARTICLES and before not in _PREPOSITIONS:
            return f"'{before} {token} …' is a verb with its object, so it is a clause"
    for before, token in pairwise(tokens[:-1]):
        if token in _COMPARATIVES:
            return f"'{before} {token} …' is a predicate, so it is part of a sentence"
    if find_term(term, article_text) is None:
        return "does not occur in the article's text"
    if used_as_predicate(term, article_text):
        return f"'{tokens[0]}' follows its subject wherever the article writes it, so it is a verb"
    verbs = [t for t in tokens if t in VERBS]
    if verbs and not used_as_noun_phrase(term, article_text):
        return f"contains the verb '{verbs[0]}', so it is a clause rather than a term"
    return None


def used_as_predicate(term: str, text: str) -> bool:
    """Whether an entry opens with a verb wherever the text writes it: a
    lowercase first word in a single -s ("boosts energy") that always follows
    a noun, its subject ("exercise boosts energy"), never an article, a
    preposition or an adjective ("gestational diabetes"), as a noun would."""
    first = term.split()[0]
    if not (len(term.split()) > 1 and verb_shaped(first)):
        return False
    before = [
        words(text[: match.start()])[-1:] for match in _term_pattern(term).finditer(text)
    ]
    return bool(before) and all(
        previous and subject_shaped(previous[0]) for previous in before
    )


def verb_shaped(word: str) -> bool:
    """A lowercase word ending in a single -s, as a verb after its subject
    does ("sits", "boosts"); "-ss", "-us", "-is" and "-ys" end nouns
    ("stress", "axis")."""
    return (
        word.isalpha()
        and word.islower()
        and word.endswith("s")
        and not word.endswith(("ss", "us", "is", "ys"))
    )


def subject_shaped(word: str) -> bool:
    """Whether a word before a verb-shaped one can be its subject: a word
    that is no small word, number or adjective ("type 2 diabetes",
    "gestational diabetes" are names)."""
    return (
        word.isalpha()
        and word not in _FUNCTION_WORDS | _PREPOSITIONS | _NOUN_PHRASE_OPENERS
        and not word.endswith(_ADJECTIVE_ENDINGS)
    )


# Endings of adjectives, which come before a noun rather than before its verb.
_ADJECTIVE_ENDINGS = ("al", "ic", "ive", "ous", "ful", "ary", "ar", "ed", "ing", "ile")


def used_as_noun_phrase(term: str, text: str) -> bool:
    """Whether a text uses a phrase as a noun phrase somewhere: right after an
    article, a demonstrative or a possessive ("a lower evening dose"), or as
    the whole label of a bullet or a table row (which name things; in
    `Article.searchable_text` a label stands at the start of a line, then a
    full stop)."""
    pattern = _term_pattern(term).pattern
    determiners = "|".join(sorted(_NOUN_PHRASE_OPENERS))
    after_determiner = rf"\b(?:{determiners})\s+{pattern}"
    label = rf"^{pattern}\.\s"
    return any(
        re.search(usage, text, re.IGNORECASE | re.MULTILINE) is not None
        for usage in (after_determiner, label)
    )


def find_term(term: str, text: str) -> re.Match[str] | None:
    """Where a term occurs in a text, case-insensitively, also in the plural."""
    return _term_pattern(term).search(text)


def count_term(term: str, text: str) -> int:
    """How often a term occurs in a text, as `find_term` finds it."""
    return len(_term_pattern(term).findall(text))


def _term_pattern(term: str) -> re.Pattern[str]:
    escaped = r"\s+".join(re.escape(part) for part in term.split())
    return re.compile(rf"(?<![\w-]){escaped}(?:s|es)?(?![\w-])", re.IGNORECASE)


def defining_sentences(term: str, sentences: list[Sentence]) -> list[tuple[int, Sentence]]:
    """The sentences that mention a term, best explanation first, with scores.

    A sentence scores for defining the term ("termed X", "X is a", "X, a"),
    for naming it early (as its subject), for being short enough to study, and
    loses for addressing the reader or leaning on the sentence before it.
    """
    pattern = _term_pattern(term)
    defining = [
        (re.compile(p.format(t=pattern.pattern), re.IGNORECASE), weight) for p, weight in _DEFINING
    ]
    scored = []
    for order, sentence in enumerate(sentences):
        match = pattern.search(sentence.text)
        if match is None:
            continue
        score = max((weight for d, weight in defining if d.search(sentence.text)), default=0)
        listed = _LISTING.search(sentence.text)
        if listed is not None and listed.start() < match.start():
            score -= 2
        if match.start() < 0.3 * len(sentence.text):
            score += 3
        length = len(sentence.text.split())
        if 8 <= length <= 40:
            score += 2
        tokens = set(words(sentence.text))
        if tokens & {"you", "your"}:
            score -= 6
        if starts_dangling(sentence.text):
            score -= 2
        scored.append((score, -order, sentence))
    scored.sort(key=lambda item: (item[0], item[1]), reverse=True)
    return [(score, sentence) for score, _, sentence in scored]
