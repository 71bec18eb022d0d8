"""The channel on which a second start asks the running app to come to the front.

It used to be an abstract Unix socket (no file permissions) with a key any
local user could compute, and it unpickled what it received: another user
could run code in the learner's app. These tests make the attacks: a pickled
payload, through the old protocol and raw, and a second user connecting, with
the folder private and with it opened up by mistake (as root, with setpriv).
"""

from __future__ import annotations

import hashlib
import os
import pickle
import re
import shutil
import socket
import stat
import subprocess
import tempfile
import threading
from collections.abc import Iterator
from multiprocessing.connection import Client
from pathlib import Path

import pytest

from endoquiz.progress import instance_lock
from endoquiz.progress.instance_lock import (
    ACTIVATE_REQUEST,
    ActivationListener,
    ask_to_activate,
    socket_path,
)

NOBODY = 65534


class Calls:
    """Counts the listener's calls; `wait` for the first."""

    def __init__(self) -> None:
        self.count = 0
        self._event = threading.Event()

    def __call__(self) -> None:
        self.count += 1
        self._event.set()

    def wait(self) -> bool:
        return self._event.wait(5)


@pytest.fixture
def calls() -> Calls:
    return Calls()


@pytest.fixture
def listener(data_dir: Path, calls: Calls) -> Iterator[ActivationListener]:
    data_dir.mkdir(parents=True, exist_ok=True)
    listening = ActivationListener(data_dir, calls)
    assert listening.problem is None
    yield listening
    listening.close()


def finish(data_dir: Path, calls: Calls) -> int:
    """Calls so far, once a request of ours has been served after the others:
    the server handles connections one at a time, in order."""
    before = calls.count
    assert ask_to_activate(data_dir)
    return before


@pytest.mark.usefixtures("listener")
def test_a_second_start_of_the_same_user_brings_the_app_to_the_front(
    data_dir: Path, calls: Calls
) -> None:
    assert ask_to_activate(data_dir)
    assert calls.wait()
    assert calls.count == 1


@pytest.mark.usefixtures("listener")
def test_the_socket_is_a_file_in_a_folder_only_the_user_can_enter(data_dir: Path) -> None:
    path = socket_path(data_dir)
    assert stat.S_ISSOCK(path.lstat().st_mode)
    assert stat.S_IMODE(path.lstat().st_mode) == 0o600
    folder = path.parent.lstat()
    assert (stat.S_IMODE(folder.st_mode), folder.st_uid) == (0o700, os.getuid())
    assert Path(os.environ["XDG_RUNTIME_DIR"]) in path.parents


def test_closing_removes_the_socket_file(data_dir: Path, calls: Calls) -> None:
    data_dir.mkdir(parents=True)
    listening = ActivationListener(data_dir, calls)
    path = socket_path(data_dir)
    assert path.exists()
    listening.close()
    assert not path.exists()
    assert not ask_to_activate_once(data_dir)


def ask_to_activate_once(data_dir: Path) -> bool:
    attempts = instance_lock.ACTIVATE_ATTEMPTS
    instance_lock.ACTIVATE_ATTEMPTS = 1
    try:
        return ask_to_activate(data_dir)
    finally:
        instance_lock.ACTIVATE_ATTEMPTS = attempts


class _WritesAFile:
    """Unpickling this creates the file: what an attacker's payload does."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def __reduce__(self) -> tuple[object, tuple[object, ...]]:
        return (Path.touch, (self.path,))


@pytest.mark.usefixtures("listener")
def test_a_pickled_payload_is_never_unpickled(data_dir: Path, calls: Calls, tmp_path: Path) -> None:
    marker = tmp_path / "pwned"
    payload = pickle.dumps(_WritesAFile(marker))
    path = str(socket_path(data_dir))
    # The old protocol, with the key the old code derived from the folder.
    key = hashlib.sha256(f"endoquiz:{data_dir.resolve()}".encode()).digest()
    with pytest.raises((OSError, EOFError)), Client(path, authkey=key) as connection:
        connection.send(_WritesAFile(marker))
        connection.recv()
    # Raw, and raw after the request's own bytes.
    for data in (payload, ACTIVATE_REQUEST.rstrip(b"\n") + payload, b"\x80" * 10_000_000):
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as raw:
            raw.settimeout(5)
            raw.connect(path)
            try:
                raw.sendall(data)
                reply = raw.recv(100)
            except OSError:  # the server stopped reading and closed
                reply = b""
            assert reply == b""
    assert finish(data_dir, calls) == 0
    assert not marker.exists()


def _as_nobody(script: str, *args: str) -> subprocess.CompletedProcess[str]:
    python = shutil.which("python3", path="/usr/bin:/bin")
    if os.geteuid() != 0 or shutil.which("setpriv") is None or python is None:
        pytest.skip("needs root, setpriv and /usr/bin/python3 to act as another user")
    return subprocess.run(
        [
            "setpriv",
            f"--reuid={NOBODY}",
            f"--regid={NOBODY}",
            "--clear-groups",
            python,
            "-c",
            script,
            *args,
        ],
        capture_output=True,
        text=True,
        timeout=30,
        check=False,
    )


# Run as another user: connect to the socket, send the request, say what came.
_OTHER_USER = """
import socket, sys
try:
    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    s.settimeout(5)
    s.connect(sys.argv[1])
    s.sendall(sys.argv[2].encode() + b"\\n")
    print("reply:", s.recv(100))
