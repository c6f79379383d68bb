"""Anchoring bookmarks to text (quote + context + position hint) and finding them again.

Like the W3C Web Annotation TextQuoteSelector: a bookmark keeps the exact passage, some
words before and after it, and the paragraph/offset where it was. After the article is
edited it is found exactly, relocated by fuzzy matching (with a score), or marked orphaned,
never dropped. A bookmark's article is the file it was made in (its absolute path), then
an article with the same id, then one with the same text (fingerprint), then one that shares
enough of its paragraphs (a bottom-k sketch of paragraph hashes): renamed *and* edited.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Literal

from borderread.data.bookmarks import Anchor, Bookmark, new_id, now
from borderread.data.models import Article
from borderread.data.text import scrub, scrub_path

CONTEXT_CHARS = 32
QUOTE_MAX = 240
RELOCATE_CUTOFF = 80.0
SKETCH_SIZE = 16
"""Paragraph hashes kept per bookmark (the smallest ones: a bottom-k MinHash sketch)."""
SKETCH_MIN_SIMILARITY = 0.25
"""Estimated share of paragraphs in common for an article to count as the same one."""
Status = Literal["exact", "relocated", "orphaned"]


def fingerprint(article: Article) -> str:
    """A short hash of the article's reader-mode body: the same text gives the same print."""
    digest = hashlib.sha1(usedforsecurity=False)
    for block in article.body:
        digest.update(block.text.encode("utf-8", "surrogatepass"))
        digest.update(b"\n")
    return digest.hexdigest()[:16]


def _paragraph_hashes(article: Article) -> set[str]:
    return {
        hashlib.sha1(
            block.text.encode("utf-8", "surrogatepass"), usedforsecurity=False
        ).hexdigest()[:12]
        for block in article.body
        if len(block.text) >= 20
    }


def sketch(article: Article) -> tuple[str, ...]:
    """The article's paragraph sketch: the smallest few hashes of its paragraphs."""
    return tuple(sorted(_paragraph_hashes(article))[:SKETCH_SIZE])


def sketch_similarity(saved: tuple[str, ...], article_hashes: set[str]) -> float:
    """Estimated Jaccard similarity of the paragraph sets behind ``saved`` and
    ``article_hashes`` (bottom-k estimate over their union)."""
    if not saved or not article_hashes:
        return 0.0
    union = sorted(set(saved) | set(sorted(article_hashes)[:SKETCH_SIZE]))[:SKETCH_SIZE]
    both = sum(1 for value in union if value in article_hashes and value in saved)
    return both / len(union)


def anchor_for(article: Article, paragraph: int, start: int = 0, end: int | None = None) -> Anchor:
    """An anchor on body paragraph ``paragraph``, characters ``start:end`` (default: its
    beginning, up to a sentence or two)."""
    text = article.body[paragraph].text
    if end is None:
        end = len(text)
        if end - start > QUOTE_MAX:
            cut = text.rfind(" ", start, start + QUOTE_MAX)
            end = cut if cut > start else start + QUOTE_MAX
    return Anchor(
        exact=text[start:end],
        prefix=text[max(0, start - CONTEXT_CHARS) : start],
        suffix=text[end : end + CONTEXT_CHARS],
        paragraph=paragraph,
        offset=start,
    )


def make_bookmark(article: Article, anchor: Anchor, note: str, taken: set[str]) -> Bookmark:
    """A new bookmark on ``anchor`` with a fresh id."""
    stamp = now()
    return Bookmark(
        new_id(taken),
        scrub_path(article.id),
        scrub(article.title),
        fingerprint(article),
        _scrubbed(anchor),
        scrub(note),
        stamp,
        stamp,
        article_path=scrub_path(str(article.path.absolute())),
        sketch=sketch(article),
    )


def _scrubbed(anchor: Anchor) -> Anchor:
    return Anchor(
        scrub(anchor.exact),
        scrub(anchor.prefix),
        scrub(anchor.suffix),
        anchor.paragraph,
        anchor.offset,
    )


@dataclass(frozen=True, slots=True)
class Located:
    """Where a bookmark is now."""

    bookmark: Bookmark
    status: Status
    article_id: str | None = None
    paragraph: int = 0
    start: int = 0
    end: int = 0
    score: float = 0.0


