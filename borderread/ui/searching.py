"""Search across the collection, for the app: the indexes, the results screen, and n/N
going on into the next article with matches. The app delegates here.

The collection index is loaded from the cache folder or built in a worker once every
article is loaded; until then a search uses a small index of the open article (in-article
search) or one built on the spot from the articles loaded so far (collection search).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import TYPE_CHECKING

from textual.css.query import NoMatches
from textual.worker import get_current_worker

from borderread.data.models import Article
from borderread.ui.coordinator import Coordinator
from borderread.ui.messages import IndexReady, NextArticleFound
from borderread.ui.widgets.sidebar import Sidebar

if TYPE_CHECKING:  # search is imported when first used, after the first paint
    from borderread.data.parallel_load import ParallelLoad
    from borderread.data.search import SearchIndex
    from borderread.ui.screens.search_results import Chosen


INDEXING_SHOWN_FROM = 64
"""Collections bigger than this say "indexing…" while the index loads or builds (a small
one's takes a few milliseconds: the note would only flicker)."""
WARM_CHARS = 500_000
"""Articles of this much text and more are prepared for ``/`` when opened."""
WARM_AFTER = 0.5
"""Seconds after opening: the first screen is drawn before the work starts."""
INTERIM_GROWTH = 0.25
INTERIM_AGE = 1.0
"""While the collection loads, its interim index is made again once it lacks a quarter
(``INTERIM_GROWTH``) of the articles loaded and is a second (``INTERIM_AGE``) old."""
TEXTS_KEPT_BYTES = 16 * 1024 * 1024
"""A collection of up to this much (its files' sizes) has every article's text read from
the collection cache once its index is ready; a bigger one reads each text when a search
or the reader first needs it (``Article.deferred``), to keep its memory down."""


class Searching:
    """The app's search indexes and the state of the last collection search."""

    def __init__(self, app: Coordinator) -> None:
        self.app = app
        self.index: SearchIndex | None = None
        """The whole collection's index, once the background build is done."""
        self._article_indexes: dict[str, SearchIndex] = {}
        self._query = ""
        """The last collection search."""
        self._order: list[str] = []
        """Articles of the last collection search, in result order: where n/N go on."""
        self._interim: tuple[SearchIndex | None, float] = (None, 0.0)
        """The index searched while the collection loads, and when it was made."""
        self._making_interim = threading.Lock()
        """Held while the next interim index is being made."""
        self.loading: ParallelLoad | None = None
        """The workers' load under way, if the collection is loaded by workers: their
        indexes, joined so far, are the interim index."""

    def index_for(self, article: Article) -> SearchIndex:
        """The collection index once built; until then a small index of this one article.

        Called from search workers: it only reads shared state.
        """
        from borderread.data.search import SearchIndex

        index = self.index
        if index is not None and article.id in index:
            return index
        cached = self._article_indexes.get(article.id)
        if cached is None or cached.articles[0] is not article:
            cached = SearchIndex([article])
            self._article_indexes = {article.id: cached}
        return cached

    def warm(self, article: Article) -> None:
        """Fold a big article for ``/`` in a worker, before the first key (5 MB: ~0.4 s
        that the first keystroke would otherwise wait for)."""
        if sum(len(block.text) for block in article.body) < WARM_CHARS:
            return

        def prepare() -> None:  # a worker: it never looks at a widget (the app may be gone)
            self.index_for(article).prepare_article(article.id)

        def start() -> None:
            try:
                still_open = self.app.reader.article is article
            except NoMatches:  # the app is closing
                return
            if still_open:
                self.app.run_worker(prepare, thread=True, exclusive=True, group="warm-article")

        self.app.set_timer(WARM_AFTER, start)  # after the article is on screen

    def collection_index(self) -> SearchIndex:
        """The collection index; before the background build is done, an interim one of
        the articles loaded so far (see ``_interim_index``). Called from workers."""
        index = self.index
        if index is not None:
            return index
        return self._interim_index(list(self.app.articles))

    def _interim_index(self, articles: list[Article]) -> SearchIndex:
        """An index of the articles loaded so far. Made at every key, it cost each key
        typed while a 10 MB collection loaded ~300 ms (every text so far read and
        indexed): it is made once, then again in a thread of its own once it lacks a
        quarter of the articles loaded and is a second old, or once all are loaded (then
        it is the collection's until the saved or built one is ready); a search meanwhile
        uses the one it has, never waiting (a search on the UI thread held it 1.8 s)."""
        interim, made = self._interim
        if interim is None:
            interim = self._interim_of(articles)
            self._interim = (interim, time.monotonic())
            return interim
        if len(articles) != len(interim.articles) and (
            self.app.loaded
            or (
                len(articles) >= len(interim.articles) * (1 + INTERIM_GROWTH)
                and time.monotonic() - made >= INTERIM_AGE
            )
        ):
            self._make_interim(articles)
        return interim

    def _interim_of(self, articles: list[Article]) -> SearchIndex:
        """The workers' indexes joined so far when they load the collection; else an
        index of ``articles`` made here."""
        from borderread.data.search import SearchIndex

        loading = self.loading
        joined = loading.interim_index() if loading is not None else None
        return joined if joined is not None else SearchIndex(articles)

    def _make_interim(self, articles: list[Article]) -> None:
        """Index ``articles`` in a thread (one at a time) as the next interim index."""
        if self._making_interim.locked():
            return
        self._making_interim.acquire()
        app = self.app

        def make() -> None:  # never looks at a widget: the app may be gone
            try:
                index = self._interim_of(articles)
                done = len(index.articles) == len(app.articles)
                if app.loaded and done and self.index is None:
                    self.index = index
                self._interim = (index, time.monotonic())
            finally:
                self._making_interim.release()

        threading.Thread(target=make, name="interim-index", daemon=True).start()

    def build_index(self) -> None:
        """Load the saved collection index, or build (and save) it, in a worker."""
        self.show_indexing()

        def run() -> None:
            worker = get_current_worker()
            self.index_articles(list(self.app.articles), lambda: worker.is_cancelled)

        self.app.run_worker(run, thread=True, exclusive=True, group="index")

    def show_indexing(self) -> None:
        """A big collection's sidebar says it is indexing until the index is ready."""
        if self.index is None and len(self.app.articles) > INDEXING_SHOWN_FROM:
            self.app.query_one(Sidebar).show_indexing(True)

    def index_articles(self, articles: list[Article], cancelled: Callable[[], bool]) -> None:
        """Off the event loop: load the saved index of ``articles`` (the whole collection,
        in order), or bring the last one saved up to date, or build and save it; then
        post ``IndexReady``."""
        from borderread.data.parallel_load import index_in_workers, worth_indexing_in_workers
        from borderread.data.search import SearchIndex
        from borderread.data.search_cache import load_index, save_index, updated_saved_index

        folder = self.app.cache_folder
        index = load_index(folder, articles)
        if index is None:  # a few files changed: only they are indexed
            index = updated_saved_index(folder, articles, cancelled)
            if index is not None:
                save_index(folder, index)
        if index is None and worth_indexing_in_workers(articles):  # big: in other processes
            from borderread.data.collection_cache import CollectionCache

            index = index_in_workers(articles, CollectionCache(folder), cancelled)
            if index is not None:
                save_index(folder, index)
        if index is None:
            index = SearchIndex()
            for article in articles:
                if cancelled():
                    return
                index.add(article)
            index.prepare()
            save_index(folder, index)
        self.index = index
        self.app.post_message(IndexReady())
        warm_up_search(index, cancelled)

    def use_index(self, index: SearchIndex) -> None:
        """Off the event loop: make ``index`` (of the whole collection) the collection's,
        saved for next time; then post ``IndexReady``."""
        from borderread.data.search_cache import save_index

        self.index = index
        self.app.post_message(IndexReady())
        save_index(self.app.cache_folder, index)
        warm_up_search(index, lambda: False)

    def show_results(self) -> None:
        """The collection search screen, with the last query; Enter opens the hit."""
        from borderread.ui.screens.search_results import SearchResultsScreen  # when first used

        self.app.push_screen(
            SearchResultsScreen(self.app.articles, self.collection_index, self._query),
            self._open_chosen,
        )

    def _open_chosen(self, chosen: Chosen | None) -> None:
        if chosen is None:
            return
        app = self.app
        hit = chosen.hits[chosen.index]
        self._query = chosen.query
        self._order = list(dict.fromkeys(h.article_id for h in chosen.hits))
        offset = hit.spans[0][0] if hit.spans else 0
        app.open_at(hit.article_id, hit.paragraph, offset, query=chosen.query)

    def continue_search(self, query: str, forward: bool) -> None:
        """n past the last match (N before the first): the next article with matches, in
        the order of the last collection search if this is its query, else the sidebar's."""
        app = self.app
        current = app.reader.article
        shown = app.query_one(Sidebar).shown_ids
        if query == self._query and current is not None:
            shown = self._order  # go on through the same results
            if current.id not in shown:
                shown = [current.id, *shown]
        if current is None or current.id not in shown:
            return
        start = shown.index(current.id)
        step = 1 if forward else -1
        order = [shown[(start + step * k) % len(shown)] for k in range(1, len(shown))]
        app.run_worker(
            lambda: self._find_next_article(query, order, forward),
            thread=True,
            exclusive=True,
            group="continue",
        )

    def _find_next_article(self, query: str, order: list[str], forward: bool) -> None:
        """The first article in ``order`` with matches for ``query`` (the current one last)."""
        from borderread.data.query import parse_query

        app = self.app
        worker = get_current_worker()
        parsed = parse_query(query)
        for article_id in order:
            if worker.is_cancelled:
                return
            article = app.find_article(article_id)
            if article is not None and self.index_for(article).search(
                parsed, article_ids=[article_id], limit=1
            ):
                app.post_message(NextArticleFound(article_id, query, forward))
                return
        app.post_message(NextArticleFound(None, query, forward))

    def next_article_found(self, event: NextArticleFound) -> None:
        """Go on in the article the worker found (a :class:`NextArticleFound` result)."""
        if event.article_id is None:
            self.app.notify(f"No other article matches “{event.query}”", timeout=3, markup=False)
            return
        article = self.app.open_at(event.article_id, query=event.query, from_end=not event.forward)
        if article is not None:
            self.app.notify(f"Continuing in “{article.title}”", timeout=3, markup=False)


def warm_up_search(index: SearchIndex, cancelled: Callable[[], bool]) -> None:
    """Off the event loop, once the collection is searchable: what the first searches
    would otherwise wait for, done before them (its lookup tables were made with it).
    Fuzzy matching's library is imported (~30 ms), and a small collection's texts are read
    from the cache (a search verifies each hit against its paragraph: the first searches
    after a restart over 10 MB read ~10 articles a key, 0.2-0.8 ms each)."""
    from rapidfuzz import process  # noqa: F401  (imported: the first search does not wait)
    from rapidfuzz.distance import OSA  # noqa: F401

    articles = index.articles
    if sum(article.stamp[0] if article.stamp else 0 for article in articles) > TEXTS_KEPT_BYTES:
        return
    for article in articles:
        if cancelled():
            return
        if not article.is_read:
            article.body  # noqa: B018  (read and kept)
