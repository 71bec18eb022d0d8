"""Cards from a section's prose: question headings answered, and clozes on its sentences."""

from __future__ import annotations

import re

from endoquiz import CardKind
from endoquiz.generator.card_lint import (
    broken_cloze_span,
    dangling_pronoun,
    trivial_cloze_target,
)
from endoquiz.generator.cards.article_text import STOPWORDS, ArticleText, noun_modifier, studyable
from endoquiz.generator.cards.card_ids import CardIds, sentence_card_id
from endoquiz.generator.cards.claims import (
    CAUSAL_VERB,
    claim_spans,
    contrasted,
    examples_after,
    explained_word,
    one_list_item,
    states_cause_or_effect,
)
from endoquiz.generator.cards.drafts import CardDraft
from endoquiz.generator.cards.fact_spans import (
    Span,
    cloze_text,
    defined_term_spans,
    fact_spans,
    joined_pairs,
    key_term_spans,
    measure_spans,
    non_overlapping,
    quantity_spans,
    with_abbreviation,
)
from endoquiz.generator.glossary_terms import ANALOGY, Sentence, count_term, find_term
from endoquiz.generator.text_cleanup import slugify, starts_dangling, words

__all__ = [
    "answered_sentences",
    "best_answer",
    "cloze_cards",
    "points_back",
    "question_cards",
    "stem",
    "with_antecedents",
]

# Clozes per sentence: more hidden at once is guessing, not recall.
_MAX_DELETIONS = 2
# Sentences of context a card may bring for its pointing words ("These
# lipid metabolites ..."): more is a passage, not a card.
_MAX_CONTEXT = 2
# Words that ask, not say: never what a question heading is about (with its
# verb: "How Does Chronic Stress Change Cortisol?" asks about cortisol).
_QUESTION_WORDS = frozenset(
    "how what why when where which who whom does do did is are was can happens happen "
    "change changes work works matter influence influences relate differ".split()
)
# Openers that add to a point already made ("Beyond the sex hormones, ...",
# "Similarly, ...", "For example, ..."): such a sentence is no answer on its own.
_ADDING_OPENER = re.compile(
    r"^(?:Beyond|Similarly|Also|Moreover|Furthermore|In addition|Additionally|Likewise|"
    r"Conversely|For example|For instance|Besides)\b"
)


# A statement of intent ("the aim is to ...", "The goal remains ..."): what a
# treatment wants, not how anything works.
_AIM = re.compile(r"\bthe (?:aim|goal|objective|purpose) (?:is|remains)\b", re.IGNORECASE)
# The author's framing ("is best understood through a systems-biology lens"):
# a way of looking at a mechanism, no mechanism to ask.
_FRAMING = re.compile(r"\b(?:best|better) (?:understood|viewed|seen)\b", re.IGNORECASE)
# A relation that says only that one thing bears on another ("also influences
# the GH axis", "is linked to", "plays a key role in"), as the sentence's verb.
_MODIFIERS = r"(?:(?:can|may|also|directly|strongly|significantly)\s+)"
_VAGUE_RELATION = re.compile(
    rf"^(?:[^\s,;:]+\s+)+?(?:{_MODIFIERS}*(?:influences|affects|impacts)"
    rf"|{_MODIFIERS}+(?:influence|affect|impact)"
    r"|(?:is|are)\s+(?:\w+\s+)?(?:linked|tied|related|connected|associated)\s+(?:to|with)"
    r"|plays?\s+an?\s+(?:\w+\s+)?role\s+in|(?:is|are)\s+involved\s+in)\b[^,;:]*[.!]$",
    re.IGNORECASE,
)
# A sentence this short whose verb is such a relation says nothing more: the
# paragraph's next sentences hold the content.
_VAGUE_RELATION_WORDS = 10
# What a "Why ...?" heading wants: a reason. A sentence that only restates
# the effect ("Intermittent PTH stimulates bone formation") answers "what".
_REASON = re.compile(
    r"\b(?:because|since|by|through|so that|as a result|due to|owing to|which is why|"
    r"thus|therefore)\b",
    re.IGNORECASE,
)
# The parts of a sentence that say different things: "X, whereas Y".
_CLAUSE_BREAK = re.compile(r",\s+(?:whereas|while|but)\s+|;\s+", re.IGNORECASE)


