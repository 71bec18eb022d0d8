"""Reading 10,000 notes from text files: endoquiz's reading and conversion, beside Anki's import.

Two files of 10,000 notes: a spreadsheet's CSV (front, back, tags, deck; text
only) and Anki's own notes export (tab-separated, HTML fields, deck and tags
columns). endoquiz reads each and converts its notes to deck entries
(`read_text_notes` then `convert_notes`: what `library.preview_anki_import`
does; writing the decks is the importer's, not measured here). With
`--anki-python`, Anki 26.9.3 (`make build/venv-anki/.installed`) imports the
same file into an empty collection (`get_csv_metadata`, `import_csv`: File →
Import). Each run is a process of its own, so that its peak memory (Linux's
VmHWM) is its own; the median of three runs is printed, and the ratio.
Run: `cd benchmarks && ../.venv/bin/python bench_text_notes.py
[--anki-python ../build/venv-anki/bin/python]`.
"""

from __future__ import annotations

import argparse
import csv
import json
import random
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

NOTES = 10_000
RUNS = 3

ENDOQUIZ = """
import json, sys, time
from pathlib import Path
from endoquiz.anki.note_conversion import convert_notes
from endoquiz.anki.text_notes import read_text_notes

start = time.perf_counter()
notes = read_text_notes(Path(sys.argv[1]))
converted = convert_notes(notes.collection)
took = time.perf_counter() - start
peak = next(line for line in open("/proc/self/status") if line.startswith("VmHWM"))
cards = len(converted.card_keys)
print(json.dumps({"s": took, "cards": cards, "peak_mb": int(peak.split()[1]) / 1024}))
"""

ANKI = """
import json, sys, tempfile, time
from pathlib import Path
from anki.collection import Collection, ImportCsvRequest

with tempfile.TemporaryDirectory() as folder:
    col = Collection(str(Path(folder) / "collection.anki2"))
    start = time.perf_counter()
    metadata = col.get_csv_metadata(sys.argv[1], None)
    col.import_csv(ImportCsvRequest(path=sys.argv[1], metadata=metadata))
    took = time.perf_counter() - start
    cards = col.card_count()
    col.close()
peak = next(line for line in open("/proc/self/status") if line.startswith("VmHWM"))
print(json.dumps({"s": took, "cards": cards, "peak_mb": int(peak.split()[1]) / 1024}))
"""

WORDS = (
    "insulin glucose receptor kinase pancreas beta cell hormone blood sugar liver "
    "muscle adipose tissue signalling pathway resistance secretion uptake"
).split()


def sentence(chooser: random.Random, words: int) -> str:
    return " ".join(chooser.choices(WORDS, k=words))


def write_spreadsheet_csv(path: Path) -> None:
    """Text only, as a spreadsheet saves it: a header row, commas, quotes."""
    chooser = random.Random(1)
    with path.open("w", encoding="utf-8", newline="") as file:
        writer = csv.writer(file)
        writer.writerow(["front", "back", "tags", "deck"])
        for number in range(NOTES):
            writer.writerow(
                [
                    f"What does {sentence(chooser, 6)} ({number}) do?",
                    f"{sentence(chooser, 14)}, and {sentence(chooser, 4)}.",
                    f"bio::t{number % 20} set{number % 3}",
                    f"Endocrinology::Part {number % 10}",
                ]
            )


def write_anki_export(path: Path) -> None:
    """As Anki's "Notes in Plain Text" writes it: headers, tabs, HTML fields."""
    chooser = random.Random(2)
    lines = ["#separator:tab", "#html:true", "#deck column:3", "#tags column:4"]
    for number in range(NOTES):
        front = f"What does <b>{sentence(chooser, 3)}</b> {sentence(chooser, 3)} ({number}) do?"
        back = (
            f"{sentence(chooser, 8)}<br><i>{sentence(chooser, 3)}</i>"
            f"<ul><li>{sentence(chooser, 3)}</li><li>{sentence(chooser, 2)}</li></ul>"
        )
        lines.append(f"{front}\t{back}\tEndocrinology::Part {number % 10}\tbio::t{number % 20}")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def measured(python: str, script: str, path: Path) -> dict[str, float]:
    """The median time and peak memory of RUNS runs, each its own process."""
    runs = [
        json.loads(
            subprocess.run(
                [python, "-c", script, str(path)], check=True, capture_output=True, text=True
            ).stdout.splitlines()[-1]
        )
        for _ in range(RUNS)
    ]
    return {
        "s": statistics.median(run["s"] for run in runs),
        "peak_mb": statistics.median(run["peak_mb"] for run in runs),
        "cards": runs[0]["cards"],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--anki-python", help="a Python with anki 26.9.3 installed")
    arguments = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        files = {
            "spreadsheet CSV (text)": Path(folder) / "sheet.csv",
            "Anki notes export (HTML)": Path(folder) / "notes.txt",
        }
        write_spreadsheet_csv(files["spreadsheet CSV (text)"])
        write_anki_export(files["Anki notes export (HTML)"])
        for name, path in files.items():
            ours = measured(sys.executable, ENDOQUIZ, path)
            line = (
                f"{name}, {NOTES:,} notes ({path.stat().st_size / 1e6:.1f} MB): endoquiz "
                f"reads and converts in {ours['s'] * 1000:,.0f} ms, peak {ours['peak_mb']:.0f} MB"
            )
            if arguments.anki_python:
                anki = measured(arguments.anki_python, ANKI, path)
                line += (
                    f"; Anki imports in {anki['s'] * 1000:,.0f} ms, peak {anki['peak_mb']:.0f} MB"
                    f" ({ours['s'] / anki['s']:.2f}x the time, "
                    f"{ours['peak_mb'] / anki['peak_mb']:.2f}x the memory; "
                    f"cards {ours['cards']:.0f} / {anki['cards']:.0f})"
                )
            print(line)


if __name__ == "__main__":
    main()
