"""Mechanism claims: whether a sentence states a cause or an effect, and the part of it to hide."""

from __future__ import annotations

import re
from itertools import pairwise

from endoquiz.generator.cards.article_text import PREPOSITIONS, STOPWORDS
from endoquiz.generator.cards.fact_spans import Span
from endoquiz.generator.glossary_terms import VERBS
from endoquiz.generator.text_cleanup import words

__all__ = [
    "CAUSAL_VERB",
    "claim_spans",
    "contrasted",
    "examples_after",
    "explained_word",
    "one_list_item",
    "states_cause_or_effect",
]

# Verbs that make a sentence state a cause or an effect, as stems that take
# -e, -es, -ed, -ing or -s ("stimulat" -> stimulates, stimulating). A closed
# class of English causal verbs, not the terms of one article.
_CAUSAL_STEMS = (
    "caus lead led result trigger stimulat inhibit suppress impair reduc increas enhanc "
    "disrupt affect impact alter convert promot induc contribut block prevent interfer elevat "
    "rais diminish worsen exacerbat counteract activat determin requir demand produc "
    "secret releas regulat control slow"
).split()
# After a modal, where they can only be verbs, a few more ("can create ...").
_MODAL_ONLY_STEMS = ["creat", "driv", "drive"]
_INFLECTION = r"(?:e|es|ed|ing|s)?\b"
# The small word a causal verb takes before its object ("leads to", "results
# in", "interferes with", "produced by").
_PARTICLE = r"(?:\s+(?:to|in|with|by)\b)?"
CAUSAL_VERB = re.compile(rf"\b(?:{'|'.join(_CAUSAL_STEMS)}){_INFLECTION}{_PARTICLE}", re.IGNORECASE)
# The main claim's verb: after a modal ("can induce", "may further reduce").
_MODAL_CAUSE = re.compile(
    rf"\b(?:can|may|could|will|would|might)\s+(?:\w+ly\s+)?(?:also\s+|further\s+)?"
    rf"\b(?:{'|'.join(_CAUSAL_STEMS + _MODAL_ONLY_STEMS)}){_INFLECTION}{_PARTICLE}",
    re.IGNORECASE,
)
# A causal word used as a noun ("the root cause of", "changes in") or an
# -ed form used as an adjective ("elevated cortisol", "reduced libido") states
# no effect of its own.
_NOT_A_VERB = re.compile(r"\s+of\b|(?<=ed)\s+(?!to\b|in\b|by\b|with\b)", re.IGNORECASE)
# Words that make a phrase a clause, not a thing to recall: auxiliaries,
# modals, pronouns, and a question word opening it ("how tissues respond").
_CLAUSE_WORDS = frozenset(
    "is are was were be been being has have had does did do can could may might must shall "
    "should will would it they he she we them this these those its their others".split()
)
_WH_WORDS = frozenset("how what why whether which who when where".split())
# Quantities that name nothing ("{{numerous physiological processes}}").
_VAGUE = frozenset("numerous various many several multiple certain widespread other".split())
# A container word before what it holds: "the delicate balance of {{thyroid
# hormones and cortisol}}", "a state of {{chronic inflammation}}": the holder
# is filler, what it holds is the fact. (An amount or a level is a fact.)
_CONTAINER = re.compile(
    r"(?:[\w-]+\s+)?(?:balance|state|cascade|fidelity|array|range|variety|host|series)\s+of\s+",
    re.IGNORECASE,
)
# Another cause added to the subject ("coupled with chronic stress and ...").
_ADDED_CAUSE = re.compile(r"\b(?:coupled|combined|together|along) with\b", re.IGNORECASE)
# A list that goes on after the phrase: ", difficulty losing weight, and even brain fog".
# At least one more item before "and": ", and sleep suffers" after one item
# joins a clause, not a list.
_LIST_GOES_ON = re.compile(r"(?:,\s+(?!and\s|or\s)[^,;.()]+)+,?\s+(?:and|or)\s+[^,;.()]+")
# A list of short items going on to its end: ", diminished muscle mass, and
# increased body fat." (an aside such as ", a condition of ..." is none).
_ITEM = r"(?!an?\s)(?:[^,;.()\s]+\s+){0,3}[^,;.()\s]+"
_SHORT_LIST_GOES_ON = re.compile(rf"(?:,\s+{_ITEM})*,?\s+(?:and|or)\s+{_ITEM}\s*(?=[,.;:)]|$)")
# What opens a list: "including", "such as", "like", or a comma before the item.
_LIST_OPENER = re.compile(r"(?:\b(?:including|such as|like)|,)\s+$")
# "a reduction in testosterone production": a noun of change keeps its "in".
_CHANGE_NOUN = re.compile(r"\b(?:reduction|increase|decrease|rise|fall|drop|loss|gain)$")
# A prepositional phrase that only says where or how ("more insulin {in a
# compensatory effort}") ends the thing to recall, once it has two words.
_TRAILING_PLACE = re.compile(
    r"\s(?:in|on|at|within|throughout|during|for|from|into|across)\s", re.IGNORECASE
)
# How the effect comes about: "by promoting ...", "through increased ...".
_MEANS = re.compile(r"\b(?:by(?=\s+\w+ing\b)|through|via)\b", re.IGNORECASE)
# The contrast that tells two things apart: "at serine residues, rather than ...".
_CONTRAST = re.compile(r",?\s+(?:rather than|instead of)\b", re.IGNORECASE)
# A contrast with mere constancy ("in bursts rather than at a steady rate", "a
# short peak rather than a sustained rise"): its other side is the gap's
# antonym, so the gap is read off it. A closed class of words of manner.
_CONSTANCY = re.compile(
    r",?\s+(?:rather than|instead of)\s+(?:at\s+|in\s+)?(?:a|an|the)?\s*"
    r"(?:steady|constant|continuous|sustained|gradual|even|regular|uniform|stable|smooth|"
    r"steadily|constantly|continuously|gradually)\b",
    re.IGNORECASE,
)
_ACTION_CONTRAST = re.compile(r",?\s+(?:rather than|instead of)\s+\w+ing\b", re.IGNORECASE)
_DESPITE = re.compile(r"\bdespite\b", re.IGNORECASE)
# When or where something is at its extreme: "Cortisol levels are lowest
# around {{midnight}}", "... is highest in {{the liver}}".
_EXTREME = re.compile(
    r"\b(?:is|are|was|were)\s+(?:at\s+(?:its|their)\s+)?(?:lowest|highest)\s+"
    r"(?:around|at|during|in|on|after|before|by)\b",
    re.IGNORECASE,
)
# A change of state, whose complement is the effect: "the morning peak
# becomes {{blunted}}", "levels stay {{elevated}}" (a closed class of English
# linking verbs of change, not the terms of one article).
_STATE_CHANGE = re.compile(
    r"\b(?:becomes?|became|stays?|stayed|remains?|remained|grows?|grew|turns?|turned)\b"
    r"(?=\s+(?!to\b|in\b|a\b|an\b|the\b)\w)",
    re.IGNORECASE,
)
_EXAMPLES = re.compile(r"\bsuch as\b", re.IGNORECASE)
# Where the hidden phrase ends: punctuation, a relative or subordinate clause,
# or an infinitive of purpose ("... of hormone to elicit a response").
_PHRASE_END = re.compile(
    r"\s*[,;:.()—]|\s(?:while|which|that|where|when|whereas|because|thereby|thus|as|so|"
    r"whilst|although|through|via)\b|\sto\s(?!the\b|a\b|an\b|its\b|their\b)"
    # the means of the effect ("... by promoting"), a pointer ("of these receptor
    # sites"), a second verb ("and contribute to", "and blunting")
    r"|\sby\s(?=\w+ing\b)|\s(?:of|in|on|to)\s+(?:these|this|those|its|their)\b"
    r"|\sand\s(?=\w+ing\b|(?:" + "|".join(_CAUSAL_STEMS) + r")(?:e|es|ed|s)?\b)"
    # a qualifier of the whole claim ("reduces calcium reabsorption
    # independently of PTH"): the learner could not tell how much is wanted
    r"|\s(?:independently|regardless|irrespective)\s+of\b"
)
# "and opens narrowed airways": "and", a lowercase verb in -s, then a word
# that is no small word (its object).
_NEXT_CLAUSE = re.compile(
    r"\sand\s(?!(?:its|this|his|has|was|thus|as|is)\b)[a-z]+[^s\W]s\s(?:the\s|a\s|an\s)?[a-z]{3,}\b"
)
_LEADING_SMALL_WORDS = re.compile(r"(?:(?:a|an|the|even|only)\s+)+", re.IGNORECASE)
# A hidden phrase longer than this is recall of a passage, not of a fact.
_MAX_HIDDEN_WORDS = 8


