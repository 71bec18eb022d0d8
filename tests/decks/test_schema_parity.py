"""The shipped JSON Schema and `endoquiz validate` agree on every deck, or the doc says why not.

Each case, a deck file of tests/data or a variant of one valid deck with one
thing changed, is judged twice: by the shipped schema, with a real JSON
Schema validator (jsonschema), over the data an editor reads from the file
(`editor_yaml`: YAML 1.2, as the YAML language server reads it, not PyYAML's
YAML 1.1), and by `check_deck`, as `endoquiz validate` judges it. The two
verdicts (valid or invalid) must agree, except for the cases of `KNOWN`,
each with the reason the schema cannot tell, and each reason must be in
docs/deck-format.md's list of what only `endoquiz validate` checks. A known
case that starts to agree fails too, so that the list stays true.
"""

from __future__ import annotations

import json
from functools import cache
from importlib.resources import files
from pathlib import Path
from typing import Any

import pytest
import yaml
from jsonschema import Draft202012Validator  # type: ignore[import-untyped, unused-ignore]

from endoquiz import check_deck

from .editor_yaml import editor_load

DATA = Path(__file__).parents[1] / "data"
DOC = Path(__file__).resolve().parents[2] / "docs" / "deck-format.md"
DOC_LIST_HEADING = "What the schema does **not** check"


@cache
def _validator() -> Draft202012Validator:
    resource = files("endoquiz") / "schema" / "deck-v1.schema.json"
    return Draft202012Validator(json.loads(resource.read_text(encoding="utf-8")))


def schema_accepts(text: str) -> bool:
    """Whether an editor with the shipped schema finds nothing wrong with a deck's text."""
    try:
        data = editor_load(text)
    except yaml.YAMLError:
        return False
    if data is None and text.strip():
        return True  # a file of comments only: the language server checks nothing
    return bool(_validator().is_valid(data))


def endoquiz_accepts(path: Path) -> bool:
    """Whether `endoquiz validate` finds the deck file valid (warnings allowed)."""
    return check_deck(path).deck is not None


# -- the variants: one valid deck, one change each ------------------------

# Values written as raw YAML, so that the test controls how each is spelt.
HEAD = {
    "endoquiz": "1",
    "id": "test/deck",
    "title": "Test deck",
    "description": "What the deck covers.",
    "tags": "[hormones, glucose]",
    "source": "{title: A book, author: A. Writer, url: 'https://example.org', published: '2024'}",
    "disclaimer": "Not medical advice.",
    "order": "2",
    "distractors": "[Glucagon, Thyroid]",
}
CARDS = {
    "basic": {
        "id": "b",
        "front": "Which hormone lowers glucose?",
        "back": "Insulin",
        "renamed_from": "[old-b]",
        "distractors": "[Glucagon, Cortisol]",
    },
    "reverse": {
        "id": "r",
        "kind": "reverse",
        "front": "HbA1c",
        "back": "Glycated haemoglobin",
        "renamed_from": "[old-r]",
        "distractors": "[Fasting glucose]",
    },
    "cloze": {
        "id": "c",
        "kind": "cloze",
        "text": "'{{c1::Insulin}} lowers glucose.'",
        "extra": "More.",
        "renamed_from": "[old-c]",
        "distractors": "[Glucagon]",
    },
    "choice": {
        "id": "q",
        "kind": "choice",
        "question": "Which gland secretes cortisol?",
        "choices": "[Adrenal cortex, Thyroid]",
        "answer": "Adrenal cortex",
        "explanation": "Under ACTH.",
        "renamed_from": "[old-q]",
    },
    "typed": {
        "id": "t",
        "kind": "typed",
        "front": "Which hormone has four iodine atoms?",
        "answer": "Thyroxine",
        "accept": "[T4]",
        "explanation": "T3 has three.",
        "renamed_from": "[old-t]",
        "distractors": "[Triiodothyronine]",
    },
}
CARD_EXTRAS = {
    "tags": "[endocrine]",
    "source": "{article: Pancreas, section: Islets, quote: Insulin lowers glucose.}",
    "image": "pic.png",
}
# A value of each shape a teacher may write by mistake, by name.
VALUE_FORMS = {
    "blank": "''",
    "empty": "",
    "null": "~",
    "list": "[a, b]",
    "mapping": "{a: b}",
    "number": "42",
    "yes": "yes",
    "padded": "' padded '",
    "float": "1.5",
    "control": '"a\\eb"',
}
NUMBER_FORMS = "1 +1 01 1.0 1. 1e0 0x1 0o1 1_0 .inf -1 '1' true".split()
ID_FORMS = [
    "true",
    "True",
    "1.5",
    ".5",
    "-1",
    "1e5",
    "0x1f",
    "0x1F",
    "007",
    "'007'",
    "a b",
    "' a'",
    "a:b",
]
TAG_FORMS = ["[a, a]", "[]", "[a b]", "['a,b']", "a", "[' a']", "[1, true]", "[~]", "['a\u202eb']"]
KIND_FORMS = ["basic", "Basic", "'basic '", "flash", "~", "[basic]"]


