"""L: the links of the text on screen. Nothing is ever opened by itself: choosing a link shows
its full address and asks; only http(s) addresses can be opened, any can be copied."""

from __future__ import annotations

from typing import ClassVar
from urllib.parse import urlsplit

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Label, OptionList
from textual.widgets.option_list import Option

from borderread.data.text import safe
from borderread.ui.screens.closing import close
from borderread.ui.screens.list_modal import ListModal

LinkChoice = tuple[str, str]
"""What the user decided for a link: ``("open" | "copy", url)``."""


def can_open(url: str) -> bool:
    """Only web addresses are opened (never ``file:``, ``javascript:`` or a bare path)."""
    parts = urlsplit(url.strip())
    return parts.scheme.lower() in ("http", "https") and bool(parts.netloc)


class LinksScreen(ListModal[LinkChoice | None]):
    """Pick one of the visible links; the screen then asks what to do with it."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q,L", "close_links", "Close links"),
    ]

    DEFAULT_CSS = """
    LinksScreen { align: center middle; }
    LinksScreen > OptionList {
        width: 90; max-height: 80%; height: auto; border: round $primary; background: $surface;
    }
    """

    def __init__(self, links: list[tuple[str, str]]) -> None:
        super().__init__()
        self._links = links

    def compose(self) -> ComposeResult:
        options = [
            Option(Content.assemble((safe(text), "bold"), "  ", (safe(url), "dim")), id=str(n))
            for n, (text, url) in enumerate(self._links)
        ]
        links = OptionList(*options)
        links.border_title = "Links on screen"
        links.border_subtitle = "Enter: show the address · Esc: close"
        yield links

    @on(OptionList.OptionSelected)
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        url = self._links[int(event.option.id or 0)][1]
        self.app.push_screen(OpenLinkScreen(url), self._decided)

    def _decided(self, choice: LinkChoice | None) -> None:
        if choice is not None:
            close(self, choice)

    def action_close_links(self) -> None:
        close(self, None)


class OpenLinkScreen(ModalScreen[LinkChoice | None]):
    """The full address of one link, and the question."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("y", "choose('open')", "Open in the browser"),
        Binding("c", "choose('copy')", "Copy the address"),
        Binding("escape,n,q", "choose('cancel')", "Cancel"),
    ]

    DEFAULT_CSS = """
    OpenLinkScreen { align: center middle; }
    OpenLinkScreen > Vertical {
        width: 90; height: auto; border: round $warning; background: $surface; padding: 1 2;
    }
    OpenLinkScreen #address { text-style: bold; margin-bottom: 1; }
    """

    def __init__(self, url: str) -> None:
        super().__init__()
        self.url = url

    def compose(self) -> ComposeResult:
        openable = can_open(self.url)
        with Vertical() as box:
            box.border_title = "Open this link?" if openable else "Link"
            yield Label(Content(safe(self.url)), id="address")
            yield Label(
                Content("y: open in the browser · c: copy the address · n/Esc: cancel")
                if openable
                else Content("Only http(s) links are opened. c: copy the address · Esc: cancel"),
                id="question",
            )

    def action_choose(self, choice: str) -> None:
        if choice == "open" and not can_open(self.url):
            return
        close(self, None if choice == "cancel" else (choice, self.url))