def question_cards(text: ArticleText, section: str, ids: CardIds) -> list[CardDraft]:
    """A card for each question heading of a section that a sentence under it answers."""
    cards = []
    for heading_section, heading, line in text.article.headings:
        if heading_section != section or not heading.endswith("?"):
            continue
        block = [s for s in text.sentences if s.heading == heading and s.section == section]
        answer = best_answer(heading, block, text.topic_words)
        if answer is None:
            continue
        card_id = ids.claim(f"question-{slugify(heading)}")
        fields = {"front": heading, "back": answer}
        cards.append(CardDraft(card_id, CardKind.BASIC, fields, section, heading, answer, line))
    return cards


def answered_sentences(text: ArticleText, section: str) -> set[str]:
    """The sentences that answer a question heading of the section: asked
    there, so no other card is made on them."""
    answered: set[str] = set()
    for heading_section, heading, _ in text.article.headings:
        if heading_section == section and heading.endswith("?"):
            block = [s for s in text.sentences if s.heading == heading and s.section == section]
            answer = best_answer(heading, block, text.topic_words)
            answered |= {s.text for s in block if answer and s.text in answer}
    return answered


def best_answer(
    heading: str, sentences: list[Sentence], topic_words: frozenset[str] = frozenset()
) -> str | None:
    """The sentence under a question heading that answers it, chosen from the
    whole block: one that states a cause or an effect (a causal verb), shares
    two words with the question and stands on its own (no pointing back, no
    "Beyond ...,", no analogy); of those, the one naming most of what the
    question asks about beyond the article's topic and its verb
    ("neurotransmitter function"), the first of equals. With the next
    sentence when that one continues it; None when no sentence answers it."""
    heading_words = [w for w in words(heading) if w not in STOPWORDS | _QUESTION_WORDS]
    asked = {stem(w) for w in heading_words}
    focus = {
        stem(w) for w in heading_words if w not in topic_words and not CAUSAL_VERB.fullmatch(w)
    }
    best: tuple[int, int] | None = None  # (focus words named, -index)
    for index, sentence in enumerate(sentences):
        if (
            starts_dangling(sentence.text)
            or {"you", "your"} & set(words(sentence.text))
            or _ADDING_OPENER.match(sentence.text)
            or ANALOGY.search(sentence.text)
            or not states_cause_or_effect(sentence.text)
            # a sentence of doses and amounts is asked by a cloze on them
            or quantity_spans(sentence.text)
        ):
            continue
        if heading.startswith("Why") and not _gives_reason(sentence.text, asked):
            continue
        said = {stem(w) for w in words(sentence.text)}
        named = len(focus & said)
        answers = len(asked & said) >= 2 and (named or not focus)
        if answers and (best is None or named > best[0]):
            best = (named, -index)
    return None if best is None else _with_continuation(sentences, -best[1])


def _gives_reason(sentence: str, asked: set[str]) -> bool:
    """Whether a sentence gives a reason (because, by, through, so that ...)
    in the clause that speaks of what the question asks: "Intermittent PTH
    stimulates bone formation, whereas continuous PTH excess drives bone
    resorption through RANKL" gives a reason for the other clause only."""
    clauses = _CLAUSE_BREAK.split(sentence)
    # The clause naming most of the question's words; the first of equals.
    main = max(clauses, key=lambda c: (len(asked & {stem(w) for w in words(c)}), -clauses.index(c)))
    return _REASON.search(main) is not None


# What a learner can recall as one answer: more is a passage to reread.
_MAX_ANSWER_SENTENCES = 3
_MAX_ANSWER_WORDS = 60
# A sentence that announces what comes next ("through two signals", "by
# acting on three sites", "several factors"): without it, the answer is half.
_ANNOUNCES = re.compile(
    r"\b(?:two|three|four|five|several|both|a number of|various)\s+(?:[a-z-]+\s+)?[a-z-]+s\b|:$"
)


