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

from rich.cells import cell_len, get_character_cell_size

from borderread.data.models import Article, Block
from borderread.data.text import split_lines, visible

Kind = Literal["title", "byline", "rule", "heading", "text", "code", "table", "set-apart", "raw"]
BLANK = -1
SET_APART_PREFIX = "┆ "
QUOTE_PREFIX = "▎ "
CODE_INDENT = "  "
CONTINUED = "↪ "
"""Drawn instead of the code indent on a code line that did not fit (it is wrapped)."""
TABLE_SEPARATOR, TABLE_RULE = " │ ", "─┼─"
RULE = -1
"""A table piece's start for the rule drawn under the header row."""
MIN_TEXT_WIDTH = 8
_SPACED: frozenset[str] = frozenset({"text", "heading", "set-apart", "code", "table"})

# Characters that always take exactly one terminal cell: most alphabets and punctuation.
_NARROW = re.compile(
    r"[\x20-\x7e\u00a0-\u02ff\u0370-\u0482\u048a-\u058f\u2010-\u2027\u2030-\u205e"
    r"\u20a0-\u20bf\u2100-\u214f\u2190-\u23ff\u2400-\u243f\u2500-\u25ff\ufffd]*"
)


class DisplayBlock(NamedTuple):
    """A unit of the layout; ``source`` is its index in ``article.blocks`` (or -1).

    ``prefix`` is drawn before every line (quote bars, list indentation), ``first_prefix``
    instead of it before the first line (a list item's marker); both take the same cells.
    """

    kind: Kind
    text: str
    source: int = BLANK
    label: str = ""
    prefix: str = ""
    first_prefix: str = ""
    item: Block | None = None
    """The article block shown, for its inline styles, table cells and list details."""


TablePiece = tuple[int, int, int]
"""A table cell's text shown on one line: ``[start, end)`` and the column's width."""


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
    pieces: dict[int, tuple[TablePiece, ...]] = field(default_factory=dict)
    """For a table's display lines, the cells it shows (a start of RULE: the header rule)."""
    continued: set[int] = field(default_factory=set)
    """Display lines that continue a code line too long for the width."""

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
    blocks = [] if meta.title_from_text else [DisplayBlock("title", safe_line(meta.title))]
    if byline:
        blocks.append(DisplayBlock("byline", safe_line(byline)))
    blocks.append(DisplayBlock("rule", ""))
    for index, block in enumerate(article.blocks):
        if only is not None and index not in only:
            continue
        if block.role == "heading":
            blocks.append(DisplayBlock("heading", block.text, index, item=block))
        elif block.role == "text":
            blocks.append(_body_block(block, index))
        elif block.role == "rule" and only is None:
            blocks.append(DisplayBlock("rule", "", index, item=block))
        elif show_set_apart and block.role in ("boilerplate", "meta", "title"):
            label = block.reason or block.role
            blocks.append(DisplayBlock("set-apart", block.text, index, label))
    return blocks


def safe_line(text: str) -> str:
    """Untrusted text for one display line."""
    return visible(text, keep_layout=False)


def _body_block(block: Block, index: int) -> DisplayBlock:
    """A body block with the prefixes that show its structure."""
    prefix = QUOTE_PREFIX * block.quote + "  " * max(block.depth - 1, 0)
    first = prefix
    if block.kind == "list_item":
        hanging = " " * (cell_len(block.marker) + 1) if block.marker else "  "
        first = prefix + (f"{block.marker} " if block.marker else hanging)
        prefix += hanging
    elif block.depth:
        prefix = first = prefix + "  "  # an item's code or table, under its text
    if block.verbatim:
        return DisplayBlock("code", block.text, index, "", prefix + CODE_INDENT,
                            prefix + CODE_INDENT, block)  # fmt: skip
    kind: Kind = "table" if block.kind == "table" and block.rows else "text"
    return DisplayBlock(kind, block.text, index, "", prefix, first, block)


def raw_blocks(article: Article) -> list[DisplayBlock]:
    """The untouched original, one display block per original line."""
    return [
        DisplayBlock("raw", visible(line.expandtabs(4), keep_layout=False), number)
        for number, line in enumerate(split_lines(article.raw))
    ]


