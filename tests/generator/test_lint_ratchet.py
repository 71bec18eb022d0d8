"""The card linter over every article we generate from: counts may only go down.

The issue's goal is 0 findings of every class on every deck. Until then this
table records today's counts; a change to the generator that adds a finding
fails here, and one that removes a finding asks for the number to be lowered,
so the table only ever moves towards 0.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from endoquiz.cli import main
from endoquiz.generator.card_lint import LintClass, lint_article
from endoquiz.generator.deck_generation import read_article

ROOT = Path(__file__).resolve().parents[2]
ARTICLES = sorted((ROOT / "resources" / "articles").glob("*.txt")) + sorted(
    (ROOT / "tests" / "data" / "articles").glob("*.txt")
)
# The columns, in this order.
CLASSES = (
    LintClass.TRIVIAL_CLOZE,
    LintClass.OFF_TERM_ANSWER,
    LintClass.DUPLICATE_ANSWER,
    LintClass.PROMPT_HAS_ANSWER,
    LintClass.DANGLING_PRONOUN,
    LintClass.FRAGMENT_TERM,
)
# (article file, deck): trivial cloze, off-term answer, duplicate answer,
# prompt with its answer, dangling pronoun, fragment term.
RECORDED: dict[tuple[str, str], tuple[int, int, int, int, int, int]] = {
    ("000_cab833d47e8e67ce.txt", "fundamentals"): (0, 0, 0, 0, 0, 0),
    ("000_cab833d47e8e67ce.txt", "intermediate"): (0, 0, 0, 0, 0, 0),
    ("000_cab833d47e8e67ce.txt", "academic"): (0, 0, 0, 0, 0, 0),
    ("000_cab833d47e8e67ce.txt", "glossary"): (0, 0, 0, 0, 0, 0),
    ("001_e5b3eec1612b5472.txt", "fundamentals"): (0, 0, 0, 0, 0, 0),
    ("001_e5b3eec1612b5472.txt", "intermediate"): (0, 0, 0, 0, 0, 0),
    ("001_e5b3eec1612b5472.txt", "academic"): (0, 0, 0, 0, 0, 0),
    ("001_e5b3eec1612b5472.txt", "glossary"): (0, 0, 0, 0, 0, 0),
    ("adrenal_insufficiency.txt", "fundamentals"): (0, 0, 0, 0, 0, 0),
    ("chronic_stress.txt", "fundamentals"): (0, 0, 0, 0, 0, 0),
    ("chronic_stress.txt", "intermediate"): (0, 0, 0, 0, 0, 0),
    ("growth_hormone_igf1.txt", "fundamentals"): (0, 0, 0, 0, 0, 0),
    ("growth_hormone_igf1.txt", "intermediate"): (0, 0, 0, 0, 0, 0),
    ("sleep_cortisol.txt", "fundamentals"): (0, 0, 0, 0, 0, 0),
    ("sleep_cortisol.txt", "intermediate"): (0, 0, 0, 0, 0, 0),
    ("sleep_cortisol.txt", "academic"): (0, 0, 0, 0, 0, 0),
    ("sleep_cortisol.txt", "glossary"): (0, 0, 0, 0, 0, 0),
    ("thyroid_function.txt", "fundamentals"): (0, 0, 0, 0, 0, 0),
    ("thyroid_function.txt", "intermediate"): (0, 0, 0, 0, 0, 0),
    ("thyroid_function.txt", "academic"): (0, 0, 0, 0, 0, 0),
    ("thyroid_function.txt", "glossary"): (0, 0, 0, 0, 0, 0),
    ("vitamin_d_bone.txt", "fundamentals"): (0, 0, 0, 0, 0, 0),
    ("vitamin_d_bone.txt", "intermediate"): (0, 0, 0, 0, 0, 0),
    ("vitamin_d_bone.txt", "academic"): (0, 0, 0, 0, 0, 0),
    ("vitamin_d_bone.txt", "glossary"): (0, 0, 0, 0, 0, 0),
}


@pytest.mark.parametrize("article", ARTICLES, ids=lambda path: path.name)
def test_lint_counts_never_rise_and_a_fall_is_recorded(article: Path) -> None:
    risen, fallen = [], []
    for deck_lint in lint_article(read_article(article)):
        recorded = RECORDED.get((article.name, deck_lint.deck), (0,) * len(CLASSES))
        counts = deck_lint.counts()
        for lint_class, was in zip(CLASSES, recorded, strict=True):
            now = counts[lint_class]
            where = f"{article.name} {deck_lint.deck}: {lint_class}: {was} -> {now}"
            if now > was:
                ids = [f.card_id for f in deck_lint.findings if f.lint_class is lint_class]
                risen.append(f"{where} ({', '.join(ids)})")
            elif now < was:
                fallen.append(where)
    assert not risen, "the generator makes more flawed cards than before:\n" + "\n".join(risen)
    assert not fallen, (
        "fewer findings than recorded, well done: lower RECORDED in this test to\n"
        + "\n".join(fallen)
    )


def test_every_recorded_deck_is_still_generated() -> None:
    linted = {
        (article.name, deck_lint.deck)
        for article in ARTICLES
        for deck_lint in lint_article(read_article(article))
    }
    assert set(RECORDED) <= linted


def test_the_report_prints_each_deck_s_findings_by_class(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    thyroid = ROOT / "tests" / "data" / "articles" / "thyroid_function.txt"

    assert main(["generate", str(thyroid), "--out", str(tmp_path), "--report"]) == 0

    report = capsys.readouterr().out
    lines = report.splitlines()
    academic = next(i for i, line in enumerate(lines) if "thyroid-function/academic: " in line)
    # Every deck is clean: the report says so, deck by deck.
    assert lines[academic + 1] == "    lint: clean"
    assert report.count("    lint: clean") == 4
