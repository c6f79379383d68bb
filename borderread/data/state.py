"""The reader's small state file: reading positions, theme, measure, last article.

Positions are anchored to the text (block index, character offset and a short quote), so the
same passage comes back after a resize or a width change. Writes are atomic; a corrupt file
is set aside with a notice; a file from a newer version is read but never overwritten.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple

from borderread.data.jsonfile import load_versioned, write_json
from borderread.data.models import Article
from borderread.data.text import scrub, scrub_path

STATE_VERSION = 1
STATE_FILE = "state.json"
QUOTE_CHARS = 40
MAX_STATE_BYTES = 16 * 1024 * 1024
DEFAULT_MEASURE = 76
MAX_HISTORY = 100


class Position(NamedTuple):
    """Where a reader was in an article: a block, an offset in it and the text found there."""

    block: int = 0
    offset: int = 0
    quote: str = ""
    progress: float = 0.0
    """0.0 (top) to 1.0 (end), for the sidebar."""


@dataclass
class ReaderState:
    """Everything the reader remembers between runs."""

    theme: str | None = None
    measure: int = DEFAULT_MEASURE
    last_article: str | None = None
    last_path: str | None = None
    """The last article's file, so it can be opened before the folder is scanned."""
    sidebar: bool = True
    search_history: list[str] = field(default_factory=list)
    positions: dict[str, Position] = field(default_factory=dict)


def anchor_at(article: Article, block: int, offset: int, progress: float) -> Position:
    """A position anchored to ``article.blocks[block]`` at character ``offset``."""
    text = article.blocks[block].text if 0 <= block < len(article.blocks) else ""
    offset = max(0, min(offset, len(text)))
    return Position(block, offset, text[offset : offset + QUOTE_CHARS], progress)


def locate(article: Article, position: Position) -> tuple[int, int]:
    """Find a saved position again in the (possibly edited) article: ``(block, offset)``."""
    blocks = article.blocks
    if not blocks:
        return 0, 0
    if 0 <= position.block < len(blocks):
        text = blocks[position.block].text
        if text.startswith(position.quote, position.offset):
            return position.block, position.offset
        if position.quote and (found := text.find(position.quote)) >= 0:
            return position.block, found
    if position.quote:
        for index, candidate in enumerate(blocks):
            if (found := candidate.text.find(position.quote)) >= 0:
                return index, found
    nearest = max(0, min(position.block, len(blocks) - 1))
    return nearest, min(position.offset, len(blocks[nearest].text))


class StateStore:
    """Loads and saves :class:`ReaderState` in ``folder/state.json``.

    The same store must do both: loading decides whether the file may be written (one from
    a newer borderread, or one that cannot be read, never is).
    """

    def __init__(self, folder: Path) -> None:
        self.path = folder / STATE_FILE
        self.read_only = False
        """True after loading a file that must not be overwritten (see ``jsonfile``)."""
        self._loaded: tuple[ReaderState, str | None] | None = None
        self.pending = False
        """True while the last save failed (the next one tries again)."""

    def load(self) -> tuple[ReaderState, str | None]:
        """The saved state and a notice for the user, if something was wrong with the file.

        The file is read once: later calls give the same result (the CLI reads it before
        the app starts; the app shows the notice).
        """
        if self._loaded is not None:
            return self._loaded
        loaded = load_versioned(
            self.path, what="state file", version=STATE_VERSION, max_bytes=MAX_STATE_BYTES
        )
        self.read_only = loaded.read_only
        notice = "; ".join(loaded.notices) or None
        if loaded.set_aside:
            notice = f"{notice} and started fresh"
        self._loaded = (_parse(loaded.data), notice)
        return self._loaded

    def save(self, state: ReaderState) -> str | None:
        """Write ``state`` atomically; return an error or warning message instead of raising."""
        if self.read_only:
            return None
        data = {
            "version": STATE_VERSION,
            "theme": state.theme,
            "measure": state.measure,
            "last_article": state.last_article,
            "last_path": state.last_path,
            "sidebar": state.sidebar,
            "search_history": state.search_history[-MAX_HISTORY:],
            "positions": {k: v._asdict() for k, v in sorted(state.positions.items())},
        }
        try:
            warning = write_json(self.path, data)
        except OSError as error:
            self.pending = True
            return f"Could not save reading positions to {self.path}: {error.strerror or error}"
        self.pending = False
        return warning


def _parse(data: dict[str, Any]) -> ReaderState:
    """Take what is well-formed from ``data``; ignore the rest."""
    state = ReaderState()
    if isinstance(data.get("theme"), str):
        state.theme = scrub(data["theme"])
    if isinstance(data.get("measure"), int) and 20 <= data["measure"] <= 400:
        state.measure = data["measure"]
    if isinstance(data.get("last_article"), str):
        state.last_article = scrub_path(data["last_article"])
    if isinstance(data.get("last_path"), str):
        state.last_path = scrub_path(data["last_path"])
    if isinstance(data.get("sidebar"), bool):
        state.sidebar = data["sidebar"]
    history = data.get("search_history")
    if isinstance(history, list):
        state.search_history = [scrub(h) for h in history if isinstance(h, str)][-MAX_HISTORY:]
    positions = data.get("positions")
    if isinstance(positions, dict):
        for key, value in positions.items():
            position = _position(value)
            if isinstance(key, str) and position is not None:
                state.positions[scrub_path(key)] = position
    return state


def _position(value: object) -> Position | None:
    if not isinstance(value, dict):
        return None
    block, offset = value.get("block"), value.get("offset")
    quote, progress = value.get("quote", ""), value.get("progress", 0.0)
    if not (isinstance(block, int) and isinstance(offset, int) and isinstance(quote, str)):
        return None
    if not isinstance(progress, int | float) or isinstance(progress, bool):
        progress = 0.0
    return Position(
        block=max(block, 0),
        offset=max(offset, 0),
        quote=scrub(quote[:200]),
        progress=min(max(float(progress), 0.0), 1.0),
    )
