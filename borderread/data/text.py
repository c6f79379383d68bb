"""Line splitting and display safety shared by every layer.

``split_lines`` is the one line splitter used everywhere (CRLF, CR and LF).
``visible`` makes untrusted text harmless for a terminal while keeping its length, so that
character offsets computed on reader-mode text stay valid on what is displayed.
"""

from __future__ import annotations

import functools
import os
import re

_LINE_BREAK = re.compile(r"\r\n|\r|\n")

# Bidi embeddings, overrides and isolates, plus the line/paragraph separators that some
# terminals treat as line breaks. Each becomes U+FFFD, a visible placeholder.
_INVISIBLE_FORMAT = "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
_SEPARATORS = "\u2028\u2029"
PLACEHOLDER = "\ufffd"

# Characters that draw nothing: zero-width spaces and joiners, the word joiner, invisible
# operators, deprecated format characters, the BOM, interlinear annotation marks, soft
# hyphens, fillers and blanks that are letters, musical format characters. Shown as U+FFFD
# too (search folds the placeholder away, so it matches across them).
_ZERO_WIDTH = (
    "\u00ad\u034f\u115f\u1160\u17b4\u17b5\u180b\u180c\u180d\u180e\u180f"
    "\u200b\u200c\u200d\u2060\u2061\u2062\u2063\u2064\u2065"
    "\u206a\u206b\u206c\u206d\u206e\u206f\u2800\u3164\ufeff\uffa0\ufff9\ufffa\ufffb"
)
_INVISIBLE_RANGES = "\U0001d173-\U0001d17a\U000e0000-\U000e007f"
"""Musical format characters and tag characters (ranges)."""
_JOINERS = "\u200c\u200d"
_TAG_BLACK_FLAG = "\U0001f3f4"


def _build_visible_table() -> dict[int, str]:
    table: dict[int, str] = {}
    for code in range(0x20):
        if code not in (0x09, 0x0A):
            table[code] = chr(0x2400 + code)  # Unicode "control pictures": ␛, ␀, ␇ ...
    table[0x7F] = "\u2421"  # ␡
    for code in range(0x80, 0xA0):  # C1 controls, including the 8-bit CSI (0x9B)
        table[code] = PLACEHOLDER
    for char in _INVISIBLE_FORMAT + _SEPARATORS + _ZERO_WIDTH:
        table[ord(char)] = PLACEHOLDER
    for code in [*range(0x1D173, 0x1D17B), *range(0xE0000, 0xE0080), *range(0xD800, 0xE000)]:
        table[code] = PLACEHOLDER  # musical format, tags, lone surrogates (undecodable bytes)
    return table


def split_lines(text: str) -> list[str]:
    """Split on CRLF, CR or LF. A trailing line break does not add an empty last line."""
    lines = _LINE_BREAK.split(text)
    if len(lines) > 1 and lines[-1] == "":
        lines.pop()
    return lines


# The same characters as the tables' keys, written as ranges (quicker to compile).
_FORMAT_CLASS = _INVISIBLE_FORMAT + _SEPARATORS + _ZERO_WIDTH + _INVISIBLE_RANGES + "\ud800-\udfff"
_SEQUENCE_PART = re.compile(rf"[{_JOINERS}\U000e0020-\U000e007f]")
"""Joiners and tags: kept where they belong to an emoji, a flag or a joining script."""


@functools.cache
def _replacing(keep_layout: bool) -> tuple[re.Pattern[str], dict[int, str]]:
    """What needs replacing, and by what; made when first needed (the patterns' big
    classes and the table were ~1.3 ms of an app start that may never need them)."""
    table = _build_visible_table()
    if keep_layout:
        return re.compile(rf"[\x00-\x08\x0b-\x1f\x7f-\x9f{_FORMAT_CLASS}]"), table
    no_tabs = {**table, 0x09: " ", 0x0A: " "}
    return re.compile(rf"[\x00-\x1f\x7f-\x9f{_FORMAT_CLASS}]"), no_tabs


def visible(text: str, *, keep_layout: bool = True) -> str:
    """Replace control characters, bidi controls, separators, invisible characters and lone
    surrogates by visible placeholders.

    The result has exactly the same length as ``text``. With ``keep_layout`` tabs and line
    feeds survive; without it they become spaces too. Joiners inside emoji sequences and
    between letters of scripts that use them (Persian, Indic), and the tags of a subdivision
    flag, are kept.
    """
    if text.isascii() and text.isprintable():
        return text  # nothing to replace (most titles and bylines: no regex search)
    pattern, table = _replacing(keep_layout)
    if not pattern.search(text):
        return text
    if not _SEQUENCE_PART.search(text):
        return text.translate(table)
    keep = _kept_sequence_parts(text)
    return "".join(
        char if index in keep else table.get(ord(char), char) for index, char in enumerate(text)
    )


