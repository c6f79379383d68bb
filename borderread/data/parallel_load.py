"""Clean and index a big collection on every core: a first start over thousands of files.

Cleaning runs at roughly 1 MB/s on one core, and the app's loader shares that core's GIL
with the UI: 10,000 new files took ~20 s to list and index. Here the sources are cut into
runs of consecutive files; each run goes to a worker process (``python -m
borderread.data.clean_worker``), which loads its files through the collection cache
(cleaning and storing what the cache lacks), indexes them, and sends back each article's
summary and the run's index parts. The parent lists the runs as they come back, in order,
as deferred articles (their text stays in the cache until needed), and joins the runs'
indexes into the collection's index, the one building it whole would have made.

Workers are plain child processes talking ``marshal`` over their standard input and
output, not ``multiprocessing``: that would fork the app's threads or re-run its main
module, and its resource tracker cannot start under Textual (``sys.stderr`` is replaced).
A worker that fails or dies costs only speed: its runs are loaded in the parent.
"""

from __future__ import annotations

import contextlib
import marshal
import os
import selectors
import subprocess
import threading
from array import array
from collections.abc import Callable, Collection, Iterator, Sequence
from pathlib import Path
from typing import IO, Any, NamedTuple

from borderread.data.child_python import child_command, child_environment
from borderread.data.collection_cache import CollectionCache, Summary
from borderread.data.corpus import (
    RST_SUFFIX,
    Source,
    deferred_article,
    iter_load,
    same_file,
    text_suffix,
)
from borderread.data.listing import Listing
from borderread.data.models import Article, ArticleMeta, Skipped
from borderread.data.search import IndexParts, SearchIndex
from borderread.data.search_cache import array_from

RUN = 200
"""Files per run at most: small enough that the list fills steadily, big enough to be
cheap..."""
RUN_BYTES = 1 << 20
"""...and bytes per run at most (a bigger file is a run of its own): the list waits for
each run in turn, and 200 files of /usr/share/doc held it up for 40 s."""
POOL_FROM = 400
"""Fewer files to clean than this are cleaned by the loader itself (workers take ~0.2 s
to start)."""
WORKER_DB_TIMEOUT = 60.0
"""Workers write the cache at once: each waits its turn this long."""
IN_FLIGHT = 2
"""Runs sent to a worker ahead (its next one is waiting when it finishes one)."""
_LENGTH = 8

Item = tuple[Any, ...]
"""One source's outcome, as plain data: ``("a", stamp, encoding, meta, listing)`` for an
article, ``("s", reason, ignored)`` for a file skipped."""


class RunResult(NamedTuple):
    items: list[Item]
    parts: IndexParts


def workers() -> int:
    """How many cores this process may use."""
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        return os.cpu_count() or 1


INDEX_IN_WORKERS_FROM = 2 * 1024 * 1024
"""Bytes of files from which the index is made in worker processes, even of one file:
indexing a 5 MB article in a thread of the app took 2.1 s of the UI's GIL after its first
open, and each page-down meanwhile waited its turn."""


def worth_indexing_in_workers(articles: Sequence[Article]) -> bool:
    """True when indexing ``articles`` is better done in worker processes (many files, or
    many bytes); their sizes are those they were read at (no text is read to tell)."""
    if worth_a_pool(len(articles)):
        return True
    size = sum(article.stamp[0] for article in articles if article.stamp)
    return size >= INDEX_IN_WORKERS_FROM and workers() > 1


def worth_a_pool(uncached: int) -> bool:
    """True when ``uncached`` files to clean (see :func:`cleaning_cost`) are worth
    starting worker processes for."""
    return uncached >= POOL_FROM and workers() > 1


RST_COST = 5
"""A reStructuredText file takes docutils about this many plain-text files' time to parse
(CMake's help files: 7.5 ms each on average against ~1.3 read as plain text)."""


def cleaning_cost(sources: Sequence[Source], cached: Collection[Path]) -> int:
    """How many plain-text files' worth of cleaning the sources not ``cached`` are: 300
    ``.rst`` files cleaned in the app's loader thread held its GIL for seconds."""
    return sum(
        RST_COST if text_suffix(source.path) == RST_SUFFIX else 1
        for source in sources
        if source.path not in cached
    )


