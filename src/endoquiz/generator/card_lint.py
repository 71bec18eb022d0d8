"""The card linter: flags generated cards a teacher would not sign, by defect class.

Each class has one small pure function that applies one rule and returns a
one-line reason (or None). The rules are rule classes (closed word classes of
English grammar, string shapes, repetition), never word lists tuned to one
article, and lean conservative: a finding is something a human would agree with.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from itertools import pairwise

from endoquiz import CardKind
from endoquiz.generator.cards.article_text import (
    ABBREVIATION,
    PREPOSITIONS,
    STOPWORDS,
    long_form,
    noun_modifier,
)
from endoquiz.generator.cards.article_text import topic_words as article_topic_words
from endoquiz.generator.cards.drafts import ArticleDecks, CardDraft
from endoquiz.generator.cards.fact_spans import bare_name, sibling_names
from endoquiz.generator.cards.repeats import repeated_facts
from endoquiz.generator.text_cleanup import pronoun_after_opening, singular, starts_dangling, words

__all__ = [
    "DeckLint",
    "LintClass",
    "LintFinding",
    "answer_off_term",
    "broken_cloze_span",
    "cloze_deletions",
    "dangling_pronoun",
    "duplicate_answers",
    "fragment_term",
    "lint_article",
    "prompt_contains_answer",
    "trivial_cloze_target",
]


class LintClass(StrEnum):
    """The defect classes the linter flags (issue 19)."""

    TRIVIAL_CLOZE = "trivial cloze target"
    OFF_TERM_ANSWER = "answer not about the asked term"
    DUPLICATE_ANSWER = "duplicate answer"
    PROMPT_HAS_ANSWER = "prompt containing its answer"
    DANGLING_PRONOUN = "dangling pronoun"
    FRAGMENT_TERM = "fragment term"


@dataclass(frozen=True, slots=True)
class LintFinding:
    """One flagged card: its id, the defect class and why."""

    card_id: str
    lint_class: LintClass
    reason: str


@dataclass(frozen=True, slots=True)
class DeckLint:
    """The findings on one generated deck."""

    deck: str  # the deck's file name without .yaml, as in the deck id
    findings: tuple[LintFinding, ...]

    def counts(self) -> dict[LintClass, int]:
        """Findings per class, every class present (0 when clean)."""
        found = Counter(finding.lint_class for finding in self.findings)
        return {lint_class: found[lint_class] for lint_class in LintClass}


_CLOZE = re.compile(r"\{\{c\d+::(.*?)(?:::[^}]*)?\}\}")
_BOLD = re.compile(r"\*\*(.+?)\*\*")
# A glossary question about one term; table questions ask about a row, whose
# cells are about it by construction.
_TERM_QUESTION = re.compile(
    r"^(?:What (?:does the article say about|is|are)|How does the article describe) \*\*(.+?)\*\*"
)
# Auxiliaries and modals are a closed class: a term holding one is a clause.
_AUXILIARIES = frozenset(
    "is are was were be been being am has have had does did do can could may might "
    "must shall should will would".split()
)
_DETERMINERS = frozenset({"the", "a", "an"})
_PRONOUNS = frozenset("it they he she we i you them him her us".split())
# Words that define or name a term right after it or right before it.
_DEFINING_AFTER = re.compile(
    r"^\s*(?:\(|,|:|—|-|(?:itself\s+|themselves\s+)?(?:is|are|refers|means|describes)\b)"
)
_DEFINING_BEFORE = re.compile(r"(?:termed|called|known as|named)\s*$", re.IGNORECASE)
_SHORTEST_REPEAT = 5
# Sentence openers that can precede a subject: "The", "In men,", "Chronic".
_OPENING_WORDS = 3


def lint_article(decks: ArticleDecks) -> list[DeckLint]:
    """The findings on every deck of one article, deck by deck, cards in deck order."""
    topic = topic_words(decks)
    cards = [card for deck in decks.decks for card in deck.cards]
    duplicates = duplicate_answers(cards)
    # One fact asked twice across card sources (a cell and a cloze, a glossary
    # cloze and a section cloze) is the same defect as two equal backs.
    glossary = frozenset(
        c.id for deck in decks.decks if deck.name == "glossary" for c in deck.cards
    )
    for repeat in repeated_facts(cards, glossary):
        duplicates.setdefault(repeat.card_id, f"{repeat.kept} ({repeat.reason})")
    result = []
    for deck in decks.decks:
        findings: list[LintFinding] = []
        for card in deck.cards:
            findings += _card_findings(card, topic, glossary=deck.name == "glossary")
            if card.id in duplicates:
                reason = f"same answer as {duplicates[card.id]}"  # or the same fact
                findings.append(LintFinding(card.id, LintClass.DUPLICATE_ANSWER, reason))
        result.append(DeckLint(deck.name, tuple(findings)))
    return result


def _card_findings(card: CardDraft, topic: frozenset[str], *, glossary: bool) -> list[LintFinding]:
    """The per-card rules that apply to the card's kind."""
    checks: list[tuple[LintClass, str | None]] = []
    fields = card.fields
    if card.kind is CardKind.CLOZE:
        text = str(fields["text"])
        checks.append((LintClass.TRIVIAL_CLOZE, trivial_cloze_target(text, topic)))
        checks.append((LintClass.DANGLING_PRONOUN, dangling_pronoun(plain_cloze(text))))
        for hidden in _CLOZE.findall(text):
            checks.append((LintClass.FRAGMENT_TERM, broken_cloze_span(text, hidden)))
        return [LintFinding(card.id, c, reason) for c, reason in checks if reason]
    prompt = str(fields.get("front", fields.get("question", "")))
    answer = str(fields.get("back", fields.get("answer", "")))
    checks.append((LintClass.PROMPT_HAS_ANSWER, prompt_contains_answer(prompt, answer)))
    asked = _TERM_QUESTION.match(prompt)
    # A bullet's definition ('This peptide ...') leans on the term the prompt
    # asks about, which is its antecedent.
    if "back" in fields and not (asked and _defines(asked[1], card.quote)):
        checks.append((LintClass.DANGLING_PRONOUN, dangling_pronoun(answer)))
    if asked is not None and card.kind is CardKind.BASIC:
        term = asked[1]
        checks.append((LintClass.OFF_TERM_ANSWER, answer_off_term(term, answer, card.quote)))
        if glossary:
            checks.append((LintClass.FRAGMENT_TERM, fragment_term(term)))
    return [LintFinding(card.id, c, reason) for c, reason in checks if reason]


