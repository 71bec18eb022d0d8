"""Start-up time and memory of endoquiz against Anki's desktop app (issue 16).

Both apps start on the same cards, and are timed from the moment the process
is started to the moment their deck list is shown, where the memory of the
whole process tree is read from /proc:

- endoquiz: `python -m endoquiz --data-dir DIR` with ENDOQUIZ_REPORT_SHOWN=1,
  which prints the time once the main window with its deck list is drawn.
- Anki: the `anki` command of Anki 26.9.3's desktop app (`aqt[qt6]`, locked in
  requirements/anki-gui.txt, installed in build/venv-anki-gui by the Makefile,
  never in the app's venv) with `-b BASE`, a base folder made by
  anki_start_profile.py (one profile, no first-run dialog, no update check,
  no sync) holding anki_start_addon.py as an add-on: it prints the time once
  the deck browser has rendered and its web page's DOM is ready.

Two sizes: the bundled decks alone, and the bundled decks with 20 generated
ones (bench_foundation's generator), about 100,000 cards. Anki gets the same
cards, each as a Basic note (front and back as endoquiz shows them) in a deck
of the same name, "::" for "/". Each app starts once untimed (bytecode,
caches), then the two are started in turn RUNS times: the medians, and the
median of each round's ratio.

Memory, summed over the process tree (Anki's QtWebEngine runs a GPU process
and renderers beside Python): PSS, each process's share of the pages it
maps (a library shared by three processes counts a third in each, so the sum
is what the tree costs in RAM); RSS, every mapped page counted in each
process that maps it; peak, the sum of each process's VmHWM.

Both run under QT_QPA_PLATFORM=offscreen (Anki's WebEngine draws there, in
software). As root, Chromium's sandbox refuses to start, so it is turned off
with QTWEBENGINE_DISABLE_SANDBOX=1, and the output says so.
Run: `make bench-anki-start` (Linux only: it reads /proc).
"""

from __future__ import annotations

import json
import os
import queue
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from contextlib import suppress
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from bench_foundation import write_generated_deck
from endoquiz import Library, bundled_decks_dir, load_deck
from endoquiz.gui.app import REPORT_SHOWN_ENV, SHOWN_LINE

RUNS = 5
# With the bundled decks, about 100,000 cards: an entry of the generator makes
# 1.4 cards on average (reverse and cloze entries make two).
GENERATED_DECKS, GENERATED_ENTRIES = 20, 3_572
# A start that has not shown its deck list by then is stuck (a dialog).
START_TIMEOUT_S = 120
HERE = Path(__file__).resolve().parent
REPO = HERE.parent
ANKI_VENV = REPO / "build" / "venv-anki-gui"
ANKI_STAMP = ANKI_VENV / ".installed"
ANKI_ADDON = "endoquiz_bench_shown"
AS_ROOT = os.geteuid() == 0
MIB = 1024 * 1024


@dataclass(frozen=True)
class Memory:
    """Bytes of a process tree, summed over its processes."""

    pss: int
    rss: int
    peak: int
    processes: int


@dataclass(frozen=True)
class Start:
    seconds: float
    memory: Memory
    decks_listed: int | None  # as Anki's page counts them; endoquiz does not say


def process_tree(root: int) -> list[int]:
    """`root` and every process descended from it."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:  # it ended meanwhile
            continue
        # The command name, in parentheses, may hold spaces: the fields after it count.
        parent = int(stat.rsplit(")", 1)[1].split()[1])
        children.setdefault(parent, []).append(int(entry.name))
    tree, pending = [], [root]
    while pending:
        pid = pending.pop()
        tree.append(pid)
        pending += children.get(pid, [])
    return tree


def _kib_fields(path: Path, names: tuple[str, ...]) -> dict[str, int]:
    found = {}
    for line in path.read_text().splitlines():
        name, _, value = line.partition(":")
        if name in names:
            found[name] = int(value.split()[0]) * 1024
    return found


def tree_memory(root: int) -> Memory:
    pss = rss = peak = processes = 0
    for pid in process_tree(root):
        try:
            status = _kib_fields(Path(f"/proc/{pid}/status"), ("VmRSS", "VmHWM"))
            rollup = _kib_fields(Path(f"/proc/{pid}/smaps_rollup"), ("Pss",))
        except OSError:  # it ended meanwhile
            continue
        if "VmRSS" not in status:  # a zombie maps nothing
            continue
        pss += rollup["Pss"]
        rss += status["VmRSS"]
        peak += status["VmHWM"]
        processes += 1
    return Memory(pss, rss, peak, processes)


def _lines_of(stream: IO[str], into: queue.Queue[str | None]) -> None:
    """Every line of `stream` into `into`, then None: the reader waits with a timeout."""
    for line in stream:
        into.put(line)
    into.put(None)


def start_until_shown(command: list[str], env: dict[str, str], log: Path) -> Start:
    """Start `command`, wait for its SHOWN_LINE, read its tree's memory, end it."""
    with log.open("w") as errors:
        started = time.time()
        process = subprocess.Popen(
            command,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=errors,
            text=True,
            start_new_session=True,  # its own process group, ended whole below
        )
        assert process.stdout is not None
        lines: queue.Queue[str | None] = queue.Queue()
        threading.Thread(target=_lines_of, args=(process.stdout, lines), daemon=True).start()
        try:
            shown = _wait_for_shown(lines, started + START_TIMEOUT_S)
            memory = tree_memory(process.pid)
            if not shown:
                raise SystemExit(
                    f"{command[0]} did not show its deck list within {START_TIMEOUT_S} s; "
                    f"its errors are in {log}:\n{log.read_text()[-3000:]}"
                )
        finally:
            _end(process)
    return Start(shown[0] - started, memory, shown[1])


