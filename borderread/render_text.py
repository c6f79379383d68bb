"""Plain-text and JSON views of articles for the CLI (no Textual, no rich)."""

from __future__ import annotations

import textwrap
from collections.abc import Callable
from typing import Any

from borderread.data.models import Article, Block, SearchHit
from borderread.data.text import cell_width, safe, split_lines, visible


def byline(article: Article) -> str:
    """ "by Jane Doe · Source · 2021-10-26 · 3 min read", leaving out what is unknown."""
    meta = article.meta
    parts = [f"by {meta.author}" if meta.author else "", meta.source or "", meta.date or ""]
    parts.append(f"{meta.reading_minutes} min read")
    return " · ".join(safe(p) for p in parts if p)


def reader_text(article: Article, width: int = 78, set_apart: bool = False) -> str:
    """The article in reader mode: title, byline, then each block shown as what it is
    (headings underlined, list items with their markers, code verbatim, tables aligned)."""

    def wrap(text: str, first: str = "", rest: str = "") -> str:
        # A long URL stays whole (it can be copied), past the width.
        if width <= 0:
            return first + text
        return textwrap.fill(
            text, width, initial_indent=first, subsequent_indent=rest,
            break_on_hyphens=False, break_long_words=False,
        )  # fmt: skip

    title = safe(article.title)
    out = [wrap(title), "=" * min(len(title), width or len(title)), byline(article), ""]
    if article.meta.title_from_text:
        out = [byline(article), ""]
    previous: Block | None = None
    for block in article.blocks:
        quote = "│ " * block.quote
        if (
            previous is not None
            and previous.role == block.role == "text"
            and block.follows_tightly(previous)
            and not out[-1]
        ):
            out.pop()  # items on adjacent lines of the source: no blank line between them
        previous = block
        if block.role == "heading":
            out += ["", wrap(block.text), "-" * min(len(block.text), width or len(block.text)), ""]
        elif block.role == "rule":
            out += ["* * *", ""]
        elif block.role == "text":
            out += [_text_block(block, quote, wrap), ""]
        elif set_apart and block.role == "boilerplate":
            out += [wrap(f"[{block.reason}] {block.text}"), ""]
    return "\n".join(out).rstrip() + "\n"


def _text_block(block: Block, quote: str, wrap: Callable[[str, str, str], str]) -> str:
    indent = quote + "  " * max(block.depth - 1, 0)
    if block.verbatim:
        return "\n".join(indent + "    " + line for line in block.text.split("\n"))
    if block.kind == "table":
        return "\n".join(indent + line for line in table_text(block))
    if block.kind == "list_item":
        hanging = " " * (len(block.marker) + 1) if block.marker else "  "
        first = f"{block.marker} " if block.marker else "  "
        return "\n".join(
            wrap(line, indent + (first if n == 0 else hanging), indent + hanging)
            for n, line in enumerate(block.text.split("\n"))
        )
    return "\n".join(wrap(line, indent, indent) for line in block.text.split("\n"))


def table_text(block: Block) -> list[str]:
    """A table's rows with its columns aligned, a rule under the header row."""
    cells = [[block.text[a:b] for a, b in row] for row in block.rows]
    columns = max((len(row) for row in cells), default=0)
    widths = [
        max((cell_width(row[c]) for row in cells if c < len(row)), default=0)
        for c in range(columns)
    ]
    lines = []
    for number, row in enumerate(cells):
        padded = [
            (row[c] if c < len(row) else "")
            + " " * (widths[c] - cell_width(row[c] if c < len(row) else ""))
            for c in range(columns)
        ]
        lines.append(" │ ".join(padded).rstrip())
        if number == 0 and len(cells) > 1:
            lines.append("─┼─".join("─" * w for w in widths))
    return lines


def raw_text(article: Article) -> str:
    """The untouched original, with control characters shown as placeholders."""
    return "".join(visible(line) + "\n" for line in split_lines(article.raw))


