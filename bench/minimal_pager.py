"""A second baseline: a minimal Textual app paging through a seed article, the idiomatic
way (a ``Static`` in a ``VerticalScroll``; Page Down and Page Up are its own keys). A
page-down there redraws the whole screen of text, as the reader's does; the one-line
``minimal_app`` key redraws one line."""

import sys
from pathlib import Path

from textual.app import App, ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Static


class MinimalPager(App[None]):
    BINDINGS = [("q", "quit", "Quit")]  # noqa: RUF012

    def __init__(self, text: str) -> None:
        super().__init__()
        self.text = text

    def compose(self) -> ComposeResult:
        with VerticalScroll():
            yield Static(self.text, markup=False)

    def on_mount(self) -> None:
        self.query_one(VerticalScroll).focus()


if __name__ == "__main__":
    MinimalPager(Path(sys.argv[1]).read_text(encoding="utf-8")).run()
