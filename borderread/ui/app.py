"""The borderread Textual app: sidebar + reader pane, state kept between runs."""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
import sys
import threading
import time
from collections.abc import Iterable, Sequence
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from textual import on, work
from textual.app import App, ComposeResult, SystemCommand
from textual.binding import Binding, BindingType
from textual.css.query import NoMatches
from textual.screen import Screen
from textual.theme import Theme
from textual.worker import get_current_worker

from borderread import collector
from borderread.crash import write_crash_report
from borderread.data.models import Article, Skipped
from borderread.data.text import safe
from borderread.ui import bookmarking
from borderread.ui.bookmarking import Bookmarking
from borderread.ui.searching import Searching

if TYPE_CHECKING:  # search is imported when first used, after the first paint
    from borderread.data.corpus import Source
    from borderread.prefetch import Prefetch
from borderread.data.state import MAX_HISTORY, ReaderState, StateStore, anchor_at, locate
from borderread.paths import bookmarks_path, cache_dir, pictures_dir
from borderread.paths import state_dir as default_state_dir
from borderread.ui.commands import ArticleCommands, reader_commands
from borderread.ui.coordinator import Coordinator
from borderread.ui.loading import load_collection
from borderread.ui.messages import (
    ArticlesLoaded,
    FirstArticleRead,
    IndexReady,
    LoadingFinished,
    NextArticleFound,
)
from borderread.ui.save_health import SaveHealth
from borderread.ui.saving import SaveDone, SaveOutcome, Saver
from borderread.ui.screens.main import ReaderScreen, typing_in
from borderread.ui.widgets.bars import KeyBar, TitleBar
from borderread.ui.widgets.reader import ReaderView
from borderread.ui.widgets.reader_pane import ReaderPane
from borderread.ui.widgets.sidebar import Sidebar

SAVE_INTERVAL = 2.0
FIRST_ARTICLE_WAIT = 0.1
"""How long the first paint waits for a child extracting the first article (a web page,
PDF or book): longer, the screen is drawn and the article comes when it is ready."""
BATCH_SECONDS = 0.3
"""How often loaded articles go to the list. Every batch costs the UI thread a new layout
and paint of the list; at 0.1 s a restart over 10,000 cached articles took ~3.1 s in
tmux, at 0.3 s ~2.5 s."""
GIL_PAUSE_SECONDS = 0.005
"""How often the loader thread hands the event loop the GIL (articles from the cache take
microseconds each: pausing after every one cost the loader nearly half its time)."""


def skipped_notice(skipped: list[Skipped]) -> str:
    """What the user is told about files not read: the problems by name (a few), then the
    count of each kind."""
    from borderread.data.corpus import skipped_summary

    problems = [s for s in skipped if not s.ignored]
    names = "; ".join(f"{safe(s.path.name)} ({s.reason})" for s in problems[:3])
    summary = skipped_summary(skipped)
    return f"{names}\n{summary}" if names else summary


