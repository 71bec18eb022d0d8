"""docs/reliability.md stays true: every test it names exists and is collected."""

from __future__ import annotations

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# `tests/x.py::test_name`, or `::test_name` for another test of the file before.
REFERENCE = re.compile(r"`(tests/[\w/]+\.py)?::(test_\w+)`")


def named_tests() -> list[tuple[str, str]]:
    text = (ROOT / "docs" / "reliability.md").read_text(encoding="utf-8")
    named, current = [], None
    for match in REFERENCE.finditer(text):
        current = match[1] or current
        assert current is not None, f"`::{match[2]}` names no file before it"
        named.append((current, match[2]))
    return named


def test_every_test_the_reliability_page_names_exists() -> None:
    named = named_tests()
    assert len(named) >= 30
    missing = []
    for file, name in named:
        path = ROOT / file
        tree = ast.parse(path.read_text(encoding="utf-8")) if path.exists() else None
        defined = (
            {node.name for node in ast.walk(tree) if isinstance(node, ast.FunctionDef)}
            if tree
            else set()
        )
        if name not in defined:
            missing.append(f"{file}::{name}")
    assert missing == []
