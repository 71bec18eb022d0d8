"""The front ends (GUI and CLI) reach the core only through `endoquiz`'s public API."""

from __future__ import annotations

import ast
from pathlib import Path

import endoquiz

PACKAGE = Path(endoquiz.__file__).parent
GUI = PACKAGE / "gui"
CLI_PACKAGE = PACKAGE / "cli"
# Every module of the command's package, and `python -m endoquiz`.
CLI = (*sorted(CLI_PACKAGE.rglob("*.py")), PACKAGE / "__main__.py")

# Besides `endoquiz` itself, what each front end may import of the package:
# the GUI its own modules; the CLI the GUI (to start it), the deck generator
# (`endoquiz generate`, a tool over articles with its own docs/generator.md,
# not the study core) and its own modules (which `__main__` runs too).
GUI_ALLOWED = ("endoquiz.gui",)
CLI_ALLOWED = ("endoquiz.gui", "endoquiz.generator", "endoquiz.cli")


def front_end_modules() -> list[Path]:
    return sorted(GUI.rglob("*.py")) + list(CLI)


def allowed_prefixes(path: Path) -> tuple[str, ...]:
    return GUI_ALLOWED if GUI in path.parents else CLI_ALLOWED


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports(source: str, path: Path) -> list[tuple[int, str, tuple[str, ...]]]:
    """Every import in `source`, the text of `path` (at the top, in functions,
    under TYPE_CHECKING): (line, module, names taken from it), relative
    imports resolved."""
    name = module_name(path)
    package = name if path.name == "__init__.py" else name.rsplit(".", 1)[0]
    found: list[tuple[int, str, tuple[str, ...]]] = []
    for node in ast.walk(ast.parse(source, str(path))):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name, ()) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            module = node.module or ""
            if node.level:
                parts = package.split(".")
                base = parts[: len(parts) - node.level + 1]
                module = ".".join([*base, module] if module else base)
            found.append((node.lineno, module, tuple(alias.name for alias in node.names)))
    return sorted(found)


def reaches_past_the_door(source: str, path: Path) -> list[str]:
    """`file:line: module` for each import in `source` (the text of `path`) of
    an endoquiz module other than the public `endoquiz` and the packages its
    front end may use, and for each name taken from `endoquiz` that
    `endoquiz.__all__` does not list."""
    allowed = allowed_prefixes(path)
    where = path.relative_to(PACKAGE.parent)
    offences = []
    for line, module, names in imports(source, path):
        if module == "endoquiz":
            offences += [
                f"{where}:{line}: endoquiz.{name} (not in endoquiz.__all__)"
                for name in names
                if name not in endoquiz.__all__
            ]
        elif module.startswith("endoquiz.") and not any(
            module == prefix or module.startswith(f"{prefix}.") for prefix in allowed
        ):
            offences.append(f"{where}:{line}: {module}")
    return offences


def test_the_front_ends_import_only_the_public_api() -> None:
    modules = front_end_modules()
    assert len(modules) >= 20 and all(path.is_file() for path in CLI)
    assert CLI_PACKAGE / "__init__.py" in CLI
    offences = [
        offence
        for path in modules
        for offence in reaches_past_the_door(path.read_text(encoding="utf-8"), path)
    ]
    assert offences == []


def test_an_import_past_the_door_is_named_with_its_file_and_line() -> None:
    """The check sees imports in functions and under TYPE_CHECKING, relative
    ones, and names taken from `endoquiz` that are not public."""
    source = (
        "from typing import TYPE_CHECKING\n"
        "from endoquiz import Library, library\n"
        "from endoquiz.gui.keys import close_with_keys\n"
        "if TYPE_CHECKING:\n"
        "    from endoquiz.study.card_search import CardMatch\n"
        "def show() -> None:\n"
        "    import endoquiz.study.statistics\n"
        "    from .. import scheduling\n"
        "    from ..paths import find_doc\n"
    )
    page = GUI / "page.py"
    assert reaches_past_the_door(source, page) == [
        "endoquiz/gui/page.py:2: endoquiz.library (not in endoquiz.__all__)",
        "endoquiz/gui/page.py:5: endoquiz.study.card_search",
        "endoquiz/gui/page.py:7: endoquiz.study.statistics",
        "endoquiz/gui/page.py:8: endoquiz.scheduling (not in endoquiz.__all__)",
        "endoquiz/gui/page.py:9: endoquiz.paths",
    ]


def test_the_cli_may_start_the_gui_but_not_reach_the_core() -> None:
    source = "from endoquiz.gui import app\nfrom endoquiz.library.front_door import Library\n"
    assert reaches_past_the_door(source, CLI_PACKAGE / "__init__.py") == [
        "endoquiz/cli/__init__.py:2: endoquiz.library.front_door"
    ]