def _with_continuation(sentences: list[Sentence], index: int) -> str | None:
    """The answer built on the chosen sentence: its whole paragraph when that
    is short enough to recall and says nothing to the reader (the block's
    steps and causes, not the first of them); else the sentence, with the
    next when that one continues it ("This contributes to ...", "For
    example, ...") or gives what it announces ("... through two signals.");
    None when what it announces runs past a recallable length."""
    paragraph = _paragraph_of(sentences, index)
    if _recallable(paragraph) and not any(_addresses_reader(s.text) for s in paragraph):
        return " ".join(s.text for s in paragraph)
    chosen = sentences[index]
    answer = chosen.text
    following = sentences[index + 1] if index + 1 < len(sentences) else None
    continues = following is not None and following.previous == chosen.text
    if continues and following is not None and _ANNOUNCES.search(chosen.text.rstrip(".")):
        joined = [chosen, following]
        return " ".join(s.text for s in joined) if _recallable(joined) else None
    if (
        continues
        and following is not None
        and (starts_dangling(following.text) or following.text.startswith("For example"))
        and len(answer.split()) < 30
    ):
        answer += " " + following.text
    return answer


def _paragraph_of(sentences: list[Sentence], index: int) -> list[Sentence]:
    """The sentences of the paragraph that holds sentences[index], in order."""
    start = index
    while start > 0 and sentences[start].previous == sentences[start - 1].text:
        start -= 1
    end = index + 1
    while end < len(sentences) and sentences[end].previous == sentences[end - 1].text:
        end += 1
    return sentences[start:end]


def _recallable(sentences: list[Sentence]) -> bool:
    """Whether sentences are short enough to recall as one answer."""
    count = sum(len(s.text.split()) for s in sentences)
    return len(sentences) <= _MAX_ANSWER_SENTENCES and count <= _MAX_ANSWER_WORDS


def _addresses_reader(sentence: str) -> bool:
    """Whether a sentence speaks to the reader or draws a picture: no answer."""
    return bool({"you", "your"} & set(words(sentence))) or ANALOGY.search(sentence) is not None


# The name a hyphen joins to a span ("1-alpha-"), or the word one space
# before it: a compound name's modifier.
_HYPHENATED = re.compile(r"[A-Za-z0-9]+(?:-[A-Za-z0-9]+)*-$")
_WORD_BEFORE = re.compile(r"(?:^|\s)((?:[a-z0-9]+-)*([a-z][a-z0-9]*)) $")
# A hyphenated modifier with a capital in it ("L-amino", "N-methyl").
_NAMED_PART_BEFORE = re.compile(r"(?:^|\s)([A-Z]-[a-z][a-z0-9]*) $")
# Kinds a name is said to be of ("the enzyme 1-alpha-hydroxylase"): before a
# name, a class, not a part of it.
_KIND_NOUNS = frozenset("enzyme enzymes hormone hormones protein proteins receptor gland".split())


def whole_compound(sentence: str, span: tuple[int, int]) -> tuple[int, int]:
    """A one-word span widened to the compound name it ends: "1-alpha-
    {{hydroxylase}}" hides the whole name, "serine {{kinases}}" the kind of
    kinase too, since the modifier left in view is what tells the answer
    apart. A small word before it ("the", "of") is no modifier."""
    start, end = span
    hidden = sentence[start:end]
    if " " in hidden.strip() or not hidden[:1].islower():
        return span
    hyphenated = _HYPHENATED.search(sentence[:start])
    if hyphenated is not None:
        # "dopamine beta-{{hydroxylase}}": the name goes on to the noun
        # before its hyphenated part ("the enzyme 1-alpha-..." is a class).
        start = hyphenated.start()
        before = _WORD_BEFORE.search(sentence[:start])
        if before is not None and noun_modifier(before[2]) and before[2] not in _KIND_NOUNS:
            start = before.start(1)
        return (start, end)
    # "11-beta-hydroxysteroid {{dehydrogenase}}": a hyphenated modifier
    # counts by its last part.
    before = _WORD_BEFORE.search(sentence[:start])
    if before is not None and noun_modifier(before[2]) and not _own_head(sentence, before, hidden):
        return (_named_start(sentence, before.start(1)), end)
    return span


