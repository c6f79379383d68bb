"""The collection search's results: each article's header, then its hits, two lines each.

A line-API widget: it draws only the rows on screen, each cut to its width. Textual's
OptionList wrapped every option to measure it, twice at each keystroke (listing, then
layout): a third of the UI thread's time while typing a search over 10 MB.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, replace
from typing import ClassVar

from rich.cells import cell_len
from rich.segment import Segment
from rich.style import Style
from textual.binding import Binding, BindingType
from textual.cache import LRUCache
from textual.events import Click
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from borderread.data.snippets import ONE_LINE, snippet
from borderread.ui.layout import wrap_spans
from borderread.ui.widgets.text_style import LineStyles, strip_of_width
from borderread.ui.widgets.virtual_height import set_virtual_height

HIT_LINES = 2
"""Lines a hit takes: enough of its paragraph around the match to read it."""
INDENT = "  "
"""Before each hit's lines, under its article's header."""

Spans = tuple[tuple[int, int], ...]


@dataclass(frozen=True)
class ResultRow:
    """One row: an article's header (``hit`` None) or one of its hits (``hit``: its
    number in the results). ``text`` is display-safe plain text; ``spans`` are the
    matches in it; ``note`` follows a header's title (its hit count), ``context`` comes
    before a hit's text (dimmed, with a colon)."""

    text: str
    spans: Spans = ()
    hit: int | None = None
    note: str = ""
    context: str = ""
    """What a hit is read under (a definition's term), shown before its text."""

    @property
    def height(self) -> int:
        return 1 if self.hit is None else HIT_LINES


def _context_label(row: ResultRow) -> str:
    return f"{row.context.translate(ONE_LINE)}: " if row.context else ""


def marked_segments(
    text: str, spans: Spans, start: int, end: int, style: Style, match: Style
) -> list[Segment]:
    """``text[start:end]`` as segments, the parts inside ``spans`` in ``match`` style."""
    segments: list[Segment] = []
    at = start
    for a, b in spans:
        a, b = max(a, at), min(b, end)
        if a >= b:
            continue
        if a > at:
            segments.append(Segment(text[at:a], style))
        segments.append(Segment(text[a:b], match))
        at = b
    if at < end:
        segments.append(Segment(text[at:end], style))
    return segments


