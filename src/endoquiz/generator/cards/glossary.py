"""The glossary deck: term -> definition cards, fragments as clozes, and abbreviations."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from endoquiz import CardKind
from endoquiz.generator.article_model import DefinitionItem, GlossaryEntry
from endoquiz.generator.card_lint import (
    cloze_deletions,
    dangling_pronoun,
    duplicate_answers,
    plain_cloze,
    trivial_cloze_target,
)
from endoquiz.generator.cards.article_text import (
    PREPOSITIONS,
    STOPWORDS,
    ArticleText,
    noun_modifier,
    studyable,
)
from endoquiz.generator.cards.bullets import (
    asked_in_its_section,
    bullet_term_card,
    group_labels,
    short_forms,
    unasked_reason,
)
from endoquiz.generator.cards.card_ids import CardIds, sentence_card_id
from endoquiz.generator.cards.drafts import CardDraft, GlossaryAction, GlossaryDecision
from endoquiz.generator.cards.fact_spans import cloze_text, defined_term_spans
from endoquiz.generator.cards.sections import points_back, stem
from endoquiz.generator.glossary_terms import (
    VERBS,
    Sentence,
    TermRole,
    TermSentence,
    classify_term,
    count_term,
    defining_sentences,
    find_term,
    is_subject,
    term_matches,
    what_is,
)
from endoquiz.generator.text_cleanup import slugify, split_sentences, words

__all__ = [
    "GlossaryCards",
    "Taken",
    "abbreviation_cards",
    "author_definition_card",
    "containing_term",
    "entry_card",
    "fragment_cloze",
    "glossary_cards",
    "key_term_cards",
    "listed_definition",
    "prose_defined_terms",
    "prose_term_cards",
    "recurring_subjects",
    "term_card",
]


@dataclass(frozen=True, slots=True)
class GlossaryCards:
    """The glossary deck's cards, and what became of each glossary entry."""

    cards: list[CardDraft]
    decisions: list[GlossaryDecision]


def glossary_cards(
    text: ArticleText,
    skip_terms: frozenset[str],
    ids: CardIds,
    earlier: Sequence[CardDraft] = (),
) -> GlossaryCards:
    """A card for each entry of the article's Glossary (a definition for a
    term, a cloze for a fragment), then for the terms its lists define and
    its prose defines that the Glossary lacks, then for each abbreviation.

    `earlier` holds the article's section cards: no glossary card repeats an
    answer one of them gives, and no two glossary cards share a sentence.
    Terms choose their sentences before fragments do: a fragment cut from a
    term's definition would give that definition away.
    """
    taken = Taken([*earlier])
    # Terms the lists and the prose must not card again: those carded here
    # and those the metadata leaves out. An entry dropped here keeps its bullet's card.
    done: set[str] = set()
    real_terms = [
        e.term for e in text.article.glossary if classify_term(e.term, text.body_text) is None
    ]
    outcomes: dict[int, tuple[CardDraft | None, GlossaryDecision]] = {}
    fragments: list[int] = []
    seen: set[str] = set()
    for index, entry in enumerate(text.article.glossary):
        key = entry.term.casefold()
        dropped = _dropped_entry(entry.term, key in seen, key in skip_terms, real_terms, text)
        seen.add(key)
        if dropped is not None:
            if key in skip_terms:
                done.add(key)
            outcomes[index] = (None, dropped)
        elif entry.definition is None and classify_term(entry.term, text.body_text) is not None:
            fragments.append(index)
        else:
            outcomes[index] = entry_card(text, entry, ids, taken)
    for index in fragments:
        outcomes[index] = entry_card(text, text.article.glossary[index], ids, taken)
    cards: list[CardDraft] = []
    decisions: list[GlossaryDecision] = []
    for index in sorted(outcomes):
        card, decision = outcomes[index]
        decisions.append(decision)
        if card is not None:
            done.add(text.article.glossary[index].term.casefold())
            cards.append(card)
    cards += key_term_cards(text, done, ids, taken)
    cards += prose_term_cards(text, done, ids, taken)
    cards += abbreviation_cards(text, ids, earlier)
    return GlossaryCards(cards, decisions)


def _dropped_entry(
    term: str, repeated: bool, skipped: bool, real_terms: list[str], text: ArticleText
) -> GlossaryDecision | None:
    """Why an entry gets no card before its text is read, if it does not."""
    if repeated:
        return GlossaryDecision(term, GlossaryAction.DROPPED, "repeats an earlier entry")
    if skipped:
        return GlossaryDecision(
            term, GlossaryAction.DROPPED, "listed in skip_terms of the metadata file"
        )
    longer = containing_term(term, real_terms, text)
    if longer is not None:
        return GlossaryDecision(term, GlossaryAction.DROPPED, f"occurs only as part of '{longer}'")
    return None


