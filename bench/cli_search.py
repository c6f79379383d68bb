"""``borderread search`` from the shell, whole process: a cold run (nothing cached: it
reads, cleans and indexes everything, and says so), then warm runs (collection cache and
saved index) in one process each, then warm runs answered by the search server (started
for the bench in a private folder, and asked once before the runs timed), against ``fzf
--filter`` and ``grep -r -c -i`` over the same files, their output read through a pipe, in
the same run (fzf is given the files' text as one stream, which spares it opening each
file). The warm runs search a different word each, so no run reuses a query's work."""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from bench.generate import generate_collection
from bench.search import ARTICLE_BYTES, ensure_fzf

SIZES_MB = (10, 100)
WARM_RUNS = 5
WORD = "deportation"
FIRST_WORD = "policy"
WARM_WORDS = ("deportation", "asylum", "migrants", "border wall", "refugees")


@dataclass(frozen=True)
class Row:
    size: int
    cold_s: float
    warm_s: float
    warm_max_s: float
    served_s: float
    served_max_s: float
    fzf_s: float
    grep_s: float
    said: str


def _run(command: list[str], env: dict[str, str] | None = None) -> tuple[float, str]:
    """Seconds for one whole process, its output read in full; and what it said on stderr."""
    start = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True, env=env, check=False)
    return time.perf_counter() - start, done.stderr.strip()


def measure(size_mb: int, base: Path) -> Row:
    folder = base / f"cli-{size_mb}mb"
    if not folder.exists():
        generate_collection(folder, size_mb * 1_000_000 // ARTICLE_BYTES, ARTICLE_BYTES, size_mb)
    runtime = Path(tempfile.mkdtemp(prefix="br-bench-", dir="/tmp"))  # short: a socket
    env = {
        **os.environ,
        "XDG_CACHE_HOME": str(base / f"cli-cache-{size_mb}"),
        "XDG_RUNTIME_DIR": str(runtime),
        "BORDERREAD_SERVER": "off",
    }

    def command(word: str) -> list[str]:
        return [sys.executable, "-m", "borderread", "search", word, str(folder)]

    cold, said = _run(command(WORD), env)
    warm = [_run(command(word), env)[0] for word in WARM_WORDS[:WARM_RUNS]]
    served = _served(command, {**env, "BORDERREAD_SERVER": "on"})
    flat = base / f"cli-{size_mb}mb.txt"  # fzf reads the same text as one stream
    with flat.open("wb") as out:
        for path in sorted(folder.rglob("*.txt")):
            out.write(path.read_bytes())
    fzf = ensure_fzf()
    fzf_s = float("nan")
    if fzf:
        fzf_s = min(_run(["sh", "-c", f"{fzf} --filter {WORD} < '{flat}'"])[0] for _ in range(3))
    grep_s = min(_run(["grep", "-r", "-c", "-i", WORD, str(folder)])[0] for _ in range(3))
    return Row(
        size_mb, cold, statistics.median(warm), max(warm), statistics.median(served),
        max(served), fzf_s, grep_s, said,
    )  # fmt: skip


def _served(command: Callable[[str], list[str]], env: dict[str, str]) -> list[float]:
    """Warm runs answered by a search server of the bench's own (stopped after)."""
    server = subprocess.Popen(
        [sys.executable, "-m", "borderread.search_server", "--idle", "120"],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        time.sleep(1.0)  # its imports
        _run(command(FIRST_WORD), env)  # it reads the saved index once (another word)
        return [_run(command(word), env)[0] for word in WARM_WORDS[:WARM_RUNS]]
    finally:
        subprocess.run(
            [sys.executable, "-m", "borderread.search_server", "--stop"], env=env, check=False
        )
        server.wait(timeout=30)


def run(sizes: tuple[int, ...] = SIZES_MB, folder: Path | None = None) -> list[Row]:
    subprocess.run([sys.executable, "-m", "compileall", "-q", "borderread"], check=False)
    base = folder or Path(tempfile.mkdtemp(prefix="borderread-cli-bench-"))
    return [measure(size, base) for size in sizes]


def table(rows: list[Row]) -> str:
    lines = [
        f"| collection | cold run (s) | warm, one process (s, median of {WARM_RUNS}; max) "
        "| warm, served (s, median; max) | fzf --filter (s) | grep -r -c -i (s) "
        "| one process ÷ fzf | served ÷ fzf | target |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---|",
    ]
    for r in rows:
        target = "≤ 0.3 s and ≤ 0.1× fzf" if r.size == 10 else ""
        lines.append(
            f"| {r.size} MB | {r.cold_s:.2f} | {r.warm_s:.3f}; {r.warm_max_s:.3f} "
            f"| {r.served_s:.3f}; {r.served_max_s:.3f} | {r.fzf_s:.3f} | {r.grep_s:.3f} "
            f"| {r.warm_s / r.fzf_s:.3f} | {r.served_s / r.fzf_s:.3f} | {target} |"
        )
    lines.append("")
    lines.extend(f"A cold run at {r.size} MB said: {r.said!r}" for r in rows)
    return "\n".join(lines)


if __name__ == "__main__":
    sizes = tuple(int(a) for a in sys.argv[1:]) or SIZES_MB
    print(table(run(sizes)))
