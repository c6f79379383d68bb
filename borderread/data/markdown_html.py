"""Raw HTML in Markdown as a browser shows it, not as its tags.

A README's centred title (``<h1 align="center">``), its row of badges (``<p><a><img>``),
a note in a ``<div>``, a ``<br>`` in a table cell: markdown-it passes these on as raw HTML,
which reader mode had shown as code, tags and all. Here they become the headings,
paragraphs, list items, quotes, tables, rules and code they stand for, with their bold,
italics, code and links; an image stands as its alt text (a paragraph of nothing but
images and links is a README's badges, set apart); comments, scripts and styles are
dropped. The original view still shows the HTML as written.

Parsed with the standard library's ``html.parser``, which takes any HTML without failing
(an unclosed ``<p>``, a stray ``</div>``) and reports the line each piece began on.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

from borderread.data.inline_text import InlineText, verbatim
from borderread.data.models import CELL_SEPARATOR, Kind, Span, bullet_marker

HEADINGS = {f"h{level}": level for level in range(1, 7)}
BLOCK_TAGS = frozenset(
    {
        "address", "article", "aside", "blockquote", "body", "caption", "center", "dd",
        "details", "dialog", "div", "dl", "dt", "fieldset", "figcaption", "figure", "footer",
        "form", "header", "hr", "html", "li", "main", "nav", "ol", "p", "pre", "section",
        "summary", "table", "ul", *HEADINGS,
    }
)  # fmt: skip
SKIPPED_TAGS = frozenset({"script", "style", "template", "head", "noscript", "svg", "math"})
"""Their content is not shown (an ``<svg>`` logo's text is its drawing's labels)."""
INLINE_STYLES = {
    "b": "bold", "strong": "bold", "i": "italic", "em": "italic", "cite": "italic",
    "s": "strike", "strike": "strike", "del": "strike",
    "code": "code", "kbd": "code", "samp": "code", "tt": "code",
}  # fmt: skip
_SPACE_RUN = re.compile(r"[ \t\n\r\f]+")


@dataclass
class HtmlPiece:
    """One block of an HTML fragment; lines count from the fragment's first (0)."""

    kind: Kind
    inline: InlineText
    first_line: int
    last_line: int
    level: int = 0
    depth: int = 0
    marker: str = ""
    quote: int = 0
    rows: tuple[tuple[Span, ...], ...] = ()
    reason: str = ""


@dataclass
class InlineTags:
    """The HTML tags met inside one Markdown paragraph (``html_inline`` tokens), applied
    to its text: links and styles opened by one tag and closed by a later one."""

    links: list[tuple[int, str]] = field(default_factory=list)
    styles: dict[str, list[int]] = field(default_factory=dict)

    def add(self, text: InlineText, tag: str, in_link: bool, in_table: bool) -> None:
        """Apply one tag (``<br>``, ``<img alt=…>``, ``<b>``, ``</a>``…) to ``text``;
        ``in_link``: inside a Markdown link; ``in_table``: a table cell (a break is a
        space there: a row is one line)."""
        parsed = _one_tag(tag)
        if parsed is not None:  # else a comment, a declaration: nothing to show
            self.apply(text, *parsed, in_link=in_link, in_table=in_table)

    def apply(
        self,
        text: InlineText,
        name: str,
        attrs: dict[str, str],
        closing: bool,
        in_link: bool = False,
        in_table: bool = False,
    ) -> None:
        """Apply the tag ``name`` (its attributes, whether it closes) to ``text``."""
        if name == "br" and not closing:
            _break(text, " " if in_table else "\n")
        elif name == "img" and not closing:
            _image(text, attrs, link=not (in_link or self.links))
        elif name == "a":
            if not closing:
                self.links.append((text.length, attrs.get("href") or ""))
            elif self.links:
                _close_link(text, *self.links.pop())
        elif name in INLINE_STYLES:
            style = INLINE_STYLES[name]
            if not closing:
                self.styles.setdefault(style, []).append(text.length)
            elif self.styles.get(style):
                start = self.styles[style].pop()
                if text.length > start:
                    text.styles.append((start, text.length, style))


def html_pieces(fragment: str) -> list[HtmlPiece]:
    """The blocks a browser would show for ``fragment`` (none for a comment alone)."""
    converter = _Converter()
    converter.feed(fragment)
    converter.close()
    converter.end_block()
    return converter.pieces


