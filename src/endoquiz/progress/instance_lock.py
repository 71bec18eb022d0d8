"""One running app per data folder: an exclusive lock on a file in it (which
the system releases when the process ends, however it ends), and a local
channel on which a second start asks the running app to come to the front."""

from __future__ import annotations

import contextlib
import hashlib
import os
import socket
import stat
import struct
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path
from types import TracebackType

__all__ = [
    "LOCK_FILENAME",
    "ActivationListener",
    "ChannelError",
    "InstanceLock",
    "ask_to_activate",
    "socket_path",
]

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
# The whole protocol: a second start sends the request, the running app
# answers. Fixed bytes, compared as they are: nothing received is ever
# decoded into an object, let alone code.
ACTIVATE_REQUEST = b"endoquiz-activate\n"
ACTIVATE_REPLY = b"endoquiz-done\n"
# How long either side waits for the other's few bytes.
_TIMEOUT = 2.0


class ChannelError(OSError):
    """The activation channel cannot be used safely here (a folder that other
    users can enter, or that someone else owns)."""


def _digest(data_dir: Path) -> str:
    return hashlib.sha256(str(data_dir.resolve()).encode()).hexdigest()[:20]


def _private_dir() -> Path:
    """A folder only this user can enter, for the channel's socket file:
    `$XDG_RUNTIME_DIR/endoquiz` (the runtime folder is the user's, mode
    0700), else `endoquiz-<uid>` in the temporary folder. Made if missing;
    refused unless it is a real folder of this user's that no one else can
    enter, so another user who made it first gets nothing.

    Raises:
        ChannelError: when the folder is not private.
        OSError: when it cannot be made.
    """
    runtime = os.environ.get("XDG_RUNTIME_DIR")
    if runtime and Path(runtime).is_absolute():
        folder = Path(runtime) / "endoquiz"
    else:
        folder = Path(tempfile.gettempdir()) / f"endoquiz-{os.getuid()}"
    with contextlib.suppress(FileExistsError):
        folder.mkdir(mode=0o700)
    info = folder.lstat()
    if not stat.S_ISDIR(info.st_mode):
        raise ChannelError(f"{folder} is not a folder")
    if info.st_uid != os.getuid():
        raise ChannelError(f"{folder} belongs to another user")
    if info.st_mode & 0o077:
        raise ChannelError(f"other users can enter {folder}")
    return folder


def socket_path(data_dir: Path) -> Path:
    """The socket file of the channel of the app running on `data_dir`.

    Raises:
        ChannelError, OSError: as `_private_dir`.
    """
    return _private_dir() / f"{_digest(data_dir)}.sock"


def _peer_uid(connection: socket.socket) -> int | None:
    """The user id of the process at the other end, where the system says."""
    if hasattr(socket, "SO_PEERCRED"):  # Linux: struct ucred {pid, uid, gid}
        credentials = connection.getsockopt(
            socket.SOL_SOCKET, socket.SO_PEERCRED, struct.calcsize("3i")
        )
        return int(struct.unpack("3i", credentials)[1])
    if hasattr(socket, "LOCAL_PEERCRED"):  # pragma: no cover - macOS, BSD: struct xucred
        credentials = connection.getsockopt(0, socket.LOCAL_PEERCRED, struct.calcsize("2I"))
        return int(struct.unpack("2I", credentials)[1])
    return None  # pragma: no cover - the private folder alone keeps others out


def _same_user(connection: socket.socket) -> bool:
    uid = _peer_uid(connection)
    return uid is None or uid == os.getuid()


def _read_line(connection: socket.socket, limit: int) -> bytes:
    """At most `limit` bytes, up to and with the first newline, within the
    connection's timeout; what came before an error or the end otherwise."""
    data = b""
    with contextlib.suppress(OSError):
        while len(data) < limit and not data.endswith(b"\n"):
            chunk = connection.recv(limit - len(data))
            if not chunk:
                break
            data += chunk
    return data