def states_cause_or_effect(sentence: str) -> bool:
    """Whether a sentence states a cause or an effect (has a causal verb)."""
    return CAUSAL_VERB.search(sentence) is not None


# "is often bidirectional, meaning ...", "is pulsatile, that is, ...": a
# predicate word followed by what it means.
_EXPLAINED_WORD = re.compile(
    r"\b(?:is|are|was|were|becomes|become)\s+(?:(?:often|usually|typically|largely|"
    r"highly|strongly)\s+)?(?P<word>[a-z][a-z-]{3,}),\s+(?:meaning|that is|i\.e\.)\b"
)


def explained_word(sentence: str) -> tuple[Span, int] | None:
    """The word a sentence goes on to explain ("is often bidirectional,
    meaning ...") and where its explanation starts: a card hiding the word
    keeps the explanation for its back, where it would give the word away."""
    match = _EXPLAINED_WORD.search(sentence)
    if match is None:
        return None
    return match.span("word"), match.end("word") + 1


def claim_spans(sentence: str) -> list[list[Span]]:
    """Candidate deletions for the claim a sentence states, best first: the
    contrast ("{{serine residues}}, rather than the normal tyrosine
    residues"), the effect of its main verb ("can lead to {{receptor
    downregulation}}"), the means ("by {{promoting gluconeogenesis ...}}"),
    any other effect, what holds despite, the examples given. Each candidate
    is one phrase, or the two halves of "A and B" when the whole is too long."""
    candidates: list[list[Span]] = []
    # "This association is often {{bidirectional}}, meaning ...": a word the
    # sentence goes on to explain is what it teaches.
    explained = _EXPLAINED_WORD.search(sentence)
    if explained is not None:
        candidates.append([explained.span("word")])
    for match in _CONTRAST.finditer(sentence):
        before = _phrase_before(sentence, match.start())
        if before is not None:
            candidates.append([before])
    # Contrasts whose sides read off each other: with mere constancy ("in
    # bursts rather than at a steady rate"), and of two actions on one thing
    # ("stimulating the body's own production of GH, rather than introducing
    # exogenous GH"). Nothing that ends at (or runs into) one is asked.
    mirrored = [m.start() for m in _CONSTANCY.finditer(sentence)]
    mirrored += [m.start() for m in _ACTION_CONTRAST.finditer(sentence)]
    if mirrored:
        return [
            spans
            for spans in _effect_candidates(sentence, candidates)
            if not any(start <= at + 1 and at <= end for start, end in spans for at in mirrored)
        ]
    return _effect_candidates(sentence, candidates)


