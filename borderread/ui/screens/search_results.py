"""Search across the collection: results grouped by article, best first, with previews."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Input, Static
from textual.worker import get_current_worker

from borderread.data.models import Article, SearchHit
from borderread.data.query import parse_query
from borderread.data.search import SearchIndex
from borderread.data.snippets import item_context, snippet
from borderread.data.text import visible
from borderread.render_text import copies_note
from borderread.ui import quick_search
from borderread.ui.messages import ResultsFound
from borderread.ui.screens.closing import close
from borderread.ui.typeahead import TypeAhead
from borderread.ui.widgets.bars import KeyBar
from borderread.ui.widgets.result_list import ResultList, ResultRow
from borderread.ui.widgets.typed_input import TypedInput

PREVIEW_CHARS = 1500
"""The most of a paragraph the preview shows (around the hit): about what fits its
part of a 120 × 35 terminal; the preview is cut at its bottom edge, never scrolled, so
that a new preview costs no layout."""
SPANS_SHOWN = 200
"""Spans found per paragraph for the list and the preview (they show only the first)."""
RESULT_LIMIT = 300
FIRST_HITS = 16
"""Results found and listed at each keystroke (a 35-line terminal shows ~13); the rest (up
to ``RESULT_LIMIT``) are looked for once typing pauses. Each result found is a paragraph
verified, whose article's text is read from the collection cache the first time: after a
restart over 10 MB, 30 a key took 25-85 ms."""
REST_AFTER = 0.25
"""Seconds of no typing before the rest of the results are looked for."""
SLICE = 100
"""Further results listed at a time."""
PREVIEW_AFTER = 0.08
"""Seconds the results of a key stay on screen, no other key typed, before the preview
shows their first hit. Drawn in the key's own frame, the preview (~30 wrapped lines) was
a third of it: typed in a burst, each key's results came ~5 ms later for a preview that
the next key replaced; after a pause, it follows the results at once to the eye."""
ROW_CHARS = 400
"""The most of a paragraph a result row keeps (around its first match)."""
MATCH_STYLE = "bold reverse"
ALL = "all articles"
"""What this screen's searches search (the key of their times)."""


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
    SearchResultsScreen #summary { color: $text-muted; padding: 0 1; width: 1fr; height: 1; }
    SearchResultsScreen #results { width: 50%; border: none; }
    SearchResultsScreen #preview-text {
        width: 1fr; height: 1fr; overflow: hidden; padding: 0 2;
        border-left: vkey $foreground 15%;
    }
    """

    def __init__(
        self, articles: list[Article], index_for_all: Callable[[], SearchIndex], query: str = ""
    ) -> None:
        super().__init__()
        self._articles = {article.id: article for article in articles}
        self._index_for_all = index_for_all
        self._initial = query
        self._hits: list[SearchHit] = []
        self._rest = quick_search.Later()
        """Looks for (then lists, slice by slice) the results below the first few."""
        self._query = ""
        self._searching = quick_search.Later()
        """Says "searching…" if the results take a while."""
        self._preview_later = quick_search.Later()
        """Previews the first of the new results once typing pauses."""
        self._times = quick_search.SearchTimes()
        """How long the last search took: where the next runs (see ``quick_search``)."""

    def compose(self) -> ComposeResult:
        yield TypedInput(
            on_typed=self._typed,
            value=self._initial,
            placeholder="Search all articles (typos and accents "
            'are fine; "quotes" for exact phrases)',
            id="query",
        )
        yield Static(Content(""), id="summary")
        with Horizontal():
            yield ResultList(id="results")
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

    def _typed(self, text: str) -> None:
        """The query changed (called as the key is handled: see ``typed_input``)."""
        if text:
            self._searching.call(self, quick_search.SAY_SEARCHING_AFTER, self._say_searching)
        else:
            self._searching.stop()
            self._say("")
        self._rest.stop()
        if not (self._times.is_quick(ALL) and self._search_now(text)):
            self._search(text)

    def _say_searching(self) -> None:
        self._say(f"searching for “{visible(self.query_one('#query', Input).value)}”…")

    def _say(self, summary: str) -> None:
        # The line's size never changes: no layout for it (a layout is a whole frame's work).
        self.query_one("#summary", Static).update(Content(summary), layout=False)

    def _search_now(self, text: str) -> bool:
        """Search on the UI thread; False if that took too long (then nothing is shown)."""
        self.workers.cancel_group(self, "collection-search")  # a slower search still going
        found = self._find(text, FIRST_HITS, quick_search.deadline())
        if found is None:
            self._times.forget(ALL)  # not quick after all: the next goes to a worker
            return False
        self._show(found)
        return True

    @work(thread=True, exclusive=True, group="collection-search")
    def _search(self, text: str, limit: int = FIRST_HITS) -> None:
        worker = get_current_worker()
        found = self._find(text, limit, lambda: worker.is_cancelled)
        if found is not None and not worker.is_cancelled:
            self.post_message(found)

    def _find(self, text: str, limit: int, stop: Callable[[], bool]) -> ResultsFound | None:
        """The best ``limit`` results for ``text``; None if ``stop`` said to stop."""
        started = time.perf_counter()
        query = parse_query(text, incremental=True)
        hits: list[SearchHit] = []
        found: dict[str, Article] = {}
        if not query.empty:
            index = self._index_for_all()
            hits = index.search(query, limit=limit, max_spans=SPANS_SHOWN, should_stop=stop)
            # The index may hold articles loaded after this screen opened: take each
            # hit's article from the index that found it.
            found = {hit.article_id: index.article(hit.article_id) for hit in hits}
        if stop():
            return None
        if limit == FIRST_HITS:
            self._times.record(ALL, started)
        return ResultsFound(text, hits, found, limit)

    @on(ResultsFound)
    def _show(self, event: ResultsFound) -> None:
        text, hits = event.text, event.hits
        if self.query_one("#query", Input).value != text:
            return
        self._articles.update(event.articles)
        self._searching.stop()
        groups = group_by_article(hits)
        ordered = [hit for _, group in groups for hit in group]  # the order shown
        self._rest.stop()
        results = self.query_one("#results", ResultList)
        found = sum(1 + len(hit.copies) for hit in hits)  # copies listed once took places too
        more_to_find = event.limit < RESULT_LIMIT and found >= event.limit
        listed = min(len(ordered), FIRST_HITS)
        if text == self._query and ordered[:FIRST_HITS] == self._hits[:FIRST_HITS]:
            self._hits = ordered  # the rest of these results: the first stay as they are
            results.set_notes(self._header_notes(results.rows))  # with their articles' counts
        else:
            self._query, self._hits = text, ordered
            results.set_rows(self._rows(ordered[:FIRST_HITS]))
            self._preview_later.call(self, PREVIEW_AFTER, self._highlighted)
        if more_to_find:  # once typing pauses
            self._rest.call(self, REST_AFTER, lambda: self._search(text, RESULT_LIMIT))
        elif listed < len(ordered):
            self._rest.call(self, 0.02, lambda: self._list_more(text, listed))
        self._summarise(text, hits, more_to_find)

    def _summarise(self, text: str, hits: list[SearchHit], more_to_find: bool) -> None:
        articles = len({hit.article_id for hit in hits})
        if hits:
            summary = f"{len(hits)} paragraph(s) in {articles} article(s) for “{visible(text)}”"
            if more_to_find:
                summary = f"the best {summary}; more when you pause"
            elif len(hits) >= RESULT_LIMIT:
                summary += f" (the best {RESULT_LIMIT})"
            if hits[0].close:
                summary = f"no exact phrase; showing close matches: {summary}"
        else:
            summary = f"no matches for “{visible(text)}”" if text.strip() else ""
        self._say(summary)

    def _list_more(self, text: str, listed: int) -> None:
        """List the next slice of the results found (then the next, until all are)."""
        if text != self._query:
            return
        end = min(listed + SLICE, len(self._hits))
        self.query_one("#results", ResultList).add_rows(self._rows(self._hits[listed:end]))
        if end < len(self._hits):
            self._rest.call(self, 0.02, lambda: self._list_more(text, end))

    def _rows(self, hits: list[SearchHit]) -> list[ResultRow]:
        """A row for each of these hits (in result order, a slice of ``_hits``), under
        its article's header where the article's hits begin."""
        rows: list[ResultRow] = []
        number = {id(hit): n for n, hit in enumerate(self._hits)}
        notes = self._notes()
        for hit in hits:
            n = number[id(hit)]
            article = self._articles[hit.article_id]
            if n == 0 or self._hits[n - 1].article_id != hit.article_id:
                rows.append(ResultRow(article.title, note=notes[hit.article_id]))
            piece, spans = snippet(article.body[hit.paragraph].text, hit.spans, ROW_CHARS)
            context = item_context(article.body, hit.paragraph)
            rows.append(ResultRow(piece, tuple(spans), hit=n, context=context))
        return rows

    def _notes(self) -> dict[str, str]:
        """What follows each article's title in the results: how many of them are in it,
        and how many other articles hold one of its hit paragraphs word for word."""
        counts: dict[str, int] = {}
        copies: dict[str, dict[str, None]] = {}
        for hit in self._hits:
            counts[hit.article_id] = counts.get(hit.article_id, 0) + 1
            if hit.copies:
                copies.setdefault(hit.article_id, {}).update(dict.fromkeys(hit.copies))
        return {
            article_id: _count_note(count, tuple(copies.get(article_id, ())))
            for article_id, count in counts.items()
        }

    def _header_notes(self, rows: list[ResultRow]) -> dict[int, str]:
        """Each listed header's note (by row) for the results now in ``_hits``: the count
        had stayed that of the first listing ("16 hits" when 300 were found after)."""
        by_article = self._notes()
        notes: dict[int, str] = {}
        for index, row in enumerate(rows[:-1]):
            hit = rows[index + 1].hit
            if row.hit is None and hit is not None:
                notes[index] = by_article[self._hits[hit].article_id]
        return notes

    # Preview and choice

    def _preview(self, hit: SearchHit | None) -> None:
        preview = self.query_one("#preview-text", Static)
        if hit is None:
            preview.update(Content(""), layout=False)
            return
        article = self._articles[hit.article_id]
        # A window around the hit, not the whole paragraph: a paragraph can be megabytes
        # long (one-line files), and wrapping it would hold up every keystroke.
        text, spans = snippet(article.body[hit.paragraph].text, hit.spans, width=PREVIEW_CHARS)
        context = item_context(article.body, hit.paragraph)
        where = f"paragraph {hit.paragraph + 1}" + (f", under “{context}”" if context else "")
        if hit.copies:
            where += f"; the same in {copies_note(hit.copies)}"
        preview.update(
            Content.assemble(
                (article.title, "bold"),
                "\n",
                (where, "dim"),
                "\n\n",
                marked(text, spans),
            ),
            layout=False,
        )

    # A message's hit number may be of results since replaced: take the list's own.

    @on(ResultList.Highlighted)
    def _highlighted(self) -> None:
        self._preview_later.stop()
        hit = self.query_one("#results", ResultList).highlighted_hit
        self._preview(None if hit is None else self._hits[hit])

    @on(ResultList.Chosen)
    def _chosen(self) -> None:
        hit = self.query_one("#results", ResultList).highlighted_hit
        if hit is not None:
            close(self, Chosen(self._query, self._hits, hit))

    @on(Input.Submitted, "#query")
    def _submitted(self) -> None:
        if self._hits:
            close(self, Chosen(self._query, self._hits, 0))

    def action_focus_results(self) -> None:
        # At once, not through ``focus()`` (a later callback): a second Down typed
        # straight after the first must reach the list, not the box again.
        self.set_focus(self.query_one("#results", ResultList))

    def action_back(self) -> None:
        close(self, None)


def _count_note(count: int, copies: tuple[str, ...] = ()) -> str:
    """What follows an article's title in the results: its number of hits, and how many
    other articles hold the same paragraph (they are not listed again)."""
    note = f"  {count} hit{'s' if count != 1 else ''}"
    if copies:
        others = len(copies)
        note += f" · the same in {others} other article{'s' if others != 1 else ''}"
    return note
