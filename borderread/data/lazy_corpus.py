"""A collection whose cached articles are read from the collection cache only when used.

``borderread search`` over 10,000 cached articles needs the text of the few dozen
paragraphs it ranks best, not every article: decoding them all was two thirds of a warm
search's 0.6 s. Files the cache does not hold (new, edited, not text) are loaded as usual.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import overload

from borderread.data.collection_cache import CollectionCache
from borderread.data.corpus import Source, discover, find_index, iter_load
from borderread.data.models import Article, ArticleMeta, Skipped


class CachedArticles(Sequence[Article]):
    """Articles in display order; each cached one decoded on first use and kept."""

    def __init__(
        self, sources: list[Source], loaded: dict[Path, Article], cache: CollectionCache
    ) -> None:
        self.sources = sources
        self._loaded = loaded
        self._cache = cache

    @property
    def identities(self) -> list[tuple[str, Path]]:
        """Each article's id and path, without reading it."""
        return [(source.id, source.path) for source in self.sources]

    @property
    def decoded(self) -> int:
        """How many articles have been read so far."""
        return len(self._loaded)

    def __len__(self) -> int:
        return len(self.sources)

    @overload
    def __getitem__(self, index: int) -> Article: ...

    @overload
    def __getitem__(self, index: slice) -> list[Article]: ...

    def __getitem__(self, index: int | slice) -> Article | list[Article]:
        if isinstance(index, slice):
            return [self[n] for n in range(*index.indices(len(self)))]
        source = self.sources[index]
        article = self._loaded.get(source.path)
        if article is None:
            article = self._read(source)
            self._loaded[source.path] = article
        return article

    def __iter__(self) -> Iterator[Article]:
        return (self[n] for n in range(len(self)))

    def find(self, ref: str) -> Article:
        """As :meth:`Corpus.find`: an id, a unique id prefix or a file path."""
        return self[find_index(self.identities, ref)]

    def _read(self, source: Source) -> Article:
        """The article from the cache; cleaned again if its file changed a moment ago."""
        found = self._cache.lookup([source]).get(source.path)
        if found is not None:
            return found
        for item in list(iter_load([source], self._cache)):  # whole: it stores on the way out
            if isinstance(item, Article):
                return item
        # Gone or unreadable since: an empty article (its indexed paragraphs match nothing).
        return Article(source.id, source.path, "", "utf-8", ArticleMeta(source.path.stem), ())


def load_lazily(
    paths: Sequence[Path], cache: CollectionCache
) -> tuple[CachedArticles, list[Skipped]]:
    """The articles under ``paths``: cached ones left unread, the others loaded now."""
    sources, skipped = discover(paths)
    cached = cache.cached_paths(sources)
    loaded: dict[Path, Article] = {}
    for item in iter_load([s for s in sources if s.path not in cached], cache):
        if isinstance(item, Article):
            loaded[item.path] = item
        else:
            skipped.append(item)
    kept = [s for s in sources if s.path in cached or s.path in loaded]
    return CachedArticles(kept, loaded, cache), skipped
