"""The `.apkg` zip endoquiz writes: a legacy collection, its media map and files, stable bytes."""

from __future__ import annotations

import json
import zipfile
from collections.abc import Mapping
from pathlib import Path

__all__ = ["COLLECTION_NAME", "add_member", "write_package"]

# The name Anki 2.0 gave the collection; every Anki since reads it (and
# genanki writes it), whatever its schema.
COLLECTION_NAME = "collection.anki2"
# A zip member's time: the earliest a zip can say, so that two exports of
# the same decks are the same bytes.
_FIXED_TIME = (1980, 1, 1, 0, 0, 0)
_FILE_MODE = 0o644 << 16


def write_package(path: Path, collection: Path, media: Mapping[str, Path]) -> None:
    """Write the package to `path`: the collection file, then `media` (the
    name each file takes in Anki -> where it is read from) as Anki's legacy
    packages hold them, numbered in the order of their names, with the JSON
    map of number to name.

    Raises:
        OSError: when a file cannot be read or the package written.
    """
    names = sorted(media)
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        add_member(archive, COLLECTION_NAME, collection.read_bytes())
        mapping = {str(number): name for number, name in enumerate(names)}
        add_member(archive, "media", json.dumps(mapping, ensure_ascii=False).encode("utf-8"))
        for number, name in enumerate(names):
            add_member(archive, str(number), media[name].read_bytes())


def add_member(archive: zipfile.ZipFile, name: str, data: bytes) -> None:
    """Add a file to a zip in stable bytes (fixed time and mode, deflated):
    shared decks are written so too (`library/deck_sharing.py`)."""
    member = zipfile.ZipInfo(name, _FIXED_TIME)
    member.compress_type = zipfile.ZIP_DEFLATED
    member.external_attr = _FILE_MODE
    archive.writestr(member, data)
