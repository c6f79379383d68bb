"""The reader: a line-API widget that draws only the visible lines of an article (the
reader *pane* around it adds the search prompt and the status line)."""

from __future__ import annotations

import bisect
import itertools
from collections.abc import Callable, Mapping
from types import MappingProxyType
from typing import ClassVar

from rich.segment import Segment
from rich.style import Style
from textual.binding import Binding, BindingType
from textual.cache import LRUCache
from textual.events import Resize
from textual.geometry import Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip

from borderread.data.models import Article
from borderread.ui.layout import (
    BLANK,
    CONTINUED,
    QUOTE_PREFIX,
    RULE,
    SET_APART_PREFIX,
    TABLE_RULE,
    TABLE_SEPARATOR,
    DisplayBlock,
    Layout,
    TablePiece,
    build_layout,
    label_text,
    raw_blocks,
    reader_blocks,
)
from borderread.ui.matches import Match
from borderread.ui.widgets.text_style import LineStyles, strip_of_width, text_style

MIN_MEASURE, MAX_MEASURE, MEASURE_STEP = 30, 200, 4
_PARAGRAPH_KINDS = frozenset({"text", "heading", "set-apart", "code", "table"})
_INLINE_STYLE_NAMES = ("bold", "italic", "code", "strike", "link", "image")
"""The inline styles the reader draws (each a component or one of ``FIXED_STYLES``)."""
FIXED_STYLES: Mapping[str, Style] = MappingProxyType(
    {
        "reader--text": Style(),
        "reader--raw": Style(),
        "reader--table": Style(),
        "reader--bold": Style(bold=True),
        "reader--italic": Style(italic=True),
        "reader--strike": Style(strike=True),
    }
)
"""Block kinds and inline styles whose look no theme changes: not Textual components."""


def _inline_pieces(
    styles: tuple[tuple[int, int, str], ...],
    start: int,
    end: int,
    style: Style,
    style_of: Callable[[str], Style],
) -> list[tuple[int, int, Style]]:
    """Cut ``[start, end)`` where inline styles begin and end, each piece with its style."""
    cuts = {start, end}
    for a, b, _ in styles:
        if a < end and b > start:
            cuts.update((max(a, start), min(b, end)))
    points = sorted(cuts)
    pieces = []
    for a, b in itertools.pairwise(points):
        piece_style = style
        for s_start, s_end, name in styles:
            if s_start <= a and b <= s_end:
                piece_style = piece_style + style_of(name)
        pieces.append((a, b, piece_style))
    return pieces