class BorderreadApp(Coordinator):
    """Read, filter and navigate a collection of articles from the keyboard."""

    CSS_PATH = "borderread.tcss"
    TITLE = "borderread"
    COMMANDS = App.COMMANDS | {ArticleCommands}
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("q", "quit", "Quit"),
        Binding("f1", "help", "Help"),
        Binding("right_square_bracket,J", "next_article", "Next article"),
        Binding("left_square_bracket,K", "previous_article", "Previous article", show=False),
        Binding("ctrl+b", "toggle_sidebar", "Sidebar", show=False),
    ]

    def __init__(
        self,
        paths: Sequence[Path],
        state_folder: Path,
        bookmarks_file: Path,
        prefetched: Prefetch | None = None,
        state_store: StateStore | None = None,
    ) -> None:
        super().__init__()
        self.paths = list(paths)
        self._prefetched = prefetched
        """The first article, being prepared in a child process (see borderread.prefetch)."""
        self._scanned: Prefetch | None = None
        """The child scanning a big collection for the loader, once it said so."""
        self.bookmarking = Bookmarking(self, bookmarks_file)
        self.cache_folder = cache_dir()
        """Where the saved search index and reader-mode results live (user cache folder)."""
        self._cached_paths: set[Path] = set()
        """Files whose reader-mode result is saved (or being saved) in the cache folder."""
        self._listed_early: list[Skipped] | None = None
        """What was skipped, when the collection was listed before the first paint."""
        self._first_pending = False
        """The first article is still being read in a worker (see _read_first_article)."""
        self._painted = False
        """The first frame is on screen (see _after_first_paint)."""
        self.store = state_store or StateStore(state_folder)
        """The state file's store: the one that read it is the one that writes it."""
        self.state = ReaderState()
        self.articles: list[Article] = []
        self._by_id: dict[str, Article] = {}
        self._dirty = False
        self._pending_step = 0
        self.searching = Searching(self)
        self.loaded = False
        """True once every article has been loaded."""
        self.saver = Saver(self)
        """Every write of the state file and the bookmarks store, in order, off the loop."""
        self._state_saving = False
        """A state write is on the save thread (the next waits for it)."""
        self.save_health = SaveHealth(self)
        """Tells the user once when saving fails, and when it works again."""
        self.crash_report: Path | None = None
        """Where the traceback of an unhandled exception was written."""

    MAIN_SCREEN_ACTIONS: ClassVar[frozenset[str]] = frozenset(
        {"next_article", "previous_article", "toggle_sidebar"}
    )
    """App keys that act on the main screen: behind another screen they would change what
    it covers, so there they are off (and not offered in the key bar)."""

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in self.MAIN_SCREEN_ACTIONS and not isinstance(self.screen, ReaderScreen):
            return False
        return not (action in ReaderScreen.TYPED_AHEAD_ACTIONS and typing_in(self.screen))

    def get_default_screen(self) -> Screen[None]:
        return ReaderScreen(id="_default")

    def compose(self) -> ComposeResult:
        # Side by side on the screen itself (see ``ReaderScreen``): a container around the
        # two would be one more widget to style and draw, all of it covered.
        yield TitleBar()
        yield Sidebar(id="sidebar")
        yield ReaderPane(self.searching.index_for, self.state.measure, id="reader-pane")
        yield KeyBar()

    # Start-up and loading

    def on_mount(self) -> None:
        self.state, notice = self.store.load()
        if notice:
            self.notify(notice, severity="warning", markup=False, timeout=10)
        if self.state.theme in self.available_themes:
            self.theme = self.state.theme
        self.theme_changed_signal.subscribe(self, self._theme_changed)
        self.reader.measure = self.state.measure
        self.query_one(ReaderPane).history = self.state.search_history
        self.query_one(Sidebar).display = self.state.sidebar
        self.set_interval(SAVE_INTERVAL, self.save_state)
        loop = asyncio.get_running_loop()
        for signum in (signal.SIGTERM, signal.SIGHUP):
            with contextlib.suppress(NotImplementedError, RuntimeError, ValueError):
                loop.add_signal_handler(signum, self._quit_on_signal, signum)
        self.set_interval(SAVE_INTERVAL, self._cache_open_article)
        uncleaned = self._open_first_article()
        self._listed_early = self._list_cached_collection()
        if uncleaned is not None:
            self._open_uncleaned(uncleaned)
        self.call_after_refresh(self._after_first_paint)

    def _open_first_article(self) -> Source | None:
        """Show the last (or first) article at once, before the folder is scanned, when it
        is ready: in the article cache, or from the child that extracted it. Return its
        source when it still has to be cleaned (see :meth:`_open_uncleaned`)."""
        from borderread.data.article_cache import load_cached
        from borderread.data.corpus import first_source

        preferred = Path(self.state.last_path) if self.state.last_path else None
        source = first_source(self.paths, preferred)
        if source is None:
            return None
        prefetched = self._prefetched
        article = load_cached(self.cache_folder, source)
        if article is not None:
            self._cached_paths.add(article.path)
            if prefetched is not None:
                prefetched.cancel_article()
        elif prefetched is not None and prefetched.article_pid is not None:
            if not prefetched.article_ready(FIRST_ARTICLE_WAIT):
                self._read_first_article(prefetched, source)  # draw the screen meanwhile
                return None
            article = prefetched.take(source)
        if article is None:
            return source
        self._show_article(article)
        return None

    def _open_uncleaned(self, source: Source) -> None:
        """Show the first article that was neither cached nor extracted by a child: as
        listed from the collection cache if it was (on a first start, the prefetching child
        cleaned a small collection into it while Textual was imported, and the cleaner's
        modules need not be imported here), else cleaned here and now."""
        from borderread.data.corpus import load_article, same_file
        from borderread.data.decode import NotText

        shown = self.reader.article  # the listing opens the last article read, by its id
        if shown is not None and same_file(shown.path, source.path):
            return
        listed = next((a for a in self.articles if same_file(a.path, source.path)), None)
        try:
            article = listed or load_article(source)
        except (OSError, NotText):
            return  # the loader will report it
        self._show_article(article)

    def _read_first_article(self, prefetched: Prefetch, source: Source) -> None:
        """Take the first article from the child still extracting it, in a worker; the
        screen is drawn meanwhile and says what is being read."""
        from borderread.data.corpus import load_article
        from borderread.data.decode import NotText

        self.query_one(ReaderPane).update_status(f"Reading {safe(source.path.name)}…")

        def read() -> None:
            article = prefetched.take(source)
            if article is None:
                try:
                    article = load_article(source)
                except (OSError, NotText):
                    article = None  # the loader will report it
            self.post_message(FirstArticleRead(article))

        self._first_pending = True
        self.run_worker(read, thread=True, group="first-article")

    @on(FirstArticleRead)
    def _first_article_read(self, event: FirstArticleRead) -> None:
        self._first_pending = False
        if event.article is not None and self.reader.article is None:
            self._show_article(event.article)
        if self._painted:
            self._load_articles(self.reader.article)  # it waited for this one

    def _list_cached_collection(self) -> list[Skipped] | None:
        """List a small collection wholly in the collection cache before the first paint,
        so that the first screen is complete (every title, not ``Loading…``); return what
        was skipped, or None when the collection is big or not all cached (the loader then
        lists it after the first paint)."""
        from borderread.data.collection_scan import small_listing

        prefetched, self._prefetched = self._prefetched, None
        listing = prefetched.take_listing() if prefetched is not None else None
        if listing is None:  # not found whole in the cache before the children were started
            ready = prefetched is not None and prefetched.collection_ready()  # cleaning it...
            if prefetched is not None and not ready and prefetched.scanning:  # or scanning it
                self._scanned = prefetched  # a big one, for the loader
                return None
            listing = small_listing(self.paths, self.cache_folder)
        listed = listing.complete(self.reader.article) if listing is not None else None
        if listed is None:
            return None
        articles, skipped = listed
        self._add_articles(articles, len(articles), len(articles))
        self.query_one(Sidebar).show_loading(len(articles), None)  # "5 articles": all here
        return skipped

    def _after_first_paint(self) -> None:
        """The window is on screen: collect garbage again, then load the rest."""
        collector.resume()
        self._painted = True
        if self._listed_early is not None:
            self._loading_finished(self._listed_early)
            if self.loaded:
                self.searching.build_index()
        elif not self._first_pending:  # else once the first article is read
            self._load_articles(self.reader.article)
        self.call_after_refresh(self.query_one(ReaderPane).prepare_find_bar)

    @work(thread=True, exclusive=True, group="load")
    def _load_articles(self, preloaded: Article | None) -> None:
        """Discover and load articles off the event loop, handing them over in batches
        (``preloaded``: the article shown before the scan, not to be loaded twice)."""
        from borderread.data.corpus import Source, discover  # off the start-up path

        worker = get_current_worker()
        scanned, self._scanned = self._scanned, None
        scan = scanned.take_scan() if scanned is not None else None
        if scan is not None:  # walked and looked up in a child while Textual was imported
            sources, skipped, summaries = scan
        else:
            (sources, skipped), summaries = discover(self.paths), None
        total = len(sources)
        self.post_message(ArticlesLoaded([], 0, total))
        batch: list[Article] = []
        loaded: list[Article] = []
        last = time.monotonic()
        done = 0
        from borderread.data.collection_cache import CollectionCache

        cache = CollectionCache(self.cache_folder)
        pause = time.monotonic()
        items, parallel = load_collection(sources, preloaded, cache, summaries)
        self.searching.loading = parallel
        for item in items:
            if worker.is_cancelled:
                return
            done += 1
            if isinstance(item, Article):
                batch.append(item)
                loaded.append(item)
            else:
                skipped.append(item)
            first = done == 1 and bool(batch)  # show the first article as soon as it is ready
            if first or time.monotonic() - last >= BATCH_SECONDS or len(batch) >= 2000:
                self.post_message(ArticlesLoaded(batch, done, total))
                batch, last = [], time.monotonic()
            if time.monotonic() - pause >= GIL_PAUSE_SECONDS:
                time.sleep(0)  # let the event loop have the GIL now and then
                pause = time.monotonic()
        self.post_message(ArticlesLoaded(batch, done, total))
        self.post_message(LoadingFinished(skipped))
        if preloaded is not None and not cache.cached_paths([Source(preloaded.path, "")]):
            cache.store([preloaded])  # from elsewhere: for the next start, and for a worker
        self.searching.loading = None
        if parallel is not None and parallel.index is not None:  # made by the workers
            self.searching.use_index(parallel.index)
        else:
            self.searching.index_articles(loaded, lambda: worker.is_cancelled)  # no new worker
        cache.forget_missing(self.paths, (source.path for source in sources))
        cache.close()

    def _sidebar_if_mounted(self) -> Sidebar | None:
        """The sidebar, or None once the app is closing (articles may still be loading)."""
        try:
            return self.query_one(Sidebar)
        except NoMatches:
            return None

    @on(ArticlesLoaded)
    def _articles_loaded(self, event: ArticlesLoaded) -> None:
        self._add_articles(event.batch, event.done, event.total)

    @on(LoadingFinished)
    def _all_loaded(self, event: LoadingFinished) -> None:
        self._loading_finished(event.skipped)
        self.searching.show_indexing()  # the loader loads the index itself

    @on(IndexReady)
    def _index_ready(self) -> None:
        sidebar = self._sidebar_if_mounted()
        if sidebar is not None:
            sidebar.show_indexing(False)

    def _add_articles(self, batch: list[Article], done: int, total: int) -> None:
        sidebar = self._sidebar_if_mounted()
        if sidebar is None:
            return
        for article in batch:
            self.articles.append(article)
            self._by_id[article.id] = article
        sidebar.add_articles(batch)
        for article in batch:
            saved = self.state.positions.get(article.id)
            if saved and saved.progress:
                sidebar.update_entry(article.id, progress=saved.progress)
        sidebar.show_loading(done, total)
        current = self.reader.article
        if current is not None and current.id in {article.id for article in batch}:
            sidebar.mark_open(current.id)
        self._apply_pending_step()
        if self.reader.article is None and self.articles:
            wanted = self.state.last_article
            if wanted in self._by_id or wanted is None or done == total:
                self.open_article(wanted if wanted in self._by_id else self.articles[0].id)

    def _loading_finished(self, skipped: list[Skipped]) -> None:
        if self._sidebar_if_mounted() is None:
            return
        self.loaded = True
        self.query_one(Sidebar).show_loading(len(self.articles), None)
        self._apply_pending_step()
        self.bookmarking.load()
        if skipped:
            self.notify(skipped_notice(skipped), severity="warning", markup=False, timeout=8)
        if not self.articles:
            where = ", ".join(str(p) for p in self.paths)
            self.notify(f"No articles found in {where}", severity="error", markup=False, timeout=30)
            self.query_one(ReaderPane).update_status(f"No articles found in {where}")

    # Public API

    def action_search_all(self) -> None:
        self.searching.show_results()

    def article(self, article_id: str) -> Article:
        """The loaded article with this id (``KeyError`` if there is none)."""
        return self._by_id[article_id]

    def find_article(self, article_id: str) -> Article | None:
        """The loaded article with this id, or None."""
        return self._by_id.get(article_id)

    @property
    def reader(self) -> ReaderView:
        return self.query_one("#reader", ReaderView)

    def open_article(self, article_id: str) -> None:
        """Show an article at its saved reading position."""
        article = self._by_id.get(article_id)
        if article is not None:
            self._show_article(article)

    def open_at(
        self,
        article_id: str,
        paragraph: int | None = None,
        offset: int = 0,
        *,
        query: str | None = None,
        from_end: bool = False,
    ) -> Article | None:
        """The one way to move the reader to a passage: open the article (at its saved
        position), go to body paragraph ``paragraph`` at ``offset``, and with ``query``
        search it from there (or from the end); the reader gets the focus."""
        article = self._by_id.get(article_id)
        if article is None:
            return None
        self._show_article(article)
        at = (article.block_of(paragraph), offset) if paragraph is not None else None
        if query is not None:
            self.query_one(ReaderPane).search_here(query, from_end=from_end, at=at)
        elif at is not None:
            self.reader.jump_to(*at)
        self.reader.focus()
        return article

    def _show_article(self, article: Article) -> None:
        self._by_id.setdefault(article.id, article)  # shown before the loader reached it
        saved = self.state.positions.get(article.id)
        block, offset = locate(article, saved) if saved else (0, 0)
        pane = self.query_one(ReaderPane)
        if pane.reader.article is not article:
            pane.clear_search()
        self.reader.show_article(article, block, offset)
        self.state.last_article = article.id
        self.state.last_path = str(article.path.absolute())
        self._dirty = True
        self.query_one(Sidebar).mark_open(article.id)
        self.query_one(ReaderPane).update_status()
        self.bookmarking.show_marks()
        self.searching.warm(article)

    def _cache_open_article(self) -> None:
        """Keep the open article's reader-mode result, so that the next start shows it at
        once (in a worker; once per article and run)."""
        from borderread.data.article_cache import save_cached

        try:
            article = self.reader.article
        except NoMatches:
            return  # the app is closing
        if article is None or article.path in self._cached_paths:
            return
        self._cached_paths.add(article.path)
        self.run_worker(
            lambda: save_cached(self.cache_folder, article), thread=True, group="article-cache"
        )

    def save_state(self) -> None:
        """Write the state file, on the save thread, if anything changed since the last
        write (one write at a time; a failed one is retried by the next)."""
        if not self._dirty or self._state_saving:
            return
        self._dirty, self._state_saving = False, True
        snapshot = replace(
            self.state,
            search_history=list(self.state.search_history),
            positions=dict(self.state.positions),
        )
        store = self.store
        self.saver.submit(POSITIONS, lambda: _save_state(store, snapshot))

    @on(SaveDone)
    def _save_done(self, event: SaveDone) -> None:
        """A job of the save thread is done: hand its result to whoever asked for it."""
        result = event.result
        if event.kind == POSITIONS and isinstance(result, SaveOutcome):
            self._state_saving = False
            self._dirty = self._dirty or not result.saved
            self.save_health.report(
                POSITIONS, result.saved, result.message, "Retrying every few seconds"
            )
        elif event.kind == bookmarking.SAVED and isinstance(result, SaveOutcome):
            self.bookmarking.saved(result)
        elif event.kind == bookmarking.LOADED and isinstance(result, tuple):
            self.bookmarking.loaded(*result)
        elif isinstance(result, SaveOutcome) and not result.saved:
            self.notify(result.message or "", severity="error", markup=False, timeout=12)

    async def save_everything(self) -> None:
        """Write the state now and wait for every pending save (said if it takes long)."""
        self._dirty, self._state_saving = True, False
        self.save_state()
        slow = self.set_timer(0.5, lambda: self.notify("Saving…", timeout=30))
        await self.saver.drain()
        slow.stop()

    # Messages from widgets

    @on(Sidebar.Selected)
    def _article_chosen(self, event: Sidebar.Selected) -> None:
        self.open_article(event.article_id)
        self.reader.focus()

    @on(ReaderView.PositionChanged)
    def _position_changed(self, event: ReaderView.PositionChanged) -> None:
        article = self._by_id.get(event.article_id)
        if article is None:
            return
        self.state.positions[article.id] = anchor_at(
            article, event.block, event.offset, event.progress
        )
        self._dirty = True
        self.query_one(Sidebar).update_entry(article.id, progress=event.progress)

    @on(ReaderView.ModeChanged)
    def _mode_changed(self) -> None:
        self.state.measure = self.reader.measure
        self._dirty = True

    @on(ReaderPane.HistoryChanged)
    def _remember_search(self, event: ReaderPane.HistoryChanged) -> None:
        history = [q for q in self.state.search_history if q != event.query]
        self.state.search_history = [*history, event.query][-MAX_HISTORY:]
        self.query_one(ReaderPane).history = self.state.search_history
        self._dirty = True

    @on(ReaderPane.ContinueSearch)
    def _continue_search(self, event: ReaderPane.ContinueSearch) -> None:
        self.searching.continue_search(event.query, event.forward)

    @on(NextArticleFound)
    def _next_article_found(self, event: NextArticleFound) -> None:
        self.searching.next_article_found(event)

    def _theme_changed(self, theme: Theme) -> None:
        self.state.theme = theme.name
        self._dirty = True

    # Actions

    def _step_article(self, step: int) -> None:
        shown = self.query_one(Sidebar).shown_ids
        current = self.reader.article.id if self.reader.article else None
        if current not in shown and not self.loaded:
            self._pending_step += step  # pressed before the loader reached this article
            return
        if not shown:
            return
        index = shown.index(current) + step if current in shown else 0
        if 0 <= index < len(shown):
            self.open_article(shown[index])
        else:
            self.notify("No next article" if step > 0 else "No previous article", timeout=2)

    def _apply_pending_step(self) -> None:
        """Carry out ]/[ pressed before the list held the articles it needs."""
        shown = self.query_one(Sidebar).shown_ids
        current = self.reader.article.id if self.reader.article else None
        reachable = current in shown and 0 <= shown.index(current) + self._pending_step < len(shown)
        if self._pending_step and (self.loaded or reachable):
            step, self._pending_step = self._pending_step, 0
            self._step_article(step)

    def action_next_article(self) -> None:
        self._step_article(1)

    def action_previous_article(self) -> None:
        self._step_article(-1)

    def action_toggle_sidebar(self) -> None:
        sidebar = self.query_one(Sidebar)
        sidebar.display = not sidebar.display
        self.state.sidebar = bool(sidebar.display)
        self._dirty = True
        if not sidebar.display:
            self.reader.focus()

    def action_outline(self) -> None:
        article = self.reader.article
        if article is None:
            return

        def jump(block: int | None) -> None:
            if block is not None:
                self.reader.jump_to(block)
                self.reader.focus()

        from borderread.ui.screens.outline import OutlineScreen  # imported when first used

        self.push_screen(OutlineScreen(article, self.reader.position()[0]), jump)

    def action_save_screenshot(self) -> None:
        """An SVG of the screen in the user's pictures folder (created if need be)."""
        folder = pictures_dir()
        try:
            folder.mkdir(parents=True, exist_ok=True)
            saved = self.save_screenshot(path=str(folder))
        except OSError as error:
            reason = error.strerror or str(error)
            self.notify(f"Could not save a screenshot in {folder}: {reason}", severity="error",
                        markup=False)  # fmt: skip
            return
        self.notify(f"Screenshot saved to {saved}", markup=False, timeout=8)

    def action_help(self) -> None:
        """F1: the keys of the screen in front (the bookmarks view's, the search results',
        or the reader's)."""
        from borderread.ui.screens.help import HelpScreen, help_for, reader_help

        if isinstance(self.screen, HelpScreen):
            return
        if (sections := help_for(self.screen)) is not None:
            self.push_screen(HelpScreen(sections))
            return

        self.push_screen(HelpScreen(reader_help(self.BINDINGS)))

    async def action_quit(self) -> None:
        await self.save_everything()
        self.exit()

    def _quit_on_signal(self, signum: int) -> None:
        """SIGTERM: save as quitting does, restore the terminal, exit 128+signum. SIGHUP: the
        terminal is gone (restoring it would block for ever): save, then exit at once."""
        if signum == signal.SIGHUP:
            self._dirty, self._state_saving = True, False
            self.save_state()
            self._exit_now(128 + signum)
        # If the terminal is gone too, restoring it never ends: a watchdog exits anyway.
        watchdog = threading.Timer(5.0, self._exit_now, (128 + signum,))
        watchdog.daemon = True
        watchdog.start()
        self.call_later(self._quit_after_saving, 128 + signum)

    def _exit_now(self, return_code: int) -> None:
        """Write every pending save, then end the process without touching the terminal."""
        self.saver.close()
        os._exit(return_code)

    async def _quit_after_saving(self, return_code: int) -> None:
        await self.save_everything()
        self.exit(return_code=return_code)

    def _handle_exception(self, error: Exception) -> None:
        """Keep the traceback of a crash in a file the user is told about (Textual prints
        it too, and exits with status 1)."""
        self.crash_report = write_crash_report(self.cache_folder, error)
        super()._handle_exception(error)

    # Bookmarks (the work is in ui/bookmarking.py)

    def action_bookmark(self) -> None:
        self.bookmarking.bookmark_here()

    def action_bookmarks(self) -> None:
        self.bookmarking.show_all()

    def get_system_commands(self, screen: Screen[object]) -> Iterable[SystemCommand]:
        for command in super().get_system_commands(screen):
            if command.title != "Screenshot":  # Textual's fails without ~/Downloads
                yield command
        yield SystemCommand(
            "Screenshot",
            "Save an SVG screenshot in your pictures folder",
            self.action_save_screenshot,
        )
        yield from reader_commands(self)


