"""Protocol Buffers' wire format, read without the protobuf library: varints and fields."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from enum import IntEnum

__all__ = ["WireField", "WireFormatError", "WireType", "read_fields", "read_varint"]

# A varint holds at most 64 bits: ten bytes of seven bits each.
_MAX_VARINT_BYTES = 10


class WireFormatError(ValueError):
    """Bytes that are not a valid protobuf message; the message says where."""


class WireType(IntEnum):
    """How a field's value is encoded (groups, 3 and 4, are deprecated and refused)."""

    VARINT = 0
    FIXED64 = 1
    LENGTH_DELIMITED = 2
    FIXED32 = 5


@dataclass(frozen=True, slots=True)
class WireField:
    """One field as stored: an int for varints and fixed-width values, the
    raw bytes for length-delimited ones (strings, bytes, nested messages)."""

    number: int
    wire_type: WireType
    value: int | bytes


def read_varint(data: bytes, position: int) -> tuple[int, int]:
    """The varint starting at `position`, and the position after it."""
    value = 0
    for index in range(_MAX_VARINT_BYTES):
        if position + index >= len(data):
            raise WireFormatError(f"a number is cut short at byte {position}")
        byte = data[position + index]
        value |= (byte & 0x7F) << (7 * index)
        if not byte & 0x80:
            return value, position + index + 1
    raise WireFormatError(f"a number at byte {position} is longer than ten bytes")


def _read_value(data: bytes, position: int, wire_type: WireType) -> tuple[int | bytes, int]:
    """A field's value of `wire_type` starting at `position`, and the position after it."""
    if wire_type is WireType.VARINT:
        return read_varint(data, position)
    if wire_type is WireType.LENGTH_DELIMITED:
        length, start = read_varint(data, position)
        width = length
    else:
        start, width = position, 8 if wire_type is WireType.FIXED64 else 4
    end = start + width
    if end > len(data):
        raise WireFormatError(f"a field at byte {position} runs past the end")
    raw = data[start:end]
    return (raw if wire_type is WireType.LENGTH_DELIMITED else int.from_bytes(raw, "little")), end


def read_fields(data: bytes) -> Iterator[WireField]:
    """The fields of one message, in the order stored (a repeated field
    appears once per value). Reads only within `data`, so its length bounds
    the work; raises WireFormatError on anything malformed."""
    position = 0
    while position < len(data):
        key, value_start = read_varint(data, position)
        number, type_code = key >> 3, key & 0x7
        if number == 0 or type_code not in WireType._value2member_map_:
            raise WireFormatError(f"byte {position} starts no valid field")
        wire_type = WireType(type_code)
        value, position = _read_value(data, value_start, wire_type)
        yield WireField(number, wire_type, value)
