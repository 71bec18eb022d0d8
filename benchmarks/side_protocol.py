"""How bench_anki.py talks to each side's process: one JSON object a line.

The parent writes a command (`{"do": name, ...arguments}`) to the side's
stdin; the side answers with one JSON object on stdout, to which this adds
the process's peak resident memory so far. Whatever a library prints goes to
stderr, so that stdout carries answers only. Nothing is pickled.
"""

from __future__ import annotations

import json
import resource
import sys
from collections.abc import Callable, Mapping
from typing import Any

Handler = Callable[..., dict[str, Any]]
# What each side does, a method of the same name on each side's class.
COMMANDS = ("install", "build", "session", "search")


def peak_rss_mib() -> float:
    """The peak resident memory of this process (Linux reports KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def serve(handlers: Mapping[str, Handler]) -> None:
    """Answer commands until stdin ends or says `quit`."""
    answers = sys.stdout
    sys.stdout = sys.stderr
    for line in sys.stdin:
        command = json.loads(line)
        name = command.pop("do")
        if name == "quit":
            break
        answer = handlers[name](**command)
        answer["peak_rss_mib"] = round(peak_rss_mib(), 1)
        answers.write(json.dumps(answer) + "\n")
        answers.flush()


def serve_side(side: object) -> None:
    """Answer COMMANDS with the methods of `side` named after them."""
    serve({name: getattr(side, name) for name in COMMANDS})
