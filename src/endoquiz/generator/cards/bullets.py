"""Cards from `Term ∞ definition` bullets: name the term from its definition, and back."""

from __future__ import annotations

import re
from typing import Any

from endoquiz import CardKind
from endoquiz.generator.article_model import Article, DefinitionItem
from endoquiz.generator.cards.article_text import STOPWORDS
from endoquiz.generator.cards.card_ids import CardIds, sentence_card_id, shuffled
from endoquiz.generator.cards.drafts import MAX_CHOICES, CardDraft
from endoquiz.generator.cards.fact_spans import cloze_text, measure_spans, non_overlapping
from endoquiz.generator.glossary_terms import VERBS, find_term, what_is
from endoquiz.generator.text_cleanup import slugify, split_sentences, starts_dangling, words

__all__ = [
    "bullet_cards",
    "bullet_fact_cards",
    "bullet_term_card",
    "distinct_terms",
    "gives_a_fact",
    "gives_itself_away",
    "group_labels",
    "introduces_group",
    "list_context",
    "mask_terms",
    "mask_words",
    "named_terms",
    "names_itself",
    "nearest_choices",
    "qualifies_its_parent",
    "short_forms",
    "tells_what_another_does",
    "unasked_reason",
    "uses_label_as_word",
]

# Words of the longest term a learner is asked to type (or to recall as a term).
_LONGEST_TYPED = 3


def bullet_cards(article: Article, section: str, ids: CardIds) -> list[CardDraft]:
    """Recognition cards of a section's bullets: from the definition, name the
    term (the glossary deck asks the other way round).

    A choice among the other terms of its list when the list has three or
    more and no definition names another choice; otherwise a typed card for a
    short term, else a basic one.
    """
    cards = []
    lists: dict[int, list[DefinitionItem]] = {}
    for item in article.definitions:
        lists.setdefault(item.list_index, []).append(item)
    groups = group_labels(article)
    for item in article.definitions:
        if item.section != section or item.term.casefold() in groups:
            continue
        # A term listed twice is one choice: the deck format refuses repeats.
        siblings = distinct_terms(
            [s for s in lists[item.list_index] if s.term.casefold() != item.term.casefold()]
        )
        if introduces_group(item, article) or gives_itself_away(item, siblings, article):
            continue
        card_id = ids.claim(f"which-{slugify(item.term)}")
        prompt = mask_terms(item.definition, [item.term, *short_forms(item.term)])
        context = f" (in *{item.parent}*)" if item.parent else ""
        names = [item.term, *(s.term for s in siblings)]
        leaks = any(find_term(n, item.definition) for n in names if n != item.term)
        fields: dict[str, Any]
        if len(siblings) >= 2 and not leaks:
            kind = CardKind.CHOICE
            choices = nearest_choices(item, siblings)
            # "Long-acting testosterone pellets ..." names Pellet Therapy
            # among the choices: its words, in any form, are hidden too.
            prompt = mask_words(prompt, item.term, choices)
            fields = {
                "question": f"Which of these does the article describe this way{context}?"
                f"\n\n> {prompt}",
                "choices": shuffled(card_id, choices),
                "answer": item.term,
            }
        else:
            front = f"Which term does the article describe this way{context}?\n\n> {prompt}"
            if len(item.term.split()) <= _LONGEST_TYPED:
                kind = CardKind.TYPED
                fields = {"front": front, "answer": item.term}
                accepted = [*short_forms(item.term), *named_terms(item.term, article)]
                if accepted:
                    fields["accept"] = list(dict.fromkeys(accepted))
            else:
                kind = CardKind.BASIC
                fields = {"front": front, "back": item.term}
        cards.append(_bullet_card(item, card_id, kind, fields))
    return cards


# Deletions per bullet cloze, as in a sentence's: more is guessing, not recall.
_MAX_DELETIONS = 2


def bullet_fact_cards(article: Article, section: str, ids: CardIds) -> list[CardDraft]:
    """A cloze of the dose, frequency or duration a bullet's definition gives
    ("Gonadorelin — Administered subcutaneously, typically {{twice weekly}}"),
    one per sentence of it that holds one, with the bullet's term (and the
    term it is nested under) in view: without them the number is of nothing."""
    cards = []
    for item in article.definitions:
        if item.section != section:
            continue
        context = f" (in *{item.parent}*)" if item.parent else ""
        for sentence in split_sentences(item.definition):
            deletions = non_overlapping(measure_spans(sentence))[:_MAX_DELETIONS]
            if not deletions:
                continue
            start, end = deletions[0]
            card_id = ids.claim(sentence_card_id("cloze", sentence[start:end], sentence))
            fields = {"text": f"**{item.term}**{context} — {cloze_text(sentence, deletions)}"}
            cards.append(_bullet_card(item, card_id, CardKind.CLOZE, fields))
    return cards