class _TagReader(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: tuple[str, dict[str, str], bool] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self.found is None:
            self.found = (tag, {name: value or "" for name, value in attrs}, False)

    def handle_endtag(self, tag: str) -> None:
        if self.found is None:
            self.found = (tag, {}, True)


def _one_tag(tag: str) -> tuple[str, dict[str, str], bool] | None:
    """The name, attributes and closing-ness of one tag (None for a comment or the like)."""
    reader = _TagReader()
    reader.feed(tag)
    reader.close()
    return reader.found


def _break(text: InlineText, kind: str) -> None:
    """A line break (or the space standing for one), the space before it dropped."""
    _drop_trailing_space(text)
    text.add_break(kind)


def _last_char(text: InlineText) -> str:
    for part in reversed(text.parts):
        if part:
            return part[-1]
    return ""


def _drop_trailing_space(text: InlineText) -> None:
    """Drop one space ending ``text`` (spans ending after it end before it)."""
    if _last_char(text) != " ":
        return
    while not text.parts[-1]:
        text.parts.pop()
    text.parts[-1] = text.parts[-1][:-1]
    text.length -= 1
    text.styles[:] = [(s, min(e, text.length), st) for s, e, st in text.styles if s < text.length]
    text.links[:] = [(s, min(e, text.length), u) for s, e, u in text.links if s < text.length]


def _image(text: InlineText, attrs: dict[str, str], link: bool) -> None:
    start = text.length
    text.add(" ".join((attrs.get("alt") or "image").split()) or "image")
    text.styles.append((start, text.length, "image"))
    if link:  # an image inside a link (a badge) goes where the link does
        text.links.append((start, text.length, attrs.get("src") or ""))
    text.media += text.length - start


def _close_link(text: InlineText, start: int, href: str) -> None:
    if text.length > start:
        text.links.append((start, text.length, href))
        text.styles.append((start, text.length, "link"))
        text.media += text.length - start


class _Converter(HTMLParser):
    """Feeds on an HTML fragment and makes its blocks, one at a time."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.pieces: list[HtmlPiece] = []
        self.text = InlineText()
        self.tags = InlineTags()
        self.kind: Kind = "paragraph"
        self.level = 0
        self.marker = ""
        self.first_line = 0
        self.lists: list[list[int]] = []
        """Each open list: [ordered (0/1), the next item's number]."""
        self.items = 0
        self.quote = 0
        self.skipping = 0
        self.pre: list[str] | None = None
        self.table: InlineText | None = None
        self.tables = 0
        self.rows: list[tuple[Span, ...]] = []
        self.cells: list[Span] = []
        self.cell_start: int | None = None

    def line(self) -> int:
        return self.getpos()[0] - 1

    # Blocks

    def end_block(self) -> None:
        """The block being built is complete: keep it if it shows anything."""
        text, self.text = self.text, InlineText()
        self.tags = InlineTags()
        kind, marker = self.kind, self.marker
        self.kind, self.level, self.marker = "list_item" if self.items else "paragraph", 0, ""
        shown = text.text.replace(" ", "").replace("\n", "")
        if not shown:
            return
        if kind == "paragraph" and self.quote:
            kind = "quote"
        if kind == "paragraph" and text.breaks:
            kind = "lines"
        reason = "badges" if text.media and text.media >= len(shown) else ""
        self.pieces.append(
            HtmlPiece(kind, text, self.first_line, max(self.line(), self.first_line),
                      self.level, len(self.lists), marker, self.quote, reason=reason)
        )  # fmt: skip

    def start_block(self, kind: Kind, level: int = 0, marker: str = "") -> None:
        self.end_block()
        self.kind, self.level, self.marker = kind, level, marker
        self.first_line = self.line()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self.skipping or tag in SKIPPED_TAGS:
            self.skipping += tag in SKIPPED_TAGS
            return
        values = {name: value or "" for name, value in attrs}
        if self.table is not None:
            self.table_tag(tag, closing=False)
            if tag in ("img", "a", *INLINE_STYLES):
                self.inline_tag(tag, values, closing=False)
            return
        if self.pre is not None:
            return
        if tag in ("ul", "ol"):
            self.end_block()
            start = values.get("start", "1")
            self.lists.append([tag == "ol", int(start) if start.isdigit() else 1])
        elif tag == "li":
            self.items += 1
            self.start_block("list_item", marker=self.item_marker())
        elif tag in HEADINGS:
            self.start_block("heading", HEADINGS[tag])
        elif tag == "blockquote":
            self.end_block()
            self.quote += 1
        elif tag == "pre":
            self.start_block("code")
            self.pre = []
        elif tag == "table":
            self.end_block()
            self.table, self.tables, self.rows = InlineText(), 1, []
            self.first_line = self.line()
        elif tag == "hr":
            self.end_block()
            self.pieces.append(HtmlPiece("rule", InlineText(), self.line(), self.line()))
        elif tag in BLOCK_TAGS:
            self.start_block("list_item" if self.items else "paragraph")
        else:
            self.inline_tag(tag, values, closing=False)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag not in ("br", "img", "hr"):
            self.handle_endtag(tag)

    def handle_endtag(self, tag: str) -> None:
        if self.skipping:
            self.skipping -= tag in SKIPPED_TAGS
            return
        if self.table is not None:
            self.table_tag(tag, closing=True)
            if tag in ("a", *INLINE_STYLES):
                self.inline_tag(tag, {}, closing=True)
            return
        if tag == "pre" and self.pre is not None:
            code = verbatim("".join(self.pre).strip("\n"))
            self.text = InlineText([code], len(code))
            self.pre = None
            self.end_block()
        elif self.pre is not None:
            return
        elif tag in ("ul", "ol"):
            self.end_block()
            if self.lists:
                self.lists.pop()
        elif tag == "li":
            self.end_block()
            self.items = max(self.items - 1, 0)
            self.kind = "list_item" if self.items else "paragraph"
        elif tag == "blockquote":
            self.end_block()
            self.quote = max(self.quote - 1, 0)
        elif tag in BLOCK_TAGS:
            self.end_block()
        else:
            self.inline_tag(tag, {}, closing=True)

    def item_marker(self) -> str:
        if not self.lists:
            return bullet_marker(1)
        level = self.lists[-1]
        if level[0]:
            level[1] += 1
            return f"{level[1] - 1}."
        return bullet_marker(len(self.lists))

    # Inline

    def inline_tag(self, tag: str, attrs: dict[str, str], closing: bool) -> None:
        if self.table is not None and self.cell_start is None:
            return  # between a table's cells: nothing shows
        target = self.table if self.table is not None else self.text
        if not target.length and not closing:
            self.first_line = self.line()
        self.tags.apply(target, tag, attrs, closing, in_table=self.table is not None)

    def handle_data(self, data: str) -> None:
        if self.skipping:
            return
        if self.pre is not None:
            self.pre.append(data)
            return
        if self.table is not None and self.cell_start is None:
            return  # between a table's cells: nothing shows
        target = self.table if self.table is not None else self.text
        data = _SPACE_RUN.sub(" ", data)
        if _last_char(target) in ("", " ", "\n"):
            data = data.lstrip(" ")
        if not data:
            return
        if not target.length:
            self.first_line = self.line()
        target.add(data)

    # Tables

    def table_tag(self, tag: str, closing: bool) -> None:
        """A tag inside a table: rows and cells are built; block tags in a cell are spaces."""
        table = self.table
        assert table is not None
        if tag == "table":
            self.tables += -1 if closing else 1
            if closing and not self.tables:
                self.end_row()
                self.end_table()
        elif self.tables > 1:
            return  # a table in a cell: its text joins the cell's
        elif tag == "tr":
            self.end_row()
        elif tag in ("td", "th"):
            self.end_cell()
            if not closing:
                if self.cells:
                    table.add(CELL_SEPARATOR)
                elif self.rows:
                    table.add_break("\n")
                self.cell_start = table.length
        elif (
            (tag in BLOCK_TAGS or tag == "br")
            and self.cell_start is not None
            and table.length > self.cell_start
            and _last_char(table) != " "
        ):
            table.add(" ")

    def end_cell(self) -> None:
        table = self.table
        if table is not None and self.cell_start is not None:
            if table.length > self.cell_start:
                _drop_trailing_space(table)
            self.cells.append((self.cell_start, table.length))
            self.cell_start = None

    def end_row(self) -> None:
        self.end_cell()
        if self.cells:
            self.rows.append(tuple(self.cells))
            self.cells = []

    def end_table(self) -> None:
        table, self.table = self.table, None
        if table is None or not self.rows or not table.text.replace(CELL_SEPARATOR, "").strip():
            return
        table.breaks = 0
        self.pieces.append(
            HtmlPiece("table", table, self.first_line, self.line(), rows=tuple(self.rows))
        )
