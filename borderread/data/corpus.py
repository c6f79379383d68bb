"""Load articles from files and folders into a :class:`Corpus`.

Folders are walked recursively for text files (``.txt``, ``.text``, ``.md``, ``.markdown``,
``.rst``, the files people keep such as README, NEWS or ChangeLog, and any of these
gzip-compressed; hidden entries skipped); other files are counted as not text. A file named
on its own is read whatever its name. Broken links, symlink loops, special files (FIFOs,
devices), unreadable and binary files are skipped with a stated reason, never hanging the
loader; so is a symlink that leads outside the folder being read. Folders are walked
iteratively (any depth), depth first, each folder's entries in natural order (``entry_key``:
the one ordering, used by the quick first look-up too); an article's id is its path relative
to the folder it came from.
"""

from __future__ import annotations

import os
import re
import stat
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from borderread.data.decode import NotText, decode_bytes
from borderread.data.html import HTML_SUFFIXES, MHTML_SUFFIXES
from borderread.data.jsonfile import FileTooLarge, NotRegularFile, read_regular_file_stat
from borderread.data.models import Article, ArticleContent, Skipped

if TYPE_CHECKING:
    from borderread.data.clean import Markup
    from borderread.data.collection_cache import CollectionCache, Summary
    from borderread.data.search import SearchIndex

PDF_SUFFIX, EPUB_SUFFIX = ".pdf", ".epub"
EXTRACTED_SUFFIXES = frozenset({PDF_SUFFIX, EPUB_SUFFIX, *HTML_SUFFIXES})
"""Formats read through an extractor (trafilatura, pypdfium2, zipfile + lxml)."""
ARTICLE_SUFFIXES = frozenset(
    {".txt", ".text", ".md", ".markdown", ".rst", PDF_SUFFIX, EPUB_SUFFIX, *HTML_SUFFIXES}
)
MARKDOWN_SUFFIXES = frozenset({".md", ".markdown"})
RST_SUFFIX = ".rst"
KEPT_NAMES = frozenset(
    {"readme", "news", "changelog", "changes", "copying", "authors", "install", "history",
     "thanks", "todo", "notice", "contributing", "hacking", "bugs"}
)  # fmt: skip
"""Files people keep without a text suffix (``README``, ``NEWS.Debian``, ``ChangeLog``)."""
NOT_TEXT_SUFFIXES = frozenset(
    {".ps", ".dvi", ".png", ".jpg", ".jpeg",
     ".gif", ".svg", ".xml", ".json", ".zip", ".tar", ".bz2", ".xz", ".zst", ".doc", ".docx",
     ".odt", ".py", ".sh", ".c", ".h", ".el", ".tex", ".css", ".js"}
)  # fmt: skip
GZIP_SUFFIX = ".gz"
MAX_FILE_BYTES = 64 * 1024 * 1024
NOT_TEXT = "not text (by its name)"
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
    index: SearchIndex | None = None
    """The articles' index, when the workers that cleaned them made it."""

    def find(self, ref: str) -> Article:
        """Resolve an id, a unique id prefix or a file path to an article."""
        return self.articles[find_index([(a.id, a.path) for a in self.articles], ref)]


def find_index(identities: Sequence[tuple[str, Path]], ref: str) -> int:
    """The position of the article ``ref`` names among ``(id, path)`` pairs: its id, a
    unique id prefix, or its file's path; :class:`ArticleNotFound` if none or several."""
    for n, (article_id, _) in enumerate(identities):
        if article_id == ref:
            return n
    matches = [n for n, (article_id, _) in enumerate(identities) if article_id.startswith(ref)]
    if len(matches) == 1:
        return matches[0]
    if len(matches) > 1:
        names = ", ".join(identities[n][0] for n in matches[:5])
        raise ArticleNotFound(f"'{ref}' matches {len(matches)} articles: {names}")
    try:
        wanted = Path(ref).resolve()
    except (OSError, RuntimeError):
        wanted = None
    for n, (_, path) in enumerate(identities):
        if wanted is not None and path.resolve() == wanted:
            return n
    raise ArticleNotFound(f"no article matches '{ref}'")


