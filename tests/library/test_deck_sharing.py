"""A deck shared as one `.endoquiz` file: written in stable bytes without
progress, opened on another machine with its images, opened again keeping
the learner's progress, and every hostile or broken file refused with its
reason, the data folder untouched."""

from __future__ import annotations

import hashlib
import json
import stat
import zipfile
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

import pytest

from endoquiz import Library, Rating, SharedDeckError, State, StoreWriteError
from tests.conftest import T0, WriteDeck, study

TEACHER_DECK = """\
endoquiz: 1
id: thyroid
title: "Thyroid: the basics"
# The teacher's comment stays, as every byte of the file does.
cards:
  - id: tsh
    front: Which hormone stimulates the thyroid?
    back: TSH ![the axis](figures/axis.png)
    image: glands/thyroid.svg
  - id: t4
    front: Which hormone does the thyroid make most of?
    back: T4
"""
SVG = b'<svg xmlns="http://www.w3.org/2000/svg"><circle r="4"/></svg>\n'
PNG = b"\x89PNG\r\n\x1a\n" + bytes(range(256))
Members = dict[str, bytes]


def teacher_deck(write_deck: WriteDeck, text: str = TEACHER_DECK) -> Path:
    path = write_deck(text, "thyroid.yaml")
    (path.parent / "glands").mkdir(exist_ok=True)
    (path.parent / "glands" / "thyroid.svg").write_bytes(SVG)
    (path.parent / "figures").mkdir(exist_ok=True)
    (path.parent / "figures" / "axis.png").write_bytes(PNG)
    (path.parent / "unrelated.png").write_bytes(PNG)  # in the folder, shown by no card
    return path


@pytest.fixture
def shared(library: Library, write_deck: WriteDeck, tmp_path: Path) -> Path:
    """The teacher's deck, studied by the teacher, shared as one file."""
    library.add_deck(teacher_deck(write_deck), T0)
    study(library, "thyroid", T0, [Rating.GOOD, Rating.AGAIN])
    out = tmp_path / "thyroid.endoquiz"
    summary = library.export_deck_file("thyroid", out)
    assert (summary.cards, summary.images) == (2, 2)
    return out


def members(path: Path) -> Members:
    with zipfile.ZipFile(path) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def learner(tmp_path: Path, name: str = "learner") -> Library:
    return Library.open(tmp_path / name, fuzz=False)