def render(head: dict[str, str], cards: list[dict[str, str]]) -> str:
    """A deck's YAML: the head's keys, then each card as a block mapping."""
    lines = [f"{key}: {value}".rstrip() for key, value in head.items()]
    lines.append("cards:")
    for card in cards:
        for index, (key, value) in enumerate(card.items()):
            lines.append(f"{'  - ' if index == 0 else '    '}{key}: {value}".rstrip())
    return "\n".join(lines) + "\n"


def base_cards() -> dict[str, dict[str, str]]:
    """Each kind's card with every key it may have."""
    return {kind: {**card, **CARD_EXTRAS} for kind, card in CARDS.items()}


def with_card(kind: str, card: dict[str, str]) -> str:
    """The full deck with one kind's card replaced."""
    cards = base_cards()
    cards[kind] = card
    return render(HEAD, list(cards.values()))


def with_head(head: dict[str, str]) -> str:
    return render(head, list(base_cards().values()))


def _head_variants() -> dict[str, str]:
    variants: dict[str, str] = {"valid": with_head(HEAD)}
    for key in HEAD:
        variants[f"deck without {key}"] = with_head({k: v for k, v in HEAD.items() if k != key})
        for form, value in VALUE_FORMS.items():
            variants[f"deck {key}: {form}"] = with_head({**HEAD, key: value})
    variants["deck without cards"] = render(HEAD, [])
    variants["deck cards: []"] = with_head(HEAD).replace("cards:\n", "cards: []\n#")
    variants["deck with an unknown key"] = with_head({**HEAD, "author": "Someone"})
    for key in ("endoquiz", "order"):
        for number in NUMBER_FORMS:
            variants[f"deck {key}: {number}"] = with_head({**HEAD, key: number})
    for spelling in [*ID_FORMS, "a//b", "a/b/", "a" * 121]:
        variants[f"deck id: {spelling[:20]}"] = with_head({**HEAD, "id": spelling})
    for tags in TAG_FORMS:
        variants[f"deck tags: {tags}"] = with_head({**HEAD, "tags": tags})
    source = "{author: Someone}"
    variants["deck source without title"] = with_head({**HEAD, "source": source})
    variants["deck source with an unknown key"] = with_head(
        {**HEAD, "source": "{title: A, isbn: 1}"}
    )
    variants["deck source as text"] = with_head({**HEAD, "source": "A book"})
    return variants