def load_if_worth_it(
    sources: Sequence[Source],
    cache: CollectionCache,
    summaries: dict[Path, Summary],
    shown: Article | None = None,
) -> ParallelLoad | None:
    """A load of ``sources`` in worker processes when what the cache lacks of them
    (``summaries``: what it holds) is worth starting them for, else None."""
    if worth_a_pool(cleaning_cost(sources, summaries.keys())):
        return ParallelLoad(sources, cache, shown)
    return None


class ParallelLoad:
    """Load ``sources`` in worker processes: iterate for the articles (or skips) in order;
    afterwards :attr:`index` is the collection's index."""

    def __init__(
        self, sources: Sequence[Source], cache: CollectionCache, shown: Article | None = None
    ) -> None:
        self.sources = list(sources)
        self.cache = cache
        self.shown = shown
        """The article already on screen: listed (and indexed) as it is, not a copy."""
        self.index: SearchIndex | None = None
        self._pool: _Pool | None = None
        self._joined = IndexJoin()
        """The index of the runs listed so far, joined run by run as the workers go on."""
        self._listed: list[Article] = []
        """The articles listed so far, in order."""
        self._joined_count = 0
        """How many of them the join holds (the runs listed in full)."""
        self._joining = threading.Lock()
        """Held while a run is joined, and while :meth:`interim_index` copies the join."""

    def __iter__(self) -> Iterator[Article | Skipped]:
        listed = self._listed
        for run, result in self._results():
            for source, item in zip(run, result.items, strict=True):
                made = self._made(source, item)
                if isinstance(made, Article):
                    listed.append(made)
                yield made
            with self._joining:
                self._joined.add(result.parts)
                self._joined_count = len(listed)
        self.index = self._joined.index(listed)

    def interim_index(self) -> SearchIndex | None:
        """An index of the articles of the runs listed so far (None before the first), for
        a search while the load goes on: the workers' indexes joined, copied (the join
        goes on growing), where indexing the listed articles again took seconds of the
        app's GIL. Any thread."""
        with self._joining:
            if not self._joined_count:
                return None
            return self._joined.copy().index(self._listed[: self._joined_count])

    def _results(self) -> Iterator[tuple[list[Source], RunResult]]:
        """Each run of the sources with its result, in order."""
        runs = cut_into_runs(self.sources)
        folder = str(self.cache.path.parent)
        self._pool = _Pool(folder, [_plain(run) for run in runs])
        try:
            for number, run in enumerate(runs):
                result = self._pool.result(number)
                if result is None:  # its worker failed: this run is loaded here instead
                    result = load_run(folder, _plain(run), self.cache)
                yield run, result
        finally:
            self.close()

    def _made(self, source: Source, item: Item) -> Article | Skipped:
        if item[0] == "s":
            return Skipped(source.path, item[1], item[2])
        if self.shown is not None and same_file(self.shown.path, source.path):
            return self.shown
        _, stamp, encoding, meta, listing = item
        summary = Summary((stamp[0], stamp[1]), encoding, ArticleMeta(*meta), Listing(*listing))
        return deferred_article(source, summary, self.cache)

    def close(self) -> None:
        """Stop the workers (what they are doing is left unfinished)."""
        pool, self._pool = self._pool, None
        if pool is not None:
            pool.close()


def index_in_workers(
    articles: list[Article], cache: CollectionCache, cancelled: Callable[[], bool] = bool
) -> SearchIndex | None:
    """The index of ``articles``, made in worker processes that read their texts from the
    cache: what a restart needs when the saved index no longer fits (a new borderread, a
    file changed), where reading 10,000 texts on one thread took 6 s and twice the memory.
    None when cancelled, or when a worker read any file other than as it was listed (its
    stamp differs: the runs' paragraphs might not be these articles')."""
    load = ParallelLoad([Source(article.path, article.id) for article in articles], cache)
    joined = IndexJoin()
    done = 0
    try:
        for _, result in load._results():
            for item in result.items:
                if cancelled() or item[0] != "a" or tuple(item[1]) != articles[done].stamp:
                    return None
                done += 1
            joined.add(result.parts)
    finally:
        load.close()
    return joined.index(articles)


