"""Cards from `Term ∞ definition` bullets: name the term from its definition, and back."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from endoquiz import CardKind
from endoquiz.generator.article_model import Article, DefinitionItem
from endoquiz.generator.cards.agreement import singled_out_by_number
from endoquiz.generator.cards.article_text import STOPWORDS
from endoquiz.generator.cards.card_ids import CardIds, sentence_card_id, shuffled
from endoquiz.generator.cards.drafts import MAX_CHOICES, CardDraft
from endoquiz.generator.cards.fact_spans import cloze_text, measure_spans, non_overlapping
from endoquiz.generator.common_words import everyday_phrase
from endoquiz.generator.glossary_terms import VERBS, find_term, what_is
from endoquiz.generator.text_cleanup import slugify, split_sentences, starts_dangling, words

__all__ = [
    "asked_in_its_section",
    "bullet_cards",
    "bullet_fact_cards",
    "bullet_term_card",
    "distinct_terms",
    "everyday_term_cards",
    "gives_a_fact",
    "gives_itself_away",
    "group_labels",
    "introduces_group",
    "is_odd_one_out",
    "list_context",
    "mask_terms",
    "mask_words",
    "named_terms",
    "names_its_members",
    "names_itself",
    "names_nothing_to_learn",
    "nearest_choices",
    "nearest_siblings",
    "nested_terms",
    "opens_with_another_name",
    "qualifies_its_parent",
    "restates_its_group",
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
        if introduces_group(item, article):
            continue
        if restates_its_group(item, article) and not everyday_phrase(item.term):
            cards += _members_card(item, siblings, article, ids)
            continue
        if names_nothing_to_learn(item, article):
            continue  # what it says is asked by `everyday_term_cards` or the glossary
        if gives_itself_away(item, siblings, article):
            continue
        card_id = ids.claim(f"which-{slugify(item.term)}")
        prompt = mask_terms(item.definition, [item.term, *short_forms(item.term)])
        context = f" (in *{item.parent}*)" if item.parent else ""
        names = [item.term, *(s.term for s in siblings)]
        leaks = any(find_term(n, item.definition) for n in names if n != item.term)
        fields: dict[str, Any]
        if len(siblings) >= 2 and not leaks:
            if is_odd_one_out(item, nearest_siblings(item, siblings)):
                continue
            kind = CardKind.CHOICE
            choices = nearest_choices(item, siblings)
            others = [choice for choice in choices if choice != item.term]
            if singled_out_by_number(item.definition, item.term, others):
                continue
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


def everyday_term_cards(
    article: Article,
    section: str,
    ids: CardIds,
    restated: Callable[[str, CardDraft], bool] = lambda term, card: False,
) -> list[CardDraft]:
    """What a section's bullets with everyday labels say ("How does the
    article describe **Evening Routine**?"), asked in the section's deck
    rather than the glossary; see `asked_in_its_section`. None whose answer
    `restated(term, card)` says another card already gives."""
    cards = []
    for item in article.definitions:
        if item.section == section and asked_in_its_section(item, article):
            card = bullet_term_card(item, article, ids)
            if card is not None and not restated(item.term, card):
                cards.append(card)
    return cards


def _members_card(
    item: DefinitionItem, siblings: list[DefinitionItem], article: Article, ids: CardIds
) -> list[CardDraft]:
    """For a group whose gloss restates its label, the group its members are
    listed under, among its siblings: "Under which of these does the article
    list Light Exposure, Caffeine Timing and Regular Schedule?" (Sleep
    Hygiene, Stress Management, Evening Routine). None without two siblings
    to choose from or when the group does not name a class its members are."""
    if len(siblings) < 2 or not names_its_members(item, article):
        return []
    card_id = ids.claim(f"which-{slugify(item.term)}")
    context = f" (in *{item.parent}*)" if item.parent else ""
    members = _joined_terms([f"*{term}*" for term in nested_terms(item, article)])
    choices = nearest_choices(item, siblings)
    fields = {
        "question": f"Under which of these does the article list {members}{context}?",
        "choices": shuffled(card_id, choices),
        "answer": item.term,
    }
    return [_bullet_card(item, card_id, CardKind.CHOICE, fields)]


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
            deletions = regimen_spans(sentence)[:_MAX_DELETIONS]
            if not deletions:
                continue
            start, end = deletions[0]
            card_id = ids.claim(sentence_card_id("cloze", sentence[start:end], sentence))
            fields = {"text": f"**{item.term}**{context} — {cloze_text(sentence, deletions)}"}
            cards.append(_bullet_card(item, card_id, CardKind.CLOZE, fields))
    return cards


def regimen_spans(sentence: str) -> list[tuple[int, int]]:
    """The doses, frequencies and durations of a bullet's sentence, less a
    bare frequency word that only qualifies the noun after it ("which reduce
    the burden of daily injections" beside "injected once weekly"): it names
    what the bullet's item is set against, not the item's own regimen, and
    the sentence around it gives it away."""
    return [
        span
        for span in non_overlapping(measure_spans(sentence))
        if not _qualifies_a_noun(sentence, span)
    ]


def _qualifies_a_noun(sentence: str, span: tuple[int, int]) -> bool:
    """Whether the span is one word inside a noun phrase: after a function
    word ("of", "the") and before a word that is none ("injections")."""
    start, end = span
    before = words(sentence[:start])[-1:]
    after = words(sentence[end:])[:1]
    return (
        len(words(sentence[start:end])) == 1
        and before != []
        and before[0] in STOPWORDS
        and after != []
        and after[0] not in STOPWORDS
    )


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
    asks_members = restates_its_group(item, article) and names_its_members(item, article)
    if asks_members:
        # "Daily habits that protect ... sleep" alone is guessed from the
        # label; the habits the article lists under it are what is learnt.
        back = f"{back} Under it, the article lists {_joined_terms(nested_terms(item, article))}."
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
    if asks_members:
        pronoun = "them" if question.startswith("What are") else "it"
        question = f"{question[:-1]}, and what does the article list under {pronoun}?"
    elif item.parent and qualifies_its_parent(item, article) and _gives_figures(item):
        # "How does the article describe **Children**?" asks about children;
        # the bullet gives the parent's dose for them.
        question = f"What does the article give for **{item.parent}** in **{item.term}**?"
    fields = {"front": question, "back": back}
    return _bullet_card(item, card_id, CardKind.BASIC, fields)


def _gives_figures(item: DefinitionItem) -> bool:
    """Whether the bullet's description has a number ("Typically 0.025–0.035
    mg/kg per day"): nested under a term it qualifies, it gives that term's
    figures for the label's case."""
    return any(char.isdigit() for char in item.definition)


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
    bullet is nested under (`qualifies_its_parent`), or the description
    opens with another name the article gives the label
    (`opens_with_another_name`), or the bullet heads a group and its gloss
    restates its label (`restates_its_group`). The glossary card that asks
    the description from the label stays."""
    return (
        names_itself(item, siblings)
        # Among choices only: a typed answer is recalled, not picked.
        or (len(siblings) >= 2 and hides_its_own_word(item, siblings))
        or uses_label_as_word(item)
        or tells_what_another_does(item, article)
        or qualifies_its_parent(item, article)
        or opens_with_another_name(item, article)
        or restates_its_group(item, article)
    )


def opens_with_another_name(item: DefinitionItem, article: Article) -> bool:
    """Whether the description opens with a term the article defines in the
    label's own words: "Active Vitamin D ∞ Calcitriol, commonly ..." while
    the glossary defines calcitriol as "The active form of vitamin D". The
    learner who has read that definition (or its glossary card) reads the
    label off the first word; the bullet's dose is still asked as a cloze."""
    opening = split_sentences(item.definition)[0].split(",", 1)[0].strip()
    label = set(_label_words(item.term))
    if not label or len(words(opening)) > _LONGEST_TYPED:
        return False
    definitions = [
        *(entry.definition for entry in article.glossary if _same_term(entry.term, opening)),
        *(other.definition for other in article.definitions if _same_term(other.term, opening)),
    ]
    return any(label <= set(words(definition)) for definition in definitions if definition)


def _same_term(term: str, opening: str) -> bool:
    """Whether a description's opening words are the term, in any case."""
    return term.casefold() == opening.casefold()


def is_odd_one_out(item: DefinitionItem, others: list[DefinitionItem]) -> bool:
    """Whether the item's label is the only unlike one of its choices: the
    other labels are alike ("Allostasis", "Allostatic Load"), the item's
    shares no word with them ("Recovery"), and its description calls it
    another kind of thing than theirs do ("The return of cortisol ..." against
    "The process ...", "The cumulative wear ..."). The learner picks it by
    elimination. Where the description calls it the kind the others are ("A
    liver protein ..." beside IGFBP-1 and IGFBP-3, each "a binding
    protein"), the alike labels stay real candidates and the card is made."""
    if len(others) < 2 or not _alike_labels(others):
        return False
    own = _label_words(item.term)
    if any(_alike(word, other) for word in own for s in others for other in _label_words(s.term)):
        return False
    kind = _kind_named(item.definition)
    return kind is None or all(_kind_named(s.definition) != kind for s in others)


def _alike_labels(items: list[DefinitionItem]) -> bool:
    """Whether one word of the first label, in some form, is in every label."""
    first, *rest = items
    return any(
        all(any(_alike(word, other) for other in _label_words(s.term)) for s in rest)
        for word in _label_words(first.term)
    )


# Letters two words share from their start for one to be a form of the
# other: "allostasis" and "allostatic". Shorter shared starts ("osteo") are
# common to words of unlike meaning.
_SHARED_START = 6


def _alike(word: str, other: str) -> bool:
    """Whether two label words are one word in two forms."""
    return _stem(word) == _stem(other) or (
        min(len(word), len(other)) >= _SHARED_START
        and word[:_SHARED_START] == other[:_SHARED_START]
    )


def _kind_named(description: str) -> str | None:
    """The stem of the noun that says what kind of thing the description is
    about: the last word of its opening noun phrase ("protein" of "A liver
    protein that ...", "habit" of "Daily habits that ..."), None when it
    opens otherwise."""
    phrase = _opening_phrase(description)
    return _stem(phrase[-1]) if phrase else None


def _opening_phrase(description: str) -> list[str]:
    """The description's first words before its first comma, verb, clause
    opener or function word after the first word that is none of these: the
    noun phrase it opens with ("daily habits" of "Daily habits that ...")."""
    phrase: list[str] = []
    for word in words(split_sentences(description)[0].split(",", 1)[0]):
        if word in STOPWORDS or word in VERBS or word in _CLAUSE_OPENERS:
            if phrase:
                break
            continue
        phrase.append(word)
    return phrase


def restates_its_group(item: DefinitionItem, article: Article) -> bool:
    """Whether the bullet heads a list nested under it and its description
    has a word of its own label: "Sleep Hygiene ∞ Daily habits that protect
    the timing and quality of sleep." over Light Exposure, Caffeine Timing
    and Regular Schedule. Its description glosses the label (hidden, "[…]"
    is the word the sentence makes plain); what the group holds is its
    nested list, which its cards ask instead: under which of its siblings
    the members are listed, and, in the glossary, what it is and holds."""
    own = _label_words(item.term)
    return bool(nested_terms(item, article)) and any(
        _same_word(word, label_word) for word in words(item.definition) for label_word in own
    )


def nested_terms(item: DefinitionItem, article: Article) -> list[str]:
    """The terms of the bullets nested directly under the item, in order."""
    return [
        other.term
        for other in article.definitions
        if other.parent is not None and other.parent.casefold() == item.term.casefold()
    ]


def names_its_members(item: DefinitionItem, article: Article) -> bool:
    """Whether the bullet's description names a class of things in the
    plural ("Daily habits that ...", "Long-acting medicines that ...") and
    bullets are nested under it: they are its members, the content its
    glossary card asks."""
    phrase = _opening_phrase(item.definition)
    return bool(phrase) and _third_person(phrase[-1]) and bool(nested_terms(item, article))


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


def hides_its_own_word(item: DefinitionItem, siblings: list[DefinitionItem]) -> bool:
    """Whether the description holds, anywhere, a word of its label that no
    sibling's label has: hidden, it leaves a "[…]" the sentence fills
    ("Indicates the amount of […] the pancreas is producing" for Fasting
    Insulin, "Long-acting testosterone […] offer a sustained release" for
    Pellet Therapy), and the gap names the answer among the choices."""
    others = {stem for sibling in siblings for stem in _label_stems(sibling)}
    own = [word for word in _label_words(item.term) if _stem(word) not in others]
    return any(
        _same_word(word, label_word) for word in words(item.definition) for label_word in own
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
    """Why the glossary makes no card of the bullet, for `--report`."""
    if introduces_group(item, article):
        return "its bullet only introduces the list nested under it"
    if gives_a_fact(item):
        return f"its bullet's dose, frequency or duration is a cloze in the {item.section} deck"
    if asked_in_its_section(item, article):
        return f"an everyday label, asked in the {item.section} deck"
    return None


def names_nothing_to_learn(item: DefinitionItem, article: Article) -> bool:
    """Whether the bullet's label is an everyday phrase ("Fatigue", "Evening
    Routine"), no name to learn: its description is its meaning, so a card
    naming it from the description tests the learner's English, and none is
    made. A group's label is asked through its members either way."""
    return (
        everyday_phrase(item.term)
        and item.term.casefold() not in group_labels(article)
        and not introduces_group(item, article)
    )


def asked_in_its_section(item: DefinitionItem, article: Article) -> bool:
    """Whether what the bullet says is asked in its section's deck rather
    than the glossary: its label names nothing to learn (the glossary is for
    names) and the article's own Glossary does not list it."""
    return names_nothing_to_learn(item, article) and not any(
        _same_term(entry.term, item.term) for entry in article.glossary
    )


def gives_a_fact(item: DefinitionItem) -> bool:
    """Whether the bullet's description gives a dose, frequency or duration,
    which `bullet_fact_cards` asks as a cloze with the term in view."""
    return any(regimen_spans(sentence) for sentence in split_sentences(item.definition))


def _bullet_card(
    item: DefinitionItem, card_id: str, kind: CardKind, fields: dict[str, Any]
) -> CardDraft:
    """A card quoting its bullet, where the bullet stands."""
    quote = f"{item.term} — {item.definition}"
    return CardDraft(card_id, kind, fields, item.section, item.heading, quote, item.line)


def nearest_choices(item: DefinitionItem, siblings: list[DefinitionItem]) -> list[str]:
    """The item's term and the terms of up to three siblings nearest to it in the list."""
    return [item.term, *(s.term for s in nearest_siblings(item, siblings))]


def nearest_siblings(item: DefinitionItem, siblings: list[DefinitionItem]) -> list[DefinitionItem]:
    """The up to three siblings nearest to the item in the list: its card's other choices."""
    ranked = sorted(siblings, key=lambda s: (abs(s.line - item.line), s.line))
    return ranked[: MAX_CHOICES - 1]


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


def _joined_terms(terms: list[str]) -> str:
    """'A, B and C'."""
    return terms[0] if len(terms) == 1 else f"{', '.join(terms[:-1])} and {terms[-1]}"


def _lowercase_first(text: str) -> str:
    """'This peptide ...' -> 'this peptide ...', but 'HGH ...' stays."""
    first = text.split(" ", 1)[0]
    return text if first.isupper() and len(first) > 1 else text[:1].lower() + text[1:]
