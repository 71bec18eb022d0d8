"""Glossary entries: real terms or sentence fragments, and the sentences that explain them."""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import IntEnum
from itertools import pairwise

from endoquiz.generator.text_cleanup import starts_dangling, words

__all__ = [
    "ANALOGY",
    "VERBS",
    "Sentence",
    "TermRole",
    "TermSentence",
    "classify_term",
    "count_term",
    "defining_sentences",
    "find_term",
    "is_subject",
    "subject_shaped",
    "term_matches",
    "used_as_noun_phrase",
    "used_as_predicate",
    "verb_shaped",
    "what_is",
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
# Nouns that relate a thing to another ("a cause of", "a hallmark of"): a
# sentence "X is a common cause of Y" says what X does, not what X is.
_RELATIONAL_NOUNS = (
    r"(?:cause|consequence|result|symptom|sign|hallmark|driver|factor|feature|part|step)s?"
    r"\s+(?:of|in|to(?:ward)?)\b"
)
# Ways a sentence defines a term, strongest first, with their weight. "termed
# X" must end at the term: "referred to as growth hormone secretagogues" does
# not define growth hormone.
_DEFINING = (
    (r"(?:termed|called|known as|referred to as|defined as)\s+{t}(?!\s+[\w(])", 14),
    # "X is a ...", but not "X is a common cause of Y", which relates X to Y.
    (r"{t}\s+(?:is|are)\s+(?:a|an|the)\s(?!(?:[\w-]+\s+){{0,2}}" + _RELATIONAL_NOUNS + r")", 14),
    (r"{t}\s+(?:refers to|describes|represents|signifies|means|denotes)\s", 14),
    # "Adrenergic receptors belong to the family of G protein-coupled
    # receptors": the kind it is of.
    (
        r"{t}\s+(?:belongs?|belonged)\s+to\s+(?:the|a)\s+(?:[\w-]+\s+)?"
        r"(?:family|class|group|superfamily)\b",
        12,
    ),
    # "the vitamin D receptor (VDR), a nuclear receptor": its short form may come between.
    (r"{t}(?:\s*\([^)]{{1,12}}\))?\s*,\s*(?:a|an)\s", 6),
    # "The Leydig cells in the testes, responsible for testosterone synthesis":
    # a thing (and where it is) and its role.
    (
        r"{t}(?:\s+(?:in|within|inside)\s+(?:the\s+)?[\w-]+)?\s*,\s*"
        r"(?:responsible for|which regulates|which governs|governing|regulating)\s",
        6,
    ),
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
    before = [words(text[: match.start()])[-1:] for match in _term_pattern(term).finditer(text)]
    return bool(before) and all(previous and subject_shaped(previous[0]) for previous in before)


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


def term_matches(term: str, text: str) -> list[re.Match[str]]:
    """Every place a term occurs in a text, as `find_term` finds it."""
    return list(_term_pattern(term).finditer(text))


def count_term(term: str, text: str) -> int:
    """How often a term occurs in a text, as `find_term` finds it."""
    return len(_term_pattern(term).findall(text))


def _term_pattern(term: str) -> re.Pattern[str]:
    escaped = r"\s+".join(re.escape(part) for part in term.split())
    return re.compile(rf"(?<![\w-]){escaped}(?:s|es)?(?![\w-])", re.IGNORECASE)


class TermRole(IntEnum):
    """What a sentence does with a term, weakest first."""

    MENTIONS = 0  # names it in passing: "maintain blood sugar equilibrium"
    CHARACTERISES = 1  # has it as the subject of a clause: "adipose tissue itself is ..."
    DEFINES = 2  # says what it is: "termed X", "X is a ...", "X, an enzyme ..."


@dataclass(frozen=True, slots=True)
class TermSentence:
    """A sentence that mentions a term, with what it does with it and its score."""

    role: TermRole
    score: int
    sentence: Sentence
    span: tuple[int, int]  # where the term stands in the sentence


def defining_sentences(term: str, sentences: list[Sentence]) -> list[TermSentence]:
    """The sentences that mention a term, best explanation first.

    Sentences that define the term ("termed X", "X is a", "X, a") come
    first, then those that have it as the subject of a clause, then the rest.
    Within a role a sentence scores for naming the term early, for being short
    enough to study, and loses for listing it among others, for addressing
    the reader or for leaning on the sentence before it.
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
        weight = max((weight for d, weight in defining if d.search(sentence.text)), default=0)
        if sentence.previous is not None and ANALOGY.search(sentence.previous):
            # "Consider the analogy of a ... messaging service. Insulin is a
            # critical message, ...": a picture of the term, not what it is.
            weight = 0
        role = (
            TermRole.DEFINES
            if weight
            else TermRole.CHARACTERISES
            if is_subject(sentence.text, match.span())
            else TermRole.MENTIONS
        )
        score = weight
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
        scored.append((role, score, -order, TermSentence(role, score, sentence, match.span())))
    scored.sort(key=lambda item: item[:3], reverse=True)
    return [item[3] for item in scored]


# Comparisons and invitations to picture something: an analogy explains, it
# states no mechanism ("akin to a key no longer fitting its lock") and
# defines nothing ("Consider the analogy of ... Insulin is a critical message").
ANALOGY = re.compile(
    r"\b(?:akin to|analogy|analogous|imagine|consider|perhaps|as if|much like|just as)\b",
    re.IGNORECASE,
)


# Closed classes that carry a clause's verb: a term followed by one of them
# (or by a verb of VERBS) is that clause's subject.
_AUXILIARIES = frozenset(
    "is are was were has have had does do did can could may might must shall should will "
    "would".split()
)
# Words that open a clause: a subject comes right after one of them.
# ("and" is left out: "Sermorelin and Ipamorelin stimulate" joins two subjects.)
_CLAUSE_OPENERS = frozenset(
    "as while when where whereas because since although though but yet if".split()
)
# A relative clause after the term says what it is: "PCOS, where insulin
# resistance is a primary driver ...".
# "the chromaffin cells of the medulla, which respond by ...": where they
# are may stand between.
_RELATIVE = re.compile(
    r"^\s*(?:\([^)]*\))?(?:\s+(?:of|in)\s+the\s+[\w-]+)?\s*,\s*(?:where|which|in which|whereby)\b"
)
# A short phrase may stand between a subject and its verb: "X in men can ...".
_PREPOSITIONAL_LEAD = 3
# Words that may stand between a subject and its verb: "adipose tissue itself is".
_REFLEXIVES = frozenset({"itself", "themselves"})
# At most this many words (an article, an adjective: "The", "chronic") may
# come between a clause's start and its subject.
_SUBJECT_LEAD = 2


def is_subject(sentence: str, span: tuple[int, int]) -> bool:
    """Whether the term at `span` is what its clause is about: its subject (it
    opens the sentence, a clause after a comma or semicolon, or one after
    "as", "while", "where" ..., behind at most an article and an adjective,
    and a verb follows it: "While growth hormone itself can ...", "For men,
    chronic hyperinsulinemia can lead ..."), or the antecedent of a relative
    clause ("PCOS, where ..."). In "of X" or "improve X", X is no subject."""
    if _RELATIVE.match(sentence[span[1] :]):
        return True
    clause = re.split(r"[,;:—]", sentence[: span[0]])[-1]
    lead = words(clause)
    for index in range(len(lead) - 1, -1, -1):
        if lead[index] in _CLAUSE_OPENERS:
            lead = lead[index + 1 :]
            break
    if len(lead) > _SUBJECT_LEAD or any(word in _NOT_BEFORE_SUBJECT for word in lead):
        return False
    after = words(re.sub(r"^\s*\([^)]*\)", "", sentence[span[1] :]))
    while after and (after[0] in _REFLEXIVES or after[0].endswith("ly")):
        after = after[1:]
    if after and after[0] in _NOT_BEFORE_SUBJECT:
        # "in men can": the verb right after a short phrase of place or group.
        verbs = [i for i, w in enumerate(after[:_PREPOSITIONAL_LEAD]) if w in _AUXILIARIES]
        after = after[verbs[0] :] if verbs else []
    if not after:
        return False
    verb = after[0]
    if verb in _AUXILIARIES or verb in VERBS:
        return True
    # "operates", "falters": a verb by its ending, unless the word is the
    # noun of a longer name ("insulin levels can ...", whose verb comes after).
    following = after[1] if len(after) > 1 else ""
    return verb.endswith("s") and not verb.endswith("ss") and following not in _AUXILIARIES | VERBS


# Prepositions and verbs before a term make it their object, not a subject.
_NOT_BEFORE_SUBJECT = frozenset(
    "of in on at by for with from to into onto over under between among through across "
    "against within without via per like than including".split()
)


def what_is(term: str, context: str = "", *, singular: bool = False) -> str:
    """'What is **X**?', or 'What are **X**?' for a term that reads as a
    plural (Leydig cells) unless its definition says it is one thing
    (`singular`: "rickets, a condition ..."); `context` follows the term."""
    tokens = words(term)
    last = tokens[-1] if tokens else ""
    plural = not singular and last.endswith("s") and not last.endswith(("ss", "is", "us"))
    return f"What {'are' if plural else 'is'} **{term}**{context}?"
