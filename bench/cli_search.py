"""``borderread search`` from the shell, whole process: a cold run (nothing cached: it
reads, cleans and indexes everything, and says so), then warm runs (collection cache and
saved index), against ``fzf --filter`` and ``grep -r -c -i`` over the same files, their
output read through a pipe, in the same run (fzf is given the files' text as one
stream, which spares it opening each file)."""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from bench.generate import generate_collection
from bench.search import ARTICLE_BYTES, ensure_fzf

SIZES_MB = (10, 100)
WARM_RUNS = 5
WORD = "deportation"


@dataclass(frozen=True)
class Row:
    size: int
    cold_s: float
    warm_s: float
    warm_max_s: float
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
    env = {**os.environ, "XDG_CACHE_HOME": str(base / f"cli-cache-{size_mb}")}
    command = [sys.executable, "-m", "borderread", "search", WORD, str(folder)]
    cold, said = _run(command, env)
    warm = [_run(command, env)[0] for _ in range(WARM_RUNS)]
    flat = base / f"cli-{size_mb}mb.txt"  # fzf reads the same text as one stream
    with flat.open("wb") as out:
        for path in sorted(folder.rglob("*.txt")):
            out.write(path.read_bytes())
    fzf = ensure_fzf()
    fzf_s = float("nan")
    if fzf:
        fzf_s = min(_run(["sh", "-c", f"{fzf} --filter {WORD} < '{flat}'"])[0] for _ in range(3))
    grep_s = min(_run(["grep", "-r", "-c", "-i", WORD, str(folder)])[0] for _ in range(3))
    return Row(size_mb, cold, statistics.median(warm), max(warm), fzf_s, grep_s, said)


def run(sizes: tuple[int, ...] = SIZES_MB, folder: Path | None = None) -> list[Row]:
    subprocess.run([sys.executable, "-m", "compileall", "-q", "borderread"], check=False)
    base = folder or Path(tempfile.mkdtemp(prefix="borderread-cli-bench-"))
    return [measure(size, base) for size in sizes]


def table(rows: list[Row]) -> str:
    lines = [
        f"| collection | cold run (s) | warm run (s, median of {WARM_RUNS}) | warm max (s) "
        "| fzf --filter (s) | grep -r -c -i (s) | warm ÷ fzf | target |",
        "|---|---:|---:|---:|---:|---:|---:|---|",
    ]
    for r in rows:
        target = "≤ 0.3 s and ≤ 0.1× fzf" if r.size == 10 else ""
        lines.append(
            f"| {r.size} MB | {r.cold_s:.2f} | {r.warm_s:.3f} | {r.warm_max_s:.3f} "
            f"| {r.fzf_s:.3f} | {r.grep_s:.3f} | {r.warm_s / r.fzf_s:.2f} | {target} |"
        )
    lines.append("")
    lines.extend(f"A cold run at {r.size} MB said: {r.said!r}" for r in rows)
    return "\n".join(lines)


if __name__ == "__main__":
    sizes = tuple(int(a) for a in sys.argv[1:]) or SIZES_MB
    print(table(run(sizes)))
