"""Structured plain text (README, NEWS, release notes, RFCs): find what is not prose.

Recognised, in this order at each group of lines: underlined headings (``===``, ``---``,
``~~~`` under a line, optionally over it too), rules, RFC-style numbered section headings,
bullet and numbered lists with their continuation lines, preformatted blocks (indented code,
ASCII tables, aligned columns, ASCII art: lines kept as they are), definition lists (short
terms, each with its description indented under it: options, return values) and lists of
one item per line. Everything else is prose, reflowed by :mod:`borderread.data.segment` as before.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from borderread.data.models import bullet_marker
from borderread.data.segment import (
    Prose,
    RawBlock,
    join_wrapped,
    keeps_lines,
    line_width,
    prose_of,
    segment_range,
)
from borderread.data.text import collapse_spaces

_RULE = re.compile(r"^\s*([=\-~^*+#_])(?:\s?\1){2,}\s*$")
_UNDERLINE_CHARS = "=-~^*+#"
_ORNAMENTED = re.compile(r"^\s*([=*#~-])\1{2,}\s+(?P<title>\S.{0,80}?)\s+\1{3,}\s*$")
"""A heading between runs of the same character: ``=== Changes in 2.0 ===``."""
_OUTLINE = re.compile(r"^(?P<stars>\*{1,4}) (?P<title>\S.{0,100})$")
"""An Emacs outline heading (GNU NEWS files): ``* Noteworthy changes``, ``** Bug fixes``."""
_DIRECTIVE = re.compile(r"^\.\.(?:\s|$)")
"""A reStructuredText comment or directive (``.. note::``, ``.. include:: x``)."""
_MODELINE = re.compile(r"-\*-.{1,80}-\*-")
"""An Emacs mode line (``-*- text -*-``): set apart, it is not the title."""
_BULLET = re.compile(
    r"^(?P<indent>[ \t]*)"
    r"(?P<marker>[*+•‣◦▪·–o-]|\d{1,3}[.)]|[a-z][.)]|\((?:\d{1,3}|[a-z]|[ivx]{1,5})\))"
    r"(?P<gap>[ \t]+)(?P<text>\S.*)$"
)
ROFF_BULLET = "o"
"""How roff's plain-text output draws a bullet (man-db's manual, documents made with -ms
or -man): a list marker only beside another item so marked, as a lone "o" starting a
line may be a word ("o bien…")."""
_UNORDERED = frozenset("*+•‣◦▪·–-" + ROFF_BULLET)
_SECTION = re.compile(
    r"^(?P<number>\d{1,2}(?:\.\d{1,2})*\.?|[A-Z]\.\d{1,2}(?:\.\d{1,2})*\.?|Appendix [A-Z]\.?)"
    r"(?P<gap>\s+)(?P<title>[A-Z][^.!?;:]{0,78})$"
)
_GAP = re.compile(r"(?<=[^\s.!?:;,])[ \t]{2,}(?=\S)")
_PIPE_ROW = re.compile(r"\|.*\|")
_BOX_RULE = re.compile(r"^\s*[+|]?[-=+|: ]{3,}[+|]?\s*$")
_ART = re.compile(r"[|/\\_\-+=*<>()\[\]{}#~^`.:'o]")
PREFORMATTED_INDENT = 4
"""Lines indented this much more than the text's own paragraphs are code or a display."""
ART_SYMBOLS = 0.5
"""A run of lines this much made of drawing symbols is ASCII art (kept as it is)."""
HEADING_MAX_CHARS = 100


def _bullet(lines: list[str], index: int) -> re.Match[str] | None:
    """The list marker starting line ``index``, if it has one (see ``ROFF_BULLET``)."""
    found = _BULLET.match(lines[index])
    if found is None or found.group("marker") != ROFF_BULLET:
        return found
    indent = _indent(lines[index])
    for step in (-1, 1):  # the neighbouring items, past their continuation lines
        i = index + step
        while 0 <= i < len(lines) and lines[i].strip():
            other = _BULLET.match(lines[i])
            if other and other.group("marker") == ROFF_BULLET and _indent(lines[i]) == indent:
                return found
            if _indent(lines[i]) <= indent:
                break
            i += step
    return None


