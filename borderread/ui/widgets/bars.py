"""The title bar and the key bar: one widget each, drawn as one line of text.

Textual's Header and Footer are built from a widget per part (icon, title, one per key);
these draw the same information as a single line, which keeps the first screen cheap to
style and paint. The key bar follows the focus like Footer does, and a click on a key
presses it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar, NamedTuple

from rich.cells import cell_len
from textual.content import Content
from textual.events import Click
from textual.reactive import reactive
from textual.style import Style
from textual.widget import Widget

if TYPE_CHECKING:
    from textual.screen import Screen

ICON = "≡"
GAP = 1
"""Spaces between two keys."""


class TitleBar(Widget):
    """The icon (a click opens the command palette), the app's title centred, and on the
    right a warning while something is not being saved."""

    ALLOW_SELECT = False
    COMPONENT_CLASSES: ClassVar[set[str]] = {"titlebar--warning"}
    DEFAULT_CSS = """
    TitleBar { dock: top; height: 1; background: $panel; color: $foreground; }
    TitleBar > .titlebar--warning { color: $text-error; background: $error-muted; }
    """

    warning: reactive[str] = reactive("")
    """Shown on the right until it is cleared (see ``ui.save_health``)."""

    def render(self) -> Content:
        width = self.size.width
        icon = f" {ICON} "
        title = self.app.title
        left = max((width - cell_len(title)) // 2 - len(icon), 1)
        if not self.warning:
            return Content.assemble(icon, " " * left, (title, "bold"))
        warning = f" {self.warning} "
        style = self.get_component_rich_style("titlebar--warning", partial=True)
        gap = max(width - len(icon) - left - cell_len(title) - cell_len(warning), 1)
        return Content.assemble(
            icon, " " * left, (title, "bold"), " " * gap, (warning, Style.from_rich_style(style))
        )

    async def on_click(self, event: Click) -> None:
        if event.x < len(ICON) + 2:
            await self.run_action("app.command_palette")


class KeyHint(NamedTuple):
    """One key shown in the key bar."""

    key: str
    """The key to simulate when the hint is clicked."""
    display: str
    description: str
    enabled: bool


class KeyBar(Widget):
    """The keys with ``show=True`` for where the focus is, and the palette key on the right."""

    ALLOW_SELECT = False
    COMPONENT_CLASSES: ClassVar[set[str]] = {"keybar--key", "keybar--description"}
    DEFAULT_CSS = """
    KeyBar { dock: bottom; height: 1; background: $footer-background; }
    KeyBar > .keybar--key {
        color: $footer-key-foreground; background: $footer-key-background; text-style: bold;
    }
    KeyBar > .keybar--description { color: $footer-description-foreground; }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._spans: list[tuple[int, int, str]] = []
        """Where each hint was drawn: start and end column, and its key."""
        self._hints: tuple[list[KeyHint], KeyHint | None] | None = None
        """The hints last drawn."""

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self._bindings_changed)

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def _bindings_changed(self, screen: Screen[object]) -> None:
        # Announced at nearly every key (a whole line redrawn, ~0.6 ms), for the same keys.
        if screen is self.screen and self.hints() != self._hints:
            self.refresh()

    def hints(self) -> tuple[list[KeyHint], KeyHint | None]:
        """The keys to show (one per action), and the command palette's key."""
        app = self.app
        shown: dict[str, KeyHint] = {}
        palette: KeyHint | None = None
        for key, active in self.screen.active_bindings.items():
            binding = active.binding
            hint = KeyHint(
                binding.key, app.get_key_display(binding), binding.description, active.enabled
            )
            if key == app.COMMAND_PALETTE_BINDING and app.ENABLE_COMMAND_PALETTE:
                palette = hint
            elif binding.show and binding.action not in shown:
                shown[binding.action] = hint
        return list(shown.values()), palette

    def render(self) -> Content:
        key_style = self.get_visual_style("keybar--key")
        description_style = self.get_visual_style("keybar--description")
        width = self.size.width
        self._hints = self.hints()
        hints, palette = self._hints
        parts: list[Content] = []
        spans: list[tuple[int, int, str]] = []
        column = 0
        right = _hint_width(palette) + 1 if palette else 0  # one space at the right edge
        for hint in hints:
            size = _hint_width(hint)
            if column + size > width - right:
                break
            parts.append(_hint_content(hint, key_style, description_style))
            spans.append((column, column + size, hint.key))
            parts.append(Content(" " * GAP))
            column += size + GAP
        if palette is not None and width >= right:
            start = width - right
            parts.append(Content(" " * max(start - column, 0)))
            parts.append(_hint_content(palette, key_style, description_style))
            spans.append((start, start + right - 1, palette.key))
        self._spans = spans
        return Content("").join(parts)

    def on_click(self, event: Click) -> None:
        for start, end, key in self._spans:
            if start <= event.x < end:
                self.app.simulate_key(key)
                return


def _hint_width(hint: KeyHint) -> int:
    return cell_len(hint.display) + 2 + cell_len(hint.description)


def _hint_content(hint: KeyHint, key_style: Style, description_style: Style) -> Content:
    key = Content.styled(f" {hint.display} ", key_style)
    if not hint.description:
        return key
    text = Content.styled(hint.description, description_style)
    joined = Content.assemble(key, text)
    return joined if hint.enabled else joined.stylize("dim")