def topic_words(decks: ArticleDecks) -> frozenset[str]:
    """The article's topic words: its title's content words and its most
    frequent content word (the rule the generator's clozes follow too)."""
    return article_topic_words(decks.article)


def plain_cloze(text: str) -> str:
    """A cloze text as the learner reads it once answered."""
    return _CLOZE.sub(lambda m: m[1], text)


def cloze_deletions(text: str) -> list[str]:
    """What a cloze text hides, deletion by deletion (hints left out)."""
    return _CLOZE.findall(text)


def trivial_cloze_target(
    text: str, topic: frozenset[str], long_forms: Mapping[str, str] | None = None
) -> str | None:
    """Rule: a deletion is trivial when it is the article's topic, a word shown
    elsewhere in the sentence, the head of a compound whose modifier stays
    visible ('glucose-6-{{phosphatase}}', 'serine {{kinases}}'), half of a
    possessive ("Addison'{{s disease}}"), one item of a list of three or more,
    or one half of a 'long form (ABBR)' pair whose other half stays visible.
    `long_forms` (abbreviation -> long form, the article's own pairs) reads
    the letters the card shows as the words they stand for."""
    for match in _CLOZE.finditer(text):
        hidden = match[1]
        # "2.5 mg" is one figure: read as "2" and "5" it would echo "{{5 mg}}".
        before = _whole_figures(plain_cloze(text[: match.start()]))
        after = _whole_figures(plain_cloze(text[match.end() :]))
        tokens = words(_whole_figures(hidden))
        # "{{Parathyroid hormone (PTH)}}" is the topic with its letters.
        named = words(ABBREVIATION_END.sub("", _whole_figures(hidden)))
        if named and all(singular(t) in {singular(w) for w in topic} for t in named):
            return f"'{hidden}' is the article's topic"
        shown = " ".join([*words(before), "", *words(after)])
        if tokens and len("".join(tokens)) > 3 and f" {' '.join(tokens)} " in f" {shown} ":
            return f"'{hidden}' is shown elsewhere in the sentence"
        spelled = _spelled_out_beside(before, hidden, after)
        if spelled is not None:
            return spelled
        if _echoed(named, [*words(before), *words(after)], topic):
            return f"'{hidden}' is told by the words around it"
        kin = _kin_word(tokens, [*words(before), *words(after)])
        if kin is not None:
            return f"'{hidden}' is told by '{kin}' in the card"
        cut = _cuts_its_long_form(before, hidden)
        if cut is not None:
            return cut
        if _read_off_its_words(named, before, after, long_forms or {}):
            return f"'{hidden}' is read off its words shown in the sentence"
        if re.search(r"['’]$", before) or re.match(r"^['’]", after):
            return f"'{hidden}' splits a possessive"
        if before.endswith("-") or after.startswith("-"):
            return f"'{hidden}' is part of a hyphenated name"
        modifier = re.search(r"(?:^|\s)([a-z][a-z0-9]*) $", before)
        if (
            len(tokens) == 1
            and modifier is not None
            and noun_modifier(modifier[1])
            and hidden[:1].islower()
        ):
            return f"'{hidden}' is the head of the visible compound '{modifier[1]} {hidden}'"
        if _list_item(plain_cloze(text), before, hidden):
            return f"'{hidden}' is one item of a list of three or more"
        others = [m[1] for m in _CLOZE.finditer(text) if m.start() != match.start()]
        sibling = _told_by_sibling(hidden, others, before, after)
        if sibling is not None:
            return sibling
        letters = _letters_in_view(hidden, f"{before} {after}")
        if letters is not None:
            return f"'{hidden}' is spelled out by '{letters}' shown in the card"
        shown_share = _shown_complement(hidden, f"{before} {after}")
        if shown_share is not None:
            return f"'{hidden}' is the rest of the whole beside '{shown_share}' shown in the card"
        prefix = _told_by_prefix(hidden, f"{before} {after}")
        if prefix is not None:
            return f"'{hidden}' is what the prefix of '{prefix}' shown in the card means"
        moved = _direction_shown(tokens, [*words(before), *words(after)])
        if moved is not None:
            return f"'{hidden}' restates '{moved}' shown in the card"
        mirror = _mirrored(hidden, before, after)
        if mirror is not None:
            return f"'{hidden}' is the opposite of '{mirror}' across 'whereas'"
        # A figure or a name is recalled, never read off a pattern or a
        # paraphrase: "falls by roughly {{14%}}", "convert {{T4 into T3}}".
        named_or_measured = re.search(r"[A-Z0-9]", hidden) is not None
        motion = None if named_or_measured else _mirrored_motion(before, after)
        if motion is not None:
            return f"'{hidden}' is read off '{motion}', its opposite movement shown in the card"
        reverse = None if named_or_measured else _reverse_link(tokens, before)
        if reverse is not None:
            return f"'{hidden}' is read off '{reverse}', the link shown the other way"
        aside = None if named_or_measured else _restating_aside(after)
        if aside is not None:
            return f"'{hidden}' is restated by the aside '{aside}'"
    return None


