"""Anki packages (.apkg, .colpkg) opened safely: the collection extracted, media read on demand.

Its zip checks (hostile names, symlinks, sizes, bombs, a bounded index) serve
every zip endoquiz reads: `open_zip` and `read_member` are shared with the
decks a teacher shares (`library/deck_sharing.py`)."""

from __future__ import annotations

import io
import json
import re
import shutil
import stat
import struct
import sys
import tempfile
import zipfile
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import IO, BinaryIO, Literal

from endoquiz.anki.errors import AnkiPackageError
from endoquiz.anki.protobuf_wire import WireFormatError, last_int, last_text, read_fields
from endoquiz.store.errors import describe_error

# Python 3.14 has zstd in the standard library; backports.zstd is the same module.
if sys.version_info >= (3, 14):
    from compression.zstd import ZstdError, ZstdFile
else:
    from backports.zstd import ZstdError, ZstdFile

__all__ = [
    "DEFAULT_LIMITS",
    "AnkiPackage",
    "PackageFormat",
    "PackageLimits",
    "ZipRefusedError",
    "new_folder",
    "open_package",
    "open_zip",
    "read_member",
    "size_text",
    "unsafe_name_reason",
]

PackageFormat = Literal["anki21b", "anki21", "anki2"]

# The collection member of each format, in the order read when the package
# says nothing (no `meta`): the newest first. Anki 2.1.50+ writes a `meta`
# naming its format, beside a dummy `collection.anki2` for older Ankis.
_COLLECTION_MEMBERS: dict[PackageFormat, str] = {
    "anki21b": "collection.anki21b",
    "anki21": "collection.anki21",
    "anki2": "collection.anki2",
}
# `PackageMetadata.version` (proto/anki/import_export.proto): 1 legacy
# (collection.anki2), 2 legacy (collection.anki21), 3 latest (anki21b, zstd,
# protobuf media map); 0, unknown, is what Anki calls "too new".
_META_VERSIONS: dict[int, PackageFormat] = {1: "anki2", 2: "anki21", 3: "anki21b"}
_SQLITE_HEADER = b"SQLite format 3\x00"
_ZIP_STARTS = (b"PK\x03\x04", b"PK\x05\x06")
_CHUNK = 1024 * 1024
_META_BYTES = 1024
# A zip's end record and the zip64 records it may point to (APPNOTE 4.3.14-16).
_END_RECORD = struct.Struct("<4s4H2LH")
_ZIP64_LOCATOR = struct.Struct("<4sLQL")
_ZIP64_END_RECORD = struct.Struct("<4sQ2H2L4Q")
_MAX_ZIP_COMMENT = 0xFFFF
# What no media name Anki writes contains (it strips them on export), and
# what would let a name leave the folder it is copied into.
_UNSAFE_NAME_CHARACTER = re.compile(r"[/\\:\x00-\x1f\x7f]")
_MAX_NAME_BYTES = 255
_MIB = 1024 * 1024
_GIB = 1024 * _MIB


@dataclass(frozen=True, slots=True)
class PackageLimits:
    """What endoquiz reads of a package at most, so that a hostile one costs
    bounded disk, memory and time. The defaults pass a real shared deck of
    tens of thousands of notes with their images.

    Attributes:
        package_bytes: the package file's size.
        members: files in the zip (the media files and four more).
        central_directory_bytes: the zip's index, read before anything else.
        total_bytes: the sum of the files' sizes as the zip declares them.
        collection_bytes: the collection, expanded (written to the scratch folder).
        media_bytes: one media file, expanded (read into memory).
        media_map_bytes: the media list, expanded.
        ratio: how much a file may expand past `ratio_floor` bytes (zip bombs
            expand thousands of times; SQLite and text about ten).
    """

    package_bytes: int = 1 * _GIB
    members: int = 200_000
    central_directory_bytes: int = 64 * _MIB
    total_bytes: int = 4 * _GIB
    collection_bytes: int = 2 * _GIB
    media_bytes: int = 100 * _MIB
    media_map_bytes: int = 32 * _MIB
    ratio: int = 200
    ratio_floor: int = 16 * _MIB


DEFAULT_LIMITS = PackageLimits()


def size_text(size: int) -> str:
    """A size for a person: "1 GB", "2.5 MB", "300 bytes" (binary units)."""
    for unit, factor in (("GB", _GIB), ("MB", _MIB), ("KB", 1024)):
        if size >= factor:
            return f"{size / factor:.1f}".removesuffix(".0") + f" {unit}"
    return f"{size} bytes"


