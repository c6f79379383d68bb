"""The saved search index: same results, ignored when files change or the cache is damaged."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from borderread.data.corpus import load_corpus
from borderread.data.search import SearchIndex
from borderread.data.search_cache import cache_key, load_index, save_index
from tests.conftest import SEEDS

QUERIES = ["deportaton", "Darien Gap", '"null effect"', "migrant caravan", "Sheinbam"]


def _copy(tmp_path: Path) -> Path:
    folder = tmp_path / "articles"
    shutil.copytree(SEEDS, folder)
    return folder


def test_a_saved_index_gives_the_same_results(tmp_path: Path) -> None:
    articles = load_corpus([_copy(tmp_path)]).articles
    built = SearchIndex(articles)
    save_index(tmp_path / "cache", built)
    loaded = load_index(tmp_path / "cache", articles)
    assert loaded is not None
    for query in QUERIES:
        assert loaded.search(query, limit=None) == built.search(query, limit=None)


def test_a_changed_file_or_a_damaged_cache_means_a_rebuild(tmp_path: Path) -> None:
    folder = _copy(tmp_path)
    articles = load_corpus([folder]).articles
    save_index(tmp_path / "cache", SearchIndex(articles))
    touched = articles[2].path
    stat = touched.stat()
    os.utime(touched, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))
    assert load_index(tmp_path / "cache", load_corpus([folder]).articles) is None
    articles = load_corpus([folder]).articles
    save_index(tmp_path / "cache", SearchIndex(articles))
    for saved in (tmp_path / "cache").glob("index-*.bin"):
        saved.write_bytes(b"\x00garbage")
    assert load_index(tmp_path / "cache", articles) is None


def test_old_cache_files_are_pruned(tmp_path: Path) -> None:
    folder = _copy(tmp_path)
    for n in range(5):
        (folder / f"extra{n}.txt").write_text(f"Extra article {n} with some words.")
        save_index(tmp_path / "cache", SearchIndex(load_corpus([folder]).articles))
    assert len(list((tmp_path / "cache").glob("index-*.bin"))) == 3


def test_a_changed_cleaner_means_a_rebuild(tmp_path: Path) -> None:
    from tests.test_article_cache import edited_cleaner

    articles = load_corpus([_copy(tmp_path)]).articles
    save_index(tmp_path / "cache", SearchIndex(articles))
    assert load_index(tmp_path / "cache", articles) is not None
    with edited_cleaner():
        assert load_index(tmp_path / "cache", articles) is None


def test_pruning_a_folder_that_vanished_does_not_raise(tmp_path: Path) -> None:
    from borderread.data import search_cache

    search_cache._prune(tmp_path / "gone")  # another copy removed the cache folder


def test_an_index_of_text_edited_since_it_was_read_is_not_saved_as_current(
    tmp_path: Path,
) -> None:
    folder = _copy(tmp_path)
    articles = load_corpus([folder]).articles
    edited = articles[1].path
    edited.write_text("Rewritten\n\nAll new words about quokkas.\n", encoding="utf-8")
    save_index(tmp_path / "cache", SearchIndex(articles))  # built from the text as read
    now = load_corpus([folder]).articles
    assert load_index(tmp_path / "cache", now) is None  # so the edit is indexed next time
    assert load_index(tmp_path / "cache", articles) is not None


def test_the_saved_index_is_not_trusted_once_the_indexing_code_changed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Folding words another way (fold.py) makes another index of the same text: an
    index saved before must not be taken for it, though reader-mode results still are."""
    from borderread.data import article_cache

    modules = tmp_path / "modules"
    modules.mkdir()
    for name in (*article_cache._CLEANER_MODULES, *article_cache.INDEX_MODULES):
        shutil.copy2(Path(article_cache.__file__).parent / name, modules / name)
    monkeypatch.setattr(article_cache, "_FOLDER", modules)
    articles = [(f"a{n}", tmp_path / f"a{n}.txt", (10, 20)) for n in range(3)]
    before_key, before_cleaner = cache_key(articles), article_cache.cleaner_version()
    info = (modules / "fold.py").stat()
    os.utime(modules / "fold.py", ns=(info.st_atime_ns, info.st_mtime_ns + 1_000_000))
    assert cache_key(articles) != before_key
    assert article_cache.cleaner_version() == before_cleaner
