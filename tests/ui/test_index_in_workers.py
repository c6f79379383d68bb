"""A big collection, or a big article, is indexed in worker processes: indexing 5 MB in a
thread of the app took 2.1 s of the UI's GIL, and each page-down meanwhile waited for it."""

from __future__ import annotations

from pathlib import Path

import pytest

from borderread.data import parallel_load
from borderread.data.collection_cache import CollectionCache
from borderread.data.corpus import load_corpus
from borderread.data.models import Article
from borderread.data.search import SearchIndex
from borderread.ui.coordinator import Coordinator
from borderread.ui.searching import Searching
from tests.conftest import SEEDS


def _big_article(tmp_path: Path) -> Path:
    """About 2.5 MB of the seeds' paragraphs, each numbered (so no two are the same)."""
    paragraphs = [
        paragraph
        for seed in sorted(SEEDS.glob("*.txt"))
        for paragraph in seed.read_text(encoding="utf-8").split("\n\n")[2:]
        if len(paragraph) > 80
    ]
    body, size, n = [], 0, 0
    while size < 2_500_000:
        text = f"Part {n}. {paragraphs[n % len(paragraphs)]}"
        body.append(text)
        size += len(text) + 2
        n += 1
    path = tmp_path / "big.txt"
    path.write_text("A big article\n\n" + "\n\n".join(body) + "\n", encoding="utf-8")
    return path


class _Loaded(Coordinator):
    def __init__(self, cache_folder: Path, articles: list[Article]) -> None:
        super().__init__()
        self.cache_folder = cache_folder
        self.articles = articles
        self.loaded = True


def test_which_collections_are_indexed_in_workers(monkeypatch: pytest.MonkeyPatch) -> None:
    seeds = load_corpus([SEEDS]).articles
    assert not parallel_load.worth_indexing_in_workers(seeds)
    many = seeds * (parallel_load.POOL_FROM // len(seeds) + 1)
    assert parallel_load.worth_indexing_in_workers(many)
    size = sum(article.stamp[0] for article in seeds if article.stamp)
    monkeypatch.setattr(parallel_load, "INDEX_IN_WORKERS_FROM", size)
    assert parallel_load.worth_indexing_in_workers(seeds)  # as many bytes as that
    monkeypatch.setattr(parallel_load, "workers", lambda: 1)
    assert not parallel_load.worth_indexing_in_workers(many)  # one core: here, as before


def test_one_big_article_is_indexed_in_a_worker(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cache_folder = tmp_path / "cache"
    article = load_corpus([_big_article(tmp_path)], CollectionCache(cache_folder)).articles[0]
    assert article.stamp is not None and article.stamp[0] > parallel_load.INDEX_IN_WORKERS_FROM
    calls: list[int] = []
    real = parallel_load.index_in_workers

    def recorded(articles: list[Article], cache: CollectionCache, cancelled: object) -> object:
        calls.append(len(articles))
        return real(articles, cache)

    monkeypatch.setattr(parallel_load, "index_in_workers", recorded)
    monkeypatch.setattr(parallel_load, "workers", lambda: 2)  # as on this project's VM
    search = Searching(_Loaded(cache_folder, [article]))
    search.index_articles([article], lambda: False)
    assert calls == [1]
    assert search.index is not None and search.index.articles[0] is article
    alone = SearchIndex([article])
    for query in ("Sheinbaum", "Part 4711", '"migrant caravan"'):
        assert search.index.search(query, limit=None) == alone.search(query, limit=None)
