"""The search prompt at the bottom of the reader: type to search, Enter keeps, Esc returns."""

from __future__ import annotations

from collections.abc import Callable
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.content import Content
from textual.message import Message
from textual.widget import Widget
from textual.widgets import Static

from borderread.ui.widgets.typed_input import TypedInput


class FindBar(Horizontal):
    """``/`` (forward) or ``?`` (backward) prompt with a match count and history.

    The reader pane mounts it on the first search; until then it only keeps its state.
    Each change of the query is handed to ``on_changed(text, backwards)`` at once (see
    ``typed_input``); Enter, Esc and ctrl+t are messages.
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel the search and go back", show=False, priority=True),
        Binding(
            "enter", "submit", "Keep the position and the highlights", show=False, priority=True
        ),
        Binding("up", "history(-1)", "Earlier search", show=False),
        Binding("down", "history(1)", "Later search", show=False),
        Binding("ctrl+t", "toggle_case", "Smart case on/off (off: ignore case)", show=False),
    ]

    DEFAULT_CSS = """
    FindBar { height: 1; display: none; background: $panel; }
    FindBar.-open { display: block; }
    FindBar > #find-prompt { width: 2; color: $text-accent; text-style: bold; padding: 0 0 0 1; }
    FindBar > #find-input, FindBar > #find-input:focus {
        border: none; height: 1; padding: 0; width: 1fr; background: $panel;
    }
    FindBar > #find-count {
        width: auto; min-width: 12; color: $text-muted; padding: 0 1;
    }
    """

    class Submitted(Message):
        """Enter: keep the position and the highlights."""

        def __init__(self, text: str) -> None:
            super().__init__()
            self.text = text

    class Cancelled(Message):
        """Esc: go back to where the search started."""

    class CaseToggled(Message):
        """ctrl+t: smart case switched on or off."""

        def __init__(self, smart_case: bool) -> None:
            super().__init__()
            self.smart_case = smart_case

    def __init__(self, *, on_changed: Callable[[str, bool], None], id: str | None = None) -> None:
        super().__init__(id=id)
        self._on_changed = on_changed
        self._return_focus: Widget | None = None
        """What had the focus when the prompt opened (it gets it back on Enter or Esc)."""
        self.backwards = False
        self.smart_case = True
        self.history: list[str] = []
        self._history_position = 0
        self._count = ""

    def compose(self) -> ComposeResult:
        yield Static(Content("/"), id="find-prompt")
        yield TypedInput(
            on_typed=lambda text: self._on_changed(text, self.backwards),
            placeholder="search this article (typos and accents are fine)",
            id="find-input",
        )
        yield Static(Content(self._count), id="find-count")

    @property
    def input(self) -> TypedInput:
        return self.query_one("#find-input", TypedInput)

    @property
    def is_open(self) -> bool:
        return self.has_class("-open")

    def open(self, backwards: bool, history: list[str]) -> None:
        """Show the prompt, empty, ready for typing."""
        self.backwards = backwards
        self.history = list(history)
        self._history_position = len(self.history)
        self.query_one("#find-prompt", Static).update(Content("?" if backwards else "/"))
        self.set_count("")
        self.input.set_quietly("")
        self._return_focus = self.screen.focused
        self.add_class("-open")
        # At once, not through ``focus()`` (a later callback): the keys typed straight
        # after "/" are handed to whatever has the focus when the app reaches them.
        self.screen.set_focus(self.input)

    def close(self) -> None:
        self.remove_class("-open")

    def set_count(self, label: str) -> None:
        """``3/17``, ``no matches`` or ``searching…``."""
        # The count's width is auto with a minimum: only a change of width needs a new
        # layout of the screen (~10 ms a keystroke here), not a new count.
        width_changes = _count_width(label) != _count_width(self._count)
        self._count = label
        if self.children:  # composed (it is not until the first search)
            self.query_one("#find-count", Static).update(Content(label), layout=width_changes)

    def action_submit(self) -> None:
        """Enter (a priority binding, like Esc: the keys typed after it go back to where
        the focus was before the prompt opened, at once)."""
        self._give_focus_back()
        # Keys typed before Enter may still be queued for the text box (a priority
        # binding runs as the key arrives): its value is read once it has taken them.
        self.input.call_later(lambda: self.post_message(self.Submitted(self.input.value)))

    def action_toggle_case(self) -> None:
        self.smart_case = not self.smart_case
        self.app.notify("Smart case" if self.smart_case else "Ignoring case", timeout=2)
        self.post_message(self.CaseToggled(self.smart_case))

    def action_cancel(self) -> None:
        self._give_focus_back()
        self.post_message(self.Cancelled())

    def _give_focus_back(self) -> None:
        previous, self._return_focus = self._return_focus, None
        if previous is not None and previous.is_attached:
            self.screen.set_focus(previous)

    def action_history(self, step: int) -> None:
        if not self.history:
            return
        self._history_position = max(0, min(len(self.history), self._history_position + step))
        value = (
            self.history[self._history_position]
            if self._history_position < len(self.history)
            else ""
        )
        self.input.value = value
        self.input.cursor_position = len(value)


COUNT_MIN_WIDTH = 12
"""The count's least width in cells (padding included): ``searching…`` and most counts."""


def _count_width(label: str) -> int:
    """The cells the count takes (its CSS: ``width: auto; min-width: 12; padding: 0 1``)."""
    return max(COUNT_MIN_WIDTH, len(label) + 2)