def group_labels(article: Article) -> set[str]:
    """The terms (casefolded) of bullets that other bullets are nested under
    and whose label is longer than a term: a group's label ("Testosterone
    Replacement Therapy (TRT) for Men" over its drugs) heads a list, its text
    introduces it; asked from that text, the label is no term to recall.
    ("Sleep Hygiene" over its habits is a term, and is asked.)"""
    return {
        item.parent.casefold()
        for item in article.definitions
        if item.parent and len(item.parent.split()) > _LONGEST_TYPED
    }


def named_terms(label: str, article: Article) -> list[str]:
    """The article's own terms a bullet's label is made of, to accept as
    typed answers: "Hydrocortisone Replacement" takes "Hydrocortisone" when
    the article's glossary, lists or tables name hydrocortisone. The label's
    qualifier ("Replacement") alone is no term of the article and is not
    taken. Nor is a term that does not tell this label from the others: one
    another bullet's label holds too ("somatropin" in Daily Somatropin and
    Long-Acting Somatropin), or one that only qualifies a plural label, which
    names other things made after it ("somatostatin" of Somatostatin
    Analogues, the drugs that mimic the hormone)."""
    known = [
        *(entry.term for entry in article.glossary),
        *(item.term for item in article.definitions),
        *(row[0] for table in article.tables for row in table.rows),
    ]
    others = [item.term for item in article.definitions if item.term.casefold() != label.casefold()]
    return [
        term
        for term in dict.fromkeys(known)
        if term.casefold() != label.casefold()
        and _holds(label, term)
        and not any(_holds(other, term) for other in others)
        and not _qualifies_plural(label, term)
    ]


def _holds(label: str, term: str) -> bool:
    """Whether the label has the term as whole words ("Daily Somatropin"
    holds "Somatropin"; "Hydrocortisone" does not hold "cortisone")."""
    return re.search(rf"(?<![\w-]){re.escape(term)}(?![\w-])", label, re.IGNORECASE) is not None


def _qualifies_plural(label: str, term: str) -> bool:
    """Whether the label ends in a plural noun the term is not part of:
    "Somatostatin Analogues" are not somatostatin."""
    head = words(label)[-1]
    return head not in words(term) and _third_person(head)


def bullet_term_card(item: DefinitionItem, article: Article, ids: CardIds) -> CardDraft | None:
    """A glossary card: what a bullet's term is, or how the bullet describes
    it. None when the bullet's dose, frequency or duration is already a cloze
    with the term in view (the card would ask the same sentence again), or
    when the bullet only introduces the list nested under it."""
    if gives_a_fact(item) or introduces_group(item, article):
        return None
    card_id = ids.claim(f"term-{slugify(item.term)}")
    context = list_context(item)
    # "This peptide, acting on ..." would lean on nothing without its term.
    back = (
        f"**{item.term}**: {_lowercase_first(item.definition)}"
        if starts_dangling(item.definition)
        else item.definition
    )
    # "A calculation used to estimate ...", "Cells that dissolve old bone"
    # say what the term is; "Measures blood sugar ...", "Particularly around
    # the midsection ..." describe it.
    # A verb among the first words makes it a clause, not a name of a kind:
    # "The dose is reviewed every 3 months ...".
    # So does a finite verb of its main clause, however far from the start:
    # "A fast of two or three days raises growth hormone pulses ..." says
    # what fasting does; "The stage of sleep during which ... is released"
    # still names a kind (the verb is the relative clause's).
    opening = words(item.definition)[:4]
    names_a_kind = (
        (opening[:1] in (["a"], ["an"], ["the"]) or bool(_RELATIVES & set(opening[1:3])))
        and not set(opening[1:]) & VERBS
        and not set(_main_clause(item.definition)) & VERBS
    )
    question = (
        what_is(item.term, context)
        if names_a_kind
        else f"How does the article describe **{item.term}**{context}?"
    )
    fields = {"front": question, "back": back}
    return _bullet_card(item, card_id, CardKind.BASIC, fields)


