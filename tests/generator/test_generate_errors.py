"""`endoquiz generate` on bad input: a clear message and an exit status, never a traceback."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from endoquiz.cli import main

DATA = Path(__file__).resolve().parents[1] / "data" / "articles"
SLEEP = DATA / "sleep_cortisol.txt"


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(["generate", *args])
    captured = capsys.readouterr()
    assert "Traceback" not in captured.err
    return code, captured.out, captured.err


@pytest.fixture
def article(tmp_path: Path) -> Path:
    """A copy of a good article without metadata, to put bad metadata beside."""
    copy = tmp_path / "article.txt"
    shutil.copy(SLEEP, copy)
    return copy


def test_a_missing_article_is_a_usage_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    missing = tmp_path / "missing.txt"
    code, _, err = run(capsys, str(SLEEP), str(missing), "--out", str(tmp_path / "out"))
    assert code == 2
    assert err == f"endoquiz generate: error: no such article: {missing}\n"
    assert not (tmp_path / "out").exists()  # nothing written when one article is missing


def test_a_folder_is_not_an_article(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, str(tmp_path), "--out", str(tmp_path / "out"))
    assert code == 2 and "no such article" in err


def test_a_text_without_the_template_sections_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = tmp_path / "notes.txt"
    text.write_text("Shopping list\nMilk and eggs.\n\nReferences\n- A book.\n", encoding="utf-8")
    code, out, err = run(capsys, str(text), "--out", str(tmp_path / "out"))
    assert code == 1 and out == ""
    assert err == (
        f"endoquiz generate: error: {text}: no Fundamentals, Intermediate or Academic section "
        "with text; is it an article of the house template?\n"
    )


@pytest.mark.parametrize("content", [b"", b"\n\n", b"Fundamentals\n\nAcademic\n"])
def test_an_empty_article_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], content: bytes
) -> None:
    text = tmp_path / "empty.txt"
    text.write_bytes(content)
    code, _, err = run(capsys, str(text), "--out", str(tmp_path / "out"))
    assert code == 1 and "no Fundamentals, Intermediate or Academic section" in err


def test_an_article_that_is_not_utf8_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = tmp_path / "latin1.txt"
    text.write_bytes("Fundamentals\nCaf\xe9 au lait.\n".encode("latin-1"))
    code, _, err = run(capsys, str(text), "--out", str(tmp_path / "out"))
    assert code == 1
    assert err == f"endoquiz generate: error: {text}: not UTF-8 text\n"


@pytest.mark.parametrize(
    ("metadata", "line", "column", "message"),
    [
        ("title: ok\nslug: [unclosed\n", 3, 1, "invalid YAML"),
        ("title: ok\ntabels: []\n", 2, 1, "unknown key 'tabels' in the metadata file"),
        ("slug: Not A Slug\n", 1, 7, "slug 'Not A Slug' must be lowercase a-z, 0-9, '-'"),
        ("- a list\n", 1, 1, "the metadata file must be a mapping"),
        ("title:\n", 1, 7, "'title' must be non-blank text"),
        ("skip_terms: one\n", 1, 13, "'skip' must be a list"),
        (
            "tables:\n  - caption: X\n    columns: [Only]\n",
            2,
            5,
            "a table hint needs 'caption' and at least two 'columns'",
        ),
        (
            "tables:\n  - caption: X\n    columns: [A, B]\n    rows: [x]\n",
            4,
            5,
            "unknown key 'rows' in a table hint",
        ),
    ],
)
def test_invalid_metadata_is_reported_at_its_position(
    article: Path,
    capsys: pytest.CaptureFixture[str],
    metadata: str,
    line: int,
    column: int,
    message: str,
) -> None:
    meta = article.with_name("article.meta.yaml")
    meta.write_text(metadata, encoding="utf-8")
    out = article.parent / "out"
    code, _, err = run(capsys, str(article), "--out", str(out))
    assert code == 1
    match = re.fullmatch(r"endoquiz generate: error: (.+):(\d+):(\d+): error: (.+)\n", err)
    assert match is not None, err
    assert (match[1], int(match[2]), int(match[3])) == (str(meta), line, column)
    assert match[4].startswith(message)
    assert not out.exists()


def test_metadata_that_is_not_utf8_is_reported(
    article: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    meta = article.with_name("article.meta.yaml")
    meta.write_bytes(b"title: Caf\xe9\n")
    code, _, err = run(capsys, str(article), "--out", str(article.parent / "out"))
    assert code == 1
    assert err.startswith(f"endoquiz generate: error: {meta}:1:")
    assert "UTF-8" in err


def test_two_articles_with_one_slug_are_refused(
    article: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    twin = article.with_name("twin.txt")
    shutil.copy(article, twin)
    code, _, err = run(capsys, str(article), str(twin), "--out", str(article.parent / "out"))
    assert code == 1
    assert "both have the slug 'sleep-cortisol-and-the-daily-rhythm'" in err
    assert "set 'slug' in the metadata file of one of them" in err


def test_check_against_a_folder_never_generated(
    article: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = article.parent / "never"
    code, stdout, err = run(capsys, str(article), "--out", str(out), "--check")
    assert code == 1
    assert stdout.count(": missing\n") == 4
    assert "run endoquiz generate again" in err
    assert not out.exists()  # --check writes nothing


def test_check_reports_bad_metadata_like_generate(
    article: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    article.with_name("article.meta.yaml").write_text("colour: red\n", encoding="utf-8")
    code, _, err = run(capsys, str(article), "--out", str(article.parent), "--check")
    assert code == 1 and "article.meta.yaml:1:1: error: unknown key 'colour'" in err
