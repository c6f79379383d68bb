"""The bookmarks store: one human-readable JSON file that never loses a bookmark.

Every change is a read-modify-write under a lock: the file on disk is read again, merged
with this copy's changes (so bookmarks added or removed by another running copy are kept),
and replaced atomically (temp file, fsync, rename, fsync the folder). A failed write leaves
the old file intact and keeps the change in memory to retry with the next one. A corrupt
file is moved aside; a file from a newer version is read but never written.
"""

from __future__ import annotations

import contextlib
import errno
import json
import os
import secrets
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from filelock import FileLock, Timeout

from borderread.data.atomic import atomic_write_text, resolved
from borderread.data.jsonfile import (
    decode_versioned,
    escape_unsafe,
    read_regular_file,
    set_aside_notice,
)
from borderread.data.text import scrub, scrub_path

SCHEMA_VERSION = 1
MAX_FILE_BYTES = 64 * 1024 * 1024
LOCK_TIMEOUT = 10.0
MAX_NOTE_CHARS = 100_000
"""Longer notes are refused when they are typed or given (stored notes are never cut)."""


def check_note(note: str) -> str | None:
    """Why ``note`` cannot be saved, or None when it can."""
    if len(note) > MAX_NOTE_CHARS:
        return f"the note has {len(note):,} characters; at most {MAX_NOTE_CHARS:,} are kept"
    return None


@dataclass(frozen=True, slots=True)
class Anchor:
    """Where a bookmark points: the quoted passage, some context, and a position hint."""

    exact: str
    prefix: str = ""
    suffix: str = ""
    paragraph: int = 0
    offset: int = 0


@dataclass(frozen=True, slots=True)
class Bookmark:
    """A bookmark: an anchored passage of an article, with an optional note."""

    id: str
    article_id: str
    article_title: str
    fingerprint: str
    anchor: Anchor
    note: str = ""
    created: str = ""
    updated: str = ""
    article_path: str = ""
    """The article's file (absolute), so the bookmark is checked against it wherever it is."""
    sketch: tuple[str, ...] = ()
    """Hashes of a sample of the article's paragraphs, to recognise it renamed and edited."""


