"""Turns a parsed article into deck drafts: which cards, from which text.

Section decks (one per study section) hold recognition cards for definition
lists, table cards, question-heading cards and clozes on facts; the glossary
deck holds term -> definition cards and abbreviations. Every card quotes the
text it comes from, and nothing is written that the article does not say.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from endoquiz.generator.article_model import STUDY_SECTIONS, Article, DefinitionItem, Table
from endoquiz.generator.glossary_terms import (
    VERBS,
    Sentence,
    classify_term,
    defining_sentences,
    find_term,
)
from endoquiz.generator.text_cleanup import slugify, starts_dangling, words

__all__ = ["ArticleDecks", "CardDraft", "DeckDraft", "GlossaryDecision", "build_decks"]

_EMPTY_CELLS = frozenset({"", "n/a", "na", "none", "-", "—", "–"})
_STOPWORDS = frozenset(
    """
    a an the of and or for to in on with by at from as is are was were be been this that
    these those it its their your our can may also more most such into than then which
    while who whom whose not no so both each other some any all very often further directly
    """.split()
)
_DOSE = re.compile(
    r"\b\d+(?:\.\d+)?(?:\s?–\s?\d+(?:\.\d+)?)?\s?(?:mg/ml|mg|ml|mcg|µg|iu|units?|%)(?![\w/])",
    re.IGNORECASE,
)
_FREQUENCY = re.compile(
    r"\b(?:(?:once|twice|three times|two times)\s+(?:a\s+|per\s+)?(?:day|week|month|daily|weekly)"
    r"|every\s+\w+\s+(?:days|weeks|hours))\b",
    re.IGNORECASE,
)
# A bare "weekly" is a dosing frequency only near a word about dosing:
# "weekly intramuscular injections", not "a daily rhythm".
_BARE_FREQUENCY = re.compile(r"\b(?:daily|weekly|monthly)\b", re.IGNORECASE)
_DOSING = re.compile(
    r"\b(?:inject\w*|administ\w*|dos(?:e|es|ed|ing)|tablets?|taken|oral|orally|"
    r"subcutaneous\w*|intramuscular\w*|pellets?|prescribed|applied)\b",
    re.IGNORECASE,
)
_DURATION = re.compile(
    r"\b(?:\d+(?:\s?–\s?\d+)?|one|two|three|four|five|six)"
    r"(?:\s+to\s+(?:\d+|two|three|four|five|six))?"
    r"\s+(?:days|weeks|months|years)\b",
    re.IGNORECASE,
)
_ENZYME = re.compile(r"\b(?:cytochrome\s+)?P450\w*|\b[a-z]{3,}(?:ase|ases)\b")
_NOT_ENZYMES = frozenset(
    """
    increase increases decrease decreases release releases disease diseases phase phases
    base bases case cases ease purchase phrase phrases database erase lease
    """.split()
)
# "(HPG)", "(GLUT4)", "(GHRPs)": an abbreviation in brackets after its long form.
_ABBREVIATION = re.compile(r"\(([A-Z][A-Za-z0-9-]{0,9}[A-Z0-9]s?)\)")
MAX_CHOICES = 4


@dataclass
class CardDraft:
    """One entry of a generated deck, in the deck format's terms."""

    id: str
    kind: str
    fields: dict[str, Any]
    section: str
    heading: str | None
    quote: str
    line: int

    def to_entry(self, article_title: str) -> dict[str, Any]:
        entry: dict[str, Any] = {"id": self.id}
        if self.kind != "basic":
            entry["kind"] = self.kind
        entry.update(self.fields)
        where = self.section if not self.heading else f"{self.section} › {self.heading}"
        entry["source"] = {"article": article_title, "section": where, "quote": self.quote}
        return entry


@dataclass
class DeckDraft:
    """A generated deck before it is written."""

    name: str  # file name without .yaml, also the last part of the deck id
    title: str
    description: str
    cards: list[CardDraft] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class GlossaryDecision:
    """What became of one glossary entry: 'definition', 'cloze' or 'dropped'."""

    term: str
    action: str
    reason: str


@dataclass
class ArticleDecks:
    """Everything generated from one article."""

    article: Article
    decks: list[DeckDraft]
    glossary: list[GlossaryDecision]


def build_decks(article: Article, skip_terms: frozenset[str] = frozenset()) -> ArticleDecks:
    """The decks of an article: one per study section, and a glossary."""
    return _Builder(article, skip_terms).build()


