"""What the generator reads out of an article: sections, paragraphs, lists, tables."""

from __future__ import annotations

from dataclasses import dataclass, field

__all__ = [
    "Article",
    "DefinitionItem",
    "GlossaryEntry",
    "Paragraph",
    "SkippedText",
    "Table",
]

# Sections whose text becomes cards, in article order.
STUDY_SECTIONS = ("Fundamentals", "Intermediate", "Academic")
# Sections that never become cards (the glossary's terms are handled apart).
OTHER_SECTIONS = ("References", "Reflection", "Glossary")
SECTION_NAMES = STUDY_SECTIONS + OTHER_SECTIONS


@dataclass(frozen=True, slots=True)
class Paragraph:
    """A paragraph of body text, with the heading it stands under.

    Attributes:
        sentences: the paragraph's sentences, `∞` already repaired.
        heading: the nearest subheading above it, if any.
        line: 1-based line in the article file.
    """

    section: str
    heading: str | None
    sentences: tuple[str, ...]
    line: int

    @property
    def text(self) -> str:
        return " ".join(self.sentences)

    @property
    def is_standalone_sentence(self) -> bool:
        """A one-sentence paragraph: often a summary repeated as a pull quote."""
        return len(self.sentences) == 1


@dataclass(frozen=True, slots=True)
class DefinitionItem:
    """A `Term ∞ definition` bullet.

    Attributes:
        parent: the term of the bullet it is nested under, if any.
        list_index: items with the same index are siblings in one list.
        intro: what the list it belongs to is about, when the article says
            so right above it: a lead-in sentence ("PTH acts on three
            targets:"), a short sentence alone above the list, or the
            subheading the list directly follows.
    """

    section: str
    heading: str | None
    term: str
    definition: str
    parent: str | None
    list_index: int
    line: int
    intro: str | None = None


@dataclass(frozen=True, slots=True)
class Table:
    """A table with its cells recovered; the first column names the rows."""

    section: str
    heading: str | None
    caption: str
    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    line: int


@dataclass(frozen=True, slots=True)
class GlossaryEntry:
    """An entry of the article's Glossary section.

    Attributes:
        definition: the author's definition, when the Glossary gives one
            (a "Term" line followed by a definition line); None for a bare term.
        line: 1-based line of the term in the article file.
    """

    term: str
    line: int
    definition: str | None = None


@dataclass(frozen=True, slots=True)
class SkippedText:
    """A line that becomes no card, and why (for the report)."""

    line: int
    reason: str
    text: str


@dataclass
class Article:
    """An article as the generator understands it."""

    name: str
    title: str
    slug: str
    paragraphs: list[Paragraph] = field(default_factory=list)
    definitions: list[DefinitionItem] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)
    headings: list[tuple[str, str, int]] = field(default_factory=list)  # (section, text, line)
    glossary: list[GlossaryEntry] = field(default_factory=list)
    skipped: list[SkippedText] = field(default_factory=list)
    source_url: str | None = None
    author: str | None = None

    def searchable_text(self) -> str:
        """Every sentence, bullet and table cell the study sections hold: where
        a glossary term must occur (some are only in a bullet or a table)."""
        parts = [p.text for p in self.paragraphs]
        parts += [f"{d.term}. {d.definition}" for d in self.definitions]
        parts += [". ".join(row) for table in self.tables for row in table.rows]
        return "\n".join(parts)

    def sections_present(self) -> list[str]:
        present = {p.section for p in self.paragraphs}
        present |= {d.section for d in self.definitions} | {t.section for t in self.tables}
        return [name for name in STUDY_SECTIONS if name in present]