def _named_start(sentence: str, start: int) -> int:
    """Where a chemical name begins that a modifier at `start` continues:
    "L-amino acid decarboxylase" takes its "L-amino", and the capitalised
    word opening the sentence right before that ("Aromatic")."""
    named = _NAMED_PART_BEFORE.search(sentence[:start])
    if named is None:
        return start
    start = named.start(1)
    return 0 if re.fullmatch(r"[A-Z][a-z]+ ", sentence[:start]) else start


# Determiners of one thing: the noun after them heads its own phrase.
_SINGULAR_DETERMINERS = frozenset("a an one each every another".split())
_IRREGULAR_PLURALS = frozenset("children people men women feet teeth mice".split())


def _own_head(sentence: str, before: re.Match[str], hidden: str) -> bool:
    """Whether the word before a plural is the head of a phrase of its own,
    not its modifier: "one reason children ..." (a reason; children with
    ...), where "a serine kinase" or "serine kinases" are one name."""
    determiner = words(sentence[: before.start(1)])[-1:]
    plural = hidden.endswith("s") or hidden.lower() in _IRREGULAR_PLURALS
    return bool(determiner) and determiner[0] in _SINGULAR_DETERMINERS and plural


def is_topic(span: str, topic: str | None) -> bool:
    """Whether a span is the article's topic itself (in the plural too)."""
    match = find_term(topic, span) if topic else None
    return match is not None and match.group(0) == span.strip()


