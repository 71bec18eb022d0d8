"""Reads a scraped article of the house template into an `Article`.

The template: an optional navigation line, the sections Fundamentals,
Intermediate and Academic with subheadings, paragraphs, `Term ∞ definition`
bullet lists and tables, then References, Reflection and sometimes a Glossary
(bare terms, or "Term" lines each followed by the author's definition).
Image captions sit between paragraphs in pairs. Everything that becomes no
card is recorded in `Article.skipped` with the reason.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from endoquiz.generator.article_metadata import ArticleMetadata, TableHint
from endoquiz.generator.article_model import (
    SECTION_NAMES,
    Article,
    DefinitionItem,
    GlossaryEntry,
    Paragraph,
    SkippedText,
    Table,
)
from endoquiz.generator.article_subject import inferred_title
from endoquiz.generator.text_cleanup import INFINITY, clean_text, slugify, split_sentences

__all__ = ["parse_article"]

_NAVIGATION = frozenset({"skip to main content", "skip to content", "menu", "search", "share"})
_SMALL_WORDS = frozenset(
    """
    a an the of and or for to in on with by at from as vs via into its their your our
    """.split()
)
_BULLET = re.compile(r"^(\s*)(?:[-•*▪◦])\s+(.*\S)\s*$")
_SEPARATOR = re.compile(r"^\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?$")
_TABLE_INTRO = re.compile(
    r"^(?:the\s+)?(?:following\s+)?table\s+(?:below\s+)?"
    r"(?:outlines|summarizes|summarises|shows|lists|compares|describes|presents)\s+(.+?)\s*[:.]?$",
    re.IGNORECASE,
)
# Words of the longest sentence alone above a list taken as what the list
# is about: longer ones are claims of their own ("Beyond the primary
# hormonal axes, insulin resistance can contribute to ...").
_LONGEST_LIST_TITLE = 14

# A definition bullet: a short term, the ∞ separator, then the definition.
_DEFINITION = re.compile(r"^(.{1,90}?)\s*∞\s*(.+)$")
# A Glossary line "Term ∞ definition" (∞ already a dash) or "Term: definition":
# a short term not opening with an article, so that a definition line ("A
# synthetic form of cortisol: used ...") is not cut at its colon.
_GLOSSARY_DEFINITION = re.compile(
    r"^(?!(?:a|an|the)\s)((?:\S+\s+){0,5}?\S+?)\s*[:—–]\s+(.+)$", re.IGNORECASE
)
# Where a description cell starts in a row whose separators were lost: a
# capitalised ordinary word ("Stimulates", "Potent").
_SENTENCE_WORD = re.compile(r"^[A-Z][a-z]+[,:;]?$")
_CELL_BREAK = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9])")


def parse_article(path: Path, metadata: ArticleMetadata) -> Article:
    """Parse an article file; the title and slug come from the metadata, or
    are inferred from the text."""
    text = path.read_text(encoding="utf-8")
    return _ArticleReader(path.name, text, metadata).read(path.stem)


def _words(line: str) -> list[str]:
    return line.split()


def is_heading_like(line: str) -> bool:
    """A short title-case line without final punctuation (or a short question)."""
    words = _words(line)
    if not 1 <= len(words) <= 14 or line[0].islower():
        return False
    if line.endswith("?"):
        return len(words) <= 16
    if line.endswith((".", ",", ";", ":", INFINITY, "!", "|")):
        return False
    significant = [w for w in words if w.lower().strip("()") not in _SMALL_WORDS]
    capitalised = [w for w in significant if w[0].isupper() or w[0].isdigit() or w[0] == "("]
    return len(capitalised) >= 0.75 * max(1, len(significant))


def is_caption_like(line: str) -> bool:
    """Image captions: long lines that, unlike body text, end without a stop."""
    return len(_words(line)) >= 12 and not line.rstrip("”\"' ").endswith(
        (".", "!", "?", ":", INFINITY)
    )


@dataclass
class _Bullet:
    indent: int
    term: str | None


class _ArticleReader:
    """One pass over an article's lines."""

    def __init__(self, name: str, text: str, metadata: ArticleMetadata) -> None:
        self.name = name
        self.lines = text.splitlines()
        self.metadata = metadata
        self.hints = {_normalise(h.caption): h for h in metadata.tables}
        self.section: str | None = None
        self.heading: str | None = None
        self.title_line: str | None = None
        self.paragraphs: list[Paragraph] = []
        self.definitions: list[DefinitionItem] = []
        self.tables: list[Table] = []
        self.headings: list[tuple[str, str, int]] = []
        self.glossary: list[GlossaryEntry] = []
        self.skipped: list[SkippedText] = []
        self.bullets: list[_Bullet] = []
        self.list_groups: dict[tuple[int, str | None], int] = {}
        self.list_block = 0
        self.list_intro: str | None = None

    def skip(self, index: int, reason: str, text: str) -> None:
        self.skipped.append(SkippedText(index + 1, reason, text.strip()))

    def read(self, stem: str) -> Article:
        index = 0
        while index < len(self.lines):
            index = self.read_line(index)
        article = Article(
            name=self.name,
            title="",
            slug="",
            paragraphs=self.paragraphs,
            definitions=self.definitions,
            tables=self.tables,
            headings=self.headings,
            glossary=self.glossary,
            skipped=self.skipped,
            source_url=self.metadata.source_url,
            author=self.metadata.author,
        )
        article.title = self.metadata.title or inferred_title(article, self.title_line, stem)
        article.slug = self.metadata.slug or slugify(article.title)
        return article

    def end_list(self) -> None:
        if self.bullets:
            self.bullets = []
            self.list_block += 1

    def read_line(self, index: int) -> int:
        """Read the block starting at `index`; the index after it."""
        raw = self.lines[index]
        line = raw.strip()
        if not line:
            self.end_list()
            return index + 1
        if line in SECTION_NAMES:
            self.section, self.heading = line, None
            self.end_list()
            return index + 1
        if line.lower() in _NAVIGATION:
            self.skip(index, "navigation", line)
            return index + 1
        if self.section is None:
            if self.title_line is None and 2 <= len(_words(line)) <= 16:
                self.title_line = clean_text(line).rstrip(".")
                self.skip(index, "the article's title", line)
            else:
                self.skip(index, "before the first section", line)
            return index + 1
        if self.section == "References":
            self.skip(index, "reference entry", line)
            return index + 1
        if self.section == "Reflection":
            self.skip(index, "Reflection (addressed to the reader)", line)
            return index + 1
        if self.section == "Glossary":
            self.read_glossary_line(index, clean_text(line))
            return index + 1

        bullet = _BULLET.match(raw)
        if bullet is None:
            self.end_list()
        next_line = self.lines[index + 1].strip() if index + 1 < len(self.lines) else ""
        if line.count("|") >= 2 and _SEPARATOR.match(next_line):
            return self.read_pipe_table(index)
        hint = self.hints.get(_normalise(line))
        if hint is not None:
            return self.read_lost_table(index, hint)
        if bullet is not None:
            self.read_bullet(index, len(bullet[1].expandtabs(4)), bullet[2])
            return index + 1
        if is_caption_like(line):
            self.skip(index, "image caption", line)
            return index + 1
        if is_heading_like(line):
            following = self._next_nonblank(index)
            if following is not None and following == index + 1:
                after = self._next_nonblank(following)
                next_line = self.lines[following].strip()
                if (
                    is_heading_like(next_line)
                    and not next_line.endswith("?")
                    and after == following + 1
                    and not is_heading_like(self.lines[after].strip())
                ):
                    return self.skip_lost_table(index)
            self.heading = clean_text(line)
            self.headings.append((self.section, self.heading, index + 1))
            return index + 1
        self.add_paragraph(index, line)
        return index + 1

    def _next_nonblank(self, index: int) -> int | None:
        for following in range(index + 1, len(self.lines)):
            if self.lines[following].strip():
                return following
        return None

    def add_paragraph(self, index: int, line: str) -> None:
        assert self.section is not None
        sentences = tuple(split_sentences(clean_text(line)))
        if sentences:
            self.paragraphs.append(Paragraph(self.section, self.heading, sentences, index + 1))

    def read_bullet(self, index: int, indent: int, text: str) -> None:
        assert self.section is not None
        if not self.bullets:
            self.list_intro = self._take_list_lead_in(index) or self._list_heading(index)
        while self.bullets and self.bullets[-1].indent >= indent:
            self.bullets.pop()
        parent = self.bullets[-1].term if self.bullets else None
        match = _DEFINITION.match(text)
        term = clean_text(match[1]).rstrip(":") if match else None
        if match and term and len(term.split()) <= 10 and not term.endswith("."):
            group = self.list_groups.setdefault((self.list_block, parent), len(self.list_groups))
            definition = clean_text(match[2])
            self.definitions.append(
                DefinitionItem(
                    self.section,
                    self.heading,
                    term,
                    definition,
                    parent,
                    group,
                    index + 1,
                    self.list_intro,
                )
            )
        else:
            term = None
            self.add_paragraph(index, text)
        self.bullets.append(_Bullet(indent, term))

    def _take_list_lead_in(self, index: int) -> str | None:
        """A list's introduction ("The main causes include:"), the sentence
        ending in a colon right before its first bullet, says nothing without
        the list: it is no longer body text, so no card quotes it alone. It
        is what the list is about (without its colon), or None."""
        if not self.paragraphs:
            return None
        last = self.paragraphs[-1]
        lead_in = last.sentences[-1]
        previous = self._previous_nonblank(index)
        if previous is None or last.line != previous + 1 or not lead_in.endswith(":"):
            return None
        self._drop_last_sentence(last)
        self.skipped.append(SkippedText(last.line, "list introduction", lead_in))
        return lead_in.rstrip(":").rstrip()

    def _list_heading(self, index: int) -> str | None:
        """What a list without a lead-in is about, when the line above it
        says so: the subheading it directly follows ("Stages of Sleep"), or
        a short sentence standing alone above it ("Several everyday factors
        change how much GH the pituitary releases on a given day."). A
        longer paragraph above a list is body text of its own, not its
        title."""
        previous = self._previous_nonblank(index)
        if previous is None:
            return None
        if self.headings and self.headings[-1][2] == previous + 1:
            return self.headings[-1][1]
        last = self.paragraphs[-1] if self.paragraphs else None
        if (
            last is not None
            and last.line == previous + 1
            and last.heading == self.heading
            and last.is_standalone_sentence
            and len(_words(last.text)) <= _LONGEST_LIST_TITLE
        ):
            return last.text.rstrip(".")
        return None

    def _previous_nonblank(self, index: int) -> int | None:
        for previous in range(index - 1, -1, -1):
            if self.lines[previous].strip():
                return previous
        return None

    def _drop_last_sentence(self, last: Paragraph) -> None:
        """Remove the last paragraph's last sentence (a table's or a list's
        introduction), keeping the sentences before it."""
        self.paragraphs.pop()
        if len(last.sentences) > 1:
            self.paragraphs.append(
                Paragraph(last.section, last.heading, last.sentences[:-1], last.line)
            )

    def read_glossary_line(self, index: int, line: str) -> None:
        """A Glossary line: a bare term, a `Term ∞ definition` line, or the
        definition of the term on the line before (the template's second
        layout: "Term" lines each followed by a definition line)."""
        match = _GLOSSARY_DEFINITION.match(line)
        if match and _is_definition_line(match[2]):
            self.glossary.append(GlossaryEntry(match[1].strip(), index + 1, match[2].strip()))
            return
        last = self.glossary[-1] if self.glossary else None
        if last is not None and last.definition is None and _is_definition_line(line):
            self.glossary[-1] = GlossaryEntry(last.term, last.line, line)
            return
        self.glossary.append(GlossaryEntry(line, index + 1))

    # -- tables ------------------------------------------------------------

    def read_pipe_table(self, index: int) -> int:
        assert self.section is not None
        header = _pipe_cells(self.lines[index])
        rows = []
        end = index + 2
        while end < len(self.lines) and self.lines[end].count("|") >= 2:
            cells = _pipe_cells(self.lines[end])
            if len(cells) == len(header):
                rows.append(tuple(cells))
            else:
                self.skip(end, f"table row with {len(cells)} cells, not {len(header)}", "")
            end += 1
        caption = self._take_table_intro() or (self.heading or "Table")
        self.tables.append(
            Table(self.section, self.heading, caption, tuple(header), tuple(rows), index + 1)
        )
        return end

    def _take_table_intro(self) -> str | None:
        """The caption from a preceding 'The following table outlines X:'
        sentence, which is then no longer body text."""
        if not self.paragraphs:
            return None
        last = self.paragraphs[-1]
        intro = _TABLE_INTRO.match(last.sentences[-1])
        if intro is None:
            return None
        self._drop_last_sentence(last)
        self.skipped.append(SkippedText(last.line, "table introduction", last.sentences[-1]))
        caption = intro[1].strip()
        return caption[0].upper() + caption[1:]

    def read_lost_table(self, index: int, hint: TableHint) -> int:
        """A caption, a header and rows whose cells run together; the hint
        names the columns."""
        assert self.section is not None
        end = index + 1
        header = self.lines[end].strip() if end < len(self.lines) else ""
        if _normalise(header) != _normalise(" ".join(hint.columns)):
            self.skip(index, "table whose header does not match its column hint", header)
            return self.skip_lost_table(index)
        end += 1
        rows = []
        while end < len(self.lines) and self.lines[end].strip():
            line = clean_text(self.lines[end])
            cells = split_lost_row(line, len(hint.columns), hint.row_names, self.article_text)
            if cells is None:
                self.skip(end, "table row whose cells cannot be told apart (add row_names)", line)
            else:
                rows.append(cells)
            end += 1
        self.tables.append(
            Table(self.section, self.heading, hint.caption, hint.columns, tuple(rows), index + 1)
        )
        return end

    def skip_lost_table(self, index: int) -> int:
        end = index
        while end < len(self.lines) and self.lines[end].strip():
            self.skip(
                end,
                "table whose column separators were lost and that has no column hint "
                "in the metadata file",
                self.lines[end],
            )
            end += 1
        return end

    @property
    def article_text(self) -> str:
        return "\n".join(self.lines)


