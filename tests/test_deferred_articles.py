"""Cached articles are deferred: their text is read only when something needs it (a search
hit, the reader), never stale; `borderread search` reads only what its hits need."""

from __future__ import annotations

import shutil
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from borderread.data.anchoring import anchor_for, locate_all, make_bookmark
from borderread.data.collection_cache import CollectionCache
from borderread.data.corpus import load_corpus
from borderread.data.models import Article
from borderread.data.search import SearchIndex
from borderread.data.search_cache import load_index, save_index
from tests.conftest import SEEDS, run_search

QUERIES = ["deportaton", "Darien Gap", '"null effect"', "migrant caravan", "Sheinbam"]


def _copy(tmp_path: Path) -> Path:
    folder = tmp_path / "articles"
    shutil.copytree(SEEDS, folder)
    return folder


def _deferred(folder: Path, cache_folder: Path) -> list[Article]:
    articles = load_corpus([folder], CollectionCache(cache_folder)).articles
    assert articles and not any(article.is_read for article in articles)
    return articles


def test_cached_articles_are_read_only_when_a_search_needs_them(tmp_path: Path) -> None:
    folder, cache_folder = _copy(tmp_path), tmp_path / "cache"
    articles = load_corpus([folder], CollectionCache(cache_folder)).articles  # fills the cache
    assert all(article.is_read for article in articles)  # cleaned now: in memory
    save_index(cache_folder, SearchIndex(articles))
    lazy = _deferred(folder, cache_folder)
    assert [(a.id, a.title, a.listing) for a in lazy] == [
        (a.id, a.title, a.listing) for a in articles
    ]
    index = load_index(cache_folder, lazy)
    assert index is not None and not any(a.is_read for a in lazy)  # named, not read
    hits = index.search("Sheinbaum", limit=3)
    assert hits and 0 < sum(a.is_read for a in lazy) < 5
    built = SearchIndex(articles)
    for query in QUERIES:
        assert index.search(query, limit=None) == built.search(query, limit=None)
    assert lazy == articles  # the same articles, read from the cache
    assert lazy[2].body == articles[2].body and lazy[2].raw == articles[2].raw


def test_a_deferred_article_is_the_file_as_listed_or_read_again(tmp_path: Path) -> None:
    folder, cache_folder = _copy(tmp_path), tmp_path / "cache"
    eager = load_corpus([folder], CollectionCache(cache_folder)).articles
    lazy = _deferred(folder, cache_folder)
    lazy[0].path.write_text("Edited\n\nAn edit after the listing.\n", encoding="utf-8")
    assert lazy[0].body == eager[0].body  # as it was listed, as an eager load would have it
    again = load_corpus([folder], CollectionCache(cache_folder)).articles
    assert [a.is_read for a in again] == [True, False, False, False, False]  # cleaned again
    lazy = again[1:]
    lazy[0].path.write_text("A new title\n\nThe text is now about quokkas.\n", encoding="utf-8")
    lazy[1].path.unlink()
    assert [a.title for a in load_corpus([folder], CollectionCache(cache_folder)).articles] == [
        "Edited",
        "A new title",
        *(a.title for a in eager[3:]),
    ]  # another copy re-cleaned the changed files and forgot the deleted one meanwhile
    assert "quokkas" in lazy[0].body[-1].text  # its entry changed: the file is read again
    assert lazy[1].body == ()  # gone: nothing to show, nothing matches


def test_a_deferred_article_is_read_once_from_any_thread(tmp_path: Path) -> None:
    folder, cache_folder = _copy(tmp_path), tmp_path / "cache"
    eager = load_corpus([folder], CollectionCache(cache_folder)).articles
    lazy = _deferred(folder, cache_folder)
    with ThreadPoolExecutor(4) as pool:
        bodies = list(pool.map(lambda article: article.body, lazy * 4))
    assert bodies == [article.body for article in eager * 4]
    assert all(lazy[n].body is lazy[n].body for n in range(len(lazy)))  # kept once read
    with pytest.raises(AttributeError):
        lazy[0].id = "other"


def test_cli_search_indexes_once_then_reuses_the_saved_index(tmp_path: Path) -> None:
    folder, cache_home = _copy(tmp_path), tmp_path / "cache-home"
    first = run_search(cache_home, "Tamaulipaz", str(folder), "--json")
    assert first.returncode == 0 and "indexing 5 articles" in first.stderr
    second = run_search(cache_home, "Tamaulipaz", str(folder), "--json")
    assert second.returncode == 0 and second.stderr == ""
    assert second.stdout == first.stdout and "Tamaulipas" in second.stdout
    edited = folder / "001_256f042c0728b39f.txt"
    edited.write_text(edited.read_text(encoding="utf-8") + "\nTamaulipas again.\n", "utf-8")
    third = run_search(cache_home, "Tamaulipaz", str(folder), "--json")
    assert third.stderr == ""  # the saved index brought up to date: one file indexed
    assert "Tamaulipas again." in third.stdout
    (folder / "003_cbc59564459f8a6a.txt").unlink()
    fourth = run_search(cache_home, "Tamaulipaz", str(folder), "--article", "001", "--json")
    assert fourth.returncode == 0 and "Tamaulipas again." in fourth.stdout


def test_bookmarks_are_found_reading_only_their_articles(tmp_path: Path) -> None:
    folder, cache_folder = _copy(tmp_path), tmp_path / "cache"
    eager = load_corpus([folder], CollectionCache(cache_folder)).articles
    bookmark = make_bookmark(eager[3], anchor_for(eager[3], 4), "", set())
    lazy = _deferred(folder, cache_folder)
    found = locate_all([bookmark], lazy)[0]
    assert (found.status, found.article_id) == ("exact", eager[3].id)
    assert [article.is_read for article in lazy] == [False, False, False, True, False]
    lazy[3].path.rename(folder / "renamed.txt")  # file and id gone: found by its text
    lazy = load_corpus([folder], CollectionCache(cache_folder)).articles
    assert locate_all([bookmark], lazy)[0].article_id == "renamed.txt"


def test_a_small_collection_s_texts_are_read_once_it_is_searchable(tmp_path: Path) -> None:
    # The first searches after a restart had each read ~10 articles from the cache.
    from borderread.ui.searching import warm_up_search

    folder, cache_folder = _copy(tmp_path), tmp_path / "cache"
    save_index(
        cache_folder, SearchIndex(load_corpus([folder], CollectionCache(cache_folder)).articles)
    )
    lazy = _deferred(folder, cache_folder)
    index = load_index(cache_folder, lazy)
    assert index is not None
    warm_up_search(index, lambda: True)  # cancelled: nothing read
    assert not any(article.is_read for article in lazy)
    warm_up_search(index, lambda: False)
    assert all(article.is_read for article in lazy)


def test_a_big_collection_s_texts_wait_until_needed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from borderread.ui import searching

    folder, cache_folder = _copy(tmp_path), tmp_path / "cache"
    save_index(
        cache_folder, SearchIndex(load_corpus([folder], CollectionCache(cache_folder)).articles)
    )
    lazy = _deferred(folder, cache_folder)
    size = sum(path.stat().st_size for path in folder.iterdir())
    monkeypatch.setattr(searching, "TEXTS_KEPT_BYTES", size - 1)  # one byte too many
    index = load_index(cache_folder, lazy)
    assert index is not None
    searching.warm_up_search(index, lambda: False)
    assert not any(article.is_read for article in lazy)
    assert index.search("Sheinbam", limit=3)  # still searchable, reading what it needs
