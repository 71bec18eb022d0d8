"""Cloze targets: the spans of a sentence worth hiding (facts, defined terms, key terms)."""

from __future__ import annotations

import re

from endoquiz.generator.cards.article_text import ABBREVIATION, STOPWORDS, long_form
from endoquiz.generator.glossary_terms import (
    VERBS,
    Sentence,
    find_term,
    subject_shaped,
    verb_shaped,
)
from endoquiz.generator.text_cleanup import words

__all__ = [
    "Span",
    "bare_name",
    "cloze_text",
    "crosses",
    "defined_term_spans",
    "fact_spans",
    "head_noun_phrase",
    "joined_pairs",
    "key_term_spans",
    "measure_spans",
    "non_overlapping",
    "quantity_spans",
    "sibling_names",
    "whole_word_spans",
    "with_abbreviation",
]

# A (start, end) slice of a sentence.
Span = tuple[int, int]

# A number, or a range of two ("10–20", "20 to 30").
# "1,000" with its thousands separator, "0.25", "12".
_NUM = r"(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?"
_AMOUNT = rf"{_NUM}(?:\s?(?:–|-|to)\s?{_NUM})?"
_DOSE = re.compile(
    rf"\b{_AMOUNT}\s?(?:mg/ml|mg/dl|ng/ml|ng/dl|nmol/l|mg|ml|mcg|µg|iu|units?|%|percent|"
    r"per\s+cent|milligrams?|micrograms?|millilit(?:er|re)s?)(?![\w/])"
    # "0.2–0.4 mg per day": the rate is part of the dose.
    r"(?:\s+(?:per|a|each)\s+(?:day|week|month|kg|kilogram)\b)?",
    re.IGNORECASE,
)
_COUNT = r"(?:one|two|three|four|five|\d+)"
_ONCE = r"(?:once|twice|thrice)"
# "twice", "once or twice", "two or three times".
_TIMES = rf"(?:{_ONCE}(?:\s+or\s+{_ONCE})?|{_COUNT}(?:\s+(?:or|to)\s+{_COUNT})?\s+times)"
_FREQUENCY = re.compile(
    rf"\b(?:{_TIMES}[\s-]+(?:a\s+|per\s+|each\s+)?(?:day|week|month|daily|weekly|monthly)"
    r"|every\s+(?:other\s+)?(?:\w+\s+)?(?:day|week|month|minutes|hours|days|weeks|months))\b",
    re.IGNORECASE,
)
# A bare "weekly" is a dosing frequency only near a word about dosing:
# "weekly intramuscular injections", not "a daily rhythm".
_BARE_FREQUENCY = re.compile(r"\b(?:daily|weekly|monthly)\b", re.IGNORECASE)
_DOSING = re.compile(
    r"\b(?:inject\w*|administ\w*|dos(?:e|es|ed|ing)|tablets?|taken|oral|orally|"
    r"subcutaneous\w*|intramuscular\w*|pellets?|prescribed|applied)\b",
    re.IGNORECASE,
)
_NUMBER = r"(?:\d+(?:\s?–\s?\d+)?|one|two|three|four|five|six|ten|twenty|thirty)"
_TIME_UNIT = r"(?:seconds|minutes|hours|days|weeks|months|years)"
# "two or three days", and a range across units: "30 minutes to 2 hours".
_DURATION = re.compile(
    rf"\b{_NUMBER}(?:\s+(?:to|or)\s+{_NUMBER})?\s+{_TIME_UNIT}"
    rf"(?:\s+to\s+{_NUMBER}\s+{_TIME_UNIT})?\b",
    re.IGNORECASE,
)
_ENZYME = re.compile(r"\b(?:cytochrome\s+)?P450\w*|\b[a-z]{3,}(?:ase|ases)\b")
_ENZYME_SUFFIX = re.compile(r"\s+(?:[A-Z]\d*|\d+[a-z]?)\b(?![\w-])")
_NOT_ENZYMES = frozenset(
    """
    increase increases decrease decreases release releases disease diseases phase phases
    base bases case cases ease purchase phrase phrases database erase lease
    """.split()
)
# "termed hyperinsulinemia,": the term a sentence names.
# "known as Chvostek's sign": a possessive (straight or curly) is part of the
# name. A name its sentence goes on to explain ("called the sunshine vitamin,
# because the skin makes it ...") is read off the explanation: no term to recall.
_NAMED = re.compile(
    r"\b(?:termed|known as|called|referred to as)\s+"
    r"([A-Za-z][\w'’-]*(?:\s+[\w'’-]+){0,3}?)(?=[,.;)])(?!,\s+(?:because|since)\b)"
)
# Up to six words before a comma, starting at a word's start: "Addison's
# disease", never "s disease" after the apostrophe.
_PHRASE = r"(?<![\w'’-])([A-Za-z][\w'’-]*(?:\s+[A-Za-z0-9][\w'’-]*){0,5})"
# ", or hypothyroidism,": another name for what was just named.
_OTHER_NAME = re.compile(r",\s+or\s+([a-z][\w-]*(?:\s+[a-z][\w-]*){0,2}),")
# "Insulin, a hormone produced by ...": a term and the kind of thing it is.
_APPOSITIVE = re.compile(
    _PHRASE + r",\s+(?:a|an)\s+(?:(?!and\s|or\s)[\w-]+\s+){0,3}?"
    r"(?:hormone|enzyme|messenger|protein|peptide|gland|organ|condition|state|process|"
    r"receptor|molecule|marker|index|calculation|cell|tissue|pathway|axis|region|"
    r"structure|nucleus)s?\b"
    # "a sensor, a hormone and a receptor" is a list of three, not a sensor
    # that is a hormone.
    r"(?!\s+and\s+(?:a|an)\s)"
)
# "the adrenal glands, responsible for stress hormones": a term and its role.
_ROLE = re.compile(
    _PHRASE + r",\s+(?:responsible for|which regulates|"
    r"which governs|governing|regulating)\b"
)
# "The Leydig cells in the testes": a thing and the place it is in.
_LOCATED = re.compile(r"^(.*?)\s+(?:in|within|inside)\s+(?:the\s+)?[\w-]+$")


