"""Whether the user's files are being saved, told once and kept in sight.

A failing save (disk full, read-only folder) is announced once, then shown in the title bar
until a save succeeds, when the user is told it recovered; the next failures of the same
file add nothing. A warning about a save that did succeed (the folder could not be synced)
is shown once per file.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from textual.app import App


class SaveHealth:
    """The save state of each kind of file ("bookmarks", "reading positions")."""

    def __init__(self, app: App[None]) -> None:
        self.app = app
        self.failing: dict[str, str] = {}
        """What is not being saved, and why (the first failure's message)."""
        self._warned: set[str] = set()

    def report(self, what: str, saved: bool, message: str | None, retry: str) -> None:
        """The outcome of one save of ``what``: ``saved`` or not, with the store's message;
        ``retry`` says what happens to an unsaved change."""
        if not saved:
            if what not in self.failing:
                self.failing[what] = message or "unknown error"
                self.app.notify(f"{message}. {retry}", severity="error", markup=False, timeout=15)
                self._show()
            return
        if what in self.failing:
            del self.failing[what]
            self.app.notify(f"Saving {what} works again: everything is saved", timeout=6)
            self._show()
        if message and what not in self._warned:
            self._warned.add(what)
            self.app.notify(message, severity="warning", markup=False, timeout=12)

    def _show(self) -> None:
        from borderread.ui.widgets.bars import TitleBar

        warning = f"⚠ not saved: {', '.join(self.failing)}" if self.failing else ""
        for bar in self.app.query(TitleBar):
            bar.warning = warning
