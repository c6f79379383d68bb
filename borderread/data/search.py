"""The search index: folded vocabulary -> paragraphs, matched with rapidfuzz.

Each keystroke looks query words up in the vocabulary (exact, prefix, and within an edit
distance scaled to word length, by rapidfuzz over words of similar length), combines the
postings, ranks paragraphs, and only then folds the few best paragraphs (with an offset map)
to find exact character spans in the displayed text. Paragraph text is never rescanned with
a fuzzy scorer per keystroke.
"""

from __future__ import annotations

import bisect
import heapq
import math
import re
from array import array
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import islice

from borderread.data.fold import WORD, fold_with_map, fold_words
from borderread.data.models import Article, SearchHit
from borderread.data.query import Query, Term, keep_case_fold, parse_query

QUALITY_EXACT, QUALITY_PREFIX = 1.0, 0.8
QUALITY_BY_EDITS = {1: 0.7, 2: 0.5}
MAX_PREFIX_EXPANSION = 400
COVERAGE_WEIGHT = 100.0
VERIFY_MARGIN = 10
"""Paragraphs verified beyond the limit, for the few a closer look drops or re-ranks."""
PROXIMITY_WEIGHT = 5.0


@dataclass
class _Candidates:
    """Vocabulary words that can stand for one query term, each with a match quality."""

    term: Term
    words: dict[str, float] = field(default_factory=dict)
    pattern: re.Pattern[str] | None = None


@dataclass(frozen=True)
class IndexParts:
    """The data an index is made of, for saving it."""

    first_paragraph: list[int]
    paragraph_article: array[int]
    postings: dict[str, array[int]]