def is_article_name(name: str) -> bool:
    """True for the names the folder walk reads: text suffixes and the files people keep,
    gzip-compressed or not."""
    suffix = text_suffix(name)
    if suffix in ARTICLE_SUFFIXES:
        return True
    return name.lower().split(".", 1)[0] in KEPT_NAMES and suffix not in NOT_TEXT_SUFFIXES


def text_suffix(path: Path | str) -> str:
    """The suffix that says how to read a file (``.md`` for ``notes.md.gz``)."""
    name = os.path.basename(path).lower()
    if name.endswith(GZIP_SUFFIX):
        name = name[: -len(GZIP_SUFFIX)]
    return os.path.splitext(name)[1]


def natural_key(text: str) -> tuple[tuple[int, int | str], ...]:
    """Sort key that orders ``a2`` before ``a10``."""
    return tuple(
        (0, int(part)) if part.isdecimal() else (1, part.casefold())
        for part in _DIGITS.split(text)
        if part
    )


def entry_key(name: str, is_dir: bool) -> tuple[tuple[int, int | str], ...]:
    """The one ordering of a folder's entries: natural order, a folder sorting as its name
    followed by ``/`` (so ``a.txt`` comes before ``a/x.txt``, as their ids sort)."""
    return natural_key(name + "/" if is_dir else name)


FolderStamp = tuple[int, int, int, int, int]
"""A folder's device, inode, mode, mtime and ctime (ns): any entry added, removed or
renamed in it, or a change of its permissions, changes one of them."""


def folder_stamp(info: os.stat_result) -> FolderStamp:
    """The :data:`FolderStamp` of a folder (or a file named on its own) from its stat."""
    return (info.st_dev, info.st_ino, info.st_mode, info.st_mtime_ns, info.st_ctime_ns)


class WalkRecord:
    """What a walk's result depends on besides entry names: every folder it listed (its
    path and stamp, taken before listing it) and the PATH arguments themselves. ``complete``
    is False when it met what a folder's stamp cannot vouch for: a symlink (its target
    may change elsewhere), an entry it could not look at, a PATH that is missing."""

    def __init__(self) -> None:
        self.folders: list[tuple[str, FolderStamp]] = []
        self.complete = True

    def listed(self, path: str, info: os.stat_result) -> None:
        """The walk is about to list ``path`` (a folder, or a PATH that is a file)."""
        self.folders.append((path, folder_stamp(info)))

    def listed_entry(self, entry: os.DirEntry[str]) -> None:
        """The walk is about to list the folder ``entry`` (not a symlink)."""
        self.listed(entry.path, entry.stat(follow_symlinks=False))

    def unsure(self) -> None:
        """The walk met something no folder's stamp vouches for."""
        self.complete = False


class _NotRecorded(WalkRecord):
    """The record of a walk nobody asked to record: it notes nothing (and stats nothing)."""

    def listed(self, path: str, info: os.stat_result) -> None:
        return

    def listed_entry(self, entry: os.DirEntry[str]) -> None:
        return

    def unsure(self) -> None:
        return


NOT_RECORDED = _NotRecorded()


def discover(
    paths: Sequence[Path], limit: int | None = None, record: WalkRecord | None = None
) -> tuple[list[Source], list[Skipped]]:
    """Find the article files under ``paths`` without reading them (with ``limit``: stop
    once that many are found, the walk unfinished; with ``record``: note in it what the
    result depends on, for ``walk_memo``)."""
    sources: list[Source] = []
    skipped: list[Skipped] = []
    seen_files: set[tuple[int, int]] = set()
    noted = NOT_RECORDED if record is None else record
    for root in paths:
        for source, file_key in _sources_under(root, skipped, noted):
            if file_key not in seen_files:
                seen_files.add(file_key)
                sources.append(source)
                if limit is not None and len(sources) >= limit:
                    return _unique_ids(sources), skipped
    return _unique_ids(sources), skipped


