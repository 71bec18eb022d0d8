"""Titles without a metadata file, and glossary entries found in bullets,
tables and the template's "Term" / definition layout (issue 19, defects 8 and 9).

`tests/data/articles/` holds two articles written for these tests, both
without a metadata file or a title line:

- `adrenal_insufficiency.txt`: a Glossary of "Term" lines each followed by
  the author's definition, whose terms occur only in a bullet
  (hydrocortisone) or a table (fludrocortisone), and a bare entry dropped as
  a fragment ("lower evening dose") that a bullet defines;
- `chronic_stress.txt`: a Glossary of bare terms, two of which occur only in
  a bullet (allostatic load) or a table (diurnal rhythm).
"""

from __future__ import annotations

import shutil
import textwrap
from pathlib import Path

import pytest

from endoquiz import Card, Deck, load_deck
from endoquiz.generator.article_metadata import ArticleMetadata, load_metadata, metadata_path
from endoquiz.generator.article_model import Article, GlossaryEntry
from endoquiz.generator.article_parser import parse_article
from endoquiz.generator.cards.drafts import GlossaryAction, GlossaryDecision
from endoquiz.generator.deck_generation import generate

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "tests" / "data" / "articles"
ADRENAL = DATA / "adrenal_insufficiency.txt"
STRESS = DATA / "chronic_stress.txt"
BUNDLED = sorted((ROOT / "resources" / "articles").glob("*.txt"))


def glossary_of(path: Path, out: Path) -> tuple[Deck, dict[str, GlossaryDecision]]:
    """The glossary deck generated from an article, and what became of each entry."""
    [result] = generate([path], out)
    deck = load_deck(next(p for p in result.files if p.stem == "glossary"))
    return deck, {d.term: d for d in result.decks.glossary}


def parse_text(tmp_path: Path, name: str, text: str) -> Article:
    """An article written to `name` (whose stem is the title of last resort), parsed."""
    path = tmp_path / name
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return parse_article(path, ArticleMetadata())


def card(deck: Deck, card_id: str) -> Card:
    return next(c for c in deck.cards if c.id == card_id)


# -- titles (defect 8) ----------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "title"),
    [
        (ADRENAL, "Adrenal Insufficiency and Cortisol"),
        (STRESS, "Cortisol and Chronic Stress"),
        (DATA / "sleep_cortisol.txt", "Sleep, Cortisol and the Daily Rhythm"),  # its title line
    ],
)
def test_an_article_without_metadata_is_titled_by_its_subject_not_a_subheading(
    path: Path, title: str
) -> None:
    assert not metadata_path(path).exists()
    article = parse_article(path, ArticleMetadata())
    assert article.title == title
    assert title not in {heading.rstrip("?") for _, heading, _ in article.headings}


@pytest.mark.parametrize("path", BUNDLED, ids=lambda p: p.stem)
def test_a_bundled_article_without_its_metadata_keeps_its_subject(
    path: Path, tmp_path: Path
) -> None:
    copy = tmp_path / path.name
    shutil.copy(path, copy)
    article = parse_article(copy, ArticleMetadata())
    curated = load_metadata(path).title
    assert curated is not None
    # Both curated titles open with the subject: "Insulin Resistance and ...".
    subject = curated.split(" and ")[0]
    assert article.title.startswith(subject)
    assert article.title not in {heading.rstrip("?") for _, heading, _ in article.headings}


def test_an_article_without_a_title_line_or_terms_is_named_after_its_file(
    tmp_path: Path,
) -> None:
    text = "Fundamentals\n\nWhy Bones Need Minerals\n\nBone stores minerals for the whole body.\n"
    assert parse_text(tmp_path, "calcium_notes.txt", text).title == "Calcium notes"


def test_a_subject_keeps_the_articles_spelling_of_an_abbreviation(tmp_path: Path) -> None:
    text = (
        "Fundamentals\n\nHow the Axis Works\n\n"
        "The HPA axis links the brain to the adrenal glands. Stress activates the HPA axis. "
        "A calm HPA axis returns to rest. Sleep resets the HPA axis.\n"
    )
    assert parse_text(tmp_path, "stress_notes.txt", text).title == "HPA Axis"


