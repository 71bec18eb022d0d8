"""Cards from tables: one per row and column worth asking, and which row a cell describes."""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from typing import Any

from endoquiz import CardKind
from endoquiz.generator.article_model import Table
from endoquiz.generator.cards.agreement import singled_out_by_number
from endoquiz.generator.cards.article_text import STOPWORDS, ArticleText
from endoquiz.generator.cards.card_ids import CardIds, shuffled
from endoquiz.generator.cards.drafts import MAX_CHOICES, CardDraft
from endoquiz.generator.cards.table_levels import (
    definition_levels,
    definitions_of,
    implied_level_cells,
    is_level_cell,
)
from endoquiz.generator.glossary_terms import find_term
from endoquiz.generator.text_cleanup import singular, slugify, words

__all__ = [
    "Row",
    "column_phrase",
    "is_empty_cell",
    "numbered_rows",
    "restates_name",
    "row_choice_card",
    "says_nothing",
    "spells_out_name",
    "table_cards",
    "told_by_question",
    "vague_column",
]

# A table row: its name (the first cell), then the other cells.
Row = tuple[str, ...]

_EMPTY_CELLS = frozenset({"", "n/a", "na", "none", "-", "—", "–"})
# Cells that only say the answer is not fixed: there is nothing to learn.
_NOTHING_FIXED_STARTS = frozenset({"varies", "variable", "varied"})
_NOTHING_FIXED_CELLS = frozenset({"depends", "it depends", "unknown", "unclear"})
# Headers that do not say what their cells tell ("Sunlight: notes?"): a
# learner cannot know what answer is wanted.
_VAGUE_COLUMNS = frozenset(
    {"notes", "note", "comments", "comment", "remarks", "remark", "details", "other", "misc"}
)


def table_cards(table: Table, ids: CardIds, text: ArticleText) -> list[CardDraft]:
    """Per row, a basic card for each cell worth asking ("**Tesamorelin**:
    primary mechanism of action?"), then the row's choice card, if any."""
    cards = []
    where = _from_the_table(table)
    table_slug = slugify(table.caption, 30)
    for row, line in numbered_rows(table):
        asked = _cells_worth_asking(table, row, text)
        for index in asked:
            column, cell = table.columns[index], row[index]
            card_id = ids.claim(f"table-{table_slug}-{slugify(row[0], 30)}-{slugify(column, 30)}")
            fields = {"front": f"**{row[0]}**: {column_phrase(column)}?\n\n{where}", "back": cell}
            cards.append(_row_card(table, row, line, card_id, CardKind.BASIC, fields))
        if _names_its_row(row, asked, text):
            choice = row_choice_card(table, row, line, ids)
            cards += [choice] if choice is not None else []
    return cards


def _cells_worth_asking(table: Table, row: Row, text: ArticleText) -> list[int]:
    """The indexes of a row's cells a card may ask: not empty, not saying
    nothing, under a header that says what is asked, not told by the
    question, and not a level the row's name or definition already gives."""
    abbreviations = _long_forms(text)
    glossary = [(item.term, item.definition) for item in text.article.definitions]
    said = definitions_of(row[0], glossary, (sentence.text for sentence in text.sentences))
    implied = implied_level_cells(row, table.columns, abbreviations, definition_levels(said))
    return [
        index
        for index in range(1, len(row))
        if index not in implied
        and not is_empty_cell(row[index])
        and not says_nothing(row[index])
        and not vague_column(table.columns[index])
        and not told_by_question(row[index], row[0], table.columns[index])
        and not restates_name(row[index], row[0], abbreviations)
    ]


def _names_its_row(row: Row, asked: list[int], text: ArticleText) -> bool:
    """Whether the row's second cell may be quoted to ask which row it is.

    Not a cell that is not worth asking itself ("Growth Hormone Level: Low"
    beside "Growth Hormone Deficiency" gives its row away just as well), nor
    one that spells out the row's abbreviation, nor a level ("Low",
    "Blunted"): telling a row from its level only turns the level's own card
    around, where a cause or a mechanism asks to recognise what it describes.
    """
    return (
        1 in asked
        and not is_level_cell(row[1])
        and not spells_out_name(row[1], row[0], _long_forms(text))
    )


def _long_forms(text: ArticleText) -> dict[str, str]:
    """Each abbreviation the article spells out, with its long form."""
    return {short: long for short, (long, _) in text.abbreviations.items()}


def spells_out_name(cell: str, name: str, abbreviations: Mapping[str, str]) -> bool:
    """Whether a cell spells out an abbreviation of the row's name ("Free T4":
    "Unbound thyroxine ..."): quoted to name its row, it gives the row away."""
    named = {word.casefold() for word in name.split()}
    return any(
        re.search(rf"\b{re.escape(long)}\b", cell, re.IGNORECASE)
        for short, long in abbreviations.items()
        if short.casefold() in named
    )


# Words a cell may add to its row's name spelled out and still say nothing
# more than the name ("Unbound thyroxine available to tissues" for "Free
# T4": "unbound" only rewords "free").
_RESTATING_REMAINDER = 3