def stem(word: str) -> str:
    """A crude stem, so 'hormonal' and 'hormones' meet at 'hormon'."""
    for suffix in ("ation", "ance", "ity", "ing", "al", "es", "ed", "s"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            return word[: -len(suffix)]
    return word


def cloze_cards(text: ArticleText, section: str, ids: CardIds) -> list[CardDraft]:
    """One cloze for each studyable sentence of a section worth asking, and
    no more than one: on its facts and defined terms (in a pull quote, its
    key terms), else on the claim it states (the contrast, the effect, the
    means), so every paragraph that explains a mechanism is asked. A deletion
    the card linter would call trivial (the article's topic, a word shown
    elsewhere, one item of a list) is never made. A sentence that points
    back comes with the sentence(s) it points to, or gets no card; one that
    answers a question heading, or repeats another, gets none."""
    cards = []
    seen = {" ".join(words(s)) for s in answered_sentences(text, section)}
    asked: set[str] = set()  # what the section's clozes hide so far
    entries = text.in_section(section)
    for index, entry in enumerate(entries):
        sentence = entry.sentence
        normalised = " ".join(words(sentence.text))
        if normalised in seen or not studyable(sentence.text):
            continue
        block = [
            e.sentence.text for e in entries[: index + 1] if e.sentence.heading == sentence.heading
        ]
        context = with_antecedents(block)
        if context == "" and _dose_of_nothing_named(text, sentence.text) and len(block) > 1:
            # "An adult auto-injector delivers {{0.3 mg}} ...": a dose of
            # what? Of the drug the sentence before names.
            before = with_antecedents(block[:-1])
            lead = "" if before is None else f"{before} {block[-2]}".strip()
            # Only when it names the thing: a sentence that does not is no help.
            if lead and _names_a_term(text, lead):
                context = lead
        if context is None:
            continue
        deletions = _deletions(
            text, sentence.text, entry.standalone, context, sentence.previous, asked
        )
        if not deletions:
            continue
        seen.add(normalised)
        # A dose may be asked again of another drug ("taken {{twice weekly}}").
        quantities = quantity_spans(sentence.text)
        asked |= {_asked_key(sentence.text[a:b]) for a, b in deletions if (a, b) not in quantities}
        first_start, first_end = deletions[0]
        # Named by the long form alone: the id a card had before its letters
        # joined the gap.
        key = _asked_key(sentence.text[first_start:first_end])
        card_id = ids.claim(sentence_card_id("cloze", key, sentence.text))
        lead = f"{context} " if context else ""
        fields = {"text": lead + cloze_text(sentence.text, deletions)}
        explained = explained_word(sentence.text)
        if explained is not None and deletions == [explained[0]]:
            # "is often {{bidirectional}}, meaning ...": what it means would
            # give the word away; it is the card's back.
            (_, word_end), said = explained
            shown, explanation = sentence.text[:word_end], sentence.text[said:]
            fields = {
                "text": f"{lead}{cloze_text(shown, deletions)} …",
                "extra": f"… {explanation.strip()}",
            }
        cards.append(
            CardDraft(
                card_id,
                CardKind.CLOZE,
                fields,
                section,
                sentence.heading,
                lead + sentence.text,
                entry.line,
            )
        )
    return cards


def _deletions(
    text: ArticleText,
    sentence: str,
    standalone: bool,
    context: str,
    previous: str | None,
    asked: set[str],
) -> list[Span]:
    """What to hide in a sentence: its facts and defined terms (and a pull
    quote's key terms), else the best part of the claim it states; only
    deletions that the linter's trivial-target rule lets pass. A short
    sentence that only relates two things vaguely gets none."""
    if _vague_relation(sentence):
        return []
    claims = [[with_abbreviation(sentence, span) for span in c] for c in claim_spans(sentence)]
    # A contrast ("serine residues, rather than the normal tyrosine residues")
    # is what tells two things apart: asked before any term in the sentence.
    # Unless the sentence states a measure ("a half-life of only 2-4
    # minutes, which is why ... a {{short peak}} rather than a sustained
    # rise"): the number is the fact, the contrast what follows from it.
    measured = any(
        _fair(text, sentence, [span], context, asked) for span in measure_spans(sentence)
    )
    for candidate in claims[:1]:
        if (
            not measured
            and contrasted(sentence, candidate)
            and _fair(text, sentence, candidate, context, asked)
        ):
            return candidate
    facts = fact_spans(sentence, text.abbreviations) + defined_term_spans(sentence)
    if standalone:
        facts += [
            span
            for span in key_term_spans(sentence, text.key_phrases, text.topic)
            if not _background(text, sentence[span[0] : span[1]])
        ]
    facts = [with_abbreviation(sentence, whole_compound(sentence, span)) for span in facts]
    # "kinases such as JNK and IKKβ": the examples are the fact, not the class.
    facts = [
        examples[0] if len(examples := examples_after(sentence, span[1])) == 1 else span
        for span in facts
    ]
    chosen: list[Span] = []
    for span in joined_pairs(sentence, non_overlapping(facts)):
        fair = _fair(text, sentence, [*chosen, span], context, asked)
        if len(chosen) < _MAX_DELETIONS and fair:
            chosen.append(span)
    # An analogy, or a sentence that goes on with one ("Consider ... as an
    # orchestra. When one section ... it can disrupt the entire performance"),
    # and a statement of aims state no mechanism to ask.
    said = f"{previous or ''} {sentence}"
    if chosen or ANALOGY.search(said) or _AIM.search(said) or _FRAMING.search(sentence):
        return sorted(chosen)
    if standalone and _recaps_asked_names(text, sentence, asked):
        return []
    for candidate in claims:
        if (
            _fair(text, sentence, candidate, context, asked)
            and not any(_background(text, sentence[a:b]) for a, b in candidate)
            and not _head_in_view(context, sentence, candidate)
        ):
            return candidate
    return []


def _recaps_asked_names(text: ArticleText, sentence: str, asked: set[str]) -> bool:
    """Whether a pull quote (a paragraph of one sentence) only brings back
    names the section's clozes have asked, two or more ("Insulin resistance
    creates a systemic ripple, disrupting the delicate balance of the HPG and
    HPA axes, thereby altering {{sex hormone and stress hormone
    regulation}}" after "The {{Hypothalamic-Pituitary-Gonadal (HPG)}} axis,
    responsible for regulating reproductive function, and the ...
    {{Hypothalamic-Pituitary-Adrenal (HPA)}} axis, governing the stress
    response"): its claim is a recap of what those cards ask."""
    named = {
        _asked_key(long)
        for short, (long, _) in text.abbreviations.items()
        if find_term(short, sentence) or find_term(long, sentence)
    }
    named |= {
        _asked_key(phrase)
        for phrase in text.key_phrases
        if find_term(phrase, sentence) and not set(words(phrase)) <= text.topic_words
    }
    return len(named) >= 2 and named <= asked


def _dose_of_nothing_named(text: ArticleText, sentence: str) -> bool:
    """Whether a sentence gives a dose or an amount (a figure with a unit)
    but names none of the article's terms, its topic or an abbreviation it
    spells out: the amount is of something only the sentence before says."""
    return bool(quantity_spans(sentence)) and not _names_a_term(text, sentence)


def _names_a_term(text: ArticleText, passage: str) -> bool:
    """Whether a passage names one of the article's terms, its topic or an
    abbreviation it spells out."""
    named = [*text.key_phrases, *text.abbreviations, *text.topic_words]
    return any(find_term(term, passage) for term in named)


def _vague_relation(sentence: str) -> bool:
    """Whether a short sentence's only claim is that one named thing bears on
    another ("Insulin resistance also influences the {{growth hormone (GH)}}
    axis."): any gap in it fits whatever the learner guesses ("the ___ axis")."""
    return (
        len(sentence.split()) <= _VAGUE_RELATION_WORDS
        and _VAGUE_RELATION.match(sentence) is not None
    )


def _head_in_view(context: str, sentence: str, spans: list[Span]) -> bool:
    """Whether a short claim's head word shows elsewhere in the card, so only
    its modifier is asked ("can lead to receptor downregulation. ... can drive
    {{excessive downregulation}}"): the learner fills in a word by its echo."""
    for start, end in spans:
        hidden = words(sentence[start:end])
        rest = f"{context} {sentence[:start]} {sentence[end:]}"
        if 0 < len(hidden) <= 2 and stem(hidden[-1]) in {stem(w) for w in words(rest)}:
            return True
    return False


# A phrase the article names this often is its background vocabulary.
_BACKGROUND_MENTIONS = 8


def _background(text: ArticleText, phrase: str) -> bool:
    """Whether a claim's phrase is one the article keeps naming ("stress
    worsens {{insulin sensitivity}}" in an article that says "insulin
    sensitivity" a dozen times): a learner fills it in by habit, not recall."""
    return count_term(phrase, text.body_text) >= _BACKGROUND_MENTIONS


def _fair(
    text: ArticleText, sentence: str, spans: list[Span], context: str, asked: set[str]
) -> bool:
    """Whether hiding these spans asks something: none is the article's
    topic, not all were asked already in the section ("the {{thyroid gland}}"
    three times), and the linter finds no trivial or broken deletion."""
    if any(is_topic(_SHORT_FORM_END.sub("", sentence[a:b]), text.topic) for a, b in spans):
        return False
    if all(_asked_key(sentence[a:b]) in asked for a, b in spans):
        return False
    if len(spans) == 1 and one_list_item(sentence, spans[0]):
        return False
    full = f"{context} {cloze_text(sentence, sorted(spans))}".strip()
    long_forms = {short: long for short, (long, _) in text.abbreviations.items()}
    if trivial_cloze_target(full, text.topic_words, long_forms) is not None:
        return False
    return all(broken_cloze_span(full, sentence[a:b]) is None for a, b in spans)


# "(TRT)" closing a deletion: the name asked is the same with it or without.
_SHORT_FORM_END = re.compile(r"\s*\([^()]{1,12}\)$")


def _asked_key(deletion: str) -> str:
    """What a deletion asks, to tell whether the section asked it already:
    "{{Testosterone Replacement Therapy (TRT)}}" and, later, "{{Testosterone
    Replacement Therapy}}" ask one name."""
    return _SHORT_FORM_END.sub("", deletion).lower()


# "In some cases, this ...": a pointing subject after a short opening phrase.
_OPENER_POINTING = re.compile(r"^(?:\S+\s+){0,3}\S+,\s+(?:it|this|these|such)\b", re.IGNORECASE)
# "The liver first converts it into calcidiol": a pronoun among the first
# words, before anything it could stand for.
_EARLY_IT = re.compile(r"^(?:\S+\s+){1,4}(?:it|they|them)\b(?![’'])", re.IGNORECASE)
# "these lipid metabolites": the plural nouns a "these" points back to.
_THESE = re.compile(r"\b(?:these|this) ([a-z]+)(?: ([a-z]+))?", re.IGNORECASE)


def with_antecedents(block: list[str]) -> str | None:
    """The context the last sentence of a block needs to be read on its own:
    "" when it needs none; the sentence before it when it opens by pointing
    back ("This leads to ..."); the nearest earlier sentence naming what
    "these lipid metabolites" are, joined by " … " when not adjacent; and so
    on for the context itself, up to two sentences. None when the block
    holds no such sentence: the card is not made."""
    chain = [len(block) - 1]
    if _names_the_act_before(block):
        # "... leptin binds the long form of the receptor. Binding activates
        # JAK2 ...": the binding is the one the sentence before tells of.
        chain.insert(0, len(block) - 2)
    while points_back(_joined(block, chain)):
        if len(chain) > _MAX_CONTEXT:
            return None
        lead = block[chain[0]]
        if starts_dangling(lead) or _OPENER_POINTING.match(lead) or _EARLY_IT.match(lead):
            antecedent = chain[0] - 1 if chain[0] > 0 else None
        else:
            antecedent = _naming(block, chain[0])
        if antecedent is None or antecedent < 0:
            return None
        chain.insert(0, antecedent)
    # The context ends in " … " when it skips sentences before this one.
    return _joined(block, chain)[: -len(block[-1])].rstrip()


# A sentence that opens with a bare verbal noun and goes on to its verb:
# "Binding activates ..." (no "of ..." says whose binding).
_BARE_GERUND = re.compile(r"^([A-Z][a-z]{2,})ing\s+(?:[a-z]+ly\s+)?[a-z]+s\b")


def _names_the_act_before(block: list[str]) -> bool:
    """Whether the last sentence opens with a bare verbal noun ("Binding")
    whose verb the sentence before it uses ("leptin binds ..."): the act is
    that one, which the card must show."""
    match = _BARE_GERUND.match(block[-1])
    if match is None or len(block) < 2:
        return False
    stem = match[1].lower()
    return any(word.startswith(stem) for word in words(block[-2]))


def points_back(text: str) -> bool:
    """Whether a text read on its own points at something before it: the
    linter's dangling-pronoun rule, a pronoun among its first words, or a
    definite reference to something it never names."""
    return (
        dangling_pronoun(text) is not None
        or _EARLY_IT.match(text) is not None
        or _unresolved_reference(text)
    )


# "by contrast" / "in contrast" / "instead" with nothing after it: the
# contrast is with what came before ("In contrast to X", "instead of X"
# name their X): "IGF-1 ... tends instead to lower blood glucose".
_BARE_CONTRAST = re.compile(
    r"\b(?:(?:by|in) contrast\b(?!\s+(?:to|with)\b)|instead\b(?!\s+of\b))", re.IGNORECASE
)
# Shell nouns: "the test", "The signal", "the same pathway" stand for a
# test, signal or pathway the text has named before. "the process of X" and
# "the same time as X" name it after, so they point nowhere back; nouns that
# mostly stand for the article's own subject ("the diagnosis" of the disease
# just named, "the treatment") are left out.
_SHELL_NOUNS = "test|signal|pathway|condition|procedure|disorder|process|mechanism"
# "The classic triad of headache, sweating and palpitations ... should
# prompt testing": classic of what? Of the disease the sentence before names.
_CLASSIC = re.compile(
    r"\bthe (?:classic|typical|characteristic) [a-z]+|"
    # "Ghrelin does the opposite and ...": the opposite of what came before.
    r"\b(?:does|do|did|has|have|had) (?:just )?the (?:opposite|reverse)\b",
    re.IGNORECASE,
)
_SHELL = re.compile(
    rf"\bthe (?:same )?({_SHELL_NOUNS})(?:['’]s)?\b(?!\s+(?:of|as)\b)", re.IGNORECASE
)
# "this rhythm." / "this cellular unresponsiveness,": a thing named by
# "this" at the end of a clause (where no verb can follow it: "this
# increases ..." is a pronoun, "this dual effect — A and B —" names its own).
_THIS_NOUN = re.compile(r"\bthis(?: [a-z]+)? ([a-z]{4,})(?=[.,;:])")
_ORDINAL = re.compile(
    r"\b(?:a|the)\s+(?:second|further|repeat|subsequent)\s+([a-z]{3,})\b|"
    r"\banother\s+([a-z]{3,})\b",
    re.IGNORECASE,
)
# Enough of a word to meet its other forms ("diagnosis", "diagnose").
_ROOT = 6


def _unresolved_reference(text: str) -> bool:
    """Whether a text refers to something by a definite phrase ("the same
    pathway", "the test", "by contrast") that nothing before it in the
    text names: read alone, the card asks about something it never shows."""
    for match in [*_BARE_CONTRAST.finditer(text), *_CLASSIC.finditer(text)]:
        if not re.search(r"[.!?]\s", text[: match.start()]):
            return True
    # "... the master clock that times this rhythm": a "this" noun the text
    # has not named before points to a sentence before it ("this cellular
    # unresponsiveness": either word will do).
    for match in _THIS_NOUN.finditer(text):
        if not _named_before(text, match.start(), [w for w in words(match[0])[1:] if len(w) >= 4]):
            return True
    # "a second dose may be given after ...": a second one of a thing the
    # text has not named before; "the test", "the same pathway" likewise.
    for match in _ORDINAL.finditer(text):
        if not _named_before(text, match.start(), [match[1] or match[2]]):
            return True
    for match in _SHELL.finditer(text):
        if not _named_before(text, match.start(), [match[1]]):
            return True
    return False


def _named_before(text: str, position: int, nouns: list[str]) -> bool:
    """Whether the text before `position` has a word that meets one of the
    nouns by its root ("diagnose" for "diagnosis")."""
    roots = [noun.lower()[:_ROOT] for noun in nouns]
    return any(word.startswith(root) for word in words(text[:position]) for root in roots)


def _naming(block: list[str], index: int) -> int | None:
    """The nearest sentence before `index` that names a noun of the unnamed
    "these ..." in the sentence at `index`, or the one just before it."""
    nouns: set[str] = set()
    for match in _THESE.finditer(block[index]):
        nouns |= {stem(w.lower()) for w in match.groups() if w and w.lower() not in STOPWORDS}
    naming = [
        earlier
        for earlier in range(index - 1, -1, -1)
        if nouns & {stem(w) for w in words(block[earlier])} and not starts_dangling(block[earlier])
    ]
    # "A pheochromocytoma is a rare tumour ..." says which tumours "these
    # tumours" are; "... make a tumour very likely", nearer, does not.
    defining = [earlier for earlier in naming if _defines_one_of(block[earlier], nouns)]
    if defining:
        return defining[0]
    if naming:
        return naming[0]
    return index - 1 if index > 0 else None


def _defines_one_of(sentence: str, nouns: set[str]) -> bool:
    """Whether the sentence says what something is by one of the nouns: "X is
    a rare tumour of ..."."""
    return any(stem(match[1].lower()) in nouns for match in _IS_A.finditer(sentence))


# "is a rare tumour", "are the main cells": the noun a copula classes its subject by.
_IS_A = re.compile(
    r"\b(?:is|are)\s+(?:a|an|the)\s+(?:[a-z-]+\s+){0,2}?([a-z]+)\b(?=\s+(?:of|that|which|in|,)|[.,])"
)


def _joined(block: list[str], chain: list[int]) -> str:
    """Sentences of a block in order, " … " where the chain skips some."""
    text = ""
    for position, index in enumerate(chain):
        if position:
            text += " " if index == chain[position - 1] + 1 else " … "
        text += block[index]
    return text
