"""Anki packages made without Anki, for the package reader's tests and benchmark."""

from __future__ import annotations

import sys
import zipfile
from pathlib import Path

if sys.version_info >= (3, 14):
    from compression.zstd import compress
else:
    from backports.zstd import compress

__all__ = ["compress", "length_delimited", "media_entries", "package_meta", "varint_field"]


# A tiny protobuf encoder, written from proto/anki/import_export.proto, so that
# packages are not made with the reader's own wire-format code.
def varint(value: int) -> bytes:
    out = bytearray()
    while True:
        byte, value = value & 0x7F, value >> 7
        out.append(byte | (0x80 if value else 0))
        if not value:
            return bytes(out)


def length_delimited(number: int, payload: bytes) -> bytes:
    return varint(number << 3 | 2) + varint(len(payload)) + payload


def varint_field(number: int, value: int) -> bytes:
    return varint(number << 3) + varint(value)


def media_entries(names: list[str], sizes: list[int] | None = None) -> bytes:
    """`MediaEntries` {repeated MediaEntry entries = 1}, each entry
    {string name = 1; uint32 size = 2; bytes sha1 = 3}."""
    sizes = sizes or [0] * len(names)
    return b"".join(
        length_delimited(
            1,
            length_delimited(1, name.encode())
            + varint_field(2, size)
            + length_delimited(3, b"\x00" * 20),
        )
        for name, size in zip(names, sizes, strict=True)
    )


def package_meta(version: int) -> bytes:
    """`PackageMetadata` {Version version = 1}."""
    return varint_field(1, version)


def write_modern_package(path: Path, collection: Path, media: list[bytes]) -> Path:
    """A package as Anki 2.1.50+ writes it: meta 3, the collection and each
    media file zstd-compressed and stored, the protobuf media list."""
    names = [f"image{number}.jpg" for number in range(len(media))]
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("meta", package_meta(3))
        archive.writestr("collection.anki21b", compress(collection.read_bytes()))
        archive.writestr("media", compress(media_entries(names, [len(d) for d in media])))
        for number, data in enumerate(media):
            archive.writestr(str(number), compress(data))
    return path