def _card_variants() -> dict[str, str]:
    variants: dict[str, str] = {}
    every_key = {key for card in base_cards().values() for key in card}
    for kind, card in base_cards().items():
        for key in card:
            if key == "kind" or (key == "image" and kind != "basic"):
                continue  # images: the basic card's variants stand for every kind's
            others = {k: v for k, v in card.items() if k != key}
            variants[f"{kind} card without {key}"] = with_card(kind, others)
            for form, value in VALUE_FORMS.items():
                variants[f"{kind} card {key}: {form}"] = with_card(kind, {**card, key: value})
        for key in sorted(every_key - card.keys()):
            value = base_cards()[next(k for k, c in CARDS.items() if key in c)][key]
            variants[f"{kind} card with {key}"] = with_card(kind, {**card, key: value})
        variants[f"{kind} card with an unknown key"] = with_card(kind, {**card, "hint": "Think."})
    basic = base_cards()["basic"]
    for spelling in [*ID_FORMS, "a/b", "a" * 121]:
        variants[f"basic card id: {spelling[:20]}"] = with_card("basic", {**basic, "id": spelling})
    for kind_form in KIND_FORMS:
        variants[f"basic card kind: {kind_form}"] = with_card("basic", {**basic, "kind": kind_form})
    for tags in TAG_FORMS:
        variants[f"basic card tags: {tags}"] = with_card("basic", {**basic, "tags": tags})
    for image in ["missing.png", "https://example.org/a.png", "/tmp/a.png", "../a.png", "."]:
        variants[f"basic card image: {image}"] = with_card("basic", {**basic, "image": image})
    variants["basic card source: {page: 1}"] = with_card("basic", {**basic, "source": "{page: 1}"})
    variants["basic card back: 20,001 characters"] = with_card(
        "basic", {**basic, "back": "x" * 20_001}
    )
    variants["basic card back: a number of 25,000 digits"] = with_card(
        "basic", {**basic, "back": "1" * 25_000}
    )
    variants["basic card without kind but with choice keys"] = with_card(
        "basic", {k: v for k, v in base_cards()["choice"].items() if k != "kind"}
    )
    choice = base_cards()["choice"]
    for name, change in {
        "answer not among choices": {"answer": "Pituitary"},
        "answer in another case": {"answer": "adrenal cortex"},
        "choices repeated": {"choices": "[Thyroid, Thyroid]"},
        "choices repeated in another case": {"choices": "[Adrenal cortex, adrenal cortex]"},
        "one choice": {"choices": "[Adrenal cortex]"},
    }.items():
        variants[f"choice card {name}"] = with_card("choice", {**choice, **change})
    cloze = base_cards()["cloze"]
    for text in [
        "No deletion.",
        "'{{c1:x}}'",
        "'{{c0::x}}'",
        "'{{c1::}}'",
        "'{{c1::a} b'",
        "'{{C1::x}}'",
    ]:
        variants[f"cloze card text: {text}"] = with_card("cloze", {**cloze, "text": text})
    variants["typed card accept: []"] = with_card(
        "typed", {**base_cards()["typed"], "accept": "[]"}
    )
    variants["two cards with one id"] = with_card("reverse", {**base_cards()["reverse"], "id": "b"})
    variants["basic card distractors: the answer"] = with_card(
        "basic", {**base_cards()["basic"], "distractors": "[Glucagon, insulin]"}
    )
    return variants


VARIANTS = {**_head_variants(), **_card_variants()}
FILES = {
    f"{folder}/{path.name}": path
    for folder in ("valid", "malformed", "hostile")
    for path in sorted((DATA / folder).glob("*.yaml"))
}

# -- the known disagreements, each once, with what only endoquiz checks -----

# The reasons, each a phrase of docs/deck-format.md's list.
UNIQUE_IDS = "that card ids are unique in the deck"
ANSWER_AMONG_CHOICES = "that a choice card's `answer` is one of its `choices`"
CHOICES_IGNORING_CASE = "that choices differ when case is ignored"
CLOZE_WELL_FORMED = "that cloze deletions are well formed"
IMAGE_EXISTS = "that an image file exists inside the deck's folder"
PLAIN_DIGITS = "`endoquiz` and `order` are written in plain decimal digits"
ID_SPELLING = "that an id written as a number or a boolean is spelt as an id"
MERGE_KEYS = "merge keys"
KNOWN_TAGS = "`!include` and `!!binary`"
UTF8 = "that the file is UTF-8"
COMMENTS_ONLY = "a file of nothing but comments"
NUMBER_LENGTH = "that a text written as a number holds at most 20,000 characters"
RENAMED_FROM = "that a card's `renamed_from` names no id of an entry in the file"
DISTRACTORS = "that a card's `distractors` are not its answer"

