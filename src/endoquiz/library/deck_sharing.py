"""A deck shared as one `.endoquiz` file: its YAML and images zipped with a manifest, no progress.

One archive holds one deck file, as written, and the files its cards show;
child decks are shared each in an archive of their own (a parent's file
does not name its children, and a learner may want one without the other).
Opening one checks the zip as an Anki package is checked, the manifest and
every file against it, and the deck as any deck file, before anything is
written to the data folder; the deck is then installed as a copy, as
`add_deck_copy` installs one, and opening it again updates it.
"""

from __future__ import annotations

import hashlib
import io
import json
import re
import shutil
import zipfile
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path, PurePosixPath
from typing import IO, TYPE_CHECKING, Any

from endoquiz.anki.package_files import (
    PackageLimits,
    ZipRefusedError,
    new_folder,
    open_zip,
    read_member,
    size_text,
    unsafe_name_reason,
)
from endoquiz.anki.package_writing import add_member
from endoquiz.decks.diagnostics import DeckError, Diagnostic, Severity
from endoquiz.decks.yaml_input import MAX_FILE_BYTES
from endoquiz.decks.yaml_nodes import MapNode, ScalarNode, SeqNode, YamlError
from endoquiz.decks.yaml_tree import parse_yaml_bytes
from endoquiz.library.deck_files import (
    DECK_SUFFIXES,
    check_deck_keeping_parse,
    copy_target,
    shown_files,
)
from endoquiz.library.whole_files import written_whole
from endoquiz.store.errors import StoreError, StoreWriteError, describe_error

if TYPE_CHECKING:
    from endoquiz.decks.deck_loader import ParsedDeck
    from endoquiz.decks.deck_model import Deck
    from endoquiz.library.installed_decks import InstalledDecks

__all__ = [
    "SHARED_DECK_SUFFIX",
    "SharedDeck",
    "SharedDeckError",
    "export_deck_file",
    "import_deck_file",
    "read_deck_file",
]

SHARED_DECK_SUFFIX = ".endoquiz"
FORMAT_NAME = "endoquiz-deck"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
# The deck's folder inside the zip: its file and images keep their places
# relative to each other, and none can be taken for the manifest.
_FOLDER = "deck"
_MIB = 1024 * 1024
# A shared deck is a deck file and its images: far less than an Anki
# collection may hold, so tighter bounds (each image as an Anki media file).
LIMITS = PackageLimits(
    package_bytes=512 * _MIB,
    members=20_000,
    central_directory_bytes=8 * _MIB,
    total_bytes=1024 * _MIB,
    media_bytes=100 * _MIB,
)
_MANIFEST_BYTES = 8 * _MIB
_SHA256 = re.compile(r"[0-9a-f]{64}")


class SharedDeckError(StoreError):
    """A shared deck file endoquiz cannot open (not one, damaged, hostile,
    a deck with errors, an id another deck file has); the message says
    what, in one line. Nothing was written."""


@dataclass(frozen=True, slots=True)
class SharedDeck:
    """A deck written to or opened from a shared deck file.

    Attributes:
        path: the shared file (written), or the deck file installed (opened).
        deck_id, title: the deck's.
        cards: its cards.
        images: the files its cards show, carried with it.
        updated: (opened) the deck was installed already and was updated,
            its progress kept.
    """

    path: Path
    deck_id: str
    title: str
    cards: int
    images: int
    updated: bool = False


