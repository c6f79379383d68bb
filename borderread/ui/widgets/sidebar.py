"""The sidebar: a filter box over the list of articles, filterable as you type."""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.message import Message
from textual.widgets import Input, Static

from borderread.data.fold import fold
from borderread.data.models import Article
from borderread.ui.widgets.article_list import ArticleList, Entry
from borderread.ui.widgets.stand_in import TextBoxStandIn
from borderread.ui.widgets.text_box import TextBox

FILTER_CUTOFF = 70.0
FILTER_PLACEHOLDER = "Filter articles…"


def filter_entries(entries: list[Entry], query: str) -> list[Entry]:
    """Entries matching ``query`` (fuzzy, accent- and case-insensitive), best first."""
    needle = fold(query.strip())
    if not needle:
        return list(entries)
    from rapidfuzz import fuzz, process  # imported on first use: start-up does not pay for it

    matches = process.extract(
        needle,
        [entry.key for entry in entries],
        scorer=fuzz.partial_ratio,
        score_cutoff=FILTER_CUTOFF,
        limit=None,
    )
    matches.sort(key=lambda match: (-match[1], match[2]))
    return [entries[index] for _, _, index in matches]


class Sidebar(Vertical):
    """A filter box, a status line and the article list."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "clear_filter", "Clear the filter", show=False),
        Binding("down", "focus_list", "From the filter to the list", show=False),
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
        self._loading: tuple[int, int] | None = None
        self._indexing = False

    def compose(self) -> ComposeResult:
        yield TextBoxStandIn(Content(FILTER_PLACEHOLDER), self._filter_box, id="filter-stand-in")
        yield Static(Content("Loading…"), id="sidebar-status")
        yield ArticleList(id="articles")

    @staticmethod
    def _filter_box() -> TextBox:
        return TextBox(placeholder=FILTER_PLACEHOLDER, id="filter")

    # Public API

    @property
    def article_list(self) -> ArticleList:
        return self.query_one(ArticleList)

    @property
    def shown_ids(self) -> list[str]:
        """Ids of the articles currently listed, in order."""
        return [entry.id for entry in self.article_list.shown]

    def add_articles(self, articles: list[Article]) -> None:
        """Append articles (as they load) and show those that match the filter."""
        new = [Entry.of(article) for article in articles]
        self._entries.extend(new)
        self._by_id.update((entry.id, entry) for entry in new)
        if self._query():
            self._refilter()
        else:
            self.article_list.append_shown(new)
        self._update_status()

    def show_loading(self, done: int, total: int | None) -> None:
        """Show loading progress; ``total=None`` when loading has finished."""
        self._loading = (done, total) if total is not None else None
        self._update_status()

    def show_indexing(self, indexing: bool) -> None:
        """Say (or stop saying) that search does not cover every article yet."""
        self._indexing = indexing
        self._update_status()

    def update_entry(
        self, article_id: str, progress: float | None = None, bookmarks: int | None = None
    ) -> None:
        """Refresh one article's progress or bookmark count."""
        entry = self._by_id.get(article_id)
        if entry is None:
            return
        before = (round(entry.progress, 2), entry.bookmarks)
        if progress is not None:
            entry.progress = progress
        if bookmarks is not None:
            entry.bookmarks = bookmarks
        if (round(entry.progress, 2), entry.bookmarks) != before:
            self.article_list.refresh_entry(article_id)

    def mark_open(self, article_id: str) -> None:
        """Mark the article being read and move the cursor to it."""
        self.article_list.open_id = article_id
        self.article_list.move_to(article_id)
        self.article_list.refresh()

    # Private helpers

    def _filter(self) -> Input | None:
        """The filter box (None in the first frame, when a stand-in draws it)."""
        return next(iter(self.query("#filter").results(Input)), None)

    def _query(self) -> str:
        box = self._filter()
        return box.value if box is not None else ""

    def _refilter(self) -> None:
        articles = self.article_list
        articles.set_shown(
            filter_entries(self._entries, self._query()), keep=articles.highlighted_id
        )
        self._update_status()

    def _update_status(self) -> None:
        total = len(self._entries)
        shown = len(self.article_list.shown)
        if self._loading is not None:
            done, expected = self._loading
            text = f"Loading {done:,} of {expected:,}…"
        elif shown != total:
            text = f"{shown:,} of {total:,} match"
        else:
            text = f"{total:,} article{'s' if total != 1 else ''}"
        if self._indexing and self._loading is None:
            text += " · indexing…"
        self.query_one("#sidebar-status", Static).update(Content(text), layout=False)

    # Events and actions

    @on(Input.Changed, "#filter")
    def _filter_changed(self) -> None:
        self._refilter()

    @on(Input.Submitted, "#filter")
    def _filter_submitted(self) -> None:
        articles = self.article_list
        if articles.highlighted_id is not None:
            articles.focus()
            self.post_message(self.Selected(articles.highlighted_id))

    @on(ArticleList.Selected)
    def _article_selected(self, event: ArticleList.Selected) -> None:
        event.stop()
        self.post_message(self.Selected(event.article_id))

    def action_clear_filter(self) -> None:
        if (box := self._filter()) is not None:
            box.value = ""
        self.article_list.focus()

    def action_focus_list(self) -> None:
        self.article_list.focus()