def _reverse_link(hidden: list[str], before: str) -> str | None:
    """Rule: in "A ... B, and B ... {{A}}" (a link both ways: "low
    testosterone can worsen insulin sensitivity, and insulin resistance can
    suppress {{testosterone production}}"), the gap is the first clause's
    subject, read off the pattern once the second clause's subject is seen
    to be the first one's object."""
    sentence = re.split(r"[.;:]\s", before)[-1]
    if ", and " not in sentence:
        return None
    first, second = sentence.rsplit(", and ", 1)
    first_words = [singular(w) for w in words(first)]
    subject = [singular(w) for w in words(second) if w not in STOPWORDS][:1]
    content = [singular(w) for w in hidden if w not in STOPWORDS]
    if not subject or not content or subject[0] in content:
        return None
    told = next((w for w in content if w in first_words), None)
    if told is None or subject[0] not in first_words:
        return None
    if first_words.index(told) < first_words.index(subject[0]):
        start = first_words.index(told)
        return " ".join(words(first)[max(0, start - 1) : start + 1])
    return None


# "this dual effect — mobilizing fuel and sharpening attention —": an aside
# between dashes that sums up, in other words, what the clause before said.
_RESTATING_ASIDE = re.compile(
    r"^[^.;]*?\b(?:this|these|both|each)\s+(?:[\w-]+\s+){0,2}?[\w-]+\s*[—–]\s*"
    r"(?P<aside>[^—–.;]+?)\s*[—–]"
)


def _restating_aside(after: str) -> str | None:
    """Rule: a deletion followed, in its sentence, by "this/these ..." and
    an aside between dashes ("Cortisol raises {{blood glucose}} and heightens
    alertness, and this dual effect — mobilizing fuel and sharpening
    attention — prepares ...") is said twice: the aside gives it away."""
    match = _RESTATING_ASIDE.match(after)
    return match["aside"] if match is not None else None


# Movements of an amount in opposite directions: a closed class of English verbs.
_RISING = r"(?:rises|rise|climbs|climb|increases|increase|peaks|peak|surges|surge)"
_FALLING = r"(?:falls|fall|drops|drop|declines|decline|decreases|decrease|dips|dip)"
_MOTION_PAIR = rf"(?:{_RISING}|{_FALLING})"
# "rises before waking and falls through the {{evening}}": the first movement
# and its complement, then the opposite movement up to the deletion.
_MOTION_BEFORE = re.compile(
    rf"\b(?P<first>{_MOTION_PAIR})\s+(?P<where>[^,;.]+?)\s+and\s+(?:then\s+)?"
    rf"(?P<second>{_MOTION_PAIR})\b[^,;.]*$",
    re.IGNORECASE,
)
# "rises {{before waking}} and falls through the evening": the deletion, then
# "and" with the opposite movement and its complement.
_MOTION_AFTER = re.compile(
    rf"^[^,;.]*?\s+and\s+(?:then\s+)?(?P<second>{_MOTION_PAIR})\s+(?P<where>[^,;.]+)",
    re.IGNORECASE,
)
_MOTION_LEAD = re.compile(rf"\b(?P<first>{_MOTION_PAIR})\s+[^,;.]*$", re.IGNORECASE)


