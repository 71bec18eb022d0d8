"""One running app per data folder: an exclusive lock on a file in it (which
the system releases when the process ends, however it ends), and a local
channel on which a second start asks the running app to come to the front."""

from __future__ import annotations

import contextlib
import hashlib
import os
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from multiprocessing.connection import Client, Listener
from pathlib import Path
from types import TracebackType

__all__ = ["LOCK_FILENAME", "ActivationListener", "InstanceLock", "ask_to_activate"]

LOCK_FILENAME = "endoquiz.lock"


class InstanceLock:
    """Held by the app for as long as it runs; `InstanceLock.acquire` gives
    None while another process holds it."""

    def __init__(self, path: Path, fd: int) -> None:
        self.path = path
        self._fd: int | None = fd

    @classmethod
    def acquire(cls, data_dir: Path) -> InstanceLock | None:
        """The lock of `data_dir`, or None when another process holds it.

        Raises:
            OSError: when the lock file cannot be created (a read-only folder).
        """
        data_dir.mkdir(parents=True, exist_ok=True)
        path = data_dir / LOCK_FILENAME
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
        if not _try_lock(fd):
            os.close(fd)
            return None
        # For a person looking at the folder: which process holds it.
        os.ftruncate(fd, 0)
        os.write(fd, f"{os.getpid()}\n".encode())
        return cls(path, fd)

    def release(self) -> None:
        if self._fd is not None:
            os.close(self._fd)  # closing the file releases the lock
            self._fd = None

    def __enter__(self) -> InstanceLock:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.release()


def _try_lock(fd: int) -> bool:
    if sys.platform == "win32":  # pragma: no cover - Windows only
        import msvcrt

        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True
    import fcntl

    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    return True


# Tries of a second start to reach the running app, 0.2 s apart.
ACTIVATE_ATTEMPTS = 25
# What a second start sends, and the running app answers.
_ACTIVATE = "activate"
_DONE = "done"


def _address(data_dir: Path) -> str:
    """The channel of the app running on `data_dir`: a named pipe on Windows,
    else a socket, in Linux's abstract namespace (no file to leave behind)."""
    user = os.environ.get("USER") or os.environ.get("USERNAME") or ""
    digest = hashlib.sha256(f"{user}:{data_dir.resolve()}".encode()).hexdigest()[:20]
    platform = sys.platform  # not narrowed: each branch runs somewhere
    if platform == "win32":  # pragma: no cover - Windows only
        return rf"\\.\pipe\endoquiz-{digest}"
    if platform.startswith("linux"):
        return f"\0endoquiz-{digest}"
    return str(Path(tempfile.gettempdir()) / f"endoquiz-{digest}.sock")


def _authkey(data_dir: Path) -> bytes:
    return hashlib.sha256(f"endoquiz:{data_dir.resolve()}".encode()).digest()


class ActivationListener:
    """Listens, in a thread of its own, for a second start of the app on the
    same data folder, and calls `on_activate` (from that thread) for each."""

    def __init__(self, data_dir: Path, on_activate: Callable[[], None]) -> None:
        address = _address(data_dir)
        if not address.startswith(("\0", "\\")):
            # A socket file left by a killed app: the lock says none runs.
            Path(address).unlink(missing_ok=True)
        self._listener: Listener | None = Listener(address, authkey=_authkey(data_dir))
        self._on_activate = on_activate
        self._thread = threading.Thread(target=self._serve, name="activation", daemon=True)
        self._thread.start()

    def _serve(self) -> None:
        while (listener := self._listener) is not None:
            try:
                connection = listener.accept()
            except OSError:  # closed, or a caller without the key
                continue
            with connection, contextlib.suppress(OSError, EOFError):
                if connection.recv() == _ACTIVATE:
                    self._on_activate()
                    connection.send(_DONE)

    def close(self) -> None:
        listener, self._listener = self._listener, None
        if listener is not None:
            listener.close()


def ask_to_activate(data_dir: Path) -> bool:
    """Ask the app running on `data_dir` to come to the front; whether it said
    it did. An app that holds the lock may still be starting (a double
    click started two): its channel is tried a few times over five seconds."""
    attempts = ACTIVATE_ATTEMPTS
    for attempt in range(attempts):
        try:
            with Client(_address(data_dir), authkey=_authkey(data_dir)) as connection:
                connection.send(_ACTIVATE)
                return bool(connection.poll(5) and connection.recv() == _DONE)
        except (OSError, EOFError):
            if attempt + 1 < attempts:
                time.sleep(0.2)
    return False
