"""The first article prepared in a child process: handed over intact, or not at all."""

from __future__ import annotations

import marshal
import os
import time
from pathlib import Path

import pytest

from borderread import prefetch
from borderread.data import corpus
from borderread.data.article_cache import save_cached
from borderread.data.corpus import Source, load_article
from borderread.data.models import Article
from tests.conftest import REPO, SEEDS


def _big_article(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "big.txt"
    paragraph = (SEEDS / "000_a531a031a9ba92fe.txt").read_text(encoding="utf-8")
    copies = prefetch.MIN_BYTES // len(paragraph.encode()) + 2
    path.write_text("A big article\n\n" + "\n\n".join([paragraph] * copies), encoding="utf-8")
    return path


def _reaped(pid: int | None) -> bool:
    assert pid is not None
    try:
        os.waitpid(pid, os.WNOHANG)
    except ChildProcessError:
        return True
    return False


def _start(tmp_path: Path, folder: Path) -> prefetch.Prefetch | None:
    return prefetch.start([folder], None, tmp_path / "cache")


def test_a_big_article_comes_back_exactly_as_the_app_would_load_it(tmp_path: Path) -> None:
    path = _big_article(tmp_path / "articles")
    early = _start(tmp_path, path.parent)
    assert early is not None
    source = Source(path, "big.txt")
    assert early.take(source) == load_article(source)
    assert _reaped(early.article_pid)
    assert early.take(source) is None  # taken once


def test_small_or_cached_articles_get_no_child(tmp_path: Path) -> None:
    early = _start(tmp_path, SEEDS)
    assert early is not None and early.article_pid is None  # only the collection's child
    early.cancel()
    path = _big_article(tmp_path / "articles")
    save_cached(tmp_path / "cache", load_article(Source(path, "big.txt")))
    early = _start(tmp_path, path.parent)
    assert early is not None and early.article_pid is None
    early.cancel()


def test_the_last_article_read_is_the_one_prepared(tmp_path: Path) -> None:
    folder = tmp_path / "articles"
    _big_article(folder)
    other = folder / "zz-last.txt"
    other.write_bytes((folder / "big.txt").read_bytes())
    early = prefetch.start([folder], other.absolute(), tmp_path / "cache")
    assert early is not None and early.source is not None
    assert early.source.path == other.absolute()
    early.cancel()


def test_another_article_than_the_one_prepared_gives_nothing(tmp_path: Path) -> None:
    path = _big_article(tmp_path / "articles")
    early = _start(tmp_path, path.parent)
    assert early is not None
    assert early.take(Source(SEEDS / "000_a531a031a9ba92fe.txt", "000")) is None
    assert _reaped(early.article_pid)


def test_a_child_that_fails_gives_nothing_without_waiting(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = _big_article(tmp_path / "articles")

    def failing(source: Source) -> None:
        raise OSError("unreadable")

    monkeypatch.setattr(corpus, "load_article", failing)  # in the child too: it is a fork
    early = _start(tmp_path, path.parent)
    assert early is not None
    started = time.monotonic()
    assert early.take(Source(path, "big.txt"), timeout=30) is None
    assert time.monotonic() - started < 10
    assert _reaped(early.article_pid)


def test_a_slow_child_is_stopped_and_the_app_goes_on(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = _big_article(tmp_path / "articles")
    monkeypatch.setattr(corpus, "load_article", lambda source: time.sleep(60))
    early = _start(tmp_path, path.parent)
    assert early is not None
    started = time.monotonic()
    assert early.take(Source(path, "big.txt"), timeout=0.3) is None
    assert time.monotonic() - started < 5
    assert _reaped(early.article_pid)


def test_without_fork_there_is_no_child(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = _big_article(tmp_path / "articles")
    monkeypatch.delattr(os, "fork")
    assert _start(tmp_path, path.parent) is None


def test_a_small_web_page_is_prepared_too(tmp_path: Path) -> None:
    """Its extractor's import alone is worth doing in parallel with Textual's (#13)."""
    folder = tmp_path / "pages"
    folder.mkdir()
    page = folder / "page.html"
    page.write_bytes((REPO / "tests" / "fixtures" / "saved_page.html").read_bytes())
    early = _start(tmp_path, folder)
    assert early is not None
    source = Source(page, "page.html")
    taken = early.take(source)
    assert taken is not None and taken.title == "Rivers of the North"


def test_a_small_collection_is_cleaned_into_the_collection_cache(tmp_path: Path) -> None:
    import shutil

    from borderread.data.collection_cache import CollectionCache

    folder = tmp_path / "articles"
    shutil.copytree(SEEDS, folder)
    early = _start(tmp_path, folder)
    assert early is not None and early.article_pid is None  # small articles: no article child
    assert early.collection_ready(timeout=30)
    sources, _ = corpus.discover([folder])
    assert CollectionCache(tmp_path / "cache").cached_paths(sources) == {s.path for s in sources}
    again = _start(tmp_path, folder)  # all cached (a restart): listed here, no child
    assert again is not None and not again.collection_ready(timeout=0.1)  # there is none
    listing = again.take_listing()
    assert listing is not None and listing.missing() == []
    listed = listing.complete(None)
    assert listed is not None and [a.path for a in listed[0]] == [s.path for s in sources]
    assert [a.title for a in listed[0]] == [load_article(s).title for s in sources]
    assert again.take_listing() is None  # taken once


def test_the_collection_child_is_told_any_file_name(tmp_path: Path) -> None:
    """Its work goes to it as bytes: names that are not UTF-8, or hold a newline, too."""
    from borderread.data.collection_cache import CollectionCache

    folder = tmp_path / os.fsdecode(b"odd \xff\nfolder")
    folder.mkdir()
    (folder / os.fsdecode(b"caf\xe9 notes.txt")).write_text("Notes\n\nText.\n", encoding="utf-8")
    (folder / "plain.txt").write_text("Plain\n\nMore text.\n", encoding="utf-8")
    early = _start(tmp_path, folder)
    assert early is not None and early.collection_ready(timeout=30)
    sources, _ = corpus.discover([folder])
    assert CollectionCache(tmp_path / "cache").cached_paths(sources) == {s.path for s in sources}
    assert len(sources) == 2


def test_a_file_edited_since_the_cache_was_filled_gets_the_child_again(tmp_path: Path) -> None:
    import shutil

    from borderread.data.collection_cache import CollectionCache

    folder = tmp_path / "articles"
    shutil.copytree(SEEDS, folder)
    first = _start(tmp_path, folder)
    assert first is not None and first.collection_ready(timeout=30)
    edited = sorted(folder.iterdir())[2]
    edited.write_text("An edited title\n\nNew text.\n", encoding="utf-8")
    again = _start(tmp_path, folder)
    assert again is not None and again.take_listing() is None  # stale: not listed here
    assert again.collection_ready(timeout=30)  # the child cleaned the edited file again
    sources, _ = corpus.discover([folder])
    summaries = CollectionCache(tmp_path / "cache").summaries(sources)
    assert summaries[edited].listing.title == "An edited title"


def _big_collection(tmp_path: Path) -> Path:
    folder = tmp_path / "articles"
    (folder / "sub").mkdir(parents=True)
    for n in range(corpus.SMALL_COLLECTION + 1):
        (folder / "sub" / f"{n:03}.txt").write_text(f"Title {n}\n\nText {n}.\n", encoding="utf-8")
    (folder / "picture.png").write_bytes(b"\x89PNG")
    return folder


def test_a_big_collection_is_scanned_for_the_loader_not_cleaned(tmp_path: Path) -> None:
    from borderread.data.collection_cache import CollectionCache

    folder = _big_collection(tmp_path)
    early = _start(tmp_path, folder)
    assert early is not None and not early.collection_ready(timeout=30) and early.scanning
    scan = early.take_scan()
    sources, skipped = corpus.discover([folder])
    assert scan is not None and (scan.sources, scan.skipped) == (sources, skipped)
    assert scan.summaries == {}  # nothing cached yet, and the child cleaned nothing
    assert CollectionCache(tmp_path / "cache").cached_paths(sources) == set()
    cache = CollectionCache(tmp_path / "cache")
    articles = corpus.load_corpus([folder], cache).articles
    again = _start(tmp_path, folder)
    assert again is not None and not again.collection_ready(timeout=30)
    scan = again.take_scan()
    assert scan is not None and scan.summaries == cache.summaries(sources)
    loaded = list(corpus.iter_load(scan.sources, cache, scan.summaries))
    assert not any(article.is_read for article in loaded if isinstance(article, Article))
    assert loaded == articles  # (comparing reads them)


def test_a_scan_that_is_not_one_is_refused() -> None:
    from borderread.data.collection_scan import CollectionScan, from_bytes, to_bytes

    assert from_bytes(b"not marshal data") is None
    assert from_bytes(to_bytes(CollectionScan([], [], {}))[:-3]) is None
    assert from_bytes(marshal.dumps((99, [], [], []))) is None  # another format


def test_a_slow_collection_child_is_stopped(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import shutil

    folder = tmp_path / "articles"
    shutil.copytree(SEEDS, folder)
    monkeypatch.setattr(corpus, "load_article", lambda source: time.sleep(60))
    early = _start(tmp_path, folder)
    assert early is not None
    started = time.monotonic()
    assert not early.collection_ready(timeout=0.3)
    assert time.monotonic() - started < 5


def test_the_collection_child_leaves_the_big_first_article_to_its_own_child(
    tmp_path: Path,
) -> None:
    from borderread.data.collection_cache import CollectionCache

    path = _big_article(tmp_path / "articles")
    (path.parent / "small.txt").write_text("Small\n\nA short note.\n", encoding="utf-8")
    early = _start(tmp_path, path.parent)
    assert early is not None and early.article_pid is not None
    assert early.collection_ready(timeout=30)
    sources, _ = corpus.discover([path.parent])
    cached = CollectionCache(tmp_path / "cache").cached_paths(sources)
    assert cached == {path.parent / "small.txt"}  # not cleaned twice at once
    assert early.take(Source(path, "big.txt")) == load_article(Source(path, "big.txt"))
    again = _start(tmp_path, path.parent)  # the big one is still not in the article cache:
    assert again is not None and again.article_pid is not None  # its own child again,
    listing = again.take_listing()  # and the rest, all cached, is listed without a child
    assert listing is not None and [s.path.name for s in listing.missing()] == ["big.txt"]
    shown = again.take(Source(path, "big.txt"))
    listed = listing.complete(shown)
    assert listed is not None and listed[0][0] is shown
