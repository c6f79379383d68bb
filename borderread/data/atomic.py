"""Durable file writes: temp file beside the target, fsync, rename, fsync the folder.

The one writer for every file borderread keeps (state, bookmarks, caches). A symlinked file
is written through its link: the temp file goes beside the link's target and replaces the
target, so a dotfile manager's link keeps pointing at the new content.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

from borderread.data.text import scrub

STALE_TEMP_SECONDS = 3600.0
"""Age after which a temporary file is a killed write's leftover, not a write in progress."""


def remove_stale_temp_files(folder: Path, prefix: str) -> None:
    """Delete the ``prefix*.tmp`` files in ``folder`` older than an hour: what writes killed
    half-way left behind (a younger one may be another running copy's write). Never raises."""
    try:
        names = [name for name in os.listdir(folder) if name.startswith(prefix)]
    except OSError:
        return
    for name in names:
        if not name.endswith(".tmp"):
            continue
        path = folder / name
        with contextlib.suppress(OSError):
            if time.time() - path.stat().st_mtime > STALE_TEMP_SECONDS:
                path.unlink()


def fsync_folder(folder: Path) -> str | None:
    """Make a rename in ``folder`` durable; a warning when that could not be confirmed."""
    try:
        fd = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    except OSError as error:
        return _fsync_warning(folder, error)
    try:
        os.fsync(fd)
    except OSError as error:
        return _fsync_warning(folder, error)
    finally:
        os.close(fd)
    return None


def _fsync_warning(folder: Path, error: OSError) -> str:
    reason = error.strerror or str(error)
    return f"Saved, but {folder} could not be synced to disk ({reason}): a power cut may undo it"


def resolved(path: Path) -> Path:
    """The file a write to ``path`` should replace: the target of a symlink, else ``path``."""
    return Path(os.path.realpath(path)) if path.is_symlink() else path


def atomic_write_bytes(
    path: Path, data: bytes, *, durable: bool = True, temp_prefix: str | None = None
) -> str | None:
    """Replace ``path`` with ``data`` so that a crash leaves either the old or the new file.

    ``durable`` fsyncs the file and its folder (user data); caches skip that. Returns a
    warning when the folder could not be synced after the rename. Raises ``OSError`` (disk
    full, I/O error, permission denied) with the old file intact.
    """
    target = resolved(path)
    folder = target.parent
    folder.mkdir(parents=True, exist_ok=True)
    prefix = temp_prefix or f".{target.name}."
    fd, temp_name = tempfile.mkstemp(prefix=prefix, suffix=".tmp", dir=folder)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            if durable:
                os.fsync(handle.fileno())
        os.replace(temp_name, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temp_name)
        raise
    warning = fsync_folder(folder) if durable else None
    remove_stale_temp_files(folder, prefix)
    return warning


def atomic_write_text(path: Path, text: str) -> str | None:
    """:func:`atomic_write_bytes` for text, as UTF-8. Text that cannot be encoded (a lone
    surrogate) is written with U+FFFD in its place rather than failing the save."""
    return atomic_write_bytes(path, scrub(text).encode("utf-8"))


def set_aside(path: Path, label: str = "corrupt") -> Path:
    """Rename a bad file to ``NAME.LABEL-YYYYMMDDTHHMMSSZ`` beside it and return the new path.

    For a symlink, the target is renamed (the link then points at the fresh file)."""
    path = resolved(path)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    target = path.with_name(f"{path.name}.{label}-{stamp}")
    counter = 1
    while target.exists():
        counter += 1
        target = path.with_name(f"{path.name}.{label}-{stamp}-{counter}")
    os.replace(path, target)
    fsync_folder(path.parent)
    return target
