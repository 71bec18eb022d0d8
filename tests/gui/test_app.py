"""Starting the app: a message, not a Qt abort, where no window can open; and
the self-test, which opens the real window and studies one card."""

from __future__ import annotations

import re
import sqlite3
import time
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, QTimer
from PySide6.QtWidgets import QApplication, QFileDialog

from endoquiz import Library, Rating
from endoquiz.gui.app import REPORT_SHOWN_ENV, SHOWN_LINE, run_app, run_self_test
from endoquiz.gui.main_window import MainWindow
from endoquiz.store.progress_store import DB_FILENAME
from tests.conftest import basic_deck


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


SELF_TEST_OK = re.compile(r"self-test ok: window \d+ ms, first card \d+ ms")


def test_self_test_studies_a_bundled_card_and_reports_timings(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    data_dir = tmp_path / "data"
    assert run_self_test(data_dir) == 0
    out, err = capsys.readouterr()
    assert SELF_TEST_OK.fullmatch(out.strip())
    assert "Traceback" not in err
    # It worked on a library of its own: the bundled decks are installed there.
    with Library.open(data_dir) as library:
        assert library.decks()
    # And it left nothing of its own there: its window settings were temporary.
    assert sorted(p.name for p in data_dir.iterdir() if not p.name.endswith(("-wal", "-shm"))) == [
        "progress.sqlite3",
        "progress.sqlite3.clean",  # closed cleanly: the next start need not read it whole
    ]


@pytest.mark.parametrize("problem", ["data dir is a file", "database from a newer endoquiz"])
def test_self_test_failure_is_reported_not_a_traceback(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, problem: str
) -> None:
    if problem == "data dir is a file":
        data_dir = tmp_path / "progress"
        data_dir.write_text("not a folder", encoding="utf-8")
    else:
        data_dir = tmp_path / "data"
        Library.open(data_dir).close()
        db = sqlite3.connect(data_dir / DB_FILENAME)
        db.execute("PRAGMA user_version = 999")
        db.close()
    assert run_self_test(data_dir) == 1
    out, err = capsys.readouterr()
    assert "self-test ok" not in out
    assert "self-test failed" in err
    assert "Traceback" not in out + err


def test_self_test_without_decks_fails(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    monkeypatch.setattr("endoquiz.gui.app.bundled_decks_dir", lambda: None)
    assert run_self_test(tmp_path / "data") == 1
    assert "self-test failed: no deck has cards to study" in capsys.readouterr().err


def test_self_test_passes_over_a_deck_whose_siblings_wait_for_tomorrow(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    # "a" is done for today: its one entry's first card was answered, and the
    # second waits for tomorrow. Counted as New 1, it was the deck the
    # self-test opened, and Study showed no card.
    monkeypatch.setattr("endoquiz.gui.app.bundled_decks_dir", lambda: None)
    decks = tmp_path / "decks"
    decks.mkdir()
    (decks / "a.yaml").write_text(
        "endoquiz: 1\nid: a\ntitle: A\ncards:\n"
        "  - {id: t, kind: reverse, front: Hyperinsulinemia, back: Raised insulin}\n",
        encoding="utf-8",
    )
    (decks / "b.yaml").write_text(basic_deck("b", ["x"]), encoding="utf-8")
    data_dir = tmp_path / "data"
    with Library.open(data_dir) as library:
        library.add_decks_in(decks)
        session = library.review("a")
        card = session.next_card()
        assert card is not None
        session.answer(card, Rating.EASY)
    assert run_self_test(data_dir) == 0
    assert SELF_TEST_OK.fullmatch(capsys.readouterr().out.strip())


def test_window_and_qt_settings_stay_in_the_data_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A portable copy (or --data-dir) kept the window's settings, and Qt its
    # file dialog's, in the host's ~/.config: run it twice, open File >
    # Import once, and nothing may be written anywhere but its data folder.
    data_dir = tmp_path / "stick" / "data"
    host_config = tmp_path / "xdg-config"  # $XDG_CONFIG_HOME, set for every test
    deck = "insulin-resistance-hormonal-balance/glossary"
    seen: list[tuple[int, int, str | None]] = []

    def cancel_file_dialogs() -> None:
        for widget in QApplication.topLevelWidgets():
            if isinstance(widget, QFileDialog) and widget.isVisible():
                widget.reject()

    def run_event_loop(*_args: object) -> int:
        # The window this start opened: one an earlier test closed may
        # not be collected yet.
        window = next(
            w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow) and w.isVisible()
        )
        seen.append((window.width(), window.height(), window.deck_list.current_deck_id()))
        if len(seen) == 1:
            window.resize(777, 555)
            window.deck_list.refresh(select=deck)
            QTimer.singleShot(0, cancel_file_dialogs)
            window.import_dialog()  # File > Import deck..., then Cancel
        return 0

    monkeypatch.setattr(QApplication, "exec", run_event_loop)
    for _run in range(2):
        assert run_app(data_dir, portable=True) == 0
    assert seen[1] == (777, 555, deck)  # the second start found them
    assert not host_config.exists() or list(host_config.rglob("*")) == []
    assert {"window.ini", "QtProject.conf"} <= {p.name for p in data_dir.iterdir()}
    # And once the app is done, Qt's settings go where they went before.
    assert Path(QSettings(QSettings.Scope.UserScope, "QtProject").fileName()).parent == host_config


@pytest.mark.parametrize("asked", [True, False])
def test_the_start_says_when_the_deck_list_is_shown_only_when_asked(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    asked: bool,
) -> None:
    # benchmarks/bench_anki_start.py times the start to this line, and
    # measures the memory when it comes: the deck list must be up by then.
    if asked:
        monkeypatch.setenv(REPORT_SHOWN_ENV, "1")
    else:
        monkeypatch.delenv(REPORT_SHOWN_ENV, raising=False)
    said_before_the_loop: list[str] = []
    decks_listed: list[bool] = []

    def run_event_loop(*_args: object) -> int:
        said_before_the_loop.append(capsys.readouterr().out)
        windows = QApplication.topLevelWidgets()
        (window,) = [w for w in windows if isinstance(w, MainWindow) and w.isVisible()]
        decks_listed.append(window.deck_list.isVisible() and window.deck_list.model.rowCount() > 0)
        return 0

    monkeypatch.setattr(QApplication, "exec", run_event_loop)
    before = time.time()
    assert run_app(tmp_path / "data") == 0
    assert decks_listed == [True]
    if not asked:
        assert said_before_the_loop == [""]
        return
    (line,) = said_before_the_loop[0].splitlines()
    assert line.startswith(SHOWN_LINE)
    assert before < float(line.removeprefix(SHOWN_LINE)) < time.time()
