"""App speed targets, each against a baseline measured in the same run.

1. Cold start: median wall time of `endoquiz --self-test` (start the GUI, show
   the deck list, open a study session, render the first card, quit) against
   a bare PySide6 program that shows one QLabel and quits (target <= 2.5x).
2. The same with 20 installed decks of 5,000 cards each (target <= 3x):
   decks must not be parsed again at each start when unchanged.
3. Answering a card and showing the next, in the running app (target: under
   one frame, 16 ms, at the median).

Everything runs offscreen (QT_QPA_PLATFORM=offscreen), so no display is needed.
Starts are timed with compiled bytecode, as every installer ships it (the
PyInstaller bundle holds only bytecode; pip compiles at install): a machine
with PYTHONDONTWRITEBYTECODE set would otherwise compile endoquiz's sources
at every start, while the baseline's PySide6 is compiled, and the ratio
would time the compiler. The bytecode goes to a scratch folder, and each
start is timed interleaved with the baseline so both see the same machine.
Run: `make bench` or `.venv/bin/python benchmarks/bench_startup.py`.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench_foundation import write_generated_deck

RUNS = 7
BIG_DECKS, BIG_DECK_CARDS = 20, 5_000
ANSWERS = 200
ENV = {key: value for key, value in os.environ.items() if key != "PYTHONDONTWRITEBYTECODE"} | {
    "QT_QPA_PLATFORM": "offscreen"
}
FLOOR = (
    "from PySide6.QtWidgets import QApplication, QLabel\n"
    "app = QApplication([])\n"
    "label = QLabel('endoquiz')\n"
    "label.show()\n"
    "app.processEvents()\n"
)


def timed_run(command: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    elapsed = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed:\n{done.stdout}{done.stderr}")
    return elapsed


def interleaved_medians(
    baseline: list[str], command: list[str], env: dict[str, str]
) -> tuple[float, float]:
    """Median times of the baseline and the command, run in turn RUNS times."""
    baseline_times, times = [], []
    for _ in range(RUNS):
        baseline_times.append(timed_run(baseline, env))
        times.append(timed_run(command, env))
    return statistics.median(baseline_times), statistics.median(times)


def self_test(data_dir: Path) -> list[str]:
    return [sys.executable, "-m", "endoquiz", "--data-dir", str(data_dir), "--self-test"]


def bench_start(folder: Path) -> None:
    env = ENV | {"PYTHONPYCACHEPREFIX": str(folder / "bytecode")}
    baseline = [sys.executable, "-c", FLOOR]
    bundled = folder / "bundled"
    subprocess.run(self_test(bundled), env=env, capture_output=True, check=True)  # first start
    floor, start = interleaved_medians(baseline, self_test(bundled), env)
    print(f"bare PySide6 program, one QLabel    {floor * 1000:7.0f} ms  (baseline)")
    print(
        f"endoquiz --self-test, bundled decks {start * 1000:7.0f} ms  "
        f"ratio {start / floor:.2f}x  (target <= 2.5x)"
    )

    big = folder / "big"
    decks = folder / "big-decks"
    decks.mkdir()
    for number in range(BIG_DECKS):
        write_generated_deck(decks / f"deck-{number}.yaml", f"big/deck-{number:02}", 3_572)
    install = (
        "import sys\nfrom endoquiz import Library\n"
        "with Library.open(sys.argv[1]) as library:\n"
        "    library.add_decks_in(sys.argv[2])\n"
        "    print(sum(d.card_count for d in library.decks()))\n"
    )
    cards = subprocess.run(
        [sys.executable, "-c", install, str(big), str(decks)],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    subprocess.run(self_test(big), env=env, capture_output=True, check=True)  # first start
    floor_big, start_big = interleaved_medians(baseline, self_test(big), env)
    print(
        f"  ... with {BIG_DECKS} more decks, {cards} cards {start_big * 1000:7.0f} ms  "
        f"ratio {start_big / floor_big:.2f}x  (target <= 3x; baseline {floor_big * 1000:.0f} ms)"
    )


def bench_answer(folder: Path) -> None:
    """Time StudyPage.rate(): the answer is committed and the next card drawn."""
    os.environ["QT_QPA_PLATFORM"] = "offscreen"
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QApplication

    from endoquiz import Library, Rating
    from endoquiz.gui.main_window import MainWindow

    app = QApplication.instance() or QApplication([])
    deck = folder / "answer.yaml"
    write_generated_deck(deck, "answer/deck", 2_000)
    with Library.open(folder / "answer-data") as library:
        library.add_deck(deck)
        library.update_settings(new_per_day=ANSWERS + 50)
        settings = QSettings(str(folder / "ui.ini"), QSettings.Format.IniFormat)
        window = MainWindow(library, settings)
        window.show()
        window.study("answer/deck")
        page = window.study_page
        times = []
        for _ in range(ANSWERS):
            page.reveal()
            app.processEvents()
            start = time.perf_counter()
            page.rate(Rating.EASY)
            app.processEvents()
            times.append(time.perf_counter() - start)
        window.close()
        # Free the window while Qt still runs: shiboken crashes if Qt objects
        # are left for the interpreter's final garbage collection.
        window.deleteLater()
        app.processEvents()
        del window, page
    median_ms = statistics.median(times) * 1000
    p95 = statistics.quantiles(times, n=20)[-1] * 1000
    print(
        f"answer + show next card, median of {ANSWERS}  {median_ms:6.2f} ms  "
        f"(target < 16 ms, one frame); 95th percentile {p95:.2f} ms"
    )


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="endoquiz-bench-") as tmp:
        bench_start(Path(tmp))
        bench_answer(Path(tmp))


if __name__ == "__main__":
    main()