def _effect_candidates(sentence: str, candidates: list[list[Span]]) -> list[list[Span]]:
    """The candidates after the contrasts: the effects of the causal verbs,
    the means, what holds despite, the added causes, the examples."""
    starts = [m.end() for m in _MODAL_CAUSE.finditer(sentence)]
    starts += [m.end() for m in _MEANS.finditer(sentence)]
    starts += [
        m.end() for m in CAUSAL_VERB.finditer(sentence) if not _NOT_A_VERB.match(sentence, m.end())
    ]
    starts += [m.end() for m in _DESPITE.finditer(sentence)]
    starts += [m.end() for m in _ADDED_CAUSE.finditer(sentence)]
    starts += [m.end() for m in _EXAMPLES.finditer(sentence)]
    finite = {
        m.end() for m in CAUSAL_VERB.finditer(sentence) if re.search(r"[^s]s\b", m[0].split()[0])
    }
    candidates = list(candidates)
    for start in starts:
        spans = _phrase_after(sentence, start, finite_verb=start in finite)
        if spans and spans not in candidates:
            candidates.append(spans)
    for match in _EXTREME.finditer(sentence):
        when = _extreme_after(sentence, match.end())
        if when is not None and [when] not in candidates:
            candidates.insert(0, [when])
    for match in _STATE_CHANGE.finditer(sentence):
        state = _state_after(sentence, match.end())
        if state is not None and [state] not in candidates:
            candidates.append([state])
    return candidates


