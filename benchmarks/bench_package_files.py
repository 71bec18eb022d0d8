"""Opening a large Anki package: time and peak memory of `open_package`.

A package like a large shared deck's, made without Anki: a collection of
180,000 rows of text (about 370 MB as SQLite) and 20,000 images of 30 KB
(600 MB), zstd-compressed as Anki 2.1.50+ writes them. It is opened, and
every media file read, in a process of its own so that its peak memory
(Linux's VmHWM, which, unlike ru_maxrss, a new program does not inherit)
is the reader's alone, not the making's. Then the two hostile
packages that cost the most to refuse: a 2 GB file and a zstd bomb.
Run: `.venv/bin/python benchmarks/bench_package_files.py` (needs about 2 GB
of temporary disk).
"""

from __future__ import annotations

import os
import random
import sqlite3
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

from anki_package_making import compress, package_meta, write_modern_package

ROWS, WORDS_PER_ROW = 180_000, 120
MEDIA_FILES, MEDIA_BYTES = 20_000, 30_000

# Run in the child: open, read every media file, print the figures.
OPEN_AND_READ = """
import sys, time
from pathlib import Path
from endoquiz.anki.errors import AnkiPackageError
from endoquiz.anki.package_files import open_package

start = time.perf_counter()
try:
    with open_package(Path(sys.argv[1]), Path(sys.argv[2])) as package:
        opened = time.perf_counter() - start
        read = sum(len(package.read_media(name)) for name in package.media_names)
        print(f"opened in {opened:.2f} s (collection "
              f"{package.collection_path.stat().st_size / 1e6:.0f} MB), "
              f"{len(package.media_names)} media files ({read / 1e6:.0f} MB) read in "
              f"{time.perf_counter() - start - opened:.2f} s")
except AnkiPackageError as error:
    print(f"refused in {time.perf_counter() - start:.3f} s: {error}")
peak = next(line for line in open("/proc/self/status") if line.startswith("VmHWM"))
print(f"  peak memory {int(peak.split()[1]) / 1024:.0f} MB")
"""


def write_collection(path: Path) -> Path:
    chooser = random.Random(0)
    words = [os.urandom(6).hex() for _ in range(5_000)]
    with sqlite3.connect(path) as connection:
        connection.execute("CREATE TABLE notes (flds TEXT)")
        connection.executemany(
            "INSERT INTO notes VALUES (?)",
            ((" ".join(chooser.choices(words, k=WORDS_PER_ROW)),) for _ in range(ROWS)),
        )
    connection.close()
    return path


def write_zstd_bomb(path: Path) -> Path:
    """A collection of 1 GB of zeros, 33 KB compressed."""
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("meta", package_meta(3))
        archive.writestr("collection.anki21b", compress(b"SQLite format 3\x00" + bytes(2**30)))
        archive.writestr("media", compress(b""))
    return path


def write_two_gigabytes(path: Path) -> Path:
    with path.open("wb") as file:
        file.write(b"PK\x03\x04")
        file.truncate(2 * 1024**3)  # sparse
    return path


def open_in_child(package: Path, scratch: Path) -> None:
    print(f"{package.name}, {package.stat().st_size / 1e6:.0f} MB: ", end="", flush=True)
    subprocess.run([sys.executable, "-c", OPEN_AND_READ, str(package), str(scratch)], check=True)


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        scratch = root / "scratch"
        scratch.mkdir()
        collection = write_collection(root / "collection.sqlite3")
        media = [os.urandom(MEDIA_BYTES) for _ in range(MEDIA_FILES)]
        large = write_modern_package(root / "large.apkg", collection, media)
        del media
        collection.unlink()
        open_in_child(large, scratch)
        open_in_child(write_two_gigabytes(root / "two-gigabytes.apkg"), scratch)
        open_in_child(write_zstd_bomb(root / "zstd-bomb.apkg"), scratch)


if __name__ == "__main__":
    main()
