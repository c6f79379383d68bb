"""The article list: a line-API widget that draws only the visible rows, so 10,000 articles
mount instantly and refiltering costs only the fuzzy match."""

from __future__ import annotations

import posixpath
from dataclasses import dataclass
from typing import ClassVar

from rich.segment import Segment
from rich.style import Style
from textual.binding import Binding, BindingType
from textual.cache import LRUCache
from textual.events import Click
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from borderread.data.fold import fold
from borderread.data.models import Article
from borderread.data.text import visible
from borderread.ui.layout import wrap_spans
from borderread.ui.widgets.text_style import LineStyles, strip_of_width
from borderread.ui.widgets.virtual_height import set_virtual_height

ROW_HEIGHT = 3
"""Each article takes three rows: up to two of title, one of details (or a spacer)."""


@dataclass
class Entry:
    """What the list shows about one article."""

    id: str
    title: str
    details: str
    key: str
    """Folded title, author, source and id (the path): what the filter matches against."""
    progress: float = 0.0
    bookmarks: int = 0

    @classmethod
    def of(cls, article: Article) -> Entry:
        listing = article.listing
        folder = posixpath.dirname(article.id)  # tells apart articles of different folders
        details = listing.details
        if folder:
            shown = visible(folder, keep_layout=False)
            details = f"{shown}/ · {details}" if details else f"{shown}/"
        key = f"{listing.key} {fold(article.id)}" if listing.key else fold(article.id)
        return cls(article.id, listing.title, details, key)

    def details_line(self, width: int) -> str:
        """Details, then reading progress and the bookmark count, in ``width`` characters:
        the details are cut first, so progress and count always show."""
        extra = []
        if self.progress >= 0.995:
            extra.append("✓ read")
        elif self.progress > 0:
            extra.append(f"{round(self.progress * 100)}%")
        if self.bookmarks:
            extra.append(f"★ {self.bookmarks}")
        tail = " · ".join(extra)
        if not tail:
            return _fit(self.details or "—", width)
        if not self.details:
            return _fit(tail, width)
        room = width - len(tail) - 3
        if room < 4:  # no room for details worth reading
            return _fit(tail, width)
        return f"{_fit(self.details, room)} · {tail}"


def _fit(text: str, width: int) -> str:
    """``text`` cut to ``width`` characters with an ellipsis."""
    return text if len(text) <= width else text[: max(width - 1, 0)].rstrip() + "…"