class Taken:
    """The cards an article's decks hold so far: a new card must not repeat
    one's answer (nor a cloze its text), and a glossary card must not reuse
    another glossary card's sentence."""

    def __init__(self, cards: list[CardDraft]) -> None:
        self._cards = cards
        self._clozes: dict[tuple[str, str], str] = {}
        self._sentences: dict[str, str] = {}
        self._answered: dict[str, str] = {}
        self._gapped: dict[str, tuple[str, str]] = {}
        self._question_answers: list[tuple[str, str]] = []
        for card in cards:
            self._hold_cloze(card)
            # A question heading's answer is the article's own prose: the
            # glossary asks nothing more of those sentences, but what one of
            # them says a term is ("Ghrelin, a hormone made by the stomach").
            if card.kind is CardKind.BASIC and card.fields.get("back") == card.quote:
                self._question_answers.append((card.id, card.quote))
                for sentence in split_sentences(card.quote):
                    self._answered.setdefault(sentence, card.id)

    def restated_by(self, term: str, card: CardDraft) -> str | None:
        """The id of the question card whose answer already says, about the
        term, what `card` answers: it names the term and holds nearly every
        content word of `card`'s answer ("in the intestine, it works
        indirectly, by increasing the production of calcitriol, ... which
        improves calcium absorption from food" for "Intestine: PTH acts
        indirectly, through calcitriol, which increases the absorption of
        calcium from food")."""
        answer = _content_stems(str(card.fields.get("back", "")))
        if not answer:
            return None
        for question_id, back in self._question_answers:
            if find_term(term, back) is None:
                continue
            shared = len(answer & _content_stems(back))
            if shared >= _RESTATED_SHARE * len(answer):
                return question_id
        return None

    def add(self, card: CardDraft, sentences: Sequence[str] = ()) -> None:
        """Hold `card` from now on, and the glossary sentences it quotes."""
        self._cards.append(card)
        self._hold_cloze(card)
        for sentence in sentences:
            self._sentences.setdefault(sentence, card.id)

    def _hold_cloze(self, card: CardDraft) -> None:
        for key in _cloze_keys(card):
            self._clozes.setdefault(key, card.id)
        for plain, marked in _gapped_sentences(card):
            self._gapped.setdefault(plain, (card.id, marked))

    def gapped(self, sentence: str, term: str | None = None) -> str | None:
        """The id of the cloze that hides something in `sentence`, if any: a
        second cloze on it, with the other gap, asks the learner to read the
        same sentence again for what the first one showed. With `term`, only
        a cloze that hides what the term does, right after it ("Calcitriol
        increases the {{absorption ...}}"): hiding the term then asks the
        same fact the other way round, where a gap elsewhere in the sentence
        (a dose, another hormone) asks something else."""
        found = self._gapped.get(sentence)
        if found is None:
            return None
        card_id, marked = found
        return card_id if term is None or _hides_what_it_does(marked, term) else None

    def repeated_by(self, card: CardDraft) -> str | None:
        """The id of the card whose answer (or cloze) `card` repeats, if any,
        by the linter's rule for duplicate answers; a cloze repeats one that
        hides the same thing in the same text ("{{Polycystic Ovary Syndrome
        (PCOS)}}" and "{{Polycystic Ovary Syndrome}} (PCOS)" alike)."""
        if "text" in card.fields:
            return next((self._clozes[k] for k in _cloze_keys(card) if k in self._clozes), None)
        return duplicate_answers([*self._cards, card]).get(card.id)

    def quoting(self, sentence: str, *, answers: bool = True) -> str | None:
        """The id of the glossary card that already quotes `sentence`, or
        (with `answers`) of the question card whose answer holds it, if any."""
        found = self._sentences.get(sentence)
        if found is None and answers:
            found = self._answered.get(sentence)
        return found


# A short form in brackets at the end of a deletion, or right after it.
_SHORT_FORM_IN_DELETION = re.compile(r"\s*\([^()]{1,12}\)$")


# The share of an answer's content words another answer must hold to say
# the same thing in other words ("acts"/"works", "increases"/"improves" may differ).
_RESTATED_SHARE = 0.75


def _content_stems(text: str) -> set[str]:
    """The content words of a text, crudely stemmed so that 'absorption' and
    'absorb', 'increases' and 'increasing' meet."""
    return {stem(word) for word in words(text) if word not in STOPWORDS}


def _gapped_sentences(card: CardDraft) -> list[tuple[str, str]]:
    """The sentences of a cloze card that hold a deletion, without markup and
    with it; not those it only shows around them."""
    if "text" not in card.fields:
        return []
    return [
        (plain_cloze(sentence), sentence)
        for sentence in split_sentences(str(card.fields["text"]))
        if cloze_deletions(sentence)
    ]


# At most this many words between a term and a gap make the gap its verb's
# object: "Calcitriol increases the {{...}}".
_VERB_AND_OBJECT = 3


def _hides_what_it_does(marked: str, term: str) -> bool:
    """Whether a cloze sentence hides, right after the term and in its
    clause, what the term does or is."""
    match = find_term(term, marked)
    gap = marked.find("{{")
    if match is None or gap < match.end():
        return False
    between = marked[match.end() : gap]
    return not re.search(r"[,;:()]", between) and len(words(between)) <= _VERB_AND_OBJECT


