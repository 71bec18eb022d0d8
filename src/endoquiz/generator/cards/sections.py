"""Cards from a section's prose: question headings answered, and clozes on its sentences."""

from __future__ import annotations

import re

from endoquiz import CardKind
from endoquiz.generator.cards.article_text import STOPWORDS, ArticleText, noun_modifier, studyable
from endoquiz.generator.cards.card_ids import CardIds, sentence_card_id
from endoquiz.generator.cards.drafts import CardDraft
from endoquiz.generator.cards.fact_spans import (
    cloze_text,
    defined_term_spans,
    fact_spans,
    key_term_spans,
    non_overlapping,
)
from endoquiz.generator.glossary_terms import Sentence, find_term
from endoquiz.generator.text_cleanup import slugify, starts_dangling, words

__all__ = ["best_answer", "cloze_cards", "question_cards", "stem"]

# Clozes per sentence: more hidden at once is guessing, not recall.
_MAX_DELETIONS = 2


def question_cards(text: ArticleText, section: str, ids: CardIds) -> list[CardDraft]:
    """A card for each question heading of a section that a sentence under it answers."""
    cards = []
    for heading_section, heading, line in text.article.headings:
        if heading_section != section or not heading.endswith("?"):
            continue
        answer = best_answer(heading, [s for s in text.sentences if s.heading == heading])
        if answer is None:
            continue
        card_id = ids.claim(f"question-{slugify(heading)}")
        fields = {"front": heading, "back": answer}
        cards.append(CardDraft(card_id, CardKind.BASIC, fields, section, heading, answer, line))
    return cards


def best_answer(heading: str, sentences: list[Sentence]) -> str | None:
    """The sentence under a question heading that answers it best: the most
    words in common with the question (two at least), not leaning on a
    previous sentence; with the next one when that one continues it."""
    asked = {stem(w) for w in words(heading) if w not in STOPWORDS}
    asked -= {"how", "what", "why", "doe", "do", "when", "where"}
    best: tuple[int, int, int] | None = None
    for index, sentence in enumerate(sentences):
        if starts_dangling(sentence.text) or {"you", "your"} & set(words(sentence.text)):
            continue
        overlap = len(asked & {stem(w) for w in words(sentence.text)})
        if overlap >= 2 and (best is None or overlap > best[0]):
            best = (overlap, -index, index)
    if best is None:
        return None
    chosen = sentences[best[2]]
    answer = chosen.text
    following = sentences[best[2] + 1] if best[2] + 1 < len(sentences) else None
    if (
        following is not None
        and following.previous == chosen.text
        and (starts_dangling(following.text) or following.text.startswith("For example"))
        and len(answer.split()) < 30
    ):
        answer += " " + following.text
    return answer


# The name a hyphen joins to a span ("1-alpha-"), or the word one space
# before it: a compound name's modifier.
_HYPHENATED = re.compile(r"[A-Za-z0-9]+(?:-[A-Za-z0-9]+)*-$")
_WORD_BEFORE = re.compile(r"(?:^|\s)([a-z][a-z0-9]*) $")


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
        return (hyphenated.start(), end)
    before = _WORD_BEFORE.search(sentence[:start])
    if before is not None and noun_modifier(before[1]):
        return (before.start(1), end)
    return span


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
    """A cloze for each studyable sentence of a section that holds a fact or
    a defined term (or, in a pull quote, a key term); a sentence that leans on
    the one before it comes with that one. A repeated sentence is asked once."""
    cards = []
    seen: set[str] = set()
    for entry in text.in_section(section):
        sentence = entry.sentence
        normalised = " ".join(words(sentence.text))
        if normalised in seen or not studyable(sentence.text):
            continue
        seen.add(normalised)
        deletions = fact_spans(sentence.text, text.abbreviations)
        deletions += defined_term_spans(sentence.text)
        if entry.standalone:
            deletions += key_term_spans(sentence.text, text.key_phrases, text.topic)
        # The article's topic hidden asks what every card is about: "a
        # condition known as {{insulin resistance}}" in an article on it.
        deletions = [
            (start, end)
            for start, end in deletions
            if not is_topic(sentence.text[start:end], text.topic)
        ]
        deletions = [whole_compound(sentence.text, span) for span in deletions]
        deletions = non_overlapping(deletions)[:_MAX_DELETIONS]
        if not deletions:
            continue
        context = ""
        if starts_dangling(sentence.text):
            if sentence.previous is None or starts_dangling(sentence.previous):
                continue
            context = sentence.previous + " "
        first_start, first_end = deletions[0]
        card_id = ids.claim(
            sentence_card_id("cloze", sentence.text[first_start:first_end], sentence.text)
        )
        fields = {"text": context + cloze_text(sentence.text, deletions)}
        quote = context + sentence.text
        cards.append(
            CardDraft(card_id, CardKind.CLOZE, fields, section, sentence.heading, quote, entry.line)
        )
    return cards