def _wait_for_shown(
    lines: queue.Queue[str | None], deadline: float
) -> tuple[float, int | None] | None:
    """The time in the first SHOWN_LINE, and the decks it says were listed."""
    while (left := deadline - time.time()) > 0:
        try:
            line = lines.get(timeout=left)
        except queue.Empty:
            return None
        if line is None:  # the process ended
            return None
        if line.startswith(SHOWN_LINE):
            # Anki's add-on adds "with N decks": a page that lists none is no deck list.
            shown, *listed = line.removeprefix(SHOWN_LINE).split()
            decks = int(listed[1]) if listed else None
            if decks == 0:
                raise SystemExit(f"the deck list was shown empty: {line.strip()}")
            return float(shown), decks
    return None


def _end(process: subprocess.Popen[str]) -> None:
    """SIGTERM, which both apps take as Quit (each saves and closes its
    collection for the next start); then whatever of the group is left."""
    process.send_signal(signal.SIGTERM)
    try:
        process.wait(timeout=120)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
    with suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGKILL)  # QtWebEngine helpers left behind


def deck_files(folder: Path, generated: int) -> list[Path]:
    """The bundled decks' files, then `generated` generated decks written in `folder`."""
    bundled = bundled_decks_dir()
    if bundled is None:
        raise SystemExit("no bundled decks found beside endoquiz")
    paths = sorted(bundled.rglob("*.yaml"))
    folder.mkdir(parents=True)
    for number in range(generated):
        path = folder / f"deck-{number:02}.yaml"
        write_generated_deck(path, f"generated/deck-{number:02}", GENERATED_ENTRIES)
        paths.append(path)
    return paths


def prepare_endoquiz(data_dir: Path, generated_decks: Path | None) -> int:
    """A library with the generated decks; the bundled ones come at the first start."""
    with Library.open(data_dir) as library:
        if generated_decks is not None:
            _, errors = library.add_decks_in(generated_decks)
            if errors:
                raise SystemExit(f"generated decks refused: {errors[0]}")
        bundled = bundled_decks_dir()
        assert bundled is not None
        library.add_decks_in(bundled)
        return sum(deck.card_count for deck in library.decks())


def prepare_anki(base: Path, paths: list[Path], scratch: Path) -> int:
    """An Anki base folder whose profile holds the cards of `paths`; its card count."""
    cards = [
        [card.deck_id, card.front, card.back] for path in paths for card in load_deck(path).cards
    ]
    cards_file = scratch / "anki-cards.json"
    cards_file.write_text(json.dumps(cards), encoding="utf-8")
    script = HERE / "anki_start_profile.py"
    made = subprocess.run(
        [str(ANKI_VENV / "bin" / "python"), str(script), str(base), str(cards_file)],
        capture_output=True,
        text=True,
        check=False,
    )
    if made.returncode != 0:
        raise SystemExit(f"the Anki profile could not be made:\n{made.stdout}{made.stderr}")
    addon = base / "addons21" / ANKI_ADDON
    addon.mkdir(parents=True)
    shutil.copyfile(HERE / "anki_start_addon.py", addon / "__init__.py")
    return int(made.stdout.split()[-1])


