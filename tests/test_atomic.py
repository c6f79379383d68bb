"""Durable writes leave nothing behind: old temporary files from killed writes are removed."""

from __future__ import annotations

import os
from pathlib import Path

from borderread.data.atomic import STALE_TEMP_SECONDS, atomic_write_text
from borderread.data.corpus import load_corpus
from borderread.data.search import SearchIndex
from borderread.data.search_cache import save_index
from tests.conftest import SEEDS


def _leftovers(folder: Path, prefix: str) -> tuple[Path, Path]:
    """An hour-old temporary file (a killed write) and a fresh one (a write in progress)."""
    folder.mkdir(parents=True, exist_ok=True)
    old, fresh = folder / f"{prefix}old.tmp", folder / f"{prefix}new.tmp"
    old.write_text("half a file")
    fresh.write_text("being written by another copy")
    long_ago = old.stat().st_mtime - 2 * STALE_TEMP_SECONDS
    os.utime(old, (long_ago, long_ago))
    return old, fresh


def test_a_write_replaces_the_file_and_clears_old_leftovers(tmp_path: Path) -> None:
    target = tmp_path / "state.json"
    old, fresh = _leftovers(tmp_path, ".state.json.")
    unrelated = tmp_path / ".other.json.x.tmp"
    unrelated.write_text("not ours")
    os.utime(unrelated, (0, 0))
    atomic_write_text(target, "{}\n")
    assert target.read_text() == "{}\n"
    assert not old.exists()
    assert fresh.exists() and unrelated.exists()


def test_saving_the_search_index_clears_old_leftovers(tmp_path: Path) -> None:
    old, fresh = _leftovers(tmp_path / "cache", ".index-")
    save_index(tmp_path / "cache", SearchIndex(load_corpus([SEEDS]).articles))
    assert not old.exists() and fresh.exists()
    assert list((tmp_path / "cache").glob("index-*.bin"))
