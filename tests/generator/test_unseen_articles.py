"""The generator on articles it has never seen: three small ones written for these tests.

`tests/data/articles/` holds, in the house template:

- `thyroid_function.txt` (with metadata): a Glossary of real terms and
  fragments, a pipe table with an N/A cell, a lost-separator table recovered
  from a column hint (one row only through `row_names`), a question heading,
  a pull quote, `- Term ∞ definition` lists and an aside between two `∞`;
- `sleep_cortisol.txt` (no metadata: title and slug inferred): `•` lists, one
  nested (a parent with three children), the range `5 ∞ 10 mg`, an aside, a
  lost-separator table without a hint, and no Glossary;
- `vitamin_d_bone.txt` (with metadata, no blank lines between blocks): a pipe
  table with N/A and "Varies" cells, a list, a Glossary with a skipped term;
- `growth_hormone_igf1.txt` (no metadata, no title line): every feature at
  once, with a list's lead-in line, nested `•` bullets giving doses and
  frequencies, an inverted sentence ("sits IGF-1, a peptide hormone"), a
  possessive name, a pronoun after an opening phrase, spelled-out units, and
  a Glossary of "Term" lines then definition lines with fragments among them.

Each has the navigation line or not, caption pairs, References and a
Reflection addressed to the reader.
"""

from __future__ import annotations

import re
import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest

from endoquiz import Card, CardKind, Deck, check_deck, load_deck
from endoquiz.cli import main
from endoquiz.generator.article_metadata import load_metadata, metadata_path
from endoquiz.generator.article_model import Article, DefinitionItem, Table
from endoquiz.generator.article_parser import parse_article
from endoquiz.generator.cards.bullets import (
    asked_in_its_section,
    gives_a_fact,
    gives_itself_away,
    introduces_group,
    mask_words,
    names_nothing_to_learn,
    nested_terms,
)
from endoquiz.generator.cards.drafts import GlossaryAction
from endoquiz.generator.cards.fact_spans import defined_term_spans
from endoquiz.generator.deck_generation import GeneratedArticle, generate
from endoquiz.generator.text_cleanup import clean_text, split_sentences

DATA = Path(__file__).resolve().parents[1] / "data" / "articles"
THYROID = DATA / "thyroid_function.txt"
SLEEP = DATA / "sleep_cortisol.txt"
VITAMIN_D = DATA / "vitamin_d_bone.txt"
GROWTH = DATA / "growth_hormone_igf1.txt"
ARTICLES = [THYROID, SLEEP, VITAMIN_D, GROWTH]
SLUGS = {
    THYROID: "thyroid-function",
    SLEEP: "sleep-cortisol-and-the-daily-rhythm",
    VITAMIN_D: "vitamin-d-bone",
    GROWTH: "growth-hormone-and-igf-1",
}
SECTION_DECKS = ("fundamentals", "intermediate", "academic")
DANGLING = {"This", "These", "It", "They", "Its", "Their"}

# The table of the sleep article whose separators were lost, with no hint:
# the texts of its cells, none of which may reach a card.
UNHINTED_TABLE_CELLS = (
    "Cortisol Across the Day",
    "Time of Day Cortisol Level Main Effect",
    "Rising steeply before and after waking",
    "Mobilizes energy for the coming hours",
    "Moderate and slowly declining",
    "Supports steady concentration",
    "Low and still declining",
    "Lets the body prepare for rest",
    "At its lowest point of all",
    "Permits uninterrupted repair",
)
UNHINTED_TABLE_LINES = range(34, 40)  # caption, header and four rows in sleep_cortisol.txt

# Glossary entries: real terms, and fragments cut from sentences. A term a
# sentence defines is asked what it is; one a sentence is about is recalled
# from it (a cloze); one only mentioned in passing gets no card.
THYROID_TERMS = {
    "thyroid gland": "definition",
    # Its one sentence answers the question heading: asked there already.
    "negative feedback": "dropped",
    "levothyroxine": "definition",
    "Hashimoto thyroiditis": "definition",
    "metabolic rate": "dropped",
    "hypothyroidism": "definition",
}
VITAMIN_D_TERMS = {
    # "{{Calcitriol}} increases the absorption ..." would turn the section's
    # "Calcitriol increases the {{absorption ...}}" round: no glossary cloze.
    "calcitriol": "dropped",
    # Its sentence is answered by "What Happens When Vitamin D Is Low?" (and
    # the section asks it by another gap): the glossary does not ask it again.
    "parathyroid hormone": "dropped",
    "bone remodeling": "definition",
    "osteoclasts": "definition",
    # "Rickets, a condition of soft and bowed bones" is said whole in the
    # answer to "What Happens When Vitamin D Is Low?".
    "rickets": "dropped",
    "vitamin D receptor": "definition",
}
THYROID_FRAGMENTS = {
    "step toward reclaiming your": "dropped",
    "cells become less responsive": "dropped",
    "improve tissue sensitivity": "dropped",
}


