"""The search index: folded vocabulary -> paragraphs, matched with rapidfuzz.

Each keystroke looks query words up in the vocabulary (exact, prefix, and within an edit
distance scaled to word length, by rapidfuzz over words of similar length), combines the
postings, ranks paragraphs, and only then folds the few best paragraphs (with an offset map)
to find exact character spans in the displayed text. Paragraph text is never rescanned with
a fuzzy scorer per keystroke.
"""

from __future__ import annotations

import bisect
import copy
import heapq
from array import array
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from itertools import islice

from borderread.data.article_matches import Limits, fold_of, matches_in_article
from borderread.data.fold import fold_with_map, fold_words
from borderread.data.models import Article, SearchHit
from borderread.data.query import Query, Term, parse_query
from borderread.data.ranking import (
    BM25_WEIGHT,
    COVERAGE_WEIGHT,
    PROXIMITY_WEIGHT,
    QUALITY_BY_EDITS,
    QUALITY_EXACT,
    QUALITY_PREFIX,
    TIER_WEIGHT,
    bm25_idf,
    length_norms,
    near_others,
    plausible_typo,
    proximity,
)
from borderread.data.spans import (
    Candidates,
    Stopped,
    case_ok,
    checked,
    merge_spans,
    never,
    part_pattern,
    phrase_case_ok,
    phrase_pattern,
    span_of,
    starts_word,
)

try:  # CPython's C loop behind Counter (indexing spent ~20% of its time in Counter itself)
    from collections import _count_elements as count_elements  # type: ignore[attr-defined]
except ImportError:  # other Pythons

    def count_elements(counts: dict[str, int], words: Iterable[str]) -> None:
        for word in words:
            counts[word] = counts.get(word, 0) + 1


MAX_PREFIX_EXPANSION = 400
VERIFY_MARGIN = 10
"""Paragraphs verified beyond the limit, for the few a closer look drops or re-ranks."""
COPIES_FACTOR = 2
"""How many times more are verified when copies of a paragraph took the best places (4
cost a warm `borderread search` at 10 MB ~30 ms more than none, reading the articles)."""


@dataclass(frozen=True)
class IndexParts:
    """The data an index is made of, for saving it."""

    first_paragraph: list[int]
    paragraph_article: array[int]
    postings: dict[str, array[int]]
    frequencies: dict[str, array[int]]
    """How often the word stands in each paragraph of its postings (at most 255)."""
    paragraph_words: array[int]
    """How many words each paragraph has (BM25's paragraph length)."""