def cut_into_runs(sources: list[Source]) -> list[list[Source]]:
    """Consecutive sources, at most ``RUN`` files and about ``RUN_BYTES`` a run."""
    runs: list[list[Source]] = []
    run: list[Source] = []
    size = 0
    for source in sources:
        try:
            bytes_ = os.stat(source.path).st_size
        except OSError:
            bytes_ = 0
        if run and (len(run) >= RUN or size + bytes_ > RUN_BYTES):
            runs.append(run)
            run, size = [], 0
        run.append(source)
        size += bytes_
    if run:
        runs.append(run)
    return runs


def _plain(run: list[Source]) -> list[tuple[str, str]]:
    return [(os.fspath(source.path), source.id) for source in run]


class _Worker:
    def __init__(self, process: subprocess.Popen[bytes]) -> None:
        self.process = process
        self.sent: list[int] = []
        """The runs sent and not answered yet, in order."""
        self.buffer = b""


class _Pool:
    """Worker processes, each kept ``IN_FLIGHT`` runs ahead; results kept until asked."""

    def __init__(self, folder: str, runs: list[list[tuple[str, str]]]) -> None:
        self.folder, self.runs = folder, runs
        self.waiting = list(range(len(runs)))[::-1]  # a stack: next run last
        self.results: dict[int, RunResult | None] = {}
        self.selector = selectors.DefaultSelector()
        self.workers: list[_Worker] = []
        for _ in range(min(workers(), len(runs))):
            worker = _start_worker()
            if worker is None:
                break
            self.workers.append(worker)
            assert worker.process.stdout is not None
            self.selector.register(worker.process.stdout, selectors.EVENT_READ, worker)
            for _ in range(IN_FLIGHT):
                self._send(worker)

    def _send(self, worker: _Worker) -> None:
        if not self.waiting or worker.process.stdin is None:
            return
        number = self.waiting.pop()
        try:
            _write(worker.process.stdin, (self.folder, self.runs[number]))
        except OSError:  # the worker is gone: the run is the parent's
            self.results[number] = None
            return
        worker.sent.append(number)

    def result(self, number: int) -> RunResult | None:
        """Run ``number``'s result, waiting for it; None when the parent must load it."""
        while number not in self.results:
            if not self.workers:  # no worker left (or none started): the parent does it
                self.results.update((n, None) for n in self.waiting)
                self.waiting.clear()
                return self.results.pop(number, None)
            for key, _ in self.selector.select():
                self._read(key.data)
        return self.results.pop(number)

    def _read(self, worker: _Worker) -> None:
        stream = worker.process.stdout
        assert stream is not None
        chunk = os.read(stream.fileno(), 1 << 20)
        if not chunk:  # it died: what it had is the parent's to load
            self.results.update((n, None) for n in worker.sent)
            self._drop(worker)
            return
        worker.buffer += chunk
        while len(worker.buffer) >= _LENGTH:
            size = int.from_bytes(worker.buffer[:_LENGTH], "little")
            if len(worker.buffer) < _LENGTH + size:
                break
            payload = worker.buffer[_LENGTH : _LENGTH + size]
            worker.buffer = worker.buffer[_LENGTH + size :]
            self.results[worker.sent.pop(0)] = _decode_result(payload)
            self._send(worker)

    def _drop(self, worker: _Worker) -> None:
        self.selector.unregister(worker.process.stdout)  # type: ignore[arg-type]
        self.workers.remove(worker)
        _stop(worker.process)

    def close(self) -> None:
        for worker in list(self.workers):
            self._drop(worker)
        self.selector.close()


def _start_worker() -> _Worker | None:
    try:
        process = subprocess.Popen(
            child_command("borderread.data.clean_worker"),
            env=child_environment(),
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,  # never onto the terminal the app draws on
            start_new_session=True,  # nor the terminal's signals
        )
    except OSError:
        return None
    return _Worker(process)


def _stop(process: subprocess.Popen[bytes]) -> None:
    for stream in (process.stdin, process.stdout):
        if stream is not None:
            with contextlib.suppress(OSError):
                stream.close()
    if process.poll() is None:
        process.kill()
    process.wait()


