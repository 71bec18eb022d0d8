"""The Qt binding in use does not corrupt Python's reference counts.

PySide6 6.12.0 on Python 3.11 drops a reference to `True` at every
`Signal.emit()`: after enough emits, or at exit, Python aborts with "Fatal
Python error: bool_dealloc". pyproject.toml excludes that version; this test
says so plainly if such a binding is ever installed again.
"""

from __future__ import annotations

import sys

from PySide6 import __version__ as pyside_version
from PySide6.QtCore import QObject, Signal


class _Probe(QObject):
    fired = Signal()


def test_emitting_signals_keeps_true_alive() -> None:
    probe = _Probe()
    before = sys.getrefcount(True)
    for _ in range(1000):
        probe.fired.emit()
    lost = before - sys.getrefcount(True)
    assert lost < 100, (
        f"PySide6 {pyside_version} drops a reference to True at each Signal.emit() "
        f"({lost} lost in 1000 emits): the app would abort; use another PySide6 version"
    )