FileKey = tuple[int, int]


def _sources_under(
    root: Path, skipped: list[Skipped], record: WalkRecord
) -> Iterator[tuple[Source, FileKey]]:
    """The article files of one PATH argument, lazily, in :func:`entry_key` order."""
    try:
        info = root.stat()
    except FileNotFoundError:
        skipped.append(Skipped(root, "broken link" if root.is_symlink() else "does not exist"))
        record.unsure()
        return
    except (OSError, RuntimeError) as error:
        skipped.append(Skipped(root, _describe(error)))
        record.unsure()
        return
    record.listed(str(root), info)
    if stat.S_ISDIR(info.st_mode):
        yield from _walk(root, info, skipped, record)
    elif stat.S_ISREG(info.st_mode):
        yield Source(root, root.name), (info.st_dev, info.st_ino)
    else:
        skipped.append(Skipped(root, "not a regular file (FIFO, device or socket)"))


_CHILD_PATH = getattr(Path, "_make_child_relpath", None)
"""CPython's own way to make ``folder / name`` without parsing the path again (a walk of
10,000 files spent ~70 ms making Paths); the public operator where it is missing."""


def child_path(folder: Path, name: str) -> Path:
    """``folder / name``, quickly (``name`` is one entry of the folder)."""
    return _CHILD_PATH(folder, name) if _CHILD_PATH is not None else folder / name


class _Folder(NamedTuple):
    path: Path
    entries: Listing
    ancestors: frozenset[FileKey]
    """The folders above this one (a symlink back to one of them is a loop)."""
    device: int


EntryKey = tuple[tuple[int, int | str], ...]
_remembered: dict[tuple[str, bool], tuple[EntryKey, bool]] | None = None
"""Each entry name's sort key and whether it names an article, once :func:`remember_names`
is called."""
REMEMBER_AT_MOST = 200_000


def remember_names() -> None:
    """From now on work out each entry name's sort key and kind once (both depend on the
    name alone): a process that walks the same folders again and again (the search server)
    spent two thirds of a 2,000-file walk on them."""
    global _remembered
    _remembered = {}


def _name_facts(name: str, is_dir: bool) -> tuple[EntryKey, bool]:
    """The entry's :func:`entry_key`, and whether :func:`is_article_name` says yes."""
    if _remembered is None:
        return entry_key(name, is_dir), is_article_name(name)
    facts = _remembered.get((name, is_dir))
    if facts is None:
        if len(_remembered) >= REMEMBER_AT_MOST:
            _remembered.clear()
        facts = _remembered[(name, is_dir)] = (entry_key(name, is_dir), is_article_name(name))
    return facts


