"""``borderread search`` on the saved index alone: only the articles its hits are in are
made, and any change to the files (or a gap in the cache) means the collection is loaded."""

from __future__ import annotations

import os
import shutil
import sqlite3
from pathlib import Path

import pytest

from borderread.data.collection_cache import FILE_NAME, CollectionCache
from borderread.data.corpus import discover, load_corpus
from borderread.data.saved_collection import CachedArticles, NotSaved, saved_index
from borderread.data.search import SearchIndex
from borderread.data.search_cache import save_index
from tests.conftest import SEEDS, run_search

QUERIES = ["Sheinbaum", "deportaton", '"migrant caravan"', "Darien Gap"]


def _indexed(tmp_path: Path) -> tuple[Path, Path]:
    """A copy of the seeds, cleaned into a cache folder whose saved index is of them."""
    folder, cache_folder = tmp_path / "articles", tmp_path / "cache"
    shutil.copytree(SEEDS, folder)
    articles = load_corpus([folder], CollectionCache(cache_folder)).articles
    save_index(cache_folder, SearchIndex(articles))
    return folder, cache_folder


def _saved(folder: Path, cache_folder: Path) -> SearchIndex | None:
    saved = saved_index(cache_folder, discover([folder])[0], CollectionCache(cache_folder))
    return saved.index if saved is not None else None


def test_hits_are_those_of_the_loaded_collection_with_only_their_articles_made(
    tmp_path: Path,
) -> None:
    folder, cache_folder = _indexed(tmp_path)
    index = _saved(folder, cache_folder)
    assert index is not None and isinstance(index.articles, CachedArticles)
    loaded = SearchIndex(load_corpus([folder]).articles)
    hits = index.search("Sheinbaum", limit=2)
    assert hits == loaded.search("Sheinbaum", limit=2)
    assert 0 < index.articles.made <= len({hit.article_id for hit in hits}) + 1
    assert index.articles.made < len(index.articles)
    for query in QUERIES:
        assert index.search(query, limit=20) == loaded.search(query, limit=20)
        for hit in index.search(query, limit=20):
            assert index.article(hit.article_id).body == loaded.article(hit.article_id).body


@pytest.mark.parametrize("change", ["edited", "touched", "renamed", "deleted", "added"])
def test_any_change_to_the_files_means_no_saved_index(tmp_path: Path, change: str) -> None:
    folder, cache_folder = _indexed(tmp_path)
    first = sorted(folder.glob("*.txt"))[0]
    if change == "edited":
        first.write_text(first.read_text(encoding="utf-8") + "\nMore.\n", encoding="utf-8")
    elif change == "touched":
        info = first.stat()
        os.utime(first, ns=(info.st_atime_ns, info.st_mtime_ns + 1_000_000_000))
    elif change == "renamed":
        first.rename(folder / "zz-renamed.txt")
    elif change == "deleted":
        first.unlink()
    else:
        (folder / "new.txt").write_text("A new article\n\nWith a paragraph.\n", encoding="utf-8")
    assert _saved(folder, cache_folder) is None


def test_an_article_the_cache_lacks_is_not_made_up(tmp_path: Path) -> None:
    folder, cache_folder = _indexed(tmp_path)
    with sqlite3.connect(cache_folder / FILE_NAME) as db:
        db.execute("DELETE FROM articles")
    index = _saved(folder, cache_folder)
    assert index is not None  # the index itself is sound...
    with pytest.raises(NotSaved):
        index.search("Sheinbaum")  # ...but its articles cannot be made from the cache


def test_a_warm_search_does_not_load_the_collection(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import borderread.cli as cli

    folder, cache_home = tmp_path / "articles", tmp_path / "cache-home"
    shutil.copytree(SEEDS, folder)
    (folder / "scan.pdf").write_bytes(b"%PDF-1.4 not really")  # not text: skipped, said so
    monkeypatch.setenv("XDG_CACHE_HOME", str(cache_home))
    assert cli.run_command(["search", "Sheinbaum", str(folder), "--json"]) == 0
    cold = capsys.readouterr()
    assert "indexing" in cold.err and "skipped" in cold.err and "scan.pdf" in cold.err

    def no_loading(*args: object) -> None:
        raise AssertionError("the collection was loaded")

    monkeypatch.setattr(cli, "load", no_loading)
    assert cli.run_command(["search", "Sheinbaum", str(folder), "--json"]) == 0
    warm = capsys.readouterr()
    assert warm.out == cold.out
    assert warm.err == cold.err.split("borderread: indexing")[0]  # the same warnings
    with pytest.raises(AssertionError, match="was loaded"):  # an edit: loaded (and updated)
        (folder / "new.txt").write_text("Sheinbaum again\n\nSheinbaum.\n", encoding="utf-8")
        cli.run_command(["search", "Sheinbaum", str(folder)])


def test_the_cli_prints_the_same_whichever_way_it_searched(tmp_path: Path) -> None:
    folder, cache_home = tmp_path / "articles", tmp_path / "cache-home"
    shutil.copytree(SEEDS, folder)
    (folder / "notes.pdf").write_bytes(b"not a pdf")  # skipped, and said so each time
    first = run_search(cache_home, "deportaton", str(folder), "--json")
    assert first.returncode == 0 and "indexing" in first.stderr
    again = run_search(cache_home, "deportaton", str(folder), "--json")
    assert again.stdout == first.stdout
    assert "indexing" not in again.stderr and "notes.pdf" in again.stderr
    with sqlite3.connect(cache_home / "borderread" / FILE_NAME) as db:
        db.execute("DELETE FROM articles")  # the cache lost its entries: loaded again
    third = run_search(cache_home, "deportaton", str(folder), "--json")
    assert third.returncode == 0 and third.stdout == first.stdout
    assert third.stderr.count("notes.pdf") == again.stderr.count("notes.pdf")
    phrase = run_search(cache_home, '"migrant carvan"', str(folder))
    assert "no exact phrase; showing close matches" in phrase.stderr and phrase.stdout
