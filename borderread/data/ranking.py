"""Ranking signals beyond the index's scores: how close together the query's words stand."""

from __future__ import annotations

import bisect
import math
from array import array
from collections.abc import Iterable, Sequence

from borderread.data.spans import Candidates

COVERAGE_WEIGHT = 100.0
"""What each query word or phrase a paragraph holds adds to its score."""
PROXIMITY_WEIGHT = 5.0
QUALITY_EXACT, QUALITY_PREFIX = 1.0, 0.8
QUALITY_BY_EDITS = {1: 0.7, 2: 0.5}
"""How much a vocabulary word counts for a query word: exact, prefix, or so many edits."""
TIER_WEIGHT = 40.0
"""Times the quality: what the kind of match adds. The tiers stand 4 to 8 apart, above
anything BM25 adds (< ``BM25_WEIGHT``): a paragraph with the word as typed always ranks
above one with only a near miss of it."""
BM25_WEIGHT = 3.9
"""The most a query word's BM25 score adds, scaled to the collection's rarest word."""
BM25_K1, BM25_B = 1.2, 0.75
"""The usual BM25 constants: term frequency saturation and paragraph length."""


def bm25_idf(paragraphs: int, containing: int) -> float:
    """BM25's inverse document frequency (never negative)."""
    return math.log(1 + (paragraphs - containing + 0.5) / (containing + 0.5))


def length_norms(lengths: Iterable[int], average: float) -> array[float]:
    """Each paragraph's BM25 length factor ``k1 * (1 - b + b * length / average)``."""
    scale = BM25_K1 * BM25_B / (average or 1.0)
    base = BM25_K1 * (1 - BM25_B)
    return array("d", (base + scale * length for length in lengths))


def plausible_typo(typed: str, word: str) -> bool:
    """Whether ``word`` (within the typo tolerance of ``typed``) could be what was meant:
    people rarely get a word's first letter wrong, except by swapping the first two
    ("goverment" is not "movement", "prime" is not "crime")."""
    return typed[:1] == word[:1] or (len(typed) > 1 and typed[:2] == word[1::-1])


CHARS_PER_WORD = 7
"""Folded characters per word, to turn character distances into word distances."""
SHORT_WORD = 3
NEAR_CHARS = 3 * CHARS_PER_WORD


def proximity(positions: list[list[int]]) -> float:
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


def near_others(
    spans: list[tuple[int, int]],
    origin: Sequence[int],
    parts: list[Candidates],
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