def _walk(
    root: Path, info: os.stat_result, skipped: list[Skipped], record: WalkRecord
) -> Iterator[tuple[Source, FileKey]]:
    """Article files below ``root``, depth first, iteratively (any depth of nesting).

    Plain entries are classified from the directory listing itself (no system call per
    file), which keeps a 10,000-file folder quick to discover. A symlink that leads outside
    ``root`` is skipped with a warning.
    """
    top = str(root)
    prefix = len(top) + 1
    real_root = os.path.realpath(top)
    inside = real_root.rstrip(os.sep) + os.sep
    stack: list[_Folder] = []
    key = (info.st_dev, info.st_ino)
    listing = _listing(top, skipped)
    if listing is not None:
        stack.append(_Folder(root, listing, frozenset({key}), info.st_dev))
    else:
        record.unsure()
    while stack:
        folder = stack[-1]
        listed = next(folder.entries, None)
        if listed is None:
            stack.pop()
            continue
        entry, is_article = listed
        if entry.name.startswith("."):
            continue
        try:
            link = entry.is_symlink()
            if link:
                record.unsure()
                target = os.path.realpath(entry.path)
                if target != real_root and not target.startswith(inside):
                    if is_article or os.path.isdir(target):
                        skipped.append(
                            Skipped(Path(entry.path), "symlink leads outside the folder")
                        )
                    continue
                found = os.stat(entry.path)
                is_dir, is_file = stat.S_ISDIR(found.st_mode), stat.S_ISREG(found.st_mode)
                key = (found.st_dev, found.st_ino)
            else:
                is_dir = entry.is_dir(follow_symlinks=False)
                is_file = not is_dir and entry.is_file(follow_symlinks=False)
                key = (folder.device, entry.inode())
            if is_dir and not link:
                record.listed_entry(entry)  # before it is listed
        except FileNotFoundError:
            skipped.append(Skipped(Path(entry.path), "broken link"))
            record.unsure()
            continue
        except (OSError, RuntimeError) as error:
            skipped.append(Skipped(Path(entry.path), _describe(error)))
            record.unsure()
            continue
        if is_dir:
            if key in folder.ancestors:
                skipped.append(Skipped(Path(entry.path), "symlink loop (folder already visited)"))
                record.unsure()
                continue
            listing = _listing(entry.path, skipped)
            if listing is None:
                record.unsure()
            else:
                device = key[0] if link else folder.device
                child = child_path(folder.path, entry.name)
                stack.append(_Folder(child, listing, folder.ancestors | {key}, device))
        elif not is_article:
            if is_file:
                skipped.append(Skipped(child_path(folder.path, entry.name), NOT_TEXT, ignored=True))
            continue
        elif is_file:
            article_id = entry.path[prefix:].replace(os.sep, "/")
            yield Source(child_path(folder.path, entry.name), article_id), key
        else:
            skipped.append(Skipped(Path(entry.path), "not a regular file (FIFO, device or socket)"))


Listing = Iterator[tuple[os.DirEntry[str], bool]]
"""A folder's entries, each with whether its name is an article's."""


def _listing(folder: str, skipped: list[Skipped]) -> Listing | None:
    """A folder's entries in :func:`entry_key` order, or None (reported) if unreadable."""
    try:
        with os.scandir(folder) as listing:
            entries = [(_name_facts(e.name, _is_dir(e)), e) for e in listing]
    except OSError as error:
        skipped.append(Skipped(Path(folder), _describe(error)))
        return None
    entries.sort(key=lambda pair: pair[0][0])
    return iter([(entry, facts[1]) for facts, entry in entries])


def _is_dir(entry: os.DirEntry[str]) -> bool:
    try:
        return entry.is_dir()
    except OSError:
        return False


def first_source(paths: Sequence[Path], preferred: Path | None = None) -> Source | None:
    """The article to show first, found without scanning whole folders.

    ``preferred`` (the last article read) wins when it lies under one of ``paths``;
    otherwise it is the first article :func:`discover` would list.
    """
    if preferred is not None and preferred.is_file():
        preferred = preferred.absolute()
        for root in paths:
            if root.is_dir() and preferred.is_relative_to(root.absolute()):
                return Source(preferred, preferred.relative_to(root.absolute()).as_posix())
            if root.is_file() and root.absolute() == preferred:
                return Source(root, root.name)
    ignored: list[Skipped] = []  # the full scan reports them
    for root in paths:
        for source, _ in _sources_under(root, ignored, NOT_RECORDED):
            return source
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
    try:
        data, info = read_regular_file_stat(source.path, MAX_FILE_BYTES)
    except (NotRegularFile, FileTooLarge) as error:
        raise NotText(error.strerror or str(error)) from None
    try:
        return _article_from(source, data, info)
    except NotText as error:
        error.stamp = (info.st_size, info.st_mtime_ns)
        raise


