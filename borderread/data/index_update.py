"""A saved collection index brought up to date for the few files changed since it was made.

Adding, editing or removing one file of 10,000 changes the saved index's key, and a
restart indexed the whole collection again (5.7 s in worker processes, every text read
from the cache). Here the newest saved index is taken apart instead: the paragraphs and
postings of every article unchanged since (same id, path and file stamp) keep their place,
moved along by the articles added or removed before them, and only the others are read
and indexed. The result is the index building everything afresh makes (tested so).
"""

from __future__ import annotations

from array import array
from bisect import bisect_left
from collections.abc import Callable, Sequence
from typing import NamedTuple

from borderread.data.models import Article
from borderread.data.search import IndexParts, SearchIndex

MOST_CHANGED = 0.25
"""Beyond this share of the articles new or changed, indexing them all (on every core) is
about as quick: no update is tried."""


class SavedIndex(NamedTuple):
    """An index as saved: its articles' ids, paths and file stamps, and its parts."""

    ids: list[str]
    paths: list[str]
    stamps: list[tuple[int, int] | None]
    parts: IndexParts


Key = tuple[str, str, "tuple[int, int] | None"]
"""What an article is known by in a saved index: its id, path (as text) and file stamp."""


def _key(article: Article) -> Key:
    return (article.id, str(article.path), article.stamp)


def worth_updating(
    ids: list[str],
    paths: list[str],
    stamps: list[tuple[int, int] | None],
    articles: Sequence[Article],
) -> bool:
    """Whether an index saved of these articles (ids, paths, stamps) holds enough of
    ``articles`` as they are for an update to pay."""
    saved = {key for key in zip(ids, paths, stamps, strict=True) if key[2] is not None}
    unchanged = sum(_key(article) in saved for article in articles)
    return len(articles) - unchanged <= MOST_CHANGED * len(articles)


def updated_index(
    saved: SavedIndex, articles: Sequence[Article], cancelled: Callable[[], bool] = bool
) -> SearchIndex | None:
    """The index of ``articles`` made from ``saved`` and the articles not in it as they
    are now; None when too many changed, when the unchanged ones are in another order,
    or when cancelled."""
    old_number: dict[Key, int] = {
        (article_id, path, stamp): n
        for n, (article_id, path, stamp) in enumerate(
            zip(saved.ids, saved.paths, saved.stamps, strict=True)
        )
        if stamp is not None
    }
    kept = [old_number.get(_key(article)) for article in articles]
    numbers = [n for n in kept if n is not None]
    fresh = [article for article, n in zip(articles, kept, strict=True) if n is None]
    if len(fresh) > MOST_CHANGED * len(articles) or numbers != sorted(numbers):
        return None
    new_index = SearchIndex()
    for article in fresh:
        if cancelled():
            return None
        new_index.add(article)
    return _joined(saved.parts, new_index.parts(), kept, articles)


Piece = tuple[bool, int, int, int]
"""Consecutive articles of one index (the saved one: True; the new articles': False): its
paragraphs from ``low`` to ``high`` (exclusive), moved by ``shift`` in the new index."""


def _joined(
    old: IndexParts, new: IndexParts, kept: list[int | None], articles: Sequence[Article]
) -> SearchIndex:
    """The parts of the kept old articles and of the new ones, in ``articles``' order."""
    ends = {True: [*old.first_paragraph[1:], len(old.paragraph_article)],
            False: [*new.first_paragraph[1:], len(new.paragraph_article)]}  # fmt: skip
    firsts = {True: old.first_paragraph, False: new.first_paragraph}
    words_of = {True: old.paragraph_words, False: new.paragraph_words}
    first: list[int] = []
    paragraph_article, paragraph_words = array("i"), array("i")
    pieces: list[Piece] = []
    fresh = 0
    for number, old_number in enumerate(kept):
        is_old = old_number is not None
        at = old_number if old_number is not None else fresh
        fresh += not is_old
        start = len(paragraph_article)
        first.append(start)
        low, high = firsts[is_old][at], ends[is_old][at]
        paragraph_article.extend(array("i", [number]) * (high - low))
        paragraph_words.extend(words_of[is_old][low:high])
        last = pieces[-1] if pieces else None
        if last is not None and last[0] == is_old and last[2] == low:  # the run goes on
            pieces[-1] = (is_old, last[1], high, last[3])
        else:
            pieces.append((is_old, low, high, start - low))
    postings: dict[str, array[int]] = {}
    frequencies: dict[str, array[int]] = {}
    for word in {**old.postings, **new.postings}:
        sources = {}
        if word in old.postings:
            sources[True] = (old.postings[word], old.frequencies[word])
        if word in new.postings:
            sources[False] = (new.postings[word], new.frequencies[word])
        moved, counts = _gathered(sources, pieces)
        if moved:
            postings[word], frequencies[word] = moved, counts
    ids = [article.id for article in articles]
    return SearchIndex.from_parts(
        articles, ids, first, paragraph_article, postings, frequencies, paragraph_words
    )


def _gathered(
    sources: dict[bool, tuple[array[int], array[int]]], pieces: list[Piece]
) -> tuple[array[int], array[int]]:
    """One word's paragraphs (and how often it stands in each) in the new index: each
    piece's share of its source's postings, moved, in the pieces' order."""
    moved, counts = array("i"), array("B")
    for is_old, low, high, shift in pieces:
        source = sources.get(is_old)
        if source is None:
            continue
        found, frequencies = source
        a = bisect_left(found, low)
        b = bisect_left(found, high, a)
        if a < b:
            part = found[a:b]
            moved.extend(part if shift == 0 else array("i", map(shift.__add__, part)))
            counts.extend(frequencies[a:b])
    return moved, counts