def build_layout(blocks: list[DisplayBlock], width: int) -> Layout:
    """Wrap every block at ``width`` cells, with a blank line between paragraphs (but not
    between the items of a list written without blank lines)."""
    width = max(width, MIN_TEXT_WIDTH)
    layout = Layout(blocks, width, sources=[block.source for block in blocks])
    line_block = layout.line_block
    previous: DisplayBlock | None = None
    for index, block in enumerate(blocks):
        spaced = block.kind in _SPACED or (block.kind == "rule" and block.source >= 0)
        if spaced and line_block and line_block[-1] != BLANK and not _tight(previous, block):
            _add_line(layout, BLANK, 0, 0)
        if block.kind == "heading" and index > 0:
            _add_line(layout, BLANK, 0, 0)
        layout.first_line.append(len(line_block))
        room = max(width - cell_len(block.prefix), MIN_TEXT_WIDTH)
        if block.kind == "code":
            _lay_out_code(layout, index, block.text, room)
        elif block.kind == "table" and block.item is not None:
            _lay_out_table(layout, index, block.item, room)
        else:
            indent = len(SET_APART_PREFIX) if block.kind == "set-apart" else 0
            lead = len(label_text(block))
            spans = (
                [(0, 0)] if block.kind == "rule" else _wrap_lines(block.text, room - indent, lead)
            )
            for start, end in spans:
                _add_line(layout, index, start, end)
        layout.end_line.append(len(line_block))
        previous = block
    return layout


def _add_line(layout: Layout, block: int, start: int, end: int) -> None:
    layout.line_block.append(block)
    layout.line_start.append(start)
    layout.line_end.append(end)


def _tight(previous: DisplayBlock | None, block: DisplayBlock) -> bool:
    """Two list items on adjacent lines of the source: no blank line between them."""
    if previous is None or previous.item is None or block.item is None:
        return False
    return block.item.follows_tightly(previous.item)


def _wrap_lines(text: str, width: int, lead: int = 0) -> list[tuple[int, int]]:
    """:func:`wrap_spans` for text that may hold line breaks it must keep."""
    if "\n" not in text:
        return wrap_spans(text, width, lead)
    spans: list[tuple[int, int]] = []
    offset = 0
    for number, line in enumerate(text.split("\n")):
        spans += [(offset + a, offset + b) for a, b in wrap_spans(line, width, lead * (not number))]
        offset += len(line) + 1
    return spans


def _lay_out_code(layout: Layout, index: int, text: str, width: int) -> None:
    """Code lines as they are; one too long for the width goes on, marked, on the next."""
    offset = 0
    for line in text.split("\n"):
        start, end = offset, offset + len(line)
        first = True
        while True:
            cut = start + _fitting(text, start, end, width)
            if not first:
                layout.continued.add(len(layout.line_block))
            _add_line(layout, index, start, cut)
            first = False
            if cut >= end:
                break
            start = cut
        offset = end + 1


def _fitting(text: str, start: int, end: int, width: int) -> int:
    """How many characters of ``text[start:end]`` fit in ``width`` cells (at least one)."""
    if _NARROW.fullmatch(text, start, end):
        return max(min(end - start, width), 1) if end > start else 0
    cells = 0
    for count, char in enumerate(text[start:end]):
        cells += get_character_cell_size(char)
        if cells > width:
            return max(count, 1)
    return end - start


def _lay_out_table(layout: Layout, index: int, table: Block, width: int) -> None:
    """Rows with aligned columns; a cell too wide for its column wraps inside it."""
    rows = table.rows
    columns = max(len(row) for row in rows)
    natural = [
        max((cell_len(table.text[a:b]) for row in rows if c < len(row) for a, b in [row[c]]),
            default=0)
        for c in range(columns)
    ]  # fmt: skip
    widths = _column_widths(natural, width - len(TABLE_SEPARATOR) * (columns - 1))
    end_of_text = len(table.text)
    for number, row in enumerate(rows):
        cells = [
            wrap_spans(table.text[row[c][0] : row[c][1]], widths[c]) if c < len(row) else []
            for c in range(columns)
        ]
        for line in range(max(len(cell) for cell in cells)):
            pieces: list[TablePiece] = []
            for c in range(columns):
                if c >= len(row):
                    pieces.append((end_of_text, end_of_text, widths[c]))
                    continue
                start, end = row[c]
                a, b = cells[c][line] if line < len(cells[c]) else (end - start, end - start)
                pieces.append((start + a, start + b, widths[c]))
            layout.pieces[len(layout.line_block)] = tuple(pieces)
            _add_line(layout, index, pieces[0][0], max(piece[1] for piece in pieces))
        if number == 0 and len(rows) > 1:
            layout.pieces[len(layout.line_block)] = tuple((RULE, RULE, w) for w in widths)
            start = rows[1][0][0] if rows[1] else end_of_text
            _add_line(layout, index, start, start)


def _column_widths(natural: list[int], room: int) -> list[int]:
    """Column widths that fit ``room`` cells: the widest columns give way first."""
    widths = list(natural)
    while sum(widths) > room and max(widths) > 4:
        widest = widths.index(max(widths))
        widths[widest] -= 1
    return [max(w, 1) for w in widths]


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