def _article_from(source: Source, data: bytes, info: os.stat_result) -> Article:
    """The article the bytes of ``source`` (read at ``info``) make."""
    from borderread.data.clean import read_article  # not imported to look a file up

    if source.path.name.lower().endswith(GZIP_SUFFIX):
        data = gunzip(data, MAX_FILE_BYTES)
    suffix = text_suffix(source.path)
    line_pages: tuple[int, ...] = ()
    if suffix in HTML_SUFFIXES:
        from borderread.data.html import html_to_text  # trafilatura only for a page

        mhtml = suffix in MHTML_SUFFIXES
        text, encoding, markdown = html_to_text(data, mhtml), "html", True
    elif suffix == PDF_SUFFIX:
        from borderread.data.pdf import pdf_to_text  # pypdfium2 only for a PDF

        (text, line_pages), encoding, markdown = pdf_to_text(data), "pdf", False
    elif suffix == EPUB_SUFFIX:
        from borderread.data.epub import epub_to_text

        text, encoding, markdown = epub_to_text(data), "epub", True
    else:
        text, encoding = decode_bytes(data)
        markdown = suffix in MARKDOWN_SUFFIXES
    markup: Markup = "markdown" if markdown else "rst" if suffix == RST_SUFFIX else "text"
    meta, blocks = read_article(
        text,
        fallback_title=source.path.stem,
        markup=markup,
        folder=source.path.absolute().parent.name,
        laid_out=encoding == "pdf",  # a PDF's lines, however long; blank-line paragraphs
    )
    stamp = (info.st_size, info.st_mtime_ns)
    return Article(source.id, source.path, text, encoding, meta, blocks, line_pages, stamp=stamp)


def gunzip(data: bytes, limit: int) -> bytes:
    """Decompress gzip ``data`` (every member) to at most ``limit`` bytes, or raise
    :class:`NotText` (damaged, or a bomb that would grow past the limit)."""
    import zlib

    out: list[bytes] = []
    size = 0
    while data:
        inflater = zlib.decompressobj(wbits=31)
        try:
            chunk = inflater.decompress(data, limit + 1 - size)
        except zlib.error as error:
            raise NotText(f"damaged gzip file ({error})") from None
        size += len(chunk)
        out.append(chunk)
        if size > limit or inflater.unconsumed_tail:
            raise NotText(f"decompresses to more than {limit // (1024 * 1024)} MiB")
        if not inflater.eof:
            raise NotText("damaged gzip file (it ends too soon)")
        data = inflater.unused_data.lstrip(b"\0")  # padding between members
    return b"".join(out)


def iter_load(
    sources: Iterable[Source],
    cache: CollectionCache | None = None,
    summaries: dict[Path, Summary] | None = None,
) -> Iterator[Article | Skipped]:
    """Load sources one by one, yielding an article or the reason it was skipped; with a
    ``cache``, an unchanged file comes from it (its content read when first needed) and a
    newly cleaned one goes into it (every ``CACHE_CHUNK`` of them, and the last after the
    last article is yielded: run the iterator to its end). ``summaries``: the cache's,
    looked up already (see ``collection_scan``)."""
    sources = list(sources)
    cached = cached_articles(sources, cache, summaries) if cache is not None else {}
    not_text = _known_not_text(sources, cached, cache)
    fresh: list[Article] = []
    found_not_text: list[tuple[Path, tuple[int, int], str]] = []
    for source in sources:
        found = cached.get(source.path)
        if found is not None:
            yield found
            continue
        if source.path in not_text:
            yield Skipped(source.path, not_text[source.path])
            continue
        try:
            article = load_article(source)
        except NotText as error:
            yield Skipped(source.path, str(error))
            if error.stamp is not None:
                found_not_text.append((source.path, error.stamp, str(error)))
            continue
        except OSError as error:  # unreadable now (permissions, gone): tried again next time
            yield Skipped(source.path, _describe(error))
            continue
        yield article
        fresh.append(article)
        if cache is not None and len(fresh) >= CACHE_CHUNK:
            cache.store(fresh)
            fresh = []
    if cache is not None:
        cache.store(fresh)
        cache.store_not_text(found_not_text)