_RISING_WORD = re.compile(rf"^{_RISING}$", re.IGNORECASE)


def _opposite_motions(first: str, second: str) -> bool:
    return bool(_RISING_WORD.match(first)) != bool(_RISING_WORD.match(second))


def _mirrored_motion(before: str, after: str) -> str | None:
    """Rule: in "X rises A and falls B", a deletion of B while A shows (or
    of A while B shows) is read off as A's counterpart ("The daily cortisol
    rhythm rises before waking and falls through the {{evening}}"): the
    learner completes the pattern, morning against evening."""
    ahead = _MOTION_BEFORE.search(before)
    if ahead is not None and _opposite_motions(ahead["first"], ahead["second"]):
        return f"{ahead['first']} {ahead['where']}"
    lead = _MOTION_LEAD.search(before)
    behind = _MOTION_AFTER.match(after)
    if (
        lead is not None
        and behind is not None
        and _opposite_motions(lead["first"], behind["second"])
    ):
        return f"{behind['second']} {behind['where']}"
    return None


# "X ..., whereas Y ...": the two sides of a contrast.
_WHEREAS_AFTER = re.compile(r",?\s+whereas\s+(?P<side>[^.;]*)")
_WHEREAS_BEFORE = re.compile(r"(?:^|[.;]\s)(?P<side>[^.;]*?),?\s+whereas\s+[^.;]*$")


def _mirrored(hidden: str, before: str, after: str) -> str | None:
    """Rule: in "A, whereas B", a deletion on one side whose counterpart of
    the same kind stands on the other ("Intermittent PTH stimulates {{bone
    formation}}, whereas continuous PTH excess drives bone resorption") is
    read off as that counterpart's opposite: the pair is recalled by its
    pattern, not the fact."""
    side = _WHEREAS_AFTER.search(after) or _WHEREAS_BEFORE.search(before)
    if side is None:
        return None
    length = len(bare_name(hidden).split())
    tokens = re.findall(r"[\w'’-]+", side["side"])
    for start in range(len(tokens) - length + 1):
        counterpart = " ".join(tokens[start : start + length])
        if sibling_names(hidden, counterpart):
            return counterpart
    return None


# The direction of an amount, up or down: a closed class of English words.
_UP = frozenset("elevated increased high higher raised more excess excessive greater".split())
_DOWN = frozenset("reduced low lower decreased less diminished fewer".split())
# Words for an amount of a thing ("insulin levels"): they add nothing to its direction.
_AMOUNT_HEADS = frozenset("level concentration amount production secretion release".split())


def _direction_shown(hidden: list[str], shown: list[str]) -> str | None:
    """Rule: a deletion that is only a direction and a thing ("leading to
    {{elevated insulin levels}}") while the card shows the same thing moving
    the same way ("The pancreas then produces more insulin") restates the
    card: the learner reads it off, recalls nothing."""
    content = [t for t in hidden if t not in STOPWORDS]
    for direction in (_UP, _DOWN):
        if not content or content[0] not in direction:
            continue
        things = [singular(t) for t in content[1:] if singular(t) not in _AMOUNT_HEADS]
        moving = {singular(b): f"{a} {b}" for a, b in pairwise(shown) if a in direction}
        if things and all(t in moving for t in things):
            return moving[things[0]]
    return None


# A percentage shown in the card: "less than 1% circulates in the blood".
_SHOWN_PERCENT = re.compile(r"(\d+(?:\.\d+)?)\s*%")


def _shown_complement(hidden: str, shown: str) -> str | None:
    """Rule: a hidden share is read off the share of the same whole left in
    view ("About {{99%}} ... is stored in the skeleton, and less than 1%
    circulates in the blood"): the learner subtracts, and recalls nothing."""
    for match in _SHOWN_PERCENT.finditer(shown):
        if _complements(hidden, match[0]):
            return match[0]
    return None


# An amount's direction: what "hypo-" and "hyper-" mean.
_TOO_LITTLE_OR_MUCH = re.compile(
    r"^(?:too\s+(?:little|much|few|many)|excess(?:ive)?|insufficient|deficient|"
    r"an?\s+(?:excess|deficiency|lack|shortage))\b",
    re.IGNORECASE,
)
_HYPO_HYPER = re.compile(r"\b(hyp(?:o|er)[a-z]{4,})", re.IGNORECASE)


