"""Immutable records shared by the data layer, the CLI and the UI."""

from __future__ import annotations

import bisect
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Literal, NamedTuple

if TYPE_CHECKING:
    from borderread.data.listing import Listing

Role = Literal["title", "meta", "heading", "text", "boilerplate", "rule"]
"""What a block of an article is: only ``heading`` and ``text`` are the body."""

Kind = Literal["paragraph", "heading", "list_item", "code", "preformatted", "lines", "table",
               "quote", "html", "rule"]  # fmt: skip
"""How a block is shown: ``code``, ``preformatted`` and ``html`` keep their lines verbatim
(``\n`` in the text), ``lines`` keeps its lines but wraps each, ``table`` has ``rows``."""

BULLETS = ("•", "◦", "▪")
"""List markers by depth, whatever the source's (``-``, ``*``, ``+``, ``<li>``)."""
CELL_SEPARATOR = " | "
"""Between a row's cells in a table block's text (its ``rows`` give each cell's span)."""


def bullet_marker(depth: int) -> str:
    """The marker of a bulleted list item at ``depth`` (1: the outermost list)."""
    return BULLETS[(depth - 1) % len(BULLETS)]


Span = tuple[int, int]
InlineStyle = tuple[int, int, str]
"""``[start, end)`` of a block's text and a style: bold, italic, code, strike, link, image."""
Link = tuple[int, int, str]
"""``[start, end)`` of a block's text and the URL it links to (untrusted, never opened)."""

BODY_ROLES: frozenset[str] = frozenset({"heading", "text"})


class Block(NamedTuple):
    """One reader-mode block: a paragraph, heading, metadata line or set-apart boilerplate.

    A named tuple, not a frozen dataclass: a 10,000-article collection has some 75,000
    blocks, rebuilt from the collection cache at every start, and a frozen dataclass takes
    several times as long to construct (one ``object.__setattr__`` per field).

    ``text`` is display-safe (control characters replaced by visible placeholders) and has its
    hard line breaks and line-break hyphens undone. ``first_line``/``last_line`` are 0-based
    indexes into the original lines, so the raw text behind a block is always recoverable.
    """

    role: Role
    text: str
    first_line: int
    last_line: int
    reason: str = ""
    """Why a block was set apart or what metadata it carries (``share``, ``date``, ...)."""
    kind: Kind = "paragraph"
    level: int = 0
    """A heading's level (1-6; 0 when the text does not say)."""
    depth: int = 0
    """List nesting: 0 outside lists, 1 for a top-level item, 2 inside it, ..."""
    marker: str = ""
    """A list item's marker (``•``, ``1.``, ``a)``); empty for an item's later paragraphs."""
    quote: int = 0
    """Block-quote nesting (0 outside quotes)."""
    rows: tuple[tuple[Span, ...], ...] = ()
    """A table's cells: for each row, each cell's span in ``text`` (first row the header)."""
    styles: tuple[InlineStyle, ...] = ()
    links: tuple[Link, ...] = ()

    @property
    def verbatim(self) -> bool:
        """True when the block's lines are shown as they are (no reflow, no wrap-joining)."""
        return self.kind in ("code", "preformatted", "html")

    def follows_tightly(self, previous: Block) -> bool:
        """True when this and ``previous`` are list items on adjacent lines of the source
        (shown without a blank line between them)."""
        items = previous.kind == self.kind == "list_item"
        return items and previous.last_line + 1 == self.first_line

    @property
    def is_body(self) -> bool:
        """True for headings and text paragraphs."""
        return self.role in BODY_ROLES


class ArticleMeta(NamedTuple):
    """Metadata found in the text; ``None`` where the text does not say."""

    title: str
    author: str | None = None
    date: str | None = None
    """ISO 8601 date (``YYYY-MM-DD``) when a full date was found."""
    source: str | None = None
    words: int = 0
    reading_minutes: int = 0
    title_from_text: bool = False
    """True when the title is the first sentence of the body (the reader shows it once)."""


