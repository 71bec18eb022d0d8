"""`endoquiz generate`: articles in, deck files and a report out."""

from __future__ import annotations

import tempfile
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from endoquiz.decks.deck_loader import check_deck, load_deck
from endoquiz.generator.article_metadata import MetadataError, load_metadata
from endoquiz.generator.article_parser import parse_article
from endoquiz.generator.card_builder import build_decks
from endoquiz.generator.card_lint import DeckLint, lint_article
from endoquiz.generator.cards.drafts import ArticleDecks, GlossaryAction
from endoquiz.generator.deck_writer import render_deck, write_article_decks

__all__ = [
    "GenerationError",
    "check_generated",
    "format_lint",
    "format_report",
    "generate",
    "read_article",
]


class GenerationError(Exception):
    """An article cannot be turned into decks; the message says why."""


@dataclass(frozen=True, slots=True)
class GeneratedArticle:
    """One article's decks and the files written for them."""

    decks: ArticleDecks
    files: tuple[Path, ...]


def read_article(path: Path) -> ArticleDecks:
    """Parse an article (with its metadata file, if any) and build its decks.

    Raises:
        GenerationError: for a missing, unreadable or unsuitable article, or
            an invalid metadata file.
    """
    try:
        metadata = load_metadata(path)
        article = parse_article(path, metadata)
    except MetadataError as error:
        raise GenerationError(str(error)) from None
    except UnicodeDecodeError:
        raise GenerationError(f"{path}: not UTF-8 text") from None
    except OSError as error:
        raise GenerationError(f"{path}: cannot read: {error.strerror or error}") from None
    if not article.sections_present():
        raise GenerationError(
            f"{path}: no Fundamentals, Intermediate or Academic section with text; "
            "is it an article of the house template?"
        )
    return build_decks(article, metadata.skip_terms)


def generate(articles: list[Path], out_dir: Path) -> list[GeneratedArticle]:
    """Write the decks of every article below `out_dir`, one folder per article.

    Raises:
        GenerationError: for an unusable article, two articles with one slug,
            or (a bug) a generated deck that does not validate cleanly.
    """
    results = [read_article(path) for path in articles]
    _check_unique_slugs(results)
    # Validate everything in a scratch folder first: a deck that fails (a
    # generator bug) must not replace good decks in `out_dir`.
    with tempfile.TemporaryDirectory(prefix="endoquiz-generate-") as scratch:
        for result in results:
            for path in write_article_decks(result, Path(scratch)):
                problems = check_deck(path).diagnostics
                if problems:
                    listing = "\n".join(str(p) for p in problems)
                    raise GenerationError(f"generated deck does not validate cleanly:\n{listing}")
    return [
        GeneratedArticle(result, tuple(write_article_decks(result, out_dir))) for result in results
    ]


def check_generated(articles: list[Path], out_dir: Path) -> list[str]:
    """Files under `out_dir` that differ from what `generate` would write."""
    results = [read_article(path) for path in articles]
    _check_unique_slugs(results)
    differences = []
    for result in results:
        folder = out_dir / result.article.slug
        expected = {f"{deck.name}.yaml": render_deck(result, deck) for deck in result.decks}
        present = {p.name for p in folder.glob("*.yaml")} if folder.is_dir() else set()
        for name in sorted(present | set(expected)):
            path = folder / name
            if name not in expected:
                differences.append(f"{path}: not generated any more")
            elif name not in present:
                differences.append(f"{path}: missing")
            elif path.read_text(encoding="utf-8") != expected[name]:
                differences.append(f"{path}: differs from a fresh run")
    return differences


def _check_unique_slugs(results: list[ArticleDecks]) -> None:
    seen: dict[str, str] = {}
    for result in results:
        slug, name = result.article.slug, result.article.name
        if slug in seen:
            raise GenerationError(
                f"{name} and {seen[slug]} both have the slug '{slug}'; set 'slug' in the "
                "metadata file of one of them"
            )
        seen[slug] = name


def format_report(generated: list[GeneratedArticle]) -> str:
    """Per deck, the cards by kind and the card linter's findings; the
    glossary entries dropped or made into clozes, with why; the lines skipped
    as noise."""
    lines: list[str] = []
    for item in generated:
        article = item.decks.article
        lines.append(f"{article.name}: {article.title} -> {article.slug}/")
        lint = {deck_lint.deck: deck_lint for deck_lint in lint_article(item.decks)}
        for path in item.files:
            # Count study cards as the app will see them: a cloze entry with
            # c1 and c2 is two cards.
            deck = load_deck(path)
            kinds = Counter(card.kind.value for card in deck.cards)
            by_kind = ", ".join(f"{count} {kind}" for kind, count in sorted(kinds.items()))
            lines.append(f"  {deck.id}: {len(deck.cards)} cards ({by_kind})")
            lines += format_lint(lint[path.stem])
        decisions = item.decks.glossary
        if decisions:
            defined = [d.term for d in decisions if d.action is GlossaryAction.DEFINITION]
            lines.append(f"  glossary: {len(decisions)} entries, {len(defined)} defined")
            for decision in decisions:
                if decision.action is not GlossaryAction.DEFINITION:
                    lines.append(f"    {decision.action}: '{decision.term}': {decision.reason}")
        else:
            lines.append("  glossary: none in the article; the terms its lists and prose define")
        lines.append(f"  skipped as noise: {len(article.skipped)} lines")
        for skipped in article.skipped:
            text = skipped.text if len(skipped.text) <= 70 else skipped.text[:67] + "..."
            lines.append(f"    line {skipped.line}: {skipped.reason}: {text}")
    return "\n".join(lines)


def format_lint(deck_lint: DeckLint) -> list[str]:
    """The report lines of one deck's lint: counts per class, then each finding."""
    if not deck_lint.findings:
        return ["    lint: clean"]
    counts = ", ".join(f"{count} {name}" for name, count in deck_lint.counts().items() if count)
    total = len(deck_lint.findings)
    lines = [f"    lint: {total} finding{'s' if total > 1 else ''} ({counts})"]
    lines += [
        f"      {finding.card_id}: {finding.lint_class}: {finding.reason}"
        for finding in deck_lint.findings
    ]
    return lines
