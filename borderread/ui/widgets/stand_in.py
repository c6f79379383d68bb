"""A stand-in: draws a costly widget's look in the first frame, then puts the widget in
its place.

The sidebar's filter box is a Textual ``Input``: its default CSS to parse, its four
component styles and its rules to match cost ~3 ms of the ~35 ms the first screen takes
beyond a minimal Textual app's, for a box nobody can have typed into yet. Textual's
``Lazy`` mounts a widget after the first frame too, but leaves its place empty until
then, so everything under it would move down a line once it came. A stand-in keeps the
place, drawn as the widget will look, and is swapped for it in one screen update.
"""

from __future__ import annotations

from collections.abc import Callable

from textual.content import Content
from textual.widget import Widget
from textual.widgets import Static


class StandIn(Static):
    """Shows ``look`` until the first frame is drawn, then is replaced by ``make()``."""

    def __init__(self, look: Content, make: Callable[[], Widget], *, id: str | None = None):
        super().__init__(look, id=id)
        self._make = make

    def on_mount(self) -> None:
        self.call_after_refresh(self._replace)

    async def _replace(self) -> None:
        parent = self.parent
        if not isinstance(parent, Widget):
            return
        with self.app.batch_update():  # one update: never both, never neither
            await parent.mount(self._make(), after=self)
            await self.remove()