def _indent(line: str) -> int:
    expanded = line.expandtabs(4)
    return len(expanded) - len(expanded.lstrip())


@dataclass
class _Text:
    """The lines being read and what is known about them."""

    lines: list[str]
    start: int
    prose: Prose
    base_indent: int
    wrap_width: int
    parts: list[RawBlock | range] = field(default_factory=list)
    """Structured blocks and, between them, ranges of prose lines (segmented at the end)."""
    heading_chars: list[str] = field(default_factory=list)
    prose_from: int | None = None
    outline: bool = False
    """True when the text uses ``**`` outline headings (then ``* x`` at the margin is one)."""
    separators: set[int] = field(default_factory=set)
    """Lines that stand between blocks as a blank line does (a mode line, a rule)."""
    laid_out: bool = False
    """Written by an extractor (a PDF's text): see :func:`segment.prose_of`."""

    def blank(self, index: int) -> bool:
        if index < self.start or index >= len(self.lines) or index in self.separators:
            return True
        return not self.lines[index].strip()

    def flush_prose(self, end: int) -> None:
        if self.prose_from is not None and end > self.prose_from:
            self.parts.append(range(self.prose_from, end))
        self.prose_from = None

    def blocks(self) -> list[RawBlock]:
        """Every block in order; prose is measured without the structured lines (a list's
        indented continuation lines do not make the text look indented)."""
        prose_lines = [line for part in self.parts if isinstance(part, range)
                       for line in self.lines[part.start : part.stop]]  # fmt: skip
        prose = (
            prose_of(prose_lines, self.prose.hard_wrapped or None, self.laid_out)
            if len(prose_lines) < len(self.lines) - self.start
            else self.prose
        )
        blocks: list[RawBlock] = []
        for part in self.parts:
            if isinstance(part, range):
                blocks += segment_range(self.lines, part.start, part.stop, prose)
            else:
                blocks.append(part)
        return blocks

    def add(self, block: RawBlock) -> None:
        self.flush_prose(block.first_line)
        self.parts.append(block)

    def level_of(self, char: str) -> int:
        """Heading levels in order of first use, as reStructuredText does."""
        if char not in self.heading_chars:
            self.heading_chars.append(char)
        return self.heading_chars.index(char) + 1


def parse_plain_text(lines: list[str], start: int = 0, laid_out: bool = False) -> list[RawBlock]:
    """The blocks of plain text ``lines[start:]`` (line numbers index ``lines``);
    ``laid_out`` as for :func:`segment.prose_of`."""
    body = lines[start:]
    indents = Counter(_indent(line) for line in body if line.strip())
    text = _Text(
        lines, start, prose_of(body, laid_out=laid_out),
        indents.most_common(1)[0][0] if indents else 0, line_width(body), laid_out=laid_out,
    )  # fmt: skip
    text.outline = any(line.startswith("** ") and _OUTLINE.match(line) for line in body)
    index = start
    while index < len(lines):
        if not lines[index].strip():
            index += 1
            continue
        after = _structure_at(text, index)
        if after is None:
            if text.prose_from is None:
                text.prose_from = index
            after = _prose_end(lines, index)
        index = after
    text.flush_prose(len(lines))
    return text.blocks()


def _group_end(lines: list[str], index: int) -> int:
    """One past the last line of the group of non-blank lines at ``index``."""
    while index < len(lines) and lines[index].strip():
        index += 1
    return index


def _prose_end(lines: list[str], index: int) -> int:
    """Where the prose group at ``index`` ends: its last line, or a list its text announces
    with a colon ("The options are:")."""
    end = _group_end(lines, index)
    for i in range(index, end - 1):
        if lines[i].rstrip().endswith(":") and _bullet(lines, i + 1):
            return i + 1
    return end


def _structure_at(text: _Text, index: int) -> int | None:
    """Add the structured block starting at ``index`` and return the line after it, or None
    when the group of lines there is prose."""
    recognisers = (_modeline, _underlined, _ornamented, _rule, _section, _outline, _directive,
                   _bullets, _preformatted, _definitions, _kept_lines)  # fmt: skip
    for recognise in recognisers:
        after = recognise(text, index)
        if after is not None:
            return after
    return None


