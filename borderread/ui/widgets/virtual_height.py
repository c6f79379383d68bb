"""Set a line-API list's height in lines without laying out the whole screen.

Textual's ``virtual_size`` is a layout reactive: each change reflows the screen and
redraws every widget on it. A list whose rows change at each key typed (search results,
the filtered article list) paid that at every key. Only the list's scrollbar depends on
its height: this updates the scrollbar alone, and a layout still happens when the
scrollbar appears or goes (``show_vertical_scrollbar`` is a layout reactive itself).
"""

from __future__ import annotations

from textual.geometry import Size
from textual.scroll_view import ScrollView
from textual.widget import Widget


def set_virtual_height(view: ScrollView, lines: int) -> None:
    """Make ``view`` ``lines`` high to scroll through; its scrollbar follows."""
    size = Size(view.virtual_size.width, lines)
    if size == view.virtual_size:
        return
    view.set_reactive(Widget.virtual_size, size)
    # What Textual's own resize does for a scroll view (``ScrollView._size_updated``):
    # the scrollbars shown or hidden, their thumbs, the scroll position kept in range.
    view._scroll_update(size)
