"""Ranking: exact above near misses, BM25 within a kind of match, plausible typos only,
and a quoted phrase with a typo in it."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from borderread.data.models import Article, ArticleMeta, Block
from borderread.data.search import SearchIndex
from tests.conftest import REPO

FILLER = "The report was discussed at length by the committee on a rainy afternoon."


def _article(name: str, *paragraphs: str) -> Article:
    blocks = tuple(Block("text", text, i, i) for i, text in enumerate(paragraphs))
    raw = "\n\n".join(paragraphs)
    return Article(name, Path(name), raw, "utf-8", ArticleMeta(name), blocks)


def _ranked(index: SearchIndex, query: str) -> list[str]:
    """Each hit's paragraph text, best first."""
    articles = {a.id: a for a in index.articles}
    hits = index.search(query, limit=None)
    return [articles[h.article_id].body[h.paragraph].text for h in hits]


def test_a_rare_near_miss_never_outranks_the_word_as_typed() -> None:
    common = [f"Paragraph {n} mentions a mobile phone once. {FILLER}" for n in range(30)]
    rare = "Exxon Mobil reported its earnings."
    index = SearchIndex([_article("a.txt", rare, *common)])
    ranked = _ranked(index, "mobile")
    assert ranked[-1] == rare and len(ranked) == 31  # "Mobil" is rarer, and still last


def test_more_occurrences_in_a_shorter_paragraph_rank_higher() -> None:
    once_long = f"A mobile clinic came to town. {FILLER} {FILLER} {FILLER}"
    once_short = "A mobile clinic came to town."
    many = "Mobile phones, mobile clinics and mobile banking: mobile everything."
    article = _article("a.txt", once_long, *[FILLER] * 20, once_short, many)
    assert _ranked(SearchIndex([article]), "mobile") == [many, once_short, once_long]


def test_a_typo_matches_words_with_the_same_start_only() -> None:
    article = _article(
        "a.txt",
        "The government changed its mind.",
        "The movement grew over the summer.",
        "A crime was reported downtown.",
        "The prime minister spoke on Tuesday.",
    )
    index = SearchIndex([article])
    assert _ranked(index, "goverment") == ["The government changed its mind."]
    assert _ranked(index, "prime minster")[0] == "The prime minister spoke on Tuesday."
    assert "A crime was reported downtown." not in _ranked(index, "prime minster")
    assert _ranked(index, "rpime") == ["The prime minister spoke on Tuesday."]  # swapped


def test_a_quoted_phrase_with_a_typo_finds_the_phrase_and_says_so() -> None:
    article = _article("a.txt", "The prime minister spoke on Tuesday.", "Her minister was prime.")
    index = SearchIndex([article])
    hits = index.search('"prime minster"', limit=None)
    assert [h.paragraph for h in hits] == [0] and all(h.close for h in hits)
    exact = index.search('"prime minister"', limit=None)
    assert [h.paragraph for h in exact] == [0] and not any(h.close for h in exact)
    assert index.search('"prime ministers office"', limit=None) == []


def test_the_cli_says_when_it_shows_close_matches(tmp_path: Path) -> None:
    (tmp_path / "note.txt").write_text(
        "A note\n\nThe prime minister spoke on Tuesday about the budget.\n", encoding="utf-8"
    )
    done = subprocess.run(
        [sys.executable, "-m", "borderread", "search", '"prime minster"', str(tmp_path)],
        capture_output=True,
        text=True,
        cwd=REPO,
        timeout=60,
    )
    assert done.returncode == 0 and "»prime minister«" in done.stdout
    assert "no exact phrase; showing close matches" in done.stderr