def export_deck_file(deck: Deck, path: Path) -> SharedDeck:
    """Write the installed `deck` to the shared deck file `path`: its file's
    bytes unchanged, the files its cards show, and a manifest (with the
    version of endoquiz that wrote it); in stable bytes, written beside
    `path` and put in its place whole.

    Raises:
        DeckError: when the deck file cannot be read.
        StoreWriteError: when `path` cannot be written, in one line.
    """
    deck_path = deck.path
    folder = deck_path.resolve().parent
    try:
        data = deck_path.read_bytes()
    except OSError as error:
        reason = f"the deck file cannot be read: {describe_error(error, deck_path)}"
        raise DeckError([Diagnostic(deck_path, 1, 1, Severity.ERROR, reason)]) from None
    files = {f"{_FOLDER}/{deck_path.name}": data}
    for relative in shown_files(deck, folder):
        files.setdefault(f"{_FOLDER}/{relative.as_posix()}", (folder / relative).read_bytes())
    manifest = {
        "format": FORMAT_NAME,
        "version": FORMAT_VERSION,
        "endoquiz": _endoquiz_version(),
        "deck": {"id": deck.id, "title": deck.title, "file": f"{_FOLDER}/{deck_path.name}"},
        "files": [
            {"path": name, "size": len(content), "sha256": hashlib.sha256(content).hexdigest()}
            for name, content in sorted(files.items())
        ],
    }
    text = json.dumps(manifest, ensure_ascii=False, indent=2, sort_keys=True) + "\n"
    # The zip is closed (inner) before `written_whole` puts it in place.
    with (
        written_whole(path) as (_, target),
        zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED) as archive,
    ):
        add_member(archive, MANIFEST, text.encode("utf-8"))
        for name, content in sorted(files.items()):
            add_member(archive, name, content)
    return SharedDeck(path, deck.id, deck.title, len(deck.cards), len(files) - 1)


def _endoquiz_version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("endoquiz")
    except PackageNotFoundError:  # pragma: no cover - an unpacked source tree
        return "0+unknown"


@dataclass(frozen=True, slots=True)
class _Listed:
    """A file the manifest lists: its place in the deck folder, size, hash."""

    relative: PurePosixPath
    size: int
    sha256: str


def import_deck_file(
    path: Path,
    installed: InstalledDecks,
    now: datetime | None = None,
    limits: PackageLimits = LIMITS,
) -> SharedDeck:
    """Open the shared deck file `path`: check the zip (as an Anki package
    is checked, within `limits`), its manifest and every file against it,
    extract it into a staging folder in the data folder, check the deck
    there as any deck file, and only then install it as a copy in
    `decks/<id>/` with its images (over the earlier copy of the same deck,
    keeping its progress). The staging folder is removed in every case.

    Raises:
        SharedDeckError: for a file that cannot be opened, in one line;
            nothing was written then.
        StoreWriteError: when the deck cannot be copied into the data folder.
        StoreError: when the database cannot be written.
    """
    try:
        archive, members = open_zip(path, limits)
    except ZipRefusedError as refusal:
        raise _refused(path, refusal.reason) from None
    with archive:
        deck_id, deck_file, listed = _manifest(path, archive, members, limits)
        staging = _staging_folder(path, installed.data_dir)
        try:
            for name, file in listed.items():
                _extract(path, archive, members[name], file, staging, limits)
            staged = staging.joinpath(*deck_file.relative.parts)
            deck, parsed = _checked_deck(path, staged)
            if deck.id != deck_id:
                raise _refused(
                    path,
                    f"its {MANIFEST} is for deck '{deck_id}', "
                    f"but its deck file declares '{deck.id}'",
                )
            target = _target(deck, staged, installed)
            updated = target.is_file()
            try:
                installed.add_deck_copy(staged, now, target=target, parsed=parsed)
            except DeckError as error:  # its id another installed file's
                raise _refused(path, error.diagnostics[0].message) from None
            except OSError as error:  # a full disk, a `decks` that is no folder
                raise StoreWriteError(
                    f"{path.name}: the deck cannot be copied into the data folder: "
                    f"{describe_error(error, target.parent)}"
                ) from None
        finally:
            shutil.rmtree(staging, ignore_errors=True)
    return SharedDeck(
        target, deck.id, deck.title, len(deck.cards), len(listed) - 1, updated=updated
    )


