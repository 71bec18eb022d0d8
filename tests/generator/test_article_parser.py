"""Reading the house template: headings, captions, lists, tables and what is skipped."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from endoquiz.generator.article_metadata import ArticleMetadata, TableHint
from endoquiz.generator.article_model import Article, GlossaryEntry
from endoquiz.generator.article_parser import (
    is_caption_like,
    is_heading_like,
    parse_article,
    split_lost_row,
)

CAPTION = (
    "A slender glass vessel filled with pale amber liquid rests beside a sprig of green "
    "leaves, symbolizing the quiet balance of endocrine health"
)


def parse(
    tmp_path: Path, text: str, metadata: ArticleMetadata | None = None, name: str = "a.txt"
) -> Article:
    path = tmp_path / name
    path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
    return parse_article(path, metadata or ArticleMetadata())


def skipped(article: Article) -> list[tuple[int, str, str]]:
    return [(s.line, s.reason, s.text) for s in article.skipped]


# -- headings and captions -----------------------------------------------------


@pytest.mark.parametrize(
    "line",
    [
        "Common Signs of an Imbalance",
        "Deiodinase Enzymes and Local Control",
        "How Does the Body Control Thyroid Hormone Levels?",
        "Why Does Cortisol Rise Before Waking?",
        "Insulin’s Influence on Sex Hormone Receptors",
        "Growth Hormone Peptides and Their Actions",
        "Peptide Primary Mechanism of Action Clinical Application",
        "TSH",
    ],
)
def test_heading_like(line: str) -> None:
    assert is_heading_like(line)


@pytest.mark.parametrize(
    "line",
    [
        "Thyroid disorders fall broadly into two groups.",
        "The following table outlines the main thyroid disorders ∞",
        "The following table outlines the main thyroid disorders:",
        "Name | Role |",
        "lower case start of a line",
        "A heading that goes on and on with far too many words to be any heading at all",
        "Bright light in the morning anchors the cortisol rhythm to the day",
        CAPTION,
    ],
)
def test_not_heading_like(line: str) -> None:
    assert not is_heading_like(line)


def test_caption_like() -> None:
    assert is_caption_like(CAPTION)
    assert is_caption_like(CAPTION + "”")
    assert not is_caption_like(CAPTION + ".")
    assert not is_caption_like(CAPTION + "?")
    assert not is_caption_like("The following table outlines the main thyroid disorders today ∞")
    assert not is_caption_like("Short line without a stop")


# -- rows whose separators were lost -------------------------------------------


def test_split_lost_row_by_structure() -> None:
    row = "TSH Pituitary signal that drives the gland. First-line screening test."
    assert split_lost_row(row, 3, (), row) == (
        "TSH",
        "Pituitary signal that drives the gland.",
        "First-line screening test",
    )
    free = "Free T4 Unbound thyroxine available to tissues. Confirms an abnormal result."
    cells = split_lost_row(free, 3, (), free)
    assert cells is not None
    assert cells[:2] == ("Free T4", "Unbound thyroxine available to tissues.")


def test_split_lost_row_of_four_columns() -> None:
    row = "Midday Moderate and falling. Supports attention. Lunch is eaten."
    assert split_lost_row(row, 4, (), row) == (
        "Midday",
        "Moderate and falling.",
        "Supports attention.",
        "Lunch is eaten",
    )


def test_an_ambiguous_row_is_refused() -> None:
    """'Thyroid', 'Thyroid Peroxidase' and 'Thyroid Peroxidase Antibodies' could
    each be the name; the article writes the first two elsewhere, so neither
    structure nor the text decides."""
    row = (
        "Thyroid Peroxidase Antibodies Markers of autoimmune attack on the gland. "
        "Supports a diagnosis of Hashimoto thyroiditis."
    )
    text = f"The thyroid gland makes thyroid peroxidase. Thyroid peroxidase is an enzyme.\n{row}"
    assert split_lost_row(row, 3, (), text) is None
    # Written nowhere else: no name is attested, so none is chosen either.
    assert split_lost_row(row, 3, (), row) is None


def test_row_names_settle_an_ambiguous_row() -> None:
    row = "Thyroid Peroxidase Antibodies Markers of autoimmune attack. Supports a diagnosis."
    names = ("Thyroid", "Thyroid Peroxidase Antibodies")  # the longest that fits wins
    assert split_lost_row(row, 3, names, row) == (
        "Thyroid Peroxidase Antibodies",
        "Markers of autoimmune attack.",
        "Supports a diagnosis",
    )


def test_the_name_the_article_writes_elsewhere_wins() -> None:
    row = "Pentadeca Arginate Supports tissue repair. Healing and inflammation."
    text = f"Pentadeca Arginate (PDA) supports repair.\n{row}"
    assert split_lost_row(row, 3, (), text) == (
        "Pentadeca Arginate",
        "Supports tissue repair.",
        "Healing and inflammation",
    )


@pytest.mark.parametrize(
    "row",
    [
        "TSH Pituitary signal without any full stop at all",  # one cell too few
        "lowercase name starts the row. Then text.",  # no name
        "Sermorelin",  # a name alone
        "",
    ],
)
def test_rows_that_cannot_be_split_are_refused(row: str) -> None:
    assert split_lost_row(row, 3, (), row) is None


# -- whole articles ------------------------------------------------------------


ARTICLE = """
Skip to main content

