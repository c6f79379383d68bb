"""The reader's small state file: reading positions, theme, measure, last article.

Positions are anchored to the text (block index, character offset and a short quote), so the
same passage comes back after a resize or a width change. Writes are atomic; a corrupt file
is set aside with a notice; a file from a newer version is read but never overwritten.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple

from borderread.data.atomic import atomic_write_text, set_aside
from borderread.data.models import Article

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
    """Loads and saves :class:`ReaderState` in ``folder/state.json``."""

    def __init__(self, folder: Path) -> None:
        self.path = folder / STATE_FILE
        self.read_only = False
        """True after loading a file written by a newer borderread: it is never overwritten."""

    def load(self) -> tuple[ReaderState, str | None]:
        """The saved state and a notice for the user, if something was wrong with the file."""
        try:
            size = self.path.stat().st_size
            if size > MAX_STATE_BYTES:
                raise ValueError(f"{size} bytes is too large for a state file")
            data = json.loads(self.path.read_bytes())
            if not isinstance(data, dict):
                raise ValueError("not a JSON object")
        except FileNotFoundError:
            return ReaderState(), None
        except (ValueError, RecursionError) as error:
            return ReaderState(), self._set_aside(f"unreadable ({error})")
        except OSError as error:
            self.read_only = True
            return ReaderState(), f"Could not read {self.path}: {error.strerror or error}"
        version = data.get("version")
        notice = None
        if isinstance(version, int) and version > STATE_VERSION:
            self.read_only = True
            notice = f"{self.path} is from a newer borderread; it will not be changed"
        return _parse(data), notice

    def save(self, state: ReaderState) -> str | None:
        """Write ``state`` atomically; return an error message instead of raising."""
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
            atomic_write_text(self.path, json.dumps(data, indent=2, ensure_ascii=False) + "\n")
        except OSError as error:
            return f"Could not save reading positions to {self.path}: {error.strerror or error}"
        return None

    def _set_aside(self, why: str) -> str:
        try:
            moved = set_aside(self.path)
        except OSError as error:
            self.read_only = True
            return f"State file {self.path} is {why} and could not be moved: {error}"
        return f"State file was {why}; moved it to {moved} and started fresh"


def _parse(data: dict[str, Any]) -> ReaderState:
    """Take what is well-formed from ``data``; ignore the rest."""
    state = ReaderState()
    if isinstance(data.get("theme"), str):
        state.theme = data["theme"]
    if isinstance(data.get("measure"), int) and 20 <= data["measure"] <= 400:
        state.measure = data["measure"]
    if isinstance(data.get("last_article"), str):
        state.last_article = data["last_article"]
    if isinstance(data.get("last_path"), str):
        state.last_path = data["last_path"]
    if isinstance(data.get("sidebar"), bool):
        state.sidebar = data["sidebar"]
    history = data.get("search_history")
    if isinstance(history, list):
        state.search_history = [h for h in history if isinstance(h, str)][-MAX_HISTORY:]
    positions = data.get("positions")
    if isinstance(positions, dict):
        for key, value in positions.items():
            position = _position(value)
            if isinstance(key, str) and position is not None:
                state.positions[key] = position
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
        quote=quote[:200],
        progress=min(max(float(progress), 0.0), 1.0),
    )
