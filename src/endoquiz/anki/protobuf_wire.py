"""Protocol Buffers' wire format, read within bounds: the fields of one message."""

from __future__ import annotations

# Wire types (https://protobuf.dev/programming-guides/encoding/).
_VARINT, _FIXED64, _LENGTH_DELIMITED, _FIXED32 = 0, 1, 2, 5
# A varint is at most ten bytes (64 bits, seven a byte).
_MAX_VARINT_BYTES = 10
_MAX_VARINT = (1 << 64) - 1


class WireFormatError(ValueError):
    """Bytes that are not a well-formed protobuf message."""


WireValue = int | bytes


def read_fields(message: bytes) -> dict[int, list[WireValue]]:
    """Each field number's values in the order met: varints and fixed-width
    numbers as unsigned ints, length-delimited fields (strings, bytes, nested
    messages, packed repeats) as bytes. Groups, long-deprecated, are refused.
    Never reads past `message`: every length is checked against what is left."""
    fields: dict[int, list[WireValue]] = {}
    position = 0
    while position < len(message):
        key, position = _read_varint(message, position)
        number, wire_type = key >> 3, key & 7
        if number == 0:
            raise WireFormatError("field number 0")
        value: WireValue
        if wire_type == _VARINT:
            value, position = _read_varint(message, position)
        elif wire_type in (_FIXED64, _FIXED32):
            size = 8 if wire_type == _FIXED64 else 4
            value = int.from_bytes(_take(message, position, size), "little")
            position += size
        elif wire_type == _LENGTH_DELIMITED:
            size, position = _read_varint(message, position)
            value = _take(message, position, size)
            position += size
        else:
            raise WireFormatError(f"wire type {wire_type} of field {number}")
        fields.setdefault(number, []).append(value)
    return fields


def last_int(fields: dict[int, list[WireValue]], number: int, default: int = 0) -> int:
    """A scalar field's value: the last one wins, as in protobuf's parsers;
    proto3 leaves a default value out of the message."""
    values = fields.get(number)
    if not values:
        return default
    value = values[-1]
    if not isinstance(value, int):
        raise WireFormatError(f"field {number} is not a number")
    return value


def last_text(fields: dict[int, list[WireValue]], number: int) -> str:
    """A string field's value ("" when absent), which must be UTF-8."""
    values = fields.get(number)
    if not values:
        return ""
    value = values[-1]
    if not isinstance(value, bytes):
        raise WireFormatError(f"field {number} is not a string")
    try:
        return value.decode("utf-8")
    except UnicodeDecodeError as error:
        raise WireFormatError(f"field {number} is not UTF-8") from error


def _read_varint(message: bytes, position: int) -> tuple[int, int]:
    value = 0
    for index in range(_MAX_VARINT_BYTES):
        if position + index >= len(message):
            raise WireFormatError("truncated varint")
        byte = message[position + index]
        value |= (byte & 0x7F) << (7 * index)
        if not byte & 0x80:
            if value > _MAX_VARINT:
                raise WireFormatError("varint above 64 bits")
            return value, position + index + 1
    raise WireFormatError("varint longer than ten bytes")


def _take(message: bytes, position: int, size: int) -> bytes:
    if size > len(message) - position:
        raise WireFormatError("field longer than its message")
    return message[position : position + size]