def _known_not_text(
    sources: Sequence[Source], cached: dict[Path, Article], cache: CollectionCache | None
) -> dict[Path, str]:
    """Why each of the uncached sources the cache knows is not text was skipped."""
    if cache is None or len(cached) == len(sources):
        return {}
    return cache.not_text([source for source in sources if source.path not in cached])


SMALL_COLLECTION = 64
"""A collection this small is listed whole in the reader's first frame (it is cleaned
into the collection cache while Textual is imported: see ``prefetch``)."""
CACHE_CHUNK = 500
"""Newly cleaned articles stored in the cache at once."""


def cached_articles(
    sources: Sequence[Source],
    cache: CollectionCache,
    summaries: dict[Path, Summary] | None = None,
) -> dict[Path, Article]:
    """The article of each source the cache holds (``summaries``: looked up already), its
    content left unread until needed."""
    found: dict[Path, Article] = {}
    if summaries is None:
        summaries = cache.summaries(sources)
    for source in sources:
        summary = summaries.get(source.path)
        if summary is not None:
            found[source.path] = deferred_article(source, summary, cache)
    return found


def deferred_article(source: Source, summary: Summary, cache: CollectionCache) -> Article:
    """The article the cache's ``summary`` of ``source`` describes, its text read from
    ``cache`` when first needed."""
    read = partial(cached_content, cache, source, summary.key)
    return Article.deferred(
        source.id, source.path, summary.encoding, summary.meta, read, summary.listing,
        summary.key,
    )  # fmt: skip


def same_file(one: Path, other: Path) -> bool:
    """True when both name the same file (relative or absolute), without making a Path
    unless one is relative (loops over 10,000 sources call this)."""
    if one.is_absolute() and other.is_absolute():
        return one == other
    return one.absolute() == other.absolute()


def cached_content(cache: CollectionCache, source: Source, key: FileKey) -> ArticleContent:
    """A cached article's content, read when first needed; the file cleaned again if its
    entry changed since the summary was read (edited meanwhile, or re-cleaned by another
    copy), an empty content if it is gone or no longer text (its paragraphs match nothing)."""
    found = cache.content(source.path, key)
    if found is not None:
        return found
    try:
        article = load_article(source)
    except (NotText, OSError):
        return ArticleContent("", ())
    cache.store([article])
    return article.content


def skipped_summary(skipped: Sequence[Skipped]) -> str:
    """ "3,357 files skipped: not text, 2 unreadable (see borderread list --skipped)", or ""."""
    if not skipped:
        return ""
    ignored = sum(skip.ignored for skip in skipped)
    parts = [f"{ignored:,} not text"] if ignored else []
    if len(skipped) > ignored:
        parts.append(f"{len(skipped) - ignored:,} unreadable or refused")
    noun = "file" if len(skipped) == 1 else "files"
    return f"{len(skipped):,} {noun} skipped: {', '.join(parts)} (see borderread list --skipped)"


def load_corpus(
    paths: Sequence[Path],
    cache: CollectionCache | None = None,
    in_workers: Callable[[int], None] | None = None,
) -> Corpus:
    """Discover and load every article under ``paths`` (through ``cache`` if given).
    ``in_workers``: with a cache, many files to clean are cleaned (and indexed: see
    :attr:`Corpus.index`) in worker processes, one a core; it is told how many files
    they will clean before they start."""
    sources, skipped = discover(paths)
    corpus = Corpus(skipped=skipped)
    parallel, summaries = None, None
    if in_workers is not None and cache is not None:
        from borderread.data.parallel_load import load_if_worth_it

        summaries = cache.summaries(sources)
        parallel = load_if_worth_it(sources, cache, summaries)
        if parallel is not None:
            in_workers(len(sources) - len(summaries))
    items = parallel if parallel is not None else iter_load(sources, cache, summaries)
    for item in items:
        if isinstance(item, Article):
            corpus.articles.append(item)
        else:
            corpus.skipped.append(item)
    if parallel is not None:
        corpus.index = parallel.index
    if cache is not None:
        cache.forget_missing(paths, (source.path for source in sources))
    return corpus
