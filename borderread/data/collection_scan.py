"""A collection's files and the collection cache's summaries of them, as one message.

A restart over 10,000 cached articles spent most of its time before the list was complete
walking the folder and looking every file up in the cache (~0.5 s on the event loop's
thread, which shares the GIL with the UI). A forked child does both while the reader
imports Textual (see ``prefetch``) and hands the result over as plain ``marshal`` data;
the app then only makes the articles. Paths travel as (folder, name) so that the receiving
side makes each one without parsing it again.
"""

from __future__ import annotations

import marshal
import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any, NamedTuple

from borderread.data.collection_cache import CollectionCache, Summary
from borderread.data.corpus import (
    SMALL_COLLECTION,
    Source,
    cached_articles,
    child_path,
    discover,
    same_file,
)
from borderread.data.listing import Listing
from borderread.data.models import Article, ArticleMeta, Skipped

FORMAT = 1


class CollectionScan(NamedTuple):
    """What the loader needs before it reads any file: the sources in order, what the walk
    skipped, and the cache's still valid summary of each source it holds."""

    sources: list[Source]
    skipped: list[Skipped]
    summaries: dict[Path, Summary]


class SmallListing(NamedTuple):
    """A small collection as the collection cache knows it: the sources in order, what the
    walk skipped, and the article of each source the cache holds (its text read when
    first needed)."""

    sources: list[Source]
    skipped: list[Skipped]
    found: dict[Path, Article]

    def missing(self, known: Path | None = None) -> list[Source]:
        """The sources the cache lacks (``known``: one that need not be there)."""
        return [
            source
            for source in self.sources
            if source.path not in self.found
            and (known is None or not same_file(source.path, known))
        ]

    def complete(self, shown: Article | None) -> tuple[list[Article], list[Skipped]] | None:
        """Every article in order (``shown``, the article on screen, standing for its own
        file: not a second copy of it) and what was skipped; None if one is missing."""
        found = dict(self.found)
        if shown is not None:
            for source in self.sources:
                if same_file(source.path, shown.path):
                    found[source.path] = shown
        if len(found) < len(self.sources):
            return None
        return [found[source.path] for source in self.sources], self.skipped


def small_listing(paths: Sequence[Path], cache_folder: Path) -> SmallListing | None:
    """A collection of at most ``SMALL_COLLECTION`` files as the collection cache holds it;
    None when it is bigger or empty. The cache is closed again (an article reading its
    text opens it)."""
    sources, skipped = discover(paths, limit=SMALL_COLLECTION + 1)
    if len(sources) > SMALL_COLLECTION or not sources:
        return None
    cache = CollectionCache(cache_folder)
    found = cached_articles(sources, cache)
    cache.close()
    return SmallListing(sources, skipped, found)


def scan(paths: Sequence[Path], cache: CollectionCache) -> CollectionScan:
    """Walk ``paths`` and look every article found up in ``cache``."""
    sources, skipped = discover(paths)
    return CollectionScan(sources, skipped, cache.summaries(sources))


def to_bytes(found: CollectionScan) -> bytes:
    """``found`` as ``marshal`` data for :func:`from_bytes`."""
    folders: dict[str, int] = {}

    def place(path: Path) -> tuple[int, str]:
        folder, name = os.path.split(os.fspath(path))
        return folders.setdefault(folder, len(folders)), name

    sources = []
    for source in found.sources:
        summary = found.summaries.get(source.path)
        cached = None
        if summary is not None:
            cached = (*summary.key, summary.encoding, tuple(summary.meta), tuple(summary.listing))
        sources.append((*place(source.path), source.id, cached))
    skipped = [(*place(skip.path), skip.reason, skip.ignored) for skip in found.skipped]
    return marshal.dumps((FORMAT, list(folders), sources, skipped))


def from_bytes(data: bytes) -> CollectionScan | None:
    """The scan :func:`to_bytes` wrote, or None if ``data`` is not one."""
    try:
        version, folder_names, sources, skipped = marshal.loads(data)
        if version != FORMAT:
            return None
        folders = [Path(name) for name in folder_names]
        found = CollectionScan([], [], {})
        for folder, name, article_id, cached in sources:
            path = child_path(folders[folder], name)
            found.sources.append(Source(path, article_id))
            if cached is not None:
                found.summaries[path] = _summary(cached)
        for folder, name, reason, ignored in skipped:
            found.skipped.append(Skipped(child_path(folders[folder], name), reason, ignored))
    except (ValueError, EOFError, TypeError, IndexError):
        return None
    return found


def _summary(cached: tuple[Any, ...]) -> Summary:
    """A summary as the child sent it. Unlike ``collection_cache._summary`` it is not made
    display-safe again: the child read it through ``CollectionCache.summaries``, which did
    that, and the bytes come from our own child, not from a file."""
    size, mtime_ns, encoding, meta, listing = cached
    return Summary((size, mtime_ns), encoding, ArticleMeta(*meta), Listing(*listing))
