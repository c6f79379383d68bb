"""t: the article's headings, each section indented under the one it is in; choosing one
jumps to it."""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from borderread.data.models import Article
from borderread.ui.screens.closing import close
from borderread.ui.screens.list_modal import ListModal

MAX_DEPTH = 5
"""Deeper sections are indented no further (a narrow outline stays readable)."""


class OutlineScreen(ListModal[int | None]):
    """Pick a heading; the screen returns its article block index (or None)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q,t", "dismiss_outline", "Close outline"),
    ]

    DEFAULT_CSS = """
    OutlineScreen { align: center middle; }
    OutlineScreen > OptionList {
        width: 80; max-height: 80%; height: auto; border: round $primary; background: $surface;
    }
    """

    def __init__(self, article: Article, current_block: int = 0) -> None:
        super().__init__()
        self._article = article
        self._current = current_block

    def compose(self) -> ComposeResult:
        options = [Option(Content.assemble((self._article.title, "bold")), id="0")]
        headings = [(i, b) for i, b in enumerate(self._article.blocks) if b.role == "heading"]
        top = min((b.level for _, b in headings if b.level), default=1)
        for index, block in headings:
            depth = max(block.level - top, 0) if block.level else 0
            indent = "  " * (1 + min(depth, MAX_DEPTH))
            options.append(Option(Content(indent + block.text), id=str(index)))
        outline = OptionList(*options)
        outline.border_title = "Outline"
        yield outline

    def on_mount(self) -> None:
        super().on_mount()
        outline = self.query_one(OptionList)
        headings = [int(option.id or 0) for option in outline.options]
        before = [i for i, block in enumerate(headings) if block <= self._current]
        outline.highlighted = before[-1] if before else 0

    @on(OptionList.OptionSelected)
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        close(self, int(event.option.id or 0))

    def action_dismiss_outline(self) -> None:
        close(self, None)
