"""A stand-in: draws a text box's look in the first frame, then puts the box in its place.

The sidebar's filter box is a Textual ``Input``: its default CSS to parse, its four
component styles and its rules to match cost ~3 ms of the ~35 ms the first screen takes
beyond a minimal Textual app's, for a box nobody can have typed into yet. Textual's
``Lazy`` mounts a widget after the first frame too, but leaves its place empty until
then, so everything under it would move down a line once it came. A stand-in keeps the
place, drawn as the box will look, and is swapped for it in one screen update. Keys
typed while the reader starts can reach it first (Tab, then the letters of a filter): it
takes the focus and the letters as the box would, and hands both over.
"""

from __future__ import annotations

from collections.abc import Callable

from textual import events
from textual.content import Content
from textual.widget import Widget
from textual.widgets import Input, Static


class TextBoxStandIn(Static, can_focus=True):
    """Shows ``look`` until the first frame is drawn, then is replaced by ``make()``."""

    def __init__(self, look: Content, make: Callable[[], Input], *, id: str | None = None):
        super().__init__(look, id=id)
        self._look = look
        self._make = make
        self._typed = ""
        """Letters typed into the stand-in, for the box."""

    def on_mount(self) -> None:
        self.call_after_refresh(self.swap)

    def on_key(self, event: events.Key) -> None:
        if event.is_printable and event.character:
            self._typed += event.character
        elif event.key == "backspace":
            self._typed = self._typed[:-1]
        else:
            return  # Enter, Escape, arrows: the box's owner decides, as for the box
        event.stop()
        self.update(Content(self._typed) if self._typed else self._look)

    async def swap(self) -> None:
        """Put the box in the stand-in's place, with its focus and what was typed."""
        parent = self.parent
        if not isinstance(parent, Widget):
            return
        box = self._make()
        with self.app.batch_update():  # one update: never both, never neither
            await parent.mount(box, after=self)
            if self._typed:
                box.value = self._typed
                box.cursor_position = len(self._typed)
            if self.has_focus:
                box.focus()
            await self.remove()
