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


def _key(index: SearchIndex, typed: str, limit: int | None) -> list[tuple[str, int, float]]:
    """The hits for ``typed`` as while typing (its last word may be cut short)."""
    from borderread.data.query import parse_query

    hits = index.search(parse_query(typed, incremental=True), limit=limit)
    return [(h.article_id, h.paragraph, h.score) for h in hits]


def test_the_best_few_are_the_first_few_of_all_the_matches() -> None:
    """A search for the best ``limit`` stops scoring words that could not reach them:
    what it returns is what scoring every match would have put first."""
    import random

    rng = random.Random(5)
    words = "migrant migrants migration migratory mighty midnight border borders asylum".split()  # noqa: SIM905
    often = [40, 25, 12, 3, 2, 1, 30, 8, 2]  # common and rare completions of a prefix
    paragraphs = [
        " ".join(rng.choices(words, often, k=rng.randint(1, 6)))
        + " "
        + " ".join(rng.choices(FILLER.split(), k=rng.randint(0, 30)))
        for _ in range(600)
    ]
    paragraphs += ["migration " * 4, "border " * 3] * 10  # short, the word again and again
    index = SearchIndex([_article(f"{n}.txt", *paragraphs[n::6]) for n in range(6)])
    for query in ["mi", "mig", "migra", "migrant", "bor", "border", "migrnt", "border mi"]:
        everything = _key(index, query, None)
        assert len(everything) > 30
        for limit in (1, 5, 30):
            assert _key(index, query, limit) == everything[:limit], (query, limit)


def test_the_best_few_come_from_further_down_when_the_first_are_dropped() -> None:
    """Scores ignore case; a capitalised query (smart case) drops the lower-case ones on a
    closer look: the search then scores every match, not just the first ``limit``."""
    lower = [f"border border border {n}" for n in range(60)]  # the best scores
    capital = [f"Border {FILLER} {FILLER}"]
    index = SearchIndex([_article("a.txt", *lower, *capital)])
    assert [h.paragraph for h in index.search("Border", limit=5)] == [60]


CHANGELOG = "* AUTHORS (License): Mention the licence of the logo."


def test_a_paragraph_copied_in_many_articles_is_listed_once_and_names_them() -> None:
    """Debian ships one changelog in every package of a source: its copies took the
    whole first page of results, and ``limit`` counted each of them."""
    twice = _article("twice.txt", CHANGELOG, FILLER, CHANGELOG)  # first: the one shown
    copies = [_article(f"pkg{n}/changelog", FILLER, CHANGELOG) for n in range(12)]
    others = [
        _article("one.txt", "The license of the code is the GPL."),
        _article("two.txt", "A license for the fonts, and the license of the logo."),
    ]
    index = SearchIndex([twice, *copies, *others])
    hits = index.search("license", limit=4)
    assert len(hits) == 4 and {h.article_id for h in hits} == {"twice.txt", "one.txt", "two.txt"}
    shown = [h for h in hits if h.article_id == "twice.txt"]
    assert [h.paragraph for h in shown] == [0, 2]  # copies within one article stay apart
    assert shown[0].copies == tuple(f"pkg{n}/changelog" for n in range(12))
    assert shown[1].copies == ()
    every = index.search("license", limit=None)
    assert sum(len(h.copies) + 1 for h in every) == 2 + 12 + 2  # every match accounted for


def test_a_copied_paragraph_says_where_else_it_is_in_search_lines() -> None:
    from borderread.render_text import search_hit_line

    copies = [_article(f"pkg{n}/changelog", CHANGELOG) for n in range(5)]
    index = SearchIndex(copies)
    (hit,) = index.search("license", limit=10)
    line = search_hit_line(index.article(hit.article_id), hit)
    assert line.endswith("(the same in pkg1/changelog, pkg2/changelog and 2 more)")