def read_deck_file(path: Path, limits: PackageLimits = LIMITS) -> SharedDeck:
    """What the shared deck file `path` holds, without opening it: its deck's
    id and title, how many cards and images. The zip and its manifest are
    checked as opening checks them, and the deck file is read whole against
    the manifest's size and SHA-256; the deck's own checks (its images among
    them, which are not read here) run when it is opened. Nothing is written.

    Raises:
        SharedDeckError: for a file that cannot be opened, in one line.
    """
    try:
        archive, members = open_zip(path, limits)
    except ZipRefusedError as refusal:
        raise _refused(path, refusal.reason) from None
    with archive:
        deck_id, deck_file, listed = _manifest(path, archive, members, limits)
        name = f"{_FOLDER}/{deck_file.relative.as_posix()}"
        buffer = io.BytesIO()
        _read(path, archive, members[name], buffer, MAX_FILE_BYTES, limits)
    data = buffer.getvalue()
    if len(data) != deck_file.size or hashlib.sha256(data).hexdigest() != deck_file.sha256:
        raise _refused(path, f"{name!r} is not the file its {MANIFEST} describes")
    try:
        root = parse_yaml_bytes(data)
    except YamlError as problem:
        raise _refused(
            path,
            f"its deck has errors: line {problem.line}, column {problem.column}: {problem.message}",
        ) from None
    # Only what the summary shows is read: opening checks the rest.
    fields = root if isinstance(root, MapNode) else MapNode([], 1, 1)
    declared, title, cards = fields.get("id"), fields.get("title"), fields.get("cards")
    if isinstance(declared, ScalarNode) and declared.text != deck_id:
        raise _refused(
            path,
            f"its {MANIFEST} is for deck '{deck_id}', but its deck file declares '{declared.text}'",
        )
    if not isinstance(title, ScalarNode) or not isinstance(cards, SeqNode):
        raise _refused(path, "its deck has no title or no list of cards")
    return SharedDeck(path, deck_id, title.text, len(cards.items), len(listed) - 1)


def _staging_folder(path: Path, data_dir: Path) -> Path:
    """A new folder in the data folder to extract into (on its disk, so
    that a full disk is met before anything of the library is touched)."""
    try:
        return new_folder(path, data_dir, prefix=".deck-share-")
    except ZipRefusedError as refusal:
        raise _refused(path, refusal.reason) from None


def _refused(path: Path, reason: str) -> SharedDeckError:
    return SharedDeckError(f"{path.name} cannot be opened as a shared deck: {reason}")


def _manifest(
    path: Path,
    archive: zipfile.ZipFile,
    members: dict[str, zipfile.ZipInfo],
    limits: PackageLimits,
) -> tuple[str, _Listed, dict[str, _Listed]]:
    """The deck's id, its file and every file the manifest lists, by member name,
    checked: the format and version, each name safe and in the deck
    folder, and the zip holding exactly the files listed."""
    member = members.get(MANIFEST)
    if member is None:
        raise _refused(path, f"it holds no {MANIFEST} (it was not made by endoquiz)")
    buffer = io.BytesIO()
    _read(path, archive, member, buffer, _MANIFEST_BYTES, limits)
    try:
        manifest = json.loads(buffer.getvalue().decode("utf-8"))
    except (ValueError, RecursionError) as error:
        raise _refused(path, f"its {MANIFEST} is not valid JSON ({error})") from None
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT_NAME:
        raise _refused(path, f"its {MANIFEST} is not a shared deck's")
    version = manifest.get("version")
    if version != FORMAT_VERSION:
        newer = isinstance(version, int) and version > FORMAT_VERSION
        raise _refused(
            path,
            "it was made by a newer endoquiz; update endoquiz to open it"
            if newer
            else f"its {MANIFEST} has no format version endoquiz knows",
        )
    listed = {name: _listed(path, name, entry) for name, entry in _entries(path, manifest)}
    unlisted = sorted(members.keys() - listed.keys() - {MANIFEST})
    if unlisted:
        raise _refused(path, f"it holds {unlisted[0]!r}, which its {MANIFEST} does not list")
    missing = sorted(listed.keys() - members.keys())
    if missing:
        raise _refused(path, f"its {MANIFEST} lists {missing[0]!r}, which it does not hold")
    deck = manifest.get("deck")
    named = deck.get("file") if isinstance(deck, dict) else None
    deck_id = deck.get("id") if isinstance(deck, dict) else None
    if not isinstance(named, str) or named not in listed or not isinstance(deck_id, str):
        raise _refused(path, f"its {MANIFEST} names no deck file it holds")
    name = named
    if PurePosixPath(name).suffix not in DECK_SUFFIXES or len(listed[name].relative.parts) != 1:
        raise _refused(path, f"its deck file {name!r} is not a .yaml file in its {_FOLDER}/")
    return deck_id, listed[name], listed


