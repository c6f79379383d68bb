"""A saved search index in the user cache folder, keyed by the files' paths, sizes and times.

``marshal`` (plain data only: strings, lists, bytes) keeps loading fast and safe; any
problem with a cache file means it is ignored and rebuilt, never an error.
"""

from __future__ import annotations

import contextlib
import hashlib
import marshal
from array import array
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from borderread import __version__
from borderread.data.article_cache import index_version
from borderread.data.atomic import atomic_write_bytes
from borderread.data.index_update import SavedIndex, updated_index, worth_updating
from borderread.data.models import Article
from borderread.data.search import IndexParts, SearchIndex

CACHE_FORMAT = 2
KEEP = 3


Identity = tuple[str, Path, "tuple[int, int] | None"]
Identities = Sequence[Identity]
"""Each article's id, path and file stamp (size, mtime) if known, in the index's order."""


def identities(articles: Sequence[Article]) -> Identities:
    """The articles' ids, paths and stamps (a deferred article's content stays unread)."""
    return [(article.id, article.path, article.stamp) for article in articles]


def cache_key(articles: Identities) -> str | None:
    """A key that changes when any file is added, removed, renamed, resized or touched, or
    when the reader-mode code that made the paragraphs, or the code that indexes them,
    changes. A file is described as it was when read (its stamp), so an index of text
    since edited is never saved as current; a file read without a stamp is looked at now."""
    cleaner = index_version()
    if not cleaner:
        return None
    digest = hashlib.sha1(f"{CACHE_FORMAT}:{__version__}:{cleaner}".encode(), usedforsecurity=False)
    lines = []  # hashed in one go: the same digest, a third of the time
    for article_id, path, stamp in articles:
        if stamp is None:
            try:
                info = path.stat()
            except OSError:
                return None
            stamp = (info.st_size, info.st_mtime_ns)
        lines.append(f"{article_id}\0{path}\0{stamp[0]}\0{stamp[1]}\n")
    digest.update("".join(lines).encode("utf-8", "surrogateescape"))
    return digest.hexdigest()[:24]


def has_saved_index(folder: Path, articles: Identities) -> bool:
    """True when an index of exactly these articles is saved (whether sound is only known
    by loading it)."""
    key = cache_key(articles)
    return key is not None and (folder / f"index-{key}.bin").is_file()


def load_index(folder: Path, articles: Sequence[Article]) -> SearchIndex | None:
    """The saved index for exactly these articles, or None."""
    return load_index_of(folder, identities(articles), articles)


def load_index_of(
    folder: Path, known: Identities, articles: Sequence[Article]
) -> SearchIndex | None:
    """The saved index of the articles ``known`` describes (``articles``: them, in the
    same order; any sequence, e.g. one that makes each article only when it is used)."""
    key = _kept_key(known) if _keeping else cache_key(known)
    if key is None:
        return None
    ids = [article_id for article_id, _, _ in known]
    path = folder / f"index-{key}.bin"
    kept = _kept_index(path, ids) if _keeping else None
    if kept is not None:
        return kept.over(articles)
    parts = _saved(path, ids)
    if parts is None:
        return None
    index = SearchIndex.from_parts(
        articles, ids, parts.first_paragraph, parts.paragraph_article, parts.postings,
        parts.frequencies, parts.paragraph_words,
    )  # fmt: skip
    if _keeping:
        _keep(path, ids, index)
    return index


_keeping = False
_kept: dict[Path, tuple[tuple[int, int, int], list[str], SearchIndex]] = {}
"""The last index :func:`load_index_of` read, by its file's inode, size and mtime."""


def keep_loaded_indexes() -> None:
    """From now on keep the last index :func:`load_index_of` read in memory, for the next
    call to reuse while its file is unchanged (the search server's 20 ms a search: reading
    it and building its lookup tables; an index loaded from parts never grows, so all of
    that can be shared)."""
    global _keeping
    _keeping = True


_last_key: tuple[list[Identity], str | None] = ([], None)


def _kept_key(known: Identities) -> str | None:
    """:func:`cache_key` of ``known``, reused while it is what it was last time (comparing
    2,000 identities takes a tenth of hashing them). A file without a stamp is looked at
    now, every time."""
    global _last_key
    if any(stamp is None for _, _, stamp in known):
        return cache_key(known)
    if _last_key[1] is not None and known == _last_key[0]:
        return _last_key[1]
    key = cache_key(known)
    _last_key = (list(known), key)
    return key


def _file_stamp(path: Path) -> tuple[int, int, int] | None:
    try:
        info = path.stat()
    except OSError:
        return None
    return (info.st_ino, info.st_size, info.st_mtime_ns)


def _kept_index(path: Path, ids: list[str]) -> SearchIndex | None:
    kept = _kept.get(path)
    if kept is None or kept[1] != ids or kept[0] != _file_stamp(path):
        return None
    return kept[2]