def _kept_sequence_parts(text: str) -> set[int]:
    """Indexes of joiners and tag characters that are part of a real sequence."""
    keep: set[int] = set()
    for found in _SEQUENCE_PART.finditer(text):
        index = found.start()
        char = text[index]
        if char in _JOINERS:
            before, after = _neighbour(text, index, -1), _neighbour(text, index, 1)
            if (_pictographic(before) and _pictographic(after)) or (
                _joining_letter(before) and _joining_letter(after)
            ):
                keep.add(index)
        elif _in_flag_tags(text, index):
            keep.add(index)
    return keep


def _neighbour(text: str, index: int, step: int) -> str:
    """The character next to ``index``, skipping emoji variation selectors and skin tones."""
    index += step
    while 0 <= index < len(text) and (
        text[index] == "\ufe0f" or "\U0001f3fb" <= text[index] <= "\U0001f3ff"
    ):
        index += step
    return text[index] if 0 <= index < len(text) else ""


def _pictographic(char: str) -> bool:
    return bool(char) and (
        "\U0001f000" <= char <= "\U0001faff" or "\u2600" <= char <= "\u27bf" or char == "\u2764"
    )


def _joining_letter(char: str) -> bool:
    """A letter or mark of a non-Latin script (where ZWJ/ZWNJ shape the writing)."""
    import unicodedata

    return bool(char) and ord(char) > 0x24F and unicodedata.category(char)[0] in "LM"


def _in_flag_tags(text: str, index: int) -> bool:
    """True for a tag character in ``🏴`` + tags + CANCEL TAG (a subdivision flag)."""
    start = index
    while start > 0 and "\U000e0020" <= text[start - 1] <= "\U000e007f":
        start -= 1
    end = index
    while end < len(text) and "\U000e0020" <= text[end] <= "\U000e007e":
        end += 1
    return (
        start > 0
        and text[start - 1] == _TAG_BLACK_FLAG
        and end < len(text)
        and text[end] == "\U000e007f"
    )


_SGR = re.compile("\x1b\\[[0-9;:]*m")
_OVERSTRIKE = re.compile("([^\x08\n])\x08([^\x08\n])")
"""A terminal's colour and weight codes (SGR: ``ESC [ 1 m``) and a typewriter's overstrike
(``X BS X`` bold, ``_ BS X`` underlined), as ``man`` and ``grep --color`` leave them."""
_ROFF_BULLET = "+\x08o"
"""The bullet roff's plain-text output draws by striking ``o`` over ``+``."""


def without_terminal_styling(text: str) -> str:
    """``text`` without SGR codes and overstrikes: the letters they style, plain. Any other
    escape sequence (a cursor move, a title) or backspace is left for :func:`visible` to
    show, and so is an overstrike of two different letters (both are the text), but for
    roff's bullet (``+ BS o``: a bullet)."""
    if "\x1b[" in text:
        text = _SGR.sub("", text)
    if "\x08" in text:
        text = _OVERSTRIKE.sub(_struck, text.replace(_ROFF_BULLET, "•"))
    return text


def _struck(found: re.Match[str]) -> str:
    first, second = found.groups()
    if first == second or first == "_":
        return second
    return first if second == "_" else found.group()


_SURROGATE = re.compile("[\ud800-\udfff]")


def scrub(text: str) -> str:
    """Text from outside (a file, the command line, a JSON file) with every lone surrogate
    replaced by U+FFFD: it can then always be encoded, displayed and saved."""
    return _SURROGATE.sub(PLACEHOLDER, text) if _SURROGATE.search(text) else text


def scrub_path(text: str) -> str:
    """A file name or path kept as Python gives it (undecodable bytes as surrogate escapes,
    so the file can still be opened); only surrogates that stand for no byte are replaced."""
    try:
        os.fsencode(text)
    except UnicodeEncodeError:
        return scrub(text)
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


def cell_width(text: str) -> int:
    """Terminal cells ``text`` takes: wide East Asian characters two, combining marks none
    (close enough for aligning table columns in plain output; the UI asks rich)."""
    if text.isascii():
        return len(text)
    import unicodedata

    return sum(
        0 if unicodedata.combining(char) else 2 if unicodedata.east_asian_width(char) in "WF" else 1
        for char in text
    )
