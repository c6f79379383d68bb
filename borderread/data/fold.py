"""Folding for matching: case, accents, quotes, dashes, spaces, ligatures, invisible characters.

``fold`` gives the folded string; ``fold_with_map`` also says, for every folded character,
which character of the original it came from, so matches map back to exact original spans.
``fold_words`` is the fast path used to build the search index: only the words matter there.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from functools import cache, lru_cache

from borderread.data.marks import MARK_CLASS_ASTRAL, MARK_CLASS_BMP

_QUOTES = {c: "'" for c in "‘’‚‛′‹›`´"} | {c: '"' for c in "“”„‟″«»"}
_DASHES = {c: "-" for c in "‐‑‒–—―−⁃﹘﹣－"}
_SPACES = {
    c: " "
    for c in "\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007"
    "\u2008\u2009\u200a\u202f\u205f\u3000\t"
}
_DROP = "\u00ad\u200b\u200c\u200d\u2060\ufeff\ufffd"
"""Invisible characters, and the placeholder that shows them (see ``text.visible``)."""
WORD = re.compile(r"\w+")


def is_mark(char: str) -> bool:
    """A combining mark of any script (accents, Hebrew points, Arabic harakat, Indic vowel
    signs): the one definition of what folding strips. ``\\w`` does not match marks, so
    keeping one would split its word in two."""
    return unicodedata.category(char)[0] == "M"


@lru_cache(maxsize=8192)
def fold_char(char: str) -> str:
    """The folded form of one character (possibly empty, possibly several characters)."""
    return _strip_marks(char).casefold()


@lru_cache(maxsize=8192)
def _strip_marks(char: str) -> str:
    """One character without its marks (case kept), possibly empty."""
    if char in _DROP or is_mark(char):
        return ""
    simple = _QUOTES.get(char) or _DASHES.get(char) or _SPACES.get(char)
    if simple:
        return simple
    return "".join(c for c in unicodedata.normalize("NFKD", char) if not is_mark(c))


def fold_keep_case(text: str) -> str:
    """:func:`fold` with case kept: what smart-case matching compares."""
    return text if text.isascii() else "".join(_strip_marks(char) for char in text)


class _FoldTable(dict[int, str]):
    """A ``str.translate`` table that folds each character the first time it is seen."""

    def __missing__(self, code: int) -> str:
        folded = fold_char(chr(code))
        self[code] = folded
        return folded


_TABLE = _FoldTable({code: chr(code).lower() for code in range(128)})
_TABLE[ord("`")] = "'"


def fold(text: str) -> str:
    """Case-, accent-, quote-, dash- and space-insensitive form of ``text``."""
    if text.isascii():
        return text.lower().replace("`", "'")
    return text.translate(_TABLE)


def fold_with_map(text: str) -> tuple[str, Sequence[int]]:
    """``fold(text)`` and, for each folded character, the index of its source character
    (a ``range`` when each character folds to one: no list to build or keep)."""
    folded = fold(text)
    if len(folded) == len(text) and (text.isascii() or _one_to_one(text)):
        return folded, range(len(text))
    out: list[str] = []
    origin: list[int] = []
    for index, char in enumerate(text):
        piece = _TABLE[ord(char)]
        out.append(piece)
        origin.extend([index] * len(piece))
    return "".join(out), origin


def _one_to_one(text: str) -> bool:
    """True when every character folds to exactly one character."""
    return all(len(_TABLE[ord(char)]) == 1 for char in set(text))


@cache
def _mark_patterns() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    """What :func:`fold_words` strips from text that is not ASCII, compiled when first
    needed: the classes of marks took ~1.6 ms to compile, at every start before the first
    frame (the index, their only user, is built after it). Invisible characters, marks,
    marks above U+FFFF, and any character above U+FFFF."""
    return (
        re.compile(f"[{_DROP}]"),
        re.compile(f"[{MARK_CLASS_BMP}]"),
        re.compile(f"[{MARK_CLASS_ASTRAL}]"),
        re.compile("[\U00010000-\U0010ffff]"),
    )


def fold_words(text: str) -> list[str]:
    """The folded words of ``text``: exactly the words of :func:`fold` (a property test
    says so), the fast way for building the index: C-level string operations only."""
    if text.isascii():
        return WORD.findall(text.lower())
    drop, marks, astral_marks, astral = _mark_patterns()
    text = marks.sub("", unicodedata.normalize("NFKD", drop.sub("", text)))
    if astral.search(text):
        text = astral_marks.sub("", text)
    return WORD.findall(text.casefold())