def folder_state(folder: Path) -> dict[str, str]:
    """Every file of a folder and a hash of its bytes (SQLite's shared
    memory index aside, which a read may touch)."""
    return {
        str(path.relative_to(folder)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(folder.rglob("*"))
        if path.is_file() and not path.name.endswith("-shm")
    }


def test_the_file_holds_the_deck_as_written_its_images_and_a_manifest_and_no_progress(
    shared: Path, tmp_path: Path, library: Library
) -> None:
    held = members(shared)
    # The file no card shows (unrelated.png) stays behind.
    assert list(held) == [
        "manifest.json",
        "deck/figures/axis.png",
        "deck/glands/thyroid.svg",
        "deck/thyroid.yaml",
    ]
    assert held["deck/thyroid.yaml"] == (tmp_path / "decks" / "thyroid.yaml").read_bytes()
    assert held["deck/glands/thyroid.svg"] == SVG
    manifest = json.loads(held["manifest.json"])
    assert manifest["format"] == "endoquiz-deck" and manifest["version"] == 1
    assert manifest["deck"] == {
        "id": "thyroid",
        "title": "Thyroid: the basics",
        "file": "deck/thyroid.yaml",
    }
    assert manifest["endoquiz"]
    assert manifest["files"][0] == {
        "path": "deck/figures/axis.png",
        "size": len(PNG),
        "sha256": hashlib.sha256(PNG).hexdigest(),
    }
    # No progress: nothing of the database, the review log or the states.
    assert len(library.review_log("thyroid")) == 2
    everything = b"".join(held.values())
    assert b"SQLite format 3" not in everything
    for word in (b"review", b"stability", b"due", b"reps", b"lapses", b"progress"):
        assert word not in everything.lower()


def test_the_same_deck_gives_the_same_bytes(shared: Path, library: Library, tmp_path: Path) -> None:
    deck_file = tmp_path / "decks" / "thyroid.yaml"
    deck_file.touch()  # a newer modification time changes nothing
    again = library.export_deck_file("thyroid", tmp_path / "again.endoquiz")
    assert again.path.read_bytes() == shared.read_bytes()
    with zipfile.ZipFile(shared) as archive:
        assert {info.date_time for info in archive.infolist()} == {(1980, 1, 1, 0, 0, 0)}


def test_a_learner_opens_it_and_gets_the_deck_and_its_images_without_progress(
    shared: Path, tmp_path: Path
) -> None:
    with learner(tmp_path) as other:
        opened = other.import_deck_file(shared, T0)
        assert (opened.deck_id, opened.cards, opened.images, opened.updated) == (
            "thyroid",
            2,
            2,
            False,
        )
        installed = other.deck_path("thyroid")
        assert installed == (tmp_path / "learner" / "decks" / "thyroid" / "thyroid.yaml")
        assert installed.read_bytes() == (tmp_path / "decks" / "thyroid.yaml").read_bytes()
        assert (installed.parent / "glands" / "thyroid.svg").read_bytes() == SVG
        assert (installed.parent / "figures" / "axis.png").read_bytes() == PNG
        deck = other.deck("thyroid")
        assert [card.id for card in deck.cards] == ["tsh", "t4"]
        assert deck.cards[0].image == installed.parent / "glands" / "thyroid.svg"
        assert other.review_log() == []
        assert other.card_state("thyroid", "tsh").state is State.NEW
        assert [p.name for p in (tmp_path / "learner").iterdir() if p.name.startswith(".")] == []


def test_opening_it_again_updates_the_deck_and_keeps_the_learners_progress(
    library: Library, shared: Path, tmp_path: Path
) -> None:
    with learner(tmp_path) as other:
        other.import_deck_file(shared, T0)
        study(other, "thyroid", T0, [Rating.GOOD, Rating.GOOD])
        before = other.card_state("thyroid", "tsh")
        assert before.reps == 1
        # The teacher adds a card and shares the deck again.
        deck_file = tmp_path / "decks" / "thyroid.yaml"
        added = "  - id: t3\n    front: Which hormone is the active one?\n    back: T3\n"
        deck_file.write_text(deck_file.read_text() + added)
        library.export_deck_file("thyroid", shared)
        later = T0 + timedelta(days=1)
        opened = other.import_deck_file(shared, later)
        assert opened.updated and opened.cards == 3
        assert other.card_state("thyroid", "tsh") == before
        assert len(other.review_log("thyroid")) == 2
        assert [card.id for card in other.deck("thyroid").cards] == ["tsh", "t4", "t3"]
        assert [deck.id for deck in other.decks()] == ["thyroid"]


def test_a_deck_whose_id_another_installed_file_has_is_refused(
    shared: Path, tmp_path: Path, write_deck: WriteDeck
) -> None:
    with learner(tmp_path) as other:
        other.add_deck(write_deck(TEACHER_DECK, "mine.yaml"))
        before = folder_state(tmp_path / "learner")
        with pytest.raises(SharedDeckError, match=r"mine\.yaml"):
            other.import_deck_file(shared, T0)
        assert folder_state(tmp_path / "learner") == before


def rezipped(
    source: Path,
    out: Path,
    change: Callable[[Members], object],
    *,
    relist: bool = False,
    manifest: Callable[[dict[str, object]], None] | None = None,
    links: tuple[str, ...] = (),
) -> Path:
    """A copy of a shared file with its members changed; `relist` makes
    its manifest list them truthfully, `manifest` changes it."""
    held = members(source)
    data = json.loads(held["manifest.json"])
    change(held)
    if relist:
        relisted(data, held)
    if manifest is not None:
        manifest(data)
    if relist or manifest is not None:
        held["manifest.json"] = json.dumps(data).encode()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, content in held.items():
            info = zipfile.ZipInfo(name)
            info.compress_type = zipfile.ZIP_DEFLATED
            if name in links:
                info.create_system = 3
                info.external_attr = (stat.S_IFLNK | 0o777) << 16
            archive.writestr(info, content)
    return out


def relisted(data: dict[str, object], held: Members) -> None:
    """The manifest's files made to list exactly these members, truthfully."""
    data["files"] = [
        {"path": name, "size": len(content), "sha256": hashlib.sha256(content).hexdigest()}
        for name, content in held.items()
        if name != "manifest.json"
    ]


def with_deck_text(text: str) -> Callable[[Members], None]:
    def change(held: Members) -> None:
        held["deck/thyroid.yaml"] = text.encode()

    return change


HOSTILE: dict[str, tuple[Callable[[Path, Path], Path], str]] = {
    "path traversal": (
        lambda s, o: rezipped(s, o, lambda h: h.update({"deck/../../x.sh": b"boom"})),
        "the zip's file 'deck/../../x.sh' points outside the package",
    ),
    "absolute path": (
        lambda s, o: rezipped(s, o, lambda h: h.update({"/tmp/evil.txt": b"boom"})),
        "the zip's file '/tmp/evil.txt' is an absolute path",
    ),
    "symlink member": (
        lambda s, o: rezipped(
            s, o, lambda h: h.update({"deck/link.png": b"/etc/passwd"}), links=("deck/link.png",)
        ),
        "the zip's file 'deck/link.png' is a symbolic link",
    ),
    "zip bomb by ratio": (
        lambda s, o: rezipped(s, o, lambda h: h.update({"deck/zeros.png": bytes(17 << 20)})),
        "the zip's file 'deck/zeros.png' is a zip bomb",
    ),
    "too many members": (
        lambda s, o: rezipped(
            s, o, lambda h: h.update({f"deck/{n}.png": b"" for n in range(20_001)})
        ),
        "it holds 20005 files; endoquiz reads up to 20000",
    ),
    "missing manifest": (
        lambda s, o: rezipped(s, o, lambda h: h.pop("manifest.json")),
        "it holds no manifest.json (it was not made by endoquiz)",
    ),
    "a file the manifest names is missing": (
        lambda s, o: rezipped(s, o, lambda h: h.pop("deck/glands/thyroid.svg")),
        "its manifest.json lists 'deck/glands/thyroid.svg', which it does not hold",
    ),
    "a file the manifest does not list": (
        lambda s, o: rezipped(s, o, lambda h: h.update({"deck/extra.png": PNG})),
        "it holds 'deck/extra.png', which its manifest.json does not list",
    ),
    "a file changed after it was listed": (
        lambda s, o: rezipped(s, o, lambda h: h.update({"deck/glands/thyroid.svg": b"<svg/>"})),
        "'deck/glands/thyroid.svg' is not the file its manifest.json describes",
    ),
    "a newer format": (
        lambda s, o: rezipped(s, o, lambda h: None, manifest=lambda m: m.update(version=2)),
        "it was made by a newer endoquiz; update endoquiz to open it",
    ),
    "a deck with errors": (
        lambda s, o: rezipped(
            s,
            o,
            with_deck_text("endoquiz: 1\nid: thyroid\ncards:\n  - id: a\n    front: Q\n"),
            relist=True,
        ),
        "its deck has errors: line 1, column 1: missing 'title' (and 1 more error)",
    ),
    "a deck image escaping its folder": (
        lambda s, o: rezipped(
            s,
            o,
            with_deck_text(TEACHER_DECK.replace("glands/thyroid.svg", "../progress.sqlite3")),
            relist=True,
        ),
        "its deck has errors: line 9, column 12: "
        "image '../progress.sqlite3' is outside the deck's folder",
    ),
    "a deck file of another id than the manifest's": (
        lambda s, o: rezipped(
            s,
            o,
            with_deck_text(TEACHER_DECK.replace("id: thyroid", "id: parathyroid")),
            relist=True,
        ),
        "its manifest.json is for deck 'thyroid', but its deck file declares 'parathyroid'",
    ),
    "not a zip": (
        lambda s, o: (o.write_bytes(b"endoquiz: 1\nid: x\n"), o)[1],
        "it is not a zip file",
    ),
}


@pytest.mark.parametrize("case", list(HOSTILE))
def test_a_hostile_or_broken_file_is_refused_and_the_data_folder_is_left_as_it_was(
    case: str, shared: Path, tmp_path: Path
) -> None:
    make, reason = HOSTILE[case]
    bad = make(shared, tmp_path / "bad.endoquiz")
    with learner(tmp_path) as other:
        other.add_deck(teacher_deck_elsewhere(tmp_path))
        study(other, "other", T0, [Rating.GOOD])
        before = folder_state(tmp_path / "learner")
        with pytest.raises(SharedDeckError) as refused:
            other.import_deck_file(bad, T0)
        assert str(refused.value) == f"bad.endoquiz cannot be opened as a shared deck: {reason}"
        assert "\n" not in str(refused.value)
        assert folder_state(tmp_path / "learner") == before
        assert [deck.id for deck in other.decks()] == ["other"]


def teacher_deck_elsewhere(tmp_path: Path) -> Path:
    """A deck the learner had before, to see that a refusal leaves it be."""
    path = tmp_path / "own" / "other.yaml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(
        "endoquiz: 1\nid: other\ntitle: Other\ncards:\n  - {id: a, front: Q, back: A}\n"
    )
    return path


