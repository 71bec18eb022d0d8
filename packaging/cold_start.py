"""Cold start of the built bundle next to the source checkout: the median wall
time of `--self-test` over a few runs each, same data folder layout, offscreen.

Usage: python packaging/cold_start.py BUNDLE_EXECUTABLE
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

RUNS = 5


def median_self_test(command: list[str], data_dir: Path) -> float:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "LANG": "C.UTF-8"}
    run = [*command, "--data-dir", str(data_dir), "--self-test"]
    subprocess.run(run, env=env, capture_output=True, check=True)  # first start installs decks
    times = []
    for _ in range(RUNS):
        start = time.perf_counter()
        subprocess.run(run, env=env, capture_output=True, check=True)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main(bundle: Path) -> None:
    with tempfile.TemporaryDirectory(prefix="endoquiz-cold-") as tmp:
        bundled = median_self_test([str(bundle)], Path(tmp) / "bundle")
        source = median_self_test([sys.executable, "-m", "endoquiz"], Path(tmp) / "source")
    print(
        f"cold start (--self-test, median of {RUNS}): bundle {bundled * 1000:.0f} ms, "
        f"source checkout {source * 1000:.0f} ms, ratio {bundled / source:.2f}x"
    )


if __name__ == "__main__":
    main(Path(sys.argv[1]))