# The state a linking verb of change ends in: one word ("becomes {{blunted}}",
# "stays {{elevated}} for longer"), not an adverb ("grows slowly"), nor a
# comparison ("become less responsive to ...", which only restates a
# resistance the sentence names).
_DEMONSTRATIVE = re.compile(r"\b(?:this|these|that|those)\s+[a-z]", re.IGNORECASE)
# What brings a change of state about, opening its sentence ("Under chronic
# stress the morning peak becomes blunted"): without it the state is of a
# condition the card would not show ("... the morning peak becomes blunted",
# after "When sleep is short or broken, ...").
_CONDITION = re.compile(
    r"(?:Under|With|In|When|After|During|If|Once|Without|Because|Since|As)\s", re.IGNORECASE
)
_STATE_WORD = re.compile(r"\s+([A-Za-z][\w-]*)(?=[\s,.;:]|$)")


def _state_after(sentence: str, start: int) -> Span | None:
    """The one word of state after a linking verb of change, if it is one:
    not a comparison ("stays higher than it should"), and not in a sentence
    that leans on "this feedback" or "these receptors", whose state is of
    something the card would not show."""
    match = _STATE_WORD.match(sentence, start)
    if match is None or _DEMONSTRATIVE.search(sentence) or not _CONDITION.match(sentence):
        return None
    word = match[1].lower()
    if word.endswith("ly") or word in STOPWORDS | PREPOSITIONS | {"less", "more"}:
        return None
    if re.match(r"\s+than\b", sentence[match.end() :]):
        return None
    return match.span(1)


# The time or place of an extreme: a short noun phrase up to a mark or "and".
_EXTREME_PLACE = re.compile(
    r"\s+((?:the\s+)?[\w-]+(?:\s+(?!and\b|or\b)[\w-]+){0,2})(?=\s*[,.;:]|\s+(?:and|or)\b)"
)


def _extreme_after(sentence: str, start: int) -> Span | None:
    """The time or place after "is lowest around", if it is a short phrase."""
    match = _EXTREME_PLACE.match(sentence, start)
    if match is None:
        return None
    return _trimmed(sentence, *match.span(1))


def examples_after(sentence: str, end: int) -> list[Span]:
    """The examples right after `end` ("kinases such as {{JNK and IKKβ}}"),
    if the text goes on with "such as": they, not the class word, tell apart."""
    match = _EXAMPLES.match(sentence, end + 1)
    return _phrase_after(sentence, match.end()) if match and sentence[end] == " " else []


