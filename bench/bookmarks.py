"""Bookmarks at scale: 10,000 bookmarks over 1,000 articles. Load, save, memory,
re-anchoring after every article changed, and what they add to the app's start-up."""

from __future__ import annotations

import shlex
import statistics
import sys
import tempfile
import time
import tracemalloc
from dataclasses import replace
from pathlib import Path

from bench.generate import generate_collection
from bench.tmux_timing import time_to_screen
from borderread.data.anchoring import anchor_for, locate_all, make_bookmark
from borderread.data.atomic import atomic_write_text
from borderread.data.bookmarks import Bookmark, BookmarkStore, to_json
from borderread.data.corpus import load_corpus

ARTICLES, PER_ARTICLE = 1_000, 10


def run(folder: Path | None = None) -> list[tuple[str, str]]:
    base = folder or Path(tempfile.mkdtemp(prefix="borderread-bookmarks-bench-"))
    articles_dir = generate_collection(base / "articles", ARTICLES, 2_000, seed=5)
    articles = load_corpus([articles_dir]).articles
    bookmarks: dict[str, Bookmark] = {}
    for article in articles:
        for n in range(PER_ARTICLE):
            paragraph = n % len(article.body)
            bookmark = make_bookmark(
                article, anchor_for(article, paragraph, 0, 60), f"note {n}", set(bookmarks)
            )
            bookmarks[bookmark.id] = replace(bookmark, created=f"2026-01-01T00:00:{n:02d}Z")
    path = base / "bookmarks.json"
    start = time.perf_counter()
    atomic_write_text(path, to_json(bookmarks))
    write_s = time.perf_counter() - start

    start = time.perf_counter()
    BookmarkStore(path).load()
    load_s = time.perf_counter() - start
    tracemalloc.start()
    store = BookmarkStore(path)
    store.load()
    peak = tracemalloc.get_traced_memory()[1] / 2**20
    tracemalloc.stop()

    start = time.perf_counter()
    extra = make_bookmark(articles[0], anchor_for(articles[0], 0), "one more", set(bookmarks))
    assert store.add(extra) is None
    save_s = time.perf_counter() - start
    start = time.perf_counter()  # the next one reuses the lines of the others (to_json)
    extra = make_bookmark(articles[1], anchor_for(articles[1], 0), "and one", set(bookmarks))
    assert store.add(extra) is None
    next_save_s = time.perf_counter() - start

    start = time.perf_counter()
    located = locate_all(list(store.bookmarks.values()), articles)
    anchor_same_s = time.perf_counter() - start
    assert all(item.status == "exact" for item in located)

    for source in sorted(articles_dir.rglob("*.txt")):  # every article edited
        text = source.read_text(encoding="utf-8")
        source.write_text(
            "An editor's note added later, at the top.\n\n" + text.replace(" the ", " the  ", 3),
            encoding="utf-8",
        )
    changed = load_corpus([articles_dir]).articles
    start = time.perf_counter()
    relocated = locate_all(list(store.bookmarks.values()), changed)
    anchor_changed_s = time.perf_counter() - start
    statuses = {
        s: sum(1 for i in relocated if i.status == s) for s in ("exact", "relocated", "orphaned")
    }

    startup = _startup_cost(articles_dir, path, base)
    return [
        ("bookmarks / articles", f"{len(store.bookmarks):,} / {len(articles):,}"),
        (
            "write the file (atomic)",
            f"{write_s * 1000:.0f} ms ({path.stat().st_size / 2**20:.1f} MiB)",
        ),
        ("load and check the file", f"{load_s * 1000:.0f} ms, peak {peak:.0f} MiB traced"),
        ("add one (lock, re-read, merge, write)", f"{save_s * 1000:.0f} ms"),
        ("add another in the same session", f"{next_save_s * 1000:.0f} ms"),
        ("re-anchor, articles unchanged", f"{anchor_same_s * 1000:.0f} ms"),
        (
            "re-anchor after every article changed",
            f"{anchor_changed_s * 1000:.0f} ms "
            f"({statuses['exact']:,} exact, {statuses['relocated']:,} relocated, "
            f"{statuses['orphaned']:,} orphaned)",
        ),
        ("app first paint: without / with 10,000 bookmarks", startup),
    ]


def _startup_cost(articles_dir: Path, bookmarks: Path, base: Path) -> str:
    """First paint in tmux (median of 5, interleaved) with an empty and a full file."""
    empty = base / "empty.json"
    runs: dict[str, list[float]] = {"without": [], "with": []}
    for _ in range(5):
        for name, file in (("without", empty), ("with", bookmarks)):
            command = (
                f"{shlex.quote(sys.executable)} -m borderread "
                f"{shlex.quote(str(articles_dir))} --state-dir {shlex.quote(str(base / name))}"
                f" --bookmarks {shlex.quote(str(file))}"
            )
            runs[name].append(
                time_to_screen(
                    command, lambda s: ("article" in s or "Loading" in s) and "min read" in s
                ).seconds
            )
    without, with_ = (statistics.median(runs[k]) for k in ("without", "with"))
    return f"{without * 1000:.0f} / {with_ * 1000:.0f} ms (adds {(with_ - without) * 1000:+.0f} ms)"


def table(rows: list[tuple[str, str]]) -> str:
    return "\n".join(
        ["| measure | figure |", "|---|---|"] + [f"| {name} | {value} |" for name, value in rows]
    )


if __name__ == "__main__":
    print(table(run()))