@dataclass(frozen=True)
class Generated:
    """One article, parsed, with the decks generated from it (by the Python API)."""

    path: Path
    article: Article
    result: GeneratedArticle
    decks: dict[str, Deck]  # by deck name: fundamentals, ..., glossary

    @property
    def cards(self) -> list[Card]:
        return [card for deck in self.decks.values() for card in deck.cards]


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> dict[Path, Generated]:
    out = tmp_path_factory.mktemp("decks")
    results = generate(ARTICLES, out)
    by_article = {}
    for path, result in zip(ARTICLES, results, strict=True):
        decks = {p.stem: load_deck(p) for p in result.files}
        article = parse_article(path, load_metadata(path))
        by_article[path] = Generated(path, article, result, decks)
    return by_article


def run_cli(out: Path, capsys: pytest.CaptureFixture[str], *extra: str) -> tuple[int, str, str]:
    code = main(["generate", *map(str, ARTICLES), "--out", str(out), *extra])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def card_texts(card: Card) -> list[str]:
    """Every text of a card a learner sees, and its source quote."""
    texts = [card.front, card.back, *card.choices, card.answer or "", card.explanation or ""]
    if card.source is not None:
        texts += [card.source.quote or "", card.source.section or ""]
    return texts


def answer_of(card: Card) -> str:
    return (card.answer or "") if card.kind in (CardKind.CHOICE, CardKind.TYPED) else card.back


def raw_lines(path: Path) -> list[str]:
    return path.read_text(encoding="utf-8").splitlines()


def section_lines(path: Path, section: str) -> list[str]:
    """The non-blank lines of one section of an article, read straight from the file."""
    names = {"Fundamentals", "Intermediate", "Academic", "References", "Reflection", "Glossary"}
    current, found = None, []
    for line in raw_lines(path):
        if line.strip() in names:
            current = line.strip()
        elif current == section and line.strip():
            found.append(line.strip())
    return found


def caption_lines(path: Path) -> list[tuple[int, str]]:
    """(line number, text) of the image captions: by the template, long lines of
    the study sections that end without a stop."""
    captions = []
    section = None
    for number, line in enumerate(raw_lines(path), start=1):
        text = line.strip()
        if text in ("Fundamentals", "Intermediate", "Academic", "References"):
            section = text
        long = len(text.split()) >= 12
        unstopped = not text.endswith((".", "?", ":", "∞", "|"))
        if section in ("Fundamentals", "Intermediate", "Academic") and long and unstopped:
            captions.append((number, text))
    return captions


def article_text(path: Path) -> str:
    """The article's text as the generator repairs it, for 'is this from the article?'."""
    return " ".join(clean_text(line) for line in raw_lines(path)).casefold()


def pieces_of_answer(back: str) -> list[str]:
    """The article texts an answer is made of: without a bolded '**Term**:'
    prefix, and table answers cut into their cells ('*Column*: cell')."""
    back = re.sub(r"^\*\*[^*]+\*\*:\s*", "", back)
    pieces = []
    for part in back.split("\n\n"):
        pieces.append(re.sub(r"^\*[^*]+\*:\s*", "", part).strip())
    return pieces


# -- every deck is valid -------------------------------------------------------


@pytest.mark.parametrize("path", ARTICLES, ids=lambda p: p.stem)
def test_every_deck_validates_with_no_errors_and_no_warnings(
    generated: dict[Path, Generated], path: Path
) -> None:
    result = generated[path]
    assert set(result.decks) == {*SECTION_DECKS, "glossary"}
    for file in result.result.files:
        assert check_deck(file).diagnostics == ()
    for name, deck in result.decks.items():
        assert deck.id == f"{SLUGS[path]}/{name}"
        assert deck.disclaimer is not None and "not medical advice" in deck.disclaimer
        assert len(deck.cards) >= 3, deck.id
        for card in deck.cards:
            assert card.source is not None and card.source.quote, f"{deck.id}:{card.id}"


# -- what never becomes a card -------------------------------------------------


