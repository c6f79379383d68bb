"""A cold `borderread search` over many new files cleans and indexes them in worker
processes, one a core, says so, and finds what one process finds."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from borderread.data.parallel_load import POOL_FROM, RST_COST, workers
from tests.conftest import REPO


def _search(folder: Path, cache: Path, *words: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "XDG_CACHE_HOME": str(cache)}
    return subprocess.run(
        [sys.executable, "-m", "borderread", "search", "--json", "--limit", "1000", *words,
         str(folder)],
        capture_output=True, text=True, cwd=REPO, env=env, timeout=120,
    )  # fmt: skip


def test_a_cold_search_over_many_new_files_uses_the_workers(tmp_path: Path) -> None:
    folder = tmp_path / "docs"
    folder.mkdir()
    count = POOL_FROM // RST_COST + 10  # .rst files weigh more: as many as that is enough
    for n in range(count):
        (folder / f"page{n:03}.rst").write_text(
            f"Page {n}\n=======\n\nThe shared **needle** of page number {n}, and "
            f"``code{n}`` among enough words to be body text.\n",
            encoding="utf-8",
        )
    cold = _search(folder, tmp_path / "cache", "needle")
    assert cold.returncode == 0, cold.stderr
    if workers() > 1:
        assert "worker processes…" in cold.stderr
        assert "read and indexed in" in cold.stderr
    else:  # one core: read here, as before
        assert "indexing" in cold.stderr
    hits = [json.loads(line) for line in cold.stdout.splitlines()]
    assert sorted(hit["article"] for hit in hits) == [f"page{n:03}.rst" for n in range(count)]
    assert all("needle" in hit["text"] and "**" not in hit["text"] for hit in hits)
    warm = _search(folder, tmp_path / "cache", "needle")
    assert warm.returncode == 0 and warm.stdout == cold.stdout
    assert "index" not in warm.stderr  # the index the workers made was saved
