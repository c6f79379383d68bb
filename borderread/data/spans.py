"""Finding a query's exact spans in a folded paragraph and mapping them back to its text.

One compiled regex per query part (its candidate vocabulary words) runs over the folded
paragraph; the fold's offset map turns each match into a span of the displayed text. Smart
case is checked on the original characters; adjacent spans are merged.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from borderread.data.fold import WORD
from borderread.data.query import Query, Term, keep_case_fold


@dataclass
class Candidates:
    """Vocabulary words that can stand for one query term, each with a match quality."""

    term: Term
    words: dict[str, float] = field(default_factory=dict)
    pattern: re.Pattern[str] | None = None


def span_of(origin: Sequence[int], start: int, end: int, size: int) -> tuple[int, int]:
    """A folded ``[start, end)`` range as a range of the original text (of ``size``
    characters). It ends where the next folded character begins: what lies between was
    folded away (a word's final vowel sign or accent, a soft hyphen) and belongs to it."""
    last = origin[end - 1] + 1
    return origin[start], max(last, origin[end] if end < len(origin) else size)


@lru_cache(maxsize=512)
def _compiled(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern)


def _alternatives(part: Candidates) -> str:
    """The part's words as a regex, their common beginning pulled out in front.

    A pattern that starts with a literal lets ``re`` skip ahead to it (about ten times
    faster than trying the alternation at every position).
    """
    words = sorted(part.words, key=len, reverse=True)
    stem = part.term.word if part.term.prefix else None
    literal = [w for w in words if stem is None or not w.startswith(stem)]
    common = _common_prefix([*literal, *([stem] if stem else [])])
    options = [re.escape(w[len(common) :]) for w in literal]
    if stem is not None:
        options.insert(0, re.escape(stem[len(common) :]) + r"\w*")
    if not options:
        return "(?!)"
    return re.escape(common) + "(?:" + "|".join(options) + ")"


def _common_prefix(words: list[str]) -> str:
    """The longest string every word starts with."""
    if not words:
        return ""
    shortest, longest = min(words), max(words)
    size = 0
    while size < len(shortest) and shortest[size] == longest[size]:
        size += 1
    return shortest[:size]


def part_pattern(part: Candidates) -> re.Pattern[str]:
    """Any of the part's words, ending at a word boundary (the start is checked apart)."""
    if part.pattern is None:
        part.pattern = _compiled(_alternatives(part) + r"\b")
    return part.pattern


def phrase_pattern(phrase: list[Candidates]) -> re.Pattern[str]:
    """The phrase's words one after another, with only spaces or punctuation between (not a
    kept line break: a phrase does not run from one line of code or of a list to the next)."""
    return _compiled(r"[^\w\n]+".join(f"(?:{_alternatives(p)})" for p in phrase) + r"\b")


def starts_word(folded: str, start: int) -> bool:
    """True when a match at ``start`` begins a word (the left word boundary)."""
    return start == 0 or not _WORD_CHAR.match(folded, start - 1)


_WORD_CHAR = re.compile(r"\w")


def case_ok(
    query: Query, term: Term, text: str, origin: Sequence[int], start: int, end: int
) -> bool:
    """Smart case: with a capital in the query, a word's capitals must match too."""
    if not query.case_sensitive or term.original == term.original.lower():
        return True
    a, b = span_of(origin, start, end, len(text))
    original = keep_case_fold(text[a:b])
    return original[:1] == term.original[:1] and (
        original == term.original or term.prefix or term.edits > 0
    )


def phrase_case_ok(
    query: Query,
    phrase: list[Candidates],
    text: str,
    origin: Sequence[int],
    folded: str,
    start: int,
    end: int,
) -> bool:
    if not query.case_sensitive:
        return True
    words = list(WORD.finditer(folded, start, end))
    return len(words) == len(phrase) and all(
        case_ok(query, part.term, text, origin, word.start(), word.end())
        for part, word in zip(phrase, words, strict=True)
    )


def merge_spans(spans: list[tuple[int, int]], text: str = "") -> list[tuple[int, int]]:
    """Sorted spans, overlapping ones joined, and ones parted only by a space or a dash."""
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        gap = text[merged[-1][1] : start] if merged and text else None
        if merged and (start <= merged[-1][1] or (gap is not None and _joinable(gap))):
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


def _joinable(gap: str) -> bool:
    return 0 < len(gap) <= 3 and not any(c.isalnum() for c in gap)


class Stopped(Exception):
    """The caller's ``should_stop`` said so."""


def never() -> bool:
    return False


STOP_CHECK_EVERY = 4096
"""Matches between two ``should_stop`` checks inside one paragraph."""


def checked(
    matches: Iterator[re.Match[str]], should_stop: Callable[[], bool]
) -> Iterator[re.Match[str]]:
    """``matches``, asking ``should_stop`` every :data:`STOP_CHECK_EVERY` of them."""
    for count, match in enumerate(matches, 1):
        if count % STOP_CHECK_EVERY == 0 and should_stop():
            raise Stopped
        yield match
