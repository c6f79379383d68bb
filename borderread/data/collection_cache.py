"""Every article's reader-mode result, kept in one SQLite file in the user cache folder, so
that reopening a collection re-reads and re-cleans only what changed.

An entry is two rows: the article's summary (metadata and what the list shows), read for
every article at every start, and its content (text and blocks), read only when the text
is needed (see ``Article.deferred``). It is keyed by the file's absolute path and valid
only while the file's size and modification time and the cleaner's version
(:func:`article_cache.cleaner_version`) are those it was made with: an edited, touched or
renamed file, or a new borderread, is simply cleaned again. The cache is a convenience,
never a source of truth: a damaged database is deleted and rebuilt, an entry that does not
decode is a miss, and any failure to write is ignored (the next start cleans that file
again).

A file that is not text (a binary named ``.txt``, a PDF without a text layer) is kept too,
with the reason, under the same key: it is not read and parsed again at every start.
"""

from __future__ import annotations

import contextlib
import marshal
import os
import sqlite3
import threading
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from borderread.data.article_cache import cleaner_version
from borderread.data.listing import Listing, listing_from, meta_from
from borderread.data.models import Article, ArticleContent, ArticleMeta, Block

if TYPE_CHECKING:
    from borderread.data.corpus import Source

FILE_NAME = "collection.sqlite3"
SCHEMA_VERSION = 3
_CHUNK = 500
"""Paths per look-up query (SQLite allows 999 parameters in older builds)."""
_SCHEMA = (
    """CREATE TABLE IF NOT EXISTS articles (
        path BLOB PRIMARY KEY,
        size INTEGER NOT NULL,
        mtime_ns INTEGER NOT NULL,
        cleaner TEXT NOT NULL,
        summary BLOB NOT NULL
    ) WITHOUT ROWID""",
    """CREATE TABLE IF NOT EXISTS contents (
        path BLOB PRIMARY KEY,
        content BLOB NOT NULL
    ) WITHOUT ROWID""",
    """CREATE TABLE IF NOT EXISTS not_text (
        path BLOB PRIMARY KEY,
        size INTEGER NOT NULL,
        mtime_ns INTEGER NOT NULL,
        cleaner TEXT NOT NULL,
        reason TEXT NOT NULL
    ) WITHOUT ROWID""",
)
"""Summaries apart from contents: the scan at every start reads small rows only."""
_TABLES = ("articles", "contents", "not_text")

FileKey = tuple[int, int]


class Summary(NamedTuple):
    """A cached article without its content, and the file's key it is valid for."""

    key: FileKey
    encoding: str
    meta: ArticleMeta
    listing: Listing


def file_key(path: Path) -> FileKey | None:
    """``(size, mtime_ns)`` of ``path``, or None when it cannot be looked at."""
    try:
        info = path.stat()
    except OSError:
        return None
    return info.st_size, info.st_mtime_ns


def _key_of(path: Path) -> bytes:
    """The cache's key for ``path``: its absolute path's bytes."""
    return os.fsencode(path if path.is_absolute() else path.absolute())


def _shared_folder(paths: list[bytes]) -> bytes:
    """The deepest folder holding all these absolute paths. The first and last in sorted
    order share it with everything between them: ``commonpath`` over all 20,000 paths of
    a big folder took ~60 ms."""
    return os.path.commonpath([min(paths), max(paths)])


def _file_key_of(name: bytes) -> FileKey | None:
    """:func:`file_key` of a path given as the cache's key (no Path made)."""
    try:
        info = os.stat(name)
    except OSError:
        return None
    return info.st_size, info.st_mtime_ns


