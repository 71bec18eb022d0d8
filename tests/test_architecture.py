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


# The core's packages, lowest first: a module may import its own layer and
# those below, never one above (docs/architecture.md). Everything else (the
# CLI, the GUI, the generator, `endoquiz` itself with its re-exports) sits
# on top and may import any of them.
LAYERS = {
    "common": 0,
    "decks": 1,
    "scheduling": 1,
    "store": 2,
    "study": 3,
    "progress": 3,
    "anki": 3,
    "sync": 3,
    "library": 4,
}
TOP = max(LAYERS.values()) + 1


def layer_of(module: str) -> int | None:
    """The layer of an endoquiz module's dotted name; None outside endoquiz."""
    parts = module.split(".")
    if parts[0] != "endoquiz":
        return None
    return LAYERS.get(parts[1], TOP) if len(parts) > 1 else TOP


def test_every_core_package_is_a_known_layer() -> None:
    packages = {p.parent.name for p in PACKAGE.glob("*/__init__.py")}
    assert packages - {"gui", "generator", "cli"} == set(LAYERS)


def test_no_module_imports_a_layer_above_its_own() -> None:
    upward = []
    for path in PACKAGE.rglob("*.py"):
        name = ".".join(("endoquiz", *path.relative_to(PACKAGE).with_suffix("").parts))
        own = layer_of(name.removesuffix(".__init__"))
        assert own is not None
        for imported in imported_names(path):
            other = layer_of(imported)
            if other is not None and other > own:
                upward.append(f"{path.relative_to(PACKAGE)} imports {imported}")
    assert upward == []
