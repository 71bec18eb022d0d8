"""Starting the app where it cannot open a window gives a message, not a Qt abort."""

from __future__ import annotations

from pathlib import Path

import pytest

from endoquiz.gui.app import run_app


def test_missing_display_gives_a_message(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    for name in ("QT_QPA_PLATFORM", "DISPLAY", "WAYLAND_DISPLAY"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setattr("sys.platform", "linux")
    assert run_app(tmp_path) == 1
    assert "no display found" in capsys.readouterr().err


def test_missing_x11_libraries_are_named_with_their_packages(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    monkeypatch.delenv("QT_QPA_PLATFORM", raising=False)
    monkeypatch.delenv("WAYLAND_DISPLAY", raising=False)
    monkeypatch.setenv("DISPLAY", ":99")
    monkeypatch.setattr("sys.platform", "linux")
    monkeypatch.setattr(
        "ctypes.util.find_library", lambda name: None if name == "xcb-cursor" else f"lib{name}.so"
    )
    assert run_app(tmp_path) == 1
    err = capsys.readouterr().err
    assert "sudo apt install libxcb-cursor0" in err
    assert "icccm" not in err
