"""Opening a big collection: launch to *every* title listed and searchable (the sidebar's
count, with neither "Loading…" nor "indexing…"), in a real tmux, on a first start (empty
cache folder), on a restart with nothing changed and on one after a file was edited (the
saved index brought up to date for it), a first start of 100 MB (once), next to the
in-process load with and without the collection cache.

The anchor is the minimal Textual app's first paint, timed in the same run.
"""

from __future__ import annotations

import re
import shlex
import shutil
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from bench.generate import generate_collection
from bench.startup import HERE, compile_bytecode
from bench.tmux_timing import time_to_screen

COUNT = 10_000
ARTICLE_BYTES = 2_000
REPEATS = 3
TARGETS = {"restart, nothing changed": "≤ 1.5 s", "first start": "≤ 8 s"}
BIG_COUNT, BIG_BYTES = 20_000, 5_000
"""The 100 MB collection, first started once (#14: "100 MB of text ≤ 60 s")."""
EDITED = Path("part05") / "article05000.txt"
"""The file edited before the third start of each run."""


@dataclass
class Row:
    name: str
    seconds: float
    ratio: float
    peak_mib: float
    target: str = ""


def _all_listed(count: int) -> re.Pattern[str]:
    """The sidebar's status once every article is listed and the search index covers them."""
    return re.compile(rf"\b{count:,} articles\b(?! · indexing)")


def _reader(folder: Path, state: Path, cache: Path) -> str:
    return (
        f"XDG_CACHE_HOME={shlex.quote(str(cache))} {shlex.quote(sys.executable)} -m borderread"
        f" {shlex.quote(str(folder))} --state-dir {shlex.quote(str(state))}"
    )


def _in_process(folder: Path, cache: Path | None) -> float:
    from borderread.data.collection_cache import CollectionCache
    from borderread.data.corpus import load_corpus

    started = time.perf_counter()
    store = CollectionCache(cache) if cache is not None else None
    corpus = load_corpus([folder], store)
    if store is not None:
        store.close()
    assert len(corpus.articles) == COUNT
    return time.perf_counter() - started


def run(data: Path | None = None, repeats: int = REPEATS) -> list[Row]:
    folder = (data or Path(tempfile.mkdtemp(prefix="borderread-bench-"))) / "collection"
    articles = folder / "10k"
    if not (articles / "part09" / "article09999.txt").exists():
        generate_collection(articles, COUNT, ARTICLE_BYTES)
    compile_bytecode()
    listed = _all_listed(COUNT)
    minimal = f"{shlex.quote(sys.executable)} {HERE / 'minimal_app.py'}"
    anchors, firsts, restarts, edits = [], [], [], []
    peaks = {"first": 0.0, "restart": 0.0, "edited": 0.0}
    for run_number in range(repeats):
        anchors.append(time_to_screen(minimal, lambda s: "minimal app ready" in s).seconds)
        cache = folder / f"cache{run_number}"
        state = folder / f"state{run_number}"
        first = time_to_screen(
            _reader(articles, state, cache), lambda s: bool(listed.search(s)), timeout=120
        )
        again = time_to_screen(
            _reader(articles, state, cache), lambda s: bool(listed.search(s)), timeout=120
        )
        with (articles / EDITED).open("a", encoding="utf-8") as edited_file:
            edited_file.write(f"\nAn edit made by the benchmark, run {run_number}.\n")
        edited = time_to_screen(
            _reader(articles, state, cache), lambda s: bool(listed.search(s)), timeout=120
        )
        firsts.append(first.seconds)
        restarts.append(again.seconds)
        edits.append(edited.seconds)
        peaks["first"] = max(peaks["first"], first.peak_mib)
        peaks["restart"] = max(peaks["restart"], again.peak_mib)
        peaks["edited"] = max(peaks["edited"], edited.peak_mib)
    anchor = statistics.median(anchors)
    big = folder / "100mb"
    if not (big / "part19" / "article19999.txt").exists():
        generate_collection(big, BIG_COUNT, BIG_BYTES, seed=100)
    big_listed = _all_listed(BIG_COUNT)
    shutil.rmtree(folder / "cache-100mb", ignore_errors=True)  # a first start, run after run
    hundred = time_to_screen(
        _reader(big, folder / "state-100mb", folder / "cache-100mb"),
        lambda s: bool(big_listed.search(s)),
        timeout=600,
    )
    cold = _in_process(articles, None)
    warm_cache = folder / "cache-in-process"
    _in_process(articles, warm_cache)
    warm = _in_process(articles, warm_cache)
    first_median, restart_median = statistics.median(firsts), statistics.median(restarts)
    edited_median = statistics.median(edits)
    return [
        Row("minimal Textual app (first paint)", anchor, 1.0, 0.0),
        Row("first start", first_median, first_median / anchor, peaks["first"],
            TARGETS["first start"]),
        Row("restart, nothing changed", restart_median, restart_median / anchor,
            peaks["restart"], TARGETS["restart, nothing changed"]),
        Row("restart, one file edited", edited_median, edited_median / anchor,
            peaks["edited"]),
        Row(f"first start, 100 MB ({BIG_COUNT:,} files of ~{BIG_BYTES:,} bytes), once",
            hundred.seconds, hundred.seconds / anchor, hundred.peak_mib, "≤ 60 s"),
        Row("in-process load, no cache", cold, cold / anchor, 0.0),
        Row("in-process load, warm cache", warm, warm / anchor, 0.0),
    ]  # fmt: skip


def table(rows: list[Row]) -> str:
    lines = [
        f"| {COUNT:,} articles of ~{ARTICLE_BYTES:,} bytes | seconds (median) "
        "| × minimal app | target | peak MiB |",
        "|---|---:|---:|---|---:|",
    ]
    for row in rows:
        peak = f"{row.peak_mib:.0f}" if row.peak_mib else ""
        lines.append(
            f"| {row.name} | {row.seconds:.2f} | {row.ratio:.1f} | {row.target} | {peak} |"
        )
    return "\n".join(lines)


if __name__ == "__main__":
    print(table(run()))