def _underlined(text: _Text, index: int) -> int | None:
    lines = text.lines
    title = lines[index].strip()
    over = 1 if _RULE.match(lines[index]) and index + 2 < len(lines) else 0
    if over:
        title = lines[index + 1].strip()
    under = index + 1 + over
    if under >= len(lines) or not title or _RULE.match(title) or len(title) > HEADING_MAX_CHARS:
        return None
    rule = _RULE.match(lines[under])
    if not rule or rule.group(1) not in _UNDERLINE_CHARS or not text.blank(index - 1):
        return None
    if over and lines[index].strip()[0] != rule.group(1):
        return None
    level = text.level_of(rule.group(1) * (over + 1))
    text.add(RawBlock(collapse_spaces(title), index, under, True, "heading", level=level))
    return under + 1


def _modeline(text: _Text, index: int) -> int | None:
    if index > text.start + 2 or not _MODELINE.search(text.lines[index]):
        return None
    text.add(RawBlock(collapse_spaces(text.lines[index]), index, index, reason="modeline"))
    text.separators.add(index)
    return index + 1


def _ornamented(text: _Text, index: int) -> int | None:
    found = _ORNAMENTED.match(text.lines[index])
    if not found or not (text.blank(index - 1) or text.blank(index + 1)):
        return None
    level = text.level_of(found.group(1) * 3)
    text.add(RawBlock(collapse_spaces(found.group("title")), index, index, True, "heading",
                      level=level))  # fmt: skip
    return index + 1


def _outline(text: _Text, index: int) -> int | None:
    found = _OUTLINE.match(text.lines[index])
    if not found or not text.blank(index - 1):
        return None
    stars = len(found.group("stars"))
    following = text.lines[index + 1] if index + 1 < len(text.lines) else ""
    standalone = text.blank(index + 1) or _indent(following) > 0 or following.startswith("*")
    if not standalone or (stars == 1 and not text.outline):
        return None  # "* item" is a bullet unless the text is an outline
    text.add(RawBlock(collapse_spaces(found.group("title")), index, index, True, "heading",
                      level=stars))  # fmt: skip
    return index + 1


def _directive(text: _Text, index: int) -> int | None:
    """A reStructuredText directive with its indented body, kept as it is."""
    if not _DIRECTIVE.match(text.lines[index]):
        return None
    end = index + 1
    while end < len(text.lines) and (not text.lines[end].strip() or _indent(text.lines[end])):
        end += 1
    while end > index + 1 and not text.lines[end - 1].strip():
        end -= 1
    kept = "\n".join(line.expandtabs(4).rstrip() for line in text.lines[index:end])
    # One with no body (".. include:: x", a comment) is markup, set apart; a note is text.
    reason = "" if end > index + 1 else "directive"
    text.add(RawBlock(kept, index, end - 1, kind="preformatted", reason=reason))
    return end


def _rule(text: _Text, index: int) -> int | None:
    """A line of one repeated character standing between blocks."""
    if _RULE.match(text.lines[index]) and (text.blank(index + 1) or text.blank(index - 1)):
        text.add(RawBlock("", index, index, kind="rule"))
        text.separators.add(index)
        return index + 1
    return None


def _section(text: _Text, index: int) -> int | None:
    line = text.lines[index]
    found = _SECTION.match(line.strip())
    if not found or not (text.blank(index - 1) and text.blank(index + 1)):
        return None
    number, title = found.group("number"), found.group("title").rstrip()
    nested = "." in number.rstrip(".") or number.startswith("Appendix")
    following = next((i for i in range(index + 1, len(text.lines)) if not text.blank(i)), None)
    body_deeper = following is not None and _indent(text.lines[following]) > _indent(line)
    if not (nested or len(found.group("gap")) >= 2 or body_deeper) or len(title.split()) > 12:
        return None
    level = number.rstrip(".").count(".") + 1
    text.add(RawBlock(f"{number} {title}", index, index, True, "heading", level=level))
    return index + 1


@dataclass
class _Item:
    """A list item being read: its marker, where its text starts, its lines."""

    marker: str
    indent: int
    column: int
    depth: int
    first: int
    lines: list[str]
    last: int


