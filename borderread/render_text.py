"""Plain-text and JSON views of articles for the CLI (no Textual, no rich)."""

from __future__ import annotations

import textwrap
from typing import Any

from borderread.data.models import Article, SearchHit
from borderread.data.text import safe, split_lines, visible


def byline(article: Article) -> str:
    """ "by Jane Doe · Source · 2021-10-26 · 3 min read", leaving out what is unknown."""
    meta = article.meta
    parts = [f"by {meta.author}" if meta.author else "", meta.source or "", meta.date or ""]
    parts.append(f"{meta.reading_minutes} min read")
    return " · ".join(safe(p) for p in parts if p)


def reader_text(article: Article, width: int = 78, set_apart: bool = False) -> str:
    """The article in reader mode: title, byline, headings and reflowed paragraphs."""

    def wrap(text: str) -> str:  # a long URL stays whole (it can be copied), past the width
        if width <= 0:
            return text
        return textwrap.fill(text, width, break_on_hyphens=False, break_long_words=False)

    title = safe(article.title)
    out = [wrap(title), "=" * min(len(title), width or len(title)), byline(article), ""]
    for block in article.blocks:
        if block.role == "heading":
            out += ["", wrap(block.text), "-" * min(len(block.text), width or len(block.text)), ""]
        elif block.role == "text":
            out += [wrap(block.text), ""]
        elif set_apart and block.role == "boilerplate":
            out += [wrap(f"[{block.reason}] {block.text}"), ""]
    return "\n".join(out).rstrip() + "\n"


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
    for block in article.blocks:
        entry: dict[str, Any] = {
            "role": block.role,
            "reason": block.reason or None,
            "text": block.text,
            "lines": [block.first_line, block.last_line],
        }
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


def search_hit_json(article: Article, hit: SearchHit) -> dict[str, Any]:
    """One line of ``search --json``."""
    return {
        "article": safe(article.id),
        "path": safe(str(article.path)),
        "title": safe(article.title),
        "paragraph": hit.paragraph,
        "paragraph_number": hit.paragraph + 1,
        "score": hit.score,
        "text": article.body[hit.paragraph].text,
        "spans": [list(span) for span in hit.spans],
    }


HIT_MARKS = ("»", "«")
ANSI_MARKS = ("\x1b[7m", "\x1b[27m")


def search_hit_line(article: Article, hit: SearchHit, colour: bool = False) -> str:
    """``id<TAB>title<TAB>¶N<TAB>snippet`` with the hits marked (reverse video or »…«)."""
    from borderread.data.snippets import snippet

    text, spans = snippet(article.body[hit.paragraph].text, hit.spans)
    opening, closing = ANSI_MARKS if colour else HIT_MARKS
    marked, last = [], 0
    for start, end in spans:
        marked += [text[last:start], opening, text[start:end], closing]
        last = end
    marked.append(text[last:])
    fields = [safe(article.id), safe(article.title), f"¶{hit.paragraph + 1}", "".join(marked)]
    return "\t".join(fields)