def fact_spans(sentence: str, abbreviations: dict[str, tuple[str, Sentence]]) -> list[Span]:
    """Doses, ranges, frequencies, durations, enzymes and spelled-out
    abbreviations (those of `abbreviations`, by long form): the facts worth
    hiding in a sentence."""
    spans = measure_spans(sentence)
    for match in _ENZYME.finditer(sentence):
        if match.group(0).lower() not in _NOT_ENZYMES:
            # "phospholipase C", "protein kinase A2": the letter is part of the name.
            suffix = _ENZYME_SUFFIX.match(sentence, match.end())
            spans.append((match.start(), suffix.end() if suffix else match.end()))
    for match in ABBREVIATION.finditer(sentence):
        spelled_out = long_form(sentence[: match.start()], match[1])
        known = abbreviations.get(match[1])
        # Hidden where the article first spells it out, the sentence the
        # abbreviation's own card quotes: asked again, it would be the same card.
        if spelled_out and known and known[0] == spelled_out and known[1].text == sentence:
            start = match.start() - 1 - len(spelled_out)
            if start >= 0 and sentence[start : match.start() - 1] == spelled_out:
                # With its letters: "{{Janus kinase 2 (JAK2)}}" asks what the
                # sentence says of it; the letters left beside the gap would
                # spell its name.
                spans.append((start, match.end()))
    # "kinase" inside "Janus kinase 2 (JAK2)" is part of a longer fact: the
    # name is asked whole.
    outermost = [span for span in spans if not any(_inside(span, other) for other in spans)]
    return whole_word_spans(sentence, outermost)


# "(GHRH)" right after a span.
_ABBREVIATION_NEXT = re.compile(r"\s*" + ABBREVIATION.pattern)