def list_context(item: DefinitionItem) -> str:
    """Where a bullet stands, for its glossary prompt: the bullet it is
    nested under ("(in *Calcium Supplements*)"), else what its list is about
    ("(in the list *The Three Target Organs*)"). Out of its list, "Bone",
    "Fatigue" or "Deep Sleep" reads as the everyday word, and the learner
    cannot tell that PTH's action or the thyroid link is asked."""
    if item.parent:
        return f" (in *{item.parent}*)"
    if item.intro:
        return f" (in the list *{item.intro}*)"
    return ""


# Words that open a clause of its own inside a description: a verb after
# them is not the description's own. "that", "which" and "whose" also mark a
# description that names a kind ("Cells that dissolve old bone").
_RELATIVES = frozenset({"that", "which", "whose"})
_CLAUSE_OPENERS = _RELATIVES | frozenset(
    {"who", "whom", "where", "when", "while", "once", "because", "so", "if", "although"}
)


def _main_clause(description: str) -> list[str]:
    """The words of the description's first sentence before its first comma
    or the first word opening a clause of its own."""
    first = split_sentences(description)[0].split(",", 1)[0]
    clause = []
    for word in words(first):
        if word in _CLAUSE_OPENERS:
            break
        clause.append(word)
    return clause


def _opening_subject(description: str) -> list[str]:
    """The words of the description's first sentence before its first verb:
    "Deep sleep" of "Deep sleep brings the largest pulse ...". A word in -s
    is taken for a verb ("brings"); where it is a plural noun ("Daily habits
    that ..."), the subject only comes out shorter."""
    subject = []
    for word in words(split_sentences(description)[0]):
        if word in VERBS or word in _CLAUSE_OPENERS or _third_person(word):
            break
        subject.append(word)
    return subject


def _third_person(word: str) -> bool:
    """Whether the word can be a verb in the third person ("brings",
    "blunts"); "excess", "thus" and "basis" cannot."""
    return len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is"))