def _cloze_keys(card: CardDraft) -> list[tuple[str, str]]:
    """(the text without its markup, one hidden thing) for each deletion of a
    cloze card, a bracketed short form aside: what the card asks, wherever
    its braces stand."""
    if "text" not in card.fields:
        return []
    text = str(card.fields["text"])
    plain = " ".join(words(plain_cloze(text)))
    return [
        (plain, _SHORT_FORM_IN_DELETION.sub("", hidden).casefold())
        for hidden in cloze_deletions(text)
    ]


def containing_term(term: str, terms: Sequence[str], text: ArticleText) -> str | None:
    """The longer glossary term that holds every occurrence of `term` in the
    article (testosterone replacement in testosterone replacement therapy):
    the entry is a piece of that term, not a term of its own."""
    occurrences = [m.span() for m in term_matches(term, text.body_text)]
    if not occurrences:
        return None
    for longer in terms:
        if len(longer) <= len(term) or find_term(term, longer) is None:
            continue
        spans = [m.span() for m in term_matches(longer, text.body_text)]
        if all(any(s <= start and end <= e for s, e in spans) for start, end in occurrences):
            return longer
    return None


def entry_card(
    text: ArticleText, entry: GlossaryEntry, ids: CardIds, taken: Taken | None = None
) -> tuple[CardDraft | None, GlossaryDecision]:
    """The card of one glossary entry (the author's definition, else a
    definition from the text for a term, a cloze for a fragment), if the
    article allows one, and the decision to report. `taken` holds the cards
    made so far, and the card made here from now on."""
    term, line = entry.term, entry.line
    taken = taken if taken is not None else Taken([])
    if entry.definition is not None:
        card = author_definition_card(entry, ids)
        taken.add(card)
        return card, GlossaryDecision(
            term, GlossaryAction.DEFINITION, "a term, with the author's definition"
        )
    fragment = classify_term(term, text.body_text)
    if fragment is None:
        return term_card(text, term, line, ids, taken)
    cloze = fragment_cloze(text, term, line, ids, taken)
    if cloze is None:
        reason = (
            f"a sentence fragment ({fragment}), and no sentence holds it as a whole part "
            "of a clause, stands on its own and is free of another glossary card"
        )
        return None, GlossaryDecision(term, GlossaryAction.DROPPED, reason)
    return cloze, GlossaryDecision(term, GlossaryAction.CLOZE, f"a sentence fragment ({fragment})")


def author_definition_card(entry: GlossaryEntry, ids: CardIds) -> CardDraft:
    """A term with the definition its Glossary entry gives, quoted from there."""
    assert entry.definition is not None
    card_id = ids.claim(f"term-{slugify(entry.term)}")
    fields = {"front": what_is(entry.term), "back": entry.definition}
    quote = f"{entry.term}: {entry.definition}"
    return CardDraft(card_id, CardKind.BASIC, fields, "Glossary", None, quote, entry.line)


def term_card(
    text: ArticleText,
    term: str,
    line: int,
    ids: CardIds,
    taken: Taken | None = None,
    *,
    defined_only: bool = False,
) -> tuple[CardDraft | None, GlossaryDecision]:
    """A term's card and the decision to report: its bullet's definition;
    else "What is X?" answered by the sentence that defines it (with the one
    before when it points back); else a cloze of the term in a sentence that
    has it as its subject, the learner recalling it from what the sentence
    says it is or does. No card for a term the article only mentions in
    passing, nor from a sentence another card already answers with.
    `defined_only` asks for a defining sentence (terms of no Glossary);
    `line` 0 quotes the line of the sentence chosen."""
    taken = taken if taken is not None else Taken([])
    listed = listed_definition(text, term, ids)
    if listed is not None:
        taken.add(listed)
        return listed, GlossaryDecision(
            term, GlossaryAction.DEFINITION, "a term, defined by its bullet"
        )
    bullet = _listed_item(text, term)
    unasked = None if bullet is None else unasked_reason(bullet, text.article)
    if unasked is not None:
        return None, GlossaryDecision(term, GlossaryAction.DROPPED, unasked)
    ranked = defining_sentences(term, list(text.sentences))
    wanted = TermRole.DEFINES if defined_only else TermRole.CHARACTERISES
    refusals: list[str] = []
    for candidate in ranked:
        if candidate.role < wanted:
            break
        where = line or text.line_of(candidate.sentence)
        draft = (
            _definition_draft(term, candidate, where)
            if candidate.role is TermRole.DEFINES
            else _characterising_cloze(text, term, candidate, where)
        )
        if _is_passage(draft, candidate.sentence.text):
            # "What are chondrocytes?" answered by two sentences buries the
            # definition: the term is hidden in its sentence instead, the one
            # it leans on shown before it, unless another card asks that.
            hidden = _characterising_cloze(text, term, candidate, where)
            if (
                not isinstance(hidden, str)
                and taken.quoting(candidate.sentence.text) is None
                and taken.gapped(candidate.sentence.text, term) is None
                and taken.repeated_by(hidden) is None
            ):
                draft = hidden
        if isinstance(draft, str):
            refusals.append(draft)
            continue
        # A definition cut out of a question's answer asks what the term is,
        # which the question does not.
        cut = draft.kind is CardKind.BASIC and candidate.sentence.text not in draft.quote
        quoting = taken.quoting(candidate.sentence.text, answers=not cut)
        if draft.kind is CardKind.CLOZE:
            quoting = quoting or taken.gapped(candidate.sentence.text, term)
        repeated = quoting or taken.repeated_by(draft)
        if repeated is not None:
            refusals.append(f"its sentence is already carded as {repeated}")
            continue
        if draft.kind is CardKind.BASIC:
            draft.id = ids.claim(f"term-{slugify(term)}")
            decision = GlossaryDecision(
                term, GlossaryAction.DEFINITION, "a term, defined by the article"
            )
        else:
            draft.id = ids.claim(sentence_card_id("term", term, candidate.sentence.text))
            decision = GlossaryDecision(
                term, GlossaryAction.CLOZE, "a term, recalled from a sentence about it"
            )
        taken.add(draft, [candidate.sentence.text])
        return draft, decision
    row_deck = _table_row_section(text, term)
    if row_deck is not None:
        reason = f"its table row is carded in the {row_deck} deck"
    elif refusals:
        reason = f"no card: {refusals[0]}"
    elif ranked:
        reason = "mentioned only in passing"
    else:
        reason = "no sentence of the article mentions it"
    return None, GlossaryDecision(term, GlossaryAction.DROPPED, reason)


