"""The test articles of tests/data/articles, read as the card sources read them."""

from __future__ import annotations

from pathlib import Path

import pytest

from endoquiz.generator.article_metadata import load_metadata
from endoquiz.generator.article_parser import parse_article
from endoquiz.generator.cards.article_text import ArticleText

ARTICLES = Path(__file__).resolve().parents[2] / "data" / "articles"


def read(name: str) -> ArticleText:
    """A test article, parsed with its metadata file."""
    path = ARTICLES / name
    return ArticleText.of(parse_article(path, load_metadata(path)))


@pytest.fixture(scope="session")
def thyroid() -> ArticleText:
    """thyroid_function.txt: a Glossary with fragments, two tables, bullets, a question."""
    return read("thyroid_function.txt")


@pytest.fixture(scope="session")
def vitamin_d() -> ArticleText:
    """vitamin_d_bone.txt: a list of two bullets, a table with N/A and 'Varies' cells."""
    return read("vitamin_d_bone.txt")


@pytest.fixture(scope="session")
def sleep() -> ArticleText:
    """sleep_cortisol.txt: nested bullets, no Glossary, no metadata."""
    return read("sleep_cortisol.txt")