def _stem(word: str) -> str:
    """The word without an inflection: "fasting" and "fast", "dosing" and
    "dose", "pellets" and "pellet" share theirs."""
    for suffix in ("ing", "es", "ed", "s", "e"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            return word[: -len(suffix)]
    return word


def gives_itself_away(
    item: DefinitionItem, siblings: list[DefinitionItem], article: Article
) -> bool:
    """Whether naming the bullet's label from its description tests the
    reader's English, not the article: the description names its label
    (`names_itself`, `uses_label_as_word`), says what something else does
    (`tells_what_another_does`), or the label only qualifies the term the
    bullet is nested under (`qualifies_its_parent`). The glossary card that
    asks the description from the label stays."""
    return (
        names_itself(item, siblings)
        or uses_label_as_word(item)
        or tells_what_another_does(item, article)
        or qualifies_its_parent(item, article)
    )


def names_itself(item: DefinitionItem, siblings: list[DefinitionItem]) -> bool:
    """Whether the bullet's description has a word of its own label, in any
    form, in its subject: "Exercise ∞ Vigorous exercise raises GH ...",
    "Fasting ∞ A fast of two or three days raises ...", "Dose Adjustment ∞
    The dose is reviewed ...", "Hydrocortisone ∞ A tablet form of cortisol".
    Such a bullet says what a named thing does; its label, hidden as "[…]"
    or not, is read off the description, so no card asks for it. A word two
    or more siblings' labels share tells little ("Deep Sleep ∞ Slow-wave
    sleep, ..." among Light Sleep and REM Sleep); one a single sibling shares
    leaves a choice of two that the rest settles ("A smaller dose ..." for
    Lower Evening Dose beside Stress Dosing). A word of the label further on
    ("... indicating baseline glucose regulation" for Fasting Glucose) is
    only hidden."""
    own = [
        word
        for word in _label_words(item.term)
        if sum(_stem(word) in _label_stems(sibling) for sibling in siblings)
        < _SIBLINGS_SHARING_A_KIND
    ]
    return any(
        _same_word(word, label_word)
        for word in _opening_subject(item.definition)
        for label_word in own
    )


# Siblings whose labels share a word for it to name the kind they all are
# ("sleep" of three sleep stages) rather than point to one of two.
_SIBLINGS_SHARING_A_KIND = 2


def _label_stems(item: DefinitionItem) -> set[str]:
    """The stems of the words of the item's label."""
    return {_stem(word) for word in _label_words(item.term)}


# Letters a description's word keeps, less its last, to be read as part of a
# label's word: "cortisol" in "Hydrocortisone". Shorter ones are too often
# part of unrelated words.
_MIN_PART_OF_LABEL = 6


def _same_word(word: str, label_word: str) -> bool:
    """Whether a description's word is the label's word in another form
    ("dose", "Dosing") or is part of it ("cortisol", "Hydrocortisone")."""
    return _stem(word) == _stem(label_word) or (
        len(word) >= _MIN_PART_OF_LABEL and word[:-1] in label_word
    )


def uses_label_as_word(item: DefinitionItem) -> bool:
    """Whether a one-word label is an ordinary word of its own description
    ("Adults ∞ ... lower starting doses for older adults", "Bone ∞ ... the
    fluid around bone cells"): an everyday word the article does not define,
    left in view as "[…]" whose word the sentence itself makes plain."""
    if len(words(item.term)) != 1 or short_forms(item.term):
        return False
    label = item.term.casefold()
    # Lower case only: "... with Anastrozole considered" names a drug, it
    # does not use a word.
    return any(
        word.casefold() in (label, f"{label}s", f"{label}es") and word.islower()
        for word in re.findall(r"[\w-]+", item.definition)
    )


# Words that stand for the label itself at the head of its description ("This
# peptide supports tissue repair"): the description is still about the label.
_ANAPHORS = frozenset({"this", "these", "it", "they"})


def tells_what_another_does(item: DefinitionItem, article: Article) -> bool:
    """Whether the description is a clause whose subject is not the label but
    a thing of its own: "PTH increases calcium reabsorption ..." (Kidney),
    "A lack of food increases GH secretion ..." (Fasting), or whose list
    opens every description with one subject ("PTH releases ...", "PTH acts
    ..."). It tells what that thing does in the label's setting, so the
    label, a setting or a plain restatement of the subject, is read off it."""
    return _opens_with_own_subject(item.definition) or _list_shares_subject(item, article)


def _opens_with_own_subject(description: str) -> bool:
    """Whether the description's first clause (to its first comma) is a
    subject and a finite verb of its own: words before a known verb, none
    of them a verb or a word opening a clause, and not an infinitive ("to
    address")."""
    clause = words(split_sentences(description)[0].split(",", 1)[0])
    for index, word in enumerate(clause):
        if word in _CLAUSE_OPENERS:
            return False
        if word in VERBS:
            return index > 0 and clause[index - 1] != "to" and clause[0] not in _ANAPHORS
        if index == 0 and _third_person(word):
            # "Measures blood sugar ...": the label is the subject left out.
            return False
    return False


def _list_shares_subject(item: DefinitionItem, article: Article) -> bool:
    """Whether every description of the item's list opens with the same
    subject and a verb ("PTH releases ...", "PTH increases ...", "PTH acts
    ...")."""
    openings = [
        words(other.definition)[:2]
        for other in article.definitions
        if other.list_index == item.list_index
    ]
    first = openings[0]
    return (
        len(openings) > 1
        and len(first) == 2
        and first[0] not in STOPWORDS
        and all(
            len(opening) == 2
            and opening[0] == first[0]
            and (opening[1] in VERBS or _third_person(opening[1]))
            for opening in openings
        )
    )


def qualifies_its_parent(item: DefinitionItem, article: Article) -> bool:
    """Whether the bullet is nested under one term the article defines (not
    under a list's heading, nor under a plural class such as "Somatostatin
    Analogues" whose members are named things): "Children" and "Adults"
    under Daily Somatropin give its dose for each, "Regular Schedule" under
    Sleep Hygiene is one of its habits. Such a label qualifies its parent
    and the description spells it out; it is no term of its own."""
    parent = next(
        (
            other
            for other in article.definitions
            if item.parent is not None and other.term.casefold() == item.parent.casefold()
        ),
        None,
    )
    if parent is None or parent.term.casefold() in group_labels(article):
        return False
    return not introduces_group(parent, article) and not _third_person(words(parent.term)[-1])


def _label_words(term: str) -> list[str]:
    """The words of a label and its short forms that name something ("IGF-1",
    "dose"), without "of", "for" or a bare number."""
    return [
        word
        for form in (term, *short_forms(term))
        for word in words(form)
        if word not in STOPWORDS and any(c.isalpha() for c in word)
    ]


# Words of a description under which a list goes on that say no more than
# its label: "Growth Hormone Replacement ∞ Restores the missing hormone in
# deficiency." heads its drugs and is no term to recall.
_HEADING_GLOSS_WORDS = 6


def introduces_group(item: DefinitionItem, article: Article) -> bool:
    """Whether other bullets are nested under this one and its description
    is a gloss of a few words: it introduces them, defines nothing."""
    heads = any(
        other.parent is not None and other.parent.casefold() == item.term.casefold()
        for other in article.definitions
    )
    return heads and len(words(item.definition)) <= _HEADING_GLOSS_WORDS


def unasked_reason(item: DefinitionItem, article: Article) -> str | None:
    """Why `bullet_term_card` makes no card of the bullet, for `--report`."""
    if introduces_group(item, article):
        return "its bullet only introduces the list nested under it"
    if gives_a_fact(item):
        return f"its bullet's dose, frequency or duration is a cloze in the {item.section} deck"
    return None


def gives_a_fact(item: DefinitionItem) -> bool:
    """Whether the bullet's description gives a dose, frequency or duration,
    which `bullet_fact_cards` asks as a cloze with the term in view."""
    return any(measure_spans(sentence) for sentence in split_sentences(item.definition))


def _bullet_card(
    item: DefinitionItem, card_id: str, kind: CardKind, fields: dict[str, Any]
) -> CardDraft:
    """A card quoting its bullet, where the bullet stands."""
    quote = f"{item.term} — {item.definition}"
    return CardDraft(card_id, kind, fields, item.section, item.heading, quote, item.line)


def nearest_choices(item: DefinitionItem, siblings: list[DefinitionItem]) -> list[str]:
    """The item's term and the terms of up to three siblings nearest to it in the list."""
    ranked = sorted(siblings, key=lambda s: (abs(s.line - item.line), s.line))
    return [item.term, *(s.term for s in ranked[: MAX_CHOICES - 1])]


def distinct_terms(items: list[DefinitionItem]) -> list[DefinitionItem]:
    """The items with the first of each term (ignoring case)."""
    seen: set[str] = set()
    distinct = []
    for item in items:
        if item.term.casefold() not in seen:
            seen.add(item.term.casefold())
            distinct.append(item)
    return distinct


# A word of a term, in the text in another form: the same letters, the last
# one or two perhaps changed, and at most three more (pellet, pellets;
# therapy, therapies). Words shorter than this are too often part of others.
_MIN_MASKED_WORD = 4


def mask_words(text: str, term: str, choices: list[str]) -> str:
    """The text with each word of `term` that no other choice has hidden as
    `[…]` in any form it takes there ("pellets" for Pellet Therapy): such a
    word tells the answer from the choices. Words the choices share
    ("testosterone" in two of them) tell nothing and stay."""
    others = {
        word.casefold()
        for choice in choices
        if choice != term
        for word in re.findall(r"\w+", choice)
    }
    for word in re.findall(r"\w+", term):
        if len(word) < _MIN_MASKED_WORD or word.casefold() in others or not word.isalpha():
            continue
        stem = word[:-1] if len(word) > _MIN_MASKED_WORD else word
        if any(other.startswith(stem.casefold()) for other in others):
            continue
        text = re.sub(rf"(?<![\w-]){re.escape(stem)}\w{{0,3}}(?![\w-])", "[…]", text, flags=re.I)
    return text


def mask_terms(text: str, terms: list[str]) -> str:
    """The text with the terms hidden as `[…]`, so a prompt does not give its answer away."""
    for term in sorted(terms, key=len, reverse=True):
        # Whole words only: "Sleep" is hidden, not the "sleep" of "asleep".
        whole = rf"(?<![\w-]){re.escape(term)}(?:s|es)?(?![\w-])"
        text = re.sub(whole, "[…]", text, flags=re.IGNORECASE)
    return text


def short_forms(term: str) -> list[str]:
    """'Pentadeca Arginate (PDA)' is also typed as 'Pentadeca Arginate' or 'PDA'."""
    match = re.fullmatch(r"(.+?)\s*\(([^)]+)\)(.*)", term)
    if match is None:
        return []
    without = f"{match[1]}{match[3]}".strip()
    return [form for form in (without, match[2].strip()) if form and form != term]


def _lowercase_first(text: str) -> str:
    """'This peptide ...' -> 'this peptide ...', but 'HGH ...' stays."""
    first = text.split(" ", 1)[0]
    return text if first.isupper() and len(first) > 1 else text[:1].lower() + text[1:]
