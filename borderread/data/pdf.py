"""PDFs with pypdfium2: paragraphs rebuilt from the page geometry, not from line ends alone.

Each page's text comes as line segments with their boxes. Lines are read column by column
(a two-column page has a gutter no line crosses), joined into paragraphs while the gap to
the next line stays a line's pitch and the font stays the same; a larger font is a heading.
Lines repeated near the top or bottom of many pages (running headers and footers) and lone
page numbers are set apart. The result is plain text for the reader's usual structure pass:
paragraphs as wrapped lines separated by blank lines (reflowed there, hyphens undone),
headings underlined, metadata as front matter, the set-apart lines after a marker.
"""

from __future__ import annotations

import itertools
import re
import statistics
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

from borderread.data.decode import NotText
from borderread.data.markers import RUNNING_MARKER
from borderread.data.pdf_grid import Grid, with_grids

MARGIN = 0.09
"""The top and bottom of a page where running headers and footers stand (a fraction)."""
RUNNING_SHARE = 0.4
"""A line in the margin on at least this share of the pages (and three) is a running one."""
HEADING_RATIO = 1.15
"""A line at least this much larger than the body text is a heading."""
CODE_INDENT = "    "
"""Code lines are written indented: the plain-text pass keeps them as they are."""
PARAGRAPH_GAP = 1.45
"""A gap of more than this many line pitches between two lines starts a paragraph."""
_PAGE_NUMBER = re.compile(
    r"^(?:page\s+)?(?:\d{1,4}|[ivxlcdm]{1,6})(?:\s+(?:of|/)\s+\d{1,4})?$", re.I
)
_DIGITS = re.compile(r"\d+")
_WORD = re.compile(r"[^\W\d_]{3,}")


@dataclass
class Line:
    """One line of text on a page, with its box (PDF points, origin bottom left)."""

    text: str
    left: float
    bottom: float
    right: float
    top: float
    size: float
    page: int
    mono: bool = False
    """Set in a monospaced font: code, kept line by line."""

    @property
    def height(self) -> float:
        return self.top - self.bottom

    @property
    def width(self) -> float:
        return self.right - self.left


def pdf_to_text(data: bytes) -> tuple[str, tuple[int, ...]]:
    """The PDF as structured plain text, and for each of its lines the page it comes from
    (1-based; 0 for lines of no page); :class:`NotText` with the reason when it has no text
    (encrypted, damaged, scanned pages)."""
    import pypdfium2 as pdfium

    try:
        document = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as error:
        reason = str(error).lower()
        if "password" in reason:
            raise NotText("encrypted PDF (it needs a password)") from None
        raise NotText(f"damaged PDF ({error})") from None
    try:
        pages = [_page_lines(document, number) for number in range(len(document))]
        metadata = document.get_metadata_dict()
    finally:
        document.close()
    if not any(pages):
        raise NotText("no text layer: scanned pages (a PDF of images)")
    running = _running_lines(pages)
    body = [[line for line in page if id(line) not in running] for page in pages]
    set_apart = [line for page in pages for line in page if id(line) in running]
    front, (text, text_pages), running_text = (
        _front_matter(metadata),
        _layout_text(body),
        _running_text(set_apart),
    )
    line_pages = (0,) * front.count("\n") + text_pages
    return front + text + running_text, line_pages + (0,) * running_text.count("\n")


