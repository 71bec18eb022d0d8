"""Starting the app: checks for a display, the Qt application, the library, the
window kept safe until it closes, and the self-test. One module over 400 lines:
the start and the self-test need all but its failures, and a module more is
start-up time (benchmarks/bench_startup.py)."""

from __future__ import annotations

import gc
import os
import sqlite3
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import TYPE_CHECKING, Any

from endoquiz import Library, StoreError, bundled_decks_dir, describe_error

if TYPE_CHECKING:
    from endoquiz import ActivationListener

# Libraries Qt's X11 plugin loads that minimal Linux installs may lack, with
# the Debian/Ubuntu package of each. Without them Qt aborts with a message
# about "reinstalling the application", which helps nobody.
XCB_LIBRARIES = {
    "xcb-cursor": "libxcb-cursor0",
    "xcb-icccm": "libxcb-icccm4",
    "xcb-keysyms": "libxcb-keysyms1",
    "xkbcommon-x11": "libxkbcommon-x11-0",
}

# With this variable set to 1, the app prints SHOWN_LINE and the epoch time
# once its deck list is drawn: benchmarks/bench_anki_start.py times the start
# to that point, and measures the memory there, as it does for Anki.
REPORT_SHOWN_ENV = "ENDOQUIZ_REPORT_SHOWN"
SHOWN_LINE = "endoquiz: deck list shown at "


def _has_display() -> bool:
    """On Linux without X11 or Wayland, Qt would abort with a cryptic message."""
    if not sys.platform.startswith("linux") or os.environ.get("QT_QPA_PLATFORM"):
        return True
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


def missing_xcb_packages() -> list[str]:
    """Debian packages to install before Qt can open an X11 window, if any."""
    uses_xcb = (
        sys.platform.startswith("linux")
        and not os.environ.get("QT_QPA_PLATFORM")
        and not os.environ.get("WAYLAND_DISPLAY")
    )
    if not uses_xcb:
        return []
    import ctypes.util  # only where X11 is used

    return [pkg for lib, pkg in XCB_LIBRARIES.items() if ctypes.util.find_library(lib) is None]


def display_problem() -> str | None:
    """Why a window cannot open here, with how to fix it; None when it can."""
    if not _has_display():
        return (
            "no display found (DISPLAY and WAYLAND_DISPLAY are unset); start endoquiz from "
            "a desktop session, or set QT_QPA_PLATFORM=offscreen to run without a screen"
        )
    missing = missing_xcb_packages()
    if missing:
        return (
            "Qt needs system libraries that are not installed; on Debian or Ubuntu: "
            f"sudo apt install {' '.join(missing)}"
        )
    return None


def _open_library(data_dir: Path) -> Library | None:
    try:
        library = Library.open(data_dir)
    except StoreError as error:
        print(f"endoquiz: {error}", file=sys.stderr)
        return None
    for note in library.open_notes():
        print(f"endoquiz: {note}", file=sys.stderr)
    _add_bundled_decks(library)
    return library


def _add_bundled_decks(library: Library) -> None:
    bundled = bundled_decks_dir()
    if bundled is not None:
        # Only decks not installed yet are read: an unchanged start parses nothing.
        try:
            _, errors = library.add_decks_in(bundled, only_new=True)
        except StoreError as error:
            # A full disk: the app still starts on the decks already there.
            print(f"endoquiz: the bundled decks could not be installed: {error}", file=sys.stderr)
            return
        for deck_error in errors:
            print(f"endoquiz: bundled deck skipped:\n{deck_error}", file=sys.stderr)


def _application() -> object:
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("endoquiz")
    app.setOrganizationName("endoquiz")
    return app


def _windowed_application() -> Any | None:
    """The Qt application for a window on screen, or None (having said why)
    when no window can open here."""
    problem = display_problem()
    if problem is not None:
        print(f"endoquiz: {problem}", file=sys.stderr)
        return None
    return _application()