class SearchIndex:
    """An in-memory index over the body paragraphs of some articles."""

    def __init__(self, articles: Iterable[Article] = ()) -> None:
        self.articles: list[Article] = []
        self._article_index: dict[str, int] = {}
        self._first_paragraph: list[int] = []
        """Global id of each article's first paragraph (ids are contiguous per article)."""
        self._paragraph_article = array("i")
        self._postings: dict[str, array[int]] = {}
        self._sorted_words: list[str] | None = None
        self._by_length: dict[int, list[str]] | None = None
        self._folded: dict[int, tuple[str, list[int]]] = {}
        self._candidate_cache: dict[tuple[str, bool, int], _Candidates] = {}
        for article in articles:
            self.add(article)
        self.prepare()

    @classmethod
    def from_parts(
        cls,
        articles: list[Article],
        first_paragraph: list[int],
        paragraph_article: array[int],
        postings: dict[str, array[int]],
    ) -> SearchIndex:
        """An index rebuilt from saved parts (see ``search_cache``), without re-reading text."""
        index = cls()
        index.articles = list(articles)
        index._article_index = {article.id: n for n, article in enumerate(articles)}
        index._first_paragraph = list(first_paragraph)
        index._paragraph_article = paragraph_article
        index._postings = postings
        index._sorted_words = index._by_length = None
        index._candidate_cache.clear()
        index.prepare()
        return index

    def parts(self) -> IndexParts:
        """What ``search_cache`` saves."""
        return IndexParts(self._first_paragraph, self._paragraph_article, self._postings)

    def prepare(self) -> None:
        """Build the lookup tables the first query would otherwise build."""
        self._sorted()
        self._lengths()

    # Building

    def add(self, article: Article) -> None:
        """Index one article's body paragraphs (an article already indexed is replaced)."""
        if article.id in self._article_index:
            self.remove(article.id)
        self._article_index[article.id] = len(self.articles)
        self.articles.append(article)
        first = len(self._paragraph_article)
        self._first_paragraph.append(first)
        postings = self._postings
        for offset, block in enumerate(article.body):
            pid = first + offset
            self._paragraph_article.append(len(self.articles) - 1)
            for word in set(fold_words(block.text)):
                found = postings.get(word)
                if found is None:
                    postings[word] = array("i", (pid,))
                else:
                    found.append(pid)
        self._sorted_words = self._by_length = None
        self._candidate_cache.clear()

    def remove(self, article_id: str) -> None:
        """Forget an article; its paragraphs stop matching (their ids are not reused)."""
        index = self._article_index.pop(article_id, None)
        if index is not None:
            self.articles[index] = _REMOVED

    @property
    def paragraph_count(self) -> int:
        return len(self._paragraph_article)

    def __contains__(self, article_id: object) -> bool:
        return article_id in self._article_index

    def article(self, article_id: str) -> Article:
        """The indexed article a hit's ``article_id`` names (``KeyError`` if none)."""
        return self.articles[self._article_index[article_id]]

    # Searching

    def search(
        self,
        query: Query | str,
        *,
        article_ids: Iterable[str] | None = None,
        limit: int | None = 50,
        max_spans: int | None = None,
        should_stop: Callable[[], bool] | None = None,
    ) -> list[SearchHit]:
        """Paragraphs matching ``query``, best first (``limit=None``: all of them).

        ``max_spans`` bounds the spans found per query part in one paragraph: a list of
        results needs only the first few, and a paragraph can be megabytes long.
        ``should_stop`` is asked between paragraphs and every few thousand matches; when it
        says so (a newer keystroke superseded this search) the search ends with no hits."""
        try:
            return self._search(query, article_ids, limit, max_spans, should_stop or _never)
        except _Stopped:
            return []

    def _search(
        self,
        query: Query | str,
        article_ids: Iterable[str] | None,
        limit: int | None,
        max_spans: int | None,
        should_stop: Callable[[], bool],
    ) -> list[SearchHit]:
        if isinstance(query, str):
            query = parse_query(query)
        if query.empty:
            return []
        allowed = self._allowed_ranges(article_ids)
        parts = [self._candidates(term) for term in query.terms]
        phrase_parts = [[self._candidates(term) for term in phrase] for phrase in query.phrases]
        scores = self._score(parts, phrase_parts, allowed)
        wanted = len(scores) if limit is None else min(len(scores), limit + VERIFY_MARGIN)
        ranked = heapq.nlargest(wanted, scores, key=scores.__getitem__)
        hits = []
        for pid in ranked:
            if should_stop():
                raise _Stopped
            hit = self._verify(pid, scores[pid], query, parts, phrase_parts, max_spans, should_stop)
            if hit is not None:
                hits.append(hit)
        hits.sort(key=lambda hit: (-hit.score, self._article_index[hit.article_id], hit.paragraph))
        return hits if limit is None else hits[:limit]

    def _allowed_ranges(self, article_ids: Iterable[str] | None) -> list[tuple[int, int]] | None:
        if article_ids is None:
            return None
        ranges = []
        for article_id in article_ids:
            index = self._article_index.get(article_id)
            if index is not None:
                start = self._first_paragraph[index]
                ranges.append((start, start + len(self.articles[index].body)))
        return sorted(ranges)

    def _candidates(self, term: Term) -> _Candidates:
        """Vocabulary words for ``term`` (remembered: typing and backspacing repeat them)."""
        key = (term.word, term.prefix, term.edits)
        cached = self._candidate_cache.get(key)
        if cached is None:
            if len(self._candidate_cache) > 256:
                self._candidate_cache.clear()
            cached = self._find_candidates(term)
            self._candidate_cache[key] = cached
        return _Candidates(term, cached.words)

    def _find_candidates(self, term: Term) -> _Candidates:
        """Vocabulary words for ``term``: exact, then prefix (while typing), then typos."""
        found = _Candidates(term)
        if term.word in self._postings:
            found.words[term.word] = QUALITY_EXACT
        if term.prefix and len(term.word) >= 2:
            words = self._sorted()
            start = bisect.bisect_left(words, term.word)
            for word in words[start : start + MAX_PREFIX_EXPANSION]:
                if not word.startswith(term.word):
                    break
                found.words.setdefault(word, QUALITY_PREFIX)
        if term.edits:
            from rapidfuzz import process
            from rapidfuzz.distance import Levenshtein

            length = len(term.word)
            pool = [
                w
                for n in range(length - term.edits, length + term.edits + 1)
                for w in self._lengths().get(n, ())
            ]
            for word, distance, _ in process.extract(
                term.word, pool, scorer=Levenshtein.distance, score_cutoff=term.edits, limit=None
            ):
                if distance:
                    found.words.setdefault(word, QUALITY_BY_EDITS[int(distance)])
        return found

    def _sorted(self) -> list[str]:
        if self._sorted_words is None:
            self._sorted_words = sorted(self._postings)
        return self._sorted_words

    def _lengths(self) -> dict[int, list[str]]:
        if self._by_length is None:
            by_length: dict[int, list[str]] = {}
            for word in self._postings:
                by_length.setdefault(len(word), []).append(word)
            self._by_length = by_length
        return self._by_length

    def _idf(self, word: str) -> float:
        return math.log(1 + self.paragraph_count / (1 + len(self._postings.get(word, ()))))

    def _pids(self, word: str, allowed: list[tuple[int, int]] | None) -> Iterable[int]:
        postings = self._postings.get(word, array("i"))
        if allowed is None:
            return postings
        out: list[int] = []
        for start, end in allowed:
            low, high = bisect.bisect_left(postings, start), bisect.bisect_left(postings, end)
            out.extend(postings[low:high])
        return out

    def _score(
        self,
        parts: list[_Candidates],
        phrase_parts: list[list[_Candidates]],
        allowed: list[tuple[int, int]] | None,
    ) -> dict[int, float]:
        """Coverage first (how many query parts a paragraph has), then rarity times quality."""
        scores: dict[int, float] = {}
        for number, part in enumerate(parts):
            weighted = sorted(
                (COVERAGE_WEIGHT + quality * self._idf(word), word)
                for word, quality in part.words.items()
            )
            best: dict[int, float] = {}
            for weight, word in weighted:  # ascending: a better word's weight overwrites
                best.update(dict.fromkeys(self._pids(word, allowed), weight))
            if number == 0:
                scores = best
            else:
                for pid, weight in best.items():
                    scores[pid] = scores.get(pid, 0.0) + weight
        for phrase in phrase_parts:
            common: set[int] | None = None
            for part in phrase:
                pids = {pid for word in part.words for pid in self._pids(word, allowed)}
                common = pids if common is None else common & pids
            for pid in common or ():
                scores[pid] = scores.get(pid, 0.0) + COVERAGE_WEIGHT
        return scores

    def _folded_paragraph(self, pid: int) -> tuple[str, list[int]]:
        cached = self._folded.get(pid)
        if cached is None:
            if len(self._folded) > 4096:
                self._folded.clear()
            cached = fold_with_map(self._text(pid))
            self._folded[pid] = cached
        return cached

    def _text(self, pid: int) -> str:
        article_index = self._paragraph_article[pid]
        article = self.articles[article_index]
        return article.body[pid - self._first_paragraph[article_index]].text

    def _verify(
        self,
        pid: int,
        score: float,
        query: Query,
        parts: list[_Candidates],
        phrase_parts: list[list[_Candidates]],
        max_spans: int | None = None,
        should_stop: Callable[[], bool] = lambda: False,
    ) -> SearchHit | None:
        """Find the exact spans of a ranked paragraph; drop it if nothing really matches.

        One compiled regex per query part runs over the folded paragraph (C speed); the
        offset map turns its matches into spans of the displayed text.
        """
        text = self._text(pid)
        folded, origin = self._folded_paragraph(pid)
        spans: list[tuple[int, int]] = []
        positions: list[list[int]] = []
        for part in parts:
            found = list(
                islice(
                    (
                        m
                        for m in _checked(_part_pattern(part).finditer(folded), should_stop)
                        if _starts_word(folded, m.start())
                        and _case_ok(query, part.term, text, origin, m.start(), m.end())
                    ),
                    max_spans,
                )
            )
            if found:
                positions.append([m.start() for m in found])
                spans.extend(_span(origin, m.start(), m.end(), len(text)) for m in found)
        for phrase in phrase_parts:
            found = list(
                islice(
                    (
                        m
                        for m in _checked(_phrase_pattern(phrase).finditer(folded), should_stop)
                        if _starts_word(folded, m.start())
                        and _phrase_case_ok(query, phrase, text, origin, folded, m.start(), m.end())
                    ),
                    max_spans,
                )
            )
            if found:
                positions.append([m.start() for m in found])
                spans.extend(_span(origin, m.start(), m.end(), len(text)) for m in found)
        if not spans:
            return None
        if len(positions) > 1:
            spans = _near_others(spans, origin, parts, positions)
        coverage_lost = (len(parts) + len(phrase_parts)) - len(positions)
        score -= COVERAGE_WEIGHT * coverage_lost
        score += PROXIMITY_WEIGHT * _proximity(positions)
        article_index = self._paragraph_article[pid]
        return SearchHit(
            self.articles[article_index].id,
            pid - self._first_paragraph[article_index],
            round(score, 3),
            tuple(_merge(spans, text)),
            complete=coverage_lost == 0,
        )


