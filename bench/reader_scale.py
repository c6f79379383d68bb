"""Big articles in the reader, measured in-process: load, open, page-down, memory."""

from __future__ import annotations

import asyncio
import statistics
import tempfile
import time
import tracemalloc
from pathlib import Path

from bench.generate import generate_article
from borderread.data.corpus import Source, load_article
from borderread.ui.app import make_app

SIZE = (120, 35)
OPENS = 5


async def _measure(path: Path, state: Path) -> dict[str, float]:
    started = time.perf_counter()
    article = load_article(Source(path, path.name))
    loaded = time.perf_counter()
    app = make_app([path], state)
    async with app.run_test(size=SIZE) as pilot:
        while not app.loaded:
            await pilot.pause(0.05)
        reader = app.reader
        height = reader.scrollable_content_region.height
        opens = []
        for _ in range(OPENS):  # the median of a few: one run can meet a full collection
            begin = time.perf_counter()
            reader.show_article(article)
            for y in range(height):
                reader.render_line(y)
            opens.append(time.perf_counter() - begin)
        steps = []
        for _ in range(60):
            t0 = time.perf_counter()
            reader.action_page_down()
            for y in range(height):
                reader.render_line(y)
            steps.append(time.perf_counter() - t0)
        steps.sort()
    return {
        "load_s": loaded - started,
        "open_s": statistics.median(opens),
        "pagedown_p50_ms": statistics.median(steps) * 1000,
        "pagedown_max_ms": steps[-1] * 1000,
    }


def run(data: Path | None = None) -> list[tuple[str, dict[str, float]]]:
    folder = data or Path(tempfile.mkdtemp(prefix="borderread-bench-"))
    cases = [
        ("1 MB article", generate_article(folder / "r1.txt", 1_000_000)),
        ("5 MB article", generate_article(folder / "r5.txt", 5_000_000)),
        ("2 MB single line", generate_article(folder / "rl.txt", 2_000_000, one_line=True)),
    ]
    rows = []
    for name, path in cases:
        figures = asyncio.run(_measure(path, folder / "state"))  # timed without tracing
        tracemalloc.start()
        asyncio.run(_measure(path, folder / "state"))  # again, traced, for the memory
        figures["traced_peak_mib"] = tracemalloc.get_traced_memory()[1] / 2**20
        tracemalloc.stop()
        rows.append((name, figures))
    return rows


def table(rows: list[tuple[str, dict[str, float]]]) -> str:
    lines = [
        "| article | load + clean (s) | open + first screen (s, median of 5) | page-down p50 (ms) "
        "| page-down max (ms) | traced peak MiB |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for name, f in rows:
        lines.append(
            f"| {name} | {f['load_s']:.3f} | {f['open_s']:.3f} | "
            f"{f['pagedown_p50_ms']:.2f} | {f['pagedown_max_ms']:.2f} | "
            f"{f['traced_peak_mib']:.0f} |"
        )
    return "\n".join(lines)


if __name__ == "__main__":
    print(table(run()))