def restates_name(cell: str, name: str, abbreviations: Mapping[str, str]) -> bool:
    """Whether a cell is its row's name spelled out, with at most a few words
    more: asked by that name, it only asks to expand the abbreviation."""
    if not spells_out_name(cell, name, abbreviations):
        return False
    named = {word.casefold() for word in name.split()}
    given = set(words(name))
    for short, long in abbreviations.items():
        if short.casefold() in named:
            given.update(part for word in words(long) for part in word.split("-"))
    rest = [word for word in words(cell) if word not in STOPWORDS and word not in given]
    return len(rest) <= _RESTATING_REMAINDER


def says_nothing(cell: str) -> bool:
    """Whether a cell only says the answer is not fixed ("Variable",
    "Varies with season", "Depends")."""
    lowered = cell.casefold().strip(" .")
    first = lowered.split()[0] if lowered else ""
    return first in _NOTHING_FIXED_STARTS or lowered in _NOTHING_FIXED_CELLS


def vague_column(column: str) -> bool:
    """Whether a header names no question ("Notes", "Comments", "Other")."""
    return column.casefold().strip() in _VAGUE_COLUMNS


def told_by_question(cell: str, row_name: str, column: str) -> bool:
    """Whether the question about a cell already says it: every word of the
    cell (of four letters or more, plural or not) is in the row's name or
    the column's ("**HPT Axis (Thyroid Hormones)**: receptor sensitivity
    affected?" for "Thyroid Hormone Receptors")."""
    asked = {_singular(word) for word in words(f"{row_name} {column}")}
    told = {_singular(word) for word in words(cell) if len(word) >= 4}
    return bool(told) and told <= asked


def _singular(word: str) -> str:
    return word[:-1] if word.endswith("s") and len(word) > 4 else word


def row_choice_card(table: Table, row: Row, line: int, ids: CardIds) -> CardDraft | None:
    """'Which peptide does the table describe this way?', quoting the row's
    second cell, with other rows as choices: for tables of three rows or more,
    when that cell is unique in its column and names no row."""
    keys = [r[0] for r in table.rows]
    if len(keys) < 3 or len(table.columns) < 2:
        return None
    column_cells = [r[1].casefold() for r in table.rows]
    cell = row[1]
    if column_cells.count(cell.casefold()) != 1 or is_empty_cell(cell):
        return None
    # "Low" also describes the row whose cell says "Low or normal", and
    # "Mildly high" the one that says "High": two right answers.
    told = set(words(cell))
    for other in table.rows:
        theirs = set(words(other[1]))
        if other is not row and (told <= theirs or theirs <= told):
            return None
    if any(find_term(key, cell) for key in keys) or _shares_word_with_its_row_only(cell, row, keys):
        return None
    card_id = ids.claim(f"table-{slugify(table.caption, 30)}-{slugify(row[0], 30)}-which")
    # A name in two rows is one choice: the deck format refuses repeats.
    others: list[str] = []
    for key in keys:
        if key.casefold() not in {row[0].casefold(), *(o.casefold() for o in others)}:
            others.append(key)
    if singled_out_by_number(cell, row[0], others[: MAX_CHOICES - 1]):
        return None
    fields: dict[str, Any] = {
        # Column names are nouns of any shape ("What It Measures"): quote
        # them rather than build a sentence around them.
        "question": f"Which {column_phrase(table.columns[0])} does the table describe this way?"
        f"\n\n> *{table.columns[1]}*: {cell}\n\n{_from_the_table(table)}",
        "choices": shuffled(card_id, [row[0], *others[: MAX_CHOICES - 1]]),
        "answer": row[0],
    }
    return _row_card(table, row, line, card_id, CardKind.CHOICE, fields)


def _shares_word_with_its_row_only(cell: str, row: Row, keys: list[str]) -> bool:
    """Whether a word of the cell is in the row's name and in no other
    row's ("Localized overgrowth of thyroid cells" beside *Thyroid Nodule*
    and three -thyroidism rows): the learner matches the word, not the fact."""
    told = {singular(word) for word in words(cell) if word not in STOPWORDS}
    sharing = {key for key in keys if told & {singular(word) for word in words(key)}}
    return sharing == {row[0]}


def numbered_rows(table: Table) -> Iterator[tuple[Row, int]]:
    """The rows of a table, each with its line in the article file."""
    for offset, row in enumerate(table.rows):
        yield row, table.line + offset + 1


def is_empty_cell(cell: str) -> bool:
    """Whether a cell says nothing: blank, 'N/A', 'none' or a dash."""
    return cell.lower() in _EMPTY_CELLS


def column_phrase(column: str) -> str:
    """A column header as a phrase: 'Primary Mechanism' -> 'primary mechanism'."""
    return " ".join(w if w.isupper() and len(w) > 1 else w.lower() for w in column.split())


def _from_the_table(table: Table) -> str:
    """The line under a table card's question that names its table."""
    return f"*From the table: {table.caption}*"


def _row_card(
    table: Table, row: Row, line: int, card_id: str, kind: CardKind, fields: dict[str, Any]
) -> CardDraft:
    """A card quoting its row, where the table stands."""
    return CardDraft(card_id, kind, fields, table.section, table.heading, " | ".join(row), line)