KNOWN: dict[str, str] = {
    # `[a, b]`: `b` is the basic card's id, its own or another entry's.
    **{f"{kind} card renamed_from: list": RENAMED_FROM for kind in CARDS},
    "basic card distractors: the answer": DISTRACTORS,
    "two cards with one id": UNIQUE_IDS,
    "malformed/duplicate_card_id.yaml": UNIQUE_IDS,
    # The answer, changed or in another case, is no longer among the choices.
    "choice card answer not among choices": ANSWER_AMONG_CHOICES,
    "choice card answer in another case": ANSWER_AMONG_CHOICES,
    "choice card answer: float": ANSWER_AMONG_CHOICES,
    "choice card answer: number": ANSWER_AMONG_CHOICES,
    "choice card answer: padded": ANSWER_AMONG_CHOICES,
    "choice card answer: yes": ANSWER_AMONG_CHOICES,
    "choice card choices: list": ANSWER_AMONG_CHOICES,
    "malformed/choice_answer_not_among_choices.yaml": ANSWER_AMONG_CHOICES,
    "malformed/choice_answer_wrong_case.yaml": ANSWER_AMONG_CHOICES,
    "choice card choices repeated in another case": CHOICES_IGNORING_CASE,
    "malformed/choice_repeated.yaml": CHOICES_IGNORING_CASE,
    "cloze card text: '{{c0::x}}'": CLOZE_WELL_FORMED,
    "cloze card text: '{{c1::a} b'": CLOZE_WELL_FORMED,
    "cloze card text: '{{c1::}}'": CLOZE_WELL_FORMED,
    "malformed/cloze_empty_deletion.yaml": CLOZE_WELL_FORMED,
    "malformed/cloze_huge_number.yaml": CLOZE_WELL_FORMED,
    "malformed/cloze_numbered_c0.yaml": CLOZE_WELL_FORMED,
    "malformed/cloze_unbalanced_braces.yaml": CLOZE_WELL_FORMED,
    # `padded` and `yes` name files that do not exist: the path is trimmed.
    "basic card image: .": IMAGE_EXISTS,
    "basic card image: ../a.png": IMAGE_EXISTS,
    "basic card image: missing.png": IMAGE_EXISTS,
    "basic card image: padded": IMAGE_EXISTS,
    "basic card image: yes": IMAGE_EXISTS,
    "malformed/image_is_a_folder.yaml": IMAGE_EXISTS,
    "malformed/image_missing.yaml": IMAGE_EXISTS,
    "malformed/image_name_too_long.yaml": IMAGE_EXISTS,
    "malformed/image_outside_folder.yaml": IMAGE_EXISTS,
    # YAML 1.2 reads these as the number 1: the schema sees 1, endoquiz the
    # spelling, which it refuses rather than guess.
    "deck endoquiz: 01": PLAIN_DIGITS,
    "deck endoquiz: 0o1": PLAIN_DIGITS,
    "deck endoquiz: 0x1": PLAIN_DIGITS,
    "deck endoquiz: 1.": PLAIN_DIGITS,
    "deck endoquiz: 1.0": PLAIN_DIGITS,
    "deck endoquiz: 1e0": PLAIN_DIGITS,
    "deck order: 01": PLAIN_DIGITS,
    "deck order: 0o1": PLAIN_DIGITS,
    "deck order: 0x1": PLAIN_DIGITS,
    "deck order: 1.": PLAIN_DIGITS,
    "deck order: 1.0": PLAIN_DIGITS,
    "deck order: 1e0": PLAIN_DIGITS,
    "malformed/endoquiz_float.yaml": PLAIN_DIGITS,
    "malformed/endoquiz_hex.yaml": PLAIN_DIGITS,
    "malformed/order_float.yaml": PLAIN_DIGITS,
    "malformed/order_hex.yaml": PLAIN_DIGITS,
    # The schema sees true, 0.5 and 31; endoquiz the text `True`, `.5`, `0x1F`,
    # which is not an id (uppercase, or not starting with a letter or digit).
    "basic card id: .5": ID_SPELLING,
    "basic card id: 0x1F": ID_SPELLING,
    "basic card id: True": ID_SPELLING,
    "deck id: .5": ID_SPELLING,
    "deck id: 0x1F": ID_SPELLING,
    "deck id: True": ID_SPELLING,
    "malformed/merge_key.yaml": MERGE_KEYS,
    "malformed/tag_binary.yaml": KNOWN_TAGS,
    "malformed/tag_include.yaml": KNOWN_TAGS,
    "malformed/not_utf8_latin1.yaml": UTF8,
    "malformed/comments_only.yaml": COMMENTS_ONLY,
    # The schema limits the length of strings only.
    "basic card back: a number of 25,000 digits": NUMBER_LENGTH,
}


