"""What the article list shows of an article and filters on, from its metadata alone.

Worked out once when a file is cleaned and kept in the collection cache with the metadata,
so that listing 10,000 cached articles is string joins, not 10,000 rounds of making text
visible and folding it.
"""

from __future__ import annotations

from typing import NamedTuple

from borderread.data.fold import fold
from borderread.data.models import ArticleMeta
from borderread.data.text import visible


class Listing(NamedTuple):
    title: str
    """The title as shown (display-safe, on one line)."""
    details: str
    """Author · source · date · reading time, display-safe ("" when none is known)."""
    key: str
    """Folded title, author and source: what the filter matches (the id is added)."""


def listing_of(meta: ArticleMeta) -> Listing:
    parts = (
        meta.author or "",
        meta.source or "",
        meta.date or "",
        f"{meta.reading_minutes} min" if meta.reading_minutes else "",
    )
    details = " · ".join(visible(part, keep_layout=False) for part in parts if part)
    key = fold(" ".join(p for p in (meta.title, meta.author, meta.source) if p))
    return Listing(visible(meta.title, keep_layout=False), details, key)


def listing_from(title: object, details: object, key: object) -> Listing:
    """A listing read back from a cache or a worker: made display-safe again (a cache is
    never trusted: a damaged or doctored one must not put escape sequences on screen);
    ``TypeError`` if the parts are not strings."""
    if not (isinstance(title, str) and isinstance(details, str) and isinstance(key, str)):
        raise TypeError("a listing is three strings")
    return Listing(visible(title, keep_layout=False), visible(details, keep_layout=False), key)


def meta_from(fields: tuple[object, ...] | list[object]) -> ArticleMeta:
    """Metadata read back from a cache or a worker, display-safe again like a listing;
    ``TypeError`` if it is not metadata."""
    meta = ArticleMeta(*fields)
    texts = (meta.title, meta.author, meta.date, meta.source)
    if not all(text is None or isinstance(text, str) for text in texts):
        raise TypeError("metadata texts are strings")
    safe = [text if text is None else visible(text, keep_layout=False) for text in texts]
    return meta._replace(title=safe[0] or "", author=safe[1], date=safe[2], source=safe[3])
