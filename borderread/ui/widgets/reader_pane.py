"""The reader pane: the article, its search prompt and its status line.

It mediates between its children: the find bar's messages run a search (in a worker),
the matches go to the reader as highlights, and n/N/& act on them. Moving on to another
article is the app's business, asked for with a message.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TYPE_CHECKING, ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.message import Message
from textual.widgets import Static
from textual.worker import get_current_worker

from borderread.data.models import Article
from borderread.data.text import visible
from borderread.ui import quick_search
from borderread.ui.matches import Match, MatchList, matches_from_hits
from borderread.ui.messages import MatchesFound
from borderread.ui.widgets.find_bar import FindBar
from borderread.ui.widgets.reader import ReaderView

if TYPE_CHECKING:  # search is imported on the first search, after the first paint
    from borderread.data.search import SearchIndex

IndexProvider = Callable[[Article], "SearchIndex"]


MATCHES_IN_ALL = 2000
"""Matches found per query word in the article, nearest the reading position first: the
first letters typed in a 5 MB article (or a one-line file of megabytes) match tens of
thousands of words (~0.2 s a keystroke); the count then reads ``1/2000+`` until the query
narrows. It bounds one huge paragraph too."""
FIRST_MATCHES = 200
"""Matches looked for at each key typed, nearest the reading position (finding 2,000 in a
5 MB article took ~15 ms a key, and put its search in a worker, a frame later); the rest
(up to ``MATCHES_IN_ALL``) once typing pauses."""
REST_AFTER = 0.25
"""Seconds of no typing before the rest of the matches are looked for."""


class ReaderPane(Vertical):
    """Reader, find bar and status line (n, N and & are the main screen's keys, so that
    they work from the article list too; they call the actions here)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "clear_search", "Clear the search highlights", show=False),
    ]

    class ContinueSearch(Message):
        """n past the last match (or N before the first): go on in another article."""

        def __init__(self, query: str, forward: bool) -> None:
            super().__init__()
            self.query = query
            self.forward = forward

    class HistoryChanged(Message):
        """A search was kept (Enter): remember it."""

        def __init__(self, query: str) -> None:
            super().__init__()
            self.query = query

    def __init__(self, index_for: IndexProvider, measure: int, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._index_for = index_for
        self._measure = measure
        self.history: list[str] = []
        self.query_text = ""
        """What was typed (or chosen) to search for."""
        self.backwards = False
        self.matches = MatchList([])
        self._matches_text = ""
        """What the matches shown were found for (a newer key's may be on their way)."""
        self._times = quick_search.SearchTimes()
        """How long each article's last search took: where the next runs."""
        self._searching_note = quick_search.Later()
        """Says "searching…" if the matches take a while."""
        self._rest = quick_search.Later()
        """Looks for the matches beyond the first few, once typing pauses."""
        self._origin: tuple[float, int, int] = (0.0, 0, 0)
        self._searching = False
        """True from a keystroke in the prompt until its results are shown."""
        self._queued_steps: list[int] = []
        """n/N pressed before the results they step through had arrived."""
        self._before_filter: tuple[int, int] | None = None
        """The block and offset on top when & filtered the matches (to come back to)."""
        self._offer: int = 0
        """+1/-1 after n/N reached the last/first match: the next press moves on."""
        self._find_bar = FindBar(id="find", on_changed=self._find_changed)
        """The search prompt: mounted (hidden) just after the first paint, not in it."""

    def compose(self) -> ComposeResult:
        yield ReaderView(measure=self._measure, id="reader")
        yield Static(Content(""), id="status")

    # Public API

    async def prepare_find_bar(self) -> None:
        """Mount the (hidden) search prompt, so that ``/`` opens it at once: keys typed
        straight after ``/`` must reach it, not the reader while it is being mounted."""
        if self._find_bar.parent is None and self.is_attached:  # not if the app is closing
            await self.mount(self._find_bar, before="#status")

    @property
    def reader(self) -> ReaderView:
        return self.query_one(ReaderView)

    @property
    def find_bar(self) -> FindBar:
        return self._find_bar

    def search_here(
        self, query: str, *, from_end: bool = False, at: tuple[int, int] | None = None
    ) -> None:
        """Run ``query`` on the current article; go to its first (or last) match, or the
        first match at article block/offset ``at``."""
        self.query_text = query
        self.backwards = False
        origin = at or ((10**9, 0) if from_end else (0, 0))
        self._origin = (0.0, *origin)
        self._run_search(query, from_end, origin)

    def update_status(self, message: str | None = None) -> None:
        """Position, mode, measure, search count and title on one line."""
        reader = self.reader
        if message is not None or reader.article is None:
            self.query_one("#status", Static).update(Content(message or ""), layout=False)
            return
        mode = "original" if reader.raw else "reader"
        if reader.show_set_apart and not reader.raw:
            mode += " + set-apart"
        if reader.only_blocks is not None:
            mode += " · matching paragraphs only"
        shown = visible(self._matches_text)
        search = f"  “{shown}” {self.matches.label()}  │" if self.query_text else ""
        page = reader.article.page_of(reader.position()[0]) if reader.article.line_pages else None
        where = f" · p. {page}" if page else ""
        self.query_one("#status", Static).update(
            Content.assemble(
                (f"{round(reader.progress * 100):>3}%", "bold"),
                f"{where}  {mode} · {reader.shown_width} cols  │{search}  ",
                reader.article.title,
            ),
            layout=False,  # one fixed line: no new layout of the screen on each scroll
        )

    def clear_search(self) -> None:
        """Forget the current search: no highlights, no filter."""
        self.query_text = self._matches_text = ""
        self.matches = MatchList([])
        self._searching_note.stop()
        self._rest.stop()
        self._searching, self._queued_steps = False, []
        self._offer = 0
        self.reader.set_highlights({})
        if self.reader.only_blocks is not None:
            self.reader.set_only_blocks(None)
        self.update_status()

    # Searching

    def _run_search(
        self, text: str, backwards: bool, origin: tuple[int, int], *, typed: bool = False
    ) -> None:
        """Start a search; n/N pressed before its results arrive wait for them. A key
        ``typed`` in the prompt searches at once while this article's searches are quick
        (see ``quick_search``), else in a worker."""
        self._searching = True
        self._rest.stop()
        article = self.reader.article
        up_to = FIRST_MATCHES if typed else MATCHES_IN_ALL
        if typed and article is not None and self._times.is_quick(article.id):
            self.workers.cancel_group(self, "find")  # a slower search still going
            stop = quick_search.deadline()
            found = self._find(article, text, backwards, origin, up_to, stop)
            if found is not None:
                self._show_matches(found)
                return
            self._times.forget(article.id)
        self._search_worker(text, backwards, origin, up_to)

    @work(thread=True, exclusive=True, group="find")
    def _search_worker(
        self, text: str, backwards: bool, origin: tuple[int, int], up_to: int = MATCHES_IN_ALL
    ) -> None:
        """Search the open article off the event loop; the next keystroke supersedes it."""
        worker = get_current_worker()
        article = self.reader.article
        if article is None:
            return
        found = self._find(article, text, backwards, origin, up_to, lambda: worker.is_cancelled)
        if found is not None and not worker.is_cancelled:
            self.post_message(found)

    def _find(
        self,
        article: Article,
        text: str,
        backwards: bool,
        origin: tuple[int, int],
        up_to: int,
        stop: Callable[[], bool],
    ) -> MatchesFound | None:
        """The matches of ``text`` in ``article`` (``up_to`` per query word, nearest
        ``origin``); None if ``stop`` said to stop."""
        from borderread.data.article_matches import Limits
        from borderread.data.query import parse_query

        started = time.perf_counter()
        query = parse_query(text, incremental=True, smart_case=self.find_bar.smart_case)
        matches: list[Match] = []
        more = close = False
        if not query.empty:
            around = article.paragraph_from(origin[0])
            limits = Limits(in_all=up_to, around=around)
            hits = self._index_for(article).matches_in(
                article.id, query, limits=limits, should_stop=stop
            )
            shown = [hit for hit in hits if hit.complete] or hits
            matches = matches_from_hits(article, shown)
            more = any(hit.truncated for hit in shown)
            close = any(hit.close for hit in shown)
        if stop():
            return None
        if up_to == FIRST_MATCHES:
            self._times.record(article.id, started)
        first_only = up_to < MATCHES_IN_ALL
        return MatchesFound(article.id, text, matches, backwards, origin, more, close, first_only)

    @on(MatchesFound)
    def _show_matches(self, event: MatchesFound) -> None:
        """A search's results: highlight them, go to the first, say how many."""
        event.stop()
        article_id, text, backwards, origin = (
            event.article_id,
            event.text,
            event.backwards,
            event.origin,
        )
        reader = self.reader
        if reader.article is None or reader.article.id != article_id:
            self._searching, self._queued_steps = False, []
            return
        if text != self.query_text or (self.find_bar.is_open and self.find_bar.input.value != text):
            return  # a newer keystroke is on its way, or the search was cleared
        # The rest of the matches shown: the current one (n/N may have moved) stays.
        kept = self.matches.current_match() if text == self._matches_text else None
        self.matches = MatchList(event.matches, event.more, event.close)
        self._matches_text = text
        self._searching_note.stop()
        self._searching = False
        self._offer = 0
        if kept is not None:
            current = self.matches.start_at(kept.block, kept.start)
        else:
            current = self.matches.start_at(*origin, backwards=backwards) if text.strip() else None
        reader.set_highlights(self.matches.by_block(), current)
        if event.first_only and event.more:  # the rest once typing pauses
            self._rest.call(self, REST_AFTER, lambda: self._search_worker(text, backwards, origin))
        if kept is None and current is not None:  # (the rest found: the reader stays)
            reader.reveal(current)
        elif kept is None and self.find_bar.is_open:
            reader.scroll_to(y=self._origin[0], animate=False, force=True)
        if reader.only_blocks is not None:
            reader.set_only_blocks(frozenset(self.matches.by_block()) or None)
        label = self.matches.label() if text.strip() else ""
        self.find_bar.set_count(label)
        self.update_status()
        queued, self._queued_steps = self._queued_steps, []
        for delta in queued:
            self.action_step_match(delta)

    def _find_changed(self, text: str, backwards: bool) -> None:
        """The query changed (called as the key is handled: see ``typed_input``)."""
        self.query_text = text
        if text.strip():
            self._searching_note.call(
                self,
                quick_search.SAY_SEARCHING_AFTER,
                lambda: self.find_bar.set_count("searching…"),
            )
        else:
            self._searching_note.stop()
            self.find_bar.set_count("")
        self._run_search(text, backwards, self._origin[1:], typed=True)

    @on(FindBar.CaseToggled)
    def _case_toggled(self) -> None:
        if self.query_text.strip():
            self._run_search(self.query_text, self.backwards, self._origin[1:])

    @on(FindBar.Submitted)
    def _find_submitted(self, event: FindBar.Submitted) -> None:
        self.find_bar.close()
        self.screen.set_focus(self.reader)  # read on at the match
        if event.text.strip():
            self.post_message(self.HistoryChanged(event.text))
        else:
            self.clear_search()

    @on(FindBar.Cancelled)
    def _find_cancelled(self) -> None:
        self.find_bar.close()  # it gave the focus back to where it was
        self.clear_search()
        self.reader.scroll_to(y=self._origin[0], animate=False, force=True)

    @on(ReaderView.PositionChanged)
    @on(ReaderView.ModeChanged)
    def _reader_changed(self) -> None:
        self.update_status()

    # Actions

    async def action_find(self, backwards: bool) -> None:
        reader = self.reader
        if reader.article is None:
            return
        await self.prepare_find_bar()  # mounted already, unless "/" came in the first frame
        if reader.raw:
            reader.action_toggle_raw()
        block, offset, _ = reader.position()
        self._origin = (reader.scroll_y, block, offset)
        self.backwards = backwards
        self.find_bar.open(backwards, self.history)

    def action_step_match(self, delta: int) -> None:
        if self._searching:  # typed ahead of the results: step once they are in
            self._queued_steps.append(delta)
            return
        if not self.query_text.strip():
            self.app.notify("No search yet: press / to search", timeout=3)
            return
        direction = -delta if self.backwards else delta
        if not len(self.matches) or (
            self._offer == direction
            and (self.matches.at_last if direction > 0 else self.matches.at_first)
        ):
            self._offer = 0
            self.post_message(self.ContinueSearch(self.query_text, direction > 0))
            return
        at_edge = self.matches.at_last if direction > 0 else self.matches.at_first
        if at_edge and self._offer != direction:
            self._offer = direction
            key = "n" if delta > 0 else "N"
            where = "last" if direction > 0 else "first"
            self.app.notify(
                f"That was the {where} match in this article. Press {key} again to go on "
                "in the next article with matches.",
                timeout=4,
            )
            return
        self._offer = 0
        match, _ = self.matches.step(direction)
        if match is not None:
            self.reader.set_highlights(self.matches.by_block(), match)
            self.reader.reveal(match)
        self.find_bar.set_count(self.matches.label())
        self.update_status()

    def action_filter_matches(self) -> None:
        reader = self.reader
        if reader.only_blocks is not None:
            # Back to the passage & was pressed on (the filtered view's top line is only the
            # first match), then to the current match if n/N moved on meanwhile.
            reader.set_only_blocks(None)
            if self._before_filter is not None:
                reader.jump_to(*self._before_filter)
            if (current := self.matches.current_match()) is not None:
                reader.reveal(current)
            return
        blocks = frozenset(self.matches.by_block())
        if not blocks:
            self.app.notify("No matches to filter by: search with / first", timeout=3)
            return
        self._before_filter = reader.position()[:2]
        reader.set_only_blocks(blocks)
        self.app.notify(
            f"Showing only the {len(blocks)} matching paragraph(s); & shows all", timeout=3
        )

    def action_clear_search(self) -> None:
        if self.find_bar.is_open:
            self._find_cancelled()
        else:
            self.clear_search()
