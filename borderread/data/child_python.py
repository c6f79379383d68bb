"""How borderread starts a Python program of its own (the cleaning workers, the search
server): with this very borderread, whatever the folder it was started from.

``python -m borderread.x`` puts the current folder first on the import path, so run from
a folder holding another ``borderread`` (the clone the reader was installed from, as the
README's quick start does) a worker imported that copy instead of the one installed. Its
cleaner version (``article_cache.cleaner_version``: the size and time of its files)
differed, so nothing the workers stored in the collection cache was ever trusted, and
every start cleaned the whole collection again. ``-P`` leaves the current folder out; the
folder this process imported borderread from is put first only when the child would not
find it otherwise (a copy run from its own folder, not installed).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import borderread

_ROOT = str(Path(borderread.__file__).resolve().parent.parent)
"""The folder this process imported borderread from."""


def child_command(module: str) -> list[str]:
    """The command that runs ``module`` (``-m``) in a new Python, importing this borderread."""
    return [sys.executable, "-P", "-m", module]


def child_environment() -> dict[str, str] | None:
    """The environment for :func:`child_command`: this one, with the folder borderread
    came from first on ``PYTHONPATH`` when the child's own import path lacks it (None:
    this environment as it is)."""
    if any(_same_folder(entry, _ROOT) for entry in sys.path[1:]):
        return None  # installed, or on PYTHONPATH: the child finds the same copy
    environment = dict(os.environ)
    before = environment.get("PYTHONPATH")
    environment["PYTHONPATH"] = _ROOT + (os.pathsep + before if before else "")
    return environment


def _same_folder(entry: str, folder: str) -> bool:
    try:
        return os.path.samefile(entry or ".", folder)
    except OSError:
        return False