def _bullets(text: _Text, index: int) -> int | None:
    """A list: items with their continuation lines (and later paragraphs), nested by
    indentation. A bullet counts only at the start of a group or after a line ending in ':'."""
    lines = text.lines
    previous = lines[index - 1].rstrip() if index > text.start else ""
    if not _bullet(lines, index) or (previous and not previous.endswith(":")):
        return None
    indents: list[int] = []
    item: _Item | None = None
    i = index
    while i < len(lines):
        line = lines[i]
        if not line.strip():
            following = next((j for j in range(i, len(lines)) if lines[j].strip()), None)
            if following is None or item is None:
                break
            if not _bullet(lines, following) and _indent(lines[following]) < item.column:
                break
            _emit(text, item)
            item = _Item("", item.indent, item.column, item.depth, following, [], following)
            i = following
            continue
        bullet = _bullet(lines, i)
        indent = _indent(line)
        if bullet and not _RULE.match(line):
            while indents and indents[-1] > indent:
                indents.pop()
            if not indents or indents[-1] < indent:
                indents.append(indent)
            if item is not None:
                _emit(text, item)
            marker = bullet.group("marker")
            if marker in _UNORDERED:
                marker = bullet_marker(len(indents))
            column = indent + len(bullet.group("marker")) + len(bullet.group("gap"))
            item = _Item(marker, indent, column, len(indents), i, [bullet.group("text")], i)
        elif item is not None and (indent > item.indent or (item.indent == 0 and indent > 0)):
            item.lines.append(line)
            item.last = i
        else:
            break
        i += 1
    if item is not None:
        _emit(text, item)
    return i if i > index else None


def _emit(text: _Text, item: _Item) -> None:
    if not item.lines:
        return
    joined = join_wrapped(item.lines, text.prose.vocabulary)
    block = RawBlock(joined, item.first, item.last, kind="list_item", depth=item.depth,
                     marker=item.marker)  # fmt: skip
    text.add(block)


TERM_MAX_SHARE = 0.6
"""A definition list's term is short: at most this share of the text's wrap width."""
DESCRIPTION_INDENT = 2
"""A description stands at least this many columns past its term."""
_TERM_WORD = re.compile(r"\w")
_CODE_TERM = re.compile(r"[(,=]\s*$|^\s*[!$]")
_CODE_LINE = re.compile(r"[;{}\\]\s*$|^\s*[<#$]|^\s*[\w.\[\]]+\s*[-+*/|&]?=\s")
"""Lines of code, a script or markup (a statement's end, a brace, a comment, a prompt, a
tag, an assignment): an indented block under them is code, not a description."""


Entry = tuple[int, list[int]]
"""A definition list's term (its line) and description (its lines)."""


def _definitions(text: _Text, index: int) -> int | None:
    """A definition list: a group of short terms, each followed by lines indented past it
    (its description). Two terms at least; or one after a line ending in a colon ("Possible
    return values:"), or next to a group that is one too (entries apart by blank lines, as
    options often are). Each term is an item and its description an item inside it: the
    description had run on into the next term as one paragraph."""
    lines = text.lines
    entries = _entries(text, index)
    if not entries:
        return None
    if len(entries) == 1 and not _among_definitions(text, index):
        return None
    for term, described in entries:
        text.add(RawBlock(collapse_spaces(lines[term]), term, term, kind="list_item", depth=1))
        description = [lines[number] for number in described]
        kept = keeps_lines(description, text.wrap_width, minimum=2)  # "if x / or y"
        joined = (
            "\n".join(collapse_spaces(line) for line in description)
            if kept
            else join_wrapped(description, text.prose.vocabulary)
        )
        text.add(RawBlock(joined, described[0], described[-1], kind="list_item", depth=2))
    return entries[-1][1][-1] + 1