def _is_passage(draft: CardDraft | str, sentence: str) -> bool:
    """Whether a definition card's answer is its sentence with the one
    before it: a passage to recall, not a definition."""
    if isinstance(draft, str) or draft.kind is not CardKind.BASIC:
        return False
    back = str(draft.fields["back"])
    return back != sentence and back.endswith(sentence)


def _standing(sentence: Sentence) -> str | None:
    """The sentence as it can be read on its own: with the one before when
    it points back ("This persistent elevation ..."); None when even that
    leans on something neither names."""
    if dangling_pronoun(sentence.text) is None:
        return sentence.text
    if sentence.previous is None or dangling_pronoun(sentence.previous) is not None:
        return None
    joined = f"{sentence.previous} {sentence.text}"
    return joined if dangling_pronoun(joined) is None else None


def _definition_draft(term: str, found: TermSentence, line: int) -> CardDraft | str:
    """'What is X?' answered by the sentence that defines X, with the one
    before when it points back; or why it cannot stand on its own."""
    sentence = found.sentence
    if not studyable(sentence.text):
        return "its defining sentence is addressed to the reader or leaves a relation open"
    answer = (
        _named_definition(sentence.text, found.span, sentence.previous)
        or _appositive_definition(sentence.text, found.span)
        or _naming_clause(sentence.text, found.span)
        or _standing(sentence)
    )
    if answer is None:
        return "its defining sentence leans on sentences before it"
    # "rickets, a condition ...", "X is a ...": one thing, whatever its ending.
    singular = re.match(r"\s*(?:,\s*(?:a|an)|is)\s", sentence.text[found.span[1] :])
    fields = {"front": what_is(term, singular=singular is not None), "back": answer}
    return CardDraft("", CardKind.BASIC, fields, sentence.section, sentence.heading, answer, line)


# ", an enzyme that converts testosterone into estrogen,", " in the testes,
# responsible for testosterone synthesis,": what a sentence says its term is,
# between commas right after it.
_APPOSITIVE_TAIL = re.compile(
    r"(?:\s+in\s+the\s+[\w-]+(?:\s+[\w-]+)?)?\s*(?:\([^()]{1,12}\))?,\s+"
    r"(?:(?:a|an)\s|responsible\s+for\s|which\s)[^,;.:]*(?=,|\.$)"
)


def _appositive_definition(sentence: str, span: tuple[int, int]) -> str | None:
    """The term with what the sentence says it is, as the sentence writes it
    ("Aromatase, an enzyme that converts testosterone into estrogen"), when
    that is said between commas after it: the answer is the definition, not
    the sentence it is set in ("Moreover, insulin resistance can increase the
    activity of aromatase, ... further exacerbating ...")."""
    tail = _APPOSITIVE_TAIL.match(sentence, span[1]) or _MEANING_TAIL.match(sentence, span[1])
    if tail is None:
        return None
    # "thyroid hormone, a condition known as thyroid hormone resistance":
    # an appositive that gives a name defines that name, not the words before it.
    if re.search(r"\b(?:known as|called|termed|referred to as)\s", tail[0]):
        return None
    start = span[0]
    article = re.search(r"\b(?:the|The)\s+$", sentence[:start])
    if article is not None:
        start = article.start()
    # As the sentence's subject ("Ghrelin, a hormone made by the stomach,
    # adds a further push ..."), the rest of the sentence says what the term
    # does, not what it is: the answer stops after the appositive too, when
    # that tells the kind of thing or its role ("a/an ...", "responsible for
    # ..."; "which ..." may go on to what it does).
    if start == 0 and not re.match(r"[^,]*,\s+(?:a|an|responsible\s+for)\s", tail[0]):
        return None
    phrase = sentence[start : tail.end()]
    # Cut before the sentence ends, the answer ends where the cut does: no
    # full stop the article does not write there.
    ending = "." if sentence[tail.end() :].strip() == "." else ""
    return phrase[:1].upper() + phrase[1:] + ending