class ActivationListener:
    """Listens, in a thread of its own, for a second start of the app on the
    same data folder, and calls `on_activate` (from that thread) for each.

    The socket file is in a folder only this user can enter, and each caller's
    user id is checked again on the connection itself; a caller gets two
    seconds to send the fixed request and nothing else is read. Where the
    channel cannot be made safely, the app runs without it (`problem` says
    why) and a second start says that the app is already running."""

    def __init__(self, data_dir: Path, on_activate: Callable[[], None]) -> None:
        self._on_activate = on_activate
        self._server: socket.socket | None = None
        self._path: Path | None = None
        self.problem: str | None = None
        if sys.platform == "win32":  # pragma: no cover - Windows only
            self._thread = _serve_windows(self, data_dir)
            return
        try:
            path = socket_path(data_dir)
            # A socket file left by a killed app: the lock says none runs.
            path.unlink(missing_ok=True)
            server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            try:
                server.bind(str(path))
                path.chmod(0o600)
                server.listen(4)
            except OSError:
                server.close()
                raise
        except OSError as error:
            self.problem = f"a second start cannot bring this window to the front: {error}"
            print(f"endoquiz: {self.problem}", file=sys.stderr)
            return
        self._server, self._path = server, path
        self._thread = threading.Thread(target=self._serve, name="activation", daemon=True)
        self._thread.start()

    def _serve(self) -> None:
        while (server := self._server) is not None:
            try:
                connection, _ = server.accept()
            except OSError:  # closed
                continue
            with connection:
                connection.settimeout(_TIMEOUT)
                if not _same_user(connection):
                    continue
                if _read_line(connection, len(ACTIVATE_REQUEST)) == ACTIVATE_REQUEST:
                    self._on_activate()
                    with contextlib.suppress(OSError):
                        connection.sendall(ACTIVATE_REPLY)

    def close(self) -> None:
        server, self._server = self._server, None
        if server is not None:
            with contextlib.suppress(OSError):
                server.shutdown(socket.SHUT_RDWR)
            server.close()
        if self._path is not None:
            with contextlib.suppress(OSError):
                self._path.unlink()
            self._path = None


def ask_to_activate(data_dir: Path) -> bool:
    """Ask the app running on `data_dir` to come to the front; whether it said
    it did. An app that holds the lock may still be starting (a double
    click started two): its channel is tried a few times over five seconds.
    Only an app of this user's is asked."""
    if sys.platform == "win32":  # pragma: no cover - Windows only
        return _ask_windows(data_dir)
    try:
        path = socket_path(data_dir)
    except OSError:
        return False
    for attempt in range(ACTIVATE_ATTEMPTS):
        try:
            with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as connection:
                connection.settimeout(_TIMEOUT)
                connection.connect(str(path))
                if not _same_user(connection):
                    return False
                connection.sendall(ACTIVATE_REQUEST)
                connection.settimeout(5)
                return _read_line(connection, len(ACTIVATE_REPLY)) == ACTIVATE_REPLY
        except OSError:
            if attempt + 1 < ACTIVATE_ATTEMPTS:
                time.sleep(0.2)
    return False


# Windows has no Unix sockets in Python: a named pipe through
# multiprocessing.connection, with its HMAC handshake, exchanging the same
# fixed bytes with send_bytes/recv_bytes (never send/recv, which pickle).
def _pipe_address(data_dir: Path) -> str:  # pragma: no cover - Windows only
    user = os.environ.get("USERNAME") or ""
    return rf"\\.\pipe\endoquiz-{user}-{_digest(data_dir)}"


def _pipe_key(data_dir: Path) -> bytes:  # pragma: no cover - Windows only
    return hashlib.sha256(f"endoquiz:{data_dir.resolve()}".encode()).digest()


def _serve_windows(
    listener: ActivationListener, data_dir: Path
) -> threading.Thread | None:  # pragma: no cover - Windows only
    from multiprocessing.connection import Listener

    try:
        pipe = Listener(_pipe_address(data_dir), authkey=_pipe_key(data_dir))
    except OSError as error:
        listener.problem = f"a second start cannot bring this window to the front: {error}"
        return None

    def serve() -> None:
        while True:
            try:
                connection = pipe.accept()
            except OSError:
                continue
            with connection, contextlib.suppress(OSError, EOFError):
                if connection.poll(_TIMEOUT) and (
                    connection.recv_bytes(len(ACTIVATE_REQUEST)) == ACTIVATE_REQUEST
                ):
                    listener._on_activate()
                    connection.send_bytes(ACTIVATE_REPLY)

    thread = threading.Thread(target=serve, name="activation", daemon=True)
    thread.start()
    return thread


def _ask_windows(data_dir: Path) -> bool:  # pragma: no cover - Windows only
    from multiprocessing.connection import Client

    for attempt in range(ACTIVATE_ATTEMPTS):
        try:
            with Client(_pipe_address(data_dir), authkey=_pipe_key(data_dir)) as connection:
                connection.send_bytes(ACTIVATE_REQUEST)
                return bool(
                    connection.poll(5)
                    and connection.recv_bytes(len(ACTIVATE_REPLY)) == ACTIVATE_REPLY
                )
        except (OSError, EOFError):
            if attempt + 1 < ACTIVATE_ATTEMPTS:
                time.sleep(0.2)
    return False
