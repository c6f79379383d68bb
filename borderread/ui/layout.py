"""Lay an article out as display lines at a given measure, fast enough for multi-MB articles.

A :class:`Layout` is a list of display blocks (title, byline, headings, paragraphs, set-apart
boilerplate, or raw lines) and, for every display line, which block it shows and which
character span of that block's text. Character offsets in a block's text are the same as in
the article's reader-mode text, so positions and search hits map straight onto lines.
"""

from __future__ import annotations

import bisect
import re
from array import array
from dataclasses import dataclass, field
from typing import Literal, NamedTuple

from rich.cells import get_character_cell_size

from borderread.data.models import Article
from borderread.data.text import split_lines, visible

Kind = Literal["title", "byline", "rule", "heading", "text", "set-apart", "raw"]
BLANK = -1
SET_APART_PREFIX = "┆ "

# Characters that always take exactly one terminal cell: most alphabets and punctuation.
_NARROW = re.compile(
    r"[\x20-\x7e\u00a0-\u02ff\u0370-\u0482\u048a-\u058f\u2010-\u2027\u2030-\u205e"
    r"\u20a0-\u20bf\u2100-\u214f\u2190-\u23ff\u2400-\u243f\u2500-\u25ff\ufffd]*"
)


class DisplayBlock(NamedTuple):
    """A unit of the layout; ``source`` is its index in ``article.blocks`` (or -1)."""

    kind: Kind
    text: str
    source: int = BLANK
    label: str = ""


@dataclass
class Layout:
    """Display lines for one article at one measure."""

    blocks: list[DisplayBlock]
    width: int
    # Compact int arrays: a 5 MB article has some 80,000 display lines.
    line_block: array[int] = field(default_factory=lambda: array("i"))
    line_start: array[int] = field(default_factory=lambda: array("l"))
    line_end: array[int] = field(default_factory=lambda: array("l"))
    first_line: list[int] = field(default_factory=list)
    """For each display block, the index of its first line."""
    end_line: list[int] = field(default_factory=list)
    """For each display block, one past the index of its last line."""
    sources: list[int] = field(default_factory=list)
    """For each display block, its article block (or -1): non-decreasing, for bisect."""

    @property
    def height(self) -> int:
        return len(self.line_block)

    def position_of(self, line: int) -> tuple[int, int]:
        """The article block and character offset shown at (or just after) ``line``."""
        for index in range(max(line, 0), self.height):
            block = self.line_block[index]
            if block != BLANK and self.blocks[block].source >= 0:
                return self.blocks[block].source, self.line_start[index]
        for index in range(min(line, self.height - 1), -1, -1):
            block = self.line_block[index]
            if block != BLANK and self.blocks[block].source >= 0:
                return self.blocks[block].source, self.line_end[index]
        return 0, 0

    def line_of(self, source: int, offset: int = 0) -> int:
        """The display line showing character ``offset`` of article block ``source``.

        A block that is not displayed (hidden boilerplate) maps to the next one that is.
        """
        sources = self.sources  # non-decreasing: header blocks (-1), then article order
        display = bisect.bisect_left(sources, source)
        if display == len(sources):
            return max(self.height - 1, 0)
        first = self.first_line[display]
        if self.blocks[display].source != source:
            line = first
        else:
            starts = self.line_start[first : self.end_line[display]]
            line = first + max(bisect.bisect_right(starts, offset) - 1, 0)
        if line == first and display == bisect.bisect_left(sources, 0):
            return 0  # the first passage: show the article's header above it too
        return line

    def block_starts(self, kinds: frozenset[str]) -> list[int]:
        """First lines of the display blocks of the given kinds, in order."""
        return [self.first_line[i] for i, b in enumerate(self.blocks) if b.kind in kinds]