def noise_of(path: Path) -> list[str]:
    """Texts of an article that no card may hold."""
    noise = ["∞", "Skip to main content", "{{", "}}"]
    noise += [text for _, text in caption_lines(path)]
    # A distinctive stretch of each caption, in case only a part leaked.
    noise += [text[20:70] for _, text in caption_lines(path)]
    for line in section_lines(path, "Reflection"):
        noise += split_sentences(clean_text(line))
    for line in section_lines(path, "References"):
        entry = clean_text(line).lstrip("-• ")
        noise += [entry, entry[:40]]
    if path == SLEEP:
        noise += UNHINTED_TABLE_CELLS
    return noise


@pytest.mark.parametrize("path", ARTICLES, ids=lambda p: p.stem)
def test_no_card_holds_noise(generated: dict[Path, Generated], path: Path) -> None:
    noise = noise_of(path)
    assert len(noise) >= 12
    for card in generated[path].cards:
        for text in card_texts(card):
            found = [n for n in noise if n in text]
            assert found == [], f"{card.deck_id}:{card.id} holds {found}"


@pytest.mark.parametrize("path", ARTICLES, ids=lambda p: p.stem)
def test_no_card_is_addressed_to_the_reader(generated: dict[Path, Generated], path: Path) -> None:
    for card in generated[path].cards:
        for text in card_texts(card):
            assert not re.search(r"\b(?:you|your|yours)\b", text, re.IGNORECASE), (
                f"{card.deck_id}:{card.id}: {text[:80]}"
            )


@pytest.mark.parametrize("path", ARTICLES, ids=lambda p: p.stem)
def test_no_answer_begins_with_a_dangling_pronoun(
    generated: dict[Path, Generated], path: Path
) -> None:
    for card in generated[path].cards:
        for answer in {answer_of(card), card.back}:
            first = answer.split()[0].strip("*_“\"'(").rstrip(",:;")
            assert first not in DANGLING, f"{card.deck_id}:{card.id}: {answer[:70]}"


def test_a_bolded_term_prefix_carries_an_answer_that_points_back(tmp_path: Path) -> None:
    """The allowance of the rule above: '**Term**: this ...' names what 'this' is."""
    article = tmp_path / "peptides.txt"
    article.write_text(
        "Fundamentals\n"
        "- Tesamorelin ∞ This peptide reduces visceral fat.\n"
        "- Sermorelin ∞ A peptide that stimulates growth hormone release.\n",
        encoding="utf-8",
    )
    [result] = generate([article], tmp_path / "out")
    glossary = load_deck(tmp_path / "out" / result.decks.article.slug / "glossary.yaml")
    backs = {c.front: c.back for c in glossary.cards}
    assert backs["How does the article describe **Tesamorelin**?"] == (
        "**Tesamorelin**: this peptide reduces visceral fat."
    )


# -- `∞` repaired --------------------------------------------------------------


def test_ranges_are_written_with_an_en_dash(generated: dict[Path, Generated]) -> None:
    texts = {
        path: [t for card in result.cards for t in card_texts(card)]
        for path, result in generated.items()
    }
    assert any("about 5–10 mg of that" in t for t in texts[SLEEP])
    assert any("roughly 10–20 mg of cortisol" in t for t in texts[SLEEP])
    assert any("every 6–8 weeks" in t for t in texts[THYROID])
    assert any(t == "10–20 µg per serving" for t in texts[VITAMIN_D])


def test_a_cloze_hides_a_whole_range_never_half_of_it(generated: dict[Path, Generated]) -> None:
    answers = {
        card.answer
        for result in generated.values()
        for card in result.cards
        if card.kind is CardKind.CLOZE
    }
    assert {"5–10 mg", "10–20 mg", "6–8 weeks"} <= answers
    for result in generated.values():
        for card in result.cards:
            if card.kind is CardKind.CLOZE:
                assert not re.search(r"\d–\*\*|\*\*–\d", card.back), card.back


def test_an_aside_between_two_infinity_signs_gets_two_em_dashes(
    generated: dict[Path, Generated],
) -> None:
    thyroid = " ".join(t for card in generated[THYROID].cards for t in card_texts(card))
    assert "this dual effect — activation in some tissues and inactivation in others — lets" in (
        thyroid
    )
    sleep = " ".join(p.text for p in generated[SLEEP].article.paragraphs)
    assert "this dual effect — mobilizing fuel and sharpening attention — prepares" in sleep
    thyroid_body = " ".join(p.text for p in generated[THYROID].article.paragraphs)
    assert "free T4 — 0.8–1.8 ng/dL — varies" in thyroid_body