# ", known as somatropin", ", also called Addison disease": a name given to
# the noun phrase right before it, as an appositive closed by a comma or the
# sentence's end.
_NAMING_BEFORE = re.compile(
    r",\s+(?:(?:also|often|sometimes|commonly)\s+)?(?:termed|called|known\s+as)\s+$"
)
# Words a noun phrase in front of its name can stand right after: where it
# begins. Any other word there ("may make the corner of the mouth twitch,
# known as ...": a verb) leaves its start unknown.
_PHRASE_OPENERS = frozenset(
    "with by as to from into onto on for in within at via through under over after "
    "before during against among between without".split()
)
# Words that cannot be inside a noun phrase a name is given to: a determiner
# that leans on an earlier sentence ("the cartilage cells within these
# plates") or the link of a clause.
_NOT_IN_PHRASE = frozenset(
    "this these that those it its their they which who where when and or but is are was "
    "were".split()
)
# A named noun phrase longer than this is a clause, not a thing.
_LONGEST_NAMED_PHRASE = 6


def _named_definition(
    sentence: str, span: tuple[int, int], previous: str | None = None
) -> str | None:
    """The thing a sentence names the term after, as the sentence writes it
    ("Recombinant human growth hormone, known as somatropin" of "When
    deficiency is confirmed, clinicians may consider replacement with
    recombinant human growth hormone, known as somatropin."): the answer to
    "What is somatropin?" is that noun phrase, not the sentence it is set in.
    Only where the phrase's start is sure: right after a preposition
    ("with", "in"), with no determiner that leans back ("these plates") and
    no indefinite article ("a process called bone remodeling", where the
    sentence around it is what says what the term is)."""
    naming = _NAMING_BEFORE.search(sentence[: span[0]])
    if naming is None or not re.match(r"\s*(?:[,;]|\.$)", sentence[span[1] :]):
        return None
    before = sentence[: naming.start()].split()
    phrase: list[str] = []
    while before and before[-1].casefold() not in _PHRASE_OPENERS:
        phrase.insert(0, before.pop())
    referent = _named_referent(phrase, previous)
    if referent is not None and before:
        # "the cartilage cells within these plates, termed chondrocytes":
        # the plates are the object of "within"; the thing named is the
        # noun phrase the preposition hangs on, which "the" opens.
        head: list[str] = [before.pop()]
        while before and head[0].casefold() != "the" and len(head) <= _LONGEST_NAMED_PHRASE:
            head.insert(0, before.pop())
        if head[0].casefold() != "the":
            return None
        phrase = [*head, *phrase[:1], f"[{referent}]", *phrase[1:]]
        before.append("")  # the phrase's start is sure: "the"
    if not before or not phrase or len(phrase) > _LONGEST_NAMED_PHRASE + 3:
        return None
    plain = [w for w in phrase if not w.startswith("[")]
    if phrase[0].casefold() in {"a", "an"} or any(
        not word.isalnum() and not re.fullmatch(r"[\w-]+", word) for word in plain
    ):
        return None
    leaning = _NOT_IN_PHRASE - ({"this", "these"} if referent is not None else set())
    if {word.casefold() for word in plain} & (leaning | VERBS):
        return None
    answer = " ".join(phrase) + sentence[naming.start() : span[1]]
    ending = "." if sentence[span[1] :].strip() == "." else ""
    return answer[:1].upper() + answer[1:] + ending


def _named_referent(phrase: list[str], previous: str | None) -> str | None:
    """The word that names "these plates" in the sentence before ("... at the
    growth plates, ..." gives "growth"), when the phrase is "these" or "this"
    and one noun, and the sentence before writes that noun after exactly one
    such word."""
    if len(phrase) != 2 or phrase[0].casefold() not in ("this", "these") or previous is None:
        return None
    named = re.findall(rf"\b([a-z][a-z-]+) {re.escape(phrase[1])}\b", previous)
    qualifiers = {q for q in named if q not in STOPWORDS and q not in VERBS}
    return qualifiers.pop() if len(qualifiers) == 1 else None


# ", and ", "; ", ", whereas ": where one clause of a sentence ends and the
# next begins.
_CLAUSE_LINK = re.compile(r",\s+(?:and|but|while|whereas)\s+|;\s+")


