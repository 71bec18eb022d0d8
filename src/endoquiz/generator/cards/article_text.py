"""An article's body as sentences, and what its whole text tells: abbreviations, key phrases."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from endoquiz.generator.article_model import Article
from endoquiz.generator.glossary_terms import VERBS, Sentence, classify_term
from endoquiz.generator.text_cleanup import words

__all__ = [
    "ABBREVIATION",
    "PREPOSITIONS",
    "STOPWORDS",
    "ArticleText",
    "SectionSentence",
    "body_sentences",
    "key_phrases",
    "long_form",
    "noun_modifier",
    "spelled_out_abbreviations",
    "studyable",
    "topic_phrase",
    "topic_words",
]

# Small words that name no topic: a phrase starting or ending with one is no term.
STOPWORDS = frozenset(
    """
    a an the of and or for to in on with by at from as is are was were be been this that
    these those it its their your our can may also more most such into than then which
    while who whom whose not no so both each other some any all very often further directly
    """.split()
)
# "(HPG)", "(GLUT4)", "(GHRPs)": an abbreviation in brackets after its long form.
ABBREVIATION = re.compile(r"\(([A-Z][A-Za-z0-9-]{0,9}[A-Z0-9]s?)\)")


@dataclass(frozen=True, slots=True)
class SectionSentence:
    """A body sentence of one section, with its paragraph's line and shape."""

    sentence: Sentence
    line: int  # the paragraph's line in the article file
    standalone: bool  # the paragraph's only sentence (often a pull quote)


@dataclass(frozen=True, slots=True)
class ArticleText:
    """The article's body sentences and what the card sources read off all of them.

    Attributes:
        sentences: every body sentence, in article order.
        body_text: the sentences, bullets and table cells joined, to tell
            glossary terms from fragments.
        abbreviations: each abbreviation the text spells out, with its long
            form and the first sentence that spells it out.
        key_phrases: known terms for summary clozes, longest first.
        topic: the article's most frequent two-word phrase.
        topic_words: the words that name what the whole article is about (see
            `topic_words`): a cloze hiding only these asks nothing.
    """

    article: Article
    sentences: tuple[Sentence, ...]
    body_text: str
    abbreviations: dict[str, tuple[str, Sentence]]
    key_phrases: tuple[str, ...]
    topic: str | None
    topic_words: frozenset[str]

    @classmethod
    def of(cls, article: Article) -> ArticleText:
        """Read an article's body once, for every card source."""
        sentences = body_sentences(article)
        body_text = article.searchable_text()
        return cls(
            article,
            tuple(sentences),
            body_text,
            spelled_out_abbreviations(sentences),
            tuple(key_phrases(article, sentences, body_text)),
            topic_phrase(sentences),
            topic_words(article),
        )

    def in_section(self, section: str) -> list[SectionSentence]:
        """The body sentences of one section, in article order."""
        found = []
        index = 0  # self.sentences holds the paragraphs' sentences in this order
        for paragraph in self.article.paragraphs:
            for _ in paragraph.sentences:
                if paragraph.section == section:
                    found.append(
                        SectionSentence(
                            self.sentences[index], paragraph.line, paragraph.is_standalone_sentence
                        )
                    )
                index += 1
        return found

    def line_of(self, sentence: Sentence) -> int:
        """The line of the first paragraph that holds the sentence (0 if none)."""
        for paragraph in self.article.paragraphs:
            if sentence.text in paragraph.sentences:
                return paragraph.line
        return 0

    def is_real_term(self, term: str) -> bool:
        """Whether a glossary entry is a term rather than a fragment of a sentence."""
        return classify_term(term, self.body_text) is None


def body_sentences(article: Article) -> list[Sentence]:
    """Every sentence of the article's paragraphs, each with the one before it."""
    sentences = []
    for paragraph in article.paragraphs:
        previous = None
        for text in paragraph.sentences:
            sentences.append(Sentence(text, paragraph.section, paragraph.heading, previous))
            previous = text
    return sentences


def spelled_out_abbreviations(sentences: list[Sentence]) -> dict[str, tuple[str, Sentence]]:
    """Abbreviations the text spells out, 'long form (ABBR)', with the first sentence."""
    found: dict[str, tuple[str, Sentence]] = {}
    for sentence in sentences:
        for match in ABBREVIATION.finditer(sentence.text):
            abbreviation = match[1]
            spelled_out = long_form(sentence.text[: match.start()], abbreviation)
            if spelled_out and abbreviation not in found:
                found[abbreviation] = (spelled_out, sentence)
    return found


