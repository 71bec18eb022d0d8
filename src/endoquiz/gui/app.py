"""Starting the app: the Qt application, the library, the bundled decks, the window."""

from __future__ import annotations

import ctypes.util
import os
import sys
from pathlib import Path

from endoquiz import Library, StoreError
from endoquiz.paths import bundled_decks_dir


def _has_display() -> bool:
    """On Linux without X11 or Wayland, Qt would abort with a cryptic message."""
    if not sys.platform.startswith("linux") or os.environ.get("QT_QPA_PLATFORM"):
        return True
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


# Libraries Qt's X11 plugin loads that minimal Linux installs may lack, with
# the Debian/Ubuntu package of each. Without them Qt aborts with a message
# about "reinstalling the application", which helps nobody.
XCB_LIBRARIES = {
    "xcb-cursor": "libxcb-cursor0",
    "xcb-icccm": "libxcb-icccm4",
    "xcb-keysyms": "libxcb-keysyms1",
    "xkbcommon-x11": "libxkbcommon-x11-0",
}


def missing_xcb_packages() -> list[str]:
    """Debian packages to install before Qt can open an X11 window, if any."""
    uses_xcb = (
        sys.platform.startswith("linux")
        and not os.environ.get("QT_QPA_PLATFORM")
        and not os.environ.get("WAYLAND_DISPLAY")
    )
    if not uses_xcb:
        return []
    return [pkg for lib, pkg in XCB_LIBRARIES.items() if ctypes.util.find_library(lib) is None]


def run_app(data_dir: Path) -> int:
    """Run the app until its window closes; the process exit status."""
    if not _has_display():
        print(
            "endoquiz: no display found (DISPLAY and WAYLAND_DISPLAY are unset); "
            "start it from a desktop session",
            file=sys.stderr,
        )
        return 1
    missing = missing_xcb_packages()
    if missing:
        print(
            "endoquiz: Qt needs system libraries that are not installed; on Debian or "
            f"Ubuntu: sudo apt install {' '.join(missing)}",
            file=sys.stderr,
        )
        return 1
    from PySide6.QtWidgets import QApplication

    from endoquiz.gui.main_window import MainWindow

    app = QApplication(sys.argv[:1])
    app.setApplicationName("endoquiz")
    try:
        library = Library.open(data_dir)
    except StoreError as error:
        print(f"endoquiz: {error}", file=sys.stderr)
        return 1
    with library:
        bundled = bundled_decks_dir()
        if bundled is not None:
            _, errors = library.add_decks_in(bundled)
            for deck_error in errors:
                print(f"endoquiz: bundled deck skipped:\n{deck_error}", file=sys.stderr)
        window = MainWindow(library)
        window.show()
        return app.exec()
