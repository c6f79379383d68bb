"""The reader's in-article search: the same hits as the ranked search, in reading order,
and limits that keep what is near the reading position. One letter typed is the one
difference: the ranked search looks up only that one-letter word; here (as in a pager)
every word it begins is marked, nearest the reading position first."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from borderread.data.article_matches import Limits
from borderread.data.corpus import Corpus, load_corpus
from borderread.data.fold import fold_words
from borderread.data.models import Article, ArticleMeta, Block, SearchHit
from borderread.data.query import parse_query
from borderread.data.search import SearchIndex
from tests.conftest import SEEDS

QUERIES = [
    "migrants", "migrants mexico", "Mexico", '"null effect"', "the", "border - the most",
    "Darien Gap", '"null efect"', "caravan tapachula", "of the", "Remain in Mexico", "Crisis",
]  # fmt: skip


@pytest.fixture(scope="module")
def corpus() -> Corpus:
    return load_corpus([SEEDS])


@pytest.fixture(scope="module")
def index(corpus: Corpus) -> SearchIndex:
    return SearchIndex(corpus.articles)


def _key(hits: list[SearchHit]) -> list[tuple[int, tuple[tuple[int, int], ...], bool, bool]]:
    return sorted((h.paragraph, h.spans, h.complete, h.close) for h in hits)


@pytest.mark.parametrize("text", QUERIES)
@pytest.mark.parametrize("typing", [False, True])
def test_every_match_is_the_ranked_search_s_in_reading_order(
    corpus: Corpus, index: SearchIndex, text: str, typing: bool
) -> None:
    query = parse_query(text, incremental=typing)
    for article in corpus.articles:
        ranked = index.search(query, article_ids=[article.id], limit=None)
        found = index.matches_in(article.id, query)
        assert [h.paragraph for h in found] == sorted(h.paragraph for h in found)
        assert _key(found) == _key(ranked)


@settings(max_examples=80, deadline=None)
@given(st.data())
def test_any_word_of_an_article_gives_the_same_hits(
    corpus: Corpus, index: SearchIndex, data: st.DataObject
) -> None:
    article = data.draw(st.sampled_from(corpus.articles))
    paragraph = data.draw(st.integers(0, len(article.body) - 1))
    words = fold_words(article.body[paragraph].text)
    if not words:
        return
    start = data.draw(st.integers(0, len(words) - 1))
    text = " ".join(words[start : start + data.draw(st.integers(1, 3))])
    queries = [parse_query(text), parse_query(f'"{text}"')]
    typed = text[:-1].split()
    if typed and len(typed[-1]) >= 2:  # see the next test for a single letter typed
        queries.append(parse_query(text[:-1], incremental=True))
    for query in queries:
        ranked = index.search(query, article_ids=[article.id], limit=None)
        assert _key(index.matches_in(article.id, query)) == _key(ranked), query


def test_one_letter_typed_marks_every_word_it_begins(corpus: Corpus, index: SearchIndex) -> None:
    article = corpus.articles[0]
    hits = index.matches_in(article.id, parse_query("t", incremental=True))
    marked = {article.body[h.paragraph].text[a:b].lower() for h in hits for a, b in h.spans}
    assert {"the", "throughout", "to"} <= marked and all(w.startswith("t") for w in marked)


def _article(paragraphs: list[str]) -> Article:
    blocks = tuple(Block("text", text, i, i) for i, text in enumerate(paragraphs))
    return Article("a.txt", Path("a.txt"), "\n".join(paragraphs), "utf-8", ArticleMeta("A"), blocks)


def test_a_limit_in_all_keeps_the_matches_near_the_reading_position() -> None:
    article = _article([f"Paragraph {n}: the river rose." for n in range(100)])
    index = SearchIndex([article])
    hits = index.matches_in(article.id, "river", limits=Limits(in_all=10, around=60))
    assert [h.paragraph for h in hits] == list(range(60, 70))
    assert all(h.truncated for h in hits)  # the count says "+"
    wrapped = index.matches_in(article.id, "river", limits=Limits(in_all=10, around=95))
    assert [h.paragraph for h in wrapped] == [0, 1, 2, 3, 4, 95, 96, 97, 98, 99]
    whole = index.matches_in(article.id, "river", limits=Limits(in_all=1000, around=95))
    assert len(whole) == 100 and not any(h.truncated for h in whole)


def test_a_limit_per_paragraph_marks_that_paragraph() -> None:
    article = _article(["river " * 50, "one river here"])
    hits = SearchIndex([article]).matches_in(article.id, "river", limits=Limits(per_paragraph=5))
    assert [len(h.spans) for h in hits] == [1, 1]  # five adjacent hits merge into one span
    assert [h.truncated for h in hits] == [True, False]