class SearchIndex:
    """An in-memory index over the body paragraphs of some articles."""

    def __init__(self, articles: Iterable[Article] = ()) -> None:
        self._built: list[Article] = []
        self.articles: Sequence[Article] = self._built
        """A list, or (loaded from parts) any sequence, e.g. articles read only when used."""
        self._article_index: dict[str, int] = {}
        self._first_paragraph: list[int] = []
        """Global id of each article's first paragraph (ids are contiguous per article)."""
        self._paragraph_article = array("i")
        self._postings: dict[str, array[int]] = {}
        self._frequencies: dict[str, array[int]] = {}
        self._paragraph_words = array("i")
        self._norms: array[float] | None = None
        self._sorted_words: list[str] | None = None
        self._by_length: dict[int, list[str]] | None = None
        self._folded: dict[int, tuple[str, Sequence[int]]] = {}
        self._candidate_cache: dict[tuple[str, bool, int], Candidates] = {}
        for article in articles:
            self.add(article)
        self.prepare()

    @classmethod
    def from_parts(
        cls,
        articles: Sequence[Article],
        ids: list[str],
        first_paragraph: list[int],
        paragraph_article: array[int],
        postings: dict[str, array[int]],
        frequencies: dict[str, array[int]],
        paragraph_words: array[int],
    ) -> SearchIndex:
        """An index rebuilt from saved parts (see ``search_cache``), without re-reading text."""
        index = cls()
        index.articles = articles
        index._article_index = {article_id: n for n, article_id in enumerate(ids)}
        index._first_paragraph = list(first_paragraph)
        index._paragraph_article = paragraph_article
        index._postings = postings
        index._frequencies = frequencies
        index._paragraph_words = paragraph_words
        index._sorted_words = index._by_length = index._norms = None
        index._candidate_cache.clear()
        index.prepare()
        return index

    def over(self, articles: Sequence[Article]) -> SearchIndex:
        """This loaded index over another sequence of the same articles, in the same
        order: the postings and lookup tables shared, the caches of text fresh (the
        search server's way to reuse an index it read before)."""
        if self.articles is self._built:
            raise ValueError("only an index loaded from parts can be shared")
        index = copy.copy(self)
        index.articles = articles
        index._folded = {}
        index._candidate_cache = {}
        return index

    def parts(self) -> IndexParts:
        """What ``search_cache`` saves."""
        return IndexParts(
            self._first_paragraph,
            self._paragraph_article,
            self._postings,
            self._frequencies,
            self._paragraph_words,
        )

    def prepare(self) -> None:
        """Build the lookup tables the first query would otherwise build."""
        self._sorted()
        self._lengths()
        self._length_norms()

    # Building

    def add(self, article: Article) -> None:
        """Index one article's body paragraphs (``ValueError`` if it is indexed already)."""
        if article.id in self._article_index:
            raise ValueError(f"{article.id} is indexed already")
        if self.articles is not self._built:
            raise ValueError("an index loaded from parts does not grow")
        self._article_index[article.id] = len(self.articles)
        self._built.append(article)
        first = len(self._paragraph_article)
        self._first_paragraph.append(first)
        postings, frequencies = self._postings, self._frequencies
        for offset, block in enumerate(article.body):
            pid = first + offset
            self._paragraph_article.append(len(self.articles) - 1)
            words = fold_words(block.text)
            self._paragraph_words.append(len(words))
            counts: dict[str, int] = {}
            count_elements(counts, words)  # Counter's C loop, without Counter's overhead
            for word, count in counts.items():
                count = count if count < 256 else 255
                found = postings.get(word)
                if found is None:
                    postings[word] = array("i", (pid,))
                    frequencies[word] = array("B", (count,))
                else:
                    found.append(pid)
                    frequencies[word].append(count)
        self._sorted_words = self._by_length = self._norms = None
        self._candidate_cache.clear()

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
        says so (a newer keystroke superseded this search) the search ends with no hits.
        A quoted phrase found nowhere as typed is looked for again with its typos forgiven
        (those hits say ``close``)."""
        stop = should_stop or never
        return _with_close_matches(
            lambda q: self._search(q, article_ids, limit, max_spans, stop), query
        )

    def matches_in(
        self,
        article_id: str,
        query: Query | str,
        *,
        limits: Limits | None = None,
        should_stop: Callable[[], bool] | None = None,
    ) -> list[SearchHit]:
        """Every paragraph of one article matching ``query``, in reading order (unranked):
        the same hits ``search`` finds there (up to ``limits``), from a scan of the whole
        folded article (see ``article_matches``), which is what a big article needs."""
        index = self._article_index.get(article_id)
        if index is None:
            return []
        article, stop = self.articles[index], should_stop or never

        def run(query: Query) -> list[SearchHit]:
            if query.empty:
                return []
            parts = [self._candidates(term) for term in query.terms]
            phrases = [[self._candidates(term) for term in phrase] for phrase in query.phrases]
            fold = fold_of(article)
            found = limits or Limits()
            return matches_in_article(article, fold, query, parts, phrases, found, stop)

        return _with_close_matches(run, query)

    def prepare_article(self, article_id: str) -> None:
        """Fold the article for :meth:`matches_in` now (the first search then need not)."""
        index = self._article_index.get(article_id)
        if index is not None:
            fold_of(self.articles[index])

    def _search(
        self,
        query: Query,
        article_ids: Iterable[str] | None,
        limit: int | None,
        max_spans: int | None,
        should_stop: Callable[[], bool],
    ) -> list[SearchHit]:
        if query.empty:
            return []
        allowed = self._allowed_ranges(article_ids)
        parts = [self._candidates(term) for term in query.terms]
        phrase_parts = [[self._candidates(term) for term in phrase] for phrase in query.phrases]
        enough = None if limit is None else limit + VERIFY_MARGIN
        scores = self._score(parts, phrase_parts, allowed, enough)
        verified = self._verified(
            scores, enough, query, parts, phrase_parts, max_spans, should_stop
        )
        if limit is not None and len(verified) < limit and enough is not None:
            # Too many of the best were dropped on a closer look: score every match.
            scores = self._score(parts, phrase_parts, allowed, None)
            verified = self._verified(
                scores, None, query, parts, phrase_parts, max_spans, should_stop
            )
        hits = self._copies_folded(verified)
        if limit is not None and enough is not None and len(hits) < limit <= len(verified):
            # Copies of a paragraph took places: look a little further (not at every match:
            # a word in a copied changelog matches thousands of times).
            more = enough * COPIES_FACTOR
            scores = self._score(parts, phrase_parts, allowed, more)
            verified = self._verified(
                scores, more, query, parts, phrase_parts, max_spans, should_stop
            )
            hits = self._copies_folded(verified)
        return hits if limit is None else hits[:limit]

    def _copies_folded(self, hits: list[SearchHit]) -> list[SearchHit]:
        """``hits``, best first, with a paragraph that other articles hold word for word
        listed once, at its best place, naming those articles (``copies``): all of
        /usr/share/doc's first page of results for "license" was one paragraph of the
        same changelog in eleven packages. Copies within one article stay apart."""
        hits.sort(key=lambda hit: (-hit.score, self._article_index[hit.article_id], hit.paragraph))
        first: dict[str, int] = {}
        kept: list[SearchHit] = []
        copies: dict[int, list[str]] = {}
        for hit in hits:
            text = self._text(
                self._first_paragraph[self._article_index[hit.article_id]] + hit.paragraph
            )
            at = first.get(text)
            if at is not None and kept[at].article_id != hit.article_id:
                copies.setdefault(at, []).append(hit.article_id)
                continue
            first.setdefault(text, len(kept))
            kept.append(hit)
        for at, others in copies.items():
            kept[at] = kept[at]._replace(copies=tuple(dict.fromkeys(others)))
        return kept

    def _verified(
        self,
        scores: dict[int, float],
        enough: int | None,
        query: Query,
        parts: list[Candidates],
        phrase_parts: list[list[Candidates]],
        max_spans: int | None,
        should_stop: Callable[[], bool],
    ) -> list[SearchHit]:
        """The best ``enough`` of the scored paragraphs (all: None), looked at closely."""
        wanted = len(scores) if enough is None else min(len(scores), enough)
        ranked = heapq.nlargest(wanted, scores, key=scores.__getitem__)
        hits = []
        for pid in ranked:
            if should_stop():
                raise Stopped
            hit = self._verify(pid, scores[pid], query, parts, phrase_parts, max_spans, should_stop)
            if hit is not None:
                hits.append(hit)
        return hits

    def _allowed_ranges(self, article_ids: Iterable[str] | None) -> list[tuple[int, int]] | None:
        if article_ids is None:
            return None
        ranges = []
        for article_id in article_ids:
            index = self._article_index.get(article_id)
            if index is not None:
                start = self._first_paragraph[index]
                ranges.append((start, self._paragraph_end(index)))
        return sorted(ranges)

    def _candidates(self, term: Term) -> Candidates:
        """Vocabulary words for ``term`` (remembered: typing and backspacing repeat them)."""
        key = (term.word, term.prefix, term.edits)
        cached = self._candidate_cache.get(key)
        if cached is None:
            if len(self._candidate_cache) > 256:
                self._candidate_cache.clear()
            cached = self._find_candidates(term)
            self._candidate_cache[key] = cached
        return Candidates(term, cached.words)

    def _find_candidates(self, term: Term) -> Candidates:
        """Vocabulary words for ``term``: exact, then prefix (while typing), then typos."""
        found = Candidates(term)
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
            from rapidfuzz.distance import OSA  # a swap of two letters is one typo

            length = len(term.word)
            pool = [
                w
                for n in range(length - term.edits, length + term.edits + 1)
                for w in self._lengths().get(n, ())
            ]
            for word, distance, _ in process.extract(
                term.word, pool, scorer=OSA.distance, score_cutoff=term.edits, limit=None
            ):
                if distance and plausible_typo(term.word, word):
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

    def _length_norms(self) -> array[float]:
        if self._norms is None:
            words = self._paragraph_words
            average = sum(words) / len(words) if words else 1.0
            self._norms = length_norms(words, average)
        return self._norms

    def _bm25_scale(self) -> float:
        """What one unit of BM25 (before its ``k1 + 1``) adds, per unit of idf: the
        rarest word's BM25 stays below ``BM25_WEIGHT``."""
        return BM25_WEIGHT / bm25_idf(self.paragraph_count, 0) if self.paragraph_count else 0.0

    def _postings_in(
        self, word: str, allowed: list[tuple[int, int]] | None
    ) -> tuple[Sequence[int], Sequence[int]]:
        """The paragraphs that hold ``word`` (within ``allowed``), and how often each does."""
        postings = self._postings.get(word, array("i"))
        frequencies = self._frequencies.get(word, array("B"))
        if allowed is None:
            return postings, frequencies
        pids: list[int] = []
        counts: list[int] = []
        for start, end in allowed:
            low, high = bisect.bisect_left(postings, start), bisect.bisect_left(postings, end)
            pids.extend(postings[low:high])
            counts.extend(frequencies[low:high])
        return pids, counts

    def _score(
        self,
        parts: list[Candidates],
        phrase_parts: list[list[Candidates]],
        allowed: list[tuple[int, int]] | None,
        enough: int | None,
    ) -> dict[int, float]:
        """Coverage first (how many query parts a paragraph has), then the kind of match
        (as typed, completed, near miss), then BM25 (how often, how rare, how long).

        With ``enough`` (how many of the best are wanted) and one query word, its words
        are scored from the one whose paragraphs could score highest (the best kind of
        match, then the rarest) and no further once ``enough`` paragraphs already score
        above anything the next word could give: none of its paragraphs could be among
        the best. (Three letters typed in 10 MB match dozens of words and ~10,000
        paragraphs; the best 40 are known after the first few words.)"""
        norms = self._length_norms()
        per_idf = self._bm25_scale()
        total = self.paragraph_count
        scores: dict[int, float] = {}
        prune = enough is not None and len(parts) == 1 and not phrase_parts
        for number, part in enumerate(parts):
            best: dict[int, float] = {}
            get = best.get
            floor = -1.0
            """The least of the best ``enough`` first scores of paragraphs (once there are
            that many): no paragraph outside the best scores less."""
            firsts: list[float] = []
            weighed = []
            for word, quality in part.words.items():
                bm25 = per_idf * bm25_idf(total, len(self._postings.get(word, ())))
                weighed.append((COVERAGE_WEIGHT + TIER_WEIGHT * quality, bm25, word))
            weighed.sort(key=lambda item: -(item[0] + item[1]))
            for position, (base, bm25, word) in enumerate(weighed, 1):
                if floor > base + bm25:
                    break  # tf / (tf + norm) < 1: no paragraph of this word scores more
                pids, counts = self._postings_in(word, allowed)
                new: list[float] = []
                for pid, count in zip(pids, counts, strict=True):
                    weight = base + bm25 * count / (count + norms[pid])
                    known = get(pid)
                    if known is None:
                        best[pid] = weight
                        new.append(weight)
                    elif weight > known:
                        best[pid] = weight
                if prune and enough is not None and new and position < len(weighed):
                    firsts = heapq.nlargest(enough, firsts + new)
                    floor = firsts[-1] if len(firsts) == enough else floor
            if number == 0:
                scores = best
            else:
                for pid, weight in best.items():
                    scores[pid] = scores.get(pid, 0.0) + weight
        for phrase in phrase_parts:
            common: set[int] | None = None
            for part in phrase:
                held = {pid for word in part.words for pid in self._postings_in(word, allowed)[0]}
                common = held if common is None else common & held
            for pid in common or ():
                scores[pid] = scores.get(pid, 0.0) + COVERAGE_WEIGHT + TIER_WEIGHT
        return scores

    def _folded_paragraph(self, pid: int) -> tuple[str, Sequence[int]]:
        cached = self._folded.get(pid)
        if cached is None:
            if len(self._folded) > 4096:
                self._folded.clear()
            cached = fold_with_map(self._text(pid))
            self._folded[pid] = cached
        return cached

    def _paragraph_end(self, article_index: int) -> int:
        """One past the global id of the article's last paragraph (no need to read it)."""
        if article_index + 1 < len(self._first_paragraph):
            return self._first_paragraph[article_index + 1]
        return len(self._paragraph_article)

    def _text(self, pid: int) -> str:
        article_index = self._paragraph_article[pid]
        body = self.articles[article_index].body
        paragraph = pid - self._first_paragraph[article_index]
        # A file read lazily may have changed since it was indexed: what is gone matches nothing.
        return body[paragraph].text if paragraph < len(body) else ""

    def _verify(
        self,
        pid: int,
        score: float,
        query: Query,
        parts: list[Candidates],
        phrase_parts: list[list[Candidates]],
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
        truncated = False
        for part in parts:
            found = list(
                islice(
                    (
                        m
                        for m in checked(part_pattern(part).finditer(folded), should_stop)
                        if starts_word(folded, m.start())
                        and case_ok(query, part.term, text, origin, m.start(), m.end())
                    ),
                    max_spans,
                )
            )
            truncated = truncated or (max_spans is not None and len(found) >= max_spans)
            if found:
                positions.append([m.start() for m in found])
                spans.extend(span_of(origin, m.start(), m.end(), len(text)) for m in found)
        for phrase in phrase_parts:
            found = list(
                islice(
                    (
                        m
                        for m in checked(phrase_pattern(phrase).finditer(folded), should_stop)
                        if starts_word(folded, m.start())
                        and phrase_case_ok(query, phrase, text, origin, folded, m.start(), m.end())
                    ),
                    max_spans,
                )
            )
            truncated = truncated or (max_spans is not None and len(found) >= max_spans)
            if found:
                positions.append([m.start() for m in found])
                spans.extend(span_of(origin, m.start(), m.end(), len(text)) for m in found)
        if not spans:
            return None
        if len(positions) > 1:
            spans = near_others(spans, origin, parts, positions)
        coverage_lost = (len(parts) + len(phrase_parts)) - len(positions)
        score -= COVERAGE_WEIGHT * coverage_lost
        score += PROXIMITY_WEIGHT * proximity(positions)
        article_index = self._paragraph_article[pid]
        return SearchHit(
            self.articles[article_index].id,
            pid - self._first_paragraph[article_index],
            round(score, 3),
            tuple(merge_spans(spans, text)),
            complete=coverage_lost == 0,
            truncated=truncated,
        )


def _with_close_matches(
    run: Callable[[Query], list[SearchHit]], query: Query | str
) -> list[SearchHit]:
    """``run(query)``; when that finds nothing and the query quotes a phrase, the phrase
    again with its typos forgiven, those hits marked ``close``. [] if stopped."""
    if isinstance(query, str):
        query = parse_query(query)
    try:
        hits = run(query)
        relaxed = None if hits else query.with_typos_in_phrases()
        if relaxed is not None:
            hits = [hit._replace(close=True) for hit in run(relaxed)]
        return hits
    except Stopped:
        return []