Fundamentals

Cortisol, a steroid hormone, follows a daily rhythm. It peaks after waking.

{caption}
{caption} again

Why Does Cortisol Rise Before Waking?

The rise prepares the body for the day. About 5 ∞ 10 mg is released then.

  • Light Sleep ∞ The transition stage of sleep.
  • Sleep Hygiene ∞ Habits that protect sleep.
    • Light Exposure ∞ Bright light anchors the rhythm.
    • Caffeine Timing ∞ Late caffeine delays sleep.
	• Regular Schedule ∞ Consistent times stabilize the clock.
  • Evening Routine ∞ A calm hour before bed.
  • A bullet that is a plain sentence without a term.

The following table outlines sleep stages ∞
Stage | Depth | Note |
---|---|---|
Light | Shallow | N/A |
Deep | Deepest | Slow waves |
Broken row | only two |

Cortisol Across the Day
Time of Day Cortisol Level Main Effect
Early Morning Rising steeply. Mobilizes energy.
Evening Low and falling. Prepares for rest.

References
- Clow, A. (2010). The cortisol awakening response ∞ more than a measure.

Reflection
Consider how your evenings shape the rhythm described here.

Glossary

cortisol

step toward reclaiming your
"""


def test_an_article_is_read_block_by_block(tmp_path: Path) -> None:
    article = parse(tmp_path, ARTICLE.format(caption=CAPTION))
    # No title line: the term its prose mentions most, never a subheading.
    assert article.title == "Cortisol"
    assert article.slug == "cortisol"
    assert [p.text for p in article.paragraphs] == [
        "Cortisol, a steroid hormone, follows a daily rhythm. It peaks after waking.",
        "The rise prepares the body for the day. About 5–10 mg is released then.",
        "A bullet that is a plain sentence without a term.",
    ]
    assert article.paragraphs[1].heading == "Why Does Cortisol Rise Before Waking?"
    assert article.headings == [("Fundamentals", "Why Does Cortisol Rise Before Waking?", 10)]
    terms = {d.term: d for d in article.definitions}
    assert list(terms) == [
        "Light Sleep",
        "Sleep Hygiene",
        "Light Exposure",
        "Caffeine Timing",
        "Regular Schedule",  # indented with a tab
        "Evening Routine",
    ]
    children = ("Light Exposure", "Caffeine Timing", "Regular Schedule")
    assert {terms[t].parent for t in children} == {"Sleep Hygiene"}
    assert len({terms[t].list_index for t in children}) == 1
    assert terms["Evening Routine"].parent is None
    assert terms["Evening Routine"].list_index == terms["Light Sleep"].list_index
    assert terms["Light Exposure"].list_index != terms["Light Sleep"].list_index
    [table] = article.tables
    assert table.caption == "Sleep stages"
    assert table.columns == ("Stage", "Depth", "Note")
    assert table.rows == (("Light", "Shallow", "N/A"), ("Deep", "Deepest", "Slow waves"))
    assert article.glossary == [
        GlossaryEntry("cortisol", 42),
        GlossaryEntry("step toward reclaiming your", 44),
    ]
    reasons = {line: reason for line, reason, _ in skipped(article)}
    assert reasons[1] == "navigation"
    assert reasons[7] == reasons[8] == "image caption"
    assert reasons[22] == "table introduction"
    assert reasons[27] == "table row with 2 cells, not 3"
    for line in range(29, 33):
        assert reasons[line].startswith("table whose column separators were lost")
    assert reasons[35] == "reference entry"
    assert reasons[38] == "Reflection (addressed to the reader)"
    body = " ".join(p.text for p in article.paragraphs)
    assert "Rising steeply" not in body and "∞" not in body


def test_a_title_line_names_the_article(tmp_path: Path) -> None:
    article = parse(
        tmp_path, "Skip to main content\nSleep ∞ The Daily Rhythm\nFundamentals\nText.\n"
    )
    assert article.title == "Sleep — The Daily Rhythm"
    assert article.slug == "sleep-the-daily-rhythm"
    assert (2, "the article's title", "Sleep ∞ The Daily Rhythm") in skipped(article)


def test_without_title_line_or_heading_the_file_name_names_it(tmp_path: Path) -> None:
    article = parse(tmp_path, "Fundamentals\nOne paragraph.\n", name="sleep_and-cortisol.txt")
    assert (article.title, article.slug) == ("Sleep and cortisol", "sleep-and-cortisol")


def test_metadata_title_and_slug_win(tmp_path: Path) -> None:
    metadata = ArticleMetadata(title="Chosen Title", slug="chosen")
    article = parse(tmp_path, "A Title Line Here\nFundamentals\nText.\n", metadata)
    assert (article.title, article.slug) == ("Chosen Title", "chosen")


HINTED = """
Academic
Laboratory Assessment
Thyroid Laboratory Markers
Marker What It Measures Typical Use
TSH Pituitary signal that drives the gland. First-line screening test.
Thyroid Peroxidase Antibodies Markers of autoimmune attack. Supports a diagnosis.
Free T4 Unbound thyroxine. Confirms an abnormal result.