def summary(article: Article) -> dict[str, Any]:
    """The fields ``list --json`` prints for an article."""
    meta = article.meta
    return {
        "id": safe(article.id),
        "path": safe(str(article.path)),
        "title": safe(meta.title),
        "author": meta.author,
        "date": meta.date,
        "source": meta.source,
        "words": meta.words,
    }


def structure(article: Article) -> dict[str, Any]:
    """The full reader-mode structure that ``show --json`` prints."""
    body_index = 0
    blocks: list[dict[str, Any]] = []
    for index, block in enumerate(article.blocks):
        entry: dict[str, Any] = {
            "role": block.role,
            "kind": block.kind,
            "reason": block.reason or None,
            "text": block.text,
            "lines": [block.first_line, block.last_line],
        }
        entry.update(_structure_fields(block))
        if (page := article.page_of(index)) is not None:
            entry["page"] = page
        if block.is_body:
            entry["paragraph"] = body_index
            body_index += 1
        blocks.append(entry)
    return {
        **summary(article),
        "reading_minutes": article.meta.reading_minutes,
        "encoding": article.encoding,
        "blocks": blocks,
    }


def _structure_fields(block: Block) -> dict[str, Any]:
    """What ``show --json`` adds for a structured block: level, depth and marker, quote
    nesting, table cells, links."""
    fields: dict[str, Any] = {}
    if block.level:
        fields["level"] = block.level
    if block.kind == "list_item":
        fields["depth"], fields["marker"] = block.depth, block.marker
    if block.quote:
        fields["quote"] = block.quote
    if block.rows:
        fields["rows"] = [[block.text[a:b] for a, b in row] for row in block.rows]
    if block.links:
        fields["links"] = [{"text": block.text[a:b], "url": safe(url)} for a, b, url in block.links]
    return fields


def search_hit_json(article: Article, hit: SearchHit) -> dict[str, Any]:
    """One line of ``search --json`` (``under``: a definition's term, or "")."""
    from borderread.data.snippets import item_context

    return {
        "article": safe(article.id),
        "path": safe(str(article.path)),
        "title": safe(article.title),
        "paragraph": hit.paragraph,
        "paragraph_number": hit.paragraph + 1,
        "score": hit.score,
        "text": article.body[hit.paragraph].text,
        "spans": [list(span) for span in hit.spans],
        "under": item_context(article.body, hit.paragraph),
        "copies": [safe(other) for other in hit.copies],
    }


HIT_MARKS = ("»", "«")
ANSI_MARKS = ("\x1b[7m", "\x1b[27m")


def search_hit_line(article: Article, hit: SearchHit, colour: bool = False) -> str:
    """``id<TAB>title<TAB>¶N<TAB>snippet`` with the hits marked (reverse video or »…«);
    a definition's description begins with its term (``-v, --verbose: Print...``)."""
    from borderread.data.snippets import ONE_LINE, item_context, snippet

    text, spans = snippet(article.body[hit.paragraph].text, hit.spans)
    text = text.translate(ONE_LINE)  # a code block's lines: still one hit a line
    opening, closing = ANSI_MARKS if colour else HIT_MARKS
    context = item_context(article.body, hit.paragraph)
    marked, last = [safe(context) + ": "] if context else [], 0
    for start, end in spans:
        marked += [text[last:start], opening, text[start:end], closing]
        last = end
    marked.append(text[last:])
    if hit.copies:
        marked.append(f"  (the same in {copies_note(hit.copies)})")
    fields = [safe(article.id), safe(article.title), f"¶{hit.paragraph + 1}", "".join(marked)]
    return "\t".join(fields)


def copies_note(copies: tuple[str, ...], named: int = 2) -> str:
    """The articles a hit's paragraph is copied in, for people: ``a/x, b/x and 9 more``."""
    shown = [safe(other) for other in copies[:named]]
    rest = len(copies) - len(shown)
    if rest:
        return f"{', '.join(shown)} and {rest} more"
    return " and ".join(shown) if len(shown) == 2 else shown[0]
