"""Load articles from files and folders into a :class:`Corpus`.

Folders are walked recursively (``.txt``, ``.text``, ``.md``, ``.markdown``; hidden entries
skipped). Broken links, symlink loops, special files (FIFOs, devices), unreadable and binary
files are skipped with a stated reason, never hanging the loader. Order is a natural sort by
relative path; an article's id is its path relative to the folder it came from.
"""

from __future__ import annotations

import os
import re
import stat
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

from borderread.data.decode import NotText, decode_bytes
from borderread.data.models import Article, Skipped

ARTICLE_SUFFIXES = frozenset({".txt", ".text", ".md", ".markdown"})
MAX_FILE_BYTES = 64 * 1024 * 1024
_DIGITS = re.compile(r"(\d+)")


class ArticleNotFound(LookupError):
    """No article, or more than one, matches a reference; the message says which."""


class Source(NamedTuple):
    """A file to load and the id it will have."""

    path: Path
    id: str


@dataclass
class Corpus:
    """The loaded articles in display order, and what was skipped."""

    articles: list[Article] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)

    def find(self, ref: str) -> Article:
        """Resolve an id, a unique id prefix or a file path to an article."""
        for article in self.articles:
            if article.id == ref:
                return article
        matches = [a for a in self.articles if a.id.startswith(ref)]
        if len(matches) == 1:
            return matches[0]
        if len(matches) > 1:
            names = ", ".join(a.id for a in matches[:5])
            raise ArticleNotFound(f"'{ref}' matches {len(matches)} articles: {names}")
        try:
            wanted = Path(ref).resolve()
        except (OSError, RuntimeError):
            wanted = None
        for article in self.articles:
            if wanted is not None and article.path.resolve() == wanted:
                return article
        raise ArticleNotFound(f"no article matches '{ref}'")


def natural_key(text: str) -> tuple[tuple[int, int | str], ...]:
    """Sort key that orders ``a2`` before ``a10``."""
    return tuple(
        (0, int(part)) if part.isdigit() else (1, part.casefold())
        for part in _DIGITS.split(text)
        if part
    )


def discover(paths: Sequence[Path]) -> tuple[list[Source], list[Skipped]]:
    """Find the article files under ``paths`` without reading them."""
    sources: list[Source] = []
    skipped: list[Skipped] = []
    seen_files: set[tuple[int, int]] = set()
    for root in paths:
        found: list[tuple[Source, tuple[int, int]]] = []
        try:
            info = root.stat()
        except FileNotFoundError:
            reason = "broken link" if root.is_symlink() else "does not exist"
            skipped.append(Skipped(root, reason))
            continue
        except (OSError, RuntimeError) as error:
            skipped.append(Skipped(root, _describe(error)))
            continue
        key = (info.st_dev, info.st_ino)
        if stat.S_ISDIR(info.st_mode):
            _walk(str(root), str(root), info.st_dev, found, skipped, {key})
        elif stat.S_ISREG(info.st_mode):
            found.append((Source(root, root.name), key))
        else:
            skipped.append(Skipped(root, "not a regular file (FIFO, device or socket)"))
        found.sort(key=lambda item: natural_key(item[0].id))
        for source, file_key in found:
            if file_key not in seen_files:
                seen_files.add(file_key)
                sources.append(source)
    return _unique_ids(sources), skipped


def _walk(
    root: str,
    folder: str,
    device: int,
    found: list[tuple[Source, tuple[int, int]]],
    skipped: list[Skipped],
    visited: set[tuple[int, int]],
) -> None:
    """Collect article files below ``folder``; stat only symlinks and folders.

    Plain entries are classified from the directory listing itself (no system call per
    file), which keeps a 10,000-file folder quick to discover.
    """
    try:
        with os.scandir(folder) as listing:
            entries = sorted(listing, key=lambda e: natural_key(e.name))
    except OSError as error:
        skipped.append(Skipped(Path(folder), _describe(error)))
        return
    prefix = len(root) + 1
    for entry in entries:
        if entry.name.startswith("."):
            continue
        try:
            if entry.is_symlink():
                info = os.stat(entry.path)
                is_dir, is_file = stat.S_ISDIR(info.st_mode), stat.S_ISREG(info.st_mode)
                key = (info.st_dev, info.st_ino)
            else:
                is_dir = entry.is_dir(follow_symlinks=False)
                is_file = not is_dir and entry.is_file(follow_symlinks=False)
                key = (device, entry.inode())
        except FileNotFoundError:
            skipped.append(Skipped(Path(entry.path), "broken link"))
            continue
        except (OSError, RuntimeError) as error:
            skipped.append(Skipped(Path(entry.path), _describe(error)))
            continue
        if is_dir:
            if key in visited:
                skipped.append(Skipped(Path(entry.path), "symlink loop (folder already visited)"))
                continue
            sub_device = key[0] if entry.is_symlink() else device
            _walk(root, entry.path, sub_device, found, skipped, visited | {key})
        elif os.path.splitext(entry.name)[1].lower() not in ARTICLE_SUFFIXES:
            continue
        elif is_file:
            article_id = entry.path[prefix:].replace(os.sep, "/")
            found.append((Source(Path(entry.path), article_id), key))
        else:
            skipped.append(Skipped(Path(entry.path), "not a regular file (FIFO, device or socket)"))


