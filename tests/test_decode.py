"""Decoding: every encoding a user is likely to have, and binaries refused with a reason."""

from __future__ import annotations

import codecs

import pytest
from hypothesis import given
from hypothesis import strategies as st

from borderread.data.decode import NotText, decode_bytes
from borderread.data.text import split_lines, visible

TEXT = "Darién “Gap” — café naïve\nsecond line"


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        (TEXT.encode("utf-8"), "utf-8"),
        (codecs.BOM_UTF8 + TEXT.encode("utf-8"), "utf-8 (BOM)"),
        (codecs.BOM_UTF16_LE + TEXT.encode("utf-16-le"), "utf-16-le (BOM)"),
        (codecs.BOM_UTF16_BE + TEXT.encode("utf-16-be"), "utf-16-be (BOM)"),
        (codecs.BOM_UTF32_LE + TEXT.encode("utf-32-le"), "utf-32-le (BOM)"),
        (codecs.BOM_UTF32_BE + TEXT.encode("utf-32-be"), "utf-32-be (BOM)"),
        (TEXT.encode("cp1252"), "cp1252"),
    ],
)
def test_decodes_to_the_same_text(data: bytes, encoding: str) -> None:
    text, found = decode_bytes(data)
    assert text == TEXT
    assert found == encoding


def test_bomless_utf16_is_recognised() -> None:
    text, found = decode_bytes("plain ascii text in utf-16".encode("utf-16-le"))
    assert text == "plain ascii text in utf-16"
    assert found == "utf-16-le"


def test_cp1252_undefined_bytes_stay_visible() -> None:
    text, _ = decode_bytes(b"caf\xe9 \x81 \x9d end")
    assert text.startswith("café ")
    assert text.endswith(" end")
    assert "\ufffd" in visible(text)  # the undefined bytes show as a placeholder, not vanish


def test_mixed_utf8_with_stray_cp1252_bytes_keeps_the_utf8() -> None:
    text, found = decode_bytes("Darién ".encode() + b"\x93quoted\x94")
    assert text == "Darién “quoted”"
    assert "cp1252" in found


@pytest.mark.parametrize(
    "data",
    [b"\x7fELF\x02\x01\x01\x00\x00\x00\x00\x00" * 50, bytes(range(32)) * 40, b"\x00" * 10],
)
def test_binary_is_refused_with_a_reason(data: bytes) -> None:
    with pytest.raises(NotText, match="binary"):
        decode_bytes(data)


@pytest.mark.parametrize("newline", ["\n", "\r\n", "\r"])
def test_every_line_ending_splits_the_same(newline: str) -> None:
    assert split_lines(newline.join(["a", "b", "", "c"]) + newline) == ["a", "b", "", "c"]


@given(st.binary(max_size=2000))
def test_decoding_arbitrary_bytes_never_raises_anything_else(data: bytes) -> None:
    try:
        text, encoding = decode_bytes(data)
    except NotText:
        return
    assert isinstance(text, str) and encoding


@pytest.mark.parametrize("keep_layout", [True, False])
def test_visible_changes_exactly_the_characters_it_has_placeholders_for(
    keep_layout: bool,
) -> None:
    from borderread.data import text

    table = text._replacing(keep_layout)[1]
    for code in range(0x3000):
        char = chr(code)
        expected = table.get(code, char)
        assert visible(char, keep_layout=keep_layout) == expected, hex(code)
