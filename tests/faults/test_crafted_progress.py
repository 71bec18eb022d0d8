"""Progress files edited at random, value by value: each is refused whole
before anything is written, or merged and every command still works on it."""

from __future__ import annotations

import gzip
import json
import random
import shutil
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

from endoquiz import Library, Rating, StoreError
from tests.conftest import T0, basic_deck, study
from tests.faults.conftest import cases

# What an attacker or a damaged file puts in a field.
HOSTILE: list[Any] = [
    None, True, False, -1, 0, 99, 2**63, -(2**63), 10**20, 1e20, -1e20, 1e308, float("inf"),
    float("nan"), 0.5, "", "x", "0", "../../etc", "\u202e", "a" * 10_000, [], [1, 2], {},
    {"a": 1}, 253_402_300_799_000, 946_684_799_999,
]  # fmt: skip


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, Any]]:
    """A data folder with progress, and its exported file as a document."""
    folder = tmp_path_factory.mktemp("home")
    deck = folder / "deck.yaml"
    deck.write_text(basic_deck("p", [f"c{n}" for n in range(30)]), encoding="utf-8")
    with Library.open(folder / "data", fuzz=False) as library:
        library.add_deck(deck)
        study(library, "p", T0, [Rating.GOOD, Rating.AGAIN, Rating.EASY] * 4)
        library.update_settings(new_per_day=30)
        library.update_appearance(zoom=120)
        library.export_progress(folder / "me.endoquiz-progress")
    document = json.loads(gzip.decompress((folder / "me.endoquiz-progress").read_bytes()))
    return folder, document


def edit(document: dict[str, Any], chance: random.Random) -> str:
    """Put a hostile value in one place of the document; where."""
    value = chance.choice(HOSTILE)
    where = chance.choice(["cards", "review_log", "settings", "top"])
    rows = document.get(where)
    if where in ("cards", "review_log") and isinstance(rows, list) and rows:
        row = chance.choice(rows)
        if isinstance(row, list) and row:
            column = chance.randrange(len(row))
            row[column] = value
            return f"{where} column {column} = {value!r:.40}"
    settings = document.get("settings")
    if where == "settings" and isinstance(settings, dict):
        section = chance.choice(["study_settings", "appearance"])
        target = settings.setdefault(section, {})
        if isinstance(target, dict):
            key = chance.choice([*target.keys(), "unknown"])
            target[key] = value
            return f"settings.{section}.{key} = {value!r:.40}"
        settings[section] = value
        return f"settings.{section} = {value!r:.40}"
    key = chance.choice(["format", "version", "cards", "review_log", "settings", "card_columns"])
    document[key] = value
    return f"{key} = {value!r:.40}"


@pytest.mark.parametrize("case", cases(quick=8, full=80))
def test_a_crafted_progress_file_is_refused_whole_or_harmless(
    case: int, exported: tuple[Path, dict[str, Any]], tmp_path: Path
) -> None:
    folder, original = exported
    shutil.copytree(folder / "data", tmp_path / "data")
    document = json.loads(json.dumps(original))
    chance = random.Random(case)
    what = "; ".join(edit(document, chance) for _ in range(chance.randrange(1, 4)))
    path = tmp_path / "crafted.endoquiz-progress"
    path.write_bytes(gzip.compress(json.dumps(document).encode()))
    data = tmp_path / "data"
    with Library.open(data, fuzz=False) as library:
        before = (len(library.review_log()), library.settings, library.backups())
        try:
            library.import_progress(path)
            merged = True
        except StoreError:
            merged = False
            after = (len(library.review_log()), library.settings, library.backups())
            assert after == before, f"{what}: refused, but something was written"
        except Exception as error:  # the defect this series looks for
            pytest.fail(f"{what}: {type(error).__name__}: {error}")
    # Whatever was merged, every start and command works on it.
    later = T0 + timedelta(days=3)
    try:
        with Library.open(data, fuzz=False) as library:
            assert library.settings_problem is None, what
            library.decks()
            library.deck_counts(later)
            library.statistics(now=later)
            session = library.review("p", now=later)
            card = session.next_card(later)
            if card is not None:
                session.answer(card, Rating.GOOD, later)
            library.search_cards("is:due", later)
            library.backup(later)
    except Exception as error:
        outcome = "merged" if merged else "refused"
        pytest.fail(f"{what} ({outcome}): {type(error).__name__}: {error}")