def _sentence_id(prefix: str, key: str, text: str) -> str:
    digest = hashlib.sha1(text.encode("utf-8")).hexdigest()[:6]
    return f"{prefix}-{slugify(key, 40)}-{digest}"


def _order(card_id: str, choice: str) -> str:
    """A stable shuffle key, so the right answer is not always first."""
    return hashlib.sha1(f"{card_id}\x1f{choice}".encode()).hexdigest()


def _phrase(column: str) -> str:
    """A column header as a phrase: 'Primary Mechanism' -> 'primary mechanism'."""
    return " ".join(w if w.isupper() and len(w) > 1 else w.lower() for w in column.split())


def _lowercase_first(text: str) -> str:
    first = text.split(" ", 1)[0]
    return text if first.isupper() and len(first) > 1 else text[:1].lower() + text[1:]


def _mask(text: str, terms: list[str]) -> str:
    """Hide the terms in a prompt, so it does not give its answer away."""
    for term in sorted(terms, key=len, reverse=True):
        text = re.sub(re.escape(term), "[…]", text, flags=re.IGNORECASE)
    return text


def _short_forms(term: str) -> list[str]:
    """'Pentadeca Arginate (PDA)' is also typed as 'Pentadeca Arginate' or 'PDA'."""
    match = re.fullmatch(r"(.+?)\s*\(([^)]+)\)(.*)", term)
    if match is None:
        return []
    without = f"{match[1]}{match[3]}".strip()
    return [form for form in (without, match[2].strip()) if form and form != term]


