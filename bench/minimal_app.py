"""The baseline: a minimal Textual app with one Static, for start-up ratios (and, with
``n`` changing its text, for keystroke-to-screen ratios)."""

from typing import ClassVar

from textual.app import App, ComposeResult
from textual.binding import BindingType
from textual.widgets import Static


class Minimal(App[None]):
    BINDINGS: ClassVar[list[BindingType]] = [("q", "quit", "Quit"), ("n", "count", "Count")]

    def __init__(self) -> None:
        super().__init__()
        self.count = 0

    def compose(self) -> ComposeResult:
        yield Static("minimal app ready")

    def action_count(self) -> None:
        """A key that changes the screen (the keystroke anchor)."""
        self.count += 1
        self.query_one(Static).update(f"minimal app ready {self.count}")


if __name__ == "__main__":
    Minimal().run()
