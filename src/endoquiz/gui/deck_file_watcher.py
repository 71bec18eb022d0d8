"""Watching deck files for saves: one signal once an editor's burst of writes is over."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

from PySide6.QtCore import QFileSystemWatcher, QObject, QTimer, Signal

# Editors save in bursts (write, rename, touch): wait for the last event.
RELOAD_DELAY_MS = 250


class DeckFileWatcher(QObject):
    """Watches deck files and their folders; `settled` follows the last
    change of a burst by RELOAD_DELAY_MS.

    Signals:
        settled(): a watched file or folder changed, and has been quiet since.
    """

    settled = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._watcher = QFileSystemWatcher(self)
        self._watcher.fileChanged.connect(self._file_changed)
        self._watcher.directoryChanged.connect(self._changed)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(RELOAD_DELAY_MS)
        self._timer.timeout.connect(self.settled)

    def watch(self, files: Iterable[Path]) -> None:
        """Watch these files, and their folders: a file deleted or renamed
        away is no longer watched, and its folder is what tells that it
        came back."""
        wanted = list(files)
        paths = [path for path in wanted if path.exists()]
        # The folder of a file not there (yet) too: it tells when it comes.
        folders = sorted({str(path.parent) for path in wanted if path.parent.is_dir()})
        watched = set(self._watcher.files()) | set(self._watcher.directories())
        unwatched = [p for p in [*map(str, paths), *folders] if p not in watched]
        if unwatched:
            self._watcher.addPaths(unwatched)

    def files(self) -> list[str]:
        """The files watched now."""
        return list(self._watcher.files())

    @contextmanager
    def held(self) -> Iterator[None]:
        """Say nothing while the block runs (an import writes the files it
        installs): the caller reads the files after it."""
        self._timer.blockSignals(True)
        try:
            yield
        finally:
            self._timer.blockSignals(False)

    def _file_changed(self, path: str) -> None:
        # An editor that saves by replacing the file ends the watch: renew it.
        if Path(path).exists() and path not in self._watcher.files():
            self._watcher.addPath(path)
        self._changed(path)

    def _changed(self, _path: str) -> None:
        self._timer.start()
