"""The bundled decks: equal to a fresh run, and up to the quality bar a learner needs."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from endoquiz import Card, CardKind, Deck, check_deck, load_deck
from endoquiz.cli import main
from endoquiz.generator.article_metadata import load_metadata
from endoquiz.generator.article_parser import parse_article
from endoquiz.generator.deck_generation import check_generated, generate
from endoquiz.generator.glossary_terms import classify_term
from endoquiz.generator.text_cleanup import clean_text

ROOT = Path(__file__).resolve().parents[2]
ARTICLES = sorted((ROOT / "resources" / "articles").glob("*.txt"))
DECKS = ROOT / "decks"
FIRST, SECOND = ARTICLES
DANGLING = {"this", "these", "it", "its", "they", "their", "those", "such"}


def bundled_decks() -> list[Deck]:
    return [load_deck(path) for path in sorted(DECKS.rglob("*.yaml"))]


def card_texts(card: Card) -> list[str]:
    texts = [card.front, card.back, *card.choices, card.answer or "", card.explanation or ""]
    if card.source is not None:
        texts += [card.source.quote or "", card.source.section or ""]
    return texts


def answer_of(card: Card) -> str:
    """What the learner reads as the answer."""
    if card.kind in (CardKind.CHOICE, CardKind.TYPED):
        return card.answer or ""
    return card.back


def test_the_articles_are_the_shared_ones() -> None:
    shared = ROOT.parent / "shared" / "articles"
    if not shared.is_dir():
        pytest.skip("no shared/ folder beside this checkout")
    for article in ARTICLES:
        assert article.read_bytes() == (shared / article.name).read_bytes()


def test_committed_decks_equal_a_fresh_run() -> None:
    assert check_generated(ARTICLES, DECKS) == []


def test_two_runs_are_byte_identical(tmp_path: Path) -> None:
    generate(ARTICLES, tmp_path / "one")
    generate(ARTICLES, tmp_path / "two")
    first = {
        p.relative_to(tmp_path / "one"): p.read_bytes() for p in (tmp_path / "one").rglob("*.yaml")
    }
    second = {
        p.relative_to(tmp_path / "two"): p.read_bytes() for p in (tmp_path / "two").rglob("*.yaml")
    }
    assert first == second
    assert len(first) == 8


def test_check_notices_an_edited_deck(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    shutil.copytree(DECKS, tmp_path / "decks")
    edited = tmp_path / "decks" / "insulin-resistance-hormonal-balance" / "glossary.yaml"
    edited.write_text(edited.read_text(encoding="utf-8") + "# hand edit\n", encoding="utf-8")
    args = ["generate", *map(str, ARTICLES), "--out", str(tmp_path / "decks"), "--check"]
    assert main(args) == 1
    assert f"{edited}: differs from a fresh run" in capsys.readouterr().out


def test_every_deck_validates_cleanly_and_carries_the_disclaimer() -> None:
    decks = bundled_decks()
    assert {d.id.split("/")[1] for d in decks} == {
        "fundamentals",
        "intermediate",
        "academic",
        "glossary",
    }
    for deck in decks:
        assert check_deck(deck.path).diagnostics == ()
        assert deck.disclaimer is not None and "not medical advice" in deck.disclaimer
        assert deck.source is not None and deck.source.title in deck.disclaimer
        for card in deck.cards:
            assert card.source is not None and card.source.quote and card.source.article


def test_no_card_holds_noise() -> None:
    noise: list[str] = ["∞", "Skip to main content"]
    for article_path in ARTICLES:
        article = parse_article(article_path, load_metadata(article_path))
        for skipped in article.skipped:
            if skipped.reason != "table introduction":
                # A distinctive stretch of every caption, reference and reflection line.
                noise.append(clean_text(skipped.text).lstrip("-• ")[:40])
    for deck in bundled_decks():
        for card in deck.cards:
            for text in card_texts(card):
                found = [n for n in noise if n and n in text]
                assert found == [], f"{deck.id}:{card.id} holds noise {found}"


def test_no_answer_leans_on_a_missing_noun() -> None:
    for deck in bundled_decks():
        for card in deck.cards:
            first = re.sub(r"[^\w-]", "", answer_of(card).split()[0]).lower()
            assert first not in DANGLING, f"{deck.id}:{card.id}: {answer_of(card)[:60]}"


def test_ranges_are_written_with_an_en_dash() -> None:
    texts = [t for deck in bundled_decks() for card in deck.cards for t in card_texts(card)]
    assert any("10–20 units" in text and "0.1–0.2ml" in text for text in texts)


def test_every_real_glossary_term_is_asked_where_a_sentence_is_about_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    article = parse_article(FIRST, load_metadata(FIRST))
    body = " ".join(p.text for p in article.paragraphs)
    body += " " + " ".join(f"{d.term} {d.definition}" for d in article.definitions)
    glossary = load_deck(DECKS / article.slug / "glossary.yaml")
    real = [e.term for e in article.glossary if classify_term(e.term, body) is None]
    assert len(real) >= 20
    assert main(["generate", str(FIRST), "--out", str(tmp_path), "--report"]) == 0
    report = capsys.readouterr().out
    for term in real:
        asked = [
            c
            for c in glossary.cards
            if c.kind is CardKind.BASIC and f"**{term}**" in c.front.lower()
        ]
        recalled = [
            c
            for c in glossary.cards
            if c.kind is CardKind.CLOZE
            and re.match(rf"{re.escape(term)}\b(?! \w)", (c.answer or "").lower())
        ]
        dropped = f"    dropped: '{term}': " in report
        assert len(asked) + len(recalled) + dropped == 1, term
        for card in asked:
            assert card.front == f"What is **{term}**?"
            for sentence in re.split(r"(?<=\.) ", card.back):
                assert clean_text(sentence) in body, f"{term!r}: answer not from the article"
    assert "    dropped: 'blood sugar': mentioned only in passing" in report
    assert (
        "    dropped: 'testosterone replacement': occurs only as part of "
        "'testosterone replacement therapy'"
    ) in report
    assert [c.front for c in glossary.cards if "hyperinsulinemia" in c.front] == [
        "What is **hyperinsulinemia**?"
    ]


def test_glossary_fragments_are_dropped_or_clozed_with_reasons(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["generate", str(FIRST), "--out", str(tmp_path), "--report"]) == 0
    report = capsys.readouterr().out
    assert "dropped: 'step toward reclaiming your': a sentence fragment" in report
    assert "cloze: 'improve insulin sensitivity': a sentence fragment" in report
    # Its only sentence defines insulin resistance: a cloze there would give
    # the answer of "What is insulin resistance?" away.
    assert "dropped: 'cells become less responsive': a sentence fragment" in report
    glossary = load_deck(tmp_path / "insulin-resistance-hormonal-balance" / "glossary.yaml")
    assert any(
        c.kind is CardKind.CLOZE and c.answer == "improve insulin sensitivity"
        for c in glossary.cards
    )
    assert "image caption" not in report.split("001_")[0]  # the first article has none


def test_the_second_article_gets_a_glossary_of_its_key_terms() -> None:
    article = parse_article(SECOND, load_metadata(SECOND))
    assert article.glossary == []
    glossary = load_deck(DECKS / article.slug / "glossary.yaml")
    fronts = " ".join(card.front for card in glossary.cards)
    for term in (
        "Enclomiphene",
        "PT-141",
        "Pentadeca Arginate",
        "insulin resistance",
        "aromatase",
        "Leydig cells",
    ):
        assert f"**{term}" in fronts, term
    # The rows of its tables are asked cell by cell in the section decks.
    intermediate = load_deck(DECKS / article.slug / "intermediate.yaml")
    sections = " ".join(card.front for card in intermediate.cards)
    # A drug whose bullet gives its dosing is asked there, the dose hidden
    # with the drug in view, and not again from its name in the glossary.
    for term in ("Gonadorelin", "Anastrozole"):
        assert any(
            card.kind is CardKind.CLOZE and card.front.startswith(f"**{term}**")
            for card in intermediate.cards
        ), term
        assert f"**{term}" not in fronts, term
    assert "**Sermorelin**" in sections and "**Tesamorelin**" in sections
    assert "**Sermorelin**" not in fronts


def test_tables_without_separators_are_recovered_cell_by_cell() -> None:
    article = parse_article(SECOND, load_metadata(SECOND))
    tables = {table.caption: table for table in article.tables}
    peptides = tables["Growth Hormone Peptides and Their Actions"]
    assert [row[0] for row in peptides.rows] == [
        "Sermorelin",
        "Ipamorelin / CJC-1295",
        "Tesamorelin",
        "Hexarelin",
        "MK-677",
    ]
    assert peptides.rows[2] == (
        "Tesamorelin",
        "Specifically reduces visceral adipose tissue.",
        "Targeted fat loss, particularly abdominal fat",
    )
    axes = tables["Interactions Between Insulin Resistance and Hormonal Axes"]
    assert axes.rows[0][0] == "HPG Axis (Sex Hormones)"
    assert axes.rows[0][2] == "FSH, LH, Androgen, Estrogen Receptors"


def test_every_table_row_and_definition_bullet_yields_a_card() -> None:
    cards = [card for deck in bundled_decks() for card in deck.cards]
    for article_path in ARTICLES:
        article = parse_article(article_path, load_metadata(article_path))
        assert article.tables and article.definitions
        for table in article.tables:
            for row in table.rows:
                assert any(row[0] in text for c in cards for text in card_texts(c)), row[0]
        for item in article.definitions:
            assert any(item.term in text for c in cards for text in card_texts(c)), item.term


def test_choice_distractors_are_siblings() -> None:
    article = parse_article(SECOND, load_metadata(SECOND))
    peptide_names = {row[0] for t in article.tables for row in t.rows}
    list_terms = {d.term for d in article.definitions}
    for deck in bundled_decks():
        for card in deck.cards:
            if card.kind is not CardKind.CHOICE:
                continue
            assert card.choices.count(card.answer or "") == 1
            if card.answer in peptide_names:
                assert set(card.choices) <= peptide_names
            if card.answer in list_terms:
                assert set(card.choices) <= list_terms


def test_card_ids_survive_an_added_paragraph(tmp_path: Path) -> None:
    original = tmp_path / "original"
    edited = tmp_path / "edited"
    for folder in (original, edited):
        folder.mkdir()
        shutil.copy(FIRST, folder / FIRST.name)
        shutil.copy(FIRST.with_name(FIRST.stem + ".meta.yaml"), folder)
    text = (edited / FIRST.name).read_text(encoding="utf-8")
    anchor = "Clinical trials have shown that TRT"
    added = "A weekly dose of 5 ∞ 10 units is described here as an added test fact.\n"
    (edited / FIRST.name).write_text(text.replace(anchor, added + anchor), encoding="utf-8")
    generate([original / FIRST.name], tmp_path / "out-original")
    generate([edited / FIRST.name], tmp_path / "out-edited")

    def ids(out: Path) -> set[str]:
        return {c.id for p in out.rglob("*.yaml") for c in load_deck(p).cards}

    before, after = ids(tmp_path / "out-original"), ids(tmp_path / "out-edited")
    assert before < after