def with_abbreviation(sentence: str, span: Span) -> Span:
    """A span widened to the abbreviation in brackets right after it that
    abbreviates its words: "{{cortisol awakening response (CAR)}}", since the
    letters left in view would spell the hidden name."""
    start, end = span
    following = _ABBREVIATION_NEXT.match(sentence, end)
    if following is not None and long_form(sentence[:end], following[1]) is not None:
        return (start, following.end())
    return span


def _inside(span: Span, other: Span) -> bool:
    """Whether a span lies within another, different one."""
    return span != other and other[0] <= span[0] and span[1] <= other[1]


def measure_spans(sentence: str) -> list[Span]:
    """Doses and amounts (`10–20 units`, `5 percent`), frequencies (`twice
    weekly`, `two or three times a day`) and durations (`30 minutes`): the
    numbers a learner is asked to recall."""
    spans = [
        m.span() for pattern in (_DOSE, _FREQUENCY, _DURATION) for m in pattern.finditer(sentence)
    ]
    for match in _BARE_FREQUENCY.finditer(sentence):
        nearby = sentence[max(0, match.start() - 40) : match.end() + 40]
        if _DOSING.search(nearby):
            spans.append(match.span())
    spans = whole_word_spans(sentence, spans)
    return _regimens(sentence, non_overlapping([_with_conversion(sentence, s) for s in spans]))


# "(0.1–0.2ml)": a bracket holding a number, right after a measure.
_CONVERSION_AFTER = re.compile(r"\s*\((?=[^()]*\d)[^()]{1,30}\)")


def _with_conversion(sentence: str, span: Span) -> Span:
    """A measure with the same amount in other units in brackets after it
    ("10–20 units (0.1–0.2ml)") is one fact: hiding one half while the
    other shows asks nothing, so the span takes both."""
    conversion = _CONVERSION_AFTER.match(sentence, span[1])
    return (span[0], conversion.end()) if conversion else span


def _regimens(sentence: str, spans: list[Span]) -> list[Span]:
    """Spans only a space apart joined: "10–30 mg daily" is one regimen to
    recall, and hiding the dose alone would leave its frequency as a clue
    (or hiding both apart would ask two halves of one fact)."""
    joined: list[tuple[int, Span]] = []  # (rank of its first part, span)
    for start, end in sorted(spans):
        rank = spans.index((start, end))
        if joined and not sentence[joined[-1][1][1] : start].strip():
            first, (joined_start, _) = joined[-1]
            joined[-1] = (min(first, rank), (joined_start, end))
        else:
            joined.append((rank, (start, end)))
    # In the order the spans came, which callers rank by (a dose before a
    # frequency): the first names the card.
    return [span for _, span in sorted(joined)]


def defined_term_spans(sentence: str) -> list[Span]:
    """Terms a sentence defines or gives the role of: worth recalling from it."""
    spans = [match.span(1) for match in _NAMED.finditer(sentence)]
    # "An underactive thyroid, or hypothyroidism, ...": the other name, given
    # in the first clause (later, ", or X," may end a list).
    other_name = _OTHER_NAME.search(sentence)
    if other_name is not None and "," not in sentence[: other_name.start()]:
        spans.append(other_name.span(1))
    for pattern in (_APPOSITIVE, _ROLE):
        for match in pattern.finditer(sentence):
            if pattern is _APPOSITIVE and not _tells_apart(sentence, match):
                continue
            head = head_noun_phrase(match[1])
            if head:
                start = match.start(1) + match[1].rindex(head)
                spans.append((start, start + len(head)))
    return whole_word_spans(sentence, spans)


# What follows a class noun to say which one it is: "an enzyme that converts
# ...", "a hormone made by ...", "a key enzyme in androgen synthesis".
_COMPLEMENT = re.compile(
    r"\s+(?:that|which|who|whose|of|in|for|by|from|to|with|on|made|released|produced|"
    r"secreted|found|responsible|involved|used|known|called|derived)\b",
    re.IGNORECASE,
)
# Words that rank or praise a kind of thing without saying which one it is.
_PRAISE = frozenset(
    "key important major critical vital crucial active common main primary essential "
    "powerful potent central special unique small large highly".split()
)