def one_list_item(sentence: str, span: Span) -> bool:
    """Whether a span is one item of a list of things that goes on after it
    ("including {{reduced libido}}, diminished muscle mass, and increased body
    fat"): which item is hidden is a guess."""
    more = _SHORT_LIST_GOES_ON.match(sentence, span[1])
    opened = _LIST_OPENER.search(sentence[: span[0]])
    return opened is not None and more is not None and not _verb_phrases(more[0])


def contrasted(sentence: str, spans: list[Span]) -> bool:
    """Whether a candidate is the side of a contrast ("X, rather than Y")."""
    return len(spans) == 1 and _CONTRAST.match(sentence, spans[0][1]) is not None


def _phrase_after(sentence: str, start: int, *, finite_verb: bool = False) -> list[Span]:
    """The phrase from `start` to the end of its clause, without the small
    words that open it; split at its first "and" when it is too long. After
    a verb in -s ("raises"), "and heightens ..." is a second verb: it ends
    the phrase. "calcidiol into calcitriol" with calcidiol said before
    hides only calcitriol."""
    end_match = _PHRASE_END.search(sentence, start)
    end = end_match.start() if end_match else len(sentence.rstrip(".!?"))
    if finite_verb:
        second_verb = re.compile(r"\sand\s\w+[^s\W]s\b").search(sentence, start, end)
        if second_verb is not None:
            end = second_verb.start()
    # "through {alpha-1 receptors} and opens narrowed airways": a verb in -s
    # with its object after "and" opens a second clause, whatever the first.
    next_clause = _NEXT_CLAUSE.search(sentence, start, end)
    if next_clause is not None:
        end = next_clause.start()
    # "through mechanisms like X and Y": the examples, not the class, are the fact.
    named = re.match(r"\s*(?:[\w-]+\s+){1,2}(?:like|such as)\s+", sentence[start:end])
    if named is not None:
        start += named.end()
    known = re.match(r"\s*(?:the\s+)?([\w-]+)\s+(?:into|to)\s+", sentence[start:end])
    if known is not None and re.search(rf"\b{re.escape(known[1])}\b", sentence[:start]):
        start += known.end()
    listed = False
    if sentence.startswith(",", end):
        more = _LIST_GOES_ON.match(sentence, end)
        # A list of things goes on: hide all of it, or nothing (one item is a
        # guess). A list of verb phrases ("reduce X, and enhance Y") is no list of things.
        if more is not None and not _verb_phrases(more[0]):
            end, listed = more.end(), True
    place = _TRAILING_PLACE.search(sentence, start, end)
    if (
        place is not None
        and len(sentence[start : place.start()].split()) >= 2
        and not _CHANGE_NOUN.search(sentence[start : place.start()])
    ):
        end = place.start()
    span = _trimmed(sentence, start, end)
    if span is None:
        return []
    # "the retention of sodium and the loss of potassium": an article after
    # "and" opens a second thing, so the two are two facts, asked apart.
    second_thing = re.compile(r" and (?:the|a|an) ").search(sentence, span[0], span[1])
    if _word_count(sentence, span) <= _MAX_HIDDEN_WORDS and (listed or second_thing is None):
        return [span]
    if listed:
        return []
    joint = sentence.find(" and ", span[0], span[1])
    if joint == -1:
        return []
    halves = [_trimmed(sentence, span[0], joint), _trimmed(sentence, joint + 5, span[1])]
    if any(h is None or _word_count(sentence, h) > _MAX_HIDDEN_WORDS for h in halves):
        # Halves that ask nothing: a short whole is asked as one.
        return [span] if _word_count(sentence, span) <= _MAX_HIDDEN_WORDS else []
    return [h for h in halves if h is not None]


def _verb_phrases(listed: str) -> bool:
    """Whether the items of a list are verb phrases ("and improving overall
    metabolic rate"), not things ("vomiting and confusion")."""
    for item in re.split(r",|\band\b|\bor\b", listed):
        tokens = words(item)
        if tokens and (
            tokens[0] in VERBS
            or (tokens[0].endswith("ly") and len(tokens) > 1)
            or _CLAUSE_WORDS & set(tokens)
            or (tokens[0].endswith("ing") and len(tokens) > 1)
        ):
            return True
    return False


