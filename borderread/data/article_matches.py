"""Every match of a query in one article, in reading order: the reader's ``/``.

The ranked search verifies paragraph by paragraph (a fold, a regex, checks per paragraph:
~65 µs each). An in-article search wants every match, and a 5 MB article has thousands
of matching paragraphs, so here the whole folded article is one string: one regex per
query part scans it at C speed, and each match is placed in its paragraph as the scan
goes. Results are the same hits the ranked search finds (a test says so), unranked.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Sequence
from typing import NamedTuple

from borderread.data.fold import fold_with_map
from borderread.data.models import Article, SearchHit
from borderread.data.query import Query
from borderread.data.ranking import COVERAGE_WEIGHT, near_others
from borderread.data.spans import (
    STOP_CHECK_EVERY,
    Candidates,
    Stopped,
    case_ok,
    merge_spans,
    part_pattern,
    phrase_case_ok,
    phrase_pattern,
    span_of,
)

_WORD_CHAR = re.compile(r"\w")


class ArticleFold(NamedTuple):
    """An article's body folded for matching: one paragraph a line."""

    text: str
    starts: list[int]
    """Where each body paragraph starts in ``text``."""
    origins: list[Sequence[int]]
    """Each paragraph's fold map (folded offset -> offset in the paragraph's text)."""


def fold_article(article: Article) -> ArticleFold:
    """Fold every body paragraph once (the paragraph separator is a line break, which no
    word and no phrase pattern crosses)."""
    pieces: list[str] = []
    starts: list[int] = []
    origins: list[Sequence[int]] = []
    position = 0
    for block in article.body:
        folded, origin = fold_with_map(block.text)
        starts.append(position)
        pieces.append(folded)
        origins.append(origin)
        position += len(folded) + 1
    return ArticleFold("\n".join(pieces), starts, origins)


_FOLDS: dict[int, tuple[Article, ArticleFold]] = {}
KEEP_FOLDS = 2


def fold_of(article: Article) -> ArticleFold:
    """``fold_article(article)``, kept for the last articles asked for: the open article's
    small index and the collection index share it."""
    kept = _FOLDS.pop(id(article), None)
    fold = kept[1] if kept is not None and kept[0] is article else fold_article(article)
    _FOLDS[id(article)] = (article, fold)
    while len(_FOLDS) > KEEP_FOLDS:
        _FOLDS.pop(next(iter(_FOLDS)), None)
    return fold


def is_folded(article: Article) -> bool:
    """Whether :func:`fold_of` has ``article`` at hand."""
    kept = _FOLDS.get(id(article))
    return kept is not None and kept[0] is article


Found = dict[int, list[list[tuple[int, int]]]]
"""Paragraph -> for each query part, its matches as folded ``(start, end)`` in it."""


class Limits(NamedTuple):
    """How much to find: matches per query part in one paragraph, and in all (the scan
    then begins at paragraph ``around`` and wraps, so what is found is what is near)."""

    per_paragraph: int | None = None
    in_all: int | None = None
    around: int = 0


def matches_in_article(
    article: Article,
    fold: ArticleFold,
    query: Query,
    parts: list[Candidates],
    phrase_parts: list[list[Candidates]],
    limits: Limits,
    should_stop: Callable[[], bool],
) -> list[SearchHit]:
    """Each paragraph of ``article`` that matches, in reading order, with its spans; when
    ``limits.in_all`` cut the scan short, every hit says ``truncated``."""
    patterns = [part_pattern(p) for p in parts] + [phrase_pattern(p) for p in phrase_parts]
    found: Found = {}
    truncated: set[int] = set()
    cut = False
    for number, pattern in enumerate(patterns):
        scan = _Scan(fold, number, len(patterns), limits, should_stop, found, truncated)
        check = _case_check(article, fold, query, parts, phrase_parts, number)
        cut = scan.run(pattern, check) or cut
    hits = []
    for paragraph in sorted(found):
        text = article.body[paragraph].text
        origin = fold.origins[paragraph]
        matched = [spans for spans in found[paragraph] if spans]
        if len(matched) == 1 and isinstance(origin, range):  # the common case, quickly
            spans = matched[0]
        else:
            spans = [span_of(origin, a, b, len(text)) for each in matched for a, b in each]
        if len(matched) > 1:
            positions = [[a for a, _ in each] for each in matched]
            spans = near_others(spans, origin, parts, positions)
        hits.append(
            SearchHit(
                article.id,
                paragraph,
                COVERAGE_WEIGHT * len(matched),
                tuple(merge_spans(spans, text) if len(spans) > 1 else spans),
                complete=len(matched) == len(patterns),
                truncated=cut or paragraph in truncated,
            )
        )
    return hits


