"""What an article is about: its title when no metadata file names one.

A subheading names one part of an article, never the whole ("Understanding
the Thyroid Feedback Loop" in an article on thyroid and metabolism), so the
title comes from the article's own title line, else from the terms it
defines and keeps returning to, else from its file name.
"""

from __future__ import annotations

import re

from endoquiz.generator.article_model import Article
from endoquiz.generator.cards.article_text import ArticleText
from endoquiz.generator.glossary_terms import count_term
from endoquiz.generator.text_cleanup import words

__all__ = ["inferred_title", "subject_terms"]

# A term named fewer times than this is a detail, not what the article is about.
_MIN_MENTIONS = 2
_SMALL_WORDS = frozenset("a an the of and or for to in on with by at from as vs".split())


def inferred_title(article: Article, title_line: str | None, stem: str) -> str:
    """The article's title line, else its two main subjects ("Insulin
    Resistance and Hormone Receptor"), else its file name."""
    if title_line and any(c.isalnum() for c in title_line):
        return title_line
    subjects = subject_terms(article)
    if subjects:
        prose = " ".join(p.text for p in article.paragraphs)
        return " and ".join(_title_case(term, prose) for term in subjects)
    return stem.replace("_", " ").replace("-", " ").strip().capitalize() or "Article"


def subject_terms(article: Article) -> list[str]:
    """The term (of the article's glossary, lists, tables, recurring phrases
    and spelled-out abbreviations, with their short forms' mentions) its prose
    and subheadings mention most, and the most mentioned one sharing no word
    with it when the article is nearly as much about that one (half the
    mentions): two articles on one topic then differ by it."""
    text = ArticleText.of(article)
    # Prose, not bullets and table cells: a table's first column ("Light",
    # "Deep") is named row after row without being what the article is about.
    prose = "\n".join([*(s.text for s in text.sentences), *(h[1] for h in article.headings)])
    # An article on parathyroid hormone writes "PTH" once it has spelled it
    # out: the short form's mentions are the term's.
    short_forms: dict[str, list[str]] = {}
    for abbreviation, (spelled_out, _) in text.abbreviations.items():
        short_forms.setdefault(spelled_out.casefold(), []).append(abbreviation)
    candidates = {*text.key_phrases, *short_forms}
    mentions = {
        term: count_term(term, prose)
        + sum(_count_exact(short, prose) for short in short_forms.get(term.casefold(), []))
        for term in sorted(candidates)
    }
    ranked = sorted(
        (term for term, count in mentions.items() if count >= _MIN_MENTIONS),
        key=lambda term: (-mentions[term], term),
    )
    if not ranked:
        return []
    first = ranked[0]
    others = [term for term in ranked[1:] if not set(words(term)) & set(words(first))]
    second = [term for term in others[:1] if 2 * mentions[term] >= mentions[first]]
    return [first, *second]


def _count_exact(abbreviation: str, prose: str) -> int:
    """How often an abbreviation occurs as written (case matters: "PTH", not "pth")."""
    return len(re.findall(rf"(?<![\w-]){re.escape(abbreviation)}s?(?![\w-])", prose))


def _title_case(term: str, prose: str) -> str:
    """The term in title case, each word spelled as the article writes it
    where that is not plain lower case ("HPA", "pH"): the terms are lowercased."""
    return " ".join(
        token if position and token in _SMALL_WORDS else _spelling(token, prose)
        for position, token in enumerate(term.split())
    )


def _spelling(word: str, prose: str) -> str:
    for match in re.finditer(rf"(?<![\w-]){re.escape(word)}(?![\w-])", prose, re.IGNORECASE):
        if match[0][1:] != match[0][1:].lower():
            return match[0]
    return word[:1].upper() + word[1:]
