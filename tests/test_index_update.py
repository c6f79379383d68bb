"""The newest saved index brought up to date for a few changed files: the index that
building everything afresh makes, or nothing when an update would not pay."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from borderread.data.collection_cache import CollectionCache
from borderread.data.corpus import load_corpus
from borderread.data.index_update import SavedIndex, updated_index
from borderread.data.models import Article
from borderread.data.search import SearchIndex
from borderread.data.search_cache import save_index, updated_saved_index
from tests.conftest import SEEDS

QUERIES = ["border wall", "deportaton", '"migrant caravan"', "Sheinbam", "river"]


def _collection(tmp_path: Path, copies: int = 4) -> Path:
    """The seeds, several times over under different names (20 files)."""
    folder = tmp_path / "articles"
    folder.mkdir()
    for n in range(copies):
        for seed in sorted(SEEDS.glob("*.txt")):
            shutil.copy(seed, folder / f"{n}-{seed.name}")
    return folder


def _articles(folder: Path, cache: Path) -> list[Article]:
    return load_corpus([folder], CollectionCache(cache)).articles


def _same(updated: SearchIndex | None, articles: list[Article]) -> None:
    built = SearchIndex(articles)
    assert updated is not None
    assert updated.parts() == built.parts()
    for query in QUERIES:
        assert updated.search(query, limit=None) == built.search(query, limit=None)


def _indexed(tmp_path: Path) -> tuple[Path, Path]:
    folder, cache = _collection(tmp_path), tmp_path / "cache"
    save_index(cache, SearchIndex(_articles(folder, cache)))
    return folder, cache


def test_an_edited_file_is_indexed_alone_into_the_saved_index(tmp_path: Path) -> None:
    folder, cache = _indexed(tmp_path)
    edited = sorted(folder.iterdir())[7]
    edited.write_text(edited.read_text() + "\n\nA new closing paragraph about the river.\n")
    _same(updated_saved_index(cache, _articles(folder, cache)), _articles(folder, cache))


def test_added_removed_and_touched_files(tmp_path: Path) -> None:
    folder, cache = _indexed(tmp_path)
    names = sorted(folder.iterdir())
    names[0].unlink()  # the first
    names[11].unlink()  # one in the middle
    shutil.copy(names[3], folder / "0-aaa-first.txt")  # a new first article
    shutil.copy(names[4], folder / "2-new.txt")  # and one among the others
    os.utime(names[5], ns=(1, 1))  # touched: its stamp changed, its text did not
    articles = _articles(folder, cache)
    _same(updated_saved_index(cache, articles), articles)


def test_an_update_of_an_update(tmp_path: Path) -> None:
    folder, cache = _indexed(tmp_path)
    (folder / "3-extra.txt").write_text("Extra\n\nA paragraph on the border wall.\n")
    articles = _articles(folder, cache)
    once = updated_saved_index(cache, articles)
    assert once is not None
    save_index(cache, once)
    (folder / "3-extra.txt").unlink()
    articles = _articles(folder, cache)
    _same(updated_saved_index(cache, articles), articles)


def test_too_many_changes_are_left_to_a_full_build(tmp_path: Path) -> None:
    folder, cache = _indexed(tmp_path)
    for path in sorted(folder.iterdir())[:10]:  # half of them
        path.write_text(path.read_text() + "\n\nOne more paragraph.\n")
    assert updated_saved_index(cache, _articles(folder, cache)) is None


def test_articles_in_another_order_are_left_to_a_full_build(tmp_path: Path) -> None:
    folder, cache = _collection(tmp_path, copies=1), tmp_path / "cache"
    articles = _articles(folder, cache)
    parts = SearchIndex(articles).parts()
    ids = [article.id for article in articles]
    saved = SavedIndex(ids, [str(a.path) for a in articles], [a.stamp for a in articles], parts)
    assert updated_index(saved, articles) is not None
    assert updated_index(saved, articles[::-1]) is None


def test_no_saved_index_an_old_one_or_a_damaged_one_gives_none(tmp_path: Path) -> None:
    folder, cache = _indexed(tmp_path)
    (folder / "3-extra.txt").write_text("Extra\n\nA paragraph.\n")
    articles = _articles(folder, cache)
    assert updated_saved_index(tmp_path / "nowhere", articles) is None
    (saved,) = cache.glob("index-*.bin")
    saved.write_bytes(saved.read_bytes()[:1000])  # cut short
    assert updated_saved_index(cache, articles) is None


@pytest.mark.parametrize("cancel_after", [0, 1])
def test_a_cancelled_update_gives_none(tmp_path: Path, cancel_after: int) -> None:
    folder, cache = _indexed(tmp_path)
    for name in ("3-extra.txt", "4-extra.txt"):
        (folder / name).write_text("Extra\n\nA paragraph.\n")
    asked: list[int] = []

    def cancelled() -> bool:
        asked.append(1)
        return len(asked) > cancel_after

    assert updated_saved_index(cache, _articles(folder, cache), cancelled) is None


def test_an_index_of_another_collection_is_not_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Opening a new folder after a big collection: its saved index was read for nothing.
    from borderread.data import search_cache

    folder, cache = _indexed(tmp_path)
    other = tmp_path / "other"
    other.mkdir()
    shutil.copy(sorted(SEEDS.glob("*.txt"))[0], other / "one.txt")
    read: list[Path] = []
    real = search_cache._saved

    def counted(path: Path, ids: list[str]) -> object:
        read.append(path)
        return real(path, ids)

    monkeypatch.setattr(search_cache, "_saved", counted)
    assert updated_saved_index(cache, _articles(other, cache)) is None
    assert read == []  # only the small list of its articles was looked at
    (folder / "3-extra.txt").write_text("Extra\n\nA paragraph on the river.\n")
    assert updated_saved_index(cache, _articles(folder, cache)) is not None
    assert len(read) == 1


def test_each_saved_index_keeps_its_list_of_articles_and_loses_it_with_it(
    tmp_path: Path,
) -> None:
    folder, cache = _indexed(tmp_path)
    for n in range(5):
        (folder / f"9-new-{n}.txt").write_text(f"New {n}\n\nA paragraph.\n")
        save_index(cache, SearchIndex(_articles(folder, cache)))
    indexes = {path.stem for path in cache.glob("index-*.bin")}
    assert len(indexes) == 3 and {path.stem for path in cache.glob("index-*.ids")} == indexes