def run_app(data_dir: Path, *, portable: bool = False) -> int:
    """Run the app until its window closes; the process exit status.

    One app runs per data folder: a second start brings the first one's
    window to the front and exits. In portable mode, imported decks are
    copied into the data folder."""
    app = _windowed_application()
    if app is None:
        return 1
    from endoquiz import InstanceLock, ask_to_activate

    try:
        lock = InstanceLock.acquire(data_dir)
    except OSError as error:
        return _cannot_start(
            f"cannot use the data folder {data_dir}: {describe_error(error, data_dir)}"
        )
    if lock is None:
        # The running app has the database: this one must not open it.
        if ask_to_activate(data_dir):
            print(
                "endoquiz is already running with this data folder; "
                "its window was brought to the front.",
                file=sys.stderr,
            )
            return 0
        return _cannot_start(
            f"endoquiz is already running with the data folder {data_dir}, and does not "
            "answer. Quit it (or end its process) and start endoquiz again."
        )
    with lock, _qt_settings_kept_in(data_dir):
        # A read that finds the database damaged closes the window; it opens
        # again on the database checked whole (recovered from a backup if
        # need be), once: damage that the check cannot see ends the run.
        for full_check in (False, True):
            opened = _open_for_the_window(data_dir, portable, full_check=full_check)
            if isinstance(opened, str):
                return _cannot_start(opened)
            library, window = opened
            # SIGTERM is handled before a second start is answered: a process
            # that has been seen running must close as Quit does when told to.
            with (
                library,
                _store_errors_said(window, data_dir, checked=full_check) as damage,
                _closing_on_terminate(window),
            ):
                listener = listen_for_second_starts(window, data_dir)
                try:
                    window.show()
                    _say_what_happened_at_open(library, window)
                    _report_shown(app)
                    status = int(app.exec())
                finally:
                    listener.close()
                    window.close()  # already closed, unless the loop ended otherwise
            if damage.found is None:
                break
        return status


def _report_shown(app: Any) -> None:
    if os.environ.get(REPORT_SHOWN_ENV) != "1":
        return
    app.processEvents()  # the window drawn, as the self-test's window time
    print(f"{SHOWN_LINE}{time.time():.6f}", flush=True)


@contextmanager
def _qt_settings_kept_in(data_dir: Path) -> Iterator[None]:
    """Qt's own settings (the file dialog's recent folders and view, as
    QtProject.conf) are written to the data folder while the app runs, as
    the window's are (main_window.WINDOW_SETTINGS_FILE): a portable copy
    leaves nothing in the host's ~/.config."""
    from PySide6.QtCore import QSettings, QStandardPaths

    formats = (QSettings.Format.NativeFormat, QSettings.Format.IniFormat)
    for kind in formats:
        QSettings.setPath(kind, QSettings.Scope.UserScope, str(data_dir))
    try:
        yield
    finally:
        config = QStandardPaths.StandardLocation.GenericConfigLocation
        host = QStandardPaths.writableLocation(config)  # Qt's default
        for kind in formats:
            QSettings.setPath(kind, QSettings.Scope.UserScope, host)


def _say_what_happened_at_open(library: Library, window: Any) -> None:
    """A dialog for each thing done or found at open that the learner must know."""
    from PySide6.QtWidgets import QMessageBox

    if library.recovery is not None:
        QMessageBox.warning(window, "Progress recovered", library.recovery.message())
    if library.journal_problem is not None:
        QMessageBox.warning(window, "Latest answers damaged", library.journal_problem)
    if library.settings_problem is not None:
        problem = library.settings_problem
        # A sentence now: its first letter up, the rest ("Settings") as it is.
        QMessageBox.warning(window, "Settings reset", problem[:1].upper() + problem[1:])


