"""Importing an Anki package of 10,000 notes and 100,000 answers: endoquiz against Anki 26.9.3.

The package is made by Anki itself (`anki_import_side.py make`, in Anki's
venv: Basic, reversed and cloze notes with formatting and tags in a deck
tree, a year of answers, FSRS memory) once, in build/bench-anki-import/. Then
rounds interleave the two imports, each in a fresh process on an empty
library or collection: endoquiz's `Library.import_anki` (deck files and media
written, decks installed, progress merged) and Anki's `import_anki_package`
with scheduling. Each side times its import call alone and reports its
program's peak memory (VmHWM). Targets (issue 17): time at most 2× Anki's,
peak memory within 2× Anki's.

Run: `make bench-anki-import` (or `.venv/bin/python benchmarks/bench_anki_import.py
--anki-python build/venv-anki/bin/python`).
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

NOTES, ANSWERS = 10_000, 100_000
ROUNDS = 5
HERE = Path(__file__).resolve().parent
TIME_TARGET, MEMORY_TARGET = 2.0, 2.0


def peak_rss_mib() -> float:
    """Linux's VmHWM: the peak of this program alone."""
    for line in Path("/proc/self/status").read_text(encoding="ascii").splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    raise OSError("no VmHWM in /proc/self/status")


def endoquiz_side(package: Path) -> None:
    """In a fresh process: import the package into an empty library."""
    from endoquiz import Library

    with tempfile.TemporaryDirectory() as folder, Library.open(Path(folder)) as library:
        stamps: list[tuple[str, float]] = []
        started = time.perf_counter()
        result = library.import_anki(
            package, on_step=lambda step: stamps.append((step, time.perf_counter()))
        )
        ended = time.perf_counter()
        seconds = ended - started
        # Each step's time, to where the next begins: "before reading" opens
        # the package; the backup ends "converting", once it is confirmed.
        moments = [("before reading", started), *stamps, ("end", ended)]
        steps = {name: moments[n + 1][1] - at for n, (name, at) in enumerate(moments[:-1])}
        notes = result.summary.notes
        answers = len(library.review_log())
    print(
        json.dumps(
            {
                "seconds": seconds,
                "steps": steps,
                "notes": notes,
                "answers": answers,
                "peak_rss_mib": round(peak_rss_mib(), 1),
            }
        )
    )


def run(command: list[str]) -> dict[str, Any]:
    done = subprocess.run(command, check=True, capture_output=True, text=True)
    answer: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return answer


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--anki-python", required=True, help="Python of a venv with anki")
    parser.add_argument("--rounds", type=int, default=ROUNDS)
    args = parser.parse_args()
    folder = HERE.parent / "build" / "bench-anki-import"
    folder.mkdir(parents=True, exist_ok=True)
    package = folder / f"bench-{NOTES}-{ANSWERS}.apkg"
    side = str(HERE / "anki_import_side.py")
    if not package.exists():
        print(f"Making the package with Anki: {NOTES:,} notes, {ANSWERS:,} answers…")
        run([args.anki_python, side, "make", str(package), str(NOTES), str(ANSWERS)])
    print(f"{package.name}: {package.stat().st_size / 2**20:.1f} MB")
    ours: list[dict[str, Any]] = []
    anki: list[dict[str, Any]] = []
    for number in range(args.rounds):
        ours.append(run([sys.executable, __file__, "--endoquiz-side", str(package)]))
        anki.append(run([args.anki_python, side, "import", str(package)]))
        print(
            f"  round {number + 1}: endoquiz {ours[-1]['seconds']:.2f} s, "
            f"Anki {anki[-1]['seconds']:.2f} s"
        )
    for name, results in (("endoquiz", ours), ("Anki", anki)):
        counts = {(r["notes"], r["answers"]) for r in results}
        print(f"{name} imported (notes, answers): {sorted(counts)}")
    time_ours = statistics.median(r["seconds"] for r in ours)
    time_anki = statistics.median(r["seconds"] for r in anki)
    memory_ours = statistics.median(r["peak_rss_mib"] for r in ours)
    memory_anki = statistics.median(r["peak_rss_mib"] for r in anki)
    time_ratio, memory_ratio = time_ours / time_anki, memory_ours / memory_anki
    print(f"{'':22}{'endoquiz':>10}{'Anki':>10}{'ratio':>8}  target")
    print(
        f"{'import time (s)':22}{time_ours:>10.2f}{time_anki:>10.2f}{time_ratio:>7.2f}×"
        f"  ≤ {TIME_TARGET}×: {'met' if time_ratio <= TIME_TARGET else 'NOT met'}"
    )
    print(
        f"{'peak memory (MiB)':22}{memory_ours:>10.1f}{memory_anki:>10.1f}{memory_ratio:>7.2f}×"
        f"  ≤ {MEMORY_TARGET}×: {'met' if memory_ratio <= MEMORY_TARGET else 'NOT met'}"
    )
    print("where endoquiz's time goes (medians, s):")
    for step in ours[0]["steps"]:
        print(f"  {step:20}{statistics.median(r['steps'][step] for r in ours):>8.2f}")


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "--endoquiz-side":
        endoquiz_side(Path(sys.argv[2]))
    else:
        main()
