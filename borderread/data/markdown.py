"""Markdown to reader-mode blocks with markdown-it-py (CommonMark plus GFM tables and
strikethrough): parsed, not guessed.

Every block keeps the range of original lines it came from (markdown-it's ``token.map``), so
search, bookmarks and reading positions work in list items, code and table cells as in any
paragraph. Text is made display-safe piece by piece, so inline style and link spans index
the final text exactly.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING

from borderread.data.inline_text import InlineText, strip_spans, verbatim
from borderread.data.models import CELL_SEPARATOR, InlineStyle, Kind, Link, Span, bullet_marker
from borderread.data.segment import RawBlock, keeps_lines, line_width

if TYPE_CHECKING:
    from markdown_it import MarkdownIt
    from markdown_it.token import Token

    from borderread.data.markdown_html import InlineTags

OWN_COMMENT = "<!-- borderread:"
"""How borderread's own markers in the text it keeps begin (see ``markers``)."""
_INLINE_STYLES = {"em": "italic", "strong": "bold", "s": "strike"}
_TASK = re.compile(r"\[([ xX])\] +(?=\S)")
"""A task list item's box, as GitHub's Markdown writes it: ``- [ ] to do``, ``- [x] done``."""
TASK_BOXES = {" ": "☐", "x": "☑", "X": "☑"}


@lru_cache(maxsize=1)
def _parser() -> MarkdownIt:
    from markdown_it import MarkdownIt
    from mdit_py_plugins.footnote import footnote_plugin

    return MarkdownIt("commonmark").enable(["table", "strikethrough"]).use(footnote_plugin)


def _inline(token: Token | None, soft_break: str = " ", in_table: bool = False) -> InlineText:
    """The text of an ``inline`` token: soft breaks as ``soft_break``, hard ones as ``\\n``
    (in a table cell, a space: a row is one line)."""
    result = InlineText()
    opened: dict[str, list[int]] = {}
    link_starts: list[tuple[int, str]] = []
    tags: InlineTags | None = None
    for child in (token.children or []) if token is not None else []:
        kind = child.type
        if kind in ("text", "text_special"):
            result.add(child.content)
        elif kind == "html_inline":
            if tags is None:
                from borderread.data.markdown_html import InlineTags

                tags = InlineTags()
            tags.add(result, child.content, bool(link_starts), in_table)
        elif kind == "softbreak":
            if result.parts and result.parts[-1].endswith("\n"):
                continue  # the line ended with <br>: that was the break
            result.parts.append(soft_break)
            result.length += 1
        elif kind == "hardbreak":
            result.parts.append("\n")
            result.length += 1
            result.breaks += 1
        elif kind == "footnote_ref":
            result.add(f"[{child.meta.get('label', '')}]")
        elif kind == "code_inline":
            start = result.length
            result.add(child.content)
            result.styles.append((start, result.length, "code"))
        elif kind == "image":
            start = result.length
            result.add(child.content or "image")
            result.styles.append((start, result.length, "image"))
            if not link_starts:  # an image inside a link (a badge) goes where the link does
                result.links.append((start, result.length, str(child.attrs.get("src", ""))))
            result.media += result.length - start
        elif kind == "link_open":
            link_starts.append((result.length, str(child.attrs.get("href", ""))))
        elif kind == "link_close" and link_starts:
            start, href = link_starts.pop()
            if result.length > start:
                result.links.append((start, result.length, href))
                result.styles.append((start, result.length, "link"))
                result.media += result.length - start
        elif kind.endswith("_open") and kind[:-5] in _INLINE_STYLES:
            opened.setdefault(kind[:-5], []).append(result.length)
        elif kind.endswith("_close") and opened.get(kind[:-6]):
            start = opened[kind[:-6]].pop()
            if result.length > start:
                result.styles.append((start, result.length, _INLINE_STYLES[kind[:-6]]))
    return result


@dataclass
class _ListLevel:
    ordered: bool
    number: int
    delimiter: str


