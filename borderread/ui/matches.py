"""The matches of an in-article search and the current one: n/N with wrap-around.

Pure logic (no Textual), so it is tested on its own.
"""

from __future__ import annotations

import bisect
from typing import NamedTuple

from borderread.data.models import Article, SearchHit


class Match(NamedTuple):
    """One highlighted span: article block index and character range in its text.

    (A named tuple: cheap to define at start-up, ordered by block then start.)
    """

    block: int
    start: int
    end: int


def matches_from_hits(article: Article, hits: list[SearchHit]) -> list[Match]:
    """Every span of every hit, as article-block matches in reading order."""
    found = [
        Match(article.block_of(hit.paragraph), start, end)
        for hit in hits
        if hit.paragraph < len(article.body)
        for start, end in hit.spans
    ]
    return sorted(set(found))


class MatchList:
    """Matches in reading order and which one is current."""

    def __init__(self, matches: list[Match], more: bool = False, close: bool = False) -> None:
        self.matches = matches
        self.more = more
        """True when there are more matches than were found (a huge paragraph)."""
        self.close = close
        """True when a quoted phrase was not found as typed: these match it with a typo."""
        self.current: int | None = None

    def __len__(self) -> int:
        return len(self.matches)

    def start_at(self, block: int, offset: int, backwards: bool = False) -> Match | None:
        """Make current the first match at/after (or, backwards, before) a position."""
        if not self.matches:
            self.current = None
            return None
        here = Match(block, offset, offset)
        if backwards:
            index = bisect.bisect_left(self.matches, here) - 1
            self.current = index % len(self.matches)
        else:
            index = bisect.bisect_left(self.matches, here)
            self.current = index % len(self.matches)
        return self.matches[self.current]

    def step(self, delta: int) -> tuple[Match | None, bool]:
        """Move by ``delta``; also say whether that wrapped around the article's end."""
        if not self.matches:
            return None, False
        if self.current is None:
            self.current = 0 if delta > 0 else len(self.matches) - 1
            return self.matches[self.current], False
        target = self.current + delta
        wrapped = not 0 <= target < len(self.matches)
        self.current = target % len(self.matches)
        return self.matches[self.current], wrapped

    @property
    def at_last(self) -> bool:
        return self.current is not None and self.current == len(self.matches) - 1

    @property
    def at_first(self) -> bool:
        return self.current == 0

    def label(self) -> str:
        """``3/17``, ``3/5000+`` (more than were looked for), ``no matches``, or
        ``no exact phrase: 1/2 close``."""
        if not self.matches:
            return "no matches"
        current = "-" if self.current is None else str(self.current + 1)
        count = f"{current}/{len(self.matches)}{'+' if self.more else ''}"
        return f"no exact phrase: {count} close" if self.close else count

    def by_block(self) -> dict[int, list[tuple[int, int]]]:
        """Highlights per article block."""
        spans: dict[int, list[tuple[int, int]]] = {}
        for match in self.matches:
            spans.setdefault(match.block, []).append((match.start, match.end))
        return spans

    def current_match(self) -> Match | None:
        return None if self.current is None else self.matches[self.current]