def _open_for_the_window(
    data_dir: Path, portable: bool, *, full_check: bool = False
) -> tuple[Library, Any] | str:
    """The library and the main window on it; or why they cannot be had.

    A database closed cleanly and unchanged is not read whole at open (the
    check takes time); damage that this lets through shows at the first
    reads, here. Then it is opened again with the whole file checked, which
    moves a damaged file aside and restores the newest sound backup."""
    from endoquiz.gui.main_window import MainWindow
    from endoquiz.gui.theme import apply_appearance

    for whole in (True,) if full_check else (False, True):
        try:
            library = Library.open(data_dir, exclusive=True, full_check=whole)
        except StoreError as error:
            return str(error)
        try:
            _add_bundled_decks(library)
            apply_appearance(library.appearance)
            return library, MainWindow(library, copy_imports=portable)
        except (sqlite3.DatabaseError, UnicodeDecodeError) as error:
            library.close()
            problem = error
    return (
        f"the progress database in {data_dir} is damaged ({problem}), and checking it "
        "found nothing to repair. Restore a backup (endoquiz backups, endoquiz restore FILE) "
        "or move progress.sqlite3 aside to start afresh."
    )


class _Damage:
    """A read of the database that found it damaged while the window was open."""

    found: BaseException | None = None


@contextmanager
def _store_errors_said(window: Any, data_dir: Path, *, checked: bool) -> Iterator[_Damage]:
    """A StoreError that an action lets through (a full disk while saving
    settings; changes made through `LibraryChanges` say their own) is said
    in its dialog, not left as a traceback; a failed write changed nothing
    (every write is one transaction).

    A read that finds the database damaged (damage the quick check at open
    does not see) is said too, and closes the window without a backup (one
    of the damaged file would be the newest): `run_app` opens it again with
    the whole file checked, unless it was `checked` so already."""
    from PySide6.QtWidgets import QMessageBox

    from endoquiz.gui.library_changes import say_store_error

    previous = sys.excepthook
    damage = _Damage()

    def hook(kind: type[BaseException], error: BaseException, trace: Any) -> None:
        if isinstance(error, StoreError):
            print(f"endoquiz: {error}", file=sys.stderr)
            say_store_error(window, error)
            return
        if isinstance(error, sqlite3.DatabaseError | UnicodeDecodeError):
            if damage.found is not None:
                return  # said once; the window is closing
            damage.found = error
            print(f"endoquiz: the progress database is damaged ({error})", file=sys.stderr)
            Library.check_whole_at_next_open(data_dir)
            window.auto_backup = False
            window.auto_sync = False  # nor sends anything of it to the other computers
            title = "Progress database damaged"
            # Loaded here: only a damaged database needs it.
            from endoquiz.gui.start_failures import damage_message

            QMessageBox.warning(window, title, damage_message(error, checked))
            window.close()
            return
        previous(kind, error, trace)

    sys.excepthook = hook
    try:
        yield damage
    finally:
        sys.excepthook = previous


@contextmanager
def _closing_on_terminate(window: Any) -> Iterator[None]:
    """SIGTERM (a logout, `kill`) closes the window as Quit does, so that
    progress is backed up; Python sees the signal through a socket Qt
    watches, as its handlers would not run while Qt's loop waits."""
    import signal
    import socket

    from PySide6.QtCore import QSocketNotifier

    if sys.platform == "win32":  # pragma: no cover - no SIGTERM from a logout there
        yield
        return
    reader, writer = socket.socketpair()
    reader.setblocking(False)
    writer.setblocking(False)
    previous_fd = signal.set_wakeup_fd(writer.fileno())
    previous_handler = signal.signal(signal.SIGTERM, lambda *_: None)
    notifier = QSocketNotifier(reader.fileno(), QSocketNotifier.Type.Read, window)

    def woken() -> None:
        with suppress(OSError):
            reader.recv(64)
        window.close()

    notifier.activated.connect(woken)
    try:
        yield
    finally:
        notifier.setEnabled(False)
        signal.signal(signal.SIGTERM, previous_handler)
        signal.set_wakeup_fd(previous_fd)
        reader.close()
        writer.close()


def _cannot_start(message: str) -> int:
    """`start_failures.cannot_start`, loaded only when a start fails: a
    start that succeeds imports nothing more."""
    from endoquiz.gui.start_failures import cannot_start

    return cannot_start(message)


