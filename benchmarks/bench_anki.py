"""endoquiz against Anki 26.9.3 on the same cards: install, session open, search.

Each side runs in a process of its own (endoquiz_side.py in endoquiz's venv,
anki_side.py in build/venv-anki, which `make bench-anki` installs from
requirements/anki-reference.txt), speaking JSON lines (side_protocol.py).
The cards are anki_cards.py's, written as an endoquiz deck and as the CSV
file Anki imports, every kind mapped to a notetype. At 1k, 10k and 100k cards:

1. Install a deck of N cards into a fresh data folder: `Library.add_deck`,
   and `Library.install_decks` (File → Import), against Anki's
   `get_csv_metadata` + `import_csv` into a fresh collection.
2. A collection of N cards in five decks below `biology`, with a study
   history written alike on both sides (anki_cards.planned_progress: about
   65% of the cards studied, one to four answers each; endoquiz gets it as a
   progress file, Anki in SQL), built once per side and size: open a study
   session on `biology` and show the first card (`Library.review`,
   `next_card`, `counts`) against Anki's v3 `get_queued_cards` (its queues
   dropped before each); and endoquiz's own 100k / 1k ratio.
3. At the largest size, every search of docs/search.md (anki_queries.py)
   through `Library.search_cards` (keys only, as the browser and `endoquiz
   cards` get them) against `find_cards`, unsorted and sorted by due; at
   the smaller sizes a few of them (GROWTH_SEARCHES), to show how a search's
   cost grows with the collection.

Every pair runs interleaved, A then B, then B then A, for several rounds;
a ratio is taken within each round and the median printed. Each side's peak
resident memory (its own getrusage) is printed for information.

Run: `make bench-anki`, or `cd benchmarks && ../.venv/bin/python bench_anki.py
--anki-python ../build/venv-anki/bin/python` (`--sizes 1000` for a quick run).
"""

from __future__ import annotations

import argparse
import contextlib
import itertools
import json
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import IO, Any

from anki_cards import (
    collection_decks,
    generate_entries,
    study_day_start,
    write_anki_csv,
    write_yaml_deck,
)
from anki_queries import every_search

HERE = Path(__file__).resolve().parent
SIZES = (1_000, 10_000, 100_000)
# The searches timed at every size (the rest at the largest only), unsorted:
# how a search's cost grows from 1k to 10k to 100k cards.
GROWTH_SEARCHES = ("(all cards)", "word", "tag:T", "is:due", "rated:N")
INSTALL_ROUNDS = {1_000: 5, 10_000: 3}
INSTALL_ROUNDS_LARGE = 3
SESSION_ROUNDS = 7
SEARCH_ROUNDS = 5
INSTALL_DECK = "bench/install"
SESSION_GOAL_MS = 50.0
SESSION = "open a session, first card"


