"""A component's text colour and attributes, as the theme means them.

``get_component_rich_style(..., partial=True)`` drops the background a translucent colour
is blended over, so ``$text-muted`` came out white in every theme (white on cream in the
light ones). The full style blends it properly; its background is left out, so that the
row or line underneath (a cursor, a highlight) still shows.
"""

from __future__ import annotations

from rich.style import Style
from textual.widget import Widget


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
