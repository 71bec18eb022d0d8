"""Text repairs for scraped articles: the `∞` stand-in, sentences, slugs."""

from __future__ import annotations

import re
import unicodedata

__all__ = [
    "clean_text",
    "pronoun_after_opening",
    "singular",
    "slugify",
    "split_sentences",
    "starts_dangling",
    "words",
]

INFINITY = "∞"

# `10 ∞ 20 units`, `0.1 ∞ 0.2ml`: a range, written with an en dash. A number
# glued to a name ends no range: `free T4 ∞ 0.8 ∞ 1.8 ng/dL` is a dash, then one.
_RANGE = re.compile(r"(?<![\w.])(\d(?:[\d.,]*\d)?)\s*∞\s*(\d)")
# `Term ∞ definition` at the start, or `... protocols ∞` at the end of a line.
_TRAILING = re.compile(r"\s*∞\s*$")
_SPACED = re.compile(r"\s*∞\s*")
_SPACES = re.compile(r"[ \t\u00a0]+")


def clean_text(text: str) -> str:
    """Text with `∞` turned back into what the page had, and spaces tidied.

    A range becomes an en dash (`10–20`), a pair of `∞` around an aside
    becomes a pair of em dashes, a trailing one becomes a colon and any other
    a spaced em dash. No `∞` survives.
    """
    text = _SPACES.sub(" ", text).strip()
    if INFINITY not in text:
        return text
    text = _RANGE.sub(r"\1–\2", text)
    text = _TRAILING.sub(":", text)
    text = _SPACED.sub(" — ", text)
    # A leading `∞`, or two in a row, would leave a space at the edge or a double one.
    return _SPACES.sub(" ", text).strip()


# A sentence ends at . ! or ? followed by space and a capital, digit or quote;
# not after common abbreviations or single initials.
_SENTENCE_END = re.compile(r"(?<=[.!?])[\"”’)]?\s+(?=[A-Z0-9“\"‘(])")
_ABBREVIATIONS = ("e.g.", "i.e.", "etc.", "vs.", "al.", "Dr.", "approx.", "No.", "Fig.")


def split_sentences(text: str) -> list[str]:
    """The sentences of a paragraph, in order."""
    pieces: list[str] = []
    start = 0
    for match in _SENTENCE_END.finditer(text):
        candidate = text[start : match.start()].rstrip()
        last_word = candidate.rsplit(" ", 1)[-1]
        if last_word in _ABBREVIATIONS or re.fullmatch(r"[A-Z]\.", last_word):
            continue
        pieces.append(text[start : match.end()].strip())
        start = match.end()
    rest = text[start:].strip()
    if rest:
        pieces.append(rest)
    return pieces


_WORD = re.compile(r"[A-Za-z0-9][A-Za-z0-9'’-]*")


def words(text: str) -> list[str]:
    """The words of a text, lowercased, without punctuation."""
    return [w.lower() for w in _WORD.findall(text)]


# Words that make a sentence lean on the one before it: "This leads to ...".
DANGLING_STARTS = frozenset(
    {"this", "these", "it", "its", "they", "their", "that", "those", "such", "he", "she", "them"}
)


# "In men, it ...", "Over time, this ...": a pronoun as the subject after a
# short opening phrase leans on the sentence before just as much.
_OPENING_PHRASE = re.compile(r"^([A-Z][^,.;:]{0,40}),\s+(it|this|these|they|such)\b")
_OPENING_WORDS = 4


def pronoun_after_opening(sentence: str) -> tuple[str, str] | None:
    """The short opening phrase and the pronoun after it, when a sentence has
    one as its subject there ("In men, it ..."); None otherwise."""
    opener = _OPENING_PHRASE.match(sentence)
    if opener is None or len(words(opener[1])) > _OPENING_WORDS:
        return None
    return opener[1], opener[2]


# A relational noun that says "of what?" without saying it refers back just
# as a pronoun does: "The dose is adjusted ...", "The most common cause is
# ...", "Levels below 30 nmol/L ...", "cures the condition", "In about 80% of
# cases": dose, cause, condition and cases of something named before.
_RELATIONAL = r"(?:cause|causes|dose|doses|condition|disorder|treatment|level|levels|result|effect)"
_BARE_RELATIONAL_SUBJECT = re.compile(
    rf"^(?:[A-Z][^,.;:]{{0,40}},\s+)?(?:the\s+(?:(?:most\s+)?(?:common|main|usual|first|"
    rf"typical|standard|starting|same)\s+)?{_RELATIONAL}|levels|doses|causes)\b"
    r"(?!\s+(?:of|for|to|with|by)\b)",
    re.IGNORECASE,
)
_RELATIONAL_INSIDE = re.compile(
    r"\bthe (?:condition|disorder|disease)\b(?!\s+(?:of|called|known|named)\b)"
    r"|\d\s*%\s+of\s+(?:cases|patients)\b(?!\s+(?:of|with)\b)"
)


# "While this is a normal regulatory mechanism, ...": a pronoun as the
# subject of an opening subordinate clause points back as much.
_SUBORDINATE_POINTING = re.compile(
    r"^(?:While|Although|Though|Because|Since|As|If|When|Whereas|Unless)\s+"
    r"(?:this|these|it|they|such)\b",
)


def refers_back(sentence: str) -> str | None:
    """The words by which a sentence refers to something named before it
    without naming it ("The dose", "the condition", "80% of cases", "While
    this"), if any."""
    found = (
        _BARE_RELATIONAL_SUBJECT.match(sentence)
        or _RELATIONAL_INSIDE.search(sentence)
        or _SUBORDINATE_POINTING.match(sentence)
    )
    return found[0].strip() if found else None


def starts_dangling(sentence: str) -> bool:
    """Whether a sentence leans on the one before it: it opens with a pronoun
    or demonstrative that refers back, has one as its subject after a short
    opening phrase, or names a dose, cause or condition without saying of what."""
    first = words(sentence[:40])
    return bool(first) and (
        first[0] in DANGLING_STARTS
        or pronoun_after_opening(sentence) is not None
        or refers_back(sentence) is not None
    )


def slugify(text: str, max_length: int = 60) -> str:
    """A lowercase id made of letters, digits and hyphens."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    if len(slug) > max_length:
        slug = slug[:max_length].rsplit("-", 1)[0]
    return slug or "x"


def singular(word: str) -> str:
    """Singular and plural meet: 'pellets' -> 'pellet', 'therapies' -> 'therapy'."""
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith("s") and not word.endswith("ss") and len(word) > 3:
        return word[:-1]
    return word
