"""The search engine on the seeds: every tolerance, ranking, spans, and the CLI."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from borderread.data.corpus import Corpus, load_corpus
from borderread.data.fold import fold_words
from borderread.data.models import Article, ArticleMeta, Block, SearchHit
from borderread.data.query import max_edits, parse_query
from borderread.data.search import SearchIndex
from borderread.data.snippets import snippet
from tests.conftest import REPO, SEEDS


@pytest.fixture(scope="module")
def corpus() -> Corpus:
    return load_corpus([SEEDS])


@pytest.fixture(scope="module")
def index(corpus: Corpus) -> SearchIndex:
    return SearchIndex(corpus.articles)


@pytest.mark.parametrize(
    ("query", "article", "highlighted"),
    [
        ("Darien Gap", "000", "Darién Gap"),  # accents folded
        ("andres manuel lopez obrador", "003", "Andrés Manuel López Obrador"),
        ("deportaton policies", "000", "deportation policies"),  # one typo
        ("Tamaulipaz", "000", "Tamaulipas"),
        ("Sheinbam", "003", "Sheinbaum"),  # a letter missing
        ("border - the most", "000", "border—the most"),  # dashes are equal
        ("null effect on disincentivizing", "003", "null effect” on disincentivizing"),
        ('"null effect"', "003", "null effect"),  # the PDF breaks this phrase across lines
        ("'Remain in Mexico' policy", "003", "Remain in Mexico” policy"),  # quotes are equal
        ("third-largest", "003", "third-largest"),  # a compound split by a PDF line break
        ("caravan juchitan", "003", "Juchitán"),  # words out of order, accents
        ("xochitl galvez", "003", "Xóchitl Gálvez"),
        ("Crisis Caribean", "000", "Caribbean"),  # smart case, typo
    ],
)
def test_tolerant_queries_find_the_passage(
    corpus: Corpus, index: SearchIndex, query: str, article: str, highlighted: str
) -> None:
    hits = index.search(query, limit=10)
    found = [h for h in hits if h.article_id.startswith(article)]
    assert found, f"{query!r} did not find {article}"
    for hit in (hits[0], found[0]):  # the best hit is such a passage (here or elsewhere)
        text = corpus.find(hit.article_id).body[hit.paragraph].text
        assert highlighted in [text[a:b] for a, b in hit.spans]


def test_quoted_phrase_needs_the_words_together(index: SearchIndex) -> None:
    assert index.search('"effect null"') == []
    assert len(index.search('"null effect"')) == 1


def test_smart_case(corpus: Corpus, index: SearchIndex) -> None:
    def spans(hits: list[SearchHit]) -> list[str]:
        out = []
        for hit in hits:
            text = corpus.find(hit.article_id).body[hit.paragraph].text
            out += [text[a:b] for a, b in hit.spans]
        return out

    sensitive = spans(index.search("Migrants", limit=None))
    insensitive = spans(index.search("migrants", limit=None))
    assert sensitive and all(s[0] == "M" for s in sensitive)
    assert any(s[0] == "m" for s in insensitive)
    assert len(insensitive) > len(sensitive)
    switched_off = spans(index.search(parse_query("Migrants", smart_case=False), limit=None))
    assert sorted(switched_off) == sorted(insensitive)


def test_typo_tolerance_scales_with_length() -> None:
    assert [max_edits(w) for w in ("war", "wall", "migrant", "migration")] == [0, 1, 1, 2]


def test_short_words_need_an_exact_match(index: SearchIndex) -> None:
    assert index.search("waz") == []  # "was" and "war" are one edit away, but too short


def test_incremental_prefix(corpus: Corpus, index: SearchIndex) -> None:
    assert index.search("disincent") == []
    hits = index.search(parse_query("disincent", incremental=True))
    assert hits and hits[0].article_id.startswith("003")


def test_ranking_exact_beats_fuzzy_and_all_words_beat_some(index: SearchIndex) -> None:
    exact = index.search("deportation", limit=None)
    fuzzy = index.search("deportaton", limit=None)
    assert exact[0].score > fuzzy[0].score
    both = index.search("caravan tapachula", limit=None)
    assert both[0].article_id.startswith(("002", "004"))
    complete = [hit.score for hit in both if hit.complete]
    partial = [hit.score for hit in both if not hit.complete]
    assert complete and partial and min(complete) > max(partial)


def _article(*paragraphs: str) -> Article:
    blocks = tuple(Block("text", text, i, i) for i, text in enumerate(paragraphs))
    return Article(
        "t.txt", Path("t.txt"), "\n\n".join(paragraphs), "utf-8", ArticleMeta("T"), blocks
    )


FILLER = " ".join(["word"] * 40)


def test_close_words_beat_scattered_ones() -> None:
    article = _article(
        f"The national {FILLER} and much later a guard came by.",
        f"{FILLER} when the national guard arrived at the river.",
    )
    hits = SearchIndex([article]).search("national guard", limit=None)
    assert [hit.paragraph for hit in hits] == [1, 0]  # both have both words: nearness decides
    assert hits[0].score > hits[1].score


def test_exact_beats_a_word_one_edit_away() -> None:
    article = _article(
        "They stopped at the Exxon Mobil station on the way.",
        "Everyone carried a mobile phone across the border.",
    )
    hits = SearchIndex([article]).search("mobile", limit=None)
    assert [hit.paragraph for hit in hits] == [1, 0]  # "mobile" first, then "Mobil" (fuzzy)
    assert hits[0].score > hits[1].score


def test_article_filter(index: SearchIndex) -> None:
    hits = index.search("migrants", article_ids=["002_b709267a969255ed.txt"], limit=None)
    assert hits and {h.article_id for h in hits} == {"002_b709267a969255ed.txt"}


def test_snippet_marks_the_hit() -> None:
    text = "word " * 60 + "target " + "word " * 60
    start = text.index("target")
    piece, spans = snippet(text, ((start, start + 6),))
    assert piece.startswith("…") and piece.endswith("…")
    assert [piece[a:b] for a, b in spans] == ["target"]


@settings(max_examples=200, deadline=None)
@given(data=st.data())
def test_spans_lie_inside_the_text_and_cover_the_word(
    corpus: Corpus, index: SearchIndex, data: st.DataObject
) -> None:
    from rapidfuzz.distance import OSA  # two swapped letters are one typo

    article = corpus.articles[data.draw(st.integers(0, len(corpus.articles) - 1), "article")]
    paragraph = data.draw(st.integers(0, len(article.body) - 1), "paragraph")
    words = [w for w in fold_words(article.body[paragraph].text) if len(w) >= 5]
    if not words:
        return
    word = data.draw(st.sampled_from(words), "word")
    hits = index.search(parse_query(word, smart_case=False), limit=None)
    assert any(h.article_id == article.id and h.paragraph == paragraph for h in hits)
    for hit in hits:
        body = corpus.find(hit.article_id).body[hit.paragraph].text
        assert hit.spans
        for a, b in hit.spans:
            assert 0 <= a < b <= len(body)
            found = fold_words(body[a:b])
            assert found and OSA.distance(found[0], word) <= max_edits(word)
            assert body[a].isalnum() and body[b - 1].isalnum()  # whole words, no stray edges


def run_cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "borderread", *args],
        capture_output=True,
        text=True,
        cwd=REPO,
        timeout=60,
    )


def test_cli_search_plain_and_exit_codes() -> None:
    result = run_cli("search", "Tamaulipaz", "--color", "never")
    assert result.returncode == 0
    first = result.stdout.splitlines()[0].split("\t")
    assert first[0].startswith("000") and first[2].startswith("¶") and "»Tamaulipas«" in first[3]
    assert run_cli("search", "qqqzzzxx").returncode == 1
    assert run_cli("search", "war", "--article", "zzz").returncode == 2
    assert run_cli("search", "...").returncode == 2


def test_cli_search_json_lines(corpus: Corpus) -> None:
    result = run_cli("search", "null effect on disincentivizing", "--json", "--limit", "2")
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert set(rows[0]) == {
        "article", "path", "title", "paragraph", "paragraph_number", "score", "text", "spans",
        "under", "copies",
    }  # fmt: skip
    assert rows[0]["paragraph_number"] == rows[0]["paragraph"] + 1
    article = corpus.find(rows[0]["article"])
    assert rows[0]["text"] == article.body[rows[0]["paragraph"]].text
    assert [rows[0]["text"][a:b] for a, b in rows[0]["spans"]] == [
        "null effect” on disincentivizing"
    ]


def test_cli_search_one_article_and_limit() -> None:
    result = run_cli("search", "migrants", "--article", "002", "--limit", "3", "--json")
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(rows) == 3 and {r["article"][:3] for r in rows} == {"002"}


def test_a_superseded_search_stops_early_with_no_hits() -> None:
    from borderread.data.corpus import load_corpus

    articles = load_corpus([SEEDS]).articles
    index = SearchIndex(articles)
    asked: list[int] = []

    def stop_after_two() -> bool:
        asked.append(1)
        return len(asked) > 2

    assert index.search("border", limit=None, should_stop=stop_after_two) == []
    assert len(asked) == 3  # it stopped at the first check that said so
    assert index.search("border", limit=None, should_stop=lambda: False)  # else: hits


def test_a_search_stops_inside_one_huge_paragraph(tmp_path: Path) -> None:
    path = tmp_path / "huge.txt"
    path.write_text("Huge\n\n" + "border wall " * 20_000 + "\n")
    index = SearchIndex(load_corpus([path]).articles)
    asked: list[int] = []

    def stop_after_the_first() -> bool:  # the first check is before the paragraph
        asked.append(1)
        return len(asked) > 1

    assert index.search("border", limit=None, should_stop=stop_after_the_first) == []
    assert len(asked) == 2
    (hit,) = index.search("border", limit=None)
    assert len(hit.spans) == 20_000


def test_a_hit_says_whether_it_has_every_word() -> None:
    from borderread.data.corpus import load_corpus

    index = SearchIndex(load_corpus([SEEDS]).articles)
    hits = index.search("caravan tapachula", limit=None)
    complete = [hit for hit in hits if hit.complete]
    partial = [hit for hit in hits if not hit.complete]
    assert complete and partial  # some paragraphs have both words, some only one
    for hit in complete:
        text = index.article(hit.article_id).body[hit.paragraph].text.lower()
        assert "caravan" in text and "tapachula" in text
    assert min(h.score for h in complete) > max(h.score for h in partial)


def test_an_article_is_indexed_once() -> None:
    index = SearchIndex([_article("A paragraph of words.")])
    with pytest.raises(ValueError, match="indexed already"):
        index.add(_article("Another paragraph."))


TEXT = "First one here. The second sentence, which is long, goes on. Third! Fourth?"


@pytest.mark.parametrize(
    ("start", "end", "quoted"),
    [
        (TEXT.index("second"), TEXT.index("second") + 6,
         "… The second sentence, which is long, goes on. …"),
        (0, 5, "First one here. …"),
        (TEXT.index("Fourth"), len(TEXT), "… Fourth?"),
        (3, TEXT.index("Third"), "First one here. The second sentence, which is long, goes on. …"),
        (0, len(TEXT), TEXT),
    ],
)  # fmt: skip
def test_a_quote_is_whole_sentences_with_cuts_marked(start: int, end: int, quoted: str) -> None:
    from borderread.data.snippets import whole_sentences

    assert whole_sentences(TEXT, start, end) == quoted


def test_exported_quotes_are_whole_sentences(tmp_path: Path) -> None:
    bookmarks = tmp_path / "bookmarks.json"
    for paragraph in ("3", "8"):
        added = subprocess.run(
            [sys.executable, "-m", "borderread", "bookmarks", "add", "003", "--paragraph",
             paragraph, "--bookmarks", str(bookmarks)],
            capture_output=True, text=True, cwd=REPO, timeout=60,
        )  # fmt: skip
        assert added.returncode == 0, added.stderr
    exported = subprocess.run(
        [sys.executable, "-m", "borderread", "bookmarks", "export", "--bookmarks", str(bookmarks)],
        capture_output=True, text=True, cwd=REPO, timeout=60,
    )  # fmt: skip
    quotes = [line[2:] for line in exported.stdout.splitlines() if line.startswith("> ")]
    assert len(quotes) == 2
    for quote in quotes:
        assert quote.rstrip('”’")').endswith((".", "!", "?", "…")), quote


def test_a_hit_says_when_it_holds_more_matches_than_asked_for(tmp_path: Path) -> None:
    path = tmp_path / "huge.txt"
    path.write_text("Huge\n\n" + "border wall " * 3000 + "\n")
    index = SearchIndex(load_corpus([path]).articles)
    (capped,) = index.search("border", limit=None, max_spans=100)
    assert capped.truncated and len(capped.spans) == 100
    (whole,) = index.search("border", limit=None)
    assert not whole.truncated and len(whole.spans) == 3000