class ArticleList(ScrollView, can_focus=True):
    """A fast, keyboard- and mouse-driven list of articles."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("down,j", "cursor_down", "Next article in list", show=False),
        Binding("up,k", "cursor_up", "Previous article in list", show=False),
        Binding("pagedown", "page_down", "Page down the list", show=False),
        Binding("pageup", "page_up", "Page up the list", show=False),
        Binding("home,g", "first", "First article in list", show=False),
        Binding("end,G", "last", "Last article in list", show=False),
        Binding("enter", "select", "Open the highlighted article", show=False),
    ]

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "article-list--title",
        "article-list--details",
        "article-list--cursor",
        "article-list--open",
    }

    DEFAULT_CSS = """
    ArticleList { overflow-x: hidden; }
    ArticleList > .article-list--title { text-style: bold; }
    ArticleList > .article-list--details { color: $text-muted; }
    ArticleList > .article-list--cursor {
        background: $block-cursor-blurred-background; color: $block-cursor-blurred-foreground;
    }
    ArticleList:focus > .article-list--cursor {
        background: $block-cursor-background; color: $block-cursor-foreground;
    }
    ArticleList > .article-list--open { color: $text-accent; }
    """

    highlighted: reactive[int] = reactive(0, layout=False)
    """Index (into the shown entries) of the cursor."""

    class Selected(Message):
        """The user chose an article (Enter or click)."""

        def __init__(self, article_id: str) -> None:
            super().__init__()
            self.article_id = article_id

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.shown: list[Entry] = []
        self._position: dict[str, int] = {}
        """Index of each shown entry by article id."""
        self.open_id: str | None = None
        self._rows: LRUCache[tuple[str, int], tuple[str, str]] = LRUCache(4096)
        self._styles = LineStyles(self, "article-list--cursor")

    # Public API

    def set_shown(self, shown: list[Entry], keep: str | None = None) -> None:
        """Show these entries; keep the cursor on ``keep`` if it is among them."""
        self.shown = shown
        self._position = {entry.id: n for n, entry in enumerate(shown)}
        index = self._position.get(keep, 0) if keep is not None else 0
        set_virtual_height(self, len(shown) * ROW_HEIGHT)
        self.set_reactive(ArticleList.highlighted, index)
        self.scroll_to_highlight()
        self.refresh()

    def append_shown(self, entries: list[Entry]) -> None:
        """Add entries at the end without moving the cursor."""
        for entry in entries:
            self._position[entry.id] = len(self.shown)
            self.shown.append(entry)
        set_virtual_height(self, len(self.shown) * ROW_HEIGHT)
        self.refresh()

    @property
    def highlighted_id(self) -> str | None:
        if 0 <= self.highlighted < len(self.shown):
            return self.shown[self.highlighted].id
        return None

    def move_to(self, article_id: str) -> None:
        """Put the cursor on ``article_id`` if it is shown."""
        index = self._position.get(article_id)
        if index is not None:
            self.highlighted = index

    def refresh_entry(self, article_id: str) -> None:
        """Redraw an entry whose progress or bookmarks changed."""
        index = self._position.get(article_id)  # called on every scroll step: no list scan
        if index is not None:  # only the details line changed; the cached title lines stand
            self.refresh_lines(index * ROW_HEIGHT - round(self.scroll_y), ROW_HEIGHT)

    def scroll_to_highlight(self) -> None:
        top = self.highlighted * ROW_HEIGHT
        height = self.scrollable_content_region.height
        if top < self.scroll_y:
            self.scroll_to(y=top, animate=False, force=True, immediate=True)
        elif height and top + ROW_HEIGHT > self.scroll_y + height:
            self.scroll_to(y=top + ROW_HEIGHT - height, animate=False, force=True, immediate=True)

    # Rendering

    def _row_text(self, entry: Entry, width: int) -> tuple[str, str]:
        """The two title lines of an entry at ``width`` (second may be empty)."""
        key = (entry.id, width)
        cached = self._rows.get(key)
        if cached is None:
            spans = wrap_spans(entry.title, width)
            first = entry.title[spans[0][0] : spans[0][1]]
            second = entry.title[spans[1][0] :] if len(spans) > 1 else ""
            cached = (first, _fit(second, width))
            self._rows[key] = cached
        return cached

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        line = round(self.scroll_y) + y
        index, row = divmod(line, ROW_HEIGHT)
        if index >= len(self.shown):
            return Strip.blank(width, self._styles.get())
        entry = self.shown[index]
        text_width = max(width - 2, 1)
        first, second = self._row_text(entry, text_width)
        cursor = index == self.highlighted  # the theme's cursor colours, for the whole row
        base = self._styles.get(cursor=cursor)
        if cursor:
            title_style, details_style = base + Style(bold=True), base
        else:
            title_style = self._styles.get("article-list--title")
            details_style = self._styles.get("article-list--details")
        details = entry.details_line(text_width)
        rows: list[tuple[str, Style]] = [(first, title_style)]
        rows += (
            [(second, title_style), (details, details_style)]
            if second
            else [(details, details_style), ("", base)]
        )
        text, style = rows[row]
        marker = "▌" if entry.id == self.open_id and row < 2 else " "
        marker_style = self._styles.get("article-list--open", cursor)
        segments = [Segment(marker, marker_style), Segment(text, style)]
        return strip_of_width(segments, width, base)

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._styles.clear()
        self.refresh()

    def watch_highlighted(self, old: int, new: int) -> None:
        self.scroll_to_highlight()
        self.refresh()

    # Events and actions

    def on_click(self, event: Click) -> None:
        index = (event.y + round(self.scroll_y)) // ROW_HEIGHT
        if 0 <= index < len(self.shown):
            self.highlighted = index
            self.post_message(self.Selected(self.shown[index].id))

    def _move(self, steps: int) -> None:
        if self.shown:
            self.highlighted = max(0, min(len(self.shown) - 1, self.highlighted + steps))

    def action_cursor_down(self) -> None:
        self._move(1)

    def action_cursor_up(self) -> None:
        self._move(-1)

    def action_page_down(self) -> None:
        self._move(max(self.scrollable_content_region.height // ROW_HEIGHT, 1))

    def action_page_up(self) -> None:
        self._move(-max(self.scrollable_content_region.height // ROW_HEIGHT, 1))

    def action_first(self) -> None:
        self._move(-len(self.shown))

    def action_last(self) -> None:
        self._move(len(self.shown))

    def action_select(self) -> None:
        if self.highlighted_id is not None:
            self.post_message(self.Selected(self.highlighted_id))
