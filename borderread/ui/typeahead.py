"""Keys typed straight after the key that opened a screen belong to that screen's text box.

A terminal delivers ``s`` + ``border`` at once. The app hands each key to whatever has the
focus when it reaches it; until the new screen has focused its text box, that is the
screen itself, which would drop the letters. A screen with this mixin puts them into the
box instead.
"""

from __future__ import annotations

from typing import ClassVar, TypeVar

from textual.events import Key
from textual.screen import Screen
from textual.widgets import Input

ResultType = TypeVar("ResultType")


class TypeAhead(Screen[ResultType]):
    """A screen whose text box (``TYPEAHEAD_INPUT``) takes the keys typed before it had the
    focus. Mix in before ``ModalScreen``/``Screen``."""

    TYPEAHEAD_INPUT: ClassVar[str] = "Input"

    def focus_text_box(self) -> None:
        """Give the text box the focus at once (not in a later callback, as ``focus()``)."""
        self.set_focus(self.query_one(self.TYPEAHEAD_INPUT, Input))

    def on_key(self, event: Key) -> None:
        if self.focused is None and event.is_printable and event.character:
            box = self.query_one(self.TYPEAHEAD_INPUT, Input)
            event.stop()
            event.prevent_default()
            self.set_focus(box)
            box.insert_text_at_cursor(event.character)