def _span(origin: list[int], start: int, end: int, size: int) -> tuple[int, int]:
    """A folded ``[start, end)`` range as a range of the original text (of ``size``
    characters). It ends where the next folded character begins: what lies between was
    folded away (a word's final vowel sign or accent, a soft hyphen) and belongs to it."""
    last = origin[end - 1] + 1
    return origin[start], max(last, origin[end] if end < len(origin) else size)


@lru_cache(maxsize=512)
def _compiled(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern)


def _alternatives(part: _Candidates) -> str:
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


def _part_pattern(part: _Candidates) -> re.Pattern[str]:
    """Any of the part's words, ending at a word boundary (the start is checked apart)."""
    if part.pattern is None:
        part.pattern = _compiled(_alternatives(part) + r"\b")
    return part.pattern


def _phrase_pattern(phrase: list[_Candidates]) -> re.Pattern[str]:
    """The phrase's words one after another, with only spaces or punctuation between."""
    return _compiled(r"\W+".join(f"(?:{_alternatives(p)})" for p in phrase) + r"\b")


def _starts_word(folded: str, start: int) -> bool:
    """True when a match at ``start`` begins a word (the left word boundary)."""
    return start == 0 or not _WORD_CHAR.match(folded, start - 1)


_WORD_CHAR = re.compile(r"\w")


