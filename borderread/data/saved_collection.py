"""A collection searched through its saved index alone, for ``borderread search``.

When the files under the folders are exactly those a saved index was made of (the same
ids, paths, sizes and modification times; a file the collection cache knows is not text
is left out, as a full load would skip it), the index is loaded as it is, and an article is
made from the collection cache only when a search looks at it: the few a query's hits are
in, not all 10,000 (reading and checking every article's summary was a third of a warm
``borderread search``). Anything else (a file added, edited or gone, an entry missing from
the cache) means no saved index here (or :class:`NotSaved`), and the caller loads the
collection the usual way.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import overload

from borderread.data.collection_cache import CollectionCache
from borderread.data.corpus import Source, deferred_article
from borderread.data.models import Article, Skipped
from borderread.data.search import SearchIndex
from borderread.data.search_cache import Identity, load_index_of


class NotSaved(Exception):
    """The saved index or the cache does not hold these files as they are now."""


@dataclass(frozen=True)
class SavedCollection:
    """The saved index of a collection, and the files of it skipped as not text."""

    index: SearchIndex
    not_text: list[Skipped]
    """The files the cache knows are not text (as they are now), in order."""


def saved_index(
    folder: Path, sources: Sequence[Source], cache: CollectionCache
) -> SavedCollection | None:
    """The saved index of exactly ``sources`` as they are now (less those the cache knows
    are not text), its articles made from ``cache`` when first used (which raises
    :class:`NotSaved` if the cache lacks one); None when no such index is saved."""
    not_text = cache.not_text(sources)
    articles = [s for s in sources if s.path not in not_text] if not_text else list(sources)
    known: list[Identity] = []
    stat = os.stat
    for source in articles:
        try:
            info = stat(str(source.path))
        except OSError:
            return None
        known.append((source.id, source.path, (info.st_size, info.st_mtime_ns)))
    if not known:
        return None
    made = CachedArticles(articles, known, cache)
    index = load_index_of(folder, known, made)
    if _remembered is not None and index is not None:
        global _ahead
        _ahead = _ReadAhead(made)
    if index is None:
        return None
    skipped = [Skipped(s.path, not_text[s.path]) for s in sources if s.path in not_text]
    return SavedCollection(index, skipped)


class CachedArticles(Sequence[Article]):
    """The articles of ``sources``, each made from the cache's summary of its file (as it
    was at its stamp in ``known``) the first time it is asked for (iterating makes them
    all: a search asks only for those its hits are in)."""

    def __init__(
        self, sources: Sequence[Source], known: Sequence[Identity], cache: CollectionCache
    ) -> None:
        self._sources, self._known, self._cache = sources, known, cache
        self._made: dict[int, Article] = {}

    def __len__(self) -> int:
        return len(self._sources)

    def close_cache(self) -> None:
        """Close the collection cache's connection (a later read opens it again)."""
        self._cache.close()

    @property
    def made(self) -> int:
        """How many of the articles have been made so far."""
        return len(self._made)

    @overload
    def __getitem__(self, index: int) -> Article: ...

    @overload
    def __getitem__(self, index: slice) -> Sequence[Article]: ...

    def __getitem__(self, index: int | slice) -> Article | Sequence[Article]:
        if isinstance(index, slice):
            return [self[n] for n in range(len(self))[index]]
        number = range(len(self))[index]  # IndexError beyond the end, as a list's
        made = self._made.get(number)
        if made is None:
            made = self._made[number] = self._make(number)
        return made

    def _make(self, number: int) -> Article:
        source, stamp = self._sources[number], self._known[number][2]
        place = (self._cache.path, source.path, source.id)
        if _remembered is not None:
            known = _remembered.get(place)
            if known is not None and known.is_read and known.stamp == stamp:
                return known
        summary = self._cache.summaries([source]).get(source.path)
        if summary is None or summary.key != stamp:
            raise NotSaved(f"{source.id}: the collection cache has no entry for it as it is")
        made = deferred_article(source, summary, self._cache)
        if _remembered is not None:
            if len(_remembered) >= REMEMBER_AT_MOST:
                _remembered.clear()
            _remembered[place] = made
        return made


_remembered: dict[tuple[Path, Path, str], Article] | None = None
"""The articles made lately, by cache, path and id, once :func:`remember_articles` is called."""
REMEMBER_AT_MOST = 5_000


def remember_articles() -> None:
    """From now on reuse an article made before whose text was read, while its file's
    stamp is what it was (the search server: the hits of one search are often the next
    one's; reading them from the cache was a third of a warm search)."""
    global _remembered
    _remembered = {}


READ_AHEAD_CHARS = 16_000_000
"""How much text :func:`read_ahead` keeps in memory at most (~4x that in objects)."""


class _ReadAhead:
    """Where reading ahead in the last collection searched has got to."""

    def __init__(self, articles: CachedArticles) -> None:
        self.articles, self.next, self.chars = articles, 0, 0


_ahead: _ReadAhead | None = None


def read_ahead(count: int) -> bool:
    """Read the text of up to ``count`` more articles of the collection searched last into
    memory (see :func:`remember_articles`), for the searches to come; False when there is
    nothing more to read (all read, the memory budget spent, or the cache failed)."""
    global _ahead
    ahead = _ahead
    if ahead is None or _remembered is None:
        return False
    articles = ahead.articles
    try:
        for _ in range(count):
            if ahead.next >= len(articles) or len(_remembered) >= REMEMBER_AT_MOST - 1:
                raise StopIteration
            article = articles[ahead.next]
            ahead.next += 1
            _ = article.body
            ahead.chars += len(article.raw)
            if ahead.chars > READ_AHEAD_CHARS:
                raise StopIteration
    except (StopIteration, NotSaved, OSError):
        _ahead = None
        articles.close_cache()
        return False
    return True
