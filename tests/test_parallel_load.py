"""A big collection cleaned and indexed in worker processes: the same articles, skips and
index as loading it in one process, listed in order, and a failing worker costs only time."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from borderread.data import parallel_load
from borderread.data.collection_cache import CollectionCache
from borderread.data.corpus import discover, load_corpus
from borderread.data.models import Article, Skipped
from borderread.data.parallel_load import ParallelLoad
from borderread.data.search import SearchIndex
from tests.conftest import SEEDS

QUERIES = ["deportaton", "Darien Gap", '"null effect"', "migrant caravan", "Sheinbam", "in"]


def _collection(tmp_path: Path) -> Path:
    folder = tmp_path / "articles"
    seeds = sorted(SEEDS.glob("*.txt"))
    for n in range(60):
        part = folder / f"part{n % 3}"
        part.mkdir(parents=True, exist_ok=True)
        text = seeds[n % len(seeds)].read_text(encoding="utf-8")
        (part / f"a{n:02}.txt").write_text(f"Copy {n}\n\n{text}", encoding="utf-8")
    (folder / "part1" / "binary.txt").write_bytes(b"\x00\x01\x02 not text" * 50)
    return folder


def _load(folder: Path, cache: Path) -> tuple[ParallelLoad, list[Article | Skipped]]:
    sources, _ = discover([folder])
    load = ParallelLoad(sources, CollectionCache(cache))
    return load, list(load)


@pytest.fixture(autouse=True)
def _short_runs(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(parallel_load, "RUN", 7)  # many runs, out of order across workers


def _same_as_one_process(folder: Path, load: ParallelLoad, items: list[Article | Skipped]) -> None:
    expected = load_corpus([folder])
    articles = [item for item in items if isinstance(item, Article)]
    skipped = [item for item in items if isinstance(item, Skipped)]
    assert not any(article.is_read for article in articles)  # listed from summaries alone
    assert [(s.path, s.reason) for s in skipped] == [(s.path, s.reason) for s in expected.skipped]
    assert articles == expected.articles  # in order, and the same once read
    built, joined = SearchIndex(expected.articles), load.index
    assert joined is not None
    for query in QUERIES:
        assert joined.search(query, limit=None) == built.search(query, limit=None), query


def test_workers_give_what_one_process_gives(tmp_path: Path) -> None:
    folder = _collection(tmp_path)
    load, items = _load(folder, tmp_path / "cache")
    _same_as_one_process(folder, load, items)
    again, items = _load(folder, tmp_path / "cache")  # now from the cache the workers filled
    _same_as_one_process(folder, again, items)


def test_a_worker_that_dies_costs_only_time(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    started: list[int] = []
    real_start = parallel_load._start_worker

    def one_dies() -> parallel_load._Worker | None:
        started.append(1)
        if len(started) == 1:  # the first worker reads one run, then dies
            command = [sys.executable, "-c", "import sys; sys.stdin.buffer.read(10); exit(3)"]
            return parallel_load._Worker(
                subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE)
            )
        return real_start()

    monkeypatch.setattr(parallel_load, "_start_worker", one_dies)
    folder = _collection(tmp_path)
    load, items = _load(folder, tmp_path / "cache")
    _same_as_one_process(folder, load, items)


def test_without_workers_the_parent_loads_everything(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(parallel_load, "_start_worker", lambda: None)
    folder = _collection(tmp_path)
    load, items = _load(folder, tmp_path / "cache")
    _same_as_one_process(folder, load, items)


def test_the_article_on_screen_is_listed_as_it_is(tmp_path: Path) -> None:
    folder = _collection(tmp_path)
    sources, _ = discover([folder])
    shown = load_corpus([sources[5].path]).articles[0]
    load = ParallelLoad(sources, CollectionCache(tmp_path / "cache"), shown)
    items = list(load)
    assert items[5] is shown and load.index is not None and load.index.articles[5] is shown


def test_a_run_result_survives_its_journey(tmp_path: Path) -> None:
    folder = _collection(tmp_path)
    sources, _ = discover([folder])
    run = [(str(s.path), s.id) for s in sources[:9]]
    result = parallel_load.load_run(str(tmp_path / "cache"), run)
    decoded = parallel_load._decode_result(parallel_load.encode_result(result))
    assert decoded == result
    assert parallel_load._decode_result(b"garbage") is None


def test_runs_are_cut_by_count_and_by_size(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(parallel_load, "RUN_BYTES", 1000)
    sizes = [100, 100, 900, 5000, 10, 10, 10, 10, 10, 10, 10, 10, 10]
    for n, size in enumerate(sizes):
        (tmp_path / f"{n:02}.txt").write_text("x" * size)
    sources, _ = discover([tmp_path])
    runs = parallel_load.cut_into_runs(sources)
    assert [len(run) for run in runs] == [2, 1, 1, 7, 2]  # RUN is 7 here; 5000 bytes alone
    assert [source for run in runs for source in run] == sources


def test_the_index_of_cached_articles_is_made_in_workers_without_reading_them_here(
    tmp_path: Path,
) -> None:
    folder = _collection(tmp_path)
    load_corpus([folder], CollectionCache(tmp_path / "cache"))  # every article cached
    listed = load_corpus([folder], CollectionCache(tmp_path / "cache")).articles
    index = parallel_load.index_in_workers(listed, CollectionCache(tmp_path / "cache"))
    assert index is not None and not any(article.is_read for article in listed)
    built = SearchIndex(load_corpus([folder]).articles)
    for query in QUERIES:
        assert index.search(query, limit=None) == built.search(query, limit=None), query
    assert index.articles[3] is listed[3]  # the listed articles, not copies


def test_a_file_changed_since_it_was_listed_means_no_index_from_workers(tmp_path: Path) -> None:
    folder = _collection(tmp_path)
    load_corpus([folder], CollectionCache(tmp_path / "cache"))
    listed = load_corpus([folder], CollectionCache(tmp_path / "cache")).articles
    listed[10].path.write_text("Rewritten\n\nNow about quokkas.\n", encoding="utf-8")
    assert parallel_load.index_in_workers(listed, CollectionCache(tmp_path / "cache")) is None
    stopped = parallel_load.index_in_workers(
        listed[:5], CollectionCache(tmp_path / "cache"), cancelled=lambda: True
    )
    assert stopped is None


def test_a_search_while_it_loads_gets_the_runs_listed_so_far(tmp_path: Path) -> None:
    """The interim index is the workers' indexes joined so far, copied: the same hits as
    indexing those articles again, and untouched as the load goes on."""
    assert parallel_load.RUN == 7
    folder = _collection(tmp_path)
    sources, _ = discover([folder])
    load = ParallelLoad(sources, CollectionCache(tmp_path / "cache"))
    assert load.interim_index() is None  # nothing listed yet
    items = iter(load)
    listed = [next(items) for _ in range(7 * 3 + 1)]  # three runs, and one of the fourth
    interim = load.interim_index()
    assert interim is not None
    so_far = [item for item in listed[:21] if isinstance(item, Article)]
    assert list(interim.articles) == so_far
    again = SearchIndex(so_far)
    for query in QUERIES:
        assert interim.search(query, limit=None) == again.search(query, limit=None), query
    paragraphs = interim.paragraph_count
    rest = list(items)
    assert interim.paragraph_count == paragraphs and list(interim.articles) == so_far
    assert load.index is not None and len(load.index.articles) == len(
        [item for item in listed + rest if isinstance(item, Article)]
    )


def test_rst_files_weigh_more_in_deciding_on_workers(tmp_path: Path) -> None:
    """docutils takes ~5 times as long as the plain-text reader: 100 .rst files to parse
    are worth the workers that 100 .txt files are not."""
    from borderread.data.corpus import Source
    from borderread.data.parallel_load import POOL_FROM, RST_COST, cleaning_cost

    rst = [Source(tmp_path / f"doc{n}.rst", f"doc{n}") for n in range(100)]
    gzipped = [Source(tmp_path / "notes.RST.gz", "notes")]
    text = [Source(tmp_path / f"a{n}.txt", f"a{n}") for n in range(100)]
    assert cleaning_cost(text, set()) == 100 < POOL_FROM
    assert cleaning_cost(rst + gzipped + text, set()) == 101 * RST_COST + 100 >= POOL_FROM
    cached = {source.path for source in rst[:50]}
    assert cleaning_cost(rst, cached) == 50 * RST_COST