def reader_blocks(
    article: Article, show_set_apart: bool, only: frozenset[int] | None = None
) -> list[DisplayBlock]:
    """The reader-mode view: header, then body (and set-apart blocks where they occur).

    With ``only``, just those article blocks are shown (the search filter, ``&``).
    """
    meta = article.meta
    byline = " · ".join(
        part
        for part in (
            f"by {meta.author}" if meta.author else "",
            meta.source or "",
            meta.date or "",
            f"{meta.reading_minutes} min read" if meta.reading_minutes else "",
        )
        if part
    )
    blocks = [DisplayBlock("title", visible(meta.title, keep_layout=False))]
    if byline:
        blocks.append(DisplayBlock("byline", visible(byline, keep_layout=False)))
    blocks.append(DisplayBlock("rule", ""))
    for index, block in enumerate(article.blocks):
        if only is not None and index not in only:
            continue
        if block.role == "heading":
            blocks.append(DisplayBlock("heading", block.text, index))
        elif block.role == "text":
            blocks.append(DisplayBlock("text", block.text, index))
        elif show_set_apart and block.role in ("boilerplate", "meta", "title"):
            label = block.reason or block.role
            blocks.append(DisplayBlock("set-apart", block.text, index, label))
    return blocks


def raw_blocks(article: Article) -> list[DisplayBlock]:
    """The untouched original, one display block per original line."""
    return [
        DisplayBlock("raw", visible(line.expandtabs(4), keep_layout=False), number)
        for number, line in enumerate(split_lines(article.raw))
    ]


def build_layout(blocks: list[DisplayBlock], width: int) -> Layout:
    """Wrap every block at ``width`` cells, with a blank line between paragraphs."""
    width = max(width, 8)
    layout = Layout(blocks, width, sources=[block.source for block in blocks])
    line_block, line_start, line_end = layout.line_block, layout.line_start, layout.line_end
    for index, block in enumerate(blocks):
        spaced = block.kind in ("text", "heading", "set-apart")
        if spaced and line_block and line_block[-1] != BLANK:
            line_block.append(BLANK)
            line_start.append(0)
            line_end.append(0)
        if block.kind == "heading" and index > 0:
            line_block.append(BLANK)
            line_start.append(0)
            line_end.append(0)
        layout.first_line.append(len(line_block))
        indent = len(SET_APART_PREFIX) if block.kind == "set-apart" else 0
        lead = len(label_text(block))
        spans = [(0, 0)] if block.kind == "rule" else wrap_spans(block.text, width - indent, lead)
        for start, end in spans:
            line_block.append(index)
            line_start.append(start)
            line_end.append(end)
        layout.end_line.append(len(line_block))
    return layout


def label_text(block: DisplayBlock) -> str:
    """The label drawn before the first line of a set-apart block (``"[share] "``)."""
    return f"[{block.label}] " if block.kind == "set-apart" and block.label else ""


def wrap_spans(text: str, width: int, lead: int = 0) -> list[tuple[int, int]]:
    """Break ``text`` into ``(start, end)`` spans of at most ``width`` cells, at spaces.

    ``lead`` cells are taken on the first line by something drawn before the text.
    """
    if lead:
        spans = wrap_spans("x" * (lead - 1) + " " + text, width)
        shifted = [(max(start - lead, 0), max(end - lead, 0)) for start, end in spans]
        return [span for span in shifted if span != (0, 0)] or [(0, 0)]
    if not text:
        return [(0, 0)]
    if _NARROW.fullmatch(text):
        return _wrap_narrow(text, width)
    return _wrap_cells(text, width)


def _wrap_narrow(text: str, width: int) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    start, length = 0, len(text)
    while length - start > width:
        cut = text.rfind(" ", start, start + width + 1)
        if cut <= start:
            spans.append((start, start + width))
            start += width
        else:
            spans.append((start, cut))
            start = cut + 1
    spans.append((start, length))
    return spans


def _wrap_cells(text: str, width: int) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    start = 0
    cells = 0
    last_space = -1
    for index, char in enumerate(text):
        size = get_character_cell_size(char)
        if char == " ":
            last_space = index
        if cells + size > width and index > start:
            if last_space > start:
                spans.append((start, last_space))
                start = last_space + 1
            else:
                spans.append((start, index))
                start = index
            cells = sum(get_character_cell_size(c) for c in text[start:index])
            last_space = -1
        cells += size
    spans.append((start, len(text)))
    return spans
