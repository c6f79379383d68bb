"""A modal screen around one OptionList (the outline, the links): it has the focus, and
j/k move in it as in the reader."""

from __future__ import annotations

from typing import ClassVar, TypeVar

from textual.binding import Binding, BindingType
from textual.screen import ModalScreen
from textual.widgets import OptionList

ResultT = TypeVar("ResultT")


class ListModal(ModalScreen[ResultT]):
    """Subclasses compose the OptionList and add their own keys to close it."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("j", "cursor_down", "Next in the list", show=False),
        Binding("k", "cursor_up", "Previous in the list", show=False),
    ]

    def on_mount(self) -> None:
        self.query_one(OptionList).focus()

    def action_cursor_down(self) -> None:
        self.query_one(OptionList).action_cursor_down()

    def action_cursor_up(self) -> None:
        self.query_one(OptionList).action_cursor_up()
