"""Pieces of a paragraph around a hit, for lists of results (CLI and app)."""

from __future__ import annotations

import re
from collections.abc import Sequence

from borderread.data.models import Block

_SENTENCE_END = re.compile(r"[.!?…][\"”’)\]]*(?=\s|$)")


ONE_LINE = str.maketrans({"\n": " ", "\t": " ", "\r": " "})
"""Line breaks and tabs in a snippet shown on one line (a results row, a line of the CLI),
as spaces: one character each, so spans still fit. A line break drawn inside a row moved
the terminal's cursor to the next line, over the rows below."""


def snippet(
    text: str, spans: tuple[tuple[int, int], ...], width: int = 120
) -> tuple[str, list[tuple[int, int]]]:
    """A piece of ``text`` around the first span, cut at spaces, and the spans within it."""
    if not spans or len(text) <= width:
        return text, list(spans)
    first = spans[0][0]
    start = max(0, first - width // 3)
    if start:
        space = text.find(" ", start)
        start = space + 1 if 0 <= space < first else start
    end = min(len(text), start + width)
    if end < len(text):
        space = text.rfind(" ", start, end)
        end = space if space > first else end
    prefix = "…" if start else ""
    suffix = "…" if end < len(text) else ""
    shift = len(prefix) - start
    inside = [
        (max(a, start) + shift, min(b, end) + shift) for a, b in spans if a < end and b > start
    ]
    return prefix + text[start:end] + suffix, inside


def whole_sentences(text: str, start: int, end: int) -> str:
    """The sentences of ``text`` that ``[start, end)`` touches, whole, with ``…`` where the
    paragraph goes on before or after them (for quoting a bookmark)."""
    start, end = max(0, min(start, len(text))), max(0, min(end, len(text)))
    while end > start + 1 and text[end - 1].isspace():
        end -= 1
    begin = 0
    for found in _SENTENCE_END.finditer(text, 0, start):
        begin = found.end()
    stop = len(text)
    after = _SENTENCE_END.search(text, max(end - 1, begin))
    if after is not None:
        stop = after.end()
    quote = text[begin:stop].strip()
    return ("… " if text[:begin].strip() else "") + quote + (" …" if text[stop:].strip() else "")


CONTEXT_LOOKBACK = 64
"""List items looked back over for the one a hit's paragraph belongs under."""
CONTEXT_CHARS = 40
"""At most this much of it is shown."""


def item_context(body: Sequence[Block], paragraph: int) -> str:
    """What a hit in ``body[paragraph]`` is read under when it is a definition list's
    description (or a nested item's later paragraph): the nearest list item before it,
    in the same list, at a lesser depth ("-v, --verbose" for "Print every file name...");
    shortened to ``CONTEXT_CHARS``. "" for any other paragraph."""
    block = body[paragraph]
    if block.kind != "list_item" or block.depth < 2 or block.marker:
        return ""
    for earlier in reversed(body[max(0, paragraph - CONTEXT_LOOKBACK) : paragraph]):
        if earlier.kind != "list_item":
            return ""
        if earlier.depth < block.depth:
            text = " ".join(earlier.text.split())
            return text if len(text) <= CONTEXT_CHARS else text[: CONTEXT_CHARS - 1] + "…"
    return ""
