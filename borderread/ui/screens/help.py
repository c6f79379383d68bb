"""F1: every key, generated from the bindings so it is always complete."""

from __future__ import annotations

from collections.abc import Iterable
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static

from borderread.ui.screens.closing import close

HelpSections = list[tuple[str, list[tuple[str, str]]]]
"""Sections of the help: a title and (keys, what they do) rows."""


def help_for(screen: object) -> HelpSections | None:
    """The help a screen gives for itself (its ``help_sections()``), or None."""
    sections = getattr(screen, "help_sections", None)
    return sections() if callable(sections) else None


KEY_NAMES = {
    "right_curly_bracket": "}",
    "left_curly_bracket": "{",
    "right_square_bracket": "]",
    "left_square_bracket": "[",
    "plus": "+",
    "minus": "-",
    "equals_sign": "=",
    "slash": "/",
    "question_mark": "?",
    "ampersand": "&",
    "apostrophe": "'",
    "backslash": "\\",
    "space": "space",
    "pagedown": "PgDn",
    "pageup": "PgUp",
    "escape": "Esc",
    "enter": "Enter",
    "tab": "Tab",
    "down": "↓",
    "up": "↑",
    "left": "←",
    "right": "→",
    "home": "Home",
    "end": "End",
    "f1": "F1",
}


def key_label(keys: str) -> str:
    """``"g,home"`` -> ``"g / home"``, with bracket names shown as the characters."""
    return " / ".join(KEY_NAMES.get(key.strip(), key.strip()) for key in keys.split(","))


def binding_rows(bindings: Iterable[BindingType]) -> list[tuple[str, str]]:
    """(keys, description) for every binding that has a description."""
    rows = []
    for binding in bindings:
        if isinstance(binding, Binding) and binding.description:
            rows.append((key_label(binding.key), binding.description))
        elif isinstance(binding, tuple) and len(binding) >= 3:
            rows.append((key_label(binding[0]), str(binding[2])))
    return rows


class HelpScreen(ModalScreen[None]):
    """A list of every key, by section."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q,f1", "close", "Close help"),
    ]

    DEFAULT_CSS = """
    HelpScreen { align: center middle; }
    HelpScreen > VerticalScroll {
        width: 72; max-height: 90%; height: auto;
        border: round $primary; background: $surface; padding: 0 1;
    }
    HelpScreen .help-section { text-style: bold; color: $text-accent; margin-top: 1; }
    """

    def __init__(self, sections: list[tuple[str, list[tuple[str, str]]]]) -> None:
        super().__init__()
        self._sections = sections

    def compose(self) -> ComposeResult:
        with VerticalScroll() as scroll:
            scroll.border_title = "Keys (Esc to close)"
            for title, rows in self._sections:
                yield Static(Content(title), classes="help-section")
                width = max((len(keys) for keys, _ in rows), default=0)
                lines = [
                    Content.assemble((keys.ljust(width), "bold"), "  ", text) for keys, text in rows
                ]
                yield Static(Content("\n").join(lines))

    def action_close(self) -> None:
        close(self)


def reader_help(app_bindings: Iterable[BindingType]) -> HelpSections:
    """The main screen's help: every key of the reader, the search, the app and the sidebar,
    from their bindings (``app_bindings``: the app's own)."""
    from borderread.ui.screens.main import ReaderScreen
    from borderread.ui.widgets.article_list import ArticleList
    from borderread.ui.widgets.find_bar import FindBar
    from borderread.ui.widgets.reader import ReaderView
    from borderread.ui.widgets.reader_pane import ReaderPane
    from borderread.ui.widgets.sidebar import Sidebar

    everywhere = [
        ("ctrl+p", "Command palette: articles, actions, themes"),
        ("tab / shift+tab", "Move focus between filter, list and reader"),
    ]
    return [
        ("Reading", binding_rows(ReaderView.BINDINGS)),
        (
            "Searching",
            binding_rows(ReaderScreen.SEARCH_BINDINGS)
            + binding_rows(ReaderPane.BINDINGS)
            + binding_rows(FindBar.BINDINGS),
        ),
        (
            "Articles and app",
            binding_rows(app_bindings) + binding_rows(ReaderScreen.SCREEN_BINDINGS) + everywhere,
        ),
        (
            "Sidebar",
            binding_rows(Sidebar.BINDINGS)
            + binding_rows(ArticleList.BINDINGS)
            + [("type", "Filter articles (in the filter box)")],
        ),
    ]
