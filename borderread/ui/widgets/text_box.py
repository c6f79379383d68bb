"""A one-line text box whose typing redraws the box, not the whole screen.

Textual's ``Input`` sets its ``virtual_size`` (the width of its text) at every change of
its value, and ``Widget.virtual_size`` is a layout reactive: each key typed into a box
reflowed the screen and redrew every widget on it, the results list, the preview, the key
bar, its scrollbars (~4 ms of the ~14 ms frame while typing a search). A one-line box has
no scrollbars, and its horizontal scroll reads ``virtual_size`` directly, so a repaint of
the box is all a change needs.
"""

from __future__ import annotations

from textual.geometry import Size
from textual.reactive import Reactive
from textual.widgets import Input


class TextBox(Input):
    """An ``Input`` whose text changing never lays out the screen."""

    virtual_size: Reactive[Size] = Reactive(Size(0, 0), layout=False)
