"""The user's JSON files (state, bookmarks): one way to open, parse, version and write them.

- Opening never blocks and never reads without bound: only a regular file is read (a FIFO,
  a device or a link to ``/dev/zero`` is refused at once), up to a size cap.
- Text in the JSON is taken as it is; callers pass free text through ``text.scrub`` and file
  names through ``text.scrub_path``.
- Output escapes whatever could harm a terminal or fail to encode (C1 controls, bidi and
  invisible characters, lone surrogates) as ``\\uXXXX``: the file is valid UTF-8, safe to
  ``cat``, and a path with undecodable bytes (a surrogate escape) round-trips exactly.
- Version policy: a file that is not valid JSON of the right shape is set aside as
  ``NAME.corrupt-<time>`` (never deleted) and a notice says where; a file written by a newer
  borderread is read but never written (read-only), and so is one that cannot be read.
"""

from __future__ import annotations

import errno
import functools
import json
import os
import re
import stat
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from borderread.data.atomic import atomic_write_text, set_aside


class NotRegularFile(OSError):
    """The path is a FIFO, a device, a socket or a folder: it is never read."""

    def __init__(self, path: Path) -> None:
        super().__init__(errno.EINVAL, "not a regular file (FIFO, device or socket)", str(path))


class FileTooLarge(OSError):
    """The file is larger than the cap its reader set."""

    def __init__(self, path: Path, limit: int) -> None:
        super().__init__(errno.EFBIG, f"larger than {_size(limit)}", str(path))


def _size(limit: int) -> str:
    return f"{limit // 2**20} MiB" if limit >= 2**20 else f"{limit} bytes"


def read_regular_file(path: Path, max_bytes: int) -> bytes:
    """The bytes of ``path`` if it is a regular file of at most ``max_bytes``.

    Raises ``FileNotFoundError``, :class:`NotRegularFile`, :class:`FileTooLarge` or another
    ``OSError``; never blocks (the file is opened non-blocking and checked before reading).
    """
    return read_regular_file_stat(path, max_bytes)[0]


def read_regular_file_stat(path: Path, max_bytes: int) -> tuple[bytes, os.stat_result]:
    """:func:`read_regular_file`, with the file's status just before it was read (what a
    cache keys the bytes by: a file changed while being read is then read again later)."""
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)
    fd = os.open(path, flags | getattr(os, "O_CLOEXEC", 0))
    with os.fdopen(fd, "rb") as handle:
        info = os.fstat(handle.fileno())
        if not stat.S_ISREG(info.st_mode):
            raise NotRegularFile(path)
        if info.st_size > max_bytes:
            raise FileTooLarge(path, max_bytes)
        data = handle.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise FileTooLarge(path, max_bytes)
    return data, info


_UNSAFE_CLASS = (
    "[\x7f-\x9f\u00ad\u061c\u200b-\u200f\u2028-\u202e\u2060-\u206f\ufeff\ufff9-\ufffb"
    "\ud800-\udfff\U000e0000-\U000e007f]"
)


@functools.cache
def _unsafe() -> re.Pattern[str]:
    """The unsafe characters, compiled when first needed (~0.5 ms an app start need not
    pay: most JSON written is ASCII)."""
    return re.compile(_UNSAFE_CLASS)


def _escape(found: re.Match[str]) -> str:
    code = ord(found.group())
    if code <= 0xFFFF:
        return f"\\u{code:04x}"
    code -= 0x10000
    return f"\\u{0xD800 + (code >> 10):04x}\\u{0xDC00 + (code & 0x3FF):04x}"


def dumps(value: object, *, indent: int | None = None, sort_keys: bool = False) -> str:
    """JSON text with every unsafe character escaped (see the module docstring)."""
    return escape_unsafe(json.dumps(value, ensure_ascii=False, indent=indent, sort_keys=sort_keys))


def escape_unsafe(json_text: str) -> str:
    """Escape the unsafe characters of JSON text (they can only stand inside its strings).

    ASCII text can hold only one of them (DEL), and ``isascii`` is a single C pass: the
    regular expression costs ~12 ms a MB, which saving 10,000 bookmarks noticed.
    """
    if json_text.isascii() and "\x7f" not in json_text:
        return json_text
    unsafe = _unsafe()
    return unsafe.sub(_escape, json_text) if unsafe.search(json_text) else json_text


@dataclass
class Loaded:
    """What reading a versioned file gave: its object (empty when there was none to use),
    and what the user should be told."""

    data: dict[str, Any] = field(default_factory=dict)
    version: int | None = None
    notices: list[str] = field(default_factory=list)
    read_only: bool = False
    """Never write this file: it is from a newer borderread, or could not be read."""
    set_aside: bool = False
    """The file was damaged and has been moved aside."""


def load_versioned(path: Path, *, what: str, version: int, max_bytes: int) -> Loaded:
    """Read the JSON object in ``path`` under the version policy (see the module docstring).

    A missing file gives an empty :class:`Loaded`. ``what`` names the file for notices.
    """
    try:
        raw = read_regular_file(path, max_bytes)
    except (FileNotFoundError, NotADirectoryError):  # nothing there yet
        return Loaded()
    except FileTooLarge as error:
        return _set_aside(path, what, error.strerror or "too large")
    except OSError as error:
        reason = error.strerror or str(error)
        return Loaded(
            notices=[f"Could not read {what} {path}: {reason}; it will not be changed"],
            read_only=True,
        )
    document, found, problem = decode_versioned(raw, version)
    if problem is not None:
        return _set_aside(path, what, problem)
    loaded = Loaded(data=document, version=found)
    if found > version:
        loaded.read_only = True
        loaded.notices.append(
            f"{path} was written by a newer borderread: it is read-only here and will not "
            "be changed"
        )
    return loaded


def decode_versioned(raw: bytes, version: int) -> tuple[dict[str, Any], int, str | None]:
    """A versioned file's JSON object and its version (``version`` when it names none), or
    why it is damaged: not UTF-8 JSON, not an object, a version that is not a number."""
    try:
        document = json.loads(raw.decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError, RecursionError) as error:
        return {}, version, f"not valid JSON ({type(error).__name__})"
    if not isinstance(document, dict):
        return {}, version, "not a JSON object"
    found = document.get("version", version)
    if not isinstance(found, int) or isinstance(found, bool):
        return {}, version, "its version is not a number"
    return document, found, None


def set_aside_notice(path: Path, what: str, why: str) -> tuple[str, bool]:
    """Move a damaged file aside; the notice, and whether it moved (else: keep off it)."""
    try:
        moved = set_aside(path)
    except OSError as error:
        reason = error.strerror or str(error)
        return (
            f"{what.capitalize()} {path} is damaged ({why}) and could not be moved aside "
            f"({reason}); it will not be changed",
            False,
        )
    return f"{what.capitalize()} {path} was damaged ({why}); moved it to {moved.name}", True


def _set_aside(path: Path, what: str, why: str) -> Loaded:
    notice, moved = set_aside_notice(path, what, why)
    return Loaded(notices=[notice], read_only=not moved, set_aside=moved)


def write_json(path: Path, value: object, *, indent: int | None = 2) -> str | None:
    """Write ``value`` atomically as safe JSON; a durability warning, or None. Raises
    ``OSError`` with the old file intact."""
    return atomic_write_text(path, dumps(value, indent=indent) + "\n")