def assert_verdicts(name: str, path: Path) -> None:
    """The case's two verdicts are one, or differ as `KNOWN` says."""
    # An editor shows a file that is not UTF-8 decoded somehow, and checks that.
    schema = schema_accepts(path.read_text(encoding="utf-8", errors="replace"))
    endoquiz = endoquiz_accepts(path)
    verdict = f"the schema {_verb(schema)} it, endoquiz {_verb(endoquiz)} it"
    if name in KNOWN:
        assert schema != endoquiz, f"listed as a disagreement ({KNOWN[name]}), yet {verdict}"
    else:
        assert schema == endoquiz, f"{verdict}:\n{path.read_text(errors='replace')[:2000]}"


def _verb(accepts: bool) -> str:
    return "accepts" if accepts else "refuses"


@pytest.mark.parametrize("name", sorted(VARIANTS))
def test_a_variant_gets_one_verdict_or_is_a_known_disagreement(tmp_path: Path, name: str) -> None:
    path = tmp_path / "deck.yaml"
    path.write_text(VARIANTS[name], encoding="utf-8")
    (tmp_path / "pic.png").write_bytes(b"not checked beyond existing")
    assert_verdicts(name, path)


@pytest.mark.parametrize("name", sorted(FILES))
def test_a_test_deck_gets_one_verdict_or_is_a_known_disagreement(name: str) -> None:
    assert_verdicts(name, FILES[name])


def test_every_known_disagreement_is_a_case() -> None:
    assert sorted(KNOWN.keys() - VARIANTS.keys() - FILES.keys()) == []


def test_every_reason_is_in_the_doc_list_of_what_only_endoquiz_checks() -> None:
    doc = DOC.read_text(encoding="utf-8")
    assert DOC_LIST_HEADING in doc
    after = doc.split(DOC_LIST_HEADING, 1)[1].split(":\n\n", 1)[1]
    # The list: its items and their indented lines, up to the first other line.
    lines = []
    for line in after.splitlines():
        if line and not line.startswith(("- ", "  ")):
            break
        lines.append(line.strip())
    listed = " ".join(lines)
    missing = sorted({reason for reason in KNOWN.values() if reason not in listed})
    assert missing == []


def test_the_variants_cover_every_key_of_every_kind() -> None:
    deck_keys = set(HEAD) | {"cards"}
    card_keys = {key for card in base_cards().values() for key in card}
    schema = _validator().schema
    assert deck_keys == set(schema["properties"])
    kinds: dict[str, Any] = {kind: schema["$defs"][f"{kind}Card"]["properties"] for kind in CARDS}
    assert card_keys == set().union(*kinds.values())
    for kind, card in base_cards().items():
        assert set(card) | {"kind"} == set(kinds[kind]) | {"kind"}
