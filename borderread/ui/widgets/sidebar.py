"""The sidebar: every article with its metadata and progress, filterable as you type."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from rapidfuzz import fuzz
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.message import Message
from textual.widgets import Input, Label, OptionList
from textual.widgets.option_list import Option

from borderread.data.fold import fold
from borderread.data.models import Article
from borderread.data.text import visible

FILTER_CUTOFF = 70.0


@dataclass
class Entry:
    """What the sidebar knows about one article."""

    id: str
    title: str
    details: str
    key: str
    """Folded title, author and source: what the filter matches against."""
    progress: float = 0.0
    bookmarks: int = 0

    @classmethod
    def of(cls, article: Article) -> Entry:
        meta = article.meta
        details = " · ".join(
            visible(part, keep_layout=False)
            for part in (
                meta.author or "",
                meta.source or "",
                meta.date or "",
                f"{meta.reading_minutes} min" if meta.reading_minutes else "",
            )
            if part
        )
        key = fold(" ".join(p for p in (meta.title, meta.author, meta.source) if p))
        return cls(article.id, visible(meta.title, keep_layout=False), details, key)

    def prompt(self) -> Content:
        """Title on the first line, a dim line of details, progress and bookmarks below."""
        extra = []
        if self.progress >= 0.995:
            extra.append("✓ read")
        elif self.progress > 0:
            extra.append(f"{round(self.progress * 100)}%")
        if self.bookmarks:
            extra.append(f"★ {self.bookmarks}")
        details = " · ".join(p for p in (self.details, *extra) if p)
        return Content.assemble((self.title, "bold"), "\n", (details or "—", "dim"))


def filter_entries(entries: list[Entry], query: str) -> list[Entry]:
    """Entries matching ``query`` (fuzzy, accent- and case-insensitive), best first."""
    needle = fold(query.strip())
    if not needle:
        return list(entries)
    scored = []
    for position, entry in enumerate(entries):
        score = fuzz.partial_ratio(needle, entry.key, score_cutoff=FILTER_CUTOFF)
        if score:
            scored.append((-score, position, entry))
    scored.sort(key=lambda item: (item[0], item[1]))
    return [entry for _, _, entry in scored]


class ArticleOptions(OptionList):
    """The article list, with vim keys."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("j", "cursor_down", "Next article", show=False),
        Binding("k", "cursor_up", "Previous article", show=False),
        Binding("g", "first", "First article", show=False),
        Binding("G", "last", "Last article", show=False),
    ]


class Sidebar(Vertical):
    """A filter box over the list of articles."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "clear_filter", "Clear filter", show=False),
    ]

    class Selected(Message):
        """The user chose an article to read."""

        def __init__(self, article_id: str) -> None:
            super().__init__()
            self.article_id = article_id

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._entries: list[Entry] = []
        self._by_id: dict[str, Entry] = {}
        self._shown: list[str] = []
        self._loading: tuple[int, int] | None = None

    def compose(self) -> ComposeResult:
        yield Input(placeholder="Filter articles…", id="filter")
        yield Label("", id="sidebar-status")
        yield ArticleOptions(id="articles")

    # Public API

    @property
    def shown_ids(self) -> list[str]:
        """Ids of the articles currently listed, in order."""
        return list(self._shown)

    def add_articles(self, articles: list[Article]) -> None:
        """Append articles (as they load) and show those that match the filter."""
        new = [Entry.of(article) for article in articles]
        self._entries.extend(new)
        self._by_id.update((entry.id, entry) for entry in new)
        query = self.query_one("#filter", Input).value
        matching = filter_entries(new, query)
        if query.strip():
            self._refilter()
        else:
            self.query_one(ArticleOptions).add_options(
                Option(entry.prompt(), id=entry.id) for entry in matching
            )
            self._shown.extend(entry.id for entry in matching)
            self._update_status()

    def show_loading(self, done: int, total: int | None) -> None:
        """Show loading progress; ``total=None`` when loading has finished."""
        self._loading = (done, total) if total is not None else None
        self._update_status()

    def update_entry(
        self, article_id: str, progress: float | None = None, bookmarks: int | None = None
    ) -> None:
        """Refresh one article's progress or bookmark count."""
        entry = self._by_id.get(article_id)
        if entry is None:
            return
        changed = False
        if progress is not None and round(progress, 2) != round(entry.progress, 2):
            entry.progress, changed = progress, True
        if bookmarks is not None and bookmarks != entry.bookmarks:
            entry.bookmarks, changed = bookmarks, True
        if changed and article_id in self._shown:
            self.query_one(ArticleOptions).replace_option_prompt(article_id, entry.prompt())

    def highlight(self, article_id: str) -> None:
        """Move the list's highlight to ``article_id`` if it is shown."""
        if article_id in self._shown:
            self.query_one(ArticleOptions).highlighted = self._shown.index(article_id)

    # Private helpers

    def _refilter(self) -> None:
        options = self.query_one(ArticleOptions)
        current = options.highlighted_option.id if options.highlighted_option else None
        matching = filter_entries(self._entries, self.query_one("#filter", Input).value)
        self._shown = [entry.id for entry in matching]
        options.set_options(Option(entry.prompt(), id=entry.id) for entry in matching)
        if current in self._shown:
            options.highlighted = self._shown.index(current)
        elif self._shown:
            options.highlighted = 0
        self._update_status()

    def _update_status(self) -> None:
        total = len(self._entries)
        if self._loading is not None:
            done, expected = self._loading
            text = f"Loading {done:,} of {expected:,}…"
        elif len(self._shown) != total:
            text = f"{len(self._shown):,} of {total:,} match"
        else:
            text = f"{total:,} article{'s' if total != 1 else ''}"
        self.query_one("#sidebar-status", Label).update(Content(text))

    # Events and actions

    @on(Input.Changed, "#filter")
    def _filter_changed(self) -> None:
        self._refilter()

    @on(Input.Submitted, "#filter")
    def _filter_submitted(self) -> None:
        options = self.query_one(ArticleOptions)
        if self._shown:
            options.focus()
            self.post_message(self.Selected(self._shown[options.highlighted or 0]))

    @on(OptionList.OptionSelected)
    def _option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option.id is not None:
            self.post_message(self.Selected(event.option.id))

    def action_clear_filter(self) -> None:
        self.query_one("#filter", Input).value = ""
        self.query_one(ArticleOptions).focus()
