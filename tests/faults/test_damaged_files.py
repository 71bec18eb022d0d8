"""Damage to the database, its journal and its backups: the library opens,
recovered or refusing with a StoreError, and never with a traceback; a backup
that is damaged is never restored."""

from __future__ import annotations

import os
import random
import shutil
from datetime import timedelta
from pathlib import Path

import pytest

from endoquiz import DeckError, Library, Rating, StoreError
from endoquiz.progress_store import DB_FILENAME
from tests.conftest import T0, basic_deck, study
from tests.faults.conftest import cases

PAGE = 4096
ANSWERED = 40


@pytest.fixture(scope="module")
def sound(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A data folder with a deck, 40 answers and a backup of them, closed cleanly."""
    folder = tmp_path_factory.mktemp("sound")
    deck = folder / "deck.yaml"
    deck.write_text(basic_deck("f", [f"c{n:04}" for n in range(2000)]), encoding="utf-8")
    with Library.open(folder / "data", fuzz=False) as library:
        library.add_deck(deck)
        study(library, "f", T0, [Rating.GOOD] * ANSWERED)
        library.backup(T0)
    return folder


def damage(path: Path, chance: random.Random) -> str:
    """Damage one page of a file as a failing disk might; what was done."""
    data = bytearray(path.read_bytes())
    page = chance.randrange(max(1, len(data) // PAGE))
    start = page * PAGE
    kind = chance.choice(["bit", "zeros", "noise", "torn"])
    if kind == "bit":
        data[start + chance.randrange(min(PAGE, len(data) - start))] ^= 1 << chance.randrange(8)
    elif kind == "zeros":
        data[start : start + PAGE] = bytes(min(PAGE, len(data) - start))
    elif kind == "noise":
        data[start : start + PAGE] = chance.randbytes(min(PAGE, len(data) - start))
    else:
        del data[start:]
    times = path.stat()
    path.write_bytes(bytes(data))
    if chance.random() < 0.5:  # bit rot leaves the time as it was
        os.utime(path, ns=(times.st_atime_ns, times.st_mtime_ns))
    return f"{kind} at page {page}"


def use(data_dir: Path) -> str:
    """Open the library and study a little: what came of it."""
    later = T0 + timedelta(days=5)
    with Library.open(data_dir, fuzz=False, exclusive=True) as library:
        library.decks()
        library.deck_counts(later)
        session = library.review("f", now=later)
        card = session.next_card(later)
        if card is not None:
            session.answer(card, Rating.GOOD, later)
        answers = len(library.review_log("f"))
        return "recovered" if library.recovery is not None else f"opened, {answers} answers"


@pytest.mark.parametrize("case", cases(quick=6, full=60))
def test_a_damaged_database_opens_or_is_refused_never_a_traceback(
    case: int, sound: Path, tmp_path: Path
) -> None:
    shutil.copytree(sound / "data", tmp_path / "data")
    what = damage(tmp_path / "data" / DB_FILENAME, random.Random(case))
    try:
        outcome = use(tmp_path / "data")
    except (StoreError, DeckError):
        outcome = "refused"
    except Exception as error:  # the defect this series looks for
        pytest.fail(f"{what}: {type(error).__name__}: {error}")
    if outcome == "recovered":
        # From the backup: every answer it holds is back.
        with Library.open(tmp_path / "data") as library:
            assert len(library.review_log("f")) >= ANSWERED


@pytest.mark.parametrize("case", cases(quick=4, full=40))
def test_a_damaged_backup_is_never_restored(case: int, sound: Path, tmp_path: Path) -> None:
    shutil.copytree(sound / "data", tmp_path / "data")
    data = tmp_path / "data"
    [backup] = (data / "backups").iterdir()
    chance = random.Random(1000 + case)
    damage(backup, chance)
    (data / DB_FILENAME).write_bytes(b"")  # and the database lost
    try:
        with Library.open(data) as library:
            recovery = library.recovery
            answers = len(library.review_log())
    except StoreError:
        return
    except Exception as error:
        pytest.fail(f"{type(error).__name__}: {error}")
    assert recovery is not None
    if recovery.restored is not None:
        assert answers == ANSWERED  # a backup that restored is whole
    else:
        assert answers == 0
