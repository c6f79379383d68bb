"""Processes borderread starts (cleaning workers, the collection's child) run this very
borderread, not another copy in the folder the reader was started from."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

from borderread import prefetch
from borderread.data import child_python, parallel_load
from borderread.data.collection_cache import CollectionCache
from borderread.data.corpus import discover
from tests.conftest import SEEDS

WRONG = "import pathlib; pathlib.Path({marker!r}).touch(); raise SystemExit(3)\n"


@pytest.fixture
def marker(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Work in a folder holding a ``borderread`` that leaves this mark when imported (as
    a clone of the repository does, whose code differs from what was installed)."""
    here = tmp_path / "clone"
    marker = tmp_path / "imported-the-other-copy"
    for package in ("borderread", "borderread/data"):
        (here / package).mkdir(parents=True)
        (here / package / "__init__.py").write_text(WRONG.format(marker=str(marker)))
    monkeypatch.chdir(here)
    return marker


def _articles(tmp_path: Path, count: int) -> Path:
    folder = tmp_path / "articles"
    folder.mkdir()
    text = sorted(SEEDS.glob("*.txt"))[0].read_text(encoding="utf-8")
    for n in range(count):
        (folder / f"a{n:03}.txt").write_text(f"Copy {n}\n\n{text}", encoding="utf-8")
    return folder


def test_workers_started_from_a_folder_with_another_copy_use_this_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, marker: Path
) -> None:
    folder = _articles(tmp_path, 30)
    monkeypatch.setattr(parallel_load, "RUN", 7)
    sources, _ = discover([folder])
    cache = CollectionCache(tmp_path / "cache")
    load = parallel_load.ParallelLoad(sources, cache)
    assert len(list(load)) == 30
    assert not marker.exists()
    # what the workers stored is trusted here (the same cleaner made it)
    assert CollectionCache(tmp_path / "cache").cached_paths(sources) == {s.path for s in sources}


def test_the_collection_child_started_from_such_a_folder_uses_this_one(
    tmp_path: Path, marker: Path
) -> None:
    folder = _articles(tmp_path, 3)
    early = prefetch.start([folder], None, tmp_path / "cache")
    assert early is not None and early.collection_ready(timeout=30)
    assert not marker.exists()


def test_a_copy_run_from_its_own_folder_is_found_by_its_children(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Not installed, run as ``python -m borderread`` from its folder: ``-P`` leaves that
    folder out, so the children are told where it is."""
    root = str(Path(child_python.__file__).resolve().parents[2])
    monkeypatch.setattr(sys, "path", [root, "/usr/lib/python3.11"])
    monkeypatch.setenv("PYTHONPATH", "/somewhere/else")
    environment = child_python.child_environment()
    assert environment is not None
    assert environment["PYTHONPATH"] == f"{root}{os.pathsep}/somewhere/else"
    monkeypatch.setattr(sys, "path", ["/usr/bin", "/usr/lib/python3.11", root])
    assert child_python.child_environment() is None  # installed: found as it is