def _naming_clause(sentence: str, span: tuple[int, int]) -> str | None:
    """The clause that a name closes, when the sentence joins two ("Tapping
    the facial nerve ... may make the mouth twitch, known as Chvostek's
    sign, and inflating a blood pressure cuff ... may bring on a spasm of
    the hand, known as Trousseau's sign."): "What is Trousseau's sign?" is
    answered by its own clause, not by the other sign's too."""
    naming = _NAMING_BEFORE.search(sentence[: span[0]])
    if naming is None or not re.match(r"\s*(?:[,;]|\.$)", sentence[span[1] :]):
        return None
    links = list(_CLAUSE_LINK.finditer(sentence, 0, naming.start()))
    start = links[-1].end() if links else 0
    follows = _CLAUSE_LINK.match(sentence, span[1])
    if start == 0 and follows is None:
        return None  # the name closes the whole sentence: it is the answer
    clause = sentence[start : span[1]]
    if dangling_pronoun(clause) is not None:
        return None
    # Cut before the sentence ends, no full stop the article does not write.
    ending = "." if sentence[span[1] :].strip() == "." else ""
    return clause[:1].upper() + clause[1:] + ending


# "The endocrine system operates as a finely tuned orchestra": what the
# term is likened to, right after it, is a picture, not a fact about it.
_LIKENED = re.compile(
    r"\s+(?:itself\s+)?(?:operates|acts|functions|works|serves|behaves)\s+(?:as|like)\s+(?:a|an)\s",
    re.IGNORECASE,
)


# "... referred to as growth hormone secretagogues, meaning they encourage
# the pituitary ...": what the name means, to the end of the sentence.
_MEANING_TAIL = re.compile(r",\s+meaning\s+[^;]*?(?=\.$)")


# "Polycystic Ovary Syndrome (PCOS)": a short form in brackets right after a
# term is hidden with it, or it would give the term away.
_SHORT_FORM_AFTER = re.compile(r"^\s*\([^)]{1,12}\)")


def _characterising_cloze(
    text: ArticleText, term: str, found: TermSentence, line: int
) -> CardDraft | str:
    """The term hidden in a sentence that has it as its subject (with the
    one before when it points back, and the next when that one goes on
    about the term: "These protocols ..."); or why that sentence makes no card."""
    sentence = found.sentence
    if not studyable(sentence.text):
        return "its sentence is addressed to the reader or too long to study"
    if count_term(term, sentence.text) > 1:
        return "its sentence shows it twice"
    if text.topic is not None and term.casefold() == text.topic:
        return "it is the article's topic, which a cloze does not hide"
    start, end = found.span
    before = sentence.text[:start].split()
    if len(words(term)) == 1 and before and noun_modifier(before[-1]):
        return f"it is the head of the name '{before[-1]} {term}', whose modifier would show"
    if _LIKENED.match(sentence.text, end):
        return "its sentence likens it to something else (a metaphor says nothing to check)"
    short_form = _SHORT_FORM_AFTER.match(sentence.text[end:])
    if short_form is not None:
        end += short_form.end()
    standing = _standing(sentence)
    if standing is None:
        return "its sentence leans on sentences before it"
    lead = standing[: len(standing) - len(sentence.text)]
    body = lead + cloze_text(sentence.text, [(start, end)])
    continuation = _continuation(text, term, sentence)
    if continuation is not None:
        body, standing = f"{body} {continuation}", f"{standing} {continuation}"
    # The linter's rule, as the section clozes apply it: "{{catecholamines}}"
    # in an article titled "... How Catecholamines Prepare the Body ..." is
    # its topic, whatever word its text mentions most.
    trivial = trivial_cloze_target(body, text.topic_words)
    if trivial is not None:
        return f"its cloze would be trivial: {trivial}"
    fields = {"text": body}
    return CardDraft("", CardKind.CLOZE, fields, sentence.section, sentence.heading, standing, line)


def _continuation(text: ArticleText, term: str, sentence: Sentence) -> str | None:
    """The next sentence of the paragraph when it goes on about the term by
    its head noun ("... protocols can play a significant role. These
    protocols often involve ..."), which is what the first one leaves unsaid."""
    head = words(term)[-1]
    for following in text.sentences:
        if following.previous == sentence.text and following.section == sentence.section:
            opening = words(following.text)[:2]
            if (
                len(opening) == 2
                and opening[0] in {"this", "these"}
                and (opening[1] in {head, f"{head}s"} or f"{opening[1]}s" == head)
            ):
                return following.text
    return None


def _table_row_section(text: ArticleText, term: str) -> str | None:
    """The section whose deck cards the table row named `term`, if one does:
    each cell is asked there by a question of its own, so the glossary does
    not ask the whole row again."""
    for table in text.article.tables:
        if any(row[0].casefold() == term.casefold() for row in table.rows):
            return table.section
    return None


def listed_definition(text: ArticleText, term: str, ids: CardIds) -> CardDraft | None:
    """A card for a term the article defines in a list (by its term or a short form)."""
    item = _listed_item(text, term)
    if item is None or asked_in_its_section(item, text.article):
        return None
    return bullet_term_card(item, text.article, ids)


def _listed_item(text: ArticleText, term: str) -> DefinitionItem | None:
    """The bullet that defines the term (by its term or a short form), if one does."""
    for item in text.article.definitions:
        if item.term.casefold() == term.casefold() or term.casefold() in (
            f.casefold() for f in short_forms(item.term)
        ):
            return item
    return None