# -- tables and lists ----------------------------------------------------------


def tables_by_caption(result: Generated) -> dict[str, Table]:
    return {table.caption: table for table in result.article.tables}


def test_tables_are_read_cell_by_cell(generated: dict[Path, Generated]) -> None:
    thyroid = tables_by_caption(generated[THYROID])
    assert set(thyroid) == {
        "The main thyroid disorders",
        "Thyroid Laboratory Markers and What They Show",
    }
    disorders = thyroid["The main thyroid disorders"]
    assert disorders.columns == ("Disorder", "Typical Cause", "TSH Level", "Key Symptom")
    assert disorders.rows[2] == (
        "Subclinical Hypothyroidism",
        "Early autoimmune damage",
        "Mildly high",
        "N/A",
    )
    markers = thyroid["Thyroid Laboratory Markers and What They Show"]
    assert [row[0] for row in markers.rows] == [
        "TSH",
        "Free T4",
        "Free T3",
        "Thyroid Peroxidase Antibodies",  # found through row_names
    ]
    assert markers.rows[1] == (
        "Free T4",
        "Unbound thyroxine available to tissues.",
        "Confirms an abnormal TSH result",
    )
    assert markers.rows[3][1] == "Markers of autoimmune attack on the gland."
    sources = tables_by_caption(generated[VITAMIN_D])["Common sources of vitamin D"]
    assert sources.rows[1] == ("Oily Fish", "Vitamin D3", "10–20 µg per serving", "N/A")
    assert generated[SLEEP].article.tables == []


def test_the_table_introduction_is_a_caption_not_a_card(generated: dict[Path, Generated]) -> None:
    for result in generated.values():
        for card in result.cards:
            for text in card_texts(card):
                assert "The following table" not in text
    fronts = [c.front for c in generated[THYROID].cards]
    assert any(f.endswith("*From the table: The main thyroid disorders*") for f in fronts)


def test_every_table_row_yields_cards(generated: dict[Path, Generated]) -> None:
    rows = 0
    for result in generated.values():
        for table in result.article.tables:
            for row in table.rows:
                rows += 1
                quote = " | ".join(row)
                from_row = [c for c in result.cards if c.source and c.source.quote == quote]
                assert from_row, f"no card from the row {row[0]!r}"
                asked = [c for c in from_row if f"**{row[0]}**" in c.front]
                assert asked, f"no card asks about {row[0]!r}"
    assert rows == 15


def test_empty_cells_make_no_card(generated: dict[Path, Generated]) -> None:
    for result in generated.values():
        for card in result.cards:
            assert card.back.strip() not in ("N/A", "", "Varies with season")
            assert "N/A" not in card.back
    fronts = [c.front for c in generated[THYROID].cards]
    assert not any(f.startswith("**Subclinical Hypothyroidism**: key symptom?") for f in fronts)
    assert any(f.startswith("**Subclinical Hypothyroidism**: TSH level?") for f in fronts)


def quoted(item: DefinitionItem, card: Card) -> bool:
    """Whether the card's prompt quotes the item's definition: as written,
    or, among choices, with the answer's own words hidden."""
    shown = mask_words(item.definition, item.term, list(card.choices))
    return item.definition[:30] in card.front or shown[:30] in card.front


def siblings(item: DefinitionItem, items: list[DefinitionItem]) -> list[DefinitionItem]:
    """The other items of the item's list."""
    return [d for d in items if d.list_index == item.list_index and d.term != item.term]


