"""The core never imports Qt: only `endoquiz.gui` may."""

from __future__ import annotations

import ast
import subprocess
import sys
import textwrap
from pathlib import Path

import endoquiz

PACKAGE = Path(endoquiz.__file__).parent
GUI = PACKAGE / "gui"


def core_modules() -> list[Path]:
    return [p for p in PACKAGE.rglob("*.py") if GUI not in p.parents]


def imported_names(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


def test_no_core_module_imports_qt_in_its_source() -> None:
    modules = core_modules()
    assert len(modules) >= 8
    offenders = {
        str(path.relative_to(PACKAGE)): sorted(n for n in imported_names(path) if "PySide" in n)
        for path in modules
    }
    assert {k: v for k, v in offenders.items() if v} == {}


def test_core_works_with_qt_made_unimportable(tmp_path: Path) -> None:
    """Catches indirect imports too: every core module loads, and a deck
    validates, in a process where importing PySide6 fails."""
    deck = tmp_path / "d.yaml"
    deck.write_text("endoquiz: 1\nid: d\ntitle: D\ncards:\n  - {id: a, front: Q, back: A}\n")
    script = textwrap.dedent(
        f"""
        import importlib, pkgutil, sys
        class BlockQt:
            def find_spec(self, name, path=None, target=None):
                if name.split(".")[0] in ("PySide6", "shiboken6"):
                    raise ImportError("Qt is blocked in the core")
        sys.meta_path.insert(0, BlockQt())
        import endoquiz
        for info in pkgutil.walk_packages(endoquiz.__path__, "endoquiz."):
            if not info.name.startswith("endoquiz.gui") and info.name != "endoquiz.__main__":
                importlib.import_module(info.name)
        from endoquiz.cli import main
        sys.exit(main(["validate", "--quiet", {str(deck)!r}]))
        """
    )
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    assert "PySide6" not in result.stderr