class _Builder:
    def __init__(self, article: Article, skip_terms: frozenset[str]) -> None:
        self.article = article
        self.skip_terms = skip_terms
        self.sentences = self._body_sentences()
        self.body_text = " ".join(s.text for s in self.sentences)
        self.abbreviations = self._abbreviations()
        self.glossary: list[GlossaryDecision] = []
        self.used_ids: set[str] = set()

    # -- text --------------------------------------------------------------

    def _body_sentences(self) -> list[Sentence]:
        sentences = []
        for paragraph in self.article.paragraphs:
            previous = None
            for text in paragraph.sentences:
                sentences.append(Sentence(text, paragraph.section, paragraph.heading, previous))
                previous = text
        return sentences

    def _abbreviations(self) -> dict[str, tuple[str, Sentence]]:
        """Abbreviations the text spells out, 'long form (ABBR)', with the sentence."""
        found: dict[str, tuple[str, Sentence]] = {}
        for sentence in self.sentences:
            for match in _ABBREVIATION.finditer(sentence.text):
                abbreviation = match[1]
                long_form = _long_form(sentence.text[: match.start()], abbreviation)
                if long_form and abbreviation not in found:
                    found[abbreviation] = (long_form, sentence)
        return found

    def _key_phrases(self) -> list[str]:
        """Phrases the article keeps returning to: known terms for summary clozes."""
        counts: Counter[str] = Counter()
        for sentence in self.sentences:
            tokens = words(sentence.text)
            for size in (2, 3):
                for start in range(len(tokens) - size + 1):
                    gram = tokens[start : start + size]
                    if gram[0] in _STOPWORDS or gram[-1] in _STOPWORDS:
                        continue
                    # Noun phrases only: "improve insulin" would cut "insulin resistance".
                    if any(t in VERBS or t.endswith("ly") or t.isdigit() for t in gram):
                        continue
                    counts[" ".join(gram)] += 1
        frequent = {phrase for phrase, count in counts.items() if count >= 4}
        named = {d.term.lower() for d in self.article.definitions}
        named |= {row[0].lower() for t in self.article.tables for row in t.rows}
        named |= {term.lower() for term, _ in self.article.glossary if self._is_real(term)}
        # Longest first, so 'insulin resistance' is not cut to 'insulin'.
        return sorted(frequent | named, key=lambda p: (-len(p), p))

    def _is_real(self, term: str) -> bool:
        return classify_term(term, self.body_text) is None

    def _unique_id(self, card_id: str) -> str:
        candidate, number = card_id, 2
        while candidate in self.used_ids:
            candidate, number = f"{card_id}-{number}", number + 1
        self.used_ids.add(candidate)
        return candidate

    # -- decks -------------------------------------------------------------

    def build(self) -> ArticleDecks:
        title = self.article.title
        decks = []
        for section in STUDY_SECTIONS:
            cards = self._section_cards(section)
            if cards:
                cards.sort(key=lambda c: c.line)
                decks.append(
                    DeckDraft(
                        section.lower(),
                        f"{title}: {section}",
                        f"The {section} section of the article *{title}*, as flashcards: "
                        "key facts, definitions, tables and summaries, each quoted from "
                        "the article.",
                        cards,
                    )
                )
        glossary_cards = self._glossary_cards()
        if glossary_cards:
            decks.append(
                DeckDraft(
                    "glossary",
                    f"{title}: Glossary",
                    f"Key terms of the article *{title}* and what the article says about "
                    "them, with the abbreviations it uses.",
                    glossary_cards,
                )
            )
        return ArticleDecks(self.article, decks, self.glossary)

    def _section_cards(self, section: str) -> list[CardDraft]:
        cards: list[CardDraft] = []
        cards += self._definition_cards(section)
        for table in self.article.tables:
            if table.section == section:
                cards += self._table_cards(table)
        cards += self._question_cards(section)
        cards += self._cloze_cards(section)
        return cards

    # -- definition lists --------------------------------------------------

    def _definition_cards(self, section: str) -> list[CardDraft]:
        """Recognition cards: from the definition, name the term (the glossary
        deck asks the other way round)."""
        cards = []
        groups: dict[int, list[DefinitionItem]] = {}
        for item in self.article.definitions:
            groups.setdefault(item.list_index, []).append(item)
        for item in self.article.definitions:
            if item.section != section:
                continue
            # A term listed twice is one choice: the deck format refuses repeats.
            siblings = _distinct_terms(
                [s for s in groups[item.list_index] if s.term.casefold() != item.term.casefold()]
            )
            card_id = self._unique_id(f"which-{slugify(item.term)}")
            prompt = _mask(item.definition, [item.term, *_short_forms(item.term)])
            context = f" (in *{item.parent}*)" if item.parent else ""
            quote = f"{item.term} — {item.definition}"
            names = [item.term, *(s.term for s in siblings)]
            leaks = any(find_term(n, item.definition) for n in names if n != item.term)
            if len(siblings) >= 2 and not leaks:
                choices = self._nearest(item, siblings)
                fields: dict[str, Any] = {
                    "question": f"Which of these does the article describe this way{context}?"
                    f"\n\n> {prompt}",
                    "choices": sorted(choices, key=lambda c: _order(card_id, c)),
                    "answer": item.term,
                }
                kind = "choice"
            elif len(item.term.split()) <= 3:
                kind = "typed"
                fields = {
                    "front": f"Which term does the article describe this way{context}?"
                    f"\n\n> {prompt}",
                    "answer": item.term,
                }
                if _short_forms(item.term):
                    fields["accept"] = _short_forms(item.term)
            else:
                kind = "basic"
                fields = {
                    "front": f"Which term does the article describe this way{context}?"
                    f"\n\n> {prompt}",
                    "back": item.term,
                }
            cards.append(CardDraft(card_id, kind, fields, section, item.heading, quote, item.line))
        return cards

    @staticmethod
    def _nearest(item: DefinitionItem, siblings: list[DefinitionItem]) -> list[str]:
        """The answer and up to three siblings nearest to it in the list."""
        ranked = sorted(siblings, key=lambda s: (abs(s.line - item.line), s.line))
        return [item.term, *(s.term for s in ranked[: MAX_CHOICES - 1])]

    # -- tables ------------------------------------------------------------

    def _table_cards(self, table: Table) -> list[CardDraft]:
        cards = []
        keys = [row[0] for row in table.rows]
        where = f"*From the table: {table.caption}*"
        table_slug = slugify(table.caption, 30)
        for offset, row in enumerate(table.rows):
            line = table.line + offset + 1
            quote = " | ".join(row)
            for column, cell in zip(table.columns[1:], row[1:], strict=True):
                if cell.lower() in _EMPTY_CELLS or cell.lower().startswith("varies"):
                    continue
                card_id = self._unique_id(
                    f"table-{table_slug}-{slugify(row[0], 30)}-{slugify(column, 30)}"
                )
                fields = {"front": f"**{row[0]}**: {_phrase(column)}?\n\n{where}", "back": cell}
                cards.append(
                    CardDraft(card_id, "basic", fields, table.section, table.heading, quote, line)
                )
            choice = self._row_choice(table, row, keys, where, table_slug)
            if choice is not None:
                cards.append(
                    CardDraft(
                        choice[0], "choice", choice[1], table.section, table.heading, quote, line
                    )
                )
        return cards

    def _row_choice(
        self, table: Table, row: tuple[str, ...], keys: list[str], where: str, table_slug: str
    ) -> tuple[str, dict[str, Any]] | None:
        """'Which peptide ...?' with the other rows as distractors, when the
        described cell is unique in its column and names no row."""
        if len(keys) < 3 or len(table.columns) < 2:
            return None
        column_cells = [r[1].casefold() for r in table.rows]
        cell = row[1]
        if column_cells.count(cell.casefold()) != 1 or cell.lower() in _EMPTY_CELLS:
            return None
        if any(find_term(key, cell) for key in keys):
            return None
        card_id = self._unique_id(f"table-{table_slug}-{slugify(row[0], 30)}-which")
        # A name in two rows is one choice: the deck format refuses repeats.
        others: list[str] = []
        for key in keys:
            if key.casefold() not in {row[0].casefold(), *(o.casefold() for o in others)}:
                others.append(key)
        others = others[: MAX_CHOICES - 1]
        choices = sorted([row[0], *others], key=lambda c: _order(card_id, c))
        fields = {
            # Column names are nouns of any shape ("What It Measures"): quote
            # them rather than build a sentence around them.
            "question": f"Which {_phrase(table.columns[0])} does the table describe this way?"
            f"\n\n> *{table.columns[1]}*: {cell}\n\n{where}",
            "choices": choices,
            "answer": row[0],
        }
        return card_id, fields

    # -- question headings -------------------------------------------------

    def _question_cards(self, section: str) -> list[CardDraft]:
        cards = []
        for heading_section, heading, line in self.article.headings:
            if heading_section != section or not heading.endswith("?"):
                continue
            answer = self._summary(heading, [s for s in self.sentences if s.heading == heading])
            if answer is None:
                continue
            card_id = self._unique_id(f"question-{slugify(heading)}")
            fields = {"front": heading, "back": answer}
            cards.append(CardDraft(card_id, "basic", fields, section, heading, answer, line))
        return cards

    @staticmethod
    def _summary(heading: str, sentences: list[Sentence]) -> str | None:
        """The sentence under a question heading that answers it best: the most
        words in common with the question, not leaning on a previous sentence."""
        asked = {_stem(w) for w in words(heading) if w not in _STOPWORDS}
        asked -= {"how", "what", "why", "doe", "do", "when", "where"}
        best: tuple[int, int, int] | None = None
        for index, sentence in enumerate(sentences):
            if starts_dangling(sentence.text) or {"you", "your"} & set(words(sentence.text)):
                continue
            overlap = len(asked & {_stem(w) for w in words(sentence.text)})
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

    # -- clozes ------------------------------------------------------------

    def _cloze_cards(self, section: str) -> list[CardDraft]:
        cards = []
        seen: set[str] = set()
        key_phrases = self._key_phrases()
        topic = key_phrases_by_count(self.sentences)
        for sentence, paragraph_line, standalone in self._section_sentences(section):
            normalised = " ".join(words(sentence.text))
            if normalised in seen or not _studyable(sentence.text):
                continue
            seen.add(normalised)
            deletions = _fact_spans(sentence.text, self.abbreviations)
            deletions += _defined_term_spans(sentence.text)
            if standalone:
                deletions += _key_term_spans(sentence.text, key_phrases, topic)
            deletions = _non_overlapping(deletions)[:2]
            if not deletions:
                continue
            context = ""
            if starts_dangling(sentence.text):
                if sentence.previous is None or starts_dangling(sentence.previous):
                    continue
                context = sentence.previous + " "
            text = sentence.text
            for ordinal, (start, end) in sorted(
                enumerate(sorted(deletions), start=1), key=lambda d: -d[1][0]
            ):
                text = f"{text[:start]}{{{{c{ordinal}::{text[start:end]}}}}}{text[end:]}"
            card_id = self._unique_id(
                _sentence_id(
                    "cloze", sentence.text[deletions[0][0] : deletions[0][1]], sentence.text
                )
            )
            cards.append(
                CardDraft(
                    card_id,
                    "cloze",
                    {"text": context + text},
                    section,
                    sentence.heading,
                    context + sentence.text,
                    paragraph_line,
                )
            )
        return cards

    def _section_sentences(self, section: str) -> list[tuple[Sentence, int, bool]]:
        result = []
        index = 0
        for paragraph in self.article.paragraphs:
            for _ in paragraph.sentences:
                if paragraph.section == section:
                    result.append(
                        (self.sentences[index], paragraph.line, paragraph.is_standalone_sentence)
                    )
                index += 1
        return result

    # -- glossary ----------------------------------------------------------

    def _glossary_cards(self) -> list[CardDraft]:
        cards: list[CardDraft] = []
        done: set[str] = set()
        for term, line in self.article.glossary:
            key = term.casefold()
            if key in done:
                self.glossary.append(GlossaryDecision(term, "dropped", "repeats an earlier entry"))
                continue
            done.add(key)
            if key in self.skip_terms:
                self.glossary.append(
                    GlossaryDecision(term, "dropped", "listed in skip_terms of the metadata file")
                )
                continue
            fragment = classify_term(term, self.body_text)
            if fragment is None:
                card = self._term_card(term, line)
                if card is None:
                    self.glossary.append(
                        GlossaryDecision(term, "dropped", "no sentence of the article explains it")
                    )
                    continue
                cards.append(card)
                self.glossary.append(
                    GlossaryDecision(term, "definition", "a term, explained by the article")
                )
            else:
                cloze = self._fragment_cloze(term, line)
                if cloze is None:
                    self.glossary.append(
                        GlossaryDecision(
                            term,
                            "dropped",
                            f"a sentence fragment ({fragment}), and no sentence that holds "
                            "it can stand on its own",
                        )
                    )
                else:
                    cards.append(cloze)
                    self.glossary.append(
                        GlossaryDecision(term, "cloze", f"a sentence fragment ({fragment})")
                    )
        cards += self._key_term_cards(done)
        cards += self._abbreviation_cards()
        return cards

    def _term_card(self, term: str, line: int) -> CardDraft | None:
        listed = self._listed_definition(term)
        if listed is not None:
            return listed
        ranked = defining_sentences(term, self.sentences)
        # Below zero means every sentence addresses the reader or leans on another.
        if not ranked or ranked[0][0] < 0:
            return None
        score, sentence = ranked[0]
        answer = sentence.text
        if starts_dangling(answer):
            if sentence.previous is None or starts_dangling(sentence.previous):
                return None
            answer = f"{sentence.previous} {answer}"
        # "What is X?" only where the sentence defines X; otherwise ask honestly.
        question = (
            f"What is **{term}**?"
            if score >= 10
            else (f"What does the article say about **{term}**?")
        )
        card_id = self._unique_id(f"term-{slugify(term)}")
        fields = {"front": question, "back": answer}
        return CardDraft(card_id, "basic", fields, sentence.section, sentence.heading, answer, line)

    def _listed_definition(self, term: str) -> CardDraft | None:
        """A term the article defines in a list or names in a table's first column."""
        for item in self.article.definitions:
            if item.term.casefold() == term.casefold() or term.casefold() in (
                f.casefold() for f in _short_forms(item.term)
            ):
                return self._definition_item_card(item)
        for table in self.article.tables:
            for offset, row in enumerate(table.rows):
                if row[0].casefold() == term.casefold():
                    card = self._table_row_card(table, row, table.line + offset + 1)
                    if card is not None:
                        return card
        return None

    def _definition_item_card(self, item: DefinitionItem) -> CardDraft:
        card_id = self._unique_id(f"term-{slugify(item.term)}")
        context = f" (in *{item.parent}*)" if item.parent else ""
        # "This peptide, acting on ..." would lean on nothing without its term.
        back = (
            f"**{item.term}**: {_lowercase_first(item.definition)}"
            if starts_dangling(item.definition)
            else item.definition
        )
        fields = {
            "front": f"What does the article say about **{item.term}**{context}?",
            "back": back,
        }
        quote = f"{item.term} — {item.definition}"
        return CardDraft(card_id, "basic", fields, item.section, item.heading, quote, item.line)

    def _table_row_card(self, table: Table, row: tuple[str, ...], line: int) -> CardDraft | None:
        """None when the row says nothing beyond its name (every other cell empty)."""
        parts = [
            f"*{column}*: {cell}"
            for column, cell in zip(table.columns[1:], row[1:], strict=True)
            if cell.lower() not in _EMPTY_CELLS
        ]
        if not parts:
            return None
        card_id = self._unique_id(f"term-{slugify(row[0])}")
        fields = {
            "front": f"What does the table *{table.caption}* say about **{row[0]}**?",
            "back": "\n\n".join(parts),
        }
        return CardDraft(
            card_id, "basic", fields, table.section, table.heading, " | ".join(row), line
        )

    def _key_term_cards(self, done: set[str]) -> list[CardDraft]:
        """Terms the article's lists and tables define, when its glossary (if
        any) does not already hold them."""
        cards = []
        for item in self.article.definitions:
            if item.term.casefold() not in done:
                done.add(item.term.casefold())
                cards.append(self._definition_item_card(item))
        for table in self.article.tables:
            for offset, row in enumerate(table.rows):
                card = None
                if row[0].casefold() not in done:
                    card = self._table_row_card(table, row, table.line + offset + 1)
                if card is not None:
                    done.add(row[0].casefold())
                    cards.append(card)
        return cards

    def _abbreviation_cards(self) -> list[CardDraft]:
        cards = []
        for abbreviation, (long_form, sentence) in sorted(
            self.abbreviations.items(), key=lambda item: self.sentences.index(item[1][1])
        ):
            card_id = self._unique_id(f"abbr-{slugify(abbreviation)}")
            fields = {
                "front": f"What does the abbreviation **{abbreviation}** stand for?",
                "back": long_form,
            }
            line = self._line_of(sentence)
            cards.append(
                CardDraft(
                    card_id,
                    "basic",
                    fields,
                    sentence.section,
                    sentence.heading,
                    sentence.text,
                    line,
                )
            )
        return cards

    def _fragment_cloze(self, fragment: str, line: int) -> CardDraft | None:
        for sentence in self.sentences:
            match = find_term(fragment, sentence.text)
            if match is None or not _studyable(sentence.text) or starts_dangling(sentence.text):
                continue
            text = (
                f"{sentence.text[: match.start()]}{{{{c1::{match.group(0)}}}}}"
                f"{sentence.text[match.end() :]}"
            )
            card_id = self._unique_id(_sentence_id("fragment", fragment, sentence.text))
            return CardDraft(
                card_id,
                "cloze",
                {"text": text},
                sentence.section,
                sentence.heading,
                sentence.text,
                line,
            )
        return None

    def _line_of(self, sentence: Sentence) -> int:
        for paragraph in self.article.paragraphs:
            if sentence.text in paragraph.sentences:
                return paragraph.line
        return 0