def key_term_cards(
    text: ArticleText, done: set[str], ids: CardIds, taken: Taken | None = None
) -> list[CardDraft]:
    """Cards for the terms the article's lists define, unless `done` (the
    glossary's terms, casefolded) holds them; adds them to it. The rows of its
    tables are carded in their section's deck, a question per cell. No card
    whose answer a question heading's answer already gives about the term
    (see `Taken.restated_by`)."""
    cards = []
    groups = group_labels(text.article)
    taken = taken if taken is not None else Taken([])
    for item in text.article.definitions:
        if item.term.casefold() not in done | groups:
            done.add(item.term.casefold())
            if asked_in_its_section(item, text.article):
                continue
            card = bullet_term_card(item, text.article, ids)
            if card is not None and taken.restated_by(item.term, card) is None:
                taken.add(card)
                cards.append(card)
    return cards


def prose_term_cards(
    text: ArticleText, done: set[str], ids: CardIds, taken: Taken
) -> list[CardDraft]:
    """'What is X?' for each term the article's prose defines ("termed X",
    "known as X", "X, an enzyme ...", "X is a ...", "X refers to ...") that
    `done` does not hold; adds them to it."""
    cards = []
    candidates = [(term, True) for term in prose_defined_terms(text)]
    candidates += [(term, False) for term in recurring_subjects(text)]
    for term, defined_only in candidates:
        key = term.casefold()
        if key in done or classify_term(term, text.body_text) is not None:
            continue
        card, _ = term_card(text, term, 0, ids, taken, defined_only=defined_only)
        if card is not None:
            done.add(key)
            cards.append(card)
    return cards


# Words before a noun that make it one of many ("the cells", "these levels"):
# a term of its own is written without them (hyperinsulinemia, steroidogenesis).
_DETERMINERS = frozenset(
    "the a an this these those that our their its your his her such each every some any "
    "many most all both".split()
)
# A word is a recurring subject when it is the subject of this many clauses.
_RECURRING = 3


def recurring_subjects(text: ArticleText) -> list[str]:
    """Single words the article keeps returning to as the subject of a clause
    ("For men, chronic hyperinsulinemia can lead ...", "sustained
    hyperinsulinemia can drive ...", "hyperinsulinemia directly influences
    ..."), never behind a determiner (so a term, not "the cells"), not the
    head of a longer term it names ("resistance" of insulin resistance), in
    article order: terms the article treats as such without defining them."""
    counts: dict[str, int] = {}
    for sentence in text.sentences:
        for word in dict.fromkeys(words(sentence.text)):
            if not word.isalpha() or word in STOPWORDS or word in _DETERMINERS:
                continue
            if any(is_subject(sentence.text, m.span()) for m in term_matches(word, sentence.text)):
                counts[word] = counts.get(word, 0) + 1
    heads = {words(phrase)[-1] for phrase in text.key_phrases if len(words(phrase)) > 1}
    return [
        word
        for word, count in counts.items()
        if count >= _RECURRING
        and word not in heads
        and not noun_modifier_before(word, text.body_text)
        and not re.search(rf"\b(?:{'|'.join(_DETERMINERS)})\s+{word}\b", text.body_text, re.I)
    ]


def noun_modifier_before(word: str, body: str) -> bool:
    """Whether the text writes the word after a noun modifier somewhere
    ("insulin levels"): then it is the head of a compound, no term alone."""
    return any(noun_modifier(match[1]) for match in re.finditer(rf"\b(\w+)\s+{word}\b", body, re.I))


# "Aromatase is an enzyme ...", "Insulin resistance describes a state ...":
# a sentence that opens with the term it defines (behind "The").
_OPENING_DEFINITION = re.compile(
    r"^(?:The\s+)?([A-Za-z][\w-]*(?:\s+[A-Za-z0-9][\w-]*){0,3}?)\s+"
    r"(?:is|are)\s+(?:a|an)\s|"
    r"^(?:The\s+)?([A-Za-z][\w-]*(?:\s+[A-Za-z0-9][\w-]*){0,3}?)\s+"
    r"(?:refers to|describes|signifies|denotes)\s"
)
# "These compounds are often referred to as growth hormone secretagogues,":
# a name the sentence gives (the cloze rules take "termed", "called", "known as").
_REFERRED_TO = re.compile(
    r"\b(?:referred to as|defined as)\s+([A-Za-z][\w-]*(?:\s+[\w-]+){0,3}?)(?=[,.;)])"
)
# A term a sentence defines is at most this many words.
_LONGEST_TERM = 4