class ResultList(ScrollView, can_focus=True):
    """Search results, grouped under their articles; the cursor moves over hits only."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("down,j", "cursor_down", "Next hit", show=False),
        Binding("up,k", "cursor_up", "Previous hit", show=False),
        Binding("pagedown", "page_down", "Page down the hits", show=False),
        Binding("pageup", "page_up", "Page up the hits", show=False),
        Binding("home,g", "first", "First hit", show=False),
        Binding("end,G", "last", "Last hit", show=False),
        Binding("enter", "choose", "Open the hit", show=False),
    ]

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "result-list--header",
        "result-list--note",
        "result-list--match",
        "result-list--cursor",
    }

    DEFAULT_CSS = """
    ResultList { overflow-x: hidden; }
    ResultList > .result-list--header { text-style: bold; }
    ResultList > .result-list--note { color: $text-muted; }
    ResultList > .result-list--match { text-style: bold reverse; }
    ResultList > .result-list--cursor {
        background: $block-cursor-blurred-background; color: $block-cursor-blurred-foreground;
    }
    ResultList:focus > .result-list--cursor {
        background: $block-cursor-background; color: $block-cursor-foreground;
    }
    """

    cursor: reactive[int | None] = reactive(None, layout=False, init=False)
    """Which hit row (counting hit rows only) the cursor is on."""

    class Highlighted(Message):
        """The cursor moved to hit number ``hit`` (None: no hits)."""

        def __init__(self, hit: int | None) -> None:
            super().__init__()
            self.hit = hit

    class Chosen(Message):
        """The user chose hit number ``hit`` (Enter or a click)."""

        def __init__(self, hit: int) -> None:
            super().__init__()
            self.hit = hit

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.rows: list[ResultRow] = []
        self._starts: list[int] = []
        """The first line of each row."""
        self._hit_rows: list[int] = []
        """The row of each hit row, in order (what the cursor moves over)."""
        self._lines: LRUCache[tuple[int, int], tuple[str, Spans, list[tuple[int, int]]]]
        self._lines = LRUCache(1024)
        self._styles = LineStyles(self, "result-list--cursor")

    # Public API

    def set_rows(self, rows: list[ResultRow]) -> None:
        """Show these rows, the cursor on the first hit (no message: the caller knows)."""
        self.rows, self._starts, self._hit_rows = [], [], []
        self._lines.clear()
        self._append(rows)
        self.scroll_to(y=0, animate=False, immediate=True)
        self.set_reactive(ResultList.cursor, 0 if self._hit_rows else None)
        self.refresh()

    def add_rows(self, rows: list[ResultRow]) -> None:
        """Add rows at the end; the cursor stays where it is."""
        self._append(rows)
        self.refresh()

    def set_notes(self, notes: dict[int, str]) -> None:
        """Give headers new notes (by row index): the cursor and the scroll stay."""
        for index, note in notes.items():
            row = self.rows[index]
            if row.hit is None and row.note != note:
                self.rows[index] = replace(row, note=note)
                self.refresh_lines(self._starts[index] - round(self.scroll_y), 1)

    @property
    def highlighted_hit(self) -> int | None:
        """The hit number under the cursor."""
        if self.cursor is None:
            return None
        return self.rows[self._hit_rows[self.cursor]].hit

    @property
    def line_count(self) -> int:
        return self._starts[-1] + self.rows[-1].height if self.rows else 0

    def _append(self, rows: list[ResultRow]) -> None:
        line = self.line_count
        for row in rows:
            if row.hit is not None:
                self._hit_rows.append(len(self.rows))
            self._starts.append(line)
            self.rows.append(row)
            line += row.height
        set_virtual_height(self, line)

    # Rendering

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        line = round(self.scroll_y) + y
        if not self.rows or line >= self.line_count:
            return Strip.blank(width, self._styles.get())
        index = bisect_right(self._starts, line) - 1
        row = self.rows[index]
        cursor = self.cursor is not None and self._hit_rows[self.cursor] == index
        if row.hit is None:
            segments = self._header(row, width, cursor)
        else:
            segments = self._hit_line(index, line - self._starts[index], width, cursor)
        return strip_of_width(segments, width, self._styles.get(cursor=cursor))

    def _header(self, row: ResultRow, width: int, cursor: bool) -> list[Segment]:
        title, room = row.text, max(width - cell_len(row.note), 1)
        if cell_len(title) > room:
            title = title[: wrap_spans(title, max(room - 1, 1))[0][1]].rstrip() + "…"
        return [
            Segment(title, self._styles.get("result-list--header", cursor)),
            Segment(row.note, self._styles.get("result-list--note", cursor)),
        ]

    def _hit_line(self, index: int, line: int, width: int, cursor: bool) -> list[Segment]:
        text, spans, pieces = self._pieces(index, max(width - len(INDENT), 1))
        if line >= len(pieces):
            return []
        start, end = pieces[line]
        base = self._styles.get(cursor=cursor)
        segments = [Segment(INDENT, base)]
        context = _context_label(self.rows[index])
        if line == 0 and context:
            segments.append(Segment(context, self._styles.get("result-list--note", cursor)))
        match = self._styles.get("result-list--match", cursor)
        segments += marked_segments(text, spans, start, end, base, match)
        if line == len(pieces) - 1 and end < len(text):
            segments.append(Segment("…", base))
        return segments

    def _pieces(self, index: int, width: int) -> tuple[str, Spans, list[tuple[int, int]]]:
        """A hit's text around its first match, cut to fit its lines at ``width``, and
        the (start, end) of each line."""
        key = (index, width)
        cached = self._lines.get(key)
        if cached is None:
            row = self.rows[index]
            lead = cell_len(_context_label(row))
            text, spans = snippet(row.text, row.spans, width=max(HIT_LINES * width - lead, 1))
            text = text.translate(ONE_LINE)  # a code block's lines: wrapped here, never drawn
            cached = (text, tuple(spans), wrap_spans(text, width, lead)[:HIT_LINES])
            self._lines[key] = cached
        return cached

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._styles.clear()
        self.refresh()

    def watch_cursor(self) -> None:
        self._scroll_to_cursor()
        self.refresh()
        self.post_message(self.Highlighted(self.highlighted_hit))

    def _scroll_to_cursor(self) -> None:
        if self.cursor is None:
            return
        index = self._hit_rows[self.cursor]
        top, bottom = self._starts[index], self._starts[index] + self.rows[index].height
        if index > 0 and self.rows[index - 1].hit is None:
            top = self._starts[index - 1]  # the hit's article header with it
        height = self.scrollable_content_region.height
        if top < self.scroll_y:
            self.scroll_to(y=top, animate=False, force=True, immediate=True)
        elif height and bottom > self.scroll_y + height:
            self.scroll_to(y=bottom - height, animate=False, force=True, immediate=True)

    # Events and actions

    def on_click(self, event: Click) -> None:
        line = event.y + round(self.scroll_y)
        if not self.rows or line >= self.line_count:
            return
        index = bisect_right(self._starts, line) - 1
        if self.rows[index].hit is None:
            index += 1  # a header: its article's first hit
        position = bisect_right(self._hit_rows, index) - 1
        if 0 <= position < len(self._hit_rows) and self._hit_rows[position] == index:
            self.cursor = position
            self.action_choose()

    def _move(self, steps: int) -> None:
        if self._hit_rows:
            current = self.cursor or 0
            self.cursor = max(0, min(len(self._hit_rows) - 1, current + steps))

    def action_cursor_down(self) -> None:
        self._move(1)

    def action_cursor_up(self) -> None:
        self._move(-1)

    def action_page_down(self) -> None:
        self._move(max(self.scrollable_content_region.height // HIT_LINES - 1, 1))

    def action_page_up(self) -> None:
        self._move(-max(self.scrollable_content_region.height // HIT_LINES - 1, 1))

    def action_first(self) -> None:
        self._move(-len(self._hit_rows))

    def action_last(self) -> None:
        self._move(len(self._hit_rows))

    def action_choose(self) -> None:
        hit = self.highlighted_hit
        if hit is not None:
            self.post_message(self.Chosen(hit))
