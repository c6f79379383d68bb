"""Read and clean the first article in a child process while the reader imports Textual.

Importing Textual keeps one core busy for ~170 ms before the app can do anything. The
article the reader will open first is known before that (the last one read, or the first
of the first path), so a forked child reads and cleans it meanwhile, on another core, and
hands it over through a pipe as plain data. This pays only for big articles that are not
in the cache folder yet: a small one is cleaned in a few milliseconds, a cached one is read
back quicker than through a pipe, and forking has a cost of its own (the parent's pages are
copied as it writes to them), so only those get a child.
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
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from borderread.data.corpus import Source
    from borderread.data.models import Article

TIMEOUT = 5.0
"""Longest wait for the child before loading the article in the app instead."""
MIN_BYTES = 128 * 1024
"""Smaller articles are not worth a child process."""


class Prefetch:
    """A child process preparing one article; its result can be taken once."""

    def __init__(self, source: Source, pid: int, fd: int) -> None:
        self.source = source
        self._pid = pid
        self._fd = fd
        self._done = False

    def take(self, source: Source, timeout: float = TIMEOUT) -> Article | None:
        """The article, if the child prepared ``source`` and finished in time; otherwise
        None. The child is reaped either way."""
        if self._done:
            return None
        wanted = source.path.absolute() == self.source.path.absolute()
        payload = self._read(timeout) if wanted else None
        self.cancel()
        if payload is None:
            return None
        from borderread.data.article_cache import from_record

        try:
            return from_record(source, marshal.loads(payload))
        except (ValueError, EOFError, TypeError, KeyError):
            return None

    def cancel(self) -> None:
        """Stop the child if it is still working, and reap it."""
        if self._done:
            return
        self._done = True
        with contextlib.suppress(OSError):
            os.close(self._fd)
        with contextlib.suppress(OSError):
            if os.waitpid(self._pid, os.WNOHANG) == (0, 0):
                os.kill(self._pid, signal.SIGKILL)
                os.waitpid(self._pid, 0)

    def _read(self, timeout: float) -> bytes | None:
        chunks: list[bytes] = []
        deadline = time.monotonic() + timeout
        while True:
            left = deadline - time.monotonic()
            if left <= 0 or not select.select([self._fd], [], [], left)[0]:
                return None  # too slow: the app loads the article itself
            chunk = os.read(self._fd, 1 << 20)
            if not chunk:
                return b"".join(chunks) or None
            chunks.append(chunk)


def start(paths: Sequence[Path], preferred: Path | None, cache_folder: Path) -> Prefetch | None:
    """Fork a child preparing the article the reader will open first (``preferred``, the
    last one read, if it lies under ``paths``), if that is big and not in the cache folder;
    otherwise return None."""
    if not hasattr(os, "fork"):
        return None
    from borderread.data.corpus import first_source

    source = first_source(paths, preferred)
    if source is None or not _worth_it(source, cache_folder):
        return None
    read_end, write_end = os.pipe()
    try:
        pid = os.fork()
    except OSError:
        os.close(read_end)
        os.close(write_end)
        return None
    if pid == 0:  # the child: prepare the article, hand it over, leave without cleanup
        try:
            os.close(read_end)
            _prepare(source, write_end)
        finally:
            os._exit(0)
    os.close(write_end)
    return Prefetch(source, pid, read_end)


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
    """In the child: never touch the terminal; write the article's record to ``out``."""
    quiet = os.open(os.devnull, os.O_RDWR)
    for stream in (0, 1, 2):
        os.dup2(quiet, stream)
    from borderread.data.article_cache import to_record
    from borderread.data.corpus import load_article

    payload = marshal.dumps(to_record(load_article(source)))
    with os.fdopen(out, "wb") as pipe:
        pipe.write(payload)
