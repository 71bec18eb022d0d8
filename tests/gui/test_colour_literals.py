"""Every colour the GUI draws comes from one palette per theme (`gui/theme.py`):
a colour written anywhere else in `src/endoquiz/gui/` (a `#rrggbb`, an
`rgb(...)`, a named colour in a style string, a `QColor` of numbers or names)
would look the same in both themes, and unreadable in one of them."""

from __future__ import annotations

import io
import re
import tokenize
from pathlib import Path

from PySide6.QtGui import QColor

GUI = Path(__file__).parents[2] / "src" / "endoquiz" / "gui"
PALETTE_MODULE = "theme.py"

_HEX = re.compile(r"#[0-9a-fA-F]{3,8}\b")
_RGB = re.compile(r"\brgba?\s*\(", re.IGNORECASE)
# A style property followed by a word: `color: red` (not `color:{...}`).
_NAMED = re.compile(
    r"\b(?:color|background(?:-color)?|border(?:-[a-z]+)?|selection-[a-z-]+)\s*:\s*([a-zA-Z]+)"
)
# A QColor made from numbers, or Qt's own named colours, in code.
_CODE = re.compile(r"\bQColor\(\s*\d|\bQt\.GlobalColor\b|\bQt\.(?:red|green|blue|black|white)\b")
_COLOUR_NAMES = {name.lower() for name in QColor.colorNames()}


def colour_literals(source: str) -> list[str]:
    """The colours written in Python source: in its strings, and in its code."""
    found: list[str] = []
    tokens = tokenize.generate_tokens(io.StringIO(source).readline)
    for token in tokens:
        if token.type == tokenize.STRING:
            text = token.string
            found += _HEX.findall(text) + _RGB.findall(text)
            found += [name for name in _NAMED.findall(text) if name.lower() in _COLOUR_NAMES]
        elif token.type not in (tokenize.COMMENT, tokenize.NL, tokenize.NEWLINE):
            found += _CODE.findall(token.line) if token.type == tokenize.NAME else []
    return sorted(set(found))


def test_the_scan_finds_each_kind_of_colour_literal() -> None:
    source = """
style = "color: red; background:#fafafa"
other = f"border-color: rgb(1, 2, 3); color:{variable}"
swatch = QColor(128, 128, 128)
# a comment about issue #123 is no colour
"""
    assert colour_literals(source) == ["#fafafa", "QColor(1", "red", "rgb("]


def test_no_colour_is_written_outside_the_palette() -> None:
    modules = sorted(GUI.glob("*.py"))
    assert len(modules) > 10
    literals = {
        module.name: found
        for module in modules
        if module.name != PALETTE_MODULE
        and (found := colour_literals(module.read_text(encoding="utf-8")))
    }
    assert literals == {}