def _is_definition_line(line: str) -> bool:
    """A sentence, not a term: it ends with a stop, or is too long for a term
    (a bare entry cut from a sentence, "step toward reclaiming your", is short
    and ends without one)."""
    return line.endswith((".", "!")) or len(_words(line)) > 12


def _pipe_cells(line: str) -> list[str]:
    cells = [clean_text(cell) for cell in line.strip().strip("|").split("|")]
    return cells


def _normalise(text: str) -> str:
    return " ".join(text.split()).casefold()


def split_lost_row(
    row: str, columns: int, row_names: tuple[str, ...], article_text: str
) -> tuple[str, ...] | None:
    """The cells of a table row whose column separators were lost, or None
    when they cannot be told apart with confidence.

    The first cell is a name; every middle cell is a sentence ending in a
    full stop; the last cell is the rest. The name ends where the first
    description word starts: a capitalised ordinary word after a run of
    name-like words. When several places qualify, the longest name wins if
    it is written elsewhere in the article (and no shorter one is, more
    often); otherwise the row is refused rather than split by guesswork.
    """
    name = _row_name(row, row_names, article_text)
    if name is None:
        return None
    rest = row[len(name) :].strip()
    parts = _CELL_BREAK.split(rest, maxsplit=columns - 2)
    if len(parts) != columns - 1 or not all(parts):
        return None
    cells = [name, *parts]
    cells[-1] = cells[-1].rstrip(".")
    return tuple(cells)