def _keep(path: Path, ids: list[str], index: SearchIndex) -> None:
    stamp = _file_stamp(path)
    _kept.clear()  # one at a time: a big collection's index is hundreds of MB
    if stamp is not None:
        _kept[path] = (stamp, ids, index)


def updated_saved_index(
    folder: Path, articles: Sequence[Article], cancelled: Callable[[], bool] = bool
) -> SearchIndex | None:
    """The newest index saved here of mostly these articles, brought up to date for the
    rest (see ``index_update``); None if there is none. Which one is told by the small
    list of articles saved beside each index: a big index of another collection is not
    read for nothing."""
    for ids_file in _newest_first(folder, "ids"):
        try:
            known = marshal.loads(ids_file.read_bytes())
            if known[0] != CACHE_FORMAT:
                continue
            ids, paths = list(known[1]), list(known[2])
            stamps = [tuple(stamp) if stamp is not None else None for stamp in known[3]]
        except (OSError, ValueError, EOFError, TypeError, IndexError):
            continue
        if not worth_updating(ids, paths, stamps, articles):
            continue
        saved = _saved(ids_file.with_suffix(".bin"), ids)
        if saved is not None:
            return updated_index(SavedIndex(ids, paths, stamps, saved), articles, cancelled)
    return None


def _newest_first(folder: Path, suffix: str) -> list[Path]:
    """The saved ``index-*.<suffix>`` files, the newest first (never raises)."""
    found: list[tuple[float, Path]] = []
    with contextlib.suppress(OSError):
        for path in folder.glob(f"index-*.{suffix}"):
            with contextlib.suppress(OSError):
                found.append((path.stat().st_mtime, path))
    return [path for _, path in sorted(found, reverse=True)]


def _saved(path: Path, ids: list[str]) -> IndexParts | None:
    """The parts of the index saved at ``path``, if it is of the articles ``ids``."""
    try:
        data = marshal.loads(path.read_bytes())
        if data["format"] != CACHE_FORMAT or list(data["ids"]) != ids:
            return None
        parts = _parts(data)
        return parts if parts is not None and len(parts.first_paragraph) == len(ids) else None
    except (OSError, ValueError, EOFError, TypeError, KeyError):
        return None


def _parts(data: dict[str, Any]) -> IndexParts | None:
    """The index parts in a saved index's data (taken out of it: the peak is the index
    once, not twice); None if they do not fit together."""
    paragraph_article = array_from("i", data.pop("paragraph_article"))
    paragraph_words = array_from("i", data.pop("paragraph_words"))
    words, raws, counts = data["words"], data.pop("postings"), data.pop("frequencies")
    if not len(words) == len(raws) == len(counts):
        return None
    postings, frequencies = {}, {}
    for n, word in enumerate(words):  # each word's bytes let go once copied
        postings[word] = array_from("i", raws[n])
        frequencies[word] = array_from("B", counts[n])
        raws[n] = counts[n] = b""
    first = list(data["first"])
    return IndexParts(first, paragraph_article, postings, frequencies, paragraph_words)


def array_from(typecode: str, raw: bytes) -> array[int]:
    """An array of ``typecode`` from its ``tobytes()``."""
    found = array(typecode)
    found.frombytes(raw)
    return found


def save_index(folder: Path, index: SearchIndex) -> None:
    """Save ``index`` for next time (best effort: a failure only costs a rebuild)."""
    known = identities(index.articles)
    key = cache_key(known)
    if key is None:
        return
    parts = index.parts()
    ids = [article_id for article_id, _, _ in known]
    paths = [str(path) for _, path, _ in known]  # what an update compares with
    stamps = [stamp for _, _, stamp in known]
    data = {
        "format": CACHE_FORMAT,
        "ids": ids,
        "paths": paths,
        "stamps": stamps,
        "first": parts.first_paragraph,
        "paragraph_article": parts.paragraph_article.tobytes(),
        "words": list(parts.postings),
        "postings": [p.tobytes() for p in parts.postings.values()],
        "frequencies": [parts.frequencies[word].tobytes() for word in parts.postings],
        "paragraph_words": parts.paragraph_words.tobytes(),
    }
    target = folder / f"index-{key}.bin"
    listed = (CACHE_FORMAT, ids, paths, stamps)
    try:
        atomic_write_bytes(target, marshal.dumps(data), durable=False, temp_prefix=".index-")
        atomic_write_bytes(  # what an update looks at first, to pick an index to update
            target.with_suffix(".ids"), marshal.dumps(listed), durable=False, temp_prefix=".index-"
        )
    except (OSError, ValueError):
        return
    _prune(folder)


def _prune(folder: Path) -> None:
    """Keep the newest KEEP indexes (each with its list of articles); never raises
    (another copy may be pruning too)."""
    for old in _newest_first(folder, "bin")[KEEP:]:
        for path in (old, old.with_suffix(".ids")):
            with contextlib.suppress(OSError):
                path.unlink()
