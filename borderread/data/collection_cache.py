"""Every article's reader-mode result, kept in one SQLite file in the user cache folder, so
that reopening a collection re-reads and re-cleans only what changed.

An entry is keyed by the file's absolute path and valid only while the file's size and
modification time and the cleaner's version (:func:`article_cache.cleaner_version`) are
those it was made with: an edited, touched or renamed file, or a new borderread, is simply
cleaned again. The cache is a convenience, never a source of truth: a damaged database is
deleted and rebuilt, an entry that does not decode is a miss, and any failure to write is
ignored (the next start cleans that file again).
"""

from __future__ import annotations

import contextlib
import marshal
import os
import sqlite3
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from borderread.data.article_cache import cleaner_version, from_record, to_record
from borderread.data.models import Article

if TYPE_CHECKING:
    from borderread.data.corpus import Source

FILE_NAME = "collection.sqlite3"
SCHEMA_VERSION = 1
_CHUNK = 500
"""Paths per look-up query (SQLite allows 999 parameters in older builds)."""
_SCHEMA = """
CREATE TABLE IF NOT EXISTS articles (
    path BLOB PRIMARY KEY,
    size INTEGER NOT NULL,
    mtime_ns INTEGER NOT NULL,
    cleaner TEXT NOT NULL,
    record BLOB NOT NULL
) WITHOUT ROWID
"""

FileKey = tuple[int, int]


def file_key(path: Path) -> FileKey | None:
    """``(size, mtime_ns)`` of ``path``, or None when it cannot be looked at."""
    try:
        info = path.stat()
    except OSError:
        return None
    return info.st_size, info.st_mtime_ns


class CollectionCache:
    """Look up and store cleaned articles; every method is best effort and never raises.

    ``OperationalError`` (locked by another copy, read-only, disk full) leaves the file
    alone; any other ``DatabaseError`` means the file is not a sound database: rebuilt."""

    def __init__(self, folder: Path) -> None:
        self.path = folder / FILE_NAME
        self._cleaner = cleaner_version()
        self._db: sqlite3.Connection | None = None

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
        db = sqlite3.connect(self.path, timeout=2.0, check_same_thread=False)
        db.execute("PRAGMA synchronous = NORMAL")  # a lost entry only costs cleaning again
        if db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION:
            return db  # nothing to write (a write here cost a sync at every start)
        db.execute("DROP TABLE IF EXISTS articles")
        db.execute(_SCHEMA)
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
        """The paths of the sources with a valid entry, without reading the entries.

        Many sources: one scan of the keys, sizes and times of every entry (2,500 paths
        looked up by key took ~70 ms, the whole scan ~5 ms; a range scan on the shared
        folder ~20 ms); a few: looked up by key."""
        if len(sources) <= _CHUNK:
            return {source.path for source, _ in self._valid_entries(sources, "NULL")}
        db = self._connect()
        if db is None:
            return set()
        wanted = {os.fsencode(source.path.absolute()): source for source in sources}
        found: set[Path] = set()
        try:
            rows = db.execute(
                "SELECT path, size, mtime_ns FROM articles WHERE cleaner = ?", (self._cleaner,)
            )
            for path, size, mtime_ns in rows:
                source = wanted.get(path)
                if source is not None and file_key(source.path) == (size, mtime_ns):
                    found.add(source.path)
        except sqlite3.OperationalError:
            return found
        except sqlite3.DatabaseError:
            self._rebuild()
            return set()
        return found

    def lookup(self, sources: Sequence[Source]) -> dict[Path, Article]:
        """The cached, still valid article of each source that has one."""
        found: dict[Path, Article] = {}
        for source, record in self._valid_entries(sources, "record"):
            article = _decode(source, record)
            if article is not None:
                found[source.path] = article
        return found

    def _valid_entries(
        self, sources: Sequence[Source], column: Literal["record", "NULL"]
    ) -> list[tuple[Source, bytes]]:
        """Each source whose entry matches its file now, with the entry's ``column`` (the
        record, or NULL where only validity matters: records can be megabytes)."""
        db = self._connect()
        if db is None or not sources:
            return []
        wanted = {os.fsencode(source.path.absolute()): source for source in sources}
        keys = list(wanted)
        found: list[tuple[Source, bytes]] = []
        try:
            for start in range(0, len(keys), _CHUNK):
                chunk = keys[start : start + _CHUNK]
                marks = ",".join("?" * len(chunk))
                rows = db.execute(
                    f"SELECT path, size, mtime_ns, {column} FROM articles"
                    f" WHERE cleaner = ? AND path IN ({marks})",
                    [self._cleaner, *chunk],
                ).fetchall()
                for path, size, mtime_ns, value in rows:
                    source = wanted[path]
                    if file_key(source.path) == (size, mtime_ns):
                        found.append((source, value))
        except sqlite3.OperationalError:
            return found
        except sqlite3.DatabaseError:
            self._rebuild()
            return []
        return found

    def store(self, articles: Iterable[Article]) -> None:
        """Keep these articles' reader-mode results for next time."""
        db = self._connect()
        if db is None:
            return
        rows = []
        for article in articles:
            key = file_key(article.path)
            if key is None:
                continue
            path = os.fsencode(article.path.absolute())
            record = marshal.dumps(to_record(article))
            rows.append((path, key[0], key[1], self._cleaner, record))
        if not rows:
            return
        try:
            with db:
                db.executemany("INSERT OR REPLACE INTO articles VALUES (?, ?, ?, ?, ?)", rows)
        except sqlite3.OperationalError:
            return
        except sqlite3.DatabaseError:
            self._rebuild()

    def forget_missing(self, roots: Sequence[Path], present: Iterable[Path]) -> None:
        """Drop the entries under the folders ``roots`` whose file is no longer among
        ``present`` (deleted or renamed since)."""
        db = self._connect()
        folders = [os.fsencode(root.absolute()) + b"/" for root in roots if root.is_dir()]
        if db is None or not folders:
            return
        keep = {os.fsencode(path.absolute()) for path in present}
        try:
            stale = [
                (path,)
                for folder in folders
                for (path,) in db.execute(
                    "SELECT path FROM articles WHERE substr(path, 1, ?) = ?",
                    (len(folder), folder),
                )
                if path not in keep
            ]
            if stale:
                with db:
                    db.executemany("DELETE FROM articles WHERE path = ?", stale)
        except sqlite3.Error:
            return

    def close(self) -> None:
        if self._db is not None:
            with contextlib.suppress(sqlite3.Error):
                self._db.close()
            self._db = None


def _decode(source: Source, record: bytes) -> Article | None:
    try:
        return from_record(source, marshal.loads(record))
    except (ValueError, EOFError, TypeError, KeyError):
        return None