def test_a_subject_written_mostly_by_its_abbreviation_counts_those_mentions(
    tmp_path: Path,
) -> None:
    # Spelled out once, then "PTH" throughout: bone and kidney, named more
    # often than the long form, are places it acts, not the subject.
    text = (
        "Fundamentals\n\nWhere Calcium Goes\n\n"
        "Parathyroid hormone (PTH), a small peptide, guards the calcium level. "
        "PTH acts on bone. PTH acts on the kidney. PTH also raises calcitriol. "
        "Bone releases calcium. Bone stores phosphate. The kidney keeps calcium. "
        "The kidney makes calcitriol.\n\n"
        "  • Bone ∞ The store of calcium.\n  • Kidney ∞ The organ that keeps calcium.\n"
    )
    assert parse_text(tmp_path, "notes.txt", text).title.startswith("Parathyroid Hormone")


# -- glossary terms in bullets and tables (defect 9) -------------------------------


def test_a_glossary_term_only_in_a_bullet_or_a_table_gets_its_definition(
    tmp_path: Path,
) -> None:
    deck, decisions = glossary_of(STRESS, tmp_path)
    assert decisions["allostatic load"].action is GlossaryAction.DEFINITION
    assert card(deck, "term-allostatic-load").back == (
        "The cumulative wear on the body from repeated or prolonged activation of the "
        "stress response."
    )
    # A table row is asked cell by cell in its section's deck, not again here.
    assert (decisions["diurnal rhythm"].action, decisions["diurnal rhythm"].reason) == (
        GlossaryAction.DROPPED,
        "its table row is carded in the Intermediate deck",
    )


def test_an_entry_a_bullet_names_is_a_term_with_the_bullets_card(tmp_path: Path) -> None:
    # "lower" reads as a verb, but the entry is a bullet's label: a noun
    # phrase (issue 19, defect 7), whose card is the bullet's.
    deck, decisions = glossary_of(ADRENAL, tmp_path)
    assert decisions["lower evening dose"].action is GlossaryAction.DEFINITION
    assert card(deck, "term-lower-evening-dose").back.startswith(
        "A smaller dose in the late afternoon"
    )


def test_term_lines_followed_by_definition_lines_give_the_authors_definitions(
    tmp_path: Path,
) -> None:
    deck, decisions = glossary_of(ADRENAL, tmp_path)
    assert decisions["Hydrocortisone"].action is GlossaryAction.DEFINITION
    hydrocortisone = card(deck, "term-hydrocortisone")
    assert hydrocortisone.front == "What is **Hydrocortisone**?"
    assert hydrocortisone.back == (
        "A synthetic form of cortisol used to replace what the adrenal glands no longer make."
    )
    assert hydrocortisone.source is not None and hydrocortisone.source.section == "Glossary"
    assert card(deck, "term-fludrocortisone").back.startswith("A synthetic mineralocorticoid")
    # A definition line is never an entry of its own.
    assert not [c for c in deck.cards if "A synthetic" in c.front]


def test_both_glossary_layouts_are_read(tmp_path: Path) -> None:
    text = """\
        Fundamentals
        Cortisol rises in the morning. Insulin lowers blood glucose.
        Glossary
        Cortisol
        A steroid hormone of the adrenal cortex.
        insulin
        step toward reclaiming your
        Insulin ∞ A hormone of the pancreas.
        Aldosterone
        A steroid of the adrenal cortex: it keeps sodium.
        """
    assert parse_text(tmp_path, "a.txt", text).glossary == [
        GlossaryEntry("Cortisol", 4, "A steroid hormone of the adrenal cortex."),
        GlossaryEntry("insulin", 6),
        GlossaryEntry("step toward reclaiming your", 7),
        GlossaryEntry("Insulin", 8, "A hormone of the pancreas."),
        GlossaryEntry("Aldosterone", 9, "A steroid of the adrenal cortex: it keeps sodium."),
    ]
