"""A crash's traceback kept in a file, so the user can be told where the details are."""

from __future__ import annotations

import traceback
from datetime import UTC, datetime
from pathlib import Path

from borderread.data.atomic import atomic_write_text


def write_crash_report(folder: Path, error: BaseException) -> Path | None:
    """Write ``error``'s traceback to ``folder/crash-<time>.log``; its path, or None when
    even that failed (Textual still prints the traceback to the terminal)."""
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    path = folder / f"crash-{stamp}.log"
    text = "".join(traceback.format_exception(error))
    cause = getattr(error, "error", None)  # a worker's failure carries the real exception
    if isinstance(cause, BaseException):
        text += "\nThe worker's exception:\n" + "".join(traceback.format_exception(cause))
    try:
        atomic_write_text(path, text)
    except OSError:
        return None
    return path