@dataclass
class _Walker:
    """Turns markdown-it's token stream into blocks, tracking lists and quotes."""

    offset: int
    wrap_width: int
    blocks: list[RawBlock] = field(default_factory=list)
    lists: list[_ListLevel] = field(default_factory=list)
    quote: int = 0
    pending_marker: str = ""
    pending_note: str = ""
    """A footnote's label, for the start of its first paragraph."""

    def lines(self, token: Token) -> tuple[int, int]:
        first, end = token.map or (0, 1)
        return self.offset + first, self.offset + max(end - 1, first)

    def add(self, kind: Kind, text: str, lines: tuple[int, int], **fields: object) -> None:
        depth = len(self.lists)
        marker = ""
        if depth and kind not in ("heading", "rule"):
            marker, self.pending_marker = self.pending_marker, ""
        block = RawBlock(
            text, lines[0], lines[1], kind == "heading", kind, depth=depth, marker=marker,
            quote=self.quote, display_safe=True, **fields,  # type: ignore[arg-type]
        )  # fmt: skip
        self.blocks.append(block)

    def walk(self, tokens: Sequence[Token]) -> None:
        index = 0
        while index < len(tokens):
            index = self.step(tokens, index)

    def step(self, tokens: Sequence[Token], index: int) -> int:
        token = tokens[index]
        kind = token.type
        if kind in ("bullet_list_open", "ordered_list_open"):
            start = int(token.attrs.get("start", 1) or 1)
            self.lists.append(_ListLevel(kind == "ordered_list_open", start, token.markup))
        elif kind in ("bullet_list_close", "ordered_list_close"):
            self.lists.pop()
        elif kind == "list_item_open":
            level = self.lists[-1]
            if level.ordered:
                self.pending_marker = f"{level.number}{level.delimiter}"
                level.number += 1
            else:
                self.pending_marker = bullet_marker(len(self.lists))
        elif kind == "blockquote_open":
            self.quote += 1
        elif kind == "blockquote_close":
            self.quote -= 1
        elif kind == "heading_open":
            self.heading(token, tokens[index + 1])
            return index + 3
        elif kind == "paragraph_open":
            self.paragraph(token, tokens[index + 1])
            return index + 3
        elif kind in ("fence", "code_block"):
            self.add("code", verbatim(token.content), self.lines(token))
        elif kind == "html_block":
            self.html(token)
        elif kind == "hr":
            self.add("rule", "", self.lines(token))
        elif kind == "footnote_open":
            self.pending_note = f"[{token.meta.get('label', '')}] "
        elif kind == "table_open":
            return self.table(tokens, index)
        return index + 1

    def html(self, token: Token) -> None:
        """Raw HTML as the blocks it shows (see ``markdown_html``)."""
        from borderread.data.markdown_html import html_pieces

        first, last = self.lines(token)
        if token.content.startswith(OWN_COMMENT):  # a marker the cleaner looks for, as written
            self.add("html", verbatim(token.content), (first, last))
            return
        for piece in html_pieces(token.content):
            text, styles, links = strip_spans(piece.inline)
            if piece.kind in ("table", "code"):  # as built: a cell's or a line's spaces count
                text, styles, links = piece.inline.text, tuple(piece.inline.styles), tuple(
                    piece.inline.links)  # fmt: skip
            lines = (min(first + piece.first_line, last), min(first + piece.last_line, last))
            marker = piece.marker
            if not marker and self.pending_marker and piece.kind not in ("heading", "rule"):
                marker, self.pending_marker = self.pending_marker, ""
            block = RawBlock(
                text, lines[0], lines[1], piece.kind == "heading", piece.kind, level=piece.level,
                depth=len(self.lists) + piece.depth, marker=marker,
                quote=self.quote + piece.quote, rows=piece.rows, styles=styles, links=links,
                reason=piece.reason, display_safe=True,
            )  # fmt: skip
            self.blocks.append(block)

    def heading(self, opening: Token, inline: Token) -> None:
        text, styles, links = strip_spans(_inline(inline))
        level = int(opening.tag[1:]) if opening.tag[1:].isdigit() else 0
        self.add("heading", text.replace("\n", " "), self.lines(opening), level=level,
                 styles=styles, links=links)  # fmt: skip

    def paragraph(self, opening: Token, inline: Token) -> None:
        built = _inline(inline)
        text, styles, links = strip_spans(built)
        lines = self.lines(opening)
        source = inline.content.split("\n")
        if self.lists:
            kind: Kind = "list_item"
        elif self.quote:
            kind = "quote"
        else:
            kind = "paragraph"
        if kind != "list_item" and (built.breaks or keeps_lines(source, self.wrap_width)):
            kind = "lines" if kind == "paragraph" else kind
            if not built.breaks:  # one item per line: keep the lines (soft breaks as \n)
                text, styles, links = strip_spans(_inline(inline, "\n"))
        reason = "badges" if built.media and built.media >= len(text.replace(" ", "")) else ""
        if kind == "list_item" and self.pending_marker:  # an item's first paragraph
            text, styles, links = self.task_box(text, styles, links)
        if self.pending_note:  # a footnote's first paragraph begins with its label
            note, self.pending_note = self.pending_note, ""
            text, shift = note + text, len(note)
            styles = tuple((s + shift, e + shift, st) for s, e, st in styles)
            links = tuple((s + shift, e + shift, u) for s, e, u in links)
        self.add(kind, text, lines, styles=styles, links=links, reason=reason)

    def task_box(
        self, text: str, styles: tuple[InlineStyle, ...], links: tuple[Link, ...]
    ) -> tuple[str, tuple[InlineStyle, ...], tuple[Link, ...]]:
        """A task list item shows its box, ☐ or ☑, where a bullet would be (after an
        ordered item's number), not ``[ ]`` as typed."""
        found = _TASK.match(text)
        if found is None:
            return text, styles, links
        box = TASK_BOXES[found.group(1)]
        if self.lists[-1].ordered:
            text, shift = f"{box} {text[found.end() :]}", 2 - found.end()
        else:
            self.pending_marker, text, shift = box, text[found.end() :], -found.end()
        moved_styles = tuple(
            (a + shift, b + shift, kind) for a, b, kind in styles if a >= found.end()
        )
        moved_links = tuple((a + shift, b + shift, url) for a, b, url in links if a >= found.end())
        return text, moved_styles, moved_links

    def table(self, tokens: Sequence[Token], index: int) -> int:
        opening = tokens[index]
        rows: list[tuple[Span, ...]] = []
        text = InlineText()
        cells: list[Span] = []
        while index < len(tokens) and tokens[index].type != "table_close":
            token = tokens[index]
            if token.type == "tr_open":
                cells = []
                if rows:
                    text.parts.append("\n")
                    text.length += 1
            elif token.type == "inline":
                if cells:
                    text.add(CELL_SEPARATOR)
                start = text.length
                cell = _inline(token, in_table=True)
                shift = text.length
                text.parts.append(cell.text)
                text.length += cell.length
                text.styles += [(s + shift, e + shift, st) for s, e, st in cell.styles]
                text.links += [(s + shift, e + shift, u) for s, e, u in cell.links]
                cells.append((start, text.length))
            elif token.type == "tr_close":
                rows.append(tuple(cells))
            index += 1
        self.add("table", text.text, self.lines(opening), rows=tuple(rows),
                 styles=tuple(text.styles), links=tuple(text.links))  # fmt: skip
        return index + 1


def parse_markdown(lines: list[str], start: int = 0) -> list[RawBlock]:
    """The blocks of the Markdown in ``lines[start:]`` (line numbers index ``lines``)."""
    body = lines[start:]
    walker = _Walker(start, line_width(body))
    walker.walk(_parser().parse("\n".join(body)))
    blocks = [block for block in walker.blocks if block.text or block.kind == "rule"]
    return sorted(blocks, key=lambda block: block.first_line)  # footnotes where written