CaseCheck = Callable[[int, int, int], bool] | None
"""Whether a match (paragraph, folded start, end) passes smart case; None: all do."""


def _case_check(
    article: Article,
    fold: ArticleFold,
    query: Query,
    parts: list[Candidates],
    phrase_parts: list[list[Candidates]],
    number: int,
) -> CaseCheck:
    if not query.case_sensitive:
        return None

    def check(paragraph: int, start: int, end: int) -> bool:
        text, origin = article.body[paragraph].text, fold.origins[paragraph]
        if number < len(parts):
            return case_ok(query, parts[number].term, text, origin, start, end)
        begin = fold.starts[paragraph]
        folded = fold.text[begin : begin + len(origin)]
        phrase = phrase_parts[number - len(parts)]
        return phrase_case_ok(query, phrase, text, origin, folded, start, end)

    return check


class _Scan:
    """One query part's scan over the folded article, placing matches in paragraphs."""

    def __init__(
        self,
        fold: ArticleFold,
        number: int,
        count: int,
        limits: Limits,
        should_stop: Callable[[], bool],
        found: Found,
        truncated: set[int],
    ) -> None:
        self.fold, self.number, self.count, self.limits = fold, number, count, limits
        self.should_stop, self.found, self.truncated = should_stop, found, truncated
        self.total = 0

    def run(self, pattern: re.Pattern[str], check: CaseCheck) -> bool:
        """Scan from paragraph ``around`` to the end, then from the start; True when the
        limit in all stopped it."""
        starts, size = self.fold.starts, len(self.fold.text)
        middle = starts[self.limits.around] if 0 < self.limits.around < len(starts) else 0
        for begin, end in ((middle, size), (0, middle)):
            if begin < end and self._range(pattern, check, begin, end):
                return True
        return False

    def _range(self, pattern: re.Pattern[str], check: CaseCheck, begin: int, end: int) -> bool:
        text, starts = self.fold.text, self.fold.starts
        per_paragraph, in_all = self.limits.per_paragraph, self.limits.in_all
        found, number = self.found, self.number
        paragraph, offset, last = -1, 0, -1
        for seen, match in enumerate(pattern.finditer(text, begin, end), 1):
            if seen % STOP_CHECK_EVERY == 0 and self.should_stop():
                raise Stopped
            start, stop = match.span()
            if start and _WORD_CHAR.match(text, start - 1):
                continue  # inside a word
            if start > last:
                paragraph = bisect.bisect_right(starts, start) - 1
                offset = starts[paragraph]
                following = paragraph + 1
                last = starts[following] - 1 if following < len(starts) else len(text)
            local = (start - offset, stop - offset)
            if check is not None and not check(paragraph, *local):
                continue
            lists = found.get(paragraph)
            if lists is None:
                lists = found[paragraph] = [[] for _ in range(self.count)]
            spans = lists[number]
            if per_paragraph is not None and len(spans) >= per_paragraph:
                self.truncated.add(paragraph)
                continue
            spans.append(local)
            self.total += 1
            if in_all is not None and self.total >= in_all:
                return True
        return False
