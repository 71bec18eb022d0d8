"""The file-sync tool of tests/sync/test_two_processes.py: copies journal files between two copies.

Run as a script (`sys.executable sync_copier.py COPY_A COPY_B SEED`), it reads
commands on stdin: `copy N` copies N files (or parts of them), `whole` makes
every file whole in both copies and answers `whole` on stdout. Like
Syncthing or Dropbox it copies a file that is new or has grown, sometimes
only its first part before the rest (a download in progress), in any order,
and never deletes anything. It copies journal segments only: a temporary
file a computer deletes again would be deleted by a sync tool too.
"""

from __future__ import annotations

import random
import sys
from pathlib import Path


def segments(copy: Path) -> dict[Path, Path]:
    """Each journal segment in one copy of the sync folder, by its place in it."""
    return {path.relative_to(copy): path for path in copy.rglob("*.jsonl") if path.is_file()}


def behind(source: Path, target: Path) -> list[tuple[Path, bytes, int]]:
    """The files `target` lacks or holds shorter: (place, source bytes, target length)."""
    found = []
    for place, path in sorted(segments(source).items()):
        data = path.read_bytes()
        there = target / place
        length = there.stat().st_size if there.exists() else 0
        if len(data) > length:
            found.append((place, data, length))
    return found


def put(target: Path, place: Path, data: bytes) -> None:
    path = target / place
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)


def copy_some(copies: tuple[Path, Path], rng: random.Random, count: int) -> None:
    for _ in range(count):
        source, target = copies if rng.random() < 0.5 else copies[::-1]
        late = behind(source, target)
        if not late:
            continue
        place, data, length = rng.choice(late)
        if rng.random() < 0.3:
            # Half-synced: a prefix longer than what is there, the rest later.
            data = data[: rng.randint(length + 1, len(data))]
        put(target, place, data)


def make_whole(copies: tuple[Path, Path]) -> None:
    for source, target in (copies, copies[::-1]):
        for place, data, _ in behind(source, target):
            put(target, place, data)


def main(copies: tuple[Path, Path], seed: int) -> None:
    rng = random.Random(seed)
    for line in sys.stdin:
        command = line.split()
        if command[0] == "copy":
            copy_some(copies, rng, int(command[1]))
        elif command[0] == "whole":
            make_whole(copies)
            sys.stdout.write("whole\n")
            sys.stdout.flush()


if __name__ == "__main__":
    first, second, seed_text = sys.argv[1:]
    main((Path(first), Path(second)), int(seed_text))
