"""`borderread search` over cached articles: read only what a hit needs, never stale."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from borderread.data.collection_cache import CollectionCache
from borderread.data.corpus import load_corpus
from borderread.data.lazy_corpus import load_lazily
from borderread.data.search import SearchIndex
from borderread.data.search_cache import load_index, save_index
from tests.conftest import REPO, SEEDS

QUERIES = ["deportaton", "Darien Gap", '"null effect"', "migrant caravan", "Sheinbam"]


def _copy(tmp_path: Path) -> Path:
    folder = tmp_path / "articles"
    shutil.copytree(SEEDS, folder)
    return folder


def _search(cache_home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "borderread", "search", *args],
        capture_output=True,
        text=True,
        cwd=REPO,
        timeout=60,
        env={**os.environ, "XDG_CACHE_HOME": str(cache_home)},
    )


def test_cached_articles_are_read_only_when_a_search_needs_them(tmp_path: Path) -> None:
    folder, cache_folder = _copy(tmp_path), tmp_path / "cache"
    articles = load_corpus([folder], CollectionCache(cache_folder)).articles  # fills the cache
    save_index(cache_folder, SearchIndex(articles))
    lazy, skipped = load_lazily([folder], CollectionCache(cache_folder))
    assert skipped == [] and lazy.decoded == 0 and len(lazy) == 5
    index = load_index(cache_folder, lazy)
    assert index is not None and lazy.decoded == 0  # the saved index named them unread
    hits = index.search("Sheinbaum", limit=3)
    assert hits and 0 < lazy.decoded < 5
    built = SearchIndex(articles)
    for query in QUERIES:
        assert index.search(query, limit=None) == built.search(query, limit=None)
    assert lazy.find("002").title == articles[2].title


def test_a_file_changed_after_the_check_is_read_again(tmp_path: Path) -> None:
    folder, cache_folder = _copy(tmp_path), tmp_path / "cache"
    load_corpus([folder], CollectionCache(cache_folder))
    lazy, _ = load_lazily([folder], CollectionCache(cache_folder))
    changed = lazy.sources[1].path
    changed.write_text("A new title\n\nThe text is now about quokkas.\n", encoding="utf-8")
    assert "quokkas" in lazy[1].body[-1].text
    lazy.sources[2].path.unlink()
    assert lazy[2].body == ()  # gone: nothing to show, nothing matches


def test_cli_search_indexes_once_then_reuses_the_saved_index(tmp_path: Path) -> None:
    folder, cache_home = _copy(tmp_path), tmp_path / "cache-home"
    first = _search(cache_home, "Tamaulipaz", str(folder), "--json")
    assert first.returncode == 0 and "indexing 5 articles" in first.stderr
    second = _search(cache_home, "Tamaulipaz", str(folder), "--json")
    assert second.returncode == 0 and second.stderr == ""
    assert second.stdout == first.stdout and "Tamaulipas" in second.stdout
    edited = folder / "001_256f042c0728b39f.txt"
    edited.write_text(edited.read_text(encoding="utf-8") + "\nTamaulipas again.\n", "utf-8")
    third = _search(cache_home, "Tamaulipaz", str(folder), "--json")
    assert "indexing 5 articles" in third.stderr  # the files changed: indexed again
    assert "Tamaulipas again." in third.stdout
    (folder / "003_cbc59564459f8a6a.txt").unlink()
    fourth = _search(cache_home, "Tamaulipaz", str(folder), "--article", "001", "--json")
    assert fourth.returncode == 0 and "Tamaulipas again." in fourth.stdout