POSITIONS = "reading positions"
"""Save-thread job kind: the state file written."""


def _save_state(store: StateStore, state: ReaderState) -> SaveOutcome:
    """On the save thread: write ``state``; how it went."""
    message = store.save(state)
    return SaveOutcome(not store.pending, message, store.read_only)


def make_app(
    paths: Sequence[Path],
    state_folder: str | Path | None = None,
    bookmarks_file: str | Path | None = None,
    prefetched: Prefetch | None = None,
    state_store: StateStore | None = None,
) -> BorderreadApp:
    """Build the app; the CLI and the tests both use this."""
    folder = state_store.path.parent if state_store else default_state_dir(state_folder)
    bookmarks = bookmarks_path(bookmarks_file, folder)
    return BorderreadApp(paths, folder, bookmarks, prefetched, state_store)


def run_app(
    paths: Sequence[Path],
    state_store: StateStore,
    bookmarks: str | None = None,
    prefetched: Prefetch | None = None,
) -> int:
    """Run the reader until the user quits; a non-zero status after a crash or a signal."""
    app = make_app(paths, None, bookmarks, prefetched, state_store)
    try:
        app.run()
    finally:
        app.saver.close()  # whatever is still pending (after a crash too) is written
    if app.crash_report is not None:
        print(f"borderread: crashed; the details are in {app.crash_report}", file=sys.stderr)
    return app.return_code or 0