class CollectionCache:
    """Look up and store cleaned articles; every method is best effort and never raises.

    ``OperationalError`` (locked by another copy, read-only, disk full) leaves the file
    alone; any other ``DatabaseError`` means the file is not a sound database: rebuilt."""

    def __init__(self, folder: Path, timeout: float = 2.0) -> None:
        self.path = folder / FILE_NAME
        self._timeout = timeout
        """How long to wait for another copy (or worker) writing the file."""
        self._cleaner = cleaner_version()
        self._db: sqlite3.Connection | None = None
        self._lock = threading.RLock()
        """One connection, used by the loader and by whichever thread reads a content."""

    def _connect(self) -> sqlite3.Connection | None:
        if self._db is not None or not self._cleaner:
            return self._db
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self._db = self._open()
        except (OSError, sqlite3.OperationalError):  # locked, read-only, no space...
            self._db = None
        except sqlite3.DatabaseError:  # not a database, or a damaged one
            self._rebuild()
        return self._db

    def _open(self) -> sqlite3.Connection:
        db = sqlite3.connect(self.path, timeout=self._timeout, check_same_thread=False)
        db.execute("PRAGMA synchronous = NORMAL")  # a lost entry only costs cleaning again
        if db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION:
            return db  # nothing to write (a write here cost a sync at every start)
        for table in _TABLES:
            db.execute(f"DROP TABLE IF EXISTS {table}")
        for table in _SCHEMA:
            db.execute(table)
        db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
        db.execute("PRAGMA journal_mode = WAL")
        db.commit()
        return db

    def _rebuild(self) -> None:
        """A damaged database is never trusted: delete it and start an empty one."""
        self.close()
        for suffix in ("", "-wal", "-shm", "-journal"):
            with contextlib.suppress(OSError):
                os.unlink(f"{self.path}{suffix}")
        try:
            self._db = self._open()
        except (OSError, sqlite3.Error):
            self._db = None

    def cached_paths(self, sources: Sequence[Source]) -> set[Path]:
        """The paths of the sources with a valid entry."""
        return set(self.summaries(sources))

    def summaries(self, sources: Sequence[Source]) -> dict[Path, Summary]:
        """The summary of each source whose entry matches its file now.

        Many sources: one scan of the summaries under the folder they share (2,500 paths
        looked up by key took ~70 ms, a scan ~5 ms); a few: looked up by key."""
        found: dict[Path, Summary] = {}
        for source, key, record in self._matching(sources, "articles"):
            summary = _summary(key, record)
            if summary is not None:
                found[source.path] = summary
        return found

    def not_text(self, sources: Sequence[Source]) -> dict[Path, str]:
        """Why each source found not to be text (as its file is now) was skipped."""
        if not self._has_not_text():  # the usual case: no key made for 20,000 sources
            return {}
        return {source.path: str(why) for source, _, why in self._matching(sources, "not_text")}

    def _has_not_text(self) -> bool:
        with self._lock:
            db = self._connect()
            if db is None:
                return False
            query = "SELECT EXISTS (SELECT 1 FROM not_text WHERE cleaner = ?)"
            try:
                return bool(db.execute(query, (self._cleaner,)).fetchone()[0])
            except sqlite3.OperationalError:
                return False
            except sqlite3.DatabaseError:
                self._rebuild()
                return False

    def _matching(self, sources: Sequence[Source], table: str) -> list[tuple[Source, FileKey, Any]]:
        """Each source's row in ``table`` if it was made for the file as it is now."""
        with self._lock:
            db = self._connect()
            if db is None or not sources:
                return []
            wanted = {_key_of(source.path): source for source in sources}
            found: list[tuple[Source, FileKey, Any]] = []
            try:
                for path, size, mtime_ns, value in self._rows(db, list(wanted), table):
                    source = wanted.get(path)
                    if source is not None and _file_key_of(path) == (size, mtime_ns):
                        found.append((source, (size, mtime_ns), value))
            except sqlite3.OperationalError:
                return found
            except sqlite3.DatabaseError:
                self._rebuild()
                return []
            return found

    def _rows(self, db: sqlite3.Connection, keys: list[bytes], table: str) -> Iterable[Any]:
        """``(path, size, mtime_ns, summary or reason)`` of ``keys`` in ``table``."""
        column = "summary" if table == "articles" else "reason"
        query = f"SELECT path, size, mtime_ns, {column} FROM {table} WHERE cleaner = ?"
        if len(keys) > _CHUNK:  # the range of the folder they share (the cache holds others)
            low = _shared_folder(keys)
            high = low.rstrip(b"/") + b"0"  # "0" follows "/": every path below ``low``
            return db.execute(f"{query} AND path >= ? AND path < ?", (self._cleaner, low, high))
        rows: list[Any] = []
        for start in range(0, len(keys), _CHUNK):
            chunk = keys[start : start + _CHUNK]
            marks = ",".join("?" * len(chunk))
            rows += db.execute(f"{query} AND path IN ({marks})", [self._cleaner, *chunk])
        return rows

    def content(self, path: Path, key: FileKey) -> ArticleContent | None:
        """The cached content of ``path``, if its entry is still the one made for the file
        as it was at ``key`` (its summary's); None otherwise (then clean the file)."""
        with self._lock:
            db = self._connect()
            if db is None:
                return None
            try:
                row = db.execute(
                    "SELECT content FROM articles JOIN contents USING (path)"
                    " WHERE path = ? AND size = ? AND mtime_ns = ? AND cleaner = ?",
                    (_key_of(path), key[0], key[1], self._cleaner),
                ).fetchone()
            except sqlite3.OperationalError:
                return None
            except sqlite3.DatabaseError:
                self._rebuild()
                return None
        return _content(row[0]) if row is not None else None

    def store(self, articles: Iterable[Article]) -> None:
        """Keep these articles' reader-mode results for next time (an article whose content
        was never read came from here: left as it is)."""
        summaries, contents = [], []
        for article in articles:
            key = article.stamp or file_key(article.path)
            if key is None or not article.is_read:
                continue
            path = _key_of(article.path)
            summary = (article.encoding, tuple(article.meta), tuple(article.listing))
            summaries.append((path, key[0], key[1], self._cleaner, marshal.dumps(summary)))
            contents.append((path, marshal.dumps(content_record(article.content))))
        self._write(
            ("INSERT OR REPLACE INTO articles VALUES (?, ?, ?, ?, ?)", summaries),
            ("INSERT OR REPLACE INTO contents VALUES (?, ?)", contents),
            ("DELETE FROM not_text WHERE path = ?", [(row[0],) for row in summaries]),
        )

    def store_not_text(self, found: Iterable[tuple[Path, FileKey, str]]) -> None:
        """Keep that these files, as they were at their keys, are not text, and why."""
        rows = [
            (_key_of(path), key[0], key[1], self._cleaner, reason) for path, key, reason in found
        ]
        self._write(("INSERT OR REPLACE INTO not_text VALUES (?, ?, ?, ?, ?)", rows))

    def _write(self, *statements: tuple[str, list[tuple[Any, ...]]]) -> None:
        """Run each statement over its rows, in one transaction (nothing to write: no-op)."""
        if not any(rows for _, rows in statements):
            return
        with self._lock:
            db = self._connect()
            if db is None:
                return
            try:
                with db:
                    for statement, rows in statements:
                        db.executemany(statement, rows)
            except sqlite3.OperationalError:
                return
            except sqlite3.DatabaseError:
                self._rebuild()

    def forget_missing(self, roots: Sequence[Path], present: Iterable[Path]) -> None:
        """Drop the entries under the folders ``roots`` whose file is no longer among
        ``present`` (deleted or renamed since)."""
        with self._lock:
            self._forget_missing(roots, present)

    def _forget_missing(self, roots: Sequence[Path], present: Iterable[Path]) -> None:
        db = self._connect()
        folders = [os.fsencode(root.absolute()) + b"/" for root in roots if root.is_dir()]
        if db is None or not folders:
            return
        keep = {_key_of(path) for path in present}
        try:
            stale = [
                (path,)
                for table in ("articles", "not_text")  # a content's row goes with its article
                for folder in folders
                for (path,) in db.execute(
                    f"SELECT path FROM {table} WHERE substr(path, 1, ?) = ?",
                    (len(folder), folder),
                )
                if path not in keep
            ]
            if stale:
                with db:
                    for table in _TABLES:
                        db.executemany(f"DELETE FROM {table} WHERE path = ?", stale)
        except sqlite3.Error:
            return

    def close(self) -> None:
        """Close the connection (a later call opens it again)."""
        with self._lock:
            if self._db is not None:
                with contextlib.suppress(sqlite3.Error):
                    self._db.close()
                self._db = None


def content_record(content: ArticleContent) -> tuple[Any, ...]:
    """An article's content as plain data for ``marshal`` (:func:`_content` undoes it)."""
    return (content.raw, [tuple(block) for block in content.blocks], content.line_pages)


def _content(record: bytes) -> ArticleContent | None:
    try:
        raw, blocks, pages = marshal.loads(record)
        return ArticleContent(raw, tuple(Block(*block) for block in blocks), tuple(pages))
    except (ValueError, EOFError, TypeError):
        return None


def _summary(key: FileKey, record: bytes) -> Summary | None:
    try:
        encoding, meta, listing = marshal.loads(record)
        return Summary(key, encoding, meta_from(meta), listing_from(*listing))
    except (ValueError, EOFError, TypeError):
        return None
