"""t: the article's headings; choosing one jumps to that section."""

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
        for index, block in enumerate(self._article.blocks):
            if block.role == "heading":
                options.append(Option(Content("  " + block.text), id=str(index)))
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