class Side:
    """One side's process: send a command, read its answer."""

    def __init__(self, name: str, python: str, script: str) -> None:
        self.name = name
        self.process = subprocess.Popen(
            [python, str(HERE / script)],
            cwd=HERE,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        self.peak_rss_mib = 0.0

    def ask(self, do: str, **arguments: Any) -> dict[str, Any]:
        stdin, stdout = self._pipes()
        try:
            stdin.write(json.dumps({"do": do, **arguments}) + "\n")
            stdin.flush()
            line = stdout.readline()
        except BrokenPipeError:
            line = ""
        if not line:
            raise SystemExit(f"bench-anki: the {self.name} side stopped (its error is above)")
        answer: dict[str, Any] = json.loads(line)
        self.peak_rss_mib = answer["peak_rss_mib"]
        return answer

    def close(self) -> None:
        """Ask the side to quit; one that stopped already is waited for."""
        # A side that stopped leaves a broken pipe, and perhaps a write to it
        # still in the buffer: nothing to say to it then.
        with contextlib.suppress(BrokenPipeError):
            self.process.communicate(json.dumps({"do": "quit"}) + "\n")
        self.process.wait()

    def _pipes(self) -> tuple[IO[str], IO[str]]:
        assert self.process.stdin is not None and self.process.stdout is not None
        return self.process.stdin, self.process.stdout


@dataclass
class Pair:
    """Times of one measure on both sides, round by round."""

    work: str
    ours: list[float] = field(default_factory=list)
    anki: list[float] = field(default_factory=list)
    found: str = ""

    @property
    def ratio(self) -> float:
        return statistics.median(a / b for a, b in zip(self.ours, self.anki, strict=True))

    @property
    def medians(self) -> tuple[float, float]:
        """The median time of each side: endoquiz's, Anki's."""
        return statistics.median(self.ours), statistics.median(self.anki)

    def line(self) -> str:
        ours, anki = self.medians
        return f"| {self.work} | {ours:,.1f} | {anki:,.1f} | {self.ratio:.2f}x | {self.found} |"


def interleaved(
    rounds: int, ours: Callable[[int], dict[str, Any]], anki: Callable[[int], dict[str, Any]]
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Run both sides `rounds` times, alternating which goes first."""
    our_answers, anki_answers = [], []
    for number in range(rounds):
        if number % 2 == 0:
            our_answers.append(ours(number))
            anki_answers.append(anki(number))
        else:
            anki_answers.append(anki(number))
            our_answers.append(ours(number))
    return our_answers, anki_answers


def times(answers: list[dict[str, Any]]) -> list[float]:
    return [answer["ms"] for answer in answers]


def progress(text: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {text}", flush=True)


class Benchmark:
    """The measures, in a scratch folder, with both sides running."""

    def __init__(self, folder: Path, endoquiz: Side, anki: Side) -> None:
        self.folder = folder
        self.endoquiz = endoquiz
        self.anki = anki
        self.pairs: list[Pair] = []
        # Per measure, its pair at each size: how each cost grows.
        self.growth: dict[str, dict[int, Pair]] = {}
        self.memory: list[str] = []

    def measure(self, sizes: tuple[int, ...]) -> None:
        # One collection per side and size, built once, the largest last
        # (the searches run on it); the installs after them, so that each
        # side's peak memory is first that of its collections.
        # Every answer of the history before today's study day (see
        # anki_cards.planned_progress).
        until = study_day_start(datetime.now().astimezone())
        for size in sizes:
            self.build(size, int(until.timestamp() * 1000))
            self.session(size)
            self.search(size, every=size == sizes[-1])
            self.note_memory(f"with the {size:,}-card collection")
        for size in sizes:
            self.install(size)
        self.note_memory("after the installs, up to the largest")

    def note_memory(self, when: str) -> None:
        ours, anki = self.endoquiz.peak_rss_mib, self.anki.peak_rss_mib
        self.memory.append(f"| {when} | {ours:,.0f} | {anki:,.0f} | {ours / anki:.2f}x |")

    def install(self, size: int) -> None:
        entries = generate_entries(size)
        deck = self.folder / f"install-{size}.yaml"
        csv = self.folder / f"install-{size}.csv"
        write_yaml_deck(deck, INSTALL_DECK, entries)
        write_anki_csv(csv, INSTALL_DECK, entries)
        rounds = INSTALL_ROUNDS.get(size, INSTALL_ROUNDS_LARGE)
        for how, label in (("add_deck", "add_deck"), ("install_decks", "File → Import")):
            progress(f"install {size:,} cards: endoquiz {label} / Anki import_csv, {rounds} rounds")
            ours, anki = interleaved(
                rounds,
                lambda n, how=how: self.endoquiz.ask(  # type: ignore[misc]
                    "install",
                    deck=str(deck),
                    folder=str(self.scratch(f"eq-{size}-{how}-{n}")),
                    how=how,
                ),
                lambda n, how=how: self.anki.ask(  # type: ignore[misc]
                    "install", csv=str(csv), folder=str(self.scratch(f"anki-{size}-{how}-{n}"))
                ),
            )
            pair = Pair(
                f"install {size:,} cards ({label} / import_csv)",
                times(ours),
                times(anki),
                f"{ours[0]['cards']:,} / {anki[0]['cards']:,} cards",
            )
            self.add(pair, grows=(f"install ({label} / import_csv)", size))

    def scratch(self, name: str) -> Path:
        return self.folder / name

    def build(self, size: int, until_ms: int) -> None:
        decks = []
        for number, deck_id, entries in collection_decks(size):
            stem = self.folder / f"{deck_id.replace('/', '-')}-{size}"
            write_yaml_deck(stem.with_suffix(".yaml"), deck_id, entries)
            write_anki_csv(stem.with_suffix(".csv"), deck_id, entries)
            decks.append((number, deck_id, str(stem)))
        for side, suffix in ((self.endoquiz, ".yaml"), (self.anki, ".csv")):
            progress(f"build the {size:,}-card collection with its history: {side.name}")
            built = side.ask(
                "build",
                decks=[[number, deck_id, stem + suffix] for number, deck_id, stem in decks],
                folder=str(self.scratch(f"{side.name}-collection-{size}/data")),
                until_ms=until_ms,
            )
            progress(
                f"  {built['cards']:,} cards, {built['answers']:,} answers "
                f"in {built['ms'] / 1000:.1f} s"
            )

    def session(self, size: int) -> None:
        progress(f"open a session at {size:,} cards, {SESSION_ROUNDS} rounds")
        ours, anki = interleaved(
            SESSION_ROUNDS,
            lambda _: self.endoquiz.ask("session"),
            lambda _: self.anki.ask("session"),
        )
        pair = Pair(
            f"{SESSION}, {size:,} cards",
            times(ours),
            times(anki),
            f"counts {ours[0]['counts']} / {anki[0]['counts']}",
        )
        self.add(pair, grows=(SESSION, size))

    def search(self, size: int, *, every: bool) -> None:
        searches = every_search()
        if not every:
            # The first pair of each growth term (tag:T has two).
            searches = [
                next(found for found in searches if found[0] == term) for term in GROWTH_SEARCHES
            ]
        progress(f"{len(searches)} searches at {size:,} cards, {SEARCH_ROUNDS} rounds each")
        for term, pair in searches:
            for by_due in (False, True) if every else (False,):
                label = f"search {pair.endoquiz or '(empty)'}{' by due' if by_due else ''}"
                if pair.anki is None:
                    self.pairs.append(Pair(f"{label} (Anki: no equivalent)"))
                    print(f"  {label}: Anki has no equivalent", flush=True)
                    continue
                anki_query = pair.anki
                ours, anki = interleaved(
                    SEARCH_ROUNDS,
                    lambda _, q=pair.endoquiz, d=by_due: self.endoquiz.ask(  # type: ignore[misc]
                        "search", query=q, by_due=d
                    ),
                    lambda _, q=anki_query, d=by_due: self.anki.ask(  # type: ignore[misc]
                        "search", query=q, by_due=d
                    ),
                )
                found = f"{ours[0]['found']:,} / {anki[0]['found']:,}"
                if pair.anki != pair.endoquiz:
                    found += f"; Anki: `{pair.anki}`"
                if pair.note:
                    found += f"; {pair.note}"
                grows = (f"search {term}", size) if term in GROWTH_SEARCHES and not by_due else None
                self.add(Pair(f"{label} [{term}]", times(ours), times(anki), found), grows=grows)

    def add(self, pair: Pair, grows: tuple[str, int] | None = None) -> None:
        self.pairs.append(pair)
        if grows:
            measure, size = grows
            self.growth.setdefault(measure, {})[size] = pair
        print(f"  {pair.line()}", flush=True)

    def report_growth(self) -> None:
        """Each cost from one size to the next, on each side, and the goal
        of endoquiz's session open."""
        sizes = sorted(self.growth.get(SESSION, {}))
        if len(sizes) < 2:
            return
        steps = list(itertools.pairwise(sizes))
        at = " | ".join(f"{size:,} cards, ms" for size in sizes)
        heads = " | ".join(f"{small:,} → {large:,}" for small, large in steps)
        print(f"\n| how the time grows, endoquiz / Anki | {at} | {heads} |")
        print("|---|" + "---|" * (len(sizes) + len(steps)))
        for measure, pairs in self.growth.items():
            if any(size not in pairs for size in sizes):
                continue
            times_at = [
                " / ".join(f"{median:,.1f}" for median in pairs[size].medians) for size in sizes
            ]
            cells = [
                " / ".join(
                    f"{after / before:.1f}x"
                    for after, before in zip(
                        pairs[large].medians, pairs[small].medians, strict=True
                    )
                )
                for small, large in steps
            ]
            print(f"| {measure} | {' | '.join(times_at)} | {' | '.join(cells)} |")
        sessions = {size: pair.medians[0] for size, pair in self.growth[SESSION].items()}
        smallest, largest = sizes[0], sizes[-1]
        print(
            f"\nendoquiz session open: {sessions[largest]:.1f} ms at {largest:,} cards, "
            f"{sessions[largest] / sessions[smallest]:.2f}x its time at {smallest:,} "
            f"(goal: <= 2x and < {SESSION_GOAL_MS:.0f} ms)"
        )

    def report(self) -> None:
        print("\n| work | endoquiz ms | Anki ms | ratio endoquiz/Anki | cards found or shown |")
        print("|---|---|---|---|---|")
        for pair in self.pairs:
            print(pair.line() if pair.ours else f"| {pair.work} | — | — | — | |")
        self.report_growth()
        print("\n| peak resident memory (MiB) | endoquiz | Anki | ratio |")
        print("|---|---|---|---|")
        print("\n".join(self.memory))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--anki-python", default=str(HERE.parent / "build/venv-anki/bin/python"))
    parser.add_argument(
        "--sizes",
        default=",".join(str(size) for size in SIZES),
        help="card counts, comma-separated (default: %(default)s)",
    )
    args = parser.parse_args()
    try:
        sizes = tuple(sorted(int(size) for size in args.sizes.split(",")))
    except ValueError:
        sizes = ()
    if not sizes or min(sizes) < 5:
        parser.error(
            f"--sizes takes card counts of 5 or more, separated by commas, not {args.sizes!r}"
        )
    if not Path(args.anki_python).exists():
        parser.error(f"no Anki venv at {args.anki_python}: run `make bench-anki`")
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="endoquiz-bench-anki-") as tmp:
        endoquiz = Side("endoquiz", sys.executable, "endoquiz_side.py")
        anki = Side("anki", args.anki_python, "anki_side.py")
        try:
            benchmark = Benchmark(Path(tmp), endoquiz, anki)
            benchmark.measure(sizes)
        finally:
            endoquiz.close()
            anki.close()
    benchmark.report()
    print(f"\n(bench-anki took {(time.perf_counter() - started) / 60:.1f} minutes)")


if __name__ == "__main__":
    main()