def key_phrases_by_count(sentences: list[Sentence]) -> str | None:
    """The article's topic: its most frequent two-word phrase."""
    counts: Counter[str] = Counter()
    for sentence in sentences:
        tokens = words(sentence.text)
        for start in range(len(tokens) - 1):
            pair = tokens[start : start + 2]
            if pair[0] not in _STOPWORDS and pair[1] not in _STOPWORDS:
                counts[" ".join(pair)] += 1
    return counts.most_common(1)[0][0] if counts else None


def _distinct_terms(items: list[DefinitionItem]) -> list[DefinitionItem]:
    """The items with the first of each term (ignoring case)."""
    seen: set[str] = set()
    distinct = []
    for item in items:
        if item.term.casefold() not in seen:
            seen.add(item.term.casefold())
            distinct.append(item)
    return distinct


def _stem(word: str) -> str:
    """A crude stem, so 'hormonal' and 'hormones' meet at 'hormon'."""
    for suffix in ("ation", "ance", "ity", "ing", "al", "es", "ed", "s"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            return word[: -len(suffix)]
    return word


def _studyable(sentence: str) -> bool:
    """A sentence worth a card: a statement of study size, not addressed to the reader."""
    tokens = words(sentence)
    return (
        6 <= len(tokens) <= 60
        and not sentence.endswith("?")
        # Addressed to the reader ("your body") is musing, not fact; the
        # generic "our primary energy source" is fine.
        and not {"you", "your", "yours"} & set(tokens)
    )


def _fact_spans(
    sentence: str, abbreviations: dict[str, tuple[str, Sentence]]
) -> list[tuple[int, int]]:
    """Doses, ranges, frequencies, durations, enzymes and spelled-out
    abbreviations: the facts worth hiding in a sentence."""
    spans = [
        m.span() for pattern in (_DOSE, _FREQUENCY, _DURATION) for m in pattern.finditer(sentence)
    ]
    for match in _BARE_FREQUENCY.finditer(sentence):
        nearby = sentence[max(0, match.start() - 40) : match.end() + 40]
        if _DOSING.search(nearby):
            spans.append(match.span())
    for match in _ENZYME.finditer(sentence):
        if match.group(0).lower() not in _NOT_ENZYMES:
            spans.append(match.span())
    for match in _ABBREVIATION.finditer(sentence):
        long_form = _long_form(sentence[: match.start()], match[1])
        if long_form and abbreviations.get(match[1], ("",))[0] == long_form:
            start = match.start() - 1 - len(long_form)
            if start >= 0 and sentence[start : match.start() - 1] == long_form:
                spans.append((start, match.start() - 1))
    return spans


# "termed hyperinsulinemia,": the term a sentence names.
_NAMED = re.compile(r"\b(?:termed|known as|called)\s+([A-Za-z][\w-]*(?:\s+[\w-]+){0,3}?)(?=[,.;)])")
# "Insulin, a hormone produced by ...": a term and the kind of thing it is.
_APPOSITIVE = re.compile(
    r"([A-Za-z][\w-]*(?:\s+[A-Za-z0-9][\w-]*){0,5}),\s+(?:a|an)\s+(?:[\w-]+\s+){0,3}?"
    r"(?:hormone|enzyme|messenger|protein|peptide|gland|organ|condition|state|process|"
    r"receptor|molecule|marker|index|calculation|cell|tissue|pathway|axis)s?\b"
)
# "the adrenal glands, responsible for stress hormones": a term and its role.
_ROLE = re.compile(
    r"([A-Za-z][\w-]*(?:\s+[A-Za-z0-9][\w-]*){0,5}),\s+(?:responsible for|which regulates|"
    r"which governs|governing|regulating)\b"
)


def _defined_term_spans(sentence: str) -> list[tuple[int, int]]:
    """Terms a sentence defines or gives the role of: worth recalling from it."""
    spans = [match.span(1) for match in _NAMED.finditer(sentence)]
    for pattern in (_APPOSITIVE, _ROLE):
        for match in pattern.finditer(sentence):
            head = _head_noun_phrase(match[1])
            if head:
                start = match.start(1) + match[1].rindex(head)
                spans.append((start, start + len(head)))
    return spans


_LOCATED = re.compile(r"^(.*?)\s+(?:in|within|inside)\s+(?:the\s+)?[\w-]+$")


def _head_noun_phrase(phrase: str) -> str | None:
    """The thing a phrase before ', responsible for' or ', an enzyme' names:
    'The Leydig cells in the testes' -> 'Leydig cells' (the place is not the
    thing), 'the activity of aromatase' -> 'aromatase' (the last noun)."""
    located = _LOCATED.match(phrase)
    if located:
        phrase = located[1]
    tokens = phrase.split()
    # Only the words after the last small word ('of', 'the') or verb ('causes')
    # belong to the noun.
    for index in range(len(tokens) - 1, -1, -1):
        if tokens[index].lower() in _STOPWORDS | {"in", "of"} | VERBS:
            tokens = tokens[index + 1 :]
            break
    return " ".join(tokens) or None


def _key_term_spans(sentence: str, phrases: list[str], topic: str | None) -> list[tuple[int, int]]:
    """Known terms in a summary sentence; the article's own topic only when
    nothing else is there, since hiding it every time teaches nothing. A term
    that cuts through a longer one is left out."""
    found = []
    for phrase in phrases:
        match = find_term(phrase, sentence)
        if match is not None:
            found.append((match.span(), phrase == topic))
    whole = [
        (span, topical)
        for span, topical in found
        if not any(_crosses(span, other) for other, _ in found)
    ]
    spans = [span for span, topical in whole if not topical]
    return spans or [span for span, topical in whole if topical]


def _crosses(span: tuple[int, int], other: tuple[int, int]) -> bool:
    """Whether two spans overlap without one containing the other."""
    (start, end), (other_start, other_end) = span, other
    overlapping = start < other_end and other_start < end
    nested = (start <= other_start and other_end <= end) or (
        other_start <= start and end <= other_end
    )
    return overlapping and not nested


def _non_overlapping(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    chosen: list[tuple[int, int]] = []
    for start, end in spans:
        if end > start and all(end <= s or start >= e for s, e in chosen):
            chosen.append((start, end))
    return chosen


def _long_form(before: str, abbreviation: str) -> str | None:
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
            if candidate[0].lower() not in _STOPWORDS and len(phrase) > len(abbreviation):
                return phrase
    return None