def _entries(path: Path, manifest: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    """The manifest's files as (name, entry), each an object with a name, once."""
    files = manifest.get("files")
    if not isinstance(files, list):
        raise _refused(path, f"its {MANIFEST} has no list of files")
    entries = []
    for entry in files:
        name = entry.get("path") if isinstance(entry, dict) else None
        if not isinstance(name, str):
            raise _refused(path, f"its {MANIFEST} lists a file without a path")
        entries.append((name, entry))
    if len({name for name, _entry in entries}) != len(entries):
        raise _refused(path, f"its {MANIFEST} lists a file twice")
    return entries


def _listed(path: Path, name: str, entry: dict[str, Any]) -> _Listed:
    """A manifest's entry, checked: a safe path in the deck folder, a size, a hash."""
    place = PurePosixPath(name)
    if not name.startswith(f"{_FOLDER}/") or len(place.parts) < 2:
        raise _refused(path, f"its {MANIFEST} lists {name!r}, outside its {_FOLDER}/ folder")
    for part in place.parts:
        reason = unsafe_name_reason(part)
        if reason is not None or name != place.as_posix():
            why = reason or "is not plain"
            raise _refused(path, f"its {MANIFEST} lists {name!r}, whose name {why}")
    size, digest = entry.get("size"), entry.get("sha256")
    if not isinstance(size, int) or isinstance(size, bool) or size < 0:
        raise _refused(path, f"its {MANIFEST} gives {name!r} no size")
    if not isinstance(digest, str) or not _SHA256.fullmatch(digest):
        raise _refused(path, f"its {MANIFEST} gives {name!r} no SHA-256")
    return _Listed(PurePosixPath(*place.parts[1:]), size, digest)


def _read(
    path: Path,
    archive: zipfile.ZipFile,
    member: zipfile.ZipInfo,
    target: IO[bytes],
    limit: int,
    limits: PackageLimits,
) -> None:
    try:
        read_member(path, archive, member, target, limit=limit, limits=limits)
    except ZipRefusedError as refusal:
        raise _refused(path, refusal.reason) from None


def _extract(
    path: Path,
    archive: zipfile.ZipFile,
    member: zipfile.ZipInfo,
    listed: _Listed,
    staging: Path,
    limits: PackageLimits,
) -> None:
    """Write a listed file into the staging folder, refused unless it is the
    file the manifest describes (its size and SHA-256)."""
    target = staging.joinpath(*listed.relative.parts)
    limit = MAX_FILE_BYTES if listed.relative.suffix in DECK_SUFFIXES else limits.media_bytes
    if listed.size > limit:
        raise _refused(path, f"{member.filename!r} is larger than {size_text(limit)}")
    digest = hashlib.sha256()
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        with target.open("xb") as file:
            _read(path, archive, member, file, limit, limits)
        with target.open("rb") as file:
            while chunk := file.read(_MIB):
                digest.update(chunk)
        size = target.stat().st_size
    except OSError as error:
        raise _refused(
            path, f"{member.filename!r} cannot be written: {describe_error(error, staging)}"
        ) from None
    if size != listed.size or digest.hexdigest() != listed.sha256:
        raise _refused(path, f"{member.filename!r} is not the file its {MANIFEST} describes")


def _checked_deck(path: Path, staged: Path) -> tuple[Deck, ParsedDeck | None]:
    """The deck in the staged file, checked as any deck file, and its parse
    (installing the file does not parse it again)."""
    check, parsed = check_deck_keeping_parse(staged)
    if check.deck is None:
        first = check.errors[0]
        more = len(check.errors) - 1
        also = f" (and {more} more error{'s' if more > 1 else ''})" if more else ""
        raise _refused(
            path,
            f"its deck has errors: line {first.line}, column {first.column}: {first.message}{also}",
        )
    return check.deck, parsed


def _target(deck: Deck, staged: Path, installed: InstalledDecks) -> Path:
    """Where the deck goes: over the copy an earlier opening of it made (in
    `decks/` of the data folder), else as `add_deck_copy` puts a new one."""
    folder = installed.data_dir.resolve() / "decks"
    try:
        earlier = installed.deck_path(deck.id)
    except KeyError:
        earlier = None
    if earlier is not None and earlier.is_relative_to(folder):
        return earlier
    target = copy_target(deck, staged, installed.data_dir)
    assert target is not None  # the staging folder is outside decks/
    return target
