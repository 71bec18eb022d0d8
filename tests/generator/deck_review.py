"""The committed reading of every generated card (docs/deck-review.md): print, update, check.

A person reads each card as a learner preparing for an exam on the article
would and grades it GOOD (a clear question with a correct, self-contained
answer from the article), WEAK (correct but poor) or BAD (wrong, noise,
broken). Each row carries a fingerprint of the card's study fields, so a
generator change that alters a card sends it back to be read again.

    python tests/generator/deck_review.py print [ARTICLE_NAME...]   # read the cards
    python tests/generator/deck_review.py update                    # sync the rows

`update` keeps the grade of every card whose fingerprint is unchanged, marks
new and changed cards UNREAD (a changed card's old grade is kept in its note)
and drops the rows of cards that are gone; `test_deck_review.py` fails while
any row is UNREAD or a card is BAD, and when an article's WEAK count moves
from the number it records (the issue's bar is 5% WEAK per article).
"""

from __future__ import annotations

import hashlib
import json
import re
import sys
from dataclasses import dataclass
from pathlib import Path

from endoquiz.generator.cards.drafts import CardDraft
from endoquiz.generator.deck_generation import read_article

ROOT = Path(__file__).resolve().parents[2]
REVIEW = ROOT / "docs" / "deck-review.md"
ARTICLES = sorted((ROOT / "resources" / "articles").glob("*.txt")) + sorted(
    (ROOT / "tests" / "data" / "articles").glob("*.txt")
)
GRADES = ("GOOD", "WEAK", "BAD")
UNREAD = "UNREAD"
# Issue 19's bar: at most this share of an article's cards WEAK.
MAX_WEAK_SHARE = 0.05
_SUMMARY = "## Summary"
_ROW = re.compile(
    r"^\| (?P<deck>[^|]+) \| `(?P<card>[^`]+)` \| (?P<print>[0-9a-f]{8}) \| "
    r"(?P<grade>[A-Z]+) \| (?P<why>.*) \|$"
)
_ARTICLE_HEADING = re.compile(r"^## `(?P<name>[^`]+)`")


@dataclass(frozen=True, slots=True)
class GeneratedCard:
    """One generated card as the review sees it."""

    article: str  # the article's file name
    deck: str
    card: CardDraft

    @property
    def fingerprint(self) -> str:
        """Eight hex digits of the card's kind and study fields."""
        fields = json.dumps([self.card.kind.value, self.card.fields], sort_keys=True)
        return hashlib.sha256(fields.encode()).hexdigest()[:8]


@dataclass(frozen=True, slots=True)
class Grade:
    """One row of the review."""

    fingerprint: str
    grade: str
    why: str


def generated_cards() -> dict[str, list[GeneratedCard]]:
    """Every card generated from every article we review, by article file name."""
    cards: dict[str, list[GeneratedCard]] = {}
    for path in ARTICLES:
        decks = read_article(path)
        cards[path.name] = [
            GeneratedCard(path.name, deck.name, card) for deck in decks.decks for card in deck.cards
        ]
    return cards


def read_review(text: str) -> dict[tuple[str, str, str], Grade]:
    """The rows of docs/deck-review.md by (article, deck, card id)."""
    rows: dict[tuple[str, str, str], Grade] = {}
    article = ""
    for line in text.splitlines():
        heading = _ARTICLE_HEADING.match(line)
        if heading:
            article = heading["name"]
            continue
        row = _ROW.match(line)
        if row and article:
            key = (article, row["deck"].strip(), row["card"])
            rows[key] = Grade(row["print"], row["grade"], row["why"].strip())
    return rows


def summary(cards: dict[str, list[GeneratedCard]], rows: dict[tuple[str, str, str], Grade]) -> str:
    """The summary table: per article, cards and how many of each grade."""
    lines = [
        "| article | cards | GOOD | WEAK | BAD | unread | WEAK share |",
        "|---|---|---|---|---|---|---|",
    ]
    for article, article_cards in cards.items():
        grades = [_grade_of(rows, card) for card in article_cards]
        counts = {grade: grades.count(grade) for grade in (*GRADES, UNREAD)}
        share = counts["WEAK"] / len(grades) if grades else 0.0
        lines.append(
            f"| `{article}` | {len(grades)} | {counts['GOOD']} | {counts['WEAK']} | "
            f"{counts['BAD']} | {counts[UNREAD]} | {share:.1%} |"
        )
    return "\n".join(lines)


