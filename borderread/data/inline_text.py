"""Text built piece by piece with its inline style and link spans (Markdown's inline
tokens, the inline part of HTML in Markdown), made display-safe as it grows so that every
span indexes the final text exactly."""

from __future__ import annotations

from dataclasses import dataclass, field

from borderread.data.models import InlineStyle, Link
from borderread.data.text import visible


@dataclass
class InlineText:
    """Text being built, with its style and link spans."""

    parts: list[str] = field(default_factory=list)
    length: int = 0
    styles: list[InlineStyle] = field(default_factory=list)
    links: list[Link] = field(default_factory=list)
    breaks: int = 0
    media: int = 0
    """Characters inside images and links (a paragraph of nothing else is chrome)."""

    def add(self, text: str) -> None:
        safe = visible(text.replace("\u00ad", ""), keep_layout=False)
        self.parts.append(safe)
        self.length += len(safe)

    def add_break(self, text: str = "\n") -> None:
        """A line break (``\\n``, counted as a hard break) or a space standing for one."""
        self.parts.append(text)
        self.length += len(text)
        if text == "\n":
            self.breaks += 1

    @property
    def text(self) -> str:
        return "".join(self.parts)


def append(text: InlineText, more: InlineText) -> None:
    """Add ``more`` (its spans moved along) to the end of ``text``."""
    shift = text.length
    text.parts.extend(more.parts)
    text.length += more.length
    text.styles += [(s + shift, e + shift, st) for s, e, st in more.styles]
    text.links += [(s + shift, e + shift, u) for s, e, u in more.links]
    text.media += more.media
    text.breaks += more.breaks


def strip_spans(inline: InlineText) -> tuple[str, tuple[InlineStyle, ...], tuple[Link, ...]]:
    """The text without surrounding spaces, spans shifted to match."""
    text = inline.text
    lead = len(text) - len(text.lstrip(" "))
    stripped = text.strip(" ")

    def shift(start: int, end: int) -> tuple[int, int] | None:
        a, b = max(start - lead, 0), min(end - lead, len(stripped))
        return (a, b) if a < b else None

    styles = tuple((*span, style) for s, e, style in inline.styles if (span := shift(s, e)))
    links = tuple((*span, url) for s, e, url in inline.links if (span := shift(s, e)))
    return stripped, styles, links


TAB_WIDTH = 4


def verbatim(content: str) -> str:
    """Code as it is: tabs expanded, trailing blank lines dropped, controls made visible."""
    lines = content.rstrip("\n").split("\n")
    return visible("\n".join(line.rstrip().expandtabs(TAB_WIDTH) for line in lines))
