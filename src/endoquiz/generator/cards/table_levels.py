"""Table cells that give a level ("High", "Low or normal"), and which a row's name already tells."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from endoquiz.generator.text_cleanup import words

__all__ = [
    "LevelClaim",
    "cell_level",
    "column_subject",
    "definition_levels",
    "definitions_of",
    "implied_level_cells",
    "is_level_cell",
    "name_claims",
]

HIGH = "high"
LOW = "low"
NORMAL = "normal"
# A level told by its shape, not its direction ("Blunted"): still a level
# cell, never the polarity a row's name states.
FLATTENED = "flattened"

# The first word of a cell's alternative that gives its level.
_LEVEL_WORDS = {
    "high": HIGH,
    "raised": HIGH,
    "elevated": HIGH,
    "increased": HIGH,
    "low": LOW,
    "reduced": LOW,
    "decreased": LOW,
    "suppressed": LOW,
    "normal": NORMAL,
    "blunted": FLATTENED,
    "flattened": FLATTENED,
    "flat": FLATTENED,
}
# Words that soften a level without changing it ("Mildly high").
_HEDGES = frozenset({"mildly", "slightly", "usually", "often", "very", "markedly", "moderately"})
# A noun that says a row is about too much or too little of its subject
# ("Growth Hormone Deficiency", "a condition of growth hormone excess").
_POLARITY_NOUNS = {
    "excess": HIGH,
    "overproduction": HIGH,
    "oversecretion": HIGH,
    "overactivity": HIGH,
    "deficiency": LOW,
    "insufficiency": LOW,
    "deficit": LOW,
    "underproduction": LOW,
    "underactivity": LOW,
}
# A hyper-/hypo- word names a disorder only with a disorder's suffix:
# "hypoparathyroidism", "hypercalcemia", "hypocalciuric" - not the
# "hypothalamic" of an axis.
_PREFIXED = re.compile(r"^(hyper|hypo)([a-z]{3,}?)(ism|a?emia|uria|uric)$")
# Words of a row's name that say which patients, not what is too high or low.
_QUALIFIERS = frozenset(
    {"childhood", "adult", "primary", "secondary", "tertiary", "congenital", "acquired", "partial"}
)
_QUALIFIERS |= frozenset({"severe", "mild", "familial", "isolated", "of", "the", "syndrome"})
# Words of a column's header that say where or how a level is read, not of what.
_MEASURE_WORDS = frozenset({"level", "levels", "blood", "serum", "plasma", "concentration"})


@dataclass(frozen=True, slots=True)
class LevelClaim:
    """What a row's name says is too high or too low: the level, and either
    the stem of a hyper-/hypo- word ("parathyroid") or the words of the
    subject ("growth", "hormone"), abbreviations spelled out."""

    level: str
    stem: str | None
    subject: frozenset[str]

    def is_about(self, column_words: frozenset[str]) -> bool:
        """Whether a column measures what the claim is about."""
        if self.stem is not None:
            return any(word.startswith(self.stem) for word in column_words)
        return bool(self.subject and column_words) and (
            self.subject <= column_words or column_words <= self.subject
        )


def cell_level(cell: str) -> str | None:
    """The one level a cell gives ("Mildly high" -> high), or None when it
    gives none or several ("High or inappropriately normal", "Low or low-normal")."""
    levels = {_alternative_level(part) for part in re.split(r"\s+or\s+", cell.casefold())}
    return levels.pop() if len(levels) == 1 else None


def is_level_cell(cell: str) -> bool:
    """Whether any alternative of a cell is a level ("Low or normal")."""
    return any(_alternative_level(part) for part in re.split(r"\s+or\s+", cell.casefold()))


def _alternative_level(text: str) -> str | None:
    """The level of one alternative: a level word alone, or before a comma
    ("High, with a sharp peak"); "Increased androgen production" tells what
    rises, not a level of the column."""
    leading = [word for word in text.split() if word not in _HEDGES]
    if not leading or (len(leading) > 1 and not leading[0].endswith(",")):
        return None
    return _LEVEL_WORDS.get(leading[0].strip(",;."))


def name_claims(name: str, abbreviations: Mapping[str, str]) -> list[LevelClaim]:
    """What a row's name says is too high or too low."""
    tokens = words(name)
    claims = []
    for token in tokens:
        prefixed = _PREFIXED.match(token)
        if prefixed:
            level = HIGH if prefixed.group(1) == "hyper" else LOW
            claims.append(LevelClaim(level, prefixed.group(2), frozenset()))
        elif token in _POLARITY_NOUNS:
            rest = [t for t in tokens if t != token and t not in _QUALIFIERS]
            subject = frozenset(_spelled_out(rest, abbreviations))
            claims.append(LevelClaim(_POLARITY_NOUNS[token], None, subject))
    return claims