def first_source(paths: Sequence[Path], preferred: Path | None = None) -> Source | None:
    """The article to show first, found without scanning whole folders.

    ``preferred`` (the last article read) wins when it lies under one of ``paths``;
    otherwise it is the first article of the first path in natural order.
    """
    if preferred is not None and preferred.is_file():
        preferred = preferred.absolute()
        for root in paths:
            if root.is_dir() and preferred.is_relative_to(root.absolute()):
                return Source(preferred, preferred.relative_to(root.absolute()).as_posix())
            if root.is_file() and root.absolute() == preferred:
                return Source(root, root.name)
    for root in paths:
        if root.is_file():
            return Source(root, root.name)
        if root.is_dir():
            found = _first_in(root, root, depth=0)
            if found is not None:
                return found
    return None


def _first_in(root: Path, folder: Path, depth: int) -> Source | None:
    if depth > 32:
        return None
    try:
        with os.scandir(folder) as listing:
            entries = sorted(listing, key=lambda e: natural_key(e.name))
    except OSError:
        return None
    for entry in entries:
        if entry.name.startswith("."):
            continue
        try:
            if entry.is_dir():
                found = _first_in(root, Path(entry.path), depth + 1)
                if found is not None:
                    return found
            elif entry.is_file() and os.path.splitext(entry.name)[1].lower() in ARTICLE_SUFFIXES:
                path = Path(entry.path)
                return Source(path, path.relative_to(root).as_posix())
        except OSError:
            continue
    return None


def _unique_ids(sources: list[Source]) -> list[Source]:
    """Give files of the same name from different arguments distinct ids."""
    counts: dict[str, int] = {}
    unique: list[Source] = []
    for source in sources:
        n = counts.get(source.id, 0) + 1
        counts[source.id] = n
        unique.append(source if n == 1 else Source(source.path, f"{source.id}~{n}"))
    return unique


def _describe(error: BaseException) -> str:
    if isinstance(error, PermissionError):
        return "permission denied"
    if isinstance(error, RuntimeError) or getattr(error, "errno", None) == 40:  # ELOOP
        return "symlink loop"
    return getattr(error, "strerror", None) or str(error) or type(error).__name__


def load_article(source: Source) -> Article:
    """Read, decode and clean one file; raise ``OSError`` or :class:`NotText` on failure."""
    from borderread.data.clean import read_article  # not imported to look a file up

    fd = os.open(source.path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    with os.fdopen(fd, "rb") as handle:
        if not stat.S_ISREG(os.fstat(handle.fileno()).st_mode):
            raise NotText("not a regular file (FIFO, device or socket)")
        data = handle.read(MAX_FILE_BYTES + 1)
    if len(data) > MAX_FILE_BYTES:
        raise NotText(f"larger than {MAX_FILE_BYTES // (1024 * 1024)} MiB")
    text, encoding = decode_bytes(data)
    meta, blocks = read_article(text, fallback_title=source.path.stem)
    return Article(source.id, source.path, text, encoding, meta, blocks)


def iter_load(sources: Iterable[Source]) -> Iterator[Article | Skipped]:
    """Load sources one by one, yielding an article or the reason it was skipped."""
    for source in sources:
        try:
            yield load_article(source)
        except NotText as error:
            yield Skipped(source.path, str(error))
        except OSError as error:
            yield Skipped(source.path, _describe(error))


def load_corpus(paths: Sequence[Path]) -> Corpus:
    """Discover and load every article under ``paths``."""
    sources, skipped = discover(paths)
    corpus = Corpus(skipped=skipped)
    for item in iter_load(sources):
        if isinstance(item, Article):
            corpus.articles.append(item)
        else:
            corpus.skipped.append(item)
    return corpus
