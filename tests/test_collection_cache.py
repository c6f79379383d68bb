"""The collection cache (#14): unchanged files come from it, anything else is cleaned again,
and a damaged cache is rebuilt, never trusted."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

import pytest

from borderread.data import corpus as corpus_module
from borderread.data.collection_cache import FILE_NAME, CollectionCache
from borderread.data.corpus import load_corpus

BODY = "A paragraph of the article that is long enough to be body text, really."


def _folder(tmp_path: Path) -> Path:
    folder = tmp_path / "articles"
    folder.mkdir()
    for n in range(3):
        (folder / f"a{n}.txt").write_text(f"Title {n}\n\n{BODY} {n}\n")
    return folder


class _CountingLoads:
    """Counts the files the loader actually reads and cleans."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.paths: list[str] = []
        real = corpus_module.load_article

        def counting(source: corpus_module.Source) -> object:
            self.paths.append(source.path.name)
            return real(source)

        monkeypatch.setattr(corpus_module, "load_article", counting)


def _load(folder: Path, cache_folder: Path) -> list[tuple[str, str]]:
    cache = CollectionCache(cache_folder)
    corpus = load_corpus([folder], cache)
    cache.close()
    return [(a.id, a.title) for a in corpus.articles]


def test_unchanged_files_come_from_the_cache(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder, cache = _folder(tmp_path), tmp_path / "cache"
    loads = _CountingLoads(monkeypatch)
    first = _load(folder, cache)
    assert sorted(loads.paths) == ["a0.txt", "a1.txt", "a2.txt"]
    loads.paths.clear()
    assert _load(folder, cache) == first and loads.paths == []


def test_edited_renamed_touched_and_deleted_files(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder, cache = _folder(tmp_path), tmp_path / "cache"
    _load(folder, cache)
    loads = _CountingLoads(monkeypatch)
    (folder / "a0.txt").write_text(f"Edited Title\n\n{BODY}\n")  # edited
    (folder / "a1.txt").rename(folder / "renamed.txt")  # renamed
    info = (folder / "a2.txt").stat()  # touched but unchanged
    os.utime(folder / "a2.txt", ns=(info.st_atime_ns, info.st_mtime_ns + 1_000_000_000))
    listed = _load(folder, cache)
    assert sorted(loads.paths) == ["a0.txt", "a2.txt", "renamed.txt"]
    assert ("a0.txt", "Edited Title") in listed and ("renamed.txt", "Title 1") in listed
    (folder / "a2.txt").unlink()  # deleted: its entry goes too
    loads.paths.clear()
    assert [name for name, _ in _load(folder, cache)] == ["a0.txt", "renamed.txt"]
    assert loads.paths == []
    with sqlite3.connect(cache / FILE_NAME) as db:
        paths = sorted(
            os.fsdecode(p).rsplit("/", 1)[1] for (p,) in db.execute("SELECT path FROM articles")
        )
    assert paths == ["a0.txt", "renamed.txt"]


@pytest.mark.parametrize("damage", ["garbage", "truncated", "bad summary"])
def test_a_damaged_cache_is_rebuilt_never_trusted(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, damage: str
) -> None:
    folder, cache = _folder(tmp_path), tmp_path / "cache"
    first = _load(folder, cache)
    database = cache / FILE_NAME
    CollectionCache(cache).close()
    if damage == "garbage":
        database.write_bytes(b"this is not a database at all" * 100)
        for suffix in ("-wal", "-shm"):
            Path(f"{database}{suffix}").unlink(missing_ok=True)
    elif damage == "truncated":
        with sqlite3.connect(database) as db:
            db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        data = database.read_bytes()
        database.write_bytes(data[: len(data) // 2])
    else:
        with sqlite3.connect(database) as db:
            db.execute("UPDATE articles SET summary = X'00ff00ff'")
    loads = _CountingLoads(monkeypatch)
    assert _load(folder, cache) == first  # read again from the files, all of them
    assert sorted(loads.paths) == ["a0.txt", "a1.txt", "a2.txt"]
    loads.paths.clear()
    assert _load(folder, cache) == first and loads.paths == []  # and cached again


def test_a_damaged_content_is_read_again_from_the_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder, cache = _folder(tmp_path), tmp_path / "cache"
    first = load_corpus([folder], CollectionCache(cache)).articles
    with sqlite3.connect(cache / FILE_NAME) as db:
        db.execute("UPDATE contents SET content = X'00ff00ff'")
    loads = _CountingLoads(monkeypatch)
    again = load_corpus([folder], CollectionCache(cache)).articles
    assert [a.title for a in again] == [a.title for a in first] and loads.paths == []
    assert [a.body for a in again] == [a.body for a in first]  # read: the files cleaned again
    assert sorted(loads.paths) == ["a0.txt", "a1.txt", "a2.txt"]
    loads.paths.clear()
    assert [a.body for a in load_corpus([folder], CollectionCache(cache)).articles] == [
        a.body for a in first
    ]
    assert loads.paths == []  # and cached again


def test_a_cache_folder_that_cannot_be_written_costs_only_speed(tmp_path: Path) -> None:
    folder = _folder(tmp_path)
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("a file where the cache folder should be")
    assert [name for name, _ in _load(folder, blocked)] == ["a0.txt", "a1.txt", "a2.txt"]


def test_a_big_folder_finds_all_its_entries_and_only_its_own(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    big, near = tmp_path / "big", tmp_path / "big-other"  # "big-other" sorts inside big's range
    for folder, count in ((big, 600), (near, 3)):
        (folder / "sub").mkdir(parents=True)
        for n in range(count):
            (folder / "sub" / f"a{n}.txt").write_text(f"Title {n}\n\n{BODY}\n")
    cache = tmp_path / "cache"
    assert len(_load(near, cache)) == 3
    first = _load(big, cache)
    loads = _CountingLoads(monkeypatch)
    assert _load(big, cache) == first and len(first) == 600 and loads.paths == []
    sources, _ = corpus_module.discover([big])
    found = CollectionCache(cache).summaries(sources)
    assert set(found) == {source.path for source in sources}
    assert _load(near, cache) == [(f"sub/a{n}.txt", f"Title {n}") for n in range(3)]


def test_a_file_edited_while_it_is_read_is_read_again_next_time(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder, cache = _folder(tmp_path), tmp_path / "cache"
    real = corpus_module.load_article

    def edited_meanwhile(source: corpus_module.Source) -> object:
        article = real(source)
        if source.path.name == "a1.txt":  # an editor saves it just after it was read
            source.path.write_text(f"Saved Meanwhile\n\n{BODY} and a longer ending.\n")
        return article

    monkeypatch.setattr(corpus_module, "load_article", edited_meanwhile)
    assert ("a1.txt", "Title 1") in _load(folder, cache)
    monkeypatch.setattr(corpus_module, "load_article", real)
    assert ("a1.txt", "Saved Meanwhile") in _load(folder, cache)  # never the stale entry


def test_a_doctored_summary_puts_nothing_raw_on_screen(tmp_path: Path) -> None:
    import marshal

    from borderread.ui.widgets.article_list import Entry

    folder, cache = _folder(tmp_path), tmp_path / "cache"
    _load(folder, cache)
    with sqlite3.connect(cache / FILE_NAME) as db:
        for path, summary in db.execute("SELECT path, summary FROM articles").fetchall():
            encoding, meta, listing = marshal.loads(summary)
            doctored = ("Title \x1b[2J\x1b]0;owned\x07", "by \u202eevil", listing[2])
            bad_meta = ("\x1b[31mred", "\u202eauthor", *meta[2:])
            db.execute(
                "UPDATE articles SET summary = ? WHERE path = ?",
                (marshal.dumps((encoding, bad_meta, doctored)), path),
            )
    articles = load_corpus([folder], CollectionCache(cache)).articles
    assert articles and not any(article.is_read for article in articles)  # from the cache
    for article in articles:
        entry = Entry.of(article)
        for shown in (entry.title, entry.details, article.title, article.meta.author or ""):
            assert not any(char in shown for char in "\x1b\x07\u202e"), shown


def _skipped(folder: Path, cache_folder: Path) -> list[tuple[str, str]]:
    cache = CollectionCache(cache_folder)
    corpus = load_corpus([folder], cache)
    cache.close()
    return [(skip.path.name, skip.reason) for skip in corpus.skipped]


def test_a_file_that_is_not_text_is_read_once_until_it_changes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder, cache = _folder(tmp_path), tmp_path / "cache"
    binary = folder / "binary.txt"
    binary.write_bytes(b"\x00\x01\x02\xff" * 500)
    loads = _CountingLoads(monkeypatch)
    first = _skipped(folder, cache)
    assert [name for name, _ in first] == ["binary.txt"] and "binary.txt" in loads.paths
    loads.paths.clear()
    assert _skipped(folder, cache) == first and loads.paths == []  # the same reason, unread
    info = binary.stat()
    os.utime(binary, ns=(info.st_atime_ns, info.st_mtime_ns + 1_000_000_000))
    assert _skipped(folder, cache) == first and loads.paths == ["binary.txt"]  # touched
    loads.paths.clear()
    binary.write_text("Now text\n\nA paragraph that is long enough to be body text, really.\n")
    assert _skipped(folder, cache) == [] and loads.paths == ["binary.txt"]
    assert ("binary.txt", "Now text") in _load(folder, cache)
    with sqlite3.connect(cache / FILE_NAME) as db:
        assert db.execute("SELECT COUNT(*) FROM not_text").fetchone() == (0,)


def test_a_verdict_of_another_cleaner_or_a_gone_file_is_not_kept(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder, cache = _folder(tmp_path), tmp_path / "cache"
    (folder / "binary.txt").write_bytes(b"\x00\x01\x02\xff" * 500)
    first = _skipped(folder, cache)
    with sqlite3.connect(cache / FILE_NAME) as db:
        db.execute("UPDATE not_text SET cleaner = 'an older borderread'")
    loads = _CountingLoads(monkeypatch)
    assert _skipped(folder, cache) == first and loads.paths == ["binary.txt"]
    (folder / "binary.txt").unlink()
    assert _skipped(folder, cache) == []
    with sqlite3.connect(cache / FILE_NAME) as db:
        assert db.execute("SELECT COUNT(*) FROM not_text").fetchone() == (0,)
