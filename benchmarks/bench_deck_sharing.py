"""Sharing a large deck as one `.endoquiz` file: time and size of writing it,
opening it in a new data folder and opening it again (an update).

A deck of 20,000 basic cards, 500 of them showing an image of 30 KB of
random bytes (images hardly compress, as real ones do not), written by a
teacher's library and opened by a learner's; then the hostile file that
costs the most to refuse, a zip bomb of 1 GB of zeros. The baseline, in
the same run: the same deck folder installed as a copy (`add_deck_copy`),
as a learner given the folder itself would; the ratio is what the one file
(its checks, its extraction) costs over that.
Run: `.venv/bin/python benchmarks/bench_deck_sharing.py`.
"""

from __future__ import annotations

import os
import tempfile
import time
import zipfile
from collections.abc import Callable
from pathlib import Path

from endoquiz import Library, SharedDeckError

CARDS, IMAGES, IMAGE_BYTES = 20_000, 500, 30_000


def write_deck(folder: Path) -> Path:
    (folder / "images").mkdir(parents=True)
    lines = ["endoquiz: 1", "id: big", "title: A large deck", "cards:"]
    for number in range(CARDS):
        lines += [
            f"  - id: c{number:05}",
            f"    front: What is the answer to question {number}?",
            f"    back: Answer {number}, with a sentence or two of explanation.",
        ]
        if number < IMAGES:
            (folder / "images" / f"{number}.png").write_bytes(os.urandom(IMAGE_BYTES))
            lines.append(f"    image: images/{number}.png")
    path = folder / "big.yaml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def timed(what: str, action: Callable[[], object]) -> float:
    start = time.perf_counter()
    action()
    seconds = time.perf_counter() - start
    print(f"{what}: {seconds:.2f} s")
    return seconds


def zip_bomb(path: Path) -> Path:
    with (
        zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive,
        archive.open("deck/zeros.png", "w", force_zip64=True) as member,
    ):
        chunk = bytes(1 << 20)
        for _ in range(1024):
            member.write(chunk)
    return path


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="bench-share-") as scratch:
        root = Path(scratch)
        deck = write_deck(root / "teacher-decks")
        out = root / "big.endoquiz"
        with Library.open(root / "teacher") as teacher:
            teacher.add_deck(deck)
            timed(
                f"export-deck ({CARDS} cards, {IMAGES} images)",
                lambda: teacher.export_deck_file("big", out),
            )
        print(
            f"  file: {out.stat().st_size / 1e6:.1f} MB "
            f"(deck file {deck.stat().st_size / 1e6:.1f} MB, "
            f"images {IMAGES * IMAGE_BYTES / 1e6:.1f} MB)"
        )
        with Library.open(root / "baseline") as baseline:
            copied = timed(
                "baseline: the deck folder installed as a copy",
                lambda: baseline.add_deck_copy(deck),
            )
        with Library.open(root / "learner") as learner:
            opened = timed("import into a new data folder", lambda: learner.import_deck_file(out))
            print(f"  ratio to the baseline: {opened / copied:.2f}x")
            timed("import again (an update)", lambda: learner.import_deck_file(out))
            bomb = zip_bomb(root / "bomb.endoquiz")
            print(f"zip bomb: {bomb.stat().st_size / 1e6:.1f} MB expanding to 1 GB")
            start = time.perf_counter()
            try:
                learner.import_deck_file(bomb)
            except SharedDeckError as error:
                print(f"  refused in {time.perf_counter() - start:.3f} s: {error}")


if __name__ == "__main__":
    main()
