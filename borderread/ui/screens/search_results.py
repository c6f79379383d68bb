"""Search across the collection: results grouped by article, best first, with previews."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Input, Label, OptionList, Static
from textual.widgets.option_list import Option
from textual.worker import get_current_worker

from borderread.data.models import Article, SearchHit
from borderread.data.query import parse_query
from borderread.data.search import SearchIndex
from borderread.data.snippets import snippet
from borderread.ui.messages import ResultsFound
from borderread.ui.screens.closing import close
from borderread.ui.typeahead import TypeAhead
from borderread.ui.widgets.bars import KeyBar

PREVIEW_CHARS = 2000
"""The most of a paragraph the preview shows (around the hit)."""
SPANS_SHOWN = 200
"""Spans found per paragraph for the list and the preview (they show only the first)."""
RESULT_LIMIT = 300
FIRST_HITS = 30
"""Results found and listed at each keystroke; the rest (up to ``RESULT_LIMIT``) are
looked for once typing pauses: finding 300 read and verified 300 paragraphs (from the
collection cache, the first time) and listing them wrapped every option, at every key."""
REST_AFTER = 0.25
"""Seconds of no typing before the rest of the results are looked for."""
SLICE = 30
"""Further results listed at a time (each slice is wrapped and laid out: ~15 ms)."""
MATCH_STYLE = "bold reverse"


@dataclass(frozen=True)
class Chosen:
    """What the user picked: the query, every hit in result order, and which one."""

    query: str
    hits: list[SearchHit]
    index: int


def group_by_article(hits: list[SearchHit]) -> list[tuple[str, list[SearchHit]]]:
    """Hits grouped by article, articles in the order of their best hit."""
    groups: dict[str, list[SearchHit]] = {}
    for hit in hits:
        groups.setdefault(hit.article_id, []).append(hit)
    return list(groups.items())


def marked(text: str, spans: list[tuple[int, int]] | tuple[tuple[int, int], ...]) -> Content:
    """Plain ``text`` (never markup) with the spans highlighted."""
    content = Content(text)
    for start, end in spans:
        content = content.stylize(MATCH_STYLE, start, end)
    return content


class SearchResultsScreen(TypeAhead[Chosen | None], Screen[Chosen | None]):
    """Type to search every article; Enter opens the passage, Esc goes back."""

    TYPEAHEAD_INPUT = "#query"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", "Back to the article"),
        Binding("down", "focus_results", "Results", show=False),
    ]

    DEFAULT_CSS = """
    SearchResultsScreen #query { border: tall $primary; }
    SearchResultsScreen #summary { color: $text-muted; padding: 0 1; }
    SearchResultsScreen #results { width: 50%; border: none; }
    SearchResultsScreen #preview { width: 1fr; padding: 0 2; border-left: vkey $foreground 15%; }
    """

    def __init__(
        self, articles: list[Article], index_for_all: Callable[[], SearchIndex], query: str = ""
    ) -> None:
        super().__init__()
        self._articles = {article.id: article for article in articles}
        self._index_for_all = index_for_all
        self._initial = query
        self._hits: list[SearchHit] = []
        self._rest: Timer | None = None
        """Looks for (then lists, slice by slice) the results below the first few."""
        self._query = ""

    def compose(self) -> ComposeResult:
        yield Input(
            value=self._initial,
            placeholder="Search all articles (typos and accents "
            'are fine; "quotes" for exact phrases)',
            id="query",
        )
        yield Label("", id="summary")
        with Horizontal():
            yield OptionList(id="results")
            with VerticalScroll(id="preview"):
                yield Static(Content(""), id="preview-text")
        yield KeyBar()

    def help_sections(self) -> list[tuple[str, list[tuple[str, str]]]]:
        """F1 here: this screen's keys, from its bindings."""
        from borderread.ui.screens.help import binding_rows

        return [
            (
                "Search all articles",
                [
                    ("type", 'Search as you type (typos, accents; "quotes" for phrases)'),
                    ("↑ ↓", "Move through the hits; the preview follows"),
                    ("Enter", "Open the passage; then n/N go on through these hits"),
                    *binding_rows(self.BINDINGS),
                ],
            )
        ]

    def on_mount(self) -> None:
        self.focus_text_box()
        if self._initial:
            self._search(self._initial)

    # Searching

    @on(Input.Changed, "#query")
    def _changed(self, event: Input.Changed) -> None:
        self.query_one("#summary", Label).update(Content("searching…" if event.value else ""))
        self._stop_rest()
        self._search(event.value)

    def _stop_rest(self) -> None:
        if self._rest is not None:
            self._rest.stop()
            self._rest = None

    @work(thread=True, exclusive=True, group="collection-search")
    def _search(self, text: str, limit: int = FIRST_HITS) -> None:
        worker = get_current_worker()
        query = parse_query(text, incremental=True)
        hits: list[SearchHit] = []
        found: dict[str, Article] = {}
        if not query.empty:
            index = self._index_for_all()
            hits = index.search(
                query,
                limit=limit,
                max_spans=SPANS_SHOWN,
                should_stop=lambda: worker.is_cancelled,
            )
            # The index may hold articles loaded after this screen opened: take each
            # hit's article from the index that found it.
            found = {hit.article_id: index.article(hit.article_id) for hit in hits}
        if not worker.is_cancelled:
            self.post_message(ResultsFound(text, hits, found, limit))

    @on(ResultsFound)
    def _show(self, event: ResultsFound) -> None:
        text, hits = event.text, event.hits
        if self.query_one("#query", Input).value != text:
            return
        self._articles.update(event.articles)
        groups = group_by_article(hits)
        ordered = [hit for _, group in groups for hit in group]  # the order shown
        self._stop_rest()
        results = self.query_one("#results", OptionList)
        more_to_find = event.limit < RESULT_LIMIT and len(hits) >= event.limit
        listed = min(len(ordered), FIRST_HITS)
        if text == self._query and ordered[:FIRST_HITS] == self._hits[:FIRST_HITS]:
            self._hits = ordered  # the rest of these results: the first stay as they are
        else:
            self._query, self._hits = text, ordered
            results.set_options(self._options(ordered[:FIRST_HITS]))
            first = next((i for i, o in enumerate(results.options) if not o.disabled), None)
            results.highlighted = first
            self._preview(self._hit_at(first))
        if more_to_find:  # once typing pauses
            self._rest = self.set_timer(REST_AFTER, lambda: self._search(text, RESULT_LIMIT))
        elif listed < len(ordered):
            self._rest = self.set_timer(0.02, lambda: self._list_more(text, listed))
        self._summarise(hits, more_to_find)

    def _summarise(self, hits: list[SearchHit], more_to_find: bool) -> None:
        articles = len({hit.article_id for hit in hits})
        if hits:
            summary = f"{len(hits)} paragraph(s) in {articles} article(s)"
            if more_to_find:
                summary = f"the best {summary}; more when you pause"
            elif len(hits) >= RESULT_LIMIT:
                summary += f" (the best {RESULT_LIMIT})"
            if hits[0].close:
                summary = f"no exact phrase; showing close matches: {summary}"
        else:
            summary = "no matches" if self._query.strip() else ""
        self.query_one("#summary", Label).update(Content(summary))

    def _list_more(self, text: str, listed: int) -> None:
        """List the next slice of the results found (then the next, until all are)."""
        self._rest = None
        if text != self._query:
            return
        end = min(listed + SLICE, len(self._hits))
        self.query_one("#results", OptionList).add_options(self._options(self._hits[listed:end]))
        if end < len(self._hits):
            self._rest = self.set_timer(0.02, lambda: self._list_more(text, end))

    def _options(self, hits: list[SearchHit]) -> list[Option]:
        """A snippet for each of these hits (in result order, a slice of ``_hits``), under
        its article's header where the article's hits begin."""
        options: list[Option] = []
        number = {id(hit): n for n, hit in enumerate(self._hits)}
        counts: dict[str, int] = {}
        for hit in self._hits:
            counts[hit.article_id] = counts.get(hit.article_id, 0) + 1
        for hit in hits:
            n = number[id(hit)]
            article = self._articles[hit.article_id]
            if n == 0 or self._hits[n - 1].article_id != hit.article_id:
                count = (
                    f"  {counts[hit.article_id]} hit{'s' if counts[hit.article_id] != 1 else ''}"
                )
                header = Content.assemble((article.title, "bold"), (count, "dim"))
                options.append(Option(header, disabled=True))
            piece, spans = snippet(article.body[hit.paragraph].text, hit.spans, width=160)
            options.append(Option(Content("  ") + marked(piece, spans), id=str(n)))
        return options

    # Preview and choice

    def _hit_at(self, option_index: int | None) -> SearchHit | None:
        if option_index is None:
            return None
        option_id = self.query_one("#results", OptionList).get_option_at_index(option_index).id
        return None if option_id is None else self._hits[int(option_id)]

    def _preview(self, hit: SearchHit | None) -> None:
        preview = self.query_one("#preview-text", Static)
        if hit is None:
            preview.update(Content(""))
            return
        article = self._articles[hit.article_id]
        # A window around the hit, not the whole paragraph: a paragraph can be megabytes
        # long (one-line files), and wrapping it would hold up every keystroke.
        text, spans = snippet(article.body[hit.paragraph].text, hit.spans, width=PREVIEW_CHARS)
        preview.update(
            Content.assemble(
                (article.title, "bold"),
                "\n",
                (f"paragraph {hit.paragraph + 1}", "dim"),
                "\n\n",
                marked(text, spans),
            )
        )

    @on(OptionList.OptionHighlighted, "#results")
    def _highlighted(self, event: OptionList.OptionHighlighted) -> None:
        self._preview(self._hit_at(event.option_index))

    @on(OptionList.OptionSelected, "#results")
    def _selected(self, event: OptionList.OptionSelected) -> None:
        hit = self._hit_at(event.option_index)
        if hit is not None:
            close(self, Chosen(self._query, self._hits, self._hits.index(hit)))

    @on(Input.Submitted, "#query")
    def _submitted(self) -> None:
        if self._hits:
            close(self, Chosen(self._query, self._hits, 0))

    def action_focus_results(self) -> None:
        self.query_one("#results", OptionList).focus()

    def action_back(self) -> None:
        close(self, None)