def now() -> str:
    """The current UTC time, ISO 8601, to the second."""
    return datetime.now(UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")


def new_id(taken: set[str] | dict[str, Any]) -> str:
    while True:
        candidate = secrets.token_hex(4)
        if candidate not in taken:
            return candidate


# Reading and writing the file format


def _entry(bookmark: Bookmark) -> dict[str, Any]:
    """A bookmark's JSON object, its keys (at every level) already in sorted order."""
    return {
        "anchor": {
            "exact": bookmark.anchor.exact,
            "offset": bookmark.anchor.offset,
            "paragraph": bookmark.anchor.paragraph,
            "prefix": bookmark.anchor.prefix,
            "suffix": bookmark.anchor.suffix,
        },
        "article": {
            "fingerprint": bookmark.fingerprint,
            "id": bookmark.article_id,
            "path": bookmark.article_path,
            "sketch": list(bookmark.sketch),
            "title": bookmark.article_title,
        },
        "created": bookmark.created,
        "id": bookmark.id,
        "note": bookmark.note,
        "updated": bookmark.updated,
    }


# The encoder's item separator. A raw NUL never stands inside JSON text's strings (the
# encoder writes control characters as escapes), so after encoding it marks separators only.
_SEPARATOR = ",\x00"
_ENCODER = json.JSONEncoder(ensure_ascii=False, check_circular=False, separators=(_SEPARATOR, ": "))


_CHUNK = 256
"""Bookmarks encoded per call: each call holds the GIL, and a long one would stall the UI
thread while the saver thread writes (10,000 in one call held it for ~100 ms)."""

EncodedLines = dict[str, tuple[Bookmark, str]]
"""Each bookmark's line of the file, by id, with the bookmark it was made from."""


def _encode(bookmarks: list[Bookmark]) -> list[str]:
    """Each bookmark's JSON line (unsafe characters escaped), a few large encoder calls.

    An entry holds no list of objects, so ``},{`` between two separators can only be the
    boundary between two bookmarks (a raw NUL never stands inside a string).
    """
    lines: list[str] = []
    for start in range(0, len(bookmarks), _CHUNK):
        entries = [_entry(b) for b in bookmarks[start : start + _CHUNK]]
        encoded = _ENCODER.encode(entries)[1:-1]
        body = encoded.replace("}" + _SEPARATOR + "{", "}\n{").replace(_SEPARATOR, ", ")
        # Escapes what must not reach a terminal or cannot be encoded (see jsonfile).
        lines.extend(escape_unsafe(body).split("\n"))
    return lines


def to_json(bookmarks: dict[str, Bookmark], encoded: EncodedLines | None = None) -> str:
    """The file's text: stable key order, one bookmark a line, in creation order.

    ``encoded`` keeps each bookmark's line between saves, so saving one more bookmark
    encodes one (10,000 took ~200 ms to encode, a call per bookmark or all at once). The
    file stays one bookmark a line, for a person to read and diff.
    """
    ordered = sorted(bookmarks.values(), key=lambda b: (b.created, b.id))
    known = encoded if encoded is not None else {}
    missing = [b for b in ordered if (hit := known.get(b.id)) is None or hit[0] is not b]
    fresh = dict(zip((b.id for b in missing), _encode(missing), strict=True))
    lines = [fresh[b.id] if b.id in fresh else known[b.id][1] for b in ordered]
    if encoded is not None:
        encoded.clear()
        encoded.update((b.id, (b, line)) for b, line in zip(ordered, lines, strict=True))
    inner = "\n    " + ",\n    ".join(lines) + "\n  " if lines else ""
    return f'{{\n  "bookmarks": [{inner}],\n  "version": {SCHEMA_VERSION}\n}}\n'


def _text(value: object) -> str | None:
    """A free-text field from the file: whole, with stray surrogates made U+FFFD."""
    return scrub(value) if isinstance(value, str) else None


def _path_text(value: object) -> str | None:
    """An id or path field: kept byte-exact (see ``text.scrub_path``)."""
    return scrub_path(value) if isinstance(value, str) else None


def parse_bookmark(raw: object) -> Bookmark | None:
    """One bookmark from its JSON form, or None when its shape is wrong."""
    if not isinstance(raw, dict):
        return None
    article, anchor = raw.get("article"), raw.get("anchor")
    if not isinstance(article, dict) or not isinstance(anchor, dict):
        return None
    bookmark_id, article_id = _text(raw.get("id")), _path_text(article.get("id"))
    exact = _text(anchor.get("exact"))
    paragraph, offset = anchor.get("paragraph", 0), anchor.get("offset", 0)
    if not bookmark_id or not article_id or exact is None:
        return None
    if (
        not isinstance(paragraph, int)
        or not isinstance(offset, int)
        or isinstance(paragraph, bool)
        or isinstance(offset, bool)
    ):
        return None
    return Bookmark(
        id=bookmark_id,
        article_id=article_id,
        article_title=_text(article.get("title")) or article_id,
        fingerprint=_text(article.get("fingerprint")) or "",
        anchor=Anchor(
            exact,
            _text(anchor.get("prefix")) or "",
            _text(anchor.get("suffix")) or "",
            max(paragraph, 0),
            max(offset, 0),
        ),
        note=_text(raw.get("note")) or "",
        created=_text(raw.get("created")) or "",
        updated=_text(raw.get("updated")) or _text(raw.get("created")) or "",
        article_path=_path_text(article.get("path")) or "",
        sketch=_sketch(article.get("sketch")),
    )


def _sketch(value: object) -> tuple[str, ...]:
    if not isinstance(value, list):
        return ()
    return tuple(item for item in value if isinstance(item, str))


@dataclass
class Parsed:
    """What a file held: its bookmarks, its version, and what was wrong with it."""

    bookmarks: dict[str, Bookmark] = field(default_factory=dict)
    version: int = SCHEMA_VERSION
    problem: str | None = None
    """Why the file is corrupt (it should be set aside), or None."""


def parse_file(data: bytes) -> Parsed:
    """Parse a bookmarks file's bytes. Never raises; says what it could not read."""
    if len(data) > MAX_FILE_BYTES:
        return Parsed(problem=f"larger than {MAX_FILE_BYTES // 2**20} MiB")
    document, version, problem = decode_versioned(data, SCHEMA_VERSION)
    if problem is not None:
        return Parsed(problem=problem)
    if not isinstance(document.get("bookmarks", []), list):
        return Parsed(problem="not a bookmarks file (wrong shape)")
    parsed = Parsed(version=version)
    skipped = 0
    for raw in document.get("bookmarks", []):
        bookmark = parse_bookmark(raw)
        if bookmark is None or bookmark.id in parsed.bookmarks:
            skipped += 1
        else:
            parsed.bookmarks[bookmark.id] = bookmark
    if skipped:
        parsed.problem = f"{skipped} entr{'y' if skipped == 1 else 'ies'} had the wrong shape"
    return parsed


# The store


class BookmarkStore:
    """Bookmarks in memory, kept in step with the JSON file at ``path``.

    Every method that changes something returns None when it reached the file, or a message
    saying why it did not (``pending`` is then True and the next save tries again).
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self.bookmarks: dict[str, Bookmark] = {}
        self.read_only = False
        self._on_disk: set[str] = set()
        """Ids the file held when last read or written (to tell removed from new)."""
        self._added: set[str] = set()
        self._edited: set[str] = set()
        self._removed: set[str] = set()
        self._lock = FileLock(str(resolved(path)) + ".lock", timeout=LOCK_TIMEOUT)
        self._locks_work = True
        """False once locking failed on this file system: saves go on without the lock."""
        self._seen: tuple[int, int, int] | None = None
        """(inode, size, mtime_ns) of the file as last read or written by this copy."""
        self._seen_parsed: Parsed | None = None
        self._encoded: EncodedLines = {}
        """The last save's line for each bookmark (see ``to_json``)."""

    @property
    def pending(self) -> bool:
        """True while a change has not reached the file (a write failed)."""
        return bool(self._added or self._edited or self._removed)

    def load(self) -> list[str]:
        """Read the file; return notices for the user (empty when all is well)."""
        notices: list[str] = []
        if not os.path.lexists(self.path):  # nothing to read: create nothing (not even a lock)
            self.bookmarks, self._on_disk = {}, set()
            return notices
        try:
            with self._locked(notices):
                parsed = self._read_disk(notices)
        except Timeout:
            parsed = self._read_unlocked(notices)
            notices.append(f"{self.path} is locked by another borderread; read it anyway")
        except OSError as error:  # rewriting what was kept of a damaged file failed
            parsed = self._read_unlocked(notices)
            notices.append(f"Could not write {self.path}: {error.strerror or error}")
        self.bookmarks = dict(parsed.bookmarks)
        self._on_disk = set(parsed.bookmarks)
        return notices

    def add(self, bookmark: Bookmark) -> str | None:
        """Add a bookmark and save; return an error message if the save failed."""
        if problem := check_note(bookmark.note):
            return f"Not bookmarked: {problem}"
        if parse_bookmark(_entry(bookmark)) is None:  # it could not be read back
            return "Not bookmarked: the bookmark has no id or no article"
        self.bookmarks[bookmark.id] = bookmark
        self._added.add(bookmark.id)
        self._removed.discard(bookmark.id)
        return self.save()

    def set_note(self, bookmark_id: str, note: str) -> str | None:
        """Change a bookmark's note and save."""
        old = self.bookmarks.get(bookmark_id)
        if old is None:
            return f"No bookmark {bookmark_id}"
        if problem := check_note(note):
            return f"Note not changed: {problem}"
        self.bookmarks[bookmark_id] = replace(old, note=scrub(note), updated=now())
        self._edited.add(bookmark_id)
        return self.save()

    def remove(self, bookmark_id: str) -> str | None:
        """Remove a bookmark and save."""
        if self.bookmarks.pop(bookmark_id, None) is None:
            return f"No bookmark {bookmark_id}"
        self._removed.add(bookmark_id)
        self._added.discard(bookmark_id)
        self._edited.discard(bookmark_id)
        return self.save()

    def save(self) -> str | None:
        """Merge this copy's changes into the file under the lock; never raises.

        Returns None when saved, else what went wrong (the changes stay pending)."""
        if self.read_only:
            return f"{self.path} is read-only here (see the earlier notice): not saved"
        notices: list[str] = []
        try:
            with self._locked(notices):
                disk = self._read_disk(notices)
                if disk.version > SCHEMA_VERSION:
                    self.read_only = True
                    return f"{self.path} was written by a newer borderread: not saved"
                if self.read_only:
                    return "; ".join([*notices, f"{self.path} is read-only here: not saved"])
                merged = self._merge(disk.bookmarks)
                warning = atomic_write_text(self.path, to_json(merged, self._encoded))
                self._seen, self._seen_parsed = self._signature(), Parsed(dict(merged))
        except Timeout:
            return f"{self.path} is locked by another borderread: not saved yet"
        except OSError as error:
            reason = error.strerror or str(error)
            return f"Could not save bookmarks to {self.path}: {reason}"
        if warning:
            notices.append(warning)
        self.bookmarks = merged
        self._on_disk = set(merged)
        self._added.clear()
        self._edited.clear()
        self._removed.clear()
        return "; ".join(notices) or None

    # Private helpers

    @contextlib.contextmanager
    def _locked(self, notices: list[str]) -> Iterator[None]:
        """Hold the lock; where the file system cannot lock, go on without it (said once)."""
        if self._locks_work:
            try:
                self._lock.acquire()
            except Timeout:
                raise
            except OSError as error:
                self._locks_work = False
                reason = error.strerror or str(error)
                notices.append(
                    f"Could not lock {self.path} ({reason}): saving without the lock, so two "
                    "borderreads running at once are not protected from each other"
                )
            else:
                try:
                    yield
                finally:
                    self._lock.release()
                return
        yield

    def _merge(self, disk: dict[str, Bookmark]) -> dict[str, Bookmark]:
        merged = dict(disk)
        for bookmark_id in self._removed:
            merged.pop(bookmark_id, None)
        for bookmark_id in self._added | self._edited:
            mine = self.bookmarks.get(bookmark_id)
            if mine is None:
                continue
            theirs = merged.get(bookmark_id)
            if bookmark_id in self._edited and theirs is None and bookmark_id in self._on_disk:
                continue  # another copy removed it; its removal wins over an edit
            if theirs is None or mine.updated >= theirs.updated:
                merged[bookmark_id] = mine
        return merged

    def _signature(self) -> tuple[int, int, int] | None:
        try:
            info = self.path.stat()
        except OSError:
            return None
        return info.st_ino, info.st_size, info.st_mtime_ns

    def _read_disk(self, notices: list[str]) -> Parsed:
        """The file's current content; a corrupt file is set aside (reported in notices).

        When the file is exactly as this copy last saw it, it is not read again. A file
        that cannot be read makes the store read-only (it is never overwritten).
        """
        signature = self._signature()
        if signature is not None and signature == self._seen and self._seen_parsed is not None:
            return Parsed(dict(self._seen_parsed.bookmarks), self._seen_parsed.version)
        try:
            data = read_regular_file(self.path, MAX_FILE_BYTES)
        except (FileNotFoundError, NotADirectoryError):  # nothing there (yet) to merge with
            return Parsed()
        except OSError as error:
            if error.errno != errno.EFBIG:
                self.read_only = True
                notices.append(
                    f"Could not read {self.path}: {error.strerror or error}; it will not be changed"
                )
                return Parsed()
            data = b""  # too large: set aside below, like any damaged file
            parsed = Parsed(problem=error.strerror)
        else:
            parsed = parse_file(data)
        if parsed.problem is None and parsed.version <= SCHEMA_VERSION:
            self._seen, self._seen_parsed = signature, parsed
        if parsed.version > SCHEMA_VERSION:
            self.read_only = True
            notices.append(
                f"{self.path} was written by a newer borderread: it is read-only here and "
                "will not be changed"
            )
            return parsed
        if parsed.problem is not None:
            notice, moved = set_aside_notice(self.path, "bookmarks file", parsed.problem)
            if not moved:
                self.read_only = True
                notices.append(notice)
                return parsed
            kept = len(parsed.bookmarks)
            notices.append(
                f"{notice}, and kept the {kept} bookmark{'s' if kept != 1 else ''} that could "
                "be read"
            )
            if kept:
                atomic_write_text(self.path, to_json(parsed.bookmarks))
        return parsed

    def _read_unlocked(self, notices: list[str]) -> Parsed:
        try:
            parsed = parse_file(read_regular_file(self.path, MAX_FILE_BYTES))
        except (FileNotFoundError, NotADirectoryError):
            return Parsed()
        except OSError as error:
            notices.append(f"Could not read {self.path}: {error.strerror or error}")
            self.read_only = True
            return Parsed()
        if parsed.version > SCHEMA_VERSION or parsed.problem:
            self.read_only = True
        return parsed
