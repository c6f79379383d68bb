"""While the collection loads, a search uses an interim index of what is loaded so far,
made again now and then in a thread of its own: made at every key (and on the UI thread
when searches were quick), it cost each key ~300 ms over 10 MB, one 1.8 s."""

from __future__ import annotations

import time

import pytest

from borderread.data.corpus import load_corpus
from borderread.data.models import Article
from borderread.data.search import SearchIndex
from borderread.ui import searching
from borderread.ui.coordinator import Coordinator
from borderread.ui.searching import Searching
from tests.conftest import SEEDS


class Loading(Coordinator):
    """An app part way through loading its articles."""

    def __init__(self) -> None:
        super().__init__()
        self.articles: list[Article] = []
        self.loaded = False


def _next_interim(search: Searching, before: SearchIndex) -> SearchIndex:
    """The interim index made after ``before`` (in its thread)."""
    for _ in range(200):
        made = search._interim[0]
        if made is not None and made is not before:
            return made
        time.sleep(0.01)
    raise AssertionError("no new interim index")


def test_the_interim_index_is_made_again_only_when_well_behind(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    seeds = load_corpus([SEEDS], None).articles
    app = Loading()
    search = Searching(app)
    app.articles = seeds[:4]
    first = search.collection_index()
    assert [a.id for a in first.articles] == [a.id for a in seeds[:4]]
    app.articles = seeds[:5]  # a quarter more, but made less than a second ago
    assert search.collection_index() is first
    assert not search._making_interim.locked()
    monkeypatch.setattr(searching, "INTERIM_AGE", 0.0)
    assert search.collection_index() is first  # old enough: the next is made meanwhile
    second = _next_interim(search, first)
    assert len(second.articles) == 5 and search.collection_index() is second
    assert search.index is None  # still loading: not the collection's index yet


def test_once_all_are_loaded_the_index_of_all_is_the_collection_s() -> None:
    seeds = load_corpus([SEEDS], None).articles
    app = Loading()
    search = Searching(app)
    app.articles = seeds[:4]
    first = search.collection_index()
    app.articles, app.loaded = seeds, True  # one more, and the last
    assert search.collection_index() is first  # a search never waits for the next
    index = _next_interim(search, first)
    assert len(index.articles) == len(seeds) and search.index is index
    assert search.collection_index() is index
    assert index.search("Sheinbaum", limit=1)


class _WorkersLoad:
    """A load in worker processes, whose indexes joined so far are ``joined``."""

    def __init__(self, joined: SearchIndex) -> None:
        self.joined = joined
        self.asked = 0

    def interim_index(self) -> SearchIndex:
        self.asked += 1
        return self.joined


def test_a_load_in_workers_gives_the_interim_index_without_indexing_here(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    seeds = load_corpus([SEEDS], None).articles
    app = Loading()
    search = Searching(app)
    joined, later = SearchIndex(seeds[:4]), SearchIndex(seeds)  # the join now, and later
    workers = _WorkersLoad(joined)
    search.loading = workers  # type: ignore[assignment]  # what it needs of a ParallelLoad
    monkeypatch.setattr(searching, "INTERIM_AGE", 0.0)

    def no_indexing(*args: object) -> None:
        raise AssertionError("indexed again in the app")

    monkeypatch.setattr("borderread.data.search.SearchIndex.add", no_indexing)
    app.articles = seeds[:4]
    assert search.collection_index() is joined and workers.asked == 1  # the first at once
    workers.joined = later
    app.articles = seeds * 2  # well behind: the next comes from the workers' join too
    search.collection_index()
    assert _next_interim(search, joined) is later and workers.asked == 2