def _case_ok(query: Query, term: Term, text: str, origin: list[int], start: int, end: int) -> bool:
    """Smart case: with a capital in the query, a word's capitals must match too."""
    if not query.case_sensitive or term.original == term.original.lower():
        return True
    a, b = _span(origin, start, end, len(text))
    original = keep_case_fold(text[a:b])
    return original[:1] == term.original[:1] and (
        original == term.original or term.prefix or term.edits > 0
    )


def _phrase_case_ok(
    query: Query,
    phrase: list[_Candidates],
    text: str,
    origin: list[int],
    folded: str,
    start: int,
    end: int,
) -> bool:
    if not query.case_sensitive:
        return True
    words = list(WORD.finditer(folded, start, end))
    return len(words) == len(phrase) and all(
        _case_ok(query, part.term, text, origin, word.start(), word.end())
        for part, word in zip(phrase, words, strict=True)
    )


CHARS_PER_WORD = 7
"""Folded characters per word, to turn character distances into word distances."""
SHORT_WORD = 3
NEAR_CHARS = 3 * CHARS_PER_WORD


def _proximity(positions: list[list[int]]) -> float:
    """1.0 when the matched words stand together, towards 0 as they scatter."""
    if len(positions) < 2:
        return 0.0
    events = sorted((pos, part) for part, found in enumerate(positions) for pos in found)
    need = len(positions)
    counts: dict[int, int] = {}
    best = math.inf
    left = 0
    for pos, part in events:
        counts[part] = counts.get(part, 0) + 1
        while len(counts) == need:
            best = min(best, pos - events[left][0])
            left_part = events[left][1]
            counts[left_part] -= 1
            if not counts[left_part]:
                del counts[left_part]
            left += 1
    if best is math.inf:
        return 0.0
    gap_words = max(best / CHARS_PER_WORD - (need - 1), 0)
    return 1.0 / (1.0 + gap_words)


def _near_others(
    spans: list[tuple[int, int]],
    origin: list[int],
    parts: list[_Candidates],
    positions: list[list[int]],
) -> list[tuple[int, int]]:
    """Drop highlights of short words ("on", "the") that stand far from the other words."""
    short = {i for i, part in enumerate(parts) if len(part.term.word) <= SHORT_WORD}
    if not short or len(short) >= len(positions):
        return spans
    others = sorted(p for i, found in enumerate(positions) if i not in short for p in found)
    dropped = set()
    for i in short:
        if i >= len(positions):
            continue
        for position in positions[i]:
            nearest = bisect.bisect_left(others, position)
            near = any(
                0 <= j < len(others) and abs(others[j] - position) <= NEAR_CHARS
                for j in (nearest - 1, nearest)
            )
            if not near:
                dropped.add(origin[position])
    return [span for span in spans if span[0] not in dropped]


def _merge(spans: list[tuple[int, int]], text: str = "") -> list[tuple[int, int]]:
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


class _Stopped(Exception):
    """The caller's ``should_stop`` said so."""


def _never() -> bool:
    return False


STOP_CHECK_EVERY = 4096
"""Matches between two ``should_stop`` checks inside one paragraph."""


def _checked(
    matches: Iterator[re.Match[str]], should_stop: Callable[[], bool]
) -> Iterator[re.Match[str]]:
    """``matches``, asking ``should_stop`` every :data:`STOP_CHECK_EVERY` of them."""
    for count, match in enumerate(matches, 1):
        if count % STOP_CHECK_EVERY == 0 and should_stop():
            raise _Stopped
        yield match


def snippet(
    text: str, spans: tuple[tuple[int, int], ...], width: int = 120
) -> tuple[str, list[tuple[int, int]]]:
    """A piece of ``text`` around the first span, cut at spaces, and the spans within it."""
    if not spans or len(text) <= width:
        return text, list(spans)
    first = spans[0][0]
    start = max(0, first - width // 3)
    if start:
        space = text.find(" ", start)
        start = space + 1 if 0 <= space < first else start
    end = min(len(text), start + width)
    if end < len(text):
        space = text.rfind(" ", start, end)
        end = space if space > first else end
    prefix = "…" if start else ""
    suffix = "…" if end < len(text) else ""
    shift = len(prefix) - start
    inside = [
        (max(a, start) + shift, min(b, end) + shift) for a, b in spans if a < end and b > start
    ]
    return prefix + text[start:end] + suffix, inside


class _Removed:
    """Stands in for an article removed from the index."""

    id = ""
    body: tuple[()] = ()


_REMOVED: Article = _Removed()  # type: ignore[assignment]
