"""Lines to paragraphs: reflow hard wraps, undo line-break hyphenation, honour both
blank-line and indentation paragraph styles (and PDF page breaks inside a paragraph)."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Container
from itertools import pairwise
from typing import NamedTuple

from borderread.data.models import InlineStyle, Kind, Link, Span
from borderread.data.text import collapse_spaces

_INDENT = re.compile(r"[ \t]*")
_MD_HEADING = re.compile(r"^#{1,6}\s+\S")
_MD_LIST_ITEM = re.compile(r"^(?:[-*+]|\d{1,3}[.)])\s+\S")
_SENTENCE_END = re.compile(r"[.!?:;…][\"'”’)\]]*$")
_BREAK_HYPHEN = re.compile(r"(\w+)-$")
_LEADING_WORD = re.compile(r"^(\w+)")
_WORD_TOKEN = re.compile(r"\w+(?:-\w+)*")

# First halves that make real compounds when a hyphen falls at a line end (third-largest,
# super-exploitation, self-made). A line-break hyphen after anything else is undone unless
# the text itself shows the hyphenated form elsewhere.
COMPOUND_FIRST_PARTS = frozenset(
    [
        "all",
        "anti",
        "best",
        "co",
        "cross",
        "ex",
        "extra",
        "far",
        "first",
        "second",
        "third",
        "fourth",
        "fifth",
        "sixth",
        "seventh",
        "eighth",
        "ninth",
        "tenth",
        "half",
        "high",
        "inter",
        "long",
        "low",
        "mid",
        "multi",
        "near",
        "neo",
        "non",
        "off",
        "one",
        "over",
        "post",
        "pro",
        "pseudo",
        "quasi",
        "self",
        "semi",
        "short",
        "so",
        "sub",
        "super",
        "ultra",
        "under",
        "well",
        "wide",
        "two",
        "three",
        "four",
        "five",
        "six",
        "seven",
        "eight",
        "nine",
        "ten",
        "hundred",
        "thousand",
        "million",
        "state",
        "working",
        "middle",
        "upper",
        "lower",
        "full",
        "part",
    ]
)
HARD_WRAP_P90 = 100
"""A text whose 90th-percentile line length is at most this many characters is hard-wrapped."""


class RawBlock(NamedTuple):
    """A run of original lines that forms one paragraph-like unit (or a structured block:
    the fields after ``markdown_heading`` are those of :class:`~borderread.data.models.Block`)."""

    text: str
    first_line: int
    last_line: int
    markdown_heading: bool = False
    """A heading the source marks as one (``#``, an underline): never guessed otherwise."""
    kind: Kind = "paragraph"
    level: int = 0
    depth: int = 0
    marker: str = ""
    quote: int = 0
    rows: tuple[tuple[Span, ...], ...] = ()
    styles: tuple[InlineStyle, ...] = ()
    links: tuple[Link, ...] = ()
    reason: str = ""
    display_safe: bool = False
    """True when ``text`` is already display-safe (the Markdown reader makes it so)."""


_RECORD_LINE = re.compile(r"\S@\S|://|^[A-Z][\w-]{0,30}:\s|^commit [0-9a-f]{7,}")
KEPT_LINES_MIN = 3
"""A run of at least this many lines, each broken long before the text's wrap width, is a
list of one item per line (names, files, a poem's lines): its lines are kept."""


def line_width(lines: list[str]) -> int:
    """The width a text is wrapped at: the 90th percentile of its line lengths."""
    lengths = sorted(len(line.strip()) for line in lines if line.strip())
    return lengths[int(0.9 * (len(lengths) - 1))] if lengths else 0


def keeps_lines(lines: list[str], wrap_width: int, minimum: int = KEPT_LINES_MIN) -> bool:
    """True when ``lines`` (one paragraph, at least ``minimum`` of them) were broken on
    purpose, not by wrapping: every line would have had room for the next line's first
    word, with a quarter to spare (a first line ending in a colon introduces the list and
    may be as long as it likes)."""
    stripped = [line.strip() for line in lines]
    if stripped and stripped[0].endswith(":"):
        stripped = stripped[1:]
    if len(stripped) < minimum or not wrap_width or not all(stripped):
        return False
    if all(_RECORD_LINE.search(line) for line in stripped):
        return True  # addresses, links or "Key: value" headers, one to a line
    room = 0.75 * wrap_width
    for line, following in pairwise(stripped):
        if line.endswith(("-", ",")) or len(line) + 1 + len(following.split()[0]) > room:
            return False
    return True


def _indent(line: str) -> int:
    return len(_INDENT.match(line).group().expandtabs(4))  # type: ignore[union-attr]


def is_hard_wrapped(lines: list[str]) -> bool:
    """True when lines were broken at a fixed width (PDF extraction, e-mail, wrapped Markdown)."""
    lengths = sorted(len(line.strip()) for line in lines if line.strip())
    if len(lengths) < 4:
        return False
    return lengths[int(0.9 * (len(lengths) - 1))] <= HARD_WRAP_P90


def _uses_indentation(lines: list[str]) -> bool:
    """True when paragraphs start with a line indented past the text's usual margin, right
    after a line at that margin (a text indented as a whole is not)."""
    margins = Counter(_indent(line) for line in lines if line.strip())
    if not margins:
        return False
    margin = margins.most_common(1)[0][0]
    starts = 0
    for previous, line in pairwise(lines):
        if line.strip() and previous.strip() and _indent(line) >= margin + 2 > _indent(previous):
            starts += 1
    return starts >= 1


def _starts_own_block(line: str) -> bool:
    stripped = line.strip()
    return bool(_MD_HEADING.match(stripped) or _MD_LIST_ITEM.match(stripped))


class Prose(NamedTuple):
    """What a whole text says about how its paragraphs are laid out."""

    hard_wrapped: bool
    by_indent: bool
    vocabulary: Vocabulary


def prose_of(body: list[str], hard_wrapped: bool | None = None, laid_out: bool = False) -> Prose:
    """Measure ``body`` (the lines after any front matter) once for :func:`segment_range`
    (``hard_wrapped`` when the source says so). ``laid_out`` when an extractor wrote the
    text (a PDF's): its lines are wrapped however long, and its paragraphs stand between
    blank lines, never begun by an indent (an indented description under its term had made
    the whole text "indented", joining paragraphs across blank lines)."""
    if laid_out:
        return Prose(True, False, Vocabulary(body))
    wrapped = is_hard_wrapped(body) if hard_wrapped is None else hard_wrapped
    return Prose(wrapped, _uses_indentation(body), Vocabulary(body))


def segment(lines: list[str], start: int = 0) -> list[RawBlock]:
    """Group ``lines[start:]`` into blocks; line numbers in the result index ``lines``."""
    return segment_range(lines, start, len(lines), prose_of(lines[start:]))


def segment_range(lines: list[str], first: int, end: int, prose: Prose) -> list[RawBlock]:
    """Group the prose ``lines[first:end]`` into paragraphs as ``prose`` says the text is
    laid out; line numbers in the result index ``lines``."""
    body = lines[first:end]
    vocabulary = prose.vocabulary
    if not prose.hard_wrapped:
        return [
            _block([line], first + i, first + i, vocabulary)
            for i, line in enumerate(body)
            if line.strip()
        ]
    by_indent = prose.by_indent
    groups: list[tuple[int, list[str]]] = []
    after_blank = False
    for i, line in enumerate(body):
        if not line.strip():
            after_blank = True
            continue
        new_block = not groups or _starts_own_block(line) or _starts_own_block(groups[-1][1][-1])
        if not new_block and after_blank:
            # In an indented text a blank line between two halves of a sentence is a page break.
            continues = by_indent and _indent(line) < 2 and not _ends_sentence(groups[-1][1][-1])
            new_block = not continues
        elif not new_block and by_indent and _indent(line) >= max(2, _indent(body[i - 1]) + 2):
            new_block = True  # indented past the line before: a new paragraph starts
        if new_block:
            groups.append((first + i, [line]))
        else:
            groups[-1][1].append(line)
        after_blank = False
    return [
        _block(group, start, start + _span(body, start - first, len(group)), vocabulary)
        for start, group in groups
    ]


def _span(body: list[str], offset: int, count: int) -> int:
    """How many original lines (blank ones included) a group of ``count`` lines covers."""
    seen = 0
    for i in range(offset, len(body)):
        if body[i].strip():
            seen += 1
            if seen == count:
                return i - offset
    return len(body) - 1 - offset


def _ends_sentence(line: str) -> bool:
    return bool(_SENTENCE_END.search(line.rstrip()))


def _block(lines: list[str], first: int, last: int, vocabulary: Container[str]) -> RawBlock:
    heading = bool(_MD_HEADING.match(lines[0].strip()))
    text = join_wrapped(lines, vocabulary)
    if heading:
        text = text.lstrip("#").strip()
    return RawBlock(text=text, first_line=first, last_line=last, markdown_heading=heading)


def join_wrapped(lines: list[str], vocabulary: Container[str] = frozenset()) -> str:
    """Join hard-wrapped lines into one paragraph, undoing line-break hyphenation."""
    text = collapse_spaces(lines[0])
    for line in lines[1:]:
        following = collapse_spaces(line)
        if not following:
            continue
        hyphen = _BREAK_HYPHEN.search(text[-80:]) if text.endswith("-") else None
        next_word = _LEADING_WORD.match(following)
        if hyphen and next_word:
            keep = keeps_hyphen(hyphen.group(1), next_word.group(1), vocabulary)
            text = text + following if keep else text[:-1] + following
        elif text.endswith(("—", "/")) or following.startswith("—"):
            text += following
        else:
            text += " " + following
    return text


def keeps_hyphen(before: str, after: str, vocabulary: Container[str]) -> bool:
    """Decide whether ``before-`` at a line end and ``after`` on the next line form a compound.

    The text itself is the best judge: the joined or the hyphenated form seen elsewhere wins.
    Otherwise compounds are recognised by their first half, numbers and capitalised names.
    """
    joined = (before + after).lower()
    hyphenated = f"{before}-{after}".lower()
    if hyphenated in vocabulary:
        return True
    if joined in vocabulary:
        return False
    last = before.rsplit("-", 1)[-1]
    if last.lower() in COMPOUND_FIRST_PARTS or last.isdigit() or after.isdigit():
        return True
    return after[:1].isupper()


class Vocabulary:
    """Lower-cased words (hyphenated ones kept whole) of some lines, built on first use.

    Only texts with line-break hyphens ever ask, so most articles never pay for it.
    """

    def __init__(self, lines: list[str]) -> None:
        self._lines = lines
        self._words: set[str] | None = None

    def __contains__(self, word: object) -> bool:
        if self._words is None:
            self._words = set()
            for line in self._lines:
                self._words.update(token.lower() for token in _WORD_TOKEN.findall(line))
        return word in self._words