def _page_lines(document: object, number: int) -> list[Line]:
    """The page's lines in reading order.

    PDFium's text comes with its own line breaks; each line's character range gives its
    boxes. A line whose boxes stand far apart (two columns, table cells) is split there,
    asking PDFium for the text of each part; the rest needs no more calls (asking for the
    text inside every box took 80 µs a box: 2.4 s for a 111-page manual, 0.3 s this way).
    """

    page = document[number]  # type: ignore[index]
    text_page = page.get_textpage()
    height = page.get_height()
    body = (MARGIN * height, (1 - MARGIN) * height)  # running headers stand outside it
    lines: list[Line] = []
    try:
        position = 0
        as_read = text_page.get_text_range()
        text = _with_drawn_underscores(page, text_page, as_read)
        for line, line_as_read in zip(text.split("\r\n"), as_read.split("\r\n"), strict=True):
            start, position = position, position + len(line) + 2
            if not line.strip():
                continue
            boxes = [text_page.get_rect(i) for i in range(text_page.count_rects(start, len(line)))]
            if not boxes:
                continue
            first = start + len(line) - len(line.lstrip())
            last = start + len(line.rstrip()) - 1
            size = _line_size(text_page, first, last) or boxes[0][3] - boxes[0][1]
            # Code when it starts, ends and is in the middle in a monospaced font (not prose
            # that begins and ends with a name).
            mono = all(
                _monospaced(text_page, index) for index in (first, (first + last) // 2, last)
            )
            parts = _apart(boxes, size)
            if len(parts) == 1:
                in_body = body[0] < parts[0][1] < body[1] and not mono
                columns = in_body and _spaced_columns(text_page, start, line, parts[0], size)
                for text, box in columns or [(line, parts[0])]:
                    lines.append(_line(_clean(text), box, size, number, mono))
                continue
            pieces = [
                (_clean(_piece(text_page.get_text_bounded(*box), line_as_read, line)), box)
                for box in parts
            ]
            for text, box in _labels_kept(pieces):
                lines.append(_line(text, box, size, number, mono))
    finally:
        text_page.close()
        page.close()
    return _reading_order(_merge_segments([line for line in lines if line.text]))


Box = tuple[float, float, float, float]

RULE_HEIGHT = 1.5
"""A drawn underscore is a thin rule (points)..."""
RULE_WIDTH = (1.0, 15.0)
"""...about one character wide."""


def _with_drawn_underscores(page: object, text_page: object, text: str) -> str:
    """``text`` with an underscore in each gap a drawn rule fills.

    TeX's typewriter fonts in Texinfo manuals draw ``_`` as a rule (a path), not a glyph:
    PDFium's text has a space there ("uint8 t" for ``uint8_t``, 1,879 times in the Nettle
    manual). A space whose gap holds such a rule, on the characters' baseline, is one."""
    import ctypes

    import pypdfium2.raw as raw

    found = list(text)
    left, bottom, right, top = (ctypes.c_float() for _ in range(4))
    page_handle, text_handle = page.raw, text_page.raw  # type: ignore[attr-defined]
    for number in range(raw.FPDFPage_CountObjects(page_handle)):
        item = raw.FPDFPage_GetObject(page_handle, number)
        if raw.FPDFPageObj_GetType(item) != raw.FPDF_PAGEOBJ_PATH:
            continue
        if not raw.FPDFPageObj_GetBounds(item, left, bottom, right, top):
            continue
        width, height = right.value - left.value, top.value - bottom.value
        if not (0 < height < RULE_HEIGHT and RULE_WIDTH[0] < width < RULE_WIDTH[1]):
            continue
        # The character just left of the rule, then a space, then one just right of it.
        before = raw.FPDFText_GetCharIndexAtPos(
            text_handle, left.value - 1.0, bottom.value + 3.0, 1.5, 3.0
        )
        gap = before + 1
        if before < 0 or gap + 1 >= len(text) or text[gap] != " ":
            continue
        after = text_page.get_charbox(gap + 1)  # type: ignore[attr-defined]
        if after[0] >= right.value - 1.0 and abs(after[1] - bottom.value) < 3.0:
            found[gap] = "_"
    return "".join(found)


SPACED = 1.2
"""A line this many times wider than its characters take (half a font size each) may be a
table's row written as one run of text, its columns apart by wide spaces..."""
COLUMN_GAP = 1.5
"""...and a space this many font sizes wide stands between two of its columns."""


def _spaced_columns(
    text_page: object, start: int, line: str, box: Box, size: float
) -> list[tuple[str, Box]] | None:
    """A line's columns when wide spaces set them apart (bzip2's table of block sizes is
    one run of text a row: "-1 1200k 500k 350k 914704"), else None. Only lines much wider
    than their characters are looked at: a character's box costs a call."""
    stripped = line.strip()
    if stripped.count(" ") < 2 or box[2] - box[0] < SPACED * 0.5 * size * len(stripped):
        return None
    get_box = text_page.get_charbox  # type: ignore[attr-defined]
    cuts: list[int] = []
    for at, char in enumerate(line):
        if char != " " or not 0 < at < len(line) - 1 or line[at - 1] == " ":
            continue
        after = at + 1
        while after < len(line) and line[after] == " ":
            after += 1
        if after < len(line) and get_box(start + after)[0] - get_box(start + at - 1)[2] > (
            COLUMN_GAP * size
        ):
            cuts.append(at)
    if not cuts:
        return None
    columns: list[tuple[str, Box]] = []
    for begin, end in itertools.pairwise([0, *cuts, len(line)]):
        text = line[begin:end]
        first = begin + len(text) - len(text.lstrip())
        last = begin + len(text.rstrip()) - 1
        left, right = get_box(start + first)[0], get_box(start + last)[2]
        columns.append((text, (left, box[1], right, box[3])))
    return columns


def _piece(as_read: str, line_as_read: str, line: str) -> str:
    """The part of ``line`` (with its underscores) that PDFium read as ``as_read``."""
    wanted = as_read.strip()
    at = line_as_read.find(wanted) if wanted else -1
    return line[at : at + len(wanted)] if at >= 0 else as_read


def _apart(boxes: list[Box], size: float) -> list[Box]:
    """The boxes of one line of PDFium's text merged into runs, top row first: a gap wider
    than a word space, or another row (PDFium joins a line ending in a hyphen to the
    next), splits them."""
    runs: list[list[float]] = []
    for left, bottom, right, top in _by_row(boxes, size):
        run = runs[-1] if runs else None
        same_row = run is not None and abs(run[1] - bottom) < 0.5 * size
        # A box left of the run's end is of another row read in the same pass (a word set a
        # little lower, in another font): it had been swallowed, its text lost.
        if run is not None and same_row and -0.5 * size < left - run[2] < 0.9 * size:
            run[1], run[2], run[3] = min(run[1], bottom), max(run[2], right), max(run[3], top)
        else:
            runs.append([left, bottom, right, top])
    return [(run[0], run[1], run[2], run[3]) for run in runs]


T = TypeVar("T")


def _by_row(boxes: list[Box], size: float) -> list[Box]:
    """Boxes top row first, each row left to right (see :func:`_in_rows`)."""
    return _in_rows(boxes, lambda box: box[1], lambda box: box[0], lambda _: 0.5 * size)


def _in_rows(
    items: list[T],
    bottom: Callable[[T], float],
    left: Callable[[T], float],
    tolerance: Callable[[T], float],
) -> list[T]:
    """Items top row first, each row left to right. A row is items whose bottoms lie within
    ``tolerance`` of its first (italic and roman words of one line differ by a fraction of a
    point: sorting by rounded baselines put a line's words out of order, in pieces)."""
    rows: list[list[T]] = []
    for item in sorted(items, key=lambda item: -bottom(item)):
        if rows and abs(bottom(rows[-1][0]) - bottom(item)) < tolerance(item):
            rows[-1].append(item)
        else:
            rows.append([item])
    return [item for row in rows for item in sorted(row, key=left)]


def _line(text: str, box: Box, size: float, page: int, mono: bool = False) -> Line:
    left, bottom, right, top = box
    return Line(text, left, bottom, right, top, size, page, mono)


_MONO_FONT = re.compile(
    r"mono|courier|typewriter|consol|menlo|code|^[A-Z]{6}\+\w*TT|CMTT|TT\d", re.I
)
_LABEL = re.compile(r"^\[[^\]]{1,40}\]$")
"""A right-aligned label of a definition line (Texinfo's "[Function]")."""


def _line_size(text_page: object, first: int, last: int) -> float:
    """The line's font size: the middle one of its first, middle and last characters' (a
    line that starts with an acronym in small capitals is body text all the same)."""
    import pypdfium2.raw as raw

    sizes = sorted(
        raw.FPDFText_GetFontSize(text_page.raw, index)  # type: ignore[attr-defined]
        for index in (first, (first + last) // 2, last)
    )
    return float(sizes[1])


def _monospaced(text_page: object, index: int) -> bool:
    """True when the character at ``index`` is set in a monospaced (code) font."""
    import ctypes

    import pypdfium2.raw as raw

    name = ctypes.create_string_buffer(128)
    flags = ctypes.c_int()
    raw.FPDFText_GetFontInfo(text_page.raw, index, name, 128, ctypes.byref(flags))  # type: ignore[attr-defined]
    return bool(flags.value & 1) or bool(_MONO_FONT.search(name.value.decode("latin-1")))


def _labels_kept(pieces: list[tuple[str, Box]]) -> list[tuple[str, Box]]:
    """A label standing apart at the end of its line stays with the line."""
    kept: list[tuple[str, Box]] = []
    for text, box in pieces:
        if kept and _LABEL.match(text) and abs(kept[-1][1][1] - box[1]) < 2:
            previous, (left, bottom, right, top) = kept[-1]
            kept[-1] = (f"{previous} {text}", (left, bottom, max(right, box[2]), max(top, box[3])))
        else:
            kept.append((text, box))
    return kept


def _clean(text: str) -> str:
    """PDFium marks a hyphen where a word was broken at the line end with U+0002 (U+FFFE
    in the page's whole text): a hyphen, which reader mode then undoes."""
    return " ".join(text.replace("\x02", "-").replace("\ufffe", "-").split())


def _merge_segments(segments: list[Line]) -> list[Line]:
    """Segments on the same baseline and close together are one line."""
    merged: list[Line] = []
    ordered = _in_rows(segments, lambda s: s.bottom, lambda s: s.left, lambda s: 0.5 * s.height)
    for segment in ordered:
        last = merged[-1] if merged else None
        same_row = last is not None and abs(last.bottom - segment.bottom) < 0.5 * segment.height
        # Words of one line stand a space apart (about a quarter of the font size); the
        # gutter between two columns is wider than that.
        if last is not None and same_row and 0 <= segment.left - last.right < 0.6 * segment.size:
            last.text = f"{last.text} {segment.text}"
            last.right = max(last.right, segment.right)
            last.top = max(last.top, segment.top)
        else:
            merged.append(segment)
    return merged


def _reading_order(lines: list[Line]) -> list[Line]:
    """Top to bottom; on a page with two columns, the left one first (lines that span the
    gutter, such as a title, keep their place above the columns)."""
    if len(lines) < 6:
        return lines
    left = min(line.left for line in lines)
    right = max(line.right for line in lines)
    for share in (0.5, 0.45, 0.55, 0.4, 0.6):
        gutter = left + share * (right - left)
        crossing = [line for line in lines if line.left < gutter < line.right]
        first = [line for line in lines if line.right <= gutter]
        second = [line for line in lines if line.left >= gutter]
        if len(first) >= 3 and len(second) >= 3 and len(crossing) <= len(lines) // 10:
            columns_top = max(line.top for line in first + second)
            above = [line for line in crossing if line.bottom >= columns_top - 1]
            below = [line for line in crossing if line.bottom < columns_top - 1]
            return above + first + second + below
    return lines


def _running_lines(pages: list[list[Line]]) -> set[int]:
    """The ids of running headers, footers and page numbers."""

    def in_margin(line: Line, page_top: float, page_bottom: float) -> bool:
        height = page_top - page_bottom
        return line.bottom > page_top - MARGIN * height or line.top < page_bottom + MARGIN * height

    counts: Counter[str] = Counter()
    candidates: list[tuple[Line, str]] = []
    for page in pages:
        if not page:
            continue
        top = max(line.top for line in page)
        bottom = min(line.bottom for line in page)
        seen: set[str] = set()
        for line in page:
            if in_margin(line, top, bottom) and len(page) > 3:
                key = _DIGITS.sub("#", line.text.lower())
                candidates.append((line, key))
                if key not in seen:
                    seen.add(key)
                    counts[key] += 1
    needed = max(3, RUNNING_SHARE * len(pages))
    return {
        id(line)
        for line, key in candidates
        if counts[key] >= needed or _PAGE_NUMBER.match(line.text.strip())
    }


def _layout_text(pages: list[list[Line]]) -> tuple[str, tuple[int, ...]]:
    """Paragraphs (wrapped lines, blank lines between) and underlined headings, and the
    page of each line."""
    lines = [line for page in pages for line in page]
    if not lines:
        return "", ()
    sizes: Counter[float] = Counter()
    for line in lines:
        sizes[round(line.size, 1)] += len(line.text)
    body_size = sizes.most_common(1)[0][0]
    laid_out = with_grids(lines, body_size)
    lines = [line for line in laid_out if isinstance(line, Line)]  # pitches between rows
    pitches = [
        a.bottom - b.bottom
        for a, b in itertools.pairwise(lines)
        if a.page == b.page and 0 < a.bottom - b.bottom < 3 * body_size
    ]
    pitch = statistics.median(pitches) if pitches else 1.2 * body_size
    heading_sizes = sorted(
        {round(line.size, 1) for line in lines if _is_heading(line, body_size)}, reverse=True
    )
    widths = sorted(line.width for line in lines if not _is_heading(line, body_size))
    full = widths[int(0.8 * (len(widths) - 1))] if widths else 0.0
    out: list[str] = []
    on_page: list[int] = []
    previous: Line | None = None
    margin = 0.0
    item_indent = ""
    label: str | None = None
    """A definition's label ("[Function]"), moved past its continued arguments."""
    definition_left = 0.0
    term_left: float | None = None
    """Where a definition list's terms start, while one is being read."""
    for item in laid_out:
        if isinstance(item, Grid):  # a formula or a table, drawn as it stands
            if label is not None:
                out[-1] = f"{out[-1]} {label}"
            out.append("")
            out += [f"{CODE_INDENT}{row}" for row in item.rows] + [""]
            on_page += [item.page + 1] * (len(item.rows) + 2)
            previous, term_left, label = None, None, None
            continue
        line = item
        heading = _is_heading(line, body_size)
        after_heading = previous is not None and _is_heading(previous, body_size)
        if heading or line.mono or after_heading:
            term_left = None
        if heading:
            level = "=" if heading_sizes.index(round(line.size, 1)) == 0 else "-"
            if after_heading and previous is not None and abs(previous.size - line.size) < 0.5:
                out[-2] = f"{out[-2]} {line.text}"  # one heading on two lines
                out[-1] = level * len(out[-2])
            else:
                out += ["", line.text, level * len(line.text)]
                on_page += [line.page + 1] * 3
        elif line.mono:
            if previous is None or not previous.mono or after_heading:
                out.append("")  # code starts a block of its own
                on_page.append(line.page + 1)
                margin = line.left
            indent = " " * max(round((line.left - margin) / (0.6 * line.size)), 0)
            out.append(f"{CODE_INDENT}{indent}{line.text}")
            on_page.append(line.page + 1)
        else:
            ends_code = previous is not None and previous.mono and not after_heading
            definition_ends = False
            if label is None:
                continued = previous is not None and _continues_definition(previous, line, pitch)
                found = _LABEL_END.search(out[-1]) if continued else None
                if previous is not None and found is not None:  # the label goes to its end
                    out[-1], label = out[-1][: found.start()], found.group(1)
                    definition_left = previous.left
            else:
                continued = previous is not None and _carries_on(
                    definition_left, previous, line, pitch
                )
                if not continued:  # the definition ends: its label, then its description
                    out[-1], label, definition_ends = f"{out[-1]} {label}", None, True
            starts = not continued and (
                definition_ends
                or after_heading
                or ends_code
                or (previous is not None and _new_paragraph(previous, line, pitch, full))
            )
            if previous is not None and not (continued or definition_ends or after_heading):
                term_left = _in_definition_list(term_left, out, previous, line, pitch, full)
                if term_left is not None:  # written as plain text has it: a description
                    at_term = abs(line.left - term_left) < 0.5 * line.size
                    out.append(line.text if at_term else DESCRIPTION_PREFIX + line.text)
                    on_page.append(line.page + 1)
                    previous = line
                    continue
            if starts:
                out.append("")
                on_page.append(line.page + 1)
            if starts or previous is None or previous.mono:
                marker = _BULLET.match(line.text)
                item_indent = " " * len(marker.group()) if marker else ""
                out.append(line.text)
            else:  # a list item's next line, indented under its text as plain text has it
                out.append(item_indent + line.text)
            on_page.append(line.page + 1)
        previous = line
    if label is not None:
        out[-1] = f"{out[-1]} {label}"
    leading = next((i for i, text in enumerate(out) if text), len(out))
    return "\n".join(out[leading:]).rstrip("\n") + "\n", tuple(on_page[leading:])


def _is_heading(line: Line, body_size: float) -> bool:
    """Larger than the body text, short, and words (not a lone figure or symbol)."""
    large = line.size >= HEADING_RATIO * body_size and len(line.text) <= 120
    return large and bool(_WORD.search(line.text))


_BULLET = re.compile(r"^(?:[•◦▪‣∙*–-]|\d{1,3}[.)])\s")
"""A list item's marker at the start of a line."""


_LABEL_END = re.compile(r" (\[[^\]]{1,40}\])$")
DEFINITION_INDENT = 3.5
"""Texinfo indents a definition's wrapped arguments 4.1-4.7 font sizes past its first line,
its description 2.6-2.7 (the Nettle manual): between them, the arguments go on."""


def _continues_definition(previous: Line, line: Line, pitch: float) -> bool:
    """True when ``line`` carries on the arguments of the labelled definition before it."""
    if line.page != previous.page or not _LABEL_END.search(previous.text):
        return False
    gap = previous.bottom - line.bottom
    indented = line.left > previous.left + DEFINITION_INDENT * line.size
    return 0 < gap <= PARAGRAPH_GAP * pitch and indented


def _carries_on(definition_left: float, previous: Line, line: Line, pitch: float) -> bool:
    """True when ``line`` is one more line of a definition's continued arguments."""
    gap = previous.bottom - line.bottom
    indented = line.left > definition_left + DEFINITION_INDENT * line.size
    return line.page == previous.page and 0 < gap <= PARAGRAPH_GAP * pitch and indented


_TERM = re.compile(r"^(?![<(])(?=.*[^\W\d_]{2}).*[^.!?:;,{(]$")
"""A definition list's term: words (not a sentence, nor a tag or a formula's piece)."""
DESCRIPTION_PREFIX = "   "
"""A definition list's descriptions are written indented under their terms."""
TERM_SHARE = 0.6
"""A definition list's term is short: at most this share of a full line."""


def _in_definition_list(
    term_left: float | None, out: list[str], previous: Line, line: Line, pitch: float, full: float
) -> float | None:
    """Where the terms of the definition list ``line`` belongs to start, or None.

    A list starts with a short line standing alone (its term) and a line indented a little
    past it (the description: bzip2's return values, "BZ_PARAM_ERROR" over "if strm is
    NULL"); it goes on with lines back at the terms' start after a short line (the next
    term) or indented past them (more description), a line's pitch apart."""
    gap = previous.bottom - line.bottom
    if line.page != previous.page or not 0 < gap <= PARAGRAPH_GAP * pitch:
        return None
    size = line.size
    if term_left is None:
        alone = len(out) < 2 or not out[-2]
        short = previous.width < TERM_SHARE * full
        described = previous.left + 0.5 * size < line.left < previous.left + 4 * size
        starts = alone and short and described and not _BULLET.match(line.text)
        return previous.left if starts and _TERM.search(previous.text) else None
    at_term = abs(line.left - term_left) < 0.5 * size
    if at_term:  # the next term, after a short line
        return term_left if previous.width < TERM_SHARE * full else None
    # More of the description, unless a paragraph of the text under it starts there.
    more = line.left > term_left + 0.5 * size and not _ends_paragraph(previous, full)
    return term_left if more else None


def _new_paragraph(previous: Line, line: Line, pitch: float, full: float) -> bool:
    if abs(line.size - previous.size) > 0.5 or _BULLET.match(line.text):
        return True  # another size, or the next list item
    if line.page == previous.page:
        gap = previous.bottom - line.bottom
        if gap > PARAGRAPH_GAP * pitch or gap < 0:
            return True  # a larger gap, or the top of the next column
        short = previous.width < 0.8 * full
        if line.left < previous.left - 0.5 * line.size and short:
            return True  # back out after a line that stopped short: a list's next term
        if previous.text.endswith(":") and line.left > previous.left + 0.8 * line.size:
            return True  # the list or the example the line announces
        if line.left > previous.left + 1.5 * line.size and previous.width < full:
            return False  # a hanging continuation stays
        if _BULLET.match(previous.text) and line.left < previous.left + 3 * line.size:
            return False  # an item's text goes on under its first word, not its marker
        if line.left > previous.left + 0.8 * line.size:
            return True  # an indented first line
        if abs(line.left - previous.left) < 0.5 * line.size and _had_room(previous, line, full):
            return True  # the line before stopped short of its next word: it was broken there
        if _LABELLED.match(line.text) and previous.width < LABELLED_SHARE * full:
            return True  # the next of a list of "name: what it is" lines
    return _ends_paragraph(previous, full)


def _ends_paragraph(line: Line, full: float) -> bool:
    """True when ``line`` ends a sentence short of a full line."""
    ended = line.text.endswith((".", "!", "?", ":", "”", '"'))
    return ended and line.width < 0.8 * full


_LABELLED = re.compile(r"^[^\W\d][\w.*\[\]-]{0,40}: ")
"""A line that starts with a name and a colon: a parameter's, a field's."""
LABELLED_SHARE = 0.9
"""A labelled line after one this much short of a full line is the next of a list."""
ROOM_SHARE = 0.85
"""A line that ends this far short of a full one, with room for the next word, ends its
paragraph (a parameter list's lines: "etype: The type of the value read (ASN1_ETYPE)")."""


def _had_room(previous: Line, line: Line, full: float) -> bool:
    """True when ``line``'s first word would have fitted at the end of ``previous``."""
    first_word = line.text.split(" ", 1)[0]
    per_character = line.width / max(len(line.text), 1)
    width = previous.width + (len(first_word) + 1) * per_character
    return width < ROOM_SHARE * full


def _front_matter(metadata: dict[str, str]) -> str:
    fields = []
    for key, name in (("Title", "title"), ("Author", "author")):
        value = " ".join(str(metadata.get(key) or "").split())
        if value and not value.lower().endswith((".dvi", ".pdf", ".doc", ".docx", ".tex")):
            fields.append(f"{name}: {value}")
    created = re.match(r"D:(\d{4})(\d{2})(\d{2})", str(metadata.get("CreationDate") or ""))
    if created:
        fields.append(f"date: {created.group(1)}-{created.group(2)}-{created.group(3)}")
    return "---\n" + "\n".join(fields) + "\n---\n\n" if fields else ""


def _running_text(lines: list[Line]) -> str:
    if not lines:
        return ""
    kept = "\n\n".join(f"(page {line.page + 1}) {line.text}" for line in lines)
    return f"\n{RUNNING_MARKER}\n\n{kept}\n"