class ReaderView(ScrollView, can_focus=True):
    """Shows one article in reader mode (or its raw original) at a comfortable measure."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("j,down", "line_down", "Line down", show=False),
        Binding("k,up", "line_up", "Line up", show=False),
        Binding("space,f,pagedown", "page_down", "Page down", show=False),
        Binding("b,pageup", "page_up", "Page up", show=False),
        Binding("d", "half_page_down", "Half page down", show=False),
        Binding("u", "half_page_up", "Half page up", show=False),
        Binding("g,home", "top", "Top", show=False),
        Binding("G,end", "bottom", "Bottom", show=False),
        Binding("right_curly_bracket", "next_paragraph", "Next paragraph", show=False),
        Binding("left_curly_bracket", "previous_paragraph", "Previous paragraph", show=False),
        Binding("plus,equals_sign", "wider", "Wider text", show=False),
        Binding("minus", "narrower", "Narrower text", show=False),
        Binding("r", "toggle_raw", "Original", show=False),
        Binding("a", "toggle_set_apart", "Set-apart", show=False),
    ]

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "reader--title",
        "reader--byline",
        "reader--rule",
        "reader--heading",
        "reader--set-apart",
        "reader--match",
        "reader--match-current",
        "reader--mark",
        "reader--code",
        "reader--marker",
        "reader--quote",
        "reader--link",
        "reader--image",
    }
    """The styles the theme decides (``FIXED_STYLES``: the rest). Textual works out each
    one's style whenever the widget's styles are applied (~0.2 ms each at start-up)."""

    DEFAULT_CSS = """
    ReaderView { overflow-x: hidden; scrollbar-gutter: stable; }
    ReaderView > .reader--title { text-style: bold; color: $text-accent; }
    ReaderView > .reader--byline { color: $text-muted; }
    ReaderView > .reader--rule { color: $text-muted; }
    ReaderView > .reader--heading { text-style: bold; color: $text-primary; }
    ReaderView > .reader--set-apart { color: $text-disabled; text-style: italic; }
    ReaderView > .reader--match { background: $warning 30%; }
    ReaderView > .reader--mark { color: $text-accent; text-style: bold; }
    ReaderView > .reader--marker { color: $text-accent; }
    ReaderView > .reader--quote { color: $text-muted; }
    ReaderView > .reader--code { color: $text-secondary; }
    ReaderView > .reader--link { color: $text-primary; text-style: underline; }
    ReaderView > .reader--image { color: $text-muted; text-style: italic; }
    ReaderView > .reader--match-current {
        background: $warning; color: $background; text-style: bold;
    }
    """

    class PositionChanged(Message):
        """The reading position moved: article block, character offset and progress."""

        def __init__(self, article_id: str, block: int, offset: int, progress: float) -> None:
            super().__init__()
            self.article_id = article_id
            self.block = block
            self.offset = offset
            self.progress = progress

        def can_replace(self, message: Message) -> bool:
            """Scrolling sends one per line: a newer position replaces a waiting one."""
            return isinstance(message, ReaderView.PositionChanged)

    class ModeChanged(Message):
        """Raw view, set-apart blocks or the measure changed."""

    def __init__(self, measure: int = 76, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.article: Article | None = None
        self.measure = measure
        self.raw = False
        self.show_set_apart = False
        self._layout: Layout | None = None
        self._generation = 0
        self._lines_cache: LRUCache[tuple[int, int, int], Strip] = LRUCache(1024)
        self._styles = LineStyles(self, fixed=FIXED_STYLES)
        self._highlights: dict[int, list[tuple[int, int]]] = {}
        self._highlight_starts: dict[int, list[int]] = {}
        self._current_match: Match | None = None
        self.marks: frozenset[int] = frozenset()
        """Article blocks with a bookmark: a marker stands in the margin of their first line."""
        self.only_blocks: frozenset[int] | None = None
        """When set, only these article blocks are shown (the search filter)."""
        self._pending_jump: tuple[int, int] | None = None
        """Where to scroll once the widget has a size (articles can open before layout)."""

    # Public API

    def show_article(self, article: Article, block: int = 0, offset: int = 0) -> None:
        """Display ``article`` with article block ``block``/``offset`` at the top."""
        self.article = article
        self.raw = False
        self._pending_jump = (block, offset)
        if not self.size.width:  # not laid out yet: wrap once, on the first resize
            self._layout = None
            self.virtual_size = Size(0, 0)
            return
        self._relayout()
        if self.scrollable_content_region.height:
            self._apply_pending_jump()

    def jump_to(self, block: int, offset: int = 0) -> None:
        """Scroll so that the given article block and offset are on the top line."""
        if self._scroll_to_block(block, offset):
            self._post_position()

    def _scroll_to_block(self, block: int, offset: int) -> bool:
        if self._layout is None or self.article is None:
            return False
        if self.raw:
            line = self.article.blocks[block].first_line if block < len(self.article.blocks) else 0
            target = self._layout.line_of(line)
        else:
            target = self._layout.line_of(block, offset)
        self.scroll_to(y=target, animate=False, immediate=True, force=True)
        return True

    def block_to_mark(self) -> int:
        """The article block a bookmark made now belongs on: the one at the top if it
        starts there, else the first that starts on screen (the top line is often the end
        of the paragraph just read), or the top one when it fills the screen."""
        block, offset, _ = self.position()
        if self._layout is None or self.raw or offset == 0:
            return block
        following = self._layout.line_of(block + 1)
        top = round(self.scroll_y)
        on_screen = top < following < top + self.scrollable_content_region.height
        return block + 1 if on_screen else block

    def position(self) -> tuple[int, int, float]:
        """The article block and offset on the top line, and the progress (0 to 1)."""
        if self._layout is None or self.article is None:
            return 0, 0, 0.0
        top = round(self.scroll_y)
        block, offset = self._layout.position_of(top)
        if self.raw:
            block, offset = self._block_of_raw_line(block), 0
        return block, offset, self.progress

    @property
    def progress(self) -> float:
        """How far through the article the bottom of the view is, from 0.0 to 1.0."""
        if self._layout is None or self._layout.height == 0:
            return 0.0
        bottom = self.scroll_y + self.scrollable_content_region.height
        return max(0.0, min(1.0, bottom / self._layout.height))

    @property
    def layout_height(self) -> int:
        """How many display lines the current article has."""
        return self._layout.height if self._layout else 0

    def set_highlights(
        self, by_block: dict[int, list[tuple[int, int]]], current: Match | None = None
    ) -> None:
        """Highlight these spans (per article block); ``current`` stands out."""
        self._highlights = {block: sorted(spans) for block, spans in by_block.items()}
        self._highlight_starts = {
            block: [start for start, _ in spans] for block, spans in self._highlights.items()
        }
        """Each block's span starts, to find a display line's spans by bisection."""
        self._current_match = current
        self._lines_cache.clear()
        self.refresh()

    def set_marks(self, blocks: frozenset[int]) -> None:
        """Put a bookmark marker in the margin of these article blocks."""
        if blocks != self.marks:
            self.marks = blocks
            self._lines_cache.clear()
            self.refresh()

    def reveal(self, match: Match) -> None:
        """Scroll, if needed, so that ``match`` is in view (a third of the way down)."""
        if self._layout is None or self.raw:
            return
        line = self._layout.line_of(match.block, match.start)
        top = round(self.scroll_y)
        height = self.scrollable_content_region.height
        if not top <= line < top + max(height, 1):
            self.scroll_to(y=max(line - height // 3, 0), animate=False, immediate=True, force=True)

    def visible_links(self) -> list[tuple[str, str]]:
        """The ``(text, url)`` of each link on screen, in reading order, once each."""
        layout = self._layout
        if layout is None or self.raw:
            return []
        top = round(self.scroll_y)
        bottom = min(top + self.scrollable_content_region.height, layout.height)
        found: dict[tuple[str, str], None] = {}
        for line in range(top, bottom):
            index = layout.line_block[line]
            item = layout.blocks[index].item if index != BLANK else None
            if item is None or not item.links:
                continue
            start, end = layout.line_start[line], layout.line_end[line]
            for a, b, url in item.links:
                if a < end and b > start:
                    found.setdefault((item.text[a:b], url), None)
        return list(found)

    def set_only_blocks(self, blocks: frozenset[int] | None) -> None:
        """Show only these article blocks (``None``: everything again)."""
        self.only_blocks = blocks
        self._keep_position(self._relayout)
        self.post_message(self.ModeChanged())

    def set_measure(self, measure: int) -> None:
        """Change the text measure (columns), keeping the same passage on top."""
        self.measure = max(MIN_MEASURE, min(MAX_MEASURE, measure))
        self._keep_position(self._relayout)
        self.post_message(self.ModeChanged())

    # Private helpers

    @property
    def shown_width(self) -> int:
        """The width the text is wrapped at: the measure, or less when the pane is narrower."""
        return self._effective_width()

    def _widest(self) -> int:
        available = self.scrollable_content_region.width or self.size.width or self.measure
        return max(8, available - 4)

    def _effective_width(self) -> int:
        return min(self.measure, self._widest())

    def _relayout(self) -> None:
        if self.article is None:
            self._layout = None
            self.virtual_size = Size(0, 0)
            return
        blocks: list[DisplayBlock] = (
            raw_blocks(self.article)
            if self.raw
            else reader_blocks(self.article, self.show_set_apart, self.only_blocks)
        )
        self._layout = build_layout(blocks, self._effective_width())
        self._generation += 1
        self._lines_cache.clear()
        self.virtual_size = Size(0, self._layout.height)
        self.refresh()

    def _apply_pending_jump(self, *, announce_later: bool = False) -> None:
        """Go to the position a newly shown article opens at, and announce it (later: from
        this widget's own turn, when called while the screen renders)."""
        if self._pending_jump is None:
            return
        block, offset = self._pending_jump
        self._pending_jump = None
        if not self._scroll_to_block(block, offset):
            return
        if announce_later:
            self.call_later(self._post_position)
        else:
            self._post_position()

    def _keep_position(self, change: Callable[[], None]) -> None:
        """Run ``change`` (a re-layout) keeping the same passage on top (or the very top)."""
        at_top = round(self.scroll_y) == 0
        block, offset, _ = self.position()
        change()
        if at_top:
            self.scroll_to(y=0, animate=False, immediate=True, force=True)
            self._post_position()
        else:
            self.jump_to(block, offset)

    def _block_of_raw_line(self, line: int) -> int:
        """The block an original line belongs to (blocks are in line order)."""
        assert self.article is not None
        blocks = self.article.blocks
        found = bisect.bisect_left(blocks, line, key=lambda block: block.last_line)
        return min(found, max(len(blocks) - 1, 0))

    def _post_position(self) -> None:
        if self.article is not None:
            block, offset, progress = self.position()
            self.post_message(self.PositionChanged(self.article.id, block, offset, progress))

    def _paragraph_starts(self) -> list[int]:
        return self._layout.block_starts(_PARAGRAPH_KINDS | {"raw"}) if self._layout else []

    # Rendering

    def render_line(self, y: int) -> Strip:
        if self._layout is None and self._pending_jump is not None and self.size.width:
            self._lay_out_in_first_frame()
        line = round(self.scroll_y) + y
        width = self.scrollable_content_region.width
        key = (line, width, self._generation)
        cached = self._lines_cache.get(key)
        if cached is not None:
            return cached
        strip = self._render_display_line(line, width)
        self._lines_cache[key] = strip
        return strip

    def _lay_out_in_first_frame(self) -> None:
        """Wrap a newly shown article while the screen renders its first frame.

        The width is known only from Textual's first layout, whose Resize event arrives
        after that frame is drawn: waiting for it would show an empty reader first.
        """
        self._relayout()
        # A message posted while the screen renders counts the screen as its sender and
        # stops bubbling there: the position is announced from this widget's own turn.
        self._apply_pending_jump(announce_later=True)

    def _render_display_line(self, line: int, width: int) -> Strip:
        base = self._styles.get()
        layout = self._layout
        if layout is None or line >= layout.height or layout.line_block[line] == BLANK:
            return Strip.blank(width, base)
        block = layout.blocks[layout.line_block[line]]
        pad = max((width - layout.width) // 2, 0)
        style = self._styles.get(f"reader--{block.kind}")
        first = layout.first_line[layout.line_block[line]] == line
        marked = block.source in self.marks and block.kind != "raw" and first and pad >= 2
        if marked:
            mark_style = self._styles.get("reader--mark")
            segments = [
                Segment(" " * (pad - 2), base),
                Segment("★", mark_style),
                Segment(" ", base),
            ]
        else:
            segments = [Segment(" " * pad, base)]
        segments += self._prefix(block, line, first, base)
        if block.kind == "rule":
            segments.append(Segment("─" * min(layout.width, 24), style))
        elif line in layout.pieces:
            segments += self._table_line(block, layout.pieces[line], style)
        else:
            if block.kind == "set-apart":
                segments.append(Segment(SET_APART_PREFIX, style))
            start, end = layout.line_start[line], layout.line_end[line]
            if first and label_text(block):
                segments.append(Segment(label_text(block), style + Style(bold=True)))
            segments += self._styled(block, start, end, style)
        return strip_of_width(segments, width, base)

    def _prefix(self, block: DisplayBlock, line: int, first: bool, base: Style) -> list[Segment]:
        """Quote bars, list markers and indentation before a line's text."""
        prefix = block.first_prefix if first else block.prefix
        if not prefix:
            return []
        assert self._layout is not None
        if line in self._layout.continued:
            prefix = prefix[: -len(CONTINUED)] + CONTINUED
        marker_style = self._styles.get("reader--marker")
        bars = len(QUOTE_PREFIX) * (block.item.quote if block.item else 0)
        quote_style = self._styles.get("reader--quote")
        return [Segment(prefix[:bars], quote_style), Segment(prefix[bars:], marker_style)]

    def _table_line(
        self, block: DisplayBlock, pieces: tuple[TablePiece, ...], style: Style
    ) -> list[Segment]:
        """One line of a table: each column's piece of its cell, padded, between rules."""
        rule_style = style + text_style(self, "reader--rule")
        if pieces[0][0] == RULE:
            return [Segment(TABLE_RULE.join("─" * width for _, _, width in pieces), rule_style)]
        segments: list[Segment] = []
        for column, (start, end, width) in enumerate(pieces):
            if column:
                segments.append(Segment(TABLE_SEPARATOR, rule_style))
            cell = self._styled(block, start, end, style)
            used = sum(segment.cell_length for segment in cell)
            segments += [*cell, Segment(" " * max(width - used, 0), style)]
        return segments

    def _styled(self, block: DisplayBlock, start: int, end: int, style: Style) -> list[Segment]:
        """``block.text[start:end]`` with its inline styles and search highlights."""
        pieces: list[tuple[int, int, Style]] = [(start, end, style)]
        item = block.item
        if item is not None and item.styles and block.kind != "raw":
            pieces = _inline_pieces(item.styles, start, end, style, self._inline_style)
        spans = self._highlights.get(block.source) if block.kind != "raw" else None
        if not spans:
            return [Segment(block.text[a:b], piece_style) for a, b, piece_style in pieces if a < b]
        segments: list[Segment] = []
        for a, b, piece_style in pieces:
            segments += self._highlighted(block, a, b, spans, piece_style)
        return segments

    def _inline_style(self, name: str) -> Style:
        return self._styles.component(f"reader--{name}")

    def _highlighted(
        self, block: DisplayBlock, start: int, end: int, spans: list[tuple[int, int]], style: Style
    ) -> list[Segment]:
        """The text of one display line, cut into plain and highlighted pieces."""
        match_style = style + self.get_component_rich_style("reader--match", partial=True)
        current_style = style + self.get_component_rich_style("reader--match-current", partial=True)
        current = self._current_match
        pieces: list[Segment] = []
        position = start
        # Spans are sorted and do not overlap: only those from just before ``start`` up to
        # ``end`` can touch this line (a one-line paragraph may hold tens of thousands).
        starts = self._highlight_starts.get(block.source, [])
        first = max(bisect.bisect_right(starts, start) - 1, 0)
        last = bisect.bisect_left(starts, end)
        for span_start, span_end in spans[first:last]:
            a, b = max(span_start, start), min(span_end, end)
            if a >= b:
                continue
            if a > position:
                pieces.append(Segment(block.text[position:a], style))
            is_current = current is not None and (current.block, current.start, current.end) == (
                block.source,
                span_start,
                span_end,
            )
            pieces.append(Segment(block.text[a:b], current_style if is_current else match_style))
            position = b
        if position < end:
            pieces.append(Segment(block.text[position:end], style))
        return pieces

    # Events

    def watch_scroll_y(self, old_value: float, new_value: float) -> None:
        super().watch_scroll_y(old_value, new_value)
        if round(old_value) != round(new_value):
            self._post_position()

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._styles.clear()
        self._lines_cache.clear()  # a theme change restyles every cached line

    def on_resize(self, event: Resize) -> None:
        if self._pending_jump is not None:
            self._relayout()
            self._apply_pending_jump()
        elif self._layout is not None and self._layout.width != self._effective_width():
            self._keep_position(self._relayout)
        self._lines_cache.clear()

    # Actions

    def action_line_down(self) -> None:
        self.scroll_relative(y=1, animate=False)

    def action_line_up(self) -> None:
        self.scroll_relative(y=-1, animate=False)

    def action_page_down(self) -> None:
        self.scroll_relative(y=max(self.scrollable_content_region.height - 1, 1), animate=False)

    def action_page_up(self) -> None:
        self.scroll_relative(y=-max(self.scrollable_content_region.height - 1, 1), animate=False)

    def action_half_page_down(self) -> None:
        self.scroll_relative(y=max(self.scrollable_content_region.height // 2, 1), animate=False)

    def action_half_page_up(self) -> None:
        self.scroll_relative(y=-max(self.scrollable_content_region.height // 2, 1), animate=False)

    def action_top(self) -> None:
        self.scroll_to(y=0, animate=False)

    def action_bottom(self) -> None:
        self.scroll_to(y=self.max_scroll_y, animate=False)

    def action_next_paragraph(self) -> None:
        top = round(self.scroll_y)
        following = [line for line in self._paragraph_starts() if line > top]
        if following:
            self.scroll_to(y=following[0], animate=False)

    def action_previous_paragraph(self) -> None:
        top = round(self.scroll_y)
        earlier = [line for line in self._paragraph_starts() if line < top]
        if earlier:
            self.scroll_to(y=earlier[-1], animate=False)

    def action_wider(self) -> None:
        """Wider text, up to what the pane can show (said when it is there already)."""
        shown, widest = self.shown_width, self._widest()
        if shown >= widest:
            self.notify(f"The text is as wide as the pane allows ({shown} columns)", timeout=3)
            return
        self.set_measure(min(shown + MEASURE_STEP, widest))

    def action_narrower(self) -> None:
        """Narrower text: from the width shown, not from a wider stored measure."""
        if self.shown_width <= MIN_MEASURE:
            self.notify(f"The text is as narrow as it goes ({MIN_MEASURE} columns)", timeout=3)
            return
        self.set_measure(self.shown_width - MEASURE_STEP)

    def action_toggle_raw(self) -> None:
        def toggle() -> None:
            self.raw = not self.raw
            self._relayout()

        self._keep_position(toggle)
        self.post_message(self.ModeChanged())

    def action_toggle_set_apart(self) -> None:
        if not self.raw:
            self.show_set_apart = not self.show_set_apart
            self._keep_position(self._relayout)
            self.post_message(self.ModeChanged())
