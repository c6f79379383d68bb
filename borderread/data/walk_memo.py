"""The search server's walks of a collection, remembered while no folder in it changes.

A warm ``borderread search`` of 2,000 files spent a third of its time walking the folders
again (~11 ms) to learn what it knew already. Once :func:`remember_walks` is called,
:func:`discover` keeps each walk with the stamps of the folders it listed (device, inode,
mode, mtime, ctime: any entry added, removed or renamed changes its folder's) and, while
every one of them is unchanged, answers from it after one ``stat`` a folder. Edits to a
file's text do not show in its folder's stamp and need not: the caller stamps every file
it uses (``saved_collection``). A walk is not kept when it met a symlink (its target may
change elsewhere), an entry it could not look at, or a folder changed within the last few
seconds (a timestamp's granularity could hide a second change in the same tick: git's
"racily clean" entries). Without :func:`remember_walks` this is ``corpus.discover``.
"""

from __future__ import annotations

import os
import time
from collections.abc import Sequence
from pathlib import Path
from typing import NamedTuple

from borderread.data.corpus import FolderStamp, Source, WalkRecord, folder_stamp
from borderread.data.corpus import discover as walk
from borderread.data.models import Skipped

SETTLED_NS = 3_000_000_000
"""How long before a walk a folder must have last changed for its stamp to be trusted (the
coarsest timestamps in use, FAT's, are 2 s)."""
REMEMBER_AT_MOST = 16


class _Walk(NamedTuple):
    folders: tuple[tuple[str, FolderStamp], ...]
    sources: list[Source]
    skipped: list[Skipped]


_walks: dict[tuple[str, tuple[str, ...]], _Walk] | None = None


def remember_walks() -> None:
    """From now on keep walks for :func:`discover` to reuse (the search server)."""
    global _walks
    _walks = {}


def forget_walks() -> None:
    """Keep no walks (the default)."""
    global _walks
    _walks = None


def discover(paths: Sequence[Path]) -> tuple[list[Source], list[Skipped]]:
    """``corpus.discover(paths)``: a walk kept before when its folders are unchanged."""
    if _walks is None:
        return walk(paths)
    try:
        key = (os.getcwd(), tuple(os.fspath(path) for path in paths))
    except OSError:  # the folder it runs in is gone: relative paths mean nothing now
        return walk(paths)
    kept = _walks.get(key)
    if kept is not None and _unchanged(kept.folders):
        return list(kept.sources), list(kept.skipped)
    started = time.time_ns()
    record = WalkRecord()
    sources, skipped = walk(paths, record=record)
    _walks.pop(key, None)
    if record.complete and _settled(record.folders, started):
        if len(_walks) >= REMEMBER_AT_MOST:
            _walks.clear()
        _walks[key] = _Walk(tuple(record.folders), list(sources), list(skipped))
    return sources, skipped


def _unchanged(folders: Sequence[tuple[str, FolderStamp]]) -> bool:
    for path, stamp in folders:
        try:
            if folder_stamp(os.stat(path)) != stamp:
                return False
        except OSError:
            return False
    return True


def _settled(folders: Sequence[tuple[str, FolderStamp]], started_ns: int) -> bool:
    """True when no folder changed within :data:`SETTLED_NS` of the walk's start."""
    latest = started_ns - SETTLED_NS
    return all(max(stamp[3], stamp[4]) < latest for _, stamp in folders)