def long_form(before: str, abbreviation: str) -> str | None:
    """The words just before '(ABBR)' that it abbreviates, if they match it:
    the shortest run of words whose first word starts with the abbreviation's
    first letter and that holds all its letters in order."""
    tokens = before.rstrip().split()
    letters = [c.lower() for c in abbreviation if c.isalpha()]
    if not letters or not tokens:
        return None
    for size in range(1, min(len(tokens), len(letters) + 3) + 1):
        candidate = tokens[-size:]
        if candidate[0][:1].lower() != letters[0]:
            continue
        text = " ".join(candidate).lower()
        position = 0
        for letter in letters:
            position = text.find(letter, position)
            if position < 0:
                break
            position += 1
        else:
            phrase = " ".join(candidate).strip(",;:")
            if candidate[0].lower() not in STOPWORDS and len(phrase) > len(abbreviation):
                return phrase
    return None


def key_phrases(article: Article, sentences: list[Sentence], body_text: str) -> list[str]:
    """Phrases the article keeps returning to, and the terms its lists, tables
    and glossary name: known terms for summary clozes, longest first."""
    counts: Counter[str] = Counter()
    for sentence in sentences:
        tokens = words(sentence.text)
        for size in (2, 3):
            for start in range(len(tokens) - size + 1):
                gram = tokens[start : start + size]
                if gram[0] in STOPWORDS or gram[-1] in STOPWORDS:
                    continue
                # Noun phrases only: "improve insulin" would cut "insulin resistance".
                if any(t in VERBS or t.endswith("ly") or t.isdigit() for t in gram):
                    continue
                counts[" ".join(gram)] += 1
    frequent = {phrase for phrase, count in counts.items() if count >= 4}
    named = {d.term.lower() for d in article.definitions}
    named |= {row[0].lower() for t in article.tables for row in t.rows}
    named |= {
        entry.term.lower()
        for entry in article.glossary
        if classify_term(entry.term, body_text) is None
    }
    # Longest first, so 'insulin resistance' is not cut to 'insulin'.
    return sorted(frequent | named, key=lambda p: (-len(p), p))


def topic_phrase(sentences: list[Sentence]) -> str | None:
    """The article's topic: its most frequent two-word phrase."""
    counts: Counter[str] = Counter()
    for sentence in sentences:
        tokens = words(sentence.text)
        for start in range(len(tokens) - 1):
            pair = tokens[start : start + 2]
            if pair[0] not in STOPWORDS and pair[1] not in STOPWORDS:
                counts[" ".join(pair)] += 1
    return counts.most_common(1)[0][0] if counts else None


def topic_words(article: Article) -> frozenset[str]:
    """The article's topic words: its title's content words and its most
    frequent content word ("cortisol" in a cortisol article, "insulin")."""
    counts: Counter[str] = Counter(
        word
        for paragraph in article.paragraphs
        for word in words(paragraph.text)
        if word not in STOPWORDS and len(word) > 3
    )
    title = {w for w in words(article.title) if w not in STOPWORDS and len(w) > 3}
    frequent = {counts.most_common(1)[0][0]} if counts else set()
    return frozenset(title | frequent)


def studyable(sentence: str) -> bool:
    """A sentence worth a card: a statement of study size, not addressed to
    the reader, not relating its subject to something it leaves unsaid."""
    tokens = words(sentence)
    return (
        6 <= len(tokens) <= 60
        and not sentence.endswith("?")
        # Addressed to the reader ("your body") is musing, not fact; the
        # generic "our primary energy source" is fine.
        and not {"you", "your", "yours"} & set(tokens)
        and not relation_left_open(tokens)
    )


# Predicates that relate their subject to something else: "linked" says
# nothing until it says to what.
_RELATIONAL = frozenset(
    "linked connected related tied associated intertwined interconnected correlated "
    "coupled interlinked entwined involved implicated".split()
)


def relation_left_open(tokens: list[str]) -> bool:
    """Whether a sentence ends on a relation with one side missing: "The HPA
    axis, governing the stress response, is also intricately linked." (linked
    to what the paragraph said before). A relation between two things it
    names ("Insulin resistance and obesity are closely linked.") is a fact."""
    return bool(tokens) and tokens[-1] in _RELATIONAL and not {"and", "between"} & set(tokens)


# Prepositions: never the modifier of a compound name.
PREPOSITIONS = frozenset(
    "of in on at by for with from to into onto over under between among through "
    "across against within without via per around after before during until near above "
    "below beyond toward towards".split()
)
# Endings of verbs, adverbs and adjectives ("releases", "activated",
# "rapidly", "hepatic"): a word with one is taken for no noun modifier.
_NOT_NOUN_MODIFIER = ("s", "ed", "ly", "ing", "al", "ic", "ive", "ous", "ful", "ent", "ant")


def noun_modifier(word: str) -> bool:
    """Whether a lowercase word before a noun reads as a noun modifying it,
    as "serine" in "serine kinases" (by its shape: no verb's or adjective's
    ending, no small word)."""
    return (
        bool(re.fullmatch(r"[a-z][a-z0-9]*", word))
        and word not in STOPWORDS | PREPOSITIONS
        and not word.endswith(_NOT_NOUN_MODIFIER)
    )
