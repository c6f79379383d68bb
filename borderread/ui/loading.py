"""Where the app's articles come from, off the widgets: the small collection listed in
the first frame, and the loader's order (the article already shown is not read twice).

Pure data work (no widget is touched): the app calls these and shows what they return.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from borderread.data.models import Article, Skipped

if TYPE_CHECKING:
    from borderread.data.collection_cache import CollectionCache, Summary
    from borderread.data.corpus import Source
    from borderread.data.parallel_load import ParallelLoad


def cached_small_collection(
    paths: Sequence[Path], cache_folder: Path, shown: Article | None
) -> tuple[list[Article], list[Skipped]] | None:
    """Every article of a collection of at most ``SMALL_COLLECTION`` files, when the
    collection cache holds them all (``shown``, the article on screen, stands for its own
    file), and what the walk skipped; None when the collection is bigger or not all
    cached (the loader then lists it after the first paint)."""
    from borderread.data.collection_cache import CollectionCache
    from borderread.data.corpus import SMALL_COLLECTION, cached_articles, discover, same_file

    sources, skipped = discover(paths, limit=SMALL_COLLECTION + 1)
    if len(sources) > SMALL_COLLECTION or not sources:
        return None
    cache = CollectionCache(cache_folder)
    found = cached_articles(sources, cache)  # each read from the cache when first shown
    cache.close()
    if shown is not None:  # the article already on screen, not a second copy of it
        for source in sources:
            if same_file(source.path, shown.path):
                found[source.path] = shown
    if len(found) < len(sources):
        return None
    return [found[source.path] for source in sources], skipped


def load_collection(
    sources: list[Source],
    preloaded: Article | None,
    cache: CollectionCache,
    summaries: dict[Path, Summary] | None = None,
) -> tuple[Iterable[Article | Skipped], ParallelLoad | None]:
    """The articles of ``sources`` in order: from worker processes when many files need
    cleaning (then the pool's load comes too: it has the collection's index once all are
    listed), else from this thread through the cache (see :func:`load_in_order`)."""
    from borderread.data.parallel_load import load_if_worth_it

    if summaries is None:
        summaries = cache.summaries(sources)
    parallel = load_if_worth_it(sources, cache, summaries, preloaded)
    if parallel is not None:
        return parallel, parallel
    return load_in_order(sources, preloaded, cache, summaries), None


def load_in_order(
    sources: list[Source],
    preloaded: Article | None,
    cache: CollectionCache,
    summaries: dict[Path, Summary] | None = None,
) -> Iterator[Article | Skipped]:
    """Load ``sources`` in order through the collection cache (``summaries``: its, looked
    up already), reusing the article already shown instead of reloading it."""
    from borderread.data.corpus import iter_load, same_file

    def is_shown(source: Source) -> bool:
        return preloaded is not None and same_file(source.path, preloaded.path)

    rest = [s for s in sources if not is_shown(s)]
    others = iter_load(rest, cache, summaries)
    for source in sources:
        if preloaded is not None and is_shown(source):
            yield preloaded
        else:
            yield next(others)
    for _ in others:  # nothing is left, but the loader stores its last chunk on the way out
        pass
