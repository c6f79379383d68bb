"""A component's text colour and attributes, as the theme means them.

``get_component_rich_style(..., partial=True)`` drops the background a translucent colour
is blended over, so ``$text-muted`` came out white in every theme (white on cream in the
light ones). The full style blends it properly; its background is left out, so that the
row or line underneath (a cursor, a highlight) still shows.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

from rich.segment import Segment
from rich.style import Style
from textual.strip import Strip
from textual.widget import Widget

EMPTY: Mapping[str, Style] = MappingProxyType({})


def text_style(widget: Widget, *names: str) -> Style:
    """The colour and text attributes of ``widget``'s component ``names``."""
    full = widget.get_component_rich_style(*names)
    return Style(
        color=full.color,
        bold=full.bold,
        dim=full.dim,
        italic=full.italic,
        underline=full.underline,
        strike=full.strike,
        reverse=full.reverse,
    )


class LineStyles:
    """A line-API widget's styles for its lines: its own (``rich_style``), on a cursor row
    or not, plus a component's ``text_style``; kept until ``clear()`` (call it from
    ``notify_style_update``). ``rich_style`` walks the widget's ancestors at each call: it
    was 40% of the time drawing a line."""

    def __init__(
        self, widget: Widget, cursor_component: str = "", fixed: Mapping[str, Style] = EMPTY
    ) -> None:
        self._widget = widget
        self._cursor = cursor_component
        self._fixed = fixed
        """Components whose style the theme does not change, not declared to Textual."""
        self._styles: dict[tuple[str, bool], Style] = {}
        self._components: dict[str, Style] = {}

    def get(self, component: str = "", cursor: bool = False) -> Style:
        """The style for text of ``component`` ("": the widget's own), on the cursor row."""
        key = (component, cursor)
        style = self._styles.get(key)
        if style is None:
            style = self._widget.rich_style
            if cursor:
                style = style + self._widget.get_component_rich_style(self._cursor)
            if component:
                style = style + self.component(component)
            self._styles[key] = style
        return style

    def component(self, name: str) -> Style:
        """The colour and attributes of component ``name`` alone (``fixed``, or the
        theme's), kept until ``clear()`` as ``get``'s are."""
        if name in self._fixed:  # not ``or``: a plain Style() is false
            return self._fixed[name]
        style = self._components.get(name)
        if style is None:
            style = self._components[name] = text_style(self._widget, name)
        return style

    def clear(self) -> None:
        self._styles.clear()
        self._components.clear()


def strip_of_width(segments: list[Segment], width: int, base: Style) -> Strip:
    """A line of exactly ``width`` cells, padded with ``base``, made as one Strip where
    ``Strip(...).adjust_cell_length`` makes two (each sets up five caches, and a page-down
    draws some forty lines)."""
    used = sum(segment.cell_length for segment in segments)
    if used > width:
        return Strip(segments).adjust_cell_length(width, base)
    if used < width:
        segments = [*segments, Segment(" " * (width - used), base)]
    return Strip(segments, width)