def _told_by_prefix(hidden: str, shown: str) -> str | None:
    """Rule: a deletion that is only the direction of an amount ("produces
    {{too little hormone}}") beside a word in hypo- or hyper- left in view
    ("Hypothyroidism is a state in which ...") is read off the prefix."""
    if _TOO_LITTLE_OR_MUCH.match(hidden.strip()) is None:
        return None
    prefixed = _HYPO_HYPER.search(shown)
    return prefixed[1] if prefixed is not None else None


# Percentages that make up a whole: "{{99%}} ... less than {{1%}}" - a
# learner who recalls one reads the other off it.
_PERCENT = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*%\s*$")
_WHOLE = 100.0
# The coordinated neighbour of a deletion: "{{FSH}} and luteinizing hormone
# (LH)" (after it), "the HPG, {{HPA}}" (before it).
_NEXT_COORDINATE = re.compile(
    r"^\s*(?:\([^()]*\)\s*)?(?:,\s*(?:(?:and|or)\s+)?|(?:and|or)\s+)(?P<rest>.*)$", re.DOTALL
)
_PREVIOUS_COORDINATE = re.compile(
    r"^(?P<rest>.*?)(?:\s*\([^()]*\))?\s*(?:,\s*(?:and|or)?|\band|\bor)\s*$", re.DOTALL
)


def _told_by_sibling(hidden: str, others: list[str], before: str, after: str) -> str | None:
    """Rule: two names of one kind side by side give each other away - they
    share a head ("{{luteinizing hormone}} and {{follicle-stimulating
    hormone}}"), differ in one part only ("{{osteoblasts}} and
    {{osteoclasts}}", "hypothalamic-pituitary-{{adrenal}}" beside
    "-thyroid"), or are shares of one whole ("{{99%}} ... {{1%}}"). So a
    deletion is trivial beside another deletion of its kind, or beside its
    coordinated partner left in view: the pair is recalled by its pattern."""
    for other in others:
        if _complements(hidden, other):
            return f"'{hidden}' and '{other}' make up a whole"
    length = len(bare_name(hidden).split())
    following = _NEXT_COORDINATE.match(after)
    if following is not None:
        partner = _phrase(following["rest"].split()[:length])
        if sibling_names(hidden, partner):
            return f"'{hidden}' is told by its partner '{partner}' beside it"
    preceding = _PREVIOUS_COORDINATE.match(before)
    if preceding is not None and length:
        partner = _phrase(preceding["rest"].split()[-length:])
        if sibling_names(hidden, partner):
            return f"'{hidden}' is told by its partner '{partner}' beside it"
    return None


def _phrase(tokens: list[str]) -> str:
    """Tokens of a neighbour read as one name: up to the first punctuation;
    "" for an aside ("{{vitamin D receptor}}, a nuclear receptor"), which
    describes the name before it and is no partner of it."""
    if tokens and tokens[0].lower() in _DETERMINERS:
        return ""
    kept: list[str] = []
    for token in tokens:
        if re.search(r"[()]", token):
            break
        kept.append(token.strip(",.;:"))
        if re.search(r"[,.;:]$", token):
            break
    return " ".join(kept)


def _complements(first: str, second: str) -> bool:
    """Whether two deletions are percentages that make up a whole."""
    one, two = _PERCENT.match(first), _PERCENT.match(second)
    return one is not None and two is not None and float(one[1]) + float(two[1]) == _WHOLE


def _letters_in_view(hidden: str, shown: str) -> str | None:
    """Rule: a long form asks nothing when its letters show anywhere in the
    card ("{{insulin receptor substrate (IRS)}} proteins, particularly IRS-1
    and IRS-2"): its own '(ABBR)', or the initials of its words."""
    own = ABBREVIATION.search(hidden)
    name = bare_name(hidden)
    parts = [p for p in re.split(r"[\s-]+", name) if p.isalpha()]
    candidates = {own[1].rstrip("s")} if own is not None else set()
    if len(parts) >= 2 and len(parts) == len(re.split(r"[\s-]+", name)):
        candidates.add("".join(p[0] for p in parts).upper())
        candidates.add("".join(p[0] for p in parts if p not in STOPWORDS).upper())
    for letters in sorted(candidates):
        if len(letters) >= 2 and re.search(rf"\b{re.escape(letters)}s?\b", shown):
            return letters
    return None


# Class nouns: the head of a name that says only what kind of thing it is
# ("growth hormone {{receptor}}", "thyroid {{gland}}", "cartilage {{cells}}").
_CLASS_HEADS = frozenset(
    "receptor gland cell level hormone resistance deficiency system axis pathway tissue "
    "organ protein molecule".split()
)


# Letters a one-word gap and a shown word must share from their start to be
# one word's kin ("phosphatase", "phosphate"); fewer meet by chance.
_KIN_LETTERS = 7


