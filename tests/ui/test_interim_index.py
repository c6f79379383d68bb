"""While the collection loads, a search uses an interim index of what is loaded so far,
made again only now and then: made at every key, it cost each key ~300 ms over 10 MB."""

from __future__ import annotations

import pytest

from borderread.data.corpus import load_corpus
from borderread.data.models import Article
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
    monkeypatch.setattr(searching, "INTERIM_AGE", 0.0)
    second = search.collection_index()  # a quarter more and old enough
    assert second is not first and len(second.articles) == 5
    assert search.index is None  # still loading: not the collection's index yet


def test_once_all_are_loaded_the_index_of_all_is_the_collection_s() -> None:
    seeds = load_corpus([SEEDS], None).articles
    app = Loading()
    search = Searching(app)
    app.articles = seeds[:4]
    first = search.collection_index()
    app.articles, app.loaded = seeds, True  # one more, and the last
    index = search.collection_index()
    assert index is not first and len(index.articles) == len(seeds)
    assert search.index is index
    assert index.search("Sheinbaum", limit=1)
