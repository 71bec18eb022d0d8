"""Reads a YAML file's bytes, refusing what cannot be a deck before it is parsed."""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

from endoquiz.decks.yaml_nodes import YamlError

__all__ = ["MAX_FILE_BYTES", "position_of", "read_text"]

MAX_FILE_BYTES = 50 * 1024 * 1024


def read_text(path: Path) -> bytes:
    """Read a file's bytes, refusing what cannot be a deck before parsing it.

    Raises:
        YamlError: for files too large, empty, binary or not UTF-8, and for
            what is not a regular file (a named pipe, a device).
        OSError: when the file cannot be read at all.
    """
    # Opened without blocking and checked before reading: a named pipe or a
    # device called `*.yaml` would otherwise block the reader (a frozen
    # window) or never end.
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    with os.fdopen(fd, "rb") as stream:
        info = os.fstat(stream.fileno())
        if stat.S_ISDIR(info.st_mode):
            raise IsADirectoryError(errno.EISDIR, "is a folder", str(path))
        if not stat.S_ISREG(info.st_mode):
            raise YamlError(1, 1, "not a regular file (a named pipe or a device); decks are files")
        # Refused by its size before a byte is read; the read is bounded
        # too, for a file that grows meanwhile.
        data = b"" if info.st_size > MAX_FILE_BYTES else stream.read(MAX_FILE_BYTES + 1)
    if info.st_size > MAX_FILE_BYTES or len(data) > MAX_FILE_BYTES:
        raise YamlError(
            1, 1, f"file is larger than {MAX_FILE_BYTES // (1024 * 1024)} MB; decks are limited"
        )
    if b"\x00" in data:
        line, column = position_of(data, data.index(b"\x00"))
        raise YamlError(line, column, "binary file (it contains NUL bytes), not a YAML deck")
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as error:
        line, column = position_of(data, error.start)
        raise YamlError(
            line,
            column,
            f"file is not UTF-8 (byte 0x{data[error.start]:02x} cannot be decoded); "
            "save it as UTF-8",
        ) from None
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    return data


def position_of(data: bytes, offset: int) -> tuple[int, int]:
    """1-based line and column (in characters) of a byte offset."""
    line_start = data.rfind(b"\n", 0, offset) + 1
    line = data.count(b"\n", 0, offset) + 1
    column = len(data[line_start:offset].decode("utf-8", errors="replace")) + 1
    return line, column