def _grade_of(rows: dict[tuple[str, str, str], Grade], card: GeneratedCard) -> str:
    row = rows.get((card.article, card.deck, card.card.id))
    if row is None or row.fingerprint != card.fingerprint:
        return UNREAD
    return row.grade


def updated_review(text: str, cards: dict[str, list[GeneratedCard]]) -> str:
    """The review with a row for every card: grades of unchanged cards kept."""
    old = read_review(text)
    rows: dict[tuple[str, str, str], Grade] = {}
    for article_cards in cards.values():
        for card in article_cards:
            key = (card.article, card.deck, card.card.id)
            was = old.get(key)
            if was is not None and was.fingerprint == card.fingerprint:
                rows[key] = was
            elif was is not None and was.grade != UNREAD:
                rows[key] = Grade(card.fingerprint, UNREAD, f"changed; was {was.grade}: {was.why}")
            else:
                rows[key] = Grade(card.fingerprint, UNREAD, was.why if was else "")
    preface = text.split(_SUMMARY)[0].rstrip() if _SUMMARY in text else _PREFACE
    parts = [preface, "", _SUMMARY, "", summary(cards, rows), ""]
    for article, article_cards in cards.items():
        parts += [
            f"## `{article}`",
            "",
            "| deck | card | print | grade | why |",
            "|---|---|---|---|---|",
        ]
        for card in article_cards:
            row = rows[(card.article, card.deck, card.card.id)]
            why = row.why.replace("|", "/")
            parts.append(
                f"| {card.deck} | `{card.card.id}` | {row.fingerprint} | {row.grade} | {why} |"
            )
        parts.append("")
    return "\n".join(parts)


def readable(card: GeneratedCard) -> str:
    """A card as a learner meets it, for reading before grading."""
    lines = [f"[{card.deck}] {card.card.id} ({card.card.kind.value}) {card.fingerprint}"]
    for name, value in card.card.fields.items():
        shown = " / ".join(map(str, value)) if isinstance(value, list) else str(value)
        lines.append(f"    {name}: {shown}")
    return "\n".join(lines)


_PREFACE = """# Deck review

Every card the generator makes from the bundled articles and the test
articles, read as a learner preparing for an exam on the article would, and
graded: **GOOD**, a clear question with a correct, self-contained answer from
the article; **WEAK**, correct but poor (guessable from the rest of the card,
vague, too long to recall, an odd prompt, the same question as another card);
**BAD**, wrong, noise or broken. A card and its reverse (a "Which of these
...?" choice from a description and "What is X?" with that description, a
table cell and "which row?") are a Basic-and-reversed pair, not a repeat.

`python tests/generator/deck_review.py print` shows the cards to read, and
`python tests/generator/deck_review.py update` keeps the rows in step with the
generator. The `print` column is a fingerprint of the card's fields: a card
the generator changes is marked UNREAD until someone reads it again.
`tests/generator/test_deck_review.py` holds the bar: no card UNREAD, none BAD,
and each article's WEAK count where it is recorded, so it can only fall; the
issue's goal is at most 5% WEAK per article.

Who read what (2026-11-30): the two bundled articles, and every card changed
by the fixes made after the first reading, by the integrator; the test
articles by three readers, with a stricter eye (a card whose description
gives its choice away, a table cell its row's name implies, or a cloze on a
sentence another card already asks counts WEAK). The readers' BAD cards were
all fixed in the generator and read again."""


def main(argv: list[str]) -> int:
    """`print [ARTICLE...]` or `update`."""
    if not argv or argv[0] not in ("print", "update"):
        print(__doc__)
        return 2
    cards = generated_cards()
    if argv[0] == "print":
        rows = read_review(REVIEW.read_text(encoding="utf-8")) if REVIEW.exists() else {}
        for article, article_cards in cards.items():
            if argv[1:] and article not in argv[1:]:
                continue
            print(f"=== {article}")
            for card in article_cards:
                print(readable(card))
                print(f"    grade: {_grade_of(rows, card)}")
        return 0
    text = REVIEW.read_text(encoding="utf-8") if REVIEW.exists() else ""
    REVIEW.write_text(updated_review(text, cards), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
