"""Reader mode: turn an article's text into titled, classified blocks plus metadata.

Nothing is deleted: every block of the original ends up as title, metadata, body (heading
or text) or set-apart boilerplate, each with the range of original lines it came from.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from typing import Literal

from borderread.data import patterns
from borderread.data.changelog import changelog_metadata
from borderread.data.markers import PAGE_MARKER, RUNNING_MARKER
from borderread.data.models import ArticleMeta, Block, Kind, Role
from borderread.data.plaintext import parse_plain_text
from borderread.data.segment import RawBlock, is_hard_wrapped
from borderread.data.text import collapse_spaces, split_lines, visible, without_terminal_styling

Markup = Literal["text", "markdown", "rst"]
_LINK_ONLY = re.compile(r"^(?:\S+://\S+|(?:!?\[[^\]]*\]\([^)]*\)\s*)+)$")
_HAS_WORD = re.compile(r"[^\W\d_]{2,}")

WORDS_PER_MINUTE = 230
TITLE_MAX_CHARS = 80
TEASER_LOOKAHEAD = 12
"""A teaser repeats a paragraph that follows within this many blocks."""
_TEASER_TAIL = re.compile(r"\s*(?:\[…\]|\[\.\.\.\]|…|\.\.\.)\s*$")
_SENTENCE_BREAK = re.compile(r"[.!?][\"”’)]*\s+(?=[\"“‘(]?[A-Z0-9])")
_ABBREVIATION = re.compile(r"^(?:(?:[A-Za-z]\.)+|Mr\.|Mrs\.|Ms\.|Dr\.|St\.|Jr\.|Sr\.|vs\.|No\.)$")
_NO_HEADING_END = re.compile(r"[.,;:!?…\"”’*]$")
_LEAD_IN_END = re.compile(
    r"\s(?:include|includes|including|following|follows|such as|the|an|a|of|and|or)$",
    re.IGNORECASE,
)
"""A line that breaks off where its sentence goes on into what follows ("The conventions
used in this manual include", then a list): a lead-in, not a heading."""
_FRONT_MATTER_KEYS = {
    "title": "title",
    "author": "author",
    "authors": "author",
    "byline": "author",
    "date": "date",
    "published": "date",
    "source": "source",
    "publication": "source",
    "site": "source",
    "site_name": "source",
    "sitename": "source",
}


@dataclass
class _Draft:
    """Mutable working state while classifying one article's blocks."""

    raw: list[RawBlock]
    texts: list[str]
    roles: list[Role | None]
    reasons: list[str]
    found: dict[str, str] = field(default_factory=dict)
    line_per_paragraph: bool = False
    """True for a text that is not hard-wrapped: every line is a paragraph of its own, so
    a short line does not stand apart the way a heading in a wrapped text does."""
    headings_parsed: bool = False
    """True when the parser knows every heading (reStructuredText's section titles): a
    short line is then never taken for one."""

    def mark(self, index: int, role: Role, reason: str = "") -> None:
        self.roles[index] = role
        self.reasons[index] = reason

    def unclassified(self, start: int = 0) -> list[int]:
        return [i for i in range(start, len(self.raw)) if self.roles[i] is None]


def read_article(
    text: str,
    fallback_title: str,
    markup: Markup = "text",
    laid_out: bool = False,
    folder: str = "",
) -> tuple[ArticleMeta, tuple[Block, ...]]:
    """Classify ``text`` (plain text, Markdown or reStructuredText) into reader-mode blocks
    and extract its metadata; ``laid_out`` when an extractor wrote the text (a PDF's: lines wrapped
    whatever their length, paragraphs between blank lines), else its layout is measured.
    ``fallback_title``: the file's name without its suffix; ``folder``: its folder's name."""
    if markup == "text":  # man's and grep's styling codes: the raw view still shows them
        text = without_terminal_styling(text)
    lines = split_lines(text)
    front, start = parse_front_matter(lines)
    if markup == "text":
        front = {**changelog_metadata(lines, start, fallback_title, folder), **front}
    plain: list[RawBlock] | None = None
    if markup == "markdown":
        from borderread.data.markdown import parse_markdown  # markdown-it only when needed

        raw = parse_markdown(lines, start)
    elif markup == "rst" and (parsed := _parse_rst(lines, start)) is not None:
        raw = parsed
    else:
        raw = plain = parse_plain_text(lines, start, laid_out)
    texts = [_display_text(block) for block in raw]
    draft = _Draft(raw, texts, [None] * len(raw), [""] * len(raw), dict(front))
    wrapped = laid_out or is_hard_wrapped(lines[start:])
    draft.line_per_paragraph = markup == "text" and not wrapped
    draft.headings_parsed = markup == "rst" and raw is not plain
    _mark_structure(draft)
    _mark_page_text(draft)
    _mark_chrome(draft)
    first_body = _mark_header(draft)
    _mark_tail(draft, first_body)
    _mark_credits(draft, first_body)
    _mark_headings(draft)
    blocks = [
        Block(
            role=draft.roles[i] or "text",
            text=texts[i],
            first_line=block.first_line,
            last_line=block.last_line,
            reason=draft.reasons[i],
            kind="heading" if draft.roles[i] == "heading" else _kind(block),
            level=block.level,
            depth=block.depth,
            marker=block.marker,
            quote=block.quote,
            rows=block.rows,
            styles=block.styles,
            links=block.links,
        )
        for i, block in enumerate(raw)
    ]
    if start:
        front_text = collapse_spaces(" ".join(line.strip() for line in lines[:start]))
        blocks.insert(
            0, Block("meta", visible(front_text, keep_layout=False), 0, start - 1, "front-matter")
        )
    return _metadata(draft.found, blocks, fallback_title), tuple(blocks)


def _parse_rst(lines: list[str], start: int) -> list[RawBlock] | None:
    from borderread.data.rst import parse_rst  # docutils only for reStructuredText

    return parse_rst(lines, start)


def _display_text(block: RawBlock) -> str:
    """The block's text made display-safe (the Markdown reader has done it already).

    Soft hyphens draw nothing unless a line breaks there: reader mode drops them, as a
    browser does (the original view shows them as placeholders)."""
    if block.display_safe:
        return block.text
    return visible(block.text.replace("\u00ad", ""), keep_layout="\n" in block.text)


def _kind(block: RawBlock) -> Kind:
    """A heading the cleaner did not take as one (a title, say) is shown as a paragraph."""
    return "paragraph" if block.kind == "heading" else block.kind


def _mark_structure(draft: _Draft) -> None:
    """Blocks whose kind the source states are body text (or rules) from the start; a
    paragraph of nothing but images and links (a README's badges) is set apart."""
    for i, block in enumerate(draft.raw):
        if block.kind == "rule":
            draft.mark(i, "rule")
        elif block.reason:  # a README's badges, a mode line
            draft.mark(i, "boilerplate", block.reason)
        elif block.kind not in ("paragraph", "heading"):
            draft.mark(i, "text")


def _mark_page_text(draft: _Draft) -> None:
    """What an extractor found around the article (a saved page's full text, a PDF's
    running headers), after its marker line, is set apart as a whole."""
    markers = {PAGE_MARKER: "page", RUNNING_MARKER: "running"}
    for i, text in enumerate(draft.texts):
        if text in markers:
            for j in range(i, len(draft.texts)):
                draft.mark(j, "boilerplate", markers[text])
            return


def parse_front_matter(lines: list[str]) -> tuple[dict[str, str], int]:
    """Simple ``key: value`` YAML front matter; returns the fields and the first body line."""
    if not lines or lines[0].strip() != "---":
        return {}, 0
    for end in range(1, min(len(lines), 200)):
        if lines[end].strip() in ("---", "..."):
            break
    else:
        return {}, 0
    fields: dict[str, str] = {}
    for line in lines[1:end]:
        key, sep, value = line.partition(":")
        name = _FRONT_MATTER_KEYS.get(key.strip().lower())
        value = value.strip().strip("\"'").strip()
        if sep and name and value and name not in fields:
            fields[name] = collapse_spaces(visible(value, keep_layout=False))
    if "date" in fields:
        iso = patterns.parse_date(fields["date"])
        if iso:
            fields["date"] = iso
        else:
            del fields["date"]
    return fields, end + 1


def _mark_chrome(draft: _Draft) -> None:
    """Share-button lines, and the comment form with everything after it."""
    for i, text in enumerate(draft.texts):
        if draft.raw[i].markdown_heading or draft.roles[i] is not None:
            continue
        if patterns.is_share_line(text):
            draft.mark(i, "boilerplate", "share")
        elif patterns.is_comment_form(text):
            for j in range(i, len(draft.texts)):
                draft.mark(j, "boilerplate", "comments")
            return


def _mark_header(draft: _Draft) -> int:
    """Title, dates, bylines, source and teaser before the first body paragraph."""
    i = 0
    while i < len(draft.texts):
        text = draft.texts[i]
        if draft.roles[i] == "text":
            break  # a list, a table, code: the body has begun
        if draft.roles[i] is not None:
            i += 1
            continue
        if draft.raw[i].markdown_heading and "title" in draft.found:
            if _normalised(text) != _normalised(draft.found["title"]):
                break
            draft.mark(i, "title")  # the page's own heading repeats the title it declared
            i += 1
            continue
        if patterns.is_date_line(text):
            draft.mark(i, "meta", "date")
            draft.found.setdefault("date", patterns.parse_date(text) or "")
        elif name := patterns.byline(text):
            draft.mark(i, "meta", "byline")
            draft.found.setdefault("author", name)
        elif source := patterns.source_line(text):
            draft.mark(i, "meta", "source")
            draft.found.setdefault("source", source)
        elif _LINK_ONLY.match(text) and draft.raw[i].kind == "paragraph":
            draft.mark(i, "meta", "url")  # where the article came from, not its title
        elif _is_teaser(draft, i):
            draft.mark(i, "boilerplate", "teaser")
        elif "title" not in draft.found and _title_like(text, draft.raw[i]):
            draft.mark(i, "title")
            draft.found["title"] = text
        elif "title" in draft.found and patterns.is_name_line(text):
            draft.mark(i, "meta", "name")
        else:
            break
        i += 1
    return i


def _mark_tail(draft: _Draft, first_body: int) -> None:
    """After a share line that ends the article, a tagline and "related articles" are set apart."""
    body = [i for i in draft.unclassified(first_body)]
    if not body:
        return
    ends = [
        i for i in range(body[0] + 1, len(draft.raw)) if draft.reasons[i] in ("share", "comments")
    ]
    if not ends:
        return
    tail = draft.unclassified(ends[0] + 1)
    dates = sum(patterns.is_date_line(draft.texts[i]) for i in tail)
    if not tail or (dates < 2 and len(tail) > 3):
        return
    names = {draft.texts[i] for i in range(len(draft.raw)) if draft.reasons[i] == "name"}
    for position, i in enumerate(tail):
        draft.mark(i, "boilerplate", "related")
        if position < 2 and draft.texts[i] in names and position + 1 < len(tail):
            draft.mark(i, "boilerplate", "tagline")
            draft.mark(tail[position + 1], "boilerplate", "tagline")
            draft.found.setdefault("source", draft.texts[i])
            break
    for i in tail:
        if draft.roles[i] is None:
            draft.mark(i, "boilerplate", "related")


def _mark_credits(draft: _Draft, first_body: int) -> None:
    """Photo credits are set apart; credit lines and author bios fill in missing metadata."""
    body = draft.unclassified(first_body)
    for i in body:
        text = draft.texts[i]
        if patterns.is_photo_credit(text):
            draft.mark(i, "boilerplate", "credit")
            continue
        if source := patterns.originally_published_in(text):
            draft.found.setdefault("source", source)
            if date := patterns.parse_date(text):
                draft.found.setdefault("date", date)
    for i in body[-3:]:
        if name := patterns.author_from_bio(draft.texts[i]):
            draft.found.setdefault("author", name)
    for i in range(len(draft.raw)):
        if draft.reasons[i] == "name":
            is_source = draft.texts[i] == draft.found.get("source")
            if not is_source and patterns.is_person_name(draft.texts[i]):
                draft.found.setdefault("author", draft.texts[i])
            draft.reasons[i] = "source" if is_source else "author"


def _mark_headings(draft: _Draft) -> None:
    """Short standalone lines without sentence punctuation, followed by body text: a
    paragraph, or a list, table or code block (set-apart blocks in between are passed)."""
    for i, block in enumerate(draft.raw):
        if draft.roles[i] is None and block.markdown_heading:
            draft.mark(i, "heading")
    if draft.headings_parsed:
        return
    body = [i for i, role in enumerate(draft.roles) if role in (None, "text", "heading")]
    for position, i in enumerate(body):
        following = body[position + 1] if position + 1 < len(body) else None
        if draft.roles[i] is not None or following is None or not _heading_like(draft.texts[i]):
            continue
        if draft.line_per_paragraph and patterns.is_person_name(draft.texts[i]):
            continue  # a name alone on its line (a signature, a speaker) in news text
        if draft.roles[following] == "text":
            draft.mark(i, "heading")  # a list, a table, code: body text by its kind
        elif draft.roles[following] is None and not _heading_like(draft.texts[following]):
            draft.mark(i, "heading")


SECTION_NAMES = frozenset(["name", "synopsis", "description", "contents", "table of contents",
                           "abstract"])  # fmt: skip
"""First headings that name a section, not the document (a manual page's "Name"): the
title is looked for after them."""


def _title_like(text: str, block: RawBlock) -> bool:
    if _LINK_ONLY.match(text) or (block.kind != "paragraph" and not block.markdown_heading):
        return False  # a badge, an image or a bare link is never a title
    if text.strip().lower().rstrip(":") in SECTION_NAMES:
        return False
    if block.markdown_heading:
        return True
    return (
        0 < len(text) <= 200 and len(text.split()) <= 30 and not text.endswith((".", ",", ";", ":"))
    )


def _heading_like(text: str) -> bool:
    if not (0 < len(text) <= 120 and len(text.split()) <= 16):
        return False
    if not (text[:1].isupper() or text[:1].isdigit()) or not _HAS_WORD.search(text):
        return False  # "78,000" alone on a line is a figure, not a heading
    ends_like_a_sentence = _NO_HEADING_END.search(text) and not text.endswith(" etc.")
    if ends_like_a_sentence or _LEAD_IN_END.search(text):
        return False
    return not patterns.is_date_line(text)


def _normalised(text: str) -> str:
    return collapse_spaces(text).casefold()


def _is_teaser(draft: _Draft, index: int) -> bool:
    """A paragraph that a later paragraph repeats (often cut short with "[…]")."""
    teaser = _TEASER_TAIL.sub("", _normalised(draft.texts[index]))
    if len(teaser.split()) < 8:
        return False
    following = draft.texts[index + 1 : index + 1 + TEASER_LOOKAHEAD]
    # A later paragraph is normalised whole only when its start is the teaser's (each had
    # been: 7% of cleaning a collection of short articles).
    head = teaser[:24]
    return any(
        _normalised(later[:64]).startswith(head) and _normalised(later).startswith(teaser)
        for later in following
    )


def first_sentence(text: str) -> str:
    """The first sentence of ``text``, not fooled by abbreviations such as "U.S."."""
    for match in _SENTENCE_BREAK.finditer(text):
        candidate = text[: match.start() + 1]
        if not _ABBREVIATION.match(candidate.split()[-1]):
            return candidate
    return text


def shorten(text: str, limit: int = TITLE_MAX_CHARS) -> str:
    """Cut ``text`` at a word boundary to at most ``limit`` characters, adding an ellipsis."""
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    if " " in cut:
        cut = cut[: cut.rindex(" ")]
    return cut.rstrip(" ,;:—–-") + "…"


def count_words(text: str) -> int:
    """Whitespace-separated words, with em and en dashes counted as separators."""
    return len(text.replace("—", " ").replace("–", " ").split())


def _metadata(found: dict[str, str], blocks: list[Block], fallback_title: str) -> ArticleMeta:
    body = [b for b in blocks if b.is_body]
    count = sum(count_words(b.text) for b in body)
    title = found.get("title")
    from_text = False
    if not title:
        texts = [b for b in body if b.role == "text" and not b.verbatim]  # never code
        prose = [b for b in texts if b.kind == "paragraph"] or texts
        first_text = prose[0].text if prose else ""
        title = shorten(first_sentence(first_text)) if first_text else fallback_title
        from_text = bool(first_text)
    return ArticleMeta(
        title=title,
        author=found.get("author") or None,
        date=found.get("date") or None,
        source=found.get("source") or None,
        words=count,
        reading_minutes=math.ceil(count / WORDS_PER_MINUTE) if count else 0,
        title_from_text=from_text,
    )
