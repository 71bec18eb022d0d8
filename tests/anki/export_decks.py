"""Decks of every card kind and their progress: what tests and `make anki-roundtrip` export."""

from __future__ import annotations

import base64
import os
import tempfile
import textwrap
from datetime import UTC, datetime, timedelta
from pathlib import Path

import fsrs_rs_python as fsrs_rs

from endoquiz import Library, Rating
from endoquiz.anki.collection_reading import read_collection
from endoquiz.anki.note_conversion import convert_notes
from endoquiz.anki.package_files import open_package
from endoquiz.anki.progress_conversion import convert_progress
from endoquiz.progress.progress_file import write_progress
from tests.anki.fixture_files import FIXTURES

# The deck files' time: a note's modification time in Anki is its deck
# file's, which must not differ between two runs of the same export.
FILE_TIME_S = 1_790_000_000
START = datetime(2026, 9, 1, 9, tzinfo=UTC)
# A 1x1 PNG.
PIXEL = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=="
)

BIOLOGY = """
    endoquiz: 1
    id: biology
    title: Biology
    tags: [bio]
    cards:
      - id: mitochondria
        front: What are **mitochondria**?
        back: |-
          The cell's *power plants*:

          - ATP
          - respiration
        tags: [bio::cells]
        image: cell.png
      - id: dna
        kind: reverse
        front: DNA
        back: Deoxyribonucleic acid & its ![bases](pictures/bases.png)
      - id: capital
        kind: typed
        front: The powerhouse of the cell is the…
        answer: mitochondrion
        accept: [mitochondria]
        explanation: One mitochondrion, many mitochondria.
      - id: organelles
        kind: cloze
        text: The {{c1::nucleus::organelle}} holds the {{c2::DNA}}.
        extra: See chapter 2.
        source:
          article: Cell biology
      - id: atp
        kind: choice
        question: What does ATP carry?
        choices: [Energy, Oxygen, Water]
        answer: Energy
        explanation: Adenosine triphosphate.
"""
CELLS = """
    endoquiz: 1
    id: biology/cells
    title: Cells
    cards:
      - id: ribosome
        front: Ribosome
        back: Where proteins are made <script>alert(1)</script>
        tags: [bio::cells, leech-candidate]
"""


def write_decks(folder: Path) -> list[Path]:
    """The two deck files and their images, written into `folder`."""
    (folder / "pictures").mkdir(parents=True, exist_ok=True)
    (folder / "cell.png").write_bytes(PIXEL)
    (folder / "pictures" / "bases.png").write_bytes(PIXEL + b"\0")
    paths = []
    for name, text in (("biology.yaml", BIOLOGY), ("cells.yaml", CELLS)):
        path = folder / name
        path.write_text(textwrap.dedent(text).lstrip(), encoding="utf-8")
        os.utime(path, (FILE_TIME_S, FILE_TIME_S))
        paths.append(path)
    return paths


def install_and_study(library: Library, folder: Path) -> None:
    """Install the decks and study them over three weeks, so that cards end
    new, learning, review and relearning; then one is suspended, one flagged."""
    for path in write_decks(folder):
        library.add_deck(path, now=START)
    moments = [START + timedelta(days=day) for day in (0, 1, 4, 11, 21)]
    ratings = [
        [Rating.GOOD, Rating.GOOD, Rating.AGAIN, Rating.EASY],
        [Rating.GOOD, Rating.GOOD, Rating.GOOD],
        [Rating.GOOD, Rating.AGAIN],
        [Rating.HARD, Rating.GOOD],
        [Rating.AGAIN],
    ]
    for moment, answers in zip(moments, ratings, strict=True):
        session = library.review("biology", now=moment)
        for number, rating in enumerate(answers):
            now = moment + timedelta(seconds=10 * number)
            card = session.next_card(now)
            if card is None:
                break
            session.answer(card, rating, now, duration_ms=4000)
    library.set_suspended([("biology/cells", "ribosome")])
    library.set_flag([("biology", "dna:reverse")], 2)


def import_fixture(library: Library, folder: Path, package: Path) -> None:
    """What `endoquiz import` will do with an Anki package, from the pieces
    on main: its notes as deck files (with their media) in `folder`,
    installed, and its progress merged through a progress file."""
    with tempfile.TemporaryDirectory() as scratch, open_package(package, Path(scratch)) as opened:
        collection = read_collection(opened.collection_path)
        notes = convert_notes(collection, opened.media_names)
        folder.mkdir(parents=True, exist_ok=True)
        for anki_name, name in notes.media.items():
            (folder / name).write_bytes(opened.read_media(anki_name))
    for deck in notes.decks:
        path = folder / f"{deck.deck_id.replace('/', '-')}.yaml"
        path.write_text(deck.yaml_text(), encoding="utf-8")
        os.utime(path, (FILE_TIME_S, FILE_TIME_S))
        library.add_deck(path, now=START)
    progress = convert_progress(collection, notes.card_keys, tuple(fsrs_rs.DEFAULT_PARAMETERS))
    progress_path = folder / "progress.json.gz"
    write_progress(progress_path, list(progress.cards), list(progress.log), {}, START)
    library.import_progress(progress_path, START)


# The packages `make anki-roundtrip` has Anki import, by file name: the
# decks without and with their progress, and Anki's own fixture brought
# into endoquiz and exported back with its progress.
ROUNDTRIP_PACKAGES = (
    "decks.apkg",
    "decks-progress.apkg",
    "decks-edited.apkg",
    "modern-back.apkg",
)
# In decks-edited.apkg, the decks of decks.apkg with one answer edited, an
# hour later: Anki, importing it after decks.apkg, updates that note.
EDITED = ("The cell's *power plants*", "The cell's *power stations*")
ROUNDTRIP_TABLE = "decks.csv"


def export_packages(folder: Path) -> dict[str, Path]:
    """Make the packages of ROUNDTRIP_PACKAGES and the table in `folder`, the same bytes at
    every run: the tests make them again and compare them with those Anki
    imported (tests/anki/roundtrip/anki_roundtrip.json)."""
    folder.mkdir(parents=True, exist_ok=True)
    made = {name: folder / name for name in (*ROUNDTRIP_PACKAGES, ROUNDTRIP_TABLE)}
    with Library.open(folder / "data", fuzz=False, timezone=UTC) as library:
        install_and_study(library, folder / "decks")
        library.export_anki("biology", made["decks.apkg"])
        library.export_anki("biology", made["decks-progress.apkg"], with_progress=True)
        library.export_csv("biology", made[ROUNDTRIP_TABLE])
        deck = folder / "decks" / "biology.yaml"
        deck.write_text(deck.read_text(encoding="utf-8").replace(*EDITED), encoding="utf-8")
        os.utime(deck, (FILE_TIME_S + 3600, FILE_TIME_S + 3600))
        library.sync_decks()
        library.export_anki("biology", made["decks-edited.apkg"])
    with Library.open(folder / "data-from-anki", fuzz=False, timezone=UTC) as library:
        import_fixture(library, folder / "from-anki", FIXTURES / "modern.apkg")
        library.export_anki("biology", made["modern-back.apkg"], with_progress=True)
    return made
