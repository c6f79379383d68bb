"""Folding for matching: case, accents, quotes, dashes, spaces, ligatures, invisible characters.

``fold`` gives the folded string; ``fold_with_map`` also says, for every folded character,
which character of the original it came from, so matches map back to exact original spans.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache

_QUOTES = {c: "'" for c in "‘’‚‛′‹›`´"} | {c: '"' for c in "“”„‟″«»"}
_DASHES = {c: "-" for c in "‐‑‒–—―−⁃﹘﹣－"}
_SPACES = {
    c: " "
    for c in "\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007"
    "\u2008\u2009\u200a\u202f\u205f\u3000\t"
}
_DROP = set("\u00ad\u200b\u200c\u200d\u2060\ufeff")


@lru_cache(maxsize=4096)
def fold_char(char: str) -> str:
    """The folded form of one character (possibly empty, possibly several characters)."""
    if char in _DROP:
        return ""
    simple = _QUOTES.get(char) or _DASHES.get(char) or _SPACES.get(char)
    if simple:
        return simple
    decomposed = unicodedata.normalize("NFKD", char)
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return (stripped or char).casefold()


def fold(text: str) -> str:
    """Case-, accent-, quote-, dash- and space-insensitive form of ``text``."""
    if text.isascii():
        return text.lower().replace("`", "'")
    return "".join(fold_char(c) for c in text)


def fold_with_map(text: str) -> tuple[str, list[int]]:
    """``fold(text)`` and, for each folded character, the index of its source character."""
    out: list[str] = []
    origin: list[int] = []
    for index, char in enumerate(text):
        folded = char.lower() if char.isascii() and char != "`" else fold_char(char)
        out.append(folded)
        origin.extend([index] * len(folded))
    return "".join(out), origin