def test_every_definition_bullet_yields_cards(generated: dict[Path, Generated]) -> None:
    expected = {
        THYROID: 7,  # four signs and three deiodinases
        SLEEP: 9,  # three stages, three habits and the three below 'Sleep Hygiene'
        VITAMIN_D: 3,
        GROWTH: 8,  # four factors, a treatment with two below it, and one more
    }
    for path, result in generated.items():
        items = result.article.definitions
        assert len(items) == expected[path]
        section_cards = [c for name in SECTION_DECKS for c in result.decks[name].cards]
        glossary_fronts = [c.front for c in result.decks["glossary"].cards]
        for item in items:
            named = [
                c for c in section_cards if item.term in (c.answer, c.back) and quoted(item, c)
            ]
            dosed = [c for c in section_cards if c.front.startswith(f"**{item.term}**")]
            glossed = any(f"**{item.term}**" in front for front in glossary_fronts)
            if introduces_group(item, result.article):
                # A gloss over a list ("Restores the missing hormone in
                # deficiency.") is asked through the items it heads.
                heads = f"(in *{item.term}*)"
                assert any(heads in c.front for c in section_cards), item.term
                continue
            # A description that gives its label away (its subject names it,
            # "Vigorous exercise raises ...", or the label only qualifies
            # the term it is nested under), or an everyday label ("Fatigue")
            # that its description only spells out, is not asked for; the
            # rest are asked.
            gives_away = gives_itself_away(
                item, siblings(item, items), result.article
            ) or names_nothing_to_learn(item, result.article)
            assert bool(named) is not gives_away, item.term
            # A dose is asked once, as a cloze with the term in view, and not
            # again from the term. What an everyday label's bullet says is
            # asked in its section's deck, and not in the glossary.
            in_section = [
                c
                for c in section_cards
                if c.kind is CardKind.BASIC
                and f"**{item.term}**" in c.front
                and item.definition[:30] in (c.back or "")
            ]
            everyday = asked_in_its_section(item, result.article) and not gives_a_fact(item)
            assert bool(dosed) is gives_a_fact(item), item.term
            assert bool(in_section) is everyday, item.term
            assert glossed is not (gives_a_fact(item) or everyday), item.term
            assert named or dosed or glossed or in_section, f"no card names {item.term!r}"


def test_nested_bullets_are_lists_of_their_own(generated: dict[Path, Generated]) -> None:
    items = {d.term: d for d in generated[SLEEP].article.definitions}
    children = ["Light Exposure", "Caffeine Timing", "Regular Schedule"]
    assert [items[c].parent for c in children] == ["Sleep Hygiene"] * 3
    assert items["Stress Management"].parent is None
    assert items["Evening Routine"].list_index == items["Sleep Hygiene"].list_index
    assert len({items[c].list_index for c in children}) == 1
    assert items["Light Exposure"].list_index != items["Sleep Hygiene"].list_index
    intermediate = generated[SLEEP].decks["intermediate"].cards
    # The habits' labels are everyday words: none is asked for by name.
    # Regular Schedule, one of Sleep Hygiene's habits, is asked from its
    # label in the section's deck, with the habit it belongs to in view.
    assert not [c for c in intermediate if c.kind is CardKind.CHOICE]
    fronts = [c.front for c in intermediate]
    assert "How does the article describe **Regular Schedule** (in *Sleep Hygiene*)?" in fronts
    assert any(
        f.startswith("What is **Sleep Hygiene**") and f.endswith("list under it?") for f in fronts
    )


def list_of(item: DefinitionItem, article: Article) -> set[str]:
    return {d.term for d in article.definitions if d.list_index == item.list_index}


def test_choice_distractors_are_siblings(generated: dict[Path, Generated]) -> None:
    choices = 0
    for result in generated.values():
        rows = {" | ".join(row): table for table in result.article.tables for row in table.rows}
        items = {f"{d.term} — {d.definition}": d for d in result.article.definitions}
        for card in result.cards:
            if card.kind is not CardKind.CHOICE:
                continue
            choices += 1
            assert card.answer is not None and card.choices.count(card.answer) == 1
            assert len(set(card.choices)) == len(card.choices) >= 3
            assert card.source is not None and card.source.quote is not None
            quote = card.source.quote
            if quote in rows:  # a table choice: the other rows' first cells
                assert set(card.choices) <= {row[0] for row in rows[quote].rows}, card.id
            else:  # a list choice: the other terms of the same list
                item = items[quote]
                assert card.answer == item.term
                assert set(card.choices) <= list_of(item, result.article), card.id
                # A group whose gloss restates its label is asked from the
                # members nested under it, not from the gloss.
                members = nested_terms(item, result.article)
                assert quoted(item, card) or (
                    members != [] and all(f"*{term}*" in card.front for term in members)
                ), card.id
                assert item.term not in card.front  # the prompt does not give it away
    # Enough choice cards for the checks above to mean something (11 since
    # cards whose description or cell gives the answer away, and cards that
    # ask an everyday word from its meaning, are not made).
    assert choices >= 10


# -- headings and pull quotes --------------------------------------------------


