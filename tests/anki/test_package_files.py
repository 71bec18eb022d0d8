"""Opening Anki packages: both formats read, every hostile package refused in one line."""

from __future__ import annotations

import json
import sqlite3
import stat
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from anki_package_making import (
    compress,
    length_delimited,
    media_entries,
    package_meta,
    varint_field,
)
from endoquiz.anki.errors import AnkiPackageError
from endoquiz.anki.package_files import PackageLimits, open_package

PNG = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4
MP3 = b"ID3" + b"\x01\x02" * 300


def collection_bytes(folder: Path, note: str = "a note") -> bytes:
    """A small SQLite database, as a collection file holds."""
    path = folder / f"made-{note}.sqlite3"
    with sqlite3.connect(path) as connection:
        connection.execute("CREATE TABLE notes (flds TEXT)")
        connection.execute("INSERT INTO notes VALUES (?)", (note,))
    connection.close()
    data = path.read_bytes()
    path.unlink()
    return data


def write_zip(path: Path, members: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return path


def modern_members(folder: Path, media: dict[str, bytes]) -> dict[str, bytes]:
    """What Anki 2.1.50+ writes: meta 3, the collection zstd-compressed, a
    dummy legacy collection, the protobuf media map and each file by number."""
    members = {
        "meta": package_meta(3),
        "collection.anki21b": compress(collection_bytes(folder, "modern")),
        "collection.anki2": collection_bytes(folder, "please update"),
        "media": compress(media_entries(list(media), [len(d) for d in media.values()])),
    }
    members.update({str(i): compress(data) for i, data in enumerate(media.values())})
    return members


def legacy_members(folder: Path, media: dict[str, bytes], collection: str) -> dict[str, bytes]:
    """What older Anki and genanki write: no meta, a plain collection, a JSON map."""
    members = {
        collection: collection_bytes(folder, "legacy"),
        "media": json.dumps({str(i): name for i, name in enumerate(media)}).encode(),
    }
    members.update({str(i): data for i, data in enumerate(media.values())})
    return members


@pytest.fixture
def scratch(tmp_path: Path) -> Path:
    folder = tmp_path / "scratch"
    folder.mkdir()
    return folder


def stored_note(collection: Path) -> str:
    with sqlite3.connect(collection) as connection:
        (note,) = connection.execute("SELECT flds FROM notes").fetchone()
    connection.close()
    return str(note)


def test_a_modern_package_gives_its_collection_and_media(tmp_path: Path, scratch: Path) -> None:
    media = {"heart.png": PNG, "beat.mp3": MP3}
    path = write_zip(tmp_path / "deck.apkg", modern_members(tmp_path, media))

    with open_package(path, scratch) as package:
        assert package.format == "anki21b"
        assert stored_note(package.collection_path) == "modern"  # not the dummy
        assert package.media_names == ("heart.png", "beat.mp3")
        assert package.read_media("beat.mp3") == MP3
        assert package.read_media("heart.png") == PNG
        assert package.collection_path.is_relative_to(scratch)

    assert list(scratch.iterdir()) == []


@pytest.mark.parametrize(
    ("collection", "expected_format"),
    [("collection.anki21", "anki21"), ("collection.anki2", "anki2")],
)
def test_a_legacy_package_gives_its_collection_and_media(
    tmp_path: Path, scratch: Path, collection: str, expected_format: str
) -> None:
    media = {"b.png": PNG, "a.mp3": MP3}
    path = write_zip(tmp_path / "deck.apkg", legacy_members(tmp_path, media, collection))

    with open_package(path, scratch) as package:
        assert package.format == expected_format
        assert stored_note(package.collection_path) == "legacy"
        assert package.media_names == ("b.png", "a.mp3")
        assert package.read_media("a.mp3") == MP3

    assert list(scratch.iterdir()) == []


def test_without_meta_the_newer_legacy_collection_is_read(tmp_path: Path, scratch: Path) -> None:
    members = legacy_members(tmp_path, {}, "collection.anki21")
    members["collection.anki2"] = collection_bytes(tmp_path, "please update")
    path = write_zip(tmp_path / "deck.apkg", members)

    with open_package(path, scratch) as package:
        assert package.format == "anki21"
        assert stored_note(package.collection_path) == "legacy"
        assert package.media_names == ()


def test_the_format_is_told_from_the_content_not_the_name(tmp_path: Path, scratch: Path) -> None:
    path = write_zip(tmp_path / "deck.colpkg.txt", modern_members(tmp_path, {"x.png": PNG}))

    with open_package(path, scratch) as package:
        assert package.format == "anki21b"


def test_a_legacy_map_is_read_by_number(tmp_path: Path, scratch: Path) -> None:
    members = legacy_members(tmp_path, {}, "collection.anki21")
    members |= {"media": b'{"10": "ten.png", "2": "two.png"}', "10": b"ten", "2": b"two"}
    path = write_zip(tmp_path / "deck.apkg", members)

    with open_package(path, scratch) as package:
        assert package.media_names == ("two.png", "ten.png")
        assert package.read_media("ten.png") == b"ten"


def refusal(path: Path, scratch: Path, limits: PackageLimits | None = None) -> str:
    """The one line a hostile package is refused with; nothing left in scratch."""
    with pytest.raises(AnkiPackageError) as raised:
        if limits is None:
            open_package(path, scratch)
        else:
            open_package(path, scratch, limits)
    assert list(scratch.iterdir()) == []
    message = str(raised.value)
    assert "\n" not in message
    assert message.startswith(f"{path.name} cannot be read as an Anki package: ")
    return message.removeprefix(f"{path.name} cannot be read as an Anki package: ")


def test_a_file_that_is_not_a_zip_is_refused(tmp_path: Path, scratch: Path) -> None:
    path = tmp_path / "deck.apkg"
    path.write_text("title: a YAML deck\ncards: []\n")

    assert refusal(path, scratch) == "it is not a zip file"


def test_a_zip_without_a_collection_is_refused(tmp_path: Path, scratch: Path) -> None:
    path = write_zip(tmp_path / "photos.apkg", {"a.png": PNG, "media": b"{}"})

    assert "holds no Anki collection" in refusal(path, scratch)


def test_a_truncated_package_is_refused(tmp_path: Path, scratch: Path) -> None:
    whole = write_zip(tmp_path / "whole.apkg", modern_members(tmp_path, {"x.png": PNG}))
    path = tmp_path / "cut.apkg"
    path.write_bytes(whole.read_bytes()[: whole.stat().st_size // 2])

    assert "cut short" in refusal(path, scratch)


def test_a_package_of_two_gigabytes_is_refused_by_its_size(tmp_path: Path, scratch: Path) -> None:
    path = tmp_path / "huge.apkg"
    with path.open("wb") as file:
        file.write(b"PK\x03\x04")
        file.truncate(2 * 1024**3)  # sparse: nothing of it is written, nothing read

    assert refusal(path, scratch) == "it is 2 GB; endoquiz reads packages of up to 1 GB"


def test_a_deflate_bomb_is_refused_before_it_is_expanded(tmp_path: Path, scratch: Path) -> None:
    members = legacy_members(tmp_path, {}, "collection.anki21")
    members["collection.anki21"] = b"SQLite format 3\x00" + bytes(40 * 1024**2)
    path = write_zip(tmp_path / "bomb.apkg", members)

    assert "'collection.anki21' is a zip bomb" in refusal(path, scratch)


def test_a_zstd_bomb_is_refused_as_it_expands(tmp_path: Path, scratch: Path) -> None:
    members = modern_members(tmp_path, {})
    members["collection.anki21b"] = compress(b"SQLite format 3\x00" + bytes(64 * 1024**2))
    path = write_zip(tmp_path / "bomb.apkg", members)

    assert refusal(path, scratch) == "its collection.anki21b expands like a zip bomb"


def test_a_collection_past_the_limit_is_refused(tmp_path: Path, scratch: Path) -> None:
    path = write_zip(tmp_path / "big.apkg", modern_members(tmp_path, {}))
    limits = PackageLimits(collection_bytes=4096)

    assert refusal(path, scratch, limits) == (
        "its collection.anki21b expands past 4 KB, the most endoquiz reads"
    )


@pytest.mark.parametrize(
    ("media_files", "empty_files", "limits", "reason"),
    [
        (5, 0, PackageLimits(members=8), "it holds 9 files; endoquiz reads up to 8"),
        # Past 65,535 files a zip says 65,535 in its end record and the true
        # count in its zip64 record, which is the one that must be checked.
        (
            0,
            66_000,
            PackageLimits(members=65_600),
            "it holds 66004 files; endoquiz reads up to 65600",
        ),
        (
            50,
            0,
            PackageLimits(central_directory_bytes=1024),
            "its index is 2.6 KB; endoquiz reads indexes of up to 1 KB",
        ),
    ],
)
def test_a_zip_index_past_the_limits_is_refused_before_it_is_read(
    tmp_path: Path,
    scratch: Path,
    media_files: int,
    empty_files: int,
    limits: PackageLimits,
    reason: str,
) -> None:
    media = {f"{i}.png": PNG for i in range(media_files)}
    members = modern_members(tmp_path, media) | {f"empty{i}": b"" for i in range(empty_files)}
    path = write_zip(tmp_path / "many.apkg", members)

    assert refusal(path, scratch, limits) == reason


def test_files_declaring_too_much_in_all_are_refused(tmp_path: Path, scratch: Path) -> None:
    path = write_zip(tmp_path / "big.apkg", modern_members(tmp_path, {"x.png": PNG}))

    assert refusal(path, scratch, PackageLimits(total_bytes=2000)) == (
        "its files expand to more than 2 KB"
    )


def renamed(path: Path, placeholder: str, name: str) -> Path:
    """The zip with a member's name replaced byte for byte in its headers,
    as zipfile refuses to write hostile names itself."""
    old, new = placeholder.encode(), name.encode("utf-8", "surrogateescape")
    assert len(old) == len(new)
    path.write_bytes(path.read_bytes().replace(old, new))
    return path


@pytest.mark.parametrize(
    ("name", "reason"),
    [
        ("../../evil.sh", "points outside the package"),
        ("/etc/evil.sh1", "is an absolute path"),
        ("C:/evil.sh123", "is an absolute path"),
        ("media\\..\\evil", "contains a backslash or a NUL"),
    ],
)
def test_hostile_member_names_are_refused(
    tmp_path: Path, scratch: Path, name: str, reason: str
) -> None:
    members = modern_members(tmp_path, {}) | {"PLACEHOLDER13": b"x"}
    assert len("PLACEHOLDER13") == len(name)
    path = renamed(write_zip(tmp_path / "evil.apkg", members), "PLACEHOLDER13", name)

    assert refusal(path, scratch) == f"the zip's file {name!r} {reason}"


def test_a_member_name_that_is_not_utf8_is_refused(tmp_path: Path, scratch: Path) -> None:
    # zipfile decodes a name flagged UTF-8 as it reads the index.
    members = modern_members(tmp_path, {}) | {"zé": b"x"}
    path = renamed(write_zip(tmp_path / "bad.apkg", members), "zé", "z\udcff\udcfe")

    assert refusal(path, scratch).startswith("the zip is damaged or cut short ('utf-8' codec")


def test_a_symbolic_link_member_is_refused(tmp_path: Path, scratch: Path) -> None:
    path = tmp_path / "linked.apkg"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in modern_members(tmp_path, {}).items():
            archive.writestr(name, data)
        link = zipfile.ZipInfo("0")
        link.create_system = 3  # Unix, whose mode bits say it is a link
        link.external_attr = (stat.S_IFLNK | 0o777) << 16
        archive.writestr(link, "/etc/passwd")

    assert refusal(path, scratch) == "the zip's file '0' is a symbolic link"


def test_an_encrypted_member_is_refused(tmp_path: Path, scratch: Path) -> None:
    path = write_zip(tmp_path / "locked.apkg", modern_members(tmp_path, {"x.png": PNG}))
    data = bytearray(path.read_bytes())
    # Bit 0 of the flags, at byte 8 of the index's first entry, meta's (APPNOTE 4.3.12).
    data[data.index(b"PK\x01\x02") + 8] |= 0x1
    path.write_bytes(bytes(data))

    assert refusal(path, scratch) == "the zip's file 'meta' is encrypted"


def test_a_member_held_twice_is_refused(tmp_path: Path, scratch: Path) -> None:
    members = modern_members(tmp_path, {"x.png": PNG}) | {"DUPLICATE2": b"second"}
    members["DUPLICATE1"] = b"first"
    path = renamed(write_zip(tmp_path / "twice.apkg", members), "DUPLICATE2", "DUPLICATE1")

    assert refusal(path, scratch) == "the zip holds 'DUPLICATE1' twice"


HOSTILE_MEDIA_NAMES = [
    ("../escape.png", "contains a path separator, a colon or a control character"),
    ("/etc/passwd", "contains a path separator, a colon or a control character"),
    ("C:evil.png", "contains a path separator, a colon or a control character"),
    ("a\\b.png", "contains a path separator, a colon or a control character"),
    ("nul\x00.png", "contains a path separator, a colon or a control character"),
    ("..", "is not a file name"),
    ("", "is not a file name"),
    ("x" * 256, "is longer than 255 bytes"),
]


@pytest.mark.parametrize(("name", "reason"), HOSTILE_MEDIA_NAMES)
def test_hostile_media_names_in_a_modern_map_are_refused(
    tmp_path: Path, scratch: Path, name: str, reason: str
) -> None:
    path = write_zip(tmp_path / "evil.apkg", modern_members(tmp_path, {name: PNG}))

    assert refusal(path, scratch) == f"the media name {name!r} {reason}"


@pytest.mark.parametrize(("name", "reason"), HOSTILE_MEDIA_NAMES)
def test_hostile_media_names_in_a_legacy_map_are_refused(
    tmp_path: Path, scratch: Path, name: str, reason: str
) -> None:
    members = legacy_members(tmp_path, {name: PNG}, "collection.anki21")
    path = write_zip(tmp_path / "evil.apkg", members)

    assert refusal(path, scratch) == f"the media name {name!r} {reason}"


def test_a_media_name_listed_twice_is_refused(tmp_path: Path, scratch: Path) -> None:
    members = modern_members(tmp_path, {"a.png": PNG, "b.png": PNG})
    members["media"] = compress(media_entries(["a.png", "a.png"]))
    path = write_zip(tmp_path / "twice.apkg", members)

    assert refusal(path, scratch) == "the media list names 'a.png' twice"


def test_a_legacy_map_repeating_a_number_is_refused(tmp_path: Path, scratch: Path) -> None:
    members = legacy_members(tmp_path, {"a.png": PNG}, "collection.anki21")
    members["media"] = b'{"0": "a.png", "0": "b.png"}'
    path = write_zip(tmp_path / "twice.apkg", members)

    assert refusal(path, scratch) == "the media list's key '0' is repeated or not plain"


def test_a_media_file_the_map_lists_but_the_zip_lacks_is_refused(
    tmp_path: Path, scratch: Path
) -> None:
    members = modern_members(tmp_path, {"a.png": PNG, "b.png": PNG})
    del members["1"]
    path = write_zip(tmp_path / "short.apkg", members)

    assert refusal(path, scratch) == "the media file 'b.png' (number 1) is missing"


@pytest.mark.parametrize(
    ("media_map", "reason"),
    [
        (b"{not json", "the media list is not valid JSON"),
        (b'["a.png"]', "the media list is not a JSON object"),
        (b'{"../0": "a.png"}', "the media list's key '../0' is not a file number"),
        (b'{"0": 7}', "the media list's entry 0 is not a name"),
    ],
)
def test_a_legacy_map_that_is_not_a_map_is_refused(
    tmp_path: Path, scratch: Path, media_map: bytes, reason: str
) -> None:
    members = legacy_members(tmp_path, {"a.png": PNG}, "collection.anki21") | {"media": media_map}
    path = write_zip(tmp_path / "bad.apkg", members)

    assert refusal(path, scratch).startswith(reason)


@pytest.mark.parametrize(
    "media_map",
    [
        length_delimited(1, b"")[:-1] + b"\x0a\xff\xff\xff\x0f",  # a length past the end
        b"\x0b\x01",  # a group, which no MediaEntries holds
        varint_field(1, 5),  # an entry that is a number, not a message
        b"\xff" * 11,  # a varint longer than ten bytes
        length_delimited(1, length_delimited(1, b"\xff\xfe")),  # a name that is not UTF-8
    ],
)
def test_a_modern_map_that_is_not_protobuf_is_refused(
    tmp_path: Path, scratch: Path, media_map: bytes
) -> None:
    members = modern_members(tmp_path, {"a.png": PNG}) | {"media": compress(media_map)}
    path = write_zip(tmp_path / "bad.apkg", members)

    assert refusal(path, scratch).startswith("the media list is damaged")


def test_a_truncated_zstd_collection_is_refused(tmp_path: Path, scratch: Path) -> None:
    members = modern_members(tmp_path, {})
    members["collection.anki21b"] = members["collection.anki21b"][:-20]
    path = write_zip(tmp_path / "cut.apkg", members)

    assert "its collection.anki21b is damaged or cut short" in refusal(path, scratch)


def test_a_collection_that_is_not_sqlite_is_refused(tmp_path: Path, scratch: Path) -> None:
    members = modern_members(tmp_path, {}) | {"collection.anki21b": compress(b"not a database")}
    path = write_zip(tmp_path / "bad.apkg", members)

    assert refusal(path, scratch) == "its collection.anki21b is not an SQLite database"


@pytest.mark.parametrize("version", [0, 4])
def test_a_package_from_a_newer_anki_is_refused(
    tmp_path: Path, scratch: Path, version: int
) -> None:
    members = modern_members(tmp_path, {}) | {"meta": package_meta(version)}
    path = write_zip(tmp_path / "new.apkg", members)

    assert refusal(path, scratch) == "it was made by a newer Anki (unknown package version)"


def test_a_media_file_past_the_limit_is_refused_when_read(tmp_path: Path, scratch: Path) -> None:
    path = write_zip(tmp_path / "deck.apkg", modern_members(tmp_path, {"big.png": PNG * 4}))

    with open_package(path, scratch, PackageLimits(media_bytes=1024)) as package:
        with pytest.raises(AnkiPackageError) as raised:
            package.read_media("big.png")
        assert str(raised.value) == (
            "deck.apkg cannot be read as an Anki package: "
            "the media file 'big.png' expands past 1 KB, the most endoquiz reads"
        )
    assert list(scratch.iterdir()) == []


def test_a_missing_package_is_refused_in_one_line(tmp_path: Path, scratch: Path) -> None:
    assert "No such file" in refusal(tmp_path / "absent.apkg", scratch)


def test_nothing_is_written_outside_scratch(tmp_path: Path, scratch: Path) -> None:
    path = write_zip(tmp_path / "deck.apkg", modern_members(tmp_path, {"x.png": PNG}))
    before = sorted(tmp_path.iterdir())

    with open_package(path, scratch) as package:
        assert sorted(tmp_path.iterdir()) == before
        assert package.collection_path.parent.parent == scratch


# Two sound packages, made once: damage is drawn over their bytes below.
SOUND_PACKAGES: dict[str, bytes] = {}


def sound_package(kind: str, folder: Path) -> bytes:
    if kind not in SOUND_PACKAGES:
        media = {"a.png": PNG, "b.mp3": MP3}
        members = (
            modern_members(folder, media)
            if kind == "modern"
            else legacy_members(folder, media, "collection.anki21")
        )
        SOUND_PACKAGES[kind] = write_zip(folder / f"sound-{kind}.apkg", members).read_bytes()
    return SOUND_PACKAGES[kind]


@settings(max_examples=150, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    kind=st.sampled_from(["modern", "legacy"]),
    # Most damage lands in the zip's index and end record, at the end.
    changes=st.lists(
        st.tuples(st.floats(0.7, 1.0, exclude_max=True), st.integers(0, 255)),
        min_size=1,
        max_size=6,
    ),
    cut=st.one_of(st.none(), st.floats(0.0, 1.0, exclude_max=True)),
)
def test_a_damaged_package_is_read_or_refused_never_a_traceback(
    tmp_path: Path, kind: str, changes: list[tuple[float, int]], cut: float | None
) -> None:
    data = bytearray(sound_package(kind, tmp_path))
    for where, byte in changes:
        data[int(where * len(data))] = byte
    if cut is not None:
        del data[int(cut * len(data)) :]
    path = tmp_path / "damaged.apkg"
    path.write_bytes(bytes(data))
    scratch = tmp_path / "damaged-scratch"
    scratch.mkdir(exist_ok=True)

    try:
        with open_package(path, scratch) as package:
            for name in package.media_names:
                package.read_media(name)
    except AnkiPackageError as error:
        assert "\n" not in str(error)
    assert list(scratch.iterdir()) == []