def _tells_apart(sentence: str, match: re.Match[str]) -> bool:
    """Whether an appositive says which of its kind the term is: a
    complement after the class noun ("an enzyme that converts ..."), or a
    word before it that is no adverb nor praise ("a steroid hormone"). "The
    brain, a highly metabolically active organ, ..." tells only that it is an
    organ: nothing to recall it by."""
    if _COMPLEMENT.match(sentence, match.end()):
        return True
    between = words(match[0][len(match[1]) :])[1:-1]  # after "a"/"an", before the class noun
    return any(not w.endswith("ly") and w not in _PRAISE for w in between)


def whole_word_spans(sentence: str, spans: list[Span]) -> list[Span]:
    """The spans that start and end at word boundaries: a cloze never hides
    half a word, nor the "s disease" of "Addison's disease" (after an
    apostrophe, straight or curly)."""
    return [
        (start, end)
        for start, end in spans
        if not _joined(sentence[start - 1 : start] if start else "", sentence[start : start + 1])
        and not _joined(sentence[end - 1 : end], sentence[end : end + 1])
    ]


def _joined(left: str, right: str) -> bool:
    """Whether two neighbouring characters belong to one word."""
    return bool(left and right) and (
        (left.isalnum() and right.isalnum()) or (left in "'’" and right.isalnum())
    )


def head_noun_phrase(phrase: str) -> str | None:
    """The thing a phrase before ', responsible for' or ', an enzyme' names:
    'The Leydig cells in the testes' -> 'Leydig cells' (the place is not the
    thing), 'the activity of aromatase' -> 'aromatase' (the last noun)."""
    located = _LOCATED.match(phrase)
    if located:
        phrase = located[1]
    tokens = phrase.split()
    # Only the words after the last small word ('of', 'the') or verb ('causes')
    # belong to the noun.
    for index in range(len(tokens) - 1, -1, -1):
        if tokens[index].lower() in STOPWORDS | {"in", "of"} | VERBS or _finite_verb_like(
            tokens, index
        ):
            tokens = tokens[index + 1 :]
            break
    return " ".join(tokens) or None


def _finite_verb_like(tokens: list[str], index: int) -> bool:
    """Whether a word inside a phrase reads as the verb of a clause ("the
    cascade sits cortisol", "the pancreas secretes insulin"): verb-shaped,
    between a word that can be its subject and another word. A noun phrase's
    modifiers are singular ("growth hormone"), so such a word is no modifier;
    after a number or an adjective it is a noun ("type 2 diabetes mellitus",
    "gestational diabetes")."""
    if not 0 < index < len(tokens) - 1:
        return False
    return verb_shaped(tokens[index]) and subject_shaped(tokens[index - 1].lower())


def key_term_spans(sentence: str, phrases: tuple[str, ...], topic: str | None) -> list[Span]:
    """Known terms in a summary sentence, never the article's own topic:
    in an article on insulin resistance, "a condition known as {{insulin
    resistance}}" asks what every card is about. A term that cuts through a
    longer one is left out."""
    found = []
    for phrase in phrases:
        match = find_term(phrase, sentence)
        if match is not None:
            found.append((match.span(), phrase == topic))
    whole = [
        (span, topical)
        for span, topical in found
        if not any(crosses(span, other) for other, _ in found)
    ]
    return whole_word_spans(sentence, [span for span, topical in whole if not topical])


def crosses(span: Span, other: Span) -> bool:
    """Whether two spans overlap without one containing the other."""
    (start, end), (other_start, other_end) = span, other
    overlapping = start < other_end and other_start < end
    nested = (start <= other_start and other_end <= end) or (
        other_start <= start and end <= other_end
    )
    return overlapping and not nested