def test_question_headings_are_asked(generated: dict[Path, Generated]) -> None:
    questions = {
        THYROID: "How Does the Body Control Thyroid Hormone Levels?",
        VITAMIN_D: "What Happens When Vitamin D Is Low?",
    }
    # No sentence under "Why Does Cortisol Rise Before Waking?" says why (one
    # gives the daily amounts, asked by a cloze): no card rather than a wrong answer.
    why = "Why Does Cortisol Rise Before Waking?"
    assert not [c for c in generated[SLEEP].cards if c.front == why]
    for path, question in questions.items():
        cards = [c for c in generated[path].cards if c.front == question]
        assert len(cards) == 1, question
        back = cards[0].back
        body = " ".join(p.text for p in generated[path].article.paragraphs)
        assert back in body and back.endswith(".")


def test_pull_quotes_become_clozes_on_their_key_terms(generated: dict[Path, Generated]) -> None:
    hidden: dict[str, set[str]] = {}  # quote -> the answers of its cloze cards
    for result in generated.values():
        for card in result.cards:
            if card.kind is CardKind.CLOZE and card.source and card.source.quote:
                hidden.setdefault(card.source.quote, set()).add(card.answer or "")
    # A quote whose key terms are all names other cards ask (the glossary's
    # levothyroxine, the table's hypothyroidism row) is a recap: no cloze.
    assert (
        "Treatment with levothyroxine restores normal thyroid hormone levels in most people "
        "with hypothyroidism."
    ) not in hidden
    # Nor one whose single gap lists such names ("osteoblasts and osteoclasts",
    # each asked by its own card in the bone-cells list): hiding the pair
    # together asks nothing those cards do not.
    assert (
        "Vitamin D supports the skeleton by coordinating calcium absorption with the work of "
        "osteoblasts and osteoclasts."
    ) not in hidden


def test_an_appositive_cloze_hides_the_term_not_the_clause(
    generated: dict[Path, Generated],
) -> None:
    """'severe vitamin D deficiency causes rickets, a condition ...' defines rickets."""
    fundamentals = generated[VITAMIN_D].decks["fundamentals"]
    answers = {c.answer for c in fundamentals.cards if c.kind is CardKind.CLOZE}
    # The sentence is now part of the answer to "What Happens When Vitamin D
    # Is Low?", so no cloze is made on it in the deck: the rule is checked on
    # the sentence itself.
    sentence = (
        "In children, severe vitamin D deficiency causes rickets, a condition of soft and "
        "bowed bones."
    )
    assert [sentence[start:end] for start, end in defined_term_spans(sentence)] == ["rickets"]
    assert not any(a and "causes" in a for a in answers)


# -- the glossary --------------------------------------------------------------


def test_every_real_glossary_term_is_defined_recalled_or_dropped_as_the_article_allows(
    generated: dict[Path, Generated],
) -> None:
    for path, terms in ((THYROID, THYROID_TERMS), (VITAMIN_D, VITAMIN_D_TERMS)):
        result = generated[path]
        decisions = {d.term: d for d in result.result.decks.glossary}
        text = article_text(path)
        glossary = result.decks["glossary"]
        for term, action in terms.items():
            assert decisions[term].action == action, decisions[term]
            cards = [
                c
                for c in glossary.cards
                if c.kind is CardKind.BASIC and f"**{term.casefold()}**" in c.front.casefold()
            ]
            clozes = [
                c
                for c in glossary.cards
                if c.kind is CardKind.CLOZE and (c.answer or "").casefold() == term.casefold()
            ]
            assert len(cards) == (action == "definition"), term
            assert len(clozes) == (action == "cloze"), term
            for piece in [p for c in cards for p in pieces_of_answer(c.back)]:
                assert piece.casefold() in text, f"{term!r}: {piece!r} is not the article's"


def test_glossary_fragments_are_clozed_or_dropped(generated: dict[Path, Generated]) -> None:
    decisions = {d.term: d for d in generated[THYROID].result.decks.glossary}
    glossary = generated[THYROID].decks["glossary"]
    for fragment, action in THYROID_FRAGMENTS.items():
        assert decisions[fragment].action == action
        assert "fragment" in decisions[fragment].reason
        clozes = [c for c in glossary.cards if c.kind is CardKind.CLOZE and c.answer == fragment]
        assert len(clozes) == (1 if action == "cloze" else 0), fragment
    everything = " ".join(t for c in generated[THYROID].cards for t in card_texts(c))
    assert "step toward reclaiming" not in everything
    skipped = {d.term: d for d in generated[VITAMIN_D].result.decks.glossary}["sunshine vitamin"]
    assert (skipped.action, skipped.reason) == (
        "dropped",
        "listed in skip_terms of the metadata file",
    )
    fronts = " ".join(c.front for c in generated[VITAMIN_D].decks["glossary"].cards)
    assert "sunshine vitamin" not in fronts


