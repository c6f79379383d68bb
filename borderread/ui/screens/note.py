"""A one-line prompt for a bookmark's note.

For a new bookmark Enter saves it with the note and Esc saves it without one; when editing
an existing note, Esc leaves the note exactly as it was.
"""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Input, Label

from borderread.data.bookmarks import MAX_NOTE_CHARS
from borderread.data.text import scrub
from borderread.ui.screens.closing import close
from borderread.ui.typeahead import TypeAhead


class NoteScreen(TypeAhead[str | None], ModalScreen[str | None]):
    """Ask for a note; the result is the note, or None for Esc."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "skip", "Save without a note / keep the note"),
    ]

    DEFAULT_CSS = """
    NoteScreen { align: center middle; }
    NoteScreen > Vertical {
        width: 80; height: auto; border: round $primary; background: $surface; padding: 0 1;
    }
    NoteScreen #quote { color: $text-muted; margin-bottom: 1; }
    """

    def __init__(self, quote: str, note: str = "", *, editing: bool = False) -> None:
        super().__init__()
        self._quote = quote
        self._note = note
        self._editing = editing

    def compose(self) -> ComposeResult:
        with Vertical() as box:
            box.border_title = "Edit note" if self._editing else "Bookmark"
            box.border_subtitle = (
                "Enter saves · Esc keeps the note unchanged"
                if self._editing
                else "Enter saves · Esc saves without a note"
            )
            quote = self._quote if len(self._quote) <= 200 else self._quote[:199] + "…"
            yield Label(Content(f"“{quote}”"), id="quote")
            yield Input(
                value=self._note,
                placeholder="A note (optional)",
                id="note",
                max_length=MAX_NOTE_CHARS,
            )

    def on_mount(self) -> None:
        self.focus_text_box()

    @on(Input.Submitted)
    def _save(self, event: Input.Submitted) -> None:
        close(self, scrub(event.value.strip()))

    def action_skip(self) -> None:
        close(self, None)


class ChoiceScreen(ModalScreen[str]):
    """Already bookmarked: edit the note, remove the bookmark, or leave it."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("e", "choose('edit')", "Edit the note"),
        Binding("d,x", "choose('remove')", "Remove the bookmark"),
        Binding("escape,q", "choose('cancel')", "Leave it"),
    ]

    DEFAULT_CSS = """
    ChoiceScreen { align: center middle; }
    ChoiceScreen > Label {
        width: 70; border: round $warning; background: $surface; padding: 1 2;
    }
    """

    def compose(self) -> ComposeResult:
        yield Label(
            Content(
                "This passage is already bookmarked.\n\n"
                "e  edit its note\nd  remove the bookmark\nEsc  leave it as it is"
            )
        )

    def action_choose(self, choice: str) -> None:
        close(self, choice)
