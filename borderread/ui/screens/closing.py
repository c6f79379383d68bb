"""Closing a screen once: a second close of the same screen does nothing.

Two keys can arrive before the first one's dismissal has taken the screen off the stack
(Enter twice in a note box, Esc and Enter together): the second ``dismiss`` then popped
whatever was under it, or raised ``ScreenStackError`` with only the main screen left, and
the app crashed (found by the pty fuzz test, seed 625970924).
"""

from __future__ import annotations

from typing import TypeVar

from textual.screen import Screen

ResultT = TypeVar("ResultT")


def close(screen: Screen[ResultT], result: ResultT | None = None) -> None:
    """Dismiss ``screen`` with ``result`` if it is still the screen on top."""
    if screen.is_active:
        screen.dismiss(result)