def test_an_article_without_a_glossary_gets_one_of_its_key_terms(
    generated: dict[Path, Generated],
) -> None:
    result = generated[SLEEP]
    assert result.article.glossary == [] and result.result.decks.glossary == []
    fronts = " ".join(c.front for c in result.decks["glossary"].cards)
    section_fronts = " ".join(
        c.front for name in SECTION_DECKS if name in result.decks for c in result.decks[name].cards
    )
    for item in result.article.definitions:
        # An everyday label's bullet is asked in its section's deck.
        where = section_fronts if asked_in_its_section(item, result.article) else fronts
        assert f"**{item.term}**" in where, item.term
    # Its abbreviations are asked once, where the article spells them out:
    # a section cloze hides each long form, so the glossary does not ask again.
    # The cloze hides the long form with its letters, which would spell it.
    answers = {
        (c.answer or "").casefold()
        for deck in result.decks.values()
        for c in deck.cards
        if c.kind is CardKind.CLOZE
    }
    for long_form, abbreviation in (
        ("cortisol awakening response", "CAR"),
        ("corticotropin-releasing hormone", "CRH"),
        ("adrenocorticotropic hormone", "ACTH"),
    ):
        asked = f"the abbreviation **{abbreviation}** stand for?" in fronts
        hidden = f"{long_form} ({abbreviation})".casefold() in answers
        assert asked != hidden, (long_form, asked, hidden)


# -- metadata ------------------------------------------------------------------


def test_an_article_without_metadata_gets_an_inferred_title_and_slug(
    generated: dict[Path, Generated],
) -> None:
    assert not metadata_path(SLEEP).exists()
    result = generated[SLEEP]
    assert result.article.title == "Sleep, Cortisol and the Daily Rhythm"
    assert result.article.slug == "sleep-cortisol-and-the-daily-rhythm"
    for name, deck in result.decks.items():
        assert deck.id == f"sleep-cortisol-and-the-daily-rhythm/{name}"
        assert deck.title == f"Sleep, Cortisol and the Daily Rhythm: {name.capitalize()}"
        assert deck.source is not None and deck.source.title == result.article.title
    assert [d.order for d in (result.decks[n] for n in (*SECTION_DECKS, "glossary"))] == [
        1,
        2,
        3,
        4,
    ]


def test_metadata_reaches_the_decks(generated: dict[Path, Generated]) -> None:
    deck = generated[VITAMIN_D].decks["fundamentals"]
    assert deck.source is not None
    assert deck.source.title == "Vitamin D and Bone Health"
    assert deck.source.url == "https://example.org/articles/vitamin-d-and-bone"
    thyroid = generated[THYROID].decks["academic"]
    assert thyroid.source is not None and thyroid.source.author == "Test Data"


# -- the command line ----------------------------------------------------------


