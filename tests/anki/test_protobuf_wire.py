"""The protobuf wire-format reader: fields read, malformed bytes refused within bounds."""

from __future__ import annotations

import pytest

from endoquiz.anki.protobuf_wire import WireFormatError, last_int, last_text, read_fields


def test_varints_strings_and_fixed_numbers_are_read_by_field_number() -> None:
    # kind = 1 (field 1, varint), css = "a{}" (field 3, bytes), 300 as a varint
    # (field 9), a fixed64 (field 4) and a fixed32 (field 5).
    message = (
        b"\x08\x01"
        + b"\x1a\x03a{}"
        + b"\x48\xac\x02"
        + b"\x21"
        + (7).to_bytes(8, "little")
        + b"\x2d"
        + (9).to_bytes(4, "little")
    )
    fields = read_fields(message)
    assert last_int(fields, 1) == 1
    assert last_text(fields, 3) == "a{}"
    assert last_int(fields, 9) == 300
    assert (last_int(fields, 4), last_int(fields, 5)) == (7, 9)


def test_absent_fields_have_proto3_defaults_and_the_last_value_wins() -> None:
    fields = read_fields(b"\x08\x01\x08\x02")
    assert last_int(fields, 1) == 2
    assert last_int(fields, 9) == 0
    assert last_text(fields, 3) == ""


@pytest.mark.parametrize(
    ("message", "problem"),
    [
        (b"\x1a\x05abc", "field longer than its message"),
        (b"\x1a\xff\xff\xff\xff\x0f", "field longer than its message"),
        (b"\x08", "truncated varint"),
        (b"\x08" + b"\xff" * 11, "varint longer than ten bytes"),
        (b"\x08" + b"\xff" * 9 + b"\x7f", "varint above 64 bits"),
        (b"\x0b", "wire type 3 of field 1"),
        (b"\x00\x01", "field number 0"),
        (b"\x21\x01\x02", "field longer than its message"),
    ],
)
def test_malformed_messages_are_refused(message: bytes, problem: str) -> None:
    with pytest.raises(WireFormatError, match=problem):
        read_fields(message)


def test_a_string_that_is_not_utf8_or_a_number_where_text_is_wanted_is_refused() -> None:
    with pytest.raises(WireFormatError, match="not UTF-8"):
        last_text(read_fields(b"\x1a\x01\xff"), 3)
    with pytest.raises(WireFormatError, match="not a string"):
        last_text(read_fields(b"\x18\x01"), 3)
    with pytest.raises(WireFormatError, match="not a number"):
        last_int(read_fields(b"\x0a\x00"), 1)