def listen_for_second_starts(window: Any, data_dir: Path) -> ActivationListener:
    """Bring `window` to the front whenever endoquiz is started again on the
    same data folder (the request arrives on another thread)."""
    from PySide6.QtCore import QObject, Qt, Signal

    class Bridge(QObject):
        requested = Signal()

    from endoquiz import ActivationListener

    bridge = Bridge(window)
    bridge.requested.connect(window.bring_to_front, Qt.ConnectionType.QueuedConnection)
    return ActivationListener(data_dir, bridge.requested.emit)


def run_self_test(data_dir: Path) -> int:
    """Start the real GUI, study the first due card, report the timings, quit.

    Prints `self-test ok: window <ms> ms, first card <ms> ms` and returns 0,
    or prints what failed and returns 1. Without a display it runs offscreen.
    """
    started = time.perf_counter()
    if display_problem() is not None:
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
    try:
        _quiet_offscreen_notice()
        app = _application()
        from PySide6.QtCore import QSettings

        from endoquiz.gui.main_window import MainWindow
        from endoquiz.gui.theme import apply_appearance

        library = _open_library(data_dir)
        if library is None:
            print("self-test failed: the library cannot be opened", file=sys.stderr)
            return 1
        # The self-test must not change the learner's window settings, nor
        # leave a file of its own behind.
        with library, tempfile.TemporaryDirectory(prefix="endoquiz-self-test-") as scratch:
            apply_appearance(library.appearance)
            settings = QSettings(f"{scratch}/ui.ini", QSettings.Format.IniFormat)
            window = MainWindow(library, settings, auto_backup=False, auto_sync=False)
            window.show()
            app.processEvents()  # type: ignore[attr-defined]
            window_ms = (time.perf_counter() - started) * 1000
            counts = library.deck_counts()
            # A deck of its own, not a parent: opening a parent of many big
            # decks would time their parsing, not the app.
            installed = [entry.id for entry in library.decks()]
            due = [deck for deck in installed if sum(counts.get(deck, (0, 0, 0))) > 0]
            if not due:
                print("self-test failed: no deck has cards to study", file=sys.stderr)
                return 1
            window.study(due[0])
            app.processEvents()  # type: ignore[attr-defined]
            card = window.study_page.card
            shown = window.study_page.view.toPlainText()
            if card is None or not shown.strip():
                print(f"self-test failed: no card shown for {due[0]}", file=sys.stderr)
                return 1
            first_card_ms = (time.perf_counter() - started) * 1000
            window.close()
    except Exception as error:  # the self-test reports every failure, as one line
        print(f"self-test failed: {type(error).__name__}: {error}", file=sys.stderr)
        return 1
    print(f"self-test ok: window {window_ms:.0f} ms, first card {first_card_ms:.0f} ms")
    return 0


def spare_imports_from_collection() -> None:
    """Import the main window, then move what the imports made (modules,
    classes, functions, which live as long as the app) out of the garbage
    collector's reach. Every full collection walks all tracked objects, and
    opening a big deck's session makes enough new ones to run several: at
    100,000 cards they took some 25 ms of the start
    (`benchmarks/bench_startup.py`). Cycles made later are still collected.

    Called once by the command line, before the window opens; never in a
    process that runs on after (tests), where it would keep the garbage
    already there for ever."""
    import endoquiz.gui.main_window  # noqa: F401 - imported to be frozen

    gc.freeze()


def run_preview(path: Path, data_dir: Path | None = None) -> int:
    """`endoquiz preview`: show one deck's cards until the window closes,
    warning of renamed cards against the progress in `data_dir`."""
    app = _windowed_application()
    if app is None:
        return 1
    from endoquiz.gui.preview_window import PreviewWindow

    window = PreviewWindow(path, data_dir)
    window.show()
    return int(app.exec())


# What the offscreen platform says of every window it shows: not a problem,
# and noise in the self-test's output, which smoke tests read.
_OFFSCREEN_NOTICE = "This plugin does not support propagateSizeHints()"


def _quiet_offscreen_notice() -> None:
    from PySide6.QtCore import QMessageLogContext, QtMsgType, qInstallMessageHandler

    def handler(kind: QtMsgType, context: QMessageLogContext, message: str) -> None:
        if message != _OFFSCREEN_NOTICE:
            print(message, file=sys.stderr)

    qInstallMessageHandler(handler)