def test_the_command_line_writes_the_same_decks_and_reports(
    generated: dict[Path, Generated], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, report, err = run_cli(tmp_path, capsys, "--report")
    assert (code, err) == (0, "")
    for path, result in generated.items():
        for file in result.result.files:
            written = tmp_path / SLUGS[path] / file.name
            assert written.read_bytes() == file.read_bytes()
        assert f"{path.name}: {result.article.title} -> {SLUGS[path]}/" in report
        for name, deck in result.decks.items():
            assert f"  {SLUGS[path]}/{name}: {len(deck.cards)} cards (" in report


def test_the_report_names_every_skipped_line_and_glossary_decision(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, report, _ = run_cli(tmp_path, capsys, "--report")
    assert code == 0
    for path in ARTICLES:
        captions = caption_lines(path)
        assert len(captions) >= 2 and len(captions) % 2 == 0  # they come in pairs
        for number, text in captions:
            assert f"    line {number}: image caption: {text[:60]}" in report
    lines = raw_lines(SLEEP)
    for number in UNHINTED_TABLE_LINES:
        assert (
            f"    line {number}: table whose column separators were lost and that has no "
            f"column hint in the metadata file: {lines[number - 1].strip()[:60]}"
        ) in report
    assert "    line 1: navigation: Skip to main content" in report
    assert "line 3: the article's title: Sleep, Cortisol and the Daily Rhythm" in report
    assert "glossary: none in the article; the terms its lists and prose define" in report
    assert "  glossary: 9 entries, 4 defined" in report
    assert (
        "    dropped: 'step toward reclaiming your': a sentence fragment (ends with 'your', "
        "so it was cut mid-phrase)"
    ) in report
    assert (
        "    dropped: 'cells become less responsive': a sentence fragment ('become less …' "
        "is a predicate, so it is part of a sentence), and no sentence holds it as a whole part"
    ) in report
    assert "    dropped: 'improve tissue sensitivity': a sentence fragment (contains the verb" in (
        report
    )
    assert "    dropped: 'sunshine vitamin': listed in skip_terms of the metadata file" in report
    for path in ARTICLES:
        for line in section_lines(path, "References"):
            assert f"reference entry: {line[:60]}" in report
        assert "Reflection (addressed to the reader): " in report


def test_two_runs_give_byte_identical_files(tmp_path: Path) -> None:
    generate(ARTICLES, tmp_path / "one")
    generate(ARTICLES, tmp_path / "two")

    def files(folder: Path) -> dict[Path, bytes]:
        return {
            p.relative_to(folder): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()
        }

    first = files(tmp_path / "one")
    assert first == files(tmp_path / "two")
    assert len([p for p in first if p.suffix == ".yaml"]) == 16
    generate(ARTICLES, tmp_path / "one")  # again into the same folder
    assert files(tmp_path / "one") == first


def test_check_passes_after_generating_and_fails_after_an_edit(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run_cli(tmp_path, capsys)[0] == 0
    assert run_cli(tmp_path, capsys, "--check") == (0, "", "")
    edited = tmp_path / "thyroid-function" / "academic.yaml"
    edited.write_text(edited.read_text(encoding="utf-8").replace("TSH", "TSh", 1), "utf-8")
    code, out, err = run_cli(tmp_path, capsys, "--check")
    assert code == 1
    assert out == f"{edited}: differs from a fresh run\n"
    assert "out of date" in err
    (tmp_path / "vitamin-d-bone" / "glossary.yaml").unlink()
    shutil.copy(edited, tmp_path / "vitamin-d-bone" / "extra.yaml")
    code, out, _ = run_cli(tmp_path, capsys, "--check")
    assert code == 1
    assert f"{tmp_path / 'vitamin-d-bone' / 'extra.yaml'}: not generated any more" in out
    assert f"{tmp_path / 'vitamin-d-bone' / 'glossary.yaml'}: missing" in out
    assert run_cli(tmp_path, capsys)[0] == 0  # generating repairs all three
    assert run_cli(tmp_path, capsys, "--check")[0] == 0
    assert not (tmp_path / "vitamin-d-bone" / "extra.yaml").exists()


def test_the_growth_hormone_article_is_read_as_a_learner_would_want(
    generated: dict[Path, Generated],
) -> None:
    result = generated[GROWTH]
    clozes = {c.answer: c.front for c in result.cards if c.kind is CardKind.CLOZE}
    # The inverted sentence's subject is IGF-1, a word of the title, so no
    # cloze hides it; never a run across its verb ("cascade sits IGF-1").
    assert not [answer for answer in clozes if answer and "sits" in answer.split()]
    # A possessive name is hidden whole; a spelled-out name is not cut at its enzyme.
    assert "Laron's syndrome" in clozes
    assert "Janus kinase 2 (JAK2)" in clozes and "kinase" not in clozes
    # Doses, frequencies and spelled-out units, in bullets and sentences.
    assert clozes["once daily"].startswith("**Somatropin** (in *Growth Hormone Replacement*) — ")
    assert "every 3 months" in clozes and "two or three days" in clozes
    assert {"30 minutes to 2 hours", "75 percent", "20 minutes"} <= set(clozes)
    # The list's lead-in and the sentence whose 'it' has no referent are no card.
    texts = " ".join(t for c in result.cards for t in (c.front, c.back))
    in_the_list = " (in the list *Several factors change how much growth hormone the pituitary"
    assert "Several factors change" not in texts.replace(in_the_list, "")
    assert "In the liver, it is produced" not in texts
    # A masked term leaves other words whole ("asleep" keeps its "sleep").
    assert "falling asleep." in texts and "a[…]" not in texts
    decisions = {d.term: d for d in result.result.decks.glossary}
    assert "verb with its object" in decisions["sets the pace of growth hormone"].reason
    # Its one sentence goes on with "release": a cloze of it would cut that phrase.
    assert decisions["sets the pace of growth hormone"].action is GlossaryAction.DROPPED
    assert "is a predicate" in decisions["tissues grow less sensitive"].reason
