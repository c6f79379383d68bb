"""Where the app's articles come from, off the widgets: the loader's order (the article
already shown is not read twice). A small collection listed in the first frame comes from
``collection_scan.small_listing``.

Pure data work (no widget is touched): the app calls these and shows what they return.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from borderread.data.models import Article, Skipped

if TYPE_CHECKING:
    from borderread.data.collection_cache import CollectionCache, Summary
    from borderread.data.corpus import Source
    from borderread.data.parallel_load import ParallelLoad


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