def _row_name(row: str, row_names: tuple[str, ...], article_text: str) -> str | None:
    for known in sorted(row_names, key=len, reverse=True):
        if row.startswith(known + " "):
            return known
    tokens = row.split()
    candidates = []
    for position in range(1, len(tokens)):
        previous = tokens[position - 1]
        if previous[:1].islower():
            break  # the description has started
        token = tokens[position]
        following = tokens[position + 1] if position + 1 < len(tokens) else ""
        prefix = " ".join(tokens[:position])
        balanced = prefix.count("(") == prefix.count(")")
        if _SENTENCE_WORD.match(token) and balanced and not following.startswith("("):
            candidates.append(prefix)
    if len(candidates) == 1:
        return candidates[0]
    # The row itself is in the text once; a name also written elsewhere, as
    # whole words ("thyroid" is not in "thyroiditis"), is attested.
    counts = {c: len(_whole_words(c).findall(article_text)) for c in candidates}
    attested = [c for c in candidates if counts[c] > 1]
    # "Pentadeca" is attested only inside "Pentadeca Arginate": keep the longer.
    attested = [
        c
        for c in attested
        if not any(o != c and o.startswith(c) and counts[o] == counts[c] for o in attested)
    ]
    # "Thyroid" is written all over a thyroid article, which says nothing on
    # whether the row names "Thyroid" or "Thyroid Peroxidase Antibodies": a
    # name wins only when no longer candidate could be the name instead.
    if len(attested) == 1 and attested[0] == candidates[-1]:
        return attested[0]
    return None


def _whole_words(phrase: str) -> re.Pattern[str]:
    return re.compile(rf"(?<![\w-]){re.escape(phrase)}(?![\w-])", re.IGNORECASE)
