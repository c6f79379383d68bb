"""Bytes to text: never crashes, never silently mangles.

Order of attempts: a byte-order mark (UTF-8/16/32), BOM-less UTF-16 recognised by its
pattern of NUL bytes, UTF-8, and finally cp1252 for the bytes that are not valid UTF-8
(bytes cp1252 leaves undefined fall back to their Latin-1 code point, shown later as a
visible placeholder). Files that look binary raise :class:`NotText`.
"""

from __future__ import annotations

import codecs
import re

_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_MAX_FALLBACK_ERRORS = 2000
_UTF8_MULTIBYTE = re.compile(rb"[\xc2-\xf4][\x80-\xbf]+")
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")


class NotText(ValueError):
    """The bytes do not look like text; the message says why."""

    stamp: tuple[int, int] | None = None
    """The file's size and modification time (ns) when it was read, once known: what the
    collection cache keeps the verdict under."""


def decode_bytes(data: bytes) -> tuple[str, str]:
    """Decode ``data`` and return ``(text, encoding)``; raise :class:`NotText` for binaries."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            text = data[len(bom) :].decode(encoding, errors="replace")
            return text, f"{encoding} (BOM)"
    utf16 = _bomless_utf16(data)
    if utf16 is not None:
        return data.decode(utf16, errors="replace"), utf16
    if b"\x00" in data:
        raise NotText("contains NUL bytes (looks like a binary file)")
    try:
        text, encoding = data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        text, encoding = _utf8_with_cp1252_fallback(data)
    if _looks_binary(text):
        raise NotText("mostly control characters (looks like a binary file)")
    return text, encoding


def _bomless_utf16(data: bytes) -> str | None:
    """Recognise mostly-ASCII UTF-16 without a BOM: every other byte is NUL."""
    sample = data[:4096]
    if len(sample) < 4 or len(sample) % 2:
        return None
    even_nuls = sample[0::2].count(0)
    odd_nuls = sample[1::2].count(0)
    half = len(sample) // 2
    if odd_nuls >= 0.9 * half and even_nuls == 0:
        return "utf-16-le"
    if even_nuls >= 0.9 * half and odd_nuls == 0:
        return "utf-16-be"
    return None


def _cp1252_char(byte: int) -> str:
    """One byte as cp1252, or its Latin-1 code point where cp1252 leaves it undefined."""
    try:
        return bytes([byte]).decode("cp1252")
    except UnicodeDecodeError:
        return chr(byte)


def _cp1252(data: bytes) -> str:
    return "".join(_cp1252_char(b) if b >= 0x80 else chr(b) for b in data)


def _utf8_with_cp1252_fallback(data: bytes) -> tuple[str, str]:
    """Keep valid UTF-8 sequences; decode only the invalid bytes as cp1252."""
    if not _UTF8_MULTIBYTE.search(data):
        return _cp1252(data), "cp1252"
    parts: list[str] = []
    position = errors = 0
    while position < len(data):
        try:
            parts.append(data[position:].decode("utf-8"))
            break
        except UnicodeDecodeError as error:
            parts.append(data[position : position + error.start].decode("utf-8"))
            bad = data[position + error.start : position + error.end]
            parts.append(_cp1252(bad))
            position += error.end
            errors += 1
            if errors > _MAX_FALLBACK_ERRORS:
                parts.append(_cp1252(data[position:]))
                break
    return "".join(parts), "utf-8 (invalid bytes as cp1252)"


def _looks_binary(text: str) -> bool:
    """More than 10% control characters (tabs, line breaks, form feeds excepted)."""
    if not text:
        return False
    sample = text[:8192]
    return len(_CONTROL.findall(sample)) > 0.1 * len(sample)