After the table.
"""


def test_a_hinted_table_is_recovered_and_unsplittable_rows_reported(tmp_path: Path) -> None:
    hint = TableHint("Thyroid Laboratory Markers", ("Marker", "What It Measures", "Typical Use"))
    article = parse(tmp_path, HINTED, ArticleMetadata(tables=(hint,)))
    [table] = article.tables
    assert table.heading == "Laboratory Assessment"
    assert [row[0] for row in table.rows] == ["TSH", "Free T4"]
    assert (
        6,
        "table row whose cells cannot be told apart (add row_names)",
        "Thyroid Peroxidase Antibodies Markers of autoimmune attack. Supports a diagnosis.",
    ) in skipped(article)
    assert [p.text for p in article.paragraphs] == ["After the table."]


def test_row_names_recover_the_row(tmp_path: Path) -> None:
    hint = TableHint(
        "thyroid laboratory   markers",  # matched ignoring case and spacing
        ("Marker", "What It Measures", "Typical Use"),
        ("Thyroid Peroxidase Antibodies",),
    )
    article = parse(tmp_path, HINTED, ArticleMetadata(tables=(hint,)))
    assert [row[0] for row in article.tables[0].rows] == [
        "TSH",
        "Thyroid Peroxidase Antibodies",
        "Free T4",
    ]
    assert article.tables[0].caption == "thyroid laboratory   markers"


def test_a_hint_whose_columns_do_not_match_skips_the_table(tmp_path: Path) -> None:
    hint = TableHint("Thyroid Laboratory Markers", ("Marker", "Meaning"))
    article = parse(tmp_path, HINTED, ArticleMetadata(tables=(hint,)))
    assert article.tables == []
    reasons = [reason for _, reason, _ in skipped(article)]
    assert reasons[0] == "table whose header does not match its column hint"
    lost = "table whose column separators were lost and that has no column hint in the metadata"
    assert reasons.count(f"{lost} file") == 5
    assert [p.text for p in article.paragraphs] == ["After the table."]


def test_text_before_the_first_section_is_skipped(tmp_path: Path) -> None:
    article = parse(
        tmp_path, "Menu\nA Title Line\nAnother line before sections\nFundamentals\nText.\n"
    )
    assert [reason for _, reason, _ in skipped(article)] == [
        "navigation",
        "the article's title",
        "before the first section",
    ]
    assert article.sections_present() == ["Fundamentals"]


# -- what a list is about --------------------------------------------------------


def test_a_list_is_about_its_lead_in_its_subheading_or_a_short_sentence_above_it(
    tmp_path: Path,
) -> None:
    article = parse(
        tmp_path,
        """
        Fundamentals

        The Three Target Organs

        - Bone ∞ PTH releases calcium from the skeleton.
        - Kidney ∞ PTH increases calcium reabsorption.

        Two terms describe the direction of the disturbance:

        - Hypercalcemia ∞ A level of calcium above the reference range.

        Several everyday factors change how much GH the pituitary releases.

        - Fasting ∞ A lack of food increases GH secretion.

        Understanding these interactions matters. They are tools within a strategy.

        - Fasting Glucose ∞ Measures blood sugar after a period without food.
        """,
    )
    intros = {d.term: d.intro for d in article.definitions}
    assert intros == {
        "Bone": "The Three Target Organs",
        "Kidney": "The Three Target Organs",
        "Hypercalcemia": "Two terms describe the direction of the disturbance",
        "Fasting": "Several everyday factors change how much GH the pituitary releases",
        # A paragraph of claims above a list is body text, not its title.
        "Fasting Glucose": None,
    }