def unsafe_name_reason(name: str) -> str | None:
    """Why a media name cannot be a file name in a folder, or None if it can."""
    if name in ("", ".", ".."):
        return "is not a file name"
    if _UNSAFE_NAME_CHARACTER.search(name):
        return "contains a path separator, a colon or a control character"
    if len(name.encode("utf-8", "surrogatepass")) > _MAX_NAME_BYTES:
        return f"is longer than {_MAX_NAME_BYTES} bytes"
    return None


def _unsafe_member_reason(name: str) -> str | None:
    """Why a zip member's name is hostile (it could point outside a folder),
    or None. Members are only ever opened by the names Anki gives them, but
    a package that holds such names was not made by Anki."""
    parts = name.split("/")
    if name.startswith("/") or re.match(r"[A-Za-z]:", name):
        return "is an absolute path"
    if "\\" in name or "\x00" in name:
        return "contains a backslash or a NUL"
    if ".." in parts:
        return "points outside the package"
    return None


class AnkiPackage:
    """An opened package: its collection extracted as a plain SQLite file into
    a folder of its own, its media read from the zip on demand. Use it as a
    context manager, or call close(): that removes what was extracted.

    Attributes:
        path: the package file.
        format: "anki21b" (Anki 2.1.50+, zstd), "anki21" or "anki2" (older
            Anki, genanki). Whether it is an .apkg or a .colpkg cannot be
            told from the content (both hold one collection); the caller knows.
        collection_path: the extracted collection, an SQLite database.
        media_names: the media files' names, as the package lists them, in order.
    """

    def __init__(
        self,
        path: Path,
        archive: zipfile.ZipFile,
        package_format: PackageFormat,
        collection_path: Path,
        media_members: dict[str, zipfile.ZipInfo],
        limits: PackageLimits,
    ) -> None:
        self.path = path
        self.format: PackageFormat = package_format
        self.collection_path = collection_path
        self.media_names = tuple(media_members)
        self._archive = archive
        self._folder = collection_path.parent
        self._media_members = media_members
        self._limits = limits

    def read_media(self, name: str) -> bytes:
        """The bytes of the media file `name` (one of media_names); raises
        AnkiPackageError when it is damaged or expands past the limit."""
        member = self._media_members.get(name)
        if member is None:
            raise KeyError(name)
        target = io.BytesIO()
        _copy_member(
            self.path,
            self._archive,
            member,
            target,
            zstd=self.format == "anki21b",
            limit=self._limits.media_bytes,
            limits=self._limits,
            what=f"the media file {name!r}",
        )
        return target.getvalue()

    def close(self) -> None:
        """Closes the zip and removes the extracted collection's folder."""
        self._archive.close()
        shutil.rmtree(self._folder, ignore_errors=True)

    def __enter__(self) -> AnkiPackage:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()


class ZipRefusedError(AnkiPackageError):
    """A zip refused by the checks every zip endoquiz reads goes through;
    `reason` says why without naming the kind of file, for a reader of
    another kind of zip to say in its own words."""

    def __init__(self, message: str, reason: str) -> None:
        super().__init__(message)
        self.reason = reason


def open_zip(
    path: Path, limits: PackageLimits = DEFAULT_LIMITS
) -> tuple[zipfile.ZipFile, dict[str, zipfile.ZipInfo]]:
    """The zip at `path` and its files by name, every file checked (see
    `_checked_members`) before one is read: the file's size, the index's
    size and count, then each name, mode and declared size. The caller
    closes the zip. Raises ZipRefusedError, its message one line."""
    size = _package_size(path)
    if size > limits.package_bytes:
        raise _refusal(
            path,
            f"it is {size_text(size)}; endoquiz reads packages "
            f"of up to {size_text(limits.package_bytes)}",
        )
    archive = _open_zip(path, limits)
    try:
        return archive, _checked_members(path, archive, limits)
    except BaseException:
        archive.close()
        raise


def read_member(
    path: Path,
    archive: zipfile.ZipFile,
    member: zipfile.ZipInfo,
    target: IO[bytes],
    *,
    limit: int,
    limits: PackageLimits = DEFAULT_LIMITS,
) -> None:
    """Streams a file of a zip opened by `open_zip` into `target`, refused
    (ZipRefusedError) past `limit` bytes, when it expands like a bomb or is damaged."""
    what = f"its file {member.filename!r}"
    _copy_member(path, archive, member, target, zstd=False, limit=limit, limits=limits, what=what)


