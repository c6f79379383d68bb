"""Regions of a PDF page that are laid out, not written: display formulas and tables.

A formula's pieces (sub- and superscripts, a big sigma, a fraction's parts) and a table's
cells come from PDFium as short lines of their own, several to a row; read as paragraphs
they fell apart into dozens of one-word ones ("N −1", "M =", "X mk2", "k=0"). A run of such
pieces is drawn instead as preformatted text, each piece at its place on a character grid
(as ``pdftotext -layout`` does), so the formula or table reads as it stands on the page.
A run that is one row only is a line of prose with gaps in it (inline math): its pieces are
joined into one line.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from borderread.data.pdf import Line

SMALL = 0.85
"""A piece set this much smaller than the body text is a sub- or superscript..."""
SMALL_CHARS = 24
"""...when it is this short (a footnote is small too, but long)."""
BRIDGE_CHARS = 60
"""A line this short between two rows of pieces, starting where they start or well inside
the margin, is a row of the same region (a list of names and what they become, one row
unbroken; an exponent read at the body's size)."""
CELL = 0.5
"""A character's width on the grid, in body font sizes."""


@dataclass
class Grid:
    """A region drawn as lines of text, each piece at its column."""

    rows: list[str]
    page: int


def with_grids(lines: list[Line], body_size: float) -> list[Line | Grid]:
    """``lines`` with each run of laid-out pieces drawn as a :class:`Grid` (a run of one
    row joined into one line)."""
    pieces = _bridged(lines, [_is_piece(lines, i, body_size) for i in range(len(lines))], body_size)
    out: list[Line | Grid] = []
    index = 0
    while index < len(lines):
        if not pieces[index]:
            out.append(lines[index])
            index += 1
            continue
        end = index
        while end < len(lines) and pieces[end] and lines[end].page == lines[index].page:
            end += 1
        out += _drawn(lines[index:end], body_size)
        index = end
    return out


def _bridged(lines: list[Line], pieces: list[bool], body_size: float) -> list[bool]:
    """``pieces`` with each short line between two pieces counted as one too, when it
    starts where their rows start or well inside the margin (a row written unbroken)."""
    margins: dict[int, float] = {}
    for line in lines:
        margins[line.page] = min(margins.get(line.page, line.left), line.left)
    bridged = list(pieces)
    for index in range(1, len(lines) - 1):
        line = lines[index]
        if pieces[index] or not (bridged[index - 1] and pieces[index + 1]) or line.mono:
            continue
        start = round(line.left)
        aligned = _row_start(lines, index - 1) == _row_start(lines, index + 1) == start
        inset = line.left > margins[line.page] + 2 * body_size  # prose starts at the margin
        bridged[index] = (aligned or inset) and len(line.text) <= BRIDGE_CHARS
    return bridged


def _is_piece(lines: list[Line], index: int, body_size: float) -> bool:
    """True when the line at ``index`` is a piece of a laid-out region: small and short,
    or sharing its row with the line before or after it in reading order."""
    line = lines[index]
    if line.mono:
        return False
    if line.size < SMALL * body_size and len(line.text) <= SMALL_CHARS:
        return True
    neighbours = (
        lines[index - 1] if index else None,
        lines[index + 1] if index + 1 < len(lines) else None,
    )
    return any(other is not None and _same_row(line, other) for other in neighbours)


def _row_start(lines: list[Line], index: int) -> float:
    """Where the row of the line at ``index`` starts, to the point (rounded)."""
    row = [lines[index]]
    for step in (-1, 1):
        at = index + step
        while 0 <= at < len(lines) and _same_row(lines[at], lines[index]):
            row.append(lines[at])
            at += step
    return round(min(piece.left for piece in row))


def _same_row(a: Line, b: Line) -> bool:
    return a.page == b.page and abs(a.bottom - b.bottom) < 0.5 * max(a.size, b.size)


def _drawn(run: list[Line], body_size: float) -> list[Line | Grid]:
    rows = _rows(run)
    if len(rows) < 2:
        return [_joined(rows[0])] if rows else []
    left = min(piece.left for piece in run)
    cell = CELL * body_size
    drawn: list[str] = []
    for row in rows:
        text = ""
        for piece in sorted(row, key=lambda piece: piece.left):
            column = round((piece.left - left) / cell)
            text = text + " " if text and len(text) >= column else text.ljust(column)
            text += piece.text
        drawn.append(text.rstrip())
    return [Grid(drawn, run[0].page)]


def _rows(run: list[Line]) -> list[list[Line]]:
    """The run's pieces in rows, top first: a piece joins a row whose first piece stands
    on its baseline (within half a font size) and that it does not overlap."""
    rows: list[list[Line]] = []
    for piece in sorted(run, key=lambda piece: -piece.bottom):
        for row in rows:
            near = abs(row[0].bottom - piece.bottom) < 0.5 * max(row[0].size, piece.size)
            if near and not any(_overlap(piece, other) for other in row):
                row.append(piece)
                break
        else:
            rows.append([piece])
    return rows


def _overlap(a: Line, b: Line) -> bool:
    return a.left < b.right and b.left < a.right


def _joined(row: list[Line]) -> Line:
    """One line of the row's pieces, left to right."""
    ordered = sorted(row, key=lambda piece: piece.left)
    return replace(
        ordered[0],
        text=" ".join(piece.text for piece in ordered),
        bottom=min(piece.bottom for piece in ordered),
        right=max(piece.right for piece in ordered),
        top=max(piece.top for piece in ordered),
        size=max(piece.size for piece in ordered),
    )
