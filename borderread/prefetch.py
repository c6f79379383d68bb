"""Read and clean the first article in a child process while the reader imports Textual.

Importing Textual keeps one core busy for ~170 ms before the app can do anything. The
article the reader will open first is known before that (the last one read, or the first
of the first path), so a forked child reads and cleans it meanwhile, on another core, and
hands it over through a pipe as plain data. This pays only for big articles that are not
in the cache folder yet: a small one is cleaned in a few milliseconds, a cached one is read
back quicker than through a pipe, and forking has a cost of its own (the parent's pages are
copied as it writes to them), so only those get a child.
A second child looks at the collection: if it is small (``corpus.SMALL_COLLECTION``
files), it cleans whatever the collection cache lacks into it, so that the app can list
every title in its first frame, on a first start too; if it is big, it walks it and looks
every file up in the collection cache, and hands that over (``collection_scan``) for the
app's loader, which then has only the articles to make. A small collection the cache
already holds whole (a restart) gets no child: it is listed here, before forking, for the
app to take. Its child had only looked it up, as the app then did again, and cost a
restart ~16 ms (median of 20 in tmux): forking, the parent's pages copied as it went on
importing, a core shared with the terminal.
Anything unexpected (no ``fork``, a child that fails, is slow or prepared another file)
means the app simply loads the article itself.
"""

from __future__ import annotations

import contextlib
import marshal
import os
import select
import signal
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from borderread.data.collection_cache import CollectionCache
    from borderread.data.collection_scan import CollectionScan, SmallListing
    from borderread.data.corpus import Source
    from borderread.data.models import Article

TIMEOUT = 5.0
"""Longest wait for the child before loading the article in the app instead."""
COLLECTION_WAIT = 0.3
"""Longest wait, once the app is mounted, for a small collection to be cleaned."""
DONE = b"done"
BIG = b"B"
"""The collection child's first byte when the collection is big: a scan follows."""
SCAN_TIMEOUT = 60.0
"""Longest wait for a big collection's scan (the loader would walk it as long itself)."""
MIN_BYTES = 128 * 1024
"""Smaller articles are not worth a child process."""


class _Child:
    """A forked child and the read end of the pipe it writes to (EOF: it is done)."""

    def __init__(self, pid: int, fd: int) -> None:
        self.pid, self.fd = pid, fd
        self.done = False

    def read(self, timeout: float) -> bytes | None:
        """Everything the child writes, or None if it is too slow; reaps it either way."""
        chunks: list[bytes] = []
        deadline = time.monotonic() + timeout
        try:
            while True:
                if not self._readable(deadline - time.monotonic()):
                    return None  # too slow: the app does the work itself
                chunk = os.read(self.fd, 1 << 20)
                if not chunk:
                    return b"".join(chunks)
                chunks.append(chunk)
        except OSError:
            return None
        finally:
            self.cancel()

    def read_first(self, timeout: float) -> bytes | None:
        """The child's first byte (it goes on), or None if it is too slow or wrote nothing
        (then it is reaped)."""
        try:
            first = os.read(self.fd, 1) if self._readable(timeout) else b""
        except OSError:
            first = b""
        if not first:
            self.cancel()
            return None
        return first

    def _readable(self, timeout: float) -> bool:
        return not self.done and timeout > 0 and bool(select.select([self.fd], [], [], timeout)[0])

    def cancel(self) -> None:
        """Stop the child if it is still working, and reap it."""
        if self.done:
            return
        self.done = True
        with contextlib.suppress(OSError):
            os.close(self.fd)
        with contextlib.suppress(OSError):
            if os.waitpid(self.pid, os.WNOHANG) == (0, 0):
                os.kill(self.pid, signal.SIGKILL)
                os.waitpid(self.pid, 0)


class Prefetch:
    """Children preparing the first article (its result can be taken once) and a small
    collection (cleaned into the collection cache)."""

    def __init__(
        self,
        source: Source | None,
        article: _Child | None,
        collection: _Child | None,
        listing: SmallListing | None = None,
    ) -> None:
        self.source = source
        self._article = article
        self._collection = collection
        self._listing = listing
        """A small collection found whole in the collection cache (then it has no child)."""
        self._scan: _Child | None = None
        """The collection child, once it said the collection is big."""
        self.article_pid = article.pid if article is not None else None
        """The article child's process id (None when the article needs none)."""

    def take(self, source: Source, timeout: float = TIMEOUT) -> Article | None:
        """The article, if the child prepared ``source`` and finished in time; otherwise
        None. The child is reaped either way."""
        child, self._article = self._article, None
        if child is None or self.source is None:
            return None
        wanted = source.path.absolute() == self.source.path.absolute()
        payload = child.read(timeout) if wanted else None
        child.cancel()
        if not payload:
            return None
        from borderread.data.article_cache import from_record

        try:
            return from_record(source, marshal.loads(payload))
        except (ValueError, EOFError, TypeError, KeyError):
            return None

    def article_ready(self, timeout: float) -> bool:
        """Whether the article child has its result (it writes only when done), waiting at
        most ``timeout``; the result is still to be taken."""
        child = self._article
        if child is None or child.done:
            return False
        try:
            return bool(select.select([child.fd], [], [], timeout)[0])
        except (OSError, ValueError):
            return False

    def collection_ready(self, timeout: float = COLLECTION_WAIT) -> bool:
        """Wait (at most ``timeout``) for the collection child: True once it has cleaned a
        small collection into the cache (or found it there); False if it did not, or is
        too slow (then it is stopped, and the app's loader does the work), or the
        collection is big (then its scan is to be taken, see :meth:`take_scan`)."""
        child, self._collection = self._collection, None
        if child is None:
            return False
        first = child.read_first(timeout)
        if first == BIG:
            self._scan = child
            return False
        if first is None:
            return False
        rest = child.read(timeout)
        return rest is not None and first + rest == DONE

    def take_listing(self) -> SmallListing | None:
        """The small collection listed from the cache before any child was needed (once)."""
        listing, self._listing = self._listing, None
        return listing

    @property
    def scanning(self) -> bool:
        """True once the collection child said the collection is big (a scan follows)."""
        return self._scan is not None

    def take_scan(self, timeout: float = SCAN_TIMEOUT) -> CollectionScan | None:
        """A big collection's scan from the collection child, or None (no child, not a big
        collection, too slow, or it failed): then the loader walks it itself."""
        child, self._scan = self._scan, None
        payload = child.read(timeout) if child is not None else None
        if not payload:
            return None
        from borderread.data.collection_scan import from_bytes

        return from_bytes(payload)

    def cancel_article(self) -> None:
        if self._article is not None:
            self._article.cancel()
            self._article = None

    def cancel(self) -> None:
        """Stop whatever child is still working, and reap it."""
        self.cancel_article()
        for child in (self._collection, self._scan):
            if child is not None:
                child.cancel()
        self._collection = self._scan = None


