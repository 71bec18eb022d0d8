"""The card linter finds nothing on any deck of any article we generate from.

Every defect class of issue 19 (trivial cloze target, answer not about the
asked term, duplicate answer, prompt containing its answer, dangling pronoun,
fragment term) is held at 0 on the bundled articles and on every test article
of the template, the held-out ones included: a generator change that makes
one flawed card fails here, naming the card.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from endoquiz.cli import main
from endoquiz.generator.card_lint import DeckLint, LintClass, LintFinding, lint_article
from endoquiz.generator.deck_generation import format_lint, read_article

ROOT = Path(__file__).resolve().parents[2]
ARTICLES = sorted((ROOT / "resources" / "articles").glob("*.txt")) + sorted(
    (ROOT / "tests" / "data" / "articles").glob("*.txt")
)


@pytest.mark.parametrize("article", ARTICLES, ids=lambda path: path.name)
def test_every_deck_of_every_article_is_lint_clean(article: Path) -> None:
    decks = lint_article(read_article(article))
    assert {deck_lint.deck for deck_lint in decks} >= {"fundamentals", "glossary"}
    findings = [
        f"{article.name} {deck_lint.deck}: {finding.card_id}: {finding.lint_class}: "
        f"{finding.reason}"
        for deck_lint in decks
        for finding in deck_lint.findings
    ]
    assert not findings, "the generator made flawed cards:\n" + "\n".join(findings)


def test_the_report_says_each_deck_is_clean(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    thyroid = ROOT / "tests" / "data" / "articles" / "thyroid_function.txt"

    assert main(["generate", str(thyroid), "--out", str(tmp_path), "--report"]) == 0

    lines = capsys.readouterr().out.splitlines()
    academic = next(i for i, line in enumerate(lines) if "thyroid-function/academic: " in line)
    assert lines[academic + 1] == "    lint: clean"
    assert lines.count("    lint: clean") == 4


def test_a_deck_s_findings_are_reported_by_class_then_one_a_line() -> None:
    deck_lint = DeckLint(
        "glossary",
        (
            LintFinding("term-a", LintClass.DUPLICATE_ANSWER, "same answer as term-b"),
            LintFinding("term-b", LintClass.DUPLICATE_ANSWER, "same answer as term-a"),
            LintFinding("cloze-c", LintClass.TRIVIAL_CLOZE, "'c' is the article's topic"),
        ),
    )
    assert format_lint(deck_lint) == [
        "    lint: 3 findings (1 trivial cloze target, 2 duplicate answer)",
        "      term-a: duplicate answer: same answer as term-b",
        "      term-b: duplicate answer: same answer as term-a",
        "      cloze-c: trivial cloze target: 'c' is the article's topic",
    ]