def _kin_word(tokens: list[str], shown: list[str]) -> str | None:
    """A shown word built on the same stem as a one-word gap ("the
    {{phosphatase}} PTP1B removes the phosphate groups"): the gap is read
    off it."""
    if len(tokens) != 1 or len(tokens[0]) < _KIN_LETTERS:
        return None
    stem = tokens[0][:_KIN_LETTERS]
    return next(
        (word for word in shown if word != tokens[0] and word.startswith(stem)),
        None,
    )


def _whole_figures(text: str) -> str:
    """The text with the decimal points and thousands commas of its figures
    taken out, so that a figure is one word: "2.5" is "25", "1,000" "1000"."""
    return re.sub(r"(?<=\d)[.,](?=\d)", "", text)


def _echoed(named: list[str], shown: list[str], topic: frozenset[str]) -> bool:
    """Rule: a class noun alone ("produces {{hormones}}") names no thing; a
    deletion of two or more content words is told by the card when
    its words, a class noun heading them aside, are the article's topic or
    stand together elsewhere in the card: "Growth hormone acts through the
    {{growth hormone receptor}}", "{{thyroid gland}}" in a thyroid deck, "the
    thyroid makes T4 and T3 ... {{T4 and T3}}". Words shown apart ("serine
    kinases ... at {{serine residues}}, rather than tyrosine residues") are
    a new combination, and asked."""
    content = [singular(t) for t in named if t not in STOPWORDS]
    # "produces {{hormones}} that ...": a class noun alone names no thing.
    if len(content) == 1 and content[0] in _CLASS_HEADS:
        return True
    if len(content) < 2:
        return False
    told = content[:-1] if content[-1] in _CLASS_HEADS else content
    if all(t in {singular(w) for w in topic} for t in told):
        return True
    around = " ".join(singular(w) for w in shown if w not in STOPWORDS)
    return f" {' '.join(told)} " in f" {around} "


def _cuts_its_long_form(before: str, hidden: str) -> str | None:
    """Rule: a gap ending in letters whose long form starts before the gap
    ("Growth hormone-releasing {{peptides (GHRPs)}}") hides the tail of a
    name the card shows the rest of: the name is asked whole or not at all."""
    letters = ABBREVIATION_END.search(hidden)
    if letters is None:
        return None
    spelled = long_form(before + hidden[: letters.start()], letters[1])
    name = hidden[: letters.start()].strip()
    if spelled is not None and len(spelled.strip()) > len(name):
        return f"'{hidden}' cuts the name '{spelled.strip()}' its letters spell"
    return None


# A name of this many content words or more ...
_LONG_NAME = 3
# ... all but this share of which the sentence shows, is read off them.
_SHOWN_SHARE = 0.75
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")


def _read_off_its_words(
    named: list[str], before: str, after: str, long_forms: Mapping[str, str]
) -> bool:
    """Rule: a long name (three content words or more, no number) most of
    whose words its own sentence shows is filled in from them, even apart:
    "{{Growth hormone-releasing peptides}} ... stimulate the pulsatile release
    of endogenous growth hormone", "the IR and its downstream substrates,
    like {{insulin receptor substrate}}" once "IR" reads as the article's
    "insulin receptor". Two-word names shown apart ("serine kinases ...
    {{serine residues}}, rather than tyrosine residues") stay asked: the
    pairing is the fact."""
    content = {_root(t) for n in named for t in n.split("-") if t and t not in STOPWORDS}
    if len(content) < _LONG_NAME or any(any(c.isdigit() for c in t) for t in content):
        return False
    sentence = f"{_SENTENCE_END.split(before)[-1]} {_SENTENCE_END.split(after)[0]}"
    for short, long in long_forms.items():
        sentence = re.sub(rf"\b{re.escape(short)}\b", long, sentence)
    shown = {_root(t) for w in words(sentence) for t in w.split("-")}
    return sum(t in shown for t in content) >= _SHOWN_SHARE * len(content)


