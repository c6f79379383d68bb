"""Where borderread keeps things. Looking a path up never creates it."""

from __future__ import annotations

import os
from pathlib import Path

from platformdirs import user_cache_path, user_data_path, user_pictures_path

APP_NAME = "borderread"
STATE_DIR_ENV = "BORDERREAD_STATE_DIR"
BOOKMARKS_ENV = "BORDERREAD_BOOKMARKS"


def seeds_dir() -> Path:
    """The bundled articles: inside the installed package, or ``seeds/`` in a source checkout."""
    packaged = Path(__file__).with_name("seeds")
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parent.parent / "seeds"


def state_dir(override: str | os.PathLike[str] | None = None) -> Path:
    """The user data folder (reading positions, settings, bookmarks)."""
    if override:
        return Path(override).expanduser()
    if env := os.environ.get(STATE_DIR_ENV):
        return Path(env).expanduser()
    return user_data_path(APP_NAME, appauthor=False)


def bookmarks_path(
    override: str | os.PathLike[str] | None = None,
    state: str | os.PathLike[str] | None = None,
) -> Path:
    """The bookmarks file: ``--bookmarks``, then ``$BORDERREAD_BOOKMARKS``, then the data folder."""
    if override:
        return Path(override).expanduser()
    if env := os.environ.get(BOOKMARKS_ENV):
        return Path(env).expanduser()
    return state_dir(state) / "bookmarks.json"


def cache_dir() -> Path:
    """The user cache folder (search index cache)."""
    return user_cache_path(APP_NAME, appauthor=False)


def pictures_dir() -> Path:
    """Where screenshots go: the user's pictures folder (``~/Pictures`` on Linux)."""
    return user_pictures_path()
