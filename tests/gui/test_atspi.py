"""What a screen reader gets over AT-SPI from the real app on an X display:
every control named, the card's text readable, the counts and ratings there
as the learner studies with the keyboard.

Runs when the machine has what AT-SPI needs (Xvfb, a D-Bus session daemon,
at-spi2-core, xdotool and the system Python's pyatspi: on Debian `xvfb dbus
at-spi2-core xdotool python3-pyatspi`); `tests/gui/test_accessibility.py`
checks the same through Qt's own interfaces everywhere.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

SYSTEM_PYTHON = "/usr/bin/python3"
BUS_LAUNCHER = next(
    (
        path
        for path in (
            "/usr/libexec/at-spi-bus-launcher",
            "/usr/lib/at-spi2-core/at-spi-bus-launcher",
        )
        if Path(path).exists()
    ),
    None,
)
TREE_SCRIPT = Path(__file__).with_name("atspi_tree.py")
# How long the app may take to show what a key asked for (a loaded CI
# machine); the tree is read again until it does.
WAIT_S = 30.0
# What a screen reader must be able to say for each of these roles.
CONTROLS = {"push button", "check box", "radio button", "combo box", "spin button", "tree"}
Node = dict[str, Any]


def _missing_tools() -> str | None:
    for tool in ("Xvfb", "dbus-daemon", "xdotool"):
        if shutil.which(tool) is None:
            return f"{tool} is not installed"
    if BUS_LAUNCHER is None:
        return "at-spi2-core is not installed"
    probe = (
        subprocess.run([SYSTEM_PYTHON, "-c", "import pyatspi"], capture_output=True, check=False)
        if Path(SYSTEM_PYTHON).exists()
        else None
    )
    if probe is None or probe.returncode != 0:
        return "the system Python has no pyatspi"
    return None


pytestmark = pytest.mark.skipif(
    sys.platform != "linux" or _missing_tools() is not None,
    reason=f"AT-SPI is not available here: {_missing_tools()}",
)


def _first_line(process: subprocess.Popen[str]) -> str:
    assert process.stdout is not None
    return process.stdout.readline().strip()


@pytest.fixture
def desktop(tmp_path: Path) -> Iterator[dict[str, str]]:
    """A private X display and D-Bus session with the accessibility bus:
    the environment to start the app and a screen reader's client in."""
    processes: list[subprocess.Popen[str]] = []

    def start(command: list[str], env: dict[str, str] | None = None) -> subprocess.Popen[str]:
        process = subprocess.Popen(
            command, env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True
        )
        processes.append(process)
        return process

    try:
        bus = start(["dbus-daemon", "--session", "--nofork", "--print-address=1"])
        xvfb = start(["Xvfb", "-displayfd", "1", "-screen", "0", "1400x900x24", "-nolisten", "tcp"])
        env = {
            **{k: v for k, v in os.environ.items() if k != "QT_QPA_PLATFORM"},
            "DBUS_SESSION_BUS_ADDRESS": _first_line(bus),
            "DISPLAY": f":{_first_line(xvfb)}",
            "QT_LINUX_ACCESSIBILITY_ALWAYS_ON": "1",
            "HOME": str(tmp_path),
            "XDG_RUNTIME_DIR": str(tmp_path),
        }
        start([str(BUS_LAUNCHER), "--launch-immediately"], env)
        yield env | {"ENDOQUIZ_TEST_DATA": str(tmp_path / "data")}
    finally:
        for process in reversed(processes):
            process.terminate()
            process.wait(timeout=10)
            if process.stdout is not None:
                process.stdout.close()


def _tree(env: dict[str, str]) -> Node | None:
    done = subprocess.run(
        [SYSTEM_PYTHON, str(TREE_SCRIPT)], env=env, capture_output=True, text=True, check=False
    )
    return json.loads(done.stdout) if done.returncode == 0 and done.stdout.strip() else None


def _nodes(root: Node) -> Iterator[Node]:
    yield root
    for child in root["children"]:
        yield from _nodes(child)


def _wait_for(env: dict[str, str], shows: Callable[[list[Node]], bool]) -> list[Node]:
    """The showing nodes of the app's tree, once `shows` holds for them."""
    deadline = time.monotonic() + WAIT_S
    nodes: list[Node] = []
    while time.monotonic() < deadline:
        tree = _tree(env)
        nodes = [node for node in _nodes(tree) if node["showing"]] if tree else []
        if nodes and shows(nodes):
            return nodes
    raise AssertionError(f"not shown within {WAIT_S} s; the tree had {nodes}")


def _unnamed(nodes: list[Node]) -> list[Node]:
    return [
        node
        for node in nodes
        if node["role"] in CONTROLS and not (node["name"] or node["description"] or node["text"])
    ]


def _key(env: dict[str, str], *keys: str) -> None:
    subprocess.run(["xdotool", "key", *keys], env=env, check=True)


def test_a_screen_reader_hears_the_deck_list_the_card_and_the_ratings(
    desktop: dict[str, str],
) -> None:
    app = subprocess.Popen(
        [sys.executable, "-m", "endoquiz", "--data-dir", desktop["ENDOQUIZ_TEST_DATA"]],
        env=desktop,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        decks = _wait_for(desktop, lambda nodes: any(n["role"] == "tree" for n in nodes))
        assert _unnamed(decks) == []
        cells = [n["name"] for n in decks if n["role"] == "table cell"]
        assert "Insulin Resistance and Hormonal Balance" in cells
        assert any(name.endswith(" new") for name in cells)  # counts say what they count
        buttons = {n["name"] for n in decks if n["role"] == "push button"}
        assert {"Study the selected deck", "Take a quiz on the selected deck"} <= buttons

        # The keyboard alone: give the window the focus (there is no window
        # manager to), then Enter studies the selected deck.
        subprocess.run(["xdotool", "mousemove", "200", "54", "click", "1"], env=desktop, check=True)
        _key(desktop, "Return")
        front = _wait_for(desktop, lambda nodes: any(n["name"] == "Studying" for n in nodes))
        assert _unnamed(front) == []
        counts = next(n for n in front if n["description"] == "Cards left")
        assert counts["name"].startswith("New ")
        card = next(n for n in front if n["name"] == "Card")
        assert card["text"].strip()

        _key(desktop, "space")
        back = _wait_for(desktop, lambda nodes: any(n["name"] == "Good (3)" for n in nodes))
        assert _unnamed(back) == []
        ratings = {n["name"]: n["description"] for n in back if n["role"] == "push button"}
        assert set(ratings) >= {"Again (1)", "Hard (2)", "Good (3)", "Easy (4)"}
        assert all("due again in" in ratings[name] for name in ratings if "(" in name)
        card_back = next(n for n in back if n["name"] == "Card")
        assert len(card_back["text"]) > len(card["text"])  # the answer is read too

        _key(desktop, "3")
        after = _wait_for(
            desktop,
            lambda nodes: any(
                n["description"] == "Cards left" and n["name"] != counts["name"] for n in nodes
            ),
        )
        assert next(n for n in after if n["description"] == "Cards left")["name"] != counts["name"]
    finally:
        app.terminate()
        app.wait(timeout=10)