class Articles:
    """The current articles, looked up the ways a bookmark finds its article."""

    def __init__(self, articles: list[Article]) -> None:
        self.articles = articles
        self.by_path = {str(article.path.absolute()): article for article in articles}
        self.by_id = {article.id: article for article in articles}
        self._by_fingerprint: dict[str, Article] | None = None
        self._hashes: dict[str, set[str]] | None = None

    def article_of(self, bookmark: Bookmark) -> Article | None:
        """The article ``bookmark`` was made in, as it is now (or None).

        Fingerprints and sketches need every article's text (a deferred article is read
        for them): they are worked out only for a bookmark whose file and id are gone."""
        found = self.by_path.get(bookmark.article_path) or self.by_id.get(bookmark.article_id)
        if found is not None:
            return found
        if self._by_fingerprint is None:
            self._by_fingerprint = {fingerprint(article): article for article in self.articles}
        found = self._by_fingerprint.get(bookmark.fingerprint)
        return found or self._most_similar(bookmark.sketch)

    def _most_similar(self, saved: tuple[str, ...]) -> Article | None:
        if not saved:
            return None
        if self._hashes is None:
            self._hashes = {a.id: _paragraph_hashes(a) for a in self.articles}
        scored = [(sketch_similarity(saved, self._hashes[a.id]), a) for a in self.articles]
        best = max(scored, key=lambda pair: pair[0], default=None)
        return best[1] if best is not None and best[0] >= SKETCH_MIN_SIMILARITY else None


def locate(bookmark: Bookmark, articles: Articles) -> Located:
    """Find ``bookmark`` in the current articles."""
    article = articles.article_of(bookmark)
    if article is None or not article.body:
        return Located(bookmark, "orphaned")
    anchor = bookmark.anchor
    body = article.body
    hint = anchor.paragraph
    if 0 <= hint < len(body) and body[hint].text.startswith(anchor.exact, anchor.offset):
        return Located(
            bookmark,
            "exact",
            article.id,
            hint,
            anchor.offset,
            anchor.offset + len(anchor.exact),
            100.0,
        )
    exact_places = [
        (index, found)
        for index, block in enumerate(body)
        if (found := block.text.find(anchor.exact)) >= 0
    ]
    if exact_places and anchor.exact:
        index, found = min(exact_places, key=lambda place: _distance(anchor, body, place))
        status: Status = "exact" if index == hint else "relocated"
        return Located(bookmark, status, article.id, index, found, found + len(anchor.exact), 100.0)
    return _fuzzy(bookmark, article)


def _distance(anchor: Anchor, body: tuple[object, ...], place: tuple[int, int]) -> tuple[int, int]:
    """Prefer the occurrence whose context matches, then the one nearest the hint."""
    index, found = place
    text = getattr(body[index], "text", "")
    context = int(text[max(0, found - len(anchor.prefix)) : found] == anchor.prefix) + int(
        text[found + len(anchor.exact) : found + len(anchor.exact) + len(anchor.suffix)]
        == anchor.suffix
    )
    return -context, abs(index - anchor.paragraph)


def _fuzzy(bookmark: Bookmark, article: Article) -> Located:
    from rapidfuzz import fuzz

    anchor = bookmark.anchor
    needle = anchor.exact or (anchor.prefix + anchor.suffix)
    if not needle.strip():
        return Located(bookmark, "orphaned", article.id)
    best: Located | None = None
    for index, block in enumerate(article.body):
        alignment = fuzz.partial_ratio_alignment(needle, block.text, score_cutoff=RELOCATE_CUTOFF)
        if alignment is None:
            continue
        score = alignment.score - 0.01 * abs(index - anchor.paragraph)
        if best is None or score > best.score:
            best = Located(
                bookmark,
                "relocated",
                article.id,
                index,
                alignment.dest_start,
                alignment.dest_end,
                round(score, 1),
            )
    return best or Located(bookmark, "orphaned", article.id)


def locate_all(bookmarks: list[Bookmark], articles: list[Article]) -> list[Located]:
    """Every bookmark found again in ``articles``."""
    found = Articles(articles)
    return [locate(bookmark, found) for bookmark in bookmarks]