def open_package(path: Path, scratch: Path, limits: PackageLimits = DEFAULT_LIMITS) -> AnkiPackage:
    """Opens the Anki package at `path`, its format told from its content,
    and extracts its collection into a new folder inside `scratch`. Raises
    AnkiPackageError, its message one line, for anything but a sound package
    within `limits`; nothing is then left in `scratch`."""
    archive, members = open_zip(path, limits)
    folder: Path | None = None
    try:
        package_format = _package_format(path, archive, members, limits)
        media_members = _media_members(path, archive, members, package_format, limits)
        folder = new_folder(path, scratch)
        collection_path = folder / "collection.sqlite3"
        collection = members[_COLLECTION_MEMBERS[package_format]]
        _extract_collection(path, archive, collection, collection_path, package_format, limits)
    except BaseException:
        archive.close()
        if folder is not None:
            shutil.rmtree(folder, ignore_errors=True)
        raise
    return AnkiPackage(path, archive, package_format, collection_path, media_members, limits)


def _refusal(path: Path, reason: str) -> ZipRefusedError:
    return ZipRefusedError(f"{path.name} cannot be read as an Anki package: {reason}", reason)


def _package_size(path: Path) -> int:
    """The package file's size, from the file system, before reading a byte."""
    try:
        status = path.stat()
    except OSError as error:
        raise _refusal(path, describe_error(error, path)) from None
    if not path.is_file():
        raise _refusal(path, "it is not a file")
    return status.st_size


_DAMAGE = (
    zipfile.BadZipFile,
    zlib.error,
    EOFError,
    ZstdError,
    NotImplementedError,
    UnicodeDecodeError,
)


@contextmanager
def _reading(path: Path, what: str) -> Iterator[None]:
    """Turns what a damaged zip or zstd stream raises into a one-line refusal
    (UnicodeDecodeError: zipfile decodes names flagged UTF-8 as it reads)."""
    try:
        yield
    except _DAMAGE as error:
        raise _refusal(path, f"{what} is damaged or cut short ({error})") from None
    except OSError as error:
        raise _refusal(path, f"{what}: {describe_error(error, path)}") from None


def _open_zip(path: Path, limits: PackageLimits) -> zipfile.ZipFile:
    """The package as a zip, its index checked for size before zipfile reads it."""
    with _reading(path, "the file"), path.open("rb") as file:
        if file.read(4) not in _ZIP_STARTS:
            raise _refusal(path, "it is not a zip file")
        entries, directory_bytes = _zip_index_size(path, file)
    if entries > limits.members:
        raise _refusal(path, f"it holds {entries} files; endoquiz reads up to {limits.members}")
    if directory_bytes > limits.central_directory_bytes:
        raise _refusal(
            path,
            f"its index is {size_text(directory_bytes)}; endoquiz reads "
            f"indexes of up to {size_text(limits.central_directory_bytes)}",
        )
    with _reading(path, "the zip"):
        return zipfile.ZipFile(path)


def _zip_index_size(path: Path, file: BinaryIO) -> tuple[int, int]:
    """The number of files and the size of the index (central directory) the
    zip's end record declares, zip64 included."""
    size = file.seek(0, 2)
    tail_start = max(0, size - _END_RECORD.size - _MAX_ZIP_COMMENT)
    file.seek(tail_start)
    tail = file.read()
    at = tail.rfind(b"PK\x05\x06")
    if at < 0 or at + _END_RECORD.size > len(tail):
        raise _refusal(path, "the zip is cut short (its end record is missing)")
    _, _, _, _, entries, directory_bytes, _, _ = _END_RECORD.unpack_from(tail, at)
    locator_at = at - _ZIP64_LOCATOR.size
    if locator_at >= 0 and tail[locator_at : locator_at + 4] == b"PK\x06\x07":
        _, _, record_offset, _ = _ZIP64_LOCATOR.unpack_from(tail, locator_at)
        file.seek(record_offset)
        record = file.read(_ZIP64_END_RECORD.size)
        if len(record) < _ZIP64_END_RECORD.size or not record.startswith(b"PK\x06\x06"):
            raise _refusal(path, "the zip is damaged (its zip64 end record is missing)")
        fields = _ZIP64_END_RECORD.unpack(record)
        entries, directory_bytes = fields[7], fields[8]
    return entries, directory_bytes