def _write(stream: IO[bytes], value: Any) -> None:
    payload = marshal.dumps(value)
    stream.write(len(payload).to_bytes(_LENGTH, "little") + payload)
    stream.flush()


def encode_result(result: RunResult) -> bytes:
    """A run's result as ``marshal`` data (arrays as their bytes)."""
    parts = result.parts
    words = list(parts.postings)
    return marshal.dumps(
        (
            result.items,
            parts.first_paragraph,
            parts.paragraph_article.tobytes(),
            words,
            [parts.postings[word].tobytes() for word in words],
            [parts.frequencies[word].tobytes() for word in words],
            parts.paragraph_words.tobytes(),
        )
    )


def _decode_result(payload: bytes) -> RunResult | None:
    try:
        items, first, paragraph_article, words, postings, frequencies, paragraph_words = (
            marshal.loads(payload)
        )
        parts = IndexParts(
            list(first),
            array_from("i", paragraph_article),
            {word: array_from("i", raw) for word, raw in zip(words, postings, strict=True)},
            {word: array_from("B", raw) for word, raw in zip(words, frequencies, strict=True)},
            array_from("i", paragraph_words),
        )
        return RunResult(list(items), parts)
    except (ValueError, EOFError, TypeError):
        return None


_WORKER_CACHES: dict[str, CollectionCache] = {}


def load_run(
    folder: str, run: list[tuple[str, str]], cache: CollectionCache | None = None
) -> RunResult:
    """In a worker (or the parent): load one run through the cache and index it."""
    if cache is None:
        cache = _WORKER_CACHES.get(folder)
        if cache is None:
            cache = _WORKER_CACHES[folder] = CollectionCache(Path(folder), WORKER_DB_TIMEOUT)
    index = SearchIndex()
    items: list[Item] = []
    for loaded in iter_load([Source(Path(path), article_id) for path, article_id in run], cache):
        if isinstance(loaded, Article):
            index.add(loaded)
            stamp = loaded.stamp or (0, 0)
            items.append(("a", stamp, loaded.encoding, tuple(loaded.meta), tuple(loaded.listing)))
        else:
            items.append(("s", loaded.reason, loaded.ignored))
    return RunResult(items, index.parts())


class IndexJoin:
    """The collection's index, made of the indexes of consecutive runs of its articles,
    added in order as they come (each run's paragraph and article numbers start at 0: they
    are moved up past the runs before)."""

    def __init__(self) -> None:
        self.first: list[int] = []
        self.paragraph_article = array("i")
        self.paragraph_words = array("i")
        self.postings: dict[str, array[int]] = {}
        self.frequencies: dict[str, array[int]] = {}

    def add(self, run: IndexParts) -> None:
        paragraphs, done = len(self.paragraph_article), len(self.first)
        self.first.extend(paragraph + paragraphs for paragraph in run.first_paragraph)
        self.paragraph_article.extend(_moved(run.paragraph_article, done))
        self.paragraph_words.extend(run.paragraph_words)
        postings, frequencies = self.postings, self.frequencies
        for word, found in run.postings.items():
            moved = _moved(found, paragraphs)
            if word in postings:
                postings[word].extend(moved)
                frequencies[word].extend(run.frequencies[word])
            else:
                postings[word] = moved
                frequencies[word] = array("B", run.frequencies[word])

    def copy(self) -> IndexJoin:
        """A join of the same runs that the next ``add`` does not change."""
        copied = IndexJoin()
        copied.first = list(self.first)
        copied.paragraph_article = array("i", self.paragraph_article)
        copied.paragraph_words = array("i", self.paragraph_words)
        copied.postings = {word: array("i", found) for word, found in self.postings.items()}
        copied.frequencies = {word: array("B", found) for word, found in self.frequencies.items()}
        return copied

    def index(self, articles: list[Article]) -> SearchIndex:
        """The joined index of ``articles`` (every run's, in order)."""
        ids = [article.id for article in articles]
        return SearchIndex.from_parts(
            articles, ids, self.first, self.paragraph_article, self.postings,
            self.frequencies, self.paragraph_words,
        )  # fmt: skip


def _moved(numbers: array[int], by: int) -> array[int]:
    return array("i", numbers) if by == 0 else array("i", [n + by for n in numbers])
