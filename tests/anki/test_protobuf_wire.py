"""Protocol Buffers' wire format: every wire type read, malformed messages refused."""

from __future__ import annotations

import struct

import pytest

from anki_package_making import length_delimited, varint_field
from endoquiz.anki.protobuf_wire import WireField, WireFormatError, WireType, read_fields


def test_every_wire_type_is_read_in_order() -> None:
    message = (
        varint_field(1, 300)
        + bytes([2 << 3 | 1])
        + struct.pack("<d", 1.5)
        + length_delimited(3, b"name.png")
        + bytes([4 << 3 | 5])
        + struct.pack("<I", 7)
        + varint_field(255, 2**64 - 1)
    )

    assert list(read_fields(message)) == [
        WireField(1, WireType.VARINT, 300),
        WireField(2, WireType.FIXED64, int.from_bytes(struct.pack("<d", 1.5), "little")),
        WireField(3, WireType.LENGTH_DELIMITED, b"name.png"),
        WireField(4, WireType.FIXED32, 7),
        WireField(255, WireType.VARINT, 2**64 - 1),
    ]


def test_an_empty_message_has_no_fields() -> None:
    assert list(read_fields(b"")) == []


@pytest.mark.parametrize(
    ("message", "error"),
    [
        (b"\x08", "a number is cut short at byte 1"),
        (b"\x08" + b"\xff" * 10 + b"\x01", "a number at byte 1 is longer than ten bytes"),
        (b"\x1a\x05abc", "a field at byte 1 runs past the end"),
        (b"\x11\x00\x00", "a field at byte 1 runs past the end"),
        (b"\x0b", "byte 0 starts no valid field"),  # a group
        (b"\x00\x01", "byte 0 starts no valid field"),  # field number 0
        (b"\x0e\x01", "byte 0 starts no valid field"),  # wire type 6
    ],
)
def test_a_malformed_message_is_refused_saying_where(message: bytes, error: str) -> None:
    with pytest.raises(WireFormatError) as raised:
        list(read_fields(message))
    assert str(raised.value) == error