def non_overlapping(spans: list[Span]) -> list[Span]:
    """The spans that are not empty and overlap none before them, in their order."""
    chosen: list[Span] = []
    for start, end in spans:
        if end > start and all(end <= s or start >= e for s, e in chosen):
            chosen.append((start, end))
    return chosen


def cloze_text(sentence: str, spans: list[Span]) -> str:
    """The sentence with each span hidden as `{{cN::...}}`, numbered left to right."""
    text = sentence
    for ordinal, (start, end) in sorted(enumerate(sorted(spans), start=1), key=lambda d: -d[1][0]):
        text = f"{text[:start]}{{{{c{ordinal}::{text[start:end]}}}}}{text[end:]}"
    return text


def quantity_spans(sentence: str) -> list[Span]:
    """Doses, ranges, frequencies and durations: the numbers of a sentence."""
    return [
        m.span() for pattern in (_DOSE, _FREQUENCY, _DURATION) for m in pattern.finditer(sentence)
    ]


# "(PTH)" closing a name.
_ABBREVIATION_END = re.compile(r"\s*" + ABBREVIATION.pattern + "$")
# What joins the two names of a pair: "X and Y", "X or Y", "X, Y".
_PAIR_JOINT = re.compile(r"^\s*(?:,\s*)?(?:and|or)\s+$|^\s*,\s*$")
# A joint that goes on to a third item, before or after a pair.
_LIST_BEFORE = re.compile(r"(?:,|\band|\bor)\s*$")
_LIST_AFTER = re.compile(r"^\s*(?:\([^()]*\)\s*)?,?\s*(?:and|or)\b")


def joined_pairs(sentence: str, spans: list[Span]) -> list[Span]:
    """Spans with each pair of sibling names that stands alone as a pair
    ("{{luteinizing hormone (LH)}} and {{follicle-stimulating hormone}}",
    "{{osteoblasts}} and {{osteoclasts}}") made one span: each half is read
    off the other, the pair is recalled together. A pair inside a longer
    list is left as it is (a third name in view tells its pattern)."""
    joined: list[Span] = []
    for span in spans:
        if joined and _stands_as_pair(sentence, joined[-1], span):
            joined[-1] = (joined[-1][0], span[1])
        else:
            joined.append(span)
    return joined


def _stands_as_pair(sentence: str, first: Span, second: Span) -> bool:
    """Whether two spans are sibling names joined as a pair of their own."""
    between = sentence[first[1] : second[0]]
    return (
        _PAIR_JOINT.match(between) is not None
        and sibling_names(sentence[first[0] : first[1]], sentence[second[0] : second[1]])
        and _LIST_BEFORE.search(sentence[: first[0]]) is None
        and _LIST_AFTER.match(sentence[second[1] :]) is None
    )


def bare_name(name: str) -> str:
    """A name without its '(ABBR)', lowercased."""
    return _ABBREVIATION_END.sub("", name).strip().lower()


def sibling_names(first: str, second: str) -> bool:
    """Whether two names are of one kind by their shape: two-word names
    with one head, or names that differ in less than they share."""
    one, two = bare_name(first), bare_name(second)
    # Amounts ("10-20 mg" and "5-10 mg") share a unit, not a name.
    if not one or not two or one == two or one[0].isdigit() or two[0].isdigit():
        return False
    one_words, two_words = one.split(), two.split()
    if (
        len(one_words) >= 2
        and len(two_words) >= 2
        and one_words[-1] == two_words[-1]
        and one_words[-1] not in STOPWORDS
    ):
        return True
    prefix = len(_common_start(one, two))
    suffix = len(_common_start(one[prefix:][::-1], two[prefix:][::-1]))
    differing = max(len(one), len(two)) - prefix - suffix
    return differing < prefix + suffix


def _common_start(one: str, two: str) -> str:
    """The longest start two texts share."""
    length = 0
    while length < min(len(one), len(two)) and one[length] == two[length]:
        length += 1
    return one[:length]
