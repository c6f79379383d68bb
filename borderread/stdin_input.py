"""Text from a pipe (``cmd | borderread``, ``borderread -``, ``show -``, ``search Q -``).

Standard input is read whole (capped like any file) and kept in the user cache folder under
a name made from its content, so the same text piped again is the same article: its reading
position and bookmarks come back. The reader then takes its keys from the terminal.
"""

from __future__ import annotations

import os
import stat
import sys
from collections.abc import Sequence
from pathlib import Path

STDIN = "-"
SUBFOLDER = "stdin"


class StdinError(Exception):
    """Standard input could not be read or kept; the message says why."""


class EmptyStdin(StdinError):
    """Nothing came on standard input."""


def wants_stdin(paths: Sequence[Path], reader: bool) -> bool:
    """True when ``-`` is among the paths, or the reader is started with none and its
    standard input is a pipe or a file (not the terminal, not ``/dev/null``)."""
    if any(str(path) == STDIN for path in paths):
        return True
    return reader and not paths and _is_pipe_or_file(0)


def from_nothing() -> bool:
    """True when standard input is a device other than a terminal (``/dev/null``): the
    reader's keys must come from the terminal instead."""
    try:
        mode = os.fstat(0).st_mode
    except OSError:
        return False
    return stat.S_ISCHR(mode) and not os.isatty(0)


def _is_pipe_or_file(fd: int) -> bool:
    try:
        mode = os.fstat(fd).st_mode
    except OSError:
        return False  # closed: nothing to read
    return stat.S_ISFIFO(mode) or stat.S_ISREG(mode)


def save_stdin(cache_folder: Path) -> Path:
    """Read standard input (capped as any file is) and keep it as a file; its path."""
    from borderread.data.corpus import MAX_FILE_BYTES as MAX_BYTES

    chunks, size = [], 0
    try:
        stream = sys.stdin.buffer
        while size <= MAX_BYTES:
            chunk = stream.read(1 << 20)
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
    except (OSError, ValueError, AttributeError):  # closed, or not a real stream
        raise EmptyStdin("standard input cannot be read") from None
    if size > MAX_BYTES:
        raise StdinError(f"standard input is larger than {MAX_BYTES // (1024 * 1024)} MiB")
    data = b"".join(chunks)
    if not data.strip():
        raise EmptyStdin("standard input is empty")
    import hashlib  # here: ``borderread search`` and the reader start without it

    from borderread.data.atomic import atomic_write_bytes

    name = hashlib.sha1(data, usedforsecurity=False).hexdigest()[:16]
    path = cache_folder / SUBFOLDER / f"stdin-{name}.txt"
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        if not path.exists():
            atomic_write_bytes(path, data, durable=False, temp_prefix=".stdin-")
    except OSError as error:
        raise StdinError(f"could not keep standard input: {error.strerror or error}") from None
    return path


def replace_dash(paths: Sequence[Path], saved: Path) -> list[Path]:
    """``paths`` with ``-`` standing for the saved standard input (and it alone if empty)."""
    replaced = [saved if str(path) == STDIN else path for path in paths]
    return replaced or [saved]


def keys_from_terminal() -> None:
    """After reading a pipe, make the terminal standard input again (for the reader's keys)."""
    try:
        terminal = os.open("/dev/tty", os.O_RDWR)
    except OSError:
        raise StdinError("no terminal to read keys from (run the reader in one)") from None
    os.dup2(terminal, 0)
    os.close(terminal)
