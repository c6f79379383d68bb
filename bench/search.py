"""Search: index build, memory and per-keystroke latency at 1, 10 and 100 MB, against
``grep -c -i`` and ``fzf --filter`` on the same text, in the same run."""

from __future__ import annotations

import gc
import os
import shutil
import statistics
import subprocess
import tempfile
import time
import tracemalloc
from dataclasses import dataclass
from pathlib import Path

from bench.generate import generate_collection
from borderread.data.corpus import load_corpus
from borderread.data.query import parse_query
from borderread.data.search import SearchIndex
from borderread.data.search_cache import load_index, save_index

SIZES_MB = (1, 10, 100)
ARTICLE_BYTES = 5_000
QUERIES = {
    "exact": "deportation",
    "typo": "deportaton",
    "phrase": '"null effect"',
    "accent-free": "lopez obrador",
}


def ensure_fzf() -> str | None:
    """fzf from Debian's packages, installed if missing (root only)."""
    if shutil.which("fzf"):
        return shutil.which("fzf")
    if os.geteuid() == 0 and shutil.which("apt-get"):
        subprocess.run(["apt-get", "install", "-y", "-qq", "fzf"], capture_output=True, check=False)
    return shutil.which("fzf")


def _timed(command: list[str], stdin: Path | None = None) -> float:
    """Best of three runs of a baseline, its output read through a pipe: sent to /dev/null,
    GNU grep notices and stops at the first match, which is no baseline at all."""
    best = float("inf")
    for _ in range(3):
        start = time.perf_counter()
        with open(stdin, "rb") if stdin else open(os.devnull, "rb") as feed:
            subprocess.run(command, stdin=feed, stdout=subprocess.PIPE, check=False)
        best = min(best, time.perf_counter() - start)
    return best


def _keystrokes(index: SearchIndex, text: str) -> list[float]:
    """Latency of each keystroke as ``text`` is typed letter by letter."""
    times = []
    for end in range(1, len(text) + 1):
        query = parse_query(text[:end], incremental=True)
        start = time.perf_counter()
        index.search(query, limit=50)
        times.append(time.perf_counter() - start)
    return times


@dataclass
class Row:
    """The figures for one collection size."""

    size: int
    text_mb: float
    build_s: float
    cached_load_s: float
    index_ratio: float
    p50_ms: float
    p95_ms: float
    max_ms: float
    query_ms: float
    grep_ms: float
    fzf_ms: float
    per_query: dict[str, float]


def measure(size_mb: int, folder: Path) -> Row:
    count = size_mb * 1_000_000 // ARTICLE_BYTES
    data = folder / f"{size_mb}mb"
    if not data.exists():
        generate_collection(data, count, ARTICLE_BYTES, seed=size_mb)
    articles = load_corpus([data]).articles
    text_bytes = sum(len(b.text.encode()) for a in articles for b in a.body)
    flat = folder / f"{size_mb}mb.txt"
    flat.write_text("\n".join(b.text for a in articles for b in a.body), encoding="utf-8")
    gc.collect()
    tracemalloc.start()
    start = time.perf_counter()
    index = SearchIndex(articles)
    build = time.perf_counter() - start
    index_bytes = tracemalloc.get_traced_memory()[0]
    tracemalloc.stop()
    start = time.perf_counter()
    index = SearchIndex(articles)  # again, untraced, for the time
    build = min(build, time.perf_counter() - start)
    cache = folder / f"cache-{size_mb}"
    save_index(cache, index)
    start = time.perf_counter()
    cached = load_index(cache, articles)
    cached_load = time.perf_counter() - start
    assert cached is not None
    latencies: dict[str, list[float]] = {}
    whole: dict[str, float] = {}
    for name, text in QUERIES.items():
        index._folded.clear()
        latencies[name] = _keystrokes(index, text)
        runs = []
        for _ in range(5):  # best of five, as grep and fzf get their best of three
            start = time.perf_counter()
            index.search(text, limit=50)
            runs.append(time.perf_counter() - start)
        whole[name] = min(runs)
    word = "deportation"
    grep = _timed(["grep", "-c", "-i", word, str(flat)])
    fzf_path = ensure_fzf()
    fzf = _timed([fzf_path, "--filter", word], stdin=flat) if fzf_path else float("nan")
    every = sorted(t for times in latencies.values() for t in times)
    return Row(
        size=size_mb,
        text_mb=text_bytes / 1e6,
        build_s=build,
        cached_load_s=cached_load,
        index_ratio=index_bytes / text_bytes,
        p50_ms=statistics.median(every) * 1000,
        p95_ms=every[int(0.95 * (len(every) - 1))] * 1000,
        max_ms=every[-1] * 1000,
        query_ms=whole["exact"] * 1000,
        grep_ms=grep * 1000,
        fzf_ms=fzf * 1000,
        per_query={name: statistics.median(t) * 1000 for name, t in latencies.items()},
    )


def run(sizes: tuple[int, ...] = SIZES_MB, folder: Path | None = None) -> list[Row]:
    base = folder or Path(tempfile.mkdtemp(prefix="borderread-search-bench-"))
    return [measure(size, base) for size in sizes]


def table(rows: list[Row]) -> str:
    lines = [
        "| collection | index build (s) | saved index load (s) | index / text "
        "| keystroke p50 (ms) | p95 (ms) | max (ms) "
        "| query 'deportation' (ms) | grep -c -i (ms) | fzf --filter (ms) | × grep | fzf ÷ us |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in rows:
        lines.append(
            f"| {r.size} MB ({r.text_mb:.1f} MB text) | {r.build_s:.2f} "
            f"| {r.cached_load_s:.2f} ({r.cached_load_s / r.build_s:.2f}×) | {r.index_ratio:.2f} "
            f"| {r.p50_ms:.2f} | {r.p95_ms:.2f} | {r.max_ms:.1f} | {r.query_ms:.2f} "
            f"| {r.grep_ms:.1f} | {r.fzf_ms:.1f} | {r.query_ms / r.grep_ms:.2f} "
            f"| {r.fzf_ms / r.query_ms:.0f} |"
        )
    lines.append("")
    kinds = "; ".join(
        f"{r.size} MB: " + ", ".join(f"{k} {v:.2f}" for k, v in r.per_query.items()) for r in rows
    )
    lines.append(f"Median keystroke latency by query kind (ms): {kinds}")
    return "\n".join(lines)


if __name__ == "__main__":
    import sys

    sizes = tuple(int(a) for a in sys.argv[1:]) or SIZES_MB
    print(table(run(sizes)))