def ensure_anki_venv() -> None:
    """Anki's desktop app in a venv of its own, made by the Makefile from the lock."""
    if ANKI_STAMP.exists():
        return
    print(f"installing Anki's desktop app into {ANKI_VENV.relative_to(REPO)} ...", flush=True)
    made = subprocess.run(["make", "-C", str(REPO), str(ANKI_STAMP.relative_to(REPO))])
    if made.returncode != 0:
        raise SystemExit("Anki's desktop app could not be installed (see above)")


def compare(label: str, endoquiz: Callable[[str], Start], anki: Callable[[str], Start]) -> None:
    """Interleaved starts of both, after one untimed start each: the medians,
    and the median of each round's ratio (a round's two starts see the same
    load on a shared machine)."""
    endoquiz("warm-up")
    anki("warm-up")
    rounds = [(endoquiz(f"run-{run}"), anki(f"run-{run}")) for run in range(RUNS)]
    print(f"\n{label}: {RUNS} rounds, an endoquiz start then an Anki start")
    print(f"  {'median':28}{'endoquiz':>12}{'Anki':>12}{'endoquiz/Anki':>15}")
    rows: list[tuple[str, Callable[[Start], float], str]] = [
        ("start to deck list shown", lambda s: s.seconds * 1000, "ms"),
        ("memory, PSS summed", lambda s: s.memory.pss / MIB, "MiB"),
        ("memory, RSS summed", lambda s: s.memory.rss / MIB, "MiB"),
        ("memory, peak RSS summed", lambda s: s.memory.peak / MIB, "MiB"),
    ]
    ratios = {}
    for name, value, unit in rows:
        mine = statistics.median(value(ours) for ours, _ in rounds)
        other = statistics.median(value(theirs) for _, theirs in rounds)
        ratios[name] = statistics.median(value(ours) / value(theirs) for ours, theirs in rounds)
        print(f"  {name:28}{mine:8.0f} {unit:3}{other:8.0f} {unit:3}{ratios[name]:12.2f}x")
    ours, theirs = rounds[0]
    print(
        f"  processes in the tree: endoquiz {ours.memory.processes}, Anki "
        f"{theirs.memory.processes}; Anki's deck list page listed {theirs.decks_listed} decks"
    )
    pss_ratio = ratios["memory, PSS summed"]
    verdict = "met" if pss_ratio < 1 / 3 else "NOT met"
    print(f"  goal: memory (PSS) under a third of Anki's: {pss_ratio:.2f}x, {verdict}")


def main() -> None:
    if not sys.platform.startswith("linux"):
        raise SystemExit("bench_anki_start.py reads /proc: it runs on Linux only")
    ensure_anki_venv()
    env = {key: value for key, value in os.environ.items() if key != "PYTHONDONTWRITEBYTECODE"}
    env |= {"QT_QPA_PLATFORM": "offscreen"}
    if AS_ROOT:
        env |= {"QTWEBENGINE_DISABLE_SANDBOX": "1"}
    print("endoquiz against Anki 26.9.3's desktop app (aqt), QT_QPA_PLATFORM=offscreen")
    if AS_ROOT:
        print("running as root: Chromium's sandbox is off in Anki (QTWEBENGINE_DISABLE_SANDBOX=1)")
    with tempfile.TemporaryDirectory(prefix="endoquiz-bench-anki-") as tmp:
        scratch = Path(tmp)
        env |= {"PYTHONPYCACHEPREFIX": str(scratch / "bytecode")}
        for size, generated in (("bundled decks", 0), ("about 100,000 cards", GENERATED_DECKS)):
            folder = scratch / str(generated)
            paths = deck_files(folder / "decks", generated)
            ours = prepare_endoquiz(folder / "endoquiz", folder / "decks" if generated else None)
            theirs = prepare_anki(folder / "anki", paths, folder)

            def endoquiz(run: str, data_dir: Path = folder / "endoquiz") -> Start:
                command = [sys.executable, "-m", "endoquiz", "--data-dir", str(data_dir)]
                log = data_dir.parent / f"endoquiz-{run}.log"
                return start_until_shown(command, env | {REPORT_SHOWN_ENV: "1"}, log)

            def anki(run: str, base: Path = folder / "anki") -> Start:
                command = [str(ANKI_VENV / "bin" / "anki"), "-b", str(base)]
                return start_until_shown(command, env, base.parent / f"anki-{run}.log")

            compare(f"{size} ({ours:,} cards in endoquiz, {theirs:,} in Anki)", endoquiz, anki)


if __name__ == "__main__":
    main()