def column_subject(column: str, abbreviations: Mapping[str, str]) -> frozenset[str]:
    """The words of what a column measures: 'PTH Level' -> parathyroid, hormone."""
    measured = [word for word in words(column) if word not in _MEASURE_WORDS]
    return frozenset(_spelled_out(measured, abbreviations))


def _spelled_out(tokens: Iterable[str], abbreviations: Mapping[str, str]) -> list[str]:
    """Tokens with each abbreviation replaced by its long form's words, all
    split at hyphens ("thyroid-stimulating")."""
    long_forms = {short.casefold(): long for short, long in abbreviations.items()}
    spelled = []
    for token in tokens:
        expansion = words(long_forms[token]) if token in long_forms else [token]
        spelled += [part for word in expansion for part in word.split("-") if part]
    return spelled


def implied_level_cells(
    row: tuple[str, ...],
    columns: tuple[str, ...],
    abbreviations: Mapping[str, str],
    definition_levels: set[str],
) -> set[int]:
    """The indexes of a row's level cells a learner reads off what the row is.

    A cell is implied when the row's name says its level about the column's
    subject ("Hypoparathyroidism": PTH level Low). And when what the row is
    (its name, or the article's definition of it: "a condition of growth
    hormone excess") has one level and every level cell of the row agrees
    with it, nothing in the row contrasts and none is asked; a row whose
    cells differ (GH high but IGF-1 low) keeps them all.
    """
    claims = name_claims(row[0], abbreviations)
    implied = _named_levels(row, columns, claims, abbreviations)
    row_levels = {claim.level for claim in claims} | definition_levels
    level_cells = [i for i in range(1, len(row)) if is_level_cell(row[i])]
    # Several levels (a name and a definition that disagree, "Familial
    # Hypocalciuric Hypercalcemia") say nothing about the row as a whole.
    agreeing = all(cell_level(row[i]) in row_levels for i in level_cells)
    if len(row_levels) == 1 and level_cells and agreeing:
        implied.update(level_cells)
    return implied


def _named_levels(
    row: tuple[str, ...],
    columns: tuple[str, ...],
    claims: list[LevelClaim],
    abbreviations: Mapping[str, str],
) -> set[int]:
    """The indexes of cells whose level the name states about their column's
    subject ("Hypoparathyroidism": a PTH level of Low)."""
    named = set()
    for index in range(1, len(row)):
        level = cell_level(row[index])
        subject = column_subject(columns[index], abbreviations)
        if level and any(c.level == level and c.is_about(subject) for c in claims):
            named.add(index)
    return named


def definition_levels(definitions: Iterable[str]) -> set[str]:
    """The levels the article's definitions of a row's name state ("GH
    excess in adulthood" -> high): its polarity nouns and hyper-/hypo- words."""
    levels = set()
    for definition in definitions:
        for token in words(definition):
            if token in _POLARITY_NOUNS:
                levels.add(_POLARITY_NOUNS[token])
            prefixed = _PREFIXED.match(token)
            if prefixed:
                levels.add(HIGH if prefixed.group(1) == "hyper" else LOW)
    return levels


def definitions_of(
    name: str, glossary: Iterable[tuple[str, str]], sentences: Iterable[str]
) -> list[str]:
    """What the article says a row's name is: the definition of a bullet
    named by it, and the appositive or 'is a' phrase after it in a sentence
    ("Acromegaly, a condition of growth hormone excess in adults")."""
    found = [definition for term, definition in glossary if term.casefold() == name.casefold()]
    pattern = re.compile(
        rf"\b{re.escape(name)}(?:,\s+(?:a|an|the)\s+|\s+is\s+(?:a|an)\s+)([^,.;]+)", re.IGNORECASE
    )
    for sentence in sentences:
        found += [match.group(1) for match in pattern.finditer(sentence)]
    return found