class ArticleContent(NamedTuple):
    """What reader mode made of a file: the text as read, its blocks, a PDF's pages."""

    raw: str
    """The untouched original (decoded; a page's or PDF's extracted text)."""
    blocks: tuple[Block, ...]
    line_pages: tuple[int, ...] = ()
    """For a PDF, the page (from 1) of each line of ``raw``; empty for other files."""


class _Parts(NamedTuple):
    content: ArticleContent
    body: tuple[Block, ...]
    body_blocks: tuple[int, ...]


def _parts_of(content: ArticleContent) -> _Parts:
    blocks = content.blocks
    indexes = tuple(i for i, block in enumerate(blocks) if block.is_body)
    return _Parts(content, tuple(blocks[i] for i in indexes), indexes)


class Article:
    """A loaded article: the untouched original plus its reader-mode structure.

    Immutable. Its content (``raw``, ``blocks`` and what follows from them) may be
    *deferred*: an article from the collection cache carries only its id, path and
    metadata until something reads its text (:meth:`deferred`), so a restart over 10,000
    cached articles lists them all without decoding 10,000 texts."""

    __slots__ = ("_listing", "_parts", "_read", "encoding", "id", "meta", "path", "stamp")

    id: str
    """Path relative to the folder it was loaded from (POSIX separators); stable across runs."""
    path: Path
    encoding: str
    meta: ArticleMeta
    stamp: tuple[int, int] | None
    """The file's size and modification time (ns) when it was read, if known: what the
    caches key this content by (a stat made later could describe a newer file)."""
    _listing: Listing | None
    _read: Callable[[], ArticleContent] | None
    _parts: _Parts | None

    def __init__(
        self,
        id: str,
        path: Path,
        raw: str,
        encoding: str,
        meta: ArticleMeta,
        blocks: tuple[Block, ...],
        line_pages: tuple[int, ...] = (),
        *,
        stamp: tuple[int, int] | None = None,
    ) -> None:
        self._set(id, path, encoding, meta, None, stamp)
        object.__setattr__(self, "_parts", _parts_of(ArticleContent(raw, blocks, line_pages)))

    @classmethod
    def deferred(
        cls,
        id: str,
        path: Path,
        encoding: str,
        meta: ArticleMeta,
        read: Callable[[], ArticleContent],
        listing: Listing | None = None,
        stamp: tuple[int, int] | None = None,
    ) -> Article:
        """An article whose content ``read()`` gives on first use (from any thread; it is
        kept once read). ``listing``, when known, saves working out the list's entry."""
        article = cls.__new__(cls)
        article._set(id, path, encoding, meta, read, stamp)
        object.__setattr__(article, "_parts", None)
        object.__setattr__(article, "_listing", listing)
        return article

    def _set(
        self,
        id: str,
        path: Path,
        encoding: str,
        meta: ArticleMeta,
        read: Callable[[], ArticleContent] | None,
        stamp: tuple[int, int] | None,
    ) -> None:
        setter = object.__setattr__
        setter(self, "id", id)
        setter(self, "path", path)
        setter(self, "encoding", encoding)
        setter(self, "meta", meta)
        setter(self, "_read", read)
        setter(self, "stamp", stamp)
        setter(self, "_listing", None)

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError(f"Article is immutable: cannot set {name!r}")

    def __delattr__(self, name: str) -> None:
        raise AttributeError(f"Article is immutable: cannot delete {name!r}")

    def __repr__(self) -> str:
        return f"Article(id={self.id!r}, path={self.path!r}, title={self.meta.title!r})"

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Article):
            return NotImplemented
        return (self.id, self.path, self.encoding, self.meta, self.content) == (
            other.id, other.path, other.encoding, other.meta, other.content
        )  # fmt: skip

    def __hash__(self) -> int:
        return hash((self.id, self.path))

    # The content, read on first use when deferred

    def _content_parts(self) -> _Parts:
        parts = self._parts
        if parts is None:
            assert self._read is not None
            parts = _parts_of(self._read())
            object.__setattr__(self, "_parts", parts)  # one assignment: safe across threads
        return parts

    @property
    def is_read(self) -> bool:
        """False while a deferred article's content has not been needed yet."""
        return self._parts is not None

    @property
    def content(self) -> ArticleContent:
        return self._content_parts().content

    @property
    def raw(self) -> str:
        """The untouched original (decoded)."""
        return self._content_parts().content.raw

    @property
    def blocks(self) -> tuple[Block, ...]:
        return self._content_parts().content.blocks

    @property
    def line_pages(self) -> tuple[int, ...]:
        """For a PDF, the page (from 1) of each line of ``raw``; empty for other files."""
        return self._content_parts().content.line_pages

    @property
    def body(self) -> tuple[Block, ...]:
        """The body paragraphs: what search, bookmarks and ``¶N`` count (0-based here)."""
        return self._content_parts().body

    @property
    def body_blocks(self) -> tuple[int, ...]:
        """For each body paragraph, its index in ``blocks``: what the reader counts."""
        return self._content_parts().body_blocks

    @property
    def listing(self) -> Listing:
        """What the article list shows of it and filters on (from the metadata alone)."""
        listing = self._listing
        if listing is None:
            from borderread.data.listing import listing_of

            listing = listing_of(self.meta)
            object.__setattr__(self, "_listing", listing)
        return listing

    # The one mapping between the two numberings of the text

    def block_of(self, paragraph: int) -> int:
        """The block index of body paragraph ``paragraph`` (``IndexError`` if none)."""
        return self.body_blocks[paragraph]

    def paragraph_of(self, block: int) -> int | None:
        """The body paragraph that block ``block`` is, or None (title, boilerplate...)."""
        found = bisect.bisect_left(self.body_blocks, block)
        if found < len(self.body_blocks) and self.body_blocks[found] == block:
            return found
        return None

    def paragraph_from(self, block: int) -> int:
        """The first body paragraph at or after block ``block`` (the last one if none)."""
        return min(bisect.bisect_left(self.body_blocks, block), len(self.body_blocks) - 1)

    def page_of(self, block: int) -> int | None:
        """The page block ``block`` starts on (a PDF's), or None."""
        if not self.line_pages or not 0 <= block < len(self.blocks):
            return None
        line = self.blocks[block].first_line
        page = self.line_pages[line] if line < len(self.line_pages) else 0
        return page or None

    @property
    def title(self) -> str:
        """The article's title (from the text, front matter or its first sentence)."""
        return self.meta.title

    @property
    def paragraphs(self) -> tuple[Block, ...]:
        """The body's text paragraphs, headings left out."""
        return tuple(b for b in self.body if b.role == "text")

    @property
    def headings(self) -> tuple[Block, ...]:
        """The body's headings in reading order."""
        return tuple(b for b in self.body if b.role == "heading")

    @property
    def set_apart(self) -> tuple[Block, ...]:
        """Boilerplate that reader mode hides by default."""
        return tuple(b for b in self.blocks if b.role == "boilerplate")


class Skipped(NamedTuple):
    """A file the loader did not load, and why."""

    path: Path
    reason: str
    ignored: bool = False
    """True for a file passed over by its name (not a text file): counted, not warned of."""


class SearchHit(NamedTuple):
    """One paragraph that matches a query, with the matched character spans in its text."""

    article_id: str
    paragraph: int
    """Index into the article's reader-mode body (headings and text paragraphs)."""
    score: float
    spans: tuple[tuple[int, int], ...]
    """``[start, end)`` character offsets in ``article.body[paragraph].text``."""
    complete: bool = False
    """True when every word and phrase of the query is in the paragraph."""
    truncated: bool = False
    """True when the paragraph held more matches than the search was asked to find."""
    close: bool = False
    """True when a quoted phrase was not found as typed and this matches it with a typo
    forgiven ("no exact phrase; showing close matches")."""
    copies: tuple[str, ...] = ()
    """The other articles holding this very paragraph, word for word, that matched too:
    shown once, here (Debian ships one changelog in every package of a source)."""
