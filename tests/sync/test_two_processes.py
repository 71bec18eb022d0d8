"""Two endoquiz processes sync through a folder a third process copies, killed at random.

Each "computer" is a process (tests/sync/sync_worker.py) on its own data
folder and its own copy of the sync folder; a copier process
(tests/sync/sync_copier.py) moves journal files between the two copies as
Syncthing would: new files and grown ones, sometimes half a file first, in
any order, never deleting. The test SIGKILLs the computers at moments chosen
by counting their progress lines (mid-answer, mid-sync, mid-write), restarts
them, and at the end makes every file whole and syncs each computer twice:
both hold the same review log and card states, every answer a process
reported committed is there, and both databases check sound.
"""

from __future__ import annotations

import os
import random
import selectors
import signal
import subprocess
import sys
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import IO

import pytest

from endoquiz import Library, Rating
from tests.conftest import T0, basic_deck

if not hasattr(signal, "SIGKILL"):
    pytest.skip("SIGKILL does not exist on this system (Windows)", allow_module_level=True)

HERE = Path(__file__).parent
SRC = HERE.parents[1] / "src"
CARDS = ["a", "b", "c", "d", "e"]
SEED = 20
ROUNDS = 10  # runs of both computers, each run maybe killed
STEPS = 14  # answers and syncs a run would do if not killed


@dataclass
class Computer:
    """One computer: its data folder, its copy of the sync folder, its running process."""

    number: int
    data: Path
    sync_copy: Path
    committed: Path
    process: subprocess.Popen[bytes] | None = None
    lines: list[str] = field(default_factory=list)
    pending: bytes = b""
    kill_after: int | None = None
    killed: int = 0


def _env() -> dict[str, str]:
    env = dict(os.environ)
    # The workers import this checkout's endoquiz, and the tests' helpers.
    env["PYTHONPATH"] = os.pathsep.join([str(SRC), str(HERE.parents[1]), env.get("PYTHONPATH", "")])
    return env


def _start(computer: Computer, seed: int, kill_after: int | None) -> None:
    computer.process = subprocess.Popen(
        [
            sys.executable,
            str(HERE / "sync_worker.py"),
            str(computer.data),
            str(computer.sync_copy),
            str(computer.committed),
            str(computer.number),
            str(seed),
            str(STEPS),
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=_env(),
    )
    computer.lines = []
    computer.pending = b""
    computer.kill_after = kill_after


def _run_round(computers: list[Computer], copier_in: IO[str]) -> None:
    """Read both computers' progress lines as they come, kill each at its
    chosen count, and let the copier copy a little at every line."""
    selector = selectors.DefaultSelector()
    for computer in computers:
        assert computer.process is not None and computer.process.stdout is not None
        selector.register(computer.process.stdout, selectors.EVENT_READ, computer)
    open_pipes = len(computers)
    while open_pipes:
        for key, _ in selector.select():
            computer = key.data
            process = computer.process
            chunk = os.read(key.fd, 4096)
            if not chunk:
                selector.unregister(key.fileobj)
                open_pipes -= 1
                continue
            computer.pending += chunk
            *whole, computer.pending = computer.pending.split(b"\n")
            for line in whole:
                computer.lines.append(line.decode())
                copier_in.write("copy 2\n")
                copier_in.flush()
                if len(computer.lines) == computer.kill_after:
                    process.send_signal(signal.SIGKILL)
                    computer.killed += 1
    selector.close()
    for computer in computers:
        process = computer.process
        assert process is not None and process.stderr is not None
        code = process.wait()
        error = process.stderr.read().decode()
        process.stdout.close()  # type: ignore[union-attr]
        process.stderr.close()
        if code != -signal.SIGKILL:
            assert code == 0, f"computer {computer.number} failed:\n{error}"
            assert computer.lines[-1] == "done"


def _committed(computer: Computer) -> set[tuple[str, Rating, datetime]]:
    """The answers the computer reported committed (whole lines only)."""
    found = set()
    for line in computer.committed.read_text(encoding="utf-8").splitlines(keepends=True):
        if line.endswith("\n"):
            card, rating, at = line.split()
            found.add((card, Rating[rating], datetime.fromisoformat(at)))
    return found


def _log(library: Library) -> list[tuple[str, Rating, datetime]]:
    return sorted((e.card_id, e.rating, e.reviewed_at) for e in library.review_log())


def test_two_processes_killed_at_random_end_equal(tmp_path: Path) -> None:
    deck = tmp_path / "deck.yaml"
    deck.write_text(basic_deck("d", CARDS), encoding="utf-8")
    computers = []
    for number in range(2):
        computer = Computer(
            number,
            tmp_path / f"data{number}",
            tmp_path / f"sync{number}",
            tmp_path / f"committed{number}.txt",
        )
        computer.sync_copy.mkdir()
        with Library.open(computer.data, fuzz=False, timezone=UTC) as library:
            library.add_deck(deck, now=T0)
        computers.append(computer)

    rng = random.Random(SEED)
    copier = subprocess.Popen(
        [
            sys.executable,
            str(HERE / "sync_copier.py"),
            str(computers[0].sync_copy),
            str(computers[1].sync_copy),
            str(rng.randrange(2**32)),
        ],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        env=_env(),
    )
    assert copier.stdin is not None and copier.stdout is not None
    try:
        for _ in range(ROUNDS):
            for computer in computers:
                # Most runs are cut short somewhere: at opening, mid-answer,
                # mid-sync (writing a segment, merging), or just before closing.
                kill_after = rng.randint(1, STEPS + 1) if rng.random() < 0.8 else None
                _start(computer, rng.randrange(2**32), kill_after)
            _run_round(computers, copier.stdin)

        def make_whole() -> None:
            copier.stdin.write("whole\n")  # type: ignore[union-attr]
            copier.stdin.flush()  # type: ignore[union-attr]
            assert copier.stdout.readline() == "whole\n"  # type: ignore[union-attr]

        libraries = [Library.open(c.data, fuzz=False, timezone=UTC) for c in computers]
        try:
            for _ in range(2):
                for library, computer in zip(libraries, computers, strict=True):
                    library.sync(computer.sync_copy)
                make_whole()
            for library, computer in zip(libraries, computers, strict=True):
                library.sync(computer.sync_copy)

            assert sum(c.killed for c in computers) >= ROUNDS  # it did kill them
            logs = [_log(library) for library in libraries]
            assert logs[0] == logs[1]
            committed = _committed(computers[0]) | _committed(computers[1])
            assert len(committed) > 20  # they did answer
            assert committed <= set(logs[0])
            states = [[library.card_state("d", card) for card in CARDS] for library in libraries]
            assert states[0] == states[1]
            for library in libraries:
                check = library.check_database()
                assert check.sound, check.report()
        finally:
            for library in libraries:
                library.close()
    finally:
        for computer in computers:
            # A failed round leaves none running (a no-op on one that ended).
            if computer.process is not None and computer.process.poll() is None:
                computer.process.kill()
                computer.process.wait()
        copier.stdin.close()
        copier.wait()
        copier.stdout.close()