def prose_defined_terms(text: ArticleText) -> list[str]:
    """The terms the article's sentences define, in article order: those the
    cloze rules find ("termed X", "X, an enzyme", "X, responsible for") and
    those a sentence opens with before "is a" or "refers to"."""
    found: list[str] = []
    for sentence in text.sentences:
        spans = list(defined_term_spans(sentence.text))
        spans += [match.span(1) for match in _REFERRED_TO.finditer(sentence.text)]
        opening = _OPENING_DEFINITION.match(sentence.text)
        if opening is not None:
            group = 1 if opening[1] else 2
            spans.append(opening.span(group))
        for start, end in spans:
            term = sentence.text[start:end]
            tokens = words(term)
            # "The Hypothalamic-Pituitary-Gonadal (HPG) axis, responsible for
            # ...": the name began before the bracket; "axis" alone is none.
            if sentence.text[:start].rstrip().endswith(")"):
                continue
            # A name, not a phrase: no small word inside ("Iodine from the
            # diet"), no gerund first ("Addressing insulin resistance").
            if (
                not tokens
                or len(tokens) > _LONGEST_TERM
                or set(tokens) & (STOPWORDS | PREPOSITIONS)
                or tokens[0].endswith("ing")
            ):
                continue
            if start == 0 or sentence.text[:start].strip() == "The":
                term = _sentence_case(term, text.body_text)
            # "express RANKL": a lowercase word before an abbreviation is
            # no part of its name (a verb, by the shape of the phrase).
            named = re.fullmatch(r"[a-z][\w-]*\s+([A-Z][A-Z0-9-]+)", term)
            if named is not None:
                term = named[1]
            if term.casefold() not in (f.casefold() for f in found):
                found.append(term)
    return found


def _sentence_case(term: str, body: str) -> str:
    """A term that opens a sentence, as the article writes it elsewhere:
    "Aromatase" -> "aromatase" when the text also writes it in lower case."""
    lowered = term[:1].lower() + term[1:]
    if lowered != term and re.search(rf"(?<![\w-]){re.escape(lowered)}(?![\w-])", body):
        return lowered
    return term


def abbreviation_cards(
    text: ArticleText, ids: CardIds, earlier: Sequence[CardDraft] = ()
) -> list[CardDraft]:
    """What each abbreviation stands for, in the order the article spells them
    out; not for one whose long form a section cloze of `earlier` hides
    ("{{Testosterone Replacement Therapy}} (TRT) for men ..."), which asks
    the same thing in its sentence."""
    # A cloze hiding "Janus kinase 2 (JAK2)" asks the long form with its letters.
    hidden = {
        _SHORT_FORM_IN_DELETION.sub("", deletion).casefold()
        for card in earlier
        if card.kind is CardKind.CLOZE
        for deletion in cloze_deletions(str(card.fields.get("text", "")))
    }
    cards = []
    for abbreviation, (spelled_out, sentence) in sorted(
        text.abbreviations.items(), key=lambda item: text.sentences.index(item[1][1])
    ):
        if spelled_out.casefold() in hidden:
            continue
        card_id = ids.claim(f"abbr-{slugify(abbreviation)}")
        fields = {
            "front": f"What does the abbreviation **{abbreviation}** stand for?",
            "back": spelled_out,
        }
        cards.append(
            CardDraft(
                card_id,
                CardKind.BASIC,
                fields,
                sentence.section,
                sentence.heading,
                sentence.text,
                text.line_of(sentence),
            )
        )
    return cards


# What may follow a fragment that ends where its clause does.
_CLAUSE_ENDS = frozenset("and or while which so as".split())


def _stands_apart(sentence: str, span: tuple[int, int]) -> bool:
    """Whether a fragment is a whole clause part where it stands: after the
    sentence's start, a punctuation mark or a small word ("may {{improve
    ...}}", not "the target {{cells become ...}}"), and before a punctuation
    mark or a small word that starts a new clause ("{{...}}, and", not
    "{{improve tissue sensitivity}} to thyroid hormone", whose object runs
    on, nor "{{sets the pace of growth hormone}} release", which cuts a
    name)."""
    before = words(sentence[: span[0]])[-1:]
    opens = not before or sentence[: span[0]].rstrip()[-1:] in ",;:(—" or before[0] in STOPWORDS
    rest = sentence[span[1] :]
    following = words(rest[:40])
    closes = not following or rest[:1] in ",;:.)—" or following[0] in _CLAUSE_ENDS
    return opens and closes


def fragment_cloze(
    text: ArticleText, fragment: str, line: int, ids: CardIds, taken: Taken | None = None
) -> CardDraft | None:
    """A cloze on a glossary fragment, in the first sentence that holds it,
    stands on its own and no other glossary card quotes; None when there is none."""
    taken = taken if taken is not None else Taken([])
    for sentence in text.sentences:
        match = find_term(fragment, sentence.text)
        if (
            match is None
            or not studyable(sentence.text)
            # "tends instead to ..." leans on a sentence the card would not show.
            or points_back(sentence.text)
            or taken.quoting(sentence.text) is not None
            or taken.gapped(sentence.text) is not None
        ):
            continue
        if not _stands_apart(sentence.text, match.span()):
            continue
        card_id = ids.claim(sentence_card_id("fragment", fragment, sentence.text))
        fields = {"text": cloze_text(sentence.text, [match.span()])}
        card = CardDraft(
            card_id, CardKind.CLOZE, fields, sentence.section, sentence.heading, sentence.text, line
        )
        taken.add(card, [sentence.text])
        return card
    return None
