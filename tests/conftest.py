"""Shared fixtures: the seeds folder and an isolated user data folder for the whole run."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
SEEDS = REPO / "seeds"


def run_search(cache_home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """``borderread search ARGS`` as a whole process, with its own user cache folder."""
    return subprocess.run(
        [sys.executable, "-m", "borderread", "search", *args],
        capture_output=True,
        text=True,
        cwd=REPO,
        timeout=60,
        env={**os.environ, "XDG_CACHE_HOME": str(cache_home)},
    )


@pytest.fixture(scope="session", autouse=True)
def isolated_user_dirs(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """Point every user folder at a temporary one: no test touches the real data folder."""
    home = tmp_path_factory.mktemp("home")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("HOME", str(home))
        patch.setenv("XDG_DATA_HOME", str(home / "data"))
        patch.setenv("XDG_CACHE_HOME", str(home / "cache"))
        patch.setenv("XDG_CONFIG_HOME", str(home / "config"))
        patch.setenv("BORDERREAD_STATE_DIR", str(home / "state"))
        patch.setenv("BORDERREAD_BOOKMARKS", str(home / "state" / "bookmarks.json"))
        patch.setenv("BORDERREAD_SERVER", "off")  # no search server outlives a test
        patch.setenv("TZ", "UTC")  # local times on screen (snapshots) are the same everywhere
        time.tzset()
        yield home


@pytest.fixture(scope="session")
def seeds() -> Path:
    return SEEDS