def _checked_members(
    path: Path, archive: zipfile.ZipFile, limits: PackageLimits
) -> dict[str, zipfile.ZipInfo]:
    """The zip's files by name, once each refused if any is hostile: an
    unsafe or repeated name, encryption, a symbolic link, a declared size
    past the limits."""
    members: dict[str, zipfile.ZipInfo] = {}
    total = 0
    for info in archive.infolist():
        reason = _unsafe_member_reason(info.filename)
        if reason is not None:
            raise _refusal(path, f"the zip's file {info.filename!r} {reason}")
        if info.filename in members:
            raise _refusal(path, f"the zip holds {info.filename!r} twice")
        if info.flag_bits & 0x1:
            raise _refusal(path, f"the zip's file {info.filename!r} is encrypted")
        if stat.S_ISLNK(info.external_attr >> 16):
            # Never made a link here, but no Anki package or shared deck holds one.
            raise _refusal(path, f"the zip's file {info.filename!r} is a symbolic link")
        total += info.file_size
        if total > limits.total_bytes:
            raise _refusal(path, f"its files expand to more than {size_text(limits.total_bytes)}")
        if _expands_too_much(info.file_size, info.compress_size, limits):
            raise _refusal(path, f"the zip's file {info.filename!r} is a zip bomb")
        members[info.filename] = info
    return members


def _expands_too_much(expanded: int, compressed: int, limits: PackageLimits) -> bool:
    return expanded > limits.ratio_floor and expanded > limits.ratio * max(compressed, 1)


def _package_format(
    path: Path,
    archive: zipfile.ZipFile,
    members: dict[str, zipfile.ZipInfo],
    limits: PackageLimits,
) -> PackageFormat:
    """The format `meta` names, as Anki reads it; without `meta`, that of
    the newest collection member present."""
    meta = members.get("meta")
    if meta is not None:
        data = _read_whole(path, archive, meta, zstd=False, limit=_META_BYTES, limits=limits)
        try:
            version = last_int(read_fields(data), 1)
        except WireFormatError as error:
            raise _refusal(path, f"its meta is damaged ({error})") from None
        package_format = _META_VERSIONS.get(version)
        if package_format is None:
            raise _refusal(path, "it was made by a newer Anki (unknown package version)")
        if _COLLECTION_MEMBERS[package_format] not in members:
            raise _refusal(path, f"it holds no {_COLLECTION_MEMBERS[package_format]}")
        return package_format
    for package_format, member in _COLLECTION_MEMBERS.items():
        if member in members:
            return package_format
    raise _refusal(path, "it holds no Anki collection (a zip, but not an Anki package)")


def _read_whole(
    path: Path,
    archive: zipfile.ZipFile,
    member: zipfile.ZipInfo,
    *,
    zstd: bool,
    limit: int,
    limits: PackageLimits,
) -> bytes:
    """A small member's bytes, expanded, refused past `limit`."""
    buffer = io.BytesIO()
    what = f"its {member.filename}"
    _copy_member(path, archive, member, buffer, zstd=zstd, limit=limit, limits=limits, what=what)
    return buffer.getvalue()


def _copy_member(
    path: Path,
    archive: zipfile.ZipFile,
    member: zipfile.ZipInfo,
    target: IO[bytes],
    *,
    zstd: bool,
    limit: int,
    limits: PackageLimits,
    what: str,
) -> None:
    """Streams a member, expanded (and zstd-decoded if `zstd`), into
    `target`, chunk by chunk; refuses it past `limit` bytes or when it
    expands like a bomb. zipfile itself stops at the declared size."""
    with _reading(path, what), archive.open(member) as stored:
        source: IO[bytes] | ZstdFile = ZstdFile(stored) if zstd else stored
        with source:
            written = 0
            while chunk := source.read(_CHUNK):
                written += len(chunk)
                if written > limit:
                    raise _refusal(
                        path, f"{what} expands past {size_text(limit)}, the most endoquiz reads"
                    )
                if _expands_too_much(written, member.compress_size, limits):
                    raise _refusal(path, f"{what} expands like a zip bomb")
                target.write(chunk)