def start(paths: Sequence[Path], preferred: Path | None, cache_folder: Path) -> Prefetch | None:
    """Fork a child preparing the article the reader will open first (``preferred``, the
    last one read, if it lies under ``paths``), if that is big and not in the cache folder,
    and one cleaning the collection into the collection cache if it is small and not all
    there, or scanning it if it is big. A small collection the cache holds whole needs no
    child (the usual restart): it is listed here, for the app to take. None when there is
    nothing to take."""
    if not hasattr(os, "fork"):
        return None
    from borderread.data.collection_scan import small_listing
    from borderread.data.corpus import first_source

    source = first_source(paths, preferred)
    article = None
    if source is not None and _worth_it(source, cache_folder):
        article = _fork(lambda out: _prepare(source, out))
    skip = source.path if article is not None and source is not None else None
    listing = small_listing(paths, cache_folder)
    collection = None
    if listing is None or listing.missing(skip):  # big, or something to clean
        listing = None
        collection = _fork(lambda out: _prepare_collection(paths, cache_folder, out, skip))
    if article is None and collection is None and listing is None:
        return None
    return Prefetch(source, article, collection, listing)


def _fork(work: Callable[[int], None]) -> _Child | None:
    """Run ``work(write_fd)`` in a forked child that never touches the terminal."""
    read_end, write_end = os.pipe()
    try:
        pid = os.fork()
    except OSError:
        os.close(read_end)
        os.close(write_end)
        return None
    if pid == 0:  # the child: do the work, hand it over, leave without cleanup
        try:
            os.close(read_end)
            quiet = os.open(os.devnull, os.O_RDWR)
            for stream in (0, 1, 2):
                os.dup2(quiet, stream)
            work(write_end)
        finally:
            os._exit(0)
    os.close(write_end)
    return _Child(pid, read_end)


def _worth_it(source: Source, cache_folder: Path) -> bool:
    from borderread.data.article_cache import has_entry
    from borderread.data.corpus import EXTRACTED_SUFFIXES, text_suffix

    try:
        size = source.path.stat().st_size
    except OSError:
        return False
    # A web page, PDF or book needs its extractor imported and run: always worth it.
    extracted = text_suffix(source.path) in EXTRACTED_SUFFIXES
    return (size >= MIN_BYTES or extracted) and not has_entry(cache_folder, source.path)


def _prepare(source: Source, out: int) -> None:
    """In the child: write the article's record to ``out``."""
    from borderread.data.article_cache import to_record
    from borderread.data.corpus import load_article

    payload = marshal.dumps(to_record(load_article(source)))
    with os.fdopen(out, "wb") as pipe:
        pipe.write(payload)


def _prepare_collection(
    paths: Sequence[Path], cache_folder: Path, out: int, skip: Path | None = None
) -> None:
    """In the child: a collection of at most ``SMALL_COLLECTION`` files is cleaned into
    the collection cache (what is there already is only looked up; ``skip``, the article
    the other child prepares, is left to it); say ``DONE``. A bigger one is scanned (see
    ``collection_scan``): say ``BIG`` at once, then hand the scan over."""
    from borderread.data.collection_cache import CollectionCache
    from borderread.data.corpus import SMALL_COLLECTION, discover, iter_load

    sources, _ = discover(paths, limit=SMALL_COLLECTION + 1)
    if not sources:
        return
    cache = CollectionCache(cache_folder)
    if len(sources) > SMALL_COLLECTION:
        _scan_collection(paths, cache, out)
        return
    wanted = [s for s in sources if skip is None or s.path.absolute() != skip.absolute()]
    for _ in iter_load(wanted, cache):  # to the end: the last chunk is stored on the way out
        pass
    cache.close()
    with os.fdopen(out, "wb") as pipe:
        pipe.write(DONE)


def _scan_collection(paths: Sequence[Path], cache: CollectionCache, out: int) -> None:
    """In the child: say ``BIG``, then write the collection's scan."""
    from borderread.data.collection_scan import scan, to_bytes

    with os.fdopen(out, "wb") as pipe:
        pipe.write(BIG)
        pipe.flush()
        found = to_bytes(scan(paths, cache))
        cache.close()
        pipe.write(found)