def _root(word: str) -> str:
    """A word's crude root, so 'release' meets 'releasing' and 'substrate'
    'substrates'."""
    for suffix in ("ing", "ed", "es", "s", "e"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            return word[: -len(suffix)]
    return word


# "(PTH)" closing a deletion.
ABBREVIATION_END = re.compile(r"\s*" + ABBREVIATION.pattern + "$")
# "(GHRH)" right after a deletion; "growth hormone (" right before one.
_ABBREVIATION_AFTER = re.compile(r"^\s*" + ABBREVIATION.pattern)
_OPEN_BRACKET_BEFORE = re.compile(r"\($")


def _spelled_out_beside(before: str, hidden: str, after: str) -> str | None:
    """Rule: "{{Growth hormone-releasing hormone}} (GHRH)" is read off the
    letters beside the gap, and "growth hormone ({{GH}})" off the words
    before it: a 'long form (ABBR)' pair asks nothing when one half shows."""
    shown = _ABBREVIATION_AFTER.match(after)
    # long_form reads the words that end at the bracket, so a long form found
    # always ends inside the gap: the letters spell the hidden words.
    if shown is not None and hidden.strip() and long_form(before + hidden, shown[1]) is not None:
        return f"'{hidden}' is spelled out by '({shown[1]})' beside it"
    if (
        _OPEN_BRACKET_BEFORE.search(before)
        and ABBREVIATION.fullmatch(f"({hidden})")
        and long_form(before[:-1], hidden) is not None
    ):
        return f"'{hidden}' abbreviates the words shown before it"
    return None


# Participles that give a name ("termed X", "called X"), not verbs of a list.
_NAMING_WORDS = frozenset("termed called named dubbed".split())


def _list_item(sentence: str, before: str, hidden: str) -> bool:
    """Whether `hidden` (starting at len(before)) is one whole item of a
    comma-separated list of three or more in its clause."""
    start = len(before)
    clause_start = max(sentence.rfind(p, 0, start) for p in ".;:()") + 1
    ends = [i for i in (sentence.find(p, start) for p in ".;:()") if i != -1]
    clause = sentence[clause_start : min(ends) if ends else len(sentence)]
    if clause.count(",") < 1:
        return False
    items = [i.strip() for i in re.split(r",\s*(?:and|or)?\s*|\s+(?:and|or)\s+", clause)]
    items = [i for i in items if i]
    # "improve X, reduce {{Y}}, and enhance Z": the object of one verb of a
    # list of verb phrases is as much one item as a noun of a list of nouns.
    # "..., termed {{chondrocytes}}, ...": a name given, not a verb's object.
    objects = [
        " ".join(item.split()[1:])
        if item.split()[0].isalpha()
        and item.split()[0].islower()
        and item.split()[0] not in STOPWORDS | PREPOSITIONS | _NAMING_WORDS
        else ""
        for item in items
    ]
    if hidden.strip() in items:
        position = items.index(hidden.strip())
    elif (
        hidden.strip() in objects[1:]
        # A list of verb phrases ends with ", and" / ", or" before its last verb.
        and re.search(r",\s+(?:and|or)\s+[a-z]+\s+\w", clause)
    ):
        position = objects.index(hidden.strip(), 1)
    else:
        return False
    # "Ghrelin, a hormone made by the stomach, adds ...": an appositive after
    # the item describes it; the commas make no list.
    following = position + 1
    if following < len(items) and re.match(r"(?:a|an)\s", items[following], re.IGNORECASE):
        return False
    # "An underactive thyroid, or {{hypothyroidism}}, can slow ...": the
    # thing's other name, after its first and only name, is no list item.
    if position == 1 and re.search(r",\s*or\s*$", sentence[clause_start:start]):
        return False
    return len(items) >= 3


def answer_off_term(term: str, answer: str, quote: str) -> str | None:
    """Rule: a "What is X?" / "What does the article say about X?" answer must
    name X (or its acronym, or its head word) where the sentence is about it:
    opening a sentence or a clause after ';', or where X is defined ('X is',
    'X (', 'termed X').
    A bullet's own definition ('X — ...') and the author's glossary entry
    ('X: ...') are about X by construction."""
    if _defines(term, quote):
        return None
    forms = _term_forms(term)
    found = False
    # A clause after ";" opens like a sentence.
    for sentence in re.split(r"(?<=[.!?;])\s+", answer):
        for form in forms:
            for match in re.finditer(rf"\b{re.escape(form)}(?:e?s)?\b", sentence, re.IGNORECASE):
                found = True
                opening = len(words(sentence[: match.start()])) < _OPENING_WORDS
                defined = _DEFINING_AFTER.match(sentence[match.end() :]) or _DEFINING_BEFORE.search(
                    sentence[: match.start()]
                )
                if opening or defined:
                    return None
    if not found:
        return f"the answer does not mention '{term}'"
    return f"the answer mentions '{term}' only in passing"


def _defines(term: str, quote: str) -> bool:
    """Whether the quote defines the term by construction: a bullet, 'Term —
    definition', or the author's own glossary entry, 'Term: definition'."""
    return re.match(re.escape(term) + r"\s*[—:]", quote) is not None


def _term_forms(term: str) -> list[str]:
    """'Growth Hormone (GH)' is named as itself, 'Growth Hormone', 'GH' or 'hormone'."""
    plain = _BOLD.sub(lambda m: m[1], term)
    forms = [plain]
    match = re.fullmatch(r"(.+?)\s*\(([^)]+)\)\s*", plain)
    if match is not None:
        forms += [match[1], match[2]]
    head = words(forms[-1] if match is None else match[1])
    if len(head) > 1 and len(head[-1]) > 3:
        forms.append(head[-1])
    return forms


def duplicate_answers(cards: list[CardDraft]) -> dict[str, str]:
    """Rule: two question-and-answer cards whose backs (of five words or more:
    a short cell such as 'Testosterone' may answer two questions) are equal
    once case, punctuation and spacing are set aside, or where one back holds
    the other whole (8 words or more), repeat each other; each later card maps
    to the first."""
    firsts: list[tuple[str, str]] = []  # (normalised back, card id)
    repeats: dict[str, str] = {}
    for card in cards:
        back = card.fields.get("back")
        if not isinstance(back, str):
            continue
        normal = " ".join(words(back))
        if len(normal.split()) < _SHORTEST_REPEAT:
            continue
        for earlier, first_id in firsts:
            shorter = min(normal, earlier, key=len)
            if normal == earlier or (
                len(shorter.split()) >= 8 and (normal in earlier or earlier in normal)
            ):
                repeats[card.id] = first_id
                break
        else:
            firsts.append((normal, card.id))
    return repeats


def prompt_contains_answer(prompt: str, answer: str) -> str | None:
    """Rule: a short answer (six words or fewer) whose every content word is
    already in the prompt (plural or not) is given away by the prompt."""
    content = [w for w in words(answer) if w not in STOPWORDS]
    if not content or len(words(answer)) > 6:
        return None
    shown = {singular(w) for w in words(prompt)}
    if all(singular(w) in shown for w in content):
        return f"the prompt already shows '{answer}'"
    return None


def dangling_pronoun(text: str) -> str | None:
    """Rule: a text read on its own must not open with a pronoun or
    demonstrative ('It', 'These peptides'), nor with 'it'/'this'/'these'/'such'
    as the subject right after a short opening phrase ('In men, it ...'):
    nothing before it in the text can be what it refers to."""
    stripped = text.lstrip("*> ")
    opener = pronoun_after_opening(stripped)
    if opener is not None:
        return f"'{opener[1]}' after '{opener[0]},' refers to nothing in the text"
    if starts_dangling(stripped):
        return f"opens with '{stripped.split()[0]}' and nothing it refers to"
    # In the first sentence, 'these peptides' can only point back into that
    # sentence: without 'peptides' before it, it points at nothing. ('This
    # dual effect' may sum up the clauses before it, so only 'these' + a
    # plural noun, one of the next two words, counts.)
    first = re.split(r"(?<=[.!?])\s+", stripped, maxsplit=1)[0]
    for match in re.finditer(r"\bthese ([a-z]+)(?: ([a-z]+))?", first, re.IGNORECASE):
        earlier = {singular(w) for w in words(first[: match.start()])}
        nouns = [w for w in words(match[0])[1:] if w.endswith("s") and w not in STOPWORDS]
        if nouns and not {singular(w) for w in nouns} & earlier:
            return f"'these {nouns[0]}' has nothing before it to refer to"
    return None


def fragment_term(term: str) -> str | None:
    """Rule: a term asked about must be a noun phrase: no auxiliary or modal
    verb, no pronoun, no article after a verb-like word ('sets the pace'), no
    comparative predicate ('grow less sensitive'), not starting or ending with
    a function word, balanced brackets."""
    plain = _BOLD.sub(lambda m: m[1], term)
    if plain.count("(") != plain.count(")"):
        return f"'{plain}' has an unbalanced parenthesis"
    tokens = words(plain)
    if not tokens:
        return None
    if tokens[0] in STOPWORDS or tokens[-1] in STOPWORDS:
        return f"'{plain}' starts or ends with a function word"
    for index, token in enumerate(tokens):
        if token in _AUXILIARIES:
            return f"'{plain}' holds the verb '{token}'"
        if token in _PRONOUNS:
            return f"'{plain}' holds the pronoun '{token}'"
        if index > 0 and token in _DETERMINERS and tokens[index - 1] not in PREPOSITIONS:
            return f"'{plain}' reads as a clause: '{tokens[index - 1]} {token} …'"
        if 0 < index < len(tokens) - 1 and token in {"less", "more"}:
            return f"'{plain}' reads as a predicate: '{tokens[index - 1]} {token} …'"
    return None


def broken_cloze_span(text: str, hidden: str) -> str | None:
    """Rule: a cloze deletion must not split a word nor a pair of brackets."""
    if hidden.count("(") != hidden.count(")"):
        return f"'{hidden}' has an unbalanced parenthesis"
    start = text.find("{{")
    while start != -1:
        end = text.find("}}", start)
        inner = _CLOZE.match(text, start)
        if inner is not None and inner[1] == hidden:
            left = text[start - 1 : start] if start else ""
            right = text[end + 2 : end + 3]
            if left.isalnum() or right.isalnum():
                return f"'{hidden}' splits a word"
        start = text.find("{{", end)
    return None