def _entries(text: _Text, index: int) -> list[Entry] | None:
    """The group of lines at ``index`` as a definition list's entries, or None."""
    lines = text.lines
    first, following = lines[index], index + 1
    if len(first.strip()) > TERM_MAX_SHARE * text.wrap_width or following >= len(lines):
        return None  # (most groups are paragraphs: told apart at their first two lines)
    term_indent = _indent(first)
    if _indent(lines[following]) < term_indent + DESCRIPTION_INDENT:
        return None
    entries: list[Entry] = []
    for number in range(index, _group_end(lines, index)):
        indent = _indent(lines[number])
        if indent == term_indent:
            if entries and not entries[-1][1]:
                return None  # two terms in a row: not a definition list
            term = lines[number].strip()
            if len(term) > TERM_MAX_SHARE * text.wrap_width or not _TERM_WORD.search(term):
                return None  # a line of prose (or of drawing), not a term
            if _CODE_TERM.search(term) or _CODE_LINE.search(term):
                return None  # a statement and its block: code
            entries.append((number, []))
        elif _CODE_LINE.search(lines[number]) or (
            _bullet(lines, number) and entries and not entries[-1][1]
        ):
            return None  # code, or "name:" and its bulleted items (a list)
        elif indent >= term_indent + DESCRIPTION_INDENT and entries:
            entries[-1][1].append(number)
        else:
            return None
    return entries if entries and entries[-1][1] else None


def _among_definitions(text: _Text, index: int) -> bool:
    """True when the group at ``index`` follows a line ending in a colon, a definition
    list's entry, or stands before another entry at the same indent."""
    lines = text.lines
    before = next((i for i in range(index - 1, text.start - 1, -1) if lines[i].strip()), None)
    if before is not None and lines[before].rstrip().endswith(":"):
        return True
    last = text.parts[-1] if text.parts and text.prose_from is None else None
    if (
        isinstance(last, RawBlock)
        and (last.kind, last.depth, last.marker) == ("list_item", 2, "")
        and last.last_line == before
    ):
        return True  # a description ends on the line before the blank one
    after = next((i for i in range(_group_end(lines, index), len(lines)) if lines[i].strip()), None)
    return (
        after is not None
        and _indent(lines[after]) == _indent(lines[index])
        and bool(_entries(text, after))
    )


def _preformatted(text: _Text, index: int) -> int | None:
    end = _group_end(text.lines, index)
    group = text.lines[index:end]
    if not (_indented_code(text, group) or _drawn(group) or _columns(group)):
        return None
    common = min(_indent(line) for line in group)
    kept = "\n".join(line.expandtabs(4)[common:].rstrip() for line in group)
    text.add(RawBlock(kept, index, end - 1, kind="preformatted"))
    return end


def _indented_code(text: _Text, group: list[str]) -> bool:
    if text.prose.by_indent and len(group) < 2:
        return False  # an indented paragraph start, not code
    return all(_indent(line) >= text.base_indent + PREFORMATTED_INDENT for line in group)


def _drawn(group: list[str]) -> bool:
    """An ASCII table or drawing: pipes and box rules, or mostly drawing symbols."""
    if len(group) < 2:
        return False
    boxed = sum(bool(_PIPE_ROW.search(line) or _BOX_RULE.match(line)) for line in group)
    if boxed == len(group) or (boxed >= len(group) / 2 and any(_BOX_RULE.match(g) for g in group)):
        return True
    ink = "".join(line.replace(" ", "") for line in group)
    return bool(ink) and len(_ART.findall(ink)) >= ART_SYMBOLS * len(ink)


def _columns(group: list[str]) -> bool:
    """Aligned columns: most lines have a field starting at the same column after a gap."""
    if len(group) < 2:
        return False
    starts: Counter[int] = Counter()
    for line in group:
        expanded = line.expandtabs(4)
        starts.update({gap.end() for gap in _GAP.finditer(expanded)})
    return bool(starts) and starts.most_common(1)[0][1] >= max(2, (len(group) + 1) // 2)


def _kept_lines(text: _Text, index: int) -> int | None:
    if not text.prose.hard_wrapped:
        return None  # every line is a paragraph of its own already
    end = _group_end(text.lines, index)
    group = text.lines[index:end]
    if not keeps_lines(group, text.wrap_width):
        return None
    kept = "\n".join(collapse_spaces(line) for line in group)
    text.add(RawBlock(kept, index, end - 1, kind="lines"))
    return end
