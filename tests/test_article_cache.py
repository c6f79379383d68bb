"""Saved reader-mode results: the same article back, ignored whenever anything changed."""

from __future__ import annotations

import contextlib
import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from borderread.data import article_cache
from borderread.data.article_cache import load_cached, save_cached
from borderread.data.atomic import STALE_TEMP_SECONDS
from borderread.data.corpus import Source, discover, load_article
from tests.conftest import SEEDS


def _sources(tmp_path: Path) -> list[Source]:
    folder = tmp_path / "articles"
    shutil.copytree(SEEDS, folder)
    sources, _ = discover([folder])
    return sources


def _touch(path: Path) -> None:
    info = path.stat()
    os.utime(path, ns=(info.st_atime_ns, info.st_mtime_ns + 1_000_000_000))


def test_every_seed_comes_back_exactly_as_cleaned(tmp_path: Path) -> None:
    for source in _sources(tmp_path):
        article = load_article(source)
        save_cached(tmp_path / "cache", article)
        assert load_cached(tmp_path / "cache", source) == article


def test_hostile_text_and_undecodable_bytes_survive_the_round_trip(tmp_path: Path) -> None:
    path = tmp_path / "hostile.txt"
    path.write_bytes(
        b"Title \x1b]0;owned\x07 [bold]x[/bold]\n\n"
        b"Body \xff\xfe with \xe2\x80\xae bidi and \x1b[2J clear.\n"
    )
    source = Source(path, "hostile.txt")
    article = load_article(source)
    save_cached(tmp_path / "cache", article)
    assert load_cached(tmp_path / "cache", source) == article


def test_nothing_is_returned_before_anything_was_saved(tmp_path: Path) -> None:
    source = _sources(tmp_path)[0]
    assert load_cached(tmp_path / "cache", source) is None


def test_an_edited_file_is_cleaned_again(tmp_path: Path) -> None:
    source = _sources(tmp_path)[0]
    save_cached(tmp_path / "cache", load_article(source))
    _touch(source.path)
    assert load_cached(tmp_path / "cache", source) is None


@contextlib.contextmanager
def edited_cleaner() -> Iterator[None]:
    """As if ``clean.py`` had been edited (its time moves on), then as it was."""
    cleaner = Path(article_cache.__file__).with_name("clean.py")
    info = cleaner.stat()
    os.utime(cleaner, ns=(info.st_atime_ns, info.st_mtime_ns + 1_000_000_000))
    try:
        yield
    finally:
        os.utime(cleaner, ns=(info.st_atime_ns, info.st_mtime_ns))


def test_a_changed_cleaner_is_not_trusted(tmp_path: Path) -> None:
    source = _sources(tmp_path)[0]
    save_cached(tmp_path / "cache", load_article(source))
    assert load_cached(tmp_path / "cache", source) is not None
    with edited_cleaner():
        assert load_cached(tmp_path / "cache", source) is None


def test_an_entry_saved_for_another_file_is_ignored(tmp_path: Path) -> None:
    first = _sources(tmp_path)[0]
    twin = first.path.with_name("twin.txt")
    shutil.copy2(first.path, twin)  # same size, same time: only the path differs
    second = Source(twin, "twin.txt")
    save_cached(tmp_path / "cache", load_article(first))
    entry = article_cache._entry_path(tmp_path / "cache", first.path)
    shutil.copy(entry, article_cache._entry_path(tmp_path / "cache", second.path))
    assert load_cached(tmp_path / "cache", second) is None


@pytest.mark.parametrize("damage", [b"", b"\x00garbage", b"{not marshal"])
def test_a_damaged_entry_is_ignored(tmp_path: Path, damage: bytes) -> None:
    source = _sources(tmp_path)[0]
    save_cached(tmp_path / "cache", load_article(source))
    article_cache._entry_path(tmp_path / "cache", source.path).write_bytes(damage)
    assert load_cached(tmp_path / "cache", source) is None


def test_an_unwritable_cache_folder_is_not_an_error(tmp_path: Path) -> None:
    source = _sources(tmp_path)[0]
    blocker = tmp_path / "cache"
    blocker.write_text("a file where the folder should be")
    save_cached(blocker, load_article(source))  # must not raise
    assert load_cached(blocker, source) is None


def test_only_the_latest_entries_are_kept(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(article_cache, "KEEP", 2)
    sources = _sources(tmp_path)
    for source in sources:
        save_cached(tmp_path / "cache", load_article(source))
    entries = list((tmp_path / "cache" / article_cache.SUBFOLDER).glob("*.bin"))
    assert len(entries) == 2
    assert load_cached(tmp_path / "cache", sources[-1]) is not None


def test_articles_too_big_to_keep_twice_are_not_saved(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(article_cache, "MAX_CACHED_BYTES", 100)
    source = _sources(tmp_path)[0]
    save_cached(tmp_path / "cache", load_article(source))
    assert load_cached(tmp_path / "cache", source) is None


def test_the_entries_stay_within_their_total_size(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    sources = _sources(tmp_path)
    articles = [load_article(source) for source in sources]
    save_cached(tmp_path / "cache", articles[0])
    entries = tmp_path / "cache" / article_cache.SUBFOLDER
    one_entry = next(entries.glob("*.bin")).stat().st_size
    monkeypatch.setattr(article_cache, "MAX_TOTAL_BYTES", 2 * one_entry + one_entry // 2)
    for article in articles[1:]:
        save_cached(tmp_path / "cache", article)
    kept = sorted(entries.glob("*.bin"))
    assert 1 <= len(kept) < len(articles)
    assert sum(path.stat().st_size for path in kept) <= article_cache.MAX_TOTAL_BYTES
    assert load_cached(tmp_path / "cache", sources[-1]) is not None  # the newest stays


def test_temporary_files_left_by_a_crash_are_removed(tmp_path: Path) -> None:
    source = _sources(tmp_path)[0]
    entries = tmp_path / "cache" / article_cache.SUBFOLDER
    entries.mkdir(parents=True)
    old, fresh = entries / ".article-old.tmp", entries / ".article-new.tmp"
    old.write_bytes(b"half")
    fresh.write_bytes(b"being written")
    hours_ago = old.stat().st_mtime - 2 * STALE_TEMP_SECONDS
    os.utime(old, (hours_ago, hours_ago))
    save_cached(tmp_path / "cache", load_article(source))
    assert not old.exists()
    assert fresh.exists()  # may be another copy's write in progress


def test_a_parser_library_is_stamped_by_the_file_the_import_system_would_load() -> None:
    """An upgraded library (another main file) is another cleaner; a missing one says so."""
    import importlib.util

    for name in article_cache.PARSER_PACKAGES:
        spec = importlib.util.find_spec(name)
        assert spec is not None and spec.origin is not None
        info = os.stat(spec.origin)
        assert article_cache._package_stamp(name) == f"{info.st_size}:{info.st_mtime_ns}"
    assert article_cache._package_stamp("no_such_library_here") == "no-no_such_library_here"


def test_the_cleaners_version_is_told_without_importing_importlib_util() -> None:
    """Start-up speed: importlib.util (and what it imports) costs the first frame ~1 ms."""
    import subprocess
    import sys

    code = (
        "import sys; from borderread.data.article_cache import cleaner_version;"
        "assert cleaner_version(); print('importlib.util' in sys.modules)"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "False"