def _phrase_before(sentence: str, end: int) -> Span | None:
    """The noun phrase (up to three words) that ends at `end`: what a
    contrast sets apart ("serine residues" before ", rather than")."""
    tokens = list(re.finditer(r"[\w'’-]+", sentence[:end]))
    kept: list[re.Match[str]] = []
    for token in reversed(tokens[-3:]):
        if token[0].lower() in STOPWORDS or token[0].lower() in {"at", "in", "on", "by", "of"}:
            break
        kept.insert(0, token)
    if not kept:
        return None
    return (kept[0].start(), kept[-1].end())


def _trimmed(sentence: str, start: int, end: int) -> Span | None:
    """The span without leading small words and surrounding spaces; None if
    nothing worth hiding is left."""
    while start < end and sentence[start].isspace():
        start += 1
    leading = _LEADING_SMALL_WORDS.match(sentence, start)
    if leading is not None:
        start = leading.end()
    container = _CONTAINER.match(sentence, start, end)
    if container is not None:
        start = container.end()
    while end > start and sentence[end - 1].isspace():
        end -= 1
    tokens = words(sentence[start:end])
    if (
        not tokens
        or tokens[0] in STOPWORDS | _WH_WORDS | _VAGUE
        or tokens[-1] in STOPWORDS
        or _CLAUSE_WORDS & set(tokens)
        # "sensitivity involves the ...": a word before an article that is no
        # preposition is a verb, and the phrase a clause
        or any(
            later in {"the", "a", "an"} and word not in STOPWORDS | PREPOSITIONS
            for word, later in pairwise(tokens)
        )
        # "the {{responsiveness}} to LH": one abstract word asks nothing
        or (len(tokens) == 1 and tokens[0].endswith(("ness", "ity")))
        or _vague_head(tokens)
        or _graded_only(tokens)
    ):
        return None
    return (start, end)


# Heads that name no particular thing: "metabolic {{processes}}", "hormonal
# communication", "systemic effects", "structure and function of ...".
_ABSTRACT_HEADS = frozenset(
    "process processes function functions communication effect effects regulation "
    "health activity activities environment dynamics structure cycle capacity ability".split()
)


# Words that grade or sort a thing without saying what it is: "a {{distinct
# clinical picture}}", "despite {{large swings}}", "a {{local defect}}",
# "the {{mild}} ... hypercalcemia".
_GRADING = frozenset(
    "distinct different large small mild severe local major minor great slight marked "
    "particular specific significant substantial considerable modest".split()
)


def _graded_only(tokens: list[str]) -> bool:
    """Whether a short phrase is a grading word with at most two words after
    it and no "of" to say what it grades: no fact to recall ("{{large
    swings}}"), where "a {{small amount of hormone}}" tells of what."""
    content = [t for t in tokens if t not in STOPWORDS]
    return bool(content) and content[0] in _GRADING and len(content) <= 3 and "of" not in tokens


def _vague_head(tokens: list[str]) -> bool:
    """Whether a phrase names nothing in particular: an abstract head with at
    most one word telling it apart ("{{metabolic processes}}", "{{hormonal
    communication}}"), or abstract words before its "of" ("{{structure and
    function of hormone receptors}}", whose receptors the sentence named)."""
    before_of = tokens[: tokens.index("of")] if "of" in tokens else tokens
    content = [t for t in before_of if t not in STOPWORDS]
    if content and all(t in _ABSTRACT_HEADS for t in content) and "of" in tokens:
        return True
    return (
        bool(content)
        and content[-1] in _ABSTRACT_HEADS
        and len(content) <= 2
        and "of" not in tokens
    )


def _word_count(sentence: str, span: Span) -> int:
    return len(sentence[span[0] : span[1]].split())
