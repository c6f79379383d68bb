"""Line splitting and display safety shared by every layer.

``split_lines`` is the one line splitter used everywhere (CRLF, CR and LF).
``visible`` makes untrusted text harmless for a terminal while keeping its length, so that
character offsets computed on reader-mode text stay valid on what is displayed.
"""

from __future__ import annotations

import re

_LINE_BREAK = re.compile(r"\r\n|\r|\n")

# Bidi embeddings, overrides and isolates, plus the line/paragraph separators that some
# terminals treat as line breaks. Each becomes U+FFFD, a visible placeholder.
_INVISIBLE_FORMAT = "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
_SEPARATORS = "\u2028\u2029"
PLACEHOLDER = "\ufffd"


def _build_visible_table() -> dict[int, str]:
    table: dict[int, str] = {}
    for code in range(0x20):
        if code not in (0x09, 0x0A):
            table[code] = chr(0x2400 + code)  # Unicode "control pictures": ␛, ␀, ␇ ...
    table[0x7F] = "\u2421"  # ␡
    for code in range(0x80, 0xA0):  # C1 controls, including the 8-bit CSI (0x9B)
        table[code] = PLACEHOLDER
    for char in _INVISIBLE_FORMAT + _SEPARATORS:
        table[ord(char)] = PLACEHOLDER
    return table


_VISIBLE_TABLE = _build_visible_table()
_VISIBLE_TABLE_NO_TABS = {**_VISIBLE_TABLE, 0x09: " ", 0x0A: " "}


def split_lines(text: str) -> list[str]:
    """Split on CRLF, CR or LF. A trailing line break does not add an empty last line."""
    lines = _LINE_BREAK.split(text)
    if len(lines) > 1 and lines[-1] == "":
        lines.pop()
    return lines


# The same characters as the tables' keys, written as ranges (quicker to compile).
_FORMAT_CLASS = _INVISIBLE_FORMAT + _SEPARATORS
_NEEDS_VISIBLE = re.compile(rf"[\x00-\x08\x0b-\x1f\x7f-\x9f{_FORMAT_CLASS}]")
_NEEDS_VISIBLE_NO_TABS = re.compile(rf"[\x00-\x1f\x7f-\x9f{_FORMAT_CLASS}]")


def visible(text: str, *, keep_layout: bool = True) -> str:
    """Replace control characters, bidi controls and separators by visible placeholders.

    The result has exactly the same length as ``text``. With ``keep_layout`` tabs and line
    feeds survive; without it they become spaces too.
    """
    if keep_layout:
        return text.translate(_VISIBLE_TABLE) if _NEEDS_VISIBLE.search(text) else text
    if _NEEDS_VISIBLE_NO_TABS.search(text):
        return text.translate(_VISIBLE_TABLE_NO_TABS)
    return text


def safe(text: str) -> str:
    """Untrusted text made harmless for a terminal, on one line: controls as placeholders."""
    return visible(text, keep_layout=False)


_TABS = str.maketrans("\t\f\v", "   ")
_MULTI_SPACE = re.compile(" {2,}")


def collapse_spaces(text: str) -> str:
    """Turn tabs into spaces, collapse runs of spaces and strip the ends."""
    if "\t" in text or "\f" in text or "\v" in text:
        text = text.translate(_TABS)
    if "  " in text:
        text = _MULTI_SPACE.sub(" ", text)
    return text.strip(" ")


_WORD = re.compile(r"\w+(?:[-'’]\w+)*")


def words(text: str) -> list[str]:
    """The words of ``text`` (letters and digits, with inner hyphens and apostrophes)."""
    return _WORD.findall(text)