def test_a_data_folder_the_deck_cannot_be_copied_into_is_said_not_raised(
    shared: Path, tmp_path: Path
) -> None:
    with learner(tmp_path) as other:
        (tmp_path / "learner" / "decks").write_text("a file where the decks' folder goes")
        with pytest.raises(StoreWriteError) as refused:
            other.import_deck_file(shared, T0)
        assert str(refused.value).startswith(
            "thyroid.endoquiz: the deck cannot be copied into the data folder: "
        )
        assert other.decks() == []
        assert [p.name for p in (tmp_path / "learner").iterdir() if p.name.startswith(".")] == []


def test_what_a_file_holds_is_read_without_opening_it(shared: Path, tmp_path: Path) -> None:
    with learner(tmp_path) as other:
        before = folder_state(tmp_path / "learner")
        summary = other.read_deck_file(shared)
        assert (summary.deck_id, summary.title, summary.cards, summary.images) == (
            "thyroid",
            "Thyroid: the basics",
            2,
            2,
        )
        assert not summary.updated
        assert folder_state(tmp_path / "learner") == before
        assert other.decks() == []


# What reading the file finds wrong without its images: the rest is found on
# opening it (the images against the manifest, the deck's own checks).
FOUND_ON_READING = [
    case
    for case in HOSTILE
    if case not in {"a file changed after it was listed", "a deck image escaping its folder"}
]


@pytest.mark.parametrize("case", FOUND_ON_READING)
def test_reading_a_hostile_or_broken_file_says_why_as_opening_it_does(
    case: str, shared: Path, tmp_path: Path
) -> None:
    make, reason = HOSTILE[case]
    bad = make(shared, tmp_path / "bad.endoquiz")
    with learner(tmp_path) as other, pytest.raises(SharedDeckError) as refused:
        other.read_deck_file(bad)
    said = str(refused.value)
    if case == "a deck with errors":  # only what the summary shows is read
        reason = "its deck has no title or no list of cards"
    assert said == f"bad.endoquiz cannot be opened as a shared deck: {reason}"


def test_a_deck_file_damaged_in_the_zip_is_found_on_reading(shared: Path, tmp_path: Path) -> None:
    bad = rezipped(shared, tmp_path / "bad.endoquiz", with_deck_text(TEACHER_DECK + "# more\n"))
    with learner(tmp_path) as other, pytest.raises(SharedDeckError) as refused:
        other.read_deck_file(bad)
    assert str(refused.value) == (
        "bad.endoquiz cannot be opened as a shared deck: "
        "'deck/thyroid.yaml' is not the file its manifest.json describes"
    )