except OSError as error:
    print("refused:", type(error).__name__)
"""


@pytest.fixture
def reachable_runtime(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[Path]:
    """A runtime folder another user may pass through (mode 0711), as
    /run/user is: only endoquiz's own folder in it keeps others out."""
    runtime = Path(tempfile.mkdtemp(prefix="eq-open-"))
    runtime.chmod(0o711)
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(runtime))
    yield runtime
    shutil.rmtree(runtime, ignore_errors=True)


@pytest.mark.usefixtures("reachable_runtime")
def test_another_user_cannot_reach_the_channel(data_dir: Path, calls: Calls) -> None:
    data_dir.mkdir(parents=True)
    with_listener = ActivationListener(data_dir, calls)
    try:
        path = socket_path(data_dir)
        result = _as_nobody(_OTHER_USER, str(path), ACTIVATE_REQUEST.decode().strip())
        assert result.stdout.strip() == "refused: PermissionError", result
        assert finish(data_dir, calls) == 0
    finally:
        with_listener.close()


@pytest.mark.usefixtures("reachable_runtime")
def test_another_user_is_refused_even_where_the_folder_was_opened(
    data_dir: Path, calls: Calls
) -> None:
    # Should the folder be opened to others (by hand, or by a tool), the
    # connection's own credentials still keep another user out.
    data_dir.mkdir(parents=True)
    with_listener = ActivationListener(data_dir, calls)
    path = socket_path(data_dir)
    try:
        path.parent.chmod(0o755)
        path.chmod(0o666)
        result = _as_nobody(_OTHER_USER, str(path), ACTIVATE_REQUEST.decode().strip())
        # Closed without an answer: before or after the request was sent.
        assert result.stdout.strip() in {
            "reply: b''",
            "refused: ConnectionResetError",
            "refused: BrokenPipeError",
        }, result
    finally:
        path.parent.chmod(0o700)
    assert finish(data_dir, calls) == 0
    with_listener.close()


@pytest.mark.parametrize("how", ["open to others", "owned by another user", "a symlink"])
def test_a_folder_that_is_not_private_is_not_used(
    data_dir: Path, calls: Calls, tmp_path: Path, how: str, capsys: pytest.CaptureFixture[str]
) -> None:
    # Another user can make endoquiz's folder first in a shared /tmp: the app
    # then runs without the channel, and says why.
    folder = socket_path(data_dir).parent
    folder.rmdir()
    if how == "open to others":
        folder.mkdir(mode=0o777)
        folder.chmod(0o777)
    elif how == "owned by another user":
        if os.geteuid() != 0:
            pytest.skip("needs root to give a folder to another user")
        folder.mkdir(mode=0o700)
        os.chown(folder, NOBODY, NOBODY)
    else:
        (tmp_path / "elsewhere").mkdir(mode=0o700)
        folder.symlink_to(tmp_path / "elsewhere")
    data_dir.mkdir(parents=True)
    listening = ActivationListener(data_dir, calls)
    assert listening.problem is not None
    assert "a second start cannot bring this window to the front" in capsys.readouterr().err
    assert not ask_to_activate_once(data_dir)
    if how == "a symlink":
        assert list((tmp_path / "elsewhere").iterdir()) == []
    listening.close()
    assert calls.count == 0


def test_nothing_in_the_code_unpickles_or_runs_text() -> None:
    # The class of the defect: no module of endoquiz may deserialise objects
    # or run text as code. Each exception is listed, with why, in
    # docs/reliability.md ("What is never run").
    root = Path(instance_lock.__file__).parent
    forbidden = re.compile(
        r"\bimport (pickle|marshal|shelve|dill)\b|\b(pickle|marshal)\.loads?\("
        r"|(?<![.\w])(eval|exec|compile)\(|shell=True|\byaml\.(load|unsafe_load|full_load)\("
        r"|\.recv\(\)|\bos\.(system|popen)\(|\b__import__\("
    )
    found = [
        f"{path.relative_to(root)}:{number}: {line.strip()}"
        for path in sorted(root.rglob("*.py"))
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if forbidden.search(line)
    ]
    assert found == []