def _media_members(
    path: Path,
    archive: zipfile.ZipFile,
    members: dict[str, zipfile.ZipInfo],
    package_format: PackageFormat,
    limits: PackageLimits,
) -> dict[str, zipfile.ZipInfo]:
    """The media files by name, in the map's order, each name checked and
    each file present: a protobuf `MediaEntries` (anki21b, zstd), else a JSON
    object from member number to name. No map means no media, as in Anki."""
    member = members.get("media")
    if member is None:
        return {}
    zstd = package_format == "anki21b"
    data = _read_whole(
        path, archive, member, zstd=zstd, limit=limits.media_map_bytes, limits=limits
    )
    listed = _protobuf_media(path, data) if zstd else _json_media(path, data)
    media: dict[str, zipfile.ZipInfo] = {}
    for number, name in listed:
        reason = unsafe_name_reason(name)
        if reason is not None:
            raise _refusal(path, f"the media name {name!r} {reason}")
        if name in media:
            raise _refusal(path, f"the media list names {name!r} twice")
        if str(number) not in members:
            raise _refusal(path, f"the media file {name!r} (number {number}) is missing")
        media[name] = members[str(number)]
    return media


def _protobuf_media(path: Path, data: bytes) -> list[tuple[int, str]]:
    """(member number, name) of each `MediaEntries.entries` entry: its number
    is its position (proto/anki/import_export.proto; Anki ignores
    `legacy_zip_filename` when reading), its name field 1."""
    try:
        names = [_entry_name(entry) for entry in read_fields(data).get(1, [])]
    except WireFormatError as error:
        raise _refusal(path, f"the media list is damaged ({error})") from None
    return list(enumerate(names))


def _entry_name(entry: int | bytes) -> str:
    """A `MediaEntry`'s name (field 1, a string; "" when absent, refused as
    a name by the caller)."""
    if not isinstance(entry, bytes):
        raise WireFormatError("a media entry is not a message")
    return last_text(read_fields(entry), 1)


class _JsonPairs(list[tuple[str, object]]):
    """A JSON object's pairs in order, its repeated keys kept (a dict would
    keep the last silently); a class of its own to tell it from an array."""


def _json_media(path: Path, data: bytes) -> list[tuple[int, str]]:
    """(member number, name) of each pair of the legacy JSON map
    {"0": "name.png", ...}, by number."""
    try:
        pairs = json.loads(data, object_pairs_hook=_JsonPairs)
    except (ValueError, RecursionError) as error:
        raise _refusal(path, f"the media list is not valid JSON ({error})") from None
    if not isinstance(pairs, _JsonPairs):
        raise _refusal(path, "the media list is not a JSON object")
    listed: dict[int, str] = {}
    for key, name in pairs:
        if not (isinstance(key, str) and key.isdecimal() and key.isascii()):
            raise _refusal(path, f"the media list's key {key!r} is not a file number")
        if not isinstance(name, str):
            raise _refusal(path, f"the media list's entry {key} is not a name")
        if int(key) in listed or str(int(key)) != key:
            raise _refusal(path, f"the media list's key {key!r} is repeated or not plain")
        listed[int(key)] = name
    return sorted(listed.items())


def new_folder(path: Path, scratch: Path, prefix: str = "anki-package-") -> Path:
    """A new folder in `scratch` to extract `path` into; ZipRefusedError
    when none can be made there."""
    try:
        return Path(tempfile.mkdtemp(prefix=prefix, dir=scratch))
    except OSError as error:
        raise _refusal(
            path, f"cannot extract into {scratch}: {describe_error(error, scratch)}"
        ) from None


def _extract_collection(
    path: Path,
    archive: zipfile.ZipFile,
    member: zipfile.ZipInfo,
    target: Path,
    package_format: PackageFormat,
    limits: PackageLimits,
) -> None:
    """Writes the collection, expanded, to `target`, then checks that it
    starts as an SQLite database does (the collection reader checks the rest)."""
    what = f"its {member.filename}"
    with _reading(path, what), target.open("wb") as written:
        _copy_member(
            path,
            archive,
            member,
            written,
            zstd=package_format == "anki21b",
            limit=limits.collection_bytes,
            limits=limits,
            what=what,
        )
    with target.open("rb") as extracted:
        if extracted.read(len(_SQLITE_HEADER)) != _SQLITE_HEADER:
            raise _refusal(path, f"{what} is not an SQLite database")
