"""Reader-mode results kept in the user cache folder, so a reopened article skips cleaning.

An entry is keyed by the file (path, size, modification time) and by the code that cleaned
it (borderread's version and the reader-mode modules' sizes and times): an edited file or a
changed cleaner is simply read again. ``marshal`` (plain data only) loads fast and safely;
any problem with an entry means it is ignored, never an error. Only the few most recently
saved entries are kept.
"""

from __future__ import annotations

import contextlib
import marshal
import os
import sys
import zlib
from pathlib import Path
from typing import TYPE_CHECKING, Any

from borderread import __version__
from borderread.data.atomic import atomic_write_bytes
from borderread.data.models import Article, ArticleMeta, Block

if TYPE_CHECKING:
    from importlib.machinery import ModuleSpec

    from borderread.data.corpus import Source

CACHE_FORMAT = 1
KEEP = 8
MAX_CACHED_BYTES = 16 * 1024 * 1024
"""Bigger articles are not cached (an entry holds the text twice: raw and cleaned)."""
MAX_TOTAL_BYTES = 64 * 1024 * 1024
"""What the entries may take in all (the newest one is kept whatever its size)."""
SUBFOLDER = "articles"
_CLEANER_MODULES = (
    "clean.py", "segment.py", "plaintext.py", "markdown.py", "markdown_html.py", "rst.py",
    "inline_text.py", "html.py", "pdf.py", "pdf_grid.py", "epub.py",
    "patterns.py", "decode.py", "text.py", "models.py", "changelog.py", "markers.py",
)  # fmt: skip


PARSER_PACKAGES = ("trafilatura", "docutils", "markdown_it", "pypdfium2")
"""The libraries reader mode parses with: a new one may parse a file differently."""
INDEX_MODULES = ("search.py", "fold.py", "marks.py")
"""What makes a search index of the cleaned text (its words, as folded)."""
_FOLDER = Path(__file__).parent


def _find_spec(name: str) -> ModuleSpec | None:
    """The top-level module ``name`` as the import system's finders find it, the way
    ``importlib.util.find_spec`` asks them, without importing that module and what it
    imports (~1 ms, before the reader's first frame)."""
    for finder in sys.meta_path:
        find = getattr(finder, "find_spec", None)
        spec = find(name, None) if find is not None else None
        if spec is not None:
            return spec  # type: ignore[no-any-return]
    return None


def _package_stamp(name: str) -> str:
    """Which version of the package ``name`` is installed (its main file's size and
    time; found without importing it)."""
    try:
        spec = _find_spec(name)
        origin = spec.origin if spec is not None else None
        info = os.stat(origin) if origin else None
    except (ImportError, ValueError, OSError):
        return f"no-{name}"
    return f"{info.st_size}:{info.st_mtime_ns}" if info else f"no-{name}"


def cleaner_version(more_modules: tuple[str, ...] = ()) -> str:
    """Changes whenever borderread, one of the reader-mode modules (and ``more_modules``)
    or a library they parse with changes ("" when that cannot be told: then nothing
    cached may be trusted)."""
    parts = [f"{CACHE_FORMAT}", __version__, *map(_package_stamp, PARSER_PACKAGES)]
    for name in (*_CLEANER_MODULES, *more_modules):
        try:
            info = (_FOLDER / name).stat()
        except OSError:
            return ""  # cannot tell: never trust (or write) an entry
        parts.append(f"{info.st_size}:{info.st_mtime_ns}")
    return "/".join(parts)


def index_version() -> str:
    """:func:`cleaner_version`, changing also with the code that indexes the text."""
    return cleaner_version(INDEX_MODULES)


def _entry_path(folder: Path, path: Path) -> Path:
    name = os.fsencode(path.absolute())
    return folder / SUBFOLDER / f"{zlib.crc32(name):08x}-{len(name)}.bin"


def has_entry(folder: Path, path: Path) -> bool:
    """True when an entry for ``path`` exists (valid or not: only a stat)."""
    return _entry_path(folder, path).exists()


def _file_key(path: Path) -> list[int] | None:
    try:
        info = path.stat()
    except OSError:
        return None
    return [info.st_size, info.st_mtime_ns]


def load_cached(folder: Path, source: Source) -> Article | None:
    """The article as cleaned last time, if neither the file nor the cleaner changed since."""
    cleaner = cleaner_version()
    key = _file_key(source.path)
    if not cleaner or key is None:
        return None
    try:
        data = marshal.loads(_entry_path(folder, source.path).read_bytes())
        if (
            data["cleaner"] != cleaner
            or data["file"] != key
            or data["path"] != os.fsencode(source.path.absolute())
        ):
            return None
        return from_record(source, data, stamp=(key[0], key[1]))
    except (OSError, ValueError, EOFError, TypeError, KeyError):
        return None


def to_record(article: Article) -> dict[str, Any]:
    """The article as plain data (for ``marshal``): text, encoding, metadata and blocks."""
    return {
        "raw": article.raw,
        "encoding": article.encoding,
        "meta": tuple(article.meta),
        "blocks": [_block_record(b) for b in article.blocks],
        "pages": article.line_pages,
        "stamp": article.stamp,
    }


def _block_record(block: Block) -> tuple[Any, ...]:
    """A block as a plain tuple of its fields (``Block(*record)`` undoes it)."""
    return tuple(block)


def from_record(
    source: Source, record: dict[str, Any], stamp: tuple[int, int] | None = None
) -> Article:
    """The article back from :func:`to_record`'s data; ``TypeError``/``KeyError`` if the
    data is not such a record."""
    meta = ArticleMeta(*record["meta"])
    blocks = tuple(Block(*block) for block in record["blocks"])
    pages = tuple(record.get("pages", ()))
    raw, encoding = record["raw"], record["encoding"]
    stamp = stamp or _stamp(record.get("stamp"))
    return Article(source.id, source.path, raw, encoding, meta, blocks, pages, stamp=stamp)


def _stamp(value: object) -> tuple[int, int] | None:
    """A record's file stamp, if it is one (a record from elsewhere may hold anything)."""
    if isinstance(value, tuple) and len(value) == 2 and all(type(n) is int for n in value):
        return value[0], value[1]
    return None


def save_cached(folder: Path, article: Article) -> None:
    """Keep ``article``'s reader-mode result for next time (best effort: a failure only
    costs cleaning it again)."""
    cleaner = cleaner_version()
    key = list(article.stamp) if article.stamp else _file_key(article.path)
    if not cleaner or key is None or key[0] > MAX_CACHED_BYTES:
        return
    data = {
        "cleaner": cleaner,
        "file": key,
        "path": os.fsencode(article.path.absolute()),
        **to_record(article),
    }
    target = _entry_path(folder, article.path)
    try:
        atomic_write_bytes(target, marshal.dumps(data), durable=False, temp_prefix=".article-")
    except (OSError, ValueError):
        return
    _prune(target.parent)


def _prune(entries: Path) -> None:
    """Keep the newest entries, at most KEEP and MAX_TOTAL_BYTES in all (the newest always);
    never raises (another copy may be pruning too)."""
    found: list[tuple[float, int, Path]] = []
    try:
        listed = list(entries.glob("*.bin"))
    except OSError:
        return
    for path in listed:
        try:
            info = path.stat()
        except OSError:
            continue
        found.append((info.st_mtime, info.st_size, path))
    found.sort(key=lambda entry: entry[0], reverse=True)
    total = 0
    for rank, (_, size, path) in enumerate(found):
        total += size
        if rank >= KEEP or (rank > 0 and total > MAX_TOTAL_BYTES):
            with contextlib.suppress(OSError):
                path.unlink()
